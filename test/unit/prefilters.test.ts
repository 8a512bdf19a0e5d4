/**
 * A rule's text pre-filters (`triggers`, and the `precheck`s rules make before asking for the
 * tree) are necessary conditions: they may only save work, never hide a finding. On every
 * fixture (with its project files), every evaluation-corpus file and every example, in every
 * language, the engine with them gives exactly what it gives without them, with every rule on.
 * The same holds for the lazy tree: a file checked once (CLI, workspace scan) parses only when
 * a rule asks, and must report what an eagerly parsed check of the same text reports.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from '../support/engine';
import { loadFixtures } from '../support/fixtures';
import { RULES } from '../../server/src/rules/index';
import { check, IncrementalState, TRIGGER_PATTERN_REACH } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/engine/settings';
import { detectLanguage } from '../../server/src/parsing/languages';
import { memoryProject } from '../../server/src/engine/project';
import { PRECHECKS, type Rule } from '../../server/src/engine/rule';
import type { Finding } from '../../server/src/engine/types';
import { withoutAnchors } from '../../server/src/engine/regexp';
import fc from 'fast-check';

const EVERY_RULE_ON: Settings = {
  ...DEFAULT_SETTINGS, includeTests: true, timeBudgetMs: 0,
  rules: Object.fromEntries(RULES.map((r) => [r.id, r.meta.defaultSeverity === 'off' ? 'warning' : r.meta.defaultSeverity])),
};

/** The rules as they would be without text pre-filters. */
const UNFILTERED: Rule[] = RULES.map((r) => ({ ...r, triggers: undefined }));

interface Case { name: string; text: string; files: Record<string, string> }

function cases(): Case[] {
  const out: Case[] = [];
  for (const f of loadFixtures()) out.push({ name: path.relative(path.join(REPO, 'test', 'fixtures', 'rules'), f.file), text: f.text, files: f.projectFiles });
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (detectLanguage(p)) out.push({ name: path.relative(REPO, p), text: fs.readFileSync(p, 'utf8'), files: {} });
    }
  };
  for (const d of ['eval/corpus', 'examples']) walk(path.join(REPO, d));
  return out;
}

const show = (fs: Finding[]) => fs.map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.ruleId} ${f.message} ${JSON.stringify(f.fixes)}`);

test('pre-filters and the lazy tree never change what is reported', async () => {
  let files = 0;
  let reported = 0;
  for (const c of cases()) {
    const detected = detectLanguage(c.name);
    if (!detected) continue;
    const request = (rules: readonly Rule[], incremental?: IncrementalState) => check({
      path: path.posix.join('/project', c.name), relativePath: c.name, text: c.text, language: detected.language, grammar: detected.grammar,
      settings: EVERY_RULE_ON, project: memoryProject('/project', c.files), rules, incremental,
    });
    // Filtered and parsed only on demand (as the CLI does), against unfiltered and parsed up front.
    const lazy = await request(RULES);
    PRECHECKS.off = true;
    let eager;
    try {
      eager = await request(UNFILTERED, new IncrementalState());
    } finally {
      PRECHECKS.off = false;
    }
    assert.deepEqual(lazy.ruleErrors, [], c.name);
    assert.equal(lazy.skipped, eager.skipped, c.name);
    assert.deepEqual(show(lazy.findings), show(eager.findings), c.name);
    files++;
    reported += lazy.findings.length;
  }
  assert.ok(files > 500 && reported > 1000, `${files} files, ${reported} findings`);
});

test('pattern triggers take no flags and match a bounded length', () => {
  for (const r of RULES) {
    for (const t of r.triggers ?? []) {
      if (typeof t === 'string') continue;
      assert.equal(t.flags, '', `${r.id}: ${t}`);
      // No unbounded quantifier outside a character class: `*`, `+` or `{n,}`.
      const bare = t.source.replace(/\\./g, '_').replace(/\[[^\]]*\]/g, '_');
      assert.doesNotMatch(bare, /[*+]|\{\d+,\}/, `${r.id}: ${t} must use bounded quantifiers`);
      assert.doesNotMatch(bare, /\)\{/, `${r.id}: ${t}: no counted group (its length would multiply)`);
      const counts = [...bare.matchAll(/\{(?:\d+,)?(\d+)\}/g)].reduce((a, m) => a + Number(m[1]), 0);
      assert.ok(bare.length + counts <= TRIGGER_PATTERN_REACH, `${r.id}: ${t} may match more than ${TRIGGER_PATTERN_REACH} characters`);
    }
  }
});

test('withoutAnchors gives a wider test: wherever the anchored expression matches a part of a text, it matches the text', () => {
  // Alternatives as the secret-name test writes them: words, anchored at either end or both, with groups and classes.
  const tails: [string, string][] = [['', ''], ['[.:]', ':'], ['[^a]', 'b'], ['(256|384)', '384']];
  const alternative = fc.record({ word: fc.stringMatching(/^[A-Za-z_]{1,6}$/), start: fc.boolean(), end: fc.boolean(), tail: fc.integer({ min: 0, max: tails.length - 1 }) });
  fc.assert(fc.property(fc.array(alternative, { minLength: 1, maxLength: 5 }), fc.nat(), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (alts, pick, head, tail) => {
    const source = alts.map((a) => `(?:${a.start ? '^' : ''}${a.word}${tails[a.tail][0]}${a.end ? '$' : ''})`).join('|');
    // A part the anchored expression matches: one alternative's word, written alone.
    const chosen = alts[pick % alts.length];
    const part = chosen.word + tails[chosen.tail][1];
    assert.ok(new RegExp(source, 'i').test(part));
    assert.ok(new RegExp(withoutAnchors(source), 'i').test(head + part + tail), `${withoutAnchors(source)} on ${JSON.stringify(head + part + tail)}`);
  }), { numRuns: 300 });
  // Escaped anchors and a class's `^` stay as they are.
  assert.equal(withoutAnchors('^a\\$b[^c]$'), 'a\\$b[^c]');
  // What would not widen is refused.
  for (const narrow of ['(?!^)key', '(?<!\\.)key', '(?=x)y', '^?key']) assert.throws(() => withoutAnchors(narrow), /do not widen/);
});
