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
import fc from 'fast-check';
import '../support/engine';
import { RULES } from '../../server/src/rules/index';
import { checkDocument, prepare, IncrementalState } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { SyntaxDocument, LineIndex } from '../../server/src/parsing/document';
import type { Finding } from '../../server/src/engine/types';

const rule = RULES.find((r) => r.id === 'dependencies/no-undeclared-system-tool')!;
const rules = [rule];
const show = (fs: Finding[]) => fs.map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`);

const filler = (n: number, js: boolean) => Array.from({ length: n }, (_, i) => (js ? `function f${i}() {\n  return ${i};\n}\n` : `def f${i}():\n    return ${i}\n\n`)).join('');

const CASES: { name: string; grammar: 'javascript' | 'python'; text: string; pieces: string[] }[] = [
  {
    name: 'app.js', grammar: 'javascript',
    text: "const { exec } = require('child_process');\nimport ffmpeg from 'fluent-ffmpeg';\nconst util = require('util');\nconst run = util.promisify(require('child_process').exec);\n" + filler(6, true) +
      "exec('ffmpeg -i a.mp4 b.mp3');\nrun('convert a.png b.jpg');\n" + filler(6, true) + "$`pdftotext a.pdf -`;\nexec(`git status`);\n",
    pieces: ["\nconst { exec } = require('child_process');\n", "\nconst sh = util.promisify(require('child_process').execFile);\n", "\nsh('convert', ['a', 'b']);\n",
      "\nrun('ffmpeg -i x y');\n", "\nexec('curl http://x');\n", 'child_process', 'execa', "'zx'", 'promisify', 'run', 'exec', 'sh', "\nimport ffmpeg from 'fluent-ffmpeg';\n", "\nconst pdf = require('pdf-image');\n"],
  },
  {
    name: 'app.py', grammar: 'python',
    text: 'import subprocess as sp\nimport pytesseract\nfrom subprocess import run, check_output\n' + filler(6, false) +
      'run(["pdftotext", path, "-"])\nsp.run(["ffmpeg", "-i", src])\ncheck_output("convert a b", shell=True)\n' + filler(6, false) + 'x = proc.call(["git", "pull"])\n',
    pieces: ['\nimport subprocess as proc\n', '\nfrom subprocess import call\n', '\nfrom subprocess import (\n    run,\n)\n', '\ncall(["wget", url])\n',
      '\nproc.run(["curl", url])\n', 'subprocess', ' as ', 'import', 'from', 'run', 'proc', '#', '\nimport pytesseract\n', '\nfrom pdf2image import convert_from_path\n'],
  },
];

test('no-undeclared-system-tool: incremental re-checks equal full checks when the facts move', async () => {
  let partialRuns = 0;
  for (const c of CASES) {
    await prepare(c.grammar, c.grammar);
    const edit = fc.record({ at: fc.nat(), del: fc.oneof(fc.nat({ max: 8 }), fc.nat({ max: 120 })), text: fc.constantFrom('', ' ', 'x', '\n', '(', ')', '"', ...c.pieces) });
    await fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
      let text = c.text;
      const doc = new SyntaxDocument(c.grammar, text);
      const state = new IncrementalState();
      const settings = { ...DEFAULT_SETTINGS, includeTests: true, timeBudgetMs: 0 };
      const run = (d: SyntaxDocument | undefined, st?: IncrementalState) => checkDocument({ path: `/p/${c.name}`, relativePath: c.name, text, language: c.grammar, grammar: c.grammar, settings, rules, document: d, incremental: st });
      run(doc, state);
      for (const e of edits) {
        const idx = new LineIndex(text);
        const start = e.at % (text.length + 1);
        const end = Math.min(text.length, start + e.del);
        doc.update([{ range: { start: idx.positionAt(start), end: idx.positionAt(end) }, text: e.text }]);
        text = text.slice(0, start) + e.text + text.slice(end);
        const incremental = run(doc, state);
        if (incremental.partial) partialRuns++;
        assert.deepEqual(show(incremental.findings), show(run(undefined).findings), `${c.name} after ${JSON.stringify(edits)}`);
      }
      doc.dispose();
    }), { seed: 777, numRuns: 150 });
  }
  assert.ok(partialRuns > 50, `the partial path ran (${partialRuns} times)`);
});
