/**
 * What a server does ahead of need. The warm-up's last document (`primingDocument`) holds
 * every rule's examples of a language (PHP's as PHP code), repeated to 500 lines, and all the
 * rules check it without failing (the warm-up drops a rule's failure silently, so a rule
 * that throws on it would only show here). `preloadRuntime` starts the parser's runtime; when the runtime cannot load
 * it leaves no rejected promise behind, and the first real use still reports the failure.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { exampleOf, primingDocument, primingText } from '../../server/src/handlers/analysis';
import { RULES } from '../../server/src/rules/index';
import { checkDocument, prepare } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { CODE_LANGUAGES, LANGUAGES } from '../../server/src/parsing/languages';
import { setWasmDirectory } from '../../server/src/parsing/tree-sitter';
import type { Rule } from '../../server/src/engine/rule';

setWasmDirectory(path.resolve('node_modules/@vscode/tree-sitter-wasm/wasm'));


for (const lang of CODE_LANGUAGES) {
  const rules = RULES.filter((r) => r.meta.languages.includes(lang));
  const examples = rules.flatMap((r) => [exampleOf(r, 'bad', lang), exampleOf(r, 'good', lang)]).filter((e): e is string => !!e);
  if (examples.length === 0) continue;

  test(`priming text for ${lang}: every rule's examples, as a file of the language holds them`, () => {
    const text = primingText(rules, lang);
    for (const e of examples) assert.ok(text.includes(e), `missing example: ${e.slice(0, 60)}`);
    assert.equal(text.startsWith('<?php\n'), lang === 'php');
  });

  test(`priming document for ${lang}: whole copies of the priming text, at least 500 lines, one file of the language`, () => {
    const text = primingText(rules, lang);
    const doc = primingDocument(rules, lang);
    assert.ok(doc.split('\n').length >= 500, `${doc.split('\n').length} lines`);
    const head = lang === 'php' ? '<?php\n' : '';
    assert.ok(doc.startsWith(text));
    const body = text.slice(head.length);
    const copies = (doc.length - head.length) / body.length;
    assert.ok(Number.isInteger(copies) && copies > 1, String(copies));
    assert.equal(doc, head + body.repeat(copies));
    assert.equal(doc.split('<?php').length - 1, lang === 'php' ? 1 : 0);
  });

  test(`priming text for ${lang}: all its rules check it without failing`, async () => {
    const grammar = lang as Parameters<typeof prepare>[0];
    await prepare(grammar, lang);
    const name = `example${LANGUAGES[lang].extensions[0] ?? ''}`;
    const result = checkDocument({
      path: path.join(path.sep, 'twelve-factor-warm-up', name), relativePath: name, text: primingDocument(rules, lang),
      language: lang, grammar, settings: { ...DEFAULT_SETTINGS, includeTests: true, ignore: [] }, rules,
    });
    assert.deepEqual(result.ruleErrors, []);
    assert.ok(result.findings.length > 0, 'the bad examples are reported');
  });
}

test('priming text: empty when no rule has an example of the language', () => {
  const bare = RULES.slice(0, 3).map((r) => ({ ...r, meta: { ...r.meta, docs: { ...r.meta.docs, bad: undefined, good: undefined } } })) as unknown as Rule[];
  assert.equal(primingText(bare, 'python'), '');
});

test('preloadRuntime: a runtime that cannot load leaves no unhandled rejection, and the first grammar load reports it', () => {
  const module = path.resolve('out/server/src/parsing/tree-sitter.js');
  const script = `const ts = require(${JSON.stringify(module)}); ts.setWasmDirectory('/nonexistent-twelve-factor'); ts.preloadRuntime();
setTimeout(() => ts.loadGrammar('python').then(() => process.stdout.write('loaded'), () => process.stdout.write('rejected')), 300);`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'rejected');
});

test('preloadRuntime: the runtime is initialised before any grammar is asked for', () => {
  const module = path.resolve('out/server/src/parsing/tree-sitter.js');
  const wasm = path.resolve('node_modules/@vscode/tree-sitter-wasm/wasm');
  // The runtime's Parser can be constructed only once it is initialised.
  const script = (preload: boolean) => `const ts = require(${JSON.stringify(module)}); ts.setWasmDirectory(${JSON.stringify(wasm)});
${preload ? 'ts.preloadRuntime();' : ''}
const runtime = require(require.resolve('@vscode/tree-sitter-wasm', { paths: [${JSON.stringify(path.dirname(module))}] }));
setTimeout(() => { try { new runtime.Parser().delete(); process.stdout.write('ready'); } catch { process.stdout.write('not ready'); } }, 500);`;
  const withPreload = spawnSync(process.execPath, ['-e', script(true)], { encoding: 'utf8' });
  const without = spawnSync(process.execPath, ['-e', script(false)], { encoding: 'utf8' });
  assert.equal(withPreload.stdout, 'ready', withPreload.stderr);
  assert.equal(without.stdout, 'not ready', without.stderr);
});
