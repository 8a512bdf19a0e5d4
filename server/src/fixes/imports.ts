/**
 * Adding an import once, merged into the file's existing imports, for quick fixes that
 * introduce a module (`import os`, Go `"os"`, a Java class). Each function returns the
 * edits to make (none when the import is already there), so a fix stays self-contained:
 * two fixes that need the same import produce the same edit.
 *
 * Placement follows the languages' conventions: Python after the docstring and
 * `__future__` imports, in alphabetical order among the leading `import x` lines; Go in
 * the standard-library group of the import block (a single `import "x"` becomes a block);
 * Java after the last import.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleContext } from '../engine/rule';
import type { TextEdit } from '../engine/types';
import { insertAt, replaceNode, eolOf } from './text-edits';

type ImportContext = Pick<RuleContext, 'rangeAt' | 'text' | 'tree'>;

function namedChildren(n: Node): Node[] {
  // One call for all children: `namedChild(i)` walks from the first child each time (quadratic on a wide root).
  return n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

// --- Python -----------------------------------------------------------------------------

/** First module of a Python `import a.b, c as d` name node: the name it binds (`a`, `d`). */
function pythonBoundName(name: Node): string | undefined {
  if (name.type === 'aliased_import') return name.childForFieldName('alias')?.text;
  if (name.type === 'dotted_name') return name.namedChild(0)?.text;
  return undefined;
}

function pythonImportModule(stmt: Node): string {
  const first = stmt.childrenForFieldName('name')[0];
  if (!first) return '';
  return (first.type === 'aliased_import' ? first.childForFieldName('name')?.text : first.text) ?? '';
}

/** Is `module` bound at module level by a plain `import` (`import os`, `import os.path`, `import x as os`)? */
export function pythonHasImport(context: ImportContext, module: string): boolean {
  const root = context.tree?.rootNode;
  if (!root) return false;
  for (const stmt of namedChildren(root)) {
    if (stmt.type !== 'import_statement') continue;
    for (const name of stmt.childrenForFieldName('name')) if (name && pythonBoundName(name) === module) return true;
  }
  return false;
}

/** Edits that add `import <module>` at module level unless it is already imported. */
export function pythonImport(context: ImportContext, module: string): TextEdit[] {
  const root = context.tree?.rootNode;
  if (!root || pythonHasImport(context, module)) return [];
  const eol = eolOf(context.text);
  const line = `import ${module}`;
  const stmts = namedChildren(root);
  let i = 0;
  const isDocstring = (s: Node) => s.type === 'expression_statement' && s.namedChildCount === 1 && s.namedChild(0)?.type === 'string';
  if (stmts[0] && isDocstring(stmts[0])) i = 1;
  const run: Node[] = [];
  for (let j = i; j < stmts.length; j++) {
    const t = stmts[j].type;
    if (t !== 'import_statement' && t !== 'import_from_statement' && t !== 'future_import_statement') break;
    run.push(stmts[j]);
  }
  if (run.length) {
    const plain = run.filter((s) => s.type === 'import_statement');
    const after = plain.find((s) => pythonImportModule(s) > module);
    if (after) return [insertAt(context, after.startIndex, line + eol)];
    if (plain.length) return [insertAt(context, plain[plain.length - 1].endIndex, eol + line)];
    const firstFrom = run.find((s) => s.type !== 'future_import_statement');
    if (firstFrom) return [insertAt(context, firstFrom.startIndex, line + eol)];
    return [insertAt(context, run[run.length - 1].endIndex, eol + line)];
  }
  if (i === 1) return [insertAt(context, stmts[0].endIndex, eol + line)];
  const first = stmts[0];
  if (!first) return [insertAt(context, context.text.length, (context.text && !context.text.endsWith('\n') ? eol : '') + line + eol)];
  return [insertAt(context, first.startIndex, line + eol + eol)];
}

// --- Go ---------------------------------------------------------------------------------

interface GoSpec { node: Node; path: string; alias?: string }

function goSpec(n: Node): GoSpec | undefined {
  const p = n.childForFieldName('path');
  if (!p) return undefined;
  return { node: n, path: p.text.replace(/^["`]|["`]$/g, ''), alias: n.childForFieldName('name')?.text };
}

/** The package name an import makes visible (`"net/http"` -> `http`, aliased -> alias). */
function goVisibleName(s: GoSpec): string {
  if (s.alias) return s.alias;
  const parts = s.path.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]; // github.com/labstack/echo/v4
  return last.replace(/\.v\d+$/, '').replace(/^go-|-go$/g, ''); // gopkg.in/natefinch/lumberjack.v2
}

/** Is the standard package `path` imported under its own name? */
export function goHasImport(context: ImportContext, path: string): boolean {
  const root = context.tree?.rootNode;
  if (!root) return false;
  return goSpecs(root).some((s) => s.path === path && (!s.alias || s.alias === path.slice(path.lastIndexOf('/') + 1)));
}

function goSpecs(root: Node): GoSpec[] {
  const out: GoSpec[] = [];
  for (const decl of namedChildren(root)) {
    if (decl.type !== 'import_declaration') continue;
    for (const c of namedChildren(decl)) {
      if (c.type === 'import_spec') { const s = goSpec(c); if (s) out.push(s); }
      if (c.type === 'import_spec_list') for (const x of namedChildren(c)) { if (x.type === 'import_spec') { const s = goSpec(x); if (s) out.push(s); } }
    }
  }
  return out;
}

/**
 * Edits that import the standard packages `paths` (e.g. `["cmp", "os"]`) unless already
 * imported. New specs go into the first group of the first import block, in order; a
 * single-spec `import "fmt"` becomes a block.
 */
export function goImports(context: ImportContext, paths: readonly string[]): TextEdit[] {
  const root = context.tree?.rootNode;
  if (!root) return [];
  const missing = [...new Set(paths)].filter((p) => !goHasImport(context, p)).sort();
  if (!missing.length) return [];
  const eol = eolOf(context.text);
  const decls = namedChildren(root).filter((d) => d.type === 'import_declaration');
  const withList = decls.find((d) => namedChildren(d).some((c) => c.type === 'import_spec_list'));
  const isStd = (p: string) => !p.split('/')[0].includes('.');
  if (withList) {
    const list = namedChildren(withList).find((c) => c.type === 'import_spec_list')!;
    const specs = namedChildren(list).filter((c) => c.type === 'import_spec');
    // The first group: specs up to the first blank line.
    const group: Node[] = [];
    for (const s of specs) {
      const prev = group[group.length - 1];
      if (prev && /\n[ \t]*\r?\n/.test(context.text.slice(prev.endIndex, s.startIndex))) break;
      group.push(s);
    }
    const indent = group.length ? (/[ \t]*$/.exec(context.text.slice(0, group[0].startIndex))?.[0] ?? '\t') : '\t';
    // No standard-library group yet: a new one before the others.
    if (!group.length || !isStd(goSpec(group[0])?.path ?? '')) {
      const at = group.length ? group[0].startIndex : list.startIndex + 1;
      const lines = missing.map((m) => `"${m}"`).join(`${eol}${indent}`);
      return [insertAt(context, at, group.length ? `${lines}${eol}${eol}${indent}` : `${eol}${indent}${lines}`)];
    }
    const byPosition = new Map<number, string[]>();
    for (const m of missing) {
      const before = group.find((s) => (goSpec(s)?.path ?? '') > m);
      if (before) {
        const at = before.startIndex;
        byPosition.set(at, [...(byPosition.get(at) ?? []), `"${m}"${eol}${indent}`]);
      } else {
        const at = group[group.length - 1].endIndex;
        byPosition.set(at, [...(byPosition.get(at) ?? []), `${eol}${indent}"${m}"`]);
      }
    }
    return [...byPosition.entries()].map(([at, parts]) => insertAt(context, at, parts.join('')));
  }
  if (decls.length) {
    // import "fmt"  ->  import (\n\t"fmt"\n\t"os"\n); a third-party import goes in its own group.
    const decl = decls[0];
    const spec = namedChildren(decl).find((c) => c.type === 'import_spec');
    const existing = spec ? goSpec(spec) : undefined;
    if (!spec || !existing) return [];
    const key = (l: string) => l.replace(/^[\w.]+\s+/, '');
    const std = missing.map((m) => `"${m}"`);
    let body: string[];
    if (isStd(existing.path)) body = [spec.text, ...std].sort((a, b) => key(a).localeCompare(key(b)));
    else body = [...std, '', spec.text];
    return [replaceNode(context, decl, `import (${eol}${body.map((l) => (l ? `\t${l}` : '')).join(eol)}${eol})`)];
  }
  const pkg = namedChildren(root).find((c) => c.type === 'package_clause');
  const block = missing.length === 1 ? `import "${missing[0]}"` : `import (${eol}${missing.map((m) => `\t"${m}"`).join(eol)}${eol})`;
  return pkg ? [insertAt(context, pkg.endIndex, eol + eol + block)] : [];
}

// --- Java -------------------------------------------------------------------------------

/**
 * Edits that import the class `fqcn` (`java.util.logging.ConsoleHandler`) unless it is
 * already visible by that import or its package's `*`; 'conflict' when another class of
 * the same simple name is imported (use the qualified name then).
 */
export function javaImport(context: ImportContext, fqcn: string): TextEdit[] | 'conflict' {
  const root = context.tree?.rootNode;
  if (!root) return [];
  const pkg = fqcn.slice(0, fqcn.lastIndexOf('.'));
  const simple = fqcn.slice(fqcn.lastIndexOf('.') + 1);
  const imports = namedChildren(root).filter((c) => c.type === 'import_declaration');
  for (const imp of imports) {
    const t = imp.text.replace(/\s+/g, ' ').replace(/^import\s+/, '').replace(/\s*;$/, '').replace(/\s/g, '');
    if (t.startsWith('static')) continue;
    if (t === fqcn || t === `${pkg}.*`) return [];
    if (t.endsWith(`.${simple}`)) return 'conflict';
  }
  const eol = eolOf(context.text);
  if (imports.length) return [insertAt(context, imports[imports.length - 1].endIndex, `${eol}import ${fqcn};`)];
  const pkgDecl = namedChildren(root).find((c) => c.type === 'package_declaration');
  if (pkgDecl) return [insertAt(context, pkgDecl.endIndex, `${eol}${eol}import ${fqcn};`)];
  return [insertAt(context, 0, `import ${fqcn};${eol}${eol}`)];
}

/**
 * Go rejects unused imports: edits that remove the import of each package the `removed`
 * code referred to and nothing else in the file still uses (`replacement` is the text that
 * takes its place).
 */
export function goUnusedImportRemovals(context: ImportContext & Pick<RuleContext, 'query'>, removed: Node, replacement: string): TextEdit[] {
  const root = context.tree?.rootNode;
  if (!root) return [];
  const refs = '[(selector_expression operand: (identifier) @p) (qualified_type package: (package_identifier) @p)]';
  const inside = new Set<string>();
  for (const m of context.query(refs, removed)) for (const c of m.captures) inside.add(c.node.text);
  const candidates = [...inside].filter((p) => !new RegExp(`\\b${p}\\.`).test(replacement));
  if (!candidates.length) return [];
  const stillUsed = new Set<string>();
  for (const m of context.query(refs)) {
    for (const c of m.captures) {
      if (c.node.startIndex >= removed.startIndex && c.node.endIndex <= removed.endIndex) continue;
      stillUsed.add(c.node.text);
    }
  }
  const edits: TextEdit[] = [];
  for (const spec of goSpecs(root)) {
    const name = goVisibleName(spec);
    if (!candidates.includes(name) || stillUsed.has(name)) continue;
    const decl = spec.node.parent?.type === 'import_declaration' ? spec.node.parent : undefined;
    const target = decl ?? spec.node;
    // The whole line (a lone `import "x"` declaration, or the spec's line in a block).
    const text = context.text;
    const lineStart = text.lastIndexOf('\n', target.startIndex - 1) + 1;
    let lineEnd = text.indexOf('\n', target.endIndex);
    lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
    if (/^[ \t]*$/.test(text.slice(lineStart, target.startIndex)) && /^[ \t]*\r?\n?$/.test(text.slice(target.endIndex, lineEnd))) {
      edits.push({ range: context.rangeAt(lineStart, lineEnd), newText: '' });
    } else {
      edits.push({ range: context.rangeAt(target.startIndex, target.endIndex), newText: '' });
    }
  }
  return edits;
}
