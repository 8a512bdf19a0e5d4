/**
 * Open documents, kept in step with the editor through incremental sync. Code documents
 * keep their syntax tree and re-parse incrementally; trees are freed on close.
 */
import type { Connection, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { detectLanguage, type DetectedLanguage } from '../parsing/languages';
import { LineIndex, SyntaxDocument } from '../parsing/document';
import { IncrementalState } from '../engine/run';

export class OpenDocument {
  private syntax: SyntaxDocument | undefined;
  private plain: { text: string; lines: LineIndex };
  /** Findings carried between checks, so a keystroke re-checks only what changed. */
  readonly incremental = new IncrementalState();

  constructor(readonly uri: string, readonly languageId: string, public version: number, text: string, readonly detected: DetectedLanguage | undefined) {
    this.plain = { text, lines: new LineIndex(text) };
    if (detected?.grammar) this.syntax = new SyntaxDocument(detected.grammar, text);
  }

  get text(): string { return this.syntax?.text ?? this.plain.text; }
  get lines(): LineIndex { return this.syntax?.lines ?? this.plain.lines; }
  get syntaxDocument(): SyntaxDocument | undefined { return this.syntax; }
  private path: string | undefined;
  /** The document's file path (its URI's, once: project look-ups ask for it on every keystroke). */
  get fsPath(): string {
    if (this.path === undefined) {
      try {
        this.path = URI.parse(this.uri).fsPath;
      } catch {
        this.path = this.uri;
      }
    }
    return this.path;
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    const mapped = changes.map((c) => ('range' in c ? { range: c.range, text: c.text } : { text: c.text }));
    if (this.syntax) this.syntax.update(mapped);
    else {
      let text = this.plain.text;
      for (const c of mapped) {
        if (!c.range) text = c.text;
        else {
          const idx = new LineIndex(text);
          const start = idx.offsetAt(c.range.start);
          const end = Math.max(start, idx.offsetAt(c.range.end));
          text = text.slice(0, start) + c.text + text.slice(end);
        }
      }
      this.plain = { text, lines: new LineIndex(text) };
    }
    this.version = version;
  }

  dispose(): void {
    this.syntax?.dispose();
    this.syntax = undefined;
  }
}

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();
  private readonly listeners: ((uri: string, event: 'open' | 'change' | 'close' | 'save') => void)[] = [];

  get(uri: string): OpenDocument | undefined { return this.docs.get(uri); }
  all(): OpenDocument[] { return [...this.docs.values()]; }
  /** The open document of a file path, if any. */
  byPath(fsPath: string): OpenDocument | undefined {
    for (const d of this.docs.values()) if (d.fsPath === fsPath) return d;
    return undefined;
  }
  onEvent(listener: (uri: string, event: 'open' | 'change' | 'close' | 'save') => void): void { this.listeners.push(listener); }
  private emit(uri: string, event: 'open' | 'change' | 'close' | 'save'): void { this.listeners.forEach((l) => l(uri, event)); }

  register(connection: Connection): void {
    connection.onDidOpenTextDocument(({ textDocument: d }) => {
      this.docs.get(d.uri)?.dispose();
      let fsPath = d.uri;
      try { fsPath = URI.parse(d.uri).fsPath; } catch { /* keep the uri */ }
      this.docs.set(d.uri, new OpenDocument(d.uri, d.languageId, d.version, d.text, detectLanguage(fsPath, d.languageId)));
      this.emit(d.uri, 'open');
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const doc = this.docs.get(textDocument.uri);
      if (!doc) return; // a change to a document we never saw: nothing to update
      doc.update(contentChanges, textDocument.version ?? doc.version + 1);
      this.emit(textDocument.uri, 'change');
    });
    connection.onDidSaveTextDocument(({ textDocument }) => {
      if (this.docs.has(textDocument.uri)) this.emit(textDocument.uri, 'save');
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      const doc = this.docs.get(textDocument.uri);
      if (!doc) return;
      doc.dispose();
      this.docs.delete(textDocument.uri);
      this.emit(textDocument.uri, 'close');
    });
  }
}
