/**
 * Inline suppressions, in the file's own comment syntax:
 *   twelve-factor-disable-next-line [rule-id ...] [-- reason]
 *   twelve-factor-disable-line [rule-id ...] [-- reason]
 *   twelve-factor-disable [rule-id ...] [-- reason]      (the whole file)
 * With no ids, every rule is suppressed. An id may be a factor wildcard (`logs/*`).
 * Only directives inside comments count; `isComment` tells (from the syntax tree, or a line
 * rule for the text languages).
 */
export interface Suppressions {
  file: Set<string> | 'all' | undefined;
  lines: Map<number, Set<string> | 'all'>;
}

const DIRECTIVE = /twelve-factor-(disable-next-line|disable-line|disable)(?![\w-])([^\n\r]*)/g;

export function parseSuppressions(
  text: string,
  isComment: (offset: number) => boolean,
  lineOf: (offset: number) => number,
): Suppressions {
  const result: Suppressions = { file: undefined, lines: new Map() };
  if (!text.includes('twelve-factor-disable')) return result;
  for (const m of text.matchAll(DIRECTIVE)) {
    const offset = m.index ?? 0;
    if (!isComment(offset)) continue;
    let rest = m[2];
    const reason = rest.indexOf('--');
    if (reason >= 0) rest = rest.slice(0, reason);
    rest = rest.replace(/\*\/.*$|-->.*$|\?>.*$/, '');
    const ids = rest.split(/[\s,]+/).filter((s) => /^[a-z*][\w*-]*(\/[\w*-]+)?$/.test(s));
    const add = (prev: Set<string> | 'all' | undefined): Set<string> | 'all' => {
      if (ids.length === 0 || prev === 'all') return 'all';
      const s = prev ?? new Set<string>();
      ids.forEach((id) => s.add(id));
      return s;
    };
    const line = lineOf(offset);
    if (m[1] === 'disable') result.file = add(result.file);
    else {
      const target = m[1] === 'disable-next-line' ? line + 1 : line;
      result.lines.set(target, add(result.lines.get(target)));
    }
  }
  return result;
}

function matches(set: Set<string> | 'all' | undefined, ruleId: string): boolean {
  if (!set) return false;
  if (set === 'all') return true;
  if (set.has(ruleId)) return true;
  const factorSlug = ruleId.slice(0, ruleId.indexOf('/'));
  return set.has(`${factorSlug}/*`) || set.has(factorSlug) || set.has('*');
}

export function isSuppressed(s: Suppressions, ruleId: string, line: number): boolean {
  return matches(s.file, ruleId) || matches(s.lines.get(line), ruleId);
}
