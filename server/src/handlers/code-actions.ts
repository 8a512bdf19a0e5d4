/**
 * Code actions, built from the diagnostics' data (no server-side cache): for each finding,
 * its fixes, "disable for this line", "disable for this file" and "show documentation";
 * "fix all" per rule; and `source.fixAll.twelve-factor` with only the safe fixes.
 */
import {
  CodeAction, CodeActionKind, Command, type CodeActionParams, type Connection, type Diagnostic,
} from 'vscode-languageserver/node';
import type { DocumentStore, OpenDocument } from './documents';
import type { Analyzer } from './analysis';
import { isDiagnosticData, SOURCE, toWorkspaceEdit } from './to-lsp';
import { LANGUAGES } from '../parsing/languages';
import { pickSafeFixes } from '../cli/run-check';
import { disableFileEdit, disableLineEdit } from '../engine/suppression-edits';
import type { Finding, Fix } from '../engine/types';
import { VERIFY_SHARE, withholdWorseningFixes, type FixVerdicts } from '../engine/fix-check';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.twelve-factor`;
export const SHOW_DOCS_COMMAND = 'twelve-factor.showDocumentation';

export class CodeActionsHandler {
  /**
   * Other handlers' commands: `workspace/executeCommand` has one handler per connection, so
   * this one dispatches (list them in `executeCommandProvider` too).
   */
  readonly commands = new Map<string, (args: unknown[]) => Promise<unknown>>();

  constructor(private readonly connection: Connection, private readonly documents: DocumentStore, private readonly analyzer: Analyzer) {}

  register(): void {
    this.connection.onCodeAction(async (params) => this.provide(params));
    this.connection.onExecuteCommand(async (params) => {
      if (params.command === SHOW_DOCS_COMMAND && typeof params.arguments?.[0] === 'string') {
        const url = params.arguments[0];
        if (/^https:\/\/12factor\.net\//.test(url)) await this.connection.window.showDocument({ uri: url, external: true });
        return undefined;
      }
      const handler = this.commands.get(params.command);
      return handler ? handler(params.arguments ?? []) : undefined;
    });
  }

  /** Verdicts on the fixes of the last document version whose fixes were checked here. */
  private verdicts: FixVerdicts & { uri?: string } = { verdicts: new Map() };

  /** The document's current findings (re-analysed, so never stale), their fixes checked. */
  private async findings(doc: OpenDocument): Promise<Finding[]> {
    const a = await this.analyzer.analyze(doc);
    if (!a) return [];
    return a.result.fixesUnchecked ? this.checked(doc, a.result.findings, a.settings.timeBudgetMs) : a.result.findings;
  }

  /**
   * Findings whose fixes the analysis left unchecked (the file has syntax errors), with the
   * fixes that would make it parse worse withheld, as the CLI does. Verdicts are kept for the
   * document's version, so the lightbulb asking again costs nothing.
   */
  private checked(doc: OpenDocument, findings: readonly Finding[], budgetMs: number): Finding[] {
    const copies = findings.map((f) => ({ ...f, fixes: [...f.fixes] }));
    const grammar = doc.detected?.grammar;
    const tree = doc.syntaxDocument?.tree;
    if (!grammar || !tree) return copies.map((f) => ({ ...f, fixes: [] }));
    if (this.verdicts.uri !== doc.uri) this.verdicts = { uri: doc.uri, verdicts: new Map() };
    const deadline = budgetMs > 0 ? Date.now() + Math.max(50, budgetMs * VERIFY_SHARE) : Infinity;
    withholdWorseningFixes(copies, doc.text, grammar, tree, deadline, false, this.verdicts);
    return copies;
  }

  private async provide(params: CodeActionParams): Promise<CodeAction[]> {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !doc.detected) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];

    if (wants(FIX_ALL_KIND) && only?.some((k) => k.startsWith(CodeActionKind.SourceFixAll) || k === CodeActionKind.Source)) {
      const { fixes, count } = pickSafeFixes(doc.text, await this.findings(doc));
      if (count) {
        actions.push({ title: 'Fix all safe twelve-factor problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(doc.uri, doc.version, fixes) });
      }
      if (only?.every((k) => k.startsWith(CodeActionKind.Source))) return actions;
    }
    if (!wants(CodeActionKind.QuickFix)) return actions;

    const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
    if (!ours.length) return actions;
    // Diagnostics from an older version carry stale fixes: recompute and match by rule and range.
    const stale = ours.some((d) => !isDiagnosticData(d.data) || d.data.version !== doc.version);
    const current = stale ? await this.findings(doc) : undefined;
    const budgetMs = ours.some((d) => isDiagnosticData(d.data) && d.data.unchecked) ? (await this.analyzer.settingsFor(doc.uri)).timeBudgetMs : 0;
    const fixesOf = (d: Diagnostic): Fix[] => {
      if (!stale && isDiagnosticData(d.data)) {
        if (!d.data.unchecked) return d.data.fixes;
        const finding = { ruleId: d.data.ruleId, fixes: d.data.fixes } as Finding;
        return this.checked(doc, [finding], budgetMs)[0].fixes;
      }
      const f = current?.find((x) => x.ruleId === d.code && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character);
      return f?.fixes ?? [];
    };

    const comment = LANGUAGES[doc.detected.language].lineComment ?? '#';
    const seenRules = new Set<string>();
    for (const d of ours) {
      const ruleId = d.code as string;
      for (const fix of fixesOf(d)) {
        actions.push({
          title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred,
          edit: toWorkspaceEdit(doc.uri, doc.version, [fix]),
        });
      }
      actions.push({
        title: `Disable ${ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d],
        edit: toWorkspaceEdit(doc.uri, doc.version, [{ title: '', safety: 'suggestion', edits: [disableLineEdit(doc.text, d.range.start.line, ruleId, comment)] }]),
      });
      if (!seenRules.has(ruleId)) {
        seenRules.add(ruleId);
        actions.push({
          title: `Disable ${ruleId} for the entire file`, kind: CodeActionKind.QuickFix, diagnostics: [d],
          edit: toWorkspaceEdit(doc.uri, doc.version, [{ title: '', safety: 'suggestion', edits: [disableFileEdit(doc.text, ruleId, comment)] }]),
        });
        const href = d.codeDescription?.href;
        if (href) {
          actions.push({ title: `Show documentation for ${ruleId}`, kind: CodeActionKind.QuickFix, command: Command.create(`Show documentation for ${ruleId}`, SHOW_DOCS_COMMAND, href) });
        }
      }
    }

    // "Fix all <rule> problems in this file" when a rule has several fixable findings.
    const all = current ?? await this.findings(doc);
    for (const ruleId of seenRules) {
      const sameRule = all.filter((f) => f.ruleId === ruleId && f.fixes.length > 0);
      if (sameRule.length < 2) continue;
      const fixes: Fix[] = [];
      for (const f of sameRule) fixes.push(f.fixes.find((x) => x.preferred) ?? f.fixes[0]);
      const { fixes: compatible } = pickSafeFixes(doc.text, fixes.map((fx) => ({ ...sameRule[0], fixes: [{ ...fx, safety: 'safe' as const }] })));
      actions.push({ title: `Fix all ${ruleId} problems in this file`, kind: CodeActionKind.QuickFix, edit: toWorkspaceEdit(doc.uri, doc.version, compatible) });
    }
    return actions;
  }
}
