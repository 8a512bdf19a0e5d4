/**
 * Small, language-neutral edit builders for quick fixes: replace a node, insert text,
 * remove an element of a list (argument, array element, object/dict pair) together with
 * the comma that separates it from its neighbours.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleContext } from '../engine/rule';
import type { TextEdit } from '../engine/types';

type EditContext = Pick<RuleContext, 'rangeAt'>;

export function replaceSpan(context: EditContext, start: number, end: number, newText: string): TextEdit {
  return { range: context.rangeAt(start, end), newText };
}

export function replaceNode(context: EditContext, node: Node, newText: string): TextEdit {
  return replaceSpan(context, node.startIndex, node.endIndex, newText);
}

export function insertAt(context: EditContext, offset: number, newText: string): TextEdit {
  return replaceSpan(context, offset, offset, newText);
}

function isCommentNode(n: Node): boolean {
  return n.type === 'comment' || n.type.endsWith('_comment');
}

function siblingItem(n: Node, dir: 'next' | 'prev'): Node | undefined {
  let s = dir === 'next' ? n.nextNamedSibling : n.previousNamedSibling;
  while (s && isCommentNode(s)) s = dir === 'next' ? s.nextNamedSibling : s.previousNamedSibling;
  return s ?? undefined;
}

/**
 * Removes `item` from the comma-separated list it sits in (its parent), with the comma that
 * follows it (or, for the last item without one, the comma before it). An item alone on its
 * lines goes with its whole lines; comments before the next item stay. Undefined when the
 * item is alone (removing it is the caller's decision, with a different edit).
 */
export function removeListItem(context: EditContext & { text?: string }, item: Node): TextEdit | undefined {
  const next = siblingItem(item, 'next');
  const prev = siblingItem(item, 'prev');
  if (!next && !prev) return undefined;
  let comma: Node | null = item.nextSibling;
  while (comma && isCommentNode(comma)) comma = comma.nextSibling;
  if (comma && comma.type === ',') {
    const after = comma.nextSibling;
    const end = after ? after.startIndex : comma.endIndex;
    const text = context.text;
    if (text !== undefined && after) {
      const itemLine = lineStartOf(text, item.startIndex);
      const afterLine = lineStartOf(text, after.startIndex);
      if (afterLine > itemLine && /^[ \t]*$/.test(text.slice(itemLine, item.startIndex)) && /^[ \t]*$/.test(text.slice(afterLine, after.startIndex))) {
        return replaceSpan(context, itemLine, afterLine, '');
      }
    }
    return replaceSpan(context, item.startIndex, end, '');
  }
  if (prev) return replaceSpan(context, prev.endIndex, item.endIndex, '');
  return next ? replaceSpan(context, item.startIndex, next.startIndex, '') : undefined;
}

/**
 * Where the line holding `offset` starts. A lone `\r` ends a line too (as in LSP): counting
 * `\n` alone, two items on `\r`-separated lines seemed to share one line, and removing both
 * gave overlapping edits.
 */
function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** Text of `text` at the line of `offset`, up to the offset: the indentation when only blanks precede it. */
export function indentAt(text: string, offset: number): string {
  const lineStart = lineStartOf(text, offset);
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : (/^[ \t]*/.exec(before)?.[0] ?? '');
}

/** The line-ending style of a document. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
