/**
 * Helpers for the robustness tests that drive dist/server.js: starting a server (optionally
 * with extra environment, e.g. a --require preload), the health check every abuse is
 * followed by (a fresh JavaScript file still gets exactly its diagnostics), and the
 * server's resident memory.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient, type Message } from '../support/lsp-client';

export interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number; source?: string; code?: string; message: string; data?: unknown;
}

export interface StartOptions {
  /** Pull diagnostics (the client declares textDocument.diagnostic). */
  pull?: boolean;
  /** Answer to workspace/configuration. */
  configuration?: unknown;
  workspace?: string;
  /** Extra environment for the server process (NODE_OPTIONS for a preload...). */
  env?: NodeJS.ProcessEnv;
  /** More client capabilities. */
  capabilities?: Record<string, unknown>;
}

export interface Server { client: LspClient; uri(name: string): string; result: { capabilities: Record<string, unknown> } }

/** Starts and initialises dist/server.js. */
export async function startServer(o: StartOptions = {}): Promise<Server> {
  // LspClient spawns with this process's environment: lend it the extra variables meanwhile.
  const saved: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(o.env ?? {})) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let client: LspClient;
  try {
    client = new LspClient();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  client.configuration = o.configuration ?? { debounceMs: 0 };
  const capabilities: Record<string, unknown> = {
    workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: false } },
    ...(o.pull ? { textDocument: { diagnostic: { dynamicRegistration: false } } } : {}),
    ...o.capabilities,
  };
  const rootUri = o.workspace ? pathToFileURL(o.workspace).toString() : undefined;
  const result = await client.initialize(capabilities, { rootUri }) as Server['result'];
  const base = o.workspace ?? '/nonexistent-workspace';
  return { client, result, uri: (name) => pathToFileURL(path.join(base, name)).toString() };
}

export function diagnosticsOf(m: Message): Diag[] {
  return (m.params as { diagnostics: Diag[] }).diagnostics;
}

/** Diagnostics of an open document: pulled, or the next push (for a given version). */
export async function diagnostics(s: Server, uri: string, o: { pull?: boolean; version?: number; after?: () => void } = {}): Promise<Diag[]> {
  if (o.pull) {
    o.after?.();
    const r = await s.client.request<{ items: Diag[] }>('textDocument/diagnostic', { textDocument: { uri } });
    return r.items;
  }
  const next = s.client.nextDiagnostics(uri, o.version);
  o.after?.();
  return diagnosticsOf(await next);
}

export const HEALTH_JS = `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(8080);
`;

const key = (d: Diag) => `${d.code ?? ''}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

let healthCount = 0;

/**
 * Opens a fresh JavaScript file and checks its diagnostics: the hard-coded port on line 3,
 * each per the contract, and the same set every time (the first call records it).
 */
export async function assertHealthy(s: Server, o: { pull?: boolean; expected?: string[] } = {}): Promise<string[]> {
  assert.equal(s.client.proc.exitCode, null, `the server exited; stderr: ${s.client.stderr.slice(-500)}`);
  const uri = s.uri(`health-${++healthCount}.js`);
  const diags = await diagnostics(s, uri, {
    pull: o.pull,
    after: () => s.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: HEALTH_JS } }),
  });
  s.client.notify('textDocument/didClose', { textDocument: { uri } });
  for (const d of diags) {
    assert.equal(d.source, 'twelve-factor');
    assert.match(String(d.code), /^[a-z-]+\/[a-z0-9-]+$/);
    assert.match(d.message, /Factor [IVX]+/);
  }
  assert.ok(diags.some((d) => d.code === 'port-binding/no-hardcoded-port' && d.range.start.line === 2), `the hard-coded port is flagged: ${JSON.stringify(diags.map(key))}`);
  const got = diags.map(key).sort();
  if (o.expected) assert.deepEqual(got, o.expected);
  return got;
}

/** Resident set size of a process in MB (Linux /proc), or undefined elsewhere. */
export function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The log messages the server has sent so far (window/logMessage and window/showMessage). */
export function logMessages(s: Server): { type: number; message: string }[] {
  return s.client.notifications
    .filter((m) => m.method === 'window/logMessage' || m.method === 'window/showMessage')
    .map((m) => m.params as { type: number; message: string });
}
