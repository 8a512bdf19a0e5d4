/**
 * Python edits between top-level statements are told to tree-sitter as starting a few
 * statements earlier (told as they are, it often re-parsed from the edit to the end of the
 * file). The tree must still be, node for node and text for text, the tree a fresh parse of
 * the new text gives.
 */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Node } from '@vscode/tree-sitter-wasm';
import { REPO } from '../support/engine';
import { LineIndex, SyntaxDocument, pythonEditStart } from '../../server/src/parsing/document';
import { loadGrammar, parse } from '../../server/src/parsing/tree-sitter';
import { generatePy } from '../../scripts/generated-sources';

/** Every node, named or not, with its type, offsets, points, flags and text, in document order. */
function dump(root: Node): string[] {
  const out: string[] = [];
  const cursor = root.walk();
  for (;;) {
    const n = cursor.currentNode;
    out.push(`${n.type}${n.isNamed ? '' : '?'}${n.isMissing ? '!' : ''} ${n.startIndex}-${n.endIndex} ${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column} ${JSON.stringify(n.text)}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) { cursor.delete(); return out; }
  }
}

function pythonSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(REPO, 'test', 'fixtures'));
  walk(path.join(REPO, 'eval', 'corpus'));
  // Blank lines inside strings, brackets, after a continuation, indented and not, and a last line without a newline.
  out.push('def f():\n    s = """\n\n    \n    x"""\n    y = (1,\n\n         2)\n    z = 1 + \\\n\n    return s\n\n\nclass A:\n\n    def g(self):\n        pass\n    \n', 'x = 1\n  \t\n\t\ny = f"""{x}\n\n{ x }\n"""\n   ');
  out.push(generatePy(120));
  return out;
}

describe('Python edits between statements, told as starting earlier', () => {
  test('after random line edits (indentation, blank lines, code, brackets, strings), the tree equals a fresh parse, node for node', async () => {
    await loadGrammar('python');
    const sources = pythonSources();
    let widened = 0;
    await fc.assert(fc.asyncProperty(
      fc.nat({ max: sources.length - 1 }),
      fc.array(fc.record({ line: fc.nat(), col: fc.nat({ max: 12 }), del: fc.nat({ max: 3 }), text: fc.constantFrom('', ' ', '  ', '\t', '    ', ' \t', 'x', '\n', '"', '(', ')', ':', '#', '\\', 'def g():\n', '@d\n', '"""'), parse: fc.boolean() }), { minLength: 1, maxLength: 8 }),
      async (which, edits) => {
        let text = sources[which];
        const doc = new SyntaxDocument('python', text);
        assert.ok(doc.tree);
        let fresh = true;
        for (const e of edits) {
          const idx = new LineIndex(text);
          const line = e.line % idx.lineCount;
          const lineStart = idx.lineStart(line);
          const lineEnd = line + 1 < idx.lineCount ? idx.lineStart(line + 1) - 1 : text.length;
          const start = Math.min(lineEnd, lineStart + e.col);
          const end = Math.min(lineEnd, start + e.del);
          // Edits accumulate between parses (`parse`); where the tree is fresh, count the widened ones.
          if (fresh && pythonEditStart(doc.tree!.rootNode, start) < start) widened++;
          doc.update([{ range: { start: idx.positionAt(start), end: idx.positionAt(end) }, text: e.text }]);
          text = text.slice(0, start) + e.text + text.slice(end);
          fresh = e.parse;
          if (e.parse) assert.ok(doc.tree);
        }
        const again = new SyntaxDocument('python', text);
        assert.deepEqual(dump(doc.tree!.rootNode), dump(again.tree!.rootNode));
        doc.dispose();
        again.dispose();
      }), { seed: Number(process.env.SEED ?? 2811), numRuns: Number(process.env.RUNS ?? 300) });
    // The property is about widened edits: the runs must make many.
    assert.ok(widened > 100, `only ${widened} widened edits`);
  });

  test('an edit between top-level statements is told as starting eight statements back; one inside a statement as it is', async () => {
    await loadGrammar('python');
    const text = Array.from({ length: 12 }, (_, i) => `def f${i}():\n    return ${i}\n\n`).join('');
    const tree = parse('python', text)!;
    const root = tree.rootNode;
    const defStart = (i: number) => text.indexOf(`def f${i}(`);
    // A blank line after f10, and the start of f11: the statement eight back from f11 is f3.
    assert.equal(pythonEditStart(root, defStart(11) - 1), defStart(3));
    assert.equal(pythonEditStart(root, defStart(11)), defStart(3));
    // Near the top there are fewer statements to go back to: the first.
    assert.equal(pythonEditStart(root, defStart(2)), defStart(0));
    assert.equal(pythonEditStart(root, 0), 0);
    // Inside a statement, and after the last one.
    assert.equal(pythonEditStart(root, defStart(5) + 6), defStart(5) + 6);
    assert.equal(pythonEditStart(root, text.length), defStart(4));
    tree.delete();
  });
});
