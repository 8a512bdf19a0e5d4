/**
 * Runs fuzz targets in a worker thread under a watchdog: the worker posts a heartbeat before
 * every engine call, and when none comes for `watchdogMs` (a hang: an engine call that never
 * returns, which no in-thread timer could interrupt) the worker is terminated and the target
 * fails naming the input it was on. The next target gets a fresh worker.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import { CALL_LIMIT_MS, newStats } from './properties';
import type { RunRequest, RunResult } from './targets';
import type { WorkerMessage } from './worker';

const WORKER = path.join(__dirname, 'worker.js');

export interface HarnessOptions {
  /** No heartbeat for this long is a hang (default: the 20 s call limit). */
  watchdogMs?: number;
  onResult?(r: RunResult): void;
}

/** One worker at a time, replaced after a hang or a crash. */
export class FuzzWorker {
  private worker: Worker | undefined;
  constructor(private readonly watchdogMs = CALL_LIMIT_MS) {}

  run(req: RunRequest): Promise<RunResult> {
    const w = this.worker ??= new Worker(WORKER);
    const started = Date.now();
    return new Promise<RunResult>((resolve) => {
      let last = { at: Date.now(), label: 'starting the worker', input: '' };
      const failed = (failure: string, counterexample?: string): RunResult => ({ target: req.target, runs: 0, failure, counterexample, stats: newStats(), ms: Date.now() - started });
      const done = (r: RunResult, broken: boolean) => {
        clearInterval(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (broken) {
          this.worker = undefined;
          void w.terminate();
        }
        resolve(r);
      };
      const onMessage = (m: WorkerMessage) => {
        if (m.type === 'beat') last = { at: Date.now(), label: m.label, input: m.input };
        else if (m.type === 'result') done(m.result, false);
        else done(failed(`the worker failed: ${m.error}`), false);
      };
      const onError = (e: Error) => done(failed(`the worker crashed during ${last.label}: ${e.stack ?? e.message}`, last.input), true);
      const onExit = (code: number) => done(failed(`the worker exited (code ${code}) during ${last.label}`, last.input), true);
      const timer = setInterval(() => {
        const quiet = Date.now() - last.at;
        if (quiet > this.watchdogMs) done(failed(`hang: no engine call returned within ${quiet} ms (during ${last.label})`, last.input), true);
      }, 200);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage(req);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}

export async function runInWorker(requests: readonly RunRequest[], o: HarnessOptions = {}): Promise<RunResult[]> {
  const pool = new FuzzWorker(o.watchdogMs);
  const results: RunResult[] = [];
  try {
    for (const req of requests) {
      const r = await pool.run(req);
      results.push(r);
      o.onResult?.(r);
    }
  } finally {
    await pool.close();
  }
  return results;
}
