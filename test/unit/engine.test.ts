/** The engine's own pieces: settings, suppressions, edits, incremental documents. */
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import '../support/engine';
import { normaliseSettings, parseProjectConfig, mergeProjectConfig, severityFor, DEFAULT_SETTINGS, ConfigError } from '../../server/src/engine/settings';
import { parseSuppressions, isSuppressed } from '../../server/src/engine/suppressions';
import { applyEdits, OverlappingEditsError } from '../../server/src/engine/edits';
import { disableFileEdit, disableLineEdit } from '../../server/src/engine/suppression-edits';
import { LineIndex, SyntaxDocument } from '../../server/src/parsing/document';
import { loadGrammar } from '../../server/src/parsing/tree-sitter';
import { detectLanguage } from '../../server/src/parsing/languages';
import { isTestPath, isGeneratedOrMinified } from '../../server/src/engine/scope';
import { checkDocument, prepare } from '../../server/src/engine/run';
import { defineRule } from '../../server/src/engine/rule';

describe('settings', () => {
  test('undefined and nonsense fall back to defaults, one warning per bad value', () => {
    assert.deepEqual(normaliseSettings(undefined), { settings: DEFAULT_SETTINGS, warnings: [] });
    const { settings, warnings } = normaliseSettings({ enable: 'yes', debounceMs: -5, run: 'always', rules: { 'logs/*': 'warn', 'x/y': 'loud' }, ignore: 'dist' });
    assert.equal(settings.enable, true);
    assert.equal(settings.debounceMs, DEFAULT_SETTINGS.debounceMs);
    assert.equal(settings.run, 'onType');
    assert.deepEqual(settings.rules, { 'logs/*': 'warning' });
    assert.deepEqual(settings.ignore, []);
    assert.equal(warnings.length, 5);
    assert.equal(normaliseSettings(42).warnings.length, 1);
  });
  test('debounceMs 0 is allowed', () => {
    assert.equal(normaliseSettings({ debounceMs: 0 }).settings.debounceMs, 0);
  });
  test('project file: parsed strictly, merged under settings', () => {
    const file = parseProjectConfig('{ "rules": { "logs/*": "off", "config/no-hardcoded-secret": "error" }, "ignore": ["legacy/**"] }');
    const merged = mergeProjectConfig({ ...DEFAULT_SETTINGS, rules: { 'logs/*': 'info' }, ignore: ['x'] }, file);
    assert.deepEqual(merged.rules, { 'logs/*': 'info', 'config/no-hardcoded-secret': 'error' });
    assert.deepEqual(merged.ignore, ['legacy/**', 'x']);
    assert.throws(() => parseProjectConfig('{ "rules": { "a/b": "loud" } }'), ConfigError);
    assert.throws(() => parseProjectConfig('[1]'), ConfigError);
    assert.throws(() => parseProjectConfig('{'), ConfigError);
  });
  test('severity: exact id beats factor wildcard beats *', () => {
    const rules = { 'logs/*': 'off', 'logs/no-log-file': 'error', '*': 'info' } as const;
    assert.equal(severityFor('logs/no-log-file', rules, 'warning'), 'error');
    assert.equal(severityFor('logs/other', rules, 'warning'), 'off');
    assert.equal(severityFor('config/x', rules, 'warning'), 'info');
    assert.equal(severityFor('config/x', {}, 'warning'), 'warning');
  });
});

describe('suppressions', () => {
  const parse = (text: string) => {
    const idx = new LineIndex(text);
    return parseSuppressions(text, (o) => /(\/\/|#)[^\n]*$/.test(text.slice(idx.lineStart(idx.positionAt(o).line), o)), (o) => idx.positionAt(o).line);
  };
  test('next-line, line and file directives, with ids, wildcards and reasons', () => {
    const s = parse([
      '// twelve-factor-disable-next-line port-binding/no-hardcoded-port -- admin port',
      'app.listen(9000);',
      'x(); // twelve-factor-disable-line',
      '# twelve-factor-disable logs/*',
      'const s = "twelve-factor-disable-line"; // not a directive in a string',
    ].join('\n'));
    assert.ok(isSuppressed(s, 'port-binding/no-hardcoded-port', 1));
    assert.ok(!isSuppressed(s, 'config/no-hardcoded-secret', 1));
    assert.ok(isSuppressed(s, 'config/anything', 2));
    assert.ok(isSuppressed(s, 'logs/no-log-file', 40));
    assert.ok(!isSuppressed(s, 'config/x', 4));
  });
  test('"disable for this line" merges into an existing directive', () => {
    const text = 'a();\n  // twelve-factor-disable-next-line logs/no-log-file\n  b();\n';
    const merged = applyEdits(text, [disableLineEdit(text, 2, 'config/x', '//')]);
    assert.equal(merged, 'a();\n  // twelve-factor-disable-next-line logs/no-log-file config/x\n  b();\n');
    assert.equal(applyEdits(merged, [disableLineEdit(merged, 2, 'config/x', '//')]), merged, 'idempotent');
    const fresh = applyEdits(text, [disableLineEdit(text, 0, 'config/x', '#')]);
    assert.equal(fresh, '# twelve-factor-disable-next-line config/x\na();\n  // twelve-factor-disable-next-line logs/no-log-file\n  b();\n');
  });
  test('"disable for the file" goes after a shebang or <?php and merges', () => {
    const text = '#!/usr/bin/env node\nrun();\n';
    const once = applyEdits(text, [disableFileEdit(text, 'logs/a', '//')]);
    assert.equal(once, '#!/usr/bin/env node\n// twelve-factor-disable logs/a\nrun();\n');
    assert.equal(applyEdits(once, [disableFileEdit(once, 'logs/b', '//')]), '#!/usr/bin/env node\n// twelve-factor-disable logs/a logs/b\nrun();\n');
    const php = '<?php\necho 1;\n';
    assert.equal(applyEdits(php, [disableFileEdit(php, 'logs/a', '//')]), '<?php\n// twelve-factor-disable logs/a\necho 1;\n');
  });
});

describe('edits', () => {
  test('applies non-overlapping edits against the original text and refuses overlaps', () => {
    const text = 'abc\ndef\n';
    assert.equal(applyEdits(text, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: 'X' },
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, newText: 'YY' },
    ]), 'aYYc\nX\n');
    assert.throws(() => applyEdits(text, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, newText: '' },
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } }, newText: '' },
    ]), OverlappingEditsError);
  });
  test('out-of-range positions are clamped, never thrown', () => {
    assert.equal(applyEdits('ab', [{ range: { start: { line: 9, character: 9 }, end: { line: 9, character: 9 } }, newText: '!' }]), 'ab!');
  });
});

describe('incremental documents', () => {
  test('a tree re-parsed after random edits equals a fresh parse', async () => {
    await loadGrammar('typescript');
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), text: fc.constantFrom('', 'x', '(', ')', '{\n', '}', '"', "'", '`', '\n', 'app.listen(3000);\n', 'é', '😀', '\r\n') }), { maxLength: 12 }),
      async (edits) => {
        let text: string = "import express from 'express';\nconst app = express();\napp.listen(3000);\n";
        const doc = new SyntaxDocument('typescript', text);
        assert.ok(doc.tree);
        for (const e of edits) {
          const idx = new LineIndex(text);
          // LSP positions cannot point between \r and \n.
          const inCrlf = (o: number) => o > 0 && text[o - 1] === '\r' && text[o] === '\n';
          let start = e.at % (text.length + 1);
          if (inCrlf(start)) start--;
          let end = Math.min(text.length, start + e.del);
          if (inCrlf(end)) end++;
          const range = { start: idx.positionAt(start), end: idx.positionAt(end) };
          doc.update([{ range, text: e.text }]);
          text = text.slice(0, start) + e.text + text.slice(end);
          if (e.del % 2 === 0) assert.ok(doc.tree, 'parses');
        }
        assert.equal(doc.text, text);
        const fresh = new SyntaxDocument('typescript', text);
        assert.equal(doc.tree?.rootNode.toString(), fresh.tree?.rootNode.toString());
        doc.dispose();
        fresh.dispose();
      }), { seed: 1207, numRuns: 150 });
  });
});

describe('scope and languages', () => {
  test('test, fixture, example and doc paths', () => {
    for (const p of ['test/app.js', 'src/__tests__/a.ts', 'app.test.ts', 'user.spec.js', 'handler_test.go', 'test_views.py', 'spec/models/user_spec.rb', 'src/test/java/AppTest.java', 'tests/Feature/UserTest.php', 'examples/server.js', 'docs/conf.py']) assert.ok(isTestPath(p), p);
    for (const p of ['src/server.js', 'app/contest.py', 'lib/testing-library-adapter.ts', 'latest.js', 'attestation.go']) assert.ok(!isTestPath(p), p);
  });
  test('minified and generated code is recognised', () => {
    assert.equal(isGeneratedOrMinified(`var a=1;${'x=1;'.repeat(3000)}`), 'minified');
    assert.equal(isGeneratedOrMinified('// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n'), 'generated');
    assert.equal(isGeneratedOrMinified('const a = 1;\n'.repeat(1000)), undefined);
  });
  test('minified: the share of long lines in the first 64 KiB, counted as a line-by-line reading does', () => {
    // The definition, read one character at a time: more than a fifth of the lines (or the
    // only few) over 500 characters, in files over 4 KiB.
    const byDefinition = (text: string): boolean => {
      if (text.length <= 4096) return false;
      const sample = text.slice(0, 65536);
      let lines = 0, long = 0, start = 0;
      for (let i = 0; i <= sample.length; i++) {
        if (i === sample.length || sample[i] === '\n') {
          lines++;
          if (i - start > 500) long++;
          start = i + 1;
        }
      }
      return lines <= 3 || long / lines > 0.2;
    };
    const line = fc.tuple(fc.nat(900), fc.constantFrom('\n', '\r\n')).map(([n, end]) => 'x'.repeat(n) + end);
    fc.assert(fc.property(fc.array(line, { maxLength: 200 }), fc.boolean(), (lines, trailing) => {
      const text = lines.join('') + (trailing ? 'tail' : '');
      assert.equal(isGeneratedOrMinified(text) === 'minified', byDefinition(text));
    }), { seed: 2026, numRuns: 300 });
  });
  test('languages from paths and editor ids', () => {
    assert.deepEqual(detectLanguage('/a/b.tsx'), { language: 'typescript', grammar: 'tsx' });
    assert.deepEqual(detectLanguage('/a/b.jsx'), { language: 'javascript', grammar: 'javascript' });
    assert.equal(detectLanguage('/a/Procfile')?.language, 'procfile');
    assert.equal(detectLanguage('/a/Procfile.dev')?.language, 'procfile');
    assert.equal(detectLanguage('/a/.env.production')?.language, 'dotenv');
    assert.equal(detectLanguage('/a/types.d.ts'), undefined);
    assert.equal(detectLanguage('/a/bundle.min.js'), undefined);
    assert.equal(detectLanguage('untitled:1', 'typescriptreact')?.grammar, 'tsx');
  });
});

describe('rule isolation', () => {
  test('a rule that throws loses its findings for that file; the others still run', async () => {
    const boom = defineRule({
      id: 'logs/boom', meta: { description: 'x', defaultSeverity: 'warning', languages: ['javascript'], fix: 'none', messages: { m: 'm' }, docs: { why: 'x.' } },
      check() { throw new Error('kaput'); },
    });
    const fine = defineRule({
      id: 'logs/fine', meta: { description: 'x', defaultSeverity: 'warning', languages: ['javascript'], fix: 'none', messages: { m: 'found {{what}}' }, docs: { why: 'x.' } },
      check(ctx) { if (ctx.tree) ctx.report({ node: ctx.tree.rootNode, messageId: 'm', data: { what: 'it' } }); },
    });
    await prepare('javascript');
    const r = checkDocument({ path: '/p/a.js', relativePath: 'a.js', text: 'x = 1;\n', language: 'javascript', grammar: 'javascript', settings: DEFAULT_SETTINGS, rules: [boom, fine] });
    assert.deepEqual(r.ruleErrors.map((e) => e.ruleId), ['logs/boom']);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.message]), [['logs/fine', 'found it (Factor XI: Logs)']]);
  });
});

test('a line index updated by an edit equals one built from the new text', () => {
  const piece = fc.constantFrom('\n', '\r', '\r\n', 'a', 'bc', ' ', '\n\n', '\r\r');
  const str = fc.array(piece, { maxLength: 20 }).map((p) => p.join(''));
  fc.assert(fc.property(str, fc.nat(), fc.nat({ max: 6 }), str, fc.boolean(), (before, at, del, insert, cr) => {
    const start = at % (before.length + 1);
    const oldEnd = Math.min(before.length, start + del);
    const after = before.slice(0, start) + insert + before.slice(oldEnd);
    const fresh = new LineIndex(after, cr);
    const edited = new LineIndex(before, cr).withEdit(after, start, oldEnd, start + insert.length);
    assert.equal(edited.lineCount, fresh.lineCount);
    for (let line = 0; line < fresh.lineCount; line++) assert.equal(edited.lineStart(line), fresh.lineStart(line), `line ${line}`);
  }), { seed: 11, numRuns: 5000 });
});
