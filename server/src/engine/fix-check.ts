/**
 * Checks on quick fixes, whichever rule offers them.
 *
 * A fix never writes outside the project: a fix whose changes to other files reach outside
 * the project root (env files named by settings as `../x/.env` or `/etc/app/.env`, which a
 * workspace's own settings could do) is withheld.
 *
 * Quick fixes on a file that does not parse cleanly are verified before they are offered: a
 * fix is kept only if, applied, the file parses no worse (no more tree-sitter ERROR or
 * MISSING nodes than before). Tree-sitter's error recovery is not local: a literal replaced
 * or an import inserted near a half-typed statement can turn much more of the file into
 * errors, so a fix that is right on clean code can make a broken file worse. The finding is
 * still reported; only its fix is withheld. Clean files are not re-parsed: the rules'
 * fixture tests and the robustness suite keep their fixes parsing.
 */
import * as path from 'path';
import type { Tree } from '@vscode/tree-sitter-wasm';
import type { GrammarId } from '../parsing/languages';
import { parse } from '../parsing/tree-sitter';
import { applyEdits } from './edits';
import type { Finding } from './types';

/** ERROR and MISSING nodes of a tree (a cursor walk: a recursive one overflows on deep trees). */
export function syntaxErrorCount(tree: Tree): number {
  if (!tree.rootNode.hasError) return 0;
  const c = tree.walk();
  let count = 0;
  try {
    for (;;) {
      if (c.nodeType === 'ERROR' || c.nodeIsMissing) count++;
      if (c.currentNode.hasError && c.gotoFirstChild()) continue;
      while (!c.gotoNextSibling()) if (!c.gotoParent()) return count;
    }
  } finally {
    c.delete();
  }
}

/** Verdicts kept between calls on the same text (a fresh base count and each fix's verdict). */
export interface FixVerdicts { text?: string; grammar?: GrammarId; base?: number; verdicts: Map<string, boolean> }

/** The share of the time budget that verifying fixes may take; past it, the remaining fixes of a broken file are withheld. */
export const VERIFY_SHARE = 0.25;

/**
 * Drops, in place, the fixes that would leave a broken file parsing worse (each fix applied
 * and the result parsed afresh). Verifying stops at `deadline`
 * (ms since the epoch; Infinity for none): the fixes not verified by then are withheld (a
 * broken file is usually one being typed, and gets its fixes back once it parses).
 */
export function withholdWorseningFixes(findings: Finding[], text: string, grammar: GrammarId, tree: Tree, deadline: number, fresh = true, memo?: FixVerdicts): void {
  if (!tree.rootNode.hasError || !findings.some((f) => f.fixes.some((fx) => fx.edits.length > 0))) return;
  // Verdicts on this text from an earlier call (the server checks fixes again when they are offered).
  const reuse = memo && memo.text === text && memo.grammar === grammar;
  // Compared fresh parse to fresh parse: an incrementally maintained tree may count otherwise.
  let base = reuse && memo.base !== undefined ? memo.base : fresh ? syntaxErrorCount(tree) : -1;
  if (!fresh && base < 0) {
    const left = deadline - Date.now();
    const own = left > 0 ? parse(grammar, text, undefined, Number.isFinite(left) ? Math.max(1, Math.floor(left)) : 0) : undefined;
    if (own) {
      try {
        base = syntaxErrorCount(own);
      } finally {
        own.delete();
      }
    }
  }
  const verdicts = reuse ? memo.verdicts : new Map<string, boolean>();
  if (memo && !reuse) {
    memo.text = text;
    memo.grammar = grammar;
    memo.verdicts = verdicts;
  }
  if (memo && base >= 0) memo.base = base;
  const parsesNoWorse = (edits: Finding['fixes'][number]['edits']): boolean => {
    const key = JSON.stringify(edits);
    let ok = verdicts.get(key);
    if (ok !== undefined) return ok;
    ok = false;
    const left = deadline - Date.now();
    if (left > 0 && base >= 0) {
      let fixed: string | undefined;
      try {
        fixed = applyEdits(text, edits);
      } catch {
        fixed = undefined;
      }
      // A fresh parse, not an incremental one from the edited tree: in broken code the two can
      // disagree, and what the user gets is what a fresh parse of the result says.
      const after = fixed === undefined ? undefined : parse(grammar, fixed, undefined, Number.isFinite(left) ? Math.max(1, Math.floor(left)) : 0);
      if (after) {
        try {
          ok = syntaxErrorCount(after) <= base;
        } finally {
          after.delete();
        }
      }
    }
    verdicts.set(key, ok);
    return ok;
  };
  for (const f of findings) {
    if (f.fixes.some((fx) => fx.edits.length > 0)) f.fixes = f.fixes.filter((fx) => fx.edits.length === 0 || parsesNoWorse(fx.edits));
  }
}

function inside(root: string, file: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Drops, in place, the fixes that would write a file outside the project root. */
export function withholdFixesOutside(findings: Finding[], root: string): void {
  for (const f of findings) {
    if (f.fixes.some((fx) => fx.files?.length)) f.fixes = f.fixes.filter((fx) => (fx.files ?? []).every((ch) => inside(root, ch.path)));
  }
}
