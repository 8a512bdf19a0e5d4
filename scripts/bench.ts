/**
 * `npm run bench`: a benchmark, not a test. Prints a table and writes bench/results/latest.json.
 *   (a) didChange -> diagnostics latency (p50/p95) over the real LSP transport, debounceMs 0,
 *       on generated 2,000- and 10,000-line TypeScript and Python files;
 *   (b) initialize -> first diagnostics on a fresh server (its first start, without a code
 *       cache, and the next one), and first diagnostics for a newly
 *       opened file in a running one (a file of each language checked 2 s before);
 *   (c) the CLI over a corpus of real code (../shared/bench/corpus.sh): wall time, files/s,
 *       MB/s, peak RSS, on the full corpus and the small one (every 20th file);
 *   (d) ESLint 9 (no-console + n/no-process-env) on the corpus's JavaScript/TypeScript files
 *       and secretlint (recommended preset) on all files, in the same run, with the ratios;
 *   (e) the size of the .vsix and of the server bundle;
 *   and, in process, the young-generation collections while typing 300 characters (typing-gc.ts).
 * Options: --quick (small corpus only), --no-peers (skip ESLint/secretlint), --no-corpus (latency,
 *          start-up and sizes only),
 *          --secretlint-timeout S (default 600), --corpus DIR, --small-corpus DIR.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient } from '../test/support/lsp-client';
import { generatePy, generateTs, typedLine } from './generated-sources';

const REPO = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: string) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };

interface Row { what: string; value: string; target?: string; ok?: boolean }
const rows: Row[] = [];
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, platform: `${os.platform()} ${os.arch()}` };

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

// ---------------------------------------------------------------- (a) + (b) LSP
async function lspLatency(): Promise<void> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-bench-'));
  const rootUri = pathToFileURL(ws).toString();

  // (b) initialize -> first diagnostics, on a fresh server process: a first start (no code
  // cache yet, as after an install or an update) and a next one (the cache in place). One
  // start varies by tens of milliseconds here: the median of five of each.
  const startOnce = async (cacheDir: string, n: number): Promise<{ initializeMs: number; firstDiagnosticsMs: number }> => {
    const saved = process.env.TWELVE_FACTOR_CACHE_DIR;
    process.env.TWELVE_FACTOR_CACHE_DIR = cacheDir;
    const client = new LspClient();
    if (saved === undefined) delete process.env.TWELVE_FACTOR_CACHE_DIR;
    else process.env.TWELVE_FACTOR_CACHE_DIR = saved;
    client.configuration = { debounceMs: 0 };
    const uri = pathToFileURL(path.join(ws, `first-${n}.ts`)).toString();
    const t0 = performance.now();
    await client.initialize({ workspace: { configuration: true } }, { rootUri });
    const tInit = performance.now();
    const first = client.nextDiagnostics(uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: "import express from 'express';\nconst app = express();\napp.listen(3000);\n" } });
    await first;
    const t1 = performance.now();
    await client.shutdown();
    return { initializeMs: tInit - t0, firstDiagnosticsMs: t1 - t0 };
  };
  const startUp: Record<string, { initializeMs: number; firstDiagnosticsMs: number; samples: number[] }> = {};
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const start of ['first', 'next'] as const) {
    const runs: { initializeMs: number; firstDiagnosticsMs: number }[] = [];
    for (let n = 0; n < 5; n++) {
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-bench-cache-'));
      // A next start: one start before it saved the cache.
      if (start === 'next') await startOnce(cacheDir, 100 + n);
      runs.push(await startOnce(cacheDir, n));
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
    const total = median(runs.map((r) => r.firstDiagnosticsMs));
    startUp[start] = { initializeMs: median(runs.map((r) => r.initializeMs)), firstDiagnosticsMs: total, samples: runs.map((r) => Math.round(r.firstDiagnosticsMs)) };
    const what = start === 'first' ? 'initialize -> first diagnostics, first start (no code cache), median of 5' : 'initialize -> first diagnostics, next starts, median of 5';
    rows.push({ what, value: ms(total), target: '<= 300 ms', ok: total <= 300 });
  }
  results.initialize = startUp;

  const client = new LspClient();
  client.configuration = { debounceMs: 0 };
  await client.initialize({ workspace: { configuration: true } }, { rootUri });
  // Warm the grammars once (a user's server has them loaded after the first file).
  for (const [name, lang, text] of [['warm.ts', 'typescript', 'const a = 1;\n'], ['warm.py', 'python', 'a = 1\n']] as const) {
    const uri = pathToFileURL(path.join(ws, name)).toString();
    const d = client.nextDiagnostics(uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: lang, version: 1, text } });
    await d;
  }
  // A running server, as a user has it: grammars loaded and, after a moment, the rules'
  // queries compiled in the background (the server warms a language after its first file).
  await new Promise((r) => setTimeout(r, 2000));
  const latency: Record<string, unknown> = {};
  // Enough keystrokes for a steady 95th percentile (with 55, it was the third slowest one).
  const KEYSTROKES = 300;
  for (const [lang, ext, gen] of [['typescript', 'ts', generateTs], ['python', 'py', generatePy]] as const) {
    for (const lines of [2000, 10000]) {
      const text = gen(lines);
      const uri = pathToFileURL(path.join(ws, `gen-${lines}.${ext}`)).toString();
      const t0 = performance.now();
      const opened = client.nextDiagnostics(uri, 1);
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: lang, version: 1, text } });
      await opened;
      const openMs = performance.now() - t0;
      const samples: number[] = [];
      const docLines = text.split('\n');
      for (let v = 2; v < 2 + KEYSTROKES; v++) {
        // Type one character into a line in the middle of the file, as a person would.
        const line = typedLine(v, docLines.length);
        const next = client.nextDiagnostics(uri, v);
        const s = performance.now();
        client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }] });
        await next;
        samples.push(performance.now() - s);
      }
      const steady = samples.slice(5);
      const p50 = percentile(steady, 50), p95 = percentile(steady, 95);
      latency[`${lang}-${lines}`] = { openMs, p50, p95, samples: steady.length };
      const target = lines === 2000 ? 5 : 10;
      const openTarget = lines === 2000 ? 50 : 200;
      rows.push({ what: `${lang} ${lines} lines: open -> diagnostics`, value: ms(openMs), target: `<= ${openTarget} ms`, ok: openMs <= openTarget });
      rows.push({ what: `${lang} ${lines} lines: keystroke p50 / p95`, value: `${ms(p50)} / ${ms(p95)}`, target: `p95 <= ${target} ms`, ok: p95 <= target });
    }
  }
  results.latency = latency;
  await client.shutdown();
}

// ---------------------------------------------------------------- garbage collection while typing
/**
 * Young-generation collections while typing, in a process of their own run under
 * `--trace-gc-nvp` (the server's stdout is its transport, so it cannot print them): how many,
 * their total pause, and what they promoted. They were the TypeScript p95 above while each
 * keystroke's text outlived them (see CONTRIBUTING.md).
 */
function typingGc(): void {
  const script = path.join(REPO, 'out', 'scripts', 'typing-gc.js');
  const out: Record<string, unknown> = {};
  for (const [lang, lines] of [['typescript', 2000], ['typescript', 10000], ['python', 2000]] as const) {
    const r = spawnSync(process.execPath, ['--trace-gc-nvp', script, lang, String(lines), '300'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const after = r.stdout.split('KEYSTROKES\n')[1];
    if (r.status !== 0 || after === undefined) {
      rows.push({ what: `${lang} ${lines} lines: young-generation GC over 300 keystrokes, in process`, value: `failed: ${(r.stderr || r.stdout).trim().split('\n').pop()?.slice(0, 80) ?? ''}` });
      continue;
    }
    let count = 0, pauseMs = 0, promoted = 0;
    for (const line of after.split('\n')) {
      if (!/\bgc=s\b/.test(line)) continue;
      count++;
      pauseMs += Number(/\bpause=([\d.]+)/.exec(line)?.[1] ?? 0);
      promoted += Number(/\bpromoted=(\d+)/.exec(line)?.[1] ?? 0);
    }
    out[`${lang}-${lines}`] = { collections: count, pauseMs, promotedMb: promoted / 1048576 };
    rows.push({ what: `${lang} ${lines} lines: young-generation GC over 300 keystrokes, in process`, value: `${count}, ${pauseMs.toFixed(0)} ms pause, ${(promoted / 1048576).toFixed(1)} MB promoted` });
  }
  results.typingGc = out;
}

// ---------------------------------------------------------------- (c) + (d) corpus
interface Measured { wallMs: number; peakRssMb?: number; code: number | null; timedOut: boolean; stdout: string; stderr: string }

/** Runs a command, measuring wall time and (with /usr/bin/time) peak RSS. */
function measure(cmd: string, argv: string[], cwd: string, timeoutS: number): Promise<Measured> {
  const useTime = fs.existsSync('/usr/bin/time');
  const rssFile = path.join(os.tmpdir(), `tf-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const [c, a] = useTime ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...argv]] : [cmd, argv];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(c, a, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < 1e6) stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < 1e6) stderr += d.toString(); });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* gone */ } }, timeoutS * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      let peakRssMb: number | undefined;
      try { peakRssMb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024; fs.rmSync(rssFile); } catch { /* no /usr/bin/time */ }
      resolve({ wallMs, peakRssMb, code, timedOut, stdout, stderr });
    });
  });
}

function corpusStats(dir: string): { files: number; bytes: number; jsTs: number } {
  let files = 0, bytes = 0, jsTs = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.tf-corpus') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) { files++; bytes += fs.statSync(full).size; if (/\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/.test(e.name)) jsTs++; }
    }
  };
  walk(dir);
  return { files, bytes, jsTs };
}

function ensureCorpus(dir: string, size: 'full' | 'small'): boolean {
  if (fs.existsSync(path.join(dir, '.tf-corpus', 'stamp'))) return true;
  const script = path.resolve(REPO, '..', 'shared', 'bench', 'corpus.sh');
  if (!fs.existsSync(script)) { console.error(`bench: no corpus at ${dir} and no ${script} to build one`); return false; }
  console.error(`bench: building the ${size} corpus into ${dir} (pinned npm and Debian packages)...`);
  const r = spawnSync('bash', [script, '--size', size, dir], { stdio: 'inherit' });
  return r.status === 0;
}

function ensurePeers(): boolean {
  const peers = path.join(REPO, 'bench', 'peers');
  if (fs.existsSync(path.join(peers, 'node_modules', '.bin', 'eslint')) && fs.existsSync(path.join(peers, 'node_modules', '.bin', 'secretlint'))) return true;
  console.error('bench: installing ESLint and secretlint into bench/peers (npm registry)...');
  const r = spawnSync('npm', [fs.existsSync(path.join(peers, 'package-lock.json')) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: peers, stdio: 'inherit' });
  return r.status === 0;
}

async function corpusRuns(): Promise<void> {
  const full = option('--corpus', process.env.TF_CORPUS ?? '/tmp/tf-corpus');
  const small = option('--small-corpus', process.env.TF_CORPUS_SMALL ?? '/tmp/tf-corpus-small');
  const corpora: [string, string, 'full' | 'small'][] = flag('--quick') ? [['small', small, 'small']] : [['small', small, 'small'], ['full', full, 'full']];
  const peers = !flag('--no-peers') && ensurePeers();
  const bin = path.join(REPO, 'bench', 'peers', 'node_modules', '.bin');
  const out: Record<string, unknown> = {};
  for (const [label, dir, size] of corpora) {
    if (!ensureCorpus(dir, size)) { rows.push({ what: `${label} corpus`, value: 'not available' }); continue; }
    const st = corpusStats(dir);
    const mb = st.bytes / 1e6;
    const ours = await measure(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'check', '.', '--include-tests', '--format', 'json', '--output', os.devNull, '--stats'], dir, 1800);
    const entry: Record<string, unknown> = { files: st.files, megabytes: mb, jsTsFiles: st.jsTs, twelveFactor: { wallMs: ours.wallMs, peakRssMb: ours.peakRssMb, exit: ours.code, stats: ours.stderr.split('\n').find((l) => l.startsWith('stats:')) } };
    const wallTarget = label === 'full' ? 25000 : 1500;
    rows.push({ what: `${label} corpus (${st.files} files, ${mb.toFixed(0)} MB): twelve-factor`, value: `${(ours.wallMs / 1000).toFixed(2)} s, ${Math.round(st.files / (ours.wallMs / 1000))} files/s, ${(mb / (ours.wallMs / 1000)).toFixed(1)} MB/s, ${ours.peakRssMb?.toFixed(0) ?? '?'} MB`, target: `<= ${wallTarget / 1000} s, <= 400 MB`, ok: ours.wallMs <= wallTarget && (ours.peakRssMb ?? 0) <= 400 });
    if (peers) {
      const eslint = await measure(path.join(bin, 'eslint'), ['--no-config-lookup', '-c', path.join(REPO, 'bench', 'peers', 'eslint.config.mjs'), '--no-warn-ignored', '--format', 'json', '-o', os.devNull, '.'], dir, 1800);
      entry.eslint = { wallMs: eslint.wallMs, peakRssMb: eslint.peakRssMb, exit: eslint.code, timedOut: eslint.timedOut };
      if (eslint.code !== 0 && eslint.code !== 1) {
        // ESLint's exit 2 is a crash or a configuration error: no time to compare.
        rows.push({ what: `${label} corpus: ESLint 9, 2 rules, JS/TS only`, value: `failed (exit ${eslint.code}): ${eslint.stderr.trim().split('\n')[0]?.slice(0, 80) ?? ''}` });
      } else {
        rows.push({ what: `${label} corpus: ESLint 9, 2 rules, JS/TS only`, value: `${(eslint.wallMs / 1000).toFixed(1)} s, ${eslint.peakRssMb?.toFixed(0) ?? '?'} MB`, target: 'ours >= 7x faster', ok: eslint.wallMs / ours.wallMs >= 7 });
        rows.push({ what: `${label} corpus: ESLint / twelve-factor`, value: `${(eslint.wallMs / ours.wallMs).toFixed(1)}x` });
      }
      const timeoutS = Number(option('--secretlint-timeout', '600'));
      const secretlint = await measure(path.join(bin, 'secretlint'), ['--secretlintrc', path.join(REPO, 'bench', '.secretlintrc.json'), '--format', 'json', '--output', os.devNull, '**/*'], dir, timeoutS);
      entry.secretlint = { wallMs: secretlint.wallMs, peakRssMb: secretlint.peakRssMb, exit: secretlint.code, timedOut: secretlint.timedOut };
      rows.push({ what: `${label} corpus: secretlint, recommended preset`, value: secretlint.timedOut ? `> ${timeoutS} s (stopped)` : `${(secretlint.wallMs / 1000).toFixed(1)} s, ${secretlint.peakRssMb?.toFixed(0) ?? '?'} MB` });
      rows.push({ what: `${label} corpus: secretlint / twelve-factor`, value: `${secretlint.timedOut ? '> ' : ''}${(secretlint.wallMs / ours.wallMs).toFixed(1)}x` });
    }
    out[label] = entry;
  }
  results.corpus = out;
}

// ---------------------------------------------------------------- (e) sizes
function sizes(): void {
  const vsix = path.join(REPO, 'twelve-factor.vsix');
  if (!fs.existsSync(vsix) || flag('--package')) spawnSync('npm', ['run', 'package', '--silent'], { cwd: REPO, stdio: 'inherit' });
  const kb = (p: string) => (fs.existsSync(p) ? fs.statSync(p).size / 1024 : NaN);
  const vsixKb = kb(vsix), serverKb = kb(path.join(REPO, 'dist', 'server.js')) + kb(path.join(REPO, 'dist', 'server-main.js')), extKb = kb(path.join(REPO, 'dist', 'extension.js'));
  results.sizes = { vsixKb, serverBundleKb: serverKb, extensionBundleKb: extKb };
  rows.push({ what: '.vsix', value: `${(vsixKb / 1024).toFixed(2)} MiB`, target: '<= 5 MiB', ok: vsixKb <= 5 * 1024 });
  rows.push({ what: 'server bundle / client bundle', value: `${serverKb.toFixed(0)} KiB / ${extKb.toFixed(0)} KiB` });
}

function table(): string {
  const w0 = Math.max(...rows.map((r) => r.what.length)), w1 = Math.max(...rows.map((r) => r.value.length));
  const lines = [`| ${'measure'.padEnd(w0)} | ${'result'.padEnd(w1)} | target |`, `|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 2)}|---|`];
  for (const r of rows) lines.push(`| ${r.what.padEnd(w0)} | ${r.value.padEnd(w1)} | ${r.target ? `${r.target} ${r.ok === undefined ? '' : r.ok ? '✓' : '✗'}` : ''} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(REPO, 'dist', 'server.js'))) throw new Error('run npm run build first');
  await lspLatency();
  typingGc();
  if (!flag('--no-corpus')) await corpusRuns();
  sizes();
  const t = table();
  console.log(t);
  results.table = t;
  results.rows = rows;
  fs.mkdirSync(path.join(REPO, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(REPO, 'bench', 'results', 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('\nwrote bench/results/latest.json');
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
