/**
 * The checker's loop: walk the paths, check each file (the same code path as the server's
 * workspace scan), optionally apply safe fixes. Problems with single files are reported
 * through `onProblem` and the walk goes on.
 */
import * as fs from 'fs';
import * as path from 'path';
import { walkFiles } from '../scan/walk';
import { checkFile } from '../scan/check-file';
import { FsProject } from '../scan/fs-project';
import { scan, type ScanTask } from '../scan/pool';
import { applyEdits, editsOverlap } from '../engine/edits';
import type { Rule } from '../engine/rule';
import type { Settings } from '../engine/settings';
import type { Finding, Fix, TextEdit } from '../engine/types';

export interface RunCheckOptions {
  paths: string[];
  cwd: string;
  settings: Settings;
  rules: readonly Rule[];
  fix?: boolean;
  /** Worker threads (default: the available cores). */
  threads?: number;
  onProblem?(file: string, message: string): void;
}

export interface CheckedFile { file: string; displayPath: string; findings: Finding[] }
export interface RunCheckResult { files: CheckedFile[]; fixed: { displayPath: string; count: number }[]; checked: number; bytes: number }

const SKIP_NOTICE: Partial<Record<string, string>> = {
  'too-large': 'skipped: larger than the maxFileSize setting',
  timeout: 'skipped: the time budget for one file ran out',
  unparsable: 'skipped: binary content, not text',
  'too-deep': 'skipped: nested too deeply to parse safely',
};

/**
 * The safe fixes of a file's findings that do not overlap each other, first come first served.
 * An edit identical to one already taken (the same `import os` two fixes both need) is shared,
 * not a conflict: the later fix is kept without its copy of it.
 */
export function pickSafeFixes(text: string, findings: readonly Finding[]): { fixes: Fix[]; count: number } {
  const chosen: Fix[] = [];
  let taken: TextEdit[] = [];
  const sameEdit = (a: TextEdit, b: TextEdit) => a.newText === b.newText &&
    a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line && a.range.end.character === b.range.end.character;
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safety === 'safe');
    if (!fix || fix.edits.length === 0) continue;
    const own = fix.edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    if (editsOverlap(text, taken, own)) continue;
    chosen.push(own.length === fix.edits.length ? fix : { ...fix, edits: own });
    taken = [...taken, ...own];
  }
  return { fixes: chosen, count: chosen.length };
}

/**
 * Writes a fix's changes to other files. An existing file is edited, never replaced: only a
 * file that does not exist (ENOENT) may be created, and it is created exclusively, so one
 * that appears meanwhile is not overwritten. A file that exists but cannot be read (a
 * write-only `.env`) is reported and left alone, never truncated.
 */
function writeFileChanges(fix: Fix, onProblem: RunCheckOptions['onProblem']): void {
  for (const change of fix.files ?? []) {
    let current: string | undefined;
    try {
      current = fs.readFileSync(change.path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        onProblem?.(change.path, `could not read, left unchanged: ${code ?? String(e)}`);
        continue;
      }
      if (!change.create) continue;
    }
    try {
      if (current === undefined) fs.writeFileSync(change.path, applyEdits('', change.edits), { flag: 'wx' });
      else fs.writeFileSync(change.path, applyEdits(current, change.edits));
    } catch (e) {
      onProblem?.(change.path, `could not write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
}

export async function runCheck(o: RunCheckOptions): Promise<RunCheckResult> {
  const result: RunCheckResult = { files: [], fixed: [], checked: 0, bytes: 0 };
  const seen = new Set<string>();
  const display = (file: string) => path.relative(o.cwd, file).split(path.sep).join('/') || path.basename(file);
  const tasks = function* (): Generator<ScanTask> {
    for (const start of o.paths) {
      let root = start;
      try {
        if (fs.statSync(start).isFile()) root = path.dirname(start);
      } catch { /* the walk reports it */ }
      for (const file of walkFiles(start, o.cwd, { ignore: o.settings.ignore, onError: (f, m) => o.onProblem?.(f, m) })) {
        if (seen.has(file)) continue;
        seen.add(file);
        yield { file, root };
      }
    }
  };
  // Fixing rewrites files and re-checks them: one file at a time, in this thread.
  const results = scan(tasks(), { settings: o.settings, rules: o.rules, threads: o.fix ? 1 : o.threads, onProblem: o.onProblem });
  const projects = new Map<string, FsProject>();
  for await (const r of results) {
    result.checked++;
    result.bytes += r.bytes ?? 0;
    const displayPath = display(r.file);
    if (r.error) {
      o.onProblem?.(r.file, r.error);
      continue;
    }
    if (r.skipped && SKIP_NOTICE[r.skipped]) o.onProblem?.(r.file, SKIP_NOTICE[r.skipped] as string);
    for (const e of r.ruleErrors) o.onProblem?.(r.file, `rule ${e.ruleId} failed and was skipped for this file`);
    let findings = r.findings;
    if (o.fix && r.text !== undefined && findings.length) {
      const { fixes, count } = pickSafeFixes(r.text, findings);
      if (count) {
        const root = r.root;
        let project = projects.get(root);
        if (!project) { project = new FsProject(root); projects.set(root, project); }
        try {
          fs.writeFileSync(r.file, applyEdits(r.text, fixes.flatMap((f) => f.edits)));
          fixes.forEach((f) => writeFileChanges(f, o.onProblem));
          result.fixed.push({ displayPath, count });
          project.invalidate();
          findings = (await checkFile(r.file, root, o.settings, o.rules, project)).findings;
        } catch (e) {
          o.onProblem?.(r.file, `could not apply fixes: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`);
        }
      }
    }
    result.files.push({ file: r.file, displayPath, findings });
  }
  result.files.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  return result;
}
