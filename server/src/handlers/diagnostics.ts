/**
 * Diagnostics: pulled (`textDocument/diagnostic`) by clients that declare support, pushed
 * (`publishDiagnostics`) to the rest. `debounceMs` delays analysis after an edit; a newer
 * edit cancels the pending run. With `run: onSave`, edits keep the last saved results.
 */
import {
  DiagnosticSeverity, DocumentDiagnosticReportKind, type Connection, type Diagnostic, type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import type { DocumentStore, OpenDocument } from './documents';
import type { Analyzer } from './analysis';
import { SOURCE, toDiagnostic } from './to-lsp';
import type { SkipReason } from '../engine/run';
import type { Logger } from './logger';

const SKIP_MESSAGES: Partial<Record<SkipReason, string>> = {
  'too-large': 'Twelve-Factor did not check this file: it is larger than twelveFactor.maxFileSize.',
  timeout: 'Twelve-Factor stopped checking this file: it took longer than twelveFactor.timeBudgetMs.',
  'too-deep': 'Twelve-Factor did not check this file: it is nested too deeply to parse safely.',
};

export class DiagnosticsHandler {
  private pull = false;
  private readonly timers = new Map<string, NodeJS.Immediate>();
  private readonly generation = new Map<string, number>();
  private readonly lastSaved = new Map<string, Diagnostic[]>();
  private readonly savedSinceChange = new Set<string>();
  private readonly timeoutRetries = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly analyzer: Analyzer,
    private readonly log: Logger,
  ) {}

  register(pull: boolean): void {
    this.pull = pull;
    if (pull) {
      this.connection.languages.diagnostics.on(async (params, token) => {
        const doc = this.documents.get(params.textDocument.uri);
        const empty: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };
        if (!doc) return empty;
        const gen = this.bump(doc.uri);
        const items = await this.compute(doc, gen, () => token.isCancellationRequested);
        return { kind: DocumentDiagnosticReportKind.Full, items: items ?? this.lastSaved.get(doc.uri) ?? [] };
      });
    }
    this.documents.onEvent((uri, event) => {
      if (event === 'close') {
        this.cancel(uri);
        this.lastSaved.delete(uri);
        this.savedSinceChange.delete(uri);
        this.timeoutRetries.delete(uri);
        if (!this.pull) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
        return;
      }
      if (event === 'save') this.savedSinceChange.add(uri);
      if (event === 'change') {
        this.savedSinceChange.delete(uri);
        this.timeoutRetries.delete(uri);
      }
      if (this.pull) {
        if (event === 'save') this.connection.languages.diagnostics.refresh().catch(() => undefined);
        return;
      }
      this.schedule(uri);
    });
  }

  /** Re-run everything (settings or neighbouring files changed). */
  refreshAll(): void {
    if (this.pull) {
      this.connection.languages.diagnostics.refresh().catch(() => undefined);
    } else {
      for (const d of this.documents.all()) this.schedule(d.uri, true);
    }
  }

  /**
   * A check that ran out of time (a busy machine, grammars still compiling) is tried again
   * a little later, twice at most until the document changes, so a file is not left
   * unchecked until its next edit.
   */
  private retryAfterTimeout(uri: string): void {
    const n = this.timeoutRetries.get(uri) ?? 0;
    if (n >= 2) return;
    this.timeoutRetries.set(uri, n + 1);
    setTimeout(() => {
      if (!this.documents.get(uri)) return;
      if (this.pull) this.connection.languages.diagnostics.refresh().catch(() => undefined);
      else this.schedule(uri, true);
    }, 1000 * (n + 1)).unref();
  }

  private bump(uri: string): number {
    const g = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, g);
    return g;
  }

  private cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearImmediate(t);
    this.timers.delete(uri);
    this.bump(uri);
  }

  private schedule(uri: string, immediate = false): void {
    const t = this.timers.get(uri);
    if (t) clearImmediate(t);
    const gen = this.bump(uri);
    const run = async () => {
      this.timers.delete(uri);
      const doc = this.documents.get(uri);
      if (!doc) return;
      const items = await this.compute(doc, gen, () => false, immediate);
      if (items && this.generation.get(uri) === gen) await this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: items });
    };
    // setImmediate (not a 0 ms timer, which waits at least 1 ms) coalesces the changes of one
    // tick; the debounce itself is read from the document's settings inside compute.
    this.timers.set(uri, setImmediate(() => { run().catch((e: unknown) => this.log.error(String(e))); }));
  }

  /**
   * Analyses a document after its debounce; undefined when superseded or cancelled (the
   * caller then keeps what it had).
   */
  private async compute(doc: OpenDocument, gen: number, cancelled: () => boolean, immediate = false): Promise<Diagnostic[] | undefined> {
    try {
      const uri = doc.uri;
      const first = await this.analyzerSettings(doc);
      if (!first.enable) return [];
      if (first.run === 'onSave' && !this.savedSinceChange.has(uri) && this.lastSaved.has(uri)) return this.lastSaved.get(uri);
      if (!immediate && first.debounceMs > 0) {
        await new Promise((r) => setTimeout(r, first.debounceMs));
        if (this.generation.get(uri) !== gen || cancelled()) return undefined;
      }
      const current = this.documents.get(uri);
      if (current !== doc) return undefined;
      const analysis = await this.analyzer.analyze(doc);
      if (!analysis || this.generation.get(uri) !== gen || cancelled()) return undefined;
      const items = analysis.result.findings.map((f) => toDiagnostic(f, analysis.version, analysis.result.fixesUnchecked));
      if (analysis.result.skipped === 'timeout') this.retryAfterTimeout(uri);
      const notice = analysis.result.skipped && SKIP_MESSAGES[analysis.result.skipped];
      if (notice) {
        items.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: SOURCE, message: notice });
      }
      this.lastSaved.set(uri, items);
      return items;
    } catch (e) {
      this.log.error(`could not check ${doc.uri}: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  private analyzerSettings(doc: OpenDocument) {
    return this.analyzer.settingsFor(doc.uri);
  }
}
