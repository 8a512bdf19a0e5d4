/**
 * Tasks of type `twelve-factor`: "twelve-factor: check" per workspace folder runs the
 * bundled checker (`dist/cli.js check`) with the extension host's own Node, so nothing
 * needs installing, and its text output goes through the `$twelve-factor` problem
 * matcher into the Problems panel. In tasks.json:
 *
 *   { "type": "twelve-factor", "paths": ["src"], "args": ["--include-tests"], "problemMatcher": ["$twelve-factor"] }
 */
import * as vscode from 'vscode';
import { TASK_TYPE } from './ids';

export interface CheckTaskDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE;
  /** Files or folders to check, relative to the workspace folder (default `.`). */
  paths?: string[];
  /** More command-line options (`--include-tests`, `--config FILE`, ...). */
  args?: string[];
}

function execution(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, def: CheckTaskDefinition): vscode.ProcessExecution {
  const cli = context.asAbsolutePath('dist/cli.js');
  const paths = def.paths?.length ? def.paths : ['.'];
  // The problem matcher reads plain text: no colours even though the task runs in a terminal.
  return new vscode.ProcessExecution(process.execPath, [cli, 'check', ...paths, ...(def.args ?? []), '--no-color'], {
    cwd: folder.uri.fsPath,
    env: { ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
  });
}

function makeTask(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, def: CheckTaskDefinition, name = 'check'): vscode.Task {
  const task = new vscode.Task(def, folder, name, TASK_TYPE, execution(context, folder, def), ['$twelve-factor']);
  task.detail = `twelve-factor check ${(def.paths?.length ? def.paths : ['.']).join(' ')}`;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
  return task;
}

export function registerTasks(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () => (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => makeTask(context, f, { type: TASK_TYPE })),
    resolveTask: (task) => {
      const def = task.definition as CheckTaskDefinition;
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      if (def.type !== TASK_TYPE || !folder) return undefined;
      // Keep the user's name and problem matchers; supply the execution.
      return new vscode.Task(def, folder, task.name, TASK_TYPE, execution(context, folder, def), task.problemMatchers.length ? task.problemMatchers : ['$twelve-factor']);
    },
  });
}
