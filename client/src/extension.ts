/**
 * The VS Code client: starts the bundled language server and registers the features
 * around it. It runs no analysis itself; each feature lives in its own module.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { Session, type ServerStatus } from './session';
import { Scorecard, registerScorecardCommands, type ScorecardSnapshot } from './scorecard';
import { WorkspaceScanner } from './scan';
import { createStatusItem } from './status';
import { registerCommands } from './commands';
import { ProcessRunner, type RunProcessArgs } from './run-process';
import { registerTasks } from './tasks';
import { registerWalkthrough } from './walkthrough';
import { registerCloaking } from './cloak';
import type { RuleInfo, ScanSummary } from './session';

export { DOCUMENT_SELECTOR } from './client';

/** What `activate` returns: used by the in-editor tests and the screenshot script. */
export interface TwelveFactorApi {
  serverStatus(): ServerStatus;
  /** The language status item's text and detail. */
  statusItem(): { text: string; detail: string | undefined; busy: boolean };
  /** The server's rule catalogue (`twelveFactor/rules`). */
  rules(): readonly RuleInfo[];
  /** Restarts after unexpected stops. */
  crashRestarts(): number;
  /** The language server's process id while it runs (tests stop it to check recovery). */
  serverPid(): number | undefined;
  scorecard(): ScorecardSnapshot;
  revealFactor(slug: string): Promise<void>;
  /** Scans the workspace (status-bar progress); `token` cancels it. */
  scan(token?: vscode.CancellationToken): Promise<ScanSummary | undefined>;
  /** The last scan: never, running, done, cancelled or failed. */
  scanState(): string;
  runProcess(args: RunProcessArgs): Promise<vscode.Terminal[]>;
  /** Resolves when the server is running. */
  ready(): Promise<void>;
}

let session: Session | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<TwelveFactorApi> {
  const output = vscode.window.createOutputChannel('Twelve-Factor', { log: true });
  const s = new Session(output);
  session = s;
  context.subscriptions.push(output, s);

  const client = createClient(context, s);
  s.client = client;
  const scorecard = new Scorecard(s);
  const scanner = new WorkspaceScanner(s);
  const runner = new ProcessRunner(s);
  const status = createStatusItem(s, () => scorecard.total, scorecard.onDidRefresh);
  context.subscriptions.push(
    scorecard, scanner, runner, status,
    ...registerScorecardCommands(scorecard),
    ...registerCommands(context, s),
    registerTasks(context),
    registerWalkthrough(),
  );
  scanner.attach();
  registerCloaking(context, client);

  const started = client.start().catch((e: unknown) => {
    output.error(`The Twelve-Factor server did not start: ${e instanceof Error ? e.message : String(e)}`);
  });
  return {
    serverStatus: () => s.status,
    statusItem: () => status.shown,
    rules: () => s.rules,
    crashRestarts: () => s.crashRestarts,
    serverPid: () => client.serverProcess?.pid,
    scorecard: () => scorecard.snapshot(),
    revealFactor: (slug) => scorecard.reveal(slug),
    scan: (token) => scanner.scan({ notify: false, token }),
    scanState: () => s.scan.kind,
    runProcess: (args) => runner.run(args),
    ready: async () => {
      await started;
      if (client.isRunning()) return;
      await client.start();
    },
  };
}

export async function deactivate(): Promise<void> {
  const client: LanguageClient | undefined = session?.client;
  session = undefined;
  await client?.stop();
}
