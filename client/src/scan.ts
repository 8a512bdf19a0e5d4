/**
 * The workspace scan: "Twelve-Factor: Scan Workspace" and the optional scan at start-up
 * (`twelveFactor.scanOnStartup`) ask the server (`twelveFactor/scanWorkspace`) to check
 * every file; it publishes the findings of files that are not open. The command shows a
 * cancellable notification; cancelling it cancels the request, and the server stops.
 */
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { COMMANDS, SCAN_REQUEST, SCAN_STATE_NOTIFICATION, SETTINGS_SECTION } from './ids';
import type { ScanSummary, Session } from './session';


function isCancellation(e: unknown): boolean {
  // vscode-jsonrpc's RequestCancelled (-32800) / LSP's ServerCancelled (-32802).
  const code = (e as { code?: unknown } | undefined)?.code;
  return code === -32800 || code === -32802 || (e instanceof vscode.CancellationError);
}

export class WorkspaceScanner implements vscode.Disposable {
  private running: Promise<ScanSummary | undefined> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly session: Session) {
    this.subscriptions.push(vscode.commands.registerCommand(COMMANDS.scanWorkspace, () => this.scan({ notify: true })));
  }

  /** Hooks the current client: its scan notifications, and the start-up scan. */
  attach(): void {
    const client = this.session.client;
    if (!client) return;
    this.subscriptions.push(client.onNotification(SCAN_STATE_NOTIFICATION, (summary: ScanSummary) => {
      // A scan another client started, or the end of ours: either way the findings are in.
      if (this.session.scan.kind !== 'running') this.session.setScan(summary.cancelled ? { kind: 'cancelled', summary, at: new Date() } : { kind: 'done', summary, at: new Date() });
    }));
    let scannedBefore = false;
    this.subscriptions.push(client.onDidChangeState((e) => {
      if (e.oldState === State.Running) {
        scannedBefore ||= this.session.scanned;
        this.session.serverRestarted();
      }
      if (e.newState !== State.Running) return;
      // Each server start: with the setting on; and after a restart, since the new server has
      // none of the old one's scan results.
      const onStartup = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('scanOnStartup', false);
      if (onStartup || scannedBefore) void this.scan({ notify: false });
      scannedBefore = false;
    }));
  }

  /**
   * Scans the workspace (or joins the scan running). `notify`: a cancellable notification
   * (the command); otherwise a status-bar progress (start-up and re-scans after a restart).
   */
  scan(options: { notify: boolean; token?: vscode.CancellationToken }): Promise<ScanSummary | undefined> {
    this.running ??= this.run(options).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async run({ notify, token: external }: { notify: boolean; token?: vscode.CancellationToken }): Promise<ScanSummary | undefined> {
    const { session } = this;
    if (!vscode.workspace.workspaceFolders?.some((f) => f.uri.scheme === 'file')) {
      if (notify) void vscode.window.showInformationMessage('Twelve-Factor: open a folder to scan it. Open files are checked as you type.');
      return undefined;
    }
    const client = session.client;
    if (!client || session.status === 'stopped') {
      if (notify) void vscode.window.showErrorMessage('Twelve-Factor: the server is not running. Run "Twelve-Factor: Restart Server" and try again.');
      return undefined;
    }
    if (session.status === 'starting') await client.start();
    session.setScan({ kind: 'running' });
    const started = Date.now();
    return vscode.window.withProgress({
      location: notify ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
      title: notify ? 'Twelve-Factor: scanning the workspace' : 'Twelve-Factor scan',
      cancellable: true,
    }, async (_progress, progressToken) => {
      // Cancelled from the notification, or by the caller.
      const source = new vscode.CancellationTokenSource();
      const links = [progressToken.onCancellationRequested(() => source.cancel()), external?.onCancellationRequested(() => source.cancel())];
      if (external?.isCancellationRequested) source.cancel();
      const token = source.token;
      try {
        const summary = await client.sendRequest<ScanSummary>(SCAN_REQUEST, {}, token);
        // (the server logs files and findings)
        session.output.debug(`workspace scan took ${((Date.now() - started) / 1000).toFixed(1)} s`);
        session.setScan(summary.cancelled || token.isCancellationRequested ? { kind: 'cancelled', summary, at: new Date() } : { kind: 'done', summary, at: new Date() });
        return summary;
      } catch (e) {
        if (token.isCancellationRequested || isCancellation(e)) {
          session.output.info('workspace scan cancelled');
          session.setScan({ kind: 'cancelled', at: new Date() });
          return undefined;
        }
        const message = e instanceof Error ? e.message : String(e);
        session.output.error(`workspace scan failed: ${message}`);
        session.setScan({ kind: 'failed', error: message, at: new Date() });
        if (notify) void vscode.window.showErrorMessage(`Twelve-Factor: the workspace scan failed (${message}).`, 'Show Output').then((p) => p && session.output.show(true));
        return undefined;
      } finally {
        for (const l of links) l?.dispose();
        source.dispose();
      }
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
