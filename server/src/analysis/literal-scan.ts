/**
 * Finding the string literals a rule may report without querying the whole tree.
 *
 * A whole-tree query for every string literal costs tens of milliseconds on a large file,
 * and most literals are messages, keys and paths. Instead, a scan of the text finds the
 * literals whose value could be reported (a rule's `LiteralFilter`), and only their nodes are
 * looked up. The scan is conservative: every quote character is tried as an opening quote (so
 * comments, regexes and other quotes cannot throw it off), each literal kind is closed by the
 * language's own rules, and the value is decoded as `stringValue` would decode it; a literal
 * whose value depends on the tree (interpolated, PHP heredocs) is kept when it could be.
 * Needles (token formats, reported inside interpolated and broken literals too) are found in
 * the raw text. Python and Ruby literals followed by another one are judged as the
 * concatenation. Keystrokes re-scan only around the edit (per file and filter, the last scan
 * is kept). A file checked once is read, where its language allows (Python, Go, Java, PHP),
 * by its own lexical rules (`literal-openers.ts`): only its real openers are tried, not the
 * quotes of its comments, docstrings and other literals.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleContext } from '../engine/rule';
import type { LanguageId } from '../parsing/languages';
import { literalTextValues } from './syntax';
import { needleRegex } from './secrets';
import { RecentMap } from '../engine/recent';
import { commonPrefix, commonSuffix } from '../engine/text-matches';
import { literalOpeners } from './literal-openers';

/** What a rule looks for in literals. */
export interface LiteralFilter {
  /** Names the filter's scans in the per-file cache. */
  readonly id: string;
  /**
   * Whether a literal with this decoded value could be reported: a necessary condition, never
   * a guess. `before()` gives the `lookBehind` characters before the literal's opening quote,
   * `after()` the `lookAhead` characters after its closing one (after the last of a Python or
   * Ruby run of literals). A filter that serves several rules returns the bits (of `kinds`) of
   * those that could report it, and each asks the scan for its own bits.
   */
  keep(value: string, before: () => string, after: () => string): boolean | number;
  /** Every bit `keep` may return (default 1, what `true` stands for): a literal the scan cannot read is kept for all. */
  readonly kinds?: number;
  /** How many characters before a literal `keep` may read (edits re-scan the literals that far after them). */
  readonly lookBehind?: number;
  /** How many characters after a literal `keep` may read (edits re-scan the literals that far before them). */
  readonly lookAhead?: number;
  /** The shortest literal content (between the quotes) worth a look. */
  readonly minLength: number;
  /**
   * JavaScript templates with `${...}`: 'skip' never keeps them (the rule judges them on
   * needles), 'value' keeps them on their value read with the holes in (`keep` sees `${...}`).
   */
  readonly holes: 'skip' | 'value';
  /** PHP heredocs and nowdocs, whose value needs the tree: false when the rule never judges them (default: always kept). */
  readonly heredocs?: boolean;
  /** Substrings whose every occurrence in the raw text is a candidate too (that `needleAt` accepts). */
  readonly needles?: readonly string[];
  /**
   * Whether the needle occurrence at `at` is a candidate, from the text at most `needleReach`
   * characters either side of it (edits re-judge the occurrences that near them). Omit to keep every one.
   */
  readonly needleAt?: (text: string, at: number) => boolean;
  readonly needleReach?: number;
}

/** Node types a string-literal query captures, by language. */
export const STRING_NODE_TYPES: Partial<Record<LanguageId, ReadonlySet<string>>> = {
  javascript: new Set(['string', 'template_string']),
  typescript: new Set(['string', 'template_string']),
  python: new Set(['string']),
  go: new Set(['interpreted_string_literal', 'raw_string_literal']),
  ruby: new Set(['string']),
  java: new Set(['string_literal']),
  php: new Set(['string', 'encapsed_string', 'heredoc', 'nowdoc']),
};

/** Characters that may open a literal (PHP `<` for `<<<`). */
const OPENERS: Partial<Record<LanguageId, string>> = {
  javascript: '\'"`', typescript: '\'"`', python: '\'"', go: '"`', ruby: '\'"%', java: '"', php: '\'"<',
};

const BACKSLASH = 92;
/** Longest stretch some scans follow before giving up and keeping the literal (the tree decides). */
const MAX_LOOK = 4096;
const NEWLINE = 10;
const CR = 13;
/** A scan looks at most this far before its opening quote (Python string prefixes, the `=` of a JSX attribute). */
const LOOKBACK = 16;

/** What one opening position gave: the last index the scan looked at, and the bits the literal is a candidate for (0: none). */
interface Scanned { start: number; reach: number; keep: number }

function kindsOf(f: LiteralFilter): number {
  return f.kinds ?? 1;
}

/** The bits of one `keep` answer. */
function bits(answer: boolean | number): number {
  return answer === true ? 1 : answer === false ? 0 : answer;
}

/** The bits `f` keeps any of the values for. */
function keptFor(values: readonly string[], f: LiteralFilter, before: () => string, after: () => string): number {
  let m = 0;
  for (const v of values) if (v.length >= f.minLength) m |= bits(f.keep(v, before, after));
  return m;
}

/** Index of the closing `q` from `from` (backslash escapes honoured when `escapes`); -1 when a line (single-line kinds) or the text ends first. */
function closeQuote(text: string, from: number, q: number, multiline: boolean, escapes: boolean): number {
  const n = text.length;
  for (let j = from; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === q) return j;
    if (c === BACKSLASH && escapes) {
      j++;
      if (text.charCodeAt(j) === CR && text.charCodeAt(j + 1) === NEWLINE) j++;
    } else if (c === NEWLINE && !multiline) return -1;
  }
  return -1;
}

/** Start of the closing triple quote `qqq` from `from` (escapes honoured), or -1. */
function closeTriple(text: string, from: number, q: number): number {
  const n = text.length;
  for (let j = from; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === q && text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q) return j;
  }
  return -1;
}

/** Ruby `%q(...)`: the closing delimiter, nesting brackets, escapes honoured; -1 if none. */
function closeRubyPercent(text: string, from: number, open: string): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
  const close = pairs[open] ?? open;
  let depth = 0;
  // Nested brackets could make every `%(` scan to the end of an unbalanced file: past MAX_LOOK, give up (-2).
  const end = Math.min(text.length, from + MAX_LOOK);
  for (let j = from; j < end; j++) {
    const c = text[j];
    if (c === '\\') { j++; continue; }
    if (c === close) {
      if (depth === 0) return j;
      depth--;
    } else if (c === open && close !== open) depth++;
  }
  return end < text.length ? -2 : -1;
}

const PY_PREFIX = /^[rRbBuUfFtT]{1,3}$/;

interface Following { follows: boolean; at: number; reach: number }

/** `followingLiteral` from line starts, during one `scanRange`: a comment block is skipped once, not once per literal before it. */
let followMemo = new Map<number, Following>();

/** Python/Ruby: does another literal follow (whitespace, line continuations and comments between)? Where it starts, and where the look ended. */
function followingLiteral(text: string, from: number, lang: LanguageId): Following {
  const memo = followMemo;
  const lineStarts: number[] = [];
  let j = from;
  const n = text.length;
  let result: Following | undefined;
  while (j < n) {
    if (j > from && text.charCodeAt(j - 1) === NEWLINE) {
      const known = memo.get(j);
      if (known) { result = known; break; }
      lineStarts.push(j);
    }
    const c = text.charCodeAt(j);
    if (c === 32 || c === 9 || c === NEWLINE || c === CR || c === 12) j++;
    else if (c === BACKSLASH && (text.charCodeAt(j + 1) === NEWLINE || text.charCodeAt(j + 1) === CR)) j += 2;
    else if (c === 35 /* # */) {
      const nl = text.indexOf('\n', j);
      j = nl < 0 ? n : nl;
    } else break;
  }
  if (!result) {
    if (j >= n) result = { follows: false, at: n, reach: n };
    else {
      const head = text.slice(j, j + 4);
      const follows = lang === 'python'
        ? /^(?:[rRbBuUfFtT]{0,3})['"]/.test(head)
        : /^['"%]/.test(head);
      result = { follows, at: j, reach: j + 4 };
    }
  }
  for (const l of lineStarts) memo.set(l, result);
  return result;
}

/**
 * Python/Ruby: the literal opening at `i` (a quote, or Ruby `%`): the index of its last
 * character, or -1 when it does not close; `reach` is where the scan stopped either way.
 */
function closeLiteral(text: string, i: number, lang: LanguageId): { last: number; reach: number } {
  const c = text.charCodeAt(i);
  const n = text.length;
  if (lang === 'python') {
    const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
    const end = triple ? closeTriple(text, i + 3, c) : closeQuote(text, i + 1, c, false, true);
    if (end >= 0) return { last: end + (triple ? 2 : 0), reach: end + (triple ? 2 : 0) };
    const nl = triple ? -1 : text.indexOf('\n', i + 1);
    return { last: -1, reach: nl < 0 ? n : nl };
  }
  if (c === 37 /* % */) {
    const q = text[i + 1] === 'q' || text[i + 1] === 'Q' ? 2 : 1;
    const d = text[i + q];
    if (d === undefined || /[\w\s]/.test(d)) return { last: -1, reach: i + q };
    const end = closeRubyPercent(text, i + q + 1, d);
    return { last: end, reach: end === -1 ? n : end === -2 ? i + q + 1 + MAX_LOOK : end };
  }
  const end = closeQuote(text, i + 1, c, true, true);
  return { last: end, reach: end < 0 ? n : end };
}

const MAX_CHAIN = 32;

/**
 * Python/Ruby: the literal opening at `i` and those written right after it (`"a" "b"`, which
 * the grammar joins into one node whose value is judged). Where the statement ends is not
 * known here, so the literal alone and each longer run are all tried.
 */
function scanChain(text: string, i: number, lang: LanguageId, f: LiteralFilter): Scanned {
  const first = closeLiteral(text, i, lang);
  // -2: a literal too long to follow here; the tree will tell.
  if (first.last < 0) return { start: i, reach: first.reach, keep: first.last === -2 ? kindsOf(f) : 0 };
  // Python: letters before the quote may be a prefix (`rb'...'`) or not (`if'...'`): both readings.
  const heads = [i];
  if (lang === 'python') {
    let p = i;
    while (p > i - 3 && p > 0 && /[rRbBuUfFtT]/.test(text[p - 1])) p--;
    if (p < i && PY_PREFIX.test(text.slice(p, i))) heads.push(p);
  }
  let values = heads.flatMap((h) => literalTextValues(text.slice(h, first.last + 1), lang) ?? []);
  const before = () => text.slice(Math.max(0, i - (f.lookBehind ?? 0)), i);
  let last = first.last;
  const after = () => text.slice(last + 1, last + 1 + (f.lookAhead ?? 0));
  let keep = keptFor(values, f, before, after);
  const all = kindsOf(f);
  let reach = first.reach;
  for (let parts = 1; ; parts++) {
    const following = followingLiteral(text, last + 1, lang);
    reach = Math.max(reach, following.reach);
    if (!following.follows || keep === all) break;
    if (parts >= MAX_CHAIN) { keep = all; break; }
    let q = following.at;
    while (q < text.length && /[A-Za-z]/.test(text[q])) q++;
    const next = closeLiteral(text, q, lang);
    reach = Math.max(reach, next.reach);
    if (next.last === -2) { keep = all; break; }
    if (next.last < 0) break;
    const more = literalTextValues(text.slice(following.at, next.last + 1), lang) ?? [];
    values = values.flatMap((v) => more.map((m) => v + m));
    last = next.last;
    keep |= keptFor(values, f, before, after);
  }
  return { start: i, reach, keep };
}

/** The bits a literal with this source text could be reported for (on any reading of its value). */
function worthALook(literal: string, lang: LanguageId, f: LiteralFilter, before: () => string, after: () => string): number {
  const values = literalTextValues(literal, lang);
  if (values === undefined) return kindsOf(f);
  return keptFor(values, f, before, after);
}

/** How deep templates nested in holes are followed. */
const MAX_NESTING = 8;

/**
 * A JavaScript template read from its opening backtick: `end`, the index of its closing
 * backtick, and `literal`, its text with every hole as `${}`; or, when it has no end (-1), `keep`
 * whether it may be a literal the tree has (the text ends in a hole, or the scan gave up: a
 * hole too long, or nested too deep) or not (a hole holds no code: a string or regular expression in it
 * does not close on its line, as after a backtick in a comment). `reach`: how far it looked.
 */
interface Template { end: number; literal: string; keep: boolean; reach: number }

function readTemplate(text: string, i: number, nesting: number): Template {
  const n = text.length;
  let literal = '';
  let from = i;
  for (let j = i + 1; j < n; j++) {
    const d = text.charCodeAt(j);
    if (d === BACKSLASH) { j++; continue; }
    if (d === 96) return { end: j, literal: literal + text.slice(from, j + 1), keep: false, reach: j };
    if (d === 36 && text.charCodeAt(j + 1) === 123) {
      const hole = closeHole(text, j + 2, j + 2 + MAX_LOOK, nesting);
      if (hole.end < 0) return hole;
      literal += text.slice(from, j) + '${}';
      from = hole.end + 1;
      j = hole.end;
    }
  }
  return { end: -1, literal: '', keep: false, reach: n };
}

/** Characters after which a `/` in code opens a regular expression rather than divides. */
const REGEX_AFTER = /[(,=:[!&|?{};+\-*%<>~^]|^$/;

/**
 * A template hole whose code starts at `from`: `end`, the index of the `}` that closes it
 * (strings, comments, regular expressions and nested templates skipped), or no end as for
 * `readTemplate` (past `limit`, the scan gives up).
 */
function closeHole(text: string, from: number, limit: number, nesting: number): Template {
  const none = (keep: boolean, reach: number): Template => ({ end: -1, literal: '', keep, reach });
  let depth = 0;
  let last = '';
  for (let k = from; k < text.length; k++) {
    if (k > limit) return none(true, k);
    const c = text.charCodeAt(k);
    if (c === 123) depth++;
    else if (c === 125) {
      if (depth === 0) return { end: k, literal: '', keep: false, reach: k };
      depth--;
    } else if (c === 39 || c === 34) {
      const e = closeQuote(text, k + 1, c, false, true);
      if (e < 0) return none(false, lineEnd(text, k));
      k = e;
    } else if (c === 96) {
      if (nesting >= MAX_NESTING) return none(true, k);
      const t = readTemplate(text, k, nesting + 1);
      if (t.end < 0) return t;
      k = t.end;
    } else if (c === 47 /* / */) {
      const next = text.charCodeAt(k + 1);
      if (next === 47) {
        k = lineEnd(text, k);
      } else if (next === 42) {
        const e = text.indexOf('*/', k + 2);
        if (e < 0) return none(true, text.length);
        k = e + 1;
      } else if (REGEX_AFTER.test(last)) {
        const e = closeRegex(text, k + 1);
        if (e < 0) return none(false, lineEnd(text, k));
        k = e;
      }
    }
    if (c > 32) last = text[k];
  }
  return none(true, text.length);
}

/** The end of the line `i` is on (where a single-line scan from it stops). */
function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** The `/` that closes a regular expression literal whose body starts at `from` (classes and escapes honoured), or -1 on its line. */
function closeRegex(text: string, from: number): number {
  let inClass = false;
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === NEWLINE) return -1;
    else if (c === 91 /* [ */) inClass = true;
    else if (c === 93 /* ] */) inClass = false;
    else if (c === 47 && !inClass) return j;
  }
  return -1;
}

/** Can a JSX attribute value start at `i`: is the last thing before it an `=` (or a comment)? Looks back at most LOOKBACK characters. */
function jsxValueStart(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && j > i - LOOKBACK + 1 && /\s/.test(text[j])) j--;
  if (j < 0) return false;
  // Only blanks as far as it looked: cannot tell.
  if (/\s/.test(text[j])) return true;
  return text[j] === '=' || (text[j] === '/' && text[j - 1] === '*');
}

/** Scans the literal that may open at `i` (an opener character). */
function scanAt(text: string, i: number, lang: LanguageId, f: LiteralFilter): Scanned {
  const c = text.charCodeAt(i);
  const n = text.length;
  const min = f.minLength;
  const before = () => text.slice(Math.max(0, i - (f.lookBehind ?? 0)), i);
  /** The literal `text[start, end)` (read as `literal` when given). */
  const all = kindsOf(f);
  const keep = (start: number, end: number, literal = text.slice(start, end)): number => {
    const after = () => text.slice(end, end + (f.lookAhead ?? 0));
    return end - start >= min + 2 ? worthALook(literal, lang, f, before, after) : 0;
  };
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      if (c === 96 /* ` */) {
        // A template. With holes, 'skip' filters judge it otherwise (on needles); 'value' ones
        // read it with each hole as `${}`, followed to its closing brace (one that cannot be
        // followed is kept: the tree decides).
        if (f.holes === 'skip') {
          for (let j = i + 1; j < n; j++) {
            const d = text.charCodeAt(j);
            if (d === BACKSLASH) { j++; continue; }
            if (d === 36 /* $ */ && text.charCodeAt(j + 1) === 123) return { start: i, reach: j + 1, keep: 0 };
            if (d === 96) return { start: i, reach: j, keep: j - i - 1 >= min ? keep(i, j + 1) : 0 };
          }
          return { start: i, reach: n, keep: 0 };
        }
        const t = readTemplate(text, i, 0);
        if (t.end < 0) return { start: i, reach: t.reach, keep: t.keep ? all : 0 };
        return { start: i, reach: t.end, keep: t.end - i - 1 >= min ? keep(i, t.end + 1, t.literal) : 0 };
      }
      const end = closeQuote(text, i + 1, c, false, true);
      let reach = end >= 0 ? end : text.indexOf('\n', i + 1);
      if (reach < 0) reach = n;
      let k = end >= 0 && end - i - 1 >= min ? keep(i, end + 1) : 0;
      // A JSX attribute string (`name="..."`: after `=`, or a comment) has no escapes and may span lines.
      if (jsxValueStart(text, i)) {
        const jsx = text.indexOf(text[i], i + 1);
        if (jsx < 0) reach = n;
        else if (jsx !== end) {
          reach = Math.max(reach, jsx);
          if (k !== all && jsx - i - 1 >= min) k |= keep(i, jsx + 1);
        }
      }
      return { start: i, reach, keep: k };
    }
    case 'python':
    case 'ruby':
      return scanChain(text, i, lang, f);
    case 'go': {
      const end = c === 96 ? closeQuote(text, i + 1, c, true, false) : closeQuote(text, i + 1, c, false, true);
      if (end < 0) return { start: i, reach: c === 96 ? n : (text.indexOf('\n', i + 1) + 1 || n), keep: 0 };
      return { start: i, reach: end, keep: end - i - 1 >= min ? keep(i, end + 1) : 0 };
    }
    case 'java': {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      const end = triple ? closeTriple(text, i + 3, c) : closeQuote(text, i + 1, c, false, true);
      const close = triple ? 3 : 1;
      if (end < 0) return { start: i, reach: triple ? n : (text.indexOf('\n', i + 1) + 1 || n), keep: 0 };
      const last = end + close - 1;
      return { start: i, reach: last, keep: end - i - close >= min ? keep(i, last + 1) : 0 };
    }
    case 'php': {
      if (c === 60 /* < */) {
        if (text.charCodeAt(i + 1) !== 60 || text.charCodeAt(i + 2) !== 60) return { start: i, reach: i + 2, keep: 0 };
        // Heredocs and nowdocs: their value needs the tree; a candidate wherever the filter judges them.
        return { start: i, reach: i + 2, keep: f.heredocs !== false ? all : 0 };
      }
      const end = closeQuote(text, i + 1, c, true, true);
      if (end < 0) return { start: i, reach: n, keep: 0 };
      const prefixed = i > 0 && (text[i - 1] === 'b' || text[i - 1] === 'B');
      const k = end - i - 1 >= min ? keep(i, end + 1) | (prefixed ? keep(i - 1, end + 1) : 0) : 0;
      return { start: i, reach: end, keep: k };
    }
  }
  return { start: i, reach: i, keep: 0 };
}

/** What the scans of a text found: per opener position, how far it looked; the positions of the literals kept, and their bits. */
interface Scans { starts: number[]; reaches: number[]; keeps: number[]; masks: number[] }

/** Scans kept between keystrokes: positions in typed arrays (copied and shifted natively). */
interface PackedScans { starts: Int32Array; reaches: Int32Array; keeps: number[]; masks: number[] }

const OPENER_RES = new Map<string, RegExp>();

/** Scans the literal that may open at `i`, appending what it found to `out`. */
function scanInto(text: string, i: number, lang: LanguageId, out: Scans, f: LiteralFilter): void {
  const x = scanAt(text, i, lang, f);
  out.starts.push(i);
  // What `keep` read after the literal counts as looked at.
  out.reaches.push(x.reach + (f.lookAhead ?? 0));
  if (x.keep) {
    out.keeps.push(i);
    out.masks.push(x.keep);
  }
}

/** Scans the literal opening at each of `at` (the file's real openers, `literalOpeners`), appending to `out`. */
function scanOpeners(text: string, lang: LanguageId, at: readonly number[], out: Scans, f: LiteralFilter): void {
  followMemo = new Map();
  for (const i of at) scanInto(text, i, lang, out, f);
}

/** Scans every opener in [from, to), appending to `out` (whose entries all lie before `from`). */
function scanRange(text: string, lang: LanguageId, from: number, to: number, out: Scans, f: LiteralFilter): void {
  const openers = OPENERS[lang] ?? '';
  let re = OPENER_RES.get(openers);
  if (!re) {
    re = new RegExp(`[${openers.replace(/[\]\\^-]/g, '\\$&')}]`, 'g');
    OPENER_RES.set(openers, re);
  }
  const start = Math.max(0, from);
  const end = Math.min(to, text.length);
  if (start >= end || !openers) return;
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  followMemo = new Map();
  re.lastIndex = 0;
  for (let m = re.exec(part); m; m = re.exec(part)) {
    const i = start + m.index;
    // A quote after an odd run of backslashes is escaped: no literal opens there (and starting
    // at every escaped quote of a long literal would make the scan quadratic).
    let k = i - 1;
    while (k >= 0 && k > i - LOOKBACK && text.charCodeAt(k) === BACKSLASH) k--;
    if ((i - 1 - k) % 2 === 1 && (k < 0 || text.charCodeAt(k) !== BACKSLASH)) continue;
    scanInto(text, i, lang, out, f);
  }
}

/** A filter's needles as one expression, and the longest. */
const NEEDLE_RES = new Map<string, { re: RegExp; longest: number }>();

function needlesOf(f: LiteralFilter): { re: RegExp; longest: number } | undefined {
  if (!f.needles?.length) return undefined;
  let x = NEEDLE_RES.get(f.id);
  if (!x) NEEDLE_RES.set(f.id, (x = { re: needleRegex(f.needles, 'g'), longest: Math.max(...f.needles.map((n) => n.length)) }));
  return x;
}

/** Offsets of the filter's needles starting in [from, to), appended in order (several needles at one offset count once). */
function needlesIn(text: string, from: number, to: number, out: number[], f: LiteralFilter): void {
  const needles = needlesOf(f);
  if (!needles || from >= to) return;
  const { re } = needles;
  const hay = from === 0 && to >= text.length ? text : text.slice(from, Math.min(text.length, to + needles.longest - 1));
  re.lastIndex = 0;
  for (let m = re.exec(hay); m; m = re.exec(hay)) {
    const i = from + m.index;
    if (i >= to) break;
    if ((out.length === 0 || out[out.length - 1] !== i) && (!f.needleAt || f.needleAt(text, i))) out.push(i);
    // Needles overlap (`sk-`, `sk-ant-`): look again from the next character.
    re.lastIndex = m.index + 1;
  }
}

/**
 * `exact`: the scan tried only the file's real openers (`literalOpeners`), which an edit
 * anywhere before them may change: it is never carried over to another text.
 */
interface ScanState { lang: LanguageId; text: string; scans: PackedScans; needles: number[]; exact: boolean }

/** The last scan per file (a few files): a keystroke re-scans only around the edit. */
const scanStates = new RecentMap<string, ScanState>(16);

/** The real openers of the last text asked about (the filters of one check share them). */
let lastOpeners: { text: string; lang: LanguageId; at: number[] | undefined } | undefined;

function openersOf(text: string, lang: LanguageId): number[] | undefined {
  if (lastOpeners?.text !== text || lastOpeners.lang !== lang) lastOpeners = { text, lang, at: literalOpeners(text, lang) };
  return lastOpeners.at;
}

/**
 * The scan of `text` for `f`. `once`: only the file's real openers are tried where the
 * language allows (`onlyRealOpeners`); otherwise every opener character is, and the next
 * keystroke's scan starts from this one.
 */
function scanText(path: string, text: string, lang: LanguageId, f: LiteralFilter, once = false): ScanState {
  const key = `${f.id}\u0000${path}`;
  const prev = scanStates.get(key);
  if (prev && prev.lang === lang && prev.text === text && (once || !prev.exact)) return prev;
  let next: ScanState;
  const openers = once ? openersOf(text, lang) : undefined;
  if (!prev || prev.lang !== lang || prev.exact || openers) {
    const scans: Scans = { starts: [], reaches: [], keeps: [], masks: [] };
    if (openers) scanOpeners(text, lang, openers, scans, f);
    else scanRange(text, lang, 0, text.length, scans, f);
    const needles: number[] = [];
    needlesIn(text, 0, text.length, needles, f);
    next = { lang, text, scans: { starts: Int32Array.from(scans.starts), reaches: Int32Array.from(scans.reaches), keeps: scans.keeps, masks: scans.masks }, needles, exact: !!openers };
  } else {
    // What changed lies between a common head (p characters) and a common tail (s characters).
    const old = prev.text;
    const p = commonPrefix(old, text);
    const s = commonSuffix(old, text, Math.min(old.length, text.length) - p);
    const delta = text.length - old.length;
    const { starts, reaches, keeps, masks } = prev.scans;
    // Scans that looked only at the head stay, and so do scans that looked only at the tail
    // (they start LOOKBACK, or the filter's look-behind, or more into it); the others are redone.
    let lo = p;
    let head = 0;
    for (; head < starts.length && starts[head] < p; head++) if (reaches[head] >= p && starts[head] < lo) lo = starts[head];
    while (head > 0 && starts[head - 1] >= lo) head--;
    const hi = Math.min(text.length, text.length - s + Math.max(LOOKBACK, (f.lookBehind ?? 0) + 1));
    let tail = head;
    while (tail < starts.length && starts[tail] + delta < hi) tail++;
    const mid: Scans = { starts: [], reaches: [], keeps: [], masks: [] };
    scanRange(text, lang, lo, hi, mid, f);
    const count = head + mid.starts.length + (starts.length - tail);
    const ns = new Int32Array(count);
    const nr = new Int32Array(count);
    ns.set(starts.subarray(0, head));
    nr.set(reaches.subarray(0, head));
    ns.set(mid.starts, head);
    nr.set(mid.reaches, head);
    const at = head + mid.starts.length;
    for (let k = tail; k < starts.length; k++) {
      ns[at + k - tail] = starts[k] + delta;
      nr[at + k - tail] = reaches[k] + delta;
    }
    const nk: number[] = [];
    const nm: number[] = [];
    let k = 0;
    for (; k < keeps.length && keeps[k] < lo; k++) {
      nk.push(keeps[k]);
      nm.push(masks[k]);
    }
    nk.push(...mid.keeps);
    nm.push(...mid.masks);
    for (; k < keeps.length; k++) {
      if (keeps[k] + delta < hi) continue;
      nk.push(keeps[k] + delta);
      nm.push(masks[k]);
    }
    // Needles that overlap the change, or whose `needleAt` reads into it, are found again.
    const needles: number[] = [];
    const reach = f.needleAt ? (f.needleReach ?? 0) : 0;
    const nlo = Math.max(0, p - Math.max((needlesOf(f)?.longest ?? 1) - 1, reach));
    const oldTail = old.length - s + reach;
    for (const i of prev.needles) if (i < nlo) needles.push(i); else break;
    needlesIn(text, nlo, Math.min(text.length, text.length - s + reach), needles, f);
    for (const i of prev.needles) if (i >= oldTail) needles.push(i + delta);
    next = { lang, text, scans: { starts: ns, reaches: nr, keeps: nk, masks: nm }, needles, exact: false };
  }
  scanStates.set(key, next);
  return next;
}

/** The positions of the literals `filter` keeps for any of the bits of `mask` (and its needles), in text order. */
function keptOffsets(state: ScanState, mask: number): number[] {
  const { keeps, masks } = state.scans;
  const out = mask === ~0 ? [...keeps] : keeps.filter((_, k) => masks[k] & mask);
  return state.needles.length ? [...out, ...state.needles].sort((a, b) => a - b) : out;
}

/**
 * Whether a check may try only the file's real openers: a file checked once, until its tree
 * (once parsed) shows a syntax error, where the parser's recovery may read a literal that a
 * clean reading has not (then every quote is tried, as for a document being edited).
 */
function onlyRealOpeners(context: RuleContext): boolean {
  return !!context.checkedOnce && !(context.treeParsed && context.tree?.rootNode.hasError);
}

/** Whether the text has any literal (or needle) `filter` keeps (for any of the bits of `mask`): when not, nothing needs the tree. */
export function hasLiteralCandidates(context: RuleContext, filter: LiteralFilter, mask = ~0): boolean {
  const state = scanText(context.path, context.text, context.language, filter, onlyRealOpeners(context));
  return state.needles.length > 0 || state.scans.masks.some((m) => m & mask);
}

/** Where the literals `filter` keeps (for any of the bits of `mask`) open, and its needles start, in text order: read from the text alone. */
export function literalOffsets(context: RuleContext, filter: LiteralFilter, mask = ~0): number[] {
  return keptOffsets(scanText(context.path, context.text, context.language, filter, onlyRealOpeners(context)), mask);
}

/**
 * The string literal nodes (of `types`, by default `STRING_NODE_TYPES`) that may be
 * reported under `filter` (for any of the bits of `mask`), in text order.
 */
export function literalCandidates(context: RuleContext, filter: LiteralFilter, types: ReadonlySet<string> | undefined = STRING_NODE_TYPES[context.language], mask = ~0): Node[] {
  const lang = context.language;
  if (!types) return [];
  let offsets = keptOffsets(scanText(context.path, context.text, lang, filter, onlyRealOpeners(context)), mask);
  // No candidate in the text: the file need not be parsed for this rule.
  const tree = offsets.length > 0 ? context.tree : undefined;
  if (!tree) return [];
  if (tree.rootNode.hasError && context.checkedOnce) offsets = keptOffsets(scanText(context.path, context.text, lang, filter, false), mask);
  const root = tree.rootNode;
  const out: Node[] = [];
  const seen = new Set<number>();
  for (const start of offsets) {
    // The literal is the node at the offset (an opening quote) or one to three levels up (from a fragment).
    let n: Node | null = root.namedDescendantForIndex(start, start + 1);
    for (let up = 0; n && !types.has(n.type); up++) n = up < 3 ? n.parent : null;
    if (!n || seen.has(n.startIndex)) continue;
    seen.add(n.startIndex);
    out.push(n);
  }
  out.sort((a, b) => a.startIndex - b.startIndex);
  return out;
}
