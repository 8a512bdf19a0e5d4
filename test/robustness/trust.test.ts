/**
 * The trust boundary.
 * (a) The server and the CLI make no network request and spawn nothing: both run with a
 *     preload (preload/no-network.ts) that records and refuses every socket, HTTP, DNS and
 *     child-process call; a full LSP session and a CLI run over examples/ record nothing
 *     (worker threads are allowed). The preload is shown to work on a script that does.
 * (b) Quick fixes write only inside the project: checked for every fix of every fixture and
 *     example (and with env-file settings pointing outside) by the `seeds` fuzz target in
 *     engine-fuzz.test.ts, and for every fix on mutated inputs; here, over LSP, every
 *     workspace edit the server offers for examples/ stays in the workspace folder.
 * (c) Creating `.env` never overwrites: the server's workspace edit creates with
 *     `ignoreIfExists` (and never `overwrite`); `check --fix` edits an existing file instead of
 *     replacing it, creates only missing files, exclusively, and leaves a file it cannot read
 *     alone.
 */
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { REPO } from '../support/engine';
import { toWorkspaceEdit } from '../../server/src/handlers/to-lsp';
import { runCheck } from '../../server/src/cli/run-check';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { defineRule } from '../../server/src/engine/rule';
import type { Fix } from '../../server/src/engine/types';
import { assertHealthy, diagnostics, startServer } from './lsp-helpers';
import { PRELOAD, preloadEnv, readTrustLog } from './trust-support';

const CLI = path.join(REPO, 'dist', 'cli.js');
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `tf-trust-${name}-`));

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('(a) no network, no child process', () => {
  test('the preload records and refuses what it must (so that an empty log means something)', () => {
    assert.ok(fs.existsSync(PRELOAD), `${PRELOAD} is built`);
    const log = path.join(tmp('control'), 'log');
    const script = `
      const tries = [
        () => require('http').get('http://127.0.0.1:9/'),
        () => require('https').request('https://example.invalid/'),
        () => require('net').connect(9, '127.0.0.1'),
        () => require('dns').lookup('example.invalid', () => {}),
        () => require('child_process').spawnSync('true'),
        () => require('child_process').exec('true'),
        () => fetch('http://127.0.0.1:9/'),
      ];
      let refused = 0;
      for (const t of tries) { try { t(); } catch { refused++; } }
      // In worker threads too (the scan pool's): the preload runs there as well.
      new (require('worker_threads').Worker)("try { require('http').get('http://127.0.0.1:9/from-a-worker'); } catch {}", { eval: true })
        .on('exit', () => process.stdout.write(String(refused)));
    `;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...preloadEnv(log) } });
    assert.equal(r.stdout, '7', r.stderr);
    const what = readTrustLog(log).map((e) => e.what);
    for (const w of ['http.get', 'https.request', 'net.connect', 'dns.lookup', 'child_process.spawnSync', 'child_process.exec', 'fetch']) assert.ok(what.includes(w), `${w} recorded: ${what.join(', ')}`);
    assert.ok(readTrustLog(log).some((e) => e.detail.includes('from-a-worker')), 'recorded in a worker thread');
  });

  test('the CLI over examples/ (with --fix, on a copy) makes no request and spawns nothing', async () => {
    const log = path.join(tmp('cli'), 'log');
    const copy = path.join(tmp('examples'), 'examples');
    fs.cpSync(path.join(REPO, 'examples'), copy, { recursive: true });
    const r = await run([CLI, 'check', 'examples', '--fix', '--format', 'json'], path.dirname(copy), preloadEnv(log));
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.ok((JSON.parse(r.stdout) as { files: unknown[] }).files.length > 0, 'examples/ has findings');
    assert.match(r.stderr, /^fixed \d+ problems? in examples\//m, 'and fixes were written');
    assert.deepEqual(readTrustLog(log), []);
  });

  test('a full LSP session over examples/ makes no request and spawns nothing; its edits stay in the workspace', async () => {
    const log = path.join(tmp('lsp'), 'log');
    const workspace = tmp('lsp-ws');
    fs.cpSync(path.join(REPO, 'examples'), workspace, { recursive: true });
    const s = await startServer({ workspace, env: preloadEnv(log), capabilities: { window: { workDoneProgress: true } } });
    try {
      await assertHealthy(s);
      const files = ['shop-api/server.js', 'billing-worker/app.py', 'Procfile'];
      const languageOf: Record<string, string> = { js: 'javascript', py: 'python' };
      const edited = new Set<string>();
      for (const name of files) {
        const uri = s.uri(name);
        const text = fs.readFileSync(path.join(workspace, name), 'utf8');
        const languageId = languageOf[name.split('.').pop() ?? ''] ?? 'procfile';
        const diags = await diagnostics(s, uri, { after: () => s.client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } }) });
        const actions = await s.client.request<{ edit?: { documentChanges?: ({ textDocument?: { uri: string }; uri?: string; kind?: string; options?: { overwrite?: boolean; ignoreIfExists?: boolean } })[] } }[]>('textDocument/codeAction', {
          textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9999, character: 0 } }, context: { diagnostics: diags },
        });
        for (const a of actions) {
          for (const ch of a.edit?.documentChanges ?? []) {
            const target = ch.textDocument?.uri ?? ch.uri ?? '';
            edited.add(target);
            const rel = path.relative(workspace, fileURLToPath(target));
            assert.ok(!rel.startsWith('..') && !path.isAbsolute(rel), `an edit outside the workspace: ${target}`);
            if (ch.kind === 'create') assert.deepEqual(ch.options, { ignoreIfExists: true, overwrite: false });
            assert.notEqual(ch.kind, 'delete');
          }
        }
        await s.client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
        await s.client.request('textDocument/documentSymbol', { textDocument: { uri } }).catch(() => undefined);
      }
      assert.ok(edited.size > 1, 'fixes offered edits (and some to other files)');
      await s.client.request('twelveFactor/scanWorkspace', null);
      await s.client.request('workspace/executeCommand', { command: 'twelve-factor.showDocumentation', arguments: ['https://12factor.net/config'] });
    } finally {
      await s.client.shutdown();
    }
    assert.deepEqual(readTrustLog(log), []);
  });
});

describe('(c) creating .env never overwrites', () => {
  test('the server creates with ignoreIfExists and never overwrite', () => {
    const fix: Fix = {
      title: 'Move to environment variable X', safety: 'suggestion', edits: [],
      files: [{ path: path.join(os.tmpdir(), 'ws', '.env'), create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'X=1\n' }] }],
    };
    const edit = toWorkspaceEdit('file:///ws/app.js', 1, [fix]);
    const changes = edit.documentChanges ?? [];
    const create = changes.find((c) => 'kind' in c && c.kind === 'create');
    assert.ok(create && 'options' in create);
    assert.deepEqual(create.options, { ignoreIfExists: true, overwrite: false });
    assert.ok(changes.indexOf(create) < changes.findIndex((c) => 'textDocument' in c), 'created (if missing) before it is edited');
  });

  test('check --fix edits an existing file instead of replacing it, creates only missing ones, and leaves unreadable ones alone', async () => {
    const dir = tmp('fix');
    const existing = path.join(dir, '.env');
    const missing = path.join(dir, 'new', '.env.example');
    const folder = path.join(dir, 'a-folder');
    const writeOnly = path.join(dir, '.env.local');
    fs.writeFileSync(existing, 'KEEP=me\n');
    fs.mkdirSync(path.dirname(missing));
    fs.mkdirSync(folder);
    fs.writeFileSync(writeOnly, 'SECRET=keep\n');
    fs.chmodSync(writeOnly, 0o200);
    fs.writeFileSync(path.join(dir, 'Procfile'), 'web: node server.js\n');
    const insert = (p: string, create: boolean) => ({ path: p, create, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'ADDED=1\n' }] });
    // A rule that claims every target is missing (create: true), as a stale view of the disk would.
    const rule = defineRule({
      id: 'config/test-create', meta: { description: 'x', defaultSeverity: 'warning', languages: ['procfile'], fix: 'safe', messages: { m: 'm' }, docs: { why: 'x.' } },
      check(ctx) {
        if (ctx.text.startsWith('#')) return;
        const own = { range: ctx.rangeAt(0, 0), newText: '# fixed\n' };
        ctx.report({ range: ctx.rangeAt(0, 3), messageId: 'm', fixes: [{ title: 't', safety: 'safe', edits: [own], files: [insert(existing, true), insert(missing, true), insert(folder, true), insert(writeOnly, true)] }] });
      },
    });
    const problems: string[] = [];
    await runCheck({ paths: [dir], cwd: dir, settings: DEFAULT_SETTINGS, rules: [rule], fix: true, onProblem: (f, m) => problems.push(`${path.relative(dir, f)}: ${m}`) });
    assert.equal(fs.readFileSync(path.join(dir, 'Procfile'), 'utf8'), '# fixed\nweb: node server.js\n', 'the fix was applied');
    assert.equal(fs.readFileSync(existing, 'utf8'), 'ADDED=1\nKEEP=me\n', 'edited, not replaced');
    assert.equal(fs.readFileSync(missing, 'utf8'), 'ADDED=1\n', 'created');
    assert.ok(fs.statSync(folder).isDirectory());
    assert.ok(problems.some((p) => p.startsWith('a-folder: ')), problems.join('\n'));
    fs.chmodSync(writeOnly, 0o600);
    const root = process.getuid?.() === 0;
    // As root, mode 0200 does not stop reads: the file is then simply edited.
    assert.equal(fs.readFileSync(writeOnly, 'utf8'), root ? 'ADDED=1\nSECRET=keep\n' : 'SECRET=keep\n', 'never truncated');
    if (!root) assert.ok(problems.some((p) => p.startsWith('.env.local: could not read')), problems.join('\n'));
  });
});
