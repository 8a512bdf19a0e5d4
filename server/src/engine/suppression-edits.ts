/**
 * Edits that add suppression comments, merging into an existing directive rather than
 * adding a second one.
 */
import { LineIndex } from '../parsing/document';
import type { TextEdit } from './types';

function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/** Merge `ruleId` into a directive on `lineText`, or undefined when there is none to merge into. */
function mergeInto(lineText: string, directive: string, ruleId: string): { start: number; end: number; text: string } | undefined {
  const re = new RegExp(`${directive}(?![\\w-])([ \\t]+[^\\r\\n]*)?$`);
  const m = re.exec(lineText);
  if (!m || m.index === undefined) return undefined;
  const rest = m[1] ?? '';
  const reasonAt = rest.indexOf('--');
  const idsPart = (reasonAt >= 0 ? rest.slice(0, reasonAt) : rest).replace(/\*\/.*$/, '');
  const ids = idsPart.split(/[\s,]+/).filter(Boolean);
  if (ids.length === 0 || ids.includes(ruleId)) return { start: 0, end: 0, text: '' }; // already covers it
  const insertAt = m.index + directive.length + idsPart.replace(/\s+$/, '').length;
  return { start: insertAt, end: insertAt, text: ` ${ruleId}` };
}

export function disableLineEdit(text: string, line: number, ruleId: string, comment: string): TextEdit {
  const lines = new LineIndex(text);
  if (line > 0) {
    const prev = lines.lineText(line - 1);
    const merged = mergeInto(prev, 'twelve-factor-disable-next-line', ruleId);
    if (merged) {
      const pos = { line: line - 1, character: merged.start };
      return { range: { start: pos, end: pos }, newText: merged.text };
    }
  }
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
  const pos = { line, character: 0 };
  return { range: { start: pos, end: pos }, newText: `${indent}${comment} twelve-factor-disable-next-line ${ruleId}${eolOf(text)}` };
}

export function disableFileEdit(text: string, ruleId: string, comment: string): TextEdit {
  const lines = new LineIndex(text);
  for (let i = 0; i < Math.min(lines.lineCount, 20); i++) {
    const merged = mergeInto(lines.lineText(i), 'twelve-factor-disable', ruleId);
    if (merged) {
      const pos = { line: i, character: merged.start };
      return { range: { start: pos, end: pos }, newText: merged.text };
    }
  }
  // After a shebang, `<?php` opening tag or encoding line, else at the top.
  let line = 0;
  while (line < lines.lineCount && line < 3 && /^(#!|<\?php\b|#.*coding[:=])/.test(lines.lineText(line))) line++;
  if (line >= lines.lineCount) {
    const end = lines.positionAt(text.length);
    return { range: { start: end, end }, newText: `${eolOf(text)}${comment} twelve-factor-disable ${ruleId}${eolOf(text)}` };
  }
  const pos = { line, character: 0 };
  return { range: { start: pos, end: pos }, newText: `${comment} twelve-factor-disable ${ruleId}${eolOf(text)}` };
}
