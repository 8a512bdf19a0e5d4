/**
 * A preload (`node --require <this>`, through NODE_OPTIONS) that makes every way out of
 * the process fail loudly and leave a trace: sockets (net, tls, dgram), HTTP(S), fetch,
 * DNS, and child processes. Each attempt is appended as one JSON line to the file named by
 * TF_TRUST_LOG, then throws. Worker threads stay allowed (the checker uses them).
 *
 * The trust-boundary tests run the server and the CLI with it and expect an empty log.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- patching Node's own modules in place */
import * as fs from 'fs';

const log = process.env.TF_TRUST_LOG;

function record(what: string, detail: unknown): void {
  let text: string;
  try {
    text = JSON.stringify(detail, (_k, v: unknown) => (typeof v === 'function' ? '[function]' : v))?.slice(0, 300) ?? '';
  } catch {
    text = String(detail);
  }
  if (log) {
    try {
      fs.appendFileSync(log, `${JSON.stringify({ what, detail: text, pid: process.pid, stack: new Error().stack?.split('\n').slice(3, 8).join(' | ') })}\n`);
    } catch { /* the trace is best effort; the throw below is not */ }
  }
}

function block(mod: any, name: string, label: string): void {
  const original = mod[name];
  if (typeof original !== 'function') return;
  mod[name] = function blocked(...args: unknown[]) {
    record(label, args[0]);
    throw new Error(`twelve-factor trust test: ${label} is not allowed`);
  };
}

const net = require('net');
block(net, 'connect', 'net.connect');
block(net, 'createConnection', 'net.createConnection');
block(net.Socket.prototype, 'connect', 'net.Socket#connect');
block(net, 'createServer', 'net.createServer');
const tls = require('tls');
block(tls, 'connect', 'tls.connect');
const dgram = require('dgram');
block(dgram, 'createSocket', 'dgram.createSocket');
for (const m of ['http', 'https', 'http2']) {
  const mod = require(m);
  block(mod, 'request', `${m}.request`);
  block(mod, 'get', `${m}.get`);
  block(mod, 'connect', `${m}.connect`);
  block(mod, 'createServer', `${m}.createServer`);
}
const dns = require('dns');
for (const f of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveTxt', 'resolveSrv', 'reverse']) {
  block(dns, f, `dns.${f}`);
  block(dns.promises, f, `dns.promises.${f}`);
}
const cp = require('child_process');
for (const f of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) block(cp, f, `child_process.${f}`);
if (typeof (globalThis as any).fetch === 'function') block(globalThis, 'fetch', 'fetch');
