/**
 * The engine: (text, language, settings, project view) -> findings with fixes.
 * Pure apart from loading grammars; knows nothing of LSP, VS Code or the file system.
 */
import picomatch from 'picomatch';
import type { Node, QueryMatch } from '@vscode/tree-sitter-wasm';
import { LANGUAGES, type GrammarId, type LanguageId } from '../parsing/languages';
import { LineIndex, SyntaxDocument } from '../parsing/document';
import { loadGrammar, loadedGrammar, query as compileQuery } from '../parsing/tree-sitter';
import { formatMessage, type Rule, type RuleContext, type Report } from './rule';
import { severityFor, type Settings } from './settings';
import { parseSuppressions, isSuppressed } from './suppressions';
import { isGeneratedOrMinified, isTestPath } from './scope';
import { EMPTY_PROJECT, type ProjectView } from './project';
import { factor } from './factors';
import type { Finding, Range } from './types';

export interface CheckRequest {
  /** Absolute path of the file (used for scope, ignore globs and neighbouring files). */
  path: string;
  /** Path relative to the project root, forward slashes; defaults to `path`. */
  relativePath?: string;
  text: string;
  language: LanguageId;
  grammar?: GrammarId;
  settings: Settings;
  project?: ProjectView;
  /** An incrementally maintained tree for this text (the server keeps one per open document). */
  document?: SyntaxDocument;
  rules: readonly Rule[];
}

export type SkipReason = 'disabled' | 'ignored' | 'test' | 'too-large' | 'generated' | 'minified' | 'timeout' | 'unparsable';

export interface CheckResult {
  findings: Finding[];
  /** Set when the file was not (fully) checked, and why. */
  skipped?: SkipReason;
  /** Rules that threw: their findings for this file were dropped; the others ran. */
  ruleErrors: { ruleId: string; error: string }[];
}

const SECRET_PRAGMA = /gitleaks:allow|pragma:\s*allowlist[ -]secret|secretlint-disable-line|\bnosec\b|NOSONAR/;

const matcherCache = new Map<string, (path: string) => boolean>();
function isIgnored(relativePath: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const key = globs.join('\u0000');
  let m = matcherCache.get(key);
  if (!m) {
    m = picomatch(globs.map((g) => (g.includes('/') ? g : `**/${g}`)), { dot: true });
    matcherCache.set(key, m);
  }
  return m(relativePath) || m(`${relativePath}/`);
}

/** Loads the grammars a request needs (its own and its language's embedded ones); call before `checkDocument`. */
export async function prepare(grammar: GrammarId | undefined, language?: LanguageId): Promise<void> {
  if (grammar) await loadGrammar(grammar);
  for (const g of (language && LANGUAGES[language]?.embeddedGrammars) || []) await loadGrammar(g);
}

/** Rules that apply to a language and may match this text (pre-filtered on their triggers). */
export function applicableRules(rules: readonly Rule[], language: LanguageId, text: string, settings: Settings): Rule[] {
  return rules.filter((r) =>
    r.meta.languages.includes(language) &&
    severityFor(r.id, settings.rules, r.meta.defaultSeverity) !== 'off' &&
    (!r.triggers || r.triggers.some((t) => text.includes(t))));
}

/** Checks one document synchronously. The grammar must have been loaded (`prepare`). */
export function checkDocument(req: CheckRequest): CheckResult {
  const { settings, language } = req;
  const rel = (req.relativePath ?? req.path).replace(/\\/g, '/');
  const result: CheckResult = { findings: [], ruleErrors: [] };
  if (!settings.enable) return { ...result, skipped: 'disabled' };
  if (isIgnored(rel, settings.ignore)) return { ...result, skipped: 'ignored' };
  if (!settings.includeTests && isTestPath(rel)) return { ...result, skipped: 'test' };
  if (settings.maxFileSize > 0 && req.text.length > settings.maxFileSize) return { ...result, skipped: 'too-large' };

  const rules = applicableRules(req.rules, language, req.text, settings);
  if (rules.length === 0) return result;
  const profile = LANGUAGES[language];
  if (profile.grammarFor) {
    const generated = isGeneratedOrMinified(req.text);
    if (generated) return { ...result, skipped: generated as SkipReason };
  }

  const grammar = req.grammar;
  let doc = req.document;
  let ownDoc = false;
  if (grammar && (!doc || doc.text !== req.text || doc.grammar !== grammar)) {
    if (!loadedGrammar(grammar)) throw new Error(`grammar ${grammar} is not loaded; call prepare() first`);
    doc = new SyntaxDocument(grammar, req.text, settings.timeBudgetMs);
    ownDoc = true;
  }
  try {
    const tree = grammar ? doc?.tree : undefined;
    if (grammar && !tree) return { ...result, skipped: 'timeout' };
    const lines = doc?.lines ?? new LineIndex(req.text);
    const isComment = (offset: number): boolean => {
      if (tree) {
        let n: Node | null = tree.rootNode.descendantForIndex(offset, offset + 1);
        for (; n; n = n.parent) if (n.type.includes('comment')) return true;
        return false;
      }
      const lineText = lines.lineText(lines.positionAt(offset).line);
      return /^\s*#/.test(lineText);
    };
    const suppressions = parseSuppressions(req.text, isComment, (o) => lines.positionAt(o).line);
    const rangeAt = (start: number, end: number): Range => ({ start: lines.positionAt(start), end: lines.positionAt(end) });
    // From offsets, not tree-sitter points: tree-sitter splits rows at `\n` only, LSP also at a lone `\r`.
    const rangeOf = (node: Node): Range => rangeAt(node.startIndex, node.endIndex);
    const started = Date.now();

    for (const rule of rules) {
      if (settings.timeBudgetMs > 0 && Date.now() - started > settings.timeBudgetMs) {
        result.skipped = 'timeout';
        break;
      }
      const severity = severityFor(rule.id, settings.rules, rule.meta.defaultSeverity);
      if (severity === 'off') continue;
      const found: Finding[] = [];
      const f = factor(rule.factor);
      const context: RuleContext = {
        path: req.path, text: req.text, language, grammar, profile, tree, lines, settings,
        project: req.project ?? EMPTY_PROJECT,
        matches(): QueryMatch[] {
          const source = rule.queries?.[language] ?? (language === 'typescript' ? rule.queries?.javascript : undefined);
          if (!source || !tree || !grammar) return [];
          return compileQuery(grammar, source).matches(tree.rootNode);
        },
        query(source: string, node?: Node): QueryMatch[] {
          if (!tree || !grammar) return [];
          return compileQuery(grammar, source).matches(node ?? tree.rootNode);
        },
        report(r: Report): void {
          const range = r.range ?? (r.node ? rangeOf(r.node) : undefined);
          if (!range) throw new Error(`${rule.id}: report needs a node or a range`);
          const template = rule.meta.messages[r.messageId];
          if (template === undefined) throw new Error(`${rule.id}: unknown messageId ${r.messageId}`);
          const line = range.start.line;
          if (isSuppressed(suppressions, rule.id, line)) return;
          if (rule.meta.secret && SECRET_PRAGMA.test(lines.lineText(line))) return;
          found.push({
            ruleId: rule.id, factor: rule.factor, messageId: r.messageId,
            message: `${formatMessage(template, r.data)} (Factor ${f.numeral}: ${f.title})`,
            severity, range, fixes: r.fixes ?? [], docsUrl: rule.docsUrl,
          });
        },
        rangeOf,
        rangeAt,
      };
      try {
        rule.check(context);
        result.findings.push(...found);
      } catch (e) {
        result.ruleErrors.push({ ruleId: rule.id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    result.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return result;
  } finally {
    if (ownDoc) doc?.dispose();
  }
}

/** Loads what the request needs, then checks it. */
export async function check(req: CheckRequest): Promise<CheckResult> {
  await prepare(req.grammar, req.language);
  return checkDocument(req);
}
