/**
 * Following a name to the one value it is bound to, so that `const PORT = 3000;
 * app.listen(PORT)` is understood as listening on 3000, and a fix can rewrite the
 * declaration rather than the use.
 *
 * Precision first: a name is followed only when exactly one declaration in a visible
 * scope gives it a value and nothing else assigns to it (no `x = ...` elsewhere, no `+=`,
 * `++`, Go `&x`, Python `global x`), and no function between the use and the declaration
 * has a parameter of that name. Imports, parameters, fields set elsewhere and anything
 * ambiguous answer undefined.
 *
 * Runs one query over the file per name asked about: callers ask only for the few names
 * that reach a candidate, never for every identifier.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleContext } from '../engine/rule';
import type { LanguageId } from '../parsing/languages';
import { enclosingFunction } from '../analysis/syntax';
import { escapeRegExp } from '../engine/regexp';

type ResolveContext = Pick<RuleContext, 'language' | 'tree' | 'query'>;

export interface Definition {
  /** The identifier as declared. */
  name: string;
  /** The value expression the name is bound to. */
  value: Node;
  /** The declarator / assignment that binds it. */
  declaration: Node;
  /** Go: the `const_declaration` holding it (a fix that makes the value non-constant must turn it into `var`). */
  goConst?: Node;
}

const QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: `
    (variable_declarator name: (identifier) @name value: (_) @value) @decl
    (assignment_expression left: (identifier) @name) @assign
    (augmented_assignment_expression left: (identifier) @name) @assign
    (update_expression argument: (identifier) @name) @assign
    (for_in_statement left: (identifier) @name) @assign`,
  python: `
    (assignment left: (identifier) @name right: (_) @value) @decl
    (augmented_assignment left: (identifier) @name) @assign
    (for_statement left: (identifier) @name) @assign
    (global_statement (identifier) @name) @assign
    (nonlocal_statement (identifier) @name) @assign
    (as_pattern_target (identifier) @name) @assign
    (named_expression name: (identifier) @name) @assign`,
  go: `
    (short_var_declaration left: (expression_list (identifier) @name) right: (expression_list) @value) @decl
    (var_spec name: (identifier) @name value: (expression_list) @value) @decl
    (const_spec name: (identifier) @name value: (expression_list) @value) @decl
    (assignment_statement left: (expression_list (identifier) @name)) @assign
    (inc_statement (identifier) @name) @assign
    (dec_statement (identifier) @name) @assign
    (unary_expression operator: "&" operand: (identifier) @name) @assign`,
  ruby: `
    (assignment left: (identifier) @name right: (_) @value) @decl
    (assignment left: (constant) @name right: (_) @value) @decl
    (operator_assignment left: (identifier) @name) @assign
    (operator_assignment left: (constant) @name) @assign`,
  java: `
    (variable_declarator name: (identifier) @name value: (_) @value) @decl
    (assignment_expression left: (identifier) @name) @assign
    (assignment_expression left: (field_access field: (identifier) @name)) @assign
    (update_expression (identifier) @name) @assign`,
  php: `
    (assignment_expression left: (variable_name (name) @name) right: (_) @value) @decl
    (const_element (name) @name) @decl
    (augmented_assignment_expression left: (variable_name (name) @name)) @assign
    (reference_assignment_expression left: (variable_name (name) @name)) @assign
    (global_declaration (variable_name (name) @name)) @assign
    (update_expression (variable_name (name) @name)) @assign`,
};

/** Node types that open a block scope (for `let`/`const`/Go/Java locals). */
const BLOCK_SCOPES: Partial<Record<LanguageId, readonly string[]>> = {
  javascript: ['statement_block', 'program', 'class_body', 'switch_body', 'for_statement', 'for_in_statement'],
  typescript: ['statement_block', 'program', 'class_body', 'switch_body', 'for_statement', 'for_in_statement'],
  go: ['block', 'source_file', 'if_statement', 'for_statement', 'expression_switch_statement', 'type_switch_statement'],
  java: ['block', 'class_body', 'program', 'for_statement', 'enhanced_for_statement', 'try_with_resources_statement'],
};

function isAncestorOrSelf(anc: Node, n: Node): boolean {
  return n.startIndex >= anc.startIndex && n.endIndex <= anc.endIndex && isAncestorChain(anc, n);
}

function isAncestorChain(anc: Node, n: Node): boolean {
  for (let p: Node | null = n; p; p = p.parent) if (p.id === anc.id) return true;
  return false;
}

function sameNode(a: Node | undefined, b: Node | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

/** The scope a declaration binds in. */
function scopeOf(decl: Node, lang: LanguageId, root: Node): Node {
  const types = BLOCK_SCOPES[lang];
  if (types) {
    for (let p = decl.parent; p; p = p.parent) if (types.includes(p.type)) return p;
    return root;
  }
  return enclosingFunction(decl, lang) ?? root;
}

function parametersText(fn: Node): string {
  return (fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter'))?.text ?? '';
}

/** The value of a declaration match for `name` (multi-name Go declarations by position). */
function valueOf(decl: Node, value: Node, name: string, lang: LanguageId): Node | undefined {
  if (lang === 'go') {
    const names = decl.type === 'short_var_declaration'
      ? namedKids(decl.childForFieldName('left'))
      : decl.childrenForFieldName('name').filter((x): x is Node => !!x);
    const values = namedKids(value);
    const i = names.findIndex((n) => n.text === name);
    // `f, err := os.OpenFile(...)`: the first name is the call's first result.
    if (values.length === 1 && names.length > 1 && values[0].type === 'call_expression') return i === 0 ? values[0] : undefined;
    if (names.length !== values.length) return undefined;
    return i >= 0 ? values[i] : undefined;
  }
  if (lang === 'python') {
    let v = value;
    while (v.type === 'assignment') v = v.childForFieldName('right') ?? v;
    if (v.type === 'pattern_list' || v.type === 'expression_list') return undefined;
    return v;
  }
  if (lang === 'php' && decl.type === 'const_element') {
    const kids = namedKids(decl);
    return kids.length === 2 ? kids[1] : undefined;
  }
  return value;
}

function namedKids(n: Node | null | undefined): Node[] {
  const out: Node[] = [];
  if (!n) return out;
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && c.type !== 'comment') out.push(c);
  }
  return out;
}

/** The name an identifier-like use refers to (PHP `$port` -> `port`). */
function useName(use: Node, lang: LanguageId): string | undefined {
  if (lang === 'php') {
    if (use.type === 'variable_name') return use.namedChild(0)?.text;
    if (use.type === 'name') return use.text;
    return undefined;
  }
  return use.type === 'identifier' || use.type === 'constant' ? use.text : undefined;
}

/**
 * The single definition that gives the identifier `use` its value, or undefined when there
 * is none, several, or the name is assigned again somewhere.
 */
export function definitionOf(context: ResolveContext, use: Node): Definition | undefined {
  const lang = context.language;
  const root = context.tree?.rootNode;
  const source = QUERIES[lang] ?? (lang === 'typescript' ? QUERIES.javascript : undefined);
  const name = useName(use, lang);
  if (!root || !source || !name) return undefined;
  const useFn = enclosingFunction(use, lang);
  interface Cand { decl: Node; value: Node; scope: Node }
  const visible: Cand[] = [];
  const allScopes: Cand[] = [];
  const assigns: Node[] = [];
  for (const m of context.query(source)) {
    const nameNode = m.captures.find((c) => c.name === 'name')?.node;
    if (!nameNode || nameNode.text !== name) continue;
    const decl = m.captures.find((c) => c.name === 'decl')?.node;
    if (!decl) {
      const a = m.captures.find((c) => c.name === 'assign')?.node;
      if (a) assigns.push(a);
      continue;
    }
    // PHP constants are named without `$`, variables with it: keep to the same kind as the use.
    if (lang === 'php' && (decl.type === 'const_element') !== (use.type === 'name')) continue;
    const valueNode = decl.type === 'const_element' ? decl : m.captures.find((c) => c.name === 'value')?.node;
    if (!valueNode) continue;
    const value = valueOf(decl, valueNode, name, lang);
    if (!value) { assigns.push(decl); continue; }
    const scope = scopeOf(decl, lang, root);
    allScopes.push({ decl, value, scope });
    if (!isAncestorOrSelf(scope, use)) continue;
    // PHP functions see no outer variables (closures aside): same function only.
    if (lang === 'php' && decl.type !== 'const_element' && !sameNode(enclosingFunction(decl, lang) ?? root, useFn ?? root)) continue;
    visible.push({ decl, value, scope });
  }
  if (!visible.length) return undefined;
  // The innermost scope wins; two bindings there is a reassignment.
  visible.sort((a, b) => (b.scope.endIndex - b.scope.startIndex) - (a.scope.endIndex - a.scope.startIndex));
  const inner = visible[visible.length - 1];
  if (visible.filter((c) => sameNode(c.scope, inner.scope)).length !== 1) return undefined;
  // An assignment belongs to the innermost declaration whose scope holds it.
  const size = (n: Node) => n.endIndex - n.startIndex;
  for (const a of assigns) {
    if (!isAncestorOrSelf(inner.scope, a)) continue;
    const owners = allScopes.filter((c) => isAncestorOrSelf(c.scope, a)).sort((x, y) => size(x.scope) - size(y.scope));
    if (!owners.length || sameNode(owners[0].scope, inner.scope)) return undefined;
  }
  // A use in the same function as the declaration must come after it.
  const declFn = enclosingFunction(inner.decl, lang);
  if (sameNode(declFn ?? root, useFn ?? root) && inner.decl.startIndex > use.startIndex) return undefined;
  // No parameter of that name between the use and the declaration.
  const word = new RegExp(`(^|[^\\w$])${lang === 'php' ? '\\$' : ''}${escapeRegExp(name)}(?![\\w$])`);
  for (let fn = useFn; fn && !sameNode(fn, declFn); fn = enclosingFunction(fn, lang)) {
    if (word.test(parametersText(fn))) return undefined;
    if (!isAncestorOrSelf(inner.scope, fn)) break;
  }
  let goConst: Node | undefined;
  if (lang === 'go' && inner.decl.type === 'const_spec') goConst = inner.decl.parent ?? undefined;
  // Java fields are followed only when final (others may be set anywhere, by frameworks too).
  if (lang === 'java' && inner.decl.parent?.type === 'field_declaration') {
    const mods = namedKids(inner.decl.parent).find((c) => c.type === 'modifiers');
    if (!mods || !/\bfinal\b/.test(mods.text)) return undefined;
  }
  return { name, value: inner.value, declaration: inner.decl, goConst };
}
