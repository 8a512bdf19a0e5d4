/**
 * `npm run fuzz`: the robustness properties of test/robustness/ (engine-fuzz.test.ts) with
 * far more cases: at least 100,000 inputs across the targets by default, each engine call
 * under the 20 s watchdog, then the 3,000-cycle open/close memory soak over LSP with every
 * rule on. Prints the count per target and the total; exits 1 on any failure, printing the
 * input that failed (replayable: the seed file and its mutations) and saving the failures to
 * out/fuzz-failures.json.
 *
 * Options:
 *   --scale X        multiply the case counts (default 1; 0.01 for a smoke run)
 *   --seed N         base seed (default 1); chunk i of a target uses seed N + i
 *   --target NAME    only this target (repeatable): javascript ... procfile, dotenv-parser,
 *                    procfile-parser, deep:<language>, seeds, regressions, memory
 *   --threads N      worker threads running targets side by side (default: the cores, at most 4)
 *   --no-memory      skip the memory soak
 *   --cycles N       memory soak cycles (default 3000; RSS compared at a third and at the end)
 *   --shrink         let fast-check shrink a failure (slow with the engine in the loop)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FuzzWorker } from '../test/robustness/fuzz/harness';
import { ALL_TARGETS, PARSER_TARGETS, REGRESSION_TARGET, SEED_TARGET, type RunRequest, type RunResult, type TargetName } from '../test/robustness/fuzz/targets';
import { LANGUAGE_TARGETS } from '../test/robustness/fuzz/seeds';
import { openCloseCycles } from '../test/robustness/memory';

const REPO = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: string) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };
const options = (name: string) => args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]] : []));

const scale = Number(option('--scale', '1'));
const baseSeed = Number(option('--seed', '1'));
const threads = Math.max(1, Number(option('--threads', String(Math.min(4, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length)))));
const chosen = new Set(options('--target'));

/** Cases per target at scale 1: 7,500 per language (every fix checked) and 12,500 per parser = 100,000. */
const LANGUAGE_RUNS = 7_500;
const PARSER_RUNS = 12_500;
const CHUNK = 250;

function requests(): RunRequest[] {
  const out: RunRequest[] = [];
  const want = (t: TargetName) => chosen.size === 0 || chosen.has(t);
  const chunks = (target: TargetName, total: number, fixes: boolean) => {
    const n = Math.max(1, Math.round(total * scale));
    for (let done = 0, i = 0; done < n; done += CHUNK, i++) out.push({ target, numRuns: Math.min(CHUNK, n - done), seed: baseSeed + i, fixes, shrink: flag('--shrink') });
  };
  if (want(SEED_TARGET)) out.push({ target: SEED_TARGET, numRuns: 0, seed: baseSeed, fixes: true });
  if (want(REGRESSION_TARGET)) out.push({ target: REGRESSION_TARGET, numRuns: 0, seed: baseSeed, fixes: true });
  for (const t of LANGUAGE_TARGETS) if (want(t)) chunks(t, LANGUAGE_RUNS, true);
  for (const t of PARSER_TARGETS) if (want(t)) chunks(t, PARSER_RUNS, false);
  for (const t of LANGUAGE_TARGETS) if (want(`deep:${t}`)) out.push({ target: `deep:${t}`, numRuns: 0, seed: baseSeed, fixes: true });
  for (const t of chosen) if (t !== 'memory' && !ALL_TARGETS.includes(t as TargetName)) throw new Error(`unknown target ${t}; known: ${ALL_TARGETS.join(', ')}`);
  return out;
}

interface Tally { runs: number; calls: number; findings: number; fixes: number; ms: number; slowest: number; failures: RunResult[]; skipped: Record<string, number>; ruleErrors: Record<string, number> }

async function main(): Promise<number> {
  const queue = requests();
  const total = queue.length;
  const tallies = new Map<TargetName, Tally>();
  const started = Date.now();
  let finished = 0;
  process.stdout.write(`fuzz: ${total} chunks over ${new Set(queue.map((q) => q.target)).size} targets, ${threads} worker thread(s), scale ${scale}, seed ${baseSeed}\n`);
  const workerLoop = async () => {
    const worker = new FuzzWorker();
    try {
      for (let req = queue.shift(); req; req = queue.shift()) {
        const r = await worker.run(req);
        const t = tallies.get(r.target) ?? { runs: 0, calls: 0, findings: 0, fixes: 0, ms: 0, slowest: 0, failures: [], skipped: {}, ruleErrors: {} };
        t.runs += r.runs;
        t.calls += r.stats.calls;
        t.findings += r.stats.findings;
        t.fixes += r.stats.fixesApplied;
        t.ms += r.ms;
        t.slowest = Math.max(t.slowest, r.stats.slowestCallMs);
        for (const [k, v] of Object.entries(r.stats.skipped)) t.skipped[k] = (t.skipped[k] ?? 0) + v;
        for (const [k, v] of Object.entries(r.stats.ruleErrors)) t.ruleErrors[k] = (t.ruleErrors[k] ?? 0) + v;
        if (r.failure || Object.keys(r.stats.ruleErrors).length) t.failures.push(r);
        tallies.set(r.target, t);
        finished++;
        const status = r.failure ? `FAILED: ${r.failure.split('\n')[0]}` : 'ok';
        process.stdout.write(`  [${finished}/${total}] ${r.target} (seed ${req.seed}): ${r.runs} inputs, ${r.stats.calls} calls, ${(r.ms / 1000).toFixed(1)} s ${status}\n`);
      }
    } finally {
      await worker.close();
    }
  };
  await Promise.all(Array.from({ length: threads }, () => workerLoop()));

  process.stdout.write('\nper target:\n');
  let inputs = 0;
  let calls = 0;
  const failures: RunResult[] = [];
  for (const target of ALL_TARGETS) {
    const t = tallies.get(target);
    if (!t) continue;
    inputs += t.runs;
    calls += t.calls;
    failures.push(...t.failures);
    const skipped = Object.entries(t.skipped).map(([k, v]) => `${k} ${v}`).join(', ');
    process.stdout.write(`  ${target.padEnd(18)} ${String(t.runs).padStart(7)} inputs ${String(t.calls).padStart(8)} engine calls ${String(t.findings).padStart(8)} findings ${String(t.fixes).padStart(7)} fixes checked  slowest call ${t.slowest} ms${skipped ? `  (skipped: ${skipped})` : ''}${t.failures.length ? `  ${t.failures.length} FAILED` : ''}\n`);
  }
  process.stdout.write(`  ${'total'.padEnd(18)} ${String(inputs).padStart(7)} inputs ${String(calls).padStart(8)} engine calls in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);

  let memoryFailed = false;
  if (!flag('--no-memory') && (chosen.size === 0 || chosen.has('memory'))) {
    const cycles = Number(option('--cycles', '3000'));
    const warmup = Math.round(cycles / 3);
    process.stdout.write(`\nmemory: ${cycles} open/check/close cycles of a 500-line file over LSP, every rule on\n`);
    const m = await openCloseCycles({ cycles, warmup, onProgress: (i, rss) => process.stdout.write(`  ${i} cycles, RSS ${rss?.toFixed(1) ?? '?'} MB\n`) });
    memoryFailed = !(m.growthMb < 30) || !m.findingsEachCycle;
    process.stdout.write(`  RSS ${m.rssAtWarmup.toFixed(1)} MB after ${warmup} cycles, ${m.rssAtEnd.toFixed(1)} MB after ${cycles}: ${m.growthMb >= 0 ? '+' : ''}${m.growthMb.toFixed(1)} MB (limit +30 MB) in ${(m.ms / 1000).toFixed(0)} s ${memoryFailed ? 'FAILED' : 'ok'}\n`);
  }

  if (failures.length) {
    process.stdout.write(`\n${failures.length} failure(s):\n`);
    for (const f of failures) {
      process.stdout.write(`- ${f.target}: ${f.failure ?? `rules threw: ${JSON.stringify(f.stats.ruleErrors)}`}\n  input: ${f.counterexample ?? '(none)'}\n`);
    }
    const file = path.join(REPO, 'out', 'fuzz-failures.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(failures, null, 2));
    process.stdout.write(`saved to ${path.relative(process.cwd(), file)}\n`);
  }
  return failures.length || memoryFailed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`fuzz: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 2;
});
