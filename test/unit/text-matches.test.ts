/**
 * Whole-text regular expression scans carried over between versions of a text
 * (engine/text-matches.ts): after any sequence of edits, the matches and the test result are
 * those of a scan of the whole new text, for patterns with lookbehinds, lookaheads, word
 * boundaries, back-references, anchors, empty matches and case folding; unbounded patterns
 * are scanned whole. The reach of a pattern is an upper bound of what an attempt reads.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MIN_INCREMENTAL, matchSpans, matchesIn, regexReach } from '../../server/src/engine/text-matches';

/** Texts this long are carried over (shorter ones are always scanned whole). */
const LONG = MIN_INCREMENTAL + 1000;

/** What a plain `exec` loop finds, as flat [start, end) pairs. */
function reference(text: string, re: RegExp): number[] {
  const g = new RegExp(re.source, re.flags.replace(/[gy]/g, '') + 'g');
  const out: number[] = [];
  for (let m = g.exec(text); m; m = g.exec(text)) {
    out.push(m.index, m.index + m[0].length);
    if (m[0].length === 0) g.lastIndex++;
  }
  return out;
}

const PATTERNS: RegExp[] = [
  /ab|b/g,
  /(?<=x)ab/g,
  /(?<!a)b/g,
  /\bab\b/g,
  /a{2,3}/g,
  /(['"])q\1/g,
  /^a/gm,
  /a$/g,
  /^ab/g,
  /env|mode|stag/gi,
  /x?/g,
  /(?=ab)a/g,
  /a|/g,
  /[^a\]b]x/g,
  /ab*/g, // unbounded: always scanned whole
  /SIG(?:TERM|INT)|utdown/,
  /(?<=a(?=bcd))b/g, // a lookahead inside a lookbehind reads past the position tried
  new RegExp('\\x1g|\\c1', 'g'), // malformed escapes: their letters, scanned whole
];

// Texts long enough to be carried over (8,192 characters and more), made of a few
// characters so that the patterns match often, with runs of edits anywhere in them.
const ALPHABET = ['a', 'b', 'c', 'd', '1', 'g', '\\', 'x', 'q', "'", '"', '\n', ' ', 'E', 'n', 'v', 'S', 'I', 'G', 'T', 'M', 'u', 't', 'd', 'o', 'w', 'e', 'm'];
const piece = fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 40 }).map((cs) => cs.join(''));
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.integer({ min: 0, max: 12 }), insert: fc.oneof(fc.constant(''), piece) });
const base = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 30 }), piece).map(([parts, tail]) => {
  const unit = parts.join('');
  return unit.repeat(Math.ceil(LONG / unit.length)) + tail;
});

function applyEdit(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

test('matches carried over between edits are those of a whole scan', () => {
  fc.assert(fc.property(base, fc.array(edit, { minLength: 1, maxLength: 12 }), fc.constantFrom(...PATTERNS), (start, edits, re) => {
    let text = start;
    assert.deepEqual([...matchSpans(text, re)], reference(text, re));
    for (const e of edits) {
      text = applyEdit(text, e);
      assert.deepEqual([...matchSpans(text, re)], reference(text, re), `${re} after an edit at ${Math.floor(e.at * text.length)}`);
    }
  }), { numRuns: 300 });
});

test('a test carried over between edits is a test of the whole text', () => {
  // Rare matches, so that a text goes from matching to not and back.
  const rare = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.integer({ min: 0, max: 8 }), insert: fc.constantFrom('', 'SIGTERM', 'SIG', 'TERM', 'shutdown', 'x', 'ab') });
  const plain = fc.array(fc.constantFrom('a', 'b', ' ', '\n', 'S', 'I', 'G', 'x'), { minLength: 1, maxLength: 30 }).map((cs) => cs.join('').repeat(Math.ceil(LONG / cs.length)));
  const tests = [/SIG(?:TERM|INT)|utdown/, /(?<=x)ab/, /\bab\b/, /^SIG/m, /TERM$/];
  fc.assert(fc.property(plain, fc.array(rare, { minLength: 1, maxLength: 16 }), fc.constantFrom(...tests), (start, edits, re) => {
    let text = start;
    assert.equal(matchesIn(text, re), re.test(text));
    for (const e of edits) {
      text = applyEdit(text, e);
      assert.equal(matchesIn(text, re), re.test(text), `${re} after an edit`);
    }
  }), { numRuns: 300 });
});

test('a caller\'s lastIndex is left alone, and other texts in between are told apart', () => {
  const re = /mode/g;
  re.lastIndex = 5;
  const n = Math.ceil(LONG / 5);
  const a = 'mode '.repeat(n);
  const b = 'node '.repeat(n);
  assert.equal(matchSpans(a, re).length, 2 * n);
  assert.equal(matchSpans(b, re).length, 0);
  assert.equal(matchSpans(a.slice(0, 100) + 'x' + a.slice(100), re).length, 2 * n);
  assert.equal(matchesIn(b, re), false);
  assert.equal(matchesIn(a, re), true);
  assert.equal(re.lastIndex, 5);
});

test('the reach of a pattern covers what an attempt reads, and unbounded patterns have none', () => {
  assert.deepEqual(regexReach(/env|mode|configure/gi), { behind: 1, ahead: 10 });
  // (A lookbehind's body is counted forward too: a lookahead inside it would read past the position.)
  assert.deepEqual(regexReach(/(?<=abc)d/), { behind: 4, ahead: 5 });
  assert.deepEqual(regexReach(/(['"])x\1/), { behind: 1, ahead: 4 });
  assert.deepEqual(regexReach(/a{2,5}(?=bc)/), { behind: 1, ahead: 8 });
  assert.deepEqual(regexReach(/[\]a]{3}/), { behind: 1, ahead: 4 });
  assert.equal(regexReach(/a+/), undefined);
  assert.equal(regexReach(/a{2,}/), undefined);
  assert.equal(regexReach(/(?<n>a)\k<n>/), undefined);
  assert.equal(regexReach(/(a\1)/), undefined);
  assert.equal(regexReach(/a/u), undefined);
  // A lookahead inside a lookbehind reads on past the position tried.
  assert.deepEqual(regexReach(/(?<=a(?=bcd))b/), { behind: 5, ahead: 6 });
  // Malformed escapes stand for their letters (`\u{10}` is ten `u`s); forms this parser does not know.
  assert.equal(regexReach(new RegExp('\\u{10}')), undefined);
  assert.equal(regexReach(new RegExp('\\x1g')), undefined);
  assert.equal(regexReach(new RegExp('\\c1')), undefined);
  assert.equal(regexReach({ source: '(?i:a)b', flags: '' } as RegExp), undefined);
  assert.deepEqual(regexReach(/(?<name>ab)c/), { behind: 1, ahead: 4 });
});

test('an empty match steps over a whole code point under the u flag', () => {
  const text = 'a\u{1F600}b'.repeat(3000);
  const re = /(?:)/gu;
  const expected = [...text.matchAll(re)].flatMap((m) => [m.index, m.index]);
  assert.deepEqual([...matchSpans(text, re)], expected);
});
