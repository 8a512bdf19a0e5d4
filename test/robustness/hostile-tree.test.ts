/**
 * The CLI on a hostile tree (hostile-tree.ts): every problem is reported on stderr in one
 * line naming the file, the walk goes on (the normal files' findings are in the report),
 * the exit status is 0 or 1 (never 2), and there is no stack trace. Then the server is
 * sent the same files and still answers a normal file correctly.
 *
 * Running as root (as CI does), chmod 000 does not stop reads: the unreadable-file and
 * unreadable-folder sub-cases are then skipped, and say so.
 */
import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../support/engine';
import { assertHealthy, diagnostics, startServer } from './lsp-helpers';
import { buildHostileTree, unlockHostileTree, type HostileTree } from './hostile-tree';
import { preloadEnv, readTrustLog } from './trust-support';

const CLI = path.join(REPO, 'dist', 'cli.js');
const SMALL_FILES = Number(process.env.TF_HOSTILE_FILES ?? 5000);

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env, NO_COLOR: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

interface JsonReport { files: { path: string; findings: { ruleId: string; line: number }[] }[] }

describe('a hostile tree', () => {
  let tree: HostileTree;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-hostile-'));
  const log = path.join(base, 'trust.log');
  before(() => {
    tree = buildHostileTree(path.join(base, 'tree'), { smallFiles: SMALL_FILES });
  });
  after(() => {
    unlockHostileTree(tree.root);
    fs.rmSync(base, { recursive: true, force: true });
  });

  test(`the CLI reports each problem in one line and goes on (${SMALL_FILES} small files too)`, async (t) => {
    for (const why of tree.skipped) t.diagnostic(`skipped: ${why}`);
    const r = await run([CLI, 'check', '.', '--format', 'json'], tree.root, preloadEnv(log));
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr.slice(0, 2000)}`);
    assert.ok(!/^\s+at /m.test(r.stderr), `no stack trace:\n${r.stderr.slice(0, 2000)}`);
    const lines = r.stderr.split('\n').filter(Boolean);
    const files: string[] = [];
    for (const l of lines) {
      const m = /^twelve-factor: (.+?): (.+)$/.exec(l);
      assert.ok(m, `one line per problem, naming the file: ${JSON.stringify(l)}`);
      files.push(m[1]);
    }
    assert.equal(new Set(files).size, files.length, `one line per file:\n${lines.join('\n')}`);
    for (const [prefix, what] of Object.entries(tree.reported)) {
      const hits = lines.filter((l) => l.startsWith(`twelve-factor: ${prefix}`));
      assert.equal(hits.length, 1, `${prefix} (${what}) is reported once:\n${lines.join('\n')}`);
    }
    const report = JSON.parse(r.stdout) as JsonReport;
    const flagged = new Set(report.files.filter((f) => f.findings.some((x) => x.ruleId === 'port-binding/no-hardcoded-port')).map((f) => f.path));
    for (const n of tree.normal) assert.ok(flagged.has(n), `${n} was checked after all that (${[...flagged].slice(0, 10).join(', ')})`);
    assert.deepEqual(readTrustLog(log), [], 'no network, no child process (worker threads included)');
  });

  test('the server, sent the same files, still answers a normal file correctly', async () => {
    const s = await startServer({ workspace: tree.root });
    try {
      const expected = await assertHealthy(s);
      const languageIds: Record<string, string> = {
        js: 'javascript', ts: 'typescript', tsx: 'typescriptreact', py: 'python', go: 'go', rb: 'ruby', java: 'java', php: 'php', env: 'dotenv', procfile: 'procfile',
      };
      for (const rel of tree.openable) {
        const uri = s.uri(rel);
        const name = path.basename(rel);
        const ext = name.includes('.') ? name.split('.').pop() as string : name.toLowerCase();
        const languageId = name.startsWith('.env') ? 'dotenv' : languageIds[ext] ?? 'plaintext';
        const text = fs.readFileSync(path.join(tree.root, rel)).toString('utf8');
        await diagnostics(s, uri, { after: () => s.client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } }) });
        s.client.notify('textDocument/didClose', { textDocument: { uri } });
      }
      await assertHealthy(s, { expected });
      assert.deepEqual(s.client.protocolErrors, []);
    } finally {
      await s.client.shutdown();
    }
  });
});
