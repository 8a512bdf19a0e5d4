/**
 * The fix-safety suite: every fix every rule offers, over all rule fixtures and the
 * examples. Applied alone, a fix must change something, leave code that parses no worse,
 * remove the finding it was offered for, write only inside the project, and, when it moves
 * a value into `.env`, put it there exactly once with `.env` git-ignored. Applying the fixes
 * a second time must have nothing left to do.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import ignore from 'ignore';
import { RULES } from '../../server/src/rules/index';
import { applyEdits } from '../../server/src/engine/edits';
import { parseDotenv } from '../../server/src/parsing/dotenv';
import type { Fix } from '../../server/src/engine/types';
import type { Rule } from '../../server/src/engine/rule';
import { checkText, REPO } from '../support/engine';
import { loadFixtures } from '../support/fixtures';
import { syntaxErrors } from './fix-properties';

interface Case { label: string; name: string; text: string; files: Record<string, string>; rules: Rule[] }

/** Applies a fix to the file and to a copy of the neighbouring files. */
function applyFix(text: string, files: Record<string, string>, fix: Fix): { text: string; files: Record<string, string>; problems: string[] } {
  const next = { ...files };
  const problems: string[] = [];
  for (const change of fix.files ?? []) {
    if (!change.path.startsWith('/project/')) problems.push(`writes outside the project: ${change.path}`);
    const current = next[change.path];
    if (current === undefined && !change.create) { problems.push(`edits a missing file without creating it: ${change.path}`); continue; }
    next[change.path] = applyEdits(current ?? '', change.edits);
  }
  return { text: applyEdits(text, fix.edits), files: next, problems };
}

/** `.env` after a fix: no key twice, every value at most once per key, and git-ignored. */
function envProblems(before: Record<string, string>, after: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [p, text] of Object.entries(after)) {
    if (path.posix.basename(p) !== '.env' || before[p] === text) continue;
    const keys = parseDotenv(text).entries.map((e) => e.key);
    const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (dup.length) problems.push(`${p} declares ${dup.join(', ')} twice`);
    const added = parseDotenv(text).entries.filter((e) => !parseDotenv(before[p] ?? '').entries.some((b) => b.key === e.key));
    for (const e of added) {
      const same = parseDotenv(text).entries.filter((x) => x.value === e.value && e.value !== '');
      if (same.length > 1) problems.push(`${p}: the moved value lands ${same.length} times`);
    }
    const dir = path.posix.dirname(p);
    let ignored = false;
    for (let d = dir; ; d = path.posix.dirname(d)) {
      const gi = after[path.posix.join(d, '.gitignore')];
      if (gi && ignore().add(gi).ignores(path.posix.relative(d, p))) ignored = true;
      if (d === '/project' || d === '/') break;
    }
    if (!ignored) problems.push(`${p} is not git-ignored after the fix`);
  }
  return problems;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const fx of loadFixtures()) {
    const rule = RULES.find((r) => r.id === fx.ruleId);
    if (!rule || rule.meta.fix === 'none') continue;
    out.push({ label: `${fx.ruleId} ${fx.name}`, name: fx.name, text: fx.text, files: fx.projectFiles, rules: [rule] });
  }
  // The examples, with every rule, as an app with its neighbouring files.
  const root = path.join(REPO, 'examples');
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else files[path.posix.join('/project', path.relative(root, full).split(path.sep).join('/'))] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  for (const [p, text] of Object.entries(files)) {
    if (/\.(js|py)$|Procfile$/.test(p)) out.push({ label: `examples ${p}`, name: p.slice('/project/'.length), text, files, rules: [...RULES] });
  }
  return out;
}

test('every offered fix is safe to apply', async () => {
  const problems: string[] = [];
  let fixesTried = 0;
  let envMoves = 0;
  for (const c of cases()) {
    const check = (text: string, files: Record<string, string>) => checkText(c.name, text, { rules: c.rules, files, settings: { includeTests: true } });
    const before = (await check(c.text, c.files)).findings;
    const baseErrors = await syntaxErrors(c.name, c.text);
    for (const f of before) {
      for (const fix of f.fixes) {
        fixesTried++;
        const where = `${c.label}:${f.range.start.line + 1} [${f.ruleId}] "${fix.title}"`;
        const r = applyFix(c.text, c.files, fix);
        problems.push(...r.problems.map((p) => `${where}: ${p}`));
        if (r.text === c.text && JSON.stringify(r.files) === JSON.stringify(c.files)) { problems.push(`${where}: changes nothing`); continue; }
        if ((await syntaxErrors(c.name, r.text)) > baseErrors) problems.push(`${where}: the result parses worse than before`);
        const after = (await check(r.text, r.files)).findings.filter((x) => x.ruleId === f.ruleId);
        if (after.length >= before.filter((x) => x.ruleId === f.ruleId).length) problems.push(`${where}: the finding is still there`);
        const env = envProblems(c.files, r.files);
        if (Object.keys(r.files).some((p) => p.endsWith('/.env') && r.files[p] !== c.files[p])) envMoves++;
        problems.push(...env.map((p) => `${where}: ${p}`));
      }
    }
  }
  console.log(`fix-safety: ${fixesTried} fixes tried, ${envMoves} moved values into .env`);
  assert.ok(fixesTried > 200, `fixes were tried (${fixesTried})`);
  assert.ok(envMoves > 5, `some fixes moved values into .env (${envMoves})`);
  assert.deepEqual(problems, []);
});
