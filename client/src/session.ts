/**
 * What the client knows about the server and the workspace, shared by the status item,
 * the scorecard and the commands: the server's state, its rule catalogue, the last
 * workspace scan and which languages have been analysed. Changes fire `onDidChange`.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CONTEXT } from './ids';

export type ServerStatus = 'starting' | 'running' | 'stopped';

/** A rule as the server describes it (`twelveFactor/rules`). */
export interface RuleInfo { id: string; factor: string; factorTitle: string; numeral: string; description: string; docsUrl: string; languages: string[] }

/** The result of `twelveFactor/scanWorkspace` (and of the `twelveFactor/scanState` notification). */
export interface ScanSummary { files: number; findings: number; cancelled: boolean; folders: string[] }

export type ScanState =
  | { kind: 'never' }
  | { kind: 'running' }
  | { kind: 'done'; summary: ScanSummary; at: Date }
  | { kind: 'cancelled'; summary?: ScanSummary; at: Date }
  | { kind: 'failed'; error: string; at: Date };

export class Session implements vscode.Disposable {
  client: LanguageClient | undefined;
  status: ServerStatus = 'starting';
  /** Restarts after the server stopped unexpectedly (not those the user asked for). */
  crashRestarts = 0;
  rules: RuleInfo[] = [];
  scan: ScanState = { kind: 'never' };
  /** Engine language ids of documents the server has reported diagnostics for. */
  readonly analysedLanguages = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(readonly output: vscode.LogOutputChannel) {}

  /** True once any file was analysed or a scan completed: the scorecard has something to show. */
  get anythingChecked(): boolean {
    return this.analysedLanguages.size > 0 || this.scan.kind === 'done' || this.scan.kind === 'cancelled';
  }

  get scanned(): boolean {
    return this.scan.kind === 'done';
  }

  setStatus(status: ServerStatus): void {
    if (this.status === status) return;
    this.status = status;
    void vscode.commands.executeCommand('setContext', CONTEXT.serverState, status);
    this.changed();
  }

  setScan(scan: ScanState): void {
    this.scan = scan;
    void vscode.commands.executeCommand('setContext', CONTEXT.scanned, this.scanned);
    this.changed();
  }

  markAnalysed(engineLanguageId: string): void {
    if (this.analysedLanguages.has(engineLanguageId)) return;
    this.analysedLanguages.add(engineLanguageId);
    void vscode.commands.executeCommand('setContext', CONTEXT.checked, true);
    this.changed();
  }

  /** A new server process knows nothing of the previous one's scan. */
  serverRestarted(): void {
    if (this.scan.kind !== 'never') this.setScan({ kind: 'never' });
  }

  changed(): void {
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
