/**
 * Programs an app starts as child processes: `child_process.exec("ffmpeg -i ...")`,
 * `subprocess.run(["pip", "install", x])`, `exec.Command("go", "build")`, Ruby `system` and
 * backticks, Java `Runtime.exec` / `ProcessBuilder`, PHP `shell_exec` / backticks / Symfony
 * `Process`. Shared by the rules that look at what is run (undeclared system tools,
 * installs and builds at run time, migrations started from code).
 *
 * Only literal command text counts: a program name that comes from a variable or from the
 * environment is never guessed. Shell strings are split into simple commands (`a && b | c`)
 * and their first words read past `sudo`, `env X=1`, `nice`, `timeout 5`...
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { LanguageId } from '../parsing/languages';
import { ANCHORED_LOOKUPS, callInfo, inQueryOrder, inTreeOrder, nodesNear, spansOf, stringValue, walkMatch, type TextSpan, type WalkMatch } from './syntax';
import { escapeRegExp } from '../engine/regexp';
import { matchesIn } from '../engine/text-matches';

/** One simple command: the program (base name, as written) and its literal arguments. */
export interface Invoked {
  program: string;
  args: string[];
  /** Called through a relative path (`./bin/ffmpeg`, `vendor/bin/x`): shipped with the app. */
  vendored: boolean;
  /** Called through an absolute path outside the usual system folders. */
  customPath: boolean;
}

export interface Spawn {
  call: Node;
  /** The API, for messages: `execSync`, `subprocess.run`, `exec.Command`, `system`, backticks... */
  api: string;
  commands: Invoked[];
  /** The literal that names the first program (report here). */
  anchor: Node;
}

/**
 * Tree-sitter queries finding candidate spawn calls (capture `@call`), per language: the
 * reference the walks below must agree with (`test/unit/subprocess-walks.test.ts`); nothing
 * compiles them at run time. Each alternative is its own top-level pattern.
 */
export const SPAWN_QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: `
    (call_expression function: (identifier) @fn
      (#match? @fn "^(exec|execSync|spawn|spawnSync|execFile|execFileSync|execAsync|execPromise|execa|execaSync|execaCommand|execaCommandSync|[$])$")) @call
    (call_expression function: (member_expression property: (property_identifier) @fn)
      (#match? @fn "^(exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaSync|execaCommand|execaCommandSync|[$])$")) @call`,
  python: `
    (call function: (identifier) @fn (#match? @fn "^(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$")) @call
    (call function: (attribute attribute: (identifier) @fn)
      (#match? @fn "^(run|call|check_call|check_output|Popen|getoutput|getstatusoutput|system|popen|create_subprocess_exec|create_subprocess_shell|execv|execvp|execvpe|execl|execlp|execle|execlpe|spawnv|spawnvp|spawnl|spawnlp|main)$")) @call`,
  go: `(call_expression function: (selector_expression field: (field_identifier) @fn) (#match? @fn "^(Command|CommandContext)$")) @call`,
  ruby: `
    (call method: (identifier) @fn (#match? @fn "^(system|exec|spawn|capture2|capture2e|capture3|popen|popen2|popen2e|popen3|pipeline|pipeline_r|pipeline_rw|pipeline_w|pipeline_start)$")) @call
    (subshell) @call`,
  java: `
    (method_invocation name: (identifier) @fn (#match? @fn "^(exec|command)$")) @call
    (object_creation_expression type: (_) @t (#match? @t "ProcessBuilder$")) @call`,
  php: `
    (function_call_expression function: (_) @fn (#match? @fn "(^|[^A-Za-z0-9_])(exec|shell_exec|system|passthru|proc_open|popen|pcntl_exec)$")) @call
    (shell_command_expression) @call
    (object_creation_expression (_) @n (#match? @n "(^|[^A-Za-z0-9_])Process$")) @call
    (scoped_call_expression scope: (_) @s name: (name) @fn (#match? @s "(^|[^A-Za-z0-9_])Process$") (#match? @fn "^(fromShellCommandline|run|start|pipe)$")) @call`,
};

/**
 * `read(text)`, computed once per text: every candidate call of a file asks the same
 * file-wide question (a test file holds thousands), and so do the facts of the rules that read
 * spawns. Only the last text is kept, so none outlives the next check.
 */
function oncePerText<T>(read: (text: string) => T): (text: string) => T {
  let last: { text: string; value: T } | undefined;
  return (text) => {
    if (last?.text !== text) last = { text, value: read(text) };
    return last.value;
  };
}

/** A JavaScript file that names a library through which a bare `exec(...)`/`$\`...\`` may spawn. */
const JS_SPAWN_LIBRARY = /child_process|execa|shelljs|\bzx\b|['"]bun['"]/;

/** `JS_SPAWN_LIBRARY.test(text)`, once per text. */
export const mentionsSpawnLibrary = oncePerText((text) => matchesIn(text, JS_SPAWN_LIBRARY));

/** At every `import` (overlapping ones too), the name after `import subprocess as`; at every `from`, the rest of a `from subprocess import` line. */
const PY_SUBPROCESS_AS = /import(?=\s+subprocess\s+as\s+(\w*))/g;
const PY_FROM_SUBPROCESS = /from(?=\s+subprocess\s+import\s([^\n]*))/g;

/**
 * A Python file's `subprocess` imports, once per text (each candidate call used to search the
 * whole text with a pattern of its own): the names `import subprocess as <name>` gives (a
 * name is the whole run of word characters, maybe empty), and what follows
 * `from subprocess import ` on its line, per such import.
 */
const pythonSubprocessImports = oncePerText((text) => ({
  aliases: new Set([...text.matchAll(PY_SUBPROCESS_AS)].map((m) => m[1])),
  fromLines: [...text.matchAll(PY_FROM_SUBPROCESS)].map((m) => m[1]),
}));

/**
 * Whether `import subprocess as <obj>` is in the text, `obj` read as its word characters
 * (as `new RegExp(\`import\\s+subprocess\\s+as\\s+${word}\\b\`)` would: with none, any alias will do).
 */
export function importsSubprocessAs(text: string, obj: string): boolean {
  const word = obj.replace(/\W/g, '');
  const { aliases } = pythonSubprocessImports(text);
  if (word !== '') return aliases.has(word);
  for (const a of aliases) if (a !== '') return true;
  return false;
}

/**
 * What a Python file's spawn reading takes from its whole text (its `subprocess` imports), as
 * one string: the `facts` of the incremental rules that read spawns.
 */
export function pythonSubprocessFacts(text: string): string {
  const { aliases, fromLines } = pythonSubprocessImports(text);
  return aliases.size === 0 && fromLines.length === 0 ? '' : `${[...aliases].join(',')}\n${fromLines.join('\n')}`;
}

/** Whether a `from subprocess import ...` line of the text names `name` (a whole word). */
export function importsFromSubprocess(text: string, name: string): boolean {
  const { fromLines } = pythonSubprocessImports(text);
  if (fromLines.length === 0) return false;
  const re = new RegExp(`\\b${escapeRegExp(name)}\\b`);
  return fromLines.some((l) => re.test(l));
}

/**
 * Per language, the words a candidate of `SPAWN_QUERIES` holds (the called name, `ProcessBuilder`,
 * `Process`, backticks) and how far above the word's smallest node the candidate is: the
 * query need only start there. `before` is the set of characters that may not precede the word
 * (it is a whole name); the regexes already refuse a name character after it.
 */
interface SpawnAnchor {
  re?: RegExp;
  before?: RegExp;
  /** Instead of `re`: the spans, found by hand. */
  spans?: (text: string) => TextSpan[];
  types: ReadonlySet<string>;
  levels: number;
}

const isWordCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isBlankCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;

/** Before `i`, skipping blanks and block comments: a `.`, as in `x.$`. */
function afterDot(text: string, i: number): boolean {
  for (;;) {
    while (i > 0 && (isBlankCode(text.charCodeAt(i - 1)) || /\s/.test(text[i - 1]))) i--;
    if (text[i - 1] !== '/' || text[i - 2] !== '*') return text[i - 1] === '.';
    const open = text.lastIndexOf('/*', i - 3);
    if (open < 0) return true;
    i = open;
  }
}

/**
 * zx's `$` (`$\`ls\``, `$(...)`) as a whole name, not `${` nor `$.x`. Called bare it spawns only in
 * a file naming a spawning library (jQuery's `$(...)` is everywhere else): elsewhere only `x.$`,
 * which depends on `x`. By hand: a regex would make an array per `$` of a jQuery file.
 */
function dollarSpans(text: string): TextSpan[] {
  const bare = mentionsSpawnLibrary(text);
  const out: TextSpan[] = [];
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (isWordCode(next) || next === 36 || next === 123 || next === 46) continue;
    const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
    if (isWordCode(prev) || prev === 36) continue;
    if (bare || afterDot(text, i)) out.push({ start: i, end: i + 1 });
  }
  return out;
}

const JS_SPAWN: SpawnAnchor[] = [
  { re: /(?:execaCommandSync|execaCommand|execaSync|execa|execFileSync|execFile|execSync|execAsync|execPromise|exec|spawnSync|spawn)(?![\w$])/g, before: /[\w$]/, types: new Set(['call_expression']), levels: 2 },
  { spans: dollarSpans, types: new Set(['call_expression']), levels: 2 },
];

const SPAWN_ANCHORS: Partial<Record<LanguageId, SpawnAnchor[]>> = {
  javascript: JS_SPAWN,
  typescript: JS_SPAWN,
  python: [{
    re: /(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput|system|popen|create_subprocess_exec|create_subprocess_shell|execv|execvp|execvpe|execl|execlp|execle|execlpe|spawnv|spawnvp|spawnl|spawnlp|main)(?!\w)/g,
    before: /\w/, types: new Set(['call']), levels: 2,
  }],
  // A call's name is followed by its arguments or type arguments (or a comment): not `cobra.Command{`.
  go: [{ re: /(?:Command|CommandContext)(?=\s*[([/])/g, before: /\w/, types: new Set(['call_expression']), levels: 2 }],
  ruby: [{
    re: /(?:system|exec|spawn|capture2e|capture2|capture3|popen2e|popen2|popen3|popen|pipeline_rw|pipeline_r|pipeline_w|pipeline_start|pipeline)(?!\w)|`|%x/g,
    before: /\w/, types: new Set(['call', 'subshell']), levels: 1,
  }],
  java: [
    { re: /(?:exec|command)(?!\w)/g, before: /\w/, types: new Set(['method_invocation']), levels: 1 },
    { re: /ProcessBuilder(?!\w)/g, types: new Set(['object_creation_expression']), levels: 2 },
  ],
  php: [
    { re: /(?:shell_exec|pcntl_exec|exec|system|passthru|proc_open|popen)(?!\w)/g, before: /[A-Za-z0-9_]/, types: new Set(['function_call_expression']), levels: 2 },
    { re: /Process(?!\w)/g, before: /[A-Za-z0-9_]/, types: new Set(['object_creation_expression', 'scoped_call_expression']), levels: 2 },
    { re: /`/g, types: new Set(['shell_command_expression']), levels: 1 },
  ],
};

// ---------------------------------------------------------------------------------------
// Spawn candidates found by a walk
// ---------------------------------------------------------------------------------------

/**
 * The matches of some top-level patterns rooted at one node, found in code: each pushed with
 * its pattern's index counted from `base` (where the patterns start in a larger query).
 */
export type NodeMatcher = (n: Node, out: WalkMatch[], base: number) => void;

const field = (n: Node, name: string): Node | null => n.childForFieldName(name);

const JS_SPAWN_FN = /^(exec|execSync|spawn|spawnSync|execFile|execFileSync|execAsync|execPromise|execa|execaSync|execaCommand|execaCommandSync|[$])$/;
const JS_SPAWN_METHOD = /^(exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaSync|execaCommand|execaCommandSync|[$])$/;
const PY_SPAWN_FN = /^(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$/;
const PY_SPAWN_METHOD = /^(run|call|check_call|check_output|Popen|getoutput|getstatusoutput|system|popen|create_subprocess_exec|create_subprocess_shell|execv|execvp|execvpe|execl|execlp|execle|execlpe|spawnv|spawnvp|spawnl|spawnlp|main)$/;
const RUBY_SPAWN_METHOD = /^(system|exec|spawn|capture2|capture2e|capture3|popen|popen2|popen2e|popen3|pipeline|pipeline_r|pipeline_rw|pipeline_w|pipeline_start)$/;
const PHP_SPAWN_FN = /(^|[^A-Za-z0-9_])(exec|shell_exec|system|passthru|proc_open|popen|pcntl_exec)$/;
const PHP_PROCESS = /(^|[^A-Za-z0-9_])Process$/;
const PHP_PROCESS_METHOD = /^(fromShellCommandline|run|start|pipe)$/;

/** `(call_expression function: (identifier) @fn ...)` / `(call function: (identifier) @fn ...)`: the callee when it is a plain name. */
function calleeName(n: Node, fnField: string): Node | undefined {
  const f = field(n, fnField);
  return f?.type === 'identifier' ? f : undefined;
}

/**
 * Per language, the patterns of `SPAWN_QUERIES` in code, matched at one node: the same
 * matches (pattern, captures) the query gives rooted there.
 */
const SPAWN_MATCHERS: Partial<Record<LanguageId, NodeMatcher>> = {
  javascript(n, out, base) {
    if (n.type !== 'call_expression') return;
    const f = field(n, 'function');
    if (f?.type === 'identifier') {
      if (JS_SPAWN_FN.test(f.text)) out.push(walkMatch(base, n, f, { call: n, fn: f }));
    } else if (f?.type === 'member_expression') {
      const p = field(f, 'property');
      if (p?.type === 'property_identifier' && JS_SPAWN_METHOD.test(p.text)) out.push(walkMatch(base + 1, n, p, { call: n, fn: p }));
    }
  },
  python(n, out, base) {
    if (n.type !== 'call') return;
    const f = field(n, 'function');
    if (f?.type === 'identifier') {
      if (PY_SPAWN_FN.test(f.text)) out.push(walkMatch(base, n, f, { call: n, fn: f }));
    } else if (f?.type === 'attribute') {
      const a = field(f, 'attribute');
      if (a?.type === 'identifier' && PY_SPAWN_METHOD.test(a.text)) out.push(walkMatch(base + 1, n, a, { call: n, fn: a }));
    }
  },
  go(n, out, base) {
    if (n.type !== 'call_expression') return;
    const f = field(n, 'function');
    const m = f?.type === 'selector_expression' ? field(f, 'field') : null;
    if (m?.type === 'field_identifier' && (m.text === 'Command' || m.text === 'CommandContext')) out.push(walkMatch(base, n, m, { call: n, fn: m }));
  },
  ruby(n, out, base) {
    if (n.type === 'subshell') {
      out.push(walkMatch(base + 1, n, n, { call: n }));
      return;
    }
    if (n.type !== 'call') return;
    const m = field(n, 'method');
    if (m?.type === 'identifier' && RUBY_SPAWN_METHOD.test(m.text)) out.push(walkMatch(base, n, m, { call: n, fn: m }));
  },
  java(n, out, base) {
    if (n.type === 'method_invocation') {
      const m = field(n, 'name');
      if (m?.type === 'identifier' && (m.text === 'exec' || m.text === 'command')) out.push(walkMatch(base, n, m, { call: n, fn: m }));
    } else if (n.type === 'object_creation_expression') {
      const t = field(n, 'type');
      if (t?.isNamed && t.text.endsWith('ProcessBuilder')) out.push(walkMatch(base + 1, n, t, { call: n, t }));
    }
  },
  php(n, out, base) {
    switch (n.type) {
      case 'function_call_expression': {
        const f = field(n, 'function');
        if (f?.isNamed && PHP_SPAWN_FN.test(f.text)) out.push(walkMatch(base, n, f, { call: n, fn: f }));
        return;
      }
      case 'shell_command_expression':
        out.push(walkMatch(base + 1, n, n, { call: n }));
        return;
      case 'object_creation_expression':
        // Any named child (the class, the arguments...) whose text ends in the class name: one match each.
        for (let i = 0; i < n.namedChildCount; i++) {
          const c = n.namedChild(i);
          if (c && PHP_PROCESS.test(c.text)) out.push(walkMatch(base + 2, n, c, { call: n, n: c }));
        }
        return;
      case 'scoped_call_expression': {
        const s = field(n, 'scope');
        const m = field(n, 'name');
        if (s?.isNamed && m?.type === 'name' && PHP_PROCESS.test(s.text) && PHP_PROCESS_METHOD.test(m.text)) out.push(walkMatch(base + 3, n, m, { call: n, s, fn: m }));
        return;
      }
    }
  },
};

/** `SPAWN_QUERIES`' patterns at a node (TypeScript uses JavaScript's), from pattern `base` on. */
export function matchSpawnAt(n: Node, lang: LanguageId, out: WalkMatch[], base = 0): void {
  SPAWN_MATCHERS[lang === 'typescript' ? 'javascript' : lang]?.(n, out, base);
}

/** How many top-level patterns `SPAWN_QUERIES` has per language (where a rule's own patterns after them start). */
export const SPAWN_PATTERN_COUNT: Partial<Record<LanguageId, number>> = { javascript: 2, typescript: 2, python: 2, go: 1, ruby: 2, java: 2, php: 4 };

/** Node types the patterns of `SPAWN_QUERIES` are rooted at. */
export const SPAWN_TYPES: Partial<Record<LanguageId, string[]>> = {
  javascript: ['call_expression'], typescript: ['call_expression'], python: ['call'], go: ['call_expression'],
  ruby: ['call', 'subshell'], java: ['method_invocation', 'object_creation_expression'],
  php: ['function_call_expression', 'shell_command_expression', 'object_creation_expression', 'scoped_call_expression'],
};

/** Where a word's candidates are: its spans, and the types and levels above them of the nodes to try. */
export interface WordCandidates { spans: TextSpan[]; types: ReadonlySet<string>; levels: number }

/**
 * The candidate spawn calls of a text, found from their words: per `SPAWN_ANCHORS` entry, its
 * spans (empty when the text has none of its words). No tree needed: a rule asks for the tree
 * only when some span exists.
 */
export function spawnWords(text: string, lang: LanguageId): WordCandidates[] {
  return (SPAWN_ANCHORS[lang] ?? []).map((a) => ({
    spans: a.spans ? a.spans(text) : spansOf(text, a.re!, (m) => !a.before || m.index === 0 || !a.before.test(text[m.index - 1])),
    types: a.types,
    levels: a.levels,
  }));
}

/**
 * Whether some word has a span: without one there is no candidate, and no need for the tree.
 * Always with `ANCHORED_LOOKUPS.wholeTree` (tests), where every node of the types is one.
 */
export function anyCandidate(words: readonly WordCandidates[]): boolean {
  return ANCHORED_LOOKUPS.wholeTree || words.some((w) => w.spans.length > 0);
}

/**
 * The nodes the matchers are tried at: those of each entry's types among the smallest node at
 * one of its spans and its `levels` ancestors, each once, in tree order, outer first. With
 * `ANCHORED_LOOKUPS.wholeTree` (tests), every node of those types in the tree.
 */
export function candidatesNear(root: Node, words: readonly WordCandidates[]): Node[] {
  if (ANCHORED_LOOKUPS.wholeTree) {
    const types = [...new Set(words.flatMap((w) => [...w.types]))];
    return types.length ? root.descendantsOfType(types).filter((n): n is Node => !!n) : [];
  }
  return inTreeOrder(words.flatMap((w) => (w.spans.length ? nodesNear(root, w.spans, w.types, w.levels) : [])));
}

/**
 * The matches of `SPAWN_QUERIES` rooted at the nodes around the words they hold, found in code
 * (no query to compile): node after node in tree order, outer first, each node's matches in the
 * query's order.
 */
export function spawnMatches(context: SpawnContext): WalkMatch[] {
  const lang = context.language;
  const words = spawnWords(context.text, lang);
  if (!anyCandidate(words)) return [];
  const root = context.tree?.rootNode;
  if (!root) return [];
  return candidatesNear(root, words).flatMap((n) => {
    const out: WalkMatch[] = [];
    matchSpawnAt(n, lang, out);
    return inQueryOrder(out);
  });
}

// ---------------------------------------------------------------------------------------
// Literal text
// ---------------------------------------------------------------------------------------

const CONTENT_TYPES = new Set(['string_fragment', 'string_content', 'escape_sequence', 'interpreted_string_literal_content', 'raw_string_literal_content']);
const DELIMITER_TYPES = new Set(['string_start', 'string_end', '"', "'", '`']);

/**
 * The literal text at the start of a string-ish expression: the whole value of a plain
 * literal (`complete`), or what comes before the first interpolation of a template,
 * f-string, interpolated Ruby/PHP string or backtick command, or the left-most literal of a
 * concatenation.
 */
export function literalPrefix(node: Node, lang: LanguageId): { text: string; complete: boolean } | undefined {
  const v = stringValue(node, lang);
  if (v !== undefined) return { text: v, complete: true };
  const t = node.type;
  if (t === 'binary_expression' || t === 'binary') {
    const left = node.childForFieldName('left') ?? node.namedChild(0);
    const op = node.childForFieldName('operator')?.text ?? node.child(1)?.text;
    if (!left || (op !== '+' && op !== '.')) return undefined;
    const l = literalPrefix(left, lang);
    if (!l) return undefined;
    if (!l.complete) return l;
    const right = node.childForFieldName('right') ?? node.namedChild(1);
    const r = right ? literalPrefix(right, lang) : undefined;
    return r ? { text: l.text + r.text, complete: r.complete } : { text: l.text, complete: false };
  }
  if (t === 'parenthesized_expression') {
    const inner = node.namedChild(0);
    return inner ? literalPrefix(inner, lang) : undefined;
  }
  if (!['template_string', 'string', 'encapsed_string', 'subshell', 'shell_command_expression'].includes(t)) return undefined;
  let text = '';
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c) continue;
    if (CONTENT_TYPES.has(c.type)) {
      text += c.type === 'escape_sequence' ? decodeEscape(c.text) : c.text;
      continue;
    }
    if (DELIMITER_TYPES.has(c.type) || !c.isNamed) continue;
    return { text, complete: false };
  }
  return { text, complete: true };
}

function decodeEscape(e: string): string {
  const map: Record<string, string> = { '\\n': '\n', '\\t': '\t', '\\"': '"', "\\'": "'", '\\\\': '\\', '\\`': '`', '\\$': '$' };
  return map[e] ?? e.slice(1);
}

// ---------------------------------------------------------------------------------------
// Shell text
// ---------------------------------------------------------------------------------------

/** Words that run the rest of the command: skipped to find the real program. */
const PREFIX_COMMANDS: Record<string, number> = { sudo: 0, nice: 0, nohup: 0, exec: 0, time: 0, command: 0, stdbuf: 0, ionice: 0, timeout: 1, chronic: 0 };
const SYSTEM_DIRS = /^\/(usr\/(local\/)?)?s?bin\/|^\/opt\/homebrew\/bin\/|^\/opt\/local\/bin\//;

function invoked(words: string[]): Invoked | undefined {
  let i = 0;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const w = words[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) { i++; continue; }
    const base = w.replace(/^.*\//, '');
    if (base === 'env') {
      i++;
      while (i < words.length && (/^-/.test(words[i]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) i++;
      continue;
    }
    if (base in PREFIX_COMMANDS) {
      i++;
      while (i < words.length && /^-/.test(words[i])) i++;
      i += PREFIX_COMMANDS[base];
      continue;
    }
    break;
  }
  const w = words[i];
  if (!w || /[$`*?{}()<>|;&]/.test(w)) return undefined;
  const program = w.replace(/^.*\//, '');
  if (!program) return undefined;
  const vendored = w.includes('/') && !w.startsWith('/') && !w.startsWith('~');
  const customPath = w.startsWith('/') && !SYSTEM_DIRS.test(w) || w.startsWith('~');
  return { program, args: words.slice(i + 1), vendored, customPath };
}

/**
 * The simple commands of a shell string (split at `&&`, `||`, `;`, `|`, newlines and
 * command substitutions), each as program and words. `complete` says whether the text is
 * the whole command: when it is only a prefix, a last word that runs into the unknown rest
 * is dropped.
 */
export function shellCommands(text: string, complete = true): Invoked[] {
  const out: Invoked[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  const endWord = () => { if (inWord) words.push(word); word = ''; inWord = false; };
  const endCommand = () => {
    endWord();
    const inv = invoked(words);
    if (inv) out.push(inv);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") { quote = c; inWord = true; continue; }
    if (c === '\\' && i + 1 < text.length) { word += text[++i]; inWord = true; continue; }
    if (c === ' ' || c === '\t') { endWord(); continue; }
    if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')' || c === '`') {
      // `2>&1`, `&>`: redirections, not separators.
      if (c === '&' && (text[i - 1] === '>' || text[i + 1] === '>')) { word += c; inWord = true; continue; }
      endCommand();
      continue;
    }
    if (c === '$' && text[i + 1] === '(') { endCommand(); i++; continue; }
    if (c === '#' && !inWord) { while (i < text.length && text[i] !== '\n') i++; endCommand(); continue; }
    word += c;
    inWord = true;
  }
  if (!complete) {
    // The last word may continue into an interpolation: keep it only if a blank ended it.
    if (inWord || quote) { word = ''; inWord = false; }
  }
  endCommand();
  return out;
}

// ---------------------------------------------------------------------------------------
// Text pre-checks: what a rule can know before asking for the tree
// ---------------------------------------------------------------------------------------

/**
 * Whether the text holds a word some candidate of `SPAWN_QUERIES` holds in this language (what
 * `spawnMatches` looks around; a call through a promisified alias holds `exec`/`spawn` where the
 * alias is made): without one, no spawn. A rule's text pre-check, so no tree.
 */
export function mayHaveSpawn(text: string, language: LanguageId): boolean {
  for (const a of SPAWN_ANCHORS[language] ?? []) {
    if (a.spans) {
      if (a.spans(text).length) return true;
      continue;
    }
    const re = a.re!;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!a.before || m.index === 0 || !a.before.test(text[m.index - 1])) {
        re.lastIndex = 0;
        return true;
      }
    }
  }
  return false;
}

/** Program names a rule looks for, each with a pattern the rest of the text must also match (its arguments), if any. */
export interface ProgramWords {
  re: RegExp;
  needs: ReadonlyMap<string, RegExp | undefined>;
}

/** `ProgramWords` from names and their needs (non-global patterns); longer names are tried first. */
export function programWords(programs: Record<string, RegExp | undefined>): ProgramWords {
  const names = Object.keys(programs).sort((a, b) => b.length - a.length);
  const re = new RegExp(names.map(escapeRegExp).join('|'), 'g');
  return { re, needs: new Map(Object.entries(programs)) };
}

/**
 * Bounded pattern triggers (`defineRule`'s `triggers`) for program names ending a word (wherever
 * they start: a superset of where `mentionsProgram` can find them). `open` leaves the end of the
 * word open (`pip` for `pip3`, `pip.main`).
 */
export function programTriggers(names: string[], open: string[] = []): RegExp[] {
  const out: RegExp[] = [];
  // No left boundary: a pattern that starts with its words is searched several times faster.
  const flush = (words: string[], end: string) => { if (words.length) out.push(new RegExp(`(?:${words.map(escapeRegExp).join('|')})${end}`)); };
  let chunk: string[] = [];
  for (const n of names.filter((x) => !open.includes(x))) {
    if (chunk.join('|').length + n.length > 70) { flush(chunk, '\\b'); chunk = []; }
    chunk.push(n);
  }
  flush(chunk, '\\b');
  flush(open, '');
  return out;
}

/**
 * Characters around the first word of a shell command or an argument vector's first element:
 * quotes and literal delimiters (Ruby `%x(...)`, `%w[...]`, `%x|...|`), shell separators, blanks
 * and escapes after it.
 */
const BEFORE_PROGRAM = new Set([...'"\'`;|&()[]{}<!^~\n\r']);
const AFTER_PROGRAM = new Set([...' \t\n\r"\'`;|&()\\]}>!^~']);
/** Words a program may follow: what `invoked` skips, and runners whose argument is the program. */
const LEAD_WORDS = new Set([...Object.keys(PREFIX_COMMANDS), 'env', 'npx', 'pnpx', 'bunx', 'dlx']);

/** Length of the blank that ends at `i`: a space or tab, or a `\t` escape a literal decodes to one (0: none). */
function blankBefore(text: string, i: number): number {
  const c = text[i - 1];
  if (c === ' ' || c === '\t') return 1;
  return c === 't' && text[i - 2] === '\\' ? 2 : 0;
}

/** Whether a command may start at `i`: the start of the text, of a literal or a shell word list, a separator, a line break or its escape. */
function breakBefore(text: string, i: number): boolean {
  if (i === 0 || BEFORE_PROGRAM.has(text[i - 1])) return true;
  return (text[i - 1] === 'n' || text[i - 1] === 'r') && text[i - 2] === '\\';
}

/** `i` after the blanks that end there, or -1 when there are none. */
function skipBlanks(text: string, i: number): number {
  let j = i;
  for (let b = blankBefore(text, j); b; b = blankBefore(text, j)) j -= b;
  return j === i ? -1 : j;
}

/**
 * Whether a word starting at `i` may be what `shellCommands` or `fromArgv` reads as the program:
 * at the start of a literal, shell word list or path base name, after a command separator or
 * line break, or after blanks that follow one, a prefix command (`sudo`, `env`, `npx`...), a
 * flag, an assignment or `timeout`'s duration.
 */
function programStart(text: string, i: number): boolean {
  if (breakBefore(text, i) || text[i - 1] === '/') return true;
  const j = skipBlanks(text, i);
  if (j < 0) return false;
  if (breakBefore(text, j)) return true;
  let k = j;
  while (!breakBefore(text, k) && !blankBefore(text, k)) k--;
  const word = text.slice(k, j);
  if (word.startsWith('-') || word.includes('=') || LEAD_WORDS.has(word.replace(/^.*\//, ''))) return true;
  const t = skipBlanks(text, k) - 'timeout'.length;
  return t >= 0 && text.startsWith('timeout', t) && (breakBefore(text, t) || blankBefore(text, t) > 0 || text[t - 1] === '/');
}

/**
 * Whether one of `words`' programs may be run by a literal command in this text (a rule's text
 * pre-check): its name stands where a shell string or an argument vector names the program (a
 * version may follow: `pip3`, `python3.11`), and the text matches what the program needs. Read
 * as written: a name split by concatenation or spelled with `\x`/`\u` escapes is not seen.
 */
export function mentionsProgram(text: string, words: ProgramWords): boolean {
  const { re } = words;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let end = m.index + m[0].length;
    if (/[0-9]/.test(text[end] ?? '')) while (/[0-9.]/.test(text[end] ?? '')) end++;
    if (end < text.length && !AFTER_PROGRAM.has(text[end])) continue;
    if (!programStart(text, m.index)) continue;
    const need = words.needs.get(m[0]);
    if (need && !need.test(text)) continue;
    re.lastIndex = 0;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Spawn calls
// ---------------------------------------------------------------------------------------

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'cmd', 'cmd.exe', 'powershell', 'pwsh']);

function namedChildren(n: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && !c.type.includes('comment')) out.push(c);
  }
  return out;
}

/** Literal words of an array/list literal (`undefined` for elements that are not literal). */
function arrayWords(node: Node | undefined, lang: LanguageId): (string | undefined)[] | undefined {
  if (!node) return undefined;
  let list: Node | undefined = node;
  if (lang === 'java') {
    if (node.type === 'array_creation_expression') list = node.childForFieldName('value') ?? undefined;
    else if (node.type === 'method_invocation' && /^(List\.of|Arrays\.asList)$/.test(`${node.childForFieldName('object')?.text}.${node.childForFieldName('name')?.text}`)) {
      list = node.childForFieldName('arguments') ?? undefined;
    } else if (node.type !== 'array_initializer') return undefined;
  } else if (lang === 'php') {
    if (node.type !== 'array_creation_expression') return undefined;
  } else if (!['array', 'list', 'tuple'].includes(node.type)) return undefined;
  if (!list) return undefined;
  return namedChildren(list).map((c) => {
    const e = lang === 'php' && c.type === 'array_element_initializer' ? c.namedChild(0) ?? c : c;
    const v = stringValue(e, lang);
    if (v !== undefined) return v;
    // `sys.executable` is the running Python.
    if (lang === 'python' && e.text === 'sys.executable') return 'python';
    return undefined;
  });
}

/** Builds the commands from an argument vector (whose program may itself be a shell). */
function fromArgv(words: (string | undefined)[]): Invoked[] {
  const [first, ...rest] = words;
  if (first === undefined) return [];
  const program = first.replace(/^.*\//, '');
  if (SHELLS.has(program)) {
    const c = rest.indexOf('-c') >= 0 ? rest.indexOf('-c') : rest.indexOf('/c');
    const script = c >= 0 ? rest[c + 1] : undefined;
    return script !== undefined ? shellCommands(script) : [];
  }
  // An argument vector whose first element holds spaces is a shell line (`shell: true`).
  if (/\s/.test(first.trim())) return shellCommands(first);
  const inv = invoked([first]);
  if (!inv) return [];
  const args: string[] = [];
  for (const w of rest) {
    if (w === undefined) break;
    args.push(w);
  }
  return [{ ...inv, args }];
}

function positional(args: Node[], lang: LanguageId): Node[] {
  return args.filter((a) => !(lang === 'python' && a.type === 'keyword_argument') && !(lang === 'ruby' && (a.type === 'pair' || a.type === 'hash')));
}

/** Argument nodes of a PHP call (unwrapping `argument`). */
function phpArgs(call: Node): Node[] {
  const list = call.childForFieldName('arguments') ?? namedChildren(call).find((c) => c.type === 'arguments');
  if (!list) return [];
  return namedChildren(list).map((a) => (a.type === 'argument' ? a.namedChild(a.namedChildCount - 1) ?? a : a));
}

function shellFrom(node: Node | undefined, lang: LanguageId): { commands: Invoked[]; anchor: Node } | undefined {
  if (!node) return undefined;
  // `shlex.split("...")`
  if (lang === 'python' && node.type === 'call' && /^(shlex\.)?split$/.test(node.childForFieldName('function')?.text ?? '')) {
    return shellFrom(node.childForFieldName('arguments')?.namedChild(0) ?? undefined, lang);
  }
  const p = literalPrefix(node, lang);
  if (!p) return undefined;
  const commands = shellCommands(p.text, p.complete);
  return commands.length ? { commands, anchor: node } : undefined;
}

function argvFrom(program: Node | undefined, rest: Node[], lang: LanguageId): { commands: Invoked[]; anchor: Node } | undefined {
  if (!program) return undefined;
  const list = arrayWords(program, lang);
  if (list) return { commands: fromArgv(list), anchor: program };
  const first = stringValue(program, lang);
  if (first === undefined) {
    // A shell line built from a template: `spawn(\`ffmpeg ${x}\`, { shell: true })`.
    return undefined;
  }
  const words: (string | undefined)[] = [first];
  for (const r of rest) {
    const arr = arrayWords(r, lang);
    if (arr) { words.push(...arr); break; }
    const v = stringValue(r, lang);
    words.push(v);
    if (v === undefined) break;
  }
  return { commands: fromArgv(words), anchor: program };
}

/**
 * JavaScript names bound to a promisified spawn function: `const run = promisify(execFile)`,
 * `const execAsync = util.promisify(require('child_process').exec)`.
 */
export function promisifiedSpawns(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!text.includes('promisify')) return out;
  const re = /(?:const|let|var)\s+(\w+)\s*=\s*(?:[\w.]+\.)?promisify\(\s*(?:require\(\s*['"](?:node:)?child_process['"]\s*\)\.|[\w.]+\.)?(exec|execFile|spawn)\s*\)/g;
  for (const m of text.matchAll(re)) out.set(m[1], m[2]);
  return out;
}

type QueryMatchLike = { captures: { name: string; node: Node }[] };

interface SpawnContext {
  language: LanguageId;
  text: string;
  tree: { rootNode: Node } | undefined;
}

/**
 * The calls of promisified aliases (`const run = promisify(exec)`; `run("...")`), as the query
 * `(call_expression function: (identifier) @fn (#match? @fn "^(names)$")) @call` rooted at the
 * calls around the aliases' names would match them: node after node, in tree order.
 */
export function aliasCallMatches(root: Node, text: string, aliases: ReadonlyMap<string, string>): WalkMatch[] {
  const names = [...aliases.keys()].filter((n) => /^\w+$/.test(n));
  if (!names.length) return [];
  // Calls of an alias: the alias's name, then its call one level up.
  const spans = spansOf(text, new RegExp(`(?:${names.join('|')})(?![\\w$])`, 'g'), (m) => m.index === 0 || !/[\w$]/.test(text[m.index - 1]));
  const calls = candidatesNear(root, [{ spans, types: new Set(['call_expression']), levels: 1 }]);
  const out: WalkMatch[] = [];
  for (const call of calls) {
    const fn = calleeName(call, 'function');
    if (fn && names.includes(fn.text)) out.push(walkMatch(0, call, fn, { call, fn }));
  }
  return out;
}

/**
 * Every spawn in the file: the candidates `matches` gives (the `@call` captures of
 * `SPAWN_QUERIES`' patterns, as `spawnMatches` finds them), plus calls through promisified
 * aliases.
 */
export function findSpawns(context: SpawnContext, matches: readonly QueryMatchLike[]): Spawn[] {
  const lang = context.language;
  const out: Spawn[] = [];
  const seen = new Set<number>();
  const consider = (call: Node | undefined, alias?: string) => {
    if (!call || seen.has(call.startIndex)) return;
    seen.add(call.startIndex);
    const s = spawnAt(call, lang, context.text, alias);
    if (s) out.push(s);
  };
  for (const m of matches) consider(m.captures.find((c) => c.name === 'call')?.node);
  if (lang === 'javascript' || lang === 'typescript') {
    const aliases = promisifiedSpawns(context.text);
    const root = aliases.size ? context.tree?.rootNode : undefined;
    if (root) {
      for (const m of aliasCallMatches(root, context.text, aliases)) {
        const fn = m.captures.find((c) => c.name === 'fn')?.node;
        consider(m.captures.find((c) => c.name === 'call')?.node, fn ? aliases.get(fn.text) : undefined);
      }
    }
  }
  return out;
}

/**
 * What a candidate call (a `@call` capture of `SPAWN_QUERIES`) runs, or undefined if it starts
 * no literal program. `alias` names the child_process function a promisified alias stands for.
 */
export function spawnAt(call: Node, lang: LanguageId, fileText: string, alias?: string): Spawn | undefined {
  const done = (api: string, r: { commands: Invoked[]; anchor: Node } | undefined): Spawn | undefined =>
    r && r.commands.length ? { call, api, commands: r.commands, anchor: r.anchor } : undefined;

  if (lang === 'ruby' && call.type === 'subshell') return done('backticks', shellFrom(call, lang));
  if (lang === 'php' && call.type === 'shell_command_expression') return done('backticks', shellFrom(call, lang));

  if (lang === 'php') {
    const args = phpArgs(call);
    if (call.type === 'function_call_expression') {
      const fn = (call.childForFieldName('function')?.text ?? '').replace(/^.*\\/, '');
      if (fn === 'proc_open' || fn === 'pcntl_exec') {
        const list = arrayWords(args[0], lang);
        if (list) return done(fn, { commands: fromArgv(list), anchor: args[0] });
        if (fn === 'pcntl_exec') return done(fn, argvFrom(args[0], args.slice(1), lang));
      }
      return done(fn, shellFrom(args[0], lang));
    }
    if (call.type === 'scoped_call_expression' && !/(^|\\)Process$/.test(call.childForFieldName('scope')?.text ?? '')) return undefined;
    if (call.type === 'object_creation_expression' && !namedChildren(call).some((c) => (c.type === 'name' || c.type === 'qualified_name') && /(^|\\)Process$/.test(c.text))) return undefined;
    if (call.type !== 'scoped_call_expression' && call.type !== 'object_creation_expression') return undefined;
    const method = call.type === 'scoped_call_expression' ? call.childForFieldName('name')?.text ?? '' : 'new Process';
    const first = args[0];
    if (!first) return undefined;
    const list = arrayWords(first, lang);
    if (list) return done(method === 'new Process' ? 'Process' : `Process::${method}`, { commands: fromArgv(list), anchor: first });
    if (method === 'new Process') return undefined; // Symfony Process takes an array
    return done(`Process::${method}`, shellFrom(first, lang));
  }

  const info = callInfo(call, lang);
  if (!info) return undefined;
  const { object } = info;
  const method = alias ?? info.method;
  const args = positional(info.args, lang);

  switch (lang) {
    case 'javascript':
    case 'typescript': {
      const obj = object ?? '';
      const childProcess = /(^|\.)(child_process|childProcess|cp|childproc|child|proc)$/.test(obj) || /require\(\s*['"](node:)?child_process['"]\s*\)$/.test(obj);
      if (object !== undefined && !childProcess && !(obj === 'shell' && method === 'exec') && !(obj === 'Bun' && /^(spawn|spawnSync)$/.test(method)) && obj !== 'execa') return undefined;
      if (object === undefined && !alias && !mentionsSpawnLibrary(fileText)) return undefined;
      if (method === '$') return done('$``', shellFrom(info.args[0], lang));
      if (obj === 'Bun') return done(`Bun.${method}`, argvFrom(args[0], [], lang));
      if (/^(exec|execSync|execAsync|execPromise|execaCommand|execaCommandSync)$/.test(method)) return done(method, shellFrom(args[0], lang));
      // spawn/execFile/execa(program, [args])
      if (args[0] && stringValue(args[0], lang) === undefined) {
        const shellOpt = args.some((a) => a.type === 'object' && /\bshell\s*:\s*true\b/.test(a.text));
        return shellOpt ? done(method, shellFrom(args[0], lang)) : undefined;
      }
      return done(method, argvFrom(args[0], args.slice(1), lang));
    }
    case 'python': {
      const obj = object ?? '';
      const subprocessAlias = obj === 'subprocess' || obj === 'sp' || (obj !== '' && importsSubprocessAs(fileText, obj));
      const fromSubprocess = object === undefined && importsFromSubprocess(fileText, method);
      const SUB = /^(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$/;
      if ((subprocessAlias || fromSubprocess) && SUB.test(method)) {
        const first = args[0] ?? info.keywordArgs.get('args');
        if (!first) return undefined;
        const list = arrayWords(first, lang);
        if (list) return done(`subprocess.${method}`, { commands: fromArgv(list), anchor: first });
        // A string is a shell line with `shell=True`, else the program alone: read both as shell text.
        return done(`subprocess.${method}`, shellFrom(first, lang));
      }
      if (obj === 'os' && /^(system|popen)$/.test(method)) return done(`os.${method}`, shellFrom(args[0], lang));
      if (obj === 'os' && /^(exec|spawn)/.test(method)) {
        const progIdx = method.startsWith('spawn') ? 1 : 0;
        const prog = args[progIdx];
        const list = arrayWords(args[progIdx + 1], lang);
        const p = prog ? stringValue(prog, lang) : undefined;
        if (p === undefined || !prog) return undefined;
        return done(`os.${method}`, { commands: fromArgv(list ? [p, ...list.slice(1)] : [p]), anchor: prog });
      }
      if (obj === 'asyncio' && method === 'create_subprocess_shell') return done('asyncio.create_subprocess_shell', shellFrom(args[0], lang));
      if (obj === 'asyncio' && method === 'create_subprocess_exec') return done('asyncio.create_subprocess_exec', argvFrom(args[0], args.slice(1), lang));
      if (method === 'main' && /^pip(\._internal)?$/.test(obj)) {
        const list = arrayWords(args[0], lang);
        if (!list || !args[0]) return undefined;
        return done(`${obj}.main`, { commands: fromArgv(['pip', ...list]), anchor: args[0] });
      }
      return undefined;
    }
    case 'go': {
      if (object !== 'exec') return undefined;
      const rest = method === 'CommandContext' ? args.slice(1) : args;
      return done(`exec.${method}`, argvFrom(rest[0], rest.slice(1), lang));
    }
    case 'ruby': {
      const kernel = object === undefined || object === 'Kernel' || object === 'Process';
      if (/^(system|exec|spawn)$/.test(method)) {
        if (!kernel) return undefined;
      } else if (method === 'popen') {
        if (object !== 'IO' && object !== 'Open3') return undefined;
      } else if (object !== 'Open3') return undefined;
      if (object === 'Process' && method !== 'spawn') return undefined;
      if (!args[0]) return undefined;
      const api = object ? `${object}.${method}` : method;
      const list = arrayWords(args[0], lang);
      if (list) return done(api, { commands: fromArgv(list), anchor: args[0] });
      if (args.length === 1) return done(api, shellFrom(args[0], lang));
      return done(api, argvFrom(args[0], args.slice(1), lang));
    }
    case 'java': {
      if (call.type === 'object_creation_expression') {
        const list = args.length === 1 ? arrayWords(args[0], lang) : undefined;
        if (list && args[0]) return done('ProcessBuilder', { commands: fromArgv(list), anchor: args[0] });
        return done('ProcessBuilder', argvFrom(args[0], args.slice(1), lang));
      }
      if (method === 'exec') {
        if (!/(getRuntime\(\)|^(rt|runtime|run)$)/i.test(object ?? '')) return undefined;
        const list = arrayWords(args[0], lang);
        if (list && args[0]) return done('Runtime.exec', { commands: fromArgv(list), anchor: args[0] });
        return done('Runtime.exec', shellFrom(args[0], lang));
      }
      if (method === 'command') {
        if (!/ProcessBuilder|^(pb|builder|processBuilder)$/.test(object ?? '')) return undefined;
        const list = args.length === 1 ? arrayWords(args[0], lang) : undefined;
        if (list && args[0]) return done('ProcessBuilder.command', { commands: fromArgv(list), anchor: args[0] });
        return done('ProcessBuilder.command', argvFrom(args[0], args.slice(1), lang));
      }
      return undefined;
    }
  }
  return undefined;
}
