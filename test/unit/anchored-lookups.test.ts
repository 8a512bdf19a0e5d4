/**
 * Rules that look for their matches only around the words those matches hold (anchored
 * look-ups in analysis/syntax.ts: `nodesNear`, `matchesRootedAt`, `findImports`)
 * must find exactly what the same rules find with whole-tree queries
 * (`ANCHORED_LOOKUPS.wholeTree`), on every fixture and on the fixtures blown up so that
 * their statements and calls are far larger than a statement-sized subtree.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { blownUp, loadFixtures } from '../support/fixtures';
import { REPO } from '../support/engine';
import { detectLanguage } from '../../server/src/parsing/languages';
import { checkDocument, prepare } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { memoryProject } from '../../server/src/engine/project';
import { RULES } from '../../server/src/rules/index';
import { ANCHORED_LOOKUPS, findImports, type ImportInfo } from '../../server/src/analysis/syntax';
import { parse } from '../../server/src/parsing/tree-sitter';
import type { Finding } from '../../server/src/engine/types';

const ANCHORED = ['disposability/no-sigterm-handler', 'dev-prod-parity/no-env-branching-backing-service', 'dependencies/no-undeclared-system-tool', 'processes/no-module-level-cache'];
const rules = RULES.filter((r) => ANCHORED.includes(r.id));

const show = (fs: Finding[]) => fs.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.messageId} ${f.message} ${JSON.stringify(f.fixes)}`);

async function both(name: string, text: string, files: Record<string, string> = {}): Promise<{ anchored: string[]; whole: string[] }> {
  const det = detectLanguage(name);
  assert.ok(det?.grammar, name);
  await prepare(det.grammar, det.language);
  const run = () => {
    const r = checkDocument({
      path: `/project/${name}`, relativePath: name, text, language: det.language, grammar: det.grammar,
      settings: { ...DEFAULT_SETTINGS, includeTests: true, timeBudgetMs: 0 }, project: memoryProject('/project', files), rules,
    });
    assert.deepEqual(r.ruleErrors, [], `${name}: a rule threw`);
    return show(r.findings);
  };
  const anchored = run();
  ANCHORED_LOOKUPS.wholeTree = true;
  try {
    return { anchored, whole: run() };
  } finally {
    ANCHORED_LOOKUPS.wholeTree = false;
  }
}

test('anchored look-ups find on every fixture what whole-tree queries find', async () => {
  let compared = 0;
  let found = 0;
  for (const fx of loadFixtures()) {
    const det = detectLanguage(fx.name);
    if (!det?.grammar) continue;
    const own = ANCHORED.includes(fx.ruleId);
    for (const text of own ? [fx.text, blownUp(fx.text, det.language)] : [fx.text]) {
      const { anchored, whole } = await both(fx.name, text, fx.projectFiles);
      assert.deepEqual(anchored, whole, `${fx.ruleId}/${fx.name}${text === fx.text ? '' : ' (blown up)'}: anchored look-ups differ`);
      compared++;
      found += whole.length;
    }
  }
  assert.ok(compared > 100 && found > 50, `${compared} files, ${found} findings`);
});

const BIG = Array.from({ length: 80 }, (_, i) => `  console.log('step ${i} of a long callback ..................................................');`).join('\n');

test('matches larger than a statement-sized subtree are found', async () => {
  const cases: { name: string; text: string; expect: string[] }[] = [
    {
      name: 'server.js',
      text: `const express = require('express');\nconst app = express();\napp.listen(3000, () => {\n${BIG}\n});\n`,
      expect: ['disposability/no-sigterm-handler@2:0'],
    },
    {
      name: 'worker.js',
      text: `async function work() {\n  while (true) {\n    const job = await redis.brpop('jobs', 0);\n${BIG}\n  }\n}\n`,
      expect: ['disposability/no-sigterm-handler@1:2'],
    },
    {
      name: 'media.js',
      text: `const { exec } = require('child_process');\nexec('ffmpeg -i in.mp4 out.mp3', (err) => {\n${BIG}\n});\n`,
      expect: ['dependencies/no-undeclared-system-tool@1:5'],
    },
    {
      name: 'cache.js',
      text: `const Redis = require('ioredis');\nconst NodeCache = require('node-cache');\nlet cache;\nif (process.env.NODE_ENV === 'production') {\n  cache = new Redis(process.env.REDIS_URL);\n${BIG}\n} else {\n  cache = new NodeCache();\n}\n`,
      expect: ['dev-prod-parity/no-env-branching-backing-service@86:10'],
    },
  ];
  for (const c of cases) {
    const { anchored, whole } = await both(c.name, c.text);
    assert.deepEqual(anchored, whole, c.name);
    assert.deepEqual(anchored.map((f) => /^\S+@\d+:\d+/.exec(f)?.[0]), c.expect, c.name);
  }
});

test('a JavaScript file that handles termination in any way HANDLED knows is not flagged', async () => {
  const words = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'enableShutdownHooks', '@godaddy/terminus', 'createTerminus', 'Terminator', 'terminator', 'stoppable',
    'lightship', 'close-with-grace', 'closeWithGrace', 'Graceful', 'graceful', 'exit-hook', 'exitHook', 'beforeShutdown', 'Shutdown', 'shutdown'];
  const server = "const express = require('express');\nconst app = express();\napp.listen(3000);\n";
  assert.equal((await both('a.js', server)).anchored.length, 1);
  for (const w of words) {
    const { anchored, whole } = await both('a.js', `${server}const handled = '${w}';\n`);
    assert.deepEqual(anchored, [], w);
    assert.deepEqual(whole, [], w);
  }
});

test('imports found from their keywords are those of a walk over the whole tree', async () => {
  // Fixtures and the evaluation corpus, in every language with keyword anchors.
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (detectLanguage(p)?.grammar) files.push(p);
    }
  };
  walk(path.join(REPO, 'test/fixtures/rules'));
  walk(path.join(REPO, 'eval/corpus'));
  let compared = 0;
  for (const file of files) {
    const det = detectLanguage(file)!;
    await prepare(det.grammar, det.language);
    const tree = parse(det.grammar!, fs.readFileSync(file, 'utf8'));
    if (!tree) continue;
    const show = (l: ImportInfo[]) => l.map((i) => `${i.kind} ${i.module} ${i.node.startIndex} ${i.topLevel} ${JSON.stringify(i.names)}`);
    assert.deepEqual(show(findImports(tree.rootNode, det.language)), show(findImports(tree.rootNode, det.language, 'whole-tree')), file);
    tree.delete();
    compared++;
  }
  assert.ok(compared > 200, `${compared} files`);
});
