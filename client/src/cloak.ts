/**
 * Cloaking of secret-looking values in `.env` editors: while `twelveFactor.cloakSecrets` is
 * true, each value the server lists in `twelveFactor/secretRanges` is drawn as `••••••`
 * (the text is hidden by the decoration, not changed). The value shows again on the lines
 * holding a cursor or a selection, so it can still be edited, and everywhere once the
 * setting is false (the command `twelveFactor.toggleSecretCloaking` flips it).
 *
 * The server answers with ranges only, never values. One call from `activate`:
 *
 *     registerCloaking(context, client);
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from './ids';

/** `{ uri }` -> `{ ranges }` (server/src/handlers/env-features.ts). */
export const SECRET_RANGES_REQUEST = 'twelveFactor/secretRanges';

interface LspRange { start: { line: number; character: number }; end: { line: number; character: number } }

const MASK = '••••••';
const REFRESH_DELAY_MS = 150;

function isDotenv(document: vscode.TextDocument): boolean {
  return document.languageId === 'dotenv';
}

function cloakingOn(document: vscode.TextDocument): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION, document.uri).get<boolean>('cloakSecrets', true);
}

/** Registers the decorations and their listeners; disposed with the extension (also returned). */
export function registerCloaking(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable {
  const decoration = vscode.window.createTextEditorDecorationType({
    // The CSS injection hides the characters; `before` draws the mask in their place.
    textDecoration: 'none; display: none;',
    before: { contentText: MASK, color: new vscode.ThemeColor('editorCodeLens.foreground') },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  const hover = new vscode.MarkdownString('Secret-looking value hidden by Twelve-Factor. Put the cursor on the line to see it, or run **Twelve-Factor: Toggle Secret Cloaking**.');
  /** Ranges per document, for the version they were computed on. */
  const known = new Map<string, { version: number; ranges: vscode.Range[] }>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let disposed = false;

  const paint = (editor: vscode.TextEditor): void => {
    const doc = editor.document;
    const entry = known.get(doc.uri.toString());
    if (!isDotenv(doc) || !cloakingOn(doc) || !entry || entry.version !== doc.version) {
      editor.setDecorations(decoration, []);
      return;
    }
    const busy = editor.selections.map((s) => [s.start.line, s.end.line] as const);
    const shown = entry.ranges.filter((r) => !busy.some(([a, b]) => r.start.line <= b && a <= r.end.line));
    editor.setDecorations(decoration, shown.map((range) => ({ range, hoverMessage: hover })));
  };

  const paintDocument = (document: vscode.TextDocument): void => {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) paint(editor);
  };

  const fetch = async (document: vscode.TextDocument): Promise<void> => {
    if (disposed || !isDotenv(document)) return;
    if (!cloakingOn(document) || client.state !== State.Running) {
      paintDocument(document);
      return;
    }
    const version = document.version;
    try {
      const result = await client.sendRequest<{ ranges: LspRange[] }>(SECRET_RANGES_REQUEST, { uri: document.uri.toString() });
      if (disposed || document.version !== version) return;
      const ranges = (result?.ranges ?? []).map((r) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
      known.set(document.uri.toString(), { version, ranges });
    } catch {
      known.delete(document.uri.toString());
    }
    paintDocument(document);
  };

  const schedule = (document: vscode.TextDocument, delay = REFRESH_DELAY_MS): void => {
    if (!isDotenv(document)) return;
    const key = document.uri.toString();
    const t = timers.get(key);
    if (t) clearTimeout(t);
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      void fetch(document);
    }, delay));
  };

  const refreshVisible = (): void => {
    for (const editor of vscode.window.visibleTextEditors) if (isDotenv(editor.document)) schedule(editor.document, 0);
  };

  const disposables: vscode.Disposable[] = [
    decoration,
    vscode.window.onDidChangeVisibleTextEditors(() => refreshVisible()),
    vscode.window.onDidChangeTextEditorSelection((e) => { if (isDotenv(e.textEditor.document)) paint(e.textEditor); }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!isDotenv(e.document) || e.contentChanges.length === 0) return;
      // Until the new ranges arrive, old ones would cover the wrong characters: show the text.
      paintDocument(e.document);
      schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => known.delete(d.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.cloakSecrets`)) refreshVisible();
    }),
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) refreshVisible();
      else {
        known.clear();
        for (const editor of vscode.window.visibleTextEditors) if (isDotenv(editor.document)) paint(editor);
      }
    }),
  ];
  refreshVisible();

  const all = vscode.Disposable.from(...disposables, {
    dispose: () => {
      disposed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      known.clear();
    },
  });
  context.subscriptions.push(all);
  return all;
}
