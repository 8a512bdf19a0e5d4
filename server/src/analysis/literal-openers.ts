/**
 * Where a file's string literals open, read by the language's own lexical rules from the
 * start of the file.
 *
 * The literal scan (`literal-scan.ts`) tries every quote character as an opening quote: it
 * cannot tell a comment, a closing quote or the inside of another literal from code without
 * reading the file from its start, and in JavaScript and Ruby that reading needs the parser
 * (regular expressions, templates, percent literals, heredocs). In Python, Go, Java and PHP
 * it does not: comments, strings, runes, characters, heredocs and the HTML around PHP code
 * are told apart from the text alone. A file checked once is read that way, so a quote in a
 * comment, a docstring or a Go struct tag is not taken for a literal the file might have to
 * be parsed for.
 *
 * The reading is exact only for text that lexes cleanly. Where it does not (a literal or a
 * comment left open, an interpolation it cannot follow), the answer is undefined and the scan
 * tries every quote, as it always may: an opener too many costs a look, one too few would
 * lose a finding.
 */
import type { LanguageId } from '../parsing/languages';

const NEWLINE = 10;
const CR = 13;
const BACKSLASH = 92;
const HASH = 35;
const SLASH = 47;
const STAR = 42;
const QUOTE = 34;
const APOSTROPHE = 39;
const BACKTICK = 96;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Thrown when the text does not lex cleanly: the caller falls back to trying every quote. */
class Unclear extends Error {}

function unclear(): never {
  throw new Unclear();
}

function isLineEnd(c: number): boolean {
  return c === NEWLINE || c === CR;
}

/**
 * Where a Python `#` or a Go or Java `//` comment at `i` ends: at the next line feed (or the
 * text's end). Their grammars end these comments at a line feed only: a lone carriage return
 * stays inside.
 */
function lineCommentEnd(text: string, i: number): number {
  const e = text.indexOf('\n', i);
  return e < 0 ? text.length : e;
}

/** The index of the line end at or after `i` (or the text's length). */
function lineEnd(text: string, i: number): number {
  const n = text.length;
  let j = i;
  while (j < n && !isLineEnd(text.charCodeAt(j))) j++;
  return j;
}

/** Past a backslash escape at `j` (a CRLF after it counts as one). */
function pastEscape(text: string, j: number): number {
  return text.charCodeAt(j + 1) === CR && text.charCodeAt(j + 2) === NEWLINE ? j + 3 : j + 2;
}

/** Past a C-style `/* ... *\/` comment opening at `i`. */
function pastBlockComment(text: string, i: number): number {
  const e = text.indexOf('*/', i + 2);
  if (e < 0) unclear();
  return e + 2;
}

/**
 * Past a single-line literal closed by `q` whose body starts at `from` (escapes honoured; none
 * escapes a line end). With `templates` (Java), a `\{` that embeds code in the string is not
 * followed here.
 */
function pastSingleLine(text: string, from: number, q: number, templates = false): number {
  const n = text.length;
  for (let j = from; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === q) return j + 1;
    if (isLineEnd(c)) unclear();
    if (c === BACKSLASH) {
      const next = text.charCodeAt(j + 1);
      if (isLineEnd(next) || (templates && next === OPEN_BRACE)) unclear();
      j++;
    }
  }
  return unclear();
}

/**
 * Past a Go rune or Java character literal opening at `i`: one character or one escape
 * (`'a'`, `'\\n'`, `'\\u00e9'`, `'\\U0001F600'`, `'\\377'`); anything longer is a syntax error.
 */
function pastCharLiteral(text: string, i: number): number {
  const end = pastSingleLine(text, i + 1, APOSTROPHE);
  const body = text.slice(i + 1, end - 1);
  if (!/^(?:[^\\'\r\n]|[\ud800-\udbff][\udc00-\udfff]|\\(?:[abfnrtv\\'"bs]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u+[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}))$/.test(body)) unclear();
  return end;
}

/**
 * Brackets of code, which must pair up: most syntax errors (a truncated file, a template, a
 * merge conflict, another language) leave them unbalanced, and in a file with a syntax error
 * the parser's recovery may read a literal where a clean reading has none.
 */
class Brackets {
  private readonly open: number[] = [];
  /** Notes `c` if it is a bracket (true), or leaves it (false). */
  note(c: number): boolean {
    if (c === 40) this.open.push(41);
    else if (c === 91) this.open.push(93);
    else if (c === OPEN_BRACE) this.open.push(CLOSE_BRACE);
    else if (c === 41 || c === 93 || c === CLOSE_BRACE) {
      if (this.open.pop() !== c) unclear();
    } else return false;
    return true;
  }
  end(): void {
    if (this.open.length) unclear();
  }
}

// ---------------------------------------------------------------------------------------
// Python

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A character that may continue a Python name (a byte order mark, say, does not). */
function continuesPythonName(c: number): boolean {
  if (c < 128) return isNameChar(c);
  return /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}]/u.test(String.fromCharCode(c));
}

/**
 * The flags of the Python string prefix that ends right before the quote at `q`. The parser
 * takes any run of the letters f, t, r, b and u, in any case and order, as a prefix (Python
 * itself rejects `fu` or `bf`, the parser does not): formatted if it holds an f or a t, raw if
 * it holds an r. A run that holds any other letter, or follows a name character, is a name
 * before the quote, and the string has no prefix.
 */
function pythonPrefix(text: string, q: number): { formatted: boolean; raw: boolean; bytes: boolean } {
  let p = q;
  while (p > 0 && isAsciiLetter(text.charCodeAt(p - 1))) p--;
  const prefix = text.slice(p, q);
  if (!/^[fFtTrRbBuU]*$/.test(prefix) || (p > 0 && continuesPythonName(text.charCodeAt(p - 1)))) return { formatted: false, raw: false, bytes: false };
  return { formatted: /[fFtT]/.test(prefix), raw: /[rR]/.test(prefix), bytes: /[bB]/.test(prefix) };
}

class PythonLexer {
  readonly out: number[] = [];
  constructor(private readonly text: string) {}

  run(): number[] {
    const { text } = this;
    const n = text.length;
    const brackets = new Brackets();
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (brackets.note(c)) i++;
      else if (c === HASH) i = lineCommentEnd(text, i);
      else if (c === QUOTE || c === APOSTROPHE) i = this.string(i);
      else if (c === BACKSLASH) {
        // A line continuation. A backslash anywhere else in code is a syntax error, and the
        // parser's recovery may read a literal where a clean reading has none.
        if (!isLineEnd(text.charCodeAt(i + 1))) unclear();
        i = pastEscape(text, i);
      } else if (c === 36 /* $ */ || c === 63 /* ? */ || c === BACKTICK || (c === 33 /* ! */ && text.charCodeAt(i + 1) !== 61)) unclear();
      else i++;
    }
    brackets.end();
    return this.out;
  }

  /** Past the literal whose quote is at `q` (its prefix, if any, right before it). */
  private string(q: number): number {
    const { text } = this;
    const { formatted, raw, bytes } = pythonPrefix(text, q);
    this.out.push(q);
    const c = text.charCodeAt(q);
    const triple = text.charCodeAt(q + 1) === c && text.charCodeAt(q + 2) === c;
    const n = text.length;
    for (let j = q + (triple ? 3 : 1); j < n; j++) {
      const d = text.charCodeAt(j);
      if (d === BACKSLASH) {
        // `\N{NAME}` in a literal neither raw nor bytes: the braces are the escape's, not a
        // field, and the parser reads the escape to its `}` even past a quote (no Python).
        if (!raw && !bytes && text.charCodeAt(j + 1) === 78 && text.charCodeAt(j + 2) === OPEN_BRACE) {
          const e = text.indexOf('}', j + 3);
          if (e < 0 || lineEnd(text, j) < e || text.slice(j + 3, e).includes(text[q])) unclear();
          j = e;
        } else if (formatted && text.charCodeAt(j + 1) === OPEN_BRACE) {
          // A backslash does not escape a brace: the field opens all the same.
        } else if (formatted && text.charCodeAt(j + 1) === CLOSE_BRACE) unclear();
        else j = pastEscape(text, j) - 1;
      } else if (d === c) {
        if (!triple) return j + 1;
        if (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c) return j + 3;
      } else if (isLineEnd(d) && !triple) unclear();
      else if (formatted && d === OPEN_BRACE) {
        if (text.charCodeAt(j + 1) === OPEN_BRACE) j++;
        else j = this.field(j + 1, triple) - 1;
      }
    }
    return unclear();
  }

  /**
   * Past a replacement field of a formatted literal whose expression starts at `from`: its
   * nested literals are openers too; after a top-level `:`, the format spec is text (where
   * only `{...}` fields nest) up to the closing brace.
   */
  private field(from: number, multiline: boolean): number {
    const { text } = this;
    const n = text.length;
    let depth = 0;
    for (let j = from; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d === QUOTE || d === APOSTROPHE) j = this.string(j) - 1;
      else if (d === 40 || d === 91 || d === OPEN_BRACE) depth++;
      else if (d === 41 || d === 93) depth--;
      else if (d === CLOSE_BRACE) {
        if (depth === 0) return j + 1;
        depth--;
      } else if (d === 58 /* : */ && depth === 0 && text.charCodeAt(j + 1) !== 61 /* := */) {
        // The parser takes a lambda's colon at the top of a field for the spec's.
        if (/\blambda\b/.test(text.slice(from, j))) unclear();
        return this.spec(j + 1, multiline);
      }
      else if (d === HASH || (isLineEnd(d) && !multiline)) unclear();
      else if (d === BACKSLASH) unclear();
    }
    return unclear();
  }

  /** Past a format spec starting at `from`, through the brace that closes its field. */
  private spec(from: number, multiline: boolean): number {
    const { text } = this;
    const n = text.length;
    for (let j = from; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d === OPEN_BRACE) j = this.field(j + 1, multiline) - 1;
      else if (d === CLOSE_BRACE) return j + 1;
      else if (d === BACKSLASH || (isLineEnd(d) && !multiline)) unclear();
    }
    return unclear();
  }
}

// ---------------------------------------------------------------------------------------
// Go and Java

/** What sets Go's and Java's lexical rules apart, for the literal openers. */
interface CDialect {
  /** Go: backtick raw strings, which span lines and have no escapes. */
  readonly rawStrings: boolean;
  /** Java: `"""` text blocks. */
  readonly textBlocks: boolean;
  /** Java: string templates, whose `\{...}` embeds code (and literals) in a string or a text block. */
  readonly templates: boolean;
  /** Characters the language's code never holds outside literals and comments. */
  readonly foreign: ReadonlySet<number>;
}

/** Go: `\`, `$`, `?`, `#`, `@` never appear in code. */
const GO: CDialect = { rawStrings: true, textBlocks: false, templates: false, foreign: new Set([BACKSLASH, 36, 63, HASH, 64]) };
/** Java: `\` (a `\u` escape in code is left to the parser), `#`, backticks. */
const JAVA: CDialect = { rawStrings: false, textBlocks: true, templates: true, foreign: new Set([BACKSLASH, HASH, BACKTICK]) };

/**
 * Past a Java text block whose `"""` is at `i`: its opening delimiter ends its line; escapes
 * honoured, closed by the next unescaped `"""`; a template's `\{` is not followed here.
 */
function pastTextBlock(text: string, i: number): number {
  const n = text.length;
  let j = i + 3;
  while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 12) j++;
  if (!isLineEnd(text.charCodeAt(j))) unclear();
  noCommentHidingCloser(text, j);
  for (;; j++) {
    if (j >= n) unclear();
    const d = text.charCodeAt(j);
    if (d === BACKSLASH) {
      if (text.charCodeAt(j + 1) === OPEN_BRACE) unclear();
      // Past the escape's letters and digits (more than it holds, at worst).
      let k = j + 2;
      while (k < n && (isAsciiLetter(text.charCodeAt(k)) || isDigit(text.charCodeAt(k)))) k++;
      noCommentHidingCloser(text, k);
      j++;
    } else if (d === QUOTE && text.charCodeAt(j + 1) === QUOTE && text.charCodeAt(j + 2) === QUOTE) return j + 3;
  }
}

/**
 * The parser reads a comment at the start of a text block's body and after an escape (white
 * space between): one that holds a `"""` keeps the block open past it. Not followed here.
 */
function noCommentHidingCloser(text: string, from: number): void {
  LEADING_COMMENT.lastIndex = from;
  const m = LEADING_COMMENT.exec(text);
  if (m && m[1].includes('"""')) unclear();
}

/** White space then a comment, at `lastIndex` (a block comment left open runs to the end). */
const LEADING_COMMENT = /[ \t\f\r\n]*(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))/y;

function cOpeners(text: string, dialect: CDialect): number[] {
  const out: number[] = [];
  const n = text.length;
  const brackets = new Brackets();
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (brackets.note(c)) i++;
    else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) i = lineCommentEnd(text, i);
    else if (c === SLASH && text.charCodeAt(i + 1) === STAR) i = pastBlockComment(text, i);
    else if (c === QUOTE) {
      out.push(i);
      i = dialect.textBlocks && text.charCodeAt(i + 1) === QUOTE && text.charCodeAt(i + 2) === QUOTE ? pastTextBlock(text, i) : pastSingleLine(text, i + 1, QUOTE, dialect.templates);
    } else if (c === BACKTICK && dialect.rawStrings) {
      out.push(i);
      const e = text.indexOf('`', i + 1);
      if (e < 0) unclear();
      i = e + 1;
    } else if (c === APOSTROPHE) i = pastCharLiteral(text, i);
    else if (dialect.foreign.has(c)) unclear();
    else i++;
  }
  brackets.end();
  return out;
}

// ---------------------------------------------------------------------------------------
// PHP

/**
 * PHP: HTML outside `<?php ... ?>` (and `<?=`, `<?`) holds no literals; in code, comments end
 * at a line end or a `?>`, `#[` opens an attribute, strings interpolate `{$...}` and `${...}`
 * (whose code may hold literals with the same quote), and heredocs and nowdocs run to their
 * closing identifier. The opener of a heredoc or nowdoc is the first `<` of its `<<<`.
 */
class PhpLexer {
  readonly out: number[] = [];
  private readonly brackets = new Brackets();
  constructor(private readonly text: string) {}

  run(): number[] {
    const { text } = this;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const open = text.indexOf('<?', i);
      if (open < 0) break;
      i = open + 2;
      if (/^php/i.test(text.slice(i, i + 3))) i += 3;
      else if (text.charCodeAt(i) === 61 /* = */) i++;
      i = this.code(i);
    }
    this.brackets.end();
    return this.out;
  }

  /** Code from `i` to its `?>` (the index after it) or the end of the text. */
  private code(from: number): number {
    const { text } = this;
    const n = text.length;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if (c === 63 /* ? */ && next === 62 /* > */) return i + 2;
      if (this.brackets.note(c)) i++;
      else if (c === HASH && next === 91 /* [ */) i++;
      else if (c === HASH || (c === SLASH && next === SLASH)) i = this.lineCommentEnd(i);
      else if (c === SLASH && next === STAR) i = pastBlockComment(text, i);
      else if (c === APOSTROPHE) i = this.single(i);
      else if (c === QUOTE) i = this.interpolated(i, QUOTE, true);
      else if (c === BACKTICK) i = this.interpolated(i, BACKTICK, false);
      else if (c === 60 /* < */ && next === 60 && text.charCodeAt(i + 2) === 60) i = this.heredoc(i);
      else i++;
    }
    return n;
  }

  /**
   * Where a `//` or `#` comment at `i` ends, read as the parser reads it: at a line end or a
   * `?>`, where a `?` takes the character after it along (so `??>` does not end the comment),
   * and a `#` right before a `?` is a comment on its own.
   */
  private lineCommentEnd(i: number): number {
    const { text } = this;
    const n = text.length;
    const hash = text.charCodeAt(i) === HASH;
    if (hash && text.charCodeAt(i + 1) === 63) return i + 1;
    let j = hash ? i + 1 : i + 2;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (isLineEnd(c)) return j;
      if (c === 63 /* ? */) {
        const next = text.charCodeAt(j + 1);
        if (j + 1 >= n || next === 62 /* > */ || isLineEnd(next)) return j;
        j += 2;
      } else j++;
    }
    return n;
  }

  /** Past a single-quoted string at `q` (only `\'` and `\\` escape). */
  private single(q: number): number {
    const { text } = this;
    this.out.push(q);
    const n = text.length;
    for (let j = q + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH) j++;
      else if (c === APOSTROPHE) return j + 1;
    }
    return unclear();
  }

  /** Past a double-quoted string (or a backtick command, not a literal itself) at `q`, its interpolations followed. */
  private interpolated(q: number, close: number, literal: boolean): number {
    const { text } = this;
    if (literal) this.out.push(q);
    const n = text.length;
    for (let j = q + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      const next = text.charCodeAt(j + 1);
      if (c === BACKSLASH) j++;
      else if (c === close) return j + 1;
      else if (c === OPEN_BRACE && next === 36 /* $ */) j = this.interpolation(j + 1) - 1;
      else if (c === 36 && next === OPEN_BRACE) j = this.interpolation(j + 2) - 1;
      else if (c === 36 && isNameChar(next)) j = this.simpleVariable(j + 1) - 1;
    }
    return unclear();
  }

  /** `$name`, `$name[key]`, `$name->prop` in a string, from the name at `from`: past it. */
  private simpleVariable(from: number): number {
    const { text } = this;
    let j = from;
    while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 91 /* [ */) {
      const e = text.indexOf(']', j);
      // A quoted key here is a syntax error PHP reports: the parser's reading cannot be foreseen.
      if (e < 0 || /['"\n]/.test(text.slice(j, e))) unclear();
      return e + 1;
    }
    return j;
  }

  /** The code of an interpolation from `from` to its closing brace: past it (literals in it are openers). */
  private interpolation(from: number): number {
    const { text } = this;
    const n = text.length;
    let depth = 0;
    for (let j = from; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === APOSTROPHE) j = this.single(j) - 1;
      else if (c === QUOTE) j = this.interpolated(j, QUOTE, true) - 1;
      else if (c === 40 || c === 91 || c === OPEN_BRACE) depth++;
      else if (c === 41 || c === 93) depth--;
      else if (c === CLOSE_BRACE) {
        if (depth === 0) return j + 1;
        depth--;
      } else if (c === BACKTICK || c === HASH || c === SLASH || isLineEnd(c) || (c === 63 && text.charCodeAt(j + 1) === 62)) unclear();
    }
    return unclear();
  }

  /** Past a heredoc or nowdoc whose `<<<` is at `i`. */
  private heredoc(i: number): number {
    const { text } = this;
    const head = /^<<<[ \t]*(["']?)([A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)\1(\r?\n|\r)/.exec(text.slice(i, i + 256));
    // `<<<` that opens nothing here (`$a <<<` is no PHP): left to the parser.
    if (!head) unclear();
    this.out.push(i);
    const id = head[2];
    const nowdoc = head[1] === "'";
    const closing = new RegExp(`^[ \\t]*${id}(?![A-Za-z0-9_\\x80-\\uffff])`, 'm');
    const bodyStart = i + head[0].length;
    closing.lastIndex = 0;
    const rest = text.slice(bodyStart);
    const m = closing.exec(rest);
    if (!m) unclear();
    const body = rest.slice(0, m.index);
    // A closer the parser may read as a line of the body, when closing there would not parse
    // (`EOT . "x"`): only `;`, `,`, `)` or a line end after it make it the closer.
    if (!/^[ \t]*(?:[;,)]|\r|\n|$)/.test(rest.slice(m.index + m[0].length, m.index + m[0].length + 64))) unclear();
    // At the start of a heredoc's line the parser may read a comment: a `/*` left open there
    // may hide the closer.
    if (!nowdoc) {
      for (const c of body.matchAll(/[\r\n][ \t]*\/\*/g)) if (!body.includes('*/', c.index + c[0].length)) unclear();
    }
    // Line separators (where the pattern's `^` also matches) and white space other than spaces
    // and tabs (which the parser allows before the closing identifier): its closer may be elsewhere.
    if (/[\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(body)) unclear();
    // Interpolations with code in a heredoc: not followed here.
    if (!nowdoc && /\{\$|\$\{/.test(body)) unclear();
    return bodyStart + m.index + m[0].length;
  }
}

/**
 * The offsets of the opening quotes of the file's literals (for Python, the quote after any
 * prefix; for a PHP heredoc or nowdoc, its first `<`; literals nested in interpolations too),
 * in ascending order; undefined for a language
 * whose literals cannot be told from the text alone, or a text that does not lex cleanly.
 */
export function literalOpeners(text: string, lang: LanguageId): number[] | undefined {
  try {
    switch (lang) {
      case 'python': return new PythonLexer(text).run();
      case 'go': return cOpeners(text, GO);
      case 'java': return cOpeners(text, JAVA);
      case 'php': return new PhpLexer(text).run();
      default: return undefined;
    }
  } catch (e) {
    if (e instanceof Unclear || e instanceof RangeError) return undefined;
    throw e;
  }
}
