/**
 * `literalOpeners` reads where Python, Go and Java literals open from the text alone, so that
 * a file checked once tries only those quotes. It may name a quote that opens nothing (a look
 * too many), but never miss one that opens a literal of the syntax tree: that could lose a
 * finding. When the text does not lex cleanly it must say so (undefined), and the scan then
 * tries every quote.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Node } from '@vscode/tree-sitter-wasm';
import '../support/engine';
import { literalOpeners } from '../../server/src/analysis/literal-openers';
import { literalCandidates, type LiteralFilter } from '../../server/src/analysis/literal-scan';
import type { RuleContext } from '../../server/src/engine/rule';
import { loadGrammar, parse } from '../../server/src/parsing/tree-sitter';
import type { GrammarId } from '../../server/src/parsing/languages';


const STRING_TYPES: Record<string, string[]> = {
  php: ['string', 'encapsed_string', 'heredoc', 'nowdoc'],
  python: ['string'],
  go: ['interpreted_string_literal', 'raw_string_literal'],
  java: ['string_literal'],
};

/** The opening quotes of the tree's literals (after a Python prefix). */
async function treeOpeners(text: string, lang: 'python' | 'go' | 'java' | 'php'): Promise<{ at: number[]; hasError: boolean }> {
  await loadGrammar(lang as GrammarId);
  const tree = parse(lang as GrammarId, text);
  assert.ok(tree);
  try {
    const at = tree.rootNode.descendantsOfType(STRING_TYPES[lang]).flatMap((n: Node | null) => {
      // Named nodes only: PHP's `string` type keyword is not a literal.
      if (!n || !n.isNamed) return [];
      let q = n.startIndex;
      while (q < n.startIndex + 3 && /[A-Za-z]/.test(text[q] ?? '')) q++;
      return [q];
    });
    return { at, hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

test('Python: quotes in comments, docstrings and other literals open nothing', () => {
  const text = [
    '# connect to "localhost"',
    'def f():',
    `    """Talks to "db.internal" or 'cache'."""`,
    '    x = "a \\" b"  # "not one"',
    "    y = 'it''s'",
    `    return rb"\\d+" + f"{x!r:>10}" + u'''multi`,
    `line "q"'''`,
  ].join('\n');
  const expected = ['"""Talks', '"a \\', `'it'`, `'s'`, '"\\d+', '"{x!r', `'''multi`].map((s) => text.indexOf(s));
  assert.ok(expected.every((i) => i >= 0), JSON.stringify(expected));
  assert.deepEqual(literalOpeners(text, 'python'), expected);
});

test('Python: f-string fields, their nested literals and format specs', () => {
  // PEP 701: a field may hold a literal with the same quote; a format spec is text, and its
  // quote (a fill character) opens nothing; `{{` is a brace, `\N{...}` an escape.
  const text = `a = f"{d["k"]} {x:'^10} {{'no'}} \\N{BULLET} {y:{w}}" + "b"\n`;
  const at = literalOpeners(text, 'python');
  assert.deepEqual(at, [text.indexOf('"{d'), text.indexOf('"k"'), text.lastIndexOf('"b"')]);
});

test('Go: struct tags, runes and comments are not literals; raw strings are', () => {
  const text = [
    'type T struct {',
    '\tHost string `json:"host,omitempty"` // "localhost"',
    '}',
    '/* "x" */ var q = \'"\'',
    'var s = "a\\"b" + `raw "c"`',
  ].join('\n');
  const at = literalOpeners(text, 'go')!;
  assert.deepEqual(at.map((i) => text[i]), ['`', '"', '`']);
  assert.deepEqual(at, [text.indexOf('`json'), text.indexOf('"a\\'), text.indexOf('`raw')]);
});

test('Java: text blocks and character literals', () => {
  const text = 'class A { char c = \'"\'; String s = """\n  "host" \\""" end\n  """; String t = "x"; } // "y"\n';
  const at = literalOpeners(text, 'java')!;
  assert.deepEqual(at, [text.indexOf('"""'), text.indexOf('"x"')]);
});

test('PHP: HTML, comments up to `?>`, attributes, interpolations and heredocs', () => {
  const text = [
    '<a href="x">it\'s</a>',
    '<?php',
    '#[Attr("at")]',
    '$a = "x {$b["k"]} ${c} $d[e] $f->g"; // "c" ?> <b title="t"> <?= \'e\' ?>',
    '<? $h = <<<EOT',
    ' body "q" $i',
    ' EOT;',
    "$k = <<<'NOW'",
    ' raw "z" {$no}',
    'NOW;',
    'echo `ls "dir" {$m["n"]}` . b\'w\'; # x "y"',
  ].join('\n');
  const expected = ['"at"', '"x {', '"k"', "'e'", '<<<EOT', "<<<'NOW'", '"n"', "'w'"].map((x) => text.indexOf(x));
  assert.ok(expected.every((i) => i >= 0), JSON.stringify(expected));
  assert.deepEqual(literalOpeners(text, 'php'), expected);
});

test('a text that does not lex cleanly gives no answer', () => {
  assert.equal(literalOpeners('x = "open\ny = 1\n', 'python'), undefined);
  assert.equal(literalOpeners('x = """never closed\n', 'python'), undefined);
  assert.equal(literalOpeners('x = f"{a\n', 'python'), undefined);
  assert.equal(literalOpeners('var s = `never', 'go'), undefined);
  // A backslash does not carry a Go or Java string over a line end (a Python one, it does).
  assert.equal(literalOpeners('var s = "a\\\nb"\n', 'go'), undefined);
  assert.equal(literalOpeners('String s = "a\\\nb";\n', 'java'), undefined);
  assert.deepEqual(literalOpeners('s = "a\\\nb"\n', 'python'), [4]);
  assert.equal(literalOpeners('/* never', 'java'), undefined);
  assert.equal(literalOpeners('<?php $a = "{$b[\'k\']', 'php'), undefined);
  assert.equal(literalOpeners('<?php $a = <<<EOT\nnever closed\n', 'php'), undefined);
  // Languages whose literals need the parser: never answered.
  assert.equal(literalOpeners('const a = "b";', 'javascript'), undefined);
  assert.equal(literalOpeners('a = "b"', 'ruby'), undefined);
});

test('a Python, Go or Java line comment runs on past a lone carriage return, as the parser reads it', () => {
  const cases: [string, 'python' | 'go' | 'java'][] = [
    ['# note\rx = "db.local"\ny = "b"\n', 'python'],
    ['// note\rvar x = "db"\nvar y = "b"\n', 'go'],
    ['class A { // note\rString x = "db";\nString y = "b"; }\n', 'java'],
  ];
  for (const [text, lang] of cases) assert.deepEqual(literalOpeners(text, lang), [text.indexOf('"b"')], lang);
  // A carriage return and line feed end it where the line feed does.
  assert.deepEqual(literalOpeners('# note\r\nx = "db"\r\n', 'python'), [12]);
});

test('Python: a prefix is any run of f, t, r, b and u; a backslash does not escape the brace of a field', () => {
  // `fu`, `Bf` and `ff` are no Python, but the parser reads them as formatted prefixes.
  for (const prefix of ['fu', 'Bf', 'ff', 'uF', 'Tb']) {
    const text = `x = ${prefix}"{'a'}"\n`;
    assert.deepEqual(literalOpeners(text, 'python'), [6, 8], prefix);
  }
  // After a name character the letters are a name, and the string has no prefix: not formatted.
  assert.deepEqual(literalOpeners(`x = [_f"{'a'}"]\n`, 'python'), [7]);
  // A byte order mark is no name character.
  assert.deepEqual(literalOpeners(`\ufefff"{'a'}"\n`, 'python'), [2, 4]);
  // `\{` in a formatted string, raw or not: the field opens all the same.
  assert.deepEqual(literalOpeners(`x = f"\\{'a'}"\n`, 'python'), [5, 8]);
  assert.deepEqual(literalOpeners(`x = rf"\\{'a'}"\n`, 'python'), [6, 9]);
  // In a string that is not formatted, a backslash escapes a quote all the same.
  assert.deepEqual(literalOpeners(`x = "\\"{'a'}"\n`, 'python'), [4]);
});

test('a reading the lexer cannot follow gives no answer rather than a wrong one', () => {
  // A lambda's colon at the top of a field, which the parser takes for the spec's.
  assert.equal(literalOpeners(`x = f"{lambda: 'a'}"\n`, 'python'), undefined);
  // Java string templates embed code, and literals, in a string or a text block.
  assert.equal(literalOpeners('class A { String x = STR."a\\{"b"}c"; }\n', 'java'), undefined);
  assert.equal(literalOpeners('class A { String x = STR."""\n  a\\{"b"}c"""; }\n', 'java'), undefined);
  // A heredoc whose closer may follow white space other than spaces and tabs, or a line separator.
  for (const ws of ['\u2003', '\f', '\v', '\u00a0']) {
    assert.equal(literalOpeners(`<?php $a = <<<EOT\nx\n${ws}EOT;\n$b = "y";\nEOT;\n`, 'php'), undefined, JSON.stringify(ws));
  }
  assert.equal(literalOpeners('<?php $a = <<<EOT\nx\u2028EOT\nEOT;\n$b = "y";\n', 'php'), undefined);
  // `\N{` in a Python string neither raw nor bytes: the parser reads the escape to its `}`, past a quote.
  assert.equal(literalOpeners(`x = "\\N{" '}" "a" # '\n`, 'python'), undefined);
  assert.deepEqual(literalOpeners(`x = "\\N{BULLET}" + 'a'\n`, 'python'), [4, 19]);
  assert.deepEqual(literalOpeners(`x = b"\\N{" '}" "a" # '\n`, 'python'), [5, 11]);
  // A heredoc closer followed by what would not parse (the parser may read on), and a `/*` left
  // open at the start of a heredoc line (the parser may read a comment there).
  assert.equal(literalOpeners('<?php\n$a = <<<EOT\nx\nEOT . "\nEOT;\n$b = \'z\'; // "\n', 'php'), undefined);
  assert.equal(literalOpeners('<?php\n$x = <<<EOT\na\n/* \nEOT;\n" */\nEOT;\n$y = \'z\'; // "\n', 'php'), undefined);
  assert.deepEqual(literalOpeners('<?php\n$x = <<<EOT\na\n/* css */\nEOT;\n$y = \'z\';\n', 'php'), [11, 40]);
  // A comment holding `"""` at the start of a Java text block, or after an escape.
  assert.equal(literalOpeners('class A {\nString s = """\n// """\n"""\n+ "a" + """\n"  """;\n}\n', 'java'), undefined);
  assert.equal(literalOpeners('class A {\nString s = """\n\\n/* """ */\n"""\n+ "a" + """\n"  """;\n}\n', 'java'), undefined);
  assert.deepEqual(literalOpeners('class A {\nString s = """\n  hello \\n world""";\nString t = "b";\n}\n', 'java'), [21, 57]);
});

test('PHP: a line comment is read as the parser reads it', () => {
  // A `?` takes the next character along, so `??>` does not end the comment.
  assert.deepEqual(literalOpeners("<?php // ??>\n$a = 'x';\n", 'php'), [18]);
  // `?>` does; so does a `?` right before the line end.
  assert.deepEqual(literalOpeners("<?php // a ?> 'html' <?php $a = 'x';\n", 'php'), [32]);
  assert.deepEqual(literalOpeners("<?php // ?\n$a = 'x';\n", 'php'), [16]);
  // `#` right before a `?` is a comment of its own: the rest of the line is code.
  assert.deepEqual(literalOpeners("<?php $c = 1 #?: 'x';\n", 'php'), [17]);
});

test('every literal of the tree is among the openers, on generated code', async () => {
  const pieces: Record<'python' | 'go' | 'java' | 'php', string[]> = {
    php: ['<?php ', '?>', '<?= ', '"', "'", '`', '{$a["k"]}', '${b}', '$c[d]', '$e->f', '#', '#[', '//', '/*', '*/', '\\', '\n', '<<<EOT\n', '\nEOT;\n', "<<<'N'\n", '\nN;\n', '$x = ', 'abc', ' ', '(', ')', '{', '}', '[', ']', ';', '<a href="h">'],
    python: ['"', "'", '"""', "'''", 'f"', "rb'", 'x = ', '{', '}', '{{', '[', ']', '(', ')', ':', '!r', '#', '\\', '\\N{X}', '\n', '    ', 'abc', ' ', ',', '"k"', "f'{a:'^3}'", 'if', '\r\n', '\\\n'],
    go: ['"', '`', "'", '//', '/*', '*/', '\\', '\n', 'var x = ', 'struct { A int `json:"a"` }', 'abc', ' ', '(', ')', '{', '}', "'\\''", '"\\""'],
    java: ['"', '"""', "'", '//', '/*', '*/', '\\', '\n', 'String s = ', 'abc', ' ', ';', '{', '}', "'\\''", '"\\""', 'class A '],
  };
  let answered = 0;
  for (const lang of ['python', 'go', 'java', 'php'] as const) {
    const text = fc.array(fc.constantFrom(...pieces[lang]), { maxLength: 40 }).map((p) => p.join(''));
    await fc.assert(fc.asyncProperty(text, async (t) => {
      const at = literalOpeners(t, lang);
      if (!at) return;
      const tree = await treeOpeners(t, lang);
      // In a file with a syntax error the parser's recovery may read literals anywhere: the
      // scan tries every quote once the tree shows one (tested below).
      if (tree.hasError) return;
      answered++;
      const mine = new Set(at);
      for (const q of tree.at) assert.ok(mine.has(q), `${lang} ${JSON.stringify(t)}: the literal at ${q} is not an opener`);
    }), { seed: 11, numRuns: Number(process.env.RUNS ?? 1500) });
  }
  assert.ok(answered > 500, `${answered} clean texts answered`);
});

test('once the tree shows a syntax error, a file checked once has every quote tried', async () => {
  // A string right after a class name: the parser's recovery reads a literal at the quote after
  // `class A "\""`, which a clean reading takes for the closing quote of `"\""`.
  const text = 'class A "\\""\'\\\'\'String s = //abc//"\n;';
  const missed = 11;
  assert.equal(text[missed], '"');
  assert.ok(!literalOpeners(text, 'java')?.includes(missed));
  await loadGrammar('java');
  const tree = parse('java', text);
  assert.ok(tree?.rootNode.hasError);
  const filter: LiteralFilter = { id: 'test-any', minLength: 0, holes: 'value', keep: () => true };
  // A context whose tree is parsed already, or on first use (as the CLI's is).
  const candidates = (checkedOnce: boolean, parsedAlready: boolean) => {
    let parsed = parsedAlready;
    const context = {
      path: `/p/broken-${checkedOnce}-${parsedAlready}.java`, text, language: 'java', checkedOnce,
      get tree() { parsed = true; return tree; },
      get treeParsed() { return parsed; },
    } as unknown as RuleContext;
    return literalCandidates(context, filter).map((n) => n.startIndex);
  };
  const everyQuote = candidates(false, true);
  assert.ok(everyQuote.includes(missed), JSON.stringify(everyQuote));
  assert.deepEqual(candidates(true, true), everyQuote);
  assert.deepEqual(candidates(true, false), everyQuote);
  tree.delete();
});
