/**
 * The robustness properties, as plain functions that throw `PropertyFailure` (fast-check
 * and the deep-nesting runs call them alike):
 *
 * - engine: `check()` with all RULES returns (never throws, never hangs), reports ranges
 *   inside the text, and its fixes' edits lie inside the text too;
 * - fixes: every fix of every finding applies (`applyEdits` never throws), writes only
 *   under the project root, edits no missing file it may not create, leaves the file
 *   parsing no worse (tree-sitter ERROR/MISSING nodes; invalid `.env` / malformed Procfile
 *   lines), and cannot be applied twice: after it, the finding it was offered for is gone
 *   from that place, or the fix offered there again changes nothing;
 * - parsers: `parseDotenv` / `parseProcfile` (and the Procfile's shell model) never throw
 *   and give spans inside the text that match it.
 */
import * as path from 'path';
import { check, type CheckResult } from '../../../server/src/engine/run';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/engine/settings';
import { memoryProject } from '../../../server/src/engine/project';
import { applyEdits } from '../../../server/src/engine/edits';
import { syntaxErrorCount } from '../../../server/src/engine/fix-check';
import { LineIndex } from '../../../server/src/parsing/document';
import { loadGrammar, parse } from '../../../server/src/parsing/tree-sitter';
import { parseDotenv } from '../../../server/src/parsing/dotenv';
import { parseProcfile } from '../../../server/src/parsing/procfile';
import { shellCommand } from '../../../server/src/parsing/procfile-command';
import type { Fix, Range, TextEdit } from '../../../server/src/engine/types';
import { RULES } from '../../../server/src/rules/index';
import { ROOT, targetOf, type Detected } from './seeds';

export class PropertyFailure extends Error {}

/** A generous hang detector, not a speed target: any single engine call must return within this. */
export const CALL_LIMIT_MS = 20_000;

export interface Stats {
  cases: number;
  calls: number;
  findings: number;
  fixesApplied: number;
  /** Findings whose fix was offered again at the same place after applying it (and changed nothing). */
  idempotentAgain: number;
  skipped: Record<string, number>;
  /** Rule errors the engine contained (the rule's findings dropped for that file): `rule: message`. */
  ruleErrors: Record<string, number>;
  slowestCallMs: number;
}

export function newStats(): Stats {
  return { cases: 0, calls: 0, findings: 0, fixesApplied: 0, idempotentAgain: 0, skipped: {}, ruleErrors: {}, slowestCallMs: 0 };
}

export interface CaseInput {
  /** Path relative to ROOT. */
  name: string;
  text: string;
  /** Neighbouring files, absolute paths under ROOT. */
  files: Record<string, string>;
  settings?: Partial<Settings>;
}

export interface CaseOptions {
  stats: Stats;
  /** Called before every engine call (the watchdog's heartbeat). */
  beat(label: string): void;
  /** Check the fixes of the findings too (each costs a re-check). */
  fixes: boolean;
  /** At most this many findings' fixes per input, spread over the file (default 40). */
  maxFixedFindings?: number;
}

function fail(message: string): never {
  throw new PropertyFailure(message);
}

function inc(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

// ---------------------------------------------------------------------------------------
// Ranges

function checkRange(lines: LineIndex, r: Range, what: string): void {
  const ok = (p: { line: number; character: number }) => Number.isInteger(p.line) && Number.isInteger(p.character) &&
    p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineText(p.line).length;
  if (!ok(r.start) || !ok(r.end)) fail(`${what}: range ${JSON.stringify(r)} is outside the text (${lines.lineCount} lines)`);
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) fail(`${what}: range ${JSON.stringify(r)} ends before it starts`);
}

// ---------------------------------------------------------------------------------------
// How well a text parses


export interface Health { hasError: boolean; errors: number }

/** How a text parses: tree-sitter errors for code, invalid lines for `.env`, malformed lines for Procfiles. */
export async function health(detected: Detected, text: string): Promise<Health> {
  if (detected.grammar) {
    await loadGrammar(detected.grammar);
    const tree = parse(detected.grammar, text);
    if (!tree) fail('tree-sitter gave no tree without a time budget');
    try {
      return { hasError: tree.rootNode.hasError, errors: syntaxErrorCount(tree) };
    } finally {
      tree.delete();
    }
  }
  const errors = detected.language === 'dotenv'
    ? parseDotenv(text).lines.filter((l) => l.kind === 'invalid').length
    : detected.language === 'procfile' ? parseProcfile(text).lines.filter((l) => l.kind === 'malformed').length : 0;
  return { hasError: errors > 0, errors };
}

// ---------------------------------------------------------------------------------------
// The engine

function settingsOf(input: CaseInput): Settings {
  return { ...DEFAULT_SETTINGS, includeTests: true, ...input.settings };
}

async function runCheck(input: CaseInput, text: string, files: Record<string, string>, o: CaseOptions, label: string): Promise<CheckResult> {
  const t = targetOf(input.name);
  if (!t) fail(`no language for ${input.name}`);
  const file = path.posix.join(ROOT, input.name);
  o.beat(label);
  o.stats.calls++;
  const started = Date.now();
  let result: CheckResult;
  try {
    result = await check({
      path: file, relativePath: input.name, text, language: t.detected.language, grammar: t.detected.grammar,
      settings: settingsOf(input), project: memoryProject(ROOT, { ...files, [file]: text }), rules: RULES,
    });
  } catch (e) {
    fail(`check() threw (${label}): ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
  const ms = Date.now() - started;
  o.stats.slowestCallMs = Math.max(o.stats.slowestCallMs, ms);
  if (ms > CALL_LIMIT_MS) fail(`check() took ${ms} ms (${label}); the hang guard allows ${CALL_LIMIT_MS} ms`);
  if (result.skipped) inc(o.stats.skipped, result.skipped);
  for (const e of result.ruleErrors) inc(o.stats.ruleErrors, `${e.ruleId}: ${e.error.slice(0, 120)}`);
  return result;
}

function spansOf(text: string, edits: readonly TextEdit[]): { start: number; end: number; text: string }[] {
  const idx = new LineIndex(text);
  return edits.map((e) => ({ start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), text: e.newText })).sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Where an offset of the text before the edits lands after them (inside a replaced span: its start). */
function mapOffset(offset: number, spans: readonly { start: number; end: number; text: string }[]): number {
  let delta = 0;
  for (const s of spans) {
    if (s.end <= offset) { delta += s.text.length - (s.end - s.start); continue; }
    if (s.start <= offset) return s.start + delta;
    break;
  }
  return offset + delta;
}

function insideRoot(p: string): boolean {
  const rel = path.posix.relative(ROOT, path.posix.resolve(p));
  return rel !== '' && !rel.startsWith('..') && !path.posix.isAbsolute(rel);
}

/** Applies a fix to the text and the neighbouring files; fails on anything a fix must never do. */
function applyFix(text: string, files: Record<string, string>, fix: Fix, where: string): { text: string; files: Record<string, string> } {
  let out: string;
  try {
    out = applyEdits(text, fix.edits);
  } catch (e) {
    fail(`${where}: applying its edits threw ${String(e)}`);
  }
  const next = { ...files };
  for (const ch of fix.files ?? []) {
    if (!path.posix.isAbsolute(ch.path) || !insideRoot(ch.path)) fail(`${where}: writes ${ch.path}, outside the project root ${ROOT}`);
    const current = next[ch.path];
    if (current === undefined && !ch.create) fail(`${where}: edits ${ch.path}, which does not exist, without leave to create it`);
    try {
      // An existing file is edited, never replaced, even when the fix would have created it.
      next[ch.path] = applyEdits(current ?? '', ch.edits);
    } catch (e) {
      fail(`${where}: applying its edits to ${ch.path} threw ${String(e)}`);
    }
  }
  return { text: out, files: next };
}

/** Ranges inside the text; other files written only under the project root, and only created when missing. */
function checkResult(text: string, files: Record<string, string>, r: CheckResult, label: string): void {
  const lines = new LineIndex(text);
  for (const f of r.findings) {
    checkRange(lines, f.range, `${label} ${f.ruleId}`);
    for (const fx of f.fixes) {
      const where = `${label} ${f.ruleId} fix "${fx.title}"`;
      for (const e of fx.edits) checkRange(lines, e.range, where);
      for (const ch of fx.files ?? []) {
        if (!path.posix.isAbsolute(ch.path) || !insideRoot(ch.path)) fail(`${where}: writes ${ch.path}, outside the project root ${ROOT}`);
        if (ch.create && files[ch.path] !== undefined) fail(`${where}: would create ${ch.path}, which exists`);
        if (!ch.create && files[ch.path] === undefined) fail(`${where}: edits ${ch.path}, which does not exist, without leave to create it`);
        if (files[ch.path] !== undefined) for (const e of ch.edits) checkRange(new LineIndex(files[ch.path]), e.range, `${where} in ${ch.path}`);
      }
    }
  }
}

/** One input through the engine, and every fix of every finding. */
export async function engineCase(input: CaseInput, o: CaseOptions): Promise<void> {
  o.stats.cases++;
  const t = targetOf(input.name);
  if (!t) fail(`no language for ${input.name}`);
  const file = path.posix.join(ROOT, input.name);
  const r = await runCheck(input, input.text, input.files, o, 'check');
  checkResult(input.text, input.files, r, input.name);
  o.stats.findings += r.findings.length;
  if (!o.fixes) return;
  const all = r.findings.filter((f) => f.fixes.length > 0);
  if (all.length === 0) return;
  // 10,000 duplicate keys give 10,000 fixes: a sample spread over the file keeps a case bounded.
  const limit = o.maxFixedFindings ?? 40;
  const withFixes = all.length <= limit ? all : Array.from({ length: limit }, (_, i) => all[Math.floor((i * all.length) / limit)]);
  const before = await health(t.detected, input.text);
  const offsets = new LineIndex(input.text);
  for (const f of withFixes) {
    for (const fix of f.fixes) {
      const where = `${f.ruleId} (${f.messageId}) at ${f.range.start.line + 1}:${f.range.start.character + 1}, fix "${fix.title}"`;
      const files = { ...input.files, [file]: input.text };
      const applied = applyFix(input.text, files, fix, where);
      o.stats.fixesApplied++;
      const after = await health(t.detected, applied.text);
      if (after.errors > before.errors || (after.hasError && !before.hasError)) {
        fail(`${where}: the result parses worse (${before.errors} -> ${after.errors} error nodes)`);
      }
      // Applying it twice: the finding is gone from that place, or what is offered there again is a no-op.
      // A finding that was already there before, next to it (the next of several identical redirects
      // after one is removed), may slide into its place: that one is another finding, not this one again.
      const spans = spansOf(input.text, fix.edits);
      const mapped = mapOffset(offsets.offsetAt(f.range.start), spans);
      const slid = r.findings.some((x) => x !== f && x.ruleId === f.ruleId && x.messageId === f.messageId && mapOffset(offsets.offsetAt(x.range.start), spans) === mapped);
      const again = await runCheck(input, applied.text, applied.files, o, `re-check after ${where}`);
      checkResult(applied.text, applied.files, again, `${input.name} after ${where}`);
      const idx = new LineIndex(applied.text);
      for (const g of again.findings) {
        if (slid || g.ruleId !== f.ruleId || g.messageId !== f.messageId || idx.offsetAt(g.range.start) !== mapped) continue;
        const same = g.fixes.find((x) => x.title === fix.title);
        if (!same) continue;
        const twice = applyFix(applied.text, applied.files, same, `${where} (second time)`);
        const unchanged = twice.text === applied.text && Object.keys(twice.files).every((k) => twice.files[k] === applied.files[k]);
        if (!unchanged) fail(`${where}: still offered at the same place after applying it, and applying it again changes the text`);
        o.stats.idempotentAgain++;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// The small parsers

function checkSpan(text: string, s: { start: number; end: number; text?: string } | undefined, what: string): void {
  if (!s) return;
  if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length)) {
    fail(`${what}: span ${s.start}-${s.end} is outside the text (length ${text.length})`);
  }
  if (s.text !== undefined && text.slice(s.start, s.end) !== s.text) fail(`${what}: span text ${JSON.stringify(s.text)} does not match the source`);
}

export function dotenvParserCase(text: string): void {
  let doc: ReturnType<typeof parseDotenv>;
  try {
    doc = parseDotenv(text);
  } catch (e) {
    fail(`parseDotenv threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
  if (doc.internalError) fail(`parseDotenv hit an internal error: ${doc.internalError}`);
  for (const e of doc.entries) {
    for (const [k, s] of [['range', e.range], ['keyRange', e.keyRange], ['valueRange', e.valueRange], ['delimiterRange', e.delimiterRange], ['exportRange', e.exportRange]] as const) {
      checkSpan(text, s, `entry ${JSON.stringify(e.key)} ${k}`);
    }
    checkSpan(text, e.comment?.range, `entry ${JSON.stringify(e.key)} comment`);
    if (text.slice(e.keyRange.start, e.keyRange.end) !== e.key) fail(`entry ${JSON.stringify(e.key)}: keyRange does not hold the key`);
    if (text.slice(e.valueRange.start, e.valueRange.end) !== e.rawValue) fail(`entry ${JSON.stringify(e.key)}: valueRange does not hold rawValue`);
  }
  for (const c of doc.comments) checkSpan(text, c.range, 'comment');
  let prev = -1;
  for (const l of doc.lines) {
    checkSpan(text, { ...l.range, text: l.text }, `line ${l.line}`);
    if (l.line !== prev + 1) fail(`line numbers skip from ${prev} to ${l.line}`);
    prev = l.line;
  }
}

export function procfileParserCase(text: string): void {
  let pf: ReturnType<typeof parseProcfile>;
  try {
    pf = parseProcfile(text);
  } catch (e) {
    fail(`parseProcfile threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
  let prev = -1;
  for (const l of pf.lines) {
    const what = `line ${l.line}`;
    if (l.line !== prev + 1) fail(`line numbers skip from ${prev} to ${l.line}`);
    prev = l.line;
    checkSpan(text, l.span, what);
    for (const [k, s] of [['indent', l.indent], ['name', l.name], ['gap', l.gap], ['separator', l.separator], ['command', l.command], ['comment', l.comment], ['firstWord', l.firstWord]] as const) {
      checkSpan(text, s, `${what} ${k}`);
    }
    if (l.next < l.span.end || l.next > text.length) fail(`${what}: next ${l.next} is outside the text`);
  }
  for (const p of pf.processes) {
    if (!pf.lines.includes(p)) fail(`process ${p.name.text} is not one of the lines`);
    try {
      const model = shellCommand(p.command.text);
      for (const c of model?.commands ?? []) checkSpan(p.command.text, c, `process ${p.name.text}: shell command`);
      for (const v of model?.variables ?? []) checkSpan(p.command.text, v, `process ${p.name.text}: variable`);
    } catch (e) {
      fail(`the shell model of ${JSON.stringify(p.command.text.slice(0, 80))} threw: ${String(e)}`);
    }
  }
}
