/**
 * The one-pass search of the rules' string triggers (`NeedleSets`, an Aho–Corasick automaton)
 * against the plain search it replaces: for every set, a hit exactly when one of its needles
 * occurs, and the hit it gives is an occurrence of one of them, the one that ends first.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { NeedleSets } from '../../server/src/engine/needles';
import { RULES } from '../../server/src/rules/index';

/** Where a needle of `set` ends first in text[from, to) (as [offset, length], the shortest one ending there), by brute force. */
function naive(set: readonly string[], text: string, from = 0, to = text.length): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const w of set) {
    if (!w) continue;
    for (let i = text.indexOf(w, from); i >= 0 && i + w.length <= to; i = text.indexOf(w, i + 1)) {
      const end = i + w.length;
      if (!best || end < best[0] + best[1]) best = [i, w.length];
      break;
    }
  }
  return best;
}

function assertSame(sets: string[][], text: string, from?: number, to?: number): void {
  const hits = new NeedleSets(sets).firstHits(text, undefined, from, to);
  sets.forEach((set, s) => {
    const want = naive(set, text, from, to);
    const got = hits[s];
    assert.equal(got === undefined, want === undefined, `set ${s} ${JSON.stringify(set)} in ${JSON.stringify(text)}`);
    if (!got || !want) return;
    // The same end; the needle found there is one of the set's.
    assert.equal(got[0] + got[1], want[0] + want[1], `set ${s} ends at the first end`);
    assert.ok(set.includes(text.slice(got[0], got[0] + got[1])), `set ${s}: ${JSON.stringify(text.slice(got[0], got[0] + got[1]))} is one of its needles`);
  });
}

test('finds what indexOf finds, on small alphabets where needles overlap and nest', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ab', 'é', '\u{1F600}'), minLength: 1, maxLength: 5 });
  fc.assert(fc.property(
    fc.array(fc.array(word, { maxLength: 6 }), { minLength: 1, maxLength: 6 }),
    fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', 'x', '\u{1F600}'), maxLength: 80 }),
    (sets, text) => assertSame(sets, text),
  ), { numRuns: 2000 });
});

test('a window finds only needles that lie inside it', () => {
  fc.assert(fc.property(
    fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 4 }), { maxLength: 5 }), { minLength: 1, maxLength: 4 }),
    fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 60 }),
    fc.nat(60), fc.nat(60),
    (sets, text, a, b) => assertSame(sets, text, Math.min(a, b), Math.max(a, b)),
  ), { numRuns: 1000 });
});

test('only the wanted sets are searched, and the search stops when each has a hit', () => {
  const needles = new NeedleSets([['host'], ['port'], ['never']]);
  const text = 'a host, then a port';
  assert.deepEqual(needles.firstHits(text), [[2, 4], [15, 4], undefined]);
  assert.deepEqual(needles.firstHits(text, [false, true, false]), [undefined, [15, 4], undefined]);
  assert.deepEqual(needles.firstHits(text, [false, false, false]), [undefined, undefined, undefined]);
});

test("the rules' own triggers, over a text holding some of each rule's", () => {
  const sets = RULES.map((r) => (r.triggers ?? []).filter((w): w is string => typeof w === 'string'));
  // Every third trigger of every rule, joined with code-like filler.
  const text = sets.flatMap((set) => set.filter((_, i) => i % 3 === 0)).join(' = f(x); // ');
  assertSame(sets, text);
  assertSame(sets, 'nothing here that any rule looks for: 0 1 2 ;;; {}');
});
