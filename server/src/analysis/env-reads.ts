/**
 * Environment reads of a syntax tree as spans of their variable names: where the name is
 * written (`FOO` in `process.env.FOO`, the characters between the quotes of
 * `os.environ["FOO"]`), so that editor features can point at it, list it and rename it.
 * Built on `findEnvReads`; reads whose name is computed at run time are left out.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { LanguageId } from '../parsing/languages';
import { findEnvReads, stringContentRange } from './syntax';

export interface EnvReadSpan {
  name: string;
  /** UTF-16 offsets of the name's characters in the text. */
  start: number;
  end: number;
  /** The whole read expression. */
  readStart: number;
  readEnd: number;
  hasDefault: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function nameSpan(node: Node, name: string, lang: LanguageId): { start: number; end: number } | undefined {
  if (node.text === name) return { start: node.startIndex, end: node.endIndex };
  const content = stringContentRange(node, lang);
  if (content && content.end - content.start === name.length) return content;
  // `@Value("${NAME:default}")`, `pair_pattern` keys: the first place the name is written.
  const at = node.text.indexOf(name);
  return at >= 0 ? { start: node.startIndex + at, end: node.startIndex + at + name.length } : undefined;
}

/** Every read with a literal, identifier-like name under `root`, in document order. */
export function envReadSpans(root: Node, lang: LanguageId): EnvReadSpan[] {
  const out: EnvReadSpan[] = [];
  for (const r of findEnvReads(root, lang)) {
    if (!r.name || !NAME.test(r.name)) continue;
    const span = nameSpan(r.nameNode ?? r.node, r.name, lang);
    if (!span) continue;
    out.push({ name: r.name, ...span, readStart: r.node.startIndex, readEnd: r.node.endIndex, hasDefault: r.hasDefault });
  }
  return out;
}
