/**
 * Drives the built dist/server.js over stdio, as any LSP client would.
 */
import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient, type Message } from '../support/lsp-client';
import { applyEdits } from '../../server/src/engine/edits';
import { syntaxErrors } from '../unit/fix-properties';
import { REPO } from '../support/engine';
import { check } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { RULES } from '../../server/src/rules/index';
import type { Finding } from '../../server/src/engine/types';

interface Diag { range: { start: { line: number; character: number }; end: { line: number; character: number } }; source: string; code: string; codeDescription?: { href: string }; message: string; data?: unknown; severity: number }
interface TextEditLsp { range: Diag['range']; newText: string }
interface CodeActionLsp { title: string; kind?: string; isPreferred?: boolean; edit?: { documentChanges?: ({ textDocument: { uri: string }; edits: TextEditLsp[] } | { kind: string; uri: string })[] }; command?: { command: string } }

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-'));
const rootUri = pathToFileURL(workspace).toString();
const uriOf = (name: string) => pathToFileURL(path.join(workspace, name)).toString();

const JS = `const express = require('express');
const app = express();
const port = process.env.PORT || 3000;
app.listen(8080);
`;
const TS = `import express from 'express';
const app = express();
app.listen(4000, () => console.log('up'));
`;
const PY = `import os
from flask import Flask
app = Flask(__name__)
debug = os.environ.get("DEBUG", "0")
app.run(host="0.0.0.0", port=5000)
`;

function diagnosticsOf(m: Message): Diag[] {
  return (m.params as { diagnostics: Diag[] }).diagnostics;
}

function assertContract(d: Diag): void {
  assert.equal(d.source, 'twelve-factor');
  assert.match(d.code, /^[a-z-]+\/[a-z0-9-]+$/);
  assert.equal(d.codeDescription?.href, `https://12factor.net/${d.code.split('/')[0]}`);
  assert.match(d.message, /Factor [IVX]+/);
}

function ownEdits(action: CodeActionLsp, uri: string): TextEditLsp[] {
  return (action.edit?.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : []));
}

describe('language server over stdio, push diagnostics', () => {
  const client = new LspClient();
  before(async () => {
    client.configuration = { debounceMs: 0 };
    await client.initialize({ workspace: { configuration: true } }, { rootUri });
  });
  after(async () => { await client.shutdown(); });

  for (const [name, languageId, text, line] of [
    ['server.js', 'javascript', JS, 3], ['main.ts', 'typescript', TS, 2], ['app.py', 'python', PY, 4],
  ] as const) {
    test(`publishes a port-binding finding for ${languageId}`, async () => {
      const uri = uriOf(name);
      const next = client.nextDiagnostics(uri);
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      const diags = diagnosticsOf(await next);
      const port = diags.filter((d) => d.code === 'port-binding/no-hardcoded-port');
      assert.equal(port.length, 1, JSON.stringify(diags.map((d) => [d.code, d.range.start.line])));
      assert.equal(port[0].range.start.line, line);
      diags.forEach(assertContract);
    });
  }

  test('a quick fix edit clears the finding it was offered for', async () => {
    const uri = uriOf('server.js');
    const first = client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri).pop();
    assert.ok(first);
    const diag = diagnosticsOf(first).find((d) => d.code === 'port-binding/no-hardcoded-port');
    assert.ok(diag);
    const actions = await client.request<CodeActionLsp[]>('textDocument/codeAction', {
      textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => t.startsWith('Disable port-binding/no-hardcoded-port for this line')), titles.join('\n'));
    assert.ok(titles.some((t) => t.startsWith('Show documentation')), titles.join('\n'));
    const fix = actions.find((a) => a.isPreferred) ?? actions[0];
    const edits = ownEdits(fix, uri);
    assert.ok(edits.length > 0, 'the fix edits the document');
    const fixed = applyEdits(JS, edits);
    const next = client.nextDiagnostics(uri);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = diagnosticsOf(await next);
    assert.equal(after.filter((d) => d.code === 'port-binding/no-hardcoded-port').length, 0, fixed);
  });

  test('incremental changes keep findings in step with the text', async () => {
    const uri = uriOf('inc.js');
    let next = client.nextDiagnostics(uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: 'const app = require("express")();\n' } });
    assert.equal(diagnosticsOf(await next).length, 0);
    next = client.nextDiagnostics(uri, 2);
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'app.listen(9000);\n' }],
    });
    const diags = diagnosticsOf(await next).filter((d) => d.code.startsWith('port-binding/'));
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['port-binding/no-hardcoded-port', 1, 11]]);
  });

  test('moving a Stripe key to the environment: one edit, the key once in .env, .env ignored, still parses', async () => {
    const key = ['sk', 'live', '51Hq8RzKx7VbN2mPqT4wY6uLcDe'].join('_');
    const text = `const Stripe = require('stripe');\nconst stripeSecretKey = '${key}';\nconst stripe = Stripe(stripeSecretKey);\nmodule.exports = stripe;\n`;
    const uri = uriOf('billing.js');
    const next = client.nextDiagnostics(uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text } });
    const diag = diagnosticsOf(await next).find((d) => d.code === 'config/no-hardcoded-secret');
    assert.ok(diag, 'the key is flagged');
    assert.ok(!diag.message.includes(key.slice(8)), 'the message does not repeat the key');
    const actions = await client.request<CodeActionLsp[]>('textDocument/codeAction', {
      textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] },
    });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, actions.map((a) => a.title).join('\n'));
    assert.ok(!preferred.title.includes(key.slice(8)), 'the title does not repeat the key');
    // Carry out the WorkspaceEdit on a copy of the workspace, as an editor would.
    const files = new Map<string, string>();
    for (const change of preferred.edit?.documentChanges ?? []) {
      if ('kind' in change) {
        assert.equal(change.kind, 'create');
        if (!files.has(change.uri)) files.set(change.uri, '');
        continue;
      }
      const current = change.textDocument.uri === uri ? text : files.get(change.textDocument.uri) ?? fs.readFileSync(new URL(change.textDocument.uri), 'utf8');
      files.set(change.textDocument.uri, applyEdits(current, change.edits));
    }
    const fixed = files.get(uri) ?? '';
    const name = /process\.env\.([A-Z][A-Z0-9_]*)/.exec(fixed)?.[1];
    assert.ok(name, fixed);
    assert.ok(!fixed.includes(key), 'the key left the code');
    assert.equal(await syntaxErrors('billing.js', fixed), 0);
    const env = files.get(uriOf('.env')) ?? '';
    assert.equal(env.split(key).length - 1, 1, 'the key lands exactly once in .env');
    assert.match(env, new RegExp(`^${name}=`, 'm'));
    assert.match(files.get(uriOf('.gitignore')) ?? '', /^\.env$/m);
    assert.match(files.get(uriOf('.env.example')) ?? '', new RegExp(`^${name}=$`, 'm'));
  });

  test('on a file with syntax errors, code actions offer exactly the fixes a full check keeps', async () => {
    // Diagnostics of a file being typed leave their fixes unchecked (checking parses the file
    // once per fix); code actions check them before offering them. A broken variant of a
    // fixture where the check withholds a fix: the first cut of a few characters that does so.
    const fixture = fs.readFileSync(path.join(REPO, 'test/fixtures/rules/backing-services/no-fixed-host/basic.py'), 'utf8');
    const request = (text: string, deferFixChecks: boolean) => check({
      path: path.join(workspace, 'broken.py'), relativePath: 'broken.py', text, language: 'python', grammar: 'python',
      settings: { ...DEFAULT_SETTINGS, timeBudgetMs: 0 }, rules: RULES, deferFixChecks,
    });
    const fixCount = (fs: Finding[]) => fs.reduce((n, f) => n + f.fixes.length, 0);
    let text: string | undefined;
    let kept: Finding[] = [];
    for (let cut = 1; cut < fixture.length && !text; cut += 13) {
      const broken = `${fixture.slice(0, cut)}\n${fixture.slice(cut + 3)}`;
      const full = await request(broken, false);
      if (fixCount(full.findings) < fixCount((await request(broken, true)).findings)) { text = broken; kept = full.findings; }
    }
    assert.ok(text, 'a broken variant of the fixture where a fix is withheld');
    const uri = uriOf('broken.py');
    const next = client.nextDiagnostics(uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const diags = diagnosticsOf(await next);
    assert.ok(diags.some((d) => (d.data as { unchecked?: boolean }).unchecked), 'the diagnostics say their fixes are unchecked');
    assert.equal(diags.length, kept.length);
    for (const d of diags) {
      const actions = await client.request<CodeActionLsp[]>('textDocument/codeAction', {
        textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] },
      });
      const offered = actions.filter((a) => !/^(Disable|Show documentation|Fix all)/.test(a.title)).map((a) => a.title);
      const finding = kept.find((f) => f.ruleId === d.code && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character);
      assert.deepEqual(offered, finding?.fixes.map((f) => f.title), `${d.code} on line ${d.range.start.line}`);
    }
  });

  test('keeps serving after unknown requests and changes to unknown documents', async () => {
    await assert.rejects(client.request('twelveFactor/noSuchMethod', {}), /Unhandled method|not found|unhandled/i);
    client.notify('textDocument/didChange', { textDocument: { uri: uriOf('never-opened.js'), version: 3 }, contentChanges: [{ text: 'x' }] });
    const actions = await client.request<CodeActionLsp[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf('never-opened.js') }, range: { start: { line: 99, character: 0 }, end: { line: 99, character: 5 } }, context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);
    assert.deepEqual(client.protocolErrors, [], 'nothing but LSP messages on stdout');
  });
});

describe('language server over stdio, pull diagnostics', () => {
  const client = new LspClient();
  before(async () => {
    client.configuration = { debounceMs: 0 };
    const result = await client.initialize({ workspace: { configuration: true }, textDocument: { diagnostic: { dynamicRegistration: false } } }, { rootUri }) as { capabilities: { diagnosticProvider?: unknown } };
    assert.ok(result.capabilities.diagnosticProvider, 'announces pull diagnostics');
  });
  after(async () => { await client.shutdown(); });

  test('answers textDocument/diagnostic with findings and offers fix-all for a fixed port', async () => {
    const uri = uriOf('pulled.js');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: JS } });
    const report = await client.request<{ kind: string; items: Diag[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    assert.ok(report.items.some((d) => d.code === 'port-binding/no-hardcoded-port'));
    report.items.forEach(assertContract);
    const actions = await client.request<CodeActionLsp[]>('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.twelve-factor'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.twelve-factor');
    const fixed = applyEdits(JS, ownEdits(actions[0], uri));
    assert.match(fixed, /process\.env\.PORT/);
    assert.equal(client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics').length, 0, 'no push to a pull client');
  });

  test('settings pulled per resource turn a rule off', async () => {
    client.configuration = { debounceMs: 0, rules: { 'port-binding/*': 'off' } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const uri = uriOf('pulled.js');
    const report = await client.request<{ items: Diag[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.items.filter((d) => d.code.startsWith('port-binding/')).length, 0);
    client.configuration = { debounceMs: 0 };
    client.notify('workspace/didChangeConfiguration', { settings: null });
  });
});
