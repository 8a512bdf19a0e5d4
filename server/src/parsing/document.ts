/**
 * A source document with its syntax tree, re-parsed incrementally on edits: each change is
 * told to the old tree (`tree.edit`) and the parser reuses what did not change.
 */
import type { Node, Tree, Edit, Point } from '@vscode/tree-sitter-wasm';
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
  constructor(readonly text: string, private readonly crIsNewline = true, starts?: number[]) {
    if (starts) {
      this.starts = starts;
      return;
    }
    this.starts = [0];
    LineIndex.scan(text, 0, text.length, crIsNewline, this.starts);
  }

  /** Appends the starts of the lines that begin after a line break found in text[from, to). */
  private static scan(text: string, from: number, to: number, crIsNewline: boolean, out: number[]): void {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) out.push(i + 1);
      else if (c === 13 && crIsNewline) {
        if (text.charCodeAt(i + 1) === 10) i++;
        out.push(i + 1);
      }
    }
  }

  /**
   * The index of `text`, which is this index's text with [start, oldEnd) replaced by
   * text[start, newEnd): lines before the edit are kept, those after it shifted, and only the
   * edited stretch is scanned (a keystroke in a large file costs what the edit costs).
   */
  withEdit(text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const old = this.starts;
    const delta = newEnd - oldEnd;
    // A line start depends on the two characters before it (a `\r\n` pair). Starts up to
    // start - 2 stand; the text is rescanned from there through two characters past the edit;
    // starts from newEnd + 2 on are the old ones, shifted.
    let lo = 1, hi = old.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (old[mid] <= start - 2) lo = mid + 1;
      else hi = mid;
    }
    const starts = old.slice(0, lo);
    const to = Math.min(text.length, newEnd + 2);
    const scanned: number[] = [];
    LineIndex.scan(text, Math.max(0, start - 2), to, this.crIsNewline, scanned);
    for (const x of scanned) if (x > starts[starts.length - 1]) starts.push(x);
    for (let k = lo; k < old.length; k++) {
      const x = old[k] + delta;
      if (x >= newEnd + 2 && x > starts[starts.length - 1]) starts.push(x);
    }
    return new LineIndex(text, this.crIsNewline, starts);
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

/** A tree-sitter point for an offset, from an index whose rows split at `\n` only. */
function pointOf(rows: LineIndex, offset: number): Point {
  const p = rows.positionAt(offset);
  return { row: p.line, column: p.character };
}

/** An edit in offsets: [start, oldEnd) of the text before became [start, newEnd). */
export interface OffsetEdit { start: number; oldEnd: number; newEnd: number }

/** What changed since the last `takeChanges()`: the edits in order, and where the tree changed. */
export interface DocumentChanges {
  /** True when the text was replaced whole (or the document is new): nothing carries over. */
  full: boolean;
  edits: OffsetEdit[];
  /** Ranges (in the current text) whose syntax changed, from tree-sitter plus the edits themselves. */
  dirty: { start: number; end: number }[];
}

/** Maps a range of the text before `edit` to the text after; undefined when the edit touches its inside. */
export function mapRange(start: number, end: number, edit: OffsetEdit): { start: number; end: number } | undefined {
  if (end <= edit.start && !(end === edit.start && start === end && edit.oldEnd > edit.start)) return { start, end };
  if (start >= edit.oldEnd) { const d = edit.newEnd - edit.oldEnd; return { start: start + d, end: end + d }; }
  return undefined;
}

/**
 * The span of the top-level statements an edit of [start, end) may re-shape: the one it
 * starts in (or ends, typing at its end) through the one it ends in (or the next, typing
 * between two).
 */
function statementsAt(root: Node, start: number, end: number): { start: number; end: number } | undefined {
  const first = root.firstNamedChildForIndex(Math.max(0, start - 1));
  if (!first) return undefined;
  const last = root.firstNamedChildForIndex(end) ?? first;
  return { start: Math.min(start, first.startIndex), end: Math.max(end, last.endIndex) };
}

/** Maps an offset, snapping offsets inside the edit to its start (or its new end). */
export function mapLoose(offset: number, edit: OffsetEdit, snap: 'start' | 'end'): number {
  if (offset <= edit.start) return offset;
  if (offset >= edit.oldEnd) return offset + (edit.newEnd - edit.oldEnd);
  return snap === 'start' ? edit.start : edit.newEnd;
}

/** How many top-level statements before a Python edit between statements tree-sitter is told to re-read. */
const PYTHON_REREAD = 8;

/**
 * Where to tell tree-sitter a Python edit at `start` begins. After an edit between two
 * top-level statements, or at the start of one (a space typed into a blank line or before a
 * decorator), tree-sitter's Python re-parse often failed to pick up the old tree's statements
 * again and re-parsed from the edit to the end of the file: 30 to 55 ms at 10,000 lines. Told
 * that the edit begins a few statements earlier, it re-parses those and the edited stretch
 * and takes the rest from the old tree (which statement it resynchronises at varies; eight
 * back, typing spaces as the bench does into a 10,000-line file: p95 of the re-parse 56 ->
 * 2 to 3.5 ms, 2,000 lines 8 -> 1 ms). The text in between is the same, so the tree is too
 * (tree-sitter re-reads what an edit covers): only the work differs. Edits inside a
 * statement are told as they are: mostly their re-parse stays local, and where it does not
 * (an indentation put out of line with the next statement's, an edit between a class's
 * methods) telling them as starting earlier or ending later did not help.
 */
export function pythonEditStart(root: Node, start: number): number {
  const next = root.firstNamedChildForIndex(start);
  if (next && start > next.startIndex) return start;
  let prev = next ? next.previousNamedSibling : root.lastNamedChild;
  for (let k = 1; k < PYTHON_REREAD && prev?.previousNamedSibling; k++) prev = prev.previousNamedSibling;
  return prev && prev.startIndex < start ? prev.startIndex : start;
}

export class SyntaxDocument {
  private index: LineIndex;
  /** Rows as tree-sitter counts them (at `\n` only), for the points of tree edits. */
  private rows: LineIndex;
  private _tree: Tree | undefined;
  private stale = true;
  private changes: DocumentChanges = { full: true, edits: [], dirty: [] };

  /** Time budget of a (re-)parse in milliseconds (0: none); the engine sets it from the settings. */
  constructor(readonly grammar: GrammarId, private _text: string, public budgetMs = 0) {
    this.index = new LineIndex(_text);
    this.rows = new LineIndex(_text, false);
  }

  get text(): string { return this._text; }
  get lines(): LineIndex { return this.index; }

  /**
   * The tree, parsed (or re-parsed incrementally) on first use after a change. Undefined
   * when the parse ran out of its budget: the next use tries again (the edited old tree is
   * kept for it), so a larger budget or a quieter moment gets the tree without an edit.
   */
  get tree(): Tree | undefined {
    if (!this.stale) return this._tree;
    const old = this._tree;
    const next = parse(this.grammar, this._text, old, this.budgetMs);
    if (!next) return undefined;
    if (old && !this.changes.full) {
      for (const r of next.getChangedRanges(old)) this.changes.dirty.push({ start: r.startIndex, end: r.endIndex });
    }
    old?.delete();
    this._tree = next;
    this.stale = false;
    return next;
  }

  /** The edits since the last `takeChanges()`, without re-parsing (their dirty ranges may be incomplete). */
  get pendingChanges(): Readonly<DocumentChanges> {
    return this.changes;
  }

  /** The changes since the last call (the engine uses them to re-check only what changed). */
  takeChanges(): DocumentChanges {
    void this.tree;
    const c = this.changes;
    this.changes = { full: false, edits: [], dirty: [] };
    return c;
  }

  /** Applies LSP-style changes in order; a change without a range replaces the whole text. */
  update(changes: readonly TextChange[]): void {
    for (const change of changes) {
      if (!change.range) {
        this._tree?.delete();
        this._tree = undefined;
        this._text = change.text;
        this.index = new LineIndex(this._text);
        this.rows = new LineIndex(this._text, false);
        this.changes = { full: true, edits: [], dirty: [] };
        continue;
      }
      const start = this.index.offsetAt(change.range.start);
      const oldEnd = Math.max(start, this.index.offsetAt(change.range.end));
      const newEnd = start + change.text.length;
      const text = this._text.slice(0, start) + change.text + this._text.slice(oldEnd);
      const newIndex = this.index.withEdit(text, start, oldEnd, newEnd);
      const newRows = this.rows.withEdit(text, start, oldEnd, newEnd);
      // The statements the edit falls in, as they were (before the tree is told of it): an edit
      // may split one so that its tail gets a new parent while tree-sitter reports only the
      // inserted text as changed.
      const touched = this._tree && !this.changes.full ? statementsAt(this._tree.rootNode, start, oldEnd) : undefined;
      if (this._tree) {
        // Every change is told to the old tree, so edits may accumulate between re-parses.
        const from = this.grammar === 'python' ? pythonEditStart(this._tree.rootNode, start) : start;
        const edit: Edit = {
          startIndex: from, oldEndIndex: oldEnd, newEndIndex: newEnd,
          startPosition: pointOf(this.rows, from), oldEndPosition: pointOf(this.rows, oldEnd),
          newEndPosition: pointOf(newRows, newEnd),
        };
        this._tree.edit(edit);
      }
      if (!this.changes.full) {
        const e = { start, oldEnd, newEnd };
        // Earlier dirty ranges move with the text; the edit itself is dirty.
        this.changes.dirty = this.changes.dirty.map((d) => ({ start: mapLoose(d.start, e, 'start'), end: mapLoose(d.end, e, 'end') }));
        this.changes.dirty.push({ start, end: newEnd });
        if (touched) this.changes.dirty.push({ start: mapLoose(touched.start, e, 'start'), end: mapLoose(touched.end, e, 'end') });
        this.changes.edits.push(e);
      }
      this._text = text;
      this.index = newIndex;
      this.rows = newRows;
    }
    this.stale = true;
  }

  dispose(): void {
    this._tree?.delete();
    this._tree = undefined;
  }
}
