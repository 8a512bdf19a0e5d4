/** `s` matched literally inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regular expression's source with its `^` and `$` anchors left out (a wider test: it
 * matches wherever the source did, and more). Lookarounds and quantified anchors would not
 * widen that way (`(?!^)` would never match, a lookbehind would see past the part it was
 * written for): a source with them is refused.
 */
export function withoutAnchors(source: string): string {
  if (/\(\?<?[=!]|[$^][?*+{]/.test(source)) throw new Error(`withoutAnchors: lookarounds and quantified anchors do not widen: ${source}`);
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') { out += c + (source[i + 1] ?? ''); i++; continue; }
    if (inClass) { if (c === ']') inClass = false; out += c; continue; }
    if (c === '[') inClass = true;
    else if (c === '^' || c === '$') continue;
    out += c;
  }
  return out;
}
