/** Applying text edits, purely: used by `check --fix`, the tests and the fix-safety suite. */
import { LineIndex } from '../parsing/document';
import type { TextEdit } from './types';

export class OverlappingEditsError extends Error {}

/** Applies edits (all against the same original text). Overlapping edits are refused, never merged. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const index = new LineIndex(text);
  const spans = edits
    .map((e, i) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  for (let k = 1; k < spans.length; k++) {
    if (spans[k].start < spans[k - 1].end) throw new OverlappingEditsError('fix edits overlap');
  }
  let out = '';
  let pos = 0;
  for (const s of spans) {
    out += text.slice(pos, s.start) + s.text;
    pos = Math.max(pos, s.end);
  }
  return out + text.slice(pos);
}

/** Whether two sets of edits touch overlapping ranges (so cannot be applied together). */
export function editsOverlap(text: string, a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  const index = new LineIndex(text);
  const span = (e: TextEdit) => [index.offsetAt(e.range.start), index.offsetAt(e.range.end)] as const;
  for (const x of a.map(span)) {
    for (const y of b.map(span)) {
      if (x[0] < y[1] && y[0] < x[1]) return true;
      if (x[0] === x[1] && y[0] === y[1] && x[0] === y[0]) return true;
    }
  }
  return false;
}
