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
 * Parses text (incrementally when an edited old tree is given). Returns undefined when the
 * time budget runs out; the caller then reports the file as skipped.
 */
export function parse(id: GrammarId, text: string, oldTree?: Tree, budgetMs = 0): Tree | undefined {
  const parser = parserFor(id);
  parser.setTimeoutMicros(budgetMs > 0 ? budgetMs * 1000 : 0);
  try {
    return parser.parse(text, oldTree ?? null) ?? undefined;
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
