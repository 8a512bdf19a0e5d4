/** Conversion of engine findings and fixes to LSP shapes. */
import {
  CreateFile, DiagnosticSeverity, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit,
  type Diagnostic, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Finding, Fix, Severity } from '../engine/types';

export const SOURCE = 'twelve-factor';

/** What a diagnostic carries so that code actions need no server-side cache. */
export interface DiagnosticData {
  version: number;
  ruleId: string;
  fixes: Fix[];
  /** The file had syntax errors and the fixes were not checked yet: code actions check them before offering them. */
  unchecked?: boolean;
}

const severity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding, version: number, unchecked = false): Diagnostic {
  const data: DiagnosticData = { version, ruleId: f.ruleId, fixes: f.fixes, ...(unchecked && f.fixes.length ? { unchecked: true } : {}) };
  return {
    range: f.range,
    severity: severity[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: f.docsUrl },
    message: f.message,
    data,
  };
}

export function isDiagnosticData(v: unknown): v is DiagnosticData {
  const d = v as DiagnosticData | undefined;
  return !!d && typeof d.version === 'number' && typeof d.ruleId === 'string' && Array.isArray(d.fixes);
}

/** One workspace edit for a fix: the document's edits plus other files, created only if missing. */
export function toWorkspaceEdit(uri: string, version: number | null, fixes: readonly Fix[]): WorkspaceEdit {
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  const own = fixes.flatMap((f) => f.edits);
  if (own.length) {
    documentChanges.push(TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, version),
      own.map((e) => TextEdit.replace(e.range, e.newText))));
  }
  const created = new Set<string>();
  for (const fix of fixes) {
    for (const change of fix.files ?? []) {
      const target = URI.file(change.path).toString();
      if (change.create && !created.has(target)) {
        documentChanges.push(CreateFile.create(target, { ignoreIfExists: true, overwrite: false }));
        created.add(target);
      }
      documentChanges.push(TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(target, null),
        change.edits.map((e) => TextEdit.replace(e.range, e.newText))));
    }
  }
  return { documentChanges };
}
