/** The shared syntax helpers, on real snippets in every language (and the cases they must refuse). */
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import type { Node } from '@vscode/tree-sitter-wasm';
import { loadGrammar, parse, setWasmDirectory } from '../../server/src/parsing/tree-sitter';
import type { GrammarId, LanguageId } from '../../server/src/parsing/languages';
import {
  bindingOf, callInfo, enclosingFunction, envReadAt, findCalls, findEnvReads, findImports, identifierWords,
  integerValue, isEnvDefault, isStringLiteral, nameText, stringContentRange, stringValue, toEnvName,
} from '../../server/src/analysis/syntax';

const GRAMMARS: GrammarId[] = ['javascript', 'typescript', 'tsx', 'python', 'go', 'ruby', 'java', 'php'];
const LANG: Record<string, LanguageId> = {
  javascript: 'javascript', typescript: 'typescript', tsx: 'typescript', python: 'python', go: 'go', ruby: 'ruby', java: 'java', php: 'php',
};

void before(async () => {
  setWasmDirectory(path.resolve('node_modules/@vscode/tree-sitter-wasm/wasm'));
  for (const g of GRAMMARS) await loadGrammar(g);
});

interface Snippet {
  root: Node;
  lang: LanguageId;
  /** The `nth` named node whose text is exactly `text` (innermost first when nested nodes share a text), optionally of a type. */
  at(text: string, type?: string, nth?: number): Node;
}

function src(grammar: GrammarId, text: string): Snippet {
  const tree = parse(grammar, text);
  assert.ok(tree, 'parsed');
  const root = tree.rootNode;
  return {
    root,
    lang: LANG[grammar],
    at(t: string, type?: string, nth = 0): Node {
      const found: Node[] = [];
      const visit = (n: Node) => {
        for (const c of n.namedChildren) if (c) visit(c);
        if (n.text === t && (!type || n.type === type)) found.push(n);
      };
      visit(root);
      found.sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex);
      // Innermost first among nodes with the same span.
      const byStart: Node[] = [];
      for (const n of found) if (!byStart.some((m) => m.startIndex === n.startIndex)) byStart.push(n);
      const n = byStart[nth];
      assert.ok(n, `no node ${JSON.stringify(t)}${type ? ` of type ${type}` : ''} in:\n${text}`);
      return n;
    },
  };
}

/** Literal value of the first node with this exact text. */
function value(grammar: GrammarId, text: string, literal: string): string | undefined {
  const s = src(grammar, text);
  return stringValue(s.at(literal), s.lang);
}

// ---------------------------------------------------------------------------------------
void describe('stringValue', () => {
  void test('JavaScript and TypeScript strings and templates', () => {
    assert.equal(value('javascript', 'x = "a\\nb";', '"a\\nb"'), 'a\nb');
    assert.equal(value('javascript', "x = 'it\\'s';", "'it\\'s'"), "it's");
    assert.equal(value('javascript', 'x = `plain`;', '`plain`'), 'plain');
    assert.equal(value('javascript', 'x = "\\u{1F600}\\x41\\u0042";', '"\\u{1F600}\\x41\\u0042"'), '😀AB');
    assert.equal(value('javascript', 'x = "line\\\ncont";', '"line\\\ncont"'), 'linecont');
    assert.equal(value('javascript', 'x = "";', '""'), '');
    assert.equal(value('typescript', 'const s: string = "t";', '"t"'), 't');
    assert.equal(value('tsx', 'const el = <div title="a&amp;b">{"y"}</div>;', '"a&amp;b"'), 'a&b');
    assert.equal(value('tsx', 'const el = <div title="a&amp;b">{"y"}</div>;', '"y"'), 'y');
    assert.equal(value('javascript', 'const el = <a href="/x">t</a>;', '"/x"'), '/x');
  });
  void test('JavaScript must-nots: substitutions, non-strings', () => {
    assert.equal(value('javascript', 'x = `a${b}c`;', '`a${b}c`'), undefined);
    assert.equal(value('typescript', 'x = `${host}:5432`;', '`${host}:5432`'), undefined);
    const s = src('typescript', 'let a = b as string; let n = 5;');
    assert.equal(stringValue(s.at('5'), s.lang), undefined);
    // The `string` keyword is an anonymous node of type "string"; it is not a literal.
    const kw = s.at('b as string').child(2)!;
    assert.equal(kw.type, 'predefined_type');
    assert.equal(isStringLiteral(kw.child(0)!, s.lang), false);
    assert.equal(stringValue(kw.child(0)!, s.lang), undefined);
  });
  void test('Python prefixes, triple quotes, f-strings and concatenation', () => {
    assert.equal(value('python', 'a = "x\\n"', '"x\\n"'), 'x\n');
    assert.equal(value('python', 'a = r"raw\\n"', 'r"raw\\n"'), 'raw\\n');
    assert.equal(value('python', "a = b'\\x41'", "b'\\x41'"), 'A');
    assert.equal(value('python', 'a = rb"\\x00"', 'rb"\\x00"'), '\\x00');
    assert.equal(value('python', 'a = u"\\u00e9"', 'u"\\u00e9"'), 'é');
    assert.equal(value('python', 'a = """tri\nple"""', '"""tri\nple"""'), 'tri\nple');
    assert.equal(value('python', "a = '''x'''", "'''x'''"), 'x');
    assert.equal(value('python', 'a = f"plain"', 'f"plain"'), 'plain');
    assert.equal(value('python', 'a = f"{{lit}}"', 'f"{{lit}}"'), '{lit}');
    assert.equal(value('python', 'a = "x" \'y\'', '"x" \'y\''), 'xy');
    assert.equal(value('python', 'a = "\\d+"', '"\\d+"'), '\\d+', 'unknown escapes keep their backslash');
  });
  void test('Python must-nots: f-strings with fields, concatenations with one', () => {
    assert.equal(value('python', 'a = f"hi {x}"', 'f"hi {x}"'), undefined);
    assert.equal(value('python', 'a = F"{x!r:>10}"', 'F"{x!r:>10}"'), undefined);
    assert.equal(value('python', 'a = "x" f"{y}"', '"x" f"{y}"'), undefined);
    const s = src('python', 'a = 5');
    assert.equal(stringValue(s.at('5'), s.lang), undefined);
  });
  void test('Go interpreted and raw strings', () => {
    assert.equal(value('go', 'package m\nconst k = "k\\t"', '"k\\t"'), 'k\t');
    assert.equal(value('go', 'package m\nconst k = `raw\\n`', '`raw\\n`'), 'raw\\n');
    assert.equal(value('go', 'package m\nconst k = "\\xe2\\x82\\xac\\u00e9"', '"\\xe2\\x82\\xac\\u00e9"'), '€é');
    assert.equal(value('go', 'package m\nconst k = ""', '""'), '');
    const s = src('go', "package m\nconst r = 'c'");
    assert.equal(stringValue(s.at("'c'"), s.lang), undefined, 'runes are not strings');
  });
  void test('Ruby single, double, %-literals and adjacent strings', () => {
    assert.equal(value('ruby', "a = 'k\\n'", "'k\\n'"), 'k\\n');
    assert.equal(value('ruby', "a = 'it\\'s \\\\ x'", "'it\\'s \\\\ x'"), "it's \\ x");
    assert.equal(value('ruby', 'a = "plain\\t\\s"', '"plain\\t\\s"'), 'plain\t ');
    assert.equal(value('ruby', 'a = %q(pct)', '%q(pct)'), 'pct');
    assert.equal(value('ruby', 'a = %(p\\n)', '%(p\\n)'), 'p\n');
    assert.equal(value('ruby', "a = 'it' 's'", "'it' 's'"), 'its');
    assert.equal(value('ruby', 'a = "\\u00e9\\u{41 42}"', '"\\u00e9\\u{41 42}"'), 'éAB');
  });
  void test('Ruby must-nots: interpolation and symbols', () => {
    assert.equal(value('ruby', 'a = "x#{y}"', '"x#{y}"'), undefined);
    assert.equal(value('ruby', 'a = "#@x"', '"#@x"'), undefined);
    assert.equal(value('ruby', 'a = %Q(hi #{x})', '%Q(hi #{x})'), undefined);
    const s = src('ruby', 'a = :sym\nb = :"dsym"\nc = { key: 1 }');
    assert.equal(stringValue(s.at(':sym'), s.lang), undefined);
    assert.equal(isStringLiteral(s.at(':sym'), s.lang), false);
    assert.equal(stringValue(s.at(':"dsym"'), s.lang), undefined);
    assert.equal(isStringLiteral(s.at(':"dsym"'), s.lang), false);
    assert.equal(stringValue(s.at('key'), s.lang), undefined);
  });
  void test('Java strings and text blocks', () => {
    assert.equal(value('java', 'class A { String k = "k\\n"; }', '"k\\n"'), 'k\n');
    assert.equal(value('java', 'class A { String k = "\\u0041\\s"; }', '"\\u0041\\s"'), 'A ');
    assert.equal(value('java', 'class A { String k = "\\u0041\\u0042\\\\u0043"; }', '"\\u0041\\u0042\\\\u0043"'), 'AB\\u0043');
    assert.equal(value('java', 'class A { String k = """\n    hello\n      world\n    """; }', '"""\n    hello\n      world\n    """'), 'hello\n  world\n');
    assert.equal(value('java', 'class A { String k = """\n    text \\\n    line"""; }', '"""\n    text \\\n    line"""'), 'text line');
    const s = src('java', "class A { char c = 'c'; }");
    assert.equal(stringValue(s.at("'c'"), s.lang), undefined, 'chars are not strings');
  });
  void test('PHP single, double, heredoc and nowdoc', () => {
    assert.equal(value('php', "<?php $a = 'k\\n';", "'k\\n'"), 'k\\n');
    assert.equal(value('php', "<?php $a = 'it\\'s';", "'it\\'s'"), "it's");
    assert.equal(value('php', '<?php $a = "p\\t\\$x";', '"p\\t\\$x"'), 'p\t$x');
    assert.equal(value('php', "<?php $a = <<<'EOT'\n  nowdoc $x\n  EOT;\n", "<<<'EOT'\n  nowdoc $x\n  EOT"), 'nowdoc $x');
    assert.equal(value('php', '<?php $a = <<<EOT\n    line\\t1\n      two\n    EOT;\n', '<<<EOT\n    line\\t1\n      two\n    EOT'), 'line\t1\n  two');
  });
  void test('PHP must-nots: variables in double quotes and heredocs', () => {
    assert.equal(value('php', '<?php $a = "hello $name";', '"hello $name"'), undefined);
    assert.equal(value('php', '<?php $a = "{$x}";', '"{$x}"'), undefined);
    assert.equal(value('php', '<?php $a = "x{$o->p}";', '"x{$o->p}"'), undefined);
    assert.equal(value('php', '<?php $a = <<<EOT\nheredoc $x\nEOT;\n', '<<<EOT\nheredoc $x\nEOT'), undefined);
  });
});

void describe('stringContentRange and isStringLiteral', () => {
  const cases: [GrammarId, string, string, string][] = [
    ['javascript', 'x = "abc";', '"abc"', 'abc'],
    ['typescript', 'x = `t`;', '`t`', 't'],
    ['python', 'x = rb"raw"', 'rb"raw"', 'raw'],
    ['python', 'x = """doc"""', '"""doc"""', 'doc'],
    ['go', 'package m\nvar x = `raw`', '`raw`', 'raw'],
    ['ruby', 'x = %q(pct)', '%q(pct)', 'pct'],
    ['ruby', "x = 'q'", "'q'", 'q'],
    ['java', 'class A { String x = "j"; }', '"j"', 'j'],
    ['php', "<?php $x = 's';", "'s'", 's'],
    ['php', '<?php $x = "d";', '"d"', 'd'],
  ];
  for (const [g, text, lit, content] of cases) {
    void test(`${g}: ${lit}`, () => {
      const s = src(g, text);
      const r = stringContentRange(s.at(lit), s.lang);
      assert.ok(r);
      assert.equal(text.slice(r.start, r.end), content);
      assert.equal(isStringLiteral(s.at(lit), s.lang), true);
    });
  }
  void test('offsets are UTF-16 offsets into the text', () => {
    const text = 'const a = "é😀"; const b = "x";';
    const s = src('javascript', text);
    const r = stringContentRange(s.at('"x"'), s.lang)!;
    assert.equal(text.slice(r.start, r.end), 'x');
  });
  void test('concatenations have no single content range; interpolated strings are still literals', () => {
    const py = src('python', 'a = "x" "y"\nb = f"{z}"');
    assert.equal(stringContentRange(py.at('"x" "y"'), py.lang), undefined);
    assert.equal(isStringLiteral(py.at('f"{z}"'), py.lang), true);
    const rb = src('ruby', 'a = "x#{y}"');
    assert.equal(isStringLiteral(rb.at('"x#{y}"'), rb.lang), true);
    const js = src('javascript', 'a = 5');
    assert.equal(isStringLiteral(js.at('5'), js.lang), false);
  });
});

void describe('integerValue', () => {
  const cases: [GrammarId, string, string, number | undefined][] = [
    ['javascript', 'x = 3000;', '3000', 3000],
    ['javascript', 'x = 0x1F;', '0x1F', 31],
    ['javascript', 'x = 1_000;', '1_000', 1000],
    ['javascript', 'x = 10n;', '10n', 10],
    ['javascript', 'x = -1;', '-1', -1],
    ['javascript', 'x = 1.5;', '1.5', undefined],
    ['javascript', 'x = 1e3;', '1e3', undefined],
    ['typescript', 'const p: number = 0o17;', '0o17', 15],
    ['python', 'x = 5000', '5000', 5000],
    ['python', 'x = 0b101', '0b101', 5],
    ['python', 'x = 1_000_000', '1_000_000', 1000000],
    ['python', 'x = 2.5', '2.5', undefined],
    ['python', 'x = 1j', '1j', undefined],
    ['go', 'package m\nconst x = 0755', '0755', 493],
    ['go', 'package m\nconst x = 8080', '8080', 8080],
    ['go', 'package m\nconst x = 1.0', '1.0', undefined],
    ['ruby', 'x = 1_000', '1_000', 1000],
    ['ruby', 'x = 0x10', '0x10', 16],
    ['ruby', 'x = 3.14', '3.14', undefined],
    ['java', 'class A { long l = 10L; }', '10L', 10],
    ['java', 'class A { int h = 0x1F; }', '0x1F', 31],
    ['java', 'class A { double d = 1.5; }', '1.5', undefined],
    ['php', '<?php $n = 0x1A;', '0x1A', 26],
    ['php', '<?php $n = -5;', '-5', -5],
    ['php', '<?php $n = 1.5;', '1.5', undefined],
  ];
  for (const [g, text, lit, expected] of cases) {
    void test(`${g}: ${lit}`, () => {
      const s = src(g, text);
      assert.equal(integerValue(s.at(lit), s.lang), expected);
    });
  }
  void test('strings of digits are not integers', () => {
    const s = src('python', 'x = "5000"');
    assert.equal(integerValue(s.at('"5000"'), s.lang), undefined);
  });
});

// ---------------------------------------------------------------------------------------
function binding(g: GrammarId, text: string, lit: string, nth = 0) {
  const s = src(g, text);
  const b = bindingOf(s.at(lit, undefined, nth), s.lang);
  return { kind: b.kind, name: b.name, fullName: b.fullName, callee: b.callee, argumentIndex: b.argumentIndex };
}

void describe('bindingOf', () => {
  void test('JavaScript / TypeScript / TSX', () => {
    assert.deepEqual(binding('javascript', "const apiKey = 'k';", "'k'"), { kind: 'variable', name: 'apiKey', fullName: 'apiKey', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('javascript', "obj.a.secret = 's';", "'s'"), { kind: 'property', name: 'secret', fullName: 'obj.a.secret', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('javascript', "cfg['api_key'] = 'v';", "'v'"), { kind: 'key', name: 'api_key', fullName: 'cfg.api_key', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('javascript', "const cfg = { db: { password: 'p' } };", "'p'"), { kind: 'key', name: 'password', fullName: 'cfg.db.password', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('javascript', "const c = { 'api-key': 'p' };", "'p'"), { kind: 'key', name: 'api-key', fullName: 'c.api-key', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('javascript', "redis.createClient({ host: 'h' });", "'h'"), { kind: 'key', name: 'host', fullName: 'host', callee: 'redis.createClient', argumentIndex: 0 });
    assert.deepEqual(binding('javascript', "redis.createClient('redis://x', 1);", "'redis://x'"), { kind: 'argument', name: undefined, fullName: undefined, callee: 'redis.createClient', argumentIndex: 0 });
    assert.deepEqual(binding('javascript', 'app.listen(3000);', '3000'), { kind: 'argument', name: undefined, fullName: undefined, callee: 'app.listen', argumentIndex: 0 });
    assert.deepEqual(binding('javascript', "new Pool('pg://x');", "'pg://x'"), { kind: 'argument', name: undefined, fullName: undefined, callee: 'Pool', argumentIndex: 0 });
    assert.deepEqual(binding('javascript', "process.env.X = 'w';", "'w'"), { kind: 'env-write', name: 'X', fullName: 'X', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('javascript', "process.env['Y'] = 'w';", "'w'"), { kind: 'env-write', name: 'Y', fullName: 'Y', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('javascript', "function f(key = 'd') {}", "'d'"), { kind: 'parameter-default', name: 'key', fullName: 'key', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('typescript', "function f(key: string = 'd') {}", "'d'"), { kind: 'parameter-default', name: 'key', fullName: 'key', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('javascript', "class K { secret = 'f'; }", "'f'"), { kind: 'property', name: 'secret', fullName: 'secret', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('typescript', "class K { private readonly token: string = 't'; }", "'t'"), { kind: 'property', name: 'token', fullName: 'token', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('javascript', "config.set('api_key', 'v');", "'v'"), { kind: 'key', name: 'api_key', fullName: 'api_key', callee: 'config.set', argumentIndex: 1 });
    assert.deepEqual(binding('javascript', "function f() { return 'r'; }", "'r'"), { kind: 'return', name: undefined, fullName: undefined, callee: undefined, argumentIndex: undefined });
  });
  void test('JavaScript looks through parentheses, assertions, ternaries and fallbacks, not concatenation', () => {
    assert.equal(binding('typescript', "const k2 = ('v' as string)!;", "'v'").name, 'k2');
    assert.equal(binding('typescript', "const k = <string>'v';", "'v'").name, 'k');
    assert.equal(binding('typescript', "const k = 'v' satisfies string;", "'v'").name, 'k');
    assert.equal(binding('javascript', "const t = prod ? 'a' : 'b';", "'a'").name, 't');
    assert.equal(binding('javascript', "const t = prod ? 'a' : 'b';", "'b'").name, 't');
    assert.equal(binding('javascript', "const t = 'a' ? x : y;", "'a'").kind, 'other', 'a condition is not bound');
    assert.equal(binding('javascript', "const key = process.env.KEY || 'sk';", "'sk'").name, 'key');
    assert.equal(binding('javascript', "const url = 'http://' + host;", "'http://'").kind, 'other');
    assert.equal(binding('javascript', "const port = parseInt(process.env.PORT || '3000', 10);", "'3000'").name, 'port');
    assert.equal(binding('javascript', "const port = parseInt(process.env.PORT || '3000', 10);", '10').kind, 'argument');
    assert.equal(binding('javascript', "const hosts = ['a.com'];", "'a.com'").kind, 'other');
    assert.equal(binding('tsx', 'const el = <a href={"x"} />;', '"x"').name, 'href');
  });
  void test('Python', () => {
    assert.deepEqual(binding('python', 'API_KEY = "k"', '"k"'), { kind: 'variable', name: 'API_KEY', fullName: 'API_KEY', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('python', 'self.secret = "k"', '"k"'), { kind: 'property', name: 'secret', fullName: 'self.secret', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('python', 'cfg["api_key"] = "v"', '"v"'), { kind: 'key', name: 'api_key', fullName: 'cfg.api_key', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('python', 'D = {"db": {"password": "p"}}', '"p"'), { kind: 'key', name: 'password', fullName: 'D.db.password', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('python', 'psycopg2.connect(password="p")', '"p"'), { kind: 'keyword-argument', name: 'password', fullName: 'password', callee: 'psycopg2.connect', argumentIndex: 0 });
    assert.deepEqual(binding('python', 'psycopg2.connect("dbname=x", 5)', '"dbname=x"'), { kind: 'argument', name: undefined, fullName: undefined, callee: 'psycopg2.connect', argumentIndex: 0 });
    assert.deepEqual(binding('python', 'os.environ["X"] = "w"', '"w"'), { kind: 'env-write', name: 'X', fullName: 'X', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('python', 'os.environ.setdefault("X", "w")', '"w"'), { kind: 'env-write', name: 'X', fullName: 'X', callee: 'os.environ.setdefault', argumentIndex: 1 });
    assert.deepEqual(binding('python', 'os.environ.update(X="w")', '"w"'), { kind: 'env-write', name: 'X', fullName: 'X', callee: 'os.environ.update', argumentIndex: 0 });
    assert.deepEqual(binding('python', 'settings.setdefault("X", "w")', '"w"'), { kind: 'argument', name: undefined, fullName: undefined, callee: 'settings.setdefault', argumentIndex: 1 });
    assert.deepEqual(binding('python', 'def f(key="d", *, k2: str = "e"): pass', '"e"'), { kind: 'parameter-default', name: 'k2', fullName: 'k2', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('python', 'x: str = "ann"', '"ann"'), { kind: 'variable', name: 'x', fullName: 'x', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('python', 'class S:\n    token = "t"\n', '"t"'), { kind: 'property', name: 'token', fullName: 'token', callee: undefined, argumentIndex: undefined });
    assert.equal(binding('python', 'a, b = "x", "y"', '"y"').name, 'b');
    assert.equal(binding('python', 't = "a" if q else "b"', '"b"').name, 't');
    assert.equal(binding('python', 't = "a" if q else "b"', '"a"').name, 't');
    assert.equal(binding('python', 't = os.getenv("T") or "d"', '"d"').name, 't');
    assert.equal(binding('python', 'url = "http://" + host', '"http://"').kind, 'other');
    assert.equal(binding('python', 'PORT = int(os.environ.get("PORT") or 5000)', '5000').name, 'PORT');
    assert.equal(binding('python', 'x = foo(5000)', '5000').kind, 'argument');
    assert.equal(binding('python', 'x = ("p")', '"p"').name, 'x');
    assert.equal(binding('python', 'if (n := "v"): pass', '"v"').name, 'n');
  });
  void test('Go', () => {
    const go = (body: string, lit: string) => binding('go', `package m\n${body}`, lit);
    assert.deepEqual(go('const apiKey = "k"', '"k"'), { kind: 'constant', name: 'apiKey', fullName: 'apiKey', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(go('const (\n\tA, B = "a", "b"\n)', '"b"'), { kind: 'constant', name: 'B', fullName: 'B', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(go('var x string = "v"', '"v"'), { kind: 'variable', name: 'x', fullName: 'x', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(go('func f() { a, b := 1, "t"; _ = a; _ = b }', '"t"'), { kind: 'variable', name: 'b', fullName: 'b', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(go('func f() { cfg := Config{Password: "p"}; _ = cfg }', '"p"'), { kind: 'property', name: 'Password', fullName: 'cfg.Password', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(go('func f() { c := redis.NewClient(&redis.Options{Addr: "localhost:6379"}); _ = c }', '"localhost:6379"'), { kind: 'property', name: 'Addr', fullName: 'redis.Options.Addr', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(go('var m = map[string]string{"key": "mv"}', '"mv"'), { kind: 'key', name: 'key', fullName: 'm.key', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(go('func f() { s.Field = "f" }', '"f"'), { kind: 'property', name: 'Field', fullName: 's.Field', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(go('func f() { http.ListenAndServe(":8080", nil) }', '":8080"'), { kind: 'argument', name: undefined, fullName: undefined, callee: 'http.ListenAndServe', argumentIndex: 0 });
    assert.deepEqual(go('func f() { os.Setenv("X", "v") }', '"v"'), { kind: 'env-write', name: 'X', fullName: 'X', callee: 'os.Setenv', argumentIndex: 1 });
    assert.deepEqual(go('func f() string { return "r" }', '"r"'), { kind: 'return', name: undefined, fullName: undefined, callee: undefined, argumentIndex: undefined });
    assert.equal(go('func f() { x := []string{"a"}; _ = x }', '"a"').kind, 'other');
    assert.equal(go('func f() { a, b := g(), "t"; _ = a; _ = b }', '"t"').name, 'b');
    assert.equal(go('func f() { x := "a" + y; _ = x }', '"a"').kind, 'other');
  });
  void test('Ruby', () => {
    assert.deepEqual(binding('ruby', "API_KEY = 'k'", "'k'"), { kind: 'constant', name: 'API_KEY', fullName: 'API_KEY', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "Foo::BAR = 'z'", "'z'"), { kind: 'constant', name: 'BAR', fullName: 'Foo.BAR', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "@secret = 's'", "'s'"), { kind: 'property', name: 'secret', fullName: 'self.secret', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "self.password = 'pw'", "'pw'"), { kind: 'property', name: 'password', fullName: 'self.password', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "config.db.password = 'pw'", "'pw'"), { kind: 'property', name: 'password', fullName: 'config.db.password', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "h = { api_key: 'v' }", "'v'"), { kind: 'key', name: 'api_key', fullName: 'h.api_key', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "h = { :pw => 'w' }", "'w'"), { kind: 'key', name: 'pw', fullName: 'h.pw', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "h = { 'api_key' => 'z' }", "'z'"), { kind: 'key', name: 'api_key', fullName: 'h.api_key', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "Redis.new(host: 'h', port: 1)", "'h'"), { kind: 'keyword-argument', name: 'host', fullName: 'host', callee: 'Redis.new', argumentIndex: 0 });
    assert.deepEqual(binding('ruby', 'Logger.new "log/x.log"', '"log/x.log"'), { kind: 'argument', name: undefined, fullName: undefined, callee: 'Logger.new', argumentIndex: 0 });
    assert.deepEqual(binding('ruby', "ENV['X'] = 'w'", "'w'"), { kind: 'env-write', name: 'X', fullName: 'X', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "ENV['X'] ||= 'w'", "'w'"), { kind: 'env-write', name: 'X', fullName: 'X', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('ruby', "def m(key = 'd', k2: 'e'); end", "'e'"), { kind: 'parameter-default', name: 'k2', fullName: 'k2', callee: undefined, argumentIndex: undefined });
    assert.equal(binding('ruby', "a, b = 'x', 'y'", "'y'").name, 'b');
    assert.equal(binding('ruby', "x = c ? 'a' : 'b'", "'b'").name, 'x');
    assert.equal(binding('ruby', "x = ENV['X'] || 'v'", "'v'").name, 'x');
    assert.equal(binding('ruby', "y = ENV['A'] or 'o'", "'o'").kind, 'other', '`or` binds looser than `=`');
    assert.equal(binding('ruby', "def m\n  return 'r'\nend", "'r'").kind, 'return');
  });
  void test('Java', () => {
    assert.deepEqual(binding('java', 'class A { private static final String API_KEY = "k"; }', '"k"'), { kind: 'constant', name: 'API_KEY', fullName: 'API_KEY', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('java', 'class A { String apiKey = "k"; }', '"k"'), { kind: 'property', name: 'apiKey', fullName: 'apiKey', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('java', 'interface I { String K = "v"; }', '"v"'), { kind: 'constant', name: 'K', fullName: 'K', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('java', 'class A { void m() { String pw = "p"; } }', '"p"'), { kind: 'variable', name: 'pw', fullName: 'pw', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('java', 'class A { void m() { this.secret = "t"; } }', '"t"'), { kind: 'property', name: 'secret', fullName: 'this.secret', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('java', 'class A { void m() { props.put("db.password", "s"); } }', '"s"'), { kind: 'key', name: 'db.password', fullName: 'db.password', callee: 'props.put', argumentIndex: 1 });
    assert.deepEqual(binding('java', 'class A { void m() { DriverManager.getConnection("jdbc:x", "u", "p"); } }', '"p"'), { kind: 'argument', name: undefined, fullName: undefined, callee: 'DriverManager.getConnection', argumentIndex: 2 });
    assert.deepEqual(binding('java', 'class A { void m() { new FileHandler("app.log"); } }', '"app.log"'), { kind: 'argument', name: undefined, fullName: undefined, callee: 'FileHandler', argumentIndex: 0 });
    assert.deepEqual(binding('java', '@Value("${X}") class C {}', '"${X}"'), { kind: 'argument', name: undefined, fullName: undefined, callee: '@Value', argumentIndex: 0 });
    assert.deepEqual(binding('java', '@Ann(key = "v") class C {}', '"v"'), { kind: 'keyword-argument', name: 'key', fullName: 'key', callee: '@Ann', argumentIndex: undefined });
    assert.equal(binding('java', 'class A { String t = c ? "a" : "b"; }', '"b"').name, 't');
    assert.equal(binding('java', 'class A { Object t = (Object) "a"; }', '"a"').name, 't');
    assert.equal(binding('java', 'class A { String pw = "p" + 1; }', '"p"').kind, 'other');
    assert.equal(binding('java', 'class A { String m() { return "r"; } }', '"r"').kind, 'return');
  });
  void test('PHP', () => {
    assert.deepEqual(binding('php', "<?php define('API_KEY', 'k');", "'k'"), { kind: 'constant', name: 'API_KEY', fullName: 'API_KEY', callee: 'define', argumentIndex: 1 });
    assert.deepEqual(binding('php', '<?php const DB_PASS = "p";', '"p"'), { kind: 'constant', name: 'DB_PASS', fullName: 'DB_PASS', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('php', "<?php class C { const SECRET = 's'; }", "'s'"), { kind: 'constant', name: 'SECRET', fullName: 'SECRET', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('php', '<?php class C { private $pw = "x"; }', '"x"'), { kind: 'property', name: 'pw', fullName: 'pw', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('php', "<?php $password = 'x';", "'x'"), { kind: 'variable', name: 'password', fullName: 'password', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('php', "<?php $this->pw = 'x';", "'x'"), { kind: 'property', name: 'pw', fullName: 'this.pw', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('php', "<?php $cfg = ['db' => ['password' => 'x']];", "'x'"), { kind: 'key', name: 'password', fullName: 'cfg.db.password', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('php', "<?php return ['api_key' => 'x'];", "'x'"), { kind: 'key', name: 'api_key', fullName: 'api_key', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('php', "<?php $pdo = new PDO('mysql:x', user: 'root');", "'root'"), { kind: 'keyword-argument', name: 'user', fullName: 'user', callee: 'PDO', argumentIndex: 1 });
    assert.deepEqual(binding('php', "<?php $pdo = new PDO('mysql:x', user: 'root');", "'mysql:x'"), { kind: 'argument', name: undefined, fullName: undefined, callee: 'PDO', argumentIndex: 0 });
    assert.deepEqual(binding('php', "<?php $_ENV['X'] = 'w';", "'w'"), { kind: 'env-write', name: 'X', fullName: 'X', callee: undefined, argumentIndex: undefined });
    assert.deepEqual(binding('php', "<?php putenv('X=w');", "'X=w'"), { kind: 'env-write', name: 'X', fullName: 'X', callee: 'putenv', argumentIndex: 0 });
    assert.deepEqual(binding('php', "<?php function f($a = 'd') {}", "'d'"), { kind: 'parameter-default', name: 'a', fullName: 'a', callee: undefined, argumentIndex: undefined });
    assert.equal(binding('php', "<?php $x = $c ? 'a' : 'b';", "'a'").name, 'x');
    assert.equal(binding('php', "<?php $x = getenv('X') ?: 'v';", "'v'").name, 'x');
    assert.equal(binding('php', "<?php $x = $_ENV['X'] ?? 'v';", "'v'").name, 'x');
    assert.equal(binding('php', "<?php $x = 'a' . $b;", "'a'").kind, 'other');
    assert.equal(binding('php', "<?php $x = ['a', 'b'];", "'a'").kind, 'other');
  });
  void test('binding.node is the value after wrappers', () => {
    const s = src('javascript', "const x = ('v');");
    const b = bindingOf(s.at("'v'"), s.lang);
    assert.equal(b.node.text, "('v')");
  });
});

// ---------------------------------------------------------------------------------------
function reads(g: GrammarId, text: string) {
  const s = src(g, text);
  return findEnvReads(s.root, s.lang).map((r) => ({ name: r.name, hasDefault: r.hasDefault, default: r.defaultNode?.text ?? r.defaultText }));
}

void describe('envReadAt / findEnvReads', () => {
  void test('JavaScript / TypeScript', () => {
    assert.deepEqual(reads('javascript', 'a = process.env.PORT; b = process.env["DB_URL"]; c = process.env[name];'), [
      { name: 'PORT', hasDefault: false, default: undefined },
      { name: 'DB_URL', hasDefault: false, default: undefined },
      { name: undefined, hasDefault: false, default: undefined },
    ]);
    assert.deepEqual(reads('typescript', 'const u = import.meta.env.VITE_URL; const d = Deno.env.get("D"); const b = Bun.env.B;').map((r) => r.name), ['VITE_URL', 'D', 'B']);
    assert.deepEqual(reads('javascript', 'const p = process.env.PORT || 3000;'), [{ name: 'PORT', hasDefault: true, default: '3000' }]);
    assert.deepEqual(reads('javascript', 'const p = process.env.PORT ?? "3000";'), [{ name: 'PORT', hasDefault: true, default: '"3000"' }]);
    assert.deepEqual(reads('javascript', 'const p = Number(process.env.PORT) || 3000;'), [{ name: 'PORT', hasDefault: true, default: '3000' }]);
    assert.deepEqual(reads('javascript', 'const p = process.env.A || process.env.B || "v";'), [
      { name: 'A', hasDefault: true, default: '"v"' },
      { name: 'B', hasDefault: true, default: '"v"' },
    ]);
    assert.deepEqual(reads('javascript', 'const p = process.env.X ? process.env.X : "d";'), [
      { name: 'X', hasDefault: true, default: '"d"' },
      { name: 'X', hasDefault: true, default: '"d"' },
    ]);
    assert.deepEqual(reads('tsx', 'const { PORT, DB: db = "d", HOST = "h", ...rest } = process.env;'), [
      { name: 'PORT', hasDefault: false, default: undefined },
      { name: 'DB', hasDefault: true, default: '"d"' },
      { name: 'HOST', hasDefault: true, default: '"h"' },
    ]);
    const s = src('javascript', 'const { PORT } = process.env;');
    const r = envReadAt(s.at('PORT'), s.lang);
    assert.equal(r?.destructured, true);
    assert.equal(r?.name, 'PORT');
  });
  void test('JavaScript must-nots: writes, other objects, unimported `env`', () => {
    assert.deepEqual(reads('javascript', 'process.env.X = "v"; delete process.env.Y; cfg.env.Z; env.W; const { A } = config;'), []);
    assert.deepEqual(reads('javascript', 'import { env } from "node:process";\nconst a = env.PORT;').map((r) => r.name), ['PORT']);
    assert.deepEqual(reads('javascript', 'const { env } = require("process");\nconst a = env.PORT;').map((r) => r.name), ['PORT']);
    assert.deepEqual(reads('javascript', 'const p = process.env.PORT || process.env.ALT;'), [
      { name: 'PORT', hasDefault: false, default: undefined },
      { name: 'ALT', hasDefault: false, default: undefined },
    ]);
  });
  void test('JavaScript helpers: getEnv("NAME", default)', () => {
    assert.deepEqual(reads('javascript', 'const p = getEnv("PORT", 3000); const q = requireEnv("KEY", "x"); const r = getEnv("port", 1); const s = cfg.env("X");'), [
      { name: 'PORT', hasDefault: true, default: '3000' },
      { name: 'KEY', hasDefault: false, default: undefined },
    ]);
  });
  void test('Python', () => {
    assert.deepEqual(reads('python', 'import os\na = os.environ["A"]\nb = os.environ.get("B")\nc = os.environ.get("C", "d")\nd = os.getenv("D", default="x")\ne = os.getenv(name)'), [
      { name: 'A', hasDefault: false, default: undefined },
      { name: 'B', hasDefault: false, default: undefined },
      { name: 'C', hasDefault: true, default: '"d"' },
      { name: 'D', hasDefault: true, default: '"x"' },
      { name: undefined, hasDefault: false, default: undefined },
    ]);
    assert.deepEqual(reads('python', 'from os import environ, getenv as ge\na = environ["A"]\nb = ge("B") or "v"\nc = int(environ.get("PORT", 5000))'), [
      { name: 'A', hasDefault: false, default: undefined },
      { name: 'B', hasDefault: true, default: '"v"' },
      { name: 'PORT', hasDefault: true, default: '5000' },
    ]);
    assert.deepEqual(reads('python', 'import os as o\nx = o.environ["X"]').map((r) => r.name), ['X']);
    assert.deepEqual(reads('python', 'SECRET = env("SECRET_KEY")\nD = env.bool("DEBUG", default=False)\nP = env.int("PORT", 8000)\nC = env("CAST", str)\nU = config("DATABASE_URL", default="sqlite://")'), [
      { name: 'SECRET_KEY', hasDefault: false, default: undefined },
      { name: 'DEBUG', hasDefault: true, default: 'False' },
      { name: 'PORT', hasDefault: true, default: '8000' },
      { name: 'CAST', hasDefault: false, default: undefined },
      { name: 'DATABASE_URL', hasDefault: true, default: '"sqlite://"' },
    ]);
    assert.deepEqual(reads('python', 'import os\nos.environ.setdefault("X", "v")'), [{ name: 'X', hasDefault: true, default: '"v"' }]);
    assert.deepEqual(reads('python', 'import os\nv = os.environ["X"] if "X" in os.environ else "d"'), [{ name: 'X', hasDefault: true, default: '"d"' }]);
  });
  void test('Python must-nots: WSGI environ, writes, lowercase config keys', () => {
    assert.deepEqual(reads('python', 'def app(environ, start):\n    return environ["PATH_INFO"], environ.get("HTTP_HOST")'), []);
    assert.deepEqual(reads('python', 'import os\nos.environ["X"] = "v"\ndel os.environ["Y"]\nsettings.get("Z")\nconfig("debug")\nenv("lower")'), []);
  });
  void test('Go', () => {
    assert.deepEqual(reads('go', 'package m\nimport "os"\nfunc f() { a := os.Getenv("A"); v, ok := os.LookupEnv("B"); n := os.Getenv(name) }'), [
      { name: 'A', hasDefault: false, default: undefined },
      { name: 'B', hasDefault: false, default: undefined },
      { name: undefined, hasDefault: false, default: undefined },
    ]);
    assert.deepEqual(reads('go', 'package m\nfunc f() { p := cmp.Or(os.Getenv("PORT"), "8080") }'), [{ name: 'PORT', hasDefault: true, default: '"8080"' }]);
    assert.deepEqual(reads('go', 'package m\nfunc f() {\n\tif v := os.Getenv("X"); v == "" {\n\t\tv = "default"\n\t}\n}'), [{ name: 'X', hasDefault: true, default: '"default"' }]);
    assert.deepEqual(reads('go', 'package m\nfunc f() {\n\tport := os.Getenv("PORT")\n\t// fallback\n\tif port == "" {\n\t\tport = "8080"\n\t}\n}'), [{ name: 'PORT', hasDefault: true, default: '"8080"' }]);
    assert.deepEqual(reads('go', 'package m\nfunc f() {\n\tv, ok := os.LookupEnv("X")\n\tif !ok {\n\t\tv = "d"\n\t}\n}'), [{ name: 'X', hasDefault: true, default: '"d"' }]);
    assert.deepEqual(reads('go', 'package m\nfunc f() { p := getEnv("PORT", "8080") }'), [{ name: 'PORT', hasDefault: true, default: '"8080"' }]);
    assert.deepEqual(reads('go', 'package m\nfunc f() { p := config.GetEnvOrDefault("PORT", "8080"); k := envutil.MustGetEnv("KEY") }'), [
      { name: 'PORT', hasDefault: true, default: '"8080"' },
      { name: 'KEY', hasDefault: false, default: undefined },
    ]);
    assert.deepEqual(reads('go', 'package m\nimport sys "os"\nfunc f() { p := sys.Getenv("P") }').map((r) => r.name), ['P']);
  });
  void test('Go must-nots: config libraries, unrelated ifs', () => {
    assert.deepEqual(reads('go', 'package m\nfunc f() { a := viper.GetString("port"); b := cfg.Lookup("X"); c := util.GetEnv("lower") }'), []);
    assert.deepEqual(reads('go', 'package m\nfunc f() {\n\tport := os.Getenv("PORT")\n\tif other == "" {\n\t\tport = "8080"\n\t}\n}'), [{ name: 'PORT', hasDefault: false, default: undefined }]);
  });
  void test('Ruby', () => {
    assert.deepEqual(reads('ruby', "a = ENV['A']\nb = ENV.fetch('B')\nc = ENV.fetch('C', 3000)\nd = ENV.fetch('D') { 'blk' }\ne = ENV['E'] || 'v'\nf = ::ENV['F']\ng = ENV[name]"), [
      { name: 'A', hasDefault: false, default: undefined },
      { name: 'B', hasDefault: false, default: undefined },
      { name: 'C', hasDefault: true, default: '3000' },
      { name: 'D', hasDefault: true, default: "'blk'" },
      { name: 'E', hasDefault: true, default: "'v'" },
      { name: 'F', hasDefault: false, default: undefined },
      { name: undefined, hasDefault: false, default: undefined },
    ]);
    assert.deepEqual(reads('ruby', "x = ENV.fetch('X') { raise 'missing X' }"), [{ name: 'X', hasDefault: false, default: undefined }]);
    assert.deepEqual(reads('ruby', "ENV['X'] ||= 'v'"), [{ name: 'X', hasDefault: true, default: "'v'" }]);
    assert.deepEqual(reads('ruby', "a, b = ENV['A'].split(':')\nc, d = ENV['C'], ENV['D']").map((r) => r.name), ['A', 'C', 'D']);
  });
  void test('Ruby must-nots: Rack env, writes, symbols', () => {
    assert.deepEqual(reads('ruby', "def call(env)\n  env['HTTP_HOST']\n  env.fetch('PATH_INFO', '/')\nend\nENV['X'] = 'v'\nh[:ENV]"), []);
  });
  void test('Java', () => {
    assert.deepEqual(reads('java', 'class A { void m() { String a = System.getenv("A"); String b = System.getenv().get("B"); String c = System.getenv().getOrDefault("C", "d"); String n = System.getenv(name); } }'), [
      { name: 'A', hasDefault: false, default: undefined },
      { name: 'B', hasDefault: false, default: undefined },
      { name: 'C', hasDefault: true, default: '"d"' },
      { name: undefined, hasDefault: false, default: undefined },
    ]);
    assert.deepEqual(reads('java', 'class A { void m() { String v = Optional.ofNullable(System.getenv("X")).map(String::trim).orElse("d"); String w = Objects.requireNonNullElse(System.getenv("Y"), "e"); } }'), [
      { name: 'X', hasDefault: true, default: '"d"' },
      { name: 'Y', hasDefault: true, default: '"e"' },
    ]);
    assert.deepEqual(reads('java', 'class A { String t = System.getenv("Z") != null ? System.getenv("Z") : "def"; }'), [
      { name: 'Z', hasDefault: true, default: '"def"' },
      { name: 'Z', hasDefault: true, default: '"def"' },
    ]);
    assert.deepEqual(reads('java', 'class A { @Value("${DB_URL:jdbc:h2:mem}") String url; @Value(value = "${API_KEY}") String key; }'), [
      { name: 'DB_URL', hasDefault: true, default: 'jdbc:h2:mem' },
      { name: 'API_KEY', hasDefault: false, default: undefined },
    ]);
  });
  void test('Java must-nots: getProperty, the whole map, property placeholders', () => {
    assert.deepEqual(reads('java', 'class A { @Value("${server.port}") int port; void m() { System.getProperty("X"); Map<String, String> e = System.getenv(); String s = "${NOT_AN_ANNOTATION}"; } }'), []);
  });
  void test('PHP', () => {
    assert.deepEqual(reads('php', "<?php\n$a = getenv('A');\n$b = $_ENV['B'];\n$c = $_SERVER['APP_ENV'];\n$d = env('D', 'def');\n$e = getenv('E') ?: 'v';\n$f = $_ENV['F'] ?? 'w';\n$g = \\getenv('G');\n$h = Env::get('H', 'x');"), [
      { name: 'A', hasDefault: false, default: undefined },
      { name: 'B', hasDefault: false, default: undefined },
      { name: 'APP_ENV', hasDefault: false, default: undefined },
      { name: 'D', hasDefault: true, default: "'def'" },
      { name: 'E', hasDefault: true, default: "'v'" },
      { name: 'F', hasDefault: true, default: "'w'" },
      { name: 'G', hasDefault: false, default: undefined },
      { name: 'H', hasDefault: true, default: "'x'" },
    ]);
    assert.deepEqual(reads('php', "<?php $p = (int) getenv('P') ?: 3; $b = isset($_ENV['X']) ? $_ENV['X'] : 'd';"), [
      { name: 'P', hasDefault: true, default: '3' },
      { name: 'X', hasDefault: true, default: "'d'" },
      { name: 'X', hasDefault: true, default: "'d'" },
    ]);
  });
  void test('PHP must-nots: request variables, writes, getenv() without a name, local_only flag', () => {
    assert.deepEqual(reads('php', "<?php $h = $_SERVER['HTTP_HOST']; $u = $_SERVER['REQUEST_URI']; $a = $_SERVER['argv']; $_ENV['X'] = 'v'; unset($_ENV['Y']); $all = getenv();"), []);
    assert.deepEqual(reads('php', "<?php $a = getenv('A', true);"), [{ name: 'A', hasDefault: false, default: undefined }]);
  });
  void test('envReadAt looks through parentheses, not up to parents', () => {
    const s = src('javascript', 'const a = (process.env.A);');
    assert.equal(envReadAt(s.at('(process.env.A)'), s.lang)?.name, 'A');
    assert.equal(envReadAt(s.at('process'), s.lang), undefined);
    assert.equal(envReadAt(s.at('process.env'), s.lang), undefined);
    const r = envReadAt(s.at('process.env.A'), s.lang)!;
    assert.equal(r.node.text, 'process.env.A');
    assert.equal(r.nameNode?.text, 'A');
  });
});

// ---------------------------------------------------------------------------------------
function envDefault(g: GrammarId, text: string, lit: string, nth = 0): boolean {
  const s = src(g, text);
  return isEnvDefault(s.at(lit, undefined, nth), s.lang);
}

void describe('isEnvDefault', () => {
  void test('JavaScript / TypeScript', () => {
    assert.equal(envDefault('javascript', 'const p = process.env.PORT || 3000;', '3000'), true);
    assert.equal(envDefault('typescript', 'const p = process.env.PORT ?? "3000";', '"3000"'), true);
    assert.equal(envDefault('javascript', 'const p = parseInt(process.env.PORT, 10) || 3000;', '3000'), true);
    assert.equal(envDefault('javascript', 'const p = process.env.HOST?.trim() || "localhost";', '"localhost"'), true);
    assert.equal(envDefault('javascript', 'const p = process.env.A || process.env.B || "v";', '"v"'), true);
    assert.equal(envDefault('javascript', 'const p = process.env.X || (prod ? "a" : "b");', '"a"'), true);
    assert.equal(envDefault('typescript', 'const p = (process.env.X as string) || ("d" as string);', '"d"'), true);
    assert.equal(envDefault('javascript', 'const { PORT = 3000 } = process.env;', '3000'), true);
    assert.equal(envDefault('javascript', 'const { DB: db = "d" } = process.env;', '"d"'), true);
    assert.equal(envDefault('javascript', 'const p = process.env.X ? process.env.X : "d";', '"d"'), true);
    assert.equal(envDefault('javascript', 'const p = getEnv("PORT", 3000);', '3000'), true);
    assert.equal(envDefault('javascript', 'process.env.NODE_ENV ??= "development";', '"development"'), true);
    assert.equal(envDefault('javascript', 'const p = _.defaultTo(process.env.PORT, 3000);', '3000'), true);
  });
  void test('JavaScript must-nots', () => {
    assert.equal(envDefault('javascript', 'const p = port || 3000;', '3000'), false);
    assert.equal(envDefault('javascript', 'app.listen(3000);', '3000'), false);
    assert.equal(envDefault('javascript', 'const p = "d" || process.env.X;', '"d"'), false);
    assert.equal(envDefault('javascript', 'const p = getEnv("port", 3000);', '3000'), false);
    assert.equal(envDefault('javascript', 'const p = lookup(process.env.X) || "d";', '"d"'), false);
    assert.equal(envDefault('javascript', 'const { PORT = 3000 } = options;', '3000'), false);
    assert.equal(envDefault('javascript', 'const p = process.env.X ? "yes" : "no";', '"no"'), false);
    assert.equal(envDefault('javascript', 'const p = process.env.PORT + "0";', '"0"'), false);
  });
  void test('Python', () => {
    assert.equal(envDefault('python', 'import os\np = os.environ.get("PORT", "5000")', '"5000"'), true);
    assert.equal(envDefault('python', 'import os\np = int(os.environ.get("PORT", 5000))', '5000'), true);
    assert.equal(envDefault('python', 'import os\np = os.getenv("X") or "v"', '"v"'), true);
    assert.equal(envDefault('python', 'import os\np = int(os.getenv("X")) or 1', '1'), true);
    assert.equal(envDefault('python', 'import os\np = os.getenv("X", default="v")', '"v"'), true);
    assert.equal(envDefault('python', 'D = config("DEBUG", default=False, cast=bool)', 'False'), true);
    assert.equal(envDefault('python', 'S = env.str("SECRET", "dev")', '"dev"'), true);
    assert.equal(envDefault('python', 'import os\nos.environ.setdefault("X", "v")', '"v"'), true);
    assert.equal(envDefault('python', 'import os\nv = os.environ["X"] if "X" in os.environ else "d"', '"d"'), true);
    assert.equal(envDefault('python', 'p = get_env("PORT", "8000")', '"8000"'), true);
  });
  void test('Python must-nots', () => {
    assert.equal(envDefault('python', 'p = settings.get("PORT", "5000")', '"5000"'), false);
    assert.equal(envDefault('python', 'p = x or "v"', '"v"'), false);
    assert.equal(envDefault('python', 'C = env("CAST", str)', 'str'), false);
    assert.equal(envDefault('python', 'app.run(port=5000)', '5000'), false);
    assert.equal(envDefault('python', 'import os\np = os.environ.get("PORT", "5000")', '"PORT"'), false);
  });
  void test('Go', () => {
    assert.equal(envDefault('go', 'package m\nfunc f() { p := cmp.Or(os.Getenv("PORT"), "8080") }', '"8080"'), true);
    assert.equal(envDefault('go', 'package m\nfunc f() {\n\tif v := os.Getenv("X"); v == "" {\n\t\tv = "default"\n\t}\n}', '"default"'), true);
    assert.equal(envDefault('go', 'package m\nfunc f() {\n\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "8080"\n\t}\n}', '"8080"'), true);
    assert.equal(envDefault('go', 'package m\nfunc f() {\n\tvar port = os.Getenv("PORT")\n\tif len(port) == 0 {\n\t\tport = "8080"\n\t}\n}', '"8080"'), true);
    assert.equal(envDefault('go', 'package m\nfunc f() {\n\tv, ok := os.LookupEnv("X")\n\tif !ok {\n\t\tv = "d"\n\t}\n}', '"d"'), true);
    assert.equal(envDefault('go', 'package m\nfunc f() { p := getEnv("PORT", "8080") }', '"8080"'), true);
  });
  void test('Go must-nots', () => {
    assert.equal(envDefault('go', 'package m\nfunc f() { http.ListenAndServe(":8080", nil) }', '":8080"'), false);
    assert.equal(envDefault('go', 'package m\nfunc f() {\n\tport := cfg.Port\n\tif port == "" {\n\t\tport = "8080"\n\t}\n}', '"8080"'), false);
    assert.equal(envDefault('go', 'package m\nfunc f() {\n\tport := os.Getenv("PORT")\n\tif other == "" {\n\t\tport = "8080"\n\t}\n}', '"8080"'), false);
    assert.equal(envDefault('go', 'package m\nfunc f() { p := cmp.Or(x, "8080") }', '"8080"'), false);
  });
  void test('Ruby', () => {
    assert.equal(envDefault('ruby', "p = ENV.fetch('PORT', 3000)", '3000'), true);
    assert.equal(envDefault('ruby', "p = ENV.fetch('PORT') { '3000' }", "'3000'"), true);
    assert.equal(envDefault('ruby', "p = ENV.fetch('PORT') do\n  '3000'\nend", "'3000'"), true);
    assert.equal(envDefault('ruby', "p = ENV['PORT'] || '3000'", "'3000'"), true);
    assert.equal(envDefault('ruby', "p = ENV['PORT'].presence || '3000'", "'3000'"), true);
    assert.equal(envDefault('ruby', "ENV['X'] ||= 'v'", "'v'"), true);
    assert.equal(envDefault('ruby', "p = fetch_env('PORT', '3000')", "'3000'"), true);
  });
  void test('Ruby must-nots', () => {
    assert.equal(envDefault('ruby', "p = h.fetch('PORT', 3000)", '3000'), false);
    assert.equal(envDefault('ruby', "p = x || '3000'", "'3000'"), false);
    assert.equal(envDefault('ruby', "p = ENV.fetch('PORT') { raise 'missing' }", "'missing'"), false);
  });
  void test('Java', () => {
    assert.equal(envDefault('java', 'class A { String v = Optional.ofNullable(System.getenv("X")).orElse("d"); }', '"d"'), true);
    assert.equal(envDefault('java', 'class A { String v = Optional.ofNullable(System.getenv("X")).orElseGet(() -> "d"); }', '"d"'), true);
    assert.equal(envDefault('java', 'class A { String v = Objects.requireNonNullElse(System.getenv("X"), "d"); }', '"d"'), true);
    assert.equal(envDefault('java', 'class A { String v = System.getenv().getOrDefault("X", "d"); }', '"d"'), true);
    assert.equal(envDefault('java', 'class A { String v = System.getenv("Z") != null ? System.getenv("Z") : "def"; }', '"def"'), true);
    assert.equal(envDefault('java', 'class A { String v = System.getenv("Z") == null ? "def" : System.getenv("Z"); }', '"def"'), true);
  });
  void test('Java must-nots', () => {
    assert.equal(envDefault('java', 'class A { String v = map.getOrDefault("X", "d"); }', '"d"'), false);
    assert.equal(envDefault('java', 'class A { String v = Optional.ofNullable(x).orElse("d"); }', '"d"'), false);
    assert.equal(envDefault('java', 'class A { String v = x != null ? x : "def"; }', '"def"'), false);
  });
  void test('PHP', () => {
    assert.equal(envDefault('php', "<?php $v = getenv('X') ?: 'v';", "'v'"), true);
    assert.equal(envDefault('php', "<?php $v = $_ENV['X'] ?? 'v';", "'v'"), true);
    assert.equal(envDefault('php', "<?php $v = env('X', 'v');", "'v'"), true);
    assert.equal(envDefault('php', "<?php $v = isset($_ENV['X']) ? $_ENV['X'] : 'v';", "'v'"), true);
    assert.equal(envDefault('php', "<?php $v = getenv('X') !== false ? getenv('X') : 'v';", "'v'"), true);
    assert.equal(envDefault('php', "<?php $v = Env::get('X', 'v');", "'v'"), true);
  });
  void test('PHP must-nots', () => {
    assert.equal(envDefault('php', "<?php $v = $a ?? 'v';", "'v'"), false);
    assert.equal(envDefault('php', "<?php $v = getenv('X') || 'v';", "'v'"), false, '`||` is boolean in PHP');
    assert.equal(envDefault('php', "<?php $v = getenv('X', true);", 'true'), false, 'local_only is not a default');
    assert.equal(envDefault('php', "<?php $v = config('x', 'v');", "'v'"), false);
  });
});

// ---------------------------------------------------------------------------------------
function calls(g: GrammarId, text: string, filter?: (m: string) => boolean) {
  const s = src(g, text);
  return findCalls(s.root, s.lang, filter).map((c) => ({
    callee: c.callee, object: c.object, method: c.method, args: c.args.map((a) => a.text), kw: Object.fromEntries([...c.keywordArgs].map(([k, v]) => [k, v.text])),
  }));
}

void describe('callInfo / findCalls', () => {
  void test('JavaScript / TypeScript', () => {
    assert.deepEqual(calls('javascript', 'app.listen(3000, () => {});'), [{ callee: 'app.listen', object: 'app', method: 'listen', args: ['3000', '() => {}'], kw: {} }]);
    assert.deepEqual(calls('javascript', 'new winston.transports.File({ filename: "x.log" });'), [
      { callee: 'winston.transports.File', object: 'winston.transports', method: 'File', args: ['{ filename: "x.log" }'], kw: {} },
    ]);
    assert.deepEqual(calls('typescript', 'const c = new Client<T>({ port: 1 });'), [{ callee: 'Client', object: undefined, method: 'Client', args: ['{ port: 1 }'], kw: {} }]);
    assert.deepEqual(calls('javascript', 'a\n  .b()\n  .c(1);').map((c) => c.callee), ['a.b().c', 'a.b']);
    assert.deepEqual(calls('javascript', 'x?.y(1);').map((c) => [c.callee, c.method]), [['x?.y', 'y']]);
    assert.deepEqual(calls('tsx', 'const el = <div onClick={() => go("x")} />;').map((c) => c.callee), ['go']);
    assert.deepEqual(calls('javascript', 'a(1); b.c(2); d.e.f(3);', (m) => m === 'f').map((c) => c.callee), ['d.e.f']);
  });
  void test('Python', () => {
    assert.deepEqual(calls('python', 'logging.basicConfig(filename="app.log", level=logging.INFO)'), [
      { callee: 'logging.basicConfig', object: 'logging', method: 'basicConfig', args: ['filename="app.log"', 'level=logging.INFO'], kw: { filename: '"app.log"', level: 'logging.INFO' } },
    ]);
    assert.deepEqual(calls('python', 'h = FileHandler("x.log", *a, **k)'), [{ callee: 'FileHandler', object: undefined, method: 'FileHandler', args: ['"x.log"', '*a', '**k'], kw: {} }]);
    assert.deepEqual(calls('python', 'app.run(host="0.0.0.0", port=5000)')[0].kw, { host: '"0.0.0.0"', port: '5000' });
  });
  void test('Go', () => {
    assert.deepEqual(calls('go', 'package m\nfunc f() { log.SetOutput(file); http.ListenAndServe(":8080", nil) }'), [
      { callee: 'log.SetOutput', object: 'log', method: 'SetOutput', args: ['file'], kw: {} },
      { callee: 'http.ListenAndServe', object: 'http', method: 'ListenAndServe', args: ['":8080"', 'nil'], kw: {} },
    ]);
  });
  void test('Ruby: parentheses or not, keyword args, setters are not calls', () => {
    assert.deepEqual(calls('ruby', 'Logger.new "log/x.log"'), [{ callee: 'Logger.new', object: 'Logger', method: 'new', args: ['"log/x.log"'], kw: {} }]);
    assert.deepEqual(calls('ruby', "Redis.new(host: 'h', :port => 1, 'db' => 2)"), [
      { callee: 'Redis.new', object: 'Redis', method: 'new', args: ["host: 'h'", ':port => 1', "'db' => 2"], kw: { host: "'h'", port: '1' } },
    ]);
    assert.deepEqual(calls('ruby', "puts 'x'"), [{ callee: 'puts', object: undefined, method: 'puts', args: ["'x'"], kw: {} }]);
    // `config.x` is a real (getter) call; the setter `.y =` is not reported.
    assert.deepEqual(calls('ruby', "self.password = 'pw'\nconfig.x.y = 1"), [{ callee: 'config.x', object: 'config', method: 'x', args: [], kw: {} }]);
    const s = src('ruby', "self.password = 'pw'");
    assert.equal(callInfo(s.at('self.password'), s.lang), undefined);
  });
  void test('Java', () => {
    assert.deepEqual(calls('java', 'class A { void m() { new FileHandler("app.log", true); new java.util.ArrayList<String>(); logger.addHandler(h); } }'), [
      { callee: 'FileHandler', object: undefined, method: 'FileHandler', args: ['"app.log"', 'true'], kw: {} },
      { callee: 'java.util.ArrayList', object: 'java.util', method: 'ArrayList', args: [], kw: {} },
      { callee: 'logger.addHandler', object: 'logger', method: 'addHandler', args: ['h'], kw: {} },
    ]);
  });
  void test('PHP: functions, methods, static calls, new, named arguments', () => {
    assert.deepEqual(calls('php', "<?php\nerror_log('x');\n$log->pushHandler(new StreamHandler('app.log'));\nLog::build(['driver' => 'single']);\n$p = new \\PDO('mysql:x', username: 'root');\n$o?->m();"), [
      { callee: 'error_log', object: undefined, method: 'error_log', args: ["'x'"], kw: {} },
      { callee: '$log->pushHandler', object: '$log', method: 'pushHandler', args: ["new StreamHandler('app.log')"], kw: {} },
      { callee: 'StreamHandler', object: undefined, method: 'StreamHandler', args: ["'app.log'"], kw: {} },
      { callee: 'Log::build', object: 'Log', method: 'build', args: ["['driver' => 'single']"], kw: {} },
      { callee: 'PDO', object: undefined, method: 'PDO', args: ["'mysql:x'", "username: 'root'"], kw: { username: "'root'" } },
      { callee: '$o?->m', object: '$o', method: 'm', args: [], kw: {} },
    ]);
  });
  void test('callInfo refuses non-calls', () => {
    const s = src('javascript', 'const a = b.c;');
    assert.equal(callInfo(s.at('b.c'), s.lang), undefined);
  });
});

// ---------------------------------------------------------------------------------------
function imports(g: GrammarId, text: string) {
  const s = src(g, text);
  return findImports(s.root, s.lang).map((i) => `${i.kind}:${i.module}${i.names ? `[${i.names.join(',')}]` : ''}`);
}

void describe('findImports', () => {
  void test('JavaScript / TypeScript', () => {
    assert.deepEqual(
      imports('typescript', 'import express from "express";\nimport type { X } from "./x";\nexport * from "reexp";\nimport fs = require("fs");\nconst p = require("pg");\nconst m = await import("dyn");\nconst n = require(name);\nimport("./" + x);'),
      ['import:express', 'import:./x', 'import:reexp', 'require:fs', 'require:pg', 'dynamic:dyn'],
    );
    assert.deepEqual(imports('javascript', 'function f() { return require("lazy"); }'), ['require:lazy']);
  });
  void test('Python', () => {
    assert.deepEqual(
      imports('python', 'import os, sys as s\nimport os.path\nfrom a.b import c, d as e\nfrom . import views\nfrom ..pkg import *\nfrom __future__ import annotations\nm = importlib.import_module("plugins.x")'),
      ['import:os', 'import:sys', 'import:os.path', 'import:a.b[c,d]', 'import:.[views]', 'import:..pkg[*]', 'import:__future__', 'dynamic:plugins.x'],
    );
  });
  void test('Go', () => {
    assert.deepEqual(imports('go', 'package m\nimport (\n\t"os"\n\tlg "log"\n\t_ "github.com/lib/pq"\n)\nimport "fmt"'), ['import:os', 'import:log', 'import:github.com/lib/pq', 'import:fmt']);
  });
  void test('top-level packages of bare modules', () => {
    const top = (g: GrammarId, text: string) => { const s = src(g, text); return findImports(s.root, s.lang).map((i) => i.topLevel); };
    assert.deepEqual(top('javascript', 'import a from "lodash/fp"; import b from "@scope/pkg/x"; import c from "./local"; import d from "node:fs"; require("/abs");'), ['lodash', '@scope/pkg', undefined, 'node:fs', undefined]);
    assert.deepEqual(top('python', 'import os.path\nfrom a.b import c\nfrom .rel import x\nfrom . import y'), ['os', 'a', undefined, undefined]);
    assert.deepEqual(top('ruby', "require 'active_support/core_ext'\nrequire_relative 'lib/x'\nrequire './y'"), ['active_support', undefined, undefined]);
    assert.deepEqual(top('go', 'package m\nimport "github.com/lib/pq"'), [undefined]);
  });
  void test('Ruby', () => {
    assert.deepEqual(imports('ruby', "require 'logger'\nrequire_relative \"lib/x\"\nrequire(name)\nfoo.require 'no'"), ['require:logger', 'require:lib/x']);
  });
  void test('Java', () => {
    assert.deepEqual(imports('java', 'import java.util.List;\nimport static java.lang.Math.*;\nimport java.io.*;\nclass A {}'), ['import:java.util.List', 'import:java.lang.Math.*', 'import:java.io.*']);
  });
  void test('PHP', () => {
    assert.deepEqual(
      imports('php', "<?php\nuse Foo\\Bar as Baz, Qux\\Quux;\nuse Monolog\\{Logger, Handler\\StreamHandler};\nrequire_once 'vendor/autoload.php';\ninclude __DIR__ . '/x.php';\nrequire $path;"),
      ['use:Foo\\Bar', 'use:Qux\\Quux', 'use:Monolog\\Logger', 'use:Monolog\\Handler\\StreamHandler', 'require:vendor/autoload.php', 'include:/x.php'],
    );
  });
});

// ---------------------------------------------------------------------------------------
void describe('enclosingFunction', () => {
  const cases: [GrammarId, string, string, string | undefined][] = [
    ['javascript', 'const a = "top";', '"top"', undefined],
    ['javascript', 'app.get("/", (req, res) => { res.send("in"); });', '"in"', 'arrow_function'],
    ['javascript', 'class K { m() { return "in"; } }', '"in"', 'method_definition'],
    ['javascript', 'class K { f = "field"; }', '"field"', undefined],
    ['typescript', 'function f(k: string = "d") { }', '"d"', 'function_declaration'],
    ['python', 'X = "top"', '"top"', undefined],
    ['python', 'def f():\n    return "in"', '"in"', 'function_definition'],
    ['python', 'def f(k="d"):\n    pass', '"d"', undefined],
    ['python', '@app.route("/x")\ndef f():\n    pass', '"/x"', undefined],
    ['python', 'g = lambda: "in"', '"in"', 'lambda'],
    ['go', 'package m\nvar x = "top"', '"top"', undefined],
    ['go', 'package m\nfunc main() { f := func() { g("in") }; f() }', '"in"', 'func_literal'],
    ['go', 'package m\nfunc (s *S) M() { g("in") }', '"in"', 'method_declaration'],
    ['ruby', "X = 'top'", "'top'", undefined],
    ['ruby', "def m\n  'in'\nend", "'in'", 'method'],
    ['ruby', "get '/' do\n  'in'\nend", "'in'", 'do_block'],
    ['ruby', "class C\n  X = 'cls'\nend", "'cls'", undefined],
    ['java', 'class A { String x = "field"; }', '"field"', undefined],
    ['java', 'class A { void m() { g("in"); } }', '"in"', 'method_declaration'],
    ['java', 'class A { Runnable r = () -> g("in"); }', '"in"', 'lambda_expression'],
    ['php', "<?php $x = 'top';", "'top'", undefined],
    ['php', "<?php function f() { return 'in'; }", "'in'", 'function_definition'],
    ['php', "<?php $f = function() { return 'in'; };", "'in'", 'anonymous_function'],
    ['php', "<?php class C { public function m() { g('in'); } }", "'in'", 'method_declaration'],
  ];
  for (const [g, text, lit, expected] of cases) {
    void test(`${g}: ${text.replace(/\n/g, '⏎')}`, () => {
      const s = src(g, text);
      assert.equal(enclosingFunction(s.at(lit), s.lang)?.type, expected);
    });
  }
});

void describe('nameText', () => {
  void test('identifiers, variables, symbols and string keys in each language', () => {
    const js = src('javascript', 'const o = { apiKey: 1, "api-key": 2, ["k"]: 3, [dyn]: 4 }; class K { #priv = 1 }');
    assert.equal(nameText(js.at('apiKey'), js.lang), 'apiKey');
    assert.equal(nameText(js.at('"api-key"'), js.lang), 'api-key');
    assert.equal(nameText(js.at('["k"]'), js.lang), 'k');
    assert.equal(nameText(js.at('[dyn]'), js.lang), undefined);
    assert.equal(nameText(js.at('#priv'), js.lang), 'priv');
    const py = src('python', 'connect(password="p")');
    assert.equal(nameText(py.at('password'), py.lang), 'password');
    const go = src('go', 'package m\nvar c = Config{Password: "p"}');
    assert.equal(nameText(go.at('Password'), go.lang), 'Password');
    const rb = src('ruby', "h = { api_key: 1, :pw => 2 }\n@secret = 1\n@@cv = 2\n$g = 3\nAPI = 4");
    assert.equal(nameText(rb.at('api_key'), rb.lang), 'api_key');
    assert.equal(nameText(rb.at(':pw'), rb.lang), 'pw');
    assert.equal(nameText(rb.at('@secret'), rb.lang), 'secret');
    assert.equal(nameText(rb.at('@@cv'), rb.lang), 'cv');
    assert.equal(nameText(rb.at('$g'), rb.lang), 'g');
    assert.equal(nameText(rb.at('API'), rb.lang), 'API');
    const java = src('java', 'class A { String apiKey; }');
    assert.equal(nameText(java.at('apiKey'), java.lang), 'apiKey');
    const php = src('php', '<?php $password = 1; $$dyn = 2;');
    assert.equal(nameText(php.at('$password'), php.lang), 'password');
    assert.equal(nameText(php.at('$$dyn'), php.lang), undefined);
    assert.equal(nameText(js.at('1'), js.lang), undefined);
  });
});

void describe('identifierWords and toEnvName', () => {
  const words: [string, string[]][] = [
    ['stripeSecretKey', ['stripe', 'secret', 'key']],
    ['DB_PASSWORD', ['db', 'password']],
    ['api-key', ['api', 'key']],
    ['spring.datasource.password', ['spring', 'datasource', 'password']],
    ['APIKey', ['api', 'key']],
    ['HTTPServer2', ['http', 'server2']],
    ['s3Bucket', ['s3', 'bucket']],
    ['AWS_S3_BUCKET', ['aws', 's3', 'bucket']],
    ['oauth2Token', ['oauth2', 'token']],
    ['v2api', ['v2', 'api']],
    ['$password', ['password']],
    ['@secret', ['secret']],
    ['__init__', ['init']],
    ['', []],
  ];
  for (const [name, expected] of words) void test(`identifierWords(${JSON.stringify(name)})`, () => assert.deepEqual(identifierWords(name), expected));

  const env: [string, string][] = [
    ['stripeSecretKey', 'STRIPE_SECRET_KEY'],
    ['spring.datasource.url', 'SPRING_DATASOURCE_URL'],
    ['DB_PASSWORD', 'DB_PASSWORD'],
    ['api-key', 'API_KEY'],
    ['3scale token', '_3SCALE_TOKEN'],
    ['2fa', '_2FA'],
    ['clé', 'CLE'],
    ['x', 'X'],
    ['', ''],
  ];
  for (const [name, expected] of env) {
    void test(`toEnvName(${JSON.stringify(name)})`, () => {
      const out = toEnvName(name);
      assert.equal(out, expected);
      assert.match(out, /^([A-Z_][A-Z0-9_]*)?$/);
    });
  }
});

// ---------------------------------------------------------------------------------------
void describe('robustness on incomplete code (as typed)', () => {
  const samples: [GrammarId, string][] = [
    ['typescript', 'import x from "y";\nconst { PORT = 3000 } = process.env;\nconst k = (process.env.KEY as string) || `sk_${a}`;\nclass K { f = "v"; m(a = "d") { return new Pool({ password: "p" }).connect(a ?? "x"); } }\nprocess.env.X = "w";\n'],
    ['tsx', 'const el = <div title="t" onClick={() => go(process.env.URL ?? "http://x")}>{"c"}</div>;\n'],
    ['python', 'import os\nfrom os import environ\nD = {"db": {"password": f"{x}"}}\ndef f(k="d"):\n    return int(os.environ.get("PORT", 5000)) or environ["X"]\nconnect(password="p", *a)\n'],
    ['go', 'package m\nimport "os"\nconst k = "v"\nfunc f() {\n\tif v := os.Getenv("X"); v == "" {\n\t\tv = "d"\n\t}\n\tc := Config{Password: `p`}\n\thttp.ListenAndServe(":8080", nil)\n}\n'],
    ['ruby', "require 'x'\nAPI = 'k'\nh = { api_key: \"v#{x}\", :pw => 'w' }\np = ENV.fetch('PORT') { 3000 }\nLogger.new 'log/x.log'\ndef m(k = 'd')\n  ENV['X'] || 'v'\nend\n"],
    ['java', 'import java.util.*;\nclass A {\n  @Value("${X:d}") String u;\n  static final String K = "k";\n  void m() { String v = Optional.ofNullable(System.getenv("X")).orElse("d"); new FileHandler("a.log"); }\n}\n'],
    ['php', "<?php\nuse Foo\\Bar;\ndefine('K', 'v');\n$a = getenv('X') ?: 'v';\n$b = ['password' => \"p{$x}\"];\n$c = new PDO('mysql:x', user: 'root');\nfunction f($a = 'd') { return $_ENV['Y'] ?? 'w'; }\n"],
  ];
  for (const [g, text] of samples) {
    void test(g, () => {
      for (let cut = 1; cut <= text.length; cut += 3) {
        const s = src(g, text.slice(0, cut));
        const lang = s.lang;
        findEnvReads(s.root, lang);
        findCalls(s.root, lang);
        findImports(s.root, lang);
        const stack: Node[] = [s.root];
        while (stack.length) {
          const n = stack.pop()!;
          for (const c of n.namedChildren) if (c) stack.push(c);
          stringValue(n, lang);
          stringContentRange(n, lang);
          integerValue(n, lang);
          nameText(n, lang);
          bindingOf(n, lang);
          isEnvDefault(n, lang);
          envReadAt(n, lang);
          callInfo(n, lang);
          enclosingFunction(n, lang);
        }
      }
    });
  }
  void test('findEnvReads agrees with envReadAt', () => {
    for (const [g, text] of samples) {
      const s = src(g, text);
      for (const r of findEnvReads(s.root, s.lang)) {
        const again = envReadAt(r.node, s.lang);
        assert.ok(again, `${g}: ${r.node.text}`);
        assert.equal(again.name, r.name);
        assert.equal(again.hasDefault, r.hasDefault);
      }
    }
  });
  void test('other languages get nothing', () => {
    const s = src('javascript', 'process.env.X');
    assert.deepEqual(findEnvReads(s.root, 'dotenv'), []);
    assert.deepEqual(findCalls(s.root, 'procfile'), []);
    assert.equal(stringValue(s.root, 'dotenv'), undefined);
  });
});
