/**
 * Editor features per detected language: completion, hover, document symbols, code lenses,
 * definition, references, rename and folding ranges. Each language registers one or more providers (`add('procfile', ...)`); requests
 * go to the providers of the document's detected language only, and their results are
 * combined (lists concatenated, the first hover wins). Documents of other languages get
 * nothing from here, so adding a language never changes another's behaviour.
 *
 * A provider is plain functions of a `FeatureContext` (the document, its settings and the
 * project view); it never touches the connection.
 */
import {
  ResponseError,
  type CodeLens, type CompletionItem, type Connection, type DocumentSymbol, type FoldingRange, type Hover, type Location, type Position, type Range,
  type ServerCapabilities, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { DocumentStore, OpenDocument } from './documents';
import type { LanguageId } from '../parsing/languages';
import type { Settings } from '../engine/settings';
import type { ProjectView } from '../engine/project';
import type { Logger } from './logger';

export interface FeatureContext {
  doc: OpenDocument;
  settings: Settings;
  project: ProjectView;
  /** The workspace folder holding the document (or the document's own folder). */
  folder: string;
}

type MaybePromise<T> = T | Promise<T>;

export interface LanguageFeatureProvider {
  /** Characters that open completion for this provider (`$` for variables...). */
  triggerCharacters?: string[];
  completion?(ctx: FeatureContext, position: Position): MaybePromise<CompletionItem[]>;
  hover?(ctx: FeatureContext, position: Position): MaybePromise<Hover | null>;
  documentSymbols?(ctx: FeatureContext): MaybePromise<DocumentSymbol[]>;
  codeLenses?(ctx: FeatureContext): MaybePromise<CodeLens[]>;
  definition?(ctx: FeatureContext, position: Position): MaybePromise<Location[]>;
  references?(ctx: FeatureContext, position: Position, includeDeclaration: boolean): MaybePromise<Location[]>;
  /** The range to rename and its current text, or null when nothing renameable is there. */
  prepareRename?(ctx: FeatureContext, position: Position): MaybePromise<{ range: Range; placeholder: string } | null>;
  /** Throw a `ResponseError` to tell the user why a rename cannot be done. */
  rename?(ctx: FeatureContext, position: Position, newName: string): MaybePromise<WorkspaceEdit | null>;
  foldingRanges?(ctx: FeatureContext): MaybePromise<FoldingRange[]>;
}

export type FeatureContextResolver = (doc: OpenDocument) => Promise<Omit<FeatureContext, 'doc'>>;

export class LanguageFeatures {
  private readonly providers = new Map<LanguageId, LanguageFeatureProvider[]>();

  constructor(private readonly documents: DocumentStore, private readonly resolve: FeatureContextResolver, private readonly log: Logger) {}

  /** Adds a provider for a language (call before `initialize` so the capabilities include it). */
  add(language: LanguageId, provider: LanguageFeatureProvider): this {
    const list = this.providers.get(language) ?? [];
    list.push(provider);
    this.providers.set(language, list);
    return this;
  }

  private all(): LanguageFeatureProvider[] {
    return [...this.providers.values()].flat();
  }

  capabilities(): Pick<ServerCapabilities, 'completionProvider' | 'hoverProvider' | 'documentSymbolProvider' | 'codeLensProvider'
    | 'definitionProvider' | 'referencesProvider' | 'renameProvider' | 'foldingRangeProvider'> {
    const all = this.all();
    const caps: ReturnType<LanguageFeatures['capabilities']> = {};
    if (all.some((p) => p.completion)) {
      const triggerCharacters = [...new Set(all.flatMap((p) => p.triggerCharacters ?? []))];
      caps.completionProvider = { triggerCharacters, resolveProvider: false };
    }
    if (all.some((p) => p.hover)) caps.hoverProvider = true;
    if (all.some((p) => p.documentSymbols)) caps.documentSymbolProvider = true;
    if (all.some((p) => p.codeLenses)) caps.codeLensProvider = { resolveProvider: false };
    if (all.some((p) => p.definition)) caps.definitionProvider = true;
    if (all.some((p) => p.references)) caps.referencesProvider = true;
    if (all.some((p) => p.rename)) caps.renameProvider = { prepareProvider: all.some((p) => p.prepareRename) };
    if (all.some((p) => p.foldingRanges)) caps.foldingRangeProvider = true;
    return caps;
  }

  /** The providers for a document and its context, or undefined when none applies. */
  private async target(uri: string): Promise<{ ctx: FeatureContext; providers: LanguageFeatureProvider[] } | undefined> {
    const doc = this.documents.get(uri);
    const language = doc?.detected?.language;
    if (!doc || !language) return undefined;
    const providers = this.providers.get(language);
    if (!providers?.length) return undefined;
    return { ctx: { doc, ...(await this.resolve(doc)) }, providers };
  }

  private async each<T>(uri: string, what: string, run: (p: LanguageFeatureProvider, ctx: FeatureContext) => MaybePromise<T[]> | undefined): Promise<T[]> {
    try {
      const t = await this.target(uri);
      if (!t) return [];
      const out: T[] = [];
      for (const p of t.providers) out.push(...((await run(p, t.ctx)) ?? []));
      return out;
    } catch (e) {
      // A ResponseError is meant for the user (a rename that cannot be done): pass it on.
      if (e instanceof ResponseError) throw e;
      this.log.error(`${what} failed for ${uri}: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  /** The first provider's non-null answer. */
  private async first<T>(uri: string, what: string, run: (p: LanguageFeatureProvider, ctx: FeatureContext) => MaybePromise<T | null | undefined> | undefined): Promise<T | null> {
    const found = await this.each(uri, what, async (p, ctx) => {
      const v = await run(p, ctx);
      return v === null || v === undefined ? [] : [v];
    });
    return found[0] ?? null;
  }

  register(connection: Connection): void {
    const all = this.all();
    if (all.some((p) => p.completion)) {
      connection.onCompletion((params) => this.each(params.textDocument.uri, 'completion', (p, ctx) => p.completion?.(ctx, params.position)));
    }
    if (all.some((p) => p.hover)) {
      connection.onHover(async (params) => {
        const hovers = await this.each(params.textDocument.uri, 'hover', async (p, ctx) => {
          const h = await p.hover?.(ctx, params.position);
          return h ? [h] : [];
        });
        return hovers[0] ?? null;
      });
    }
    if (all.some((p) => p.documentSymbols)) {
      connection.onDocumentSymbol((params) => this.each(params.textDocument.uri, 'documentSymbol', (p, ctx) => p.documentSymbols?.(ctx)));
    }
    if (all.some((p) => p.codeLenses)) {
      connection.onCodeLens((params) => this.each(params.textDocument.uri, 'codeLens', (p, ctx) => p.codeLenses?.(ctx)));
    }
    if (all.some((p) => p.definition)) {
      connection.onDefinition((params) => this.each(params.textDocument.uri, 'definition', (p, ctx) => p.definition?.(ctx, params.position)));
    }
    if (all.some((p) => p.references)) {
      connection.onReferences((params) => this.each(params.textDocument.uri, 'references',
        (p, ctx) => p.references?.(ctx, params.position, params.context.includeDeclaration)));
    }
    if (all.some((p) => p.prepareRename)) {
      connection.onPrepareRename((params) => this.first(params.textDocument.uri, 'prepareRename', (p, ctx) => p.prepareRename?.(ctx, params.position)));
    }
    if (all.some((p) => p.rename)) {
      connection.onRenameRequest((params) => this.first(params.textDocument.uri, 'rename', (p, ctx) => p.rename?.(ctx, params.position, params.newName)));
    }
    if (all.some((p) => p.foldingRanges)) {
      connection.onFoldingRanges((params) => this.each(params.textDocument.uri, 'foldingRange', (p, ctx) => p.foldingRanges?.(ctx)));
    }
  }
}
