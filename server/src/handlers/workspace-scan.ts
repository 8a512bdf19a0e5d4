/**
 * The workspace scan: checks every file of the workspace folders in the background (worker
 * threads, the same path as the CLI), with progress and cancellation, and publishes the
 * findings of files that are not open, so the Problems panel shows them. Open files keep
 * their own (pulled or pushed) diagnostics; a scanned file that opens has its scan results
 * withdrawn, and gets them back from disk when it closes. After a scan, changes on disk
 * are re-checked as they happen.
 */
import * as path from 'path';
import { DidChangeWatchedFilesNotification, FileChangeType, type CancellationToken, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { walkFiles } from '../scan/walk';
import { scan, type ScanTask } from '../scan/pool';
import { detectLanguage } from '../parsing/languages';
import type { Rule } from '../engine/rule';
import { FACTORS } from '../engine/factors';
import type { DocumentStore } from './documents';
import type { SettingsStore } from './settings';
import type { Logger } from './logger';
import { toDiagnostic } from './to-lsp';

export const SCAN_REQUEST = 'twelveFactor/scanWorkspace';
export const RULES_REQUEST = 'twelveFactor/rules';
export const SCAN_STATE_NOTIFICATION = 'twelveFactor/scanState';

export interface ScanSummary { files: number; findings: number; cancelled: boolean; folders: string[] }
export interface RuleInfo { id: string; factor: string; factorTitle: string; numeral: string; description: string; docsUrl: string; languages: string[] }

const CODE_GLOB = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,py,go,rb,java,php}';

export class WorkspaceScan {
  /** Diagnostics published by the scan, by uri (files not open in the editor). */
  private readonly published = new Map<string, Diagnostic[]>();
  private scanned = false;
  private running: Promise<ScanSummary> | undefined;
  private watching = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly rules: readonly Rule[],
    private readonly log: Logger,
    private readonly canWatch: () => boolean,
  ) {}

  register(): void {
    this.connection.onRequest(SCAN_REQUEST, (_params: unknown, token: CancellationToken) => this.start(token));
    this.connection.onRequest(RULES_REQUEST, (): RuleInfo[] => this.rules.map((r) => {
      const f = FACTORS.find((x) => x.slug === r.factor);
      return { id: r.id, factor: r.factor, factorTitle: f?.title ?? r.factor, numeral: f?.numeral ?? '', description: r.meta.description, docsUrl: r.docsUrl, languages: r.meta.languages };
    }));
    this.documents.onEvent((uri, event) => {
      if (!this.published.has(uri)) return;
      if (event === 'open') {
        // The open document's own diagnostics take over.
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      } else if (event === 'close') {
        void this.recheck([uri]);
      }
    });
  }

  /** Runs a scan (or joins the one running). */
  start(token?: CancellationToken): Promise<ScanSummary> {
    this.running ??= this.run(token).finally(() => { this.running = undefined; });
    return this.running;
  }

  /** Re-checks files that changed on disk (only after a scan, only files not open). */
  onFilesChanged(changes: { uri: string; type: number }[]): void {
    if (!this.scanned) return;
    const changed: string[] = [];
    for (const ch of changes) {
      if (ch.type === FileChangeType.Deleted) {
        if (this.published.delete(ch.uri)) void this.connection.sendDiagnostics({ uri: ch.uri, diagnostics: [] });
      } else if (!this.documents.get(ch.uri)) {
        let p: string;
        try { p = URI.parse(ch.uri).fsPath; } catch { continue; }
        if (detectLanguage(p)) changed.push(ch.uri);
      }
    }
    if (changed.length) void this.recheck(changed);
  }

  private async recheck(uris: string[]): Promise<void> {
    const byFolder = new Map<string, ScanTask[]>();
    for (const uri of uris) {
      if (this.documents.get(uri)) continue;
      const file = URI.parse(uri).fsPath;
      const folder = this.settings.folderOf(file);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), { file, root: folder }]);
    }
    for (const [folder, tasks] of byFolder) {
      const settings = await this.settings.get(URI.file(folder).toString());
      for await (const r of scan(tasks, { settings, rules: this.rules, threads: 1 })) this.publish(r.file, r.error ? [] : r.findings.map((f) => toDiagnostic(f, -1)));
    }
  }

  private publish(file: string, diagnostics: Diagnostic[]): void {
    const uri = URI.file(file).toString();
    if (this.documents.get(uri)) return;
    if (diagnostics.length === 0 && !this.published.has(uri)) return;
    if (diagnostics.length) this.published.set(uri, diagnostics);
    else this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  private async run(token?: CancellationToken): Promise<ScanSummary> {
    const folders = [...this.settings.workspaceFolders];
    const summary: ScanSummary = { files: 0, findings: 0, cancelled: false, folders };
    if (folders.length === 0) return summary;
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Twelve-Factor', 0, 'Scanning the workspace…', true);
    const cancelled = () => !!token?.isCancellationRequested || !!progress?.token.isCancellationRequested;
    const seen = new Set<string>();
    try {
      for (const folder of folders) {
        const settings = await this.settings.get(URI.file(folder).toString());
        if (!settings.enable) continue;
        const tasks = function* (): Generator<ScanTask> {
          for (const file of walkFiles(folder, folder, { ignore: settings.ignore })) yield { file, root: folder };
        };
        for await (const r of scan(tasks(), { settings, rules: this.rules, cancelled })) {
          summary.files++;
          seen.add(URI.file(r.file).toString());
          if (r.error) continue;
          summary.findings += r.findings.length;
          this.publish(r.file, r.findings.map((f) => toDiagnostic(f, -1)));
          if (summary.files % 25 === 0) progress?.report(`${summary.files} files checked · ${path.basename(r.file)}`);
        }
        if (cancelled()) break;
      }
      summary.cancelled = cancelled();
      if (!summary.cancelled) {
        // Files that no longer exist or no longer have findings.
        for (const uri of [...this.published.keys()]) {
          if (!seen.has(uri)) {
            this.published.delete(uri);
            void this.connection.sendDiagnostics({ uri, diagnostics: [] });
          }
        }
      }
      this.scanned = true;
      this.watchCode();
      this.log.info(`workspace scan: ${summary.files} files, ${summary.findings} findings${summary.cancelled ? ' (cancelled)' : ''}`);
      void this.connection.sendNotification(SCAN_STATE_NOTIFICATION, summary);
      return summary;
    } finally {
      progress?.done();
    }
  }

  private watchCode(): void {
    if (this.watching || !this.canWatch()) return;
    this.watching = true;
    this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CODE_GLOB }] })
      .catch((e: unknown) => this.log.warn(`could not watch source files: ${String(e)}`));
  }
}
