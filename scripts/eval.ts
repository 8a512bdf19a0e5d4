/**
 * `npm run eval`: measures the rules against the labelled corpus in eval/corpus/ (issue #3,
 * item 6). A report, not a test: exit status 0 whatever the figures, unless `--check` is given
 * (then 1 when overall recall < 0.90, precision < 0.95, or any factor's recall < 0.80).
 *
 * The corpus is eval/corpus/<language>/<app>/...: small apps written the way people write
 * them, labelled in comments in each file's own syntax (see eval/README.md):
 *   <comment> expect: <rule-id>[ | <rule-id>...][, <rule-id>...]
 *       the next code line must be flagged; `a | b` accepts either (one label), `,` lists several
 *   <comment> expect-none: <factor-slug | rule-id | *>[, ...]
 *       the next code line is a look-alike that must not be flagged by that factor/rule/anything
 * A label may also trail the code on its own line (`code // expect: ...`).
 *
 * Each app folder is checked as its own project root, with the CLI's code path (`runCheck`),
 * every rule, the default settings and `includeTests` off, so what is measured is what a user
 * running `twelve-factor check` in that app would see.
 *
 * Scoring is by FACTOR: a finding is a true positive when the label on a line its range covers
 * accepts the finding's factor; any other finding is a false positive (one per file, line and
 * factor). Rule-id agreement is reported beside it, for information. Options:
 *   --check          exit 1 below the thresholds above
 *   --corpus DIR     another corpus (default eval/corpus)
 *   --output FILE    where to write the JSON results (default eval/results.json)
 *   --quiet          only the summary tables
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../server/src/rules/index';
import { DEFAULT_SETTINGS, type Settings } from '../server/src/engine/settings';
import { FACTORS, isFactorSlug } from '../server/src/engine/factors';
import { FACTOR_SLUGS, type FactorSlug, type Finding } from '../server/src/engine/types';
import { runCheck } from '../server/src/cli/run-check';
import { setWasmDirectory } from '../server/src/parsing/tree-sitter';

const REPO = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: string) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };

const CORPUS = path.resolve(REPO, option('--corpus', 'eval/corpus'));
const OUTPUT = path.resolve(REPO, option('--output', 'eval/results.json'));
const THRESHOLDS = { recall: 0.9, precision: 0.95, factorRecall: 0.8 };

// The grammars are built into dist/ by `npm run build` (as for the tests).
setWasmDirectory(path.join(REPO, 'dist'));

const RULE_IDS = new Set(RULES.map((r) => r.id));
const factorOf = (id: string): string => id.split('/')[0];

// ---------------------------------------------------------------------------------- labels

interface Alternative { ruleId: string; factor: FactorSlug }
interface Expect {
  app: string; language: string; file: string; line: number; labelLine: number;
  alternatives: Alternative[];
  /** Filled in by matching. */
  hits: { ruleId: string; factor: FactorSlug }[];
}
interface ExpectNone { app: string; language: string; file: string; line: number; scopes: string[] }

const LEADER = String.raw`(?:\/\/|#|\/\*|\*|<!--|--|;)`;
const LABEL_LINE = new RegExp(String.raw`^\s*${LEADER}\s*(expect|expect-none):\s*(.*?)\s*(?:\*\/|-->)?\s*$`);
const TRAILING_LABEL = new RegExp(String.raw`^(.*?\S)\s+(?:\/\/|#|\/\*|<!--)\s*(expect|expect-none):\s*(.*?)\s*(?:\*\/|-->)?\s*$`);
/** A line that is only a comment (never the target of a label); `#[...]` is a PHP attribute, `#!` a shebang. */
const COMMENT_ONLY = /^\s*(?:\/\/|\/\*|\*|<!--|#(?![[!]))/;

interface LabelProblem { file: string; line: number; problem: string }

function parseLabels(app: string, language: string, rel: string, text: string, problems: LabelProblem[]): { expects: Expect[]; nones: ExpectNone[] } {
  const lines = text.split(/\r?\n/);
  const expects: Expect[] = [];
  const nones: ExpectNone[] = [];
  let pending: { kind: string; body: string; at: number }[] = [];

  const add = (kind: string, body: string, target: number, at: number) => {
    const items = body.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) problems.push({ file: rel, line: at + 1, problem: `empty ${kind} label` });
    for (const item of items) {
      const alts = item.split('|').map((s) => s.trim()).filter(Boolean);
      if (kind === 'expect') {
        const alternatives: Alternative[] = [];
        for (const a of alts) {
          if (!/^[a-z-]+\/[a-z0-9-]+$/.test(a) || !isFactorSlug(factorOf(a))) {
            problems.push({ file: rel, line: at + 1, problem: `expect: "${a}" is not <factor-slug>/<rule-name>` });
            continue;
          }
          if (!RULE_IDS.has(a)) problems.push({ file: rel, line: at + 1, problem: `expect: no rule "${a}" (kept: scored by its factor)` });
          alternatives.push({ ruleId: a, factor: factorOf(a) as FactorSlug });
        }
        if (alternatives.length) expects.push({ app, language, file: rel, line: target, labelLine: at, alternatives, hits: [] });
      } else {
        for (const a of alts) {
          const ok = a === '*' || isFactorSlug(a) || (/^[a-z-]+\/[a-z0-9-]+$/.test(a) && isFactorSlug(factorOf(a)));
          if (!ok) problems.push({ file: rel, line: at + 1, problem: `expect-none: "${a}" is not *, a factor slug or a rule id` });
        }
        nones.push({ app, language, file: rel, line: target, scopes: alts });
      }
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = LABEL_LINE.exec(line);
    if (m) {
      pending.push({ kind: m[1], body: m[2], at: i });
      continue;
    }
    if (line.trim() === '' || COMMENT_ONLY.test(line)) continue;
    const t = TRAILING_LABEL.exec(line);
    if (t) add(t[2], t[3], i, i);
    for (const p of pending) add(p.kind, p.body, i, p.at);
    pending = [];
  }
  for (const p of pending) problems.push({ file: rel, line: p.at + 1, problem: `${p.kind} label with no code line after it` });
  return { expects, nones };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(full);
    }
  };
  walk(dir);
  return out;
}

const posix = (p: string) => p.split(path.sep).join('/');

// ---------------------------------------------------------------------------------- scoring

interface FalseAlarm { app: string; language: string; file: string; line: number; factor: FactorSlug; ruleIds: string[]; messages: string[]; lookalike: boolean; text: string }
interface Counts { labels: number; tp: number; fn: number; fp: number }
const emptyCounts = (): Counts => ({ labels: 0, tp: 0, fn: 0, fp: 0 });
const recallOf = (c: Counts) => (c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn));
const precisionOf = (c: Counts) => (c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp));

function noneCovers(n: ExpectNone, ruleId: string, factor: string): boolean {
  return n.scopes.some((s) => s === '*' || s === factor || s === ruleId);
}

async function main(): Promise<number> {
  if (!fs.existsSync(CORPUS)) {
    process.stderr.write(`eval: no corpus at ${path.relative(REPO, CORPUS)}\n`);
    return 2;
  }
  const settings: Settings = { ...DEFAULT_SETTINGS, includeTests: false };
  const problems: LabelProblem[] = [];
  const expects: Expect[] = [];
  const nones: ExpectNone[] = [];
  const falseAlarms: FalseAlarm[] = [];
  const unread: { file: string; labels: number }[] = [];
  const engineNotes: string[] = [];
  const engineFailures: string[] = [];
  const apps: { language: string; app: string; files: number; findings: number }[] = [];
  const lineText = new Map<string, string[]>();

  const languages = fs.readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const language of languages) {
    const langDir = path.join(CORPUS, language);
    for (const app of fs.readdirSync(langDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      const appDir = path.join(langDir, app);
      const appName = `${language}/${app}`;
      // Labels, from every file (also those the engine does not read: YAML, XML, .properties).
      const byFile = new Map<string, { expects: Expect[]; nones: ExpectNone[] }>();
      for (const file of listFiles(appDir)) {
        const rel = posix(path.relative(CORPUS, file));
        const text = fs.readFileSync(file, 'utf8');
        lineText.set(rel, text.split(/\r?\n/));
        const labels = parseLabels(appName, language, rel, text, problems);
        byFile.set(rel, labels);
        expects.push(...labels.expects);
        nones.push(...labels.nones);
      }

      const failed = new Set<string>();
      const result = await runCheck({
        paths: [appDir], cwd: appDir, settings, rules: RULES, threads: 1,
        onProblem: (file, message) => {
          const rel = posix(path.relative(CORPUS, file));
          engineNotes.push(`${rel}: ${message}`);
          if (!message.startsWith('skipped')) failed.add(rel);
        },
      });
      engineFailures.push(...failed);
      const checked = new Set<string>();
      let findingCount = 0;
      for (const f of result.files) {
        const rel = posix(path.relative(CORPUS, f.file));
        checked.add(rel);
        findingCount += f.findings.length;
        const labels = byFile.get(rel) ?? { expects: [], nones: [] };
        const fps = new Map<string, FalseAlarm>();
        const sorted = [...f.findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
        for (const finding of sorted) {
          const start = finding.range.start.line;
          // A range that ends at column 0 of a line does not cover that line.
          const end = Math.max(start, finding.range.end.character === 0 ? finding.range.end.line - 1 : finding.range.end.line);
          const target = pickLabel(labels.expects, finding, start, end);
          if (target) {
            target.hits.push({ ruleId: finding.ruleId, factor: finding.factor });
            continue;
          }
          const key = `${start}:${finding.factor}`;
          let fa = fps.get(key);
          if (!fa) {
            fa = {
              app: appName, language, file: rel, line: start, factor: finding.factor, ruleIds: [], messages: [],
              lookalike: labels.nones.some((n) => n.line === start && noneCovers(n, finding.ruleId, finding.factor)),
              text: (lineText.get(rel)?.[start] ?? '').trim(),
            };
            fps.set(key, fa);
          }
          if (!fa.ruleIds.includes(finding.ruleId)) fa.ruleIds.push(finding.ruleId);
          if (!fa.messages.includes(finding.message)) fa.messages.push(finding.message);
          if (!fa.lookalike && labels.nones.some((n) => n.line === start && noneCovers(n, finding.ruleId, finding.factor))) fa.lookalike = true;
        }
        falseAlarms.push(...fps.values());
      }
      for (const [rel, labels] of byFile) {
        const n = labels.expects.length + labels.nones.length;
        if (n && !checked.has(rel) && !failed.has(rel)) unread.push({ file: rel, labels: n });
      }
      apps.push({ language, app, files: result.files.length, findings: findingCount });
    }
  }

  // ------------------------------------------------------------------------------ figures
  const overall = emptyCounts();
  const byFactor = new Map<string, Counts>(FACTOR_SLUGS.map((s) => [s, emptyCounts()]));
  const byLanguage = new Map<string, Counts>(languages.map((l) => [l, emptyCounts()]));
  const byRule = new Map<string, Counts>();
  const ruleCounts = (id: string) => { let c = byRule.get(id); if (!c) { c = emptyCounts(); byRule.set(id, c); } return c; };
  let ruleAgree = 0;
  const misses: Expect[] = [];
  for (const e of expects) {
    const hit = e.hits[0];
    const factor = hit ? hit.factor : e.alternatives[0].factor;
    const counts = [overall, byFactor.get(factor)!, byLanguage.get(e.language)!, ruleCounts(e.alternatives[0].ruleId)];
    for (const c of counts) c.labels++;
    if (hit) {
      for (const c of counts) c.tp++;
      if (e.hits.some((h) => e.alternatives.some((a) => a.ruleId === h.ruleId))) ruleAgree++;
    } else {
      for (const c of counts) c.fn++;
      misses.push(e);
    }
  }
  for (const fa of falseAlarms) {
    overall.fp++;
    byFactor.get(fa.factor)!.fp++;
    byLanguage.get(fa.language)!.fp++;
    for (const id of fa.ruleIds) ruleCounts(id).fp++;
  }
  const lookalikesViolated = falseAlarms.filter((f) => f.lookalike);

  // ------------------------------------------------------------------------------ report
  const quiet = flag('--quiet');
  const out: string[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const row = (name: string, c: Counts, width = 20) =>
    `  ${name.padEnd(width)} ${String(c.labels).padStart(6)} ${String(c.tp).padStart(5)} ${String(c.fn).padStart(5)} ${String(c.fp).padStart(5)} ${pct(recallOf(c)).padStart(8)} ${pct(precisionOf(c)).padStart(10)}`;
  const header = (name: string, width = 20) => `  ${name.padEnd(width)} ${'labels'.padStart(6)} ${'TP'.padStart(5)} ${'FN'.padStart(5)} ${'FP'.padStart(5)} ${'recall'.padStart(8)} ${'precision'.padStart(10)}`;

  if (engineFailures.length) {
    out.push(`WARNING: ${engineFailures.length} files could not be checked (see Engine notes); the figures below do not measure the rules.`, '');
  }
  out.push(`Twelve-factor evaluation: ${apps.length} apps, ${apps.reduce((n, a) => n + a.files, 0)} files checked, ${expects.length} expected findings, ${nones.length} look-alikes (${path.relative(REPO, CORPUS)})`, '');
  out.push(header('overall'), row('all', overall), '');
  out.push(header('by factor'));
  for (const f of FACTORS) out.push(row(`${f.numeral} ${f.slug}`, byFactor.get(f.slug)!));
  out.push('', header('by language'));
  for (const l of languages) out.push(row(l, byLanguage.get(l)!));
  out.push('', header('by rule (labels by first alternative)', 45));
  for (const id of [...byRule.keys()].sort()) out.push(row(RULE_IDS.has(id) ? id : `${id} (no such rule)`, byRule.get(id)!, 45));
  out.push('', `  rule id agreement: ${ruleAgree}/${overall.tp} true positives were found by the labelled rule (informational)`);
  out.push(`  look-alikes flagged: ${lookalikesViolated.length}/${nones.length}`);
  if (unread.length) out.push(`  labels in files the engine does not read: ${unread.reduce((n, u) => n + u.labels, 0)} (${unread.map((u) => u.file).join(', ')})`);

  if (!quiet) {
    const loc = (file: string, line: number) => `${file}:${line + 1}`;
    const group = <T>(xs: T[], key: (x: T) => string) => {
      const m = new Map<string, T[]>();
      for (const x of xs) { const k = key(x); m.set(k, [...(m.get(k) ?? []), x]); }
      return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    };
    out.push('', `Misses (${misses.length}), by expected rule:`);
    for (const [id, list] of group(misses, (e) => e.alternatives.map((a) => a.ruleId).join(' | '))) {
      out.push(`  ${id} (${list.length})`);
      for (const e of list) out.push(`    ${loc(e.file, e.line)}  ${(lineText.get(e.file)?.[e.line] ?? '').trim().slice(0, 110)}`);
    }
    out.push('', `False alarms (${falseAlarms.length}), by rule:`);
    for (const [id, list] of group(falseAlarms, (f) => f.ruleIds.join(', '))) {
      out.push(`  ${id} (${list.length})`);
      for (const f of list) out.push(`    ${loc(f.file, f.line)}${f.lookalike ? ' [look-alike]' : ''}  ${f.text.slice(0, 110)}`);
    }
    const mismatched = expects.filter((e) => e.hits.length && !e.hits.some((h) => e.alternatives.some((a) => a.ruleId === h.ruleId)));
    if (mismatched.length) {
      out.push('', `Found by another rule of the same factor (${mismatched.length}, counted as true positives):`);
      for (const e of mismatched) out.push(`    ${loc(e.file, e.line)}  expected ${e.alternatives.map((a) => a.ruleId).join(' | ')}, got ${[...new Set(e.hits.map((h) => h.ruleId))].join(', ')}`);
    }
  }
  if (problems.length) {
    out.push('', `Label problems (${problems.length}):`);
    for (const p of problems) out.push(`    ${p.file}:${p.line}  ${p.problem}`);
  }
  if (engineNotes.length) {
    out.push('', 'Engine notes:');
    for (const n of engineNotes) out.push(`    ${n}`);
  }

  const failures: string[] = [];
  if (engineFailures.length) failures.push(`${engineFailures.length} files could not be checked`);
  if (recallOf(overall) < THRESHOLDS.recall) failures.push(`overall recall ${pct(recallOf(overall))} < ${pct(THRESHOLDS.recall)}`);
  if (precisionOf(overall) < THRESHOLDS.precision) failures.push(`overall precision ${pct(precisionOf(overall))} < ${pct(THRESHOLDS.precision)}`);
  for (const [slug, c] of byFactor) if (c.tp + c.fn > 0 && recallOf(c) < THRESHOLDS.factorRecall) failures.push(`${slug} recall ${pct(recallOf(c))} < ${pct(THRESHOLDS.factorRecall)}`);
  out.push('', failures.length ? `Below the --check thresholds: ${failures.join('; ')}` : 'Within the --check thresholds.');
  process.stdout.write(`${out.join('\n')}\n`);

  const summary = (c: Counts) => ({ ...c, recall: round(recallOf(c)), precision: round(precisionOf(c)) });
  const results = {
    corpus: posix(path.relative(REPO, CORPUS)),
    thresholds: THRESHOLDS,
    apps,
    overall: summary(overall),
    byFactor: Object.fromEntries([...byFactor].map(([k, c]) => [k, summary(c)])),
    byLanguage: Object.fromEntries([...byLanguage].map(([k, c]) => [k, summary(c)])),
    byRule: Object.fromEntries([...byRule].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, c]) => [k, summary(c)])),
    ruleIdAgreement: { agree: ruleAgree, truePositives: overall.tp },
    lookalikes: { total: nones.length, flagged: lookalikesViolated.length },
    misses: misses.map((e) => ({ file: e.file, line: e.line + 1, expected: e.alternatives.map((a) => a.ruleId) })),
    falseAlarms: falseAlarms.map((f) => ({ file: f.file, line: f.line + 1, factor: f.factor, rules: f.ruleIds, lookalike: f.lookalike })),
    unreadLabelledFiles: unread,
    engineFailures,
    labelProblems: problems,
    belowThresholds: failures,
  };
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, `${JSON.stringify(results, null, 2)}\n`);
  return flag('--check') && failures.length ? 1 : 0;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * The expected label a finding satisfies: on a line its range covers, accepting its factor.
 * Unsatisfied labels first, then the finding's own start line, then the same rule id.
 */
function pickLabel(expects: Expect[], finding: Finding, start: number, end: number): Expect | undefined {
  const candidates = expects.filter((e) => e.line >= start && e.line <= end && e.alternatives.some((a) => a.factor === finding.factor));
  const score = (e: Expect) => (e.hits.length === 0 ? 4 : 0) + (e.line === start ? 2 : 0) + (e.alternatives.some((a) => a.ruleId === finding.ruleId) ? 1 : 0);
  return candidates.sort((a, b) => score(b) - score(a))[0];
}

main().then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`eval: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
