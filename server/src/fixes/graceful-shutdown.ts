/**
 * Quick-fix builders that add graceful shutdown on SIGTERM (Factor IX) in the idiom of each
 * language: Node `server.close()`, Nest `enableShutdownHooks()`, Fastify `close()`, Python
 * `signal.signal` with `server.shutdown()` or a stop flag, Go `signal.NotifyContext` with
 * `http.Server.Shutdown`, Ruby `trap("TERM")`, Java shutdown hooks, PHP `pcntl_signal`.
 *
 * Every builder only inserts or rewrites around the node it was given, returns undefined
 * when the change would not be mechanical (a name already taken, an unusual statement
 * shape), and adds the imports it needs once, merged into the existing import block.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleContext } from '../engine/rule';
import type { Fix, TextEdit } from '../engine/types';
import { findImports } from '../analysis/syntax';
import { matchesIn } from '../engine/text-matches';

// ---------------------------------------------------------------------------------------
// Text utilities
// ---------------------------------------------------------------------------------------

function field(n: Node | null | undefined, name: string): Node | undefined {
  return n?.childForFieldName(name) ?? undefined;
}

function named(n: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && c.type !== 'comment') out.push(c);
  }
  return out;
}

/** The file's line break. */
export function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/** Offset of the start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  const i = text.lastIndexOf('\n', offset - 1);
  return i + 1;
}

/** Offset just after the line holding `offset` (after its line break; text length at the end). */
function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

/** Leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const s = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(s))?.[0] ?? '';
}

/** One indentation step as the file writes it (a tab, or the smallest space indent seen). */
function indentUnit(text: string): string {
  if (/^\t/m.test(text)) return '\t';
  let min = 0;
  for (const m of text.matchAll(/^( +)\S/gm)) if (min === 0 || m[1].length < min) min = m[1].length;
  return ' '.repeat(min >= 2 && min <= 8 ? min : 4);
}

function insertAt(context: RuleContext, offset: number, newText: string): TextEdit {
  return { range: context.rangeAt(offset, offset), newText };
}

function replace(context: RuleContext, start: number, end: number, newText: string): TextEdit {
  return { range: context.rangeAt(start, end), newText };
}

/** Whether `name` is used as an identifier anywhere in `scopeText` (a cheap, conservative conflict check). */
export function nameTaken(scopeText: string, name: string): boolean {
  return matchesIn(scopeText, new RegExp(`(^|[^\\w$])\\$?${name.replace(/\$/g, '\\$')}(?![\\w$])`));
}

/** Lines joined with the file's line break, each prefixed with `indent` (empty lines stay empty). */
function block(lines: string[], indent: string, eol: string): string {
  return lines.map((l) => (l ? indent + l : '')).join(eol);
}

// ---------------------------------------------------------------------------------------
// JavaScript / TypeScript
// ---------------------------------------------------------------------------------------

export type NodeServerKind = 'http' | 'fastify' | 'nest';

/**
 * Adds SIGTERM/SIGINT handlers after the statement that starts the server.
 * `statement` is the expression statement or declaration holding the `listen` call;
 * `serverName` is the variable that already holds the `http.Server` (undefined when the
 * listen call's result must be captured first); `receiver` is the app variable (Fastify, Nest).
 */
export function nodeShutdownFix(
  context: RuleContext,
  kind: NodeServerKind,
  statement: Node,
  serverName: string | undefined,
  receiver: string | undefined,
): Fix | undefined {
  const text = context.text;
  const eol = eolOf(text);
  const indent = indentAt(text, statement.startIndex);
  if (lineStart(text, statement.startIndex) + indent.length !== statement.startIndex) return undefined;
  const stmtEnd = statement.endIndex;
  // Only when nothing but a comment follows the statement on its line.
  const rest = text.slice(stmtEnd, lineEnd(text, stmtEnd)).trim();
  if (rest && !rest.startsWith('//')) return undefined;
  const atEnd = (lines: string): TextEdit => {
    if (!rest) return insertAt(context, stmtEnd, eol + lines);
    const next = lineEnd(text, stmtEnd);
    return next === text.length && !text.endsWith('\n') ? insertAt(context, next, eol + lines) : insertAt(context, next, lines + eol);
  };

  if (kind === 'nest') {
    if (!receiver) return undefined;
    return {
      title: `Call ${receiver}.enableShutdownHooks() so Nest closes the app on SIGTERM`,
      safety: 'suggestion', preferred: true,
      edits: [insertAt(context, statement.startIndex, `${receiver}.enableShutdownHooks();${eol}${indent}`)],
    };
  }
  if (kind === 'fastify') {
    if (!receiver) return undefined;
    const lines = ['SIGTERM', 'SIGINT'].map((s) => `process.on('${s}', () => ${receiver}.close().then(() => process.exit(0)));`);
    return {
      title: `Close ${receiver} on SIGTERM and SIGINT`, safety: 'suggestion', preferred: true,
      edits: [atEnd(block(lines, indent, eol))],
    };
  }
  const edits: TextEdit[] = [];
  let name = serverName;
  if (!name) {
    if (statement.type !== 'expression_statement') return undefined;
    name = ['server', 'httpServer'].find((n) => !nameTaken(text, n));
    if (!name) return undefined;
    edits.push(insertAt(context, statement.startIndex, `const ${name} = `));
  }
  const lines = ['SIGTERM', 'SIGINT'].map((s) => `process.on('${s}', () => ${name}.close(() => process.exit(0)));`);
  edits.push(atEnd(block(lines, indent, eol)));
  return { title: `Stop accepting connections and exit on SIGTERM (${name}.close())`, safety: 'suggestion', preferred: true, edits };
}

// ---------------------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------------------

/**
 * Edits adding `import <module>` for each module not imported yet, in isort order within
 * the file's first group of imports (plain imports sorted, before `from` imports).
 */
export function pythonImportEdits(context: RuleContext, modules: string[]): TextEdit[] | undefined {
  const root = context.tree?.rootNode;
  if (!root) return undefined;
  const text = context.text;
  const imported = new Set<string>();
  for (const i of findImports(root, 'python')) if (i.kind === 'import' && !i.names) imported.add(i.module);
  const missing = modules.filter((m) => !imported.has(m)).sort();
  if (missing.length === 0) return [];
  const eol = eolOf(text);
  const isImport = (c: Node) => c.type === 'import_statement' || c.type === 'import_from_statement' || c.type === 'future_import_statement';
  const top = named(root);
  const firstImport = top.findIndex(isImport);
  if (firstImport < 0) {
    const firstCode = top.find((c) => !(c.type === 'expression_statement' && c.namedChild(0)?.type === 'string'));
    const at = firstCode ? lineStart(text, firstCode.startIndex) : text.length;
    return [insertAt(context, at, missing.map((m) => `import ${m}`).join(eol) + eol + eol)];
  }
  // The first group: consecutive import lines (a blank line or other code ends it).
  const group: Node[] = [];
  for (let i = firstImport; i < top.length && isImport(top[i]); i++) {
    const prev = group[group.length - 1];
    if (prev && top[i].startPosition.row - prev.endPosition.row > 1) break;
    group.push(top[i]);
  }
  const edits = new Map<number, string[]>();
  for (const m of missing) {
    const before = group.find((g) => g.type === 'import_from_statement'
      || (g.type === 'import_statement' && (field(g, 'name')?.text ?? '').localeCompare(m) > 0));
    if (before && before.type !== 'future_import_statement') {
      const at = lineStart(text, before.startIndex);
      edits.set(at, [...(edits.get(at) ?? []), `import ${m}${eol}`]);
    } else {
      const last = group[group.length - 1];
      const at = lineEnd(text, last.endIndex);
      const atEof = at === text.length && !text.endsWith('\n');
      edits.set(at, [...(edits.get(at) ?? []), atEof ? `${eol}import ${m}` : `import ${m}${eol}`]);
    }
  }
  return [...edits.entries()].map(([at, parts]) => insertAt(context, at, parts.join('')));
}

/** `server.serve_forever()` -> a SIGTERM handler that shuts the server down from another thread, inserted before it. */
export function pythonServeForeverFix(context: RuleContext, statement: Node, receiver: string): Fix | undefined {
  const text = context.text;
  const indent = indentAt(text, statement.startIndex);
  if (lineStart(text, statement.startIndex) + indent.length !== statement.startIndex) return undefined;
  const imports = pythonImportEdits(context, ['signal', 'threading']);
  if (!imports) return undefined;
  const eol = eolOf(text);
  const handler = `signal.signal(signal.SIGTERM, lambda signum, frame: threading.Thread(target=${receiver}.shutdown).start())`;
  return {
    title: `Shut ${receiver} down on SIGTERM`, safety: 'suggestion', preferred: true,
    edits: [...imports, insertAt(context, statement.startIndex, `${handler}${eol}${indent}`)],
  };
}

/** `while True:` worker loop -> stop after the current iteration once SIGTERM arrives. */
export function pythonStopFlagFix(context: RuleContext, loop: Node, condition: Node): Fix | undefined {
  const text = context.text;
  const indent = indentAt(text, loop.startIndex);
  if (lineStart(text, loop.startIndex) + indent.length !== loop.startIndex) return undefined;
  const flag = 'stop_requested';
  if (nameTaken(text, flag)) return undefined;
  const imports = pythonImportEdits(context, ['signal', 'threading']);
  if (!imports) return undefined;
  const eol = eolOf(text);
  const pre = [`${flag} = threading.Event()`, `signal.signal(signal.SIGTERM, lambda signum, frame: ${flag}.set())`];
  return {
    title: 'Finish the current job and stop on SIGTERM', safety: 'suggestion', preferred: true,
    edits: [
      ...imports,
      insertAt(context, loop.startIndex, pre.join(eol + indent) + eol + indent),
      replace(context, condition.startIndex, condition.endIndex, `not ${flag}.is_set()`),
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Go
// ---------------------------------------------------------------------------------------

/** Edits adding each missing standard-library import to the file's import block, in sorted position. */
export function goImportEdits(context: RuleContext, paths: string[]): TextEdit[] | undefined {
  const root = context.tree?.rootNode;
  if (!root) return undefined;
  const text = context.text;
  const eol = eolOf(text);
  const decls = named(root).filter((c) => c.type === 'import_declaration');
  const specs: { path: string; node: Node }[] = [];
  for (const d of decls) {
    for (const s of d.descendantsOfType('import_spec')) {
      if (!s) continue;
      const p = field(s, 'path')?.text.replace(/^["`]|["`]$/g, '');
      if (p !== undefined) specs.push({ path: p, node: s });
    }
  }
  const missing = paths.filter((p) => !specs.some((s) => s.path === p && !field(s.node, 'name'))).sort();
  if (missing.length === 0) return [];
  // A path imported under another name (or `_`/`.`) cannot be added again.
  if (missing.some((p) => specs.some((s) => s.path === p))) return undefined;
  const pkg = named(root).find((c) => c.type === 'package_clause');
  if (decls.length === 0) {
    if (!pkg) return undefined;
    const lines = missing.map((p) => `\t"${p}"`).join(eol);
    return [insertAt(context, pkg.endIndex, `${eol}${eol}import (${eol}${lines}${eol})`)];
  }
  const list = decls[0].descendantsOfType('import_spec_list')[0];
  if (!list) {
    // `import "net/http"` -> a parenthesised block.
    const only = specs.find((s) => s.node.parent?.id === decls[0].id);
    if (!only || decls[0].descendantsOfType('import_spec').length !== 1) return undefined;
    const all = [...missing.map((p) => `\t"${p}"`), `\t${only.node.text}`]
      .sort((a, b) => a.replace(/^\t(\w+ )?/, '').localeCompare(b.replace(/^\t(\w+ )?/, '')));
    return [replace(context, decls[0].startIndex, decls[0].endIndex, `import (${eol}${all.join(eol)}${eol})`)];
  }
  // The first group of the block (up to a blank line) is where the standard library goes.
  const inList = named(list).filter((c) => c.type === 'import_spec');
  const group: Node[] = [];
  for (const s of inList) {
    const prev = group[group.length - 1];
    if (prev && s.startPosition.row - prev.endPosition.row > 1) break;
    group.push(s);
  }
  const edits: TextEdit[] = [];
  const unit = indentAt(text, group[0]?.startIndex ?? list.startIndex) || '\t';
  for (const p of missing) {
    const before = group.find((s) => (field(s, 'path')?.text.replace(/^["`]|["`]$/g, '') ?? '') > p);
    if (before) edits.push(insertAt(context, lineStart(text, before.startIndex), `${unit}"${p}"${eol}`));
    else if (group.length) edits.push(insertAt(context, group[group.length - 1].endIndex, `${eol}${unit}"${p}"`));
    else edits.push(insertAt(context, list.startIndex + 1, `${eol}${unit}"${p}"`));
  }
  // Several insertions at the same offset must keep their sorted order: merge them.
  const merged = new Map<string, TextEdit>();
  for (const e of edits) {
    const k = `${e.range.start.line}:${e.range.start.character}`;
    const prev = merged.get(k);
    merged.set(k, prev ? { ...prev, newText: prev.newText + e.newText } : e);
  }
  return [...merged.values()];
}

/** `":"+port` as gofmt writes it outside call arguments (`":" + port`), for sums of operands. */
function gofmtSum(n: Node): string {
  if (n.type !== 'binary_expression') return n.text;
  const op = field(n, 'operator')?.text;
  const l = field(n, 'left');
  const r = field(n, 'right');
  if (op !== '+' || !l || !r || /\n/.test(n.text)) return n.text;
  return `${gofmtSum(l)} + ${gofmtSum(r)}`;
}

/**
 * `http.ListenAndServe(addr, h)` as the last statement of `main` (bare, wrapped in
 * `log.Fatal(...)`, or `if err := ...; err != nil {...}`) -> an `http.Server` started in a
 * goroutine and shut down on SIGTERM/SIGINT.
 */
export function goListenAndServeFix(context: RuleContext, call: Node, mainBody: Node): Fix | undefined {
  const text = context.text;
  const fn = field(call, 'function');
  const method = fn ? field(fn, 'field')?.text : undefined;
  if (fn?.type !== 'selector_expression' || field(fn, 'operand')?.text !== 'http') return undefined;
  if (method !== 'ListenAndServe' && method !== 'ListenAndServeTLS') return undefined;
  const args = named(field(call, 'arguments') ?? call);
  if (args.length !== (method === 'ListenAndServe' ? 2 : 4)) return undefined;
  const addr = gofmtSum(args[0]);
  const handler = args[args.length - 1].text;
  const extra = method === 'ListenAndServeTLS' ? `${args[1].text}, ${args[2].text}` : '';

  // The statement holding the call, and what it does with the error.
  let stmt: Node | undefined;
  let onError: string[] | undefined;
  const p = call.parent;
  if (p?.type === 'expression_statement') {
    stmt = p;
    onError = ['log.Fatal(err)'];
  } else if (p?.type === 'argument_list' && p.parent?.type === 'call_expression' && p.parent.parent?.type === 'expression_statement') {
    const wrap = field(p.parent, 'function')?.text ?? '';
    if (!/^log\.(Fatal|Fatalln|Panic|Panicln)$/.test(wrap) || named(p).length !== 1) return undefined;
    stmt = p.parent.parent;
    onError = [`${wrap}(err)`];
  } else if (p?.type === 'expression_list' && p.parent?.type === 'short_var_declaration' && p.parent.parent?.type === 'if_statement') {
    const decl = p.parent;
    const ifs = decl.parent!;
    const left = field(decl, 'left');
    if (field(ifs, 'initializer')?.id !== decl.id || left?.text !== 'err' || field(ifs, 'alternative')) return undefined;
    if (!/^err\s*!=\s*nil$/.test(field(ifs, 'condition')?.text ?? '')) return undefined;
    const cons = field(ifs, 'consequence');
    if (!cons) return undefined;
    stmt = ifs;
    const inner = text.slice(cons.startIndex + 1, cons.endIndex - 1).replace(/^[ \t]*\r?\n|\s+$/g, '');
    const base = indentAt(text, ifs.startIndex) + indentUnit(text);
    onError = inner.split(/\r?\n/).map((l) => (l.startsWith(base) ? l.slice(base.length) : l.trim()));
  }
  if (!stmt || !onError) return undefined;

  // Only as main's last statement, where the server is meant to run until the process ends.
  const list = named(mainBody).find((c) => c.type === 'statement_list') ?? mainBody;
  const stmts = named(list);
  if (stmts[stmts.length - 1]?.id !== stmt.id) return undefined;
  const bodyText = mainBody.text;
  for (const n of ['srv', 'ctx', 'stop', 'shutdownCtx', 'cancel', 'context', 'signal', 'syscall', 'time']) if (nameTaken(bodyText, n)) return undefined;
  // A non-standard `log` (zerolog's `log.Fatal()` returns an event) would not compile.
  for (const i of findImports(context.tree!.rootNode, 'go')) {
    const alias = field(i.node, 'name')?.text;
    if ((alias === 'log' && i.module !== 'log') || (i.module !== 'log' && /\/log$/.test(i.module) && !alias)) return undefined;
    if ((alias && ['context', 'signal', 'syscall', 'time', 'os'].includes(alias)) || (i.module !== 'os' && /\/os$/.test(i.module))) return undefined;
  }
  const imports = goImportEdits(context, ['context', 'log', 'os', 'os/signal', 'syscall', 'time']);
  if (!imports) return undefined;

  const eol = eolOf(text);
  const indent = indentAt(text, stmt.startIndex);
  const unit = indentUnit(text);
  const serve = method === 'ListenAndServe' ? 'srv.ListenAndServe()' : `srv.ListenAndServeTLS(${extra})`;
  const lines = [
    `srv := &http.Server{Addr: ${addr}, Handler: ${handler}}`,
    'go func() {',
    `${unit}if err := ${serve}; err != nil && err != http.ErrServerClosed {`,
    ...onError.map((l) => (l ? `${unit}${unit}${l}` : '')),
    `${unit}}`,
    '}()',
    '',
    'ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)',
    'defer stop()',
    '<-ctx.Done()',
    '',
    'shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)',
    'defer cancel()',
    'if err := srv.Shutdown(shutdownCtx); err != nil {',
    `${unit}log.Printf("shutdown: %v", err)`,
    '}',
  ];
  const body = block(lines, indent, eol).slice(indent.length);
  return {
    title: 'Run the server until SIGTERM, then shut it down gracefully (http.Server.Shutdown)', safety: 'suggestion', preferred: true,
    edits: [...imports, replace(context, stmt.startIndex, stmt.endIndex, body)],
  };
}

// ---------------------------------------------------------------------------------------
// Ruby, Java, PHP
// ---------------------------------------------------------------------------------------

/** `server.start` (WEBrick) -> `trap("TERM") { server.shutdown }` before it. */
export function rubyTrapFix(context: RuleContext, statement: Node, receiver: string): Fix | undefined {
  const text = context.text;
  const indent = indentAt(text, statement.startIndex);
  if (lineStart(text, statement.startIndex) + indent.length !== statement.startIndex) return undefined;
  const eol = eolOf(text);
  return {
    title: `Shut ${receiver} down on SIGTERM (trap("TERM"))`, safety: 'suggestion', preferred: true,
    edits: [insertAt(context, statement.startIndex, `trap("TERM") { ${receiver}.shutdown }${eol}${indent}`)],
  };
}

/** `server.start();` (com.sun.net.httpserver) -> a shutdown hook that stops the server, after it. */
export function javaShutdownHookFix(context: RuleContext, statement: Node, receiver: string): Fix | undefined {
  const text = context.text;
  const indent = indentAt(text, statement.startIndex);
  const eol = eolOf(text);
  const rest = text.slice(statement.endIndex, lineEnd(text, statement.endIndex)).trim();
  if (rest) return undefined;
  return {
    title: `Stop ${receiver} in a shutdown hook (runs on SIGTERM)`, safety: 'suggestion', preferred: true,
    edits: [insertAt(context, statement.endIndex, `${eol}${indent}Runtime.getRuntime().addShutdownHook(new Thread(() -> ${receiver}.stop(5)));`)],
  };
}

/** `while (true) {` worker loop -> stop after the current job once SIGTERM arrives (pcntl). */
export function phpStopFlagFix(context: RuleContext, loop: Node, condition: Node): Fix | undefined {
  const text = context.text;
  const indent = indentAt(text, loop.startIndex);
  if (lineStart(text, loop.startIndex) + indent.length !== loop.startIndex) return undefined;
  if (nameTaken(text, '$stopRequested')) return undefined;
  const eol = eolOf(text);
  const pre = [
    '$stopRequested = false;',
    'pcntl_async_signals(true);',
    'pcntl_signal(SIGTERM, function () use (&$stopRequested) { $stopRequested = true; });',
  ];
  return {
    title: 'Finish the current job and stop on SIGTERM (pcntl_signal)', safety: 'suggestion', preferred: true,
    edits: [
      insertAt(context, loop.startIndex, pre.join(eol + indent) + eol + indent),
      replace(context, condition.startIndex, condition.endIndex, '!$stopRequested'),
    ],
  };
}
