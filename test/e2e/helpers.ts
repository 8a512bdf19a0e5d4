/**
 * Waiting helpers for the in-editor tests: every wait has a deadline and says what it was
 * waiting for when it runs out. No fixed sleeps: they poll (or listen) until true.
 */
import * as vscode from 'vscode';

export const SOURCE = 'twelve-factor';

/** Polls `probe` every `everyMs` until it returns something truthy, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string | (() => string), probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return typeof code === 'string' ? code : undefined;
}

/** Our diagnostics on `uri`. */
export function findingsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** The diagnostics on `uri`, for failure messages. */
export function describe(uri: vscode.Uri): string {
  return vscode.languages.getDiagnostics(uri).map((d) => `${d.source ?? '?'}:${ruleIdOf(d) ?? `"${d.message.slice(0, 60)}"`}`).join(', ') || 'none';
}

/** Waits until `uri` has a twelve-factor diagnostic matching `match` (a rule id, or a predicate). */
export function waitForFinding(uri: vscode.Uri, match: string | ((d: vscode.Diagnostic) => boolean), timeoutMs = 60_000): Promise<vscode.Diagnostic> {
  const test = typeof match === 'string' ? (d: vscode.Diagnostic) => ruleIdOf(d) === match : match;
  const name = typeof match === 'string' ? match : 'a matching finding';
  return waitFor(() => `${name} on ${vscode.workspace.asRelativePath(uri)} (has: ${describe(uri)})`,
    () => findingsOf(uri).find(test), timeoutMs);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}
