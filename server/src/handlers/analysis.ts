/**
 * Runs the engine for an open document with its settings, project view and incremental
 * tree. The single place where the server calls the engine.
 */
import * as path from 'path';
import { check, checkDocument, type CheckResult } from '../engine/run';
import { LANGUAGES, type LanguageId } from '../parsing/languages';
import type { Rule } from '../engine/rule';
import type { Settings } from '../engine/settings';
import type { ProjectView } from '../engine/project';
import { FsProject } from '../scan/fs-project';
import type { DocumentStore, OpenDocument } from './documents';
import type { SettingsStore } from './settings';
import type { Logger } from './logger';
import { URI } from 'vscode-uri';

export interface Analysis { result: CheckResult; version: number; settings: Settings }

export class Analyzer {
  private readonly projects = new Map<string, FsProject>();
  private readonly loggedErrors = new Set<string>();
  /** Bumped when neighbouring files change: the next check of each document is a full one. */
  private generation = 0;
  /** Languages whose rules' queries have been (or are being) compiled ahead of need. */
  private readonly warmed = new Set<LanguageId>();
  /** When a document's check last started (Date.now()): the warm-up's priming waits for a quiet moment. */
  private lastCheck = 0;

  constructor(
    private readonly documents: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly rules: readonly Rule[],
    private readonly log: Logger,
  ) {}

  /** A project view that sees open documents first, then the disk (cached). */
  projectFor(folder: string): ProjectView {
    let fsProject = this.projects.get(folder);
    if (!fsProject) {
      fsProject = new FsProject(folder);
      this.projects.set(folder, fsProject);
    }
    const disk = fsProject;
    const documents = this.documents;
    return {
      root: folder,
      readText(p: string): string | undefined {
        const open = documents.byPath(p);
        return open ? open.text : disk.readText(p);
      },
      exists(p: string): boolean {
        return !!documents.byPath(p) || disk.exists(p);
      },
    };
  }

  /** Forget cached neighbour files (called on file-system events). */
  invalidateFiles(paths?: string[]): void {
    this.generation++;
    for (const p of this.projects.values()) {
      if (!paths) p.invalidate();
      else paths.forEach((x) => p.invalidate(x));
    }
  }

  settingsFor(uri: string): Promise<Settings> {
    return this.settings.get(uri);
  }

  async analyze(doc: OpenDocument): Promise<Analysis | undefined> {
    if (!doc.detected) return undefined;
    this.lastCheck = Date.now();
    const settings = await this.settings.get(doc.uri);
    const version = doc.version;
    const fsPath = doc.fsPath;
    const folder = this.settings.folderOf(fsPath);
    const relativePath = path.relative(folder, fsPath).split(path.sep).join('/');
    const isFile = (() => { try { return URI.parse(doc.uri).scheme === 'file'; } catch { return false; } })();
    const result = await check({
      path: fsPath,
      relativePath: isFile ? relativePath : path.basename(fsPath),
      text: doc.text,
      language: doc.detected.language,
      grammar: doc.detected.grammar,
      settings,
      project: this.projectFor(folder),
      document: doc.syntaxDocument,
      rules: this.rules,
      incremental: doc.incremental,
      projectGeneration: this.generation,
      // Fixes of a file being typed (with syntax errors) are checked when offered (code actions), not per keystroke.
      deferFixChecks: true,
    });
    this.warmUp(doc.detected.language, doc.detected.grammar, settings);
    for (const e of result.ruleErrors) {
      const key = `${e.ruleId}\u0000${doc.uri}`;
      if (this.loggedErrors.has(key)) continue;
      this.loggedErrors.add(key);
      this.log.error(`rule ${e.ruleId} failed on ${path.basename(fsPath)} and was skipped there: ${e.error}`);
    }
    return { result, version, settings };
  }

  /**
   * After the first check of a language (its grammar is loaded by then), checks each of its
   * rules' documented bad example, one rule per turn of the event loop, so that the queries
   * rules compile on first use are ready before the next file of that language opens. Last,
   * once no document has been checked for `PRIMING_IDLE_MS`, all the language's rules check
   * a document made of their examples (`primingDocument`), `PRIMING_ROUNDS` times, a round
   * per turn of the event loop and each only after such a quiet moment (a round takes 15 to
   * 70 ms of this thread, which a keystroke would wait for): V8 then has compiled the rules'
   * paths through a whole file, and its optimizing compiler (on another thread) the parser's
   * hot WebAssembly functions and the scans' loops, before a user's large file needs them.
   * Requests and edits come between the steps; a failure only means that work happens later.
   */
  private warmUp(language: LanguageId, grammar: Parameters<typeof checkDocument>[0]['grammar'], settings: Settings): void {
    if (!grammar || this.warmed.has(language)) return;
    this.warmed.add(language);
    const ofLanguage = this.rules.filter((r) => r.meta.languages.includes(language));
    const pending: { rules: Rule[]; text: string; whenIdle?: boolean }[] = [];
    for (const r of ofLanguage) {
      const bad = exampleOf(r, 'bad', language);
      if (bad) pending.push({ rules: [r], text: asSourceFile(bad, language) });
    }
    const priming = primingDocument(ofLanguage, language);
    for (let k = 0; priming && k < PRIMING_ROUNDS; k++) pending.push({ rules: ofLanguage, text: priming, whenIdle: true });
    const name = `example${LANGUAGES[language].extensions[0] ?? ''}`;
    const step = () => {
      const next = pending[0];
      if (!next) return;
      const busy = next.whenIdle ? PRIMING_IDLE_MS - (Date.now() - this.lastCheck) : 0;
      if (busy > 0) {
        setTimeout(step, busy).unref();
        return;
      }
      pending.shift();
      try {
        checkDocument({
          path: path.join(path.sep, 'twelve-factor-warm-up', name), relativePath: name, text: next.text,
          language, grammar, settings: { ...settings, includeTests: true, ignore: [] }, rules: next.rules,
          // Offered fixes are not re-checked here (each would parse the document again).
          deferFixChecks: next.whenIdle,
        });
      } catch {
        // What was not compiled now compiles when a document needs it.
      }
      setImmediate(step);
    };
    setImmediate(step);
  }
}

/** A rule's documented example of a language (TypeScript falls back to JavaScript's). */
export function exampleOf(rule: Rule, kind: 'bad' | 'good', language: LanguageId): string | undefined {
  const docs = rule.meta.docs[kind];
  return docs?.[language] ?? (language === 'typescript' ? docs?.javascript : undefined);
}

/**
 * How long no document must have been checked before the warm-up's priming runs (someone
 * typing is checked at least this often).
 */
const PRIMING_IDLE_MS = 500;

/**
 * How many lines the warm-up's priming document has at least, and how many times it is
 * checked: V8 optimizes a loop once it has run long enough, and the examples alone (about
 * 120 lines) are too short for the literal scans and the parser's hot paths. Measured on
 * 2 cores, over the LSP transport, a 2,000-line TypeScript file opened 2 s after the first
 * file of its language: diagnostics after 63 ms with the examples checked once, 42 ms with
 * 500 lines checked twice (medians of five fresh servers each, alternating); the two rounds
 * take about 65 ms (TypeScript) and 80 ms (Python) of idle time, once per language.
 */
const PRIMING_LINES = 500;
const PRIMING_ROUNDS = 2;

/** The priming document: the rules' examples (as `primingText` has them) repeated to at least `PRIMING_LINES` lines, as one file ('' when the rules have none). */
export function primingDocument(rules: readonly Rule[], language: LanguageId): string {
  const examples = examplesOf(rules, language);
  if (!examples) return '';
  const copies = Math.ceil(PRIMING_LINES / Math.max(1, examples.split('\n').length - 1));
  return asSourceFile(examples.repeat(copies), language);
}

/**
 * The rules' bad and good examples of the language, one after the other (109 to 132 lines
 * for each language today; PHP's after `<?php`), the text `primingDocument` repeats; '' when
 * the rules have none.
 */
export function primingText(rules: readonly Rule[], language: LanguageId): string {
  const examples = examplesOf(rules, language);
  return examples && asSourceFile(examples, language);
}

/** The rules' examples of the language joined as code (PHP's without `<?php`), or ''. */
function examplesOf(rules: readonly Rule[], language: LanguageId): string {
  const examples = rules.flatMap((r) => [exampleOf(r, 'bad', language), exampleOf(r, 'good', language)]).filter((e): e is string => !!e);
  return examples.length ? `${examples.join('\n\n')}\n` : '';
}

/** An example as a file holds it: PHP's examples are code without the `<?php` that opens a file's code. */
export function asSourceFile(example: string, language: LanguageId): string {
  return language === 'php' && !example.startsWith('<?') ? `<?php\n${example}` : example;
}
