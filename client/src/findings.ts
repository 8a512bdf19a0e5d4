/**
 * The workspace's twelve-factor findings as VS Code holds them: every diagnostic whose
 * source is `twelve-factor` (from the language server, or from the `$twelve-factor`
 * problem matcher of a task), without duplicates, with its rule id and factor slug.
 */
import * as vscode from 'vscode';
import { SOURCE } from './ids';

export interface Finding {
  uri: vscode.Uri;
  diagnostic: vscode.Diagnostic;
  ruleId: string;
  /** The factor slug: the rule id's part before the slash. */
  factor: string;
}

/** The rule id of a diagnostic: `code` is a string, or `{ value, target }` when it links to docs. */
export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return typeof code === 'string' && code.includes('/') ? code : undefined;
}

export function collectFindings(): Finding[] {
  const out: Finding[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    const seen = new Set<string>();
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const r = diagnostic.range;
      const key = `${ruleId}@${r.start.line}:${r.start.character}:${diagnostic.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ uri, diagnostic, ruleId, factor: ruleId.slice(0, ruleId.indexOf('/')) });
    }
  }
  return out;
}

/** Calls `listener` at most once per `ms` while diagnostics keep changing. */
export function onFindingsChanged(listener: () => void, ms = 250): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sub = vscode.languages.onDidChangeDiagnostics(() => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      listener();
    }, ms);
  });
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    sub.dispose();
  });
}
