/**
 * The fuzz worker (worker_threads): runs the targets it is sent, one at a time, and posts a
 * heartbeat before every engine call so that the parent's watchdog can tell a hang from
 * slow progress, and name the input that hung. Loaded from out/test/robustness/fuzz/.
 */
import { parentPort } from 'worker_threads';
import '../../support/engine';
import { runTarget, type RunRequest } from './targets';

export type WorkerMessage =
  | { type: 'beat'; target: string; label: string; input: string }
  | { type: 'result'; result: Awaited<ReturnType<typeof runTarget>> }
  | { type: 'crash'; target: string; error: string };

const port = parentPort;
// Outside a worker (a test runner loading every file under out/test) there is nothing to do.
if (port) {
  port.on('message', (req: RunRequest) => {
    const beat = (label: string, input: string) => port.postMessage({ type: 'beat', target: req.target, label, input } satisfies WorkerMessage);
    runTarget(req, beat).then(
      (result) => port.postMessage({ type: 'result', result } satisfies WorkerMessage),
      (e: unknown) => port.postMessage({ type: 'crash', target: req.target, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies WorkerMessage),
    );
  });
}
