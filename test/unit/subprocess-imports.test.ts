/**
 * A Python call's spawn reading asks whether the file imports `subprocess` under the call's
 * object name, or imports the called name from it. The file's imports are read once per text
 * (`importsSubprocessAs`, `importsFromSubprocess`); each call used to search the whole text
 * with a pattern of its own. The answers must be the patterns' answers on any text.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { importsFromSubprocess, importsSubprocessAs } from '../../server/src/analysis/subprocess';
import { checkText } from '../support/engine';

/** The patterns each call built before. */
const aliasPattern = (text: string, obj: string) => new RegExp(`import\\s+subprocess\\s+as\\s+${obj.replace(/\W/g, '')}\\b`).test(text);
const fromPattern = (text: string, name: string) => new RegExp(`from\\s+subprocess\\s+import\\s[^\\n]*\\b${name}\\b`).test(text);

const pieces = fc.constantFrom(
  'import', 'from', 'subprocess', 'as', 'sp', 'sub', 'sub_x', 'run', 'Popen', 'check_call', 'call', 'mock', 'import subprocess as ',
  'from subprocess import ', ' ', '  ', '\n', '\t', ',', '(', ')', '.', 'x', 'é', '#', 're',
);
const texts = fc.array(pieces, { maxLength: 24 }).map((p) => p.join(''));

test('the alias answer is the per-call pattern\'s, on any text and object', () => {
  fc.assert(fc.property(texts, fc.constantFrom('sp', 'sub', 'sub_x', 'mock', 'x', 'self.sp', '$', 'a.b', 'run', 'as'), (text, obj) => {
    assert.equal(importsSubprocessAs(text, obj), aliasPattern(text, obj), JSON.stringify({ text, obj }));
  }), { numRuns: 3000 });
});

test('the from-import answer is the per-call pattern\'s, on any text and name', () => {
  fc.assert(fc.property(texts, fc.constantFrom('run', 'Popen', 'call', 'check_call', 'x', 'sp', 'as'), (text, name) => {
    assert.equal(importsFromSubprocess(text, name), fromPattern(text, name), JSON.stringify({ text, name }));
  }), { numRuns: 3000 });
});

test('texts checked one after another each get their own imports', () => {
  const a = 'import subprocess as sh\n';
  const b = 'from subprocess import run\n';
  assert.equal(importsSubprocessAs(a, 'sh'), true);
  assert.equal(importsSubprocessAs(b, 'sh'), false);
  assert.equal(importsFromSubprocess(b, 'run'), true);
  assert.equal(importsFromSubprocess(a, 'run'), false);
  assert.equal(importsSubprocessAs(a, 'sh'), true);
});

test('an aliased subprocess call is still read as a spawn, in a file full of other calls', async () => {
  const calls = Array.from({ length: 300 }, (_, i) => `    mock.call(${i})`).join('\n');
  const text = `import subprocess as sh\n\ndef convert(src):\n${calls}\n    sh.run(["pdftotext", src, "-"], check=True)\n`;
  const result = await checkText('convert.py', text);
  const tool = result.findings.filter((f) => f.ruleId === 'dependencies/no-undeclared-system-tool');
  assert.equal(tool.length, 1);
  assert.equal(tool[0].range.start.line, text.split('\n').findIndex((l) => l.includes('sh.run')));
  assert.match(tool[0].message, /pdftotext/);
  const unaliased = text.replace('import subprocess as sh', 'import shutil as sh');
  const none = await checkText('convert.py', unaliased);
  assert.equal(none.findings.filter((f) => f.ruleId === 'dependencies/no-undeclared-system-tool').length, 0);
});
