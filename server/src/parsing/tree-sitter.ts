/**
 * The tree-sitter runtime and grammars, loaded from the directory of the running bundle
 * (`dist/` in the extension, the CLI and the tests), never from node_modules, which a
 * .vsix does not ship. Grammars load lazily, once per process; queries compile once per
 * grammar and source text.
 */
import * as path from 'path';
import * as fs from 'fs';
import type { Language, Parser, Query, Tree } from '@vscode/tree-sitter-wasm';
import type { GrammarId } from './languages';

type Runtime = typeof import('@vscode/tree-sitter-wasm');

let wasmDir = __dirname;
let runtime: Promise<Runtime> | undefined;
const grammars = new Map<GrammarId, Promise<Language>>();
const loaded = new Map<GrammarId, Language>();
const parsers = new Map<GrammarId, Parser>();
const queries = new Map<string, Query | Error>();

/** Where the .wasm files are; defaults to the directory of this bundle. */
export function setWasmDirectory(dir: string): void {
  wasmDir = dir;
}

export function wasmDirectory(): string {
  return wasmDir;
}

function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('@vscode/tree-sitter-wasm') as Runtime;
    await ts.Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) });
    return ts;
  })();
  return runtime;
}

/**
 * Starts loading the parser's runtime (compiling tree-sitter.wasm in the background) without
 * waiting for it: a server calls this as it starts, so the first file's check finds it ready.
 * A failure is not reported here; the first parse that needs the runtime reports it.
 */
export function preloadRuntime(): void {
  loadRuntime().catch(() => undefined);
}

/** Loads a grammar (once); later calls return the same promise. */
export function loadGrammar(id: GrammarId): Promise<Language> {
  let p = grammars.get(id);
  if (!p) {
    p = (async () => {
      const ts = await loadRuntime();
      const bytes = await fs.promises.readFile(path.join(wasmDir, `tree-sitter-${id}.wasm`));
      const lang = await ts.Language.load(new Uint8Array(bytes));
      loaded.set(id, lang);
      return lang;
    })();
    grammars.set(id, p);
    p.catch(() => grammars.delete(id));
  }
  return p;
}

export function loadedGrammar(id: GrammarId): Language | undefined {
  return loaded.get(id);
}

function parserFor(id: GrammarId): Parser {
  let parser = parsers.get(id);
  if (!parser) {
    const lang = loaded.get(id);
    if (!lang) throw new Error(`grammar ${id} is not loaded`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('@vscode/tree-sitter-wasm') as Runtime;
    parser = new ts.Parser();
    parser.setLanguage(lang);
    parsers.set(id, parser);
  }
  return parser;
}

/**
 * Indentation levels tree-sitter-python can take. Its scanner saves its stack of indent
 * columns into a 1 KiB state buffer, and from 511 nested levels on (fewer with open string
 * delimiters) it writes past the buffer's end, corrupting the WASM heap every grammar shares:
 * later parses of any file then crash or give wrong trees. CPython itself stops at 100.
 */
export const MAX_PYTHON_INDENT_LEVELS = 300;

/** The deepest stack of increasing indentation in a text (continuation lines counted too: an upper bound). */
export function indentLevels(text: string): number {
  const stack = [0];
  let max = 1;
  for (let i = 0; i < text.length;) {
    let col = 0;
    for (;; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) col++;
      else if (c === 9) col += 8 - (col % 8);
      else if (c === 12) col = 0;
      else break;
    }
    const c = text.charCodeAt(i);
    if (i < text.length && c !== 10 && c !== 13 && c !== 35) {
      while (col < stack[stack.length - 1]) stack.pop();
      if (col > stack[stack.length - 1]) stack.push(col);
      if (stack.length > max) max = stack.length;
    }
    while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    i++;
  }
  return max - 1;
}

/** Texts a grammar cannot parse safely (they are never handed to tree-sitter). */
export function beyondGrammarLimits(id: GrammarId, text: string): boolean {
  // Each level indents at least one column, and a blank is at most 8 columns (a tab): without
  // a line indented by MAX/8 blanks, the levels cannot reach MAX (a regex, not a loop, per keystroke).
  return id === 'python' && DEEP_INDENT.test(text) && indentLevels(text) > MAX_PYTHON_INDENT_LEVELS;
}

const DEEP_INDENT = new RegExp(`^[ \\t\\f]{${Math.floor(MAX_PYTHON_INDENT_LEVELS / 8)}}`, 'm');

/**
 * Characters handed to the parser per request for input, on a first parse and on a re-parse.
 * A re-parse asks at every place it restarts from (about one per two top-level statements,
 * 1,100 times on a 10,000-line TypeScript file) and lexes a token or two there: 48 characters
 * instead of 128 made it 0.1 to 0.5 ms faster there (in process, alternating); a first parse
 * reads on, and 128 serve it best.
 */
const PARSE_CHUNK = 128;
const REPARSE_CHUNK = 48;

/**
 * Parses text (incrementally when an edited old tree is given). Returns undefined when the
 * time budget runs out, or when the text is beyond what the grammar can take safely; the
 * caller then reports the file as skipped.
 */
export function parse(id: GrammarId, text: string, oldTree?: Tree, budgetMs = 0): Tree | undefined {
  if (beyondGrammarLimits(id, text)) return undefined;
  const parser = parserFor(id);
  parser.setTimeoutMicros(budgetMs > 0 ? budgetMs * 1000 : 0);
  try {
    // Small chunks: the lexer asks for input at every position it (re-)starts from, and the
    // runtime copies what it is given character by character (up to 5,000 of them); an
    // incremental re-parse restarts at many places and would copy most of the file again.
    // The tree reads node texts through the same callback, and there the rest of the text in
    // one slice is best: one callback serves both, its chunk widened once the parse is done.
    // (Setting the tree's `textCallback` to a second closure instead kept every edited
    // version of the text alive through V8's young-generation collections: on a 2,000-line
    // file, about 2 MB promoted and 10 ms of pause per collection while typing.)
    let chunk = oldTree ? REPARSE_CHUNK : PARSE_CHUNK;
    const tree = parser.parse((index: number) => text.slice(index, index + chunk), oldTree ?? null) ?? undefined;
    chunk = Infinity;
    return tree;
  } finally {
    parser.reset();
  }
}

/** Compiles a query once per grammar and source. Throws the compile error (a rule bug) on every use. */
export function query(id: GrammarId, source: string): Query {
  const key = `${id}\u0000${source}`;
  let q = queries.get(key);
  if (!q) {
    const lang = loaded.get(id);
    if (!lang) throw new Error(`grammar ${id} is not loaded`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('@vscode/tree-sitter-wasm') as Runtime;
    try {
      q = new ts.Query(lang, source);
    } catch (e) {
      q = e instanceof Error ? e : new Error(String(e));
    }
    queries.set(key, q);
  }
  if (q instanceof Error) throw q;
  return q;
}
