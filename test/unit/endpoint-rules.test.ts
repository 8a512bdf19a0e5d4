/**
 * config/no-hardcoded-url (Factor III) and backing-services/no-fixed-host (Factor IV) share
 * one verdict per literal: these tests hold the split (one literal, one finding, also with
 * config/no-hardcoded-secret when it is registered), the wording (no secret in a message) and
 * the fixes (they parse, remove the finding, and are idempotent).
 */
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkText, ruleById, REPO } from '../support/engine';
import { RULES } from '../../server/src/rules/index';
import { applyEdits } from '../../server/src/engine/edits';
import { detectLanguage } from '../../server/src/parsing/languages';
import { loadGrammar, parse } from '../../server/src/parsing/tree-sitter';
import type { Finding } from '../../server/src/engine/types';
import { endpointLiterals, ENDPOINT_LANGUAGES } from '../../server/src/analysis/endpoint-literals';
import { defineRule } from '../../server/src/engine/rule';

const URL_RULE = 'config/no-hardcoded-url';
const HOST_RULE = 'backing-services/no-fixed-host';
const SECRET_RULE = 'config/no-hardcoded-secret';
const rules = RULES.filter((r) => r.id === URL_RULE || r.id === HOST_RULE || r.id === SECRET_RULE);

async function findings(name: string, text: string): Promise<Finding[]> {
  const r = await checkText(name, text, { rules });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings;
}

/** Rule ids reported on each line (0-based), in order. */
async function byLine(name: string, text: string): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const f of await findings(name, text)) out.set(f.range.start.line, [...(out.get(f.range.start.line) ?? []), f.ruleId]);
  return out;
}

test('module specifiers are never endpoints, however much they look like hosts or services', async () => {
  const lines = [
    "import redis from 'redis';",
    "import { Pool } from 'pg';",
    "export * from './db';",
    "export { cache } from 'memcached';",
    "const mongo = require('mongodb');",
    "const broker = require('kafka-node');",
    "const sql = await import('mysql2');",
    "const client = redis.createClient({ url: process.env.REDIS_URL ?? 'redis://localhost:6379' });",
    "const pool = new Pool({ host: 'db.prod.internal' });",
  ];
  const got = await byLine('app.ts', lines.join('\n') + '\n');
  for (let i = 0; i < 8; i++) assert.deepEqual(got.get(i) ?? [], [], lines[i]);
  // The same file's real fixed host is still reported.
  assert.deepEqual(got.get(8), [HOST_RULE], lines[8]);
});

describe('one literal, one finding', () => {
  const cases: [string, string | undefined, string][] = [
    // [code line, expected rule (undefined: none)]
    ["const a = 'postgres://app:Str0ngPassw0rd1@localhost:5432/app';", URL_RULE, 'a password on localhost is still a leaked password: Factor III'],
    ["const b = 'postgres://postgres:postgres@localhost:5432/app';", HOST_RULE, 'a well-known dev default on localhost: Factor IV'],
    ["const c = 'postgres://db.prod.internal:5432/app';", URL_RULE, 'remote connection URL'],
    ["const d = 'postgres://app@db:5432/app';", HOST_RULE, 'compose name'],
    ["const e = redis.createClient({ host: 'localhost', port: 6379 });", HOST_RULE, 'client built from host constants'],
    ["const f = new Pool({ host: 'shop.c9akciq32xyz.us-east-1.rds.amazonaws.com' });", URL_RULE, 'cloud resource'],
    ["const g = 'mongodb+srv://shop:Xk29fjQp7s@cluster0.ab1cd.mongodb.net/shop';", URL_RULE, 'credentials + cloud'],
    ["const h = process.env.DATABASE_URL || 'postgres://localhost/app';", undefined, 'env default'],
    ["const i = process.env.DATABASE_URL || 'postgres://app:Str0ngPassw0rd1@db.prod.internal/app';", URL_RULE, 'a real password as env default'],
  ];
  for (const [code, expected, why] of cases) {
    test(why, async () => {
      const lines = await byLine('app.js', `const redis = require('redis');\nconst { Pool } = require('pg');\n${code}\n`);
      const got = lines.get(2) ?? [];
      assert.deepEqual(got.filter((id) => id !== SECRET_RULE || !expected), expected ? [expected] : [], code);
      assert.ok(got.length <= 1, `one finding for ${code}, got ${got.join(', ')}`);
    });
  }

  test('the split holds over every fixture of both rules', async () => {
    const dirs = [path.join(REPO, 'test/fixtures/rules/config/no-hardcoded-url'), path.join(REPO, 'test/fixtures/rules/backing-services/no-fixed-host')];
    for (const dir of dirs) {
      for (const name of fs.readdirSync(dir)) {
        if (name.includes('.fixed.') || name.startsWith('_')) continue;
        const text = fs.readFileSync(path.join(dir, name), 'utf8');
        for (const [line, ids] of await byLine(name, text)) assert.ok(ids.length <= 1, `${name}:${line + 1} reported by ${ids.join(' and ')}`);
      }
    }
  });
});

describe('messages', () => {
  test('never repeat the password, and name the environment variable', async () => {
    const fs1 = await findings('settings.py', 'CELERY_BROKER = "amqps://shop:Hq84mXr2vLq@rabbit.prod.internal:5671/shop"\n');
    const f = fs1.find((x) => x.ruleId === URL_RULE);
    assert.ok(f);
    assert.equal(f.messageId, 'credentialsInUrl');
    assert.ok(!f.message.includes('Hq84mXr2vLq'));
    assert.match(f.message, /CELERY_BROKER/);
    assert.match(f.message, /Factor III/);
  });
  test('Factor IV names the host and the service', async () => {
    const [f] = await findings('app.rb', 'REDIS = Redis.new(host: "cache.internal", port: 6379)\n');
    assert.equal(f.ruleId, HOST_RULE);
    assert.equal(f.messageId, 'clientHost');
    assert.match(f.message, /cache\.internal/);
    assert.match(f.message, /Redis/);
    assert.match(f.message, /REDIS_URL/);
  });
});

describe('fixes', () => {
  const fixtureFiles = (id: string) => {
    const dir = path.join(REPO, 'test/fixtures/rules', id);
    return fs.readdirSync(dir).filter((n) => !n.includes('.fixed.') && !n.startsWith('_')).map((n) => ({ name: n, text: fs.readFileSync(path.join(dir, n), 'utf8') }));
  };
  for (const id of [URL_RULE, HOST_RULE]) {
    test(`${id}: every fix parses, removes its finding and is idempotent`, async () => {
      const rule = ruleById(id);
      for (const { name, text } of fixtureFiles(id)) {
        const detected = detectLanguage(name)!;
        await loadGrammar(detected.grammar!);
        const before = (await checkText(name, text, { rules: [rule] })).findings;
        for (const f of before) {
          for (const fix of f.fixes) {
            const fixed = applyEdits(text, fix.edits);
            const tree = parse(detected.grammar!, fixed)!;
            assert.ok(!tree.rootNode.hasError, `${name}: "${fix.title}" leaves a syntax error`);
            tree.delete();
            const after = (await checkText(name, fixed, { rules: [rule] })).findings;
            assert.equal(after.length, before.length - 1, `${name}:${f.range.start.line + 1}: "${fix.title}" must remove exactly its finding`);
            const again = after.filter((g) => g.range.start.line === f.range.start.line);
            assert.deepEqual(again, [], `${name}:${f.range.start.line + 1}: fixed twice`);
          }
          const safe = f.fixes.filter((x) => x.safety === 'safe');
          if (f.messageId === 'credentialsInUrl') assert.deepEqual(safe, [], 'a password never stays in the code as a default');
        }
      }
    });
  }
});

test('the text scan finds every endpoint literal the whole-tree query finds', async () => {
  // Two probe rules report every endpoint literal with its verdict, one from the scan and one
  // from a query over every string of the tree; on the fixtures of every rule, the evaluation
  // corpus and the examples, in every language, they must agree.
  const probe = (how: 'scan' | 'query') => defineRule({
    id: `backing-services/probe-${how}`,
    meta: { description: 'probe', defaultSeverity: 'warning', languages: ENDPOINT_LANGUAGES, fix: 'none', messages: { m: '{{v}}' }, docs: { why: 'x.' } },
    check(ctx) {
      for (const l of endpointLiterals(ctx, how)) ctx.report({ node: l.node, messageId: 'm', data: { v: `${l.verdict.reason} ${l.name ?? ''} ${l.host ?? ''} ${l.client?.callee ?? ''}` } });
    },
  });
  const scan = probe('scan');
  const query = probe('query');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (detectLanguage(p)?.grammar && ENDPOINT_LANGUAGES.includes(detectLanguage(p)!.language)) files.push(p);
    }
  };
  for (const d of ['test/fixtures/rules', 'eval/corpus', 'examples']) walk(path.join(REPO, d));
  let reported = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.relative(REPO, file);
    const a = await checkText(name, text, { rules: [scan], settings: { includeTests: true, timeBudgetMs: 0 } });
    const b = await checkText(name, text, { rules: [query], settings: { includeTests: true, timeBudgetMs: 0 } });
    const show = (fs: Finding[]) => fs.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.message}`);
    assert.deepEqual(show(a.findings), show(b.findings), name);
    reported += a.findings.length;
  }
  assert.ok(files.length > 300 && reported > 200, `${files.length} files, ${reported} literals`);
});
