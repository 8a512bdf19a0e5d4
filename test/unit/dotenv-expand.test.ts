/**
 * `expandDotenv` against dotenv-expand itself: examples of its semantics and quirks, then
 * differential properties over generated records and generated `.env` files.
 *
 * dotenv-expand (1000.x) runs `$(...)` through a shell. This file replaces
 * `child_process.execSync` before loading it, so a generated value can never run
 * anything; the generators also never produce `(`. Inputs on which dotenv-expand never
 * terminates are recognised by `expandDotenvDetailed` (it reports `non-terminating`) and
 * are not handed to dotenv-expand; should that recognition be wrong, `reference` fails
 * the test instead of hanging it.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import * as dotenv from 'dotenv';
import { expandDotenv, expandDotenvDetailed, parseDotenv, toRecord } from '../../server/src/parsing/dotenv';

const load = createRequire(__filename);
const childProcess = load('node:child_process') as typeof import('node:child_process');
childProcess.execSync = ((command: string) => {
  throw new Error(`dotenv-expand tried to run a command in a test: ${command}`);
}) as typeof childProcess.execSync;
const { expand } = load('dotenv-expand') as typeof import('dotenv-expand');

const RUNS = Math.max(5_000, Math.ceil((Number(process.env.FUZZ_RUNS) || 0) / 2));
const SEED = Number(process.env.FUZZ_SEED) || 20_261_127;

type Env = Record<string, string>;

/** Tighter than the defaults, so that the inputs dotenv-expand never finishes are skipped fast. */
const LIMITS = { maxSteps: 200, maxLength: 4_096, maxWork: 50_000 };

/**
 * dotenv-expand's result, on copies (it writes into both objects). Its expansion loop calls
 * String.prototype.replace once per step; counting those calls turns a hang (which only a
 * wrong emulation would hand it) into an error.
 */
function reference(parsed: Env, processEnv: Env): Env {
  const replace = String.prototype.replace;
  let calls = 0;
  String.prototype.replace = function (this: string, ...args: Parameters<typeof replace>) {
    if (++calls > 100_000) throw new Error('dotenv-expand does not terminate on this input');
    return replace.apply(this, args);
  } as typeof replace;
  try {
    return expand({ parsed: { ...parsed }, processEnv: { ...processEnv } }).parsed ?? {};
  } finally {
    String.prototype.replace = replace;
  }
}

function same(parsed: Env, processEnv: Env, expected: Env): void {
  assert.deepEqual(reference(parsed, processEnv), expected, 'dotenv-expand');
  assert.deepEqual(expandDotenv(parsed, { ...processEnv }), expected, 'expandDotenv');
}

describe('dotenv expansion: examples', () => {
  const cases: [string, Env, Env, Env][] = [
    ['plain references', { BASE: '/srv', BIN: '${BASE}/bin', LIB: '$BASE/lib' }, {}, { BASE: '/srv', BIN: '/srv/bin', LIB: '/srv/lib' }],
    ['unknown names are empty', { A: 'x${NOPE}y$NOPE' }, {}, { A: 'xy' }],
    ['later keys are not seen yet', { A: '$B', B: 'b' }, {}, { A: '', B: 'b' }],
    [':- and - tell unset from empty', { E: '', R: '${E:-d1}|${E-d2}|${U:-d3}|${U-d4}' }, {}, { E: '', R: 'd1||d3|d4' }],
    [':+ and + tell unset from empty', { E: '', R: '${E:+a1}|${E+a2}|${U:+a3}|${U+a4}' }, {}, { E: '', R: '|a2||' }],
    ['defaults are expanded too', { A: '${U:-$B}', B: 'b' }, { B: 'env' }, { A: 'env', B: 'env' }],
    ['the environment wins over the file', { HOST: 'file', URL: 'http://$HOST' }, { HOST: 'env' }, { HOST: 'env', URL: 'http://env' }],
    ['an environment equal to the unexpanded file value is ignored', { A: '${C}y', B: '$A' }, { A: '${C}y', C: 'c' }, { A: 'cy', B: 'cy' }],
    ['an empty environment value does not override', { A: 'file' }, { A: '' }, { A: 'file' }],
    ['escaped dollars stay literal', { A: 'x', B: '\\$A \\${A}' }, {}, { A: 'x', B: '$A ${A}' }],
    ['the first occurrence is replaced, even an escaped one', { A: 'x', B: '\\${A} ${A}' }, {}, { A: 'x', B: '\\x x' }],
    ['replacement patterns: $$', { B: '${A}' }, { A: 'a$$b' }, { B: 'a' }],
    ['names are cut at "null"', { A: 'x', B: '$Anullish|${Anull}|$nullable' }, {}, { A: 'x', B: 'x|x|' }],
    ['self references', { A: '${A}x' }, {}, { A: 'x' }],
    ['a reference to itself in the environment', { A: '$A' }, { A: 'env' }, { A: 'env' }],
    ['lone dollars and braces', { A: '$ ${} $1 $< {x} [${ }]' }, {}, { A: '$ ${} $1 $< {x} []' }],
  ];
  for (const [name, parsed, env, expected] of cases) {
    it(name, () => same(parsed, env, expected));
  }

  it('leaves its arguments alone', () => {
    const parsed = { A: 'x', B: '$A' };
    const env = { C: 'c' };
    expandDotenv(parsed, env);
    assert.deepEqual(parsed, { A: 'x', B: '$A' });
    assert.deepEqual(env, { C: 'c' });
  });

  it('reports what it does not reproduce', () => {
    const r = expandDotenvDetailed({ A: '$(whoami)', B: 'encrypted:abc', C: '\\${C}', D: '${C}x' }, { DOTENV_PRIVATE_KEY: 'k' });
    assert.deepEqual(r.issues.map((i) => `${i.kind}:${i.key}`), ['command-substitution:A', 'encrypted:B', 'non-terminating:D']);
    assert.equal(r.parsed.A, '$(whoami)');
  });

  it('stops on values that grow forever', () => {
    const r = expandDotenvDetailed({ B: '${A}' }, { A: 'a$&b' });
    assert.deepEqual(r.issues.map((i) => i.kind), ['non-terminating']);
    // `expand(dotenv.config())` with `X=$X:y` in .env: config() puts the unexpanded value
    // into process.env, and dotenv-expand 1000 then substitutes it into itself forever.
    const appended = expandDotenvDetailed({ X: '$X:y' }, { X: '$X:y' });
    assert.deepEqual(appended.issues.map((i) => `${i.kind}:${i.key}`), ['non-terminating:X']);
    assert.deepEqual(expandDotenv({ X: '$X:y' }, {}), { X: ':y' });
  });

  it('expands what dotenv parsed', () => {
    const text = 'BASE=/srv\nexport BIN="${BASE}/bin"\nRAW=\'$BASE\'\nDEF=${MISSING:-fallback}';
    const expected = { BASE: '/srv', BIN: '/srv/bin', RAW: '/srv', DEF: 'fallback' };
    assert.deepEqual(reference(dotenv.parse(text), {}), expected);
    assert.deepEqual(expandDotenv(toRecord(parseDotenv(text)), {}), expected);
  });
});

// ---------------------------------------------------------------------------------------

const NAMES = ['A', 'B', 'C', 'D', 'PORT', 'nullable', 'Anull', 'A_1'];
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMES).map((n) => `$${n}`) },
  {
    weight: 8,
    arbitrary: fc.tuple(
      fc.constantFrom(...NAMES, ''),
      fc.constantFrom('', '', ':-', '-', ':+', '+', ':', '--', '+:-', 'null'),
      fc.array(fc.constantFrom('x', '$A', '${B}', '-', ':', '\\', ' '), { maxLength: 2 }).map((a) => a.join('')),
    ).map(([n, op, d]) => `\${${n}${op}${d}}`),
  },
  { weight: 6, arbitrary: fc.constantFrom('x', ' ', '/', ':', 'null', '\\$A', '\\${B}', '\\', '$', '${', '}', '{', '$$', '$1', '$<', '#', '"') },
  { weight: 1, arbitrary: fc.constantFrom('$&', "$'", '$`') },
);
const value = fc.array(piece, { maxLength: 5 }).map((a) => a.join(''));
const records = fc.tuple(
  fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 5, noNullPrototype: true }),
  fc.dictionary(fc.constantFrom(...NAMES), fc.oneof(value, fc.constant('')), { maxKeys: 3, noNullPrototype: true }),
  fc.nat(),
  fc.nat(),
).map(([parsed, env, mask1, mask2]) => {
  // Sometimes (1 in 4) the environment already holds a file value, as after dotenv.config().
  const copyMask = mask1 & mask2;
  Object.keys(parsed).forEach((k, i) => { if (copyMask & (1 << i)) env[k] = parsed[k]; });
  return { parsed, env };
});

const quoted = fc.tuple(fc.constantFrom('', '"', "'", '`'), value).map(([q, v]) => `${q}${v}${q}`);
const dotenvFile = fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom('=', ' = ', ': '), quoted, fc.constantFrom('', ' # c')), { maxLength: 6 })
  .map((ls) => ls.map(([k, d, v, c]) => `${k}${d}${v}${c}`).join('\n'));

describe('dotenv expansion: same results as dotenv-expand', () => {
  it(`generated records (${RUNS} cases)`, (t) => {
    let compared = 0;
    let skipped = 0;
    fc.assert(fc.property(records, ({ parsed, env }) => {
      const mine = expandDotenvDetailed(parsed, { ...env }, LIMITS);
      if (mine.issues.length > 0) { skipped++; return; }
      compared++;
      assert.deepEqual(mine.parsed, reference(parsed, env));
    }), { seed: SEED, numRuns: RUNS });
    t.diagnostic(`${compared} compared with dotenv-expand, ${skipped} skipped (dotenv-expand never terminates on them)`);
    assert.ok(compared > RUNS * 0.85);
  });

  it(`generated .env files (${RUNS} cases)`, (t) => {
    let compared = 0;
    fc.assert(fc.property(dotenvFile, (text) => {
      const mine = expandDotenvDetailed(toRecord(parseDotenv(text)), {}, LIMITS);
      if (mine.issues.length > 0) return;
      compared++;
      assert.deepEqual(mine.parsed, reference(dotenv.parse(text), {}));
    }), { seed: SEED + 1, numRuns: RUNS });
    t.diagnostic(`${compared} files parsed and expanded, compared with dotenv + dotenv-expand`);
    assert.ok(compared > RUNS * 0.9);
  });
});
