/**
 * The language status item (the `{}` next to the language mode): the server's state and
 * the number of findings in the workspace; clicking it opens the output channel.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './ids';
import { DOCUMENT_SELECTOR } from './client';
import type { Session } from './session';

export interface StatusItem extends vscode.Disposable {
  /** What the item shows (for tests). */
  readonly shown: { text: string; detail: string | undefined; busy: boolean };
}

export function createStatusItem(session: Session, findings: () => number, onFindingsChanged: vscode.Event<void>): StatusItem {
  const item = vscode.languages.createLanguageStatusItem('twelveFactor.status', DOCUMENT_SELECTOR);
  item.name = 'Twelve-Factor';
  item.command = { title: 'Show Output', command: COMMANDS.showOutput, tooltip: 'Show the Twelve-Factor output' };

  const update = () => {
    const n = findings();
    const where = session.scanned ? 'in the workspace' : 'in open files';
    switch (session.status) {
      case 'starting':
        item.text = '$(sync~spin) Twelve-Factor: starting';
        item.detail = 'the server is starting';
        item.severity = vscode.LanguageStatusSeverity.Information;
        item.busy = true;
        break;
      case 'stopped':
        item.text = '$(error) Twelve-Factor: stopped';
        item.detail = 'the server is not running: run "Twelve-Factor: Restart Server"';
        item.severity = vscode.LanguageStatusSeverity.Error;
        item.busy = false;
        break;
      default:
        item.text = n ? `Twelve-Factor: ${n} finding${n === 1 ? '' : 's'}` : 'Twelve-Factor: no findings';
        item.detail = session.scan.kind === 'running' ? 'scanning the workspace…' : `server running · ${where}`;
        item.severity = vscode.LanguageStatusSeverity.Information;
        item.busy = session.scan.kind === 'running';
    }
  };
  update();
  const subs = [session.onDidChange(update), onFindingsChanged(update)];
  return {
    get shown() {
      return { text: item.text, detail: item.detail, busy: item.busy };
    },
    dispose() {
      for (const s of subs) s.dispose();
      item.dispose();
    },
  };
}
