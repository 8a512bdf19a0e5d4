/**
 * Checks one file from disk with the engine: the shared path of the CLI and the server's
 * workspace scan. Never throws: unreadable or undecodable files come back as errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { detectLanguage } from '../parsing/languages';
import { check, type CheckResult } from '../engine/run';
import type { Rule } from '../engine/rule';
import type { Settings } from '../engine/settings';
import type { ProjectView } from '../engine/project';

export interface FileResult extends CheckResult {
  file: string;
  /** The root the file was checked against (scope and neighbouring files). */
  root: string;
  relativePath: string;
  text?: string;
  /** Size of the file read, in bytes. */
  bytes?: number;
  error?: string;
}

/** Looks like binary data: a NUL byte in the first 8 KiB. */
function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

export async function checkFile(
  file: string, root: string, settings: Settings, rules: readonly Rule[], project: ProjectView,
): Promise<FileResult> {
  const relativePath = path.relative(root, file).split(path.sep).join('/') || path.basename(file);
  const base: FileResult = { file, root, relativePath, findings: [], ruleErrors: [] };
  const detected = detectLanguage(file);
  if (!detected) return base;
  let buf: Buffer;
  // Read synchronously: a file is small next to its check, and each asynchronous call is a
  // round trip through the thread pool (most of a scan's system time and idle waiting).
  try {
    const st = fs.statSync(file);
    // A device or a pipe (`/dev/zero` behind a link) would never finish reading.
    if (!st.isFile()) return { ...base, error: 'not a regular file' };
    if (settings.maxFileSize > 0 && st.size > settings.maxFileSize) return { ...base, skipped: 'too-large' };
    buf = fs.readFileSync(file);
  } catch (e) {
    return { ...base, error: (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e)) };
  }
  base.bytes = buf.length;
  if (isBinary(buf)) return { ...base, skipped: 'unparsable' };
  const text = buf.toString('utf8');
  try {
    const result = await check({
      path: file, relativePath, text, language: detected.language, grammar: detected.grammar, settings, project, rules,
    });
    return { ...base, ...result, text };
  } catch (e) {
    return { ...base, error: e instanceof Error ? e.message : String(e) };
  }
}
