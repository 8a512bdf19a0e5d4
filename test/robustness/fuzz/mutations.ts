/**
 * Mutations of source text, as plain data (so a failing case can be printed, saved and
 * replayed): truncation, deleted / inserted / replaced / duplicated spans, raw bytes and
 * invalid UTF-8 spliced into the encoding, a BOM, CRLF and lone-CR line endings, NUL bytes,
 * moderate nesting and unterminated strings, template literals, heredocs and comments.
 * Positions are resolved modulo the current length, so any op applies to any text.
 *
 * Also the 20,000-deep inputs of each language (and 20,000 statements side by side), built
 * deterministically.
 */
import fc from 'fast-check';
import type { LanguageTarget } from './seeds';

export type Op =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; len: number; text: string }
  | { kind: 'duplicate'; at: number; len: number; to: number }
  | { kind: 'bytes'; at: number; bytes: number[] }
  | { kind: 'latin1'; at: number; len: number }
  | { kind: 'bom' }
  | { kind: 'eol'; style: 'crlf' | 'cr' | 'mixed'; salt: number }
  | { kind: 'nul'; at: number; count: number }
  | { kind: 'nest'; at: number; open: string; depth: number; close: boolean }
  | { kind: 'unterminated'; at: number; opener: string };

/** Tokens that matter to the grammars and the rules, across the languages. */
const TOKENS = [
  '(', ')', '{', '}', '[', ']', '<', '>', '"', "'", '`', '${', '#{', '"""', "'''", '\\', '/*', '*/', '//', '#', '--',
  ';', ':', ',', '.', '=', '=>', '->', '::', '?', '!', '&&', '|', '$', '@', '%', '\n', '\r', '\r\n', '\t', ' ',
  '\u2028', '\u2029', '\u00a0', '\uFEFF', '\u0000', '\uD800', '\uDC00', '\uFFFD', 'é', '😀', '\u202E',
  'end\n', 'do\n', 'def f():\n', '    ', 'func ', 'class X {', 'package main\n', '<?php ', '?>', 'import os\n',
  'process.env.PORT', 'process.env.', 'os.environ["', 'os.Getenv("', 'ENV.fetch("', 'System.getenv("', "getenv('",
  'app.listen(3000)', 'app.run(port=5000)', 'http.ListenAndServe(":8080", nil)', 'listen 8080', '3000', '0.0.0.0',
  '"http://localhost:5432/db"', '"postgres://user:hunter2@db.internal:5432/app"', '"redis://127.0.0.1:6379"',
  '"sk_live_51HabcdefghijklmnopqrstuvwxyzAB"', '"AKIAIOSFODNN7EXAMPLE"', 'password = "correct horse battery staple"',
  'logging.FileHandler("app.log")', "fs.appendFileSync('app.log', x)", 'process.exit(1)', 'sleep 10 &', 'npm install',
  'twelve-factor-disable-line', '// twelve-factor-disable-next-line\n', '# twelve-factor-disable\n', '// gitleaks:allow',
  'web: ', 'worker: ', 'release: ', 'KEY=', 'export ', 'A="', "B='", '=${', '$(', '`date`', '<<EOF\n', 'EOF\n',
];

/** Openers that leave a string, template, heredoc or comment unterminated. */
const OPENERS = [
  '"', "'", '`', '`${', '"""', "'''", 'f"', 'f"{', 'r"', 'b"', '@"', 'u8"', '/*', '/**', '<!--', '%q{', '%w(', '%Q[',
  '<<~EOS\n', '<<-EOS\n', '<<EOS\n', '<<<EOT\n', "<<<'EOT'\n", '=begin\n', '#{', '"${', 'A="', "A='", 'A=`', '$(', '${',
  'R"(', '/', 'x = /', '<div>', '<![CDATA[', '"\\', "'\\",
];

/** Bad UTF-8: overlong, surrogate, out of range, stray continuation, truncated sequences. */
const BAD_UTF8 = [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xfe], [0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3]];

const at = fc.nat({ max: 1_000_000 });
const insertText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 6 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at, len: fc.nat({ max: 200 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, text: insertText }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), at, len: fc.nat({ max: 40 }), text: insertText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at, len: fc.nat({ max: 300 }), to: at }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const), at,
      bytes: fc.oneof(fc.constantFrom(...BAD_UTF8), fc.uint8Array({ minLength: 1, maxLength: 16 }).map((a) => [...a])),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('latin1' as const), at, len: fc.nat({ max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bom' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('eol' as const), style: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const), salt: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nul' as const), at, count: fc.integer({ min: 1, max: 4 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('nest' as const), at, open: fc.constantFrom('(', '[', '{', '(\n', '[\n', '{\n', '`${', '<div>', 'if x:\n  ', 'begin\n', '$('),
      depth: fc.integer({ min: 2, max: 300 }), close: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unterminated' as const), at, opener: fc.constantFrom(...OPENERS) }) },
);

/** One to four mutations. */
export const opsArb = fc.array(opArb, { minLength: 1, maxLength: 4 });

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '`${': '}`', '<div>': '</div>', '$(': ')' };

function pos(n: number, text: string): number {
  return n % (text.length + 1);
}

/** Applies one op. */
export function applyOp(text: string, op: Op): string {
  switch (op.kind) {
    case 'truncate': return text.slice(0, pos(op.at, text));
    case 'delete': { const p = pos(op.at, text); return text.slice(0, p) + text.slice(p + op.len); }
    case 'insert': { const p = pos(op.at, text); return text.slice(0, p) + op.text + text.slice(p); }
    case 'replace': { const p = pos(op.at, text); return text.slice(0, p) + op.text + text.slice(p + op.len); }
    case 'duplicate': {
      const p = pos(op.at, text);
      const span = text.slice(p, p + op.len);
      const q = pos(op.to, text);
      return text.slice(0, q) + span + text.slice(q);
    }
    case 'bytes': {
      // Into the UTF-8 encoding, possibly inside a multi-byte character; decoding replaces bad sequences.
      const buf = Buffer.from(text, 'utf8');
      const p = op.at % (buf.length + 1);
      return Buffer.concat([buf.subarray(0, p), Buffer.from(op.bytes), buf.subarray(p)]).toString('utf8');
    }
    case 'latin1': {
      // A span read with the wrong encoding: UTF-8 bytes decoded one by one (mojibake).
      const p = pos(op.at, text);
      return text.slice(0, p) + Buffer.from(text.slice(p, p + op.len), 'utf8').toString('latin1') + text.slice(p + op.len);
    }
    case 'bom': return text.startsWith('\uFEFF') ? text.slice(1) : `\uFEFF${text}`;
    case 'eol': {
      if (op.style === 'crlf') return text.replace(/\r?\n/g, '\r\n');
      if (op.style === 'cr') return text.replace(/\r?\n/g, '\r');
      let i = op.salt;
      return text.replace(/\r?\n/g, () => ['\n', '\r\n', '\r'][(i = (i * 1103515245 + 12345) >>> 0) % 3]);
    }
    case 'nul': { const p = pos(op.at, text); return text.slice(0, p) + '\u0000'.repeat(op.count) + text.slice(p); }
    case 'nest': {
      const p = pos(op.at, text);
      const close = op.close ? (CLOSERS[op.open.trim()] ?? '').repeat(op.depth) : '';
      return text.slice(0, p) + op.open.repeat(op.depth) + close + text.slice(p);
    }
    case 'unterminated': { const p = pos(op.at, text); return text.slice(0, p) + op.opener + text.slice(p); }
  }
}

export function applyOps(text: string, ops: readonly Op[]): string {
  return ops.reduce(applyOp, text);
}

/** A short description of ops, for reports. */
export function describeOps(ops: readonly Op[]): string {
  return JSON.stringify(ops, (_k, v: unknown) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}…(${v.length})` : v));
}

// ---------------------------------------------------------------------------------------
// Deep nesting

export const DEEP = 20_000;

export interface DeepCase { name: string; label: string; text: string; settings?: { maxFileSize?: number } }

/** Python indentation deep enough to fill most of the default 1 MiB size limit (1 + 2 + ... + n blanks). */
export const PYTHON_INDENT_DEPTH = 1_400;

function lines(prefix: string, open: string, n: number, middle = '', close = ''): string {
  return prefix + `${open}\n`.repeat(n) + middle + (close ? `\n${`${close}\n`.repeat(n)}` : '');
}

/**
 * 20,000-deep inputs per language (one bracket per line, so that they are not taken for
 * minified code and are really parsed), plus the one-line form the minified check skips.
 */
export function deepCases(target: LanguageTarget, depth = DEEP): DeepCase[] {
  return [...nested(target, depth), ...wide(target, depth)];
}

/** 20,000 statements side by side: wide nodes (children fetched one by one cost quadratic time). */
function wide(target: LanguageTarget, n: number): DeepCase[] {
  const rows = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
  const c = (name: string, text: string): DeepCase[] => [{ name, label: `${n} statements`, text: `${text}\n` }];
  switch (target) {
    case 'javascript': return c('wide.js', `const app = require('express')();\n${rows((i) => `const v${i} = process.env.V${i} || ${i};`)}\napp.listen(3000);`);
    case 'typescript': return c('wide.ts', rows((i) => `export const v${i}: string = process.env.V${i}!;`));
    case 'tsx': return c('wide.tsx', `export const list = <ul>\n${rows((i) => `<li key="${i}">{process.env.V${i}}</li>`)}\n</ul>;`);
    case 'python': return c('wide.py', `import os\n${rows((i) => `v${i} = os.environ.get("V${i}", "${i}")`)}`);
    case 'go': return c('wide.go', `package main\nimport "os"\n${rows((i) => `var v${i} = os.Getenv("V${i}")`)}`);
    case 'ruby': return c('wide.rb', rows((i) => `V${i} = ENV.fetch("V${i}", "${i}")`));
    case 'java': return c('Wide.java', `class Wide {\n${rows((i) => `  static String v${i} = System.getenv("V${i}");`)}\n}`);
    case 'php': return c('wide.php', `<?php\n${rows((i) => `$v${i} = getenv('V${i}');`)}`);
    case 'dotenv': return c('.env', rows((i) => `KEY_${i}=value-${i}`));
    case 'procfile': return c('Procfile', rows((i) => `worker${i}: bundle exec sidekiq -q q${i}`));
  }
}

function nested(target: LanguageTarget, depth: number): DeepCase[] {
  const c = (name: string, label: string, text: string, settings?: DeepCase['settings']): DeepCase => ({ name, label, text, settings });
  switch (target) {
    case 'javascript': return [
      c('deep.js', '(((( balanced', lines('const x = ', '(', depth, 'process.env.PORT || 3000', ')')),
      c('deep.js', '[[[[ open', lines('app.listen(', '[', depth)),
      c('deep.js', '{{{{ open', lines('app.listen(', '{', depth)),
      c('deep.js', '`${ templates', lines('const s = ', '`${', depth)),
      c('deep.js', 'one line ((((', `x = ${'('.repeat(depth)}`),
    ];
    case 'typescript': return [
      c('deep.ts', '{{{{ open', lines('const x: any = ', '{', depth)),
      c('deep.ts', '(((( open', lines('app.listen(', '(', depth)),
      c('deep.ts', '<<<< generics', lines('let x: ', 'Array<', depth)),
    ];
    case 'tsx': return [
      c('deep.tsx', '<div> open', lines('const el = ', '<div>', depth)),
      c('deep.tsx', '{{{{ open', lines('const el = <div>', '{', depth)),
      c('deep.tsx', '(((( balanced', lines('const x = ', '(', depth, '1', ')')),
    ];
    case 'python': return [
      c('deep.py', '(((( open', lines('x = ', '(', depth)),
      c('deep.py', '[[[[ balanced', lines('x = ', '[', depth, '1', ']')),
      c('deep.py', '{{{{ open', lines('x = ', '{', depth)),
      c('deep.py', `indentation x${PYTHON_INDENT_DEPTH}`, Array.from({ length: PYTHON_INDENT_DEPTH }, (_, i) => `${' '.repeat(i)}if x:`).join('\n') + `\n${' '.repeat(PYTHON_INDENT_DEPTH)}app.run(port=5000)\n`),
      c('deep.py', '"""" unterminated', `x = ${'"""\n'.repeat(depth)}`),
    ];
    case 'go': return [
      c('deep.go', '{{{{ open', lines('package main\nfunc main() ', '{', depth)),
      c('deep.go', '(((( open', lines('package main\nvar x = ', '(', depth)),
      c('deep.go', '[]any{ open', lines('package main\nvar x = ', '[]any{', depth)),
    ];
    case 'ruby': return [
      c('deep.rb', '[[[[ open', lines('x = ', '[', depth)),
      c('deep.rb', '(((( balanced', lines('x = ', '(', depth, '1', ')')),
      c('deep.rb', 'begin x20000', lines('', 'begin', depth)),
      c('deep.rb', 'heredocs', `x = ${'<<~EOS\n'.repeat(depth)}`),
    ];
    case 'java': return [
      c('Deep.java', '(((( open', lines('class A { void f() { int x = ', '(', depth)),
      c('Deep.java', '{{{{ open', lines('class A { void f() ', '{', depth)),
      c('Deep.java', '[[[[ open', lines('class A { int', '[]', depth)),
    ];
    case 'php': return [
      c('deep.php', '[[[[ open', lines('<?php\n$x = ', '[', depth)),
      c('deep.php', '(((( balanced', lines('<?php\n$x = ', '(', depth, '1', ')')),
      c('deep.php', '{{{{ open', lines('<?php\nfunction f() ', '{', depth)),
    ];
    case 'dotenv': return [
      c('.env', '${${ references', `A=${'${'.repeat(depth)}\n`),
      c('.env', 'unterminated quotes x20000', 'A="\n'.repeat(depth)),
      c('.env', 'nested quotes', `A="${'\'"`'.repeat(depth)}\n`),
    ];
    case 'procfile': return [
      c('Procfile', '$( substitutions', `web: ${'$('.repeat(depth)}\n`),
      c('Procfile', '(((( subshells', `web: ${'( '.repeat(depth)}\n`),
      c('Procfile', '20,000 lines', 'web: node server.js\n'.repeat(depth)),
    ];
  }
}
