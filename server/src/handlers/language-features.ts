/**
 * Editor features per detected language: completion, hover, document symbols and code
 * lenses. Each language registers one or more providers (`add('procfile', ...)`); requests
 * go to the providers of the document's detected language only, and their results are
 * combined (lists concatenated, the first hover wins). Documents of other languages get
 * nothing from here, so adding a language never changes another's behaviour.
 *
 * A provider is plain functions of a `FeatureContext` (the document, its settings and the
 * project view); it never touches the connection.
 */
import type {
  CodeLens, CompletionItem, Connection, DocumentSymbol, Hover, Position, ServerCapabilities,
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

  capabilities(): Pick<ServerCapabilities, 'completionProvider' | 'hoverProvider' | 'documentSymbolProvider' | 'codeLensProvider'> {
    const all = this.all();
    const caps: ReturnType<LanguageFeatures['capabilities']> = {};
    if (all.some((p) => p.completion)) {
      const triggerCharacters = [...new Set(all.flatMap((p) => p.triggerCharacters ?? []))];
      caps.completionProvider = { triggerCharacters, resolveProvider: false };
    }
    if (all.some((p) => p.hover)) caps.hoverProvider = true;
    if (all.some((p) => p.documentSymbols)) caps.documentSymbolProvider = true;
    if (all.some((p) => p.codeLenses)) caps.codeLensProvider = { resolveProvider: false };
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
      this.log.error(`${what} failed for ${uri}: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
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
  }
}
