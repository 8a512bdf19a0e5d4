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
 * Removes `item` from the comma-separated list it sits in (its parent): from the item to
 * the next item when there is one, else from the previous item's end. Undefined when the
 * item is alone (removing it is the caller's decision, with a different edit).
 */
export function removeListItem(context: EditContext, item: Node): TextEdit | undefined {
  const next = siblingItem(item, 'next');
  if (next) return replaceSpan(context, item.startIndex, next.startIndex, '');
  const prev = siblingItem(item, 'prev');
  if (prev) return replaceSpan(context, prev.endIndex, item.endIndex, '');
  return undefined;
}

/** Text of `text` at the line of `offset`, up to the offset: the indentation when only blanks precede it. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : (/^[ \t]*/.exec(before)?.[0] ?? '');
}

/** The line-ending style of a document. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
