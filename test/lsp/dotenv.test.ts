/**
 * `.env` files and environment reads through the built dist/server.js over stdio:
 * diagnostics, completion in code, hover, definition, references, rename, the outline,
 * folding, secret ranges and the generate/add-keys commands, on a workspace on disk.
 *
 * The last test greps everything the server wrote (raw JSON on stdout: diagnostics, hovers,
 * completion items, code actions, log messages, command results and the edits it asked the
 * client to apply) for the values planted in the `.env`: none may appear.
 */
import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { LspClient, type Message } from '../support/lsp-client';

interface Position { line: number; character: number }
interface Range { start: Position; end: Position }
interface Diag { range: Range; source: string; code: string; message: string; severity: number }
interface CompletionItem { label: string; detail?: string; documentation?: { value: string } | string; textEdit?: { range: Range; newText: string } }
interface Hover { contents: { kind: string; value: string }; range?: Range }
interface Location { uri: string; range: Range }
interface TextEditLsp { range: Range; newText: string }
interface WorkspaceEditLsp {
  changes?: Record<string, TextEditLsp[]>;
  documentChanges?: ({ kind: string; uri: string; options?: { ignoreIfExists?: boolean; overwrite?: boolean } } | { textDocument: { uri: string; version: number | null }; edits: TextEditLsp[] })[];
}

/** Values planted in the workspace's env files: no server output may contain any of them. */
const PLANTED = {
  dbPassword: 'Qz8vTk2Lm9Xw',
  stripe: 'sk_live_51PzQ8vRkT2mX9wLc4Hn7Jb3Yd6Fg1Ks',
  session: 'vT4zR1wYb6NcJ3q9f8Kq2LmX',
  logLevel: 'verbosePlantedLevel',
  title: 'Zebra Crossing Emporium',
  lower: 'lowerPlantedToken77',
  duplicate: 'firstPlantedValue',
  comment: 'commentPlantedOldValue',
  example: 'ghp_R8tKq2Lm9Xw4Zb7Nc3Vd6Fj1Hs5Gp0Ya2Ek',
};

const ENV = [
  '# Local settings for the shop',                                         // 0
  `# LOG_LEVEL=${PLANTED.comment}`,                                          // 1
  `DATABASE_URL=postgres://shop:${PLANTED.dbPassword}@localhost/shop`,       // 2
  `STRIPE_SECRET_KEY=${PLANTED.stripe}`,                                     // 3
  `LOG_LEVEL=${PLANTED.duplicate}`,                                          // 4
  `APP_TITLE='${PLANTED.title}'`,                                            // 5
  `api_token=${PLANTED.lower}`,                                              // 6
  `SESSION_SECRET=${PLANTED.session}`,                                       // 7
  `LOG_LEVEL=${PLANTED.logLevel} # the last one wins`,                       // 8
  'CALLBACK_URL=${APP_URL}/callback',                                        // 9
  '',
].join('\n');

const SERVER_JS = [
  "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);",       // 0
  'const level = process.env.LOG_LEVEL;',                                    // 1
  'const title = process.env["APP_TITLE"];',                                 // 2
  'const x = process.env.',                                                  // 3 (incomplete)
].join('\n');

const APP_PY = [
  'import os',
  'db = os.environ["DATABASE_URL"]',                                         // 1
  'x = os.environ["',                                                        // 2 (incomplete)
].join('\n');

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-dotenv-'));
const rootUri = pathToFileURL(workspace).toString();
const uriOf = (name: string) => pathToFileURL(path.join(workspace, name)).toString();

fs.writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'shop', dependencies: { stripe: '^14.0.0' } }));
fs.writeFileSync(path.join(workspace, '.env'), ENV);
fs.writeFileSync(path.join(workspace, '.env.example'), `# Every variable the app reads\nDATABASE_URL=\nLOG_LEVEL=info\nGITHUB_TOKEN=${PLANTED.example}\n`);
fs.writeFileSync(path.join(workspace, 'server.js'), SERVER_JS);
fs.writeFileSync(path.join(workspace, 'app.py'), APP_PY);
fs.mkdirSync(path.join(workspace, 'jobs'));
fs.writeFileSync(path.join(workspace, 'jobs', 'worker.js'), 'const level = process.env.LOG_LEVEL || "info";\nmodule.exports = { level };\n');
// A package with an env file and no template, for generateEnvExample.
fs.mkdirSync(path.join(workspace, 'billing'));
fs.writeFileSync(path.join(workspace, 'billing', 'package.json'), '{"name":"billing"}');
fs.writeFileSync(path.join(workspace, 'billing', '.env'), [
  '# Billing service',
  `STRIPE_SECRET_KEY=${PLANTED.stripe}`,
  `# STRIPE_WEBHOOK_SECRET=${PLANTED.comment}`,
  '',
  `export INVOICE_TITLE="${PLANTED.title}" # shown on PDFs`,
  `INVOICE_TITLE=${PLANTED.duplicate}`,
  '',
].join('\n'));

/** JSON-RPC frames from raw stdout bytes. */
function frames(raw: string): Message[] {
  const out: Message[] = [];
  let rest = Buffer.from(raw, 'utf8');
  for (;;) {
    const headerEnd = rest.indexOf('\r\n\r\n');
    if (headerEnd < 0) break;
    const m = /Content-Length: (\d+)/i.exec(rest.subarray(0, headerEnd).toString('ascii'));
    if (!m) break;
    const len = Number(m[1]);
    out.push(JSON.parse(rest.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8')) as Message);
    rest = rest.subarray(headerEnd + 4 + len);
  }
  return out;
}

const textOf = (doc: CompletionItem['documentation']) => (typeof doc === 'string' ? doc : doc?.value ?? '');

describe('.env files and env reads over stdio', () => {
  const client = new LspClient();
  let raw = '';
  client.proc.stdout.on('data', (d: Buffer) => { raw += d.toString('utf8'); });
  let capabilities: Record<string, unknown> = {};
  let envDiagnostics: Diag[] = [];

  const open = (name: string, languageId: string, text: string) =>
    client.notify('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId, version: 1, text } });

  before(async () => {
    client.configuration = { debounceMs: 0 };
    const result = await client.initialize({ workspace: { configuration: true, applyEdit: true } }, { rootUri }) as { capabilities: Record<string, unknown> };
    capabilities = result.capabilities;
    const next = client.nextDiagnostics(uriOf('.env'));
    open('.env', 'dotenv', ENV);
    envDiagnostics = ((await next).params as { diagnostics: Diag[] }).diagnostics;
    open('server.js', 'javascript', SERVER_JS);
    open('app.py', 'python', APP_PY);
  });
  after(async () => { await client.shutdown(); });

  test('announces definition, references, rename, folding and the env commands', () => {
    assert.ok(capabilities.definitionProvider);
    assert.ok(capabilities.referencesProvider);
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.ok(capabilities.foldingRangeProvider);
    const commands = (capabilities.executeCommandProvider as { commands: string[] }).commands;
    assert.ok(commands.includes('twelve-factor.generateEnvExample'));
    assert.ok(commands.includes('twelve-factor.addMissingKeys'));
  });

  test('diagnostics on a .env carry config/ rule ids: the duplicated key and the lower-case key', () => {
    const at = (line: number) => envDiagnostics.filter((d) => d.range.start.line === line).map((d) => d.code);
    assert.ok(at(4).includes('config/dotenv-duplicate-key'), JSON.stringify(envDiagnostics.map((d) => [d.code, d.range.start.line])));
    assert.ok(at(6).includes('config/dotenv-style'));
    for (const d of envDiagnostics) {
      assert.equal(d.source, 'twelve-factor');
      assert.match(d.code, /^config\//);
    }
  });

  test('completion after process.env. in JavaScript lists the keys of the .env', async () => {
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uriOf('server.js') }, position: { line: 3, character: 22 } });
    const labels = items.map((i) => i.label);
    for (const k of ['DATABASE_URL', 'STRIPE_SECRET_KEY', 'LOG_LEVEL', 'APP_TITLE', 'SESSION_SECRET']) assert.ok(labels.includes(k), `${k} in ${labels.join(', ')}`);
    const stripe = items.find((i) => i.label === 'STRIPE_SECRET_KEY');
    assert.equal(stripe?.detail, '.env:4');
    assert.equal(textOf(stripe?.documentation), 'Declared in `.env:4`.');
    assert.deepEqual(stripe?.textEdit?.range, { start: { line: 3, character: 22 }, end: { line: 3, character: 22 } });
  });

  test('completion while typing a name replaces the part typed', async () => {
    const uri = uriOf('typing.js');
    open('typing.js', 'javascript', 'const s = process.env.STR');
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 25 } });
    const stripe = items.find((i) => i.label === 'STRIPE_SECRET_KEY');
    assert.deepEqual(stripe?.textEdit, { range: { start: { line: 0, character: 22 }, end: { line: 0, character: 25 } }, newText: 'STRIPE_SECRET_KEY' });
  });

  test('completion inside os.environ[" in Python lists the keys of the .env', async () => {
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uriOf('app.py') }, position: { line: 2, character: 16 } });
    const labels = items.map((i) => i.label);
    for (const k of ['DATABASE_URL', 'STRIPE_SECRET_KEY', 'LOG_LEVEL']) assert.ok(labels.includes(k), `${k} in ${labels.join(', ')}`);
  });

  test('no env completion outside an env read', async () => {
    const uri = uriOf('plain.js');
    open('plain.js', 'javascript', 'const a = console.');
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 18 } });
    assert.deepEqual(items, []);
  });

  test('hover on a secret variable says where it is declared and hides its value', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf('server.js') }, position: { line: 0, character: 50 } });
    const text = hover.contents.value;
    assert.match(text, /STRIPE_SECRET_KEY/);
    assert.match(text, /`\.env:4`/);
    assert.match(text, /hidden/);
    assert.ok(!text.includes(PLANTED.stripe));
    assert.ok(!text.includes('sk_live'), 'not even a prefix');
  });

  test('hover on a non-secret variable does not show its value either', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf('server.js') }, position: { line: 2, character: 30 } });
    assert.match(hover.contents.value, /APP_TITLE/);
    assert.match(hover.contents.value, /`\.env:6`: set \(value not shown\)/);
  });

  test('go to definition from a read in code lands on the .env line', async () => {
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf('app.py') }, position: { line: 1, character: 20 } });
    const env = defs.find((d) => d.uri === uriOf('.env'));
    assert.ok(env, JSON.stringify(defs));
    assert.deepEqual(env.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } });
    assert.ok(defs.some((d) => d.uri === uriOf('.env.example') && d.range.start.line === 1));
    // Anywhere in the read expression, not only on the name.
    const fromCall = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf('app.py') }, position: { line: 1, character: 8 } });
    assert.deepEqual(fromCall, defs);
  });

  test('references from a .env key find its reads in open documents and on disk', async () => {
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf('.env') }, position: { line: 8, character: 3 }, context: { includeDeclaration: true },
    });
    const where = refs.map((r) => `${path.relative(workspace, fileURLToPath(r.uri))}:${r.range.start.line}`);
    for (const w of ['.env:4', '.env:8', '.env.example:2', 'server.js:1', path.join('jobs', 'worker.js') + ':0']) assert.ok(where.includes(w), `${w} in ${where.join(', ')}`);
  });

  test('hover on a .env key lists the code that reads it', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf('.env') }, position: { line: 8, character: 2 } });
    assert.match(hover.contents.value, /Read in 2 places/);
    assert.match(hover.contents.value, /`server\.js:2`/);
    assert.match(hover.contents.value, /`jobs\/worker\.js:1`/);
  });

  test('rename of a key renames it in the env files and the code', async () => {
    const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: uriOf('server.js') }, position: { line: 1, character: 28 } });
    assert.equal(prepared.placeholder, 'LOG_LEVEL');
    const edit = await client.request<WorkspaceEditLsp>('textDocument/rename', { textDocument: { uri: uriOf('server.js') }, position: { line: 1, character: 28 }, newName: 'APP_LOG_LEVEL' });
    const files = Object.entries(edit.changes ?? {}).map(([uri, edits]) => `${path.relative(workspace, fileURLToPath(uri))}:${edits.map((e) => e.range.start.line).sort().join(',')}`).sort();
    assert.deepEqual(files, ['.env.example:2', '.env:4,8', path.join('jobs', 'worker.js') + ':0', 'server.js:1'].sort());
    for (const edits of Object.values(edit.changes ?? {})) for (const e of edits) assert.equal(e.newText, 'APP_LOG_LEVEL');
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: uriOf('server.js') }, position: { line: 1, character: 28 }, newName: 'not valid' }), /not a valid/);
  });

  test('the outline has one symbol per key; comment blocks fold', async () => {
    const symbols = await client.request<{ name: string; detail?: string }[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf('.env') } });
    assert.deepEqual(symbols.map((s) => s.name), ['DATABASE_URL', 'STRIPE_SECRET_KEY', 'LOG_LEVEL', 'APP_TITLE', 'api_token', 'SESSION_SECRET', 'LOG_LEVEL', 'CALLBACK_URL']);
    assert.equal(symbols[1].detail, 'secret');
    const folds = await client.request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', { textDocument: { uri: uriOf('.env') } });
    assert.deepEqual(folds, [{ startLine: 0, endLine: 1, kind: 'comment' }]);
  });

  test('twelveFactor/secretRanges lists the value ranges of secret-looking entries, without values', async () => {
    const { ranges } = await client.request<{ ranges: Range[] }>('twelveFactor/secretRanges', { uri: uriOf('.env') });
    assert.deepEqual(ranges.map((r) => r.start.line), [2, 3, 6, 7]);
    assert.deepEqual(ranges[1], { start: { line: 3, character: 18 }, end: { line: 3, character: 18 + PLANTED.stripe.length } });
  });

  test('generateEnvExample creates .env.example (never overwriting) with keys and comments, no values', async () => {
    const before = frames(raw).length;
    const result = await client.request<{ applied: boolean; uri: string; added: number }>('workspace/executeCommand', {
      command: 'twelve-factor.generateEnvExample', arguments: [{ uri: uriOf('billing/.env') }],
    });
    assert.equal(result.uri, uriOf('billing/.env.example'));
    assert.equal(result.added, 2);
    const apply = frames(raw).slice(before).find((m) => m.method === 'workspace/applyEdit');
    assert.ok(apply, 'the server asked the client to apply an edit');
    const { edit } = apply.params as { edit: WorkspaceEditLsp };
    const [create, change] = edit.documentChanges ?? [];
    assert.deepEqual(create, { kind: 'create', uri: uriOf('billing/.env.example'), options: { ignoreIfExists: true, overwrite: false } });
    assert.ok(change && 'textDocument' in change);
    assert.deepEqual(change.edits, [{
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      newText: '# Billing service\nSTRIPE_SECRET_KEY=\n# STRIPE_WEBHOOK_SECRET=\n\nexport INVOICE_TITLE= # shown on PDFs\n',
    }]);
  });

  test('addMissingKeys appends the keys the template lacks', async () => {
    const before = frames(raw).length;
    const result = await client.request<{ added: number }>('workspace/executeCommand', { command: 'twelve-factor.addMissingKeys', arguments: [{ uri: uriOf('.env') }] });
    assert.equal(result.added, 5);
    const apply = frames(raw).slice(before).find((m) => m.method === 'workspace/applyEdit');
    const change = (apply?.params as { edit: WorkspaceEditLsp }).edit.documentChanges?.[0];
    assert.ok(change && 'textDocument' in change);
    assert.equal(change.textDocument.uri, uriOf('.env.example'));
    assert.deepEqual(change.edits.map((e) => e.newText), ['STRIPE_SECRET_KEY=\nAPP_TITLE=\napi_token=\nSESSION_SECRET=\nCALLBACK_URL=\n']);
  });

  test('no server output contains a value from the env files', async () => {
    // Exercise the rest of what can carry text: code actions for every diagnostic, hovers on
    // every key, completion in the .env, the example file's diagnostics.
    for (const d of envDiagnostics) {
      await client.request('textDocument/codeAction', { textDocument: { uri: uriOf('.env') }, range: d.range, context: { diagnostics: [d] } });
    }
    for (let line = 2; line <= 9; line++) {
      await client.request('textDocument/hover', { textDocument: { uri: uriOf('.env') }, position: { line, character: 1 } });
    }
    await client.request('textDocument/completion', { textDocument: { uri: uriOf('.env') }, position: { line: 9, character: 15 } });
    await client.request('textDocument/codeLens', { textDocument: { uri: uriOf('.env') } });
    const exampleText = fs.readFileSync(path.join(workspace, '.env.example'), 'utf8');
    const next = client.nextDiagnostics(uriOf('.env.example'));
    open('.env.example', 'dotenv', exampleText);
    const example = ((await next).params as { diagnostics: Diag[] }).diagnostics;
    assert.ok(example.some((d) => d.code === 'config/dotenv-example-secret'), 'the planted token in the template is flagged');
    for (const d of example) {
      await client.request('textDocument/codeAction', { textDocument: { uri: uriOf('.env.example') }, range: d.range, context: { diagnostics: [d] } });
    }
    const everything = raw + client.stderr;
    // The output is there (keys, file names, messages), only the values are not.
    assert.ok(everything.includes('STRIPE_SECRET_KEY') && everything.includes('config/dotenv-example-secret'));
    for (const [name, value] of Object.entries(PLANTED)) {
      assert.ok(!everything.includes(value), `the planted ${name} value appears in the server's output`);
    }
    assert.deepEqual(client.protocolErrors, []);
  });
});
