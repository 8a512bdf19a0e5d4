/**
 * `dependencies/no-undeclared-system-tool` re-checked incrementally must find what a full
 * check finds, on texts where a spawn's reading depends on another statement: a bare
 * `exec(...)` that spawns only where the file requires child_process, a promisified alias
 * defined in one statement and called in another, Python's `from subprocess import run` and
 * `import subprocess as sp`; and imports of wrapper libraries. The edits add, change and remove
 * those statements.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import '../support/engine';
import { EditSession, editsMatchFullChecks } from '../support/incremental';
import { RULES } from '../../server/src/rules/index';

const rule = RULES.find((r) => r.id === 'dependencies/no-undeclared-system-tool')!;
const rules = [rule];

const filler = (n: number, js: boolean) => Array.from({ length: n }, (_, i) => (js ? `function f${i}() {\n  return ${i};\n}\n` : `def f${i}():\n    return ${i}\n\n`)).join('');

const CASES: { name: string; text: string; pieces: string[] }[] = [
  {
    name: 'app.js',
    text: "const { exec } = require('child_process');\nimport ffmpeg from 'fluent-ffmpeg';\nconst util = require('util');\nconst run = util.promisify(require('child_process').exec);\n" + filler(6, true) +
      "exec('ffmpeg -i a.mp4 b.mp3');\nrun('convert a.png b.jpg');\n" + filler(6, true) + "$`pdftotext a.pdf -`;\nexec(`git status`);\n",
    pieces: ["\nconst { exec } = require('child_process');\n", "\nconst sh = util.promisify(require('child_process').execFile);\n", "\nsh('convert', ['a', 'b']);\n",
      "\nrun('ffmpeg -i x y');\n", "\nexec('curl http://x');\n", 'child_process', 'execa', "'zx'", 'promisify', 'run', 'exec', 'sh', "\nimport ffmpeg from 'fluent-ffmpeg';\n", "\nconst pdf = require('pdf-image');\n"],
  },
  {
    name: 'app.py',
    text: 'import subprocess as sp\nimport pytesseract\nfrom subprocess import run, check_output\n' + filler(6, false) +
      'run(["pdftotext", path, "-"])\nsp.run(["ffmpeg", "-i", src])\ncheck_output("convert a b", shell=True)\n' + filler(6, false) + 'x = proc.call(["git", "pull"])\n',
    pieces: ['\nimport subprocess as proc\n', '\nfrom subprocess import call\n', '\nfrom subprocess import (\n    run,\n)\n', '\ncall(["wget", url])\n',
      '\nproc.run(["curl", url])\n', 'subprocess', ' as ', 'import', 'from', 'run', 'proc', '#', '\nimport pytesseract\n', '\nfrom pdf2image import convert_from_path\n'],
  },
];

test('no-undeclared-system-tool: incremental re-checks equal full checks when the facts move', async () => {
  EditSession.partialRuns = 0;
  await editsMatchFullChecks(CASES, { rules, seed: 777, numRuns: 150, maxEdits: 6, typed: ['', ' ', 'x', '\n', '(', ')', '"'] });
  assert.ok(EditSession.partialRuns > 50, `the partial path ran (${EditSession.partialRuns} times)`);
});
