/**
 * A regular expression's matches over a whole text, scanned again only around an edit.
 *
 * Rules read file-wide facts from the text with regular expressions (which mode words, which
 * shutdown hints, which libraries a file names). On a keystroke the text differs from the
 * last one in one place, yet each such scan read all of it again: on a 2,000-line file a
 * dozen of them took most of a millisecond. Here, when the last text scanned with the same
 * pattern shares most of the new one (a common head and tail), the matches of the head and
 * the tail are carried over and only the stretch between them is tried again.
 *
 * That is exact, not a guess: for a pattern with a bounded reach (how far before and after
 * the position it is tried at a match attempt may read: lookbehinds, the longest match,
 * lookaheads, word boundaries), an attempt whose reach holds no changed character gives what
 * it gave before. Patterns with an unbounded part (`*`, `+`, `{n,}`), or the `u` and `v`
 * flags (whose positions step by code point), are always scanned whole.
 */

/** Texts shorter than this are scanned whole (it costs less than comparing them). */
export const MIN_INCREMENTAL = 8192;
/** Recent texts kept per pattern, and across all patterns (a few open documents). */
const RECENT = 2;

/** How far from the position it is tried at a match attempt may read: `behind` characters before it, up to `ahead` after it. */
export interface Reach { behind: number; ahead: number }

interface Scanned { text: string; spans: Int32Array }
interface Tested { text: string; at: number }
interface Pattern {
  global: RegExp;
  sticky: RegExp;
  reach: Reach | undefined;
  spans: Scanned[];
  tests: Tested[];
}

/** Patterns kept; past this, the cache starts over. */
const MAX_PATTERNS = 512;

/**
 * Per source and flags: a pattern a caller builds on every call (from names in the file) finds
 * its state again on the next keystroke. Which texts the states keep is bounded by `latest`.
 */
const patterns = new Map<string, Pattern>();

function patternOf(re: RegExp): Pattern {
  const key = `${re.flags}/${re.source}`;
  let p = patterns.get(key);
  if (!p) {
    if (patterns.size >= MAX_PATTERNS) {
      patterns.clear();
      holders.clear();
    }
    const flags = re.flags.replace(/[gy]/g, '');
    p = { global: new RegExp(re.source, `${flags}g`), sticky: new RegExp(re.source, `${flags}y`), reach: regexReach(re), spans: [], tests: [] };
    patterns.set(key, p);
  }
  return p;
}

/** Where a global scan goes on after an empty match at `at`: the next character, or code point under the `u` and `v` flags. */
function stepOver(text: string, at: number, unicode: boolean): number {
  if (unicode && at + 1 < text.length) {
    const c = text.charCodeAt(at);
    const d = text.charCodeAt(at + 1);
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) return at + 2;
  }
  return at + 1;
}

/**
 * The reach of a match attempt of `re` (see `Reach`), or undefined when it has no bound.
 * An over-estimate is safe (more is scanned again); an under-estimate would not be.
 */
export function regexReach(re: RegExp): Reach | undefined {
  if (/[uv]/.test(re.flags)) return undefined;
  const groups: number[] = [];
  const src = re.source;
  let i = 0;
  /** How far past its own position a lookbehind's body may read (a lookahead inside it). */
  let lookbehindAhead = 0;
  /** Set when the source holds a form this parser does not bound (it is then scanned whole). */
  let unknown = false;

  /** A disjunction up to `)` or the end: its longest match and how far its lookbehinds read back. */
  const disjunction = (): { len: number; behind: number } => {
    let len = 0;
    let behind = 0;
    for (;;) {
      const alt = alternative();
      len = Math.max(len, alt.len);
      behind = Math.max(behind, alt.behind);
      if (src[i] !== '|') return { len, behind };
      i++;
    }
  };
  const alternative = (): { len: number; behind: number } => {
    let len = 0;
    let behind = 0;
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      const a = atom();
      const times = quantifier();
      // A lookahead is counted as if it consumed what it reads (an over-estimate of how far
      // the attempt reads); a lookbehind reads back from a point at or after the start.
      len += a.len * times;
      behind = Math.max(behind, a.behind);
    }
    return { len, behind };
  };
  const quantifier = (): number => {
    const c = src[i];
    let times = 1;
    if (c === '*' || c === '+') { i++; times = Infinity; }
    else if (c === '?') { i++; times = 1; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) return 1;
      i += m[0].length;
      times = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    } else return 1;
    if (src[i] === '?') i++;
    return times;
  };
  const atom = (): { len: number; behind: number } => {
    const c = src[i];
    if (c === '^' || c === '$') { i++; return { len: 0, behind: 0 }; }
    if (c === '.') { i++; return { len: 1, behind: 0 }; }
    if (c === '[') {
      i++;
      if (src[i] === '^') i++;
      // `[]` is an empty class in JavaScript: the first `]` closes it.
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      i++;
      return { len: 1, behind: 0 };
    }
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (n === 'b' || n === 'B') { i += 2; return { len: 0, behind: 0 }; }
      if (/[1-9]/.test(n)) {
        const m = /^\d+/.exec(src.slice(i + 1)) as RegExpExecArray;
        i += 1 + m[0].length;
        const g = groups[Number(m[0]) - 1];
        // A reference to a group not closed yet (or not there): no bound known.
        return { len: g === undefined ? Infinity : g, behind: 0 };
      }
      if (n === 'k') {
        // A named reference `\k<name>`: no bound kept for named groups.
        const close = src.indexOf('>', i);
        i = close < 0 ? src.length : close + 1;
        return { len: Infinity, behind: 0 };
      }
      // Without the `u` flag a malformed `\c`, `\x` or `\u` escape stands for its letters
      // (`\u{10}` is ten `u`s): only the well-formed ones are one character.
      const rest = src.slice(i + 2, i + 6);
      if (n === 'c') {
        if (!/^[A-Za-z]/.test(rest)) unknown = true;
        i += 3;
        return { len: 1, behind: 0 };
      }
      if (n === 'x') {
        if (!/^[0-9A-Fa-f]{2}/.test(rest)) unknown = true;
        i += 4;
        return { len: 1, behind: 0 };
      }
      if (n === 'u') {
        if (!/^[0-9A-Fa-f]{4}/.test(rest)) unknown = true;
        i += 6;
        return { len: 1, behind: 0 };
      }
      i += 2;
      return { len: 1, behind: 0 };
    }
    if (c === '(') {
      i++;
      let kind: 'capture' | 'group' | 'ahead' | 'behind' = 'capture';
      let slot = -1;
      if (src[i] === '?') {
        const head = src.slice(i, i + 3);
        if (head.startsWith('?:')) { kind = 'group'; i += 2; }
        else if (head.startsWith('?=') || head.startsWith('?!')) { kind = 'ahead'; i += 2; }
        else if (head === '?<=' || head === '?<!') { kind = 'behind'; i += 3; }
        else {
          // A named group `(?<name>...)`: a capture (\k references are treated as unbounded).
          // Any other form (modifiers such as `(?i:...)`) is not bounded here.
          const named = /^\?<[A-Za-z_$][\w$]*>/.exec(src.slice(i));
          if (!named) { unknown = true; return { len: Infinity, behind: 0 }; }
          i += named[0].length;
        }
      }
      if (kind === 'capture') { slot = groups.length; groups.push(Infinity); }
      const inner = disjunction();
      i++; // ')'
      if (slot >= 0) groups[slot] = inner.len;
      if (kind === 'behind') {
        // It reads back from its position, and a lookahead inside it reads on past it.
        lookbehindAhead = Math.max(lookbehindAhead, inner.len);
        return { len: 0, behind: inner.len + inner.behind };
      }
      return { len: inner.len, behind: inner.behind };
    }
    i++;
    return { len: 1, behind: 0 };
  };

  const whole = disjunction();
  const ahead = whole.len + lookbehindAhead;
  if (unknown || i < src.length || !Number.isFinite(ahead) || !Number.isFinite(whole.behind)) return undefined;
  // One character more each way: a word boundary, a multiline anchor or the end of the text
  // looks at the character next to the position it is at.
  return { behind: whole.behind + 1, ahead: ahead + 1 };
}

/** How many leading characters `a` and `b` share. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 4) {
    while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  }
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many trailing characters `a` and `b` share, at most `max`. */
export function commonSuffix(a: string, b: string, max: number): number {
  let k = 0;
  for (let step = 4096; step >= 16; step >>= 4) {
    while (k + step <= max && a.slice(a.length - k - step, a.length - k) === b.slice(b.length - k - step, b.length - k)) k += step;
  }
  while (k < max && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

/** Where `text` differs from the closest of `recent`: the shared head and tail, or undefined when none shares most of it. */
function closest<T extends { text: string }>(recent: T[], text: string): { old: T; head: number; tail: number } | undefined {
  let best: { old: T; head: number; tail: number } | undefined;
  for (const old of recent) {
    // (Not memoized across patterns: holding on to the texts compared kept each keystroke's
    // text alive through young-generation collections, and typing paused for them.)
    const head = commonPrefix(old.text, text);
    const tail = commonSuffix(old.text, text, Math.min(old.text.length, text.length) - head);
    if (!best || head + tail > best.head + best.tail) best = { old, head, tail };
  }
  return best && (best.head + best.tail) * 2 >= text.length ? best : undefined;
}

/**
 * The last texts (of MIN_INCREMENTAL or more) any scan here was given. Patterns keep states
 * of these only: a pattern scanned once in a while would otherwise keep an old text for many
 * keystrokes, and a text kept past its keystroke survives V8's young-generation collections
 * and is copied into the old generation (typing into 2,000 lines promoted 15 MB per 300
 * keystrokes instead of 0.5).
 */
const latest: string[] = [];
/** The patterns holding states. */
const holders = new Set<Pattern>();

function isLatest(e: { text: string }): boolean {
  for (const t of latest) if (t === e.text) return true;
  return false;
}

/** Notes that `text` is being scanned: when it is new, the states of texts no longer among the latest are dropped. */
function noteText(text: string): void {
  for (const t of latest) if (t === text) return;
  latest.push(text);
  if (latest.length <= RECENT) return;
  latest.shift();
  for (const p of holders) {
    p.spans = p.spans.filter(isLatest);
    p.tests = p.tests.filter(isLatest);
    if (p.spans.length === 0 && p.tests.length === 0) holders.delete(p);
  }
}

function remember<T extends { text: string }>(p: Pattern, recent: T[], entry: T, replaced?: T): void {
  holders.add(p);
  const at = replaced ? recent.indexOf(replaced) : -1;
  if (at >= 0) recent[at] = entry;
  else {
    recent.push(entry);
    if (recent.length > RECENT) recent.shift();
  }
}

function scanWhole(re: RegExp, text: string): Int32Array {
  const out: number[] = [];
  const unicode = /[uv]/.test(re.flags);
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    out.push(m.index, end);
    if (m[0].length === 0) re.lastIndex = stepOver(text, end, unicode);
  }
  re.lastIndex = 0;
  return Int32Array.from(out);
}

/**
 * The matches of `re` in `text` as [start, end) offset pairs, flat, in order: what a loop
 * of `exec` with the global flag finds, stepping one character on after an empty match.
 * `re`'s own flags other than `g` and `y` apply; its `lastIndex` is left alone.
 */
export function matchSpans(text: string, re: RegExp): Int32Array {
  const p = patternOf(re);
  if (!p.reach || text.length < MIN_INCREMENTAL) return scanWhole(p.global, text);
  noteText(text);
  for (const s of p.spans) if (s.text === text) return s.spans;
  const near = closest(p.spans, text);
  if (!near) {
    const spans = scanWhole(p.global, text);
    remember(p, p.spans, { text, spans });
    return spans;
  }
  const { behind, ahead } = p.reach;
  const { old, head, tail } = near;
  const was = old.spans;
  const delta = text.length - old.text.length;
  const changedEnd = text.length - tail;
  const out: number[] = [];
  // Matches tried where nothing they read changed stay; the scan goes on from after the last one.
  let k = 0;
  let from = 0;
  while (k < was.length && was[k] + ahead <= head) {
    out.push(was[k], was[k + 1]);
    from = was[k + 1] > was[k] ? was[k + 1] : was[k] + 1;
    k += 2;
  }
  // Positions before `head - ahead + 1` read nothing that changed, and matched nowhere the old scan did not.
  let x = Math.max(from, head - ahead + 1, 0);
  const sticky = p.sticky;
  let j = k;
  for (;;) {
    if (x >= changedEnd + behind || x > text.length) {
      // Past the change by a reach: the old scan tried this position too (it is not inside one
      // of its matches), so from here on it found what this one would.
      const y = x - delta;
      while (j < was.length && was[j] < y) j += 2;
      const inside = j >= 2 && was[j - 2] < y && was[j - 1] > y;
      if (!inside || x > text.length) {
        if (x <= text.length) for (; j < was.length; j += 2) out.push(was[j] + delta, was[j + 1] + delta);
        break;
      }
    }
    sticky.lastIndex = x;
    const m = sticky.exec(text);
    if (m) {
      out.push(x, x + m[0].length);
      x += m[0].length || 1;
    } else x++;
  }
  sticky.lastIndex = 0;
  const spans = Int32Array.from(out);
  remember(p, p.spans, { text, spans }, old);
  return spans;
}

/** `re.test(text)`, its flags other than `g` and `y` applied (`lastIndex` left alone), tried again only around an edit. */
export function matchesIn(text: string, re: RegExp): boolean {
  const p = patternOf(re);
  const first = (): number => {
    p.global.lastIndex = 0;
    const m = p.global.exec(text);
    p.global.lastIndex = 0;
    return m ? m.index : -1;
  };
  if (!p.reach || text.length < MIN_INCREMENTAL) return first() >= 0;
  noteText(text);
  for (const t of p.tests) if (t.text === text) return t.at >= 0;
  const near = closest(p.tests, text);
  let at: number;
  if (!near) at = first();
  else {
    const { behind, ahead } = p.reach;
    const { old, head, tail } = near;
    const oldChangedEnd = old.text.length - tail;
    const changedEnd = text.length - tail;
    if (old.at >= 0 && old.at + ahead <= head) at = old.at;
    else if (old.at >= 0 && old.at - behind >= oldChangedEnd) at = old.at + (text.length - old.text.length);
    else if (old.at >= 0) at = first();
    else {
      // Nothing matched before: only an attempt that reads a changed character may match now.
      at = -1;
      const sticky = p.sticky;
      for (let x = Math.max(0, head - ahead + 1); x < changedEnd + behind && x <= text.length; x++) {
        sticky.lastIndex = x;
        if (sticky.exec(text)) { at = x; break; }
      }
      sticky.lastIndex = 0;
    }
  }
  remember(p, p.tests, { text, at }, near?.old);
  return at >= 0;
}

/**
 * The matches of `re` in `text` as `exec` gives them (groups and all), in order: those of
 * `matchSpans`, each matched again where it starts. A text with no close recent one is
 * scanned whole as it is read.
 */
export function* execMatches(text: string, re: RegExp): Generator<RegExpExecArray> {
  const p = patternOf(re);
  if (p.reach && text.length >= MIN_INCREMENTAL) noteText(text);
  const carried = !!p.reach && text.length >= MIN_INCREMENTAL && (p.spans.some((s) => s.text === text) || !!closest(p.spans, text));
  if (!carried) {
    const g = p.global;
    const out: number[] = [];
    g.lastIndex = 0;
    const unicode = /[uv]/.test(g.flags);
    for (let m = g.exec(text); m; m = g.exec(text)) {
      out.push(m.index, m.index + m[0].length);
      if (m[0].length === 0) g.lastIndex = stepOver(text, m.index, unicode);
      // The caller may scan with the same pattern in between.
      const next = g.lastIndex;
      yield m;
      g.lastIndex = next;
    }
    g.lastIndex = 0;
    if (p.reach && text.length >= MIN_INCREMENTAL) remember(p, p.spans, { text, spans: Int32Array.from(out) });
    return;
  }
  const spans = matchSpans(text, re);
  const sticky = p.sticky;
  for (let k = 0; k < spans.length; k += 2) {
    sticky.lastIndex = spans[k];
    const m = sticky.exec(text);
    sticky.lastIndex = 0;
    if (m) yield m;
  }
}
