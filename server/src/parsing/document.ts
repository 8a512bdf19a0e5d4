/**
 * A source document with its syntax tree, re-parsed incrementally on edits: each change is
 * told to the old tree (`tree.edit`) and the parser reuses what did not change.
 */
import type { Tree, Edit, Point } from '@vscode/tree-sitter-wasm';
import type { GrammarId } from './languages';
import { parse } from './tree-sitter';
import type { Range } from '../engine/types';

export interface TextChange { range?: Range; text: string }

/**
 * Line starts of a text. LSP counts `\n`, `\r\n` and a lone `\r` as line breaks;
 * tree-sitter counts only `\n` (pass `crIsNewline: false` for its points).
 */
export class LineIndex {
  private readonly starts: number[];
  constructor(readonly text: string, crIsNewline = true) {
    this.starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && crIsNewline) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  get lineCount(): number { return this.starts.length; }
  lineStart(line: number): number { return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]; }
  /** Offset of a position, clamped into the text (out-of-range positions never throw). */
  offsetAt(pos: { line: number; character: number }): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    let end = next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return Math.min(start + Math.max(0, pos.character), end);
  }
  positionAt(offset: number): { line: number; character: number } {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

/** A tree-sitter point (rows split at `\n` only) for an offset. */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

export class SyntaxDocument {
  private index: LineIndex;
  private _tree: Tree | undefined;
  private stale = true;

  constructor(readonly grammar: GrammarId, private _text: string, private readonly budgetMs = 0) {
    this.index = new LineIndex(_text);
  }

  get text(): string { return this._text; }
  get lines(): LineIndex { return this.index; }

  /** The tree, parsed (or re-parsed incrementally) on first use after a change. */
  get tree(): Tree | undefined {
    if (this.stale) {
      const next = parse(this.grammar, this._text, this._tree, this.budgetMs);
      this._tree?.delete();
      this._tree = next;
      this.stale = false;
    }
    return this._tree;
  }

  /** Applies LSP-style changes in order; a change without a range replaces the whole text. */
  update(changes: readonly TextChange[]): void {
    for (const change of changes) {
      if (!change.range) {
        this._tree?.delete();
        this._tree = undefined;
        this._text = change.text;
        this.index = new LineIndex(this._text);
        continue;
      }
      const start = this.index.offsetAt(change.range.start);
      const oldEnd = Math.max(start, this.index.offsetAt(change.range.end));
      const text = this._text.slice(0, start) + change.text + this._text.slice(oldEnd);
      const newIndex = new LineIndex(text);
      if (this._tree) {
        // Every change is told to the old tree, so edits may accumulate between re-parses.
        const edit: Edit = {
          startIndex: start, oldEndIndex: oldEnd, newEndIndex: start + change.text.length,
          startPosition: pointAt(this._text, start), oldEndPosition: pointAt(this._text, oldEnd),
          newEndPosition: pointAt(text, start + change.text.length),
        };
        this._tree.edit(edit);
      }
      this._text = text;
      this.index = newIndex;
    }
    this.stale = true;
  }

  dispose(): void {
    this._tree?.delete();
    this._tree = undefined;
  }
}
