/**
 * Helpers the `.env` rules share: the parsed file, edits that remove whole lines, and the
 * quote a value can be wrapped in without changing what the runners read.
 *
 * Edits built here never carry a value: they insert or delete quote characters, blanks,
 * line breaks and keys, or delete text. A fix's edits travel in diagnostics and code
 * actions, and no output of the server may hold a value from an env file.
 */
import * as path from 'path';
import type { RuleContext } from '../../engine/rule';
import type { TextEdit } from '../../engine/types';
import type { DotenvDocument, DotenvEntry } from '../../parsing/dotenv';
import { parseEnvText } from '../../analysis/env-files';

export function envDocumentOf(context: Pick<RuleContext, 'text'>): DotenvDocument {
  return parseEnvText(context.text);
}

export function fileName(context: Pick<RuleContext, 'path'>): string {
  return path.basename(context.path);
}

export function edit(context: Pick<RuleContext, 'rangeAt'>, start: number, end: number, newText: string): TextEdit {
  return { range: context.rangeAt(start, end), newText };
}

/** First and last line of an entry (from `export` or the key to the end of its value). */
export function entryLines(doc: DotenvDocument, context: Pick<RuleContext, 'lines'>, entry: DotenvEntry): { first: number; last: number } {
  const first = context.lines.positionAt(entry.range.start).line;
  const last = Math.max(first, context.lines.positionAt(entry.range.end).line);
  return { first: Math.min(first, doc.lines.length - 1), last: Math.min(last, doc.lines.length - 1) };
}

/**
 * Offsets that remove lines `first..last` with their line break (or, for the last lines of
 * the file, with the break before them).
 */
export function lineRemovalSpan(doc: DotenvDocument, text: string, first: number, last: number): { start: number; end: number } {
  const start = doc.lines[first].range.start;
  const next = doc.lines[last + 1];
  if (next) return { start, end: next.range.start };
  const prev = doc.lines[first - 1];
  return { start: prev ? prev.range.end : start, end: text.length };
}

const entryIndex = new WeakMap<DotenvDocument, Map<DotenvEntry, number>>();

/**
 * True when no other entry shares lines `first..last` with `entry`. Entries are in text
 * order, so only the neighbours on either side can share lines: looking outwards stops at
 * the first one clear of them (a scan of every entry per entry was quadratic: thousands of
 * duplicate keys took minutes).
 */
export function ownsLines(doc: DotenvDocument, context: Pick<RuleContext, 'lines'>, entry: DotenvEntry, first: number, last: number): boolean {
  let index = entryIndex.get(doc);
  if (!index) {
    index = new Map(doc.entries.map((e, i) => [e, i]));
    entryIndex.set(doc, index);
  }
  const i = index.get(entry) ?? -1;
  if (i < 0) return !doc.entries.some((other) => other !== entry && overlaps(entryLines(doc, context, other), first, last));
  for (let j = i - 1; j >= 0; j--) {
    const o = entryLines(doc, context, doc.entries[j]);
    if (overlaps(o, first, last)) return false;
    if (o.last < first) break;
  }
  for (let j = i + 1; j < doc.entries.length; j++) {
    const o = entryLines(doc, context, doc.entries[j]);
    if (overlaps(o, first, last)) return false;
    if (o.first > last) break;
  }
  return true;
}

function overlaps(o: { first: number; last: number }, first: number, last: number): boolean {
  return o.last >= first && o.first <= last;
}

/**
 * The quote that wraps `raw` (an unquoted value's source text) so that dotenv, compose,
 * python-dotenv and foreman all read the same characters: single quotes when it holds no
 * `'` and no `$` (compose expands `$` in unquoted values but not in single quotes), else
 * double quotes when it holds no `"`, backslash or backtick; undefined otherwise.
 */
export function wrappingQuote(raw: string): "'" | '"' | undefined {
  if (/[\r\n\u2028\u2029]/.test(raw)) return undefined;
  if (!/['$]/.test(raw)) return "'";
  if (!/["\\`]/.test(raw)) return '"';
  return undefined;
}

/** Values that need no quotes in any runner. */
export const BARE_VALUE = /^[A-Za-z0-9_\-./:@+,~%=]+$/;

/** The line break the file uses. */
export function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : /\r/.test(text) && !/\n/.test(text) ? '\r' : '\n';
}
