/**
 * The `.env` parser against `dotenv.parse` itself: examples that pin ranges and the odd
 * corners of dotenv's regex, then differential properties (generated files, mutated
 * files, arbitrary strings) that demand the exact same key/value record as dotenv.
 *
 * FUZZ_RUNS=200000 raises the number of cases of each differential property, and
 * FUZZ_SEED=<n> changes the fixed seed (both read by dotenv-expand.test.ts too).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as dotenv from 'dotenv';
import {
  parseDotenv, toRecord, offsetToPosition, isDotenvWhitespace,
  type DotenvDocument, type DotenvEntry, type OffsetRange,
} from '../../server/src/parsing/dotenv';

const RUNS = Math.max(10_000, Number(process.env.FUZZ_RUNS) || 0);
const SEED = Number(process.env.FUZZ_SEED) || 12_042_026;

const slice = (text: string, r: OffsetRange): string => text.slice(r.start, r.end);

/** The one entry of `text` (asserts there is exactly one). */
function only(text: string): DotenvEntry {
  const doc = parseDotenv(text);
  assert.equal(doc.entries.length, 1, `one entry in ${JSON.stringify(text)}`);
  return doc.entries[0];
}

/** Asserts our record and dotenv's agree, and equal `expected`. */
function same(text: string, expected: Record<string, string>): void {
  assert.deepEqual(dotenv.parse(text), expected, `dotenv.parse(${JSON.stringify(text)})`);
  assert.deepEqual(toRecord(parseDotenv(text)), expected, `toRecord(parseDotenv(${JSON.stringify(text)}))`);
}

/** Structural invariants that must hold for every document. */
function checkInvariants(text: string, doc: DotenvDocument): void {
  assert.equal(doc.internalError, undefined);
  const inside = (r: OffsetRange, what: string): void => {
    assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= text.length,
      `${what} ${JSON.stringify(r)} inside text of length ${text.length}`);
  };
  let previous = -1;
  for (const e of doc.entries) {
    for (const [what, r] of [['range', e.range], ['keyRange', e.keyRange], ['valueRange', e.valueRange], ['delimiterRange', e.delimiterRange]] as const) inside(r, what);
    assert.equal(slice(text, e.keyRange), e.key);
    assert.match(e.key, /^[\w.-]+$/);
    assert.equal(slice(text, e.valueRange), e.rawValue);
    assert.equal(slice(text, e.delimiterRange), e.delimiter);
    assert.ok(e.range.start <= e.keyRange.start && e.valueRange.end <= e.range.end, 'range covers key and value');
    assert.ok(e.keyRange.end <= e.delimiterRange.start && e.delimiterRange.end <= e.valueRange.start);
    assert.ok(e.keyRange.start > previous, 'entries in text order');
    previous = e.keyRange.start;
    assert.equal(e.line, offsetToPosition(text, e.keyRange.start).line);
    if (e.exportRange) { inside(e.exportRange, 'exportRange'); assert.equal(slice(text, e.exportRange), 'export'); }
    assert.equal(e.exported, e.exportRange !== undefined);
    if (e.quoteRanges) {
      inside(e.quoteRanges.open, 'open quote');
      assert.equal(slice(text, e.quoteRanges.open), e.quote);
      if (e.quoteRanges.close) {
        inside(e.quoteRanges.close, 'close quote');
        assert.equal(slice(text, e.quoteRanges.close), e.quote);
        assert.equal(e.quoteRanges.open.end, e.valueRange.start);
        assert.equal(e.quoteRanges.close.start, e.valueRange.end);
        // Closed single and back quotes keep the text as written (newlines normalised).
        if (e.quote !== '"' && !/[\u2028\u2029]/.test(e.rawValue)) assert.equal(e.value, e.rawValue.replace(/\r\n?/g, '\n'));
      }
    } else {
      assert.equal(e.quote, null);
    }
    if (e.comment) { inside(e.comment.range, 'comment'); assert.equal(slice(text, e.comment.range), e.comment.text); assert.equal(e.comment.text[0], '#'); }
  }
  assert.equal(doc.lines.length, text.split(/\r\n|\r|\n/).length);
  let end = 0;
  for (const [i, l] of doc.lines.entries()) {
    assert.equal(l.line, i);
    inside(l.range, 'line');
    assert.equal(slice(text, l.range), l.text);
    assert.ok(!/[\r\n]/.test(l.text));
    assert.ok(l.range.start >= end);
    end = l.range.end;
    if (l.kind === 'entry') assert.ok(l.entry && l.entry.line === i);
    else assert.equal(l.entry, undefined);
  }
  assert.equal(doc.lines.filter((l) => l.kind === 'entry').reduce((n, l) => n + (l.entries?.length ?? 0), 0), doc.entries.length);
  for (const c of doc.comments) { inside(c.range, 'comment'); assert.equal(slice(text, c.range), c.text); }
}

// ---------------------------------------------------------------------------------------

describe('dotenv parser: ranges', () => {
  it('gives key, delimiter, value and comment ranges', () => {
    const text = 'FOO=bar # the bar\n';
    const e = only(text);
    assert.equal(e.key, 'FOO');
    assert.equal(e.value, 'bar');
    assert.deepEqual(e.keyRange, { start: 0, end: 3 });
    assert.deepEqual(e.delimiterRange, { start: 3, end: 4 });
    assert.deepEqual(e.valueRange, { start: 4, end: 7 });
    assert.deepEqual(e.range, { start: 0, end: 7 });
    assert.equal(e.rawValue, 'bar');
    assert.equal(e.quote, null);
    assert.equal(e.exported, false);
    assert.deepEqual(e.comment, { text: '# the bar', range: { start: 8, end: 17 } });
  });

  it('gives quote ranges and the raw text between the quotes', () => {
    const text = `A = "x\\ny" # c\nB='it''s'\nC=\`t\``;
    const doc = parseDotenv(text);
    checkInvariants(text, doc);
    const [a, c] = [doc.entries[0], doc.entries[2]];
    assert.equal(a.value, 'x\ny');
    assert.equal(a.rawValue, 'x\\ny');
    assert.equal(a.quote, '"');
    assert.deepEqual(a.quoteRanges, { open: { start: 4, end: 5 }, close: { start: 9, end: 10 } });
    assert.deepEqual(a.range, { start: 0, end: 10 });
    assert.equal(a.comment?.text, '# c');
    assert.equal(doc.lines[0].spaceBeforeDelimiter, true);
    assert.equal(doc.lines[0].spaceAfterDelimiter, true);
    // B='it''s' is not a quoted value: the first quote pair is followed by more text.
    assert.equal(doc.entries[1].value, "it''s");
    assert.equal(c.value, 't');
    assert.equal(c.quote, '`');
  });

  it('handles multi-line values, CRLF and continuation lines', () => {
    const text = 'KEY="line1\r\nline2"\r\nNEXT=1\r\n';
    const doc = parseDotenv(text);
    checkInvariants(text, doc);
    const [k, n] = doc.entries;
    assert.equal(k.value, 'line1\nline2');
    assert.equal(k.rawValue, 'line1\r\nline2');
    assert.deepEqual(k.valueRange, { start: 5, end: 17 });
    assert.deepEqual(k.quoteRanges?.close, { start: 17, end: 18 });
    assert.equal(n.line, 2);
    assert.deepEqual(n.keyRange, { start: 20, end: 24 });
    assert.deepEqual(doc.lines.map((l) => l.kind), ['entry', 'continuation', 'entry', 'blank']);
    assert.equal(doc.lines[1].text, 'line2"');
    assert.deepEqual(doc.lines[1].range, { start: 12, end: 18 });
    assert.deepEqual(offsetToPosition(text, 20), { line: 2, character: 0 });
    assert.deepEqual(offsetToPosition(text, 11), { line: 0, character: 10 }); // between \r and \n
  });

  it('skips a BOM at the start', () => {
    const text = '\uFEFFA=1\nB=2';
    const doc = parseDotenv(text);
    checkInvariants(text, doc);
    assert.equal(doc.bom, true);
    assert.deepEqual(doc.entries[0].keyRange, { start: 1, end: 2 });
    assert.equal(doc.lines[0].leadingWhitespace, 0);
    same(text, { A: '1', B: '2' });
  });

  it('gives the export range', () => {
    const text = '  export   KEY=v';
    const e = only(text);
    assert.equal(e.exported, true);
    assert.deepEqual(e.exportRange, { start: 2, end: 8 });
    assert.deepEqual(e.keyRange, { start: 11, end: 14 });
    assert.deepEqual(e.range, { start: 2, end: 16 });
    assert.equal(parseDotenv(text).lines[0].leadingWhitespace, 2);
  });

  it('parses `KEY: value`', () => {
    const e = only('KEY: value  ');
    assert.equal(e.delimiter, ':');
    assert.deepEqual(e.delimiterRange, { start: 3, end: 4 });
    assert.deepEqual(e.valueRange, { start: 5, end: 10 });
    assert.equal(parseDotenv('KEY: value  ').lines[0].trailingWhitespace, 2);
  });

  it('places empty values just after the delimiter', () => {
    const e = only('EMPTY=   # nothing');
    assert.equal(e.value, '');
    assert.deepEqual(e.valueRange, { start: 6, end: 6 });
    assert.equal(e.comment?.text, '# nothing');
    const q = only('Q=""');
    assert.deepEqual(q.valueRange, { start: 3, end: 3 });
    assert.equal(q.quote, '"');
  });

  it('marks an unclosed quote as having no closing range', () => {
    const e = only('A="abc # not a comment?');
    assert.equal(e.value, '"abc');
    assert.equal(e.quote, '"');
    assert.deepEqual(e.quoteRanges, { open: { start: 2, end: 3 } });
    assert.equal(e.rawValue, '"abc');
    assert.equal(e.comment?.text, '# not a comment?');
  });

  it('classifies lines', () => {
    const text = [
      '# header', '', '   ', 'A=1', 'not an entry', 'KEY : v', 'B="multi', 'line', '"', 'export', '  # indented', 'C=\\', 'D',
    ].join('\n');
    const doc = parseDotenv(text);
    checkInvariants(text, doc);
    assert.deepEqual(doc.lines.map((l) => l.kind), [
      'comment', 'blank', 'blank', 'entry', 'invalid', 'invalid', 'entry', 'continuation', 'continuation', 'invalid', 'comment', 'entry', 'invalid',
    ]);
    assert.deepEqual(doc.comments.map((c) => c.text), ['# header', '# indented']);
    assert.equal(doc.lines[2].leadingWhitespace, 3);
    assert.equal(doc.lines[2].trailingWhitespace, 3);
  });
});

describe('dotenv parser: dotenv.parse corner cases', () => {
  const cases: [string, Record<string, string>][] = [
    ['A=1\nA=2', { A: '2' }],
    ['KEY\n=value', { KEY: 'value' }],
    ["KEY=\n'abc'", { KEY: 'abc' }],
    ['KEY=\nabc', { KEY: '' }],
    ['KEY:\nOTHER=1', { KEY: 'OTHER=1' }],
    ['KEY: \nOTHER=1', { KEY: '', OTHER: '1' }],
    ['KEY:', {}],
    ['KEY:v', {}],
    ['KEY :v', {}],
    ['export =foo', { export: 'foo' }],
    ['exportFOO=1', { exportFOO: '1' }],
    ['export\n\nK=1', { K: '1' }],
    ['A=abc#def', { A: 'abc' }],
    ['A=#', { A: '' }],
    ['A="#x"', { A: '#x' }],
    ['A="abc"def"', { A: 'abc"def' }],
    ['A="abc" junk', { A: '"abc" junk' }],
    ['A="a\\nb" junk', { A: '"a\nb" junk' }],
    ['A="x\\"  # c\nB="y"', { A: 'x\\', B: 'y' }],
    ['A="a\\" # x"', { A: 'a\\" # x' }],
    ["A='a\\nb'", { A: 'a\\nb' }],
    ['A=`a\\nb`', { A: 'a\\nb' }],
    ['A="a\\\\nb"', { A: 'a\\\nb' }],
    ['A="x\nB=1\n"', { A: 'x\nB=1\n' }],
    ['A="x\nB=1', { A: '"x', B: '1' }],
    ['A=1\u2028B=2', { A: '1\u2028B=2' }],
    ['A=1 #c\u2028B=2', { A: '1', B: '2' }],
    ["A=a\u2028'b'", { A: 'a\u2028b' }],
    ['K=\u00a0v\u00a0', { K: 'v' }],
    ['__proto__=x\nconstructor=y', { constructor: 'y' }],
    ['A=1\r\nB="x\r\ny"\rC=3', { A: '1', B: 'x\ny', C: '3' }],
    ['A', {}],
    ['=1', {}],
    ['é=1', {}],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => {
      same(text, expected);
      checkInvariants(text, parseDotenv(text));
    });
  }

  it('uses JavaScript\'s \\s for whitespace', () => {
    for (let c = 0; c <= 0xffff; c++) {
      assert.equal(isDotenvWhitespace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
    }
  });

  it('never marks a line dotenv skips as an entry', () => {
    const doc = parseDotenv('KEY : v\nKEY:v\nA B=1');
    assert.equal(doc.entries.length, 0);
    assert.deepEqual(doc.lines.map((l) => l.kind), ['invalid', 'invalid', 'invalid']);
  });
});

// ---------------------------------------------------------------------------------------
// Generators

const blank = fc.constantFrom('', ' ', '  ', '\t', ' \t', '\u00a0');
const lineBreak = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r\n', '\r');
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('A', 'B', 'KEY', 'DB_URL', 'PORT', 'my.key', 'my-key', '_', '1X', 'export', 'exportA', '__proto__', 'constructor') },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('A', 'b', '_', '.', '-', '1', 'Z'), minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('A B', 'K$', 'é', 'K#', '', '"A"', "'A'") },
);
const exportPrefix = fc.oneof(
  { weight: 5, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom('export ', 'export  ', 'export\t') },
  { weight: 1, arbitrary: fc.constantFrom('export', 'export\n', 'EXPORT ', 'export\u00a0') },
);
const delimiter = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('=', ' = ', '= ', ' =', ': ', ':\t') },
  { weight: 2, arbitrary: fc.constantFrom(':', ' :', ' : ', '==', '=:', ':=') },
  { weight: 1, arbitrary: fc.constantFrom('=\n', '\n=', ':\n', '=\n\n', ' \n = ', '=\r\n', ':\r\n') },
);
const plainChars = ['a', 'b', 'Z', '0', '9', ' ', ' ', '\t', '#', '=', ':', '$', '{', '}', '-', '+', '.', '/', '@', '\\', '\\n', '\\r', '\\\\', 'null', '\u00a0', 'é', '\u2028'];
const quoteChars = ['"', "'", '`'];
const unquoted = fc.string({ unit: fc.constantFrom(...plainChars, ...quoteChars), maxLength: 12 });
const quotedBody = fc.string({
  unit: fc.constantFrom(...plainChars, ...quoteChars, '\\"', "\\'", '\\`', '\n', '\r\n', '\r', '\n# c\n', '\nB=1\n', '\u2029'),
  maxLength: 12,
});
const reference = fc.constantFrom('$A', '${A}', '${B:-x}', '${B-x}', '${A:+y}', '${A+y}', '\\$A', '${A:-${B}}', '$', '${', '}', '$$');
const value = fc.oneof(
  { weight: 4, arbitrary: unquoted },
  {
    weight: 5,
    arbitrary: fc.tuple(fc.constantFrom(...quoteChars), quotedBody, fc.constantFrom('close', 'close', 'close', 'open', 'other'), blank, fc.constantFrom('', '', '', 'junk', '"', "'", '`', '\\'))
      .map(([q, body, end, after, junk]) => q + body + (end === 'close' ? q : end === 'other' ? (q === '"' ? "'" : '"') : '') + after + junk),
  },
  { weight: 2, arbitrary: fc.array(fc.oneof(reference, fc.constantFrom('x', ' ', '/', ':')), { maxLength: 5 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.constant('') },
);
const comment = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom(' # c', '#c', ' #', '\t# "q" \'x\' `y`', ' # A=1', ' #\u2028B=2') },
);
const entryLine = fc.tuple(blank, exportPrefix, key, delimiter, blank, value, blank, comment).map((p) => p.join(''));
const otherLine = fc.oneof(
  fc.constantFrom('# comment', '#', '  # indented A=1', '#!shebang', '# "quote', "# 'quote"),
  blank,
  fc.string({ unit: fc.constantFrom(...plainChars, ...quoteChars, 'A', 'KEY', 'export'), maxLength: 10 }),
);
const line = fc.oneof({ weight: 6, arbitrary: entryLine }, { weight: 2, arbitrary: otherLine });
const dotenvFile = fc.tuple(fc.array(fc.tuple(line, lineBreak), { maxLength: 10 }), fc.boolean(), fc.nat(20))
  .map(([ls, trailingBreak, bomRoll]) => {
    let text = ls.map(([l, br]) => l + br).join('');
    if (!trailingBreak && ls.length > 0) text = text.slice(0, -ls[ls.length - 1][1].length);
    return (bomRoll === 0 ? '\uFEFF' : '') + text;
  });

/** Real-looking files to mutate. */
const REALISTIC = [
  [
    '# Local development settings', 'NODE_ENV=development', 'PORT=3000', 'DATABASE_URL="postgres://user:p#ss@localhost:5432/app"',
    "REDIS_URL='redis://localhost:6379/0'  # cache", 'export SECRET_KEY=s3cr3t', 'EMPTY=', 'SPACED = value with spaces  ',
    'PRIVATE_KEY="-----BEGIN KEY-----', 'MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu', '-----END KEY-----"',
    'JSON=\'{"a": 1, "b": "two"}\'', 'MULTI=`one', 'two`', 'GREETING="hello\\nworld"', 'BASE=/srv', 'PATHS=${BASE}/bin:$BASE/lib',
    'DEFAULTED=${MISSING:-fallback}', 'yaml_style: yes', '',
  ].join('\n'),
  'A=1\r\nB="two\r\nlines"\r\n# done\r\n',
  "export A='x'\nexport B=\"y\"\nC=`z`\n\n\n#end",
  'KEY="unterminated\nNEXT=1\nLAST="x" # c',
];
const mutationChars = ['"', "'", '`', '#', '=', ':', '\n', '\r', '\r\n', ' ', '\t', '\\', '$', '{', '}', 'A', 'x', 'export ', '\u2028', '\u00a0', '\uFEFF'];
const edit = fc.record({ op: fc.constantFrom('insert', 'delete', 'replace'), at: fc.nat(), insert: fc.constantFrom(...mutationChars), length: fc.integer({ min: 1, max: 3 }) });
const mutatedFile = fc.tuple(fc.oneof(fc.constantFrom(...REALISTIC), dotenvFile), fc.array(edit, { minLength: 1, maxLength: 6 }))
  .map(([base, edits]) => {
    let text = base;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      if (e.op === 'insert') text = text.slice(0, at) + e.insert + text.slice(at);
      else if (e.op === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
      else text = text.slice(0, at) + e.insert + text.slice(at + e.length);
    }
    return text;
  });
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const arbitraryText = fc.oneof(
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.oneof(
      { weight: 1, arbitrary: anyCodeUnit },
      { weight: 4, arbitrary: fc.constantFrom(...mutationChars, 'A', 'KEY', '=', 'A=', ' ', '\n', '\0', '\uD800', '\uDC00', '\uFFFF') },
    ),
    maxLength: 60,
  }),
);

function differential(name: string, arb: fc.Arbitrary<string>, runs: number): void {
  it(`${name} (${runs} cases)`, (t) => {
    let entries = 0;
    fc.assert(fc.property(arb, (text) => {
      const doc = parseDotenv(text);
      entries += doc.entries.length;
      assert.deepEqual(toRecord(doc), dotenv.parse(text));
    }), { seed: SEED, numRuns: runs });
    t.diagnostic(`${runs} cases, ${entries} entries compared with dotenv.parse`);
  });
}

describe('dotenv parser: same records as dotenv.parse', () => {
  differential('generated files', dotenvFile, RUNS);
  differential('mutated files', mutatedFile, RUNS);
  differential('arbitrary strings', arbitraryText, Math.ceil(RUNS / 2));
});

describe('dotenv parser: properties', () => {
  it('never throws, and every range lies inside the text', () => {
    fc.assert(fc.property(fc.oneof(arbitraryText, dotenvFile, mutatedFile), (text) => {
      checkInvariants(text, parseDotenv(text));
    }), { seed: SEED + 1, numRuns: Math.ceil(RUNS / 2) });
  });

  it('offsetToPosition counts \\n, \\r\\n and \\r', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', '\r\n', '\u2028'), maxLength: 20 }), fc.nat(), (text, n) => {
      const offset = n % (text.length + 1);
      // Inside a CRLF counts as the end of its line.
      const insideCrlf = text[offset - 1] === '\r' && text[offset] === '\n';
      const ls = text.slice(0, insideCrlf ? offset - 1 : offset).split(/\r\n|\r|\n/);
      assert.deepEqual(offsetToPosition(text, offset), { line: ls.length - 1, character: ls[ls.length - 1].length });
    }), { seed: SEED + 2, numRuns: 2000 });
  });

  it('stays linear on large pathological inputs', () => {
    // No timing assertion: a quadratic parser would simply not finish these. One-line
    // inputs are 1 MiB; inputs of many short lines are 128 KiB (each line is an object,
    // and a per-line scan to the end would already cost ~10^10 steps).
    const MB = 1 << 20;
    const KB128 = 1 << 17;
    const inputs = {
      'escaped quotes, never closed': 'A="' + '\\"'.repeat(MB / 2),
      'escaped quotes and blanks': "A='" + "\\'  ".repeat(MB / 4),
      'quotes only': 'A=' + '"'.repeat(MB),
      'a long unquoted value': 'A=' + ' x'.repeat(MB / 2) + '#',
      'key then blanks': 'KEY' + ' '.repeat(MB),
      'exports': 'export '.repeat(MB / 7),
      'U+2028 in an unquoted value': 'A=' + '"x\u2028'.repeat(MB / 3),
      newlines: '\n'.repeat(KB128),
      'key then blank lines': 'KEY' + ' \n'.repeat(KB128 / 2),
      'unclosed quotes': 'A="x\n'.repeat(KB128 / 5),
      'escaped closers on every line': 'A="x\\"  \n'.repeat(KB128 / 8),
      'colon chains': 'K:\n'.repeat(KB128 / 3),
      'U+2028 separated entries': 'A=1 #c\u2028'.repeat(KB128 / 7),
      'equals on every line': 'A' + '\n='.repeat(KB128 / 2),
      'CRLF entries': 'A=1\r\n'.repeat(KB128 / 5),
    };
    for (const [name, text] of Object.entries(inputs)) {
      const doc = parseDotenv(text);
      assert.equal(doc.internalError, undefined, name);
      assert.ok(doc.lines.length >= 1, name);
    }
  });
});
