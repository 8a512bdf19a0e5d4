/**
 * Re-checking only what changed must give exactly what a full check gives: for every rule
 * that declares itself incremental, over its own fixtures, after random edits.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import '../support/engine';
import { RULES } from '../../server/src/rules/index';
import { applicableRules, checkDocument, prepare } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { detectLanguage } from '../../server/src/parsing/languages';
import { defineRule, type Rule } from '../../server/src/engine/rule';
import type { Node } from '@vscode/tree-sitter-wasm';
import { blownUp, loadFixtures } from '../support/fixtures';
import { EditSession, show } from '../support/incremental';

/** A small incremental rule of our own, so the property never runs on nothing. */
const numbers = defineRule({
  id: 'port-binding/test-numbers',
  meta: { description: 'numbers', defaultSeverity: 'warning', languages: ['javascript', 'typescript', 'python'], fix: 'safe', incremental: true, messages: { n: 'number {{v}}' }, docs: { why: 'x.' } },
  queries: { javascript: '(number) @n', python: '(integer) @n' },
  check(ctx) {
    for (const m of ctx.matches()) {
      const node = m.captures[0].node;
      if (node.text.length >= 3) ctx.report({ node, messageId: 'n', data: { v: node.text }, fixes: [{ title: 't', safety: 'safe', edits: [{ range: ctx.rangeOf(node), newText: '0' }] }] });
    }
  },
});

/** The same, anchored: queries run only around `listen` occurrences. */
const listens = defineRule({
  id: 'port-binding/test-listens',
  meta: { description: 'listens', defaultSeverity: 'warning', languages: ['javascript', 'typescript'], fix: 'none', incremental: true, messages: { n: 'listen {{v}}' }, docs: { why: 'x.' } },
  anchors: ['listen'],
  queries: { javascript: '(call_expression function: (member_expression property: (property_identifier) @p (#eq? @p "listen")) arguments: (arguments (number) @n))' },
  check(ctx) {
    for (const m of ctx.matches()) {
      const node = m.captures.find((c) => c.name === 'n')?.node;
      if (node) ctx.report({ node, messageId: 'n', data: { v: node.text } });
    }
  },
});

/** An incremental test rule reporting the calls `holds` accepts (it reads their ancestors). */
function callsWhere(id: string, description: string, holds: (call: Node) => boolean) {
  return defineRule({
    id,
    meta: { description, defaultSeverity: 'warning', languages: ['javascript', 'typescript', 'python'], fix: 'none', incremental: true, messages: { n: description }, docs: { why: 'x.' } },
    queries: { javascript: '(call_expression) @c', python: '(call) @c' },
    check(ctx) {
      for (const m of ctx.matches()) if (holds(m.captures[0].node)) ctx.report({ node: m.captures[0].node, messageId: 'n' });
    },
  });
}

/** Reads a node's parent: an edit that splits a statement changes it outside what tree-sitter reports as changed. */
const assigned = callsWhere('config/test-assigned-calls', 'assigned call', (node) => node.parent?.type === 'assignment' || node.parent?.type === 'variable_declarator');

/** Reads ancestors: a call inside a loop. A deletion reaching into a statement's head re-parents what follows. */
const inLoops = callsWhere('processes/test-calls-in-loops', 'call in a loop', (node) => {
  for (let p = node.parent; p; p = p.parent) if (/^(for|while)_statement$|^for_in_statement$/.test(p.type)) return true;
  return false;
});

const SAMPLE_JS = "const express = require('express');\nconst app = express();\n" +
  Array.from({ length: 40 }, (_, i) => `function f${i}() {\n  return ${i * 997} + 56;\n}\n`).join('') + "app.listen(3000);\nconst big = [100, 2000, 30];\n";

const SAMPLE_PY = 'import os\n\n' + Array.from({ length: 30 }, (_, i) => `CACHE_${i} = FileSystemCache("/x/${i}")\ndef f${i}(x):\n    return g(x) * ${i * 991}\n\n`).join('');

test('incremental re-checks equal full checks after random edits', async () => {
  const cases: { name: string; text: string; rules: Rule[] }[] = [
    { name: 'sample.js', text: SAMPLE_JS, rules: [numbers, listens, assigned] },
    { name: 'sample.py', text: SAMPLE_PY, rules: [numbers, assigned] },
  ];
  for (const fx of loadFixtures()) {
    const rule = RULES.find((r) => r.id === fx.ruleId);
    if (rule?.meta.incremental && detectLanguage(fx.name)?.grammar) cases.push({ name: fx.name, text: fx.text, rules: [rule] });
  }
  const basic = ['', ' ', '9', '12345', '\n', '(', ')', '{', '}', '"', "'", 'x', 'secret = "hunter2hunter2"\n', '// twelve-factor-disable-next-line\n', 'app.listen(8080);\n'];
  EditSession.partialRuns = 0;
  for (const c of cases) {
    const det = detectLanguage(c.name);
    assert.ok(det?.grammar);
    await EditSession.prepare(c.name);
    // Besides typing, the edits insert what the rules look for: their trigger words and the
    // lines of their examples (a handler, an import, an environment read appearing or going).
    const own = c.rules.flatMap((r) => [
      ...(r.triggers ?? []).filter((t): t is string => typeof t === 'string'),
      ...[r.meta.docs.bad?.[det.language], r.meta.docs.good?.[det.language]].flatMap((ex) => (ex ?? '').split('\n').map((l) => `\n${l}\n`)),
    ]);
    const edit = fc.record({ at: fc.nat(), del: fc.oneof(fc.nat({ max: 12 }), fc.nat({ max: 200 })), text: fc.constantFrom(...basic, ...own) });
    await fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
      const session = new EditSession({ name: c.name, text: c.text, rules: c.rules });
      for (const e of edits) session.randomEdit(e, `after ${JSON.stringify(edits)}`);
      session.dispose();
    }), { seed: 4242, numRuns: 25 });
  }
  assert.ok(EditSession.partialRuns > 20, `the partial path ran (${EditSession.partialRuns} times)`);
});

test('anchored rules find on their fixtures exactly what they find on the whole tree', async () => {
  let compared = 0;
  for (const fx of loadFixtures()) {
    const rule = RULES.find((r) => r.id === fx.ruleId);
    const det = detectLanguage(fx.name);
    if (!rule?.anchors || !det?.grammar) continue;
    await prepare(det.grammar, det.language);
    const settings = { ...DEFAULT_SETTINGS, includeTests: true };
    const run = (r: Rule) => checkDocument({ path: `/project/${fx.name}`, relativePath: fx.name, text: fx.text, language: det.language, grammar: det.grammar, settings, rules: [r] });
    const unanchored: Rule = { ...rule, anchors: undefined };
    assert.deepEqual(show(run(rule).findings), show(run(unanchored).findings), `${rule.id} on ${fx.name}: anchors miss a match`);
    // Blown up, so that statements and calls around the anchors grow past the subtree size the engine descends to.
    const big = blownUp(fx.text, det.language);
    const runBig = (r: Rule) => checkDocument({ path: `/project/${fx.name}`, relativePath: fx.name, text: big, language: det.language, grammar: det.grammar, settings, rules: [r] });
    assert.deepEqual(show(runBig(rule).findings), show(runBig(unanchored).findings), `${rule.id} on ${fx.name} (blown up): anchors miss a match`);
    compared++;
  }
  for (const r of [listens]) {
    const run = (x: Rule) => checkDocument({ path: '/p/sample.js', relativePath: 'sample.js', text: SAMPLE_JS, language: 'javascript', grammar: 'javascript', settings: DEFAULT_SETTINGS, rules: [x] });
    await prepare('javascript');
    assert.deepEqual(show(run(r).findings), show(run({ ...r, anchors: undefined }).findings));
    assert.equal(run(r).findings.length, 1);
    compared++;
  }
  assert.ok(compared > 0);
});

test('trigger hits carried across an edit select the same rules as a fresh look at the text', () => {
  // Texts made of rule tokens and filler, edited once: the rules selected from the last text's
  // trigger hits and the edit must be exactly those a fresh search selects.
  // String triggers, and for pattern triggers the text of the rules' bad examples they match in.
  const words = RULES.flatMap((r) => r.triggers ?? []).filter((t): t is string => typeof t === 'string');
  const matched = RULES.flatMap((r) => Object.values(r.meta.docs.bad ?? {}).flatMap((ex) => (r.triggers ?? []).flatMap((t) => {
    if (typeof t === 'string') return [];
    const m = new RegExp(t.source).exec(ex ?? '');
    return m ? [ex!.slice(Math.max(0, m.index - 3), m.index + m[0].length + 3)] : [];
  })));
  assert.ok(matched.length > 20, `${matched.length} pattern-trigger samples`);
  const tokens = [...new Set([...words.slice(0, 300), ...matched])];
  assert.ok(tokens.length > 50);
  const piece = fc.oneof(fc.constantFrom(...tokens), fc.constantFrom(' ', '\n', 'x', '(', '.', 'en', 'st'), fc.string({ maxLength: 4 }));
  const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));
  const settings = { ...DEFAULT_SETTINGS, includeTests: true };
  let changed = 0;
  fc.assert(fc.property(text, fc.nat(), fc.nat({ max: 12 }), fc.array(piece, { maxLength: 3 }).map((p) => p.join('')), fc.constantFrom('javascript', 'python', 'go', 'ruby', 'java', 'php', 'dotenv', 'procfile'), (before, at, del, insert, language) => {
    const start = at % (before.length + 1);
    const oldEnd = Math.min(before.length, start + del);
    const after = before.slice(0, start) + insert + before.slice(oldEnd);
    const lang = language as Parameters<typeof applicableRules>[1];
    const first = { text: before, hits: new Map() };
    const pre = applicableRules(RULES, lang, before, settings, { prev: undefined, edit: undefined, next: first }).map((r) => r.id);
    const carried = applicableRules(RULES, lang, after, settings, { prev: first, edit: { start, oldEnd, newEnd: start + insert.length }, next: { text: after, hits: new Map() } }).map((r) => r.id);
    const fresh = applicableRules(RULES, lang, after, settings).map((r) => r.id);
    assert.deepEqual(carried, fresh);
    if (pre.join() !== fresh.join()) changed++;
  }), { seed: 77, numRuns: 3000 });
  assert.ok(changed > 100, `the edits changed the rule set ${changed} times`);
});

const LOOPS_PY = Array.from({ length: 20 }, (_, i) => `def f${i}(x):\n    q = g(${i})\n    for a in b:\n        h(${i})\n\nZ${i} = k(${i})\n`).join('');
const LOOPS_JS = Array.from({ length: 20 }, (_, i) => `function f${i}(x) {\n  const q = g(${i});\n  for (const a of b) {\n    h(${i});\n  }\n}\nconst z${i} = k(${i});\n`).join('');

test('deleting from inside one statement into the head of the next re-checks what it re-parents', async () => {
  let compared = 0;
  for (const [name, text, head] of [['loops.py', LOOPS_PY, 'def f'], ['loops.js', LOOPS_JS, 'function f']] as const) {
    await EditSession.prepare(name);
    // From each point of a statement's head to each point of the next lines, replaced by a comment mark or nothing.
    for (let i = 1; i < 19; i += 3) {
      const at = text.indexOf(`${head}${i}(`);
      // To the start of each of the next three lines, and a few lengths besides.
      const lineStarts = [1, 2, 3].map((k) => { let o = at; for (let n = 0; n < k; n++) o = text.indexOf('\n', o) + 1; return o; });
      for (const from of [at - 1, at + 1, at + 4]) {
        for (const to of [...lineStarts, from + 5, from + 40]) {
          for (const insert of ['', '#', '/']) {
            const session = new EditSession({ name, text, rules: [inLoops, assigned] });
            session.edit(from, to, insert, `replacing ${JSON.stringify(text.slice(from, to))} with ${JSON.stringify(insert)}`);
            session.dispose();
            compared++;
          }
        }
      }
    }
  }
  assert.ok(compared > 200);
});

test('changes that leave the text as it was (typed and undone before a check) carry every finding over', async () => {
  // Every incremental rule on its fixtures, and the test rules on the sample: a character typed
  // and deleted in one notification, then an ordinary edit.
  const cases: { name: string; text: string; rules: Rule[] }[] = [{ name: 'sample.js', text: SAMPLE_JS, rules: [numbers, listens, assigned] }];
  for (const fx of loadFixtures()) {
    const rule = RULES.find((r) => r.id === fx.ruleId);
    if (rule?.meta.incremental && detectLanguage(fx.name)?.grammar) cases.push({ name: fx.name, text: fx.text, rules: [rule] });
  }
  let compared = 0;
  for (const c of cases) {
    await EditSession.prepare(c.name);
    // About 30 places spread over the text, with a different character typed at each.
    const step = Math.max(1, Math.ceil(c.text.length / 30));
    for (let p = 0, k = 0; p <= c.text.length; p += step, k++) {
      const typed = ['x', ' ', '\n', '(', '"'][k % 5];
      const session = new EditSession({ name: c.name, text: c.text, rules: c.rules });
      session.edits([{ start: p, end: p, insert: typed }, { start: p, end: p + typed.length, insert: '' }], `typing and deleting ${JSON.stringify(typed)} at ${p}`);
      session.randomEdit({ at: p * 7 + 3, del: 1, text: '' }, 'then a deletion');
      session.dispose();
      compared++;
    }
  }
  assert.ok(compared > 500, `${compared} places`);
});
