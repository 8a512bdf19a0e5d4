/**
 * Helpers the Procfile rules share: the parsed file and each command's shell model, edits
 * that remove a word or a line cleanly, and process type names.
 */
import { parseProcfile, PORTABLE_NAME, MAX_NAME_LENGTH, type Procfile, type ProcfileProcess, type Span } from '../parsing/procfile';
import { shellCommand, type ShellCommand, type Step } from '../parsing/procfile-command';
import type { RuleContext } from '../engine/rule';
import type { TextEdit } from '../engine/types';

export function procfileOf(context: Pick<RuleContext, 'text'>): Procfile {
  return parseProcfile(context.text);
}

export interface ProcessShell {
  proc: ProcfileProcess;
  model: ShellCommand;
  /** Offset of the command in the document: add it to the model's offsets. */
  base: number;
}

/** The shell model of a process's command, or undefined when the bash grammar is not loaded. */
export function shellOf(proc: ProcfileProcess): ProcessShell | undefined {
  const model = shellCommand(proc.command.text);
  return model ? { proc, model, base: proc.command.start } : undefined;
}

/** Every process with its shell model. */
export function processShells(procfile: Procfile): ProcessShell[] {
  const out: ProcessShell[] = [];
  for (const p of procfile.processes) {
    const s = shellOf(p);
    if (s) out.push(s);
  }
  return out;
}

export function edit(context: Pick<RuleContext, 'rangeAt'>, start: number, end: number, newText: string): TextEdit {
  return { range: context.rangeAt(start, end), newText };
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * The span to delete to remove `[start, end)` from a line with its separating blanks: the
 * blanks before it when there are any (`a -d b` -> `a b`), else those after it.
 */
export function removalSpan(text: string, start: number, end: number): Span {
  let s = start;
  while (s > 0 && isBlank(text[s - 1])) s--;
  if (s < start) return { start: s, end };
  let e = end;
  while (e < text.length && isBlank(text[e])) e++;
  return { start, end: e };
}

/** The span that removes a whole line with its line break (or the break before it on the last line). */
export function lineRemovalSpan(procfile: Procfile, line: number): Span {
  const l = procfile.lines[line];
  if (l.next > l.span.end) return { start: l.span.start, end: l.next };
  const prev = procfile.lines[line - 1];
  return { start: prev ? prev.span.end : l.span.start, end: l.span.end };
}

/** Where a new line can be added after the last non-blank line, and the text that goes before it. */
export function appendLinePoint(procfile: Procfile): { offset: number; prefix: string } {
  for (let i = procfile.lines.length - 1; i >= 0; i--) {
    const l = procfile.lines[i];
    if (l.kind !== 'blank') return { offset: l.span.end, prefix: procfile.eol };
  }
  return { offset: 0, prefix: '' };
}

/**
 * The span covering a top-level step with the operator and blanks that join it to the next
 * step (`a && b` -> removing `a` leaves `b`), or to the previous step when it is the last
 * one. Undefined when the step cannot be removed cleanly (a lone step, or joined by `||`/`&`).
 */
export function stepRemovalSpan(model: ShellCommand, step: Step): Span | undefined {
  const i = model.steps.indexOf(step);
  if (i < 0 || model.steps.length < 2) return undefined;
  const next = model.steps[i + 1];
  if (next && step.after && (step.after.op === '&&' || step.after.op === ';')) {
    return { start: step.start, end: next.start };
  }
  const prev = model.steps[i - 1];
  if (!next && prev?.after && (prev.after.op === '&&' || prev.after.op === ';')) {
    let end = step.end;
    while (end < model.text.length && isBlank(model.text[end])) end++;
    return { start: prev.end, end: step.after ? step.after.end : end };
  }
  return undefined;
}

/** The top-level step holding an offset of the model, if any. */
export function stepAt(model: ShellCommand, offset: number): Step | undefined {
  return model.steps.find((s) => s.start <= offset && offset < s.end);
}

/** The portable form of a process type name: lowercase letters, digits and inner `-`, at most 63. */
export function portableName(name: string): string {
  let out = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  if (out.length > MAX_NAME_LENGTH) out = out.slice(0, MAX_NAME_LENGTH).replace(/-+$/, '');
  return out;
}

export function isPortableName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && PORTABLE_NAME.test(name);
}

/** A process type name not yet taken, from a wish (`celery` -> `celery`, `celery-2`, ...). */
export function freshName(procfile: Procfile, wish: string, fallback: string): string {
  const taken = new Set(procfile.processes.map((p) => p.name.text));
  const base = portableName(wish) || portableName(fallback) || 'process';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A short form of a command for messages (one line, at most 60 characters). */
export function shortCommand(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

/** Text of the document between two offsets, for messages. */
export function slice(procfile: Procfile, span: Span): string {
  return procfile.text.slice(span.start, span.end);
}
