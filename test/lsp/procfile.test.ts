/**
 * Procfile editing through the built dist/server.js over stdio: diagnostics, completion,
 * hover, document symbols and code lenses.
 */
import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient, type Message } from '../support/lsp-client';

interface Range { start: { line: number; character: number }; end: { line: number; character: number } }
interface Diag { range: Range; source: string; code: string; message: string }
interface CompletionItem { label: string; detail?: string; documentation?: { value: string } | string; textEdit?: { range: Range; newText: string } }
interface DocumentSymbol { name: string; detail?: string; kind: number; range: Range; selectionRange: Range }
interface CodeLens { range: Range; command?: { title: string; command: string; arguments?: unknown[] } }
interface Hover { contents: { kind: string; value: string }; range?: Range }

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-procfile-'));
const rootUri = pathToFileURL(workspace).toString();
const uriOf = (name: string) => pathToFileURL(path.join(workspace, name)).toString();

fs.writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({
  name: 'shop', main: 'server.js', scripts: { start: 'node server.js', worker: 'node jobs/worker.js' }, dependencies: { express: '^4.19.2' },
}));
fs.writeFileSync(path.join(workspace, '.env.example'), 'DATABASE_URL=\nSTRIPE_SECRET_KEY=\nLOG_LEVEL=info\n');
fs.writeFileSync(path.join(workspace, '.env'), 'DATABASE_URL=postgres://localhost/shop\nSTRIPE_SECRET_KEY=sk_live_51Habcdefghijklmnopqrstuvwx\nLOG_LEVEL=debug\n');

const BAD = [
  'web: bundle exec rails server -p 3000',      // 0: fixed port
  'worker: node jobs/worker.js &',              // 1: backgrounded
  'worker: node jobs/other.js',                 // 2: duplicate type
  'sidekiq.default: bundle exec sidekiq',       // 3: invalid name
  '',
].join('\n');
const CLEAN = 'web: npm start\nworker: node jobs/worker.js --db $DATABASE_URL --level $LOG_LEVEL\nrelease: npx prisma migrate deploy\n';

function diagnosticsOf(m: Message): Diag[] {
  return (m.params as { diagnostics: Diag[] }).diagnostics;
}

describe('Procfile editing over stdio', () => {
  const client = new LspClient();
  let capabilities: Record<string, unknown> = {};

  before(async () => {
    client.configuration = { debounceMs: 0 };
    const result = await client.initialize({ workspace: { configuration: true } }, { rootUri }) as { capabilities: Record<string, unknown> };
    capabilities = result.capabilities;
  });
  after(async () => { await client.shutdown(); });

  test('announces completion, hover, document symbols and code lenses', () => {
    assert.ok(capabilities.completionProvider);
    // Other languages' providers add their own trigger characters (`.` and quotes for env reads).
    const triggers = (capabilities.completionProvider as { triggerCharacters: string[] }).triggerCharacters;
    for (const c of ['$', '{']) assert.ok(triggers.includes(c), `trigger character ${c}`);
    assert.ok(capabilities.hoverProvider);
    assert.ok(capabilities.documentSymbolProvider);
    assert.ok(capabilities.codeLensProvider);
    const commands = (capabilities.executeCommandProvider as { commands: string[] }).commands;
    assert.ok(!commands.includes('twelveFactor.runProcess'), 'the client runs processes, not the server');
  });

  test('flags a fixed port, a background process, a duplicate and an invalid name, each on its line', async () => {
    const uri = uriOf('Procfile');
    const next = client.nextDiagnostics(uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'procfile', version: 1, text: BAD } });
    const diags = diagnosticsOf(await next);
    const byLine = (line: number) => diags.filter((d) => d.range.start.line === line).map((d) => d.code);
    assert.ok(byLine(0).includes('port-binding/procfile-fixed-port'), JSON.stringify(diags.map((d) => [d.code, d.range.start.line])));
    assert.ok(byLine(1).includes('concurrency/procfile-background-process'));
    assert.ok(byLine(2).includes('concurrency/procfile-duplicate-process'));
    assert.ok(byLine(3).includes('concurrency/procfile-process-name'));
    for (const d of diags) {
      assert.equal(d.source, 'twelve-factor');
      assert.match(d.message, /Factor [IVX]+/);
    }
  });

  test('quick fixes come from the diagnostics: $PORT for the fixed port', async () => {
    const uri = uriOf('Procfile');
    const last = client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri).pop();
    assert.ok(last);
    const diag = diagnosticsOf(last).find((d) => d.code === 'port-binding/procfile-fixed-port');
    assert.ok(diag);
    const actions = await client.request<{ title: string; isPreferred?: boolean; edit?: { documentChanges?: { textDocument?: { uri: string }; edits: { range: Range; newText: string }[] }[] } }[]>(
      'textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] } });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, actions.map((a) => a.title).join('\n'));
    const edits = fix.edit?.documentChanges?.flatMap((c) => c.edits) ?? [];
    assert.deepEqual(edits.map((e) => e.newText), ['${PORT:-3000}']);
    assert.ok(actions.some((a) => a.title === 'Disable port-binding/procfile-fixed-port for this line'));
  });

  test('a clean Procfile gets no diagnostics', async () => {
    const uri = uriOf('clean/Procfile');
    const next = client.nextDiagnostics(uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'procfile', version: 1, text: CLEAN } });
    assert.deepEqual(diagnosticsOf(await next).map((d) => d.code), []);
  });

  test('completion on an empty line offers process types, with what they mean', async () => {
    const uri = uriOf('Procfile');
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 0 } });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('worker') || labels.includes('release'));
    assert.ok(labels.includes('release'), labels.join(', '));
    assert.ok(labels.includes('clock'));
    assert.ok(!labels.includes('web'), 'web is already declared');
    const release = items.find((i) => i.label === 'release');
    assert.match(typeof release?.documentation === 'string' ? release.documentation : release?.documentation?.value ?? '', /once per deploy/);
    assert.equal(release?.textEdit?.newText, 'release: ');
  });

  test('completion on a fresh Procfile offers worker and release, and the stack\'s commands', async () => {
    const uri = uriOf('fresh/Procfile');
    fs.mkdirSync(path.join(workspace, 'fresh'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'fresh', 'package.json'), JSON.stringify({ scripts: { start: 'node server.js', 'db:migrate': 'knex migrate:latest' } }));
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'procfile', version: 1, text: '\n' } });
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
    const labels = items.map((i) => i.label);
    for (const l of ['web', 'worker', 'release', 'clock', 'web: npm start', 'release: npm run db:migrate']) assert.ok(labels.includes(l), `${l} in ${labels.join(', ')}`);
  });

  test('completion after the colon offers commands, and after $ offers variables', async () => {
    const uri = uriOf('edit/Procfile');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'procfile', version: 1, text: 'web: \nworker: node x.js --db $DA\n' } });
    const commands = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 5 } });
    assert.ok(commands.some((i) => i.label === 'npm start'), commands.map((i) => i.label).join(', '));
    assert.ok(commands.some((i) => i.label === 'npm run worker'));
    const vars = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 29 } });
    const db = vars.find((i) => i.label === 'DATABASE_URL');
    assert.ok(db, vars.map((i) => i.label).join(', '));
    assert.deepEqual(db.textEdit?.range, { start: { line: 1, character: 27 }, end: { line: 1, character: 29 } });
    assert.ok(vars.some((i) => i.label === 'PORT'));
  });

  test('hover explains process types, $PORT and declared variables without leaking secrets', async () => {
    const uri = uriOf('hover/Procfile');
    const text = 'web: node server.js --port $PORT\nworker: node w.js $STRIPE_SECRET_KEY $LOG_LEVEL\n';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'procfile', version: 1, text } });
    const onWeb = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.match(onWeb.contents.value, /HTTP traffic/);
    const onPort = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 29 } });
    assert.match(onPort.contents.value, /5000/);
    const onWorkerPort = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } });
    assert.match(onWorkerPort.contents.value, /PORT=5100/);
    const onSecret = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 20 } });
    assert.match(onSecret.contents.value, /\.env\.example/);
    assert.match(onSecret.contents.value, /hidden/);
    assert.ok(!onSecret.contents.value.includes('sk_live'), 'never prints a secret value');
    const onLevel = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 42 } });
    // A non-secret variable: where it is declared, but never its value (no .env value leaves the server).
    assert.match(onLevel.contents.value, /set \(value not shown\)/);
    assert.ok(!onLevel.contents.value.includes('debug'), 'never prints an env value');
  });

  test('document symbols: one per process, with its command', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf('Procfile') } });
    assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.selectionRange.start.line]), [
      ['web', 'bundle exec rails server -p 3000', 0], ['worker', 'node jobs/worker.js &', 1], ['worker', 'node jobs/other.js', 2], ['sidekiq.default', 'bundle exec sidekiq', 3],
    ]);
  });

  test('code lenses: Run all, then one per process', async () => {
    const uri = uriOf('Procfile');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 5);
    assert.equal(lenses[0].command?.title, '▶ Run all');
    assert.deepEqual(lenses[0].command?.arguments, [{ uri, all: true }]);
    assert.deepEqual(lenses.slice(1).map((l) => [l.command?.title, l.range.start.line]), [['▶ Run web', 0], ['▶ Run worker', 1], ['▶ Run worker', 2], ['▶ Run sidekiq.default', 3]]);
    assert.ok(lenses.every((l) => l.command?.command === 'twelveFactor.runProcess'));
    assert.deepEqual(lenses[1].command?.arguments, [{ uri, name: 'web', command: 'bundle exec rails server -p 3000' }]);
  });

  test('other languages get no Procfile features', async () => {
    const uri = uriOf('app.js');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: 'const x = 1;\n' } });
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } }), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } }), null);
    assert.deepEqual(client.protocolErrors, []);
  });
});
