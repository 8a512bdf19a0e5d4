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
import fc from 'fast-check';
import '../support/engine';
import { RULES } from '../../server/src/rules/index';
import { checkDocument, prepare, IncrementalState } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { SyntaxDocument, LineIndex } from '../../server/src/parsing/document';
import { detectLanguage } from '../../server/src/parsing/languages';
import { ANCHORED_LOOKUPS } from '../../server/src/analysis/syntax';
import { memoryProject } from '../../server/src/engine/project';
import { blownUp, loadFixtures } from '../support/fixtures';
import type { Finding } from '../../server/src/engine/types';

const rule = RULES.find((r) => r.id === 'processes/no-memory-session-store')!;
const rules = [rule];

const show = (fs: Finding[]) => fs.map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`);

const filler = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join('');

const CASES: { name: string; text: string; pieces: string[] }[] = [
  {
    name: 'settings.py',
    text: 'import os\n\nSESSION_ENGINE = "django.contrib.sessions.backends.cache"\nSESSION_TYPE = "filesystem"\n'
      + filler(10, (i) => `def helper_${i}(x):\n    return x * ${i + 2}\n\n`)
      + 'CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}\n'
      + filler(5, (i) => `LIMIT_${i} = ${i}\n`),
    pieces: ['\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}}\n', '\nSESSION_ENGINE = "django.contrib.sessions.backends.file"\n',
      'locmem', 'LocMemCache', '"', '#', '\n', ' ', 'backends.', '\nsession.type = "memory"\n', '\nSESSION_CACHELIB = FileSystemCache("/x")\n'],
  },
  {
    name: 'main.go',
    text: 'package main\n\nimport (\n\t"net/http"\n\t"github.com/gorilla/sessions"\n\t"github.com/alexedwards/scs/v2"\n)\n\n'
      + filler(8, (i) => `func helper${i}(x int) int {\n\treturn x * ${i + 2}\n}\n\n`)
      + 'var store = sessions.NewFilesystemStore("", nil)\n\nfunc setup() {\n\tm := scs.New()\n\t_ = m\n}\n',
    pieces: ['\n\t"github.com/gin-contrib/sessions/memstore"\n', '\nvar ms = memstore.NewStore(nil)\n', '\nfunc x() { m.Store = nil }\n', '"github.com/gorilla/sessions"',
      'import', '(', ')', '"', '\n', ' ', 'scs'],
  },
  {
    name: 'app.ts',
    text: "import express from 'express';\nimport session from 'express-session';\nconst app = express();\n"
      + filler(10, (i) => `function helper${i}(x: number): number {\n  return x * ${i + 2};\n}\n`)
      + 'const opts = { secret: "s" };\napp.use(session(opts));\napp.use(session({ secret: "t" }));\n',
    pieces: ['\nopts.store = new RedisStore();\n', "\nconst opts = { secret: 's', store: x };\n", "\nimport MemoryStore from 'memorystore';\n", '\nconst M = MemoryStore(session);\nnew M();\n',
      '\napp.use(session({ store: new session.MemoryStore() }));\n', 'session', 'opts', "'express-session'", '{', '}', '\n', ' '],
  },
  {
    name: 'index.php',
    text: "<?php\n" + filler(8, (i) => `function helper${i}($x) {\n    return $x * ${i + 2};\n}\n`)
      + "session_start();\nini_set('session.save_path', '/var/sessions');\n",
    pieces: ["\nini_set('session.save_handler', 'redis');\n", "\nsession_save_path('/tmp/s');\n", "\nini_set('session.save_handler', 'files');\n", 'save_handler', 'redis', "'", '\n', ' '],
  },
];

test('no-memory-session-store re-checked incrementally finds what a full check finds', async () => {
  let partialRuns = 0;
  let findings = 0;
  for (const c of CASES) {
    const det = detectLanguage(c.name);
    assert.ok(det?.grammar, c.name);
    await prepare(det.grammar, det.language);
    const settings = { ...DEFAULT_SETTINGS, includeTests: true, timeBudgetMs: 0 };
    const project = memoryProject('/p', {});
    const run = (text: string, d: SyntaxDocument | undefined, st?: IncrementalState) => checkDocument({ path: `/p/${c.name}`, relativePath: c.name, text, language: det.language, grammar: det.grammar, settings, project, rules, document: d, incremental: st });
    findings += run(c.text, undefined).findings.length;
    const edit = fc.record({ at: fc.nat(), del: fc.oneof(fc.constant(0), fc.nat({ max: 8 }), fc.nat({ max: 120 })), text: fc.constantFrom('', 'x', ...c.pieces) });
    await fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
      let text = c.text;
      const doc = new SyntaxDocument(det.grammar!, text);
      const state = new IncrementalState();
      run(text, doc, state);
      for (const e of edits) {
        const idx = new LineIndex(text);
        const start = e.at % (text.length + 1);
        const end = Math.min(text.length, start + e.del);
        doc.update([{ range: { start: idx.positionAt(start), end: idx.positionAt(end) }, text: e.text }]);
        text = text.slice(0, start) + e.text + text.slice(end);
        const incremental = run(text, doc, state);
        if (incremental.partial) partialRuns++;
        assert.deepEqual(show(incremental.findings), show(run(text, undefined).findings), `${c.name} after ${JSON.stringify(edits)}`);
      }
      doc.dispose();
    }), { seed: 2024, numRuns: 60 });
  }
  assert.ok(findings >= CASES.length, `the texts have findings (${findings})`);
  assert.ok(partialRuns > 50, `the partial path ran (${partialRuns} times)`);
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
