/**
 * A Procfile command, read with the bash grammar (platforms run each command with
 * `bash -c` or `sh -c`) and flattened into plain data that the Procfile rules share: the
 * top-level steps (`a && b; c`), every simple command with its words, assignments and
 * redirections, every `&` that backgrounds something, and every variable expansion.
 *
 * The syntax tree is freed as soon as the model is built; models are memoised by command
 * text. Offsets are UTF-16 code units into the command text: add the command's start offset
 * in the Procfile to place them in the document. `sh -c '...'` / `bash -c "..."` scripts
 * whose text is literal are read too, their offsets mapped back into the command.
 *
 * The bash grammar must be loaded (`loadGrammar('bash')`; the engine's `prepare` does it for
 * Procfiles); without it `shellCommand` returns undefined.
 */
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { loadedGrammar, parse } from './tree-sitter';
import type { Span } from './procfile';

export interface Word extends Span {
  text: string;
  /** The value after quote removal, when it is literal (no expansion or substitution). */
  value?: string;
  /** The tree-sitter node type: word, number, string, raw_string, concatenation, ... */
  type: string;
}

export interface Assignment extends Span { name: string; value?: Word }

export interface Redirect extends Span {
  /** `>`, `>>`, `&>`, `&>>`, `>&`, `>|`, `<`... */
  op: string;
  /** The file descriptor before the operator (`2` in `2>err.log`). */
  fd?: string;
  target?: Word;
}

export interface SimpleCommand extends Span {
  assignments: Assignment[];
  /** The program; undefined for a bare assignment. */
  name?: Word;
  args: Word[];
  redirects: Redirect[];
  /** Inside a subshell, a substitution, a compound statement or an `sh -c` script. */
  nested: boolean;
}

export interface Step extends Span {
  /** The simple commands of this step (one, the parts of a pipeline, or all inside a compound). */
  commands: SimpleCommand[];
  pipeline: boolean;
  /** The operator that follows this step at the top level. */
  after?: Span & { op: '&&' | '||' | ';' | '&' | '\n' };
}

export interface Background extends Span {
  /** Nothing but blanks (or a comment) follows it in the whole command. */
  trailing: boolean;
  /** The top-level step it backgrounds, when it is at the top level. */
  step?: Step;
}

export interface VariableRef extends Span {
  name: string;
  braced: boolean;
  /** `${NAME:-default}` and friends: a value is supplied when the variable is unset. */
  hasDefault: boolean;
}

export interface ShellCommand {
  text: string;
  steps: Step[];
  commands: SimpleCommand[];
  backgrounds: Background[];
  variables: VariableRef[];
  /** Names assigned inside the command (`FOO=1 cmd`, `export FOO=1 && cmd`). */
  assigned: Set<string>;
  hasError: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);
const MAX_DEPTH = 2;

function unescapeWord(s: string): string {
  return s.replace(/\\(.)/gs, '$1');
}

function wordOf(node: Node, shift: number): Word {
  return { start: node.startIndex + shift, end: node.endIndex + shift, text: node.text, value: staticValue(node), type: node.type };
}

/** The literal value of a word node, or undefined when it expands anything. */
export function staticValue(node: Node): string | undefined {
  switch (node.type) {
    case 'word': return unescapeWord(node.text);
    case 'number': return node.text;
    case 'raw_string': return node.text.slice(1, -1);
    case 'string': {
      let out = '';
      for (const c of node.children) {
        if (!c) continue;
        if (c.type === '"') continue;
        if (c.type !== 'string_content') return undefined;
        out += c.text.replace(/\\([$`"\\\n])/g, '$1');
      }
      return out;
    }
    case 'concatenation': {
      let out = '';
      for (const c of node.children) {
        if (!c) continue;
        const v = staticValue(c);
        if (v === undefined) return undefined;
        out += v;
      }
      return out;
    }
    default: return undefined;
  }
}

interface Builder {
  model: ShellCommand;
  shift: number;
  depth: number;
}

function simpleCommand(b: Builder, node: Node, nested: boolean): SimpleCommand {
  const cmd: SimpleCommand = { start: node.startIndex + b.shift, end: node.endIndex + b.shift, assignments: [], args: [], redirects: [], nested: nested || b.depth > 0 };
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c) continue;
    const field = node.fieldNameForChild(i);
    if (c.type === 'variable_assignment') {
      const a = assignmentOf(b, c);
      if (a) cmd.assignments.push(a);
    } else if (c.type === 'command_name') {
      const inner = c.namedChildCount === 1 ? c.namedChild(0) : null;
      cmd.name = inner ? { ...wordOf(inner, b.shift), start: c.startIndex + b.shift, end: c.endIndex + b.shift, text: c.text } : wordOf(c, b.shift);
    } else if (c.type.endsWith('_redirect')) {
      cmd.redirects.push(redirectOf(b, c));
    } else if (field === 'argument' || (c.isNamed && c.type !== 'comment')) {
      cmd.args.push(wordOf(c, b.shift));
    }
  }
  return cmd;
}

function assignmentOf(b: Builder, node: Node): Assignment | undefined {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return undefined;
  const valueNode = node.childForFieldName('value');
  b.model.assigned.add(nameNode.text);
  return { start: node.startIndex + b.shift, end: node.endIndex + b.shift, name: nameNode.text, value: valueNode ? wordOf(valueNode, b.shift) : undefined };
}

function redirectOf(b: Builder, node: Node): Redirect {
  const r: Redirect = { start: node.startIndex + b.shift, end: node.endIndex + b.shift, op: '' };
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c) continue;
    const field = node.fieldNameForChild(i);
    if (field === 'descriptor' || c.type === 'file_descriptor') r.fd = c.text;
    else if (field === 'destination') r.target = wordOf(c, b.shift);
    else if (!c.isNamed && !r.op) r.op = c.type;
  }
  return r;
}

/** Collects every simple command under a node (pipelines, lists, compounds, substitutions). */
function collect(b: Builder, node: Node, nested: boolean, out: SimpleCommand[]): void {
  switch (node.type) {
    case 'command': {
      const cmd = simpleCommand(b, node, nested);
      out.push(cmd);
      b.model.commands.push(cmd);
      // Substitutions inside words hold commands too.
      for (const c of node.namedChildren) if (c) collectSubstitutions(b, c, out);
      readNestedScript(b, cmd);
      return;
    }
    case 'redirected_statement': {
      const body = node.childForFieldName('body');
      const redirects: Redirect[] = [];
      for (let i = 0; i < node.childCount; i++) {
        const c = node.child(i);
        if (c && node.fieldNameForChild(i) === 'redirect') redirects.push(redirectOf(b, c));
      }
      const before = out.length;
      if (body) collect(b, body, nested, out);
      const last = out[out.length - 1];
      if (out.length > before && last) last.redirects.push(...redirects);
      else if (redirects.length) {
        // `> file` alone, or a compound we could not read: keep the redirects on a synthetic command.
        const cmd: SimpleCommand = { start: node.startIndex + b.shift, end: node.endIndex + b.shift, assignments: [], args: [], redirects, nested: nested || b.depth > 0 };
        out.push(cmd);
        b.model.commands.push(cmd);
      }
      return;
    }
    case 'variable_assignment': {
      assignmentOf(b, node);
      return;
    }
    case 'declaration_command': {
      for (const c of node.namedChildren) if (c?.type === 'variable_assignment') assignmentOf(b, c);
      return;
    }
    case 'for_statement': {
      const variable = node.childForFieldName('variable');
      if (variable) b.model.assigned.add(variable.text);
      for (const c of node.namedChildren) if (c && c !== variable) collect(b, c, true, out);
      return;
    }
    case 'command_substitution':
    case 'process_substitution':
    case 'subshell':
      for (const c of node.namedChildren) if (c) collect(b, c, true, out);
      return;
    default:
      for (const c of node.namedChildren) if (c) collect(b, c, nested || !['list', 'pipeline', 'program', 'negated_command'].includes(node.type), out);
  }
}

function collectSubstitutions(b: Builder, node: Node, out: SimpleCommand[]): void {
  if (node.type === 'command_substitution' || node.type === 'process_substitution') {
    collect(b, node, true, out);
    return;
  }
  for (const c of node.namedChildren) if (c) collectSubstitutions(b, c, out);
}

/** `sh -c 'script'` (also behind `exec`, `env`...): reads the script when its text is literal, mapping offsets back. */
function readNestedScript(b: Builder, cmd: SimpleCommand): void {
  if (b.depth >= MAX_DEPTH) return;
  const inv = invocation(cmd);
  if (!inv || !SHELLS.has(inv.program)) return;
  const flag = inv.args.findIndex((a) => a.value !== undefined && /^-[a-z]*c[a-z]*$/.test(a.value));
  const script = flag >= 0 ? inv.args[flag + 1] : undefined;
  if (!script || script.value === undefined) return;
  let contentStart: number;
  if (script.type === 'raw_string') contentStart = script.start + 1;
  else if (script.type === 'string' && !script.text.includes('\\')) contentStart = script.start + 1;
  else if (script.type === 'word' && !script.text.includes('\\')) contentStart = script.start;
  else return;
  build(b.model, script.value, contentStart, b.depth + 1);
}

function flattenTop(b: Builder, node: Node, steps: Step[]): void {
  if (node.type === 'list') {
    let pendingOp: Step['after'];
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (!c) continue;
      if (!c.isNamed) {
        if (c.type === '&&' || c.type === '||') pendingOp = { start: c.startIndex + b.shift, end: c.endIndex + b.shift, op: c.type };
        continue;
      }
      if (c.type === 'comment') continue;
      if (pendingOp && steps.length) steps[steps.length - 1].after = pendingOp;
      pendingOp = undefined;
      flattenTop(b, c, steps);
    }
    return;
  }
  if (node.type === 'redirected_statement') {
    const body = node.childForFieldName('body');
    if (body?.type === 'list') {
      const before = steps.length;
      flattenTop(b, body, steps);
      // bash binds the redirection to the last command of the list.
      const redirects: Redirect[] = [];
      for (let i = 0; i < node.childCount; i++) {
        const c = node.child(i);
        if (c && node.fieldNameForChild(i) === 'redirect') redirects.push(redirectOf(b, c));
      }
      const last = steps[steps.length - 1];
      if (steps.length > before && last) {
        const cmd = last.commands[last.commands.length - 1];
        if (cmd) cmd.redirects.push(...redirects);
        last.end = node.endIndex + b.shift;
      }
      return;
    }
  }
  const commands: SimpleCommand[] = [];
  collect(b, node, !['command', 'redirected_statement', 'pipeline', 'negated_command'].includes(node.type), commands);
  steps.push({ start: node.startIndex + b.shift, end: node.endIndex + b.shift, commands, pipeline: node.type === 'pipeline' });
}

function collectVariables(b: Builder, node: Node): void {
  if (node.type === 'simple_expansion' || node.type === 'expansion') {
    const nameNode = node.namedChildren.find((c) => c?.type === 'variable_name');
    if (nameNode) {
      let hasDefault = false;
      if (node.type === 'expansion') {
        const op = node.childForFieldName('operator');
        hasDefault = !!op && !/\?/.test(op.type);
      }
      b.model.variables.push({ start: node.startIndex + b.shift, end: node.endIndex + b.shift, name: nameNode.text, braced: node.type === 'expansion', hasDefault });
    }
  }
  for (const c of node.namedChildren) if (c) collectVariables(b, c);
}

function collectBackgrounds(b: Builder, node: Node, text: string, steps: Step[] | undefined): void {
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c) continue;
    if (!c.isNamed && c.type === '&') {
      const start = c.startIndex + b.shift;
      const rest = text.slice(c.endIndex);
      const trailing = /^\s*(#.*)?$/s.test(rest);
      const step = steps?.find((s) => s.after && s.after.start === start);
      b.model.backgrounds.push({ start, end: c.endIndex + b.shift, trailing: trailing && b.depth === 0, step });
    } else if (c.isNamed) {
      collectBackgrounds(b, c, text, undefined);
    }
  }
}

/**
 * Past these, a command is not modelled (marked `hasError`): the walks below recurse, read
 * node texts and fetch children by index (linear per call in tree-sitter), so a command of
 * 20,000 `$(` took seconds. No real Procfile command comes near.
 */
const MAX_TREE_DEPTH = 256;
const MAX_TREE_NODES = 2_048;

/** Walks the tree with a cursor (constant time per step) and stops at the first limit passed. */
function beyondLimits(tree: Tree): boolean {
  const c = tree.walk();
  try {
    let depth = 0;
    for (let nodes = 1; ; nodes++) {
      if (nodes > MAX_TREE_NODES) return true;
      if (c.gotoFirstChild()) {
        if (++depth > MAX_TREE_DEPTH) return true;
        continue;
      }
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent()) return false;
        depth--;
      }
    }
  } finally {
    c.delete();
  }
}

function build(model: ShellCommand, text: string, shift: number, depth: number): void {
  const tree = parse('bash', text);
  if (!tree) {
    model.hasError = true;
    return;
  }
  try {
    if (beyondLimits(tree)) {
      model.hasError = true;
      return;
    }
    const root = tree.rootNode;
    if (root.hasError) model.hasError = true;
    const b: Builder = { model, shift, depth };
    const steps: Step[] = [];
    for (let i = 0; i < root.childCount; i++) {
      const c = root.child(i);
      if (!c) continue;
      if (!c.isNamed) {
        const last = steps[steps.length - 1];
        if ((c.type === ';' || c.type === '&' || c.type === '\n') && last && !last.after) {
          last.after = { start: c.startIndex + shift, end: c.endIndex + shift, op: c.type };
        }
        continue;
      }
      if (c.type === 'comment') continue;
      flattenTop(b, c, steps);
    }
    if (depth === 0) model.steps = steps;
    collectBackgrounds(b, root, text, depth === 0 ? steps : undefined);
    collectVariables(b, root);
  } finally {
    tree.delete();
  }
}

const CACHE_SIZE = 256;
const cache = new Map<string, ShellCommand | undefined>();

/**
 * The shell model of a command (memoised by text), or undefined when the bash grammar is not
 * loaded. Shared between callers: treat it as read-only.
 */
export function shellCommand(text: string): ShellCommand | undefined {
  if (cache.has(text)) return cache.get(text);
  if (!loadedGrammar('bash')) return undefined;
  const model: ShellCommand = { text, steps: [], commands: [], backgrounds: [], variables: [], assigned: new Set(), hasError: false };
  try {
    build(model, text, 0, 0);
  } catch {
    model.hasError = true;
  }
  model.commands.sort((a, b) => a.start - b.start);
  model.variables.sort((a, b) => a.start - b.start);
  model.backgrounds.sort((a, b) => a.start - b.start);
  cache.set(text, model);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return model;
}

// ---------------------------------------------------------------------------------------
// Reading a simple command: what program it runs, past the wrappers.

/** Wrappers that run the rest of the line as the real program. */
const WRAPPERS: Record<string, number> = {
  exec: 0, nohup: 0, time: 0, nice: 0, ionice: 0, chpst: 0, setsid: 0, stdbuf: 0, timeout: 1, xvfb_run: 0,
  dumb_init: 0, 'dumb-init': 0, tini: 0, 'newrelic-admin': 1, 'ddtrace-run': 0, 'opentelemetry-instrument': 0,
};

export interface Invocation {
  /** The program, base name and lower-cased (`puma`, `gunicorn`, `python`, `rails`...). */
  program: string;
  /** The word naming the program. */
  programWord: Word;
  /** Words after the program. */
  args: Word[];
  /** Wrapper words before it (`bundle exec`, `npx`, `poetry run`, `exec`, `env X=1`...). */
  wrappers: Word[];
  /** Assignments given through `env NAME=value` or `NAME=value` prefixes. */
  envAssignments: { name: string; value?: string; span: Span }[];
}

function baseName(s: string): string {
  return s.replace(/^.*\//, '').toLowerCase();
}

/**
 * The program a simple command really runs: `bundle exec puma` -> puma, `npx prisma` ->
 * prisma, `poetry run gunicorn` -> gunicorn, `exec env PORT=1 node` -> node, `python -m
 * uvicorn` -> uvicorn (with `python -m X`, X is the program).
 */
export function invocation(cmd: SimpleCommand): Invocation | undefined {
  if (!cmd.name) return undefined;
  const words = [cmd.name, ...cmd.args];
  const wrappers: Word[] = [];
  const envAssignments: Invocation['envAssignments'] = cmd.assignments.map((a) => ({ name: a.name, value: a.value?.value, span: { start: a.start, end: a.end } }));
  let i = 0;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const w = words[i].value;
    if (w === undefined) break;
    const name = baseName(w);
    if (name === 'env') {
      wrappers.push(words[i]);
      i++;
      while (i < words.length) {
        const v = words[i].value ?? '';
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v);
        if (m) { envAssignments.push({ name: m[1], value: m[2], span: { start: words[i].start, end: words[i].end } }); i++; continue; }
        if (/^-/.test(v)) { i++; continue; }
        break;
      }
      continue;
    }
    if ((name === 'bundle' || name === 'pipenv' || name === 'poetry' || name === 'pdm' || name === 'uv' || name === 'hatch' || name === 'rye') &&
        (words[i + 1]?.value === 'exec' || words[i + 1]?.value === 'run')) {
      wrappers.push(words[i], words[i + 1]);
      i += 2;
      continue;
    }
    if (name === 'npx' || name === 'pnpx' || name === 'bunx' || (name === 'pnpm' && words[i + 1]?.value === 'exec') || (name === 'yarn' && words[i + 1]?.value === 'exec')) {
      wrappers.push(words[i]);
      i += name === 'pnpm' || name === 'yarn' ? 2 : 1;
      while (i < words.length && /^-/.test(words[i].value ?? '')) i++;
      continue;
    }
    if (name in WRAPPERS) {
      wrappers.push(words[i]);
      i++;
      while (i < words.length && /^-/.test(words[i].value ?? '')) i++;
      i += WRAPPERS[name];
      continue;
    }
    if (/^python[0-9.]*$/.test(name) && words[i + 1]?.value === '-m' && words[i + 2]?.value) {
      wrappers.push(words[i], words[i + 1]);
      i += 2;
      break;
    }
    break;
  }
  const programWord = words[i];
  if (!programWord || programWord.value === undefined) return undefined;
  return { program: baseName(programWord.value), programWord, args: words.slice(i + 1), wrappers, envAssignments };
}

/** The value of an option: `--port 3000`, `--port=3000`, `-p3000`, `-p 3000` (the word and the span of the value). */
export interface OptionValue { flag: Word; value?: Word; /** For `--flag=value` and `-pVALUE`: the offset where the value starts inside `flag`. */ inline?: number }

export function findOption(args: readonly Word[], names: readonly string[]): OptionValue | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = a.value ?? a.text;
    for (const n of names) {
      if (v === n) return { flag: a, value: args[i + 1] };
      if (n.startsWith('--') && v.startsWith(`${n}=`)) return { flag: a, inline: n.length + 1 };
      if (/^-[A-Za-z]$/.test(n) && v.startsWith(n) && v.length > 2 && !v.startsWith('--') && a.type !== 'string') return { flag: a, inline: 2 };
    }
  }
  return undefined;
}

/** True when any word of the command mentions `$NAME`/`${NAME}` (e.g. `$PORT`). */
export function mentionsVariable(model: ShellCommand, cmd: Span, name: string): boolean {
  return model.variables.some((v) => v.name === name && v.start >= cmd.start && v.end <= cmd.end);
}
