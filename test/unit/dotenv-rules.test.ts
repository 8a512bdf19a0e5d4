/**
 * The `.env` rules and `config/env-undeclared` beyond the fixtures: what an annotation
 * cannot point at (blank lines, files without a template, nested .gitignore files), the
 * helpers of analysis/env-files.ts, the template generator, and a property: over generated
 * files, no message, fix title or fix edit of any rule holds a value.
 */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as dotenv from 'dotenv';
import { checkText, ruleById } from '../support/engine';
import { RULES } from '../../server/src/rules/index';
import { applyEdits } from '../../server/src/engine/edits';
import { parseDotenv } from '../../server/src/parsing/dotenv';
import type { Finding } from '../../server/src/engine/types';
import {
  envFileOfTemplate, gitIgnoreVerdict, isLocalEnvFile, isProvidedVariable, isTemplateEnvFile, scanEnvText, templateCandidates,
} from '../../server/src/analysis/env-files';
import { memoryProject } from '../../server/src/engine/project';
import { templateTextOf } from '../../server/src/handlers/env-features';

const DOTENV_RULES = RULES.filter((r) => r.meta.languages.includes('dotenv'));

async function run(name: string, text: string, rule: string, files: Record<string, string> = {}): Promise<Finding[]> {
  const r = ruleById(rule);
  const settings = r.meta.defaultSeverity === 'off' ? { rules: { [rule]: 'warning' as const } } : undefined;
  const result = await checkText(name, text, { rules: [r], files, settings });
  assert.deepEqual(result.ruleErrors, []);
  return result.findings;
}

const at = (fs: Finding[]) => fs.map((f) => `${f.range.start.line}:${f.messageId}`);

function fixAll(text: string, findings: Finding[]): string {
  const edits = findings.flatMap((f) => (f.fixes.find((x) => x.preferred) ?? f.fixes[0])?.edits ?? []);
  return applyEdits(text, edits);
}

describe('config/dotenv-style: blank lines and line ends', () => {
  test('blank lines at the end are reported on the first of them and removed', async () => {
    const text = 'A=1\nB=2\n\n\n';
    const f = await run('x.env', text, 'config/dotenv-style');
    assert.deepEqual(at(f), ['2:blankLinesAtEnd']);
    assert.equal(fixAll(text, f), 'A=1\nB=2\n');
  });

  test('one final line break is fine; none is reported, with the file\'s own line break', async () => {
    assert.deepEqual(await run('x.env', 'A=1\r\nB=2\r\n', 'config/dotenv-style'), []);
    const text = 'A=1\r\nB=2';
    const f = await run('x.env', text, 'config/dotenv-style');
    assert.deepEqual(at(f), ['1:missingFinalNewline']);
    assert.equal(fixAll(text, f), 'A=1\r\nB=2\r\n');
  });

  test('a run of blank lines keeps one; whitespace-only lines count as blank and are not trailing blanks', async () => {
    const text = 'A=1\n\n  \n\t\nB=2\n';
    const f = await run('x.env', text, 'config/dotenv-style');
    assert.deepEqual(at(f), ['4:extraBlankLine']);
    assert.equal(fixAll(text, f), 'A=1\n\nB=2\n');
  });

  test('blanks at the end of a line inside a multi-line value belong to the value', async () => {
    assert.deepEqual(await run('x.env', 'KEY="line one  \nline two"\n', 'config/dotenv-style'), []);
  });

  test('an empty file and a file of comments are fine', async () => {
    assert.deepEqual(await run('x.env', '', 'config/dotenv-style'), []);
    assert.deepEqual(await run('x.env', '# only a comment\n', 'config/dotenv-style'), []);
  });
});

describe('config/dotenv-duplicate-key', () => {
  test('every earlier occurrence is reported; removing them keeps what dotenv loads', async () => {
    const text = 'A=1\nB=2\nA=3\nA="4"\n';
    const f = await run('x.env', text, 'config/dotenv-duplicate-key');
    assert.deepEqual(at(f), ['0:overridden', '2:overridden']);
    const fixed = fixAll(text, f);
    assert.deepEqual(dotenv.parse(fixed), dotenv.parse(text));
    assert.equal(fixed, 'B=2\nA="4"\n');
  });
});

describe('config/dotenv-syntax', () => {
  test('a byte order mark and CRLF line ends change nothing', async () => {
    assert.deepEqual(await run('x.env', '\uFEFFA=1\r\nB="two words"\r\n', 'config/dotenv-syntax'), []);
  });

  test('each fix leaves a line dotenv reads', async () => {
    const text = 'DEBUG\nLOG_LEVEL : info\nGREETING="hi\n';
    const fixed = fixAll(text, await run('x.env', text, 'config/dotenv-syntax'));
    assert.deepEqual(dotenv.parse(fixed), { DEBUG: '', LOG_LEVEL: 'info', GREETING: 'hi' });
  });
});

describe('config/dotenv-not-ignored', () => {
  const secret = 'STRIPE_SECRET_KEY=sk_live_51PVISvOemk2yci9TCRvMKRcyxULtcZ3\n';
  test('ignored by a .gitignore in a parent folder, or by .git/info/exclude', async () => {
    assert.deepEqual(await run('api/.env', 'A=1\n', 'config/dotenv-not-ignored', { '/project/.gitignore': '.env\n' }), []);
    assert.deepEqual(await run('.env', 'A=1\n', 'config/dotenv-not-ignored', { '/project/.git/HEAD': 'ref: x', '/project/.git/info/exclude': '.env\n' }), []);
  });

  test('a deeper .gitignore that un-ignores wins; the fix then goes to it', async () => {
    const f = await run('api/.env', 'A=1\n', 'config/dotenv-not-ignored', { '/project/.gitignore': '.env\n', '/project/api/.gitignore': '!.env\n' });
    assert.deepEqual(at(f), ['0:notIgnored']);
    assert.equal(f[0].fixes[0].files?.[0].path, '/project/api/.gitignore');
  });

  test('without a .gitignore, the fix creates one at the project root', async () => {
    const f = await run('.env.local', 'A=1\n', 'config/dotenv-not-ignored');
    assert.deepEqual(f[0].fixes[0].files, [{ path: '/project/.gitignore', create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.env*.local\n' }] }]);
  });

  test('a .gitignore above the project root counts when the repository starts there', () => {
    const v = gitIgnoreVerdict(memoryProject('/repo/project', { '/repo/.git/HEAD': 'ref: x', '/repo/.gitignore': '.env\n' }), '/repo/project/.env');
    assert.equal(v.ignored, true);
    assert.equal(v.top, '/repo');
  });

  test('mode files are reported only when they hold a secret; templates and .flaskenv never', async () => {
    assert.deepEqual(await run('.env.production', 'LOG_LEVEL=info\n', 'config/dotenv-not-ignored'), []);
    assert.deepEqual(at(await run('.env.production', secret, 'config/dotenv-not-ignored')), ['0:secretsNotIgnored']);
    assert.deepEqual(await run('.env.example', secret, 'config/dotenv-not-ignored'), []);
    assert.deepEqual(await run('.flaskenv', 'FLASK_APP=app\n', 'config/dotenv-not-ignored'), []);
  });
});

describe('config/env-undeclared', () => {
  const code = 'const key = process.env.STRIPE_SECRET_KEY;\n';
  test('nothing without an env template', async () => {
    assert.deepEqual(await run('app.js', code, 'config/env-undeclared', { '/project/.env': 'A=1\n' }), []);
  });

  test('the template of the package root, else of the project root; the fix appends to it', async () => {
    const files = { '/project/.env.example': 'A=\n', '/project/api/package.json': '{}' };
    const f = await run('api/src/app.js', code, 'config/env-undeclared', files);
    assert.deepEqual(at(f), ['0:undeclared']);
    assert.equal(f[0].fixes[0].files?.[0].path, '/project/.env.example');
    assert.equal(f[0].fixes[0].files?.[0].edits[0].newText, 'STRIPE_SECRET_KEY=\n');
    const own = await run('api/src/app.js', code, 'config/env-undeclared', { ...files, '/project/api/.env.sample': 'B=' });
    assert.equal(own[0].fixes[0].files?.[0].edits[0].newText, '\nSTRIPE_SECRET_KEY=\n');
    assert.equal(own[0].fixes[0].files?.[0].path, '/project/api/.env.sample');
  });

  test('declared in a per-mode file or in a file named by twelveFactor.dotenv.files', async () => {
    const files = { '/project/.env.example': 'A=\n', '/project/.env.production': 'STRIPE_SECRET_KEY=x\n' };
    assert.deepEqual(await run('app.js', code, 'config/env-undeclared', files), []);
    const r = await checkText('app.js', code, {
      rules: [ruleById('config/env-undeclared')],
      files: { '/project/.env.example': 'A=\n', '/project/config/app.env': 'STRIPE_SECRET_KEY=x\n' },
      settings: { dotenv: { files: ['config/app.env'] } },
    });
    assert.deepEqual(r.findings, []);
  });
});

describe('analysis/env-files', () => {
  test('templates and their env files', () => {
    for (const t of ['.env.example', '.env.sample', '.env.template', '.env.dist', 'example.env', 'prod.example.env', 'prod-sample.env']) assert.ok(isTemplateEnvFile(`/p/${t}`), t);
    for (const t of ['.env', '.env.local', '.env.production', 'prod.env', 'examples.env']) assert.ok(!isTemplateEnvFile(`/p/${t}`), t);
    assert.equal(envFileOfTemplate('/p/.env.example'), '/p/.env');
    assert.equal(envFileOfTemplate('/p/example.env'), '/p/.env');
    assert.equal(envFileOfTemplate('/p/prod.example.env'), '/p/prod.env');
    assert.deepEqual(templateCandidates('/p/prod.env').slice(0, 2), ['/p/prod.example.env', '/p/prod.sample.env']);
    assert.deepEqual(templateCandidates('/p/.env.local'), ['/p/.env.example', '/p/.env.sample', '/p/.env.template']);
    assert.ok(isLocalEnvFile('/p/.env') && isLocalEnvFile('/p/.env.local') && isLocalEnvFile('/p/.env.development.local'));
    assert.ok(!isLocalEnvFile('/p/.env.production'));
  });

  test('declarations are what dotenv loads, duplicates included', () => {
    const text = 'A=1\nexport B="x"\nbare\nC: y\nA=2\n';
    const decls = scanEnvText(text, '/p/.env');
    assert.deepEqual(decls.map((d) => `${d.name}@${d.line}`), ['A@0', 'B@1', 'C@3', 'A@4']);
    const last: Record<string, string> = {};
    for (const d of decls) last[d.name] = d.value;
    assert.deepEqual(last, dotenv.parse(text));
  });

  test('provided variables', () => {
    for (const n of ['PORT', 'NODE_ENV', 'HOME', 'DYNO', 'npm_package_version', 'GITHUB_SHA', 'CI', 'K_SERVICE']) assert.ok(isProvidedVariable(n), n);
    for (const n of ['GITHUB_TOKEN', 'DATABASE_URL', 'HEROKU_API_KEY', 'STRIPE_SECRET_KEY']) assert.ok(!isProvidedVariable(n), n);
  });
});

describe('templateTextOf (generateEnvExample)', () => {
  const gen = (text: string) => templateTextOf({ text, doc: parseDotenv(text) });
  test('keys and comments, no values; commented-out values and secret-looking comments dropped', () => {
    const text = [
      '# Shop', '# DB_PASSWORD=old-value', '# token: ghp_CkOuEiHKrrM98VWC2tq9iuBR631Aubhn4nQB', 'DB_PASSWORD=s3cret!', '',
      '', 'export PORT=3000 # the web port', 'A=abc#not-a-comment-elsewhere', 'PORT=4000', 'GREETING="multi', 'line"', 'bare line', '',
    ].join('\r\n');
    assert.equal(gen(text), ['# Shop', '# DB_PASSWORD=', '# token:', 'DB_PASSWORD=', '', 'export PORT= # the web port', 'A=', 'GREETING=', ''].join('\r\n'));
    assert.equal(gen('# see https://example.com/docs\n# rotated ghp_CkOuEiHKrrM98VWC2tq9iuBR631Aubhn4nQB last week\nA=1\n'), '# see https://example.com/docs\nA=\n');
  });
  test('an empty file gives an empty template', () => {
    assert.equal(gen(''), '');
    assert.equal(gen('\n\n'), '');
  });
});

describe('no finding of a .env rule shows a value (generated files)', () => {
  const value = fc.tuple(
    fc.constantFrom('', 'Vq', 'Vx ', 'V#', 'V$', 'V{', "V'", 'V"'),
    fc.string({ unit: fc.constantFrom('a', 'Z', '7', '_', '-', '.', '/', ':', '@', '#', ' ', '$', '{', '}', '"', "'", '`', '\\', '='), minLength: 6, maxLength: 14 }),
  ).map(([a, b]) => `Vv${a}${b}`);
  const key = fc.constantFrom('A', 'DB_URL', 'api_key', 'SECRET_TOKEN', 'my-key', '1X', 'PORT', 'export');
  const line = fc.tuple(key, fc.constantFrom('=', ' = ', ': ', '= '), fc.constantFrom('', '"', "'", '`'), value, fc.constantFrom('', ' # c', '#c', '  '))
    .map(([k, d, q, v, c]) => ({ text: `${k}${d}${q}${v}${q}${c}`, value: v }));
  const file = fc.array(fc.oneof(line, fc.constantFrom({ text: '', value: '' }, { text: '# comment', value: '' })), { minLength: 1, maxLength: 8 });

  test('messages, fix titles and edits never hold a value', async () => {
    await fc.assert(fc.asyncProperty(file, fc.constantFrom('.env', '.env.example', 'prod.env'), async (lines, name) => {
      const text = lines.map((l) => l.text).join('\n');
      const values = new Set<string>();
      // What could leak: every value as written and as dotenv reads it (length >= 6).
      for (const l of lines) if (l.value.length >= 6) values.add(l.value);
      for (const v of Object.values(dotenv.parse(text))) if (v.length >= 6) values.add(v);
      const result = await checkText(name, text, { rules: DOTENV_RULES, files: { '/project/.env': text, '/project/.env.example': 'A=\n' }, settings: { rules: { 'config/dotenv-unordered-keys': 'info' } } });
      assert.deepEqual(result.ruleErrors, []);
      for (const f of result.findings) {
        const shown = [f.message, ...f.fixes.map((x) => x.title), ...f.fixes.flatMap((x) => [...x.edits, ...(x.files ?? []).flatMap((c) => c.edits)].map((e) => e.newText))];
        for (const s of shown) for (const v of values) assert.ok(!s.includes(v), `${f.ruleId}/${f.messageId} shows a value: ${JSON.stringify(s)}`);
      }
    }), { numRuns: 300, seed: 4242 });
  });
});
