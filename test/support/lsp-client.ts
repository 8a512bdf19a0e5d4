/**
 * A plain LSP client over stdio for tests: starts the built dist/server.js, frames JSON-RPC
 * by Content-Length, answers the server's own requests, and fails loudly on anything on
 * stdout that is not a well-formed message.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as path from 'path';
import { REPO } from './engine';

export interface Message { jsonrpc: '2.0'; id?: number | string; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } }

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number | string, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly waiters: { match(m: Message): boolean; resolve(m: Message): void }[] = [];
  readonly notifications: Message[] = [];
  readonly protocolErrors: string[] = [];
  stderr = '';
  /** Answers to `workspace/configuration` (one object for section twelveFactor). */
  configuration: unknown = {};
  exited: Promise<number | null>;

  constructor(args: string[] = ['--stdio']) {
    this.proc = spawn(process.execPath, [path.join(REPO, 'dist', 'server.js'), ...args], { stdio: 'pipe' });
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m || !/^Content-Length: \d+(\r\nContent-Type: [^\r\n]+)?$/i.test(header)) {
        this.protocolErrors.push(`bad header: ${JSON.stringify(header.slice(0, 200))}`);
        this.buffer = Buffer.alloc(0);
        return;
      }
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      let msg: Message;
      try {
        msg = JSON.parse(body) as Message;
      } catch {
        this.protocolErrors.push(`bad body: ${body.slice(0, 200)}`);
        continue;
      }
      this.dispatch(msg);
    }
  }

  private dispatch(msg: Message): void {
    if (msg.id !== undefined && msg.method) {
      this.send({ jsonrpc: '2.0', id: msg.id, result: this.answer(msg) });
      return;
    }
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        if (msg.error) p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
        else p.resolve(msg.result);
      }
      return;
    }
    this.notifications.push(msg);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].match(msg)) {
        this.waiters[i].resolve(msg);
        this.waiters.splice(i, 1);
      }
    }
  }

  private answer(msg: Message): unknown {
    if (msg.method === 'workspace/configuration') {
      const items = (msg.params as { items: unknown[] }).items;
      return items.map(() => this.configuration);
    }
    return null;
  }

  private send(msg: Message): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  /** Writes raw bytes (for malformed-input tests). */
  sendRaw(text: string): void {
    this.proc.stdin.write(text);
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification (already received or future) that matches. */
  waitFor(match: (m: Message) => boolean, timeoutMs = 20000): Promise<Message> {
    const seen = this.notifications.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching notification within ${timeoutMs} ms; stderr: ${this.stderr.slice(-500)}`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  /** The next publishDiagnostics for a uri after now (optionally for a given version). */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 20000): Promise<Message> {
    const match = (m: Message) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string; version?: number }).uri === uri &&
      (version === undefined || (m.params as { version?: number }).version === version);
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.slice(-500)}`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  async initialize(capabilities: Record<string, unknown>, options: { rootUri?: string; initializationOptions?: unknown } = {}): Promise<unknown> {
    const result = await this.request('initialize', {
      processId: process.pid, rootUri: options.rootUri ?? null, capabilities,
      workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'ws' }] : null,
      initializationOptions: options.initializationOptions,
    });
    this.notify('initialized', {});
    return result;
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 3000))]);
      this.notify('exit', null);
    } catch { /* already gone */ }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}
