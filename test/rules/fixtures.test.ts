import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadFixtures } from '../support/fixtures';
import { checkText, ruleById } from '../support/engine';
import { applyEdits } from '../../server/src/engine/edits';
import { pickSafeFixes } from '../../server/src/cli/run-check';

for (const fx of loadFixtures()) {
  test(`${fx.ruleId}: ${fx.name}`, async () => {
    const rule = ruleById(fx.ruleId);
    // Fixtures are checked as if they were app code at the project root.
    // Opt-in rules (default 'off') are turned on for their own fixtures.
    const settings = rule.meta.defaultSeverity === 'off' ? { rules: { [rule.id]: 'warning' as const } } : undefined;
    const result = await checkText(fx.name, fx.text, { rules: [rule], files: fx.projectFiles, settings });
    assert.deepEqual(result.ruleErrors, [], 'the rule threw');
    const flagged = new Set(result.findings.map((f) => f.range.start.line));
    const expected = fx.annotations.filter((a) => a.ruleIds.includes(fx.ruleId));
    const problems: string[] = [];
    for (const a of expected) {
      const hit = flagged.has(a.line);
      if (a.mark === 'ruleid' && !hit) problems.push(`line ${a.line + 1}: expected a finding, got none`);
      if (a.mark === 'ok' && hit) problems.push(`line ${a.line + 1}: must not be flagged, but was`);
    }
    const allowed = new Set(expected.filter((a) => a.mark !== 'ok').map((a) => a.line));
    for (const f of result.findings) {
      if (!allowed.has(f.range.start.line)) problems.push(`line ${f.range.start.line + 1}: unexpected finding (${f.messageId})`);
      assert.ok(f.message.includes('Factor'), 'messages name their factor');
    }
    assert.deepEqual(problems, [], `${fx.file}\n${problems.join('\n')}`);

    if (fx.fixed !== undefined) {
      const preferred = result.findings.map((f) => ({ ...f, fixes: f.fixes.filter((x) => x.preferred).concat(f.fixes.filter((x) => !x.preferred)).slice(0, 1).map((x) => ({ ...x, safety: 'safe' as const })) }));
      const { fixes } = pickSafeFixes(fx.text, preferred);
      assert.equal(applyEdits(fx.text, fixes.flatMap((f) => f.edits)), fx.fixed, `${fx.name}: fixed text differs from the golden file`);
    }
  });
}
