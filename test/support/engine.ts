/**
 * Test helpers for the engine: grammars come from dist/ (the build copies them there, as
 * for the extension), so a missing .wasm fails the tests as it would fail users.
 */
import * as path from 'path';
import { setWasmDirectory } from '../../server/src/parsing/tree-sitter';
import { detectLanguage } from '../../server/src/parsing/languages';
import { check, type CheckResult } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/engine/settings';
import { RULES } from '../../server/src/rules/index';
import type { Rule } from '../../server/src/engine/rule';
import { memoryProject, type ProjectView } from '../../server/src/engine/project';

export const REPO = path.resolve(__dirname, '..', '..', '..');
setWasmDirectory(path.join(REPO, 'dist'));

export interface CheckTextOptions {
  settings?: Partial<Settings>;
  rules?: readonly Rule[];
  project?: ProjectView;
  /** Files around the checked one, for cross-file rules (absolute paths under /project). */
  files?: Record<string, string>;
}

/** Checks `text` as if it were the file `name` in a project at /project. */
export async function checkText(name: string, text: string, o: CheckTextOptions = {}): Promise<CheckResult> {
  const detected = detectLanguage(name);
  if (!detected) throw new Error(`no language for ${name}`);
  const file = path.posix.join('/project', name);
  return check({
    path: file,
    relativePath: name,
    text,
    language: detected.language,
    grammar: detected.grammar,
    settings: { ...DEFAULT_SETTINGS, ...o.settings },
    project: o.project ?? memoryProject('/project', o.files ?? {}),
    rules: o.rules ?? RULES,
  });
}

export function ruleById(id: string): Rule {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}
