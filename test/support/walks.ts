/**
 * Shared by the tests that compare a rule's walk in code with the tree-sitter query it
 * replaces (`test/unit/query-walks.test.ts`, `test/unit/subprocess-walks.test.ts`).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Node } from '@vscode/tree-sitter-wasm';
import { REPO } from './engine';
import { blownUp, loadFixtures } from './fixtures';
import { detectLanguage, type GrammarId, type LanguageId } from '../../server/src/parsing/languages';
import { loadGrammar, parse } from '../../server/src/parsing/tree-sitter';

/** A node as the comparisons show it. */
export const show = (n: Node | undefined): string => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : '-');

/** A match as the comparisons show it: its pattern and its captures (by name). */
export const showMatch = (m: { patternIndex: number; captures: readonly { name: string; node: Node }[] }): string =>
  `${m.patternIndex} ${m.captures.map((c) => `${c.name}=${show(c.node)}`).sort().join(' ')}`;

/** A rule's query for a language (TypeScript falls back to JavaScript's). */
export const referenceFor = (queries: Partial<Record<LanguageId, string>>, lang: LanguageId): string | undefined =>
  queries[lang] ?? (lang === 'typescript' ? queries.javascript : undefined);

export interface Walk {
  /** Rule and matcher, for messages. */
  name: string;
  /** Languages it applies to (all when absent). */
  languages?: readonly LanguageId[];
  /** What the reference query finds (as strings), or undefined when the language has none. */
  reference(grammar: GrammarId, lang: LanguageId, root: Node, text: string): string[] | undefined;
  /** What the walk finds. */
  walk(lang: LanguageId, root: Node, text: string): string[];
}

export interface Source { name: string; text: string; files: Record<string, string> }

/**
 * Every fixture (with its project files), evaluation-corpus file and example with a grammar
 * in `languages`, then `edges`; each also blown up so that statements and calls grow past the
 * subtrees anchored look-ups aim for.
 */
export function walkSources(edges: readonly { name: string; text: string }[], languages?: readonly LanguageId[]): Source[] {
  const out: Source[] = [];
  for (const f of loadFixtures()) out.push({ name: path.relative(REPO, f.file), text: f.text, files: f.projectFiles });
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (detectLanguage(p)?.grammar) out.push({ name: path.relative(REPO, p), text: fs.readFileSync(p, 'utf8'), files: {} });
    }
  };
  for (const d of ['eval/corpus', 'examples']) walk(path.join(REPO, d));
  out.push(...edges.map((e) => ({ ...e, files: {} })));
  return out.flatMap((s) => {
    const det = detectLanguage(s.name);
    return det?.grammar && (!languages || languages.includes(det.language)) ? [s, { ...s, name: `${s.name} (blown up)`, text: blownUp(s.text, det.language) }] : [];
  });
}

/**
 * Each walk must select exactly what its reference query matched, on every source; and each
 * must have been compared on more than 20 files and have selected more than `minSelected` nodes.
 */
export async function assertWalksMatch(walks: readonly Walk[], sources: readonly Source[], minSelected: number): Promise<void> {
  const compared = new Map<string, number>();
  const selected = new Map<string, number>();
  for (const s of sources) {
    const det = detectLanguage(s.name.replace(/ \(blown up\)$/, ''))!;
    const grammar = det.grammar!;
    await loadGrammar(grammar);
    const tree = parse(grammar, s.text);
    assert.ok(tree, s.name);
    try {
      for (const w of walks) {
        if (w.languages && !w.languages.includes(det.language)) continue;
        const want = w.reference(grammar, det.language, tree.rootNode, s.text);
        if (want === undefined) continue;
        assert.deepEqual(w.walk(det.language, tree.rootNode, s.text), want, `${w.name} on ${s.name}`);
        compared.set(w.name, (compared.get(w.name) ?? 0) + 1);
        selected.set(w.name, (selected.get(w.name) ?? 0) + want.length);
      }
    } finally {
      tree.delete();
    }
  }
  for (const w of walks) {
    assert.ok((compared.get(w.name) ?? 0) > 20, `${w.name}: compared on ${compared.get(w.name) ?? 0} files`);
    assert.ok((selected.get(w.name) ?? 0) > minSelected, `${w.name}: selected ${selected.get(w.name) ?? 0} nodes`);
  }
}
