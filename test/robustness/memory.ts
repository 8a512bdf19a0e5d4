/**
 * Open / check / close cycles over LSP, measuring the server's resident memory (Linux
 * /proc/<pid>/status VmRSS): trees must be freed on close, so after a warm-up the memory
 * stays flat. Used by limits.test.ts (a few hundred cycles) and `npm run fuzz` (3,000).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rssMb, startServer } from './lsp-helpers';

/** A 500-line JavaScript file with a hard-coded port on its last line. */
export function fiveHundredLines(): string {
  const out: string[] = ["const express = require('express');", 'const app = express();'];
  for (let i = 0; out.length < 499; i++) {
    out.push(`app.get('/items/${i}', (req, res) => res.json({ page: ${i} }));`);
  }
  out.push('app.listen(8080);');
  return `${out.join('\n')}\n`;
}

export interface CycleResult {
  cycles: number;
  warmup: number;
  rssAtWarmup: number;
  rssAtEnd: number;
  growthMb: number;
  /** Every cycle's diagnostics held the hard-coded port (so the file was parsed and checked). */
  findingsEachCycle: boolean;
  ms: number;
}

export interface CycleOptions {
  cycles: number;
  /** RSS is compared between this cycle and the last. */
  warmup: number;
  /** Only these rules (all when omitted): one rule keeps a cycle cheap and still parses the file. */
  rules?: string[];
  onProgress?(done: number, rss: number | undefined): void;
}

export async function openCloseCycles(o: CycleOptions): Promise<CycleResult> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-memory-'));
  const configuration = o.rules ? { debounceMs: 0, rules: { '*': 'off', ...Object.fromEntries(o.rules.map((r) => [r, 'warning'])) } } : { debounceMs: 0 };
  const s = await startServer({ workspace, pull: true, configuration });
  const started = Date.now();
  const text = fiveHundredLines();
  const lastLine = text.split('\n').length - 2;
  let findingsEachCycle = true;
  let rssAtWarmup = 0;
  try {
    const pid = s.client.proc.pid as number;
    for (let i = 1; i <= o.cycles; i++) {
      const uri = s.uri(`src/file-${i}.js`);
      s.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text } });
      const report = await s.client.request<{ items: { code?: string; range: { start: { line: number } } }[] }>('textDocument/diagnostic', { textDocument: { uri } });
      if (!report.items.some((d) => d.code === 'port-binding/no-hardcoded-port' && d.range.start.line === lastLine)) findingsEachCycle = false;
      s.client.notify('textDocument/didClose', { textDocument: { uri } });
      if (i === o.warmup) rssAtWarmup = rssMb(pid) ?? 0;
      if (i % 250 === 0) o.onProgress?.(i, rssMb(pid));
    }
    // One round trip more, so that the last close has been handled.
    await s.client.request('textDocument/diagnostic', { textDocument: { uri: s.uri('src/none.js') } });
    const rssAtEnd = rssMb(pid) ?? 0;
    return { cycles: o.cycles, warmup: o.warmup, rssAtWarmup, rssAtEnd, growthMb: rssAtEnd - rssAtWarmup, findingsEachCycle, ms: Date.now() - started };
  } finally {
    await s.client.shutdown();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
