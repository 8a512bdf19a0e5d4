/**
 * Helpers for the "Get started with Twelve-Factor" walkthrough (package.json
 * `contributes.walkthroughs`, pages in walkthrough/*.md): "Open Sample File" opens an
 * unsaved JavaScript file with one finding and puts the cursor on it; once that finding is
 * fixed, the context key `twelveFactor.walkthrough.sampleFixed` completes the quick-fix step.
 * "Turn On Fix on Save" adds the safe fixes to `editor.codeActionsOnSave`.
 */
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT } from './ids';
import { ruleIdOf } from './findings';

const SAMPLE = `// A tiny web app with one Twelve-Factor finding.
const express = require('express');

const app = express();
app.get('/', (req, res) => res.send('Hello, twelve factors!'));

// Factor VII: the port comes from the platform ($PORT). Put the cursor on 3000 and press Ctrl+.
const server = app.listen(3000);

// Factor IX: finish the requests in flight, then exit, when the platform stops the process.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const RULE = 'port-binding/no-hardcoded-port';
const FIX_ALL = 'source.fixAll.twelve-factor';

export function registerWalkthrough(): vscode.Disposable {
  let watch: vscode.Disposable | undefined;
  const command = vscode.commands.registerCommand(COMMANDS.openSample, async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: SAMPLE });
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(SAMPLE.indexOf('3000'));
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    let seen = false;
    watch?.dispose();
    watch = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === doc.uri.toString())) return;
      const has = vscode.languages.getDiagnostics(doc.uri).some((d) => ruleIdOf(d) === RULE);
      if (has) seen = true;
      else if (seen && doc.getText().includes('PORT')) {
        void vscode.commands.executeCommand('setContext', CONTEXT.sampleFixed, true);
        watch?.dispose();
        watch = undefined;
      }
    });
    return doc.uri;
  });
  const fixOnSave = vscode.commands.registerCommand(COMMANDS.enableFixOnSave, enableFixOnSave);
  return new vscode.Disposable(() => {
    command.dispose();
    fixOnSave.dispose();
    watch?.dispose();
  });
}

/** Adds `source.fixAll.twelve-factor` to the user's `editor.codeActionsOnSave` (safe fixes only). */
async function enableFixOnSave(): Promise<void> {
  const config = vscode.workspace.getConfiguration('editor');
  const current = config.inspect<Record<string, unknown> | string[]>('codeActionsOnSave')?.globalValue;
  let next: Record<string, unknown> | string[];
  if (Array.isArray(current)) next = current.includes(FIX_ALL) ? current : [...current, FIX_ALL];
  else next = { ...(current ?? {}), [FIX_ALL]: 'explicit' };
  await config.update('codeActionsOnSave', next, vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage('Twelve-Factor: safe fixes now apply when you save (editor.codeActionsOnSave: source.fixAll.twelve-factor).');
}
