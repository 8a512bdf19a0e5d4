// Runs the TextMate grammar tests (scripts/test-grammars.mjs, which drives
// vscode-tmgrammar-test over test/grammars/**) and shows that the harness fails when it
// should: a wrong positive assertion, a violated '- scope' exclusion, a testcase path that
// matches nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = process.cwd();
const script = path.join(root, 'scripts', 'test-grammars.mjs');

interface Run {
  status: number | null;
  output: string;
}

function runGrammarTests(args: string[]): Run {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

function withTempTestcase(name: string, text: string, body: (file: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'twelve-factor-grammar-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    body(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void test('the dotenv and Procfile grammars pass their caret assertions', () => {
  const run = runGrammarTests([]);
  assert.equal(run.status, 0, run.output);
  assert.match(run.output, /2 grammars and 2 language configurations are valid/);
  assert.match(run.output, /assertion suites: 2 passed, 0 failed/);
  // Every default testcase file ran.
  for (const file of [
    'dotenv/lines.dotenv-test',
    'dotenv/values.dotenv-test',
    'dotenv/interpolation.dotenv-test',
    'procfile/processes.procfile-test',
    'procfile/embedded-shell.procfile-test',
    'procfile-no-shell/fallback.procfile-test',
  ]) {
    assert.ok(run.output.includes(`test/grammars/${file} run successfuly`), `${file} did not run:\n${run.output}`);
  }
});

void test('a correct testcase given on the command line passes', () => {
  const text = ['# SYNTAX TEST "source.dotenv" "right"', 'KEY=value', '# <--- variable.other.key.dotenv', ''].join('\n');
  withTempTestcase('right.dotenv-test', text, (file) => {
    const run = runGrammarTests([file]);
    assert.equal(run.status, 0, run.output);
  });
});

void test('a wrong scope assertion makes the run fail', () => {
  // The key is not a comment.
  const text = ['# SYNTAX TEST "source.dotenv" "deliberately wrong"', 'KEY=value', '# <--- comment.line.number-sign.dotenv', ''].join('\n');
  withTempTestcase('wrong.dotenv-test', text, (file) => {
    const run = runGrammarTests([file]);
    assert.notEqual(run.status, 0, run.output);
    assert.match(run.output, /missing required scopes: comment\.line\.number-sign\.dotenv/);
  });
});

void test('a violated exclusion makes the run fail', () => {
  // $PORT in a Procfile command is a variable, so excluding that scope must fail.
  const text = ['# SYNTAX TEST "source.procfile" "deliberately wrong exclusion"', 'web: ./server --port $PORT', '#                    ^^^^^ - variable.language.port.procfile', ''].join('\n');
  withTempTestcase('wrong.procfile-test', text, (file) => {
    const run = runGrammarTests(['--no-shell', file]);
    assert.notEqual(run.status, 0, run.output);
    assert.match(run.output, /prohibited scopes: variable\.language\.port\.procfile/);
  });
});

void test('a testcase path that matches no file makes the run fail', () => {
  const run = runGrammarTests([path.join(tmpdir(), 'no-such-dir-twelve-factor', '*.dotenv-test')]);
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /no test cases found/);
});
