/**
 * A scan worker (worker_threads): checks the files it is sent and posts back findings.
 * Loaded from dist/scan-worker.js next to the CLI and the server bundles.
 */
import { parentPort, workerData } from 'worker_threads';
import { RULES } from '../rules/index';
import { checkFile } from './check-file';
import { FsProject } from './fs-project';
import type { Settings } from '../engine/settings';
import { setWasmDirectory } from '../parsing/tree-sitter';

export interface WorkerTask { id: number; file: string; root: string }
export interface WorkerInit { settings: Settings; wasmDir?: string }

const init = workerData as WorkerInit;
if (init.wasmDir) setWasmDirectory(init.wasmDir);
const projects = new Map<string, FsProject>();

parentPort?.on('message', (task: WorkerTask) => {
  let project = projects.get(task.root);
  if (!project) {
    project = new FsProject(task.root);
    projects.set(task.root, project);
  }
  checkFile(task.file, task.root, init.settings, RULES, project).then(
    (r) => parentPort?.postMessage({ id: task.id, result: { ...r, text: undefined } }),
    (e: unknown) => parentPort?.postMessage({ id: task.id, result: { file: task.file, root: task.root, relativePath: task.file, findings: [], ruleErrors: [], error: e instanceof Error ? e.message : String(e) } }),
  );
});
