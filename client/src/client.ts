/**
 * The language client: starts the bundled server (`dist/server.js`, IPC) for the source
 * languages, `.env` files and Procfiles, notes which documents it has analysed, and
 * restarts the server when it stops unexpectedly, saying so.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, State, TransportKind,
  type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type LanguageClientOptions, type Message, type ServerOptions,
} from 'vscode-languageclient/node';
import { COMMANDS, LANGUAGES, RULES_REQUEST, SETTINGS_SECTION, engineLanguage } from './ids';
import type { RuleInfo, Session } from './session';

export const DOCUMENT_SELECTOR = LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]);

/** vscode-languageclient's own policy: up to 4 restarts within 3 minutes. */
export const MAX_RESTARTS = 4;

function languageOf(document: vscode.TextDocument | vscode.Uri): string | undefined {
  if (!(document instanceof vscode.Uri)) return document.languageId;
  const uri = document.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.languageId;
}

/**
 * Wraps the client's default error handler (the restart policy stays upstream's) and tells
 * the user when the server is restarted or given up on.
 */
class RestartingErrorHandler implements ErrorHandler {
  private inner: ErrorHandler | undefined;
  constructor(private readonly session: Session) {}

  attach(client: LanguageClient): void {
    this.inner = client.createDefaultErrorHandler(MAX_RESTARTS);
  }

  error(error: Error, message: Message | undefined, count: number | undefined): ErrorHandlerResult | Promise<ErrorHandlerResult> {
    return this.inner?.error(error, message, count) ?? { action: ErrorAction.Continue };
  }

  async closed(): Promise<CloseHandlerResult> {
    const result = (await this.inner?.closed()) ?? { action: CloseAction.DoNotRestart };
    const { output } = this.session;
    if (result.action === CloseAction.Restart) {
      this.session.crashRestarts++;
      const text = `The Twelve-Factor server stopped unexpectedly and has been restarted (restart ${this.session.crashRestarts}; after ${MAX_RESTARTS + 1} stops within 3 minutes it is not restarted again).`;
      output.warn(text);
      void vscode.window.showWarningMessage(text, 'Show Output').then((pick) => {
        if (pick) output.show(true);
      });
      return { action: CloseAction.Restart, handled: true };
    }
    const text = result.message ?? 'The Twelve-Factor server stopped and will not be restarted.';
    output.error(text);
    void vscode.window.showErrorMessage(`${text} Run "Twelve-Factor: Restart Server" to try again.`, 'Restart Server', 'Show Output').then((pick) => {
      if (pick === 'Restart Server') void vscode.commands.executeCommand(COMMANDS.restartServer);
      else if (pick) output.show(true);
    });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

export function createClient(context: vscode.ExtensionContext, session: Session): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps its V8 code cache (a faster start) in the extension's own storage.
  const env = { ...process.env, TWELVE_FACTOR_CACHE_DIR: path.join(context.globalStorageUri.fsPath, 'code-cache') };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const errorHandler = new RestartingErrorHandler(session);
  const analysed = (document: vscode.TextDocument | vscode.Uri) => {
    const language = languageOf(document);
    if (language) session.markAnalysed(engineLanguage(language));
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: session.output,
    traceOutputChannel: session.output,
    initializationOptions: { settings: vscode.workspace.getConfiguration(SETTINGS_SECTION) },
    synchronize: { configurationSection: SETTINGS_SECTION },
    diagnosticPullOptions: { onChange: true, onSave: true },
    errorHandler,
    middleware: {
      // Either way diagnostics arrive, the document's language counts as checked.
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        if (report) analysed(document);
        return report;
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        analysed(uri);
        next(uri, diagnostics);
      },
    },
  };
  const client = new LanguageClient('twelveFactor', 'Twelve-Factor', serverOptions, clientOptions);
  errorHandler.attach(client);

  client.onDidChangeState((e) => {
    session.setStatus(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped');
    if (e.newState === State.Running) void fetchRules(client, session);
  });
  return client;
}

async function fetchRules(client: LanguageClient, session: Session): Promise<void> {
  try {
    session.rules = await client.sendRequest<RuleInfo[]>(RULES_REQUEST);
    session.changed();
  } catch (e) {
    session.output.warn(`could not read the rule catalogue: ${e instanceof Error ? e.message : String(e)}`);
  }
}
