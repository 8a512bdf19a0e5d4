/**
 * A positional `.env` parser whose key/value results are identical to `dotenv.parse()`
 * (dotenv 18.0.10; its default `parse` is byte-for-byte the same regex parser as 16.x and
 * 17.x), plus `expandDotenv`, which reproduces `dotenv-expand` 1000.0.0's variable
 * expansion. Pure TypeScript, no dependencies, never throws, linear time.
 *
 * Offsets are UTF-16 code units into the text as given (LSP's unit). `line` numbers are
 * 0-based and count `\n`, `\r\n` and a lone `\r` as line breaks (as LSP does; U+2028 and
 * U+2029 are *not* line breaks for `line`, although dotenv's regex treats them as such).
 *
 * ## What dotenv.parse really does
 *
 * dotenv runs one global, multi-line regex over the text after replacing every `\r\n?`
 * with `\n`:
 *
 *     /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/mg
 *
 * then trims the captured value, strips one pair of surrounding quotes with
 * `/^(['"`])([\s\S]*)\1$/mg` and, when the trimmed value *started* with `"`, turns the two
 * characters `\n` and `\r` into a newline and a carriage return. Later keys overwrite
 * earlier ones (`obj[key] = value`). This module walks the text by hand and reproduces
 * the regex's backtracking decisions exactly; the consequences, several of them
 * surprising, are:
 *
 * - Lines are not the unit. `^` matches after `\n`, U+2028 and U+2029, and every `\s` in
 *   the regex also eats line breaks. So `KEY\n=value` is `KEY=value`; `export\nKEY=1` is an
 *   exported `KEY`; `KEY=\n'abc'` is `KEY=abc` (a quoted value may start on a later line,
 *   but an unquoted one may not: `KEY=\nabc` is `KEY=""` and `abc` is a bad line); and
 *   `KEY:\nOTHER=1` is `KEY="OTHER=1"` (the one blank `:` requires may be the line break),
 *   while `KEY: \nOTHER=1` gives `KEY=""` and `OTHER=1`.
 * - `\s` is JavaScript's: tab, VT, FF, space, NBSP, U+1680, U+2000-200A, U+2028/9, U+202F,
 *   U+205F, U+3000 and U+FEFF. So a BOM is just leading blank space, and NBSP around
 *   values is trimmed away.
 * - Keys are `[A-Za-z0-9_.-]+` (ASCII only). `export` needs blank space after it, else it
 *   is part of the key (`exportFOO=1`); `export =1` defines a key named `export`.
 * - `=` may have blanks (and line breaks) on both sides; `:` must follow the key directly
 *   and be followed by at least one blank: `KEY: v` works, `KEY : v` and `KEY:v` are
 *   silently skipped lines.
 * - Unquoted values run to the first `#` (no blank needed: `A=abc#def` is `abc`), or to the
 *   line's end, and are trimmed. They may contain U+2028/U+2029, which then act as line
 *   starts for the quote stripping below.
 * - A quoted value (after optional blank space, possibly line breaks) is closed by a quote
 *   of the same kind that is followed only by blanks up to a line break, a `#` or the end
 *   of the text. A quote preceded by a backslash may close the value or be part of it;
 *   the regex prefers the furthest closer that works, and can never skip an unescaped
 *   quote. So `A="x\"  # c` is `x\` and `A="a\" # x"` is `a\" # x`.
 * - Backslash escapes are otherwise kept verbatim in every quote kind (`'a\'b'` is `a\'b`);
 *   only `\n` and `\r` are turned into control characters, and only when the trimmed
 *   value starts with `"`: this includes values whose quote is not closed (`A="x\ny` with
 *   no closing quote is the unquoted value `"x` + newline + `y`, quote included) and
 *   values with text after the closing quote (`A="a\nb" junk` is `"a` + LF + `b" junk`).
 * - When a quote is not closed, or is followed by other text, the quoted alternative
 *   fails and the value is taken unquoted, to the first `#` on the line: `A="abc` is
 *   `"abc`, `A="abc" junk` is `"abc" junk`. Yet the quote stripping still removes a
 *   surrounding pair: `A="abc"def"` is `abc"def`.
 * - Multi-line values (any quote kind) swallow whatever lines lie inside them, so
 *   `A="x\nB=1\n"` defines only `A`.
 * - `__proto__=x` is silently dropped (assigning a string to `obj.__proto__` does
 *   nothing); `toRecord` behaves the same.
 * - An empty value (`KEY=`, `KEY=  # c`) is the empty string; a bare `KEY` is skipped.
 * - dotenv 18's opt-in `parse(src, { fast: true })` is a different, hand-written parser;
 *   this module matches the default one (the two agreed on 250,000 generated files).
 *
 * ## dotenv-expand (1000.0.0)
 *
 * For each key in order: if `processEnv[key]` is non-empty and differs from the file's
 * value, it wins and is not expanded. Otherwise references are expanded from
 * `{ ...alreadyExpandedFileValues, ...processEnv }` (the environment wins), after removing
 * from that environment the keys whose value is the unexpanded file value (so a
 * `process.env` already filled by `dotenv.config()` does not hide the expansion).
 * `$NAME`, `${NAME}`, `${NAME:-def}` (unset or empty), `${NAME-def}` (unset),
 * `${NAME:+alt}` (set and non-empty) and `${NAME+alt}` (set) are replaced one at a time,
 * always restarting from the beginning, so replacement text is expanded again; expansion
 * stops early when the value becomes equal to the referenced variable's value. A
 * reference preceded by a backslash is left alone, and at the end every `\$` becomes `$`.
 * Quirks reproduced: the replacement goes to the *first* occurrence of the reference text,
 * which may be an escaped one (`\${A} ${A}` with A=x gives `\x x`); `$$`, `$&`, `` $` ``
 * and `$'` in a substituted value are String.replace patterns; a reference without an
 * operator is cut at the first `null` (`$FOOnullBAR` reads `FOO`, `$nullable` reads the
 * empty name). Not reproduced, by design: command substitution `$(...)` (dotenv-expand runs
 * the command through a shell) and decryption of `encrypted:` values (when a
 * `DOTENV_PRIVATE_KEY` is present): both are left as written and reported by
 * `expandDotenvDetailed`. dotenv-expand never terminates on some inputs; we stop after a
 * bounded number of steps and report the key. The common one: `X=$X:more` in `.env`
 * with `expand(dotenv.config())` when X is not already set (config() puts the unexpanded
 * value into process.env, which expand then substitutes into itself forever); others:
 * `A=\${A}` then `B=${A}x`, or a substituted value containing `$&`. Variable names that are `Object.prototype` members
 * (`constructor`, `toString`, ...) make dotenv-expand crash or loop; we treat them as
 * ordinary names.
 *
 * ## Where the runners disagree (portability hints)
 *
 * | input | dotenv (Node) | docker compose (compose-go) | foreman | python-dotenv |
 * |---|---|---|---|---|
 * | `A=b #c` / `A=b#c` | `b` / `b` | `b` / `b#c` (needs ` #`) | `b #c` / `b#c` (no comments) | `b` / `b#c` |
 * | `A= b ` | `b` | `b` | ` b ` (no trimming) | `b` |
 * | `A: b` | `b` | `b` | skipped | skipped (error) |
 * | `export A=b` | yes | yes | skipped | yes |
 * | key chars | `[A-Za-z0-9_.-]` | Unicode letters/digits, `_ . - [ ]`; anything else is an error for the whole file | `[A-Za-z0-9_]` | anything but `= # space` |
 * | `"a\nb"` | newline | newline (also `\t \\ \" \$` and octal) | newline, other `\x` unescaped to `x` | newline and Python escapes |
 * | `'a\nb'` | `a\nb` verbatim | verbatim, but `\'` unescaped | verbatim | verbatim, but `\'` and `\\` unescaped |
 * | `` `x` `` | quotes stripped | kept | kept | kept |
 * | multi-line quoted values | all quote kinds | `"` and `'` | no (one line each) | `"` and `'` |
 * | unterminated quote | value keeps the quote | error, file rejected | value keeps the quote | error line, skipped |
 * | `${VAR}` | only with dotenv-expand | yes (unquoted and `"`), `$$` escapes | no | `${VAR}` / `${VAR:-x}` only, no `$VAR` |
 * | bare `KEY` | skipped | taken from the environment | skipped | `None` |
 * | environment vs file | `config()` keeps existing env (unless `override`) | environment wins | `.env` wins | `load_dotenv` keeps env unless `override=True` |
 * | BOM at the start | blank space | removed | first line skipped | removed |
 * | `A = b` (blanks around `=`) | `b` | `b` | skipped | `b` |
 *
 * Safe subset everywhere: `KEY=value` with `[A-Z_][A-Z0-9_]*` keys, no `export`, no
 * blanks around `=`, full-line `#` comments only, no BOM, and values that are either bare
 * words without `#`, quotes, backslashes or `$`, or double-quoted on one line with no
 * backslashes and no `$`.
 */

export interface OffsetRange { start: number; end: number }

export type DotenvQuote = '"' | "'" | '`';

export interface DotenvComment { text: string; range: OffsetRange }

export interface DotenvEntry {
  key: string;
  /** The value exactly as `dotenv.parse` returns it. */
  value: string;
  /** 0-based line of the key. */
  line: number;
  /** From `export` (or the key) to the end of the value or its closing quote. */
  range: OffsetRange;
  keyRange: OffsetRange;
  /**
   * The value's source text: between the quotes when the quote is closed; otherwise the
   * trimmed text, *including* an unclosed opening quote (dotenv keeps it in the value).
   * Empty values get an empty range just after the delimiter (or between the quotes).
   */
  valueRange: OffsetRange;
  /** The source text of `valueRange` (line breaks as written). */
  rawValue: string;
  /** The quote the value starts with, closed or not. */
  quote: DotenvQuote | null;
  /** `close` is missing when the quote is not closed (dotenv then keeps the opening quote). */
  quoteRanges?: { open: OffsetRange; close?: OffsetRange };
  exported: boolean;
  exportRange?: OffsetRange;
  delimiter: '=' | ':';
  delimiterRange: OffsetRange;
  /** A `#` comment on the line where the entry ends; `text` includes the `#`. */
  comment?: DotenvComment;
}

export type DotenvLineKind = 'blank' | 'comment' | 'entry' | 'continuation' | 'invalid';

export interface DotenvLine {
  line: number;
  /** The line's text, without its line break. */
  text: string;
  /** The line's range, without its line break. */
  range: OffsetRange;
  /**
   * `entry`: an entry's key is on this line; `continuation`: the line is inside an entry
   * that starts on an earlier line (multi-line value, `KEY\n=v`, `export\nKEY=v`...);
   * `invalid`: a line with content that dotenv silently skips.
   */
  kind: DotenvLineKind;
  /** The first entry whose key is on this line. */
  entry?: DotenvEntry;
  /** Every entry whose key is on this line (more than one only with U+2028/U+2029). */
  entries?: DotenvEntry[];
  /** Blank characters (JavaScript's `\s`) at the start; a BOM on line 0 is not counted. */
  leadingWhitespace: number;
  /** Blank characters at the end (for a blank line, the same as `leadingWhitespace`). */
  trailingWhitespace: number;
  /** Blank space between the key and the delimiter (entry lines). */
  spaceBeforeDelimiter?: boolean;
  /** Blank space between the delimiter and a non-empty value or its opening quote (always, for `:`). */
  spaceAfterDelimiter?: boolean;
}

export interface DotenvDocument {
  entries: DotenvEntry[];
  lines: DotenvLine[];
  /** Full-line and inline comments, in text order. */
  comments: DotenvComment[];
  /** The text starts with U+FEFF. */
  bom: boolean;
  /** Set only if the parser hit an internal error (a bug); the document is then partial. */
  internalError?: string;
}

// ---------------------------------------------------------------------------------------
// Character classes

const LF = 10;
const CR = 13;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const BACKSLASH = 92;
const BACKTICK = 96;
const EQUALS = 61;
const COLON = 58;

/** JavaScript's `\s` (and `String.prototype.trim`): WhiteSpace and LineTerminator. */
export function isDotenvWhitespace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Line terminators for a regex's `^`, `$` and `.`. */
function isRegexLineTerminator(c: number): boolean {
  return c === LF || c === CR || c === 0x2028 || c === 0x2029;
}

/** `[\w.-]` without the `u` flag. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

function isQuote(c: number): boolean {
  return c === DQUOTE || c === SQUOTE || c === BACKTICK;
}

function hasLineFeed(t: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (t.charCodeAt(i) === LF) return true;
  return false;
}

function skipWs(t: string, i: number): number {
  const n = t.length;
  while (i < n && isDotenvWhitespace(t.charCodeAt(i))) i++;
  return i;
}

// ---------------------------------------------------------------------------------------
// Value post-processing, as dotenv does it after the match

function trimRange(t: string, s: number, e: number): [number, number] {
  while (s < e && isDotenvWhitespace(t.charCodeAt(s))) s++;
  while (e > s && isDotenvWhitespace(t.charCodeAt(e - 1))) e--;
  return [s, e];
}

/** `v.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')`, in linear time. */
function stripQuotePairs(v: string): string {
  const n = v.length;
  if (n < 2) return v;
  // For each quote kind, the last index holding that quote at the end of a (regex) line.
  let lastD = -1, lastS = -1, lastB = -1;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (isQuote(c) && (i + 1 === n || isRegexLineTerminator(v.charCodeAt(i + 1)))) {
      if (c === DQUOTE) lastD = i; else if (c === SQUOTE) lastS = i; else lastB = i;
    }
  }
  if (lastD < 0 && lastS < 0 && lastB < 0) return v;
  let out = '';
  let copied = 0;
  let s = 0;
  while (s < n) {
    const c = v.charCodeAt(s);
    if (isQuote(c)) {
      const e = c === DQUOTE ? lastD : c === SQUOTE ? lastS : lastB;
      if (e > s) {
        out += v.slice(copied, s) + v.slice(s + 1, e);
        copied = e + 1;
        s = e + 1; // lastIndex; the next `^` is after the terminator at e + 1
      }
    }
    // advance to the next line start
    while (s < n && !isRegexLineTerminator(v.charCodeAt(s))) s++;
    s++;
  }
  return copied === 0 ? v : out + v.slice(copied);
}

/** `\n` and `\r` (backslash + letter) to LF and CR, as dotenv does for `"` values. */
function expandNewlineEscapes(v: string): string {
  if (v.indexOf('\\') < 0) return v;
  let out = '';
  let copied = 0;
  for (let i = 0; i + 1 < v.length; i++) {
    if (v.charCodeAt(i) !== BACKSLASH) continue;
    const next = v.charCodeAt(i + 1);
    if (next === 110 /* n */ || next === 114 /* r */) {
      out += v.slice(copied, i) + (next === 110 ? '\n' : '\r');
      copied = i + 2;
      i++;
    }
  }
  return copied === 0 ? v : out + v.slice(copied);
}

function finishValue(trimmed: string): string {
  const first = trimmed.charCodeAt(0);
  const stripped = stripQuotePairs(trimmed);
  return first === DQUOTE ? expandNewlineEscapes(stripped) : stripped;
}

// ---------------------------------------------------------------------------------------
// The matcher (on the CRLF-normalised text)

interface RestResult { end: number; commentStart: number }

/**
 * The regex's tail `\s*(?:#.*)?$` tried at `pos`: where the match ends, and where the
 * comment it took starts (-1 for none); null when it fails.
 */
function matchRest(t: string, pos: number): RestResult | null {
  const n = t.length;
  const k0 = skipWs(t, pos);
  if (k0 < n && t.charCodeAt(k0) === HASH) {
    let end = k0;
    while (end < n && !isRegexLineTerminator(t.charCodeAt(end))) end++;
    return { end, commentStart: k0 };
  }
  if (k0 >= n) return { end: n, commentStart: -1 };
  for (let k = k0 - 1; k >= pos; k--) {
    if (isRegexLineTerminator(t.charCodeAt(k))) return { end: k, commentStart: -1 };
  }
  return null;
}

interface RawMatch {
  exportStart: number; // -1 when not exported
  keyStart: number;
  keyEnd: number;
  delimPos: number;
  delimiter: '=' | ':';
  /** Where the value capture group starts (after the delimiter and its lazy blank). */
  valueAt: number;
  quoted: boolean;
  /** Quoted: the opening and closing quote; unquoted: the trimmed capture. */
  openQuote: number;
  closeQuote: number;
  trimStart: number;
  trimEnd: number;
  hasValue: boolean;
  value: string;
  end: number;
  commentStart: number;
}

function matchValue(t: string, m: RawMatch): RawMatch | null {
  const n = t.length;
  const x = m.valueAt;
  // Quoted alternatives: `\s*Q(?:\\Q|[^Q])*Q`, then the tail.
  const y = skipWs(t, x);
  if (y < n && isQuote(t.charCodeAt(y))) {
    const q = t[y];
    let best = -1;
    let bestRest: RestResult | null = null;
    let j = t.indexOf(q, y + 1);
    while (j !== -1) {
      const rest = matchRest(t, j + 1);
      if (rest) { best = j; bestRest = rest; }
      if (t.charCodeAt(j - 1) !== BACKSLASH) break; // an unescaped quote cannot be skipped
      j = t.indexOf(q, j + 1);
    }
    if (bestRest) {
      const body = t.slice(y + 1, best);
      m.quoted = true;
      m.hasValue = true;
      m.openQuote = y;
      m.closeQuote = best;
      m.trimStart = y;
      m.trimEnd = best + 1;
      m.value = q === '"' ? expandNewlineEscapes(body) : body;
      m.end = bestRest.end;
      m.commentStart = bestRest.commentStart;
      return m;
    }
  }
  // Unquoted alternative `[^#\r\n]+`.
  const c = x < n ? t.charCodeAt(x) : -1;
  if (c !== -1 && c !== HASH && c !== LF && c !== CR) {
    let u = x;
    while (u < n) {
      const d = t.charCodeAt(u);
      if (d === HASH || d === LF || d === CR) break;
      u++;
    }
    const [s, e] = trimRange(t, x, u);
    m.hasValue = s < e;
    m.trimStart = s;
    m.trimEnd = e;
    m.value = s < e ? finishValue(t.slice(s, e)) : '';
    const rest = matchRest(t, u);
    // Cannot fail: t[u] is `#`, a line break, or u is the end.
    m.end = rest ? rest.end : u;
    m.commentStart = rest ? rest.commentStart : -1;
    return m;
  }
  // No value group.
  const rest = matchRest(t, x);
  if (!rest) return null; // cannot happen: t[x] is `#`, a line break, or x is the end
  m.hasValue = false;
  m.trimStart = x;
  m.trimEnd = x;
  m.value = '';
  m.end = rest.end;
  m.commentStart = rest.commentStart;
  return m;
}

function matchKey(t: string, k: number, exportStart: number): RawMatch | null {
  const n = t.length;
  let e = k;
  while (e < n && isKeyChar(t.charCodeAt(e))) e++;
  if (e === k) return null;
  // A shorter key would be followed by a key character, which no delimiter accepts.
  const d = skipWs(t, e);
  let delimPos: number;
  let delimiter: '=' | ':';
  let valueAt: number;
  if (d < n && t.charCodeAt(d) === EQUALS) {
    delimPos = d; delimiter = '='; valueAt = d + 1;
  } else if (e + 1 < n && t.charCodeAt(e) === COLON && isDotenvWhitespace(t.charCodeAt(e + 1))) {
    delimPos = e; delimiter = ':'; valueAt = e + 2;
  } else {
    return null;
  }
  return matchValue(t, {
    exportStart, keyStart: k, keyEnd: e, delimPos, delimiter, valueAt,
    quoted: false, openQuote: -1, closeQuote: -1, trimStart: valueAt, trimEnd: valueAt,
    hasValue: false, value: '', end: valueAt, commentStart: -1,
  });
}

/** One attempt of the regex at a line start whose first non-blank character is `i`. */
function matchAt(t: string, i: number): RawMatch | null {
  const n = t.length;
  if (i + 6 < n && t.startsWith('export', i) && isDotenvWhitespace(t.charCodeAt(i + 6))) {
    const r = matchKey(t, skipWs(t, i + 6), i);
    if (r) return r;
  }
  return matchKey(t, i, -1);
}

// ---------------------------------------------------------------------------------------
// CRLF normalisation with an offset map back to the original text

interface Normalized { t: string; map: Int32Array | null }

function normalizeNewlines(text: string): Normalized {
  if (text.indexOf('\r') < 0) return { t: text, map: null };
  const n = text.length;
  const map = new Int32Array(n + 1);
  const parts: string[] = [];
  let j = 0;
  let segStart = 0;
  let i = 0;
  while (i < n) {
    if (text.charCodeAt(i) === CR) {
      if (i > segStart) parts.push(text.slice(segStart, i));
      parts.push('\n');
      map[j++] = i;
      i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
      segStart = i;
    } else {
      map[j++] = i++;
    }
  }
  if (n > segStart) parts.push(text.slice(segStart));
  map[j] = n;
  return { t: parts.join(''), map: map.subarray(0, j + 1) };
}

// ---------------------------------------------------------------------------------------
// The document

export function parseDotenv(text: string): DotenvDocument {
  try {
    return parseDocument(typeof text === 'string' ? text : String(text));
  } catch (err) {
    return { entries: [], lines: [], comments: [], bom: false, internalError: err instanceof Error ? err.message : String(err) };
  }
}

function parseDocument(text: string): DotenvDocument {
  const { t, map } = normalizeNewlines(text);
  const n = t.length;
  const orig = (o: number): number => (map ? map[o] : o);
  const range = (s: number, e: number): OffsetRange => ({ start: orig(s), end: orig(e) });

  // Physical lines of the normalised text (split on `\n` only).
  const lineStarts: number[] = [0];
  for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineCount = lineStarts.length;
  const lineEndOf = (l: number): number => (l + 1 < lineCount ? lineStarts[l + 1] - 1 : n);
  // Offsets are looked up in increasing order most of the time: keep a cursor.
  let cursor = 0;
  const lineOf = (o: number): number => {
    if (o < lineStarts[cursor]) {
      let lo = 0, hi = cursor;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid] <= o) lo = mid; else hi = mid - 1; }
      cursor = lo;
    }
    while (cursor + 1 < lineCount && lineStarts[cursor + 1] <= o) cursor++;
    return cursor;
  };

  const entries: DotenvEntry[] = [];
  const spans: { startLine: number; keyLine: number; endLine: number; entry: DotenvEntry; spaceBefore: boolean; spaceAfter: boolean }[] = [];
  const inlineComments: DotenvComment[] = [];

  let pos = 0; // the regex's lastIndex
  while (pos < n) {
    let p = pos;
    if (p > 0 && !isRegexLineTerminator(t.charCodeAt(p - 1))) {
      while (p < n && !isRegexLineTerminator(t.charCodeAt(p))) p++;
      p++;
    }
    if (p >= n) break;
    const i = skipWs(t, p);
    if (i >= n) break;
    const m = matchAt(t, i);
    if (!m) {
      // Every line start up to i has the same first non-blank character: skip them.
      pos = i + 1;
      continue;
    }
    pos = m.end;

    const key = t.slice(m.keyStart, m.keyEnd);
    const delimEnd = m.delimPos + 1;
    const startPos = m.exportStart >= 0 ? m.exportStart : m.keyStart;
    let quote: DotenvQuote | null = null;
    let quoteRanges: DotenvEntry['quoteRanges'];
    let vs: number, ve: number, endPos: number;
    if (m.quoted) {
      quote = t[m.openQuote] as DotenvQuote;
      quoteRanges = { open: range(m.openQuote, m.openQuote + 1), close: range(m.closeQuote, m.closeQuote + 1) };
      vs = m.openQuote + 1; ve = m.closeQuote; endPos = m.closeQuote + 1;
    } else if (m.hasValue) {
      vs = m.trimStart; ve = m.trimEnd; endPos = m.trimEnd;
      const c0 = t.charCodeAt(vs);
      if (isQuote(c0)) {
        quote = t[vs] as DotenvQuote;
        if (ve - vs >= 2 && t.charCodeAt(ve - 1) === c0) {
          quoteRanges = { open: range(vs, vs + 1), close: range(ve - 1, ve) };
          vs++; ve--;
        } else {
          quoteRanges = { open: range(vs, vs + 1) };
        }
      }
    } else {
      vs = ve = endPos = delimEnd;
    }
    const valueRange = range(vs, ve);
    const entry: DotenvEntry = {
      key,
      value: m.value,
      line: lineOf(m.keyStart),
      range: range(startPos, endPos),
      keyRange: range(m.keyStart, m.keyEnd),
      valueRange,
      rawValue: text.slice(valueRange.start, valueRange.end),
      quote,
      exported: m.exportStart >= 0,
      delimiter: m.delimiter,
      delimiterRange: range(m.delimPos, delimEnd),
    };
    if (quoteRanges) entry.quoteRanges = quoteRanges;
    if (m.exportStart >= 0) entry.exportRange = range(m.exportStart, m.exportStart + 6);
    if (m.commentStart >= 0 && !hasLineFeed(t, endPos, m.commentStart)) {
      const cr = range(m.commentStart, m.end);
      entry.comment = { text: text.slice(cr.start, cr.end), range: cr };
      inlineComments.push(entry.comment);
    }
    entries.push(entry);
    const valueStart = m.quoted ? m.openQuote : m.trimStart;
    spans.push({
      startLine: lineOf(startPos),
      keyLine: entry.line,
      endLine: lineOf(endPos),
      entry,
      spaceBefore: m.delimPos > m.keyEnd,
      spaceAfter: (m.quoted || m.hasValue) && valueStart > delimEnd,
    });
  }

  // Lines.
  const bom = text.charCodeAt(0) === 0xfeff;
  const lines: DotenvLine[] = new Array(lineCount);
  for (let l = 0; l < lineCount; l++) {
    const s = lineStarts[l];
    const e = lineEndOf(l);
    const r = range(s, e);
    const lineText = text.slice(r.start, r.end);
    let lead = l === 0 && bom ? 1 : 0;
    const firstNonWs = skipWs(lineText, lead);
    const blank = firstNonWs >= lineText.length;
    lead = firstNonWs - lead;
    let trail = 0;
    if (blank) trail = lead;
    else while (trail < lineText.length && isDotenvWhitespace(lineText.charCodeAt(lineText.length - 1 - trail))) trail++;
    lines[l] = {
      line: l, text: lineText, range: r,
      kind: blank ? 'blank' : lineText.charCodeAt(firstNonWs) === HASH ? 'comment' : 'invalid',
      leadingWhitespace: lead, trailingWhitespace: trail,
    };
  }
  for (const sp of spans) {
    for (let l = sp.startLine; l <= sp.endLine; l++) {
      if (l !== sp.keyLine && lines[l].kind !== 'entry') lines[l].kind = 'continuation';
    }
    const kl = lines[sp.keyLine];
    if (kl.kind !== 'entry') {
      kl.kind = 'entry';
      kl.entry = sp.entry;
      kl.entries = [sp.entry];
      kl.spaceBeforeDelimiter = sp.spaceBefore;
      kl.spaceAfterDelimiter = sp.spaceAfter;
    } else {
      (kl.entries ??= []).push(sp.entry);
    }
  }

  // Comments: full-line ones and inline ones, in order.
  const comments: DotenvComment[] = [];
  let ic = 0;
  for (const ln of lines) {
    while (ic < inlineComments.length && inlineComments[ic].range.start < ln.range.start) comments.push(inlineComments[ic++]);
    if (ln.kind === 'comment') {
      const hash = ln.text.indexOf('#');
      const cr = { start: ln.range.start + hash, end: ln.range.end };
      comments.push({ text: text.slice(cr.start, cr.end), range: cr });
    }
  }
  while (ic < inlineComments.length) comments.push(inlineComments[ic++]);

  return { entries, lines, comments, bom };
}

/** The entries as `dotenv.parse` returns them: the last one of a key wins. */
export function toRecord(doc: DotenvDocument): Record<string, string> {
  const record: Record<string, string> = {};
  // A plain assignment on purpose: like dotenv, `__proto__` is silently dropped.
  for (const entry of doc.entries) record[entry.key] = entry.value;
  return record;
}

/** 0-based line and UTF-16 character of an offset; line breaks are `\n`, `\r\n`, `\r`. */
export function offsetToPosition(text: string, offset: number): { line: number; character: number } {
  const target = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < target; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) { line++; lineStart = i + 1; } else if (c === CR) {
      if (i + 1 < text.length && text.charCodeAt(i + 1) === LF) {
        if (i + 1 === target) return { line, character: i - lineStart }; // inside a CRLF
        i++;
      }
      line++; lineStart = i + 1;
    }
  }
  return { line, character: target - lineStart };
}

// ---------------------------------------------------------------------------------------
// dotenv-expand

export type ExpandIssueKind = 'command-substitution' | 'encrypted' | 'non-terminating';

export interface ExpandIssue {
  key: string;
  kind: ExpandIssueKind;
  message: string;
}

export interface ExpandResult {
  parsed: Record<string, string>;
  issues: ExpandIssue[];
}

export interface ExpandOptions {
  /** Substitution steps per value before giving up (dotenv-expand may go on forever). */
  maxSteps?: number;
  /** Longest intermediate value, in UTF-16 units, before giving up. */
  maxLength?: number;
  /** Total UTF-16 units scanned for one value before giving up. */
  maxWork?: number;
}

/** The result of dotenv-expand's `expand({ parsed: record, processEnv }).parsed`. */
export function expandDotenv(record: Record<string, string>, processEnv?: Record<string, string | undefined>): Record<string, string> {
  return expandDotenvDetailed(record, processEnv).parsed;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function ownValue(o: Record<string, string | undefined>, k: string): string | undefined {
  return hasOwn(o, k) ? o[k] : undefined;
}

/**
 * `expandDotenv`, plus what could not be reproduced. Pure: neither argument is changed
 * (dotenv-expand also writes the results into `processEnv`). `processEnv` defaults to
 * `process.env`, as in dotenv-expand; pass `{}` to expand from the file alone.
 */
export function expandDotenvDetailed(
  record: Record<string, string>,
  processEnv?: Record<string, string | undefined>,
  options: ExpandOptions = {},
): ExpandResult {
  const env: Record<string, string | undefined> = processEnv
    ?? (typeof process !== 'undefined' && process.env ? process.env : {});
  const limits: Required<ExpandOptions> = {
    maxSteps: options.maxSteps ?? 1_000,
    maxLength: options.maxLength ?? 65_536,
    maxWork: options.maxWork ?? 1_000_000,
  };
  const original: Record<string, string> = { ...record };
  const parsed: Record<string, string> = { ...record };
  const running = new Map<string, string>();
  const issues: ExpandIssue[] = [];

  for (const key of Object.keys(record)) {
    let value: string = original[key];
    const fromEnv = ownValue(env, key);
    if (fromEnv && fromEnv !== value) {
      value = fromEnv;
    } else {
      // The lookup table: file values expanded so far, overridden by the environment, less
      // the environment entries that merely repeat an unexpanded file value.
      const lookup = new Map<string, string | undefined>(running);
      for (const k of Object.keys(env)) {
        if (running.has(k) && env[k] === original[k]) continue;
        lookup.set(k, env[k]);
      }
      if (value.startsWith('encrypted:') && (lookup.get('DOTENV_PRIVATE_KEY') || running.get('DOTENV_PRIVATE_KEY'))) {
        issues.push({ key, kind: 'encrypted', message: `${key} is encrypted; dotenv-expand would decrypt it with DOTENV_PRIVATE_KEY` });
      }
      const r = expandValue(value, lookup, limits);
      value = r.value;
      if (!r.done) {
        issues.push({ key, kind: 'non-terminating', message: `expanding ${key} does not terminate (dotenv-expand would hang)` });
      }
      if (hasCommandSubstitution(value)) {
        issues.push({ key, kind: 'command-substitution', message: `${key} uses $(...): dotenv-expand would run it as a shell command` });
      }
    }
    const resolved = unescapeDollars(value);
    parsed[key] = resolved;
    running.set(key, resolved);
  }
  return { parsed, issues };
}

function unescapeDollars(v: string): string {
  return v.indexOf('\\$') < 0 ? v : v.split('\\$').join('$');
}

interface Reference { at: number; text: string; expression: string }

/** The first match of `/(?<!\\)\${([^{}]+)}|(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)/`. */
function findReference(v: string): Reference | null {
  const n = v.length;
  for (let i = v.indexOf('$'); i !== -1 && i + 1 < n; i = v.indexOf('$', i + 1)) {
    if (i > 0 && v.charCodeAt(i - 1) === BACKSLASH) continue;
    const c = v.charCodeAt(i + 1);
    if (c === 123 /* { */) {
      let j = i + 2;
      while (j < n) {
        const d = v.charCodeAt(j);
        if (d === 123 || d === 125) break;
        j++;
      }
      if (j < n && v.charCodeAt(j) === 125 && j > i + 2) {
        return { at: i, text: v.slice(i, j + 1), expression: v.slice(i + 2, j) };
      }
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
      let j = i + 2;
      while (j < n) {
        const d = v.charCodeAt(j);
        if (!((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 95)) break;
        j++;
      }
      return { at: i, text: v.slice(i, j), expression: v.slice(i + 1, j) };
    }
  }
  return null;
}

/**
 * String.prototype.replace's substitution patterns for a string search value; null when
 * the result would be longer than `limit`.
 */
function substitution(replacement: string, matched: string, subject: string, at: number, limit: number): string | null {
  if (replacement.indexOf('$') < 0) return replacement.length > limit ? null : replacement;
  const parts: string[] = [];
  let length = 0;
  let copied = 0;
  const emit = (s: string): boolean => { parts.push(s); length += s.length; return length <= limit; };
  for (let i = 0; i + 1 < replacement.length; i++) {
    if (replacement.charCodeAt(i) !== 36 /* $ */) continue;
    const d = replacement[i + 1];
    let piece: string;
    if (d === '$') piece = '$';
    else if (d === '&') piece = matched;
    else if (d === '`') piece = subject.slice(0, at);
    else if (d === "'") piece = subject.slice(at + matched.length);
    else continue;
    if (!emit(replacement.slice(copied, i)) || !emit(piece)) return null;
    copied = i + 2;
    i++;
  }
  if (!emit(replacement.slice(copied))) return null;
  return parts.join('');
}

/**
 * dotenv-expand's loop. Its only state is the string (the search always restarts at 0),
 * so a repeated string means it never ends; growth is caught by the limits.
 */
function expandValue(
  value: string,
  lookup: Map<string, string | undefined>,
  limits: Required<ExpandOptions>,
): { value: string; done: boolean } {
  let v = value;
  const seen = new Set<string>();
  let work = 0;
  for (let steps = 0; ; steps++) {
    const ref = findReference(v);
    if (!ref) return { value: v, done: true };
    work += v.length;
    if (steps >= limits.maxSteps || v.length > limits.maxLength || work > limits.maxWork) return { value: v, done: false };
    const expr = ref.expression;
    // The first of `:+`, `+`, `:-`, `-` (leftmost, in that order at one position).
    let op: string | null = null;
    let opAt = -1;
    for (let i = 0; i < expr.length && op === null; i++) {
      const c = expr[i];
      if (c === ':' && (expr[i + 1] === '+' || expr[i + 1] === '-')) op = c + expr[i + 1];
      else if (c === '+' || c === '-') op = c;
      if (op !== null) opAt = i;
    }
    let name: string;
    let replacement: string | undefined;
    if (op === null) {
      // dotenv-expand splits on `null` here (String(null)).
      const cut = expr.indexOf('null');
      name = cut < 0 ? expr : expr.slice(0, cut);
      replacement = lookup.get(name) || '';
    } else {
      name = expr.slice(0, opAt);
      const alt = expr.slice(opAt + op.length);
      const current = lookup.get(name);
      const isSet = lookup.has(name);
      if (op === ':-') replacement = current || alt;
      else if (op === '-') replacement = isSet ? current : alt;
      else if (op === ':+') replacement = current ? alt : '';
      else replacement = isSet ? alt : '';
    }
    const rep = replacement === undefined ? 'undefined' : replacement;
    // `String.prototype.replace` with a string: the first occurrence, wherever it is.
    const at = v.indexOf(ref.text);
    const inserted = substitution(rep, ref.text, v, at, limits.maxLength);
    if (inserted === null) return { value: v, done: false };
    v = v.slice(0, at) + inserted + v.slice(at + ref.text.length);
    if (v === lookup.get(name)) return { value: v, done: true };
    if (seen.has(v)) return { value: v, done: false };
    seen.add(v);
  }
}

/** Whether dotenv-expand would find a complete `$(...)` to run (its own scanner's rules). */
function hasCommandSubstitution(v: string): boolean {
  for (let start = v.indexOf('$('); start !== -1; start = v.indexOf('$(', start + 2)) {
    const quotes: (string | null)[] = [null];
    let i = start + 2;
    while (i < v.length) {
      const top = quotes.length - 1;
      const q = quotes[top];
      const c = v[i];
      if (q === "'") { if (c === "'") quotes[top] = null; i++; continue; }
      if (q) {
        if (c === '\\') i += 2;
        else if (c === q) { quotes[top] = null; i++; } else if (c === '$' && v[i + 1] === '(') { quotes.push(null); i += 2; } else i++;
        continue;
      }
      if (c === '\\') i += 2;
      else if (c === "'" || c === '"' || c === '`') { quotes[top] = c; i++; } else if (c === '(') { quotes.push(null); i++; } else if (c === ')') {
        quotes.pop();
        i++;
        if (quotes.length === 0) return true;
      } else i++;
    }
  }
  return false;
}
