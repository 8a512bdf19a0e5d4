/**
 * Procfile rules beyond the fixtures: the `procfile.target` setting, the shell model they
 * share, common stacks checked by every rule at once, suppressions, and fixes that converge.
 */
import { describe, test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkText, ruleById } from '../support/engine';
import { RULES } from '../../server/src/rules/index';
import { DEFAULT_SETTINGS, type ProcfileTarget } from '../../server/src/engine/settings';
import { prepare } from '../../server/src/engine/run';
import { loadedGrammar } from '../../server/src/parsing/tree-sitter';
import { invocation, shellCommand } from '../../server/src/parsing/procfile-command';
import { applyEdits } from '../../server/src/engine/edits';
import { pickSafeFixes } from '../../server/src/cli/run-check';
import { loadFixtures } from '../support/fixtures';
import type { Finding } from '../../server/src/engine/types';

const PROCFILE_RULES = RULES.filter((r) => r.meta.languages.includes('procfile'));

async function findings(text: string, o: { rule?: string; target?: ProcfileTarget; name?: string; files?: Record<string, string> } = {}): Promise<Finding[]> {
  const r = await checkText(o.name ?? 'Procfile', text, {
    rules: o.rule ? [ruleById(o.rule)] : PROCFILE_RULES,
    settings: { procfile: { target: o.target ?? DEFAULT_SETTINGS.procfile.target } },
    files: o.files,
  });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings;
}

const ids = (fs: Finding[]) => fs.map((f) => `${f.range.start.line + 1}:${f.messageId}`);

describe('the engine loads the bash grammar for Procfiles', () => {
  test('prepare(undefined, "procfile") loads bash', async () => {
    await prepare(undefined, 'procfile');
    assert.ok(loadedGrammar('bash'));
  });
});

describe('shell model', () => {
  before(async () => { await prepare(undefined, 'procfile'); });

  test('top-level steps, operators and backgrounds', () => {
    const m = shellCommand('a && b; c & d | e')!;
    assert.deepEqual(m.steps.map((s) => [m.text.slice(s.start, s.end), s.after?.op]), [['a', '&&'], ['b', ';'], ['c', '&'], ['d | e', undefined]]);
    assert.equal(m.backgrounds.length, 1);
    assert.equal(m.backgrounds[0].trailing, false);
    assert.equal(m.backgrounds[0].step, m.steps[2]);
    assert.equal(shellCommand('puma &')!.backgrounds[0].trailing, true);
    assert.equal(shellCommand('puma & # comment')!.backgrounds[0].trailing, true);
    assert.equal(shellCommand('a && b &> log 2>&1 >&2')!.backgrounds.length, 0);
  });

  test('redirects, variables, assignments and nested sh -c scripts', () => {
    const m = shellCommand(`PORT=1 env X=2 bundle exec puma -b "tcp://0.0.0.0:$PORT" \${WEB:-2} > log/a.log 2>&1`)!;
    const cmd = m.commands[0];
    assert.deepEqual(cmd.redirects.map((r) => [r.op, r.fd, r.target?.value]), [['>', undefined, 'log/a.log'], ['>&', '2', '1']]);
    assert.deepEqual(m.variables.map((v) => [v.name, v.hasDefault, v.braced]), [['PORT', false, false], ['WEB', true, true]]);
    assert.ok(m.assigned.has('PORT'));
    const inv = invocation(cmd)!;
    assert.equal(inv.program, 'puma');
    assert.deepEqual(inv.envAssignments.map((a) => [a.name, a.value]), [['PORT', '1'], ['X', '2']]);
    const nested = shellCommand(`sh -c 'puma & sidekiq -d'`)!;
    assert.deepEqual(nested.commands.map((c) => [nested.text.slice(c.start, c.end), c.nested]), [[`sh -c 'puma & sidekiq -d'`, false], ['puma', true], ['sidekiq -d', true]]);
    assert.equal(nested.text.slice(nested.backgrounds[0].start, nested.backgrounds[0].end), '&');
    const wrapped = shellCommand(`exec env X=1 bash -lc "puma -p 3000 &"`)!;
    assert.equal(wrapped.backgrounds.length, 1);
    assert.equal(wrapped.text.slice(wrapped.backgrounds[0].start, wrapped.backgrounds[0].end), '&');
    assert.equal(shellCommand(`sh -c "puma \\& x"`)!.backgrounds.length, 0, 'scripts with escapes are not read');
    assert.ok(shellCommand('for F in a b; do echo $F; done')!.assigned.has('F'));
  });

  test('wrappers are looked through', () => {
    for (const [text, program] of [['bundle exec rails s', 'rails'], ['npx prisma migrate deploy', 'prisma'], ['python -m uvicorn main:app', 'uvicorn'],
      ['exec nohup celery worker', 'celery'], ['poetry run gunicorn app:app', 'gunicorn'], ['env -i A=1 node x.js', 'node'], ['./bin/rails server', 'rails']]) {
      assert.equal(invocation(shellCommand(text)!.commands[0])?.program, program, text);
    }
  });
});

describe('procfile.target', () => {
  test('process names: heroku accepts `_` and upper case, CNB rewrites them', async () => {
    const text = 'web: a\nworker_1: b\nUrgent: c\n-edge: d\n';
    assert.deepEqual(ids(await findings(text, { rule: 'concurrency/procfile-process-name' })), []);
    const cnb = await findings(text, { rule: 'concurrency/procfile-process-name', target: 'cnb' });
    assert.deepEqual(ids(cnb), ['2:underscore', '3:upperCase', '4:edgeDash']);
    assert.equal(cnb[0].fixes[0].edits[0].newText, 'worker-1');
  });

  test('process names: dokku and CNB limit names to 63 characters', async () => {
    const text = `${'a'.repeat(64)}: x\n${'b'.repeat(63)}: y\n`;
    for (const target of ['heroku', 'foreman', 'honcho', 'overmind'] as const) {
      assert.deepEqual(ids(await findings(text, { rule: 'concurrency/procfile-process-name', target })), [], target);
    }
    for (const target of ['dokku', 'cnb'] as const) {
      assert.deepEqual(ids(await findings(text, { rule: 'concurrency/procfile-process-name', target })), ['1:tooLong'], target);
    }
  });

  test('syntax: `name:cmd` only for overmind; dokku trims lines and reads `//` comments', async () => {
    const text = 'web:puma\n  worker: sidekiq\n// note\n';
    assert.deepEqual(ids(await findings(text, { rule: 'concurrency/procfile-syntax' })), ['2:leadingWhitespace', '3:slashComment']);
    assert.deepEqual(ids(await findings(text, { rule: 'concurrency/procfile-syntax', target: 'overmind' })), ['1:noSpaceAfterColon', '2:leadingWhitespace', '3:slashComment']);
    assert.deepEqual(ids(await findings(text, { rule: 'concurrency/procfile-syntax', target: 'dokku' })), []);
  });

  test('duplicates: CNB folds case and `_`', async () => {
    const text = 'mail_worker: a\nmail-worker: b\n';
    assert.deepEqual(ids(await findings(text, { rule: 'concurrency/procfile-duplicate-process' })), []);
    assert.deepEqual(ids(await findings(text, { rule: 'concurrency/procfile-duplicate-process', target: 'cnb' })), ['2:sameAfterNormalising']);
    const dup = await findings('web: a\nweb: a\n', { rule: 'concurrency/procfile-duplicate-process', target: 'dokku' });
    assert.match(dup[0].message, /dokku rejects/);
    assert.equal(dup[0].fixes[0].safety, 'safe', 'removing an identical duplicate changes nothing');
  });
});

describe('every Procfile rule at once', () => {
  const project = {
    '/project/package.json': JSON.stringify({ scripts: { start: 'node server.js' }, dependencies: { express: '4' } }),
    '/project/Gemfile': "gem 'rails'\ngem 'puma'\n",
    '/project/.env.example': 'DATABASE_URL=\n',
  };
  const STACKS: Record<string, string> = {
    rails: 'web: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq -C config/sidekiq.yml\nrelease: bin/rails db:migrate\n',
    django: 'web: gunicorn mysite.wsgi --log-file -\nworker: celery -A mysite worker --loglevel=info\nbeat: celery -A mysite beat --loglevel=info\nrelease: python manage.py migrate --noinput\n',
    fastapi: 'web: uvicorn main:app --host 0.0.0.0 --port $PORT --workers ${WEB_CONCURRENCY:-2}\nworker: rq worker default\nrelease: alembic upgrade head\n',
    node: 'web: npm start\nworker: node jobs/worker.js\nrelease: npx prisma migrate deploy\n',
    go: 'web: bin/myapp\n',
    java: 'web: java -Dserver.port=$PORT $JAVA_OPTS -jar target/myapp-1.0.0.jar\n',
    php: 'web: heroku-php-apache2 public/\nworker: php artisan queue:work --tries=3\nrelease: php artisan migrate --force\n',
    rails7dev: 'web: bin/rails server -p 3000\ncss: bin/rails tailwindcss:watch\njs: yarn build --watch\n',
  };
  for (const [name, text] of Object.entries(STACKS)) {
    for (const target of ['heroku', 'cnb', 'dokku', 'foreman', 'honcho', 'overmind'] as const) {
      test(`${name} is clean (${target})`, async () => {
        const file = name === 'rails7dev' ? 'Procfile.dev' : 'Procfile';
        assert.deepEqual(ids(await findings(text, { target, files: project, name: file })), []);
        assert.deepEqual(ids(await findings(text.replace(/\n/g, '\r\n'), { target, files: project, name: file })), [], 'with CRLF');
      });
    }
  }

  test('a Procfile with one of everything', async () => {
    const text = [
      'web: bundle exec rake db:migrate && bundle exec rails server -p 3000 >> log/web.log 2>&1',
      'worker: npm install && nohup node worker.js &',
      'worker: celery -A tasks worker -c $CELERY_CONCURRENCY',
      'sidekiq.default: bundle exec sidekiq',
      '',
    ].join('\n');
    const got = (await findings(text, { files: project })).map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
    for (const expected of [
      '1:admin-processes/procfile-migration-in-web', '1:port-binding/procfile-fixed-port', '1:logs/procfile-log-file',
      '2:build-release-run/procfile-build-step', '2:concurrency/procfile-background-process',
      '3:concurrency/procfile-duplicate-process', '3:config/procfile-undeclared-variable', '4:concurrency/procfile-process-name',
    ]) assert.ok(got.includes(expected), `${expected} in ${got.join(', ')}`);
  });

  test('suppression comments work in Procfiles', async () => {
    const text = '# twelve-factor-disable-next-line port-binding/procfile-fixed-port -- the router expects 3000 here\nweb: rails server -p 3000\n';
    assert.deepEqual(await findings(text, { rule: 'port-binding/procfile-fixed-port' }), []);
    assert.equal((await findings('web: rails server -p 3000 # twelve-factor-disable-line\n', { rule: 'port-binding/procfile-fixed-port' })).length, 1,
      'a trailing shell comment is part of the command, not a Procfile comment');
  });

  test('an undeclared variable fix adds it to .env.example', async () => {
    const [f] = await findings('worker: bin/work -c $SIDEKIQ_THREADS\n', { rule: 'config/procfile-undeclared-variable', files: project });
    const change = f.fixes[0].files?.[0];
    assert.equal(change?.path, '/project/.env.example');
    assert.equal(applyEdits(project['/project/.env.example'], change?.edits ?? []), 'DATABASE_URL=\nSIDEKIQ_THREADS=\n');
    assert.deepEqual(await findings('worker: bin/work\n', { rule: 'config/procfile-undeclared-variable' }), [], 'no env file, nothing to compare with');
  });
});

describe('fixes converge', () => {
  for (const fx of loadFixtures().filter((f) => f.fixed !== undefined && /procfile|^Procfile/.test(f.name))) {
    test(`${fx.ruleId}: ${fx.name}`, async () => {
      // Apply the preferred fixes round after round: each round must remove findings, and
      // once no fix applies the text stays the same (applying it again changes nothing).
      let text = fx.text;
      let before = Infinity;
      for (let round = 0; round < 30; round++) {
        const r = await checkText(fx.name, text, { rules: [ruleById(fx.ruleId)], files: fx.projectFiles });
        const fixable = r.findings.filter((f) => f.fixes.some((x) => x.edits.length));
        assert.ok(r.findings.length < before || fixable.length === 0, `round ${round} did not reduce the findings`);
        before = r.findings.length;
        if (!fixable.length) return;
        const preferred = fixable.map((f) => ({ ...f, fixes: [{ ...(f.fixes.find((x) => x.preferred) ?? f.fixes[0]), safety: 'safe' as const }] }));
        text = applyEdits(text, pickSafeFixes(text, preferred).fixes.flatMap((f) => f.edits));
      }
      assert.fail('fixes did not converge in 30 rounds');
    });
  }
});
