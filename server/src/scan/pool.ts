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
  /** Checked every file; when it returns true the scan stops early. */
  cancelled?(): boolean;
}

const WORKER_FILE = 'scan-worker.js';
/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 64;
/** Files looked ahead for one of a worker's languages. */
const LANGUAGE_WINDOW = 512;

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
  const workerPath = path.join(__dirname, WORKER_FILE);
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
  let alive = 0;
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

  for (let i = 0; i < threads; i++) {
    const w = new Worker(workerPath, { workerData: { settings: o.settings, wasmDir: wasmDirectory() } });
    owned.set(w, new Map());
    alive++;
    w.on('message', (m: { id: number; result: FileResult }) => {
      owned.get(w)?.delete(m.id);
      results.push(m.result);
      feed(w);
      notify();
    });
    w.on('error', (e) => {
      // A crashed worker: its tasks are reported as errors; the others carry on.
      for (const t of owned.get(w)?.values() ?? []) {
        results.push({ file: t.file, root: t.root, relativePath: t.file, findings: [], ruleErrors: [], error: `worker failed: ${e.message}` });
      }
      owned.delete(w);
      alive--;
      notify();
    });
    workers.push(w);
    // Two tasks per worker keep it busy while this thread handles results.
    feed(w);
    feed(w);
  }
  try {
    while (inFlight() > 0 || results.length > 0) {
      if (results.length === 0) await new Promise<void>((r) => { wake = r; });
      while (results.length) yield results.shift() as FileResult;
    }
    // Every worker gone with files left: finish here.
    if (alive === 0 && !exhausted) {
      const left = pending.splice(0).map((p) => p.task);
      yield* inline((function* () { yield* left; yield* source; })(), o);
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
