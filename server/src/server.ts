/**
 * The language server: `node dist/server.js --stdio` speaks LSP 3.17 to any client.
 * This file only wires the handlers; each concern lives in `handlers/`.
 */
import {
  createConnection, DidChangeWatchedFilesNotification, ProposedFeatures, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { RULES } from './rules/index';
import { DocumentStore } from './handlers/documents';
import { SettingsStore } from './handlers/settings';
import { Analyzer } from './handlers/analysis';
import { DiagnosticsHandler } from './handlers/diagnostics';
import { CodeActionsHandler, FIX_ALL_KIND, SHOW_DOCS_COMMAND } from './handlers/code-actions';
import { connectionLogger, type Logger } from './handlers/logger';
import { LanguageFeatures } from './handlers/language-features';
import { procfileFeatures } from './handlers/procfile';
import { EnvFeatures, ENV_COMMANDS } from './handlers/env-features';
import { WorkspaceScan } from './handlers/workspace-scan';
import { CODE_LANGUAGES, detectLanguage, isCodeLanguage } from './parsing/languages';
import { preloadRuntime } from './parsing/tree-sitter';
import { CodeActionKind } from 'vscode-languageserver/node';
import { guardedStdin } from './transport';

/** Files whose changes can change findings elsewhere (neighbour files rules read). */
export const WATCHED_GLOBS = ['**/.twelve-factor.json', '**/.env*', '**/*.env', '**/Procfile*', '**/.gitignore',
  '**/package.json', '**/package-lock.json', '**/requirements*.txt', '**/pyproject.toml', '**/go.mod', '**/Gemfile', '**/Gemfile.lock', '**/composer.json', '**/pom.xml', '**/build.gradle*'];

export class TwelveFactorServer {
  readonly documents = new DocumentStore();
  readonly log: Logger;
  readonly settings: SettingsStore;
  readonly analyzer: Analyzer;
  readonly diagnostics: DiagnosticsHandler;
  readonly codeActions: CodeActionsHandler;
  readonly features: LanguageFeatures;
  readonly workspaceScan: WorkspaceScan;
  readonly env: EnvFeatures;
  private pullDiagnostics = false;
  private dynamicWatch = false;

  constructor(private readonly connection: Connection) {
    this.log = connectionLogger(connection);
    this.settings = new SettingsStore(connection, this.log);
    this.analyzer = new Analyzer(this.documents, this.settings, RULES, this.log);
    this.diagnostics = new DiagnosticsHandler(connection, this.documents, this.analyzer, this.log);
    this.codeActions = new CodeActionsHandler(connection, this.documents, this.analyzer);
    this.features = new LanguageFeatures(this.documents, (doc) => this.contextFor(doc.uri, doc.fsPath), this.log).add('procfile', procfileFeatures());
    this.env = new EnvFeatures(this.documents, (uri, fsPath) => this.contextFor(uri, fsPath), this.log);
    for (const language of [...CODE_LANGUAGES, 'dotenv' as const]) this.features.add(language, this.env.provider());
    this.workspaceScan = new WorkspaceScan(connection, this.documents, this.settings, RULES, this.log, () => this.dynamicWatch);
  }

  /** Settings, project view and workspace folder for a document. */
  private async contextFor(uri: string, fsPath: string) {
    const folder = this.settings.folderOf(fsPath);
    return { settings: await this.settings.get(uri), project: this.analyzer.projectFor(folder), folder };
  }

  capabilities(): InitializeResult['capabilities'] {
    return {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      executeCommandProvider: { commands: [SHOW_DOCS_COMMAND, ...ENV_COMMANDS] },
      ...(this.pullDiagnostics ? { diagnosticProvider: { identifier: 'twelve-factor', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      ...this.features.capabilities(),
    };
  }

  register(): void {
    const c = this.connection;
    c.onInitialize((params: InitializeParams): InitializeResult => {
      this.pullDiagnostics = !!params.capabilities.textDocument?.diagnostic;
      this.dynamicWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
      const folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
      if (!folders.length && params.rootUri) folders.push(URI.parse(params.rootUri).fsPath);
      this.settings.configure({
        pull: !!params.capabilities.workspace?.configuration,
        initial: params.initializationOptions,
        folders,
      });
      this.documents.register(c);
      this.diagnostics.register(this.pullDiagnostics);
      this.codeActions.register();
      for (const [name, run] of Object.entries(this.env.commands(c))) this.codeActions.commands.set(name, run);
      this.env.register(c);
      this.features.register(c);
      this.workspaceScan.register();
      return { capabilities: this.capabilities(), serverInfo: { name: 'twelve-factor', version: SERVER_VERSION } };
    });
    c.onInitialized(() => {
      if (this.dynamicWatch) {
        c.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
          .catch((e: unknown) => this.log.warn(`could not watch files: ${String(e)}`));
      }
      c.workspace.onDidChangeWorkspaceFolders(() => {
        c.workspace.getWorkspaceFolders()
          .then((fs) => this.settings.setFolders((fs ?? []).map((f) => URI.parse(f.uri).fsPath)))
          .catch(() => undefined);
      });
    });
    c.onDidChangeConfiguration(() => {
      this.settings.invalidate();
      this.diagnostics.refreshAll();
    });
    c.onDidChangeWatchedFiles(({ changes }) => {
      const paths = changes.map((ch) => { try { return URI.parse(ch.uri).fsPath; } catch { return ch.uri; } });
      this.analyzer.invalidateFiles(paths);
      this.env.invalidate(paths);
      this.workspaceScan.onFilesChanged(changes);
      if (paths.some((p) => p.endsWith('.twelve-factor.json'))) this.settings.invalidateProjectConfig();
      // Source files changing on disk concern only themselves (the scan re-checks them);
      // env files, manifests, Procfiles and the config can change findings in open files.
      const code = (p: string) => { const d = detectLanguage(p); return !!d && isCodeLanguage(d.language); };
      if (paths.some((p) => !code(p))) this.diagnostics.refreshAll();
    });
    c.onShutdown(() => {
      for (const d of this.documents.all()) d.dispose();
    });
  }
}

declare const __VERSION__: string | undefined;
const SERVER_VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0';

export function startServer(): void {
  // With --stdio, stdin goes through a framing guard: a malformed message header is dropped
  // and reported instead of stalling the messages behind it (see transport.ts).
  let dropped = 0;
  let report: (reason: string) => void = () => undefined;
  const connection = process.argv.includes('--stdio')
    ? createConnection(ProposedFeatures.all, guardedStdin(process.stdin, (reason) => { if (dropped++ < 10) report(reason); }), process.stdout)
    : createConnection(ProposedFeatures.all);
  report = (reason) => connection.console.warn(`ignored malformed input: ${reason}`);
  // Anything printed to stdout would corrupt the transport: route stray console output to the log.
  /* eslint-disable no-console -- replacing console's methods, not printing */
  const toLog = (level: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]) => connection.console[level](args.map(String).join(' '));
  console.log = toLog('log');
  console.info = toLog('info');
  console.warn = toLog('warn');
  console.error = toLog('error');
  /* eslint-enable no-console */
  process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
  process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? e.message : String(e)}`));
  new TwelveFactorServer(connection).register();
  connection.listen();
  // The parser's runtime compiles in the background while the first messages are handled.
  preloadRuntime();
}

if (require.main === module) startServer();
