/**
 * Fuzz targets: one per language for the engine (mutated and generated sources, with
 * every fix checked), one per parser, and the 20,000-deep inputs per language. `runTarget`
 * runs one with fast-check (fixed seed) and returns what it saw; it is called inside the
 * watchdog worker (worker.ts), by `npm test` with few cases and by `npm run fuzz` with many.
 */
import fc from 'fast-check';
import { applyOps, deepCases, describeOps, opsArb, type Op } from './mutations';
import { engineCase, dotenvParserCase, newStats, procfileParserCase, PropertyFailure, type CaseInput, type Stats } from './properties';
import { LANGUAGE_TARGETS, loadSeeds, seedsFor, type LanguageTarget } from './seeds';
import { loadGrammar } from '../../../server/src/parsing/tree-sitter';
import type { GrammarId } from '../../../server/src/parsing/languages';

export const PARSER_TARGETS = ['dotenv-parser', 'procfile-parser'] as const;
/** Every seed as it is (fixtures and examples), and again with env-file settings pointing out of the project. */
export const SEED_TARGET = 'seeds';
/** Inputs fuzzing once failed on, replayed as they are (each was a bug, fixed since). */
export const REGRESSION_TARGET = 'regressions';
export type TargetName = LanguageTarget | typeof PARSER_TARGETS[number] | `deep:${LanguageTarget}` | typeof SEED_TARGET | typeof REGRESSION_TARGET;

export const ALL_TARGETS: TargetName[] = [
  ...LANGUAGE_TARGETS, ...PARSER_TARGETS, ...LANGUAGE_TARGETS.map((t) => `deep:${t}` as const), SEED_TARGET, REGRESSION_TARGET,
];

const REGRESSIONS: { origin: string; target?: LanguageTarget; why: string; ops: Op[] }[] = [
  {
    origin: 'test/fixtures/rules/logs/no-log-file/settings.py', why: 'dictConfig fix: lines counted at \\n only, overlapping edits with mixed line ends',
    ops: [{ kind: 'insert', at: 562664, text: 'export ' }, { kind: 'eol', style: 'mixed', salt: 1771498574 }, { kind: 'insert', at: 237020, text: '\u{e2a48}\u{57bd0}\u{10e8d5}\u{c371e}\u{1023b0}\u{4d4cf}\u{dd92f}' }, { kind: 'bytes', at: 855372, bytes: [25] }],
  },
  {
    origin: 'test/fixtures/rules/config/no-hardcoded-secret/nest-config.ts', target: 'typescript', why: 'a fix inside a syntax error made the file parse worse',
    ops: [{ kind: 'insert', at: 601825, text: 'I' }, { kind: 'insert', at: 166103, text: 'class X {' }, { kind: 'insert', at: 645740, text: '=${' }, { kind: 'bytes', at: 524597, bytes: [195] }],
  },
  {
    origin: 'test/fixtures/rules/disposability/no-sigterm-handler/http_server.py', why: 'an import inserted before a broken first line made the file parse worse',
    ops: [{ kind: 'delete', at: 1, len: 183 }, { kind: 'unterminated', at: 822755, opener: '"\\' }],
  },
  {
    origin: 'test/fixtures/rules/backing-services/no-fixed-host/basic.java', why: 'a literal replaced after a broken method made the rest of the class parse worse',
    ops: [{ kind: 'replace', at: 875214, len: 5, text: '\u{1F600}' }, { kind: 'delete', at: 457309, len: 191 }, { kind: 'delete', at: 192254, len: 14 }, { kind: 'replace', at: 525974, len: 30, text: '>' }],
  },
  {
    origin: 'test/fixtures/rules/backing-services/no-fixed-host/basic.java', why: 'verified incrementally, a fix looked fine; a fresh parse of the result had one more error',
    ops: [{ kind: 'nest', at: 631348, open: '$(', depth: 34, close: false }, { kind: 'delete', at: 232204, len: 148 }],
  },
  {
    origin: 'test/fixtures/rules/port-binding/procfile-missing-web/basic.procfile', why: 'removing a redirection that was the whole command left a process without one',
    ops: [{ kind: 'replace', at: 60163, len: 5, text: '>' }, { kind: 'duplicate', at: 219806, len: 278, to: 520756 }],
  },
  {
    origin: 'test/fixtures/rules/port-binding/procfile-web-without-port/basic.procfile', why: '"Pass $PORT" on a command the shell cannot parse was offered again after applying it',
    ops: [{ kind: 'truncate', at: 647941 }, { kind: 'truncate', at: 786489 }, { kind: 'unterminated', at: 398803, opener: '%w(' }, { kind: 'truncate', at: 242677 }],
  },
];

/** Settings a hostile workspace could carry: env files outside the project, which fixes must never write. */
const OUTSIDE_ENV_FILES = ['../outside/.env', '../outside/.env.example', '/etc/app/.env', '/etc/app/.env.example'];
const OUTSIDE_FILES: Record<string, string> = { '/outside/.env': 'A=1\n', '/outside/.env.example': 'A=\n', '/etc/app/.env': 'B=2\n', '/etc/app/.env.example': 'B=\n' };

export interface RunRequest {
  target: TargetName;
  /** Cases for fast-check targets; for deep targets, how many of the language's deep inputs (0: all). */
  numRuns: number;
  seed: number;
  /** Check every fix of every finding (language and deep targets). */
  fixes: boolean;
  /** Let fast-check shrink a failure (slow with the engine in the loop). */
  shrink?: boolean;
}

export interface RunResult {
  target: TargetName;
  /** Inputs tried (fast-check runs, or deep inputs). */
  runs: number;
  failure?: string;
  /** The failing input, replayable: seed origin and ops, or the deep case. */
  counterexample?: string;
  stats: Stats;
  ms: number;
}

/** What the worker reports before each engine call, for the watchdog. */
export type Beat = (label: string, input: string) => void;

/** A file name for generated (not mutated) text per language. */
const GENERATED_NAME: Record<LanguageTarget, string> = {
  javascript: 'gen.js', typescript: 'gen.ts', tsx: 'gen.tsx', python: 'gen.py', go: 'gen.go', ruby: 'gen.rb',
  java: 'Gen.java', php: 'gen.php', dotenv: '.env', procfile: 'Procfile',
};

const TOKEN_SOUP = fc.array(fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('(', ')', '{', '}', '[', ']', '"', "'", '`', '\n', ' ', ':', '=', ';', ',', '.', '#', '//', '$', 'x', '3000', 'env', 'PORT') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
), { maxLength: 80 }).map((a) => a.join(''));

/** A case: a seed (by index) mutated by ops, or (seed -1) generated text. */
interface Case { seed: number; ops: Op[]; generated: string }

function caseArb(seedCount: number): fc.Arbitrary<Case> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ seed: fc.nat({ max: Math.max(0, seedCount - 1) }), ops: opsArb, generated: fc.constant('') }) },
    { weight: 1, arbitrary: fc.record({ seed: fc.constant(-1), ops: fc.constant([] as Op[]), generated: TOKEN_SOUP }) },
  );
}

const GRAMMARS: GrammarId[] = ['javascript', 'typescript', 'tsx', 'python', 'go', 'ruby', 'java', 'php', 'bash'];

export async function runTarget(req: RunRequest, beat: Beat): Promise<RunResult> {
  const started = Date.now();
  const stats = newStats();
  for (const g of GRAMMARS) await loadGrammar(g);
  const result = (runs: number, failure?: string, counterexample?: string): RunResult => ({ target: req.target, runs, failure, counterexample, stats, ms: Date.now() - started });

  if (req.target.startsWith('deep:')) {
    const language = req.target.slice(5) as LanguageTarget;
    const cases = deepCases(language);
    const chosen = req.numRuns > 0 ? cases.slice(0, req.numRuns) : cases;
    let runs = 0;
    for (const c of chosen) {
      const input = `${c.name}: ${c.label} (${c.text.length} chars)`;
      try {
        await engineCase({ name: c.name, text: c.text, files: {}, settings: c.settings }, { stats, fixes: req.fixes, beat: (label) => beat(label, input) });
      } catch (e) {
        return result(runs, e instanceof Error ? e.message : String(e), input);
      }
      runs++;
    }
    return result(runs);
  }

  if (req.target === REGRESSION_TARGET) {
    let runs = 0;
    for (const reg of REGRESSIONS) {
      const seed = loadSeeds().find((x) => x.origin === reg.origin && (!reg.target || x.target === reg.target));
      if (!seed) return result(runs, `regression seed ${reg.origin} is gone`);
      try {
        await engineCase({ name: seed.name, text: applyOps(seed.text, reg.ops), files: seed.files }, { stats, fixes: true, beat: (label) => beat(label, reg.origin) });
      } catch (e) {
        return result(runs, `${reg.why}: ${e instanceof Error ? e.message : String(e)}`, `${reg.origin} with ${describeOps(reg.ops)}`);
      }
      runs++;
    }
    return result(runs);
  }

  if (req.target === SEED_TARGET) {
    const all = loadSeeds();
    const chosen = req.numRuns > 0 ? all.slice(0, req.numRuns) : all;
    let runs = 0;
    for (const seed of chosen) {
      const variants: CaseInput[] = [{ name: seed.name, text: seed.text, files: seed.files }];
      if (/env|ENV|getenv/.test(seed.text)) variants.push({ name: seed.name, text: seed.text, files: { ...seed.files, ...OUTSIDE_FILES }, settings: { dotenv: { files: OUTSIDE_ENV_FILES } } });
      for (const input of variants) {
        try {
          await engineCase(input, { stats, fixes: req.fixes, beat: (label) => beat(label, seed.origin) });
        } catch (e) {
          return result(runs, e instanceof Error ? e.message : String(e), `${seed.origin}${'settings' in input ? ' (env files outside the project)' : ''}`);
        }
        runs++;
      }
    }
    return result(runs);
  }

  const parserTarget = req.target === 'dotenv-parser' ? 'dotenv' : req.target === 'procfile-parser' ? 'procfile' : undefined;
  const language = (parserTarget ?? req.target) as LanguageTarget;
  const seeds = seedsFor(language);
  if (seeds.length === 0) return result(0, `no seeds for ${language}`);
  const textOf = (c: Case) => (c.seed < 0 ? c.generated : applyOps(seeds[c.seed].text, c.ops));
  const describe = (c: Case) => (c.seed < 0 ? `generated ${JSON.stringify(c.generated.slice(0, 200))}` : `${seeds[c.seed].origin} with ${describeOps(c.ops)}`);

  const details = await fc.check(fc.asyncProperty(caseArb(seeds.length), async (c) => {
    const text = textOf(c);
    if (parserTarget) {
      stats.cases++;
      stats.calls++;
      beat('parse', describe(c));
      if (parserTarget === 'dotenv') dotenvParserCase(text);
      else procfileParserCase(text);
      return;
    }
    const seed = c.seed < 0 ? undefined : seeds[c.seed];
    await engineCase(
      { name: seed?.name ?? GENERATED_NAME[language], text, files: seed?.files ?? {} },
      { stats, fixes: req.fixes, beat: (label) => beat(label, describe(c)) },
    );
  }), { seed: req.seed, numRuns: req.numRuns, endOnFailure: !req.shrink });

  if (!details.failed) return result(details.numRuns);
  const err = details.errorInstance;
  const message = err instanceof PropertyFailure ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  const ce = details.counterexample?.[0];
  return result(details.numRuns, message, ce ? `${describe(ce)} [fast-check seed ${details.seed}, path ${details.counterexamplePath ?? ''}]` : undefined);
}
