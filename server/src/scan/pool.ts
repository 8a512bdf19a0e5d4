/**
 * Checks many files across worker threads (one per core, bounded in-flight work), or in
 * this thread when the job is small or no worker bundle is at hand. The CLI and the
 * server's workspace scan both come through here.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Rule } from '../engine/rule';
import type { Settings } from '../engine/settings';
import { checkFile, type FileResult } from './check-file';
import { FsProject } from './fs-project';
import { wasmDirectory } from '../parsing/tree-sitter';
import { detectLanguage } from '../parsing/languages';

export interface ScanTask { file: string; root: string }
export interface ScanOptions {
  settings: Settings;
  rules: readonly Rule[];
  /** Worker threads to use; 0 or 1 checks in this thread. Default: the available cores. */
  threads?: number;
  /** The worker script (default: scan-worker.js next to this bundle; tests start one that fails). */
  workerPath?: string;
  /** Told when a file's worker stopped under it (the file is checked again). */
  onProblem?(file: string, message: string): void;
  /** Checked every file; when it returns true the scan stops early. */
  cancelled?(): boolean;
}

const WORKER_FILE = 'scan-worker.js';
/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 64;
/** Files looked ahead for one of a worker's languages. */
const LANGUAGE_WINDOW = 512;
/** A worker's old-generation heap (its JS objects; the parser's WASM memory is apart). */
const WORKER_OLD_GENERATION_MB = 128;
/** Workers started again after one died, per scan. */
const MAX_RESPAWNS = 4;

export function defaultThreads(): number {
  return Math.max(1, Math.min(8, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length));
}

async function* inline(tasks: Iterable<ScanTask>, o: ScanOptions): AsyncGenerator<FileResult> {
  const projects = new Map<string, FsProject>();
  for (const t of tasks) {
    if (o.cancelled?.()) return;
    let p = projects.get(t.root);
    if (!p) { p = new FsProject(t.root); projects.set(t.root, p); }
    yield await checkFile(t.file, t.root, o.settings, o.rules, p);
  }
}

/**
 * Yields one result per task (in completion order). Tasks are pulled lazily from the
 * iterable, so a walk can stream into the pool with bounded memory.
 */
export async function* scan(tasks: Iterable<ScanTask>, o: ScanOptions): AsyncGenerator<FileResult> {
  const threads = o.threads ?? defaultThreads();
  const workerPath = o.workerPath ?? path.join(__dirname, WORKER_FILE);
  const iterator = tasks[Symbol.iterator]();
  // Look ahead: small jobs stay in this thread.
  const head: ScanTask[] = [];
  for (let n = iterator.next(); !n.done; n = iterator.next()) {
    head.push(n.value);
    if (head.length >= MIN_FILES_FOR_WORKERS) break;
  }
  const rest = function* (): Generator<ScanTask> {
    yield* head;
    for (let n = iterator.next(); !n.done; n = iterator.next()) yield n.value;
  };
  if (threads <= 1 || head.length < MIN_FILES_FOR_WORKERS || !fs.existsSync(workerPath)) {
    yield* inline(rest(), o);
    return;
  }

  const source = rest();
  const workers: Worker[] = [];
  const results: FileResult[] = [];
  const owned = new Map<Worker, Map<number, ScanTask>>();
  let nextId = 0;
  let exhausted = false;
  let wake: (() => void) | undefined;
  const notify = () => { const w = wake; wake = undefined; w?.(); };
  const inFlight = () => [...owned.values()].reduce((n, m) => n + m.size, 0);

  // Each worker compiles the queries of every language it sees (tens to hundreds of
  // milliseconds per language): files are handed out by language, from a bounded window of
  // pending ones, so that languages split between the workers instead of each worker
  // compiling them all. A worker whose languages run out takes whatever comes next.
  const pending: { task: ScanTask; language: string }[] = [];
  const languagesOf = new Map<Worker, Set<string>>();
  let drained = false;
  const fill = () => {
    while (!drained && pending.length < LANGUAGE_WINDOW) {
      const n = source.next();
      if (n.done) { drained = true; break; }
      pending.push({ task: n.value, language: detectLanguage(n.value.file)?.grammar ?? '' });
    }
  };
  const pick = (w: Worker): ScanTask | undefined => {
    fill();
    if (pending.length === 0) return undefined;
    const mine = languagesOf.get(w) ?? new Set<string>();
    const others = new Set([...languagesOf].filter(([x]) => x !== w).flatMap(([, l]) => [...l]));
    let i = pending.findIndex((p) => mine.has(p.language));
    if (i < 0) i = pending.findIndex((p) => !others.has(p.language));
    if (i < 0) i = 0;
    const [{ task, language }] = pending.splice(i, 1);
    mine.add(language);
    languagesOf.set(w, mine);
    return task;
  };

  const feed = (w: Worker) => {
    if (exhausted || o.cancelled?.()) { exhausted = true; return; }
    const task = pick(w);
    if (!task) { exhausted = true; return; }
    const id = nextId++;
    owned.get(w)?.set(id, task);
    w.postMessage({ id, ...task });
  };

  // Tasks of a worker that died (out of memory on a huge file, or a crash) are tried once more
  // on a fresh worker; a task that fails twice is checked in this thread, which has no limit.
  const retried = new Set<ScanTask>();
  let finished = false;
  const lastResort: ScanTask[] = [];
  let respawns = 0;
  const spawn = (): void => {
    // A bounded heap keeps each worker's peak memory near what it needs (V8 collects sooner).
    const w = new Worker(workerPath, { workerData: { settings: o.settings, wasmDir: wasmDirectory() }, resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB } });
    owned.set(w, new Map());
    w.on('message', (m: { id: number; result: FileResult }) => {
      owned.get(w)?.delete(m.id);
      results.push(m.result);
      feed(w);
      notify();
    });
    // A worker that throws, runs out of memory or exits while it holds files: each is taken once.
    const stopped = (why: string) => {
      if (!owned.has(w)) return;
      const lost = [...(owned.get(w)?.values() ?? [])];
      owned.delete(w);
      languagesOf.delete(w);
      for (const t of lost) {
        o.onProblem?.(t.file, `its scan worker stopped (${why}); checked again`);
        if (retried.has(t)) lastResort.push(t);
        else {
          retried.add(t);
          pending.unshift({ task: t, language: detectLanguage(t.file)?.grammar ?? '' });
          exhausted = false;
        }
      }
      if (respawns < MAX_RESPAWNS && !o.cancelled?.()) {
        respawns++;
        spawn();
      }
      notify();
    };
    w.on('error', (e) => stopped(e.message));
    w.on('exit', (code) => { if (!finished) stopped(`exit code ${code}`); });
    workers.push(w);
    // Two tasks per worker keep it busy while this thread handles results.
    feed(w);
    feed(w);
  };
  for (let i = 0; i < threads; i++) spawn();
  try {
    while (inFlight() > 0 || results.length > 0) {
      if (results.length === 0) await new Promise<void>((r) => { wake = r; });
      while (results.length) yield results.shift() as FileResult;
    }
    // Tasks that failed on two workers, and whatever no worker was left to take: finish here.
    const cancelled = o.cancelled?.() ?? false;
    const left = [...lastResort.splice(0), ...(cancelled ? [] : pending.splice(0).map((p) => p.task))];
    if (left.length || (!drained && !cancelled)) yield* inline((function* () { yield* left; if (!cancelled) yield* source; })(), o);
  } finally {
    finished = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
