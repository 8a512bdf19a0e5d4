/**
 * The literal scan (server/src/analysis/literal-scan.ts) keeps its last scan per file and
 * re-scans only around an edit: after any edits, what it keeps must equal a fresh scan, also
 * for filters that read the text before or after a literal (`lookBehind`, `lookAhead`) or around a
 * needle (`needleReach`).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Node } from '@vscode/tree-sitter-wasm';
import { literalCandidates, literalOffsets, type LiteralFilter } from '../../server/src/analysis/literal-scan';
import type { RuleContext } from '../../server/src/engine/rule';
import type { LanguageId } from '../../server/src/parsing/languages';

/**
 * The offsets the scan keeps, read through a stand-in tree that records the look-ups; for a
 * filter of several kinds, also those it keeps for each kind.
 */
function kept(path: string, text: string, language: LanguageId, filter: LiteralFilter): number[] | number[][] {
  const offsets: number[] = [];
  const root = { namedDescendantForIndex(start: number) { offsets.push(start); return null; } } as unknown as Node;
  const context = { path, text, language, tree: { rootNode: root } } as unknown as RuleContext;
  literalCandidates(context, filter, new Set(['string']));
  if (!filter.kinds) return offsets;
  return [offsets, ...[1, 2, 4].filter((b) => filter.kinds! & b).map((b) => literalOffsets(context, filter, b))];
}

const FILTERS: LiteralFilter[] = [
  { id: 'test-hosts', minLength: 1, holes: 'value', lookBehind: 30, keep: (v, before) => /host/.test(before()) && /^[a-z.]+$/.test(v) },
  { id: 'test-long', minLength: 6, holes: 'skip', keep: (v) => /\d/.test(v), needles: ['sk_live_'] },
  { id: 'test-after', minLength: 1, holes: 'value', lookAhead: 12, keep: (v, _before, after) => /,\s*\d/.test(after()) && /^[a-z.]+$/.test(v) },
  {
    id: 'test-kinds', minLength: 1, holes: 'value', lookBehind: 30, lookAhead: 12, kinds: 7,
    keep: (v, before, after) => /^[a-z.]+$/.test(v) && (/host/.test(before()) ? 1 : 0) | (/,\s*\d/.test(after()) ? 2 : 0) | (/\./.test(v) ? 4 : 0),
  },
  {
    id: 'test-needle-at', minLength: 6, holes: 'skip', keep: (v) => /^\d+$/.test(v), needles: ['sk_live_', 'db'],
    needleAt: (t, at) => !/[a-z]/.test(t[at - 3] ?? '') && t[at + 12] !== '.', needleReach: 12,
  },
];

test('an edited file keeps what a fresh scan of its text keeps', () => {
  const piece = fc.oneof(
    fc.constantFrom('"', "'", '`', '${x}', 'host = ', 'db.local', '"db.local"', '12345678', ' ', '\n', '#', '//', '\\', 'r', 'f', '%q(', ')', 'sk_live_', '"""', 'abc', ', 6379'),
    fc.integer({ min: 1, max: 40 }).map((n) => '.'.repeat(n)),
  );
  const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
  const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), text: fc.array(piece, { maxLength: 4 }).map((p) => p.join('')) });
  let runs = 0;
  for (const language of ['javascript', 'python', 'ruby', 'go', 'java', 'php'] as LanguageId[]) {
    fc.assert(fc.property(text, fc.array(edit, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: FILTERS.length - 1 }), (start, edits, which) => {
      const filter = FILTERS[which];
      const path = `/p/edited-${language}-${runs++}`;
      let t = start;
      kept(path, t, language, filter);
      for (const e of edits) {
        const at = e.at % (t.length + 1);
        t = t.slice(0, at) + e.text + t.slice(Math.min(t.length, at + e.del));
        assert.deepEqual(kept(path, t, language, filter), kept(`/p/fresh-${runs++}`, t, language, filter), JSON.stringify({ language, start, t }));
      }
    }), { seed: 3, numRuns: 300 });
  }
});

test('a literal re-judged when an edit changes the text it looks ahead at', () => {
  const filter = FILTERS.find((f) => f.id === 'test-after')!;
  const text = `connect("db.local"${' '.repeat(4)}, 6379)`;
  assert.equal(kept('/p/ahead', text, 'javascript', filter).length, 1);
  assert.deepEqual(kept('/p/ahead', text.replace('6379', 'port'), 'javascript', filter), []);
  assert.equal(kept('/p/ahead', text, 'javascript', filter).length, 1);
});

test('a filter of several kinds keeps each literal for the kinds it may be', () => {
  const filter = FILTERS.find((f) => f.id === 'test-kinds')!;
  const text = `host = "a", x = "b.c", connect("d", 6379)`;
  const [all, byHost, byPort, byDot] = kept('/p/kinds', text, 'javascript', filter) as number[][];
  assert.deepEqual(all, [7, 16, 31]);
  assert.deepEqual([byHost, byPort, byDot], [[7, 16], [31], [16]]);
});

test('a literal re-judged when an edit changes the text it looks behind at', () => {
  const filter = FILTERS[0];
  const before = `host = ${'.'.repeat(20)} "db.local"`;
  assert.equal(kept('/p/behind', before, 'javascript', filter).length, 1);
  const after = before.replace('host', 'name');
  assert.deepEqual(kept('/p/behind', after, 'javascript', filter), []);
  assert.equal(kept('/p/behind', before, 'javascript', filter).length, 1);
});

test('a template is read with each hole as `${}`, whatever the hole holds', () => {
  const seen: string[] = [];
  const filter: LiteralFilter = { id: 'test-template-values', minLength: 1, holes: 'value', keep: (v) => { seen.push(v); return false; } };
  const text = "const u = `postgres://${cfg['}']}@${`db-${env}`}:${a /* } */ + b}/${s.replace(/}`/g, '')}`;";
  kept('/p/template', text, 'javascript', filter);
  assert.ok(seen.includes('postgres://${}@${}:${}/${}'), JSON.stringify(seen));
  assert.ok(seen.includes('db-${}'), JSON.stringify(seen));
});
