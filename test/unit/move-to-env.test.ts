/**
 * The shared "Move to environment variable" fixes (server/src/fixes/move-to-env.ts): the edit
 * to the checked file, imports added once, `.env` / `.env.example` / `.gitignore` changes,
 * name derivation and clash avoidance, dotenv quoting, and that every fixed file still parses.
 * Tokens are built here from random-looking parts, never real ones.
 */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Node } from '@vscode/tree-sitter-wasm';
import { check } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { defineRule, type RuleContext } from '../../server/src/engine/rule';
import { memoryProject } from '../../server/src/engine/project';
import { applyEdits } from '../../server/src/engine/edits';
import type { Finding, Fix } from '../../server/src/engine/types';
import { detectLanguage, type LanguageId } from '../../server/src/parsing/languages';
import { loadGrammar, parse } from '../../server/src/parsing/tree-sitter';
import { parseDotenv, toRecord } from '../../server/src/parsing/dotenv';
import { isEnvDefault, isStringLiteral, stringValue } from '../../server/src/analysis/syntax';
import {
  dotenvLine, dropEnvDefaultFix, envFilesFor, formatDotenvValue, isGenericEnvName, moveToEnvFix, qualifiedEnvName,
  readWithDefaultFix,
} from '../../server/src/fixes/move-to-env';
import { ruleById, REPO } from '../support/engine';
import { FIXTURES } from '../support/fixtures';

// --- fake values -------------------------------------------------------------------------

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Deterministic pseudo-random text (a fixed seed keeps the tests stable). */
function noise(n: number, seed: number, alphabet = ALNUM): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[x % alphabet.length];
  }
  return out;
}
const STRIPE = 'sk_live_' + noise(28, 7);
const GITHUB = 'ghp_' + noise(36, 11);
const GENERIC = noise(10, 3) + '!' + noise(9, 5);

// --- a test rule that offers the builders on marked literals --------------------------------

type Builder = 'move' | 'default' | 'drop';
interface Marked { builder: Builder; name?: string; fallbackName?: string; prefix?: string; value?: string }

/** Reports every string literal whose value contains the marker with the fix of the chosen builder. */
function makeRule(marker: string, o: Marked) {
  return defineRule({
    id: 'config/test-move-to-env',
    meta: {
      description: 'test rule for the move-to-env builders', defaultSeverity: 'warning',
      languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'], fix: 'suggestion',
      messages: { m: 'marked literal' }, docs: { why: 'Only for tests of the shared fix builders.', bad: {}, good: {} },
    },
    queries: {
      javascript: '[(string) (template_string)] @s', python: '(string) @s', go: '(interpreted_string_literal) @s',
      ruby: '(string) @s', java: '(string_literal) @s', php: '[(string) (encapsed_string)] @s',
    },
    check(context: RuleContext) {
      for (const m of context.matches()) {
        const node = m.captures[0].node;
        const v = stringValue(node, context.language);
        if (v === undefined || !v.includes(marker)) continue;
        const opts = { node, name: o.name, fallbackName: o.fallbackName, prefix: o.prefix, value: o.value, preferred: true };
        const fix = o.builder === 'move' ? moveToEnvFix(context, opts) : o.builder === 'default' ? readWithDefaultFix(context, opts) : dropEnvDefaultFix(context, opts);
        context.report({ node, messageId: 'm', fixes: fix ? [fix] : [] });
      }
    },
  });
}

async function run(file: string, text: string, files: Record<string, string>, marker: string, o: Marked, root = '/project'): Promise<Finding[]> {
  const detected = detectLanguage(file)!;
  const r = await check({
    path: file, relativePath: path.posix.relative(root, file), text, language: detected.language, grammar: detected.grammar,
    settings: DEFAULT_SETTINGS, project: memoryProject(root, files), rules: [makeRule(marker, o)],
  });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings;
}

async function fixOf(file: string, text: string, files: Record<string, string>, marker: string, o: Marked, root = '/project'): Promise<Fix | undefined> {
  const findings = await run(file, text, files, marker, o, root);
  assert.ok(findings.length > 0, `no marked literal in ${file}`);
  return findings[0].fixes[0];
}

/** Applies a fix to the file and to the in-memory project files (creating files only when allowed). */
function apply(text: string, files: Record<string, string>, fix: Fix): { text: string; files: Record<string, string> } {
  const out = { ...files };
  for (const c of fix.files ?? []) {
    const current = out[c.path];
    if (current === undefined) assert.ok(c.create, `${c.path} is missing and the fix may not create it`);
    out[c.path] = applyEdits(current ?? '', c.edits);
  }
  return { text: applyEdits(text, fix.edits), files: out };
}

async function assertParses(file: string, text: string): Promise<void> {
  const d = detectLanguage(file)!;
  await loadGrammar(d.grammar!);
  const tree = parse(d.grammar!, text)!;
  assert.equal(tree.rootNode.hasError, false, `${file} no longer parses:\n${text}`);
}

// ---------------------------------------------------------------------------------------

describe('moveToEnvFix: the checked file', () => {
  const cases: { file: string; text: string; expect: string }[] = [
    { file: '/project/app.js', text: `const stripeSecretKey = '${STRIPE}';\n`, expect: 'const stripeSecretKey = process.env.STRIPE_SECRET_KEY;\n' },
    { file: '/project/app.ts', text: `export const cfg = { jwtSecret: '${GENERIC}' };\n`, expect: 'export const cfg = { jwtSecret: process.env.JWT_SECRET! };\n' },
    { file: '/project/App.tsx', text: `export const A = () => <Widget apiKey="${GENERIC}" />;\n`, expect: 'export const A = () => <Widget apiKey={process.env.API_KEY!} />;\n' },
    { file: '/project/settings.py', text: `import os\n\nAPI_TOKEN = "${GENERIC}"\n`, expect: 'import os\n\nAPI_TOKEN = os.environ["API_TOKEN"]\n' },
    { file: '/project/keys.py', text: `import os as _os\nHMAC_KEY = b"${GENERIC}"\n`, expect: 'import os as _os\nHMAC_KEY = _os.environ["HMAC_KEY"].encode()\n' },
    { file: '/project/main.go', text: `package main\n\nimport "os"\n\nvar dbPassword = "${GENERIC}"\n\nfunc main() { _ = os.Args }\n`, expect: 'package main\n\nimport "os"\n\nvar dbPassword = os.Getenv("DB_PASSWORD")\n\nfunc main() { _ = os.Args }\n' },
    { file: '/project/keys.go', text: `package keys\n\nimport "os"\n\nconst apiKey = "${GENERIC}"\n\nvar _ = os.Args\n`, expect: 'package keys\n\nimport "os"\n\nvar apiKey = os.Getenv("API_KEY")\n\nvar _ = os.Args\n' },
    { file: '/project/stripe.rb', text: `Stripe.api_key = "${STRIPE}"\n`, expect: 'Stripe.api_key = ENV.fetch("STRIPE_API_KEY")\n' },
    { file: '/project/Keys.java', text: `class Keys {\n  static final String API_SECRET = "${GENERIC}";\n}\n`, expect: 'class Keys {\n  static final String API_SECRET = System.getenv("API_SECRET");\n}\n' },
    { file: '/project/keys.php', text: `<?php\ndefine('API_SECRET', '${GENERIC}');\n`, expect: "<?php\ndefine('API_SECRET', getenv('API_SECRET'));\n" },
    { file: '/project/config/services.php', text: `<?php\nreturn ['stripe' => ['key' => env('STRIPE_KEY'), 'secret' => '${STRIPE}']];\n`, expect: "<?php\nreturn ['stripe' => ['key' => env('STRIPE_KEY'), 'secret' => env('STRIPE_SECRET')]];\n" },
  ];
  for (const c of cases) {
    test(path.basename(c.file), async () => {
      const marker = c.text.includes(STRIPE) ? STRIPE : GENERIC;
      const fix = await fixOf(c.file, c.text, {}, marker, { builder: 'move' });
      assert.ok(fix, 'a fix');
      assert.equal(fix.safety, 'suggestion');
      assert.equal(fix.preferred, true);
      assert.match(fix.title, /^Move to environment variable [A-Z_]+$/);
      const after = applyEdits(c.text, fix.edits);
      assert.equal(after, c.expect);
      await assertParses(c.file, after);
    });
  }

  test('Python: import os is added once, after the docstring and sorted among the imports', async () => {
    const text = `"""Billing settings."""\nimport json\nimport sys\n\nfrom flask import Flask\n\nAPI_TOKEN = "${GENERIC}"\nDB_PASSWORD = "${GENERIC}x"\n`;
    const fix = (await fixOf('/project/settings.py', text, {}, GENERIC, { builder: 'move' }))!;
    const first = applyEdits(text, fix.edits);
    assert.equal(first, `"""Billing settings."""\nimport json\nimport os\nimport sys\n\nfrom flask import Flask\n\nAPI_TOKEN = os.environ["API_TOKEN"]\nDB_PASSWORD = "${GENERIC}x"\n`);
    const again = (await fixOf('/project/settings.py', first, {}, GENERIC, { builder: 'move' }))!;
    const second = applyEdits(first, again.edits);
    assert.equal(second.match(/^import os$/gm)?.length, 1, 'import os only once');
    assert.match(second, /DB_PASSWORD = os\.environ\["DB_PASSWORD"\]/);
    await assertParses('/project/settings.py', second);
  });

  test('Python: no imports yet -> after the docstring; `from os import environ` is used as is', async () => {
    const a = `"""Doc."""\n\nSECRET = "${GENERIC}"\n`;
    const fa = (await fixOf('/project/a.py', a, {}, GENERIC, { builder: 'move' }))!;
    assert.equal(applyEdits(a, fa.edits), `"""Doc."""\nimport os\n\nSECRET = os.environ["SECRET"]\n`);
    const b = `from os import environ\n\nSECRET = "${GENERIC}"\n`;
    const fb = (await fixOf('/project/b.py', b, {}, GENERIC, { builder: 'move' }))!;
    assert.equal(applyEdits(b, fb.edits), 'from os import environ\n\nSECRET = environ["SECRET"]\n');
  });

  test('Python: django-environ and python-decouple idioms, only where the helper exists', async () => {
    const text = `import environ\n\nEARLY_SECRET = "${GENERIC}"\nenv = environ.Env()\nLATE_SECRET = "${GENERIC}!"\n`;
    const early = (await fixOf('/project/s.py', text, {}, `${GENERIC}`, { builder: 'move' }))!;
    const afterEarly = applyEdits(text, early.edits);
    assert.match(afterEarly, /EARLY_SECRET = os\.environ\["EARLY_SECRET"\]/);
    assert.match(afterEarly, /^import os$/m);
    const late = (await run('/project/s.py', text, {}, GENERIC, { builder: 'move' }))[1].fixes[0];
    assert.match(applyEdits(text, late.edits), /LATE_SECRET = env\("LATE_SECRET"\)/);
    const dec = `from decouple import config\n\nSECRET_KEY = "${GENERIC}"\n`;
    const fd = (await fixOf('/project/d.py', dec, {}, GENERIC, { builder: 'move' }))!;
    assert.equal(applyEdits(dec, fd.edits), 'from decouple import config\n\nSECRET_KEY = config("SECRET_KEY")\n');
  });

  test('Go: "os" joins the standard-library group, a single import becomes a block, or a new import follows the package clause', async () => {
    const block = `package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\n\t"github.com/redis/go-redis/v9"\n)\n\nvar token = "${GENERIC}"\n\nfunc main() { fmt.Println(http.StatusOK, redis.Nil, token) }\n`;
    const f1 = (await fixOf('/project/main.go', block, {}, GENERIC, { builder: 'move' }))!;
    const out1 = applyEdits(block, f1.edits);
    assert.match(out1, /import \(\n\t"fmt"\n\t"net\/http"\n\t"os"\n\n\t"github.com\/redis\/go-redis\/v9"\n\)/);
    await assertParses('/project/main.go', out1);
    const again = (await fixOf('/project/main.go', out1.replace('os.Getenv("TOKEN")', `"${GENERIC}"`), {}, GENERIC, { builder: 'move' }))!;
    assert.equal(again.edits.length, 1, 'no second "os" import');

    const single = `package main\n\nimport "fmt"\n\nvar apiSecret = "${GENERIC}"\n\nfunc main() { fmt.Println(apiSecret) }\n`;
    const f2 = (await fixOf('/project/main.go', single, {}, GENERIC, { builder: 'move' }))!;
    const out2 = applyEdits(single, f2.edits);
    assert.match(out2, /import \(\n\t"fmt"\n\t"os"\n\)/);
    await assertParses('/project/main.go', out2);

    const none = `package keys\n\nvar apiSecret = "${GENERIC}"\n`;
    const f3 = (await fixOf('/project/keys.go', none, {}, GENERIC, { builder: 'move' }))!;
    assert.equal(applyEdits(none, f3.edits), 'package keys\n\nimport "os"\n\nvar apiSecret = os.Getenv("API_SECRET")\n');
  });

  test('no fix where a run-time read cannot stand', async () => {
    const cases: [string, string][] = [
      ['/project/c.go', `package c\n\nconst (\n\tapiSecret = "${GENERIC}"\n\tother = "x"\n)\n`],
      ['/project/C.java', `class C {\n  @Secret("${GENERIC}")\n  String f;\n}\n`],
      ['/project/c.php', `<?php\nclass C {\n  const API_SECRET = '${GENERIC}';\n  private $apiSecret = '${GENERIC}';\n}\n`],
      ['/project/c.ts', `enum Keys { Secret = '${GENERIC}' }\n`],
      ['/project/c.py', `"""${GENERIC}"""\n`],
    ];
    for (const [file, text] of cases) {
      const findings = await run(file, text, {}, GENERIC, { builder: 'move' });
      assert.ok(findings.length > 0, file);
      for (const f of findings) assert.deepEqual(f.fixes, [], `${file}: no fix`);
    }
  });

  test('a scheme prefix stays in the code, only the token moves', async () => {
    const cases: [string, string, RegExp][] = [
      ['/project/h.js', `fetch(url, { headers: { Authorization: 'Bearer ${GITHUB}' } });\n`, /Authorization: `Bearer \$\{process\.env\.GITHUB_TOKEN\}`/],
      ['/project/h.py', `requests.get(url, headers={"Authorization": "Bearer ${GITHUB}"})\n`, /"Authorization": "Bearer " \+ os\.environ\["GITHUB_TOKEN"\]/],
      ['/project/h.go', `package h\n\nimport "os"\n\nvar auth = "Bearer ${GITHUB}"\nvar _ = os.Args\n`, /var auth = "Bearer " \+ os\.Getenv\("GITHUB_TOKEN"\)/],
      ['/project/h.rb', `HEADERS = { "Authorization" => "Bearer ${GITHUB}" }\n`, /"Bearer #\{ENV\.fetch\("GITHUB_TOKEN"\)\}"/],
      ['/project/H.java', `class H { String a = "Bearer ${GITHUB}"; }\n`, /String a = "Bearer " \+ System\.getenv\("GITHUB_TOKEN"\)/],
      ['/project/h.php', `<?php\n$h = ['Authorization' => 'Bearer ${GITHUB}'];\n`, /'Authorization' => 'Bearer ' \. getenv\('GITHUB_TOKEN'\)/],
      ['/project/p.py', `AUTH = "Bearer ${GITHUB}".strip()\n`, /AUTH = \("Bearer " \+ os\.environ\["GITHUB_TOKEN"\]\)\.strip\(\)/],
      ['/project/P.java', `class P { int n = "Bearer ${GITHUB}".length(); }\n`, /int n = \("Bearer " \+ System\.getenv\("GITHUB_TOKEN"\)\)\.length\(\)/],
    ];
    for (const [file, text, re] of cases) {
      const fix = (await fixOf(file, text, {}, GITHUB, { builder: 'move', name: 'GITHUB_TOKEN', prefix: 'Bearer ', value: GITHUB }))!;
      const out = applyEdits(text, fix.edits);
      assert.match(out, re, file);
      await assertParses(file, out);
      const env = fix.files!.find((c) => c.path.endsWith('/.env'))!;
      assert.equal(env.edits[0].newText, `GITHUB_TOKEN=${GITHUB}\n`);
    }
  });
});

describe('moveToEnvFix: .env, .env.example and .gitignore', () => {
  const text = `const stripeSecretKey = '${STRIPE}';\n`;
  const file = '/project/src/server.js';

  test('creates .env, .env.example and .gitignore at the package root when missing', async () => {
    const files = { '/project/package.json': '{}' };
    const fix = (await fixOf(file, text, files, STRIPE, { builder: 'move' }))!;
    const byPath = Object.fromEntries(fix.files!.map((c) => [c.path, c]));
    assert.deepEqual(Object.keys(byPath).sort(), ['/project/.env', '/project/.env.example', '/project/.gitignore']);
    for (const c of fix.files!) assert.equal(c.create, true, `${c.path} created`);
    const after = apply(text, files, fix);
    assert.equal(after.files['/project/.env'], `STRIPE_SECRET_KEY=${STRIPE}\n`);
    assert.equal(after.files['/project/.env.example'], 'STRIPE_SECRET_KEY=\n');
    assert.equal(after.files['/project/.gitignore'], '.env\n');
  });

  test('appends to existing files, adding the missing final newline, never overwriting', async () => {
    const files = {
      '/project/package.json': '{}',
      '/project/.env': 'PORT=3000',
      '/project/.env.example': 'PORT=\r\nDATABASE_URL=\r\n',
      '/project/.gitignore': 'node_modules/\n',
    };
    const fix = (await fixOf(file, text, files, STRIPE, { builder: 'move' }))!;
    for (const c of fix.files!) assert.ok(!c.create, `${c.path} exists: no create`);
    const after = apply(text, files, fix);
    assert.equal(after.files['/project/.env'], `PORT=3000\nSTRIPE_SECRET_KEY=${STRIPE}\n`);
    assert.equal(after.files['/project/.env.example'], 'PORT=\r\nDATABASE_URL=\r\nSTRIPE_SECRET_KEY=\r\n', 'keeps CRLF');
    assert.equal(after.files['/project/.gitignore'], 'node_modules/\n.env\n');
  });

  test('idempotent: the same value already in .env under the name is not appended again', async () => {
    const files = { '/project/.env': `STRIPE_SECRET_KEY=${STRIPE}\n`, '/project/.env.example': 'STRIPE_SECRET_KEY=\n', '/project/.gitignore': '.env\n' };
    const fix = (await fixOf(file, text, files, STRIPE, { builder: 'move' }))!;
    assert.equal(fix.title, 'Move to environment variable STRIPE_SECRET_KEY');
    assert.deepEqual(fix.files, []);
    assert.equal(applyEdits(text, fix.edits), 'const stripeSecretKey = process.env.STRIPE_SECRET_KEY;\n');
  });

  test('reuses another variable that already holds the value', async () => {
    const files = { '/project/.env': `STRIPE_KEY="${STRIPE}"\n` };
    const fix = (await fixOf(file, text, files, STRIPE, { builder: 'move' }))!;
    assert.equal(applyEdits(text, fix.edits), 'const stripeSecretKey = process.env.STRIPE_KEY;\n');
    assert.ok(!fix.files!.some((c) => c.path === '/project/.env'), '.env untouched');
  });

  test('a name declared in .env with a different value gets a suffix', async () => {
    const files = { '/project/.env': 'STRIPE_SECRET_KEY=sk_test_other\nSTRIPE_SECRET_KEY_2=another\n' };
    const fix = (await fixOf(file, text, files, STRIPE, { builder: 'move' }))!;
    assert.equal(applyEdits(text, fix.edits), 'const stripeSecretKey = process.env.STRIPE_SECRET_KEY_3;\n');
    const after = apply(text, files, fix);
    assert.equal(toRecord(parseDotenv(after.files['/project/.env'])).STRIPE_SECRET_KEY_3, STRIPE);
    assert.equal(after.files['/project/.env.example'], 'STRIPE_SECRET_KEY_3=\n');
  });

  test('.env.example gets NAME= once; an existing .env.sample is used instead', async () => {
    const declared = { '/project/.env.example': '# template\nexport STRIPE_SECRET_KEY=\n' };
    const f1 = (await fixOf(file, text, declared, STRIPE, { builder: 'move' }))!;
    assert.ok(!f1.files!.some((c) => c.path.endsWith('.env.example')), 'already declared');
    const sample = { '/project/.env.sample': 'PORT=\n' };
    const f2 = (await fixOf(file, text, sample, STRIPE, { builder: 'move' }))!;
    const t = f2.files!.find((c) => c.path.includes('.env.'))!;
    assert.equal(t.path, '/project/.env.sample');
    assert.equal(apply(text, sample, f2).files['/project/.env.sample'], 'PORT=\nSTRIPE_SECRET_KEY=\n');
  });

  test('.gitignore gains .env only when no pattern ignores it yet', async () => {
    const ignoredBy = ['.env', '.env*', '*.env', '/.env', '**/.env', '.env\n.env.local', '# secrets\n.env # local'];
    for (const pattern of ignoredBy.slice(0, 6)) {
      const fix = (await fixOf(file, text, { '/project/.gitignore': `node_modules\n${pattern}\n` }, STRIPE, { builder: 'move' }))!;
      assert.ok(!fix.files!.some((c) => c.path.endsWith('.gitignore')), `"${pattern}" already ignores .env`);
    }
    const notIgnored = ['.env.local', '.envrc', 'env/', '.env*\n!.env', '.env.*'];
    for (const pattern of notIgnored) {
      const fix = (await fixOf(file, text, { '/project/.gitignore': `${pattern}\n` }, STRIPE, { builder: 'move' }))!;
      const g = fix.files!.find((c) => c.path === '/project/.gitignore');
      assert.ok(g, `"${pattern}" does not ignore .env`);
      assert.equal(g.edits[0].newText, '.env\n');
    }
  });

  test('monorepo: the package root is the nearest folder with a manifest; a root .gitignore counts', async () => {
    const files = {
      '/project/package.json': '{"workspaces":["services/*"]}',
      '/project/services/api/package.json': '{}',
      '/project/.gitignore': '.env\n',
    };
    const fix = (await fixOf('/project/services/api/src/index.js', text, files, STRIPE, { builder: 'move' }))!;
    const paths = fix.files!.map((c) => c.path).sort();
    assert.deepEqual(paths, ['/project/services/api/.env', '/project/services/api/.env.example']);
    const py = { '/project/billing/pyproject.toml': '[project]\nname = "billing"\n' };
    const fpy = (await fixOf('/project/billing/billing/settings.py', `import os\nAPI_SECRET = "${GENERIC}"\n`, py, GENERIC, { builder: 'move' }))!;
    assert.ok(fpy.files!.some((c) => c.path === '/project/billing/.env'));
    assert.ok(fpy.files!.some((c) => c.path === '/project/billing/.gitignore'), 'a new .gitignore next to the new .env');
  });

  test('nothing is written outside the project root', async () => {
    const findings = await run('/elsewhere/app.js', text, {}, STRIPE, { builder: 'move' }, '/project');
    assert.deepEqual(findings[0].fixes, []);
    assert.equal(envFilesFor({ path: '/project/a.js', project: memoryProject('/', {}) }), undefined, 'no root, no files');
  });
});

describe('dotenv quoting', () => {
  const roundTrip: [string, string][] = [
    ['plain', `${STRIPE}`],
    ['url', 'postgres://shop:pw@db.internal:5432/shop?sslmode=require'],
    ['spaces', 'correct horse battery staple'],
    ['hash', 'abc#def'],
    ['dollar', 'pa$$word$HOME'],
    ['double quote', 'say "hi"'],
    ['single quote', "it's-a-secret"],
    ['newline', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----'],
    ['backtick', 'a`b'],
  ];
  for (const [what, value] of roundTrip) {
    test(`${what}: reads back as the same value`, () => {
      const line = dotenvLine('NAME', value);
      assert.ok(!line.slice(0, -1).includes('\n'), 'one line');
      assert.equal(toRecord(parseDotenv(line + '\n')).NAME, value, line);
    });
  }
  test('the chosen quotes', () => {
    assert.equal(formatDotenvValue('abc123'), 'abc123');
    assert.equal(formatDotenvValue('a b'), "'a b'");
    assert.equal(formatDotenvValue('a#b'), "'a#b'");
    assert.equal(formatDotenvValue('a"b'), `'a"b'`);
    assert.equal(formatDotenvValue("a'b"), `"a'b"`);
    assert.equal(formatDotenvValue('a\nb'), '"a\\nb"');
    assert.equal(formatDotenvValue('a\\b'), '"a\\\\b"');
  });
});

describe('names', () => {
  test('qualifiedEnvName', () => {
    assert.equal(qualifiedEnvName('stripeSecretKey'), 'STRIPE_SECRET_KEY');
    assert.equal(qualifiedEnvName('PASSWORD', 'DATABASES.default.PASSWORD'), 'DATABASE_PASSWORD');
    assert.equal(qualifiedEnvName('password', 'module.exports.db.password'), 'DB_PASSWORD');
    assert.equal(qualifiedEnvName('api_key', 'stripe.api_key'), 'STRIPE_API_KEY');
    assert.equal(qualifiedEnvName('password', 'ActionMailer::Base.smtp_settings.password'), 'SMTP_PASSWORD');
    assert.equal(qualifiedEnvName('Password', 'redis.Options.Password'), 'REDIS_PASSWORD');
    assert.equal(qualifiedEnvName('password', 'password', 'psycopg2.connect'), 'DB_PASSWORD');
    assert.equal(qualifiedEnvName('pass', 'auth.pass', 'nodemailer.createTransport'), 'SMTP_PASSWORD');
    assert.equal(qualifiedEnvName('secret_key_base', 'config.secret_key_base'), 'SECRET_KEY_BASE');
    assert.equal(qualifiedEnvName('SECRET_KEY', 'app.config.SECRET_KEY'), 'SECRET_KEY');
    assert.equal(qualifiedEnvName('dbPassword', 'db.dbPassword'), 'DB_PASSWORD');
    assert.equal(qualifiedEnvName('password'), 'PASSWORD');
  });
  test('isGenericEnvName', () => {
    assert.ok(isGenericEnvName('API_KEY'));
    assert.ok(isGenericEnvName('CONNECTION_STRING'));
    assert.ok(!isGenericEnvName('STRIPE_SECRET_KEY'));
  });
  test('names from bindings, in every language', async () => {
    const cases: [string, string, string][] = [
      ['/project/a.js', `module.exports = { mail: { password: '${GENERIC}' } };\n`, 'MAIL_PASSWORD'],
      ['/project/a.py', `import os\nDATABASES = {"default": {"PASSWORD": "${GENERIC}"}}\n`, 'DATABASE_PASSWORD'],
      ['/project/a.py', `import os\nimport redis\nr = redis.Redis(password="${GENERIC}")\n`, 'REDIS_PASSWORD'],
      ['/project/a.go', `package a\n\nimport "os"\n\nvar o = redis.Options{Password: "${GENERIC}"}\nvar _ = os.Args\n`, 'REDIS_PASSWORD'],
      ['/project/a.rb', `CONFIG = { "github" => { api_token: "${GENERIC}" } }\n`, 'GITHUB_API_TOKEN'],
      ['/project/A.java', `class A { private String signingSecret = "${GENERIC}"; }\n`, 'SIGNING_SECRET'],
      ['/project/a.php', `<?php\n$config['mailgun']['secret'] = '${GENERIC}';\n`, 'MAILGUN_SECRET'],
    ];
    for (const [file, text, name] of cases) {
      const fix = (await fixOf(file, text, {}, GENERIC, { builder: 'move' }))!;
      assert.equal(fix.title, `Move to environment variable ${name}`, file);
    }
  });
  test('a fallback name when the literal has no binding', async () => {
    const fix = (await fixOf('/project/a.js', `const stripe = require('stripe')('${STRIPE}');\n`, {}, STRIPE, { builder: 'move', fallbackName: 'STRIPE_SECRET_KEY' }))!;
    assert.equal(fix.title, 'Move to environment variable STRIPE_SECRET_KEY');
  });
});

describe('readWithDefaultFix (non-secret config, keeps the value as default)', () => {
  const cases: { file: string; text: string; expect: RegExp; files?: Record<string, string> }[] = [
    { file: '/project/a.js', text: `const apiBase = 'https://api.internal.shop.io';\n`, expect: /const apiBase = process\.env\.API_BASE \?\? 'https:\/\/api\.internal\.shop\.io';/ },
    { file: '/project/b.js', text: `const u = prefix + 'https://api.internal.shop.io';\n`, expect: /const u = prefix \+ \(process\.env\.SERVICE_URL \?\? 'https:\/\/api\.internal\.shop\.io'\);/ },
    { file: '/project/a.py', text: `API_BASE = "https://api.internal.shop.io"\n`, expect: /^import os\n\nAPI_BASE = os\.environ\.get\("API_BASE", "https:\/\/api\.internal\.shop\.io"\)/ },
    { file: '/project/a.go', text: `package a\n\nvar apiBase = "https://api.internal.shop.io"\n`, expect: /import \(\n\t"cmp"\n\t"os"\n\)\n\nvar apiBase = cmp\.Or\(os\.Getenv\("API_BASE"\), "https:\/\/api\.internal\.shop\.io"\)/ },
    { file: '/project/a.rb', text: `API_BASE = "https://api.internal.shop.io"\n`, expect: /API_BASE = ENV\.fetch\("API_BASE", "https:\/\/api\.internal\.shop\.io"\)/ },
    { file: '/project/A.java', text: `class A { static final String API_BASE = "https://api.internal.shop.io"; }\n`, expect: /System\.getenv\(\)\.getOrDefault\("API_BASE", "https:\/\/api\.internal\.shop\.io"\)/ },
    { file: '/project/a.php', text: `<?php\n$apiBase = 'https://api.internal.shop.io';\n`, expect: /\$apiBase = getenv\('API_BASE'\) \?: 'https:\/\/api\.internal\.shop\.io';/ },
    { file: '/project/b.php', text: `<?php\n$url = $base . 'https://api.internal.shop.io';\n`, expect: /\$url = \$base \. \(getenv\('SERVICE_URL'\) \?: 'https:\/\/api\.internal\.shop\.io'\);/ },
  ];
  for (const c of cases) {
    test(path.basename(c.file), async () => {
      const findings = await run(c.file, c.text, c.files ?? {}, 'internal.shop.io', { builder: 'default', fallbackName: 'SERVICE_URL' });
      const fix = findings[0].fixes[0];
      assert.ok(fix, 'a fix');
      assert.equal(fix.safety, 'safe');
      assert.match(fix.title, /^Read [A-Z_]+ from the environment \(keep the current value as default\)$/);
      assert.equal(fix.files, undefined, 'no env template: no other file');
      const out = applyEdits(c.text, fix.edits);
      assert.match(out, c.expect);
      await assertParses(c.file, out);
      // The value is now the default of an env read: the kind of literal the config rules leave alone.
      const d = detectLanguage(c.file)!;
      const tree = parse(d.grammar!, out)!;
      const lit = findLiteral(tree.rootNode, d.language, 'https://api.internal.shop.io');
      assert.ok(lit && isEnvDefault(lit, d.language), `${c.file}: the literal is an env default now`);
    });
  }
  test('declares NAME= in an existing template only, and never touches .env', async () => {
    const files = { '/project/.env.example': 'PORT=\n', '/project/.env': 'PORT=3000\n' };
    const fix = (await run('/project/a.js', `const apiBase = 'https://api.internal.shop.io';\n`, files, 'internal.shop.io', { builder: 'default' }))[0].fixes[0];
    assert.deepEqual(fix.files!.map((c) => c.path), ['/project/.env.example']);
    assert.equal(apply('', files, { ...fix, edits: [] }).files['/project/.env.example'], 'PORT=\nAPI_BASE=\n');
  });
  test('Go before 1.22 (no cmp.Or): no fix', async () => {
    const findings = await run('/project/a.go', `package a\n\nvar apiBase = "https://api.internal.shop.io"\n`, { '/project/go.mod': 'module shop\n\ngo 1.21\n' }, 'internal.shop.io', { builder: 'default' });
    assert.deepEqual(findings[0].fixes, []);
  });
});

describe('dropEnvDefaultFix (a live token as an env default)', () => {
  const cases: [string, string, string][] = [
    ['/project/a.js', `const t = process.env.GITHUB_TOKEN || '${GITHUB}';\n`, 'const t = process.env.GITHUB_TOKEN;\n'],
    ['/project/a.ts', `const t: string = process.env.GITHUB_TOKEN ?? '${GITHUB}';\n`, 'const t: string = process.env.GITHUB_TOKEN!;\n'],
    ['/project/b.js', `const { GITHUB_TOKEN = '${GITHUB}' } = process.env;\n`, 'const { GITHUB_TOKEN } = process.env;\n'],
    ['/project/a.py', `import os\nT = os.environ.get("GITHUB_TOKEN", "${GITHUB}")\n`, 'import os\nT = os.environ["GITHUB_TOKEN"]\n'],
    ['/project/a.rb', `T = ENV.fetch("GITHUB_TOKEN", "${GITHUB}")\n`, 'T = ENV.fetch("GITHUB_TOKEN")\n'],
    ['/project/a.php', `<?php\n$t = getenv('GITHUB_TOKEN') ?: '${GITHUB}';\n`, "<?php\n$t = getenv('GITHUB_TOKEN');\n"],
    ['/project/A.java', `class A { String t = System.getenv().getOrDefault("GITHUB_TOKEN", "${GITHUB}"); }\n`, 'class A { String t = System.getenv("GITHUB_TOKEN"); }\n'],
  ];
  for (const [file, text, expect] of cases) {
    test(path.basename(file), async () => {
      const fix = (await fixOf(file, text, {}, GITHUB, { builder: 'drop' }))!;
      assert.ok(fix);
      assert.equal(fix.safety, 'suggestion');
      const out = applyEdits(text, fix.edits);
      assert.equal(out, expect);
      await assertParses(file, out);
      assert.equal(apply(text, {}, fix).files['/project/.env'], `GITHUB_TOKEN=${GITHUB}\n`);
    });
  }
  test('.env that already sets the variable is left alone', async () => {
    const fix = (await fixOf('/project/a.js', `const t = process.env.GITHUB_TOKEN || '${GITHUB}';\n`, { '/project/.env': 'GITHUB_TOKEN=ghp_mine\n' }, GITHUB, { builder: 'drop' }))!;
    assert.ok(!fix.files!.some((c) => c.path === '/project/.env'));
  });
});

describe('config/no-hardcoded-secret fixes, end to end', () => {
  const rule = ruleById('config/no-hardcoded-secret');
  const dir = path.join(FIXTURES, 'config', 'no-hardcoded-secret');
  const fixedFiles = fs.readdirSync(dir).filter((n) => /\.fixed\./.test(n));

  test('every golden file parses and has no finding left', async () => {
    assert.ok(fixedFiles.length >= 7, 'a golden per language');
    for (const name of fixedFiles) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const d = detectLanguage(name)!;
      await assertParses(name, text);
      const r = await check({
        path: `/project/${name.replace('.fixed', '')}`, relativePath: name.replace('.fixed', ''), text, language: d.language, grammar: d.grammar,
        settings: DEFAULT_SETTINGS, project: memoryProject('/project', {}), rules: [rule],
      });
      const fixable = r.findings.filter((f) => f.fixes.length > 0);
      assert.deepEqual(fixable.map((f) => f.range.start.line + 1), [], `${name}: findings with fixes remain`);
    }
  });

  test('applying the fix twice changes nothing more, and .env gets the value exactly once', async () => {
    const text = `const cfg = { apiSecret: '${GENERIC}', password: '${GENERIC}z' };\n`;
    let files: Record<string, string> = { '/project/package.json': '{}' };
    let cur = text;
    for (let i = 0; i < 4; i++) {
      const r = await check({ path: '/project/cfg.js', relativePath: 'cfg.js', text: cur, language: 'javascript', grammar: 'javascript', settings: DEFAULT_SETTINGS, project: memoryProject('/project', files), rules: [rule] });
      if (r.findings.length === 0) break;
      const next = apply(cur, files, r.findings[0].fixes[0]);
      cur = next.text;
      files = next.files;
    }
    assert.equal(cur, 'const cfg = { apiSecret: process.env.API_SECRET, password: process.env.PASSWORD };\n');
    assert.equal(files['/project/.env'], `API_SECRET='${GENERIC}'\nPASSWORD='${GENERIC}z'\n`);
    assert.equal(files['/project/.env.example'], 'API_SECRET=\nPASSWORD=\n');
    assert.equal(files['/project/.gitignore'], '.env\n');
    const again = await check({ path: '/project/cfg.js', relativePath: 'cfg.js', text: cur, language: 'javascript', grammar: 'javascript', settings: DEFAULT_SETTINGS, project: memoryProject('/project', files), rules: [rule] });
    assert.deepEqual(again.findings, []);
  });

  test('the repository itself has the fixtures this suite reads', () => {
    assert.ok(fs.existsSync(path.join(REPO, 'test', 'fixtures', 'rules', 'config', 'no-hardcoded-secret')));
  });
});

function findLiteral(n: Node, lang: LanguageId, value: string): Node | undefined {
  if (isStringLiteral(n, lang) && stringValue(n, lang) === value) return n;
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    const hit = c ? findLiteral(c, lang, value) : undefined;
    if (hit) return hit;
  }
  return undefined;
}
