/**
 * dist/server.js starts the server from a V8 code cache: the first start saves one when the
 * server exits, later starts use it, and a cache that is damaged or cannot be written never
 * changes what the server answers.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient } from '../support/lsp-client';

const SOURCE = "const express = require('express');\nconst app = express();\napp.listen(3000);\n";

/** Starts a server with the cache in `cacheDir`, opens one file and returns the rule ids it reports; the server then exits. */
async function findingsWith(cacheDir: string): Promise<string[]> {
  const before = process.env.TWELVE_FACTOR_CACHE_DIR;
  process.env.TWELVE_FACTOR_CACHE_DIR = cacheDir;
  const client = new LspClient();
  if (before === undefined) delete process.env.TWELVE_FACTOR_CACHE_DIR;
  else process.env.TWELVE_FACTOR_CACHE_DIR = before;
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-boot-ws-'));
  try {
    client.configuration = { debounceMs: 0 };
    await client.initialize({}, { rootUri: pathToFileURL(ws).toString() });
    const uri = pathToFileURL(path.join(ws, 'app.js')).toString();
    const diagnostics = client.nextDiagnostics(uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: SOURCE } });
    const m = await diagnostics;
    return ((m.params as { diagnostics: { code: string }[] }).diagnostics).map((d) => d.code).sort();
  } finally {
    await client.shutdown();
    await client.exited;
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

const cacheFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

test('the first start saves a code cache, the next ones use it and answer the same', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-boot-cache-'));
  try {
    const first = await findingsWith(dir);
    assert.ok(first.includes('port-binding/no-hardcoded-port'), JSON.stringify(first));
    const files = cacheFiles(dir);
    assert.equal(files.length, 1, 'one cache, saved at exit');
    const saved = fs.readFileSync(path.join(dir, files[0]));
    assert.ok(saved.length > 1024);

    // Used, not rewritten.
    assert.deepEqual(await findingsWith(dir), first);
    assert.deepEqual(fs.readFileSync(path.join(dir, files[0])), saved);

    // Damaged: ignored, the server answers the same, and a good one is saved again (and the
    // caches of other bundles are removed then).
    fs.writeFileSync(path.join(dir, files[0]), Buffer.from('not a code cache at all'));
    fs.writeFileSync(path.join(dir, 'server-0000000000000000-v0.0.0-x64.v8cache'), 'an earlier version');
    assert.deepEqual(await findingsWith(dir), first);
    assert.ok(fs.readFileSync(path.join(dir, files[0])).length > 1024, 'replaced by a valid cache');
    assert.deepEqual(cacheFiles(dir), files);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache folder that cannot be used changes nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-boot-cache-'));
  try {
    // A file where the folder should be: no cache can be read or written there.
    const notADir = path.join(dir, 'file');
    fs.writeFileSync(notADir, 'x');
    const found = await findingsWith(notADir);
    assert.ok(found.includes('port-binding/no-hardcoded-port'), JSON.stringify(found));
    assert.equal(fs.readFileSync(notADir, 'utf8'), 'x');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
