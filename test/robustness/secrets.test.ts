/**
 * Secrets never leave: known secrets planted in every kind of file (planted.ts), then
 * everything the server says over a full LSP session (pushed diagnostics, hovers at
 * each secret and each env read, completion, definition, references, symbols, code lenses
 * and their commands, code action titles, the custom requests, the workspace scan, log
 * messages and traces) and everything the CLI prints in its three formats (stdout, stderr,
 * --output) is searched for each secret and for every 8-character piece of it.
 *
 * What is not searched, by design: code action `edit` payloads (the move-to-env fix carries
 * the value into `.env`) and `diagnostic.data` (those fixes again). The VS Code client's
 * output channel shows what the server logs (window/logMessage, searched here) plus the
 * client's own lines; the in-editor suite covers it.
 *
 * The server and the CLI run with the no-network preload: nothing may be recorded.
 */
import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../support/engine';
import { LineIndex } from '../../server/src/parsing/document';
import { diagnostics, startServer, type Diag, type Server } from './lsp-helpers';
import { leaksIn, plantSecrets, secretWindows, type Planted } from './planted';
import { preloadEnv, readTrustLog } from './trust-support';

const CLI = path.join(REPO, 'dist', 'cli.js');

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** LSP frames of a raw stdout capture, as JSON values. */
function frames(raw: Buffer): unknown[] {
  const out: unknown[] = [];
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const m = /Content-Length: (\d+)/i.exec(rest.subarray(0, end).toString('ascii'));
    if (!m) break;
    const body = rest.subarray(end + 4, end + 4 + Number(m[1]));
    rest = rest.subarray(end + 4 + Number(m[1]));
    out.push(JSON.parse(body.toString('utf8')));
  }
  return out;
}

/** A message without its `edit` and `data` members (anywhere), as text. */
function searchable(message: unknown): string {
  return JSON.stringify(message, (k, v: unknown) => (k === 'edit' || k === 'data' ? undefined : v));
}

function capture(s: Server): () => Buffer {
  const chunks: Buffer[] = [];
  s.client.proc.stdout.on('data', (d: Buffer) => chunks.push(d));
  return () => Buffer.concat(chunks);
}

/** Start offsets of every occurrence of `needle`. */
function offsetsOf(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

describe('secrets never leave', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-secrets-'));
  const trustLog = path.join(workspace, '..', `${path.basename(workspace)}-trust.log`);
  let planted: Planted;
  let windows: Map<string, string>;
  const leaks: string[] = [];
  const check = (where: string, text: string) => {
    for (const l of leaksIn(text, windows)) leaks.push(`${where}: ${l}`);
  };

  before(() => {
    planted = plantSecrets(workspace);
    windows = secretWindows(planted.secrets);
    assert.ok(planted.files.length >= 10 && windows.size > 1000);
  });
  after(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(trustLog, { force: true });
  });

  test('a full LSP session (push diagnostics) says nothing of them', async () => {
    const s = await startServer({ workspace, env: preloadEnv(trustLog), capabilities: { textDocument: { hover: {}, completion: {}, codeLens: {} } } });
    const raw = capture(s);
    const caps = s.result.capabilities;
    let current = '';
    const ask = async (method: string, params: unknown): Promise<unknown> => {
      const result = await s.client.request(method, params).catch((e: unknown) => ({ error: String(e) }));
      check(`${method} on ${current}`, searchable(result));
      return result;
    };
    try {
      s.client.notify('$/setTrace', { value: 'verbose' });
      const diags = new Map<string, Diag[]>();
      for (const f of planted.files) {
        const uri = s.uri(f.name);
        diags.set(f.name, await diagnostics(s, uri, { after: () => s.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: f.languageId, version: 1, text: f.text } }) }));
      }
      assert.ok([...diags.values()].flat().some((d) => d.code === 'config/no-hardcoded-secret'), 'the secrets are found (so their findings were rendered)');
      for (const f of planted.files) {
        const uri = s.uri(f.name);
        current = f.name;
        const lines = new LineIndex(f.text);
        const offsets = [...f.secrets.flatMap((x) => offsetsOf(f.text, x.value.split('\n')[0]).flatMap((o) => [o, o + 5, o + Math.floor(x.value.split('\n')[0].length / 2)])),
          ...f.envReads.flatMap((r) => offsetsOf(f.text, r).flatMap((o) => [o, o + r.length - 4]))];
        for (const o of offsets) {
          const position = lines.positionAt(o);
          const at = { textDocument: { uri }, position };
          if (caps.hoverProvider) await ask('textDocument/hover', at);
          if (caps.completionProvider) await ask('textDocument/completion', at);
          if (caps.definitionProvider) await ask('textDocument/definition', at);
          if (caps.referencesProvider) await ask('textDocument/references', { ...at, context: { includeDeclaration: true } });
          if (caps.documentHighlightProvider) await ask('textDocument/documentHighlight', at);
          if (caps.renameProvider) await ask('textDocument/prepareRename', at);
        }
        if (caps.documentSymbolProvider) await ask('textDocument/documentSymbol', { textDocument: { uri } });
        if (caps.foldingRangeProvider) await ask('textDocument/foldingRange', { textDocument: { uri } });
        if (caps.codeLensProvider) {
          const lenses = await ask('textDocument/codeLens', { textDocument: { uri } });
          for (const l of Array.isArray(lenses) ? lenses as { command?: { command: string; arguments?: unknown[] } }[] : []) {
            if (l.command) await ask('workspace/executeCommand', { command: l.command.command, arguments: l.command.arguments ?? [] });
          }
        }
        await ask('twelveFactor/secretRanges', { uri });
        const all = { start: { line: 0, character: 0 }, end: { line: lines.lineCount, character: 0 } };
        for (const d of diags.get(f.name) ?? []) {
          await ask('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
        }
        await ask('textDocument/codeAction', { textDocument: { uri }, range: all, context: { diagnostics: diags.get(f.name) ?? [] } });
        await ask('textDocument/codeAction', { textDocument: { uri }, range: all, context: { diagnostics: [], only: ['source.fixAll.twelve-factor'] } });
      }
      await ask('twelveFactor/rules', null);
      await ask('twelveFactor/scanWorkspace', null);
      // An edit, a save, a close: diagnostics again, then cleared.
      const js = planted.files[0];
      const uri = s.uri(js.name);
      await diagnostics(s, uri, { version: 2, after: () => s.client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// edited\n' }] }) });
      s.client.notify('textDocument/didSave', { textDocument: { uri } });
      for (const f of planted.files) s.client.notify('textDocument/didClose', { textDocument: { uri: s.uri(f.name) } });
      await ask('twelveFactor/rules', null);
    } finally {
      await s.client.shutdown();
    }
    const messages = frames(raw());
    assert.ok(messages.length > 50, `the session said a lot (${messages.length} messages)`);
    for (const m of messages) check(`server message ${(m as { method?: string }).method ?? 'response'}`, searchable(m));
    check('server stderr', s.client.stderr);
    assert.deepEqual(leaks, []);
    assert.deepEqual(readTrustLog(trustLog), [], 'no network, no child process');
  });

  test('the CLI says nothing of them in text, JSON or SARIF, on stdout, stderr or --output', async () => {
    // Text on stdout (with --stats on stderr); JSON and SARIF through --output (stdout then empty). Side by side.
    const out = (format: string) => path.join(os.tmpdir(), `tf-secrets-${process.pid}.${format}`);
    const runs = [['text', ['--stats']], ['json', ['--output', out('json')]], ['sarif', ['--output', out('sarif')]]] as const;
    const results = await Promise.all(runs.map(([format, args]) => cli(['check', '.', '--format', format, ...args], workspace, { ...preloadEnv(trustLog), NO_COLOR: '1' })));
    runs.forEach(([format, args], i) => {
      const r = results[i];
      const argv = ['check', '.', '--format', format, ...args].join(' ');
      assert.ok(r.code === 0 || r.code === 1, `${argv}: exit ${r.code}: ${r.stderr}`);
      check(`cli ${argv} stdout`, r.stdout);
      check(`cli ${argv} stderr`, r.stderr);
      const report = format === 'text' ? r.stdout : fs.readFileSync(out(format), 'utf8');
      assert.match(report, /no-hardcoded-secret/, 'the report has the findings');
      check(`cli ${argv} report`, report);
      if (format !== 'text') fs.rmSync(out(format));
    });
    assert.deepEqual(leaks, []);
    assert.deepEqual(readTrustLog(trustLog), []);
  });
});
