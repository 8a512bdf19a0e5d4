/**
 * The engine never crashes, never hangs, never reports outside the text, and its fixes
 * never make things worse: fast-check properties (fixed seeds, few cases) over every
 * language, on the rule fixtures and examples mutated (truncated, spliced, invalid UTF-8,
 * BOM, CRLF / lone CR, NUL, unterminated strings and heredocs, nesting) and on generated
 * text; the `.env` and Procfile parsers directly; 20,000-deep inputs per language; and every
 * fixture and example as it is, also with env-file settings pointing out of the project.
 * Properties: fuzz/properties.ts. They run in a worker thread under a 20 s watchdog per
 * engine call (a hang detector, not a speed target): fuzz/harness.ts.
 *
 * `npm run fuzz` (scripts/fuzz.ts) runs the same targets with far more cases.
 */
import { test, describe, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { FuzzWorker } from './fuzz/harness';
import { PARSER_TARGETS, REGRESSION_TARGET, SEED_TARGET, type RunRequest, type RunResult } from './fuzz/targets';
import { LANGUAGE_TARGETS } from './fuzz/seeds';

const SEED = 20_250_101;
/** Cases per language (each with every fix of every finding checked), per parser. */
const RUNS = Number(process.env.TF_FUZZ_RUNS ?? 20);
const PARSER_RUNS = 300;

function report(t: { diagnostic(m: string): void }, r: RunResult): void {
  const s = r.stats;
  t.diagnostic(`${r.target}: ${r.runs} inputs, ${s.calls} engine calls, ${s.findings} findings, ${s.fixesApplied} fixes applied, slowest call ${s.slowestCallMs} ms, ${r.ms} ms`);
  for (const [k, v] of Object.entries(s.skipped)) t.diagnostic(`  skipped ${k}: ${v}`);
}

function assertClean(r: RunResult): void {
  assert.equal(r.failure, undefined, `${r.target}: ${r.failure}\n  input: ${r.counterexample}`);
  assert.ok(r.runs > 0, `${r.target} ran`);
  // A rule that throws is contained by the engine, but it is a bug in that rule all the same.
  assert.deepEqual(r.stats.ruleErrors, {}, `${r.target}: rules threw`);
}

describe('engine robustness (fast-check, fixed seeds)', () => {
  const worker = new FuzzWorker();
  after(() => worker.close());
  const run = (req: RunRequest) => worker.run(req);

  test('every fixture and example as it is: findings inside the text, fixes inside the project', async (t) => {
    const r = await run({ target: SEED_TARGET, numRuns: 0, seed: SEED, fixes: false });
    report(t, r);
    assertClean(r);
    assert.ok(r.stats.findings > 500);
  });

  test('inputs fuzzing once failed on', async (t) => {
    const r = await run({ target: REGRESSION_TARGET, numRuns: 0, seed: SEED, fixes: true });
    report(t, r);
    assertClean(r);
  });

  for (const target of LANGUAGE_TARGETS) {
    test(`${target}: mutated and generated sources, every fix checked`, async (t) => {
      const r = await run({ target, numRuns: RUNS, seed: SEED, fixes: true });
      report(t, r);
      assertClean(r);
    });
  }

  for (const target of PARSER_TARGETS) {
    test(`${target}: mutated and generated text`, async (t) => {
      const r = await run({ target, numRuns: PARSER_RUNS, seed: SEED, fixes: false });
      report(t, r);
      assertClean(r);
    });
  }

  for (const target of LANGUAGE_TARGETS) {
    test(`${target}: 20,000-deep nesting returns`, async (t) => {
      // The first deep input of each language here; all of them in `npm run fuzz`.
      const r = await run({ target: `deep:${target}`, numRuns: 1, seed: SEED, fixes: true });
      report(t, r);
      assertClean(r);
    });
  }
});
