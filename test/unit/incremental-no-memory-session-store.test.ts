/**
 * processes/no-memory-session-store is incremental: some of its findings depend on what other
 * statements hold (Go imports, Django's cache backend, PHP's save handler, the JavaScript
 * session imports, factories and options objects); its facts hold those. Re-checking only what
 * changed must give exactly what a full check gives when edits add, remove or break them.
 * Its JavaScript calls are looked for only around the session bindings' names: that must find
 * what the query over the whole tree finds.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import '../support/engine';
import { EditSession, editsMatchFullChecks, show, repeated } from '../support/incremental';
import { RULES } from '../../server/src/rules/index';
import { checkDocument, prepare } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { detectLanguage } from '../../server/src/parsing/languages';
import { ANCHORED_LOOKUPS } from '../../server/src/analysis/syntax';
import { memoryProject } from '../../server/src/engine/project';
import { blownUp, loadFixtures } from '../support/fixtures';

const rule = RULES.find((r) => r.id === 'processes/no-memory-session-store')!;
const rules = [rule];



const CASES: { name: string; text: string; pieces: string[] }[] = [
  {
    name: 'settings.py',
    text: 'import os\n\nSESSION_ENGINE = "django.contrib.sessions.backends.cache"\nSESSION_TYPE = "filesystem"\n'
      + repeated(10, (i) => `def helper_${i}(x):\n    return x * ${i + 2}\n\n`)
      + 'CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}\n'
      + repeated(5, (i) => `LIMIT_${i} = ${i}\n`),
    pieces: ['\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}}\n', '\nSESSION_ENGINE = "django.contrib.sessions.backends.file"\n',
      'locmem', 'LocMemCache', '"', '#', '\n', ' ', 'backends.', '\nsession.type = "memory"\n', '\nSESSION_CACHELIB = FileSystemCache("/x")\n'],
  },
  {
    name: 'main.go',
    text: 'package main\n\nimport (\n\t"net/http"\n\t"github.com/gorilla/sessions"\n\t"github.com/alexedwards/scs/v2"\n)\n\n'
      + repeated(8, (i) => `func helper${i}(x int) int {\n\treturn x * ${i + 2}\n}\n\n`)
      + 'var store = sessions.NewFilesystemStore("", nil)\n\nfunc setup() {\n\tm := scs.New()\n\t_ = m\n}\n',
    pieces: ['\n\t"github.com/gin-contrib/sessions/memstore"\n', '\nvar ms = memstore.NewStore(nil)\n', '\nfunc x() { m.Store = nil }\n', '"github.com/gorilla/sessions"',
      'import', '(', ')', '"', '\n', ' ', 'scs'],
  },
  {
    name: 'app.ts',
    text: "import express from 'express';\nimport session from 'express-session';\nconst app = express();\n"
      + repeated(10, (i) => `function helper${i}(x: number): number {\n  return x * ${i + 2};\n}\n`)
      + 'const opts = { secret: "s" };\napp.use(session(opts));\napp.use(session({ secret: "t" }));\n',
    pieces: ['\nopts.store = new RedisStore();\n', "\nconst opts = { secret: 's', store: x };\n", "\nimport MemoryStore from 'memorystore';\n", '\nconst M = MemoryStore(session);\nnew M();\n',
      '\napp.use(session({ store: new session.MemoryStore() }));\n', 'session', 'opts', "'express-session'", '{', '}', '\n', ' '],
  },
  {
    name: 'index.php',
    text: "<?php\n" + repeated(8, (i) => `function helper${i}($x) {\n    return $x * ${i + 2};\n}\n`)
      + "session_start();\nini_set('session.save_path', '/var/sessions');\n",
    pieces: ["\nini_set('session.save_handler', 'redis');\n", "\nsession_save_path('/tmp/s');\n", "\nini_set('session.save_handler', 'files');\n", 'save_handler', 'redis', "'", '\n', ' '],
  },
];

test('no-memory-session-store re-checked incrementally finds what a full check finds', async () => {
  EditSession.partialRuns = 0;
  const findings = await editsMatchFullChecks(CASES, { rules, seed: 2024, numRuns: 60, project: memoryProject('/p', {}) });
  assert.ok(findings >= CASES.length, `the texts have findings (${findings})`);
  assert.ok(EditSession.partialRuns > 50, `the partial path ran (${EditSession.partialRuns} times)`);
});

test('no-memory-session-store finds around the session bindings what a whole-tree query finds', async () => {
  let compared = 0;
  let found = 0;
  for (const fx of loadFixtures()) {
    if (fx.ruleId !== rule.id) continue;
    const det = detectLanguage(fx.name);
    if (!det?.grammar) continue;
    await prepare(det.grammar, det.language);
    for (const text of [fx.text, blownUp(fx.text, det.language)]) {
      const run = (): string[] => show(checkDocument({
        path: `/project/${fx.name}`, relativePath: fx.name, text, language: det.language, grammar: det.grammar,
        settings: { ...DEFAULT_SETTINGS, includeTests: true, timeBudgetMs: 0 }, project: memoryProject('/project', fx.projectFiles ?? {}), rules,
      }).findings);
      const anchored = run();
      ANCHORED_LOOKUPS.wholeTree = true;
      let whole: string[];
      try {
        whole = run();
      } finally {
        ANCHORED_LOOKUPS.wholeTree = false;
      }
      assert.deepEqual(anchored, whole, `${fx.name}${text === fx.text ? '' : ' (blown up)'}`);
      compared++;
      found += whole.length;
    }
  }
  assert.ok(compared > 10 && found > 5, `${compared} texts, ${found} findings`);
});
