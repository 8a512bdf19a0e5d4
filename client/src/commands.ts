/**
 * The palette commands that are not a feature of their own: Restart Server, Show Output,
 * Generate .env.example (done by the server when it offers it), Toggle Secret Cloaking
 * and Open Rule Documentation.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { COMMANDS, SERVER_COMMANDS, SETTINGS_SECTION } from './ids';
import { collectFindings, ruleIdOf } from './findings';
import type { Node } from './scorecard';
import type { Session } from './session';

export function registerCommands(context: vscode.ExtensionContext, session: Session): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.restartServer, () => restartServer(session)),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => session.output.show(true)),
    vscode.commands.registerCommand(COMMANDS.generateEnvExample, (uri?: unknown) => generateEnvExample(session, uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand(COMMANDS.toggleSecretCloaking, () => toggleSecretCloaking()),
    vscode.commands.registerCommand(COMMANDS.openRuleDocumentation, (arg?: unknown) => openRuleDocumentation(context, session, arg)),
  ];
}

async function restartServer(session: Session): Promise<void> {
  const client = session.client;
  if (!client) return;
  session.output.info('Restarting the Twelve-Factor server');
  if (client.state === State.Running) await client.restart();
  else await client.start();
}

// ------------------------------------------------------------------------------- .env.example

const isEnvFile = (uri: vscode.Uri) => /^\.env(\.local)?$/.test(path.basename(uri.fsPath));

/** The `.env` to document: the one given, the active editor's, or the workspace's (asking when several). */
async function pickEnvFile(given?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (given && isEnvFile(given)) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && isEnvFile(active)) return active;
  const found = await vscode.workspace.findFiles('**/.env', '**/node_modules/**', 50);
  if (found.length <= 1) return found[0];
  const pick = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.label.length - b.label.length || a.label.localeCompare(b.label)),
    { title: 'Generate .env.example from which .env?' },
  );
  return pick?.uri;
}

/** Whether the server offers a command (statically at start-up, or registered later). */
async function serverOffers(session: Session, command: string): Promise<boolean> {
  const advertised = session.client?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (advertised.includes(command)) return true;
  // vscode-languageclient registers a VS Code command for each command the server registers.
  return (await vscode.commands.getCommands(true)).includes(command);
}

async function generateEnvExample(session: Session, given?: vscode.Uri): Promise<void> {
  const env = await pickEnvFile(given);
  if (!env) {
    void vscode.window.showWarningMessage('Twelve-Factor: "Generate .env.example" needs a .env file in the workspace: it writes .env.example with the same keys and no values. Create a .env first.');
    return;
  }
  if (session.status !== 'running' || !(await serverOffers(session, SERVER_COMMANDS.generateEnvExample))) {
    void vscode.window.showWarningMessage(session.status !== 'running'
      ? 'Twelve-Factor: the server is not running. Run "Twelve-Factor: Restart Server" and try again.'
      : 'Twelve-Factor: this version of the server cannot generate .env.example yet.');
    return;
  }
  // Runs on the server (workspace/executeCommand with the .env's uri); it applies the edit itself.
  const result = await vscode.commands.executeCommand<{ applied?: boolean; uri?: string; added?: number } | undefined>(SERVER_COMMANDS.generateEnvExample, env.toString());
  if (result?.applied && result.uri) {
    await vscode.window.showTextDocument(vscode.Uri.parse(result.uri), { preview: false });
    vscode.window.setStatusBarMessage(`Twelve-Factor: ${result.added ?? 0} key${result.added === 1 ? '' : 's'} written to ${vscode.workspace.asRelativePath(vscode.Uri.parse(result.uri))}`, 5000);
  }
}

// ----------------------------------------------------------------------------- secret cloaking

/** Flips `twelveFactor.cloakSecrets` where it is set (folder, workspace), else for the user. Returns the new value. */
async function toggleSecretCloaking(): Promise<boolean> {
  const resource = vscode.window.activeTextEditor?.document.uri;
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource);
  const info = config.inspect<boolean>('cloakSecrets');
  const next = !config.get<boolean>('cloakSecrets', true);
  const target = info?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder
    : info?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('cloakSecrets', next, target);
  vscode.window.setStatusBarMessage(`Twelve-Factor: secret-looking .env values are ${next ? 'masked' : 'shown'}`, 4000);
  return next;
}

// ------------------------------------------------------------------------- rule documentation

function ruleIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as Node | undefined;
  if (node?.kind === 'rule') return node.id;
  if (node?.kind === 'finding') return node.finding.ruleId;
  return undefined;
}

/** The rule under the cursor, if any. */
function ruleAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const at = editor.selection.active;
  const d = vscode.languages.getDiagnostics(editor.document.uri).find((x) => x.range.contains(at) && ruleIdOf(x));
  return d && ruleIdOf(d);
}

async function openRuleDocumentation(context: vscode.ExtensionContext, session: Session, arg: unknown): Promise<void> {
  let id = ruleIdFrom(arg);
  if (!id) {
    const current = ruleAtCursor();
    const ids = [...new Set([...session.rules.map((r) => r.id), ...collectFindings().map((f) => f.ruleId)])].sort();
    if (!ids.length) {
      void vscode.window.showInformationMessage('Twelve-Factor: the rule list is not available until the server has started.');
      return;
    }
    const items = ids.map((ruleId) => ({ label: ruleId, detail: session.rules.find((r) => r.id === ruleId)?.description, picked: ruleId === current }));
    items.sort((a, b) => Number(b.picked) - Number(a.picked));
    const pick = await vscode.window.showQuickPick(items, { title: 'Open the documentation of a Twelve-Factor rule', matchOnDetail: true });
    id = pick?.label;
  }
  if (!id) return;
  // The rule pages ship in the extension (docs/rules/<factor>/<rule>.md); else the factor's page.
  const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', ...id.split('/').map((p, i, a) => (i === a.length - 1 ? `${p}.md` : p)));
  try {
    await vscode.workspace.fs.stat(page);
    await vscode.commands.executeCommand('markdown.showPreview', page);
    return;
  } catch {
    // not packaged, or no markdown preview: the web page
  }
  const url = session.rules.find((r) => r.id === id)?.docsUrl ?? `https://12factor.net/${id.slice(0, id.indexOf('/'))}`;
  await vscode.env.openExternal(vscode.Uri.parse(url));
}
