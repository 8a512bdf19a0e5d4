/**
 * The engine: (text, language, settings, project view) -> findings with fixes.
 * Pure apart from loading grammars; knows nothing of LSP, VS Code or the file system.
 */
import picomatch from 'picomatch';
import type { Node, Query, QueryMatch, Tree } from '@vscode/tree-sitter-wasm';
import { LANGUAGES, type GrammarId, type LanguageId } from '../parsing/languages';
import { LineIndex, SyntaxDocument, mapLoose, mapRange, type OffsetEdit } from '../parsing/document';
import { beyondGrammarLimits, loadGrammar, loadedGrammar, query as compileQuery } from '../parsing/tree-sitter';
import { formatMessage, type Rule, type RuleContext, type Report } from './rule';
import { severityFor, type Settings } from './settings';
import { parseSuppressions, isSuppressed } from './suppressions';
import { isGeneratedOrMinified, isTestPath } from './scope';
import { EMPTY_PROJECT, type ProjectView } from './project';
import { factor } from './factors';
import { NeedleSets } from './needles';
import { VERIFY_SHARE, withholdFixesOutside, withholdWorseningFixes } from './fix-check';
import type { Finding, Fix, Range } from './types';
import { escapeRegExp } from './regexp';

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
  /** Kept by the caller per open document: lets a keystroke re-check only what changed. */
  incremental?: IncrementalState;
  /** Bumped by the caller when neighbouring files change (env files, manifests): forces a full check. */
  projectGeneration?: number;
  /**
   * On a file with syntax errors, leave the fixes unchecked (`fixesUnchecked`) for the caller
   * to check when it offers them: checking parses the file once per fix, too much for every
   * keystroke of a file being typed (which is broken most of the time).
   */
  deferFixChecks?: boolean;
}

export type SkipReason = 'disabled' | 'ignored' | 'test' | 'too-large' | 'generated' | 'minified' | 'timeout' | 'unparsable' | 'too-deep';

export interface CheckResult {
  findings: Finding[];
  /** Set when the file was not (fully) checked, and why. */
  skipped?: SkipReason;
  /** True when only the changed region was re-checked (the rest carried over). */
  partial?: boolean;
  /** Rules that threw: their findings for this file were dropped; the others ran. */
  ruleErrors: { ruleId: string; error: string }[];
  /** The file has syntax errors and its fixes were not checked (`deferFixChecks`): check them with `withholdWorseningFixes` before offering them. */
  fixesUnchecked?: boolean;
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

/** A rule's triggers as one regular expression (one pass over the text instead of one per trigger), and the longest. */
const TRIGGER_RES = new WeakMap<Rule, { re: RegExp; longest: number; context: number }>();

function triggerRe(rule: Rule): { re: RegExp; longest: number; context: number } {
  let t = TRIGGER_RES.get(rule);
  if (!t) {
    const all = rule.triggers ?? [];
    const words = all.filter((w): w is string => typeof w === 'string' && w.length > 0);
    const patterns = all.filter((w): w is RegExp => w instanceof RegExp);
    const sources = [...words.map((w) => escapeRegExp(w)), ...patterns.map((p) => `(?:${p.source})`)];
    const longest = Math.max(1, ...words.map((w) => w.length), ...(patterns.length ? [TRIGGER_PATTERN_REACH] : []));
    t = { re: new RegExp(sources.join('|') || '(?!)', 'g'), longest, context: patterns.length ? TRIGGER_PATTERN_REACH : 0 };
    TRIGGER_RES.set(rule, t);
  }
  return t;
}

/** The longest text a pattern trigger may match (its quantifiers are bounded: a test holds them to it). */
export const TRIGGER_PATTERN_REACH = 96;

/** Where the first trigger of `rule` occurs in text[from, to): [offset, length], or undefined. */
function firstTrigger(rule: Rule, text: string, from = 0, to = text.length): [number, number] | undefined {
  const { re, context } = triggerRe(rule);
  if (from <= 0 && to >= text.length) {
    re.lastIndex = 0;
    const m = re.exec(text);
    return m ? [m.index, m[0].length] : undefined;
  }
  // A pattern may look at the text around its match (`\b`, lookarounds): the slice keeps
  // `context` characters on each side, and a match counts only where it starts in the window.
  const lo = Math.max(0, from - context);
  const hay = text.slice(lo, Math.min(text.length, to + context));
  re.lastIndex = Math.max(0, from) - lo;
  const m = re.exec(hay);
  return m && m.index + lo < to ? [m.index + lo, m[0].length] : undefined;
}

/**
 * Where each rule's first trigger was in the last checked text of a document ([offset,
 * length]; undefined: none). After one edit, a trigger the edit did not touch is still there
 * (moved), and a trigger that was absent can only have appeared around the edit: the text is
 * searched again only where it must be.
 */
interface TriggerHits { text: string; hits: Map<Rule, [number, number] | undefined> }

/**
 * The rules' string triggers as one automaton per rule list (one pass over a text finds them
 * all), and each rule's pattern triggers as one expression.
 */
interface TriggerIndex { needles: NeedleSets; slot: Map<Rule, number>; patterns: Map<Rule, RegExp> }
const TRIGGER_INDEXES = new WeakMap<readonly Rule[], TriggerIndex>();
/** The same by the rules' ids, for callers that pass an equal list in a new array each time (a few kept). */
const TRIGGER_INDEXES_BY_IDS = new Map<string, TriggerIndex>();

function triggerIndex(rules: readonly Rule[]): TriggerIndex {
  let index = TRIGGER_INDEXES.get(rules);
  if (index) return index;
  const ids = rules.map((r) => r.id).join('\u0000');
  index = TRIGGER_INDEXES_BY_IDS.get(ids);
  // A rule of the same id but another object (a test's own) has no slot there: it searches on its own.
  if (!index || !rules.every((r) => !r.triggers || index?.slot.has(r))) {
    const slot = new Map<Rule, number>();
    const sets: string[][] = [];
    const patterns = new Map<Rule, RegExp>();
    for (const r of rules) {
      if (!r.triggers) continue;
      slot.set(r, sets.length);
      sets.push(r.triggers.filter((w): w is string => typeof w === 'string' && w.length > 0));
      const own = r.triggers.filter((w): w is RegExp => w instanceof RegExp);
      if (own.length) patterns.set(r, new RegExp(own.map((p) => `(?:${p.source})`).join('|'), 'g'));
    }
    index = { needles: new NeedleSets(sets), slot, patterns };
    if (TRIGGER_INDEXES_BY_IDS.size >= 16) TRIGGER_INDEXES_BY_IDS.clear();
    TRIGGER_INDEXES_BY_IDS.set(ids, index);
  }
  TRIGGER_INDEXES.set(rules, index);
  return index;
}

/**
 * A trigger of each of `rules` in the whole text ([offset, length]; undefined: none): the
 * string triggers of all of them in one pass, then the pattern triggers of those still without one.
 */
function wholeTextTriggers(all: readonly Rule[], rules: readonly Rule[], text: string): Map<Rule, [number, number] | undefined> {
  const index = triggerIndex(all);
  const wanted: boolean[] = [];
  for (const r of rules) {
    const s = index.slot.get(r);
    if (s !== undefined) wanted[s] = true;
  }
  const hits = index.needles.firstHits(text, wanted);
  const out = new Map<Rule, [number, number] | undefined>();
  for (const r of rules) {
    const s = index.slot.get(r);
    if (s === undefined) continue;
    let hit: [number, number] | undefined = hits[s] ? [hits[s][0], hits[s][1]] : undefined;
    const pattern = index.patterns.get(r);
    if (!hit && pattern) {
      pattern.lastIndex = 0;
      const m = pattern.exec(text);
      if (m) hit = [m.index, m[0].length];
    }
    out.set(r, hit);
  }
  return out;
}

function triggered(rule: Rule, text: string, prev: TriggerHits | undefined, edit: OffsetEdit | undefined, next: TriggerHits, whole?: Map<Rule, [number, number] | undefined>): boolean {
  if (!rule.triggers) return true;
  let hit: [number, number] | undefined;
  if (prev && edit && prev.hits.has(rule)) {
    const before = prev.hits.get(rule);
    // A pattern's hit also depends on the text just around it: an edit that near counts as touching it.
    const { longest, context } = triggerRe(rule);
    if (before) {
      const [at, len] = before;
      if (at + len + context <= edit.start) hit = before;
      else if (at >= edit.oldEnd + context) hit = [at + edit.newEnd - edit.oldEnd, len];
      else hit = firstTrigger(rule, text);
    } else {
      const reach = longest - 1 + context;
      hit = firstTrigger(rule, text, edit.start - reach, edit.newEnd + reach);
    }
  } else hit = whole?.has(rule) ? whole.get(rule) : firstTrigger(rule, text);
  next.hits.set(rule, hit);
  return hit !== undefined;
}

/** Rules that apply to a language and may match this text (pre-filtered on their triggers). */
export function applicableRules(rules: readonly Rule[], language: LanguageId, text: string, settings: Settings, incremental?: { prev: TriggerHits | undefined; edit: OffsetEdit | undefined; next: TriggerHits }): Rule[] {
  const next = incremental?.next ?? { text, hits: new Map() };
  const candidates = rules.filter((r) => r.meta.languages.includes(language) && severityFor(r.id, settings.rules, r.meta.defaultSeverity) !== 'off');
  // Without a previous text to carry hits from, every rule searches the whole text: all at once.
  const fresh = !incremental?.prev || !incremental.edit;
  const whole = fresh ? wholeTextTriggers(rules, candidates, text) : undefined;
  return candidates.filter((r) => triggered(r, text, incremental?.prev, incremental?.edit, next, whole));
}

/** A finding as the engine keeps it: offsets, so it can move with edits. */
interface StoredEdit { start: number; end: number; newText: string }
interface StoredFix extends Omit<Fix, 'edits'> { edits: StoredEdit[] }
interface StoredFinding extends Omit<Finding, 'range' | 'fixes'> { start: number; end: number; fixes: StoredFix[] }

/**
 * What a document keeps between checks so that a keystroke re-checks only what changed:
 * the last findings of each incremental rule, with offsets. The server keeps one per open
 * document; anything it does not recognise (other settings, rules, neighbouring files)
 * makes the next check a full one.
 */
export class IncrementalState {
  settings?: Settings;
  rules?: readonly Rule[];
  projectGeneration?: number;
  readonly byRule = new Map<string, StoredFinding[]>();
  /** What each incremental rule's `facts` gave at the last check. */
  readonly facts = new Map<string, string | undefined>();
  /** Where each rule's triggers were found in the last text (kept across resets: they depend on the text alone). */
  triggers?: TriggerHits;
  reset(): void {
    this.settings = undefined;
    this.byRule.clear();
    this.facts.clear();
  }
}

/**
 * Thrown inside a rule's query when the document's time budget has run out; the rule loop
 * catches it (it never escapes `checkDocument`) and reports the file as not fully checked.
 */
class BudgetExceeded extends Error {}

/** Above this share of the file, a "partial" re-check is a full one. */
const PARTIAL_LIMIT = 0.5;

/**
 * The part of the tree to re-check: the run of top-level statements that covers the dirty
 * ranges. Never a part of one: an edit deep inside a statement may give a finding to any
 * node around it (a loop whose body gains a call, a class whose head changes), and a
 * re-check of the statements inside would not see them. A file that is one large statement
 * (a class, a wrapping function) is re-checked whole.
 */
function regionNodes(root: Node, start: number, end: number): Node[] {
  const kids: Node[] = [];
  // From the first child ending at or after `start`, by sibling: no list of every child (thousands on a wide root).
  for (let c = root.firstNamedChildForIndex(Math.max(0, start - 1)); c && c.startIndex <= end; c = c.nextNamedSibling) {
    if (c.endIndex >= start) kids.push(c);
  }
  return kids.length ? kids : [root];
}

/** Node types that hold a list of statements or members (their items are checked apart). */
const CONTAINER = /block|body|program|module|source_file|compilation_unit|declaration_list|suite|compound_statement|statement_list|^class$|^do$|^begin$|^then$|^else$/;

/** Offsets of a rule's anchors in the text. */
/** Offsets of a rule's anchors in the text (within a region when given), in order. */
function anchorOffsets(text: string, anchors: NonNullable<Rule['anchors']>, within?: { start: number; end: number }): number[] {
  let out: number[] = [];
  if (typeof anchors === 'function') out = [...anchors(text)];
  else {
    for (const a of anchors) {
      if (!a) continue;
      for (let i = text.indexOf(a); i >= 0; i = text.indexOf(a, i + a.length)) out.push(i);
    }
  }
  if (within) out = out.filter((o) => o >= within.start && o <= within.end);
  return out.sort((a, b) => a - b);
}

/** Children of a node, fetched once per node (crossing into WASM per child is what costs). */
function childrenOf(node: Node, cache: Map<number, Node[]>): Node[] {
  let kids = cache.get(node.id);
  if (!kids) {
    kids = node.namedChildren.filter((c): c is Node => !!c);
    cache.set(node.id, kids);
  }
  return kids;
}

/**
 * The subtrees worth querying for an anchored rule. Around each anchor occurrence: the
 * highest statement (a child of the root or of a block, body or member list) on the way down
 * that is at most 4 KB, so that a query runs on a few small subtrees instead of the whole file;
 * when every statement around it is larger, the lowest one. A match is rooted in a statement
 * (or is one), so it is never cut off the way a node below it would cut it.
 */
function anchorNodes(root: Node, offsets: readonly number[]): Node[] {
  const picked = new Map<string, Node>();
  const cache = new Map<number, Node[]>();
  let last: Node | undefined;
  for (const o of offsets) {
    if (last && o >= last.startIndex && o < last.endIndex) continue;
    let node = root;
    let statement: Node | undefined;
    for (let depth = 0; depth < 256; depth++) {
      const kids = childrenOf(node, cache);
      let lo = 0, hi = kids.length - 1, hit: Node | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (kids[mid].endIndex <= o) lo = mid + 1;
        else if (kids[mid].startIndex > o) hi = mid - 1;
        else { hit = kids[mid]; break; }
      }
      if (!hit) break;
      if (node === root || CONTAINER.test(node.type)) {
        statement = hit;
        if (hit.endIndex - hit.startIndex <= ANCHOR_SUBTREE) break;
      }
      node = hit;
    }
    const chosen = statement ?? root;
    last = chosen;
    picked.set(`${chosen.startIndex}:${chosen.endIndex}`, chosen);
  }
  return [...picked.values()];
}

/** Size of the statements anchored queries aim for. */
const ANCHOR_SUBTREE = 4096;

/** What a check gives `CheckContext`: the context's plain parts, and functions behind its live ones. */
interface ContextParts extends Omit<RuleContext, 'tree' | 'treeParsed' | 'region'> {
  tree(): Tree | undefined;
  treeParsed(): boolean;
  region(): { start: number; end: number } | undefined;
}

/**
 * A rule's context. A class, so that its live parts are getters on the prototype: an object
 * literal with getters gets a new accessor pair for each of them each time, and V8 puts those
 * in the old generation; dead, they still held (through the getters' closures) the text of
 * every keystroke alive through young-generation collections until the next full one (about
 * 2 MB promoted and 10 ms of pause per collection while typing in a 2,000-line file).
 */
class CheckContext implements RuleContext {
  // Assigned from the parts in the constructor. A spread (`{ ...context }`) would lose the
  // getters below, which live on the prototype.
  declare readonly path: string;
  declare readonly text: string;
  declare readonly language: LanguageId;
  declare readonly grammar: GrammarId | undefined;
  declare readonly profile: RuleContext['profile'];
  declare readonly lines: LineIndex;
  declare readonly settings: Settings;
  declare readonly project: ProjectView;
  declare readonly matches: RuleContext['matches'];
  declare readonly query: RuleContext['query'];
  declare readonly report: RuleContext['report'];
  declare readonly rangeOf: RuleContext['rangeOf'];
  declare readonly rangeAt: RuleContext['rangeAt'];
  private readonly live: Pick<ContextParts, 'tree' | 'treeParsed' | 'region'>;
  constructor({ tree, treeParsed, region, ...plain }: ContextParts) {
    Object.assign(this, plain);
    this.live = { tree, treeParsed, region };
  }
  get tree(): Tree | undefined { return this.live.tree(); }
  get treeParsed(): boolean { return this.live.treeParsed(); }
  get region(): { start: number; end: number } | undefined { return this.live.region(); }
}

/** Checks one document synchronously. The grammar must have been loaded (`prepare`). */
export function checkDocument(req: CheckRequest): CheckResult {
  const { settings, language } = req;
  // The budget covers the parse and the rules: past it, the file is reported as not fully checked.
  const started = Date.now();
  const rel = (req.relativePath ?? req.path).replace(/\\/g, '/');
  const result: CheckResult = { findings: [], ruleErrors: [] };
  if (!settings.enable) return { ...result, skipped: 'disabled' };
  if (isIgnored(rel, settings.ignore)) return { ...result, skipped: 'ignored' };
  if (!settings.includeTests && isTestPath(rel)) return { ...result, skipped: 'test' };
  if (settings.maxFileSize > 0 && req.text.length > settings.maxFileSize) return { ...result, skipped: 'too-large' };

  const state = req.incremental;
  // The document's edits since its last check (looked at, not taken: the tree may not be needed).
  const docChanges = req.document && req.document.text === req.text ? req.document.pendingChanges : undefined;
  const oneEdit = docChanges && !docChanges.full && docChanges.edits.length === 1 ? docChanges.edits[0] : undefined;
  const prevTriggers = state?.triggers;
  const knownText = prevTriggers && oneEdit && prevTriggers.text.length + (oneEdit.newEnd - oneEdit.oldEnd) === req.text.length ? prevTriggers : undefined;
  const nextTriggers: TriggerHits = { text: req.text, hits: new Map() };
  const rules = applicableRules(req.rules, language, req.text, settings, { prev: knownText, edit: knownText ? oneEdit : undefined, next: nextTriggers });
  if (state) state.triggers = nextTriggers;
  if (rules.length === 0) {
    state?.reset();
    return result;
  }
  const profile = LANGUAGES[language];
  if (profile.grammarFor) {
    const generated = isGeneratedOrMinified(req.text);
    if (generated) {
      state?.reset();
      return { ...result, skipped: generated as SkipReason };
    }
  }

  const grammar = req.grammar;
  // Nesting a grammar's scanner cannot take safely (it would corrupt the shared WASM heap).
  if (grammar && beyondGrammarLimits(grammar, req.text)) {
    state?.reset();
    return { ...result, skipped: 'too-deep' };
  }
  let doc = req.document;
  let ownDoc = false;
  if (grammar && (!doc || doc.text !== req.text || doc.grammar !== grammar)) {
    if (!loadedGrammar(grammar)) throw new Error(`grammar ${grammar} is not loaded; call prepare() first`);
    doc = new SyntaxDocument(grammar, req.text, settings.timeBudgetMs);
    ownDoc = true;
  }
  // The caller's document parses within the budget too (a parse that runs out gives no tree).
  if (doc && !ownDoc) doc.budgetMs = settings.timeBudgetMs;
  try {
    // A document the caller keeps (the server's open files) is parsed now: its tree follows
    // the edits and tells what changed. A file checked once (the CLI, the workspace scan) is
    // parsed only when a rule asks for its tree: most files are decided from their text.
    const lazy = ownDoc && !state;
    let parsed: Tree | undefined | null = lazy ? null : grammar ? doc?.tree : undefined;
    if (grammar && parsed === undefined) {
      state?.reset();
      return { ...result, skipped: 'timeout' };
    }
    const lines = doc?.lines ?? new LineIndex(req.text);
    const rangeAt = (start: number, end: number): Range => ({ start: lines.positionAt(start), end: lines.positionAt(end) });
    // From offsets, not tree-sitter points: tree-sitter splits rows at `\n` only, LSP also at a lone `\r`.
    const rangeOf = (node: Node): Range => rangeAt(node.startIndex, node.endIndex);

    // What can be carried over from the last check of this document.
    const tree = parsed ?? undefined;
    const changes = !ownDoc && doc ? doc.takeChanges() : undefined;
    const sameSetup = !!state && state.settings === settings && state.rules === req.rules && state.projectGeneration === req.projectGeneration;
    let region: { start: number; end: number; nodes: Node[] } | undefined;
    // Only incremental rules re-check a region: without one, finding it is wasted work.
    if (state) {
      // A rule that did not run last time has nothing to carry over (what it kept is older than the last edit).
      const running = new Set(rules.map((r) => r.id));
      for (const id of state.byRule.keys()) if (!running.has(id)) { state.byRule.delete(id); state.facts.delete(id); }
    }
    if (state && sameSetup && changes && !changes.full && tree && rules.some((r) => r.meta.incremental)) {
      if (changes.dirty.length === 0) region = { start: 0, end: 0, nodes: [] };
      else {
        const lo = Math.min(...changes.dirty.map((d) => d.start));
        const hi = Math.max(...changes.dirty.map((d) => d.end));
        const nodes = regionNodes(tree.rootNode, lo, hi);
        const start = Math.min(lo, ...nodes.map((n) => n.startIndex));
        const end = Math.max(hi, ...nodes.map((n) => n.endIndex));
        if (end - start <= req.text.length * PARTIAL_LIMIT) region = { start, end, nodes };
      }
    }
    if (state && !region) {
      state.byRule.clear();
      state.facts.clear();
      state.settings = settings;
      state.rules = req.rules;
      state.projectGeneration = req.projectGeneration;
    }
    const carried = (ruleId: string): StoredFinding[] | undefined => {
      if (!region || !changes) return undefined;
      const before = state?.byRule.get(ruleId);
      if (!before) return undefined;
      const kept: StoredFinding[] = [];
      for (const f of before) {
        let { start, end } = f;
        let touched = false;
        const fixes = f.fixes.map((fx) => ({ ...fx, edits: fx.edits.map((e) => ({ ...e })) }));
        for (const e of changes.edits) {
          const m = mapRange(start, end, e);
          if (m) ({ start, end } = m);
          else {
            // The edit fell inside the finding: where it is now, loosely.
            touched = true;
            start = mapLoose(start, e, 'start');
            end = mapLoose(end, e, 'end');
          }
          for (const fx of fixes) {
            fx.edits = fx.edits.map((x) => { const m = mapRange(x.start, x.end, e); return m ? { ...x, ...m } : { ...x, start: -1, end: -1 }; });
          }
        }
        const span = { start, end };
        if (touched || (end >= region.start && start <= region.end)) {
          // Inside the region, the partial run finds it again (or not); reaching out of it, only a full check can tell.
          if (start < region.start || end > region.end) return undefined;
          continue;
        }
        // A fix of a finding outside the region that edits inside it (or that an edit fell in) was made from text that changed.
        if (fixes.some((fx) => fx.edits.some((x) => x.start < 0 || (x.end >= region.start && x.start <= region.end)))) return undefined;
        kept.push({ ...f, ...span, fixes });
      }
      return kept;
    };

    // A single query can run away on pathological trees (20,000-deep nesting): each runs with
    // tree-sitter's own timeout, set to what is left of the budget. Compiling a query (once per
    // process) is set-up, not checking: its time extends the deadline.
    let deadline = settings.timeBudgetMs > 0 ? started + settings.timeBudgetMs : Infinity;
    let outOfTime = false;
    const compile = (source: string): Query => {
      const t = Date.now();
      const q = compileQuery(grammar as GrammarId, source);
      deadline += Date.now() - t;
      return q;
    };
    const run = (q: Query, n: Node): QueryMatch[] => {
      if (deadline === Infinity) return q.matches(n);
      const left = deadline - Date.now();
      if (left <= 0) { outOfTime = true; throw new BudgetExceeded('time budget exceeded'); }
      const found = q.matches(n, { timeoutMicros: left * 1000 });
      // A query that timed out returns what it had (nothing): never report from it.
      if (Date.now() >= deadline) { outOfTime = true; throw new BudgetExceeded('time budget exceeded'); }
      return found;
    };
    /** The tree, parsed on first use; a parse that runs out of the budget ends the check. */
    const treeNow = (): Tree | undefined => {
      if (parsed === null) {
        parsed = grammar ? doc?.tree : undefined;
        if (grammar && !parsed) { outOfTime = true; throw new BudgetExceeded('time budget exceeded'); }
      }
      return parsed;
    };
    const stored: StoredFinding[] = [];
    for (const rule of rules) {
      if (settings.timeBudgetMs > 0 && Date.now() > deadline) {
        result.skipped = 'timeout';
        state?.reset();
        break;
      }
      const severity = severityFor(rule.id, settings.rules, rule.meta.defaultSeverity);
      if (severity === 'off') continue;
      let previous = rule.meta.incremental ? carried(rule.id) : undefined;
      let partial = previous !== undefined && region !== undefined;
      const found: StoredFinding[] = [];
      const f = factor(rule.factor);
      let scoped: Node[] | undefined;
      const roots = (node?: Node): Node[] => {
        if (node) return [node];
        if (scoped) return scoped;
        if (rule.anchors) {
          const offsets = anchorOffsets(req.text, rule.anchors, partial ? region : undefined);
          const t = offsets.length > 0 ? treeNow() : undefined;
          scoped = t ? anchorNodes(t.rootNode, offsets) : [];
        } else {
          const t = treeNow();
          scoped = !t ? [] : partial && region ? region.nodes : [t.rootNode];
        }
        return scoped;
      };
      const context = new CheckContext({
        path: req.path, text: req.text, language, grammar, profile, lines, settings, checkedOnce: lazy,
        project: req.project ?? EMPTY_PROJECT,
        tree: treeNow,
        treeParsed: () => parsed !== null,
        region: () => (partial && region ? { start: region.start, end: region.end } : undefined),
        matches(): QueryMatch[] {
          const source = rule.queries?.[language] ?? (language === 'typescript' ? rule.queries?.javascript : undefined);
          if (!source || !grammar) return [];
          // Nothing to look at (no anchor in the file): no need to compile the query either.
          const at = roots();
          if (at.length === 0) return [];
          const q = compile(source);
          return at.flatMap((n) => run(q, n));
        },
        query(source: string, node?: Node): QueryMatch[] {
          if (!grammar) return [];
          const at = roots(node);
          if (at.length === 0) return [];
          const q = compile(source);
          return at.flatMap((n) => run(q, n));
        },
        report(r: Report): void {
          let start: number, end: number;
          if (r.node) { start = r.node.startIndex; end = r.node.endIndex; }
          else if (r.range) { start = lines.offsetAt(r.range.start); end = lines.offsetAt(r.range.end); }
          else throw new Error(`${rule.id}: report needs a node or a range`);
          const template = rule.meta.messages[r.messageId];
          if (template === undefined) throw new Error(`${rule.id}: unknown messageId ${r.messageId}`);
          found.push({
            ruleId: rule.id, factor: rule.factor, messageId: r.messageId,
            message: `${formatMessage(template, r.data)} (Factor ${f.numeral}: ${f.title})`,
            severity, start, end, docsUrl: rule.docsUrl,
            fixes: (r.fixes ?? []).map((fx) => ({ ...fx, edits: fx.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })) })),
          });
        },
        rangeOf,
        rangeAt,
      });
      try {
        if (state && rule.meta.incremental) {
          // File-wide facts the rule's findings depend on: changed, the whole file is re-checked.
          const facts = rule.facts ? rule.facts(context) : '';
          if (partial && (facts === undefined || state.facts.get(rule.id) !== facts)) {
            partial = false;
            previous = undefined;
          }
          state.facts.set(rule.id, facts);
          // Subtrees a query in `facts` picked for the region are not the ones a full check looks at.
          scoped = undefined;
        }
        if (partial) result.partial = true;
        rule.check(context);
        // A rule that caught the budget's exception itself still ran out of time: drop what it found.
        if (outOfTime) throw new BudgetExceeded('time budget exceeded');
        // A partial run keeps what it found inside the region; the rest is carried over.
        const fresh = partial && region ? found.filter((x) => x.end >= region.start && x.start <= region.end) : found;
        const all = partial && previous ? [...previous, ...fresh] : fresh;
        if (state && rule.meta.incremental) state.byRule.set(rule.id, all);
        stored.push(...all);
      } catch (e) {
        state?.byRule.delete(rule.id);
        state?.facts.delete(rule.id);
        if (outOfTime) {
          result.skipped = 'timeout';
          state?.reset();
          break;
        }
        result.ruleErrors.push({ ruleId: rule.id, error: e instanceof Error ? e.message : String(e) });
      }
    }

    // A file whose rules decided from its text alone still needs its tree when something was
    // found: suppression comments are told from code by it, and fixes are checked against it.
    if (parsed === null && stored.length > 0 && grammar) parsed = doc?.tree;
    const finalTree = parsed ?? undefined;
    // Suppressions apply last, to carried-over findings too (a new comment can silence an old finding).
    let suppressions: ReturnType<typeof parseSuppressions> | undefined;
    const isComment = (offset: number): boolean => {
      if (finalTree) {
        let n: Node | null = finalTree.rootNode.descendantForIndex(offset, offset + 1);
        for (; n; n = n.parent) if (n.type.includes('comment')) return true;
        return false;
      }
      return /^\s*#/.test(lines.lineText(lines.positionAt(offset).line));
    };
    const secretRules = new Set(rules.filter((r) => r.meta.secret).map((r) => r.id));
    for (const x of stored) {
      const line = lines.positionAt(x.start).line;
      suppressions ??= parseSuppressions(req.text, isComment, (o) => lines.positionAt(o).line);
      if (isSuppressed(suppressions, x.ruleId, line)) continue;
      if (secretRules.has(x.ruleId) && SECRET_PRAGMA.test(lines.lineText(line))) continue;
      result.findings.push({
        ruleId: x.ruleId, factor: x.factor, messageId: x.messageId, message: x.message, severity: x.severity, docsUrl: x.docsUrl,
        range: rangeAt(x.start, x.end),
        fixes: x.fixes.map((fx) => ({ ...fx, edits: fx.edits.map((e) => ({ range: rangeAt(e.start, e.end), newText: e.newText })) })),
      });
    }
    // A fix never writes outside the project; on a file with syntax errors, one is offered only if it leaves the file parsing no worse.
    if (req.project) withholdFixesOutside(result.findings, req.project.root);
    if (grammar && !finalTree) {
      // Out of time before the tree: no fix can be checked, so none is offered.
      for (const f of result.findings) f.fixes = [];
    } else if (finalTree && grammar && req.deferFixChecks) {
      if (finalTree.rootNode.hasError && result.findings.some((f) => f.fixes.some((fx) => fx.edits.length > 0))) result.fixesUnchecked = true;
    } else if (finalTree && grammar) {
      const verifyBy = settings.timeBudgetMs > 0 ? Math.min(deadline, Date.now() + Math.max(50, settings.timeBudgetMs * VERIFY_SHARE)) : Infinity;
      withholdWorseningFixes(result.findings, req.text, grammar, finalTree, verifyBy, ownDoc);
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
