/**
 * A Procfile parser that keeps every range: one entry per line (blank, comment, process or
 * malformed), with the spans of the name, the separator (`:` and the blanks after it), the
 * command and, for malformed lines, what is wrong with them. Pure and total: it never throws,
 * and every span lies inside the text.
 *
 * Offsets are UTF-16 code units into the whole text (the unit LSP and `LineIndex` use);
 * `line` is 0-based. Line breaks are `\n`, `\r\n` and a lone `\r`, as in `LineIndex`.
 *
 * ## The format, and where the runners differ
 *
 * The reference is Heroku's (and the CNB spec's) `^([A-Za-z0-9_-]+):\s*(.+)$`, one process
 * type a line; lines that do not match are ignored. What each runner actually does:
 *
 * | runner | line regex / rule | leading blanks | `name :cmd` | `name:cmd` | duplicates | name limits |
 * |---|---|---|---|---|---|---|
 * | Heroku (classic) | `^([A-Za-z0-9_-]+):\s*(.+)$`, other lines ignored | line ignored | ignored | runs | one command per type | letters, digits, `_`, `-` |
 * | CNB (`heroku/procfile` buildpack, Heroku Fir, `pack`) | strict key `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 chars; a key with upper case, `_` or leading spaces is rewritten (lower case, `_` -> `-`) with a warning; any other character fails the build | stripped, with a warning | build fails | runs | last one wins, with a warning | DNS label, 63 chars |
 * | dokku (`procfile-util`) | each line trimmed, then `^([A-Za-z0-9_-]+):\s*(.+)$`; a trailing ` # comment` is cut off the command; `//` also starts a comment | accepted | the whole Procfile is rejected | runs | the whole Procfile is rejected | at most 63 chars; `--strict` mode wants a DNS label |
 * | foreman | `^([A-Za-z0-9_-]+):\s*(.+)$`, other lines silently ignored | line ignored | ignored | runs | both are started | letters, digits, `_`, `-` |
 * | honcho | `^([A-Za-z0-9_-]+):\s*(.+)$` (`-` only since 2020; older releases ignore `a-b:` lines) | line ignored | ignored | runs | refuses to start ("process names must be unique") | letters, digits, `_`, `-` |
 * | overmind | `^([\w-]+):\s+(.+)$`: at least one blank after the colon; `-f other.Procfile` lines include another file | line ignored | ignored | **ignored** | refuses to start | letters, digits, `_`, `-` |
 *
 * Special process types: `web` receives HTTP traffic on `$PORT` (Heroku, CNB's default
 * process, dokku's nginx); `release` runs once per deploy before the new release serves
 * (Heroku's release phase, dokku; CNB has no release phase and treats it as an
 * ordinary process type). Local runners (foreman, honcho, overmind) have no notion of
 * either: they start every line, `release` included, at the same time, and give each
 * process type a port: 5000 for the first, +100 for each next one.
 *
 * This parser is lenient where that helps the rules: a line with leading blanks, blanks
 * before the colon, no blank after it or a name with odd characters is still a `process`
 * (with its `problems`), so that other checks can look at its command; `valid` says whether
 * the Heroku regex accepts the line as written.
 */

export interface Span { start: number; end: number }
export interface TextSpan extends Span { text: string }

export type ProcfileLineKind = 'blank' | 'comment' | 'process' | 'malformed';

/** Structural problems of a line; name-character rules are for the rules to judge. */
export type ProcfileProblem =
  | 'missing-colon'        // no `name:` at the start of the line
  | 'missing-name'         // the line starts with `:`
  | 'empty-command'        // `name:` and nothing after it
  | 'leading-whitespace'   // blanks before the name
  | 'space-before-colon'   // `name :cmd`
  | 'no-space-after-colon' // `name:cmd` (overmind ignores the line)
  | 'invalid-name';        // a name with characters outside [A-Za-z0-9_-]

export interface ProcfileLine {
  /** 0-based line number. */
  line: number;
  kind: ProcfileLineKind;
  /** The line's content, without its line break. */
  span: TextSpan;
  /** Offset just past the line break (or the end of the text on the last line). */
  next: number;
  /** Leading blanks, when there are any. */
  indent?: Span;
  /** The process type name (process lines, and malformed lines that have one). */
  name?: TextSpan;
  /** Blanks between the name and the colon (`web :cmd`). */
  gap?: Span;
  /** The `:` and the blanks after it. */
  separator?: Span;
  /** The command, without trailing blanks; empty (start === end) when missing. */
  command?: TextSpan;
  /** A whole-line comment (`# ...`, or `// ...` which only dokku reads as a comment). */
  comment?: TextSpan & { marker: '#' | '//' };
  /** For `missing-colon` lines: the first word, when it could be a process type name. */
  firstWord?: TextSpan;
  problems: ProcfileProblem[];
  /** Whether Heroku's `^([A-Za-z0-9_-]+):\s*(.+)$` accepts the line as it stands (with a command that is not only blanks). */
  valid: boolean;
}

/** A line that declares a process type (possibly with problems). */
export interface ProcfileProcess extends ProcfileLine {
  kind: 'process';
  name: TextSpan;
  separator: Span;
  command: TextSpan;
  /** Position among the process lines (0-based), which local runners use to pick ports. */
  index: number;
}

export interface Procfile {
  text: string;
  lines: readonly ProcfileLine[];
  processes: readonly ProcfileProcess[];
  /** The dominant line break, for edits that add lines. */
  eol: '\n' | '\r\n';
  /** A byte order mark at the start (Heroku's regex then misses the first line). */
  bom?: Span;
}

export const NAME_CHARS = /^[A-Za-z0-9_-]+$/;
/** The CNB strict key: a DNS label (lowercase letters, digits, inner `-`), at most 63 characters. */
export const PORTABLE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_NAME_LENGTH = 63;
const HEROKU_LINE = /^([A-Za-z0-9_-]+):\s*(.+)$/;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function parseLine(text: string, start: number, end: number, next: number, line: number, contentStart: number): ProcfileLine {
  const raw = text.slice(start, end);
  const base: ProcfileLine = { line, kind: 'blank', span: { start, end, text: raw }, next, problems: [], valid: false };
  let i = contentStart;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i === end || /^\s*$/.test(text.slice(i, end))) return base;
  if (i > contentStart) base.indent = { start: contentStart, end: i };

  if (text.charCodeAt(i) === 35 /* # */ || text.startsWith('//', i)) {
    const marker = text.charCodeAt(i) === 35 ? '#' : '//';
    return { ...base, kind: 'comment', comment: { start: i, end, text: text.slice(i, end), marker } };
  }
  base.valid = HEROKU_LINE.test(raw);

  const colon = text.indexOf(':', i);
  if (colon < 0 || colon >= end) {
    const word = /^[A-Za-z0-9_-]+/.exec(text.slice(i, end));
    return {
      ...base, kind: 'malformed', problems: ['missing-colon'],
      firstWord: word ? { start: i, end: i + word[0].length, text: word[0] } : undefined,
    };
  }
  let nameEnd = colon;
  while (nameEnd > i && isBlank(text.charCodeAt(nameEnd - 1))) nameEnd--;
  const nameText = text.slice(i, nameEnd);
  if (nameText === '') return { ...base, kind: 'malformed', problems: ['missing-name'] };
  if (/\s/.test(nameText)) {
    // `bundle exec puma -b tcp://0.0.0.0:3000`: the first colon is in the command, not after a name.
    const word = /^[A-Za-z0-9_-]+/.exec(nameText);
    return {
      ...base, kind: 'malformed', problems: ['missing-colon'],
      firstWord: word ? { start: i, end: i + word[0].length, text: word[0] } : undefined,
    };
  }
  const problems: ProcfileProblem[] = [];
  if (base.indent) problems.push('leading-whitespace');
  const name: TextSpan = { start: i, end: nameEnd, text: nameText };
  const gap = nameEnd < colon ? { start: nameEnd, end: colon } : undefined;
  if (gap) problems.push('space-before-colon');
  if (!NAME_CHARS.test(nameText)) problems.push('invalid-name');
  let cmdStart = colon + 1;
  while (cmdStart < end && /\s/.test(text[cmdStart])) cmdStart++;
  let cmdEnd = end;
  while (cmdEnd > cmdStart && /\s/.test(text[cmdEnd - 1])) cmdEnd--;
  const separator = { start: colon, end: cmdStart };
  const command: TextSpan = { start: cmdStart, end: cmdEnd, text: text.slice(cmdStart, cmdEnd) };
  if (cmdStart === cmdEnd) {
    problems.push('empty-command');
    // Heroku's `.+` would take a command of blanks; it is no command all the same.
    return { ...base, kind: 'malformed', name, gap, separator, command, problems, valid: false };
  }
  if (cmdStart === colon + 1) problems.push('no-space-after-colon');
  return { ...base, kind: 'process', name, gap, separator, command, problems };
}

function parse(text: string): Procfile {
  const lines: ProcfileLine[] = [];
  const processes: ProcfileProcess[] = [];
  let crlf = 0, lf = 0;
  let start = 0;
  let line = 0;
  const bom = text.charCodeAt(0) === 0xfeff ? { start: 0, end: 1 } : undefined;
  for (;;) {
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    let next = end;
    if (end < text.length) {
      if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) { next = end + 2; crlf++; }
      else { next = end + 1; if (text.charCodeAt(end) === 10) lf++; }
    }
    const contentStart = line === 0 && bom ? 1 : start;
    const parsed = parseLine(text, start, end, next, line, contentStart);
    if (line === 0 && bom && parsed.kind !== 'blank') parsed.valid = false;
    lines.push(parsed);
    if (parsed.kind === 'process') processes.push({ ...(parsed as ProcfileProcess), index: processes.length });
    if (next === end) break; // the last line
    start = next;
    line++;
  }
  // Keep the same objects in `lines` and `processes`.
  for (const p of processes) lines[p.line] = p;
  return { text, lines, processes, eol: crlf > lf ? '\r\n' : '\n', bom };
}

const CACHE_SIZE = 8;
const cache = new Map<string, Procfile>();

/**
 * Parses a Procfile; memoised on the last few texts, so every rule (and the LSP features)
 * can call it for the same document at the cost of one parse. The result is shared:
 * treat it as read-only.
 */
export function parseProcfile(text: string): Procfile {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const parsed = parse(text);
  cache.set(text, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return parsed;
}

/** The process declared with a name (the first one, when it is declared twice). */
export function processNamed(procfile: Procfile, name: string): ProcfileProcess | undefined {
  return procfile.processes.find((p) => p.name.text === name);
}

/** The process line at a 0-based line number. */
export function lineAt(procfile: Procfile, line: number): ProcfileLine | undefined {
  return procfile.lines[line];
}

/**
 * Development Procfiles (`Procfile.dev`, `Procfile.development`, `Procfile.local`) only
 * ever run under a local runner: no platform reads them, no `release` phase runs them.
 */
export function isDevProcfile(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return /^Procfile\.(dev|development|local)$/i.test(name) || /^(dev|development|local)\.procfile$/i.test(name);
}

/** The primary `Procfile` of an app (not `Procfile.dev` or another variant). */
export function isMainProcfile(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return !/^Procfile\..+$/i.test(name);
}
