/**
 * build-release-run/no-runtime-install is incremental although some of its findings depend on
 * other statements: a bare `exec(...)` or zx `$` counts only in a file naming a spawning
 * library, a promisified alias spawns where it is called, `compiler.run()` builds when
 * `compiler = webpack(...)` is elsewhere, Python's `run(...)` spawns after `from subprocess
 * import run`. Its facts hold those; and a spawn whose arguments outgrow a statement (a long
 * package list) or a mode test around the region makes the check a whole one. Re-checking only
 * what changed must give exactly what a full check gives when edits add, remove or break them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import '../support/engine';
import { EditSession, editsMatchFullChecks, repeated } from '../support/incremental';
import { RULES } from '../../server/src/rules/index';

const rule = RULES.find((r) => r.id === 'build-release-run/no-runtime-install')!;
const rules = [rule];


/**
 * Options longer than a statement the engine re-checks whole (2,048 characters), before the
 * subcommand: an edit among them (a word that is not an option, a name) changes the finding on
 * the program, outside the region the engine re-checks.
 */
const options = (quote: string) => repeated(130, (i) => `${quote}--option-${i}${quote}, `);

/** Per file: a text whose findings depend on other statements, and the pieces edits insert. */
const CASES: { name: string; text: string; pieces: string[] }[] = [
  {
    name: 'server.js',
    text: "const { exec, execSync, spawn } = require('child_process');\nconst util = require('util');\nconst run = util.promisify(exec);\n"
      + "const webpack = require('webpack');\nconst compiler = webpack(config);\n"
      + repeated(10, (i) => `function helper${i}(x) {\n  return x * ${i + 2};\n}\n`)
      + "execSync('npm install');\nexec('npm run build', () => {});\nrun('yarn install');\ncompiler.run(() => {});\nwebpack(config).run(() => {});\n$`npm ci`;\n"
      + "if (process.env.NODE_ENV === 'production') {\n  execSync('npm ci');\n}\n"
      + `spawn('npm', [${options("'")}'install', 'last']);\n`
      + repeated(6, (i) => `export const limit${i} = ${i};\n`),
    pieces: [
      "\nconst { exec } = require('child_process');\n", '\n// child_process\n', 'child_process', 'execa', 'zx', "'bun'", 'shelljs',
      '\nconst run = util.promisify(exec);\n', '\nconst go = promisify(execFile);\n', 'promisify', '\nconst compiler = webpack(config);\n',
      "\nimport 'webpack';\n", "\nconst esbuild = require('esbuild');\n", 'webpack', "'esbuild'", '\nesbuild.build({});\n',
      "\nrun('npm install');\n", "\ngo('pnpm', ['add', 'x']);\n", "\nexec('npm install');\n", '\n$`npm install`;\n', '\nx.$`yarn`;\n',
      '\ncompiler.run(() => {});\n', "\nif (process.env.NODE_ENV !== 'production') {\n", '}\n', "'install', ", "'list', ", '(', ')', '\n', ' ', 'x',
    ],
  },
  {
    name: 'build.ts',
    text: "import { execSync } from 'node:child_process';\nimport * as esbuild from 'esbuild';\n"
      + repeated(10, (i) => `export function helper${i}(x: number): number {\n  return x * ${i + 2};\n}\n`)
      + "execSync('npm run build');\nawait esbuild.build({ bundle: true });\nexecSync(`yarn ${'install'}`);\n",
    pieces: ["\nimport { exec } from 'child_process';\n", "\nimport * as esbuild from 'esbuild';\n", "'esbuild'", 'esbuild', '\nexec(\'npm ci\');\n',
      '\nawait esbuild.build({});\n', 'child_process', '\n', ' ', '}', '{'],
  },
  {
    name: 'app.py',
    text: 'import os\nimport sys\nimport subprocess as proc\nfrom subprocess import run, check_call\n\n'
      + repeated(10, (i) => `def helper_${i}(x):\n    return x * ${i + 2}\n\n`)
      + 'proc.run(["pip", "install", "x"])\nrun("pip install y", shell=True)\ncheck_call([sys.executable, "-m", "pip", "install", "z"])\n'
      + 'call_command("collectstatic")\n'
      + 'if os.environ.get("ENV") == "production":\n    os.system("pip install q")\n'
      + `subprocess.check_call(["pip", ${options('"')}"install", "last"])\n`
      + repeated(5, (i) => `LIMIT_${i} = ${i}\n`),
    pieces: [
      '\nimport subprocess as sp\n', '\nimport subprocess as proc\n', '\nfrom subprocess import run\n', '\nfrom subprocess import Popen, call\n',
      '\nimport subprocess\n', 'subprocess', ' as ', 'sp', '\nrun("npm install")\n', '\ncall(["pip", "install", "a"])\n', '\nproc.call("pip install b")\n',
      '\nif os.environ.get("ENV") != "production":\n', '    ', '"install", ', '"list", ', '\n', ' ', '#', ':',
    ],
  },
  {
    name: 'main.go',
    text: 'package main\n\nimport "os/exec"\n\n'
      + repeated(8, (i) => `func helper${i}(x int) int {\n\treturn x * ${i + 2}\n}\n\n`)
      + 'func setup() {\n\texec.Command("go", "get", "github.com/lib/pq").Run()\n}\n',
    pieces: ['//go:build ignore\n', '\nfunc more() {\n\texec.Command("go", "mod", "download").Run()\n}\n', '"get", ', '\n', ' ', '}'],
  },
];

test('no-runtime-install re-checked incrementally finds what a full check finds', async () => {
  EditSession.partialRuns = 0;
  const findings = await editsMatchFullChecks(CASES, { rules, seed: 5150, numRuns: 80, atStart: true });
  assert.ok(findings >= 10, `the texts have findings (${findings})`);
  assert.ok(EditSession.partialRuns > 100, `the partial path ran (${EditSession.partialRuns} times)`);
});
