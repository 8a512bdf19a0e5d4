/**
 * A document edited as in the editor, checked after every edit both incrementally (its kept
 * tree and `IncrementalState`) and in full (every rule over the whole tree): the differential
 * tests of incremental rules.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import './engine';
import { checkDocument, prepare, IncrementalState, type CheckResult } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/engine/settings';
import { SyntaxDocument, LineIndex } from '../../server/src/parsing/document';
import { detectLanguage, type GrammarId, type LanguageId } from '../../server/src/parsing/languages';
import type { Rule } from '../../server/src/engine/rule';
import type { ProjectView } from '../../server/src/engine/project';
import type { Finding } from '../../server/src/engine/types';

/** A finding as compared: rule, range, message and the fixes' edits. */
export function show(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message} ${JSON.stringify(f.fixes.map((x) => x.edits))}`);
}

export interface SessionOptions {
  /** File name: its extension gives the language. */
  name: string;
  text: string;
  rules: readonly Rule[];
  project?: ProjectView;
  /** Compare fixes as the rules made them, without the check against the parse. */
  deferFixChecks?: boolean;
}

/** A random edit: where (any number, taken modulo the text's length), how much to delete, what to insert. */
export interface RandomEdit { at: number; del: number; text: string }

export class EditSession {
  /** What the checks did: incremental re-checks that ran partially, and full checks with findings. */
  static partialRuns = 0;
  static fullWithFindings = 0;

  text: string;
  private readonly doc: SyntaxDocument;
  private readonly state = new IncrementalState();
  /** One object for every check: the engine carries findings over only for the same settings. */
  private readonly settings: Settings = { ...DEFAULT_SETTINGS, includeTests: true, timeBudgetMs: 0 };
  private readonly language: LanguageId;
  private readonly grammar: GrammarId;

  /** Opens the document and checks it once; its grammar must be loaded (`EditSession.prepare`). */
  constructor(private readonly o: SessionOptions) {
    const det = detectLanguage(o.name);
    assert.ok(det?.grammar, `${o.name} has a grammar`);
    this.language = det.language;
    this.grammar = det.grammar;
    this.text = o.text;
    this.doc = new SyntaxDocument(det.grammar, o.text);
    this.check(this.doc, this.state);
  }

  /** Loads the grammar of a file name. */
  static async prepare(name: string): Promise<void> {
    const det = detectLanguage(name);
    assert.ok(det?.grammar, `${name} has a grammar`);
    await prepare(det.grammar, det.language);
  }

  /** A full check of the text (no document, no state), as the CLI makes it. */
  fullCheck(): CheckResult {
    return this.check(undefined);
  }

  private check(doc: SyntaxDocument | undefined, state?: IncrementalState): CheckResult {
    return checkDocument({
      path: `/p/${this.o.name}`, relativePath: this.o.name, text: this.text, language: this.language, grammar: this.grammar,
      settings: this.settings, project: this.o.project, rules: this.o.rules, document: doc, incremental: state,
      deferFixChecks: this.o.deferFixChecks,
    });
  }

  /** Replaces [start, end) with `insert` (never inside a `\r\n`), then asserts the incremental check equals a full one. */
  edit(start: number, end: number, insert: string, context = ''): CheckResult {
    return this.edits([{ start, end, insert }], context);
  }

  /**
   * Several changes in one notification, in turn (each in the text the previous one left, as
   * LSP sends them when typing outpaces the checks), then one check of each kind, compared.
   */
  edits(changes: { start: number; end: number; insert: string }[], context = ''): CheckResult {
    for (const c of changes) {
      let { start, end } = c;
      const insert = c.insert;
      const inCrlf = (o: number) => o > 0 && this.text[o - 1] === '\r' && this.text[o] === '\n';
      if (inCrlf(start)) start--;
      if (inCrlf(end)) end++;
      const idx = new LineIndex(this.text);
      this.doc.update([{ range: { start: idx.positionAt(start), end: idx.positionAt(end) }, text: insert }]);
      this.text = this.text.slice(0, start) + insert + this.text.slice(end);
    }
    const incremental = this.check(this.doc, this.state);
    // All rules over the whole of the same tree. (Not a fresh parse: on broken code tree-sitter's
    // incremental re-parse may recover otherwise than a parse from scratch, which is not what
    // carrying findings over is to answer for.)
    const full = this.check(this.doc);
    if (incremental.partial) EditSession.partialRuns++;
    if (full.findings.length) EditSession.fullWithFindings++;
    assert.deepEqual(show(incremental.findings), show(full.findings), `${this.o.name} ${context}`);
    return incremental;
  }

  /** A random edit: at `at` modulo the text's length, deleting up to `del` characters. */
  randomEdit(e: RandomEdit, context = ''): CheckResult {
    const start = e.at % (this.text.length + 1);
    return this.edit(start, Math.min(this.text.length, start + e.del), e.text, context);
  }

  dispose(): void {
    this.doc.dispose();
  }
}

export interface EditedText { name: string; text: string; pieces: string[] }

/**
 * For each text: random runs of edits (typing, deleting, inserting its `pieces`), each text
 * re-checked incrementally after every edit and compared with a full check. Returns how many
 * findings the unedited texts have, for the caller to assert that the texts test something.
 */
export async function editsMatchFullChecks(texts: readonly EditedText[], o: {
  rules: readonly Rule[]; project?: ProjectView; seed: number; numRuns: number; maxEdits?: number;
  /** Typed besides each text's pieces. */
  typed?: string[];
  /** Half the edits at the very start of the file (imports, build tags). */
  atStart?: boolean;
}): Promise<number> {
  let findings = 0;
  for (const c of texts) {
    await EditSession.prepare(c.name);
    const open = new EditSession({ name: c.name, text: c.text, rules: o.rules, project: o.project });
    findings += open.fullCheck().findings.length;
    open.dispose();
    const at = o.atStart ? fc.oneof(fc.constant(0), fc.nat()) : fc.nat();
    const edit = fc.record({ at, del: fc.oneof(fc.constant(0), fc.nat({ max: 8 }), fc.nat({ max: 120 })), text: fc.constantFrom(...(o.typed ?? ['', 'x']), ...c.pieces) });
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: o.maxEdits ?? 8 }), (edits) => {
      const session = new EditSession({ name: c.name, text: c.text, rules: o.rules, project: o.project });
      for (const e of edits) session.randomEdit(e, `after ${JSON.stringify(edits)}`);
      session.dispose();
    }), { seed: o.seed, numRuns: o.numRuns });
  }
  return findings;
}

/** `make(0) + make(1) + ... + make(n - 1)`: filler statements between the ones a test moves. */
export function repeated(n: number, make: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => make(i)).join('');
}
