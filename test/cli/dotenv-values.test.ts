/**
 * The built dist/cli.js on a project whose env files hold planted values: every output
 * format reports the .env findings, and none contains a value.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../support/engine';

const CLI = path.join(REPO, 'dist', 'cli.js');

const PLANTED = [
  'Qz8vTk2Lm9Xw', // a password inside a URL
  'sk_live_51PzQ8vRkT2mX9wLc4Hn7Jb3Yd6Fg1Ks',
  'vT4zR1wYb6NcJ3q9f8Kq2LmX',
  'verbosePlantedLevel',
  'Zebra Crossing Emporium',
  'lowerPlantedToken77',
  'firstPlantedValue',
  'hashPlanted#tail',
  'ghp_R8tKq2Lm9Xw4Zb7Nc3Vd6Fj1Hs5Gp0Ya2Ek',
];

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cli-dotenv-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"shop"}');
  fs.writeFileSync(path.join(dir, '.env'), [
    `DATABASE_URL=postgres://shop:${PLANTED[0]}@localhost/shop`,
    `STRIPE_SECRET_KEY=${PLANTED[1]}`,
    `SESSION_SECRET = ${PLANTED[2]}`,
    `LOG_LEVEL=${PLANTED[6]}`,
    `LOG_LEVEL=${PLANTED[3]}`,
    `APP_TITLE=${PLANTED[4]}`,
    `api_token="${PLANTED[5]}"`,
    `SMTP_PASSWORD=${PLANTED[7]}`,
    `GREETING="unclosed ${PLANTED[4]}`,
  ].join('\n'));
  fs.writeFileSync(path.join(dir, '.env.example'), `DATABASE_URL=\nGITHUB_TOKEN=${PLANTED[8]}\n`);
  fs.writeFileSync(path.join(dir, 'server.js'), 'const key = process.env.STRIPE_SECRET_KEY;\nconst mailer = process.env.MAILER_URL;\nmodule.exports = { key, mailer };\n');
  return dir;
}

for (const format of ['text', 'json', 'sarif']) {
  test(`check --format ${format}: .env findings, no values`, () => {
    const dir = project();
    const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', format], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const out = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 1, `errors are found (the secret in .env.example)\n${out}`);
    for (const id of ['config/dotenv-duplicate-key', 'config/dotenv-not-ignored', 'config/dotenv-example-secret', 'config/dotenv-syntax', 'config/dotenv-style', 'config/env-undeclared']) {
      assert.ok(out.includes(id), `${id} reported\n${out}`);
    }
    for (const value of PLANTED) assert.ok(!out.includes(value), `the value ${value.slice(0, 4)}… appears in the ${format} output`);
    // Not even a fragment of a secret (the part of a value before a `#`, a token prefix).
    assert.ok(!out.includes('hashPlanted') && !out.includes('sk_live'));
  });
}
