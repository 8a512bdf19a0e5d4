/**
 * Editor features for Procfiles: completion of process types, of the commands the
 * workspace's stack usually runs and of `$VARIABLES`; hovers on process types and
 * variables; one document symbol per process; "Run" code lenses.
 *
 * The lenses carry the command `twelveFactor.runProcess`, which the VS Code client
 * implements (the server does not: it neither lists it in `executeCommandProvider` nor
 * handles it). Its single argument is
 *
 *   { uri: string; name?: string; command?: string; all?: boolean }
 *
 * `uri` is the Procfile; `name` and `command` run one process type (`command` as written in
 * the Procfile); `all: true` runs every process of the Procfile. The client starts a
 * terminal in the Procfile's folder with the workspace `.env` loaded and `PORT` set.
 */
import * as path from 'path';
import {
  CompletionItemKind, MarkupKind, SymbolKind,
  type CodeLens, type CompletionItem, type DocumentSymbol, type Hover, type Position, type Range,
} from 'vscode-languageserver/node';
import type { FeatureContext, LanguageFeatureProvider } from './language-features';
import { parseProcfile, type Procfile, type ProcfileLine, type ProcfileProcess } from '../parsing/procfile';
import { shellCommand } from '../parsing/procfile-command';
import { loadGrammar } from '../parsing/tree-sitter';
import { detectStack, suggestCommands, type ProcessKind, type Stack } from '../analysis/project-stack';
import { envFileCandidates, PLATFORM_VARIABLES, readEnvFiles, type EnvView } from '../analysis/env-files';
import { classifySecret, isSecretName, redact } from '../analysis/secrets';

export const RUN_PROCESS_COMMAND = 'twelveFactor.runProcess';

/** The argument of `twelveFactor.runProcess`. */
export interface RunProcessArgs { uri: string; name?: string; command?: string; all?: boolean }

/** Local runners give each process type a port: 5000 for the first, +100 for each next. */
export const LOCAL_BASE_PORT = 5000;
export const LOCAL_PORT_STEP = 100;

export const PROCESS_TYPES: readonly { name: string; kind: ProcessKind; doc: string }[] = [
  {
    name: 'web', kind: 'web',
    doc: 'Receives HTTP traffic: the platform routes requests to the port it puts in `$PORT`, so the command must listen there. The only process type the router sends traffic to.',
  },
  {
    name: 'worker', kind: 'worker',
    doc: 'Processes background jobs (Sidekiq, Celery, a queue consumer). Receives no HTTP traffic; scale it on its own (`heroku ps:scale worker=2`).',
  },
  {
    name: 'release', kind: 'release',
    doc: 'Runs once per deploy, after the build and before the new release serves traffic (Heroku release phase, dokku): the place for database migrations. A failing release stops the deploy. Local runners (foreman, honcho, overmind) start it together with everything else.',
  },
  {
    name: 'clock', kind: 'clock',
    doc: 'A scheduler that enqueues periodic jobs (clockwork, celery beat, `schedule:work`). Run exactly one (`heroku ps:scale clock=1`): two clocks enqueue every job twice.',
  },
];

function markdown(value: string): { kind: 'markdown'; value: string } {
  return { kind: MarkupKind.Markdown, value };
}

function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
}

function rangeOf(ctx: FeatureContext, start: number, end: number): Range {
  return { start: ctx.doc.lines.positionAt(start), end: ctx.doc.lines.positionAt(end) };
}

function envOf(ctx: FeatureContext): EnvView {
  return readEnvFiles(ctx.project, envFileCandidates(ctx.settings, ctx.doc.fsPath, ctx.folder));
}

function displayPath(ctx: FeatureContext, file: string): string {
  return path.relative(path.dirname(ctx.doc.fsPath), file).split(path.sep).join('/') || path.basename(file);
}

/** The stack of the Procfile's folder, or of the workspace folder when its own has no manifest. */
function stackOf(ctx: FeatureContext): Stack {
  const own = detectStack(ctx.project, path.dirname(ctx.doc.fsPath));
  const empty = (s: Stack) => !s.node && !s.ruby && !s.python && !s.go && !s.java && !s.php;
  return empty(own) && ctx.folder !== own.dir ? detectStack(ctx.project, ctx.folder) : own;
}

function kindOf(name: string): ProcessKind {
  return PROCESS_TYPES.find((t) => t.name === name)?.kind ?? (/work|queue|job/.test(name) ? 'worker' : /clock|cron|sched|beat/.test(name) ? 'clock' : 'other');
}

/** The local port foreman, honcho and overmind give a process (5000 + 100 per process before it). */
export function localPort(proc: ProcfileProcess): number {
  return LOCAL_BASE_PORT + LOCAL_PORT_STEP * proc.index;
}

// ---------------------------------------------------------------------------------------
// Completion

function variableCompletions(ctx: FeatureContext, position: Position, lineText: string): CompletionItem[] | undefined {
  const before = lineText.slice(0, position.character);
  const m = /\$(\{)?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (!m) return undefined;
  const braced = !!m[1];
  const partial = m[2] ?? '';
  const range = { start: { line: position.line, character: position.character - partial.length }, end: position };
  const closing = braced && lineText[position.character] !== '}' ? '}' : '';
  const env = envOf(ctx);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const [name, decls] of env.declarations) {
    seen.add(name);
    items.push({
      label: name, kind: CompletionItemKind.Variable, detail: `declared in ${displayPath(ctx, decls[0].file)}`,
      textEdit: { range, newText: name + closing }, sortText: `0${name}`,
    });
  }
  for (const [name, doc] of PLATFORM_VARIABLES) {
    if (seen.has(name)) continue;
    items.push({
      label: name, kind: CompletionItemKind.Constant, detail: 'set by the platform', documentation: markdown(doc),
      textEdit: { range, newText: name + closing }, sortText: `${name === 'PORT' ? '0' : '1'}${name}`,
    });
  }
  return items;
}

function processTypeCompletions(ctx: FeatureContext, procfile: Procfile, line: ProcfileLine, position: Position, lineText: string): CompletionItem[] {
  const colon = lineText.indexOf(':');
  const hasColon = colon >= 0 && colon >= position.character;
  const range = { start: { line: position.line, character: 0 }, end: hasColon ? { line: position.line, character: colon } : position };
  const taken = new Set(procfile.processes.filter((p) => p.line !== line.line).map((p) => p.name.text));
  const items: CompletionItem[] = [];
  PROCESS_TYPES.forEach((t, i) => {
    if (taken.has(t.name)) return;
    items.push({
      label: t.name, kind: CompletionItemKind.Keyword, detail: 'process type', documentation: markdown(t.doc),
      textEdit: { range, newText: hasColon ? t.name : `${t.name}: ` }, sortText: `0${i}`,
    });
  });
  if (!hasColon && lineText.trim() === lineText.slice(0, position.character).trim()) {
    const suggestions = suggestCommands(stackOf(ctx));
    for (const s of suggestions) {
      if (s.kind === 'other' || taken.has(s.kind)) continue;
      const text = `${s.kind}: ${s.command}`;
      items.push({
        label: text, kind: CompletionItemKind.Value, detail: s.source, filterText: text,
        textEdit: { range: { start: range.start, end: { line: position.line, character: lineText.length } }, newText: text }, sortText: `1${text}`,
      });
    }
  }
  return items;
}

function commandCompletions(ctx: FeatureContext, line: ProcfileLine, position: Position): CompletionItem[] {
  const command = line.command;
  if (!command || !line.name) return [];
  const start = ctx.doc.lines.positionAt(command.start);
  if (start.line !== position.line || position.character < start.character) return [];
  const want = kindOf(line.name.text);
  const range = { start, end: position };
  return suggestCommands(stackOf(ctx)).map((s) => ({
    label: s.command, kind: CompletionItemKind.Snippet, detail: s.source, filterText: s.command,
    textEdit: { range, newText: s.command }, sortText: `${s.kind === want ? '0' : s.kind === 'other' ? '1' : '2'}${s.command}`,
  }));
}

function completion(ctx: FeatureContext, position: Position): CompletionItem[] {
  const procfile = parseProcfile(ctx.doc.text);
  const line = procfile.lines[position.line];
  if (!line || line.kind === 'comment') return [];
  const lineText = ctx.doc.lines.lineText(position.line);
  const variables = variableCompletions(ctx, position, lineText);
  if (variables) return variables;
  const before = lineText.slice(0, position.character);
  if (/^[A-Za-z0-9_-]*$/.test(before.replace(/^\uFEFF/, ''))) return processTypeCompletions(ctx, procfile, line, position, lineText);
  if (line.separator && ctx.doc.lines.offsetAt(position) >= line.separator.end) return commandCompletions(ctx, line, position);
  return [];
}

// ---------------------------------------------------------------------------------------
// Hover

function processHover(ctx: FeatureContext, proc: ProcfileProcess): Hover {
  const known = PROCESS_TYPES.find((t) => t.name === proc.name.text);
  const lines = [`**Process type ${code(proc.name.text)}**`, ''];
  lines.push(known ? known.doc : 'A process type of its own: the platform starts and scales it independently (`heroku ps:scale ' + proc.name.text + '=1`). It receives no HTTP traffic: only `web` does.');
  lines.push('', `Locally, foreman, honcho and overmind start it with \`PORT=${localPort(proc)}\`.`);
  return { contents: markdown(lines.join('\n')), range: rangeOf(ctx, proc.name.start, proc.name.end) };
}

/** What a hover may say of a declared value: never the value itself (env values stay out of every output). */
function valueText(name: string, value: string): string {
  if (isSecretName(name) || classifySecret(name, value)) return '•••••• (secret, hidden)';
  return value === '' ? 'empty' : 'set (value not shown)';
}

function variableHover(ctx: FeatureContext, proc: ProcfileProcess, name: string, range: Range): Hover {
  const lines = [`**${code(`$${name}`)}**`, ''];
  if (name === 'PORT') {
    lines.push('Set by the platform: the port this process must listen on (the router sends `web` traffic there).',
      '', `Locally, foreman, honcho and overmind set it to ${LOCAL_BASE_PORT} for the first process type and ${LOCAL_PORT_STEP} more for each next one: \`${proc.name.text}\` gets \`PORT=${localPort(proc)}\`.`);
    return { contents: markdown(lines.join('\n')), range };
  }
  const platform = PLATFORM_VARIABLES.get(name);
  if (platform) lines.push(`Set by the platform: ${platform}.`);
  const decls = envOf(ctx).declarations.get(name) ?? [];
  if (decls.length) {
    if (platform) lines.push('');
    lines.push('Declared in:');
    for (const d of decls) lines.push(`- ${code(displayPath(ctx, d.file))} line ${d.line + 1}: ${valueText(name, d.value)}`);
  } else if (!platform) {
    lines.push('Not declared in any env file: add it to `.env.example` so every deploy knows to set it.');
  }
  return { contents: markdown(lines.join('\n')), range };
}

async function hover(ctx: FeatureContext, position: Position): Promise<Hover | null> {
  const procfile = parseProcfile(ctx.doc.text);
  const line = procfile.lines[position.line];
  if (!line || line.kind !== 'process') return null;
  const proc = line as ProcfileProcess;
  const offset = ctx.doc.lines.offsetAt(position);
  if (offset >= proc.name.start && offset <= proc.name.end) return processHover(ctx, proc);
  if (offset < proc.command.start || offset > proc.command.end) return null;
  const rel = offset - proc.command.start;
  await loadGrammar('bash').catch(() => undefined);
  const model = shellCommand(proc.command.text);
  let found: { name: string; start: number; end: number } | undefined = model?.variables.find((v) => v.start <= rel && rel <= v.end);
  if (!model) {
    for (const m of proc.command.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const start = m.index ?? 0;
      const end = start + m[0].length + (proc.command.text[start + m[0].length] === '}' ? 1 : 0);
      if (start <= rel && rel <= end) found = { name: m[1], start, end };
    }
  }
  if (!found) return null;
  return variableHover(ctx, proc, found.name, rangeOf(ctx, proc.command.start + found.start, proc.command.start + found.end));
}

// ---------------------------------------------------------------------------------------
// Symbols and lenses

/**
 * A command as the outline may show it: inline variable values, URL passwords and
 * credential-shaped words masked (symbols travel over LSP and into traces and logs).
 */
export function maskedCommand(command: string): string {
  return command
    .replace(/(^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|)]+)/g, '$1$2=…')
    .replace(/(\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@'"]*):[^\s@/'"]+@/g, '$1:…@')
    .replace(/[^\s='"]{8,}/g, (word) => (classifySecret(undefined, word) ? redact(word) : word));
}

function documentSymbols(ctx: FeatureContext): DocumentSymbol[] {
  return parseProcfile(ctx.doc.text).processes.map((p) => ({
    name: p.name.text,
    detail: maskedCommand(p.command.text),
    kind: p.name.text === 'release' ? SymbolKind.Event : SymbolKind.Function,
    range: rangeOf(ctx, p.span.start, p.span.end),
    selectionRange: rangeOf(ctx, p.name.start, p.name.end),
  }));
}

function codeLenses(ctx: FeatureContext): CodeLens[] {
  const procfile = parseProcfile(ctx.doc.text);
  if (procfile.processes.length === 0) return [];
  const uri = ctx.doc.uri;
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const all: RunProcessArgs = { uri, all: true };
  const lenses: CodeLens[] = [{ range: top, command: { title: '▶ Run all', command: RUN_PROCESS_COMMAND, arguments: [all] } }];
  for (const p of procfile.processes) {
    // The command tells apart processes of the same name; one with an inline secret is sent by name only.
    const args: RunProcessArgs = maskedCommand(p.command.text) === p.command.text ? { uri, name: p.name.text, command: p.command.text } : { uri, name: p.name.text };
    lenses.push({ range: rangeOf(ctx, p.name.start, p.name.end), command: { title: `▶ Run ${p.name.text}`, command: RUN_PROCESS_COMMAND, arguments: [args] } });
  }
  return lenses;
}

export function procfileFeatures(): LanguageFeatureProvider {
  return { triggerCharacters: ['$', '{'], completion, hover, documentSymbols, codeLenses };
}
