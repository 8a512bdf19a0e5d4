/**
 * config/no-hardcoded-secret judges only the literals a scan of the text keeps (a token format,
 * or a value that a secret name written before it could make a credential): on the fixtures of
 * every rule, the evaluation corpus and the examples, it must report exactly what the same
 * check reports over every string literal of the tree.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkText, REPO } from '../support/engine';
import { detectLanguage } from '../../server/src/parsing/languages';
import { defineRule } from '../../server/src/engine/rule';
import secretRule, { reportSecrets } from '../../server/src/rules/config/no-hardcoded-secret';
import type { Finding } from '../../server/src/engine/types';

test('the text scan finds every secret the whole-tree query finds', async () => {
  const probe = (how: 'scan' | 'query') => defineRule({
    id: `config/probe-${how}`,
    meta: { ...secretRule.meta, defaultSeverity: 'warning' },
    check(ctx) {
      reportSecrets(ctx, how);
    },
  });
  const scan = probe('scan');
  const query = probe('query');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (detectLanguage(p)?.grammar && secretRule.meta.languages.includes(detectLanguage(p)!.language)) files.push(p);
    }
  };
  for (const d of ['test/fixtures/rules', 'eval/corpus', 'examples']) walk(path.join(REPO, d));
  let reported = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.relative(REPO, file);
    const a = await checkText(name, text, { rules: [scan], settings: { includeTests: true, timeBudgetMs: 0 } });
    const b = await checkText(name, text, { rules: [query], settings: { includeTests: true, timeBudgetMs: 0 } });
    const show = (fs: Finding[]) => fs.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.message} ${f.fixes.length}`);
    assert.deepEqual(show(a.findings), show(b.findings), name);
    reported += a.findings.length;
  }
  assert.ok(files.length > 300 && reported > 60, `${files.length} files, ${reported} secrets`);
});
