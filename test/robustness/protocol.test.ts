/**
 * Protocol abuse over stdio: the server keeps serving after malformed JSON-RPC, unknown
 * methods, changes to documents it never saw, out-of-range positions, a file deleted under
 * it and settings of the wrong type; after each, a normal JavaScript file still gets the
 * same diagnostics as at the start.
 *
 * Not covered here: a rule that throws, seen over LSP. The engine contains it (unit test in
 * test/unit/engine.test.ts, and the analyzer logs it once per rule and file), but making a
 * shipped rule throw on purpose needs a test hook in the bundle, which it does not have.
 */
import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertHealthy, diagnostics, logMessages, startServer, type Server } from './lsp-helpers';
import { FramingGuard } from '../../server/src/transport';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-protocol-'));

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

async function through(chunks: Buffer[]): Promise<{ out: string; dropped: string[] }> {
  const dropped: string[] = [];
  const guard = new FramingGuard((r) => dropped.push(r));
  const out: Buffer[] = [];
  guard.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise((r) => guard.on('end', r));
  for (const c of chunks) guard.write(c);
  guard.end();
  await ended;
  return { out: Buffer.concat(out).toString('utf8'), dropped };
}

describe('the stdio framing guard', () => {
  test('passes well-formed messages unchanged, however they are split', async () => {
    const input = Buffer.from(frame('{"jsonrpc":"2.0","id":1,"method":"x","params":"é😀\\r\\n\\r\\n"}') + frame('{}') + `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n${frame('[]')}`);
    for (const size of [1, 2, 7, 64, input.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < input.length; i += size) chunks.push(input.subarray(i, i + size));
      const r = await through(chunks);
      assert.equal(r.out, input.toString('utf8'), `chunks of ${size}`);
      assert.deepEqual(r.dropped, []);
    }
  });
  test('drops a header without a usable Content-Length, and what follows in the same chunk goes through', async () => {
    const good = frame('{"jsonrpc":"2.0","method":"ok"}');
    const r = await through([Buffer.from(`X-Nonsense: 1\r\n\r\nContent-Length: abc\r\n\r\nno colon here\r\n\r\n${good}`)]);
    assert.equal(r.out, good);
    assert.equal(r.dropped.length, 3);
  });
});

describe('protocol abuse, push diagnostics', () => {
  let s: Server;
  let expected: string[];
  before(async () => {
    s = await startServer({ workspace });
    expected = await assertHealthy(s);
  });
  after(async () => {
    await s.client.shutdown();
  });
  const healthy = () => assertHealthy(s, { expected });

  test('garbage bytes with a valid header, an invalid JSON body, JSON that is not JSON-RPC', async () => {
    const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x0a, 0x0d, 0x80, 0x5d, 0x7d, 0xed, 0xa0, 0x80, 0x01]);
    s.client.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${garbage.length}\r\n\r\n`, 'ascii'), garbage]));
    for (const body of ['{not json}', '{"jsonrpc":"2.0","id":', '[]', 'null', '42', '"x"', '{}', '{"foo":1}', '[{"jsonrpc":"2.0","method":"x"}]',
      '{"jsonrpc":"2.0","id":991,"method":5}', '{"jsonrpc":"2.0","id":{"a":1},"method":"textDocument/hover"}', '{"jsonrpc":"1.0","id":992,"method":"shutdown"}',
      '{"jsonrpc":"2.0","id":12345,"result":null}', '{"jsonrpc":"2.0","id":12346,"error":{"code":1,"message":"x"}}', '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":"nope"}',
      '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":null,"contentChanges":7}}']) {
      const bytes = Buffer.from(body, 'utf8');
      s.client.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]));
    }
    await healthy();
  });

  test('bad headers: no Content-Length, a non-numeric one, an unknown content type', async () => {
    s.client.sendRaw('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n');
    s.client.sendRaw('X-Nonsense: 1\r\n\r\n');
    s.client.sendRaw('Content-Length: abc\r\n\r\n');
    s.client.sendRaw('Content-Length: 2\r\nContent-Type: application/x-unknown; charset=latin1\r\n\r\n{}');
    await healthy();
  });

  test('unknown requests and notifications', async () => {
    await assert.rejects(s.client.request('twelveFactor/noSuchRequest', { x: 1 }), /unhandled|not found|method/i);
    await assert.rejects(s.client.request('textDocument/noSuchThing', null));
    s.client.notify('twelveFactor/noSuchNotification', { x: 1 });
    s.client.notify('$/noSuchNotification', null);
    s.client.notify('$/cancelRequest', { id: 987654 });
    s.client.notify('$/setTrace', { value: 'verbose' });
    s.client.notify('$/setTrace', { value: 'off' });
    await healthy();
  });

  test('changes, saves and closes of documents it never saw; re-opens; versions going backwards', async () => {
    const ghost = s.uri('never-opened.js');
    s.client.notify('textDocument/didChange', { textDocument: { uri: ghost, version: 3 }, contentChanges: [{ text: 'x' }] });
    s.client.notify('textDocument/didChange', { textDocument: { uri: ghost, version: 4 }, contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: 'y' }] });
    s.client.notify('textDocument/didSave', { textDocument: { uri: ghost } });
    s.client.notify('textDocument/didClose', { textDocument: { uri: ghost } });
    s.client.notify('textDocument/didChange', { textDocument: { uri: 'not a uri at all', version: 1 }, contentChanges: [{ text: 'x' }] });
    s.client.notify('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'javascript', version: 1, text: 'app.listen(3000);\n' } });
    s.client.notify('textDocument/didOpen', { textDocument: { uri: 'weird-scheme://host/%ZZ/a.js', languageId: 'javascript', version: 1, text: 'app.listen(3000);\n' } });
    const twice = s.uri('twice.js');
    for (let i = 0; i < 2; i++) s.client.notify('textDocument/didOpen', { textDocument: { uri: twice, languageId: 'javascript', version: 1, text: 'x = 1;\n' } });
    const last = await diagnostics(s, twice, {
      version: 3,
      after: () => {
        s.client.notify('textDocument/didChange', { textDocument: { uri: twice, version: 9 }, contentChanges: [{ text: 'y = 2;\n' }] });
        // Out-of-range edits are clamped, never thrown.
        s.client.notify('textDocument/didChange', {
          textDocument: { uri: twice, version: 3 },
          contentChanges: [
            { range: { start: { line: 999, character: 999 }, end: { line: 1000, character: 0 } }, text: 'require("http").createServer().listen(8080);\n' },
            { range: { start: { line: -1, character: -5 }, end: { line: 0, character: 0 } }, text: '' },
          ],
        });
      },
    });
    assert.ok(last.some((d) => d.code === 'port-binding/no-hardcoded-port'), JSON.stringify(last));
    s.client.notify('textDocument/didClose', { textDocument: { uri: twice } });
    await healthy();
  });

  test('out-of-range positions and malformed params in code actions, hover, completion, definition and more', async () => {
    const uri = s.uri('positions.js');
    await diagnostics(s, uri, { after: () => s.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: 'const x = process.env.PORT;\napp.listen(3000);\n' } }) });
    const positions = [{ line: 1e6, character: 1e6 }, { line: -1, character: -5 }, { line: 0, character: 2 ** 31 }, { line: 2 ** 31, character: 0 }, { line: 1.5, character: 0.5 }];
    const methods = Object.keys(s.result.capabilities);
    const calls: Promise<unknown>[] = [];
    const ask = (method: string, params: unknown) => calls.push(s.client.request(method, params).catch((e: unknown) => e));
    for (const target of [uri, s.uri('not-open.js')]) {
      for (const p of positions) {
        if (methods.includes('hoverProvider')) ask('textDocument/hover', { textDocument: { uri: target }, position: p });
        if (methods.includes('completionProvider')) ask('textDocument/completion', { textDocument: { uri: target }, position: p });
        if (methods.includes('definitionProvider')) ask('textDocument/definition', { textDocument: { uri: target }, position: p });
        if (methods.includes('referencesProvider')) ask('textDocument/references', { textDocument: { uri: target }, position: p, context: { includeDeclaration: true } });
        ask('textDocument/codeAction', {
          textDocument: { uri: target }, range: { start: p, end: { line: 0, character: 0 } },
          context: { diagnostics: [{ range: { start: p, end: p }, message: 'x', source: 'twelve-factor', code: 'port-binding/no-hardcoded-port', data: { version: 1, ruleId: 'port-binding/no-hardcoded-port', fixes: 'nope' } }] },
        });
        ask('textDocument/codeAction', { textDocument: { uri: target }, range: { start: p, end: p }, context: { diagnostics: [], only: ['source.fixAll.twelve-factor'] } });
      }
      if (methods.includes('documentSymbolProvider')) ask('textDocument/documentSymbol', { textDocument: { uri: target } });
      if (methods.includes('codeLensProvider')) ask('textDocument/codeLens', { textDocument: { uri: target } });
    }
    // Params of the wrong shape altogether.
    for (const params of [null, {}, { textDocument: 5 }, { textDocument: { uri: uri } }, [1, 2]]) {
      ask('textDocument/codeAction', params);
      if (methods.includes('hoverProvider')) ask('textDocument/hover', params);
    }
    ask('workspace/executeCommand', { command: 'twelve-factor.showDocumentation', arguments: ['javascript:alert(1)'] });
    ask('workspace/executeCommand', { command: 'no.such.command', arguments: [] });
    const answers = await Promise.all(calls);
    assert.equal(answers.length, calls.length, 'every request was answered (result or error)');
    await healthy();
  });

  test('a file deleted under it: open, delete from disk, change, request actions', async () => {
    const file = path.join(workspace, 'gone.py');
    const env = path.join(workspace, '.env');
    fs.writeFileSync(env, 'DATABASE_URL=postgres://localhost/dev\n');
    const text = 'import os\nfrom flask import Flask\napp = Flask(__name__)\ndb = os.environ["DATABASE_URL"]\napp.run(port=5000)\n';
    fs.writeFileSync(file, text);
    const uri = s.uri('gone.py');
    await diagnostics(s, uri, { after: () => s.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } }) });
    fs.rmSync(file);
    fs.rmSync(env);
    s.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }, { uri: s.uri('.env'), type: 3 }] });
    const after = await diagnostics(s, uri, {
      version: 2,
      after: () => s.client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '# edited\n' }] }),
    });
    assert.ok(after.some((d) => d.code === 'port-binding/no-hardcoded-port'), JSON.stringify(after.map((d) => d.code)));
    const actions = await s.client.request<{ title: string }[]>('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } }, context: { diagnostics: after },
    });
    assert.ok(Array.isArray(actions));
    s.client.notify('textDocument/didSave', { textDocument: { uri } });
    s.client.notify('textDocument/didClose', { textDocument: { uri } });
    await healthy();
  });

  test('settings of the wrong type: defaults, and one warning per bad setting however many documents', async () => {
    const before = logMessages(s).length;
    s.client.configuration = {
      debounceMs: 'soon', enable: 'yes', maxFileSize: 'big', timeBudgetMs: -1, rules: 7, ignore: 'dist', includeTests: 1,
      dotenv: { files: 'nope' }, procfile: { target: 'mars' }, trace: { server: 3 }, run: ['onType'], cloakSecrets: {},
    };
    s.client.notify('workspace/didChangeConfiguration', { settings: null });
    const uris = [1, 2, 3, 4, 5, 6].map((i) => s.uri(`settings-${i}.js`));
    for (const uri of uris) {
      const d = await diagnostics(s, uri, { after: () => s.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: 'require("http").createServer().listen(8080);\n' } }) });
      assert.ok(d.some((x) => x.code === 'port-binding/no-hardcoded-port'), 'still checked, with the defaults');
    }
    const warnings = logMessages(s).slice(before).filter((m) => /twelveFactor\./.test(m.message));
    for (const key of ['debounceMs', 'enable', 'maxFileSize', 'timeBudgetMs', 'rules', 'ignore', 'includeTests', 'dotenv.files', 'procfile.target', 'trace.server', 'run', 'cloakSecrets']) {
      const about = warnings.filter((m) => m.message.includes(`twelveFactor.${key} `));
      assert.equal(about.length, 1, `one warning about twelveFactor.${key}: ${JSON.stringify(warnings.map((m) => m.message))}`);
    }
    assert.ok(warnings.every((m) => m.type === 2), 'logged as warnings');
    for (const uri of uris) s.client.notify('textDocument/didClose', { textDocument: { uri } });
    s.client.configuration = { debounceMs: 0 };
    s.client.notify('workspace/didChangeConfiguration', { settings: null });
    await healthy();
  });

  test('nothing but LSP messages on stdout, and the server is still up', async () => {
    await healthy();
    assert.deepEqual(s.client.protocolErrors, []);
    assert.equal(s.client.proc.exitCode, null);
  });
});
