/**
 * Language-aware syntax helpers shared by the lint rules: literal values, the name a value
 * is bound to, environment reads and their defaults, calls and imports, per language.
 *
 * Every helper looks only at a node and a few of its neighbours (parents, siblings,
 * children), never at the whole tree, except the `find*` functions, which walk the tree
 * once. Per-file facts that need the top of the file (which names `os.environ` is imported
 * as...) are computed once per tree and cached.
 *
 * Precision comes first: when a construct is ambiguous the helpers answer "no" (undefined,
 * kind 'other', false) rather than guess.
 */
import type { Node, Query, QueryMatch } from '@vscode/tree-sitter-wasm';
import { TreeMemo } from '../parsing/tree-memo';
import type { LanguageId } from '../parsing/languages';
import { escapeRegExp } from '../engine/regexp';
import { execMatches, matchSpans } from '../engine/text-matches';

type Lang = LanguageId;

// ---------------------------------------------------------------------------------------
// Small tree utilities
// ---------------------------------------------------------------------------------------

const isJs = (lang: Lang): boolean => lang === 'javascript' || lang === 'typescript';

function field(n: Node | undefined | null, name: string): Node | undefined {
  return n?.childForFieldName(name) ?? undefined;
}

function same(a: Node | undefined | null, b: Node | undefined | null): boolean {
  return !!a && !!b && a.id === b.id && a.startIndex === b.startIndex && a.type === b.type;
}

function isComment(n: Node): boolean {
  const t = n.type;
  return t === 'comment' || t.endsWith('_comment');
}

/** Named children without comments. */
// Children in one call: `namedChild(i)` / `child(i)` walk from the first child each time,
// which is quadratic on a wide node.
function namedKids(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => !!c && !isComment(c));
}

function allKids(n: Node): Node[] {
  return n.children.filter((c): c is Node => !!c);
}

function indexOfNode(list: Node[], n: Node): number {
  for (let i = 0; i < list.length; i++) if (same(list[i], n)) return i;
  return -1;
}

/** The anonymous operator token of a binary-like node (`operator` field or the middle token). */
function operatorOf(n: Node): string | undefined {
  const op = field(n, 'operator');
  if (op) return op.text;
  for (const c of allKids(n)) if (!c.isNamed) return c.text;
  return undefined;
}

function hasChildOfType(n: Node, types: readonly string[]): boolean {
  const count = n.childCount;
  for (let i = 0; i < count; i++) {
    const c = n.child(i);
    if (c && types.includes(c.type)) return true;
  }
  return false;
}

function nextNamedNonComment(n: Node): Node | undefined {
  let s = n.nextNamedSibling;
  while (s && isComment(s)) s = s.nextNamedSibling;
  return s ?? undefined;
}

function prevNamedNonComment(n: Node): Node | undefined {
  let s = n.previousNamedSibling;
  while (s && isComment(s)) s = s.previousNamedSibling;
  return s ?? undefined;
}

/** Source text with whitespace removed around member operators and collapsed elsewhere. */
function compactText(n: Node): string {
  return n.text.replace(/\s*(\?\.|\.|->|::|\?->)\s*/g, '$1').replace(/\s+/g, ' ').trim();
}

const SCREAMING = /^[A-Z][A-Z0-9_]*$/;

/** CGI/server variables: request data, never deployment config. */
const CGI_NAME = /^(HTTP_|REQUEST_|SERVER_|REMOTE_|SCRIPT_|PHP_|REDIRECT_|CONTEXT_|SSL_|HTTPS$|DOCUMENT_ROOT$|DOCUMENT_URI$|QUERY_STRING$|PATH_INFO$|PATH_TRANSLATED$|ORIG_PATH_INFO$|CONTENT_TYPE$|CONTENT_LENGTH$|GATEWAY_INTERFACE$|AUTH_TYPE$|UNIQUE_ID$|argv$|argc$)/;

// ---------------------------------------------------------------------------------------
// Wrappers that do not change a value
// ---------------------------------------------------------------------------------------

/** Is `p` a wrapper whose value is `child`'s value (parentheses, casts, type assertions)? */
function isValueWrapper(p: Node, child: Node, lang: Lang): boolean {
  switch (p.type) {
    case 'parenthesized_expression':
      return true;
    case 'parenthesized_statements':
      return lang === 'ruby' && namedKids(p).length === 1;
    case 'as_expression':
    case 'satisfies_expression':
    case 'non_null_expression':
      return isJs(lang) && same(p.namedChild(0), child);
    case 'type_assertion':
      return isJs(lang) && child.type !== 'type_arguments';
    case 'cast_expression':
      return (lang === 'java' || lang === 'php') && same(field(p, 'value'), child);
    default:
      return false;
  }
}

/** Looks down through wrappers (parentheses, casts, `as`, `!`) to the wrapped expression. */
function unwrap(n: Node, lang: Lang): Node {
  let cur = n;
  for (let depth = 0; depth < 16; depth++) {
    let inner: Node | undefined;
    switch (cur.type) {
      case 'parenthesized_expression':
      case 'parenthesized_statements': {
        const k = namedKids(cur);
        inner = k.length === 1 ? k[0] : undefined;
        break;
      }
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
        inner = isJs(lang) ? cur.namedChild(0) ?? undefined : undefined;
        break;
      case 'type_assertion':
        inner = isJs(lang) ? namedKids(cur).find((c) => c.type !== 'type_arguments') : undefined;
        break;
      case 'cast_expression':
        inner = lang === 'java' || lang === 'php' ? field(cur, 'value') : undefined;
        break;
      case 'expression_statement': {
        const k = namedKids(cur);
        inner = k.length === 1 ? k[0] : undefined;
        break;
      }
      case 'expression_list':
        if (lang === 'go') {
          const k = namedKids(cur);
          inner = k.length === 1 ? k[0] : undefined;
        }
        break;
      case 'argument':
        if (lang === 'php' && !field(cur, 'name')) inner = namedKids(cur)[0];
        break;
    }
    if (!inner) return cur;
    cur = inner;
  }
  return cur;
}

/** The branches of a ternary (not its condition), or undefined when `p` is not a ternary. */
function ternaryParts(p: Node, lang: Lang): { condition?: Node; branches: Node[] } | undefined {
  switch (p.type) {
    case 'ternary_expression': // JS/TS, Java
      if (!isJs(lang) && lang !== 'java') return undefined;
      return { condition: field(p, 'condition'), branches: [field(p, 'consequence'), field(p, 'alternative')].filter((x): x is Node => !!x) };
    case 'conditional': // Ruby
      if (lang !== 'ruby') return undefined;
      return { condition: field(p, 'condition'), branches: [field(p, 'consequence'), field(p, 'alternative')].filter((x): x is Node => !!x) };
    case 'conditional_expression': {
      if (lang === 'python') {
        const k = namedKids(p);
        if (k.length !== 3) return undefined;
        return { condition: k[1], branches: [k[0], k[2]] };
      }
      if (lang === 'php') {
        const body = field(p, 'body');
        if (!body) return undefined; // `a ?: b` is a fallback, not a ternary
        return { condition: field(p, 'condition'), branches: [body, field(p, 'alternative')].filter((x): x is Node => !!x) };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Is `p` a value-preserving fallback operator (`||`, `??`, `or`, PHP `?:`)? Returns its operands. */
function fallbackParts(p: Node, lang: Lang): { left: Node; right: Node } | undefined {
  let ok = false;
  switch (lang) {
    case 'javascript':
    case 'typescript':
      ok = p.type === 'binary_expression' && (operatorOf(p) === '||' || operatorOf(p) === '??');
      break;
    case 'python':
      ok = p.type === 'boolean_operator' && operatorOf(p) === 'or';
      break;
    case 'ruby':
      ok = p.type === 'binary' && (operatorOf(p) === '||' || operatorOf(p) === 'or');
      break;
    case 'php':
      if (p.type === 'binary_expression' && operatorOf(p) === '??') ok = true;
      else if (p.type === 'conditional_expression' && !field(p, 'body')) {
        const l = field(p, 'condition');
        const r = field(p, 'alternative');
        return l && r ? { left: l, right: r } : undefined;
      }
      break;
  }
  if (!ok) return undefined;
  const left = field(p, 'left');
  const right = field(p, 'right');
  return left && right ? { left, right } : undefined;
}

/** Assignment that also reads: `??=`, `||=`. */
function isFallbackAssignment(p: Node, lang: Lang): boolean {
  const t = p.type;
  if (isJs(lang)) return t === 'augmented_assignment_expression' && ['??=', '||='].includes(operatorOf(p) ?? '');
  if (lang === 'ruby') return t === 'operator_assignment' && operatorOf(p) === '||=';
  if (lang === 'php') return t === 'augmented_assignment_expression' && operatorOf(p) === '??=';
  return false;
}

// ---------------------------------------------------------------------------------------
// String literals
// ---------------------------------------------------------------------------------------

interface LiteralParts { start: number; end: number; decode: (raw: string) => string; interpolated: boolean }

const STRING_TYPES: Record<string, readonly string[]> = {
  javascript: ['string', 'template_string'],
  typescript: ['string', 'template_string'],
  python: ['string', 'concatenated_string'],
  go: ['interpreted_string_literal', 'raw_string_literal'],
  ruby: ['string', 'chained_string', 'heredoc_beginning'],
  java: ['string_literal'],
  php: ['string', 'encapsed_string', 'heredoc', 'nowdoc'],
};

/** Is this node a string literal of the language (even with interpolation)? Symbols are not strings. */
export function isStringLiteral(node: Node, lang: LanguageId): boolean {
  // `isNamed`: TypeScript's `string` keyword is an anonymous node of type "string".
  return node.isNamed && (STRING_TYPES[lang]?.includes(node.type) ?? false);
}

/**
 * Delimiters come from the literal's text (cheap); children are only visited when the text
 * could hold an interpolation.
 */
function literalParts(node: Node, lang: Lang): LiteralParts | undefined {
  const type = node.type;
  const text = node.text;
  const start = node.startIndex;
  const end = start + text.length;
  if (node.hasError) return undefined;
  const parts = (open: number, close: number, decode: (raw: string) => string, interpolated: boolean): LiteralParts | undefined =>
    open + close <= text.length ? { start: start + open, end: end - close, decode, interpolated } : undefined;
  switch (lang) {
    case 'javascript':
    case 'typescript':
      if (type === 'string') {
        const jsx = text.includes('&') && node.parent?.type === 'jsx_attribute';
        return parts(1, 1, jsx ? decodeHtmlEntities : decodeJs, false);
      }
      if (type === 'template_string') {
        return parts(1, 1, (s) => decodeJs(s.replace(/\r\n?/g, '\n')), text.includes('${') && hasChildOfType(node, ['template_substitution']));
      }
      return undefined;
    case 'python': {
      if (type !== 'string') return undefined;
      const m = /^([a-zA-Z]{0,3})('''|"""|'|")/.exec(text);
      if (!m || !text.endsWith(m[2])) return undefined;
      const prefix = m[1].toLowerCase();
      const raw = prefix.includes('r');
      const bytes = prefix.includes('b');
      const fmt = prefix.includes('f') || prefix.includes('t');
      return parts(m[0].length, m[2].length, (s) => decodePython(s, raw, bytes, fmt), fmt && text.includes('{') && hasChildOfType(node, ['interpolation']));
    }
    case 'go':
      if (type === 'interpreted_string_literal') return parts(1, 1, decodeGo, false);
      if (type === 'raw_string_literal') return parts(1, 1, (s) => s.replace(/\r/g, ''), false);
      return undefined;
    case 'ruby': {
      if (type !== 'string') return undefined;
      const m = /^(?:'|"|%[qQ]?[^\w\s])/.exec(text);
      if (!m) return undefined;
      const open = m[0];
      const single = open === "'" || open.startsWith('%q');
      const openDelim = open[open.length - 1];
      const close = text[text.length - 1];
      return parts(open.length, 1, single ? (s) => decodeRubySingle(s, openDelim, close) : decodeRubyDouble,
        !single && text.includes('#') && hasChildOfType(node, ['interpolation']));
    }
    case 'java': {
      if (type !== 'string_literal') return undefined;
      const block = text.startsWith('"""');
      return block ? parts(3, 3, decodeJavaTextBlock, false) : parts(1, 1, decodeJava, false);
    }
    case 'php': {
      if (type !== 'string' && type !== 'encapsed_string') return undefined;
      const open = /^[bB]?['"]/.exec(text)?.[0];
      if (!open) return undefined;
      const single = type === 'string';
      const interpolated = !single && text.includes('$') && namedKids(node).some((c) => c.type !== 'string_content' && c.type !== 'escape_sequence');
      return parts(open.length, 1, single ? decodePhpSingle : decodePhpDouble, interpolated);
    }
    default:
      return undefined;
  }
}

/** PHP heredoc/nowdoc value (closing-marker indentation removed). */
function phpDocValue(node: Node): string | undefined {
  const body = field(node, 'value');
  const end = field(node, 'end_tag');
  if (!end) return undefined;
  if (body && node.type === 'heredoc' && namedKids(body).some((c) => c.type !== 'string_content' && c.type !== 'escape_sequence')) return undefined;
  const text = node.text;
  const base = node.startIndex;
  const firstNl = text.search(/\r?\n/);
  if (firstNl < 0) return undefined;
  const contentStart = firstNl + (text[firstNl] === '\r' ? 2 : 1);
  const endRel = end.startIndex - base;
  const lineStart = Math.max(text.lastIndexOf('\n', endRel - 1) + 1, 0);
  const indent = text.slice(lineStart, endRel);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  let contentEnd = lineStart - 1; // the newline before the closing line
  if (contentEnd > 0 && text[contentEnd - 1] === '\r') contentEnd--;
  if (contentEnd < contentStart) return '';
  const lines = text.slice(contentStart, contentEnd).split(/\r?\n/).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.replace(/^[ \t]+/, '')));
  const raw = lines.join('\n');
  return node.type === 'heredoc' ? decodePhpDouble(raw) : raw;
}

/**
 * The value of a plain string literal (no interpolation), escapes decoded; undefined for
 * anything else (including symbols, f-strings with fields, heredocs in Ruby).
 */
export function stringValue(node: Node, lang: LanguageId): string | undefined {
  if (!isStringLiteral(node, lang)) return undefined;
  if ((lang === 'python' && node.type === 'concatenated_string') || (lang === 'ruby' && node.type === 'chained_string')) {
    let out = '';
    for (const part of namedKids(node)) {
      const v = stringValue(part, lang);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (lang === 'php' && (node.type === 'heredoc' || node.type === 'nowdoc')) return node.hasError ? undefined : phpDocValue(node);
  const parts = literalParts(node, lang);
  if (!parts || parts.interpolated) return undefined;
  const text = node.text;
  return parts.decode(text.slice(parts.start - node.startIndex, parts.end - node.startIndex));
}

/** Offsets of the literal's content without quotes/prefixes (single-part literals only). */
export function stringContentRange(node: Node, lang: LanguageId): { start: number; end: number } | undefined {
  if (!isStringLiteral(node, lang)) return undefined;
  const parts = literalParts(node, lang);
  return parts ? { start: parts.start, end: parts.end } : undefined;
}

/**
 * The values `stringValue` may give a literal node whose source text is `text`, read from the
 * text alone: whether a JS string sits in a JSX attribute, or a PHP string node is single- or
 * double-quoted, is not known here, so each reading is returned. Empty when `text` is no
 * complete literal; undefined for PHP heredocs and nowdocs (their value needs the tree).
 */
export function literalTextValues(text: string, lang: LanguageId): string[] | undefined {
  const inner = (open: number, close: number): string | undefined => (open + close <= text.length ? text.slice(open, text.length - close) : undefined);
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      const q = text[0];
      const s = inner(1, 1);
      if (s === undefined) return [];
      if (q === '`') return [decodeJs(s.replace(/\r\n?/g, '\n'))];
      if (q !== '"' && q !== "'") return [];
      return text.includes('&') ? [decodeJs(s), decodeHtmlEntities(s)] : [decodeJs(s)];
    }
    case 'python': {
      const m = /^([a-zA-Z]{0,3})('''|"""|'|")/.exec(text);
      if (!m || !text.endsWith(m[2])) return [];
      const s = inner(m[0].length, m[2].length);
      if (s === undefined) return [];
      const prefix = m[1].toLowerCase();
      return [decodePython(s, prefix.includes('r'), prefix.includes('b'), prefix.includes('f') || prefix.includes('t'))];
    }
    case 'go': {
      const s = inner(1, 1);
      if (s === undefined) return [];
      if (text[0] === '"') return [decodeGo(s)];
      return text[0] === '`' ? [s.replace(/\r/g, '')] : [];
    }
    case 'ruby': {
      const m = /^(?:'|"|%[qQ]?[^\w\s])/.exec(text);
      if (!m) return [];
      const open = m[0];
      const s = inner(open.length, 1);
      if (s === undefined) return [];
      const single = open === "'" || open.startsWith('%q');
      return [single ? decodeRubySingle(s, open[open.length - 1], text[text.length - 1]) : decodeRubyDouble(s)];
    }
    case 'java': {
      if (text.startsWith('"""')) {
        const s = inner(3, 3);
        return s === undefined ? [] : [decodeJavaTextBlock(s)];
      }
      const s = inner(1, 1);
      return s === undefined || text[0] !== '"' ? [] : [decodeJava(s)];
    }
    case 'php': {
      if (text.startsWith('<<<')) return undefined;
      const open = /^[bB]?['"]/.exec(text)?.[0];
      const s = open ? inner(open.length, 1) : undefined;
      if (s === undefined) return [];
      const a = decodePhpSingle(s);
      const b = decodePhpDouble(s);
      return a === b ? [a] : [a, b];
    }
    default:
      return [];
  }
}

// --- escape decoding -------------------------------------------------------------------

const utf8 = new TextDecoder('utf-8');

/** Accumulates text and raw bytes (for languages whose `\x` escapes are bytes). */
class Out {
  private s = '';
  private bytes: number[] = [];
  add(t: string): void {
    if (this.bytes.length) this.flush();
    this.s += t;
  }
  byte(b: number): void { this.bytes.push(b & 0xff); }
  private flush(): void {
    this.s += utf8.decode(Uint8Array.from(this.bytes));
    this.bytes = [];
  }
  done(): string {
    if (this.bytes.length) this.flush();
    return this.s;
  }
}

function hexAt(s: string, i: number, min: number, max: number): string | undefined {
  let j = i;
  while (j < s.length && j - i < max && /[0-9a-fA-F]/.test(s[j])) j++;
  return j - i >= min ? s.slice(i, j) : undefined;
}

function octAt(s: string, i: number, max: number): string | undefined {
  let j = i;
  while (j < s.length && j - i < max && s[j] >= '0' && s[j] <= '7') j++;
  return j > i ? s.slice(i, j) : undefined;
}

function codePoint(hex: string): string | undefined {
  const cp = parseInt(hex, 16);
  return cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', b: '\b', a: '\x07', e: '\x1b', s: ' ', '0': '\0' };

function decodeJs(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) { out += c; continue; }
    const e = s[++i];
    if ('ntrfvb'.includes(e)) out += SIMPLE_ESCAPES[e];
    else if (e === '\r') { if (s[i + 1] === '\n') i++; }
    else if (e === '\n' || e === '\u2028' || e === '\u2029') { /* line continuation */ }
    else if (e === 'x') {
      const h = hexAt(s, i + 1, 2, 2);
      if (h) { out += String.fromCharCode(parseInt(h, 16)); i += 2; } else out += e;
    } else if (e === 'u') {
      if (s[i + 1] === '{') {
        const close = s.indexOf('}', i + 2);
        const h = close > 0 ? s.slice(i + 2, close) : '';
        const cp = /^[0-9a-fA-F]+$/.test(h) ? codePoint(h) : undefined;
        if (cp !== undefined) { out += cp; i = close; } else out += e;
      } else {
        const h = hexAt(s, i + 1, 4, 4);
        if (h) { out += String.fromCharCode(parseInt(h, 16)); i += 4; } else out += e;
      }
    } else if (e >= '0' && e <= '7') {
      const o = octAt(s, i, e <= '3' ? 3 : 2)!;
      out += String.fromCharCode(parseInt(o, 8));
      i += o.length - 1;
    } else out += e;
  }
  return out;
}

const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeHtmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return HTML_ENTITIES[e] ?? m;
  });
}

function decodePython(s: string, raw: boolean, bytes: boolean, fmt: boolean): string {
  if (!s.includes('\\') && !(fmt && /\{\{|\}\}/.test(s))) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (fmt && (c === '{' || c === '}') && s[i + 1] === c) { out += c; i++; continue; }
    if (c !== '\\' || raw || i + 1 >= s.length) { out += c; continue; }
    const e = s[++i];
    if ('ntrfvba'.includes(e)) out += SIMPLE_ESCAPES[e];
    else if (e === '\\' || e === "'" || e === '"') out += e;
    else if (e === '\n') { /* line continuation */ }
    else if (e === '\r') { if (s[i + 1] === '\n') i++; }
    else if (e >= '0' && e <= '7') {
      const o = octAt(s, i, 3)!;
      out += String.fromCharCode(parseInt(o, 8));
      i += o.length - 1;
    } else if (e === 'x') {
      const h = hexAt(s, i + 1, 2, 2);
      if (h) { out += String.fromCharCode(parseInt(h, 16)); i += 2; } else out += '\\' + e;
    } else if ((e === 'u' || e === 'U') && !bytes) {
      const n = e === 'u' ? 4 : 8;
      const h = hexAt(s, i + 1, n, n);
      const cp = h ? codePoint(h) : undefined;
      if (cp !== undefined) { out += cp; i += n; } else out += '\\' + e;
    } else out += '\\' + e; // unknown escapes (and \N{...}) keep their backslash
  }
  return out;
}

function decodeGo(s: string): string {
  if (!s.includes('\\')) return s;
  const out = new Out();
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) { out.add(c); continue; }
    const e = s[++i];
    if ('ntrfvba'.includes(e)) out.add(SIMPLE_ESCAPES[e]);
    else if (e === '\\' || e === "'" || e === '"') out.add(e);
    else if (e >= '0' && e <= '7') {
      const o = octAt(s, i, 3)!;
      out.byte(parseInt(o, 8));
      i += o.length - 1;
    } else if (e === 'x') {
      const h = hexAt(s, i + 1, 2, 2);
      if (h) { out.byte(parseInt(h, 16)); i += 2; } else out.add('\\' + e);
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const h = hexAt(s, i + 1, n, n);
      const cp = h ? codePoint(h) : undefined;
      if (cp !== undefined) { out.add(cp); i += n; } else out.add('\\' + e);
    } else out.add('\\' + e);
  }
  return out.done();
}

function decodeRubySingle(s: string, open: string, close: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && (s[i + 1] === '\\' || s[i + 1] === close || s[i + 1] === open)) { out += s[++i]; continue; }
    out += c;
  }
  return out;
}

function decodeRubyDouble(s: string): string {
  if (!s.includes('\\')) return s;
  const out = new Out();
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) { out.add(c); continue; }
    const e = s[++i];
    if ('ntrfvbaes'.includes(e)) out.add(SIMPLE_ESCAPES[e]);
    else if (e === '\n') { /* line continuation */ }
    else if (e === '\r') { if (s[i + 1] === '\n') i++; }
    else if (e >= '0' && e <= '7') {
      const o = octAt(s, i, 3)!;
      out.byte(parseInt(o, 8));
      i += o.length - 1;
    } else if (e === 'x') {
      const h = hexAt(s, i + 1, 1, 2);
      if (h) { out.byte(parseInt(h, 16)); i += h.length; } else out.add(e);
    } else if (e === 'u') {
      if (s[i + 1] === '{') {
        const close = s.indexOf('}', i + 2);
        const inner = close > 0 ? s.slice(i + 2, close).trim() : '';
        const cps = inner ? inner.split(/\s+/).map((h) => (/^[0-9a-fA-F]{1,6}$/.test(h) ? codePoint(h) : undefined)) : [];
        if (cps.length && cps.every((x) => x !== undefined)) { out.add(cps.join('')); i = close; } else out.add(e);
      } else {
        const h = hexAt(s, i + 1, 4, 4);
        if (h) { out.add(String.fromCharCode(parseInt(h, 16))); i += 4; } else out.add(e);
      }
    } else out.add(e);
  }
  return out.done();
}

function decodeJava(s: string): string {
  s = javaUnicodeEscapes(s);
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) { out += c; continue; }
    const e = s[++i];
    if ('ntrfbs'.includes(e)) out += SIMPLE_ESCAPES[e];
    else if (e === '\\' || e === "'" || e === '"') out += e;
    else if (e === '\n') { /* text block line continuation */ }
    else if (e === '\r') { if (s[i + 1] === '\n') i++; }
    else if (e >= '0' && e <= '7') {
      const o = octAt(s, i, e <= '3' ? 3 : 2)!;
      out += String.fromCharCode(parseInt(o, 8));
      i += o.length - 1;
    } else out += '\\' + e;
  }
  return out;
}

/** Java translates `\uXXXX` (also `\uuuuXXXX`) before anything else, unless the backslash is itself escaped. */
function javaUnicodeEscapes(s: string): string {
  if (!s.includes('\\u')) return s;
  let out = '';
  let slashes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && slashes % 2 === 0 && s[i + 1] === 'u') {
      let j = i + 1;
      while (s[j] === 'u') j++;
      const h = hexAt(s, j, 4, 4);
      if (h) {
        out += String.fromCharCode(parseInt(h, 16));
        i = j + 3;
        slashes = 0;
        continue;
      }
    }
    slashes = c === '\\' ? slashes + 1 : 0;
    out += c;
  }
  return out;
}

/** Java text block: incidental indentation and trailing spaces removed, then escapes. */
function decodeJavaTextBlock(s: string): string {
  const nl = s.search(/\r?\n|\r/);
  if (nl < 0) return decodeJava(s);
  const body = s.slice(nl).replace(/^\r?\n|^\r/, '');
  const lines = body.split(/\r\n|\r|\n/);
  const last = lines.length - 1;
  let indent = Infinity;
  lines.forEach((l, i) => {
    if (i !== last && !l.trim()) return;
    const w = /^[ \t\f]*/.exec(l)![0].length;
    indent = Math.min(indent, i === last && !l.trim() ? l.length : w);
  });
  if (!Number.isFinite(indent)) indent = 0;
  const stripped = lines.map((l, i) => (!l.trim() && i !== last ? '' : l.slice(Math.min(indent, l.length)).replace(/[ \t\f]+$/, '')));
  return decodeJava(stripped.join('\n'));
}

function decodePhpSingle(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\([\\'])/g, '$1');
}

function decodePhpDouble(s: string): string {
  if (!s.includes('\\')) return s;
  const out = new Out();
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) { out.add(c); continue; }
    const e = s[++i];
    if ('ntrfve'.includes(e)) out.add(SIMPLE_ESCAPES[e]);
    else if (e === '\\' || e === '$' || e === '"') out.add(e);
    else if (e >= '0' && e <= '7') {
      const o = octAt(s, i, 3)!;
      out.byte(parseInt(o, 8));
      i += o.length - 1;
    } else if (e === 'x' && hexAt(s, i + 1, 1, 2)) {
      const h = hexAt(s, i + 1, 1, 2)!;
      out.byte(parseInt(h, 16));
      i += h.length;
    } else if (e === 'u' && s[i + 1] === '{') {
      const close = s.indexOf('}', i + 2);
      const h = close > 0 ? s.slice(i + 2, close) : '';
      const cp = /^[0-9a-fA-F]+$/.test(h) ? codePoint(h) : undefined;
      if (cp !== undefined) { out.add(cp); i = close; } else out.add('\\' + e);
    } else out.add('\\' + e);
  }
  return out.done();
}

// ---------------------------------------------------------------------------------------
// Integers
// ---------------------------------------------------------------------------------------

const INTEGER_TYPES: Record<string, readonly string[]> = {
  javascript: ['number'],
  typescript: ['number'],
  python: ['integer'],
  go: ['int_literal'],
  ruby: ['integer'],
  java: ['decimal_integer_literal', 'hex_integer_literal', 'octal_integer_literal', 'binary_integer_literal'],
  php: ['integer'],
};

const UNARY_TYPES = ['unary_expression', 'unary_operator', 'unary', 'unary_op_expression'];

/** Integer literal value (also `-1`), else undefined. Floats, complex and imaginary numbers are not integers. */
export function integerValue(node: Node, lang: LanguageId): number | undefined {
  if (UNARY_TYPES.includes(node.type)) {
    const op = operatorOf(node);
    const operand = namedKids(node);
    if ((op === '-' || op === '+') && operand.length === 1) {
      const v = integerValue(operand[0], lang);
      return v === undefined ? undefined : op === '-' ? -v : v;
    }
    return undefined;
  }
  if (!node.isNamed || !INTEGER_TYPES[lang]?.includes(node.type)) return undefined;
  let t = node.text.replace(/_/g, '');
  let sign = 1;
  if (t.startsWith('-')) { sign = -1; t = t.slice(1); } else if (t.startsWith('+')) t = t.slice(1);
  if (isJs(lang)) t = t.replace(/n$/, '');
  if (lang === 'java') t = t.replace(/[lL]$/, '');
  let big: bigint;
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(t) || /^0[bB][01]+$/.test(t) || /^0[oO][0-7]+$/.test(t)) big = BigInt(t.toLowerCase());
    else if (lang === 'ruby' && /^0[dD]\d+$/.test(t)) big = BigInt(t.slice(2));
    else if (/^0[0-7]+$/.test(t) && lang !== 'python') big = BigInt('0o' + t.slice(1));
    else if (/^\d+$/.test(t)) big = BigInt(t);
    else return undefined;
  } catch {
    return undefined;
  }
  return sign * Number(big);
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

/** Name of an identifier-like node: identifiers, `$var` (PHP, without `$`), `@ivar`, `:sym`, string keys. */
export function nameText(node: Node, lang: LanguageId): string | undefined {
  switch (node.type) {
    case 'identifier':
    case 'property_identifier':
    case 'shorthand_property_identifier':
    case 'shorthand_property_identifier_pattern':
    case 'field_identifier':
    case 'type_identifier':
    case 'package_identifier':
    case 'constant':
    case 'hash_key_symbol':
    case 'dotted_name':
    case 'name':
      return node.text;
    case 'private_property_identifier':
      return node.text.replace(/^#/, '');
    case 'instance_variable':
      return node.text.replace(/^@/, '');
    case 'class_variable':
      return node.text.replace(/^@@/, '');
    case 'global_variable':
      return node.text.replace(/^\$/, '');
    case 'variable_name': {
      const inner = namedKids(node);
      return inner.length === 1 && inner[0].type === 'name' ? inner[0].text : undefined;
    }
    case 'simple_symbol':
      return node.text.replace(/^:/, '');
    case 'delimited_symbol': {
      if (hasChildOfType(node, ['interpolation'])) return undefined;
      const k = namedKids(node);
      return k.map((c) => c.text).join('');
    }
    case 'qualified_name':
      return node.text.replace(/^\\/, '');
    case 'literal_element': {
      const k = namedKids(node);
      return k.length === 1 ? nameText(k[0], lang) : undefined;
    }
    case 'computed_property_name': { // only `['literal']`
      const k = namedKids(node);
      return k.length === 1 && isStringLiteral(k[0], lang) ? stringValue(k[0], lang) : undefined;
    }
    default:
      return isStringLiteral(node, lang) ? stringValue(node, lang) : undefined;
  }
}

/** Words of an identifier: 'stripeSecretKey' -> stripe,secret,key; 'DB_PASSWORD' -> db,password. */
export function identifierWords(name: string): string[] {
  const words = name.match(/\p{Lu}+(?!\p{Ll})\d*|\p{Lu}?\p{Ll}+\d*|\p{Lt}\p{Ll}*\d*|\d+\p{Ll}*|\p{Lo}+/gu);
  return words ? words.map((w) => w.toLowerCase()) : [];
}

/** `stripeSecretKey` -> `STRIPE_SECRET_KEY`; only [A-Z0-9_], never starting with a digit ('' for no words). */
export function toEnvName(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const words = identifierWords(ascii).map((w) => w.toUpperCase().replace(/[^A-Z0-9]/g, '')).filter((w) => w);
  const out = words.join('_');
  return /^[0-9]/.test(out) ? '_' + out : out;
}

/** Dotted name of an assignment target or member chain: `a.b.secret`, `cfg["k"]` -> `cfg.k`, `$this->pw` -> `this.pw`. */
function dottedName(n: Node, lang: Lang, depth = 0): string | undefined {
  if (depth > 12) return undefined;
  n = unwrap(n, lang);
  switch (n.type) {
    case 'this':
    case 'self':
    case 'super':
      return n.text;
    case 'member_expression': // JS
    case 'attribute': // Python
    case 'selector_expression': // Go
    case 'field_access': // Java
    case 'member_access_expression': // PHP
    case 'nullsafe_member_access_expression':
    case 'scoped_property_access_expression': {
      const { object, property } = memberParts(n, lang) ?? {};
      if (!object || !property) return undefined;
      const base = dottedName(object, lang, depth + 1);
      return base === undefined ? undefined : `${base}.${property}`;
    }
    case 'call': { // Ruby `config.db.password` (calls without arguments)
      if (lang !== 'ruby' || field(n, 'arguments') || field(n, 'block')) return undefined;
      const recv = field(n, 'receiver');
      const m = field(n, 'method');
      if (!m) return undefined;
      if (!recv) return m.text;
      const base = dottedName(recv, lang, depth + 1);
      return base === undefined ? undefined : `${base}.${m.text}`;
    }
    case 'subscript_expression':
    case 'subscript':
    case 'index_expression':
    case 'element_reference': {
      const sp = subscriptParts(n, lang);
      if (!sp) return undefined;
      const key = stringValue(sp.index, lang) ?? (sp.index.type === 'simple_symbol' ? nameText(sp.index, lang) : undefined);
      if (key === undefined) return undefined;
      const base = dottedName(sp.object, lang, depth + 1);
      return base === undefined ? undefined : `${base}.${key}`;
    }
    case 'variable_name':
      return nameText(n, lang) ?? undefined;
    case 'scope_resolution': {
      const scope = field(n, 'scope');
      const name = field(n, 'name');
      if (!name) return undefined;
      if (!scope) return name.text;
      const base = dottedName(scope, lang, depth + 1);
      return base === undefined ? undefined : `${base}.${name.text}`;
    }
    default: {
      const t = nameText(n, lang);
      return t !== undefined && !isStringLiteral(n, lang) ? t : undefined;
    }
  }
}

function memberParts(n: Node, lang: Lang): { object: Node; property: string } | undefined {
  let object: Node | undefined;
  let prop: Node | undefined;
  switch (n.type) {
    case 'member_expression':
      if (!isJs(lang)) return undefined;
      object = field(n, 'object'); prop = field(n, 'property');
      break;
    case 'attribute':
      if (lang !== 'python') return undefined;
      object = field(n, 'object'); prop = field(n, 'attribute');
      break;
    case 'selector_expression':
      if (lang !== 'go') return undefined;
      object = field(n, 'operand'); prop = field(n, 'field');
      break;
    case 'field_access':
      if (lang !== 'java') return undefined;
      object = field(n, 'object'); prop = field(n, 'field');
      break;
    case 'member_access_expression':
    case 'nullsafe_member_access_expression':
      if (lang !== 'php') return undefined;
      object = field(n, 'object'); prop = field(n, 'name');
      break;
    case 'scoped_property_access_expression':
      if (lang !== 'php') return undefined;
      object = field(n, 'scope'); prop = field(n, 'name');
      break;
    case 'call':
      if (lang !== 'ruby' || field(n, 'arguments') || field(n, 'block')) return undefined;
      object = field(n, 'receiver'); prop = field(n, 'method');
      break;
    default:
      return undefined;
  }
  if (!object || !prop) return undefined;
  const property = nameText(prop, lang);
  return property === undefined ? undefined : { object, property };
}

function subscriptParts(n: Node, lang: Lang): { object: Node; index: Node } | undefined {
  let object: Node | undefined;
  let index: Node | undefined;
  switch (n.type) {
    case 'subscript_expression':
      if (isJs(lang)) { object = field(n, 'object'); index = field(n, 'index'); }
      else if (lang === 'php') { const k = namedKids(n); if (k.length === 2) { object = k[0]; index = k[1]; } }
      break;
    case 'subscript':
      if (lang === 'python') {
        object = field(n, 'value');
        const subs = n.childrenForFieldName('subscript').filter((x): x is Node => !!x);
        if (subs.length === 1) index = subs[0];
      }
      break;
    case 'index_expression':
      if (lang === 'go') { object = field(n, 'operand'); index = field(n, 'index'); }
      break;
    case 'element_reference':
      if (lang === 'ruby') {
        object = field(n, 'object');
        const k = namedKids(n).filter((c) => !same(c, object));
        if (k.length === 1) index = k[0];
      }
      break;
    case 'array_access':
      if (lang === 'java') { object = field(n, 'array'); index = field(n, 'index'); }
      break;
  }
  return object && index ? { object, index } : undefined;
}

// ---------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------

export interface CallInfo {
  node: Node;
  /** Full callee text, e.g. 'app.listen', 'logging.FileHandler', 'Logger.new'; for `new X(...)` just 'X'. PHP keeps `->`/`::`. */
  callee: string;
  object?: string;
  method: string;
  /** Argument expressions in order; keyword/named/pair arguments are included as the whole keyword node. */
  args: Node[];
  /** Python kwargs, PHP named args, Ruby symbol-keyed bare hash args. */
  keywordArgs: Map<string, Node>;
}

const CALL_TYPES: Record<string, readonly string[]> = {
  javascript: ['call_expression', 'new_expression'],
  typescript: ['call_expression', 'new_expression'],
  python: ['call'],
  go: ['call_expression'],
  ruby: ['call'],
  java: ['method_invocation', 'object_creation_expression'],
  php: ['function_call_expression', 'member_call_expression', 'nullsafe_member_call_expression', 'scoped_call_expression', 'object_creation_expression'],
};

function isCallNode(n: Node, lang: Lang): boolean {
  return CALL_TYPES[lang]?.includes(n.type) ?? false;
}

/** Ruby `self.x = v` / `a.b ||= v`: the target parses as a call but is a setter, not a call to report. */
function isRubySetterTarget(node: Node, lang: Lang): boolean {
  if (lang !== 'ruby' || node.type !== 'call') return false;
  const p = node.parent;
  if (p?.type === 'left_assignment_list') return true;
  return (p?.type === 'assignment' || p?.type === 'operator_assignment') && same(field(p, 'left'), node);
}

/** callee/object/method without building the argument lists (cheap, used by filters). */
function calleeParts(node: Node, lang: Lang): { callee: string; object?: string; method: string } | undefined {
  const split = (callee: string, sep: RegExp): { callee: string; object?: string; method: string } => {
    const m = sep.exec(callee);
    return m ? { callee, object: callee.slice(0, m.index), method: callee.slice(m.index + m[0].length) } : { callee, method: callee };
  };
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      const fn = field(node, node.type === 'new_expression' ? 'constructor' : 'function');
      if (!fn) return undefined;
      const inner = unwrap(fn, lang);
      if (inner.type === 'member_expression') {
        const obj = field(inner, 'object');
        const prop = field(inner, 'property');
        if (obj && prop) return { callee: compactText(fn), object: compactText(obj), method: prop.text };
      }
      return { callee: compactText(fn), method: compactText(fn) };
    }
    case 'python': {
      const fn = field(node, 'function');
      if (!fn) return undefined;
      if (fn.type === 'attribute') {
        const obj = field(fn, 'object');
        const attr = field(fn, 'attribute');
        if (obj && attr) return { callee: compactText(fn), object: compactText(obj), method: attr.text };
      }
      return { callee: compactText(fn), method: compactText(fn) };
    }
    case 'go': {
      const fn = field(node, 'function');
      if (!fn) return undefined;
      if (fn.type === 'selector_expression') {
        const obj = field(fn, 'operand');
        const f = field(fn, 'field');
        if (obj && f) return { callee: compactText(fn), object: compactText(obj), method: f.text };
      }
      return { callee: compactText(fn), method: compactText(fn) };
    }
    case 'ruby': {
      const m = field(node, 'method');
      const recv = field(node, 'receiver');
      const method = m ? m.text : 'call';
      if (!recv) return { callee: method, method };
      const object = compactText(recv);
      return { callee: `${object}.${method}`, object, method };
    }
    case 'java': {
      if (node.type === 'object_creation_expression') {
        let t = field(node, 'type');
        if (t?.type === 'generic_type') t = t.namedChild(0) ?? undefined;
        if (!t) return undefined;
        return split(compactText(t), /\.(?=[^.]*$)/);
      }
      const name = field(node, 'name');
      if (!name) return undefined;
      const obj = field(node, 'object');
      if (!obj) return { callee: name.text, method: name.text };
      const object = compactText(obj);
      return { callee: `${object}.${name.text}`, object, method: name.text };
    }
    case 'php': {
      switch (node.type) {
        case 'function_call_expression': {
          const fn = field(node, 'function');
          if (!fn) return undefined;
          const text = compactText(fn).replace(/^\\/, '');
          return split(text, /\\(?=[^\\]*$)/);
        }
        case 'member_call_expression':
        case 'nullsafe_member_call_expression': {
          const obj = field(node, 'object');
          const name = field(node, 'name');
          if (!obj || !name) return undefined;
          const object = compactText(obj);
          return { callee: `${object}${node.type === 'member_call_expression' ? '->' : '?->'}${name.text}`, object, method: name.text };
        }
        case 'scoped_call_expression': {
          const scope = field(node, 'scope');
          const name = field(node, 'name');
          if (!scope || !name) return undefined;
          const object = compactText(scope).replace(/^\\/, '');
          return { callee: `${object}::${name.text}`, object, method: name.text };
        }
        case 'object_creation_expression': {
          const cls = namedKids(node).find((c) => c.type === 'name' || c.type === 'qualified_name');
          if (!cls) return undefined;
          return split(compactText(cls).replace(/^\\/, ''), /\\(?=[^\\]*$)/);
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function argumentsNode(node: Node, lang: Lang): Node | undefined {
  if (lang === 'php' && node.type === 'object_creation_expression') return namedKids(node).find((c) => c.type === 'arguments');
  return field(node, 'arguments');
}

/** Ruby pair key name when it is a symbol key (`port: 1`, `:port => 1`, `"port": 1`). */
function rubySymbolKey(pair: Node): string | undefined {
  const key = field(pair, 'key');
  if (!key) return undefined;
  if (key.type === 'hash_key_symbol' || key.type === 'simple_symbol' || key.type === 'delimited_symbol') return nameText(key, 'ruby');
  if (key.type === 'string' && key.nextSibling?.type === ':') return stringValue(key, 'ruby');
  return undefined;
}

/** Describes a call / method call / constructor call node; undefined for other nodes. */
export function callInfo(node: Node, lang: LanguageId): CallInfo | undefined {
  if (!isCallNode(node, lang) || isRubySetterTarget(node, lang)) return undefined;
  const parts = calleeParts(node, lang);
  if (!parts) return undefined;
  const args: Node[] = [];
  const keywordArgs = new Map<string, Node>();
  const list = argumentsNode(node, lang);
  if (list) {
    if (lang === 'javascript' || lang === 'typescript') {
      if (list.type === 'arguments') args.push(...namedKids(list));
      else args.push(list); // tagged template
    } else if (lang === 'python' && list.type !== 'argument_list') {
      args.push(list); // generator argument
    } else {
      for (const a of namedKids(list)) {
        if (lang === 'python' && a.type === 'keyword_argument') {
          const n = field(a, 'name');
          const v = field(a, 'value');
          if (n && v) keywordArgs.set(n.text, v);
          args.push(a);
        } else if (lang === 'php' && a.type === 'argument') {
          const n = field(a, 'name');
          const v = namedKids(a).filter((c) => !same(c, n));
          if (n && v.length) { keywordArgs.set(n.text, v[v.length - 1]); args.push(a); }
          else args.push(v[0] ?? a);
        } else if (lang === 'ruby' && a.type === 'pair') {
          const k = rubySymbolKey(a);
          const v = field(a, 'value');
          if (k !== undefined && v) keywordArgs.set(k, v);
          args.push(a);
        } else args.push(a);
      }
    }
  }
  return { node, callee: parts.callee, object: parts.object, method: parts.method, args, keywordArgs };
}

/** All calls in the tree, in document order; `filter` sees the method name before anything else is computed. */
export function findCalls(root: Node, lang: LanguageId, filter?: (method: string) => boolean): CallInfo[] {
  const types = CALL_TYPES[lang];
  if (!types) return [];
  const out: CallInfo[] = [];
  for (const n of root.descendantsOfType(types as string[])) {
    if (!n) continue;
    if (isRubySetterTarget(n, lang)) continue;
    if (filter) {
      const m = quickMethod(n, lang);
      if (m === undefined || !filter(m)) continue;
    }
    const info = callInfo(n, lang);
    if (info) out.push(info);
  }
  return out;
}

/** `CallInfo.method` with as few tree accesses as possible (for filters). */
function quickMethod(node: Node, lang: Lang): string | undefined {
  const t = node.type;
  let name: Node | undefined;
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      const fn = field(node, t === 'new_expression' ? 'constructor' : 'function');
      const ft = fn?.type;
      if (ft === 'identifier') return fn!.text;
      if (ft === 'member_expression') name = field(fn, 'property');
      break;
    }
    case 'python': {
      const fn = field(node, 'function');
      const ft = fn?.type;
      if (ft === 'identifier') return fn!.text;
      if (ft === 'attribute') name = field(fn, 'attribute');
      break;
    }
    case 'go': {
      const fn = field(node, 'function');
      const ft = fn?.type;
      if (ft === 'identifier') return fn!.text;
      if (ft === 'selector_expression') name = field(fn, 'field');
      break;
    }
    case 'ruby':
      return field(node, 'method')?.text ?? 'call';
    case 'java':
      if (t === 'method_invocation') name = field(node, 'name');
      break;
    case 'php':
      if (t !== 'function_call_expression' && t !== 'object_creation_expression') name = field(node, 'name');
      break;
  }
  return name ? name.text : calleeParts(node, lang)?.method;
}

/** The call whose argument list directly holds `arg` (looking through PHP `argument` and Python/Ruby keyword wrappers). */
function callOfArgument(arg: Node, lang: Lang): { call: Node; index: number; keyword?: string; items: Node[] } | undefined {
  let item = arg;
  let keyword: string | undefined;
  let p = item.parent;
  if (!p) return undefined;
  if (lang === 'python' && p.type === 'keyword_argument' && same(field(p, 'value'), item)) {
    keyword = field(p, 'name')?.text;
    item = p; p = p.parent;
  } else if (lang === 'php' && p.type === 'argument') {
    keyword = field(p, 'name')?.text;
    item = p; p = p.parent;
  } else if (lang === 'ruby' && p.type === 'pair' && same(field(p, 'value'), item) && p.parent?.type === 'argument_list') {
    keyword = rubySymbolKey(p);
    if (keyword === undefined) return undefined;
    item = p; p = p.parent;
  }
  if (!p) return undefined;
  const listTypes = lang === 'php' ? ['arguments'] : isJs(lang) ? ['arguments'] : ['argument_list'];
  if (!listTypes.includes(p.type)) return undefined;
  const call = p.parent;
  if (!call || !isCallNode(call, lang) || !same(argumentsNode(call, lang), p)) return undefined;
  const items = namedKids(p);
  const index = indexOfNode(items, item);
  return index < 0 ? undefined : { call, index, keyword, items };
}

/** The argument expressions of a call (PHP `argument` wrappers removed, keyword nodes kept). */
function callArgs(call: Node, lang: Lang): Node[] {
  return callInfo(call, lang)?.args ?? [];
}

function positionalArg(call: Node, lang: Lang, i: number): Node | undefined {
  const a = callArgs(call, lang)[i];
  if (!a) return undefined;
  if ((lang === 'python' && a.type === 'keyword_argument') || (lang === 'php' && a.type === 'argument') || (lang === 'ruby' && a.type === 'pair')) return undefined;
  return a;
}

function keywordArg(call: Node, lang: Lang, names: readonly string[]): Node | undefined {
  const info = callInfo(call, lang);
  if (!info) return undefined;
  for (const n of names) {
    const v = info.keywordArgs.get(n);
    if (v) return v;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Bindings
// ---------------------------------------------------------------------------------------

export interface Binding {
  name?: string;
  fullName?: string;
  kind: 'variable' | 'constant' | 'property' | 'key' | 'keyword-argument' | 'argument' | 'parameter-default' | 'env-write' | 'return' | 'other';
  /** For arguments (and keys/keyword arguments given in a call): the called function/method text. */
  callee?: string;
  argumentIndex?: number;
  /** The node whose parent gave the binding (the value after looking through wrappers). */
  node: Node;
}

/** Setter-style calls whose first argument names the second: `config.set("api_key", v)`. */
const SETTER_METHODS = new Set(['set', 'put', 'putString', 'setProperty', 'setValue', 'setString', 'setOption', 'set_option', 'setConfig', 'store']);

/** Parent types that may pass a value through (checked before anything more expensive). */
const PASS_THROUGH_TYPES = new Set([
  'parenthesized_expression', 'parenthesized_statements', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion',
  'cast_expression', 'ternary_expression', 'conditional', 'conditional_expression', 'binary_expression', 'boolean_operator', 'binary', 'jsx_expression',
]);

function isTransparentForBinding(p: Node, cur: Node, lang: Lang): boolean {
  if (!PASS_THROUGH_TYPES.has(p.type)) return false;
  if (isValueWrapper(p, cur, lang)) return true;
  const t = ternaryParts(p, lang);
  if (t) return t.branches.some((b) => same(b, cur));
  const f = fallbackParts(p, lang);
  if (f) return true;
  if (isJs(lang) && p.type === 'jsx_expression' && p.parent?.type === 'jsx_attribute') return true;
  return false;
}

/** The name a value is bound to (variable, property, key, keyword argument...). */
export function bindingOf(valueNode: Node, lang: LanguageId): Binding {
  return bindingAt(valueNode, lang, 0);
}

const ARGUMENT_LIST_TYPES = new Set(['arguments', 'argument_list', 'argument', 'keyword_argument']);

function bindingAt(valueNode: Node, lang: Lang, depth: number): Binding {
  let cur = valueNode;
  let p = cur.parent;
  for (let i = 0; p && i < 24; i++) {
    if (isTransparentForBinding(p, cur, lang)) {
      cur = p;
    } else {
      // `port = int(os.environ.get("PORT") or 5000)`: conversions keep the name.
      const conv = ARGUMENT_LIST_TYPES.has(p.type) ? conversionParent(cur, lang) : undefined;
      if (!conv) break;
      cur = conv;
    }
    p = cur.parent;
  }
  const other: Binding = { kind: 'other', node: cur };
  if (!p) return other;
  return bindingFromParent(cur, p, lang, depth) ?? other;
}

function optName(n: Node | undefined, lang: Lang): string | undefined {
  return n ? nameText(n, lang) : undefined;
}

function named(kind: Binding['kind'], node: Node, name: string | undefined, fullName?: string, extra?: Partial<Binding>): Binding {
  if (name === undefined) return { kind: 'other', node };
  return { kind, node, name, fullName: fullName ?? name, ...extra };
}

/** Prefix for keys of an object/dict/hash/struct literal: the binding of the container itself. */
function containerPrefix(container: Node, lang: Lang, depth: number): { prefix?: string; callee?: string; argumentIndex?: number } {
  if (depth > 6) return {};
  const b = bindingAt(container, lang, depth + 1);
  if (b.kind === 'argument') return { callee: b.callee, argumentIndex: b.argumentIndex };
  if (b.kind === 'variable' || b.kind === 'constant' || b.kind === 'property' || b.kind === 'key' || b.kind === 'keyword-argument') {
    return { prefix: b.fullName ?? b.name, callee: b.callee, argumentIndex: b.argumentIndex };
  }
  return {};
}

function keyBinding(cur: Node, keyName: string | undefined, container: Node, lang: Lang, depth: number, kind: Binding['kind'] = 'key'): Binding {
  if (keyName === undefined) return { kind: 'other', node: cur };
  const c = containerPrefix(container, lang, depth);
  const full = c.prefix ? `${c.prefix}.${keyName}` : keyName;
  const extra: Partial<Binding> = {};
  if (c.callee !== undefined) extra.callee = c.callee;
  if (c.argumentIndex !== undefined) extra.argumentIndex = c.argumentIndex;
  return named(kind, cur, keyName, full, extra);
}

/** Binding for the target of an assignment (`x = v`, `a.b = v`, `cfg["k"] = v`, `ENV["X"] = v`). */
function targetBinding(target: Node | undefined, cur: Node, lang: Lang): Binding {
  if (!target) return { kind: 'other', node: cur };
  const t = unwrap(target, lang);
  // Environment writes.
  const sp = subscriptParts(t, lang);
  if (sp && isEnvObject(sp.object, lang)) {
    const name = stringValue(sp.index, lang);
    return name === undefined ? { kind: 'env-write', node: cur } : named('env-write', cur, name);
  }
  const mp = memberParts(t, lang);
  if (mp && isJs(lang) && isEnvObject(mp.object, lang)) return named('env-write', cur, mp.property);

  switch (t.type) {
    case 'identifier':
      return named('variable', cur, t.text);
    case 'variable_name':
      return named('variable', cur, nameText(t, lang));
    case 'global_variable':
      return named('variable', cur, nameText(t, lang));
    case 'constant':
      return named('constant', cur, t.text);
    case 'instance_variable':
    case 'class_variable':
      return named('property', cur, nameText(t, lang), t.text.replace(/^@@?/, 'self.'));
    case 'scope_resolution': {
      const name = field(t, 'name');
      return name?.type === 'constant' ? named('constant', cur, name.text, dottedName(t, lang)) : { kind: 'other', node: cur };
    }
  }
  if (mp) return named('property', cur, mp.property, dottedName(t, lang));
  if (sp) {
    const key = stringValue(sp.index, lang) ?? (lang === 'ruby' && sp.index.type === 'simple_symbol' ? nameText(sp.index, lang) : undefined);
    return named('key', cur, key, dottedName(t, lang) ?? key);
  }
  return { kind: 'other', node: cur };
}

/** Binding from a multi-target assignment `a, b = x, y` (Python, Ruby, Go): the target at the value's index. */
function parallelTarget(targets: Node | undefined, values: Node, cur: Node, lang: Lang, kind?: 'constant' | 'variable'): Binding | undefined {
  if (!targets) return undefined;
  const vs = namedKids(values);
  const i = indexOfNode(vs, cur);
  if (i < 0) return undefined;
  const ts = targets.type === 'expression_list' || targets.type === 'pattern_list' || targets.type === 'tuple_pattern' || targets.type === 'left_assignment_list'
    ? namedKids(targets) : [targets];
  if (ts.length !== vs.length) return undefined;
  const b = targetBinding(ts[i], cur, lang);
  if (kind && b.kind === 'variable') b.kind = kind;
  return b;
}

function argumentBinding(cur: Node, lang: Lang): Binding | undefined {
  const at = callOfArgument(cur, lang);
  if (!at) return undefined;
  const parts = calleeParts(at.call, lang);
  if (!parts) return undefined;
  const callee = parts.callee;
  const node = cur;
  if (at.keyword !== undefined) {
    // os.environ.update(X="v")
    const fnObj = lang === 'python' ? field(field(at.call, 'function'), 'object') : undefined;
    const kind = parts.method === 'update' && fnObj && isEnvObject(fnObj, lang) ? 'env-write' : 'keyword-argument';
    return { kind, name: at.keyword, fullName: at.keyword, callee, argumentIndex: at.index, node };
  }
  const method = parts.method;
  const lowerCallee = callee.toLowerCase();
  // Environment writers.
  if (at.index === 1) {
    const first = at.items[0] ? unwrap(at.items[0], lang) : undefined;
    const key = first ? stringValue(first, lang) : undefined;
    const envSetter =
      (lang === 'go' && (callee === 'os.Setenv')) ||
      (lang === 'python' && (callee === 'os.putenv' || (method === 'setdefault' && isEnvObject(field(field(at.call, 'function'), 'object') ?? at.call, lang)))) ||
      (lang === 'ruby' && method === 'store' && (parts.object === 'ENV' || parts.object === '::ENV'));
    if (envSetter && key !== undefined) return { kind: 'env-write', name: key, fullName: key, callee, argumentIndex: 1, node };
    if (lang === 'php' && lowerCallee === 'define' && key !== undefined) return { kind: 'constant', name: key, fullName: key, callee, argumentIndex: 1, node };
    if (SETTER_METHODS.has(method) && parts.object !== undefined && key !== undefined) return { kind: 'key', name: key, fullName: key, callee, argumentIndex: 1, node };
  }
  if (at.index === 0 && lang === 'php' && lowerCallee === 'putenv') {
    const v = stringValue(cur, lang);
    const eq = v?.indexOf('=') ?? -1;
    if (v !== undefined && eq > 0) return { kind: 'env-write', name: v.slice(0, eq), fullName: v.slice(0, eq), callee, argumentIndex: 0, node };
  }
  return { kind: 'argument', callee, argumentIndex: at.index, node };
}

function inClassBody(stmt: Node, lang: Lang): boolean {
  let p = stmt.parent;
  if (lang === 'python') {
    if (p?.type === 'expression_statement') p = p.parent;
    return p?.type === 'block' && p.parent?.type === 'class_definition';
  }
  return false;
}

function bindingFromParent(cur: Node, p: Node, lang: Lang, depth: number): Binding | undefined {
  const isValue = (f: string) => same(field(p, f), cur);
  const argB = argumentBinding(cur, lang);
  if (argB) return argB;
  switch (lang) {
    case 'javascript':
    case 'typescript':
      switch (p.type) {
        case 'variable_declarator': {
          if (!isValue('value')) return undefined;
          const name = field(p, 'name');
          return name?.type === 'identifier' ? named('variable', cur, name.text) : undefined;
        }
        case 'assignment_expression':
          return isValue('right') ? targetBinding(field(p, 'left'), cur, lang) : undefined;
        case 'augmented_assignment_expression':
          return isValue('right') && isFallbackAssignment(p, lang) ? targetBinding(field(p, 'left'), cur, lang) : undefined;
        case 'pair': {
          if (!isValue('value')) return undefined;
          const key = field(p, 'key');
          const keyName = key && key.type !== 'number' ? nameText(key, lang) : undefined;
          return p.parent ? keyBinding(cur, keyName, p.parent, lang, depth) : undefined;
        }
        case 'field_definition':
          return isValue('value') ? named('property', cur, optName(field(p, 'property'), lang)) : undefined;
        case 'public_field_definition':
          return isValue('value') ? named('property', cur, optName(field(p, 'name'), lang)) : undefined;
        case 'assignment_pattern': {
          if (!isValue('right')) return undefined;
          const left = field(p, 'left');
          const name = left?.type === 'identifier' ? left.text : undefined;
          return named(p.parent?.type === 'formal_parameters' ? 'parameter-default' : 'variable', cur, name);
        }
        case 'object_assignment_pattern': {
          if (!isValue('right')) return undefined;
          const left = field(p, 'left');
          return named('variable', cur, left ? nameText(left, lang) : undefined);
        }
        case 'required_parameter':
        case 'optional_parameter': {
          if (!isValue('value')) return undefined;
          const pat = field(p, 'pattern');
          return named('parameter-default', cur, pat?.type === 'identifier' ? pat.text : undefined);
        }
        case 'return_statement':
          return { kind: 'return', node: cur };
        case 'arrow_function':
          return isValue('body') ? { kind: 'return', node: cur } : undefined;
        case 'jsx_attribute': {
          const attr = p.namedChild(0);
          return attr && !same(attr, cur) ? named('property', cur, attr.text) : undefined;
        }
      }
      return undefined;
    case 'python':
      switch (p.type) {
        case 'assignment': {
          if (!isValue('right')) return undefined;
          const b = targetBinding(field(p, 'left'), cur, lang);
          if (b.kind === 'variable' && inClassBody(p, lang)) b.kind = 'property';
          return b;
        }
        case 'expression_list': {
          const a = p.parent;
          if (a?.type === 'assignment' && same(field(a, 'right'), p)) return parallelTarget(field(a, 'left'), p, cur, lang);
          if (a?.type === 'return_statement') return { kind: 'return', node: cur };
          return undefined;
        }
        case 'named_expression':
          return isValue('value') ? named('variable', cur, field(p, 'name')?.text) : undefined;
        case 'pair': {
          if (!isValue('value')) return undefined;
          const key = field(p, 'key');
          return p.parent ? keyBinding(cur, key ? stringValue(key, lang) : undefined, p.parent, lang, depth) : undefined;
        }
        case 'default_parameter':
        case 'typed_default_parameter':
          return isValue('value') ? named('parameter-default', cur, field(p, 'name')?.text) : undefined;
        case 'return_statement':
          return { kind: 'return', node: cur };
        case 'lambda':
          return isValue('body') ? { kind: 'return', node: cur } : undefined;
      }
      return undefined;
    case 'go':
      switch (p.type) {
        case 'expression_list': {
          const a = p.parent;
          if (!a) return undefined;
          if ((a.type === 'const_spec' || a.type === 'var_spec') && same(field(a, 'value'), p)) {
            const names = a.childrenForFieldName('name').filter((x): x is Node => !!x && x.type === 'identifier');
            const vs = namedKids(p);
            const i = indexOfNode(vs, cur);
            if (i < 0 || names.length !== vs.length) return undefined;
            return named(a.type === 'const_spec' ? 'constant' : 'variable', cur, names[i].text);
          }
          if (a.type === 'short_var_declaration' && same(field(a, 'right'), p)) return parallelTarget(field(a, 'left'), p, cur, lang);
          if (a.type === 'assignment_statement' && same(field(a, 'right'), p) && operatorOf(a) === '=') return parallelTarget(field(a, 'left'), p, cur, lang);
          if (a.type === 'return_statement') return { kind: 'return', node: cur };
          return undefined;
        }
        case 'literal_element': {
          const kv = p.parent;
          if (kv?.type !== 'keyed_element' || !same(field(kv, 'value'), p)) return undefined;
          const key = field(kv, 'key');
          const keyInner = key ? namedKids(key)[0] : undefined;
          if (!keyInner) return undefined;
          const lit = kv.parent?.parent; // literal_value -> composite_literal
          const isField = keyInner.type === 'identifier' || keyInner.type === 'field_identifier';
          const keyName = isField ? keyInner.text : stringValue(keyInner, lang);
          if (keyName === undefined) return undefined;
          if (lit?.type === 'composite_literal') {
            const b = keyBinding(cur, keyName, lit, lang, depth, isField ? 'property' : 'key');
            if (b.fullName === keyName) {
              const type = field(lit, 'type');
              if (type && isField && (type.type === 'type_identifier' || type.type === 'qualified_type')) b.fullName = `${compactText(type)}.${keyName}`;
            }
            return b;
          }
          return named(isField ? 'property' : 'key', cur, keyName);
        }
      }
      return undefined;
    case 'ruby':
      switch (p.type) {
        case 'assignment':
          return isValue('right') ? targetBinding(field(p, 'left'), cur, lang) : undefined;
        case 'right_assignment_list': {
          const a = p.parent;
          return a?.type === 'assignment' ? parallelTarget(field(a, 'left'), p, cur, lang) : undefined;
        }
        case 'operator_assignment':
          return isValue('right') && isFallbackAssignment(p, lang) ? targetBinding(field(p, 'left'), cur, lang) : undefined;
        case 'pair': {
          if (!isValue('value')) return undefined;
          const key = field(p, 'key');
          const keyName = key ? nameText(key, lang) : undefined;
          return p.parent ? keyBinding(cur, keyName, p.parent, lang, depth) : undefined;
        }
        case 'optional_parameter':
        case 'keyword_parameter':
          return isValue('value') ? named('parameter-default', cur, field(p, 'name')?.text) : undefined;
        case 'argument_list':
          return p.parent?.type === 'return' ? { kind: 'return', node: cur } : undefined;
      }
      return undefined;
    case 'java':
      switch (p.type) {
        case 'variable_declarator': {
          if (!isValue('value')) return undefined;
          const name = field(p, 'name')?.text;
          const decl = p.parent;
          if (decl?.type === 'constant_declaration') return named('constant', cur, name);
          if (decl?.type === 'field_declaration') {
            const mods = namedKids(decl).find((c) => c.type === 'modifiers');
            const words = mods ? allKids(mods).map((c) => c.text) : [];
            return named(words.includes('static') && words.includes('final') ? 'constant' : 'property', cur, name);
          }
          return named('variable', cur, name);
        }
        case 'assignment_expression':
          return isValue('right') && operatorOf(p) === '=' ? targetBinding(field(p, 'left'), cur, lang) : undefined;
        case 'element_value_pair': {
          if (!isValue('value')) return undefined;
          const ann = p.parent?.parent;
          const annName = ann ? field(ann, 'name')?.text : undefined;
          return named('keyword-argument', cur, field(p, 'key')?.text, undefined, annName ? { callee: '@' + annName } : {});
        }
        case 'annotation_argument_list': {
          const ann = p.parent;
          const annName = ann ? field(ann, 'name')?.text : undefined;
          return { kind: 'argument', node: cur, callee: annName ? '@' + annName : undefined, argumentIndex: indexOfNode(namedKids(p), cur) };
        }
        case 'return_statement':
          return { kind: 'return', node: cur };
        case 'lambda_expression':
          return isValue('body') ? { kind: 'return', node: cur } : undefined;
      }
      return undefined;
    case 'php':
      switch (p.type) {
        case 'assignment_expression':
          return isValue('right') ? targetBinding(field(p, 'left'), cur, lang) : undefined;
        case 'augmented_assignment_expression':
          return isValue('right') && isFallbackAssignment(p, lang) ? targetBinding(field(p, 'left'), cur, lang) : undefined;
        case 'const_element': {
          const name = namedKids(p).find((c) => c.type === 'name');
          return name && !same(name, cur) ? named('constant', cur, name.text) : undefined;
        }
        case 'property_element': {
          if (!same(field(p, 'default_value'), cur)) return undefined;
          const n = field(p, 'name');
          return named('property', cur, n ? nameText(n, lang) : undefined);
        }
        case 'array_element_initializer': {
          const k = namedKids(p);
          if (k.length !== 2 || !same(k[1], cur) || !p.parent) return undefined;
          return keyBinding(cur, stringValue(k[0], lang), p.parent, lang, depth);
        }
        case 'simple_parameter':
        case 'property_promotion_parameter': {
          if (!same(field(p, 'default_value'), cur)) return undefined;
          const n = field(p, 'name');
          return named('parameter-default', cur, n ? nameText(n, lang) : undefined);
        }
        case 'return_statement':
          return { kind: 'return', node: cur };
        case 'arrow_function':
          return isValue('body') ? { kind: 'return', node: cur } : undefined;
      }
      return undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Per-file import facts (computed once per tree from top-level statements only)
// ---------------------------------------------------------------------------------------

interface EnvAliases {
  /** Names of the `os` module (Python, Go). */
  os: Set<string>;
  /** Names bound to `os.environ` (Python) or node's `process.env` (JS `import { env } from 'process'`). */
  environ: Set<string>;
  /** Names bound to `os.getenv` (Python). */
  getenv: Set<string>;
}

const aliasCache = new TreeMemo<EnvAliases>();

function envAliases(node: Node, lang: Lang): EnvAliases {
  const tree = node.tree;
  let a = aliasCache.get(tree);
  if (a) return a;
  a = { os: new Set(['os']), environ: new Set(), getenv: new Set() };
  const root = tree.rootNode;
  const top: Node[] = [];
  for (const s of namedKids(root)) {
    top.push(s);
    // One level into `try:`/`if` blocks at the top (conditional imports).
    if (lang === 'python' && (s.type === 'try_statement' || s.type === 'if_statement')) {
      for (const b of namedKids(s)) if (b.type === 'block') top.push(...namedKids(b));
    }
  }
  for (const s of top) {
    if (lang === 'python') {
      if (s.type === 'import_statement') {
        for (const n of s.childrenForFieldName('name')) {
          if (n?.type === 'aliased_import' && field(n, 'name')?.text === 'os') a.os.add(field(n, 'alias')?.text ?? 'os');
        }
      } else if (s.type === 'import_from_statement' && field(s, 'module_name')?.text === 'os') {
        for (const n of s.childrenForFieldName('name')) {
          if (!n) continue;
          const orig = n.type === 'aliased_import' ? field(n, 'name')?.text : n.text;
          const alias = n.type === 'aliased_import' ? field(n, 'alias')?.text : n.text;
          if (!alias) continue;
          if (orig === 'environ') a.environ.add(alias);
          if (orig === 'getenv') a.getenv.add(alias);
        }
      }
    } else if (isJs(lang)) {
      if (s.type === 'import_statement') {
        const src = field(s, 'source');
        const mod = src ? stringValue(src, lang) : undefined;
        if (mod !== 'process' && mod !== 'node:process') continue;
        for (const spec of s.descendantsOfType('import_specifier')) {
          if (!spec || field(spec, 'name')?.text !== 'env') continue;
          a.environ.add(field(spec, 'alias')?.text ?? 'env');
        }
      } else if (s.type === 'lexical_declaration' || s.type === 'variable_declaration') {
        for (const d of namedKids(s)) {
          if (d.type !== 'variable_declarator') continue;
          const name = field(d, 'name');
          const value = field(d, 'value');
          if (name?.type !== 'object_pattern' || !value) continue;
          const v = unwrap(value, lang);
          const isProcess = (v.type === 'identifier' && v.text === 'process') ||
            (v.type === 'call_expression' && field(v, 'function')?.text === 'require' && ['process', 'node:process'].includes(stringValue(namedKids(field(v, 'arguments') ?? v)[0] ?? v, lang) ?? ''));
          if (!isProcess) continue;
          for (const prop of namedKids(name)) {
            if (prop.type === 'shorthand_property_identifier_pattern' && prop.text === 'env') a.environ.add('env');
            if (prop.type === 'pair_pattern' && field(prop, 'key')?.text === 'env') {
              const val = field(prop, 'value');
              if (val?.type === 'identifier') a.environ.add(val.text);
            }
          }
        }
      }
    } else if (lang === 'go' && s.type === 'import_declaration') {
      for (const spec of s.descendantsOfType('import_spec')) {
        const path = field(spec!, 'path');
        const alias = field(spec!, 'name');
        if (path && stringValue(path, lang) === 'os' && alias?.type === 'package_identifier') a.os.add(alias.text);
      }
    }
  }
  aliasCache.set(tree, a);
  return a;
}

// ---------------------------------------------------------------------------------------
// Environment reads
// ---------------------------------------------------------------------------------------

export interface EnvRead {
  /** The variable name; undefined when computed at run time. */
  name?: string;
  /** The whole read expression (for destructuring: the pattern element). */
  node: Node;
  nameNode?: Node;
  hasDefault: boolean;
  /** The fallback expression (in the call, or around it: `||`, `??`, `or`, `?:`, cmp.Or...). */
  defaultNode?: Node;
  /** Spring `@Value("${X:default}")`: the default text (there is no node for it). */
  defaultText?: string;
  /** `const { X } = process.env`. */
  destructured?: boolean;
  /** Read through a project helper such as `getEnv("X", "d")` rather than the language's API. */
  helper?: boolean;
}

/** Is `n` the environment object itself (`process.env`, `os.environ`, `ENV`, `$_ENV`)? */
function isEnvObject(n: Node, lang: Lang): boolean {
  n = unwrap(n, lang);
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      if (n.type === 'identifier') return envAliases(n, lang).environ.has(n.text);
      if (n.type !== 'member_expression') return false;
      const prop = field(n, 'property');
      if (prop?.text !== 'env') return false;
      const objNode = field(n, 'object');
      if (!objNode) return false;
      const obj = unwrap(objNode, lang);
      if (obj.type === 'identifier') return obj.text === 'process' || obj.text === 'Bun';
      if (obj.type === 'meta_property') return obj.text.replace(/\s/g, '') === 'import.meta';
      if (obj.type === 'member_expression') {
        const o2 = field(obj, 'object')?.text;
        return field(obj, 'property')?.text === 'process' && (o2 === 'global' || o2 === 'globalThis');
      }
      return false;
    }
    case 'python':
      if (n.type === 'identifier') return envAliases(n, lang).environ.has(n.text);
      if (n.type === 'attribute') {
        const obj = field(n, 'object');
        return field(n, 'attribute')?.text === 'environ' && obj?.type === 'identifier' && envAliases(n, lang).os.has(obj.text);
      }
      return false;
    case 'ruby':
      return (n.type === 'constant' && n.text === 'ENV') || (n.type === 'scope_resolution' && !field(n, 'scope') && field(n, 'name')?.text === 'ENV');
    case 'php':
      return n.type === 'variable_name' && (n.text === '$_ENV' || n.text === '$_SERVER');
    default:
      return false;
  }
}

/** Is this node written to (assignment target, `del`, `unset`, `delete`)? */
function isWriteTarget(n: Node, lang: Lang): boolean {
  const p = n.parent;
  if (!p) return false;
  switch (p.type) {
    case 'assignment_expression':
    case 'assignment':
      return same(field(p, 'left'), n);
    case 'augmented_assignment_expression':
    case 'operator_assignment':
    case 'augmented_assignment':
      return same(field(p, 'left'), n) && !isFallbackAssignment(p, lang);
    case 'delete_statement':
    case 'unset_statement':
      return true;
    case 'unary_expression':
      return isJs(lang) && operatorOf(p) === 'delete';
    case 'pattern_list':
    case 'left_assignment_list':
      return true;
  }
  return false;
}

function envNameFrom(arg: Node | undefined, lang: Lang): { name?: string; nameNode?: Node } {
  if (!arg) return {};
  const v = stringValue(arg, lang);
  return { name: v, nameNode: arg };
}

/** Normalised helper-name test: getEnv, get_env, env, envOr, getenv_or, fetch_env, mustGetEnv, envInt... */
const HELPER_RE = /^(get|fetch|read|must|mustget|require|lookup|load|safe|try|os)?env(var|variable|value)?(get|fetch|or|ordefault|orelse|default|withdefault|fallback|str|string|int|integer|bool|boolean|float|number|list|array|required|ordie|orpanic|orfail|orthrow)?$/;
const REQUIRED_HELPER = /^(must|require)|(required|ordie|orpanic|orfail|orthrow)$/;

function isHelperName(method: string): boolean {
  return HELPER_RE.test(method.toLowerCase().replace(/_/g, ''));
}

/** Reads through `getEnv("X", "d")`-style helpers (first argument a SCREAMING_CASE literal). */
function helperRead(call: Node, lang: Lang): EnvRead | undefined {
  const parts = calleeParts(call, lang);
  if (!parts || !isHelperName(parts.method)) return undefined;
  const normalized = parts.method.toLowerCase().replace(/_/g, '');
  // `utils.getEnv(...)` is a helper; a bare `x.env(...)` method on some object is too loose.
  if (parts.object !== undefined && normalized === 'env') return undefined;
  const first = positionalArg(call, lang, 0);
  const name = first ? stringValue(first, lang) : undefined;
  if (name === undefined || !SCREAMING.test(name) || CGI_NAME.test(name)) return undefined;
  let def: Node | undefined;
  if (!REQUIRED_HELPER.test(normalized)) {
    // django-environ's `env(NAME, cast, default=...)`: the second positional is a cast.
    const positionalDefault = !(lang === 'python' && normalized === 'env');
    def = (positionalDefault ? positionalArg(call, lang, 1) : undefined) ?? keywordArg(call, lang, ['default', 'fallback']);
  }
  return { name, node: call, nameNode: first, hasDefault: !!def, defaultNode: def, helper: true };
}

const DJANGO_ENV_METHODS = new Set(['str', 'bool', 'int', 'float', 'json', 'list', 'tuple', 'dict', 'url', 'db', 'db_url', 'cache', 'cache_url', 'email', 'email_url', 'search_url', 'path', 'bytes', 'decimal', 'get_value', 'channels', 'channels_url']);

/** The read in the call/subscript/member itself, without context defaults. */
function directEnvRead(n: Node, lang: Lang): EnvRead | undefined {
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      if (n.type === 'member_expression') {
        const obj = field(n, 'object');
        const prop = field(n, 'property');
        if (!obj || !prop || prop.type !== 'property_identifier' || !isEnvObject(obj, lang) || isWriteTarget(n, lang)) return undefined;
        return { name: prop.text, node: n, nameNode: prop, hasDefault: false };
      }
      if (n.type === 'subscript_expression') {
        const sp = subscriptParts(n, lang);
        if (!sp || !isEnvObject(sp.object, lang) || isWriteTarget(n, lang)) return undefined;
        return { ...envNameFrom(sp.index, lang), node: n, hasDefault: false };
      }
      if (n.type === 'call_expression') {
        const fn = field(n, 'function');
        if (fn?.type === 'member_expression' && field(fn, 'property')?.text === 'get') {
          const obj = field(fn, 'object');
          if (obj?.type === 'member_expression' && field(obj, 'object')?.text === 'Deno' && field(obj, 'property')?.text === 'env') {
            return { ...envNameFrom(positionalArg(n, lang, 0), lang), node: n, hasDefault: false };
          }
        }
        return helperRead(n, lang);
      }
      // const { PORT, DB: db = 'd' } = process.env
      if (n.type === 'shorthand_property_identifier_pattern' || n.type === 'pair_pattern' || n.type === 'object_assignment_pattern') {
        if (n.type === 'shorthand_property_identifier_pattern' && n.parent?.type === 'object_assignment_pattern') return undefined;
        const pattern = n.parent;
        if (pattern?.type !== 'object_pattern' || !isEnvDestructure(pattern, lang)) return undefined;
        if (n.type === 'shorthand_property_identifier_pattern') return { name: n.text, node: n, nameNode: n, hasDefault: false, destructured: true };
        if (n.type === 'object_assignment_pattern') {
          const left = field(n, 'left');
          const right = field(n, 'right');
          return { name: left?.text, node: n, nameNode: left, hasDefault: !!right, defaultNode: right, destructured: true };
        }
        const key = field(n, 'key');
        const value = field(n, 'value');
        const keyName = key ? (key.type === 'computed_property_name' ? nameText(key, lang) : nameText(key, lang)) : undefined;
        const def = value?.type === 'assignment_pattern' ? field(value, 'right') : undefined;
        return { name: keyName, node: n, nameNode: key, hasDefault: !!def, defaultNode: def, destructured: true };
      }
      return undefined;
    }
    case 'python': {
      if (n.type === 'subscript') {
        const sp = subscriptParts(n, lang);
        if (!sp || !isEnvObject(sp.object, lang) || isWriteTarget(n, lang)) return undefined;
        return { ...envNameFrom(sp.index, lang), node: n, hasDefault: false };
      }
      if (n.type !== 'call') return undefined;
      const fn = field(n, 'function');
      if (!fn) return undefined;
      const withDefault = (def: Node | undefined, extra?: Partial<EnvRead>): EnvRead =>
        ({ ...envNameFrom(positionalArg(n, lang, 0) ?? keywordArg(n, lang, ['key']), lang), node: n, hasDefault: !!def, defaultNode: def, ...extra });
      if (fn.type === 'attribute') {
        const obj = field(fn, 'object');
        if (!obj) return undefined;
        const attr = field(fn, 'attribute')?.text;
        if ((attr === 'get' || attr === 'setdefault') && isEnvObject(obj, lang)) {
          return withDefault(positionalArg(n, lang, 1) ?? keywordArg(n, lang, ['default']));
        }
        if ((attr === 'getenv' || attr === 'getenvb') && obj.type === 'identifier' && envAliases(n, lang).os.has(obj.text)) {
          return withDefault(positionalArg(n, lang, 1) ?? keywordArg(n, lang, ['default']));
        }
        if (obj.type === 'identifier' && obj.text === 'env' && attr && DJANGO_ENV_METHODS.has(attr)) {
          const first = positionalArg(n, lang, 0);
          const name = first ? stringValue(first, lang) : undefined;
          if (name === undefined || !SCREAMING.test(name)) return undefined;
          const def = positionalArg(n, lang, 1) ?? keywordArg(n, lang, ['default']);
          return { name, node: n, nameNode: first, hasDefault: !!def, defaultNode: def };
        }
        return undefined;
      }
      if (fn.type === 'identifier') {
        if (envAliases(n, lang).getenv.has(fn.text)) return withDefault(positionalArg(n, lang, 1) ?? keywordArg(n, lang, ['default']));
        if (fn.text === 'config') { // python-decouple
          const first = positionalArg(n, lang, 0);
          const name = first ? stringValue(first, lang) : undefined;
          if (name === undefined || !SCREAMING.test(name)) return undefined;
          const def = positionalArg(n, lang, 1) ?? keywordArg(n, lang, ['default']);
          return { name, node: n, nameNode: first, hasDefault: !!def, defaultNode: def };
        }
        return helperRead(n, lang);
      }
      return undefined;
    }
    case 'go': {
      if (n.type !== 'call_expression') return undefined;
      const fn = field(n, 'function');
      if (fn?.type === 'selector_expression') {
        const pkg = field(fn, 'operand');
        const f = field(fn, 'field')?.text;
        if (pkg?.type === 'identifier' && (f === 'Getenv' || f === 'LookupEnv') && (envAliases(n, lang).os.has(pkg.text) || (pkg.text === 'syscall' && f === 'Getenv'))) {
          return { ...envNameFrom(positionalArg(n, lang, 0), lang), node: n, hasDefault: false };
        }
      }
      return helperRead(n, lang);
    }
    case 'ruby': {
      if (n.type === 'element_reference') {
        const sp = subscriptParts(n, lang);
        if (!sp || !isEnvObject(sp.object, lang) || isWriteTarget(n, lang)) return undefined;
        return { ...envNameFrom(sp.index, lang), node: n, hasDefault: false };
      }
      if (n.type !== 'call') return undefined;
      const recv = field(n, 'receiver');
      const method = field(n, 'method')?.text;
      if (recv && isEnvObject(recv, lang)) {
        if (method !== 'fetch') return undefined;
        let def = positionalArg(n, lang, 1);
        if (!def) {
          const block = field(n, 'block');
          const body = block ? namedKids(block).find((c) => c.type === 'block_body' || c.type === 'body_statement') : undefined;
          const stmts = body ? namedKids(body) : [];
          const last = stmts[stmts.length - 1];
          // A block that raises is a "required" marker, not a default.
          if (last && !(last.type === 'call' && !field(last, 'receiver') && ['raise', 'fail', 'abort'].includes(field(last, 'method')?.text ?? ''))) def = last;
        }
        return { ...envNameFrom(positionalArg(n, lang, 0), lang), node: n, hasDefault: !!def, defaultNode: def };
      }
      if (!recv) return helperRead(n, lang);
      return undefined;
    }
    case 'java': {
      if (n.type === 'method_invocation') {
        const name = field(n, 'name')?.text;
        const obj = field(n, 'object');
        if (name === 'getenv' && obj && (obj.text === 'System' || compactText(obj) === 'java.lang.System')) {
          const args = callArgs(n, lang);
          if (args.length !== 1) return undefined;
          return { ...envNameFrom(args[0], lang), node: n, hasDefault: false };
        }
        if ((name === 'get' || name === 'getOrDefault') && obj?.type === 'method_invocation' && field(obj, 'name')?.text === 'getenv' &&
          (field(obj, 'object')?.text === 'System') && callArgs(obj, lang).length === 0) {
          const args = callArgs(n, lang);
          const def = name === 'getOrDefault' ? args[1] : undefined;
          return { ...envNameFrom(args[0], lang), node: n, hasDefault: !!def, defaultNode: def };
        }
        return helperRead(n, lang);
      }
      if (n.type === 'annotation') {
        const args = field(n, 'arguments');
        const inner = args ? namedKids(args) : [];
        const s = inner.length === 1 ? (inner[0].type === 'element_value_pair' ? field(inner[0], 'value') : inner[0]) : undefined;
        return s ? springValueRead(s) : undefined;
      }
      if (n.type === 'string_literal') return springValueRead(n);
      return undefined;
    }
    case 'php': {
      if (n.type === 'subscript_expression') {
        const sp = subscriptParts(n, lang);
        if (!sp || !isEnvObject(sp.object, lang) || isWriteTarget(n, lang)) return undefined;
        const name = stringValue(sp.index, lang);
        if (sp.object.text === '$_SERVER' && (name === undefined || !SCREAMING.test(name) || CGI_NAME.test(name))) return undefined;
        return { name, nameNode: sp.index, node: n, hasDefault: false };
      }
      if (n.type === 'function_call_expression') {
        const fn = field(n, 'function');
        const fname = fn ? fn.text.replace(/^\\/, '').toLowerCase() : '';
        const first = positionalArg(n, lang, 0);
        if (fname === 'getenv') return first ? { ...envNameFrom(first, lang), node: n, hasDefault: false } : undefined;
        if (fname === 'env') { // Laravel
          if (!first || stringValue(first, lang) === undefined) return undefined;
          const def = positionalArg(n, lang, 1) ?? keywordArg(n, lang, ['default']);
          return { ...envNameFrom(first, lang), node: n, hasDefault: !!def, defaultNode: def };
        }
        return helperRead(n, lang);
      }
      if (n.type === 'scoped_call_expression') {
        const scope = field(n, 'scope')?.text.replace(/^\\/, '') ?? '';
        if ((scope === 'Env' || scope.endsWith('\\Env')) && field(n, 'name')?.text === 'get') {
          const first = positionalArg(n, lang, 0);
          if (!first || stringValue(first, lang) === undefined) return undefined;
          const def = positionalArg(n, lang, 1);
          return { ...envNameFrom(first, lang), node: n, hasDefault: !!def, defaultNode: def };
        }
        return helperRead(n, lang);
      }
      return undefined;
    }
  }
  return undefined;
}

function isEnvDestructure(pattern: Node, lang: Lang): boolean {
  const p = pattern.parent;
  if (p?.type === 'variable_declarator' && same(field(p, 'name'), pattern)) {
    const v = field(p, 'value');
    return !!v && isEnvObject(v, lang);
  }
  if (p?.type === 'assignment_expression' && same(field(p, 'left'), pattern)) {
    const v = field(p, 'right');
    return !!v && isEnvObject(v, lang);
  }
  return false;
}

const SPRING_PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)(?::([\s\S]*))?\}$/;

/** Spring `@Value("${NAME:default}")`: an env read when NAME is in environment-variable style. */
function springValueRead(s: Node): EnvRead | undefined {
  if (s.type !== 'string_literal') return undefined;
  let ann = s.parent;
  if (ann?.type === 'element_value_pair') {
    if (field(ann, 'key')?.text !== 'value') return undefined;
    ann = ann.parent;
  }
  if (ann?.type !== 'annotation_argument_list') return undefined;
  const name = field(ann.parent, 'name')?.text;
  if (name !== 'Value' && !name?.endsWith('.Value')) return undefined;
  const v = stringValue(s, 'java');
  const m = v !== undefined ? SPRING_PLACEHOLDER.exec(v) : null;
  if (!m || !SCREAMING.test(m[1])) return undefined;
  return { name: m[1], node: s, nameNode: s, hasDefault: m[2] !== undefined, defaultText: m[2] };
}

// --- defaults around a read ----------------------------------------------------------

/** Conversions that keep "value or nothing" semantics: `Number(process.env.X) || 3000`. */
const CONVERSION_FUNCTIONS: Record<string, readonly string[]> = {
  javascript: ['Number', 'parseInt', 'parseFloat', 'String', 'Boolean', 'Number.parseInt', 'Number.parseFloat'],
  typescript: ['Number', 'parseInt', 'parseFloat', 'String', 'Boolean', 'Number.parseInt', 'Number.parseFloat'],
  python: ['int', 'float', 'str', 'bool'],
  php: ['intval', 'floatval', 'boolval', 'strval', 'trim'],
};
const CONVERSION_METHODS: Record<string, readonly string[]> = {
  javascript: ['trim', 'toLowerCase', 'toUpperCase'],
  typescript: ['trim', 'toLowerCase', 'toUpperCase'],
  python: ['strip', 'lower', 'upper'],
  ruby: ['presence', 'strip', 'downcase', 'upcase'],
};

/** The receiver of a method call (`x` in `x.trim()`), if the call has one and no arguments. */
function conversionReceiver(call: Node, lang: Lang): Node | undefined {
  const parts = calleeParts(call, lang);
  if (!parts || parts.object === undefined || !CONVERSION_METHODS[lang]?.includes(parts.method) || callArgs(call, lang).length) return undefined;
  if (lang === 'ruby') return field(call, 'receiver');
  return field(field(call, 'function'), 'object');
}

/** If `cur` is converted by its parent (`Number(cur)`, `cur.trim()`, `cur.presence`), the converting expression. */
function conversionParent(cur: Node, lang: Lang): Node | undefined {
  const at = callOfArgument(cur, lang);
  if (at && at.index === 0 && at.keyword === undefined) {
    const parts = calleeParts(at.call, lang);
    if (parts && CONVERSION_FUNCTIONS[lang]?.includes(parts.callee)) return at.call;
  }
  const p = cur.parent;
  if (!p) return undefined;
  if (lang === 'ruby') return p.type === 'call' && same(conversionReceiver(p, lang), cur) ? p : undefined;
  const call = p.parent;
  if (call && isCallNode(call, lang) && same(field(call, 'function'), p) && same(conversionReceiver(call, lang), cur)) return call;
  return undefined;
}

/** Does `n` (through wrappers, conversions and fallback chains) evaluate an env read? */
function containsEnvRead(n: Node, lang: Lang, depth = 0): boolean {
  if (depth > 4) return false;
  n = unwrap(n, lang);
  if (directEnvRead(n, lang)) return true;
  const f = fallbackParts(n, lang);
  if (f) return containsEnvRead(f.left, lang, depth + 1) || containsEnvRead(f.right, lang, depth + 1);
  if (isCallNode(n, lang)) {
    const parts = calleeParts(n, lang);
    if (parts && CONVERSION_FUNCTIONS[lang]?.includes(parts.callee)) {
      const a = positionalArg(n, lang, 0);
      if (a) return containsEnvRead(a, lang, depth + 1);
    }
    const recv = conversionReceiver(n, lang);
    if (recv) return containsEnvRead(recv, lang, depth + 1);
  }
  return false;
}

/** Names of env vars a condition tests: `process.env.X`, `'X' in os.environ`, `isset($_ENV['X'])`, `getenv("X") != null`. */
function conditionMentions(cond: Node, name: string, lang: Lang, depth = 0): boolean {
  if (depth > 4) return false;
  const n = unwrap(cond, lang);
  const r = directEnvRead(n, lang);
  if (r) return r.name === name;
  if (isStringLiteral(n, lang)) return stringValue(n, lang) === name;
  for (const c of namedKids(n)) if (conditionMentions(c, name, lang, depth + 1)) return true;
  return false;
}

/** Default from a ternary around the read: `X != null ? X : d`, `'X' in os.environ ? ... `, `isset($_ENV['X']) ? $_ENV['X'] : d`. */
function ternaryDefault(read: Node, name: string | undefined, lang: Lang): Node | undefined {
  if (name === undefined) return undefined;
  // Climb out of the condition (comparisons, negation, isset) or a branch.
  let cur = read;
  for (let i = 0; i < 5; i++) {
    const p = cur.parent;
    if (!p) return undefined;
    const t = ternaryParts(p, lang);
    if (t) {
      if (!t.condition || t.branches.length !== 2 || !conditionMentions(t.condition, name, lang)) return undefined;
      const readBranch = t.branches.findIndex((b) => { const r = directEnvRead(unwrap(b, lang), lang); return r?.name === name; });
      if (readBranch < 0) return undefined;
      const other = t.branches[1 - readBranch];
      if (containsEnvRead(other, lang)) return undefined;
      return other;
    }
    if (isValueWrapper(p, cur, lang) || ['binary_expression', 'comparison_operator', 'unary_expression', 'not_operator', 'unary', 'binary', 'unary_op_expression', 'arguments', 'argument', 'argument_list', 'function_call_expression', 'call', 'method_invocation'].includes(p.type)) {
      cur = p;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** Go: `v := os.Getenv("X"); if v == "" { v = "d" }` (also `v, ok := os.LookupEnv("X"); if !ok {...}`). */
function goIfDefault(varName: string, okName: string | undefined, ifStmt: Node): Node | undefined {
  if (ifStmt.type !== 'if_statement') return undefined;
  const cond = field(ifStmt, 'condition');
  if (!cond) return undefined;
  const c = cond.text.replace(/\s+/g, '');
  const tests = [`${varName}==""`, `""==${varName}`, `len(${varName})==0`, `0==len(${varName})`];
  if (okName) tests.push(`!${okName}`);
  if (!tests.includes(c)) return undefined;
  const block = field(ifStmt, 'consequence');
  const list = block ? namedKids(block).find((x) => x.type === 'statement_list') : undefined;
  const stmts = list ? namedKids(list) : block ? namedKids(block) : [];
  for (const s of stmts) {
    if (s.type !== 'assignment_statement' || operatorOf(s) !== '=') continue;
    const left = field(s, 'left');
    const right = field(s, 'right');
    const l = left ? namedKids(left) : [];
    const r = right ? namedKids(right) : [];
    if (l.length === 1 && r.length === 1 && l[0].text === varName) return r[0];
  }
  return undefined;
}

/** For a Go env read assigned to a variable, the default assigned in the following `if`. */
function goAssignedDefault(read: Node): Node | undefined {
  const list = read.parent;
  if (list?.type !== 'expression_list') return undefined;
  const decl = list.parent;
  if (!decl) return undefined;
  let names: string[] = [];
  if ((decl.type === 'short_var_declaration' || decl.type === 'assignment_statement') && same(field(decl, 'right'), list)) {
    const left = field(decl, 'left');
    names = left ? namedKids(left).map((x) => x.text) : [];
  } else if (decl.type === 'var_spec' && same(field(decl, 'value'), list)) {
    names = decl.childrenForFieldName('name').filter((x): x is Node => !!x && x.type === 'identifier').map((x) => x.text);
  } else return undefined;
  const values = namedKids(list);
  if (values.length !== 1 || !names.length) return undefined;
  const isLookup = read.text.includes('LookupEnv');
  const varName = names[0];
  const okName = isLookup && names.length === 2 ? names[1] : undefined;
  // `if v := os.Getenv("X"); v == "" {...}`
  if (decl.parent?.type === 'if_statement' && same(field(decl.parent, 'initializer'), decl)) return goIfDefault(varName, okName, decl.parent);
  const stmt = decl.type === 'var_spec' ? decl.parent?.type === 'var_declaration' ? decl.parent : undefined : decl;
  const next = stmt ? nextNamedNonComment(stmt) : undefined;
  return next ? goIfDefault(varName, okName, next) : undefined;
}

const COALESCE_METHODS = /^(or|coalesce|defaultto|defaultifnull|defaultifblank|defaultifempty|defaultstring|firstnonnull|firstnonempty|firstnonblank|requirenonnullelse|tostring|ifempty|ifblank|valueordefault)$/i;

/** Fallback of a read from its surroundings: `X || d`, `X ?? d`, `X or d`, `X ?: d`, `cmp.Or(X, d)`, Optional...orElse(d)... */
function contextDefault(read: Node, name: string | undefined, lang: Lang): Node | undefined {
  let cur = read;
  for (let i = 0; i < 10; i++) {
    const p = cur.parent;
    if (!p) break;
    if (isValueWrapper(p, cur, lang)) { cur = p; continue; }
    const conv = conversionParent(cur, lang);
    if (conv) { cur = conv; continue; }
    const f = fallbackParts(p, lang);
    if (f) {
      if (same(f.left, cur)) {
        if (!containsEnvRead(f.right, lang)) return f.right;
      }
      cur = p;
      continue;
    }
    if (isFallbackAssignment(p, lang) && same(field(p, 'left'), cur)) return field(p, 'right');
    break;
  }
  // Coalescing calls: cmp.Or(os.Getenv("X"), "d"), Objects.requireNonNullElse(System.getenv("X"), "d"), _.defaultTo(...)
  const at = callOfArgument(cur, lang);
  if (at && at.keyword === undefined) {
    const parts = calleeParts(at.call, lang);
    const args = callArgs(at.call, lang);
    if (parts && COALESCE_METHODS.test(parts.method) && (parts.method.toLowerCase() !== 'tostring' || parts.object === 'Objects')) {
      for (let j = at.index + 1; j < args.length; j++) if (!containsEnvRead(args[j], lang)) return args[j];
    }
    // Optional.ofNullable(System.getenv("X"))[.map(...)]*.orElse(d)
    if (lang === 'java' && parts && parts.object === 'Optional' && (parts.method === 'ofNullable' || parts.method === 'of') && at.index === 0) {
      let c: Node = at.call;
      for (let k = 0; k < 5; k++) {
        const q = c.parent;
        if (q?.type !== 'method_invocation' || !same(field(q, 'object'), c)) break;
        const m = field(q, 'name')?.text;
        if (m === 'orElse') return callArgs(q, lang)[0];
        if (m === 'orElseGet') { const sup = callArgs(q, lang)[0]; return sup?.type === 'lambda_expression' ? field(sup, 'body') ?? sup : sup; }
        if (m !== 'map' && m !== 'filter' && m !== 'flatMap') break;
        c = q;
      }
    }
  }
  const t = ternaryDefault(read, name, lang);
  if (t) return t;
  if (lang === 'go') return goAssignedDefault(read);
  return undefined;
}

/** Is this node an environment read? Looks through parentheses and an expression statement around it. */
export function envReadAt(node: Node, lang: LanguageId): EnvRead | undefined {
  const n = unwrap(node, lang);
  const r = directEnvRead(n, lang);
  if (!r) return undefined;
  if (!r.hasDefault && !r.destructured) {
    const d = contextDefault(n, r.name, lang);
    if (d) { r.hasDefault = true; r.defaultNode = d; }
  }
  return r;
}

const ENV_READ_TYPES: Record<string, readonly string[]> = {
  javascript: ['member_expression', 'subscript_expression', 'call_expression', 'shorthand_property_identifier_pattern', 'pair_pattern', 'object_assignment_pattern'],
  typescript: ['member_expression', 'subscript_expression', 'call_expression', 'shorthand_property_identifier_pattern', 'pair_pattern', 'object_assignment_pattern'],
  python: ['subscript', 'call'],
  go: ['call_expression'],
  ruby: ['element_reference', 'call'],
  java: ['method_invocation', 'string_literal'],
  php: ['subscript_expression', 'function_call_expression', 'scoped_call_expression'],
};

/** Text that every env read contains within a few levels of its node (`env` covers environ, getenv, ENV, $_ENV, getEnv...). */
const ENV_ANCHORS: Record<string, string> = {
  javascript: 'env', typescript: 'env', python: 'env|config', go: 'env', ruby: 'env', java: 'env|"\\$\\{', php: 'env|\\$_SERVER',
};


/**
 * Candidate nodes near each match of `anchor` in the text of `root`: the smallest named node
 * at the match and up to `levels` ancestors (stopping at `root`), each once, in text order.
 * Much cheaper than visiting every node of a type when the anchor is rare.
 */
function anchoredNodes(root: Node, anchor: RegExp, levels: number, visit: (n: Node) => void): void {
  const text = root.text;
  const base = root.startIndex;
  const rootEnd = root.endIndex;
  const seen = new Set<number>();
  const spans = matchSpans(text, anchor);
  for (let k = 0; k < spans.length; k += 2) {
    let n: Node | null = root.namedDescendantForIndex(base + spans[k], base + spans[k + 1]);
    for (let up = 0; n && up <= levels; up++) {
      if (n.startIndex < base || n.endIndex > rootEnd) break;
      const key = n.id;
      if (!seen.has(key)) {
        seen.add(key);
        visit(n);
      }
      n = n.parent;
    }
  }
}

/** Where a rule's matches can be: a word every match contains (a global regex), and the types of the match roots at most `levels` levels above it. */
export interface WordAnchors { anchor: RegExp; types: ReadonlySet<string>; levels: number }

/**
 * The nodes to run a query on so that it finds every match that contains a match of `anchor`
 * (a global regex) in `text` and has its root among `types` at most `levels` ancestors above
 * the smallest named node at the anchor: per anchor, the outermost such node; each once,
 * none inside another, in text order. Lets a rule whose matches all contain a rare word query
 * a few subtrees instead of the whole tree, however large the matched node is.
 */
export function anchorRoots(root: Node, text: string, { anchor, types, levels }: WordAnchors): Node[] {
  const picked: Node[] = [];
  const spans = matchSpans(text, anchor);
  for (let k = 0; k < spans.length; k += 2) {
    const top = outermostOfType(root.namedDescendantForIndex(spans[k], spans[k + 1]), types, levels);
    if (top) picked.push(top);
  }
  return outermostNodes(picked);
}

/**
 * Tests set `wholeTree`: `rootsNear` and `matchesRootedAt` then answer for the whole tree (and
 * rules that find nodes by climbing from words query the whole tree instead), so that anchored
 * look-ups run as whole-tree ones, the reference they must agree with.
 */
export const ANCHORED_LOOKUPS = { wholeTree: false };

/** A stretch of the text (UTF-16 offsets, end exclusive). */
export interface TextSpan { start: number; end: number }

/** The spans of a global regex's matches in `text`, those `keep` accepts when given. */
export function spansOf(text: string, re: RegExp, keep?: (m: RegExpExecArray) => boolean): TextSpan[] {
  const out: TextSpan[] = [];
  if (!keep) {
    // As typing changes the text, only around the edit is scanned again (engine/text-matches.ts).
    const spans = matchSpans(text, re);
    for (let k = 0; k < spans.length; k += 2) out.push({ start: spans[k], end: spans[k + 1] });
    return out;
  }
  for (const m of execMatches(text, re)) if (keep(m)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** The outermost of `n` and its ancestors up to `levels` levels whose type is in `types`. */
function outermostOfType(n: Node | null, types: ReadonlySet<string>, levels: number): Node | undefined {
  let top: Node | undefined;
  for (let up = 0; n; up++) {
    if (types.has(n.type)) top = n;
    if (up === levels) break;
    n = n.parent;
  }
  return top;
}

/** `nodes` in text order, each once, without those inside another (a query on the outer one finds theirs). */
export function outermostNodes(nodes: Iterable<Node>): Node[] {
  const sorted = [...nodes].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  const out: Node[] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n.startIndex >= last.startIndex && n.endIndex <= last.endIndex) continue;
    out.push(n);
  }
  return out;
}

/**
 * The nodes to run a query on so that it finds every match whose root has a type in `types`
 * and is at most `levels` ancestors above the smallest node (named or not) spanning one of
 * `spans`: per span, the outermost such node; each once, none inside another, in text order.
 * Like `anchorRoots`, for spans the caller found (and cheaper per span: no named-node search).
 * The whole tree when `ANCHORED_LOOKUPS.wholeTree` is set.
 */
export function rootsNear(root: Node, spans: Iterable<TextSpan>, types: ReadonlySet<string>, levels: number): Node[] {
  if (ANCHORED_LOOKUPS.wholeTree) return [root];
  const picked: Node[] = [];
  for (const s of spans) {
    const top = outermostOfType(root.descendantForIndex(s.start, s.end), types, levels);
    if (top) picked.push(top);
  }
  return outermostNodes(picked);
}

/**
 * The nodes whose type is in `types` among the smallest node (named or not) spanning one of
 * `spans` and its ancestors up to `levels` levels: each once, in text order, outer first (the
 * order in which a query meets them).
 */
export function nodesNear(root: Node, spans: Iterable<TextSpan>, types: ReadonlySet<string>, levels: number): Node[] {
  const out: Node[] = [];
  for (const s of spans) {
    let n: Node | null = root.descendantForIndex(s.start, s.end);
    for (let up = 0; n; up++) {
      if (types.has(n.type)) out.push(n);
      if (up === levels) break;
      n = n.parent;
    }
  }
  return inTreeOrder(out);
}

/** `nodes` each once, in text order, outer first. */
export function inTreeOrder(nodes: Iterable<Node>): Node[] {
  const seen = new Set<string>();
  const out: Node[] = [];
  for (const n of nodes) {
    const key = `${n.id}:${n.startIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  return out.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

/**
 * The matches of `q` whose pattern root is one of `nodes`, in their order: the query only
 * starts at each node (`maxStartDepth` 0), however large its subtree. With
 * `ANCHORED_LOOKUPS.wholeTree`, every match under `root` (the reference).
 */
export function matchesRootedAt(q: Query, root: Node, nodes: readonly Node[]): QueryMatch[] {
  if (ANCHORED_LOOKUPS.wholeTree) return q.matches(root);
  return nodes.flatMap((n) => q.matches(n, { maxStartDepth: 0 }));
}

/** All environment reads under `root`, in document order. */
export function findEnvReads(root: Node, lang: LanguageId): EnvRead[] {
  const types = ENV_READ_TYPES[lang];
  const anchorSource = ENV_ANCHORS[lang];
  if (!types || !anchorSource) return [];
  // Imported aliases (`from os import environ as E`) may not contain the anchor text.
  const a = envAliases(root, lang);
  const extra = [...a.environ, ...a.getenv, ...a.os].filter((x) => x !== 'os' && !/env/i.test(x)).map((x) => `\\b${escapeRegExp(x)}\\b`);
  const anchor = new RegExp([anchorSource, ...extra].join('|'), 'gi');
  const out: EnvRead[] = [];
  const done = new Set<number>();
  const consider = (n: Node) => {
    if (done.has(n.id) || !types.includes(n.type)) return;
    done.add(n.id);
    const r = envReadAt(n, lang);
    if (r) out.push(r);
  };
  anchoredNodes(root, anchor, 6, (n) => {
    consider(n);
    // `const { A, B = 1 } = process.env`: the reads are the pattern's elements.
    if (isJs(lang) && (n.type === 'member_expression' || n.type === 'identifier')) {
      const p = n.parent;
      const pattern = p?.type === 'variable_declarator' && same(field(p, 'value'), n) ? field(p, 'name')
        : p?.type === 'assignment_expression' && same(field(p, 'right'), n) ? field(p, 'left') : undefined;
      if (pattern?.type === 'object_pattern') for (const c of namedKids(pattern)) consider(c);
    }
  });
  out.sort((x, y) => x.node.startIndex - y.node.startIndex);
  return out;
}

// --- isEnvDefault ---------------------------------------------------------------------

function isTransparentForDefault(p: Node, cur: Node, lang: Lang): boolean {
  if (isValueWrapper(p, cur, lang)) return true;
  const t = ternaryParts(p, lang);
  if (t && t.branches.some((b) => same(b, cur))) {
    // A ternary inside a default: `process.env.X || (prod ? 'a' : 'b')`. Not when the ternary itself is the env test.
    return !t.condition || !containsEnvRead(t.condition, lang);
  }
  if (lang === 'php' && p.type === 'argument' && !field(p, 'name')) return false; // handled by callOfArgument
  return false;
}

/** Is `valueNode` the fallback of an env read (`process.env.X || 'v'`, `os.environ.get('X', 'v')`...)? */
/** Parent types where a default can sit (anything else ends the search at once). */
const DEFAULT_CONTEXT_TYPES = new Set([
  'binary_expression', 'boolean_operator', 'binary', 'conditional_expression', 'augmented_assignment_expression', 'operator_assignment',
  'arguments', 'argument_list', 'argument', 'keyword_argument', 'pair', 'block_body', 'body_statement', 'lambda_expression',
  'ternary_expression', 'conditional', 'object_assignment_pattern', 'assignment_pattern', 'expression_list',
]);

export function isEnvDefault(valueNode: Node, lang: LanguageId): boolean {
  let cur = valueNode;
  for (let i = 0; i < 12; i++) {
    const p = cur.parent;
    if (!p) return false;
    const pt = p.type;
    if (!DEFAULT_CONTEXT_TYPES.has(pt) && !PASS_THROUGH_TYPES.has(pt)) return false;
    if (isDefaultPosition(cur, p, lang)) return true;
    if (!isTransparentForDefault(p, cur, lang)) return false;
    cur = p;
  }
  return false;
}

function isDefaultPosition(cur: Node, p: Node, lang: Lang): boolean {
  // X || v, X ?? v, X or v, X ?: v
  const f = fallbackParts(p, lang);
  if (f && same(f.right, cur)) return containsEnvRead(f.left, lang);
  // ENV['X'] ||= v, process.env.X ??= v
  if (isFallbackAssignment(p, lang) && same(field(p, 'right'), cur)) {
    const left = field(p, 'left');
    return !!left && targetBinding(left, cur, lang).kind === 'env-write';
  }
  // Argument of a call: the read's own default, a coalescing call, a helper.
  const at = callOfArgument(cur, lang);
  if (at) {
    const r = directEnvRead(at.call, lang);
    if (r) return same(r.defaultNode, cur);
    if (at.keyword === undefined && at.index > 0) {
      const parts = calleeParts(at.call, lang);
      const args = callArgs(at.call, lang);
      if (parts && COALESCE_METHODS.test(parts.method) && (parts.method.toLowerCase() !== 'tostring' || parts.object === 'Objects')) {
        for (let j = 0; j < at.index; j++) if (containsEnvRead(args[j], lang)) return true;
      }
    }
    if (lang === 'java' && at.index === 0 && at.keyword === undefined && calleeParts(at.call, lang)?.method === 'orElse') return javaOptionalRead(at.call);
    return false;
  }
  // Java `orElseGet(() -> "v")`
  if (lang === 'java' && p.type === 'lambda_expression' && same(field(p, 'body'), cur)) {
    const at2 = callOfArgument(p, lang);
    if (at2 && calleeParts(at2.call, lang)?.method === 'orElseGet' && javaOptionalRead(at2.call)) return true;
  }
  // Ruby: ENV.fetch("X") { "v" }
  if (lang === 'ruby' && (p.type === 'block_body' || p.type === 'body_statement')) {
    const block = p.parent;
    const call = block?.parent;
    if (block && call?.type === 'call' && same(field(call, 'block'), block)) {
      const r = directEnvRead(call, lang);
      return !!r && same(r.defaultNode, cur);
    }
  }
  // Ternary: X != null ? X : v
  const t = ternaryParts(p, lang);
  if (t && t.condition && t.branches.length === 2 && t.branches.some((b) => same(b, cur))) {
    const other = t.branches.find((b) => !same(b, cur))!;
    const r = directEnvRead(unwrap(other, lang), lang);
    if (r?.name !== undefined && conditionMentions(t.condition, r.name, lang) && !containsEnvRead(cur, lang)) return true;
  }
  // const { PORT = 3000 } = process.env
  if (isJs(lang) && (p.type === 'object_assignment_pattern' || p.type === 'assignment_pattern') && same(field(p, 'right'), cur)) {
    let pat: Node | null = p.parent;
    if (p.type === 'assignment_pattern' && pat?.type === 'pair_pattern') pat = pat.parent;
    return pat?.type === 'object_pattern' && isEnvDestructure(pat, lang);
  }
  // Go: if v == "" { v = "d" }
  if (lang === 'go' && p.type === 'expression_list') {
    const assign = p.parent;
    if (assign?.type !== 'assignment_statement' || !same(field(assign, 'right'), p) || operatorOf(assign) !== '=') return false;
    const leftList = field(assign, 'left');
    const left = leftList ? namedKids(leftList) : [];
    if (left.length !== 1 || left[0].type !== 'identifier' || namedKids(p).length !== 1) return false;
    let ifStmt: Node | null = assign.parent;
    if (ifStmt?.type === 'statement_list') ifStmt = ifStmt.parent;
    if (ifStmt?.type === 'block') ifStmt = ifStmt.parent;
    if (ifStmt?.type !== 'if_statement') return false;
    const init = field(ifStmt, 'initializer');
    const candidates = [init, prevNamedNonComment(ifStmt)].filter((x): x is Node => !!x);
    for (const decl of candidates) {
      const target = decl.type === 'var_declaration' ? namedKids(decl)[0] : decl;
      const valueList = target ? field(target, target.type === 'var_spec' ? 'value' : 'right') : undefined;
      const value = valueList ? namedKids(valueList)[0] : undefined;
      if (!value || !directEnvRead(value, lang)) continue;
      const d = goAssignedDefault(value);
      if (same(d, cur)) return true;
    }
  }
  return false;
}

/** `Optional.ofNullable(System.getenv("X"))[.map(...)]` as the receiver chain of `call`. */
function javaOptionalRead(call: Node): boolean {
  let c = field(call, 'object');
  for (let k = 0; c && k < 5; k++) {
    if (c.type !== 'method_invocation') return false;
    const m = field(c, 'name')?.text;
    if ((m === 'ofNullable' || m === 'of') && field(c, 'object')?.text === 'Optional') {
      const a = callArgs(c, 'java')[0];
      return !!a && containsEnvRead(a, 'java');
    }
    if (m !== 'map' && m !== 'filter' && m !== 'flatMap') return false;
    c = field(c, 'object');
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Imports
// ---------------------------------------------------------------------------------------

export interface ImportInfo {
  /** Module as written: 'express', './x', 'os.path', '.rel' (Python relative), 'java.util.List', 'Foo\\Bar'. */
  module: string;
  node: Node;
  kind: 'import' | 'require' | 'dynamic' | 'use' | 'include';
  /** Python `from m import a, b`: the imported names. */
  names?: string[];
  /**
   * The installable package a bare module belongs to: JS `lodash/fp` -> `lodash`, `@scope/pkg/x` -> `@scope/pkg`;
   * Python `a.b.c` -> `a`; Ruby `require 'foo/bar'` -> `foo`. Undefined for relative/local modules and other languages.
   */
  topLevel?: string;
}

function topLevelOf(module: string, lang: Lang, kind: ImportInfo['kind'], node: Node): string | undefined {
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      if (/^(\.|\/|[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/.test(module) || !module) return undefined;
      const parts = module.split('/');
      return module.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
    }
    case 'python':
      return module.startsWith('.') ? undefined : module.split('.')[0];
    case 'ruby':
      if (kind !== 'require' || field(node, 'method')?.text !== 'require' || /^(\.|\/)/.test(module)) return undefined;
      return module.split('/')[0] || undefined;
    default:
      return undefined;
  }
}

const IMPORT_TYPES: Record<string, readonly string[]> = {
  javascript: ['import_statement', 'export_statement', 'call_expression'],
  typescript: ['import_statement', 'export_statement', 'call_expression'],
  python: ['import_statement', 'import_from_statement', 'future_import_statement', 'call'],
  go: ['import_spec'],
  ruby: ['call'],
  java: ['import_declaration'],
  php: ['namespace_use_declaration', 'require_expression', 'require_once_expression', 'include_expression', 'include_once_expression'],
};

/**
 * Keywords every import node of a language holds at most `levels` levels below it (the
 * keyword token, or the callee of `require(...)`, `__import__(...)`): imports are looked for
 * only around them, not over the whole tree.
 */
const IMPORT_KEYWORDS: Record<string, WordAnchors> = {
  // JavaScript: `export` alone is every exported declaration; a re-export is found by its `from '...'`.
  // (`from` and the quote after it are found in two steps: a pattern of bounded length is
  // scanned again only around an edit, `findImports`.)
  javascript: { anchor: /\brequire\b|\bimport\b|\bfrom\b/g, types: new Set(['import_statement', 'export_statement', 'call_expression']), levels: 2 },
  typescript: { anchor: /\brequire\b|\bimport\b|\bfrom\b/g, types: new Set(['import_statement', 'export_statement', 'call_expression']), levels: 2 },
  // Python: also `__import__(...)` and `importlib.import_module(...)`.
  python: { anchor: /import/g, types: new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'call']), levels: 2 },
  go: { anchor: /\bimport\b/g, types: new Set(['import_declaration']), levels: 1 },
  ruby: { anchor: /require/g, types: new Set(['call']), levels: 2 },
  java: { anchor: /\bimport\b/g, types: new Set(['import_declaration']), levels: 1 },
  php: {
    anchor: /\b(?:use|require_once|require|include_once|include)\b/gi,
    types: new Set(['namespace_use_declaration', 'require_expression', 'require_once_expression', 'include_expression', 'include_once_expression']),
    levels: 1,
  },
};

/**
 * Modules imported or required under `root`, in document order: found around the import
 * keywords ('whole-tree': by a walk over every node, the reference the tests compare with).
 */
export function findImports(root: Node, lang: LanguageId, how: 'anchored' | 'whole-tree' = 'anchored'): ImportInfo[] {
  const types = IMPORT_TYPES[lang];
  if (!types) return [];
  const out: ImportInfo[] = [];
  const k = IMPORT_KEYWORDS[lang];
  const base = root.startIndex;
  const roots = k && how === 'anchored'
    ? rootsNear(root, importKeywordSpans(root.text, k.anchor, lang).map((sp) => ({ start: sp.start + base, end: sp.end + base })), k.types, k.levels)
    : [root];
  for (const r of roots) {
    for (const n of r.descendantsOfType(types as string[])) if (n) importsOf(n, lang, out);
  }
  return withTopLevel(out, lang);
}

/** After `from` in JavaScript, what makes it a re-export's or an import's (`from '...'`). */
const FROM_QUOTE = /\s*['"`]/y;

/** The spans of a language's import keywords; in JavaScript, `from` only with a quote after it (and up to the quote). */
function importKeywordSpans(text: string, anchor: RegExp, lang: LanguageId): TextSpan[] {
  const spans = spansOf(text, anchor);
  if (lang !== 'javascript' && lang !== 'typescript') return spans;
  const out: TextSpan[] = [];
  for (const sp of spans) {
    if (sp.end - sp.start !== 4 || !text.startsWith('from', sp.start)) { out.push(sp); continue; }
    FROM_QUOTE.lastIndex = sp.end;
    const m = FROM_QUOTE.exec(text);
    if (m) out.push({ start: sp.start, end: sp.end + m[0].length });
  }
  return out;
}

function withTopLevel(out: ImportInfo[], lang: Lang): ImportInfo[] {
  for (const i of out) {
    const t = topLevelOf(i.module, lang, i.kind, i.node);
    if (t !== undefined) i.topLevel = t;
  }
  return out;
}


function importsOf(n: Node, lang: Lang, out: ImportInfo[]): void {
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      if (n.type === 'import_statement') {
        const src = field(n, 'source');
        if (src) {
          const m = stringValue(src, lang);
          if (m !== undefined) out.push({ module: m, node: n, kind: 'import' });
          return;
        }
        const req = namedKids(n).find((c) => c.type === 'import_require_clause');
        const s = req ? field(req, 'source') : undefined;
        const m = s ? stringValue(s, lang) : undefined;
        if (m !== undefined) out.push({ module: m, node: n, kind: 'require' });
        return;
      }
      if (n.type === 'export_statement') {
        const src = field(n, 'source');
        const m = src ? stringValue(src, lang) : undefined;
        if (m !== undefined) out.push({ module: m, node: n, kind: 'import' });
        return;
      }
      const fn = field(n, 'function');
      if (!fn) return;
      const kind = fn.type === 'import' ? 'dynamic' : fn.type === 'identifier' && fn.text === 'require' ? 'require' : undefined;
      if (!kind) return;
      const a = positionalArg(n, lang, 0);
      const m = a ? stringValue(a, lang) : undefined;
      if (m !== undefined) out.push({ module: m, node: n, kind });
      return;
    }
    case 'python': {
      if (n.type === 'import_statement') {
        for (const name of n.childrenForFieldName('name')) {
          if (!name) continue;
          const mod = name.type === 'aliased_import' ? field(name, 'name')?.text : name.text;
          if (mod) out.push({ module: mod, node: n, kind: 'import' });
        }
        return;
      }
      if (n.type === 'import_from_statement') {
        const mod = field(n, 'module_name');
        if (!mod) return;
        const names = n.childrenForFieldName('name').filter((x): x is Node => !!x)
          .map((x) => (x.type === 'aliased_import' ? field(x, 'name')?.text ?? '' : x.text));
        if (hasChildOfType(n, ['wildcard_import'])) names.push('*');
        out.push({ module: mod.text.replace(/\s+/g, ''), node: n, kind: 'import', names });
        return;
      }
      if (n.type === 'future_import_statement') {
        out.push({ module: '__future__', node: n, kind: 'import' });
        return;
      }
      const parts = calleeParts(n, lang);
      if (parts && (parts.callee === '__import__' || parts.callee === 'importlib.import_module' || parts.callee === 'import_module')) {
        const a = positionalArg(n, lang, 0);
        const m = a ? stringValue(a, lang) : undefined;
        if (m !== undefined) out.push({ module: m, node: n, kind: 'dynamic' });
      }
      return;
    }
    case 'go': {
      const path = field(n, 'path');
      const m = path ? stringValue(path, lang) : undefined;
      if (m !== undefined) out.push({ module: m, node: n, kind: 'import' });
      return;
    }
    case 'ruby': {
      if (field(n, 'receiver')) return;
      const method = field(n, 'method')?.text;
      if (method !== 'require' && method !== 'require_relative') return;
      const a = positionalArg(n, lang, 0);
      const m = a ? stringValue(a, lang) : undefined;
      if (m !== undefined) out.push({ module: m, node: n, kind: 'require' });
      return;
    }
    case 'java': {
      const target = namedKids(n).find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
      if (!target) return;
      const star = namedKids(n).some((c) => c.type === 'asterisk');
      out.push({ module: compactText(target) + (star ? '.*' : ''), node: n, kind: 'import' });
      return;
    }
    case 'php': {
      if (n.type === 'namespace_use_declaration') {
        const group = field(n, 'body');
        const prefixNode = namedKids(n).find((c) => c.type === 'namespace_name');
        const prefix = group && prefixNode ? prefixNode.text.replace(/^\\/, '') + '\\' : '';
        const clauses = namedKids(group ?? n).filter((c) => c.type === 'namespace_use_clause');
        for (const c of clauses) {
          const target = namedKids(c).find((x) => x.type === 'qualified_name' || x.type === 'name');
          if (target) out.push({ module: prefix + target.text.replace(/^\\/, ''), node: n, kind: 'use' });
        }
        return;
      }
      const arg = namedKids(n)[0];
      if (!arg) return;
      let m = stringValue(unwrap(arg, lang), lang);
      if (m === undefined && arg.type === 'binary_expression' && operatorOf(arg) === '.') {
        const left = field(arg, 'left');
        const right = field(arg, 'right');
        if (left && right && (left.text === '__DIR__' || /^dirname\(\s*__FILE__\s*\)$/.test(left.text))) m = stringValue(right, lang);
      }
      if (m !== undefined) out.push({ module: m, node: n, kind: n.type.startsWith('include') ? 'include' : 'require' });
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------

const FUNCTION_TYPES: Record<string, readonly string[]> = {
  javascript: ['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function'],
  typescript: ['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function'],
  python: ['function_definition', 'lambda'],
  go: ['function_declaration', 'method_declaration', 'func_literal'],
  ruby: ['method', 'singleton_method', 'lambda', 'block', 'do_block'],
  java: ['method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'lambda_expression'],
  php: ['function_definition', 'method_declaration', 'anonymous_function', 'anonymous_function_creation_expression', 'arrow_function'],
};

/**
 * The function/method/lambda whose body holds `node` (Ruby blocks count: they are closures
 * run later, like JS callbacks), or undefined at module/class level. Python default values
 * and decorators run at definition time, so they belong to the enclosing scope.
 */
export function enclosingFunction(node: Node, lang: LanguageId): Node | undefined {
  const types = FUNCTION_TYPES[lang];
  if (!types) return undefined;
  let child = node;
  let p = node.parent;
  while (p) {
    if (types.includes(p.type)) {
      if (lang !== 'python' || same(field(p, 'body'), child)) return p;
    }
    child = p;
    p = p.parent;
  }
  return undefined;
}

/** How many ancestors a node has (asked only of nodes that start and end together). */
function depthOf(n: Node): number {
  let d = 0;
  for (let p = n.parent; p; p = p.parent) d++;
  return d;
}

/** Which of two nodes a walk of the tree meets first: the earlier one, or the enclosing one. */
export function walkOrder(a: Node, b: Node): number {
  return a.startIndex - b.startIndex || b.endIndex - a.endIndex || (a.id === b.id ? 0 : depthOf(a) - depthOf(b));
}

// ---------------------------------------------------------------------------------------
// Query matches found by walks (rules whose query was too costly to compile match in code)
// ---------------------------------------------------------------------------------------

/**
 * A match of a reference query found by a walk: its pattern, its captures, the pattern's root
 * node and the node where the query's cursor completes it (its last step).
 */
export interface WalkMatch { patternIndex: number; captures: { name: string; node: Node }[]; root: Node; done: Node }

/** A match with one node per capture, captures in the order given. */
export function walkMatch(patternIndex: number, root: Node, done: Node, captures: Record<string, Node>): WalkMatch {
  return { patternIndex, root, done, captures: Object.entries(captures).map(([name, node]) => ({ name, node })) };
}

/**
 * Matches in the order a query's cursor gives them over a tree: by the node where each
 * completes, then the outer match first, then by pattern.
 */
export function inQueryOrder(matches: WalkMatch[]): WalkMatch[] {
  return matches.sort((a, b) => walkOrder(a.done, b.done) || walkOrder(a.root, b.root) || a.patternIndex - b.patternIndex);
}

/** A reference query in code: the node types its patterns start at, and its matches rooted at one node. */
export interface NodeShape { types: string[]; match(n: Node, out: WalkMatch[]): void }

function shapeMatchesIn(root: Node, shape: NodeShape, out: WalkMatch[]): void {
  for (const n of root.descendantsOfType(shape.types)) if (n?.isNamed) shape.match(n, out);
}

/**
 * The query's matches under each root, root after root, as `context.query(source, root)`
 * gives them: each root's in the query's order.
 */
export function matchesUnder(roots: readonly Node[], shape: NodeShape): WalkMatch[] {
  return roots.flatMap((r) => {
    const out: WalkMatch[] = [];
    shapeMatchesIn(r, shape, out);
    return inQueryOrder(out);
  });
}

/**
 * The query's matches in the whole tree, in its order, found under the nodes around some words
 * (`rootsNear`: nodes of the shape's types at most `levels` above each word's smallest node).
 */
export function matchesNear(root: Node, spans: readonly TextSpan[], shape: NodeShape, levels: number): WalkMatch[] {
  if (spans.length === 0) return [];
  const out: WalkMatch[] = [];
  for (const r of rootsNear(root, spans, new Set(shape.types), levels)) shapeMatchesIn(r, shape, out);
  return inQueryOrder(out);
}

/**
 * For a rule's `facts`: the top-level statements holding a match of `re` (a global regex), each
 * as its type, error flag, node count and text, joined; one look-up per match, no walk. A
 * finding whose words are in one of them is then re-checked whenever that statement changes at
 * all, even when an edit outside the finding's own node re-parents it (a statement split in two).
 */
export function statementsHolding(text: string, root: Node | undefined, re: RegExp): string {
  const out: string[] = [];
  let end = -1;
  for (const m of text.matchAll(re)) {
    if (m.index < end) continue;
    const top = root?.firstNamedChildForIndex(m.index);
    if (!top || top.startIndex > m.index) {
      // Outside every statement: its offset stands for it, so any edit before it changes the facts.
      out.push(`?${m.index}`);
      continue;
    }
    end = top.endIndex;
    out.push(`${top.type}:${top.hasError ? 'E' : ''}${top.descendantCount}:${text.slice(top.startIndex, top.endIndex)}`);
  }
  return out.join('\u0000');
}
