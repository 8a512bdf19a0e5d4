/**
 * Rules that find their nodes with a walk in code instead of a tree-sitter query (compiling a
 * query walks the grammar's parse table: 5 to 90 ms per grammar, paid at a language's first
 * file) must select exactly what the query they replace matched: on every fixture, evaluation
 * corpus file and example, and on each of them blown up so that statements and calls grow
 * past the subtrees anchored look-ups aim for.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Node, QueryMatch } from '@vscode/tree-sitter-wasm';
import { REPO } from '../support/engine';
import { blownUp, loadFixtures } from '../support/fixtures';
import { detectLanguage, type GrammarId, type LanguageId } from '../../server/src/parsing/languages';
import { loadGrammar, parse, query } from '../../server/src/parsing/tree-sitter';
import * as exitInRequest from '../../server/src/rules/disposability/no-exit-in-request';

/** A node as the comparison shows it. */
const show = (n: Node | undefined): string => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : '-');

/** The reference query's matches under each root, in order. */
function matchesUnder(grammar: GrammarId, source: string, roots: readonly Node[]): QueryMatch[] {
  const q = query(grammar, source);
  return roots.flatMap((r) => q.matches(r));
}

/** The nodes of one capture, each once, in the order the matches give them. */
function captured(matches: readonly QueryMatch[], name: string): Node[] {
  const seen = new Set<string>();
  const out: Node[] = [];
  for (const m of matches) {
    for (const c of m.captures) {
      if (c.name !== name || seen.has(show(c.node))) continue;
      seen.add(show(c.node));
      out.push(c.node);
    }
  }
  return out;
}

interface Walk {
  /** Rule and matcher, for messages. */
  name: string;
  languages: readonly LanguageId[];
  /** What the reference query selects (as strings), or undefined when the language has none. */
  reference(grammar: GrammarId, lang: LanguageId, root: Node, text: string): string[] | undefined;
  /** What the walk selects. */
  walk(lang: LanguageId, root: Node, text: string): string[];
}

const referenceFor = (queries: Partial<Record<LanguageId, string>>, lang: LanguageId): string | undefined =>
  queries[lang] ?? (lang === 'typescript' ? queries.javascript : undefined);

const WALKS: Walk[] = [
  {
    name: 'disposability/no-exit-in-request: exits',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    reference(grammar, lang, root) {
      const source = referenceFor(exitInRequest.REFERENCE_QUERIES, lang);
      return source === undefined ? undefined : captured(matchesUnder(grammar, source, [root]), 'exit').map(show);
    },
    walk: (lang, root, text) => exitInRequest.exitNodes(root, exitInRequest.exitSpans(text, lang), lang).map(show),
  },
];

/** Every fixture, evaluation-corpus file and example with a grammar, and each blown up. */
function sources(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const f of loadFixtures()) out.push({ name: path.relative(REPO, f.file), text: f.text });
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (detectLanguage(p)?.grammar) out.push({ name: path.relative(REPO, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  for (const d of ['eval/corpus', 'examples']) walk(path.join(REPO, d));
  return out.flatMap((s) => {
    const det = detectLanguage(s.name);
    return det?.grammar ? [s, { name: `${s.name} (blown up)`, text: blownUp(s.text, det.language) }] : [];
  });
}

test('walks select exactly what the queries they replace matched', async () => {
  const compared = new Map<string, number>();
  const selected = new Map<string, number>();
  for (const s of sources()) {
    const det = detectLanguage(s.name.replace(/ \(blown up\)$/, ''))!;
    const grammar = det.grammar!;
    await loadGrammar(grammar);
    const tree = parse(grammar, s.text);
    assert.ok(tree, s.name);
    try {
      for (const w of WALKS) {
        if (!w.languages.includes(det.language)) continue;
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
  for (const w of WALKS) {
    assert.ok((compared.get(w.name) ?? 0) > 20, `${w.name}: compared on ${compared.get(w.name) ?? 0} files`);
    assert.ok((selected.get(w.name) ?? 0) > 10, `${w.name}: selected ${selected.get(w.name) ?? 0} nodes`);
  }
});
