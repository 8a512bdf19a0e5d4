/**
 * Properties every quick fix of a rule must have, checked over the rule's fixtures: applied
 * alone, a fix leaves code that parses (no new ERROR/MISSING nodes), removes its finding,
 * adds no finding, and changes nothing more when the fixes are run again on the result.
 * Used by port-fix.test.ts and log-fix.test.ts.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { applyEdits } from '../../server/src/engine/edits';
import { detectLanguage } from '../../server/src/parsing/languages';
import { loadGrammar, parse } from '../../server/src/parsing/tree-sitter';
import { pickSafeFixes } from '../../server/src/cli/run-check';
import type { Finding } from '../../server/src/engine/types';
import { checkText, ruleById } from '../support/engine';
import { loadFixtures } from '../support/fixtures';

function errorCount(n: Node): number {
  let c = n.type === 'ERROR' || n.isMissing ? 1 : 0;
  if (!n.hasError && c === 0) return 0;
  for (let i = 0; i < n.childCount; i++) c += errorCount(n.child(i)!);
  return c;
}

export async function syntaxErrors(name: string, text: string): Promise<number> {
  const grammar = detectLanguage(name)?.grammar;
  if (!grammar) return 0;
  await loadGrammar(grammar);
  const tree = parse(grammar, text);
  try {
    return tree ? errorCount(tree.rootNode) : 0;
  } finally {
    tree?.delete();
  }
}

const asSafe = (findings: Finding[]) => findings.map((f) => ({ ...f, fixes: f.fixes.slice(0, 1).map((x) => ({ ...x, safety: 'safe' as const })) }));

/** Problems found with the fixes of `ruleId` over its fixtures (empty when all is well). */
export async function fixProblems(ruleId: string): Promise<string[]> {
  const rule = ruleById(ruleId);
  const problems: string[] = [];
  for (const fx of loadFixtures().filter((f) => f.ruleId === ruleId)) {
    const before = (await checkText(fx.name, fx.text, { rules: [rule], files: fx.projectFiles })).findings;
    const baseErrors = await syntaxErrors(fx.name, fx.text);
    for (const f of before) {
      for (const fix of f.fixes) {
        const where = `${fx.name}:${f.range.start.line + 1} "${fix.title}"`;
        const fixed = applyEdits(fx.text, fix.edits);
        if (fixed === fx.text) { problems.push(`${where}: changes nothing`); continue; }
        if ((await syntaxErrors(fx.name, fixed)) > baseErrors) problems.push(`${where}: the result does not parse`);
        const after = (await checkText(fx.name, fixed, { rules: [rule], files: fx.projectFiles })).findings;
        if (after.length >= before.length) problems.push(`${where}: the finding is still there (${before.length} -> ${after.length})`);
        const newIds = after.filter((a) => !before.some((b) => b.messageId === a.messageId));
        if (newIds.length) problems.push(`${where}: new findings ${newIds.map((a) => a.messageId).join(', ')}`);
      }
    }
    // All fixes together, then again: the second round has nothing left to do.
    const once = applyEdits(fx.text, pickSafeFixes(fx.text, asSafe(before)).fixes.flatMap((x) => x.edits));
    const again = (await checkText(fx.name, once, { rules: [rule], files: fx.projectFiles })).findings;
    const twice = applyEdits(once, pickSafeFixes(once, asSafe(again)).fixes.flatMap((x) => x.edits));
    const remaining = again.filter((a) => a.fixes.length > 0);
    if (remaining.length && twice !== once) {
      problems.push(`${fx.name}: fixes left after one round: ${remaining.map((a) => `${a.range.start.line + 1}`).join(', ')}`);
    }
  }
  return problems;
}
