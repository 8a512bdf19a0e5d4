/**
 * Environment-variable intelligence, for the seven code languages and `.env` files.
 *
 * In code (`process.env.X`, `os.environ["X"]`, `os.Getenv("X")`, `ENV.fetch("X")`,
 * `System.getenv("X")`, `getenv('X')`, `$_ENV['X']`, `env('X')`...):
 * - completion of the names the env files around the file declare (nearest folder, package
 *   root, workspace folder; the files of `twelveFactor.dotenv.files`, the templates and the
 *   per-mode files), after `process.env.` and inside the quotes of the other forms, decided
 *   from the text before the cursor so that it works on code that does not parse yet;
 * - hover on a read: where the variable is declared (file and line), never its value;
 * - go to definition: the declaring lines of the env files;
 * - references and rename, across the env files and the code of the workspace folder.
 *
 * In `.env` files: completion of keys the sibling files declare (and of `${NAME}`), one
 * document symbol per key, folding of comment blocks and multi-line values, hover on a key
 * listing the code that reads it, definition/references/rename of keys, "Generate
 * .env.example" / "Add missing keys" code lenses, and the `twelveFactor/secretRanges`
 * request (value ranges of secret-looking entries, for the client to cloak).
 *
 * No output of this module contains a value from an env file: hovers say "set", "empty" or
 * show a mask; completion items carry names and file:line; the commands write keys and
 * comments only; secret ranges are ranges.
 *
 * The workspace search (references, rename, key hovers) walks the folder the way the scan
 * does (`.gitignore` honoured, listing cached for a few seconds), reads each code file,
 * skips it unless its text could hold an env read (`env`, `config(`, `$_SERVER`), and finds
 * the reads on its syntax tree; the reads of each file are cached by size and modification
 * time, so later searches only stat the files. It is bounded in files and time: past the
 * bound, results are partial (and say so).
 */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import {
  CompletionItemKind, CreateFile, ErrorCodes, FoldingRangeKind, MarkupKind, OptionalVersionedTextDocumentIdentifier, ResponseError,
  SymbolKind, TextDocumentEdit, TextEdit,
  type CodeLens, type CompletionItem, type Connection, type DocumentSymbol, type FoldingRange, type Hover, type Location,
  type Position, type Range, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { FeatureContext, LanguageFeatureProvider } from './language-features';
import type { DocumentStore, OpenDocument } from './documents';
import type { Logger } from './logger';
import type { Settings } from '../engine/settings';
import type { ProjectView } from '../engine/project';
import { LineIndex } from '../parsing/document';
import { detectLanguage, isCodeLanguage, type GrammarId, type LanguageId } from '../parsing/languages';
import { loadGrammar, parse } from '../parsing/tree-sitter';
import type { DotenvDocument, DotenvEntry } from '../parsing/dotenv';
import { walkFiles } from '../scan/walk';
import { envReadSpans, type EnvReadSpan } from '../analysis/env-reads';
import {
  envFileCandidatesIn, isSecretEntry, isTemplateEnvFile, parseEnvText, PLATFORM_VARIABLES, templateCandidates,
} from '../analysis/env-files';
import { classifySecret } from '../analysis/secrets';
import { packageRootOf } from '../fixes/move-to-env';

export const SECRET_RANGES_REQUEST = 'twelveFactor/secretRanges';
export const GENERATE_ENV_EXAMPLE_COMMAND = 'twelve-factor.generateEnvExample';
export const ADD_MISSING_KEYS_COMMAND = 'twelve-factor.addMissingKeys';
export const ENV_COMMANDS = [GENERATE_ENV_EXAMPLE_COMMAND, ADD_MISSING_KEYS_COMMAND];

/** `twelveFactor/secretRanges`: `{ uri }` -> `{ ranges }`, the value ranges to cloak (never the values). */
export interface SecretRangesParams { uri: string }
export interface SecretRangesResult { ranges: Range[] }

/** What the commands return. */
export interface EnvCommandResult { applied: boolean; uri?: string; added: number }

export interface EnvContext { settings: Settings; project: ProjectView; folder: string }
export type EnvContextResolver = (uri: string, fsPath: string) => Promise<EnvContext>;

/** Bounds of the workspace search. */
const MAX_FILES = 5000;
const SEARCH_BUDGET_MS = 3000;
const FILE_LIST_TTL_MS = 10_000;
const MAX_LISTED_READS = 20;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Text without which a file holds no env read (the anchors of `findEnvReads`, case-insensitive). */
const READ_ANCHOR = /env|config\(|\$_SERVER/i;

const MASK = '••••••';

interface EnvFile {
  path: string;
  uri: string;
  text: string;
  doc: DotenvDocument;
  lines: LineIndex;
}

interface FileRead { name: string; range: Range }

function markdown(value: string): { kind: 'markdown'; value: string } {
  return { kind: MarkupKind.Markdown, value };
}

function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

function uriOf(file: string): string {
  return URI.file(file).toString();
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function rangeIn(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/** Declared with a value / empty: what a hover or a completion may say about a value. */
function valueState(entry: DotenvEntry): string {
  if (entry.value === '') return 'empty';
  return isSecretEntry(entry.key, entry.value) ? `${MASK} (secret, hidden)` : 'set (value not shown)';
}

// ---------------------------------------------------------------------------------------
// Completion contexts in code: the text before the cursor on its line

interface CodeCompletionContext { partial: string; nameChars: RegExp }

const IDENT = /[A-Za-z0-9_$]/;
const KEYCHAR = /[A-Za-z0-9_]/;

const CODE_CONTEXTS: Partial<Record<LanguageId, { re: RegExp; chars: RegExp }[]>> = {
  javascript: [
    { re: /(?:\bprocess\.env|\bimport\.meta\.env|\bBun\.env|\bglobalThis\.process\.env)\.([A-Za-z_$][\w$]*)?$/, chars: IDENT },
    { re: /(?:\bprocess\.env|\bimport\.meta\.env|\bBun\.env)\[\s*['"`]([A-Za-z0-9_]*)$/, chars: KEYCHAR },
    { re: /\bDeno\.env\.get\(\s*['"`]([A-Za-z0-9_]*)$/, chars: KEYCHAR },
  ],
  python: [
    { re: /(?:\b(?:os\.)?environ\s*\[\s*|\b(?:os\.)?environ\.(?:get|setdefault|pop)\(\s*|\b(?:os\.)?getenv\(\s*|\benv(?:\.\w+)?\(\s*|\bconfig\(\s*)[rbuRBU]?['"]([A-Za-z0-9_]*)$/, chars: KEYCHAR },
  ],
  go: [
    { re: /\b(?:os|syscall)\.(?:Getenv|LookupEnv)\(\s*["`]([A-Za-z0-9_]*)$/, chars: KEYCHAR },
  ],
  ruby: [
    { re: /\bENV(?:\[\s*|\.fetch\(\s*|\.fetch\s+|\.key\?\(\s*)['"]([A-Za-z0-9_]*)$/, chars: KEYCHAR },
  ],
  java: [
    { re: /\bSystem\.getenv\(\s*"([A-Za-z0-9_]*)$/, chars: KEYCHAR },
    { re: /\bSystem\.getenv\(\)\.(?:get|getOrDefault|containsKey)\(\s*"([A-Za-z0-9_]*)$/, chars: KEYCHAR },
  ],
  php: [
    { re: /(?:\bgetenv\(\s*|\$_ENV\[\s*|\$_SERVER\[\s*|\benv\(\s*|\bEnv::get\(\s*)['"]([A-Za-z0-9_]*)$/, chars: KEYCHAR },
  ],
};
CODE_CONTEXTS.typescript = CODE_CONTEXTS.javascript;

function codeCompletionContext(language: LanguageId, before: string): CodeCompletionContext | undefined {
  for (const c of CODE_CONTEXTS[language] ?? []) {
    const m = c.re.exec(before);
    if (m) return { partial: m[1] ?? '', nameChars: c.chars };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------

export class EnvFeatures {
  /** Env reads of files on disk, by path, valid while size and mtime are unchanged. */
  private readonly readCache = new Map<string, { mtimeMs: number; size: number; reads: FileRead[] }>();
  private readonly fileLists = new Map<string, { at: number; files: string[] }>();

  constructor(private readonly documents: DocumentStore, private readonly resolve: EnvContextResolver, private readonly log: Logger) {}

  /** The provider for the code languages and `dotenv`. */
  provider(): LanguageFeatureProvider {
    return {
      triggerCharacters: ['.', '"', "'", '$', '{'],
      completion: (ctx, pos) => this.completion(ctx, pos),
      hover: (ctx, pos) => this.hover(ctx, pos),
      definition: (ctx, pos) => this.definition(ctx, pos),
      references: (ctx, pos, decl) => this.references(ctx, pos, decl),
      prepareRename: (ctx, pos) => this.prepareRename(ctx, pos),
      rename: (ctx, pos, newName) => this.rename(ctx, pos, newName),
      documentSymbols: (ctx) => this.documentSymbols(ctx),
      foldingRanges: (ctx) => this.foldingRanges(ctx),
      codeLenses: (ctx) => this.codeLenses(ctx),
    };
  }

  /** The custom request; the commands are dispatched by the code-actions handler (`commands`). */
  register(connection: Connection): void {
    connection.onRequest(SECRET_RANGES_REQUEST, (params: SecretRangesParams): SecretRangesResult => this.secretRanges(params));
  }

  /** Handlers of `workspace/executeCommand` by command name. */
  commands(connection: Connection): Record<string, (args: unknown[]) => Promise<EnvCommandResult>> {
    return {
      [GENERATE_ENV_EXAMPLE_COMMAND]: (args) => this.generateEnvExample(connection, args[0], false),
      [ADD_MISSING_KEYS_COMMAND]: (args) => this.generateEnvExample(connection, args[0], true),
    };
  }

  /** Forgets cached workspace listings and reads (file-system events). */
  invalidate(paths?: readonly string[]): void {
    this.fileLists.clear();
    if (!paths) this.readCache.clear();
    else for (const p of paths) this.readCache.delete(p);
  }

  // -------------------------------------------------------------------------------------
  // Env files

  private envFile(project: ProjectView, file: string): EnvFile | undefined {
    const open = this.documents.byPath(file);
    const text = open ? open.text : project.readText(file);
    if (text === undefined) return undefined;
    return { path: file, uri: open?.uri ?? uriOf(file), text, doc: parseEnvText(text), lines: open ? open.lines : new LineIndex(text) };
  }

  private existing(project: ProjectView, candidates: readonly string[]): EnvFile[] {
    const out: EnvFile[] = [];
    const seen = new Set<string>();
    for (const c of candidates) {
      if (seen.has(c)) continue;
      seen.add(c);
      const f = this.envFile(project, c);
      if (f) out.push(f);
    }
    return out;
  }

  /** Env files a code file sees, nearest first: its folder, its package root, the workspace folder. */
  private envFilesForCode(ctx: FeatureContext | EnvContext, file: string): EnvFile[] {
    const pkg = packageRootOf(file, ctx.project);
    return this.existing(ctx.project, envFileCandidatesIn(ctx.settings, [path.dirname(file), pkg, ctx.folder], true));
  }

  /** An env file and its siblings (the same folder's env files and templates), itself first. */
  private envFilesForEnv(ctx: FeatureContext | EnvContext, file: string): EnvFile[] {
    return this.existing(ctx.project, [file, ...envFileCandidatesIn(ctx.settings, [path.dirname(file)], true), ...templateCandidates(file)]);
  }

  private envFilesFor(ctx: FeatureContext): EnvFile[] {
    return ctx.doc.detected?.language === 'dotenv' ? this.envFilesForEnv(ctx, ctx.doc.fsPath) : this.envFilesForCode(ctx, ctx.doc.fsPath);
  }

  private display(ctx: FeatureContext, file: string): string {
    const base = inside(ctx.folder, file) ? ctx.folder : path.dirname(ctx.doc.fsPath);
    return path.relative(base, file).split(path.sep).join('/') || path.basename(file);
  }

  private declarations(files: readonly EnvFile[], name: string): { file: EnvFile; entry: DotenvEntry }[] {
    const out: { file: EnvFile; entry: DotenvEntry }[] = [];
    for (const f of files) for (const e of f.doc.entries) if (e.key === name) out.push({ file: f, entry: e });
    return out;
  }

  // -------------------------------------------------------------------------------------
  // Reads in code

  private async openReads(doc: OpenDocument): Promise<EnvReadSpan[]> {
    const detected = doc.detected;
    if (!detected?.grammar || !isCodeLanguage(detected.language)) return [];
    await loadGrammar(detected.grammar);
    const tree = doc.syntaxDocument?.tree;
    return tree ? envReadSpans(tree.rootNode, detected.language) : [];
  }

  /** The read whose name is at the position; with `wide`, also a read whose expression is. */
  private async readAt(ctx: FeatureContext, position: Position, wide: boolean): Promise<EnvReadSpan | undefined> {
    const offset = ctx.doc.lines.offsetAt(position);
    const reads = await this.openReads(ctx.doc);
    return reads.find((r) => r.start <= offset && offset <= r.end)
      ?? (wide ? reads.filter((r) => r.readStart <= offset && offset < r.readEnd).sort((a, b) => (a.readEnd - a.readStart) - (b.readEnd - b.readStart))[0] : undefined);
  }

  /** Every env read of a file on disk (parsed once per version of the file). */
  private async diskReads(file: string, settings: Settings): Promise<FileRead[]> {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(file);
    } catch {
      return [];
    }
    if (settings.maxFileSize > 0 && st.size > settings.maxFileSize) return [];
    const cached = this.readCache.get(file);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.reads;
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch {
      return [];
    }
    if (!READ_ANCHOR.test(text)) {
      this.readCache.set(file, { mtimeMs: st.mtimeMs, size: st.size, reads: [] });
      return [];
    }
    const detected = detectLanguage(file);
    const grammar: GrammarId | undefined = detected?.grammar;
    if (!detected || !grammar || !isCodeLanguage(detected.language)) return [];
    await loadGrammar(grammar);
    const tree = parse(grammar, text, undefined, settings.timeBudgetMs);
    if (!tree) return [];
    try {
      const lines = new LineIndex(text);
      const reads = envReadSpans(tree.rootNode, detected.language).map((r) => ({ name: r.name, range: rangeIn(lines, r.start, r.end) }));
      this.readCache.set(file, { mtimeMs: st.mtimeMs, size: st.size, reads });
      return reads;
    } finally {
      tree.delete();
    }
  }

  private codeFiles(folder: string, settings: Settings): string[] {
    const cached = this.fileLists.get(folder);
    if (cached && Date.now() - cached.at < FILE_LIST_TTL_MS) return cached.files;
    const files: string[] = [];
    try {
      for (const f of walkFiles(folder, folder, { ignore: settings.ignore })) {
        const d = detectLanguage(f);
        if (d && isCodeLanguage(d.language)) files.push(f);
        if (files.length >= MAX_FILES) break;
      }
    } catch (e) {
      this.log.warn(`could not list the files of ${folder}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.fileLists.set(folder, { at: Date.now(), files });
    return files;
  }

  /** Reads of `name` in open code documents and the code files of `folder` (bounded). */
  private async readsOf(ctx: FeatureContext | EnvContext, name: string): Promise<{ locations: Location[]; complete: boolean }> {
    const locations: Location[] = [];
    const open = new Set<string>();
    for (const d of this.documents.all()) {
      if (!d.detected || !isCodeLanguage(d.detected.language)) continue;
      open.add(d.fsPath);
      if (!inside(ctx.folder, d.fsPath) || !d.text.includes(name)) continue;
      for (const r of await this.openReads(d)) if (r.name === name) locations.push({ uri: d.uri, range: rangeIn(d.lines, r.start, r.end) });
    }
    const deadline = Date.now() + SEARCH_BUDGET_MS;
    let complete = true;
    for (const file of this.codeFiles(ctx.folder, ctx.settings)) {
      if (open.has(file)) continue;
      if (Date.now() > deadline) { complete = false; break; }
      for (const r of await this.diskReads(file, ctx.settings)) if (r.name === name) locations.push({ uri: uriOf(file), range: r.range });
    }
    return { locations, complete };
  }

  /** `$NAME` and `${NAME...}` inside the values of an env file that dotenv-expand and compose expand. */
  private valueReferences(file: EnvFile, name?: string): { name: string; start: number; end: number }[] {
    const out: { name: string; start: number; end: number }[] = [];
    for (const e of file.doc.entries) {
      if (e.quote === "'" || e.quote === '`') continue;
      const raw = e.rawValue;
      for (const m of raw.matchAll(/(?<!\\)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g)) {
        const n = m[1] ?? m[2];
        if (name !== undefined && n !== name) continue;
        const start = e.valueRange.start + (m.index ?? 0) + (m[1] ? 2 : 1);
        out.push({ name: n, start, end: start + n.length });
      }
    }
    return out;
  }

  /**
   * The variable at a position: a key, a `${NAME}` in a value, or a read in code (with
   * `wide`, anywhere in the read expression: `os.get|env("X")`; rename wants the name itself).
   */
  private async symbolAt(ctx: FeatureContext, position: Position, wide = true): Promise<{ name: string; range: Range } | undefined> {
    const offset = ctx.doc.lines.offsetAt(position);
    if (ctx.doc.detected?.language === 'dotenv') {
      const doc = parseEnvText(ctx.doc.text);
      const e = doc.entries.find((x) => x.keyRange.start <= offset && offset <= x.keyRange.end);
      if (e) return { name: e.key, range: rangeIn(ctx.doc.lines, e.keyRange.start, e.keyRange.end) };
      const self: EnvFile = { path: ctx.doc.fsPath, uri: ctx.doc.uri, text: ctx.doc.text, doc, lines: ctx.doc.lines };
      const ref = this.valueReferences(self).find((r) => r.start <= offset && offset <= r.end);
      return ref ? { name: ref.name, range: rangeIn(ctx.doc.lines, ref.start, ref.end) } : undefined;
    }
    const r = await this.readAt(ctx, position, wide);
    return r ? { name: r.name, range: rangeIn(ctx.doc.lines, r.start, r.end) } : undefined;
  }

  // -------------------------------------------------------------------------------------
  // Completion

  private completion(ctx: FeatureContext, position: Position): CompletionItem[] {
    const language = ctx.doc.detected?.language;
    if (!language) return [];
    const lineText = ctx.doc.lines.lineText(position.line);
    const before = lineText.slice(0, position.character);
    if (language === 'dotenv') return this.dotenvCompletion(ctx, position, lineText, before);
    const c = codeCompletionContext(language, before);
    if (!c) return [];
    let end = position.character;
    while (end < lineText.length && c.nameChars.test(lineText[end])) end++;
    const range: Range = { start: { line: position.line, character: position.character - c.partial.length }, end: { line: position.line, character: end } };
    return this.nameItems(ctx, this.envFilesForCode(ctx, ctx.doc.fsPath), range, '', true);
  }

  private nameItems(ctx: FeatureContext, files: readonly EnvFile[], range: Range, suffix: string, platform: boolean, skip?: Set<string>): CompletionItem[] {
    const byName = new Map<string, { file: EnvFile; entry: DotenvEntry; index: number }[]>();
    files.forEach((f, index) => {
      for (const e of f.doc.entries) {
        if (!NAME.test(e.key) || skip?.has(e.key)) continue;
        const list = byName.get(e.key) ?? [];
        if (!list.some((x) => x.file === f)) list.push({ file: f, entry: e, index });
        byName.set(e.key, list);
      }
    });
    const items: CompletionItem[] = [];
    for (const [name, decls] of byName) {
      const where = decls.map((d) => code(`${this.display(ctx, d.file.path)}:${d.entry.line + 1}`));
      items.push({
        label: name, kind: CompletionItemKind.Variable,
        detail: `${this.display(ctx, decls[0].file.path)}:${decls[0].entry.line + 1}`,
        documentation: markdown(`Declared in ${where.join(', ')}.`),
        textEdit: { range, newText: name + suffix }, filterText: name, sortText: `0${String(decls[0].index).padStart(2, '0')}${name}`,
      });
    }
    if (platform) {
      for (const [name, doc] of PLATFORM_VARIABLES) {
        if (byName.has(name) || skip?.has(name)) continue;
        items.push({
          label: name, kind: CompletionItemKind.Constant, detail: 'set by the platform', documentation: markdown(`Set by the platform: ${doc}.`),
          textEdit: { range, newText: name + suffix }, filterText: name, sortText: `1${name}`,
        });
      }
    }
    return items;
  }

  private dotenvCompletion(ctx: FeatureContext, position: Position, lineText: string, before: string): CompletionItem[] {
    const files = this.envFilesForEnv(ctx, ctx.doc.fsPath);
    // `${NAME` or `$NAME` in a value.
    const ref = /\$(\{)?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
    if (ref && /=|:\s/.test(before.slice(0, ref.index))) {
      let end = position.character;
      while (end < lineText.length && KEYCHAR.test(lineText[end])) end++;
      const closing = ref[1] && lineText[end] !== '}' ? '}' : '';
      const partial = ref[2] ?? '';
      const range: Range = { start: { line: position.line, character: position.character - partial.length }, end: { line: position.line, character: end } };
      return this.nameItems(ctx, files, range, closing, true);
    }
    // A key at the start of a line: the keys the sibling files declare that this file lacks.
    const key = /^(\s*(?:export\s+)?)([A-Za-z0-9_]*)$/.exec(before);
    if (key && !lineText.slice(position.character).includes('=')) {
      const own = new Set(parseEnvText(ctx.doc.text).entries.map((e) => e.key));
      const range: Range = { start: { line: position.line, character: key[1].length }, end: { line: position.line, character: lineText.length } };
      return this.nameItems(ctx, files.filter((f) => f.path !== ctx.doc.fsPath), range, '=', false, own);
    }
    return [];
  }

  // -------------------------------------------------------------------------------------
  // Hover, definition, references, rename

  private async hover(ctx: FeatureContext, position: Position): Promise<Hover | null> {
    const sym = await this.symbolAt(ctx, position);
    if (!sym) return null;
    const lines = [`**${code(sym.name)}** · environment variable`, ''];
    const platform = PLATFORM_VARIABLES.get(sym.name);
    if (platform) lines.push(`Set by the platform: ${platform}.`, '');
    const files = this.envFilesFor(ctx);
    const decls = this.declarations(files, sym.name);
    if (ctx.doc.detected?.language === 'dotenv') {
      const others = decls.filter((d) => d.file.path !== ctx.doc.fsPath);
      if (others.length) {
        lines.push('Also declared in:');
        for (const d of others) lines.push(`- ${code(`${this.display(ctx, d.file.path)}:${d.entry.line + 1}`)}: ${valueState(d.entry)}`);
        lines.push('');
      }
      const template = files.find((f) => isTemplateEnvFile(f.path) && f.path !== ctx.doc.fsPath);
      if (template && !isTemplateEnvFile(ctx.doc.fsPath) && !decls.some((d) => d.file === template)) {
        lines.push(`Not listed in ${code(this.display(ctx, template.path))}.`, '');
      }
      const { locations, complete } = await this.readsOf(ctx, sym.name);
      if (locations.length === 0) {
        lines.push(complete ? 'No code in the workspace reads it.' : 'No reads found in the part of the workspace searched.');
      } else {
        lines.push(`Read in ${locations.length} place${locations.length === 1 ? '' : 's'}:`);
        for (const l of locations.slice(0, MAX_LISTED_READS)) {
          lines.push(`- ${code(`${this.display(ctx, URI.parse(l.uri).fsPath)}:${l.range.start.line + 1}`)}`);
        }
        if (locations.length > MAX_LISTED_READS) lines.push(`- … and ${locations.length - MAX_LISTED_READS} more`);
      }
    } else if (decls.length) {
      lines.push('Declared in:');
      for (const d of decls) lines.push(`- ${code(`${this.display(ctx, d.file.path)}:${d.entry.line + 1}`)}: ${valueState(d.entry)}`);
    } else if (!platform) {
      lines.push('Not declared in any env file: add it to `.env.example` so every deploy knows to set it.');
    }
    return { contents: markdown(lines.join('\n').trimEnd()), range: sym.range };
  }

  private async definition(ctx: FeatureContext, position: Position): Promise<Location[]> {
    const sym = await this.symbolAt(ctx, position);
    if (!sym) return [];
    const decls = this.declarations(this.envFilesFor(ctx), sym.name);
    return decls.map((d) => ({ uri: d.file.uri, range: rangeIn(d.file.lines, d.entry.keyRange.start, d.entry.keyRange.end) }));
  }

  private async references(ctx: FeatureContext, position: Position, includeDeclaration: boolean): Promise<Location[]> {
    const sym = await this.symbolAt(ctx, position);
    if (!sym) return [];
    const files = this.envFilesFor(ctx);
    const out: Location[] = [];
    if (includeDeclaration) {
      for (const d of this.declarations(files, sym.name)) out.push({ uri: d.file.uri, range: rangeIn(d.file.lines, d.entry.keyRange.start, d.entry.keyRange.end) });
    }
    for (const f of files) for (const r of this.valueReferences(f, sym.name)) out.push({ uri: f.uri, range: rangeIn(f.lines, r.start, r.end) });
    out.push(...(await this.readsOf(ctx, sym.name)).locations);
    return out;
  }

  private async prepareRename(ctx: FeatureContext, position: Position): Promise<{ range: Range; placeholder: string } | null> {
    const sym = await this.symbolAt(ctx, position, false);
    return sym ? { range: sym.range, placeholder: sym.name } : null;
  }

  private async rename(ctx: FeatureContext, position: Position, newName: string): Promise<WorkspaceEdit | null> {
    const sym = await this.symbolAt(ctx, position, false);
    if (!sym) return null;
    if (!NAME.test(newName)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is not a valid environment variable name: use letters, digits and _, not starting with a digit.`);
    }
    if (newName === sym.name) return { changes: {} };
    const files = this.envFilesFor(ctx);
    if (this.declarations(files, newName).length) {
      throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is already declared in these env files; renaming would make two keys one.`);
    }
    const changes: Record<string, TextEdit[]> = {};
    const add = (uri: string, range: Range) => (changes[uri] ??= []).push(TextEdit.replace(range, newName));
    for (const d of this.declarations(files, sym.name)) add(d.file.uri, rangeIn(d.file.lines, d.entry.keyRange.start, d.entry.keyRange.end));
    for (const f of files) for (const r of this.valueReferences(f, sym.name)) add(f.uri, rangeIn(f.lines, r.start, r.end));
    const { locations, complete } = await this.readsOf(ctx, sym.name);
    for (const l of locations) add(l.uri, l.range);
    if (!complete) this.log.warn(`rename of ${sym.name}: the workspace search stopped at its time budget; some reads may be left unchanged`);
    return { changes };
  }

  // -------------------------------------------------------------------------------------
  // .env outline, folding, lenses, secret ranges

  private documentSymbols(ctx: FeatureContext): DocumentSymbol[] {
    if (ctx.doc.detected?.language !== 'dotenv') return [];
    const lines = ctx.doc.lines;
    return parseEnvText(ctx.doc.text).entries.map((e) => ({
      name: e.key,
      detail: e.value === '' ? 'empty' : isSecretEntry(e.key, e.value) ? 'secret' : undefined,
      kind: SymbolKind.Variable,
      range: rangeIn(lines, e.range.start, Math.max(e.range.end, e.keyRange.end)),
      selectionRange: rangeIn(lines, e.keyRange.start, e.keyRange.end),
    }));
  }

  private foldingRanges(ctx: FeatureContext): FoldingRange[] {
    if (ctx.doc.detected?.language !== 'dotenv') return [];
    const doc = parseEnvText(ctx.doc.text);
    const out: FoldingRange[] = [];
    for (let i = 0; i < doc.lines.length; i++) {
      if (doc.lines[i].kind !== 'comment') continue;
      let j = i;
      while (j + 1 < doc.lines.length && doc.lines[j + 1].kind === 'comment') j++;
      if (j > i) out.push({ startLine: i, endLine: j, kind: FoldingRangeKind.Comment });
      i = j;
    }
    for (const e of doc.entries) {
      const first = ctx.doc.lines.positionAt(e.range.start).line;
      const last = ctx.doc.lines.positionAt(e.range.end).line;
      if (last > first) out.push({ startLine: first, endLine: last, kind: FoldingRangeKind.Region });
    }
    return out.sort((a, b) => a.startLine - b.startLine);
  }

  private codeLenses(ctx: FeatureContext): CodeLens[] {
    if (ctx.doc.detected?.language !== 'dotenv' || isTemplateEnvFile(ctx.doc.fsPath)) return [];
    const doc = parseEnvText(ctx.doc.text);
    if (doc.entries.length === 0) return [];
    const top: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const args = [{ uri: ctx.doc.uri }];
    const template = this.existing(ctx.project, templateCandidates(ctx.doc.fsPath))[0];
    if (!template) {
      const name = path.basename(templateCandidates(ctx.doc.fsPath)[0]);
      return [{ range: top, command: { title: `Generate ${name}`, command: GENERATE_ENV_EXAMPLE_COMMAND, arguments: args } }];
    }
    const listed = new Set(template.doc.entries.map((e) => e.key));
    const missing = new Set(doc.entries.map((e) => e.key).filter((k) => !listed.has(k))).size;
    if (missing === 0) return [];
    const name = path.basename(template.path);
    return [{ range: top, command: { title: `Add ${missing} missing key${missing === 1 ? '' : 's'} to ${name}`, command: ADD_MISSING_KEYS_COMMAND, arguments: args } }];
  }

  private secretRanges(params: SecretRangesParams): SecretRangesResult {
    const doc = typeof params?.uri === 'string' ? this.documents.get(params.uri) : undefined;
    if (!doc || doc.detected?.language !== 'dotenv') return { ranges: [] };
    const ranges: Range[] = [];
    for (const e of parseEnvText(doc.text).entries) {
      if (e.valueRange.end > e.valueRange.start && isSecretEntry(e.key, e.value)) ranges.push(rangeIn(doc.lines, e.valueRange.start, e.valueRange.end));
    }
    return { ranges };
  }

  // -------------------------------------------------------------------------------------
  // Commands

  /**
   * `twelve-factor.generateEnvExample` (`onlyAdd` false) and `twelve-factor.addMissingKeys`
   * (true), both with `{ uri }` of an env file. Without a template next to the file, one is
   * created (never overwritten: CreateFile with ignoreIfExists) holding the file's keys and
   * comments without values; with one, the keys it lacks are appended to it as `KEY=`.
   */
  private async generateEnvExample(connection: Connection, arg: unknown, onlyAdd: boolean): Promise<EnvCommandResult> {
    const uri = typeof arg === 'string' ? arg : typeof (arg as { uri?: unknown } | undefined)?.uri === 'string' ? (arg as { uri: string }).uri : undefined;
    if (!uri) throw new ResponseError(ErrorCodes.InvalidParams, 'expected { uri } of a .env file');
    let fsPath: string;
    try {
      fsPath = URI.parse(uri).fsPath;
    } catch {
      throw new ResponseError(ErrorCodes.InvalidParams, 'expected the uri of a .env file');
    }
    const ctx = await this.resolve(uri, fsPath);
    const source = this.envFile(ctx.project, fsPath);
    if (!source) throw new ResponseError(ErrorCodes.InvalidParams, `${path.basename(fsPath)} cannot be read`);
    if (isTemplateEnvFile(fsPath)) {
      void connection.window.showInformationMessage(`${path.basename(fsPath)} is itself a template.`);
      return { applied: false, added: 0 };
    }
    const candidates = templateCandidates(fsPath);
    const template = this.existing(ctx.project, candidates)[0];
    const edit: WorkspaceEdit = { documentChanges: [] };
    let added: number;
    let targetUri: string;
    if (template) {
      const listed = new Set(template.doc.entries.map((e) => e.key));
      const keys = [...new Set(source.doc.entries.map((e) => e.key))].filter((k) => !listed.has(k) && k !== '__proto__');
      const name = path.basename(template.path);
      if (keys.length === 0) {
        void connection.window.showInformationMessage(`${name} already lists every key of ${path.basename(fsPath)}.`);
        return { applied: false, uri: template.uri, added: 0 };
      }
      const eol = eolOf(template.text);
      const end = template.lines.positionAt(template.text.length);
      const prefix = template.text === '' || /[\r\n]$/.test(template.text) ? '' : eol;
      const version = this.documents.get(template.uri)?.version ?? null;
      edit.documentChanges?.push(TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(template.uri, version),
        [TextEdit.insert(end, prefix + keys.map((k) => `${k}=`).join(eol) + eol)]));
      added = keys.length;
      targetUri = template.uri;
    } else {
      const target = candidates[0];
      targetUri = uriOf(target);
      const text = templateTextOf(source);
      added = new Set(source.doc.entries.map((e) => e.key)).size;
      edit.documentChanges?.push(
        CreateFile.create(targetUri, { ignoreIfExists: true, overwrite: false }),
        TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(targetUri, null), [TextEdit.insert({ line: 0, character: 0 }, text)]),
      );
    }
    const label = onlyAdd || template ? `Add missing keys to ${path.basename(URI.parse(targetUri).fsPath)}` : `Generate ${path.basename(URI.parse(targetUri).fsPath)}`;
    const result = await connection.workspace.applyEdit({ label, edit });
    return { applied: !!result?.applied, uri: targetUri, added };
  }
}

/**
 * A template from an env file: its comments, blank lines and keys (`KEY=`, `export KEY=`,
 * with the inline comment), in order, each key once. Values are dropped; so are commented-out
 * values (`# KEY=old` becomes `# KEY=`), comments holding something that looks like a
 * credential, and lines dotenv skips.
 */
export function templateTextOf(source: { text: string; doc: DotenvDocument }): string {
  const eol = eolOf(source.text);
  const out: string[] = [];
  const seen = new Set<string>();
  const safeComment = (c: string): string | undefined => {
    const assignment = /^(#+\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*[=:])/.exec(c);
    if (assignment) return assignment[1];
    return classifySecret(undefined, c) ? undefined : c;
  };
  for (const line of source.doc.lines) {
    if (line.kind === 'blank') {
      if (out.length && out[out.length - 1] !== '') out.push('');
    } else if (line.kind === 'comment') {
      const c = safeComment(line.text.trim().replace(/^\uFEFF/, ''));
      if (c !== undefined) out.push(c);
    } else if (line.kind === 'entry') {
      for (const e of line.entries ?? (line.entry ? [line.entry] : [])) {
        if (seen.has(e.key) || e.key === '__proto__') continue;
        seen.add(e.key);
        // An inline comment only when a blank precedes it: `A=abc#def` is a comment to dotenv
        // but part of the value to compose and python-dotenv.
        const inline = e.comment && /\s/.test(source.text[e.comment.range.start - 1] ?? '') ? e.comment.text : undefined;
        const comment = inline ? safeComment(inline) : undefined;
        out.push(`${e.exported ? 'export ' : ''}${e.key}=${comment ? ` ${comment}` : ''}`);
      }
    }
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? out.join(eol) + eol : '';
}
