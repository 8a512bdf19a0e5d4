/**
 * The VS Code client: starts the bundled language server and hands it the source
 * languages, `.env` and Procfile documents. It loads no server code itself.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient, TransportKind, State, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';

export const DOCUMENT_SELECTOR = [
  'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'go', 'ruby', 'java', 'php', 'dotenv', 'procfile',
].flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]);

let client: LanguageClient | undefined;

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: { settings: vscode.workspace.getConfiguration('twelveFactor') },
    synchronize: { configurationSection: 'twelveFactor' },
    diagnosticPullOptions: { onChange: true, onSave: true },
  };
  return new LanguageClient('twelveFactor', 'Twelve-Factor', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Twelve-Factor', { log: true });
  context.subscriptions.push(output);
  client = createClient(context, output);

  let crashes = 0;
  context.subscriptions.push(client.onDidChangeState((e) => {
    if (e.oldState === State.Running && e.newState === State.Starting) {
      crashes++;
      output.warn(`The Twelve-Factor server stopped unexpectedly and is being restarted (restart ${crashes}).`);
    }
  }));

  context.subscriptions.push(
    vscode.commands.registerCommand('twelveFactor.restartServer', async () => {
      output.info('Restarting the Twelve-Factor server');
      await client?.restart();
    }),
    vscode.commands.registerCommand('twelveFactor.showOutput', () => output.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
