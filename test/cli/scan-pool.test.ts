/**
 * The scan pool when a worker dies under a file (out of memory on a huge file, a crash in the
 * parser): the file is tried again on a fresh worker, then in the calling thread; no file is
 * lost, every other file is still checked once, and the caller is told.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../support/engine';
import { scan } from '../../server/src/scan/pool';
import { RULES } from '../../server/src/rules/index';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { checkFile, type FileResult } from '../../server/src/scan/check-file';
import { FsProject } from '../../server/src/scan/fs-project';

test('a file whose worker dies is checked again, and nothing else is lost', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-pool-'));
  try {
    // More files than the pool checks in the calling thread, so that workers start.
    for (let i = 0; i < 80; i++) fs.writeFileSync(path.join(root, `m${i}.js`), `export const v${i} = ${i};\n`);
    fs.writeFileSync(path.join(root, 'crash-me.js'), "const express = require('express');\nconst app = express();\napp.listen(3000);\n");
    // A worker that fails on that one file (every time), and is the real worker otherwise.
    const failing = path.join(root, 'failing-worker.js');
    fs.writeFileSync(failing, [
      "const { parentPort } = require('worker_threads');",
      "parentPort.on('message', (m) => { if (m.file.endsWith('crash-me.js')) throw new Error('planted failure'); });",
      `require(${JSON.stringify(path.join(REPO, 'dist', 'scan-worker.js'))});`,
    ].join('\n'));
    const files = fs.readdirSync(root).filter((f) => f.endsWith('.js') && f !== 'failing-worker.js').map((f) => path.join(root, f));
    const settings = { ...DEFAULT_SETTINGS, includeTests: true };
    const problems: [string, string][] = [];
    const results: FileResult[] = [];
    for await (const r of scan(files.map((file) => ({ file, root })), {
      settings, rules: RULES, threads: 2, workerPath: failing,
      onProblem: (file, message) => problems.push([path.basename(file), message]),
    })) results.push(r);

    assert.equal(results.length, files.length, 'one result per file');
    assert.deepEqual(new Set(results.map((r) => r.file)), new Set(files), 'every file, once');
    assert.deepEqual(results.filter((r) => r.error).map((r) => `${path.basename(r.file)}: ${r.error}`), []);
    // Checked in the end, as a check of it alone finds (a fixed port, among others).
    const crashed = results.find((r) => r.file.endsWith('crash-me.js'));
    const alone = await checkFile(path.join(root, 'crash-me.js'), root, settings, RULES, new FsProject(root));
    assert.ok(alone.findings.some((f) => f.ruleId === 'port-binding/no-hardcoded-port'));
    assert.deepEqual(crashed?.findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`), alone.findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`));
    // The caller hears of it for that file (tried twice), and of any file that was on the same worker then.
    assert.equal(problems.filter(([f]) => f === 'crash-me.js').length, 2, JSON.stringify(problems));
    assert.ok(problems.every(([, m]) => /scan worker stopped \(planted failure\); checked again/.test(m)), JSON.stringify(problems));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
