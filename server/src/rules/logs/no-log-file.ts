/**
 * Log files opened by the app itself: winston/pino/bunyan/log4js file transports, streams to
 * `*.log` files, Python `FileHandler`/`basicConfig(filename=...)`/dictConfig file handlers/
 * loguru file sinks, Go `log.SetOutput(file)`/lumberjack/zap output paths, Ruby
 * `Logger.new("log/x.log")`, Java `FileHandler`/file appenders, PHP `error_log(..., 3, file)`/
 * Monolog `StreamHandler("x.log")`. In-app rotation (`RotatingFileHandler`, lumberjack,
 * winston-daily-rotate-file, log4js `dateFile`...) is reported with its own message.
 *
 * Never flagged: stdout/stderr/console logging, syslog, `/dev/stdout`, `/dev/stderr`,
 * `php://stdout`, `php://stderr`, a log path read from the environment (the operator chose
 * it), files that are not logs (a stream to `export.csv`), test code.
 *
 * Fixes are suggestions (stdout instead of a file changes where logs go) and stay local: the
 * file transport becomes a console one, the path becomes stdout; a file handle that is no
 * longer needed is left in place.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck, type RuleContext } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';
import type { LanguageId } from '../../parsing/languages';
import { ANCHORED_LOOKUPS, anchorRoots, matchesUnder, outermostNodes, walkMatch as walkHit, type NodeShape, type WordAnchors, callInfo, envReadAt, findImports, isStringLiteral, nameText, stringValue, type CallInfo } from '../../analysis/syntax';
import { definitionOf, type Definition } from '../../fixes/local-constants';
import { goImports, goUnusedImportRemovals, javaImport, pythonImport } from '../../fixes/imports';
import { removeListItem, replaceNode, replaceSpan } from '../../fixes/text-edits';

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

/** Above this many places where a name is written, its definition is looked for in the whole tree. */
const NAME_PLACES = 200;

/**
 * `definitionOf`, with its query run only around the places the name is written instead of
 * over the whole tree (the query costs most of a check on a large file): every declaration
 * or assignment it considers names the identifier at most a few levels below the pattern's
 * root, so the nodes three levels above each occurrence of the name's text hold them all,
 * in the same order. Always given nodes, the query is never limited to an incremental
 * check's region either: a definition elsewhere in the file is found all the same.
 */
function definitionNear(context: RuleContext, use: Node): Definition | undefined {
  const root = context.tree?.rootNode;
  const name = use.type === 'variable_name' ? use.namedChild(0)?.text : use.text;
  if (!root) return undefined;
  let roots: Node[] | undefined = name && !ANCHORED_LOOKUPS.wholeTree ? [] : undefined;
  if (roots && name) {
    const text = context.text;
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
      if (roots.length >= NAME_PLACES) { roots = undefined; break; }
      let n: Node | null = root.descendantForIndex(i, i + name.length);
      // No pattern is rooted at the root: a top-level statement is as high as it goes.
      for (let up = 0, p = n?.parent; up < 3 && p && p.id !== root.id; up++, p = p.parent) n = p;
      if (n) roots.push(n);
    }
  }
  const at = roots ? outermostNodes(roots) : [root];
  return definitionOf({
    language: context.language,
    tree: context.tree,
    query: (source, node) => (node ? context.query(source, node) : at.flatMap((r) => context.query(source, r))),
  }, use);
}

// ---------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------

interface PathInfo {
  /** The path with unknown parts as `*`. */
  text: string;
  /** Some part comes from the environment: the operator chose the file. */
  env: boolean;
}

const STD_PATH = /^(\/dev\/(stdout|stderr|null|tty|console)|\/proc\/self\/fd\/[12]|php:\/\/(stdout|stderr|output)|-|nul|con)$/i;

function isLogPath(p: PathInfo): boolean {
  if (p.env || STD_PATH.test(p.text) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p.text) && !/^file:\/\//i.test(p.text)) return false;
  const base = p.text.slice(p.text.lastIndexOf('/') + 1);
  return /\.log(\.[\w*]+)?$/i.test(base) || /(^|[._-])logs?\.(txt|out)$/i.test(base) ||
    /(^|[/\\])(log|logs)[/\\]/i.test(p.text) || /(^|[/\\])var[/\\]log\b/i.test(p.text);
}

/** A file path that is not a standard stream (for APIs whose string argument is always a file). */
function isFilePath(p: PathInfo): boolean {
  return !p.env && p.text !== '' && p.text !== '*' && !STD_PATH.test(p.text) && !/^(php|syslog|udp|tcp|http|https):/i.test(p.text) && p.text !== 'syslog';
}

/** For APIs that always write a file (a file handler, a file transport): any path but a standard stream or one from the environment. */
function alwaysFile(p: PathInfo): boolean {
  return !p.env && p.text !== '' && !STD_PATH.test(p.text) && !/^(php|syslog|udp|tcp|http|https):/i.test(p.text) && p.text !== 'syslog';
}

function targetOf(p: PathInfo | undefined): string {
  if (!p || p.env) return 'a file';
  if (!p.text.includes('*') && p.text) return `the file "${p.text}"`;
  const base = p.text.slice(p.text.lastIndexOf('/') + 1);
  return base && !base.includes('*') ? `the file "${base}"` : 'a file';
}

const INTERPOLATION_TYPES = new Set(['template_substitution', 'interpolation', 'variable_name', 'simple_variable', 'dynamic_variable_name', 'member_access_expression', 'subscript_expression']);

/** Static parts of an interpolated string literal, holes as `*`. */
function interpolatedText(node: Node): string {
  let out = '';
  let pos = node.startIndex;
  const text = node.text;
  const base = node.startIndex;
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (!c || !INTERPOLATION_TYPES.has(c.type)) continue;
    out += text.slice(pos - base, c.startIndex - base) + '\u0000';
    pos = c.endIndex;
  }
  out += text.slice(pos - base);
  return out.replace(/^[a-zA-Z]*(["'`]{1,3})/, '').replace(/["'`]{1,3}$/, '').replace(/\u0000/g, '*');
}

const JOIN_CALLEES = /^(path\.(join|resolve)|os\.path\.(join|abspath|realpath)|File\.(join|expand_path)|filepath\.Join|path\.Join|Paths\.get|Path\.of|Path|PurePath|pathlib\.Path|join|resolve)$|\.(join|joinpath|Join)$/;

/** Evaluates a path expression to its static text (unknown parts as `*`), following names. */
function pathOf(context: RuleContext, node: Node, depth = 0): PathInfo {
  const lang = context.language;
  const unknown: PathInfo = { text: '*', env: false };
  if (depth > 4) return unknown;
  let n = node;
  while ((n.type === 'parenthesized_expression' || n.type === 'argument') && n.namedChildCount === 1) n = n.namedChild(0)!;
  if (envReadAt(n, lang)) return { text: '*', env: true };
  const s = stringValue(n, lang);
  if (s !== undefined) return { text: s, env: false };
  if (isStringLiteral(n, lang)) return { text: interpolatedText(n), env: false };
  if (n.type === 'identifier' || n.type === 'constant' || (lang === 'php' && n.type === 'variable_name')) {
    const d = definitionNear(context, n);
    return d ? pathOf(context, d.value, depth + 1) : unknown;
  }
  // `a + b`, PHP `a . b`, Python `Path(x) / "app.log"`; `process.env.LOG_FILE || "app.log"`
  if (n.type === 'binary_expression' || n.type === 'binary_operator' || n.type === 'binary' || n.type === 'boolean_operator') {
    const op = n.childForFieldName('operator')?.text ?? n.child(1)?.text;
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    if (!l || !r) return unknown;
    if (['||', '??', 'or'].includes(op ?? '')) {
      const a = pathOf(context, l, depth + 1);
      const b = pathOf(context, r, depth + 1);
      return { text: b.text, env: a.env || b.env };
    }
    if (!['+', '.', '/'].includes(op ?? '')) return unknown;
    const a = pathOf(context, l, depth + 1);
    const b = pathOf(context, r, depth + 1);
    const sep = op === '/' && lang === 'python' ? '/' : '';
    return { text: `${a.text}${sep}${b.text}`, env: a.env || b.env };
  }
  if (n.type === 'ternary_expression' || n.type === 'conditional_expression' || n.type === 'conditional') {
    const parts = kids(n).map((k) => pathOf(context, k, depth + 1));
    return parts.some((x) => x.env) ? { text: '*', env: true } : unknown;
  }
  const info = callInfo(n, lang);
  if (info) {
    const args = info.args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'pair');
    if (JOIN_CALLEES.test(info.callee) || (lang === 'java' && info.method === 'get' && info.object === 'Paths')) {
      const parts = args.map((a) => pathOf(context, a, depth + 1));
      return { text: parts.map((p) => p.text).join('/').replace(/\/+/g, '/'), env: parts.some((p) => p.env) };
    }
    // Laravel helpers: storage_path('logs/x.log')
    if (/^(storage_path|base_path|app_path)$/.test(info.callee) && args[0]) {
      const p = pathOf(context, args[0], depth + 1);
      return { text: `*/${p.text}`, env: p.env };
    }
    // File.open("x.log", "a"), open("x.log", "a")
    if (/^(File\.(open|new)|open|io\.open)$/.test(info.callee) && args[0]) return pathOf(context, args[0], depth + 1);
  }
  return unknown;
}

// ---------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------

interface Hit { node: Node; rotation?: boolean; path?: PathInfo; fixes?: Fix[] }

function suggestion(title: string, edits: TextEdit[]): Fix[] {
  return edits.length ? [{ title, safety: 'suggestion', preferred: true, edits }] : [];
}

function kids(n: Node | null | undefined): Node[] {
  const out: Node[] = [];
  if (!n) return out;
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && c.type !== 'comment') out.push(c);
  }
  return out;
}

/** Pairs of an object/dict/hash literal by key name. */
function pairsOf(obj: Node, lang: LanguageId): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const p of kids(obj)) {
    if (p.type !== 'pair') continue;
    const k = p.childForFieldName('key');
    const name = k ? nameText(k, lang) : undefined;
    if (name !== undefined) out.set(name, p);
  }
  return out;
}

function pairValue(obj: Node, key: string, lang: LanguageId): Node | undefined {
  return pairsOf(obj, lang).get(key)?.childForFieldName('value') ?? undefined;
}

function positional(info: CallInfo, lang: LanguageId): Node[] {
  return info.args.filter((a) => !(lang === 'python' && a.type === 'keyword_argument') && !(lang === 'ruby' && a.type === 'pair') && !(lang === 'php' && a.type === 'argument' && a.childForFieldName('name')));
}

/** The keyword-argument node (Python `keyword_argument`, Ruby `pair`) carrying `name`. */
function keywordNode(info: CallInfo, name: string): Node | undefined {
  const v = info.keywordArgs.get(name);
  return v?.parent ?? undefined;
}

// --- JavaScript / TypeScript -------------------------------------------------------------

const JS_QUERY = `
(new_expression constructor: [(identifier) (member_expression)] @ctor
  (#match? @ctor "(transports\\\\.File|DailyRotateFile)$")) @new
(call_expression function: [(identifier) @fn (member_expression property: (property_identifier) @fn)]
  (#any-of? @fn "destination" "createWriteStream" "appendFile" "appendFileSync" "createStream")) @call
(pair key: (property_identifier) @k (#eq? @k "target") value: (string) @v (#match? @v "pino/file|pino-roll")) @pinotarget
(pair key: (property_identifier) @sk (#eq? @sk "streams")
  value: (array (object (pair key: (property_identifier) @k (#eq? @k "path")) @streampair)))
(pair key: (property_identifier) @ak (#eq? @ak "appenders")
  value: (object (pair value: (object (pair key: (property_identifier) @k (#eq? @k "type")) @streampair))))
`;

const WINSTON_CONSOLE_KEYS = new Set(['level', 'format', 'silent', 'handleExceptions', 'handleRejections', 'eol', 'consoleWarnLevels', 'stderrLevels']);
const LOG4JS_FILE_TYPES = new Set(['file', 'dateFile', 'fileSync', 'multiFile']);

function jsHits(context: RuleContext, m: { name: string; node: Node }[]): Hit[] {
  const lang = context.language;
  const get = (name: string) => m.find((c) => c.name === name)?.node;
  const newNode = get('new');
  if (newNode) return jsWinston(context, newNode);
  const call = get('call');
  if (call) return jsStreamCall(context, call);
  const pino = get('pinotarget');
  if (pino) {
    const obj = pino.parent;
    const target = stringValue(pino.childForFieldName('value')!, lang);
    const options = obj ? pairValue(obj, 'options', lang) : undefined;
    const dest = options?.type === 'object' ? pairValue(options, 'destination', lang) ?? pairValue(options, 'file', lang) : undefined;
    if (!dest) return [];
    const p = pathOf(context, dest);
    if (!isFilePath(p) || /^[12]$/.test(dest.text)) return [];
    const rotation = target === 'pino-roll';
    return [{ node: dest, rotation, path: p, fixes: rotation ? [] : suggestion('Write to stdout (destination 1)', [replaceNode(context, dest, '1')]) }];
  }
  const pair = get('streampair');
  if (pair) return jsStreamObject(context, pair);
  return [];
}

function jsWinston(context: RuleContext, node: Node): Hit[] {
  const lang = context.language;
  const info = callInfo(node, lang);
  if (!info) return [];
  const opts = info.args[0]?.type === 'object' ? info.args[0] : undefined;
  const file = opts ? pairValue(opts, 'filename', lang) : undefined;
  const dir = opts ? pairValue(opts, 'dirname', lang) : undefined;
  let p = file ? pathOf(context, file) : undefined;
  if (p && dir) { const d = pathOf(context, dir); p = { text: `${d.text}/${p.text}`, env: p.env || d.env }; }
  if (p && !alwaysFile(p)) return [];
  const daily = /DailyRotateFile$/.test(info.callee);
  const keys = opts ? pairsOf(opts, lang) : new Map<string, Node>();
  const rotation = daily || keys.has('maxsize') || keys.has('maxFiles');
  // The console transport, with the options it understands.
  const prefix = info.callee.replace(/(File|DailyRotateFile)$/, '');
  if (daily && !/transports\.$/.test(prefix)) return [{ node, rotation, path: p }];
  const kept = [...keys.entries()].filter(([k]) => WINSTON_CONSOLE_KEYS.has(k)).map(([, pr]) => pr.text);
  const replacement = `new ${prefix}Console(${kept.length ? `{ ${kept.join(', ')} }` : ''})`;
  // In a transports array: the first file transport becomes the console; later ones (or all,
  // when a console transport is already there) are removed, so output is not doubled.
  const arr = node.parent?.type === 'array' ? node.parent : undefined;
  if (arr) {
    const items = kids(arr);
    const isFileT = (x: Node) => x.type === 'new_expression' && /(transports\.File|DailyRotateFile)$/.test(x.childForFieldName('constructor')?.text.replace(/\s/g, '') ?? '');
    const hasConsole = items.some((x) => x.type === 'new_expression' && /Console$/.test(x.childForFieldName('constructor')?.text ?? ''));
    // The transport that becomes the console: the first one without a level of its own
    // (`combined.log`, not `error.log`), so no level is lost.
    const files = items.filter(isFileT);
    const levelOf = (x: Node) => { const o = x.childForFieldName('arguments')?.namedChild(0); return o?.type === 'object' && pairsOf(o, lang).has('level'); };
    const keeper = files.find((x) => !levelOf(x)) ?? files[0];
    if (hasConsole || (keeper && keeper.id !== node.id)) {
      const rm = removeListItem(context, node);
      return [{ node, rotation, path: p, fixes: rm ? suggestion('Remove the file transport (logs already go to the console)', [rm]) : [] }];
    }
  }
  return [{ node, rotation, path: p, fixes: suggestion('Log to the console (stdout) instead of the file', [replaceNode(context, node, replacement)]) }];
}

/** Whether `name` is imported by name from the `fs` module (`import { name } from 'fs'`, `const { name } = require('node:fs')`). */
function importedFromFs(context: RuleContext, name: string): boolean {
  const root = context.tree?.rootNode;
  if (!root) return false;
  const named = new RegExp(`\\{[^}]*\\b${name}\\b[^}]*\\}`);
  return findImports(root, context.language).some((i) => /^(node:)?fs(\/promises)?$/.test(i.module) && named.test(importStatementText(i.node)));
}

/** The whole statement an import was found in (the destructuring of a `require` is outside the call). */
function importStatementText(n: Node): string {
  let s: Node = n;
  for (let up = 0; up < 4 && s.parent && !/statement|declaration|program/.test(s.type); up++) s = s.parent;
  return s.text;
}

const LOGGER_CONTEXT = /(^|\.)(morgan|pino|Console|createLogger|multistream|Stream|addStream)$/;

function jsStreamCall(context: RuleContext, call: Node): Hit[] {
  const lang = context.language;
  const info = callInfo(call, lang);
  if (!info || !info.args[0]) return [];
  const a0 = info.args[0];
  switch (info.method) {
    case 'destination': { // pino.destination('./app.log') / pino.destination({ dest })
      if (!/^pino$|^pino\.|^destination$/.test(info.callee) && info.object !== 'pino') return [];
      const target = a0.type === 'object' ? pairValue(a0, 'dest', lang) : a0;
      if (!target) return [];
      const p = pathOf(context, target);
      if (!isFilePath(p) || /^[12]$/.test(target.text) || /\.fd$/.test(target.text)) return [];
      const args = call.childForFieldName('arguments');
      return [{ node: call, path: p, fixes: args ? suggestion('Write to stdout (pino.destination(1))', [replaceNode(context, args, '(1)')]) : [] }];
    }
    case 'createStream': { // rotating-file-stream
      if (!/rotating-file-stream/.test(context.text)) return [];
      const p = pathOf(context, a0);
      return p.env ? [] : [{ node: call, rotation: true, path: p }];
    }
    case 'createWriteStream': {
      const p = pathOf(context, a0);
      if (!alwaysFile(p)) return [];
      let loggerUse = false;
      for (let x: Node | null = call.parent, i = 0; x && i < 5; x = x.parent, i++) {
        if (x.type === 'call_expression' || x.type === 'new_expression') {
          const ci = callInfo(x, lang);
          if (ci && LOGGER_CONTEXT.test(ci.callee)) loggerUse = true;
          break;
        }
      }
      if (!loggerUse && !isLogPath(p)) return [];
      return [{ node: call, path: p, fixes: suggestion('Write to process.stdout instead of the file', [replaceNode(context, call, 'process.stdout')]) }];
    }
    case 'appendFile':
    case 'appendFileSync': {
      const fsObject = info.object === 'fs' || info.object === 'fs.promises' || info.object === 'fsp' || info.object === 'fs/promises';
      // `import { appendFileSync } from 'fs'` / `const { appendFile } = require('node:fs/promises')`, called bare.
      const fsImported = !info.object && info.callee === info.method && importedFromFs(context, info.method);
      if (!fsObject && !fsImported) return [];
      const p = pathOf(context, a0);
      return isLogPath(p) ? [{ node: call, path: p }] : [];
    }
  }
  return [];
}

/** bunyan `streams: [{ path }]` / `{ type: 'rotating-file' }` and log4js `appenders: { x: { type: 'file' } }`. */
function jsStreamObject(context: RuleContext, pair: Node): Hit[] {
  const lang = context.language;
  const obj = pair.parent;
  if (obj?.type !== 'object') return [];
  const key = nameText(pair.childForFieldName('key')!, lang);
  const pairs = pairsOf(obj, lang);
  const holder = obj.parent; // array (bunyan streams) or pair (log4js appenders.x)
  if (key === 'path' && holder?.type === 'array') {
    const streamsPair = holder.parent;
    if (streamsPair?.type !== 'pair' || nameText(streamsPair.childForFieldName('key')!, lang) !== 'streams') return [];
    const v = pair.childForFieldName('value')!;
    const p = pathOf(context, v);
    if (!alwaysFile(p)) return [];
    const type = pairs.get('type')?.childForFieldName('value');
    const rotation = !!type && stringValue(type, lang) === 'rotating-file';
    const level = pairs.get('level');
    const replacement = `{ ${level ? `${level.text}, ` : ''}stream: process.stdout }`;
    return [{ node: v, rotation, path: p, fixes: suggestion('Write to process.stdout instead of the file', [replaceNode(context, obj, replacement)]) }];
  }
  if (key === 'type' && holder?.type === 'pair') {
    const appenders = holder.parent?.parent;
    if (appenders?.type !== 'pair' || nameText(appenders.childForFieldName('key')!, lang) !== 'appenders') return [];
    const typeValue = pair.childForFieldName('value');
    const type = typeValue ? stringValue(typeValue, lang) : undefined;
    if (!type || !LOG4JS_FILE_TYPES.has(type)) return [];
    const fileNode = pairs.get('filename')?.childForFieldName('value') ?? undefined;
    const p = fileNode ? pathOf(context, fileNode) : undefined;
    if (p?.env) return [];
    const rotation = type === 'dateFile' || pairs.has('maxLogSize') || pairs.has('backups') || pairs.has('numBackups');
    const layout = pairs.get('layout');
    const replacement = `{ type: 'stdout'${layout ? `, ${layout.text}` : ''} }`;
    return [{ node: fileNode ?? typeValue!, rotation, path: p, fixes: suggestion('Use the stdout appender instead of the file', [replaceNode(context, obj, replacement)]) }];
  }
  return [];
}

// --- Python --------------------------------------------------------------------------------

const PY_HANDLERS = new Set(['FileHandler', 'RotatingFileHandler', 'TimedRotatingFileHandler', 'WatchedFileHandler', 'ConcurrentRotatingFileHandler', 'ConcurrentTimedRotatingFileHandler']);
const PY_ROTATING = /Rotating/;
const PY_FILE_KEYS = new Set(['filename', 'mode', 'maxBytes', 'backupCount', 'encoding', 'delay', 'when', 'interval', 'utc', 'atTime', 'errors', 'use_gzip']);
const LOGURU_FILE_KWARGS = new Set(['rotation', 'retention', 'compression', 'delay', 'mode', 'buffering', 'encoding', 'watch']);

const PY_QUERY = `
(call function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  (#match? @fn "^(FileHandler|RotatingFileHandler|TimedRotatingFileHandler|WatchedFileHandler|ConcurrentRotatingFileHandler|ConcurrentTimedRotatingFileHandler|basicConfig)$")) @call
(call function: (attribute object: (identifier) @o (#eq? @o "logger") attribute: (identifier) @fn (#eq? @fn "add"))) @call
(pair key: (string) @k value: (string) @v (#match? @k "^['\\"]class['\\"]$") (#match? @v "FileHandler")) @classpair
`;

/** The edits adding `import <module>` (none when it is there), once per check: each walks the module's statements. */
const pyImportEdits = new WeakMap<RuleContext, Map<string, TextEdit[]>>();

function pyImportOnce(context: RuleContext, module: string): TextEdit[] {
  let byModule = pyImportEdits.get(context);
  if (!byModule) pyImportEdits.set(context, byModule = new Map());
  let edits = byModule.get(module);
  if (!edits) byModule.set(module, edits = pythonImport(context, module));
  // Copies: each finding's fix owns its edits.
  return edits.map((e) => ({ ...e, range: { start: { ...e.range.start }, end: { ...e.range.end } } }));
}

function pyStdout(context: RuleContext): { code: string; imports: TextEdit[] } {
  return { code: 'sys.stdout', imports: pyImportOnce(context, 'sys') };
}

function pyHits(context: RuleContext, m: { name: string; node: Node }[]): Hit[] {
  const lang = context.language;
  const call = m.find((c) => c.name === 'call')?.node;
  if (call) {
    const info = callInfo(call, lang);
    if (!info) return [];
    const pos = positional(info, lang);
    if (PY_HANDLERS.has(info.method)) {
      const fromLogging = info.object !== undefined
        ? /^(logging|logging\.handlers|handlers|log|concurrent_log_handler)$/.test(info.object)
        : importsOf(context).some((i) => /^(logging|logging\.handlers|concurrent_log_handler)$/.test(i.module) && i.names?.includes(info.method));
      if (!fromLogging) return [];
      const arg = info.keywordArgs.get('filename') ?? pos[0];
      const p = arg ? pathOf(context, arg) : undefined;
      if (p && !alwaysFile(p)) return [];
      const rotation = PY_ROTATING.test(info.method);
      // In `handlers=[FileHandler(...), StreamHandler()]` the stream handler is already there:
      // drop the file one (and keep one stream handler when there are several file handlers).
      if (call.parent?.type === 'list') {
        const items = kids(call.parent);
        const method = (x: Node) => (x.type === 'call' ? callInfo(x, lang)?.method : undefined);
        const hasStream = items.some((x) => method(x) === 'StreamHandler');
        const firstFile = items.find((x) => PY_HANDLERS.has(method(x) ?? ''));
        if (hasStream || (firstFile && firstFile.id !== call.id)) {
          const rm = removeListItem(context, call);
          return [{ node: call, rotation, path: p, fixes: rm ? suggestion('Remove the file handler (a stream handler is already there)', [rm]) : [] }];
        }
      }
      const out = pyStdout(context);
      const logging = pyImportOnce(context, 'logging');
      return [{
        node: call, rotation, path: p,
        fixes: suggestion('Log to sys.stdout with a StreamHandler', [replaceNode(context, call, `logging.StreamHandler(${out.code})`), ...logging, ...out.imports]),
      }];
    }
    if (info.method === 'basicConfig') {
      const file = info.keywordArgs.get('filename');
      if (!file || file.type === 'none') return [];
      const p = pathOf(context, file);
      if (!isFilePath(p)) return [];
      const kw = file.parent!;
      const out = pyStdout(context);
      const edits = [replaceNode(context, kw, `stream=${out.code}`), ...out.imports];
      const mode = keywordNode(info, 'filemode');
      if (mode) { const rm = removeListItem(context, mode); if (rm) edits.push(rm); }
      return [{ node: kw, path: p, fixes: suggestion('Log to sys.stdout instead of the file', edits) }];
    }
    if (info.method === 'add' && info.object === 'logger' && pos[0]) {
      if (!/^\s*(from|import)\s+loguru\b/m.test(context.text)) return [];
      const sink = pos[0];
      if (!isStringLiteral(sink, lang) && sink.type !== 'call' && sink.type !== 'binary_operator' && sink.type !== 'identifier') return [];
      if (sink.type === 'identifier' && !definitionNear(context, sink)) return [];
      const p = pathOf(context, sink);
      if (!isFilePath(p) || (p.text === '*' && !isStringLiteral(sink, lang))) return [];
      const out = pyStdout(context);
      const edits = [replaceNode(context, sink, out.code), ...out.imports];
      for (const k of LOGURU_FILE_KWARGS) {
        const kn = keywordNode(info, k);
        if (kn) { const rm = removeListItem(context, kn); if (rm) edits.push(rm); }
      }
      return [{ node: call, rotation: info.keywordArgs.has('rotation') || info.keywordArgs.has('retention'), path: p, fixes: suggestion('Log to sys.stdout instead of the file', edits) }];
    }
    return [];
  }
  const classPair = m.find((c) => c.name === 'classpair')?.node;
  if (classPair) {
    const dict = classPair.parent;
    const v = classPair.childForFieldName('value')!;
    const cls = stringValue(v, lang) ?? '';
    if (dict?.type !== 'dictionary' || !PY_HANDLERS.has(cls.slice(cls.lastIndexOf('.') + 1))) return [];
    const pairs = pairsOf(dict, lang);
    const fileNode = pairs.get('filename')?.childForFieldName('value') ?? undefined;
    const p = fileNode ? pathOf(context, fileNode) : undefined;
    if (p && !alwaysFile(p)) return [];
    const q = v.text[0] === '"' ? '"' : "'";
    const edits: TextEdit[] = [replaceNode(context, v, `${q}logging.StreamHandler${q}`)];
    for (const [k, pr] of pairs) {
      if (k === 'filename') edits.push(replaceNode(context, pr, `${q}stream${q}: ${q}ext://sys.stdout${q}`));
      else if (PY_FILE_KEYS.has(k)) { const rm = removeListItem(context, pr); if (rm) edits.push(rm); }
    }
    return [{ node: v, rotation: PY_ROTATING.test(cls), path: p, fixes: suggestion('Use a StreamHandler on sys.stdout', edits) }];
  }
  return [];
}

// --- Go ------------------------------------------------------------------------------------

const GO_QUERY = `
(call_expression function: (selector_expression field: (field_identifier) @fn
  (#any-of? @fn "SetOutput" "New" "NewJSONHandler" "NewTextHandler" "AddSync"))) @call
(assignment_statement left: (expression_list (selector_expression field: (field_identifier) @f (#eq? @f "Out")))
  right: (expression_list . (_) @writer)) @assign
(composite_literal type: (qualified_type package: (package_identifier) @pkg name: (type_identifier) @t
  (#eq? @pkg "lumberjack") (#eq? @t "Logger"))) @lumberjack
(keyed_element key: (literal_element (identifier) @k (#any-of? @k "OutputPaths" "ErrorOutputPaths")) value: (literal_element (composite_literal) @paths)) @zap
(assignment_statement left: (expression_list (selector_expression field: (field_identifier) @k (#any-of? @k "OutputPaths" "ErrorOutputPaths")))
  right: (expression_list (composite_literal) @paths)) @zap
`;

interface GoWriter { kind: 'file' | 'lumberjack'; path?: PathInfo; name?: Node }

/** What a Go writer expression is: an opened file (`os.OpenFile`/`os.Create`), a lumberjack logger, or neither. */
function goWriter(context: RuleContext, node: Node, depth = 0): GoWriter | undefined {
  const lang = context.language;
  if (depth > 3) return undefined;
  let n = node;
  if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '&') n = n.childForFieldName('operand') ?? n;
  if (n.type === 'composite_literal' && /^lumberjack\.Logger$/.test(n.childForFieldName('type')?.text ?? '')) return { kind: 'lumberjack' };
  if (n.type === 'identifier') {
    const d = definitionNear(context, n);
    const w = d ? goWriter(context, d.value, depth + 1) : undefined;
    return w ? { ...w, name: w.name ?? n } : undefined;
  }
  const info = callInfo(n, lang);
  if (!info) return undefined;
  if ((info.callee === 'os.OpenFile' || info.callee === 'os.Create') && info.args[0]) {
    const p = pathOf(context, info.args[0]);
    return alwaysFile(p) ? { kind: 'file', path: p } : undefined;
  }
  if (info.callee === 'io.MultiWriter') {
    for (const a of info.args) { const w = goWriter(context, a, depth + 1); if (w) return w; }
  }
  return undefined;
}

/** Go: is the identifier used somewhere else in its function than at this use and its declaration? */
function goUsedElsewhere(ident: Node, fn: Node): boolean {
  const count = fn.descendantsOfType('identifier').filter((x) => x?.text === ident.text).length;
  return count >= 3;
}

function goHits(context: RuleContext, m: { name: string; node: Node }[]): Hit[] {
  const lang = context.language;
  const get = (name: string) => m.find((c) => c.name === name)?.node;
  const lj = get('lumberjack');
  if (lj) {
    const filename = kids(lj.childForFieldName('body')).find((e) => e.type === 'keyed_element' && e.child(0)?.text === 'Filename');
    const fv = filename ? kids(filename)[1] : undefined;
    const p = fv ? pathOf(context, kids(fv)[0] ?? fv) : undefined;
    if (p?.env) return [];
    // Directly a logger's output: replace it with os.Stdout.
    let target: Node = lj;
    if (lj.parent?.type === 'unary_expression') target = lj.parent;
    const sinkCall = target.parent?.type === 'argument_list' ? target.parent.parent : undefined;
    const sink = sinkCall ? callInfo(sinkCall, lang) : undefined;
    const fixes = sink && /^(SetOutput|New|NewJSONHandler|NewTextHandler|AddSync)$/.test(sink.method) && sink.args[0]?.id === target.id
      ? suggestion('Write to os.Stdout instead of the rotating file', [replaceNode(context, target, 'os.Stdout'), ...goImports(context, ['os']), ...goUnusedImportRemovals(context, target, 'os.Stdout')])
      : [];
    return [{ node: lj, rotation: true, path: p, fixes }];
  }
  const zapNode = get('zap');
  if (zapNode) {
    const key = get('k')!.text;
    const list = get('paths')!;
    const body = list.childForFieldName('body');
    const elems = kids(body);
    const std = key === 'ErrorOutputPaths' ? 'stderr' : 'stdout';
    const hasStd = elems.some((e) => /^"(stdout|stderr)"$/.test(e.text));
    const hits: Hit[] = [];
    for (const e of elems) {
      const s = stringValue(kids(e)[0] ?? e, lang);
      if (s === undefined || s === 'stdout' || s === 'stderr') continue;
      const p: PathInfo = { text: s.replace(/^file:\/\//, ''), env: false };
      if (!isFilePath(p)) continue;
      const rm = hasStd ? removeListItem(context, e) : undefined;
      const fixes = rm ? suggestion(`Drop the file (logs already go to ${std})`, [rm]) : suggestion(`Write to ${std} instead of the file`, [replaceNode(context, e, `"${std}"`)]);
      hits.push({ node: e, path: p, fixes });
    }
    return hits;
  }
  const call = get('call');
  const assign = get('assign');
  let writer: Node | undefined;
  let site: Node | undefined;
  if (call) {
    const info = callInfo(call, lang);
    if (!info) return [];
    const okSink = (info.method === 'SetOutput' && /log|^l$/i.test(info.object ?? '')) ||
      (info.method === 'New' && /^(log|zerolog)$/.test(info.object ?? '')) ||
      ((info.method === 'NewJSONHandler' || info.method === 'NewTextHandler') && info.object === 'slog') ||
      (info.method === 'AddSync' && info.object === 'zapcore');
    if (!okSink || !info.args[0]) return [];
    writer = info.args[0];
    site = call;
  } else if (assign) {
    writer = get('writer');
    site = assign;
  }
  if (!writer || !site) return [];
  const w = goWriter(context, writer);
  if (!w || w.kind === 'lumberjack') return []; // lumberjack literals are reported where they are written
  // The fix swaps the writer for os.Stdout; a file variable must stay used (Go rejects unused variables).
  let fixes: Fix[] = [];
  const fn = site.parent ? enclosingGoFunction(site) : undefined;
  const idents = writer.type === 'identifier' ? [writer] : writer.descendantsOfType('identifier').filter((x): x is Node => !!x && x.parent?.type !== 'selector_expression');
  if (fn && idents.every((i) => goUsedElsewhere(i, fn))) {
    fixes = suggestion('Write logs to os.Stdout instead of the file', [replaceNode(context, writer, 'os.Stdout'), ...goImports(context, ['os']), ...goUnusedImportRemovals(context, writer, 'os.Stdout')]);
  }
  return [{ node: site, path: w.path, fixes }];
}

function enclosingGoFunction(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_declaration' || p.type === 'method_declaration' || p.type === 'func_literal') return p;
  return undefined;
}

// --- Ruby ----------------------------------------------------------------------------------

const RUBY_QUERY = `
(call receiver: [(constant) (scope_resolution)] @recv method: (identifier) @m (#eq? @m "new")
  (#match? @recv "(^|::)Logger$")) @call
(call !receiver method: (identifier) @m (#eq? @m "stdout_redirect")) @redirect
`;

const RUBY_STD = /^(\$stdout|\$stderr|STDOUT|STDERR|nil|IO::NULL|File::NULL|\$stdin)$/;

/** Puma's `stdout_redirect "log/puma.out", "log/puma.err", true`: the server's own output goes to files. */
function pumaRedirect(context: RuleContext, call: Node): Hit[] {
  const info = callInfo(call, context.language);
  const first = info ? positional(info, context.language)[0] : undefined;
  if (!first || !isStringLiteral(first, context.language)) return [];
  const p = pathOf(context, first);
  if (!isFilePath(p) || p.env) return [];
  // The statement alone on its lines goes (Puma then writes to stdout); otherwise no fix.
  const text = context.text;
  const lineStart = text.lastIndexOf('\n', call.startIndex - 1) + 1;
  const nl = text.indexOf('\n', call.endIndex);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, call.startIndex)) && /^[ \t]*(#.*)?\r?\n?$/.test(text.slice(call.endIndex, lineEnd));
  return [{ node: call, path: p, fixes: alone ? suggestion('Remove stdout_redirect (Puma writes to stdout)', [replaceSpan(context, lineStart, lineEnd, '')]) : [] }];
}

function rubyHits(context: RuleContext, m: { name: string; node: Node }[]): Hit[] {
  const lang = context.language;
  const redirect = m.find((c) => c.name === 'redirect')?.node;
  if (redirect) return pumaRedirect(context, redirect);
  const call = m.find((c) => c.name === 'call')?.node;
  if (!call) return [];
  const info = callInfo(call, lang);
  if (!info || /Syslog|Journald|Fluent|Logstash|Remote/.test(info.object ?? '')) return [];
  const pos = positional(info, lang);
  const dev = pos[0];
  if (!dev || RUBY_STD.test(dev.text)) return [];
  // Logger classes whose first argument is the log device; another `X::Logger` may take a name.
  const knownLogger = /^(::)?(Logger|ActiveSupport::Logger|Lumberjack::Logger|Ougai::Logger|MonoLogger)$/.test(info.object ?? '');
  const known = isStringLiteral(dev, lang) || dev.type === 'call' || dev.type === 'identifier' || dev.type === 'constant';
  if (!known) return [];
  const p = pathOf(context, dev);
  if (p.text === '*' && !isStringLiteral(dev, lang)) {
    // Only File.open/new, joins and strings: an unknown IO object is not a file.
    if (dev.type !== 'call' || !/^(File\.(open|new)|Rails\.root\.join|File\.join|Pathname\.new)$/.test(callInfo(dev, lang)?.callee ?? '')) return [];
  }
  if (!isFilePath(p) && p.text !== '*') return [];
  if (p.env || (!knownLogger && !isLogPath(p))) return [];
  const rotation = pos.length > 1 || info.keywordArgs.has('shift_age') || info.keywordArgs.has('shift_size');
  // Logger.new($stdout, <the keyword options that still apply>)
  const kept = info.args.filter((a) => a.type === 'pair' && !/^(shift_age|shift_size|shift_period_suffix|binmode)$/.test(a.childForFieldName('key')?.text.replace(/^:|:$/g, '') ?? ''));
  const last = info.args[info.args.length - 1];
  const edit = replaceSpan(context, dev.startIndex, last.endIndex, ['$stdout', ...kept.map((k) => k.text)].join(', '));
  return [{ node: call, rotation, path: p, fixes: suggestion('Log to $stdout instead of the file', [edit]) }];
}

// --- Java ----------------------------------------------------------------------------------

const JAVA_QUERY = `
(object_creation_expression type: [(type_identifier) (scoped_type_identifier) (generic_type)] @type
  (#match? @type "(FileHandler|FileAppender|RollingFileAppender|DailyRollingFileAppender|RandomAccessFileAppender|RollingRandomAccessFileAppender)(<.*>)?$")) @new
(method_invocation object: (identifier) @cls name: (identifier) @m
  (#match? @cls "^(FileAppender|RollingFileAppender|RandomAccessFileAppender|RollingRandomAccessFileAppender)$")
  (#any-of? @m "newBuilder" "createAppender")) @builder
(method_invocation name: (identifier) @m (#any-of? @m "setOut" "setErr" "newAppender")) @call
`;

const importCache = new WeakMap<object, { module: string; names?: string[] }[]>();

/** The file's imports, computed once per tree. */
function importsOf(context: RuleContext): { module: string; names?: string[] }[] {
  const tree = context.tree;
  if (!tree) return [];
  let list = importCache.get(tree);
  if (!list) {
    list = findImports(tree.rootNode, context.language).map((i) => ({ module: i.module, names: i.names }));
    importCache.set(tree, list);
  }
  return list;
}

function javaHasImport(context: RuleContext, re: RegExp): boolean {
  return importsOf(context).some((i) => re.test(i.module));
}

function javaFirstFilePath(context: RuleContext, n: Node): PathInfo | undefined {
  const info = callInfo(n, context.language);
  const a0 = info?.args.find((a) => isStringLiteral(a, context.language) || a.type === 'identifier' || a.type === 'binary_expression');
  return a0 ? pathOf(context, a0) : undefined;
}

/** `FileAppender<E> file = new FileAppender<>(); file.setFile("x.log");`: the path given to the variable in the same block. */
function javaSetFilePath(context: RuleContext, node: Node): PathInfo | undefined {
  const declarator = node.parent?.type === 'variable_declarator' ? node.parent : undefined;
  const name = declarator?.childForFieldName('name')?.text;
  const block = declarator?.parent?.parent;
  if (!name || !block) return undefined;
  for (const m of matchesUnder([block], JAVA_SET_FILE)) {
    const o = m.captures.find((c) => c.name === 'o')?.node;
    const a = m.captures.find((c) => c.name === 'a')?.node;
    if (o?.text === name && a) return pathOf(context, a);
  }
  return undefined;
}

function javaHits(context: RuleContext, m: { name: string; node: Node }[]): Hit[] {
  const lang = context.language;
  const get = (name: string) => m.find((c) => c.name === name)?.node;
  const node = get('new');
  if (node) {
    const info = callInfo(node, lang);
    if (!info) return [];
    const cls = info.method.replace(/<.*$/, '');
    if (cls === 'FileHandler') {
      const qualified = info.callee === 'java.util.logging.FileHandler';
      if (!qualified && !javaHasImport(context, /^java\.util\.logging\.(\*|FileHandler)$/)) return [];
      const p = info.args[0] ? pathOf(context, info.args[0]) : undefined;
      if (p && !alwaysFile(p)) return [];
      const rotation = info.args.length >= 3 || /%g/.test(p?.text ?? '');
      return [{ node, rotation, path: p, fixes: javaConsoleHandlerFix(context, node) }];
    }
    // log4j / logback appenders built in code
    if (!/^(ch\.qos\.logback|org\.apache\.log4j|org\.apache\.logging\.log4j)\./.test(info.callee) &&
      !javaHasImport(context, /^(ch\.qos\.logback|org\.apache\.log4j|org\.apache\.logging\.log4j)\./)) return [];
    return [{ node, rotation: /Rolling/.test(cls), path: javaFirstFilePath(context, node) ?? javaSetFilePath(context, node) }];
  }
  const builder = get('builder');
  if (builder) {
    if (!javaHasImport(context, /^(ch\.qos\.logback|org\.apache\.log4j|org\.apache\.logging\.log4j)\./)) return [];
    return [{ node: builder, rotation: /Rolling/.test(get('cls')!.text) }];
  }
  const call = get('call');
  if (call) {
    const info = callInfo(call, lang);
    if (!info) return [];
    if ((info.method === 'setOut' || info.method === 'setErr') && info.object === 'System' && info.args[0]) {
      // System.setOut(new PrintStream(new FileOutputStream("out.log")))
      const streams = info.args[0].descendantsOfType('object_creation_expression').filter((x): x is Node => !!x);
      for (const s of [info.args[0], ...streams]) {
        const si = callInfo(s, lang);
        if (si && /^(FileOutputStream|FileWriter|File)$/.test(si.method) && si.args[0]) {
          const p = pathOf(context, si.args[0]);
          return isFilePath(p) ? [{ node: call, path: p }] : [];
        }
      }
      if (info.args[0].type === 'object_creation_expression' && /^PrintStream$/.test(callInfo(info.args[0], lang)?.method ?? '')) {
        const a = callInfo(info.args[0], lang)?.args[0];
        const p = a && isStringLiteral(a, lang) ? pathOf(context, a) : undefined;
        return p && isFilePath(p) ? [{ node: call, path: p }] : [];
      }
      return [];
    }
    if (info.method === 'newAppender' && info.args.length >= 2) {
      // log4j2 ConfigurationBuilder: builder.newAppender("file", "File")
      const plugin = stringValue(info.args[1], lang);
      if (!plugin || !/^(File|RollingFile|RandomAccessFile|RollingRandomAccessFile)$/.test(plugin)) return [];
      return [{ node: call, rotation: /Rolling/.test(plugin) }];
    }
  }
  return [];
}

/** `new FileHandler(...)` -> `new ConsoleHandler()`, with the declared type and the import; none when it would not compile. */
function javaConsoleHandlerFix(context: RuleContext, node: Node): Fix[] {
  // FileHandler's constructor throws IOException and ConsoleHandler's does not: a
  // `catch (IOException e)` left with nothing to catch does not compile.
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'method_declaration' || p.type === 'lambda_expression' || p.type === 'class_body') break;
    if (p.type === 'try_statement' || p.type === 'try_with_resources_statement') {
      if (kids(p).some((c) => c.type === 'catch_clause' && /\b(IOException|FileNotFoundException)\b/.test(c.child(2)?.text ?? c.text.split(')')[0]))) return [];
    }
  }
  const imp = javaImport(context, 'java.util.logging.ConsoleHandler');
  const name = imp === 'conflict' ? 'java.util.logging.ConsoleHandler' : 'ConsoleHandler';
  const edits: TextEdit[] = [replaceNode(context, node, `new ${name}()`), ...(imp === 'conflict' ? [] : imp)];
  // FileHandler fh = new FileHandler(...)  ->  ConsoleHandler fh = new ConsoleHandler()
  const decl = node.parent?.type === 'variable_declarator' ? node.parent.parent : undefined;
  if (decl && (decl.type === 'local_variable_declaration' || decl.type === 'field_declaration')) {
    const type = decl.childForFieldName('type');
    if (type && /^(java\.util\.logging\.)?FileHandler$/.test(type.text)) edits.push(replaceNode(context, type, name));
    else if (type && !/^(var|Handler|java\.util\.logging\.Handler|StreamHandler)$/.test(type.text)) return [];
  }
  return suggestion('Log to the console with a ConsoleHandler (stderr) instead of the file', edits);
}

// --- PHP -----------------------------------------------------------------------------------

const PHP_QUERY = `
(function_call_expression function: (name) @fn (#any-of? @fn "error_log" "ini_set" "file_put_contents" "fopen")) @call
(object_creation_expression [(name) (qualified_name)] @cls (#match? @cls "(StreamHandler|RotatingFileHandler)$")) @new
`;

const PHP_STD = /^(STDOUT|STDERR|\\?STDOUT|\\?STDERR)$/;

function phpHits(context: RuleContext, m: { name: string; node: Node }[]): Hit[] {
  const lang = context.language;
  const get = (name: string) => m.find((c) => c.name === name)?.node;
  const node = get('new') ?? get('call');
  if (!node) return [];
  const info = callInfo(node, lang);
  if (!info) return [];
  const pos = positional(info, lang);
  const stderr = "'php://stderr'";
  if (node.type === 'object_creation_expression') {
    const a0 = pos[0];
    if (!a0 || PHP_STD.test(a0.text)) return [];
    const p = pathOf(context, a0);
    if (!isFilePath(p) || (p.text === '*' && a0.type !== 'binary_expression' && !isStringLiteral(a0, lang))) return [];
    if (info.method === 'StreamHandler') {
      return [{ node, path: p, fixes: suggestion('Write to php://stdout instead of the file', [replaceNode(context, a0, "'php://stdout'")]) }];
    }
    // new RotatingFileHandler($file, $maxFiles, $level) -> new StreamHandler('php://stdout', $level)
    const uses = importsOf(context).map((i) => i.module);
    const cls = uses.some((u) => /(^|\\)StreamHandler$/.test(u) && /Monolog/.test(u)) ? 'StreamHandler' : '\\Monolog\\Handler\\StreamHandler';
    const level = pos[2] ?? info.keywordArgs.get('level');
    return [{ node, rotation: true, path: p, fixes: suggestion('Write to php://stdout with a StreamHandler', [replaceNode(context, node, `new ${cls}('php://stdout'${level ? `, ${level.text}` : ''})`)]) }];
  }
  switch (info.callee) {
    case 'error_log': { // error_log($message, 3, '/var/log/app.log'): type 3 appends to a file
      if (pos.length < 3 || pos[1].text !== '3') return [];
      const p = pathOf(context, pos[2]);
      if (!isFilePath(p)) return [];
      return [{ node, path: p, fixes: suggestion('Send it to php://stderr instead of the file', [replaceNode(context, pos[2], stderr)]) }];
    }
    case 'ini_set': {
      if (pos.length < 2 || stringValue(pos[0], lang) !== 'error_log') return [];
      const p = pathOf(context, pos[1]);
      if (!isFilePath(p)) return [];
      return [{ node, path: p, fixes: suggestion('Send PHP errors to php://stderr', [replaceNode(context, pos[1], stderr)]) }];
    }
    case 'file_put_contents': { // file_put_contents('app.log', $line, FILE_APPEND)
      if (pos.length < 3 || !/FILE_APPEND/.test(pos[2].text)) return [];
      const p = pathOf(context, pos[0]);
      if (!isLogPath(p)) return [];
      return [{ node, path: p, fixes: suggestion('Write to php://stderr instead of the file', [replaceNode(context, pos[0], stderr)]) }];
    }
    case 'fopen': {
      if (pos.length < 2 || !/^a/.test(stringValue(pos[1], lang) ?? '')) return [];
      const p = pathOf(context, pos[0]);
      return isLogPath(p) ? [{ node, path: p }] : [];
    }
  }
  return [];
}

// ---------------------------------------------------------------------------------------
// Where the matches are
// ---------------------------------------------------------------------------------------

/**
 * The queries the walks below replace (`shapeFor`, `JAVA_SET_FILE`): compiling one costs up to
 * 30 ms per grammar at a language's first file, a walk nothing. `test/unit/query-walks.test.ts`
 * checks that the walks find what they match.
 */
export const REFERENCE_QUERIES: Partial<Record<LanguageId, string>> = { javascript: JS_QUERY, python: PY_QUERY, go: GO_QUERY, ruby: RUBY_QUERY, java: JAVA_QUERY, php: PHP_QUERY };
export const JAVA_SET_FILE_QUERY = '(method_invocation object: (identifier) @o name: (identifier) @m (#any-of? @m "setFile" "setFileName" "withFileName") arguments: (argument_list . (_) @a))';


const fieldOf = (n: Node | null | undefined, name: string): Node | undefined => n?.childForFieldName(name) ?? undefined;
/** Named children, comments too (a query's child pattern may match one). */
const named = (n: Node | null | undefined): Node[] => (n ? n.namedChildren.filter((c): c is Node => !!c) : []);
/** A node of the type whose text is (or matches) `text`. */
const keyIs = (n: Node | undefined, type: string, text: string | RegExp): n is Node =>
  n?.type === type && (typeof text === 'string' ? n.text === text : text.test(n.text));

const SHAPES: Partial<Record<LanguageId, NodeShape>> = {
  javascript: {
    types: ['new_expression', 'call_expression', 'pair'],
    match(n, out) {
      if (n.type === 'new_expression') {
        const ctor = fieldOf(n, 'constructor');
        if ((ctor?.type === 'identifier' || ctor?.type === 'member_expression') && /(transports\.File|DailyRotateFile)$/.test(ctor.text)) out.push(walkHit(0, n, ctor, { new: n, ctor }));
        return;
      }
      if (n.type === 'call_expression') {
        const f = fieldOf(n, 'function');
        const fn = f?.type === 'identifier' ? f : f?.type === 'member_expression' ? fieldOf(f, 'property') : undefined;
        if ((f?.type === 'identifier' || fn?.type === 'property_identifier') && fn && /^(destination|createWriteStream|appendFile|appendFileSync|createStream)$/.test(fn.text)) {
          out.push(walkHit(1, n, fn, { call: n, fn }));
        }
        return;
      }
      const key = fieldOf(n, 'key');
      const value = fieldOf(n, 'value');
      if (key?.type !== 'property_identifier' || !value) return;
      if (key.text === 'target') {
        if (value.type === 'string' && /pino\/file|pino-roll/.test(value.text)) out.push(walkHit(2, n, value, { pinotarget: n, k: key, v: value }));
      } else if (key.text === 'streams') {
        // streams: [{ path: ... }]: each object, each of its `path` entries.
        if (value.type !== 'array') return;
        for (const obj of named(value)) {
          if (obj.type !== 'object') continue;
          for (const pair of named(obj)) {
            const k = pair.type === 'pair' ? fieldOf(pair, 'key') : undefined;
            if (keyIs(k, 'property_identifier', 'path')) out.push(walkHit(3, n, k, { sk: key, k, streampair: pair }));
          }
        }
      } else if (key.text === 'appenders') {
        // appenders: { name: { type: ... } }: each appender, each of its `type` entries.
        if (value.type !== 'object') return;
        for (const appender of named(value)) {
          const config = appender.type === 'pair' ? fieldOf(appender, 'value') : undefined;
          if (config?.type !== 'object') continue;
          for (const pair of named(config)) {
            const k = pair.type === 'pair' ? fieldOf(pair, 'key') : undefined;
            if (keyIs(k, 'property_identifier', 'type')) out.push(walkHit(4, n, k, { ak: key, k, streampair: pair }));
          }
        }
      }
    },
  },
  python: {
    types: ['call', 'pair'],
    match(n, out) {
      if (n.type === 'pair') {
        const k = fieldOf(n, 'key');
        const v = fieldOf(n, 'value');
        if (k?.type === 'string' && v?.type === 'string' && /^['"]class['"]$/.test(k.text) && /FileHandler/.test(v.text)) out.push(walkHit(2, n, v, { classpair: n, k, v }));
        return;
      }
      const f = fieldOf(n, 'function');
      const fn = f?.type === 'identifier' ? f : f?.type === 'attribute' ? fieldOf(f, 'attribute') : undefined;
      if (fn?.type !== 'identifier') return;
      if (/^(FileHandler|RotatingFileHandler|TimedRotatingFileHandler|WatchedFileHandler|ConcurrentRotatingFileHandler|ConcurrentTimedRotatingFileHandler|basicConfig)$/.test(fn.text)) {
        out.push(walkHit(0, n, fn, { call: n, fn }));
      }
      const o = f?.type === 'attribute' ? fieldOf(f, 'object') : undefined;
      if (keyIs(o, 'identifier', 'logger') && fn.text === 'add') out.push(walkHit(1, n, fn, { call: n, o, fn }));
    },
  },
  go: {
    types: ['call_expression', 'assignment_statement', 'composite_literal', 'keyed_element'],
    match(n, out) {
      switch (n.type) {
        case 'call_expression': {
          const f = fieldOf(n, 'function');
          const fn = f?.type === 'selector_expression' ? fieldOf(f, 'field') : undefined;
          if (keyIs(fn, 'field_identifier', /^(SetOutput|New|NewJSONHandler|NewTextHandler|AddSync)$/)) out.push(walkHit(0, n, fn, { call: n, fn }));
          return;
        }
        case 'assignment_statement': {
          const left = fieldOf(n, 'left');
          const right = fieldOf(n, 'right');
          if (left?.type !== 'expression_list' || right?.type !== 'expression_list') return;
          const fields = named(left).filter((x) => x.type === 'selector_expression').map((x) => fieldOf(x, 'field')).filter((f): f is Node => f?.type === 'field_identifier');
          // x.Out = w: each `Out` on the left, the first on the right.
          const writer = right.namedChild(0);
          if (writer) for (const f of fields) if (f.text === 'Out') out.push(walkHit(1, n, writer, { assign: n, f, writer }));
          // cfg.OutputPaths = []string{...}: each such field, each literal on the right.
          for (const k of fields) {
            if (!/^(OutputPaths|ErrorOutputPaths)$/.test(k.text)) continue;
            for (const paths of named(right)) if (paths.type === 'composite_literal') out.push(walkHit(4, n, paths, { zap: n, k, paths }));
          }
          return;
        }
        case 'composite_literal': {
          const t = fieldOf(n, 'type');
          const pkg = t?.type === 'qualified_type' ? fieldOf(t, 'package') : undefined;
          const name = t?.type === 'qualified_type' ? fieldOf(t, 'name') : undefined;
          if (keyIs(pkg, 'package_identifier', 'lumberjack') && keyIs(name, 'type_identifier', 'Logger')) out.push(walkHit(2, n, name, { lumberjack: n, pkg, t: name }));
          return;
        }
        case 'keyed_element': {
          const key = fieldOf(n, 'key');
          const value = fieldOf(n, 'value');
          if (key?.type !== 'literal_element' || value?.type !== 'literal_element') return;
          for (const k of named(key)) {
            if (!keyIs(k, 'identifier', /^(OutputPaths|ErrorOutputPaths)$/)) continue;
            for (const paths of named(value)) if (paths.type === 'composite_literal') out.push(walkHit(3, n, paths, { zap: n, k, paths }));
          }
        }
      }
    },
  },
  ruby: {
    types: ['call'],
    match(n, out) {
      const m = fieldOf(n, 'method');
      if (m?.type !== 'identifier') return;
      const recv = fieldOf(n, 'receiver');
      if (m.text === 'new' && (recv?.type === 'constant' || recv?.type === 'scope_resolution') && /(^|::)Logger$/.test(recv.text)) out.push(walkHit(0, n, m, { call: n, recv, m }));
      else if (m.text === 'stdout_redirect' && !recv) out.push(walkHit(1, n, m, { redirect: n, m }));
    },
  },
  java: {
    types: ['object_creation_expression', 'method_invocation'],
    match(n, out) {
      if (n.type === 'object_creation_expression') {
        const type = fieldOf(n, 'type');
        if ((type?.type === 'type_identifier' || type?.type === 'scoped_type_identifier' || type?.type === 'generic_type')
          && /(FileHandler|FileAppender|RollingFileAppender|DailyRollingFileAppender|RandomAccessFileAppender|RollingRandomAccessFileAppender)(<.*>)?$/.test(type.text)) {
          out.push(walkHit(0, n, type, { new: n, type }));
        }
        return;
      }
      const m = fieldOf(n, 'name');
      if (m?.type !== 'identifier') return;
      const cls = fieldOf(n, 'object');
      if ((m.text === 'newBuilder' || m.text === 'createAppender') && keyIs(cls, 'identifier', /^(FileAppender|RollingFileAppender|RandomAccessFileAppender|RollingRandomAccessFileAppender)$/)) {
        out.push(walkHit(1, n, m, { builder: n, cls, m }));
      } else if (/^(setOut|setErr|newAppender)$/.test(m.text)) out.push(walkHit(2, n, m, { call: n, m }));
    },
  },
  php: {
    types: ['function_call_expression', 'object_creation_expression'],
    match(n, out) {
      if (n.type === 'function_call_expression') {
        const fn = fieldOf(n, 'function');
        if (keyIs(fn, 'name', /^(error_log|ini_set|file_put_contents|fopen)$/)) out.push(walkHit(0, n, fn, { call: n, fn }));
        return;
      }
      for (const cls of named(n)) {
        if ((cls.type === 'name' || cls.type === 'qualified_name') && /(StreamHandler|RotatingFileHandler)$/.test(cls.text)) out.push(walkHit(1, n, cls, { new: n, cls }));
      }
    },
  },
};

/** `JAVA_SET_FILE_QUERY` in code: `x.setFile(path)` and the like, with the first argument (a comment first counts). */
export const JAVA_SET_FILE: NodeShape = {
  types: ['method_invocation'],
  match(n, out) {
    const o = fieldOf(n, 'object');
    const m = fieldOf(n, 'name');
    const args = fieldOf(n, 'arguments');
    const a = args?.type === 'argument_list' ? args.namedChild(0) : undefined;
    if (o?.type === 'identifier' && keyIs(m, 'identifier', /^(setFile|setFileName|withFileName)$/) && a) out.push(walkHit(0, n, a, { o, m, a }));
  },
};

/** A language's reference query, in code. */
export const shapeFor = (lang: LanguageId): NodeShape | undefined => SHAPES[lang === 'typescript' ? 'javascript' : lang];

/**
 * Every match that can give a finding contains one of these words (a logger class or
 * function, a config key), at most `levels` ancestors below the match's root (one of
 * `types`). The matches are then looked for only under the nodes around them, not in the whole tree.
 */

function anchorsFor(lang: LanguageId, text: string): WordAnchors | undefined {
  switch (lang) {
    case 'javascript':
    case 'typescript':
      return {
        anchor: /transports\.File|DailyRotateFile|destination|createWriteStream|appendFile|createStream|pino\/file|pino-roll|\bstreams\b|\bappenders\b/g,
        types: new Set(['new_expression', 'call_expression', 'pair']), levels: 2,
      };
    case 'python':
      // loguru's `logger.add(...)` only counts where loguru is imported.
      return { anchor: /loguru/.test(text) ? /FileHandler|basicConfig|\badd\b/g : /FileHandler|basicConfig/g, types: new Set(['call', 'pair']), levels: 2 };
    case 'go':
      return {
        anchor: /SetOutput|\b(?:log|zerolog)\s*\.\s*New\b|NewJSONHandler|NewTextHandler|AddSync|\bOut\b|\blumberjack\b|OutputPaths/g,
        types: new Set(['call_expression', 'assignment_statement', 'composite_literal', 'keyed_element']), levels: 3,
      };
    case 'ruby':
      return { anchor: /\bLogger\b|\bstdout_redirect\b/g, types: new Set(['call']), levels: 2 };
    case 'java':
      return { anchor: /FileHandler|FileAppender|setOut|setErr|newAppender/g, types: new Set(['object_creation_expression', 'method_invocation']), levels: 3 };
    case 'php':
      return { anchor: /error_log|ini_set|file_put_contents|fopen|StreamHandler|FileHandler/g, types: new Set(['function_call_expression', 'object_creation_expression']), levels: 2 };
  }
  return undefined;
}

/** Blanks and comments between a PHP call's arguments. */
const PHP_GAP = String.raw`(?:\s|/\*(?:[^*]|\*(?!/))*\*/|(?:#|//)[^\n]*\n)*`;
/** `ini_set('error_log', ...)`. */
const PHP_INI_ERROR_LOG = new RegExp(`\\bini_set\\s*\\(${PHP_GAP}['"]error_log['"]`);
/** A `3` argument after the first (`error_log`'s message type "append to a file"). */
const PHP_ARG_3 = new RegExp(`,${PHP_GAP}3${PHP_GAP}[,)]`);
/** A string argument after the first that starts with `a` (an append mode). */
const PHP_APPEND_MODE = new RegExp(`,${PHP_GAP}['"]a`);

/**
 * Whether the text can hold a finding, from the words every finding needs: an anchor (the
 * queries run only around them) and, for the common ones, what the check asks of the call
 * next (pino for `destination`, `os.OpenFile`/`os.Create` for a Go logger's writer, PHP's
 * type 3 for `error_log`, an append mode and a log path for `fopen`...).
 */
function mayLogToFile(lang: LanguageId, text: string): boolean {
  switch (lang) {
    case 'javascript':
    case 'typescript':
      return /transports\.File|DailyRotateFile|createWriteStream|appendFile|createStream|pino\/file|pino-roll|\b(?:streams|appenders)\s*:/.test(text) ||
        // pino.destination(...) or a bare destination(...) (imported from pino)
        (text.includes('destination') && (text.includes('pino') || /(?<!\.\s*)\bdestination\s*[(<?`]/.test(text)));
    case 'python':
      return text.includes('FileHandler') || (text.includes('basicConfig') && /\bfilename\b/.test(text)) || (text.includes('loguru') && /\badd\b/.test(text));
    case 'go':
      // A logger's writer is reported only when it is an opened file.
      return /lumberjack|OutputPaths/.test(text) ||
        (/SetOutput|\b(?:log|zerolog)\s*\.\s*New\b|NewJSONHandler|NewTextHandler|AddSync|\bOut\b/.test(text) && /\bos\s*\.\s*(?:OpenFile|Create)\b/.test(text));
    case 'php':
      return /StreamHandler|FileHandler/.test(text) || PHP_INI_ERROR_LOG.test(text) ||
        // error_log($message, 3, $file)
        (text.includes('error_log') && PHP_ARG_3.test(text)) ||
        (text.includes('file_put_contents') && text.includes('FILE_APPEND')) ||
        // fopen($logPath, 'a')
        (text.includes('fopen') && PHP_APPEND_MODE.test(text) && /log/i.test(text));
  }
  const anchors = anchorsFor(lang, text);
  return !anchors || text.search(anchors.anchor) >= 0;
}

/** Where the matches that can give a finding are: under the nodes around the anchors. */
export function logRoots(root: Node, lang: LanguageId, text: string): Node[] {
  const anchors = anchorsFor(lang, text);
  return anchors ? anchorRoots(root, text, anchors) : [root];
}

// ---------------------------------------------------------------------------------------
// The rule
// ---------------------------------------------------------------------------------------

export default defineRule({
  id: 'logs/no-log-file',
  meta: {
    description: 'Logs written to a file (or rotated) by the app instead of stdout',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'suggestion',
    messages: {
      logFile: 'Writes logs to {{target}}; write them to stdout and let the platform route them.',
      rotation: 'Writes logs to {{target}} and rotates it itself; write them to stdout and let the platform route and store them.',
    },
    docs: {
      why: 'A twelve-factor app writes its logs as an event stream to stdout, so the platform can collect, route and keep them; log files fill disks, vanish with the container and are invisible to the log pipeline.',
      bad: {
        javascript: "new winston.transports.File({ filename: 'app.log' })\n// or: pino(pino.destination('./app.log'))",
        typescript: "morgan('combined', { stream: fs.createWriteStream('access.log', { flags: 'a' }) })",
        python: 'logging.FileHandler("app.log")\n# or: logging.basicConfig(filename="app.log")',
        go: 'f, _ := os.OpenFile("app.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)\nlog.SetOutput(f)',
        ruby: 'Logger.new("log/production.log")',
        java: 'logger.addHandler(new FileHandler("app.log"));',
        php: "error_log($message, 3, '/var/log/app.log');\n// or: new StreamHandler(__DIR__ . '/app.log')",
      },
      good: {
        javascript: 'new winston.transports.Console()\n// or: pino(pino.destination(1))',
        typescript: "morgan('combined')",
        python: 'logging.StreamHandler(sys.stdout)\n# or: logging.basicConfig(stream=sys.stdout)',
        go: 'log.SetOutput(os.Stdout)',
        ruby: 'Logger.new($stdout)',
        java: 'logger.addHandler(new ConsoleHandler());',
        php: "error_log($message, 3, 'php://stderr');\n// or: new StreamHandler('php://stdout')",
      },
      fix: 'Points the logger at stdout instead of the file (a console transport or appender, `pino.destination(1)`, `StreamHandler(sys.stdout)`, `basicConfig(stream=sys.stdout)`, `os.Stdout`, `Logger.new($stdout)`, `php://stdout`/`php://stderr`; Java gets a `ConsoleHandler`, which writes to stderr). A suggestion: logs stop going to the file.',
    },
  },
  // One word of each condition in mayLogToFile (Go's writers need an opened file, so `OpenFile`/`Create` stand for them).
  triggers: [
    'transports.File', 'DailyRotateFile', 'createWriteStream', 'appendFile', 'createStream', 'pino', 'destination', 'streams', 'appenders',
    'FileHandler', 'basicConfig', 'loguru', 'lumberjack', 'OutputPaths', 'OpenFile', 'Create', 'Logger', 'stdout_redirect',
    'FileAppender', 'setOut', 'setErr', 'newAppender', 'StreamHandler', 'error_log', 'FILE_APPEND', 'fopen',
  ],
  check(context) {
    const lang = context.language;
    if (!context.treeParsed && !precheck(() => mayLogToFile(lang, context.text))) return;
    const root = context.tree?.rootNode;
    const shape = shapeFor(lang);
    if (!root || !shape) return;
    const seen = new Set<number>();
    for (const match of matchesUnder(logRoots(root, lang, context.text), shape)) {
      const caps = match.captures.map((c) => ({ name: c.name, node: c.node }));
      let hits: Hit[] = [];
      switch (lang) {
        case 'javascript': case 'typescript': hits = jsHits(context, caps); break;
        case 'python': hits = pyHits(context, caps); break;
        case 'go': hits = goHits(context, caps); break;
        case 'ruby': hits = rubyHits(context, caps); break;
        case 'java': hits = javaHits(context, caps); break;
        case 'php': hits = phpHits(context, caps); break;
      }
      for (const h of hits) {
        if (seen.has(h.node.id)) continue;
        seen.add(h.node.id);
        context.report({ node: h.node, messageId: h.rotation ? 'rotation' : 'logFile', data: { target: targetOf(h.path) }, fixes: h.fixes ?? [] });
      }
    }
  },
});


