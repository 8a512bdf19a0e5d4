/**
 * A rule is data (`meta`) plus one function (`check`). It lives in
 * `server/src/rules/<factor-slug>/<rule-name>.ts`, whose path is its id, and it only
 * decides: parsing, suppressions, severities and conversion belong to the engine.
 */
import type { Node, QueryMatch, Tree } from '@vscode/tree-sitter-wasm';
import type { FactorSlug, Fix, FixSafety, Range, Severity } from './types';
import type { GrammarId, LanguageId, LanguageProfile } from '../parsing/languages';
import type { Settings } from './settings';
import type { ProjectView } from './project';
import type { LineIndex } from '../parsing/document';

export interface RuleDocs {
  /** Why it matters, in one sentence (shown in hovers, docs and the README). */
  why: string;
  /** A short bad and good example per language (source text). */
  bad?: Partial<Record<LanguageId, string>>;
  good?: Partial<Record<LanguageId, string>>;
  /** What the quick fix does, when there is one. */
  fix?: string;
}

export interface RuleMeta {
  /** Short description, for tables and SARIF `shortDescription`. */
  description: string;
  /** 'off': an opt-in rule, run only when `twelveFactor.rules` or `.twelve-factor.json` gives it a severity. */
  defaultSeverity: Severity | 'off';
  languages: LanguageId[];
  /** The safest fix the rule offers: 'safe' may run on save, 'suggestion' changes behaviour. */
  fix: FixSafety | 'none';
  /** Message templates by id; `{{name}}` placeholders come from `data`. Never put a secret in data. */
  messages: Record<string, string>;
  docs: RuleDocs;
  /**
   * The rule's findings for a node depend only on that node, its ancestors, its own subtree
   * and the file-wide facts its `facts` function returns (nothing when it has none), so after
   * an edit that leaves those facts as they were the engine re-runs it on the changed
   * statements alone (`RuleContext.region`) and carries the other findings over, shifted.
   * `test/unit/incremental.test.ts` holds every incremental rule to what a full check finds.
   */
  incremental?: boolean;
  /** Secret rules also honour other tools' pragmas (`gitleaks:allow`, `pragma: allowlist secret`...). */
  secret?: boolean;
}

export interface Report {
  node?: Node;
  range?: Range;
  messageId: string;
  data?: Record<string, string | number>;
  fixes?: Fix[];
}

export interface RuleContext {
  readonly path: string;
  readonly text: string;
  readonly language: LanguageId;
  readonly grammar: GrammarId | undefined;
  readonly profile: LanguageProfile;
  /**
   * The syntax tree (code languages only). A file checked once (CLI, workspace scan) is
   * parsed on first use: a rule decides from the text what it can before asking for it.
   */
  readonly tree: Tree | undefined;
  /** Whether the tree is parsed already (always, for the server's open documents): asking for it costs nothing. */
  readonly treeParsed: boolean;
  /**
   * Whether the file is checked once (CLI, workspace scan), not a document whose next edit is
   * checked from this check's results: a whole-file reading that no edit could reuse is then worth it.
   */
  readonly checkedOnce?: boolean;
  readonly lines: LineIndex;
  readonly settings: Settings;
  readonly project: ProjectView;
  /**
   * Set when an incremental rule re-checks only the statements an edit changed: findings
   * that do not touch this span are dropped (the last check's are kept instead), so a rule
   * may limit its text scans to it. Queries through `matches()` and `query()` without a
   * node are limited to it already. Anything a rule caches must not be reused across it.
   */
  readonly region: { readonly start: number; readonly end: number } | undefined;
  /** Matches of this rule's query for the current language (compiled once per grammar). */
  matches(): QueryMatch[];
  /** Runs an ad-hoc query (compiled once) over the tree or a node. */
  query(source: string, node?: Node): QueryMatch[];
  report(report: Report): void;
  rangeOf(node: Node): Range;
  /** Range from UTF-16 offsets into the text. */
  rangeAt(start: number, end: number): Range;
}

export interface RuleDefinition {
  id: string;
  meta: RuleMeta;
  /**
   * Tree-sitter queries by language. TypeScript falls back to the JavaScript query
   * (its grammar is a superset) when it has none of its own.
   */
  queries?: Partial<Record<LanguageId, string>>;
  /**
   * Cheap text pre-filter, a necessary condition: when none of these substrings (or
   * patterns) occurs in a file, the rule cannot report there and the file is not parsed for
   * it. Patterns take no flags and only bounded quantifiers (`{0,8}`, not `*` or `+`): a
   * match is at most `TRIGGER_PATTERN_REACH` characters. Omit to always run.
   */
  triggers?: (string | RegExp)[];
  /**
   * Where matches can be: every match of the rule's queries contains one of these
   * substrings (or an offset the function yields). The engine then runs the queries only on
   * the statement-sized subtrees around them instead of the whole tree. Omit when matches
   * can be anywhere.
   */
  anchors?: string[] | ((text: string) => Iterable<number>);
  /**
   * For an incremental rule: everything outside a statement that its findings in that
   * statement depend on (the file's imports, whether it registers a signal handler, the names
   * it reads from the environment...), as one string. When an edit leaves it unchanged, the
   * rule re-checks the changed statements only; otherwise the whole file. It runs on every
   * keystroke, so it must cost much less than `check`. Undefined: this text needs a full check
   * (the facts are too many to say). Omit when the findings depend on nothing outside their
   * statement.
   */
  facts?(context: RuleContext): string | undefined;
  check(context: RuleContext): void;
}

export interface Rule extends RuleDefinition {
  factor: FactorSlug;
  docsUrl: string;
}

export function defineRule(def: RuleDefinition): Rule {
  const slash = def.id.indexOf('/');
  const factor = def.id.slice(0, slash) as FactorSlug;
  return { ...def, factor, docsUrl: `https://12factor.net/${factor}` };
}

/** Fills `{{name}}` placeholders. Unknown names stay visible, so a typo shows in tests. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (data && k in data ? String(data[k]) : m));
}

/** Test switch: when set, `precheck` always passes (tests compare findings with and without the pre-checks). */
export const PRECHECKS = { off: false };

/**
 * A rule's text-level necessary condition, checked before it asks for the tree (a file checked
 * once is parsed only when some rule asks): false only when the rule cannot report in this
 * text. Never a guess: `test/unit/prefilters.test.ts` compares findings with and without it.
 */
export function precheck(holds: () => boolean): boolean {
  return PRECHECKS.off || holds();
}
