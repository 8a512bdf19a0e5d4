/**
 * The scorecard: a tree in the "Twelve-Factor" activity-bar container listing the twelve
 * factors with their status (findings with a count, clean, or not checked), expanding to
 * the factor's rules and then to each finding, which opens its place in the editor.
 *
 * A factor is checked once a workspace scan completed or a file of a language one of its
 * rules covers was analysed; it is clean when checked and without findings. Until anything
 * was checked the tree is empty, so the view shows its welcome content (package.json
 * `viewsWelcome`).
 */
import * as vscode from 'vscode';
import { FACTORS } from '../../server/src/engine/factors';
import { COMMANDS, SCORECARD_VIEW } from './ids';
import { collectFindings, onFindingsChanged, type Finding } from './findings';
import type { RuleInfo, Session } from './session';

export type Status = 'findings' | 'clean' | 'unchecked';

interface Counted { status: Status; count: number; severity: vscode.DiagnosticSeverity | undefined }

export interface FactorNode extends Counted {
  kind: 'factor'; slug: string; numeral: string; title: string; summary: string; url: string; rules: RuleNode[];
}
export interface RuleNode extends Counted {
  kind: 'rule'; id: string; name: string; description: string; docsUrl: string; languages: string[]; parent: FactorNode; findings: FindingNode[];
}
export interface FindingNode { kind: 'finding'; finding: Finding; parent: RuleNode }
export type Node = FactorNode | RuleNode | FindingNode;

/** What the tree shows, as plain data (the extension API returns it for tests). */
export interface ScorecardSnapshot {
  empty: boolean;
  factors: {
    slug: string; label: string; description: string; status: Status; count: number; expanded: boolean;
    rules: { id: string; label: string; description: string; status: Status; count: number; findings: { uri: string; line: number; label: string; description: string }[] }[];
  }[];
}

/** A node's tree item id, stable across refreshes (VS Code keeps selection and expansion by it). */
function keyOf(node: Node): string {
  if (node.kind === 'factor') return `factor:${node.slug}`;
  if (node.kind === 'rule') return `rule:${node.id}`;
  const { finding } = node;
  const d = finding.diagnostic;
  return `finding:${finding.uri.toString()}#${d.range.start.line}:${d.range.start.character}:${finding.ruleId}:${d.message.length}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function worst(a: vscode.DiagnosticSeverity | undefined, b: vscode.DiagnosticSeverity): vscode.DiagnosticSeverity {
  return a === undefined || b < a ? b : a;
}

/** The message without the "(Factor VII: Port binding)" the tree already shows. */
function shortMessage(message: string): string {
  return message.replace(/\s*\(Factor [IVX]+: [^)]*\)\s*$/, '');
}

/** Builds the tree's model from the rule catalogue, the findings and what has been checked. */
export function buildScorecard(rules: readonly RuleInfo[], findings: readonly Finding[], checked: (rule: { languages: string[] }) => boolean): FactorNode[] {
  return FACTORS.map((f) => {
    const factor: FactorNode = {
      kind: 'factor', slug: f.slug, numeral: f.numeral, title: f.title, summary: f.summary, url: f.url,
      rules: [], status: 'unchecked', count: 0, severity: undefined,
    };
    const mine = findings.filter((x) => x.factor === f.slug);
    const infos = rules.filter((r) => r.factor === f.slug);
    // Findings of rules the catalogue does not know (an older server, a task's output) still count.
    for (const id of new Set(mine.map((x) => x.ruleId))) {
      if (!infos.some((r) => r.id === id)) infos.push({ id, factor: f.slug, factorTitle: f.title, numeral: f.numeral, description: id, docsUrl: f.url, languages: [] });
    }
    for (const info of infos) {
      const rule: RuleNode = {
        kind: 'rule', id: info.id, name: info.id.slice(info.id.indexOf('/') + 1), description: info.description, docsUrl: info.docsUrl,
        languages: info.languages, parent: factor, findings: [], status: 'unchecked', count: 0, severity: undefined,
      };
      const own = mine.filter((x) => x.ruleId === info.id)
        .sort((a, b) => a.uri.fsPath.localeCompare(b.uri.fsPath) || a.diagnostic.range.start.compareTo(b.diagnostic.range.start));
      rule.findings = own.map((finding) => ({ kind: 'finding', finding, parent: rule }));
      rule.count = own.length;
      for (const x of own) rule.severity = worst(rule.severity, x.diagnostic.severity);
      rule.status = own.length ? 'findings' : checked(info) ? 'clean' : 'unchecked';
      factor.rules.push(rule);
      factor.count += rule.count;
      if (rule.severity !== undefined) factor.severity = worst(factor.severity, rule.severity);
    }
    factor.rules.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    factor.status = factor.count ? 'findings' : factor.rules.some((r) => r.status === 'clean') ? 'clean' : 'unchecked';
    return factor;
  });
}

function statusIcon(n: Counted): vscode.ThemeIcon {
  if (n.status === 'clean') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (n.status === 'unchecked') return new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('disabledForeground'));
  return severityIcon(n.severity);
}

function severityIcon(s: vscode.DiagnosticSeverity | undefined): vscode.ThemeIcon {
  switch (s) {
    case vscode.DiagnosticSeverity.Error: return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case vscode.DiagnosticSeverity.Warning: return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    default: return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  }
}

function statusText(n: Counted): string {
  if (n.status === 'findings') return plural(n.count, 'finding');
  return n.status === 'clean' ? 'clean' : 'not checked';
}

export class Scorecard implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private factors: FactorNode[] = [];
  private findingsTotal = 0;
  private readonly changeEmitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly refreshEmitter = new vscode.EventEmitter<void>();
  /** Fires after each refresh (findings or session changed). */
  readonly onDidRefresh = this.refreshEmitter.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly expanded = new Set<string>();

  constructor(private readonly session: Session) {
    this.view = vscode.window.createTreeView(SCORECARD_VIEW, { treeDataProvider: this, showCollapseAll: true });
    // Expansion is kept here too, so a refresh (new findings) never folds what the user opened.
    this.subscriptions.push(
      this.view.onDidExpandElement((e) => this.expanded.add(keyOf(e.element))),
      this.view.onDidCollapseElement((e) => this.expanded.delete(keyOf(e.element))),
    );
    this.subscriptions.push(this.view, this.changeEmitter, this.refreshEmitter, onFindingsChanged(() => this.refresh()), session.onDidChange(() => this.refresh()));
    this.refresh();
  }

  /** Total findings in the workspace (also the status item's count). */
  get total(): number {
    return this.findingsTotal;
  }

  refresh(): void {
    const findings = collectFindings();
    const { session } = this;
    const checked = (rule: { languages: string[] }) => session.scanned || rule.languages.some((l) => session.analysedLanguages.has(l));
    this.factors = buildScorecard(session.rules, findings, checked);
    this.findingsTotal = findings.length;
    this.view.badge = findings.length ? { value: findings.length, tooltip: plural(findings.length, 'twelve-factor finding') } : undefined;
    this.view.description = session.scan.kind === 'running' ? 'scanning…' : session.scanned ? 'workspace' : session.anythingChecked ? 'open files' : undefined;
    this.changeEmitter.fire(undefined);
    this.refreshEmitter.fire();
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.session.anythingChecked ? this.factors : [];
    if (node.kind === 'factor') return node.rules;
    if (node.kind === 'rule') return node.findings;
    return [];
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'factor' ? undefined : node.parent;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const None = vscode.TreeItemCollapsibleState.None;
    if (node.kind === 'factor') {
      // Collapsed: the twelve factors fit on one screen; expanding one shows its rules.
      const item = new vscode.TreeItem(`${node.numeral}. ${node.title}`, node.rules.length === 0 ? None : this.folding(node));
      item.id = keyOf(node);
      item.description = node.rules.length === 0 ? 'not checked · no rules yet' : statusText(node);
      item.iconPath = node.rules.length === 0 ? new vscode.ThemeIcon('dash', new vscode.ThemeColor('disabledForeground')) : statusIcon(node);
      item.contextValue = 'factor';
      const tip = new vscode.MarkdownString(`**${node.numeral}. ${node.title}**: ${node.summary}\n\n`);
      tip.appendMarkdown(node.rules.length ? `${item.description} · ${plural(node.rules.length, 'rule')}\n\n` : 'No rule checks this factor yet.\n\n');
      tip.appendMarkdown(`[${node.url.replace('https://', '')}](${node.url})`);
      item.tooltip = tip;
      return item;
    }
    if (node.kind === 'rule') {
      const item = new vscode.TreeItem(node.name, node.findings.length ? this.folding(node) : None);
      item.id = keyOf(node);
      item.description = statusText(node);
      item.iconPath = statusIcon(node);
      item.contextValue = 'rule';
      item.tooltip = new vscode.MarkdownString(`**${node.id}**\n\n${node.description}${node.languages.length ? `\n\nLanguages: ${node.languages.join(', ')}` : ''}`);
      return item;
    }
    const { finding } = node;
    const d = finding.diagnostic;
    const item = new vscode.TreeItem(shortMessage(d.message), None);
    item.id = keyOf(node);
    item.description = `${vscode.workspace.asRelativePath(finding.uri)}:${d.range.start.line + 1}`;
    item.iconPath = severityIcon(d.severity);
    item.tooltip = `${d.message}\n${finding.ruleId}`;
    item.contextValue = 'finding';
    item.command = { title: 'Open', command: 'vscode.open', arguments: [finding.uri, { selection: d.range, preserveFocus: false } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }

  private folding(node: FactorNode | RuleNode): vscode.TreeItemCollapsibleState {
    return this.expanded.has(keyOf(node)) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  }

  /** Shows the view with a factor expanded, and its rules that have findings. */
  async reveal(slug?: string): Promise<void> {
    this.refresh();
    await vscode.commands.executeCommand(`${SCORECARD_VIEW}.focus`);
    const node = this.factors.find((f) => f.slug === slug);
    if (!node || !this.session.anythingChecked) return;
    this.expanded.add(keyOf(node));
    for (const r of node.rules) if (r.findings.length) this.expanded.add(keyOf(r));
    await this.view.reveal(node, { expand: 2, select: true, focus: true });
  }

  snapshot(): ScorecardSnapshot {
    const label = (i: vscode.TreeItem) => (typeof i.label === 'string' ? i.label : i.label?.label ?? '');
    return {
      empty: this.getChildren().length === 0,
      factors: this.factors.map((f) => {
        const fi = this.getTreeItem(f);
        return {
          slug: f.slug, label: label(fi), description: String(fi.description ?? ''), status: f.status, count: f.count,
          expanded: fi.collapsibleState === vscode.TreeItemCollapsibleState.Expanded,
          rules: f.rules.map((r) => {
            const ri = this.getTreeItem(r);
            return {
              id: r.id, label: label(ri), description: String(ri.description ?? ''), status: r.status, count: r.count,
              findings: r.findings.map((x) => {
                const xi = this.getTreeItem(x);
                return { uri: x.finding.uri.toString(), line: x.finding.diagnostic.range.start.line, label: label(xi), description: String(xi.description ?? '') };
              }),
            };
          }),
        };
      }),
    };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The command behind "Show Scorecard" and the inline factor link. */
export function registerScorecardCommands(scorecard: Scorecard): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.showScorecard, (slug?: unknown) => scorecard.reveal(typeof slug === 'string' ? slug : undefined)),
    vscode.commands.registerCommand(COMMANDS.openFactorPage, async (arg?: unknown) => {
      let url: string | undefined;
      if (arg && typeof arg === 'object' && (arg as Node).kind === 'factor') url = (arg as FactorNode).url;
      else if (typeof arg === 'string') url = FACTORS.find((f) => f.slug === arg)?.url;
      else {
        const pick = await vscode.window.showQuickPick(FACTORS.map((f) => ({ label: `${f.numeral}. ${f.title}`, detail: f.summary, url: f.url })), { title: 'Open a factor on 12factor.net' });
        url = pick?.url;
      }
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    }),
  ];
}
