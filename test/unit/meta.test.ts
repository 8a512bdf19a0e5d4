/** Keeps the catalogue honest: ids, docs, fixtures per language, and settings in step. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES, RULE_MODULES } from '../../server/src/rules/index';
import { FACTOR_SLUGS } from '../../server/src/engine/types';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { detectLanguage } from '../../server/src/parsing/languages';
import { loadFixtures } from '../support/fixtures';
import { REPO } from '../support/engine';
import { renderRuleTable, renderRuleDoc, docPath, TABLE_START, TABLE_END } from '../../scripts/docs';

test('every rule id is its module path, under a factor slug, in kebab case', () => {
  assert.ok(RULES.length > 0);
  RULES.forEach((r, i) => {
    assert.equal(r.id, RULE_MODULES[i], `rule in ${RULE_MODULES[i]}.ts declares id ${r.id}`);
    const [slug, name] = r.id.split('/');
    assert.ok((FACTOR_SLUGS as readonly string[]).includes(slug), `${r.id}: unknown factor`);
    assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${r.id}: rule name is not kebab case`);
  });
  assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length, 'rule ids are unique');
});

test('every rule documents itself', () => {
  for (const r of RULES) {
    assert.ok(r.meta.description.length > 10, `${r.id}: description`);
    assert.ok(/\.$/.test(r.meta.docs.why.trim()) && r.meta.docs.why.length > 20, `${r.id}: docs.why is one sentence`);
    assert.ok(Object.keys(r.meta.docs.bad ?? {}).length > 0, `${r.id}: a bad example`);
    assert.ok(Object.keys(r.meta.docs.good ?? {}).length > 0, `${r.id}: a good example`);
    if (r.meta.fix !== 'none') assert.ok(r.meta.docs.fix, `${r.id}: says what its fix does`);
    assert.ok(r.meta.languages.length > 0, `${r.id}: languages`);
    for (const [id, m] of Object.entries(r.meta.messages)) {
      assert.ok(!/Factor [IVX]+/.test(m), `${r.id}.${id}: the engine adds the factor; the message must not`);
    }
  }
});

test('every rule has flag and must-not-flag fixtures in each language it claims', () => {
  const fixtures = loadFixtures();
  const missing: string[] = [];
  for (const r of RULES) {
    for (const lang of r.meta.languages) {
      const mine = fixtures.filter((f) => f.ruleId === r.id && detectLanguage(f.name)?.language === lang);
      const marks = new Set(mine.flatMap((f) => f.annotations.filter((a) => a.ruleIds.includes(r.id)).map((a) => a.mark)));
      if (!marks.has('ruleid')) missing.push(`${r.id} [${lang}]: no ruleid: fixture`);
      if (!marks.has('ok')) missing.push(`${r.id} [${lang}]: no ok: fixture`);
    }
  }
  assert.deepEqual(missing, []);
});

test('package.json settings declare the server defaults', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default: unknown; description?: string; markdownDescription?: string }> } };
  };
  const props = pkg.contributes.configuration.properties;
  const flat: Record<string, unknown> = {};
  const walk = (prefix: string, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(prefix.endsWith('rules'))) {
      for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    } else flat[`twelveFactor.${prefix}`] = v;
  };
  walk('', DEFAULT_SETTINGS);
  assert.deepEqual(Object.keys(props).sort(), Object.keys(flat).sort(), 'the same settings on both sides');
  for (const [key, value] of Object.entries(flat)) {
    assert.deepEqual(props[key].default, value, `${key}: package.json default differs from the server's`);
    assert.ok(props[key].description || props[key].markdownDescription, `${key}: has a description`);
  }
});

test('the README rule table and docs/rules/ are the generated ones (npm run docs)', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END) + TABLE_END.length);
  assert.equal(table, renderRuleTable(), 'README rule table is stale: run npm run docs');
  for (const r of RULES) {
    const p = docPath(REPO, r);
    assert.ok(fs.existsSync(p), `${p} missing: run npm run docs`);
    assert.equal(fs.readFileSync(p, 'utf8'), renderRuleDoc(r), `${p} is stale: run npm run docs`);
  }
});
