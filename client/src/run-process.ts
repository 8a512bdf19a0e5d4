/**
 * "Run" on a Procfile (the server's code lenses, or the palette): `twelveFactor.runProcess`
 * with `{ uri, name?, command?, all? }` starts one terminal per process type, named after
 * it, in the Procfile's folder, with the `.env` beside it (else the workspace folder's)
 * loaded into the terminal's environment and `PORT` set as foreman, honcho and overmind
 * set it: the base port (`PORT` from the .env, else 5000) plus 100 for each process type
 * before it in the Procfile. Needs a trusted workspace: it runs commands from its files.
 *
 * Values from the .env go into the terminal's environment only; the log names the file and
 * how many variables it held, never a value.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { parseProcfile } from '../../server/src/parsing/procfile';
import { parseDotenv, toRecord } from '../../server/src/parsing/dotenv';
import { COMMANDS } from './ids';
import type { Session } from './session';

/** The argument of `twelveFactor.runProcess` (server/src/handlers/procfile.ts). */
export interface RunProcessArgs { uri: string; name?: string; command?: string; all?: boolean }

export const BASE_PORT = 5000;
export const PORT_STEP = 100;

export interface PlannedProcess { name: string; command: string; index: number; port: number }

/** The port a local runner gives the process at `index` (0-based among the Procfile's processes). */
export function localPort(index: number, base = BASE_PORT): number {
  return base + PORT_STEP * index;
}

/** The base port: `PORT` from the env file when it is a port number, else 5000. */
export function basePort(env: Record<string, string>): number {
  const p = Number(env.PORT);
  return Number.isInteger(p) && p > 0 && p < 65536 ? p : BASE_PORT;
}

/** Which processes a run starts, with their ports. */
export function planRun(procfileText: string, args: Pick<RunProcessArgs, 'name' | 'command' | 'all'>, base = BASE_PORT): PlannedProcess[] {
  const processes = parseProcfile(procfileText).processes
    .filter((p) => p.command.text.trim() !== '')
    .map((p) => ({ name: p.name.text, command: p.command.text, index: p.index, port: localPort(p.index, base) }));
  if (args.all) return processes;
  const named = processes.filter((p) => p.name === args.name);
  const chosen = named.find((p) => p.command === args.command) ?? named[0];
  if (chosen) return [chosen];
  // The Procfile changed since the lens was computed: run what the lens showed.
  if (args.name && args.command) return [{ name: args.name, command: args.command, index: processes.length, port: localPort(processes.length, base) }];
  return [];
}

function isRunArgs(v: unknown): v is RunProcessArgs {
  return !!v && typeof v === 'object' && typeof (v as RunProcessArgs).uri === 'string';
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The `.env` beside the Procfile, else at the root of its workspace folder. */
async function loadEnv(procfile: vscode.Uri): Promise<{ file?: vscode.Uri; values: Record<string, string> }> {
  const candidates = [vscode.Uri.joinPath(procfile, '..', '.env')];
  const folder = vscode.workspace.getWorkspaceFolder(procfile);
  if (folder) candidates.push(vscode.Uri.joinPath(folder.uri, '.env'));
  for (const file of candidates) {
    const text = await readText(file);
    if (text !== undefined) return { file, values: toRecord(parseDotenv(text)) };
  }
  return { values: {} };
}

export class ProcessRunner implements vscode.Disposable {
  /** Our terminals, by Procfile and process name: running a process again replaces its terminal. */
  private readonly terminals = new Map<string, vscode.Terminal>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly session: Session) {
    this.subscriptions.push(
      // From a lens: RunProcessArgs. From the explorer or the editor's run button: the Procfile's Uri.
      vscode.commands.registerCommand(COMMANDS.runProcess, (args?: unknown) => this.run(isRunArgs(args) ? args : args instanceof vscode.Uri ? args : undefined)),
      vscode.window.onDidCloseTerminal((t) => {
        for (const [k, v] of this.terminals) if (v === t) this.terminals.delete(k);
      }),
    );
  }

  /** Starts the processes; returns their terminals (for tests). */
  async run(args?: RunProcessArgs | vscode.Uri): Promise<vscode.Terminal[]> {
    if (!vscode.workspace.isTrusted) {
      const pick = await vscode.window.showWarningMessage(
        'Twelve-Factor: running Procfile processes needs a trusted workspace, because it runs the commands written in this workspace\'s Procfile. Analysis keeps working without trust.',
        'Manage Workspace Trust',
      );
      if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
      return [];
    }
    const chosen = args && !(args instanceof vscode.Uri) ? args : await this.ask(args);
    if (!chosen) return [];
    const uri = vscode.Uri.parse(chosen.uri);
    if (uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Twelve-Factor: only a Procfile on disk can be run.');
      return [];
    }
    const text = await readText(uri);
    if (text === undefined) {
      void vscode.window.showErrorMessage(`Twelve-Factor: could not read ${vscode.workspace.asRelativePath(uri)}.`);
      return [];
    }
    const env = await loadEnv(uri);
    const planned = planRun(text, chosen, basePort(env.values));
    if (!planned.length) {
      void vscode.window.showWarningMessage(chosen.all ? 'Twelve-Factor: the Procfile declares no process to run.' : `Twelve-Factor: the Procfile has no process "${chosen.name ?? ''}".`);
      return [];
    }
    const cwd = path.dirname(uri.fsPath);
    const envNote = env.file ? `${Object.keys(env.values).length} variables from ${vscode.workspace.asRelativePath(env.file)}` : 'no .env found';
    return planned.map((p, i) => {
      const key = `${uri.toString()}#${p.name}`;
      this.terminals.get(key)?.dispose();
      const terminal = vscode.window.createTerminal({
        name: p.name,
        cwd,
        env: { ...env.values, PORT: String(p.port), PS: `${p.name}.1` },
        iconPath: new vscode.ThemeIcon('play'),
        message: `Twelve-Factor: ${p.name} from ${vscode.workspace.asRelativePath(uri)} · PORT=${p.port} · ${envNote}`,
      });
      this.terminals.set(key, terminal);
      terminal.sendText(p.command, true);
      if (i === planned.length - 1) terminal.show(true);
      this.session.output.info(`started ${p.name} (PORT=${p.port}) in ${cwd} with ${envNote}`);
      return terminal;
    });
  }

  /** From the palette: which Procfile, and which of its processes. */
  private async ask(given?: vscode.Uri): Promise<RunProcessArgs | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    let procfile: vscode.Uri | undefined = given ?? (active?.languageId === 'procfile' ? active.uri : undefined);
    if (!procfile) {
      const found = await vscode.workspace.findFiles('**/Procfile', '**/node_modules/**', 50);
      if (found.length === 0) {
        void vscode.window.showInformationMessage('Twelve-Factor: no Procfile in this workspace.');
        return undefined;
      }
      procfile = found.length === 1 ? found[0] : (await vscode.window.showQuickPick(
        found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { title: 'Run processes of which Procfile?' }))?.uri;
    }
    if (!procfile) return undefined;
    const text = await readText(procfile);
    const base = basePort((await loadEnv(procfile)).values);
    const processes = text === undefined ? [] : planRun(text, { all: true }, base);
    const items: (vscode.QuickPickItem & { args: RunProcessArgs })[] = [
      { label: '$(run-all) All processes', description: processes.map((p) => p.name).join(', '), args: { uri: procfile.toString(), all: true } },
      ...processes.map((p) => ({ label: `$(play) ${p.name}`, description: p.command, detail: `PORT=${p.port}`, args: { uri: procfile.toString(), name: p.name, command: p.command } })),
    ];
    return (await vscode.window.showQuickPick(items, { title: `Run from ${vscode.workspace.asRelativePath(procfile)}` }))?.args;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
