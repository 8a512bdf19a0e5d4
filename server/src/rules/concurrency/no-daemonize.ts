/**
 * Code that daemonises its own process or writes a PID file: Python `daemon.DaemonContext()`
 * and double forks (`os.fork()` + `os.setsid()`), gunicorn's `daemon = True`/`pidfile`, Ruby
 * `Process.daemon`, the daemons gem and Puma's `daemonize`, Node re-spawning itself
 * `detached` or the `daemon` package, go-daemon's `daemon.Context`, PHP `pcntl_fork()` +
 * `posix_setsid()`, Spring Boot's `ApplicationPidFileWriter`, Node's `cluster.fork()` (the
 * process supervising its own workers), Puma's `pidfile "..."`, and writing the process's
 * own id to a file in any of the languages.
 *
 * The process manager (the platform, systemd, foreman) starts, watches, restarts and scales
 * processes; a process that detaches or records its own PID escapes it. Not flagged:
 * `threading.Thread(daemon=True)`, logging `process.pid`, Puma's default `pidfile` line,
 * detached spawns of other programs.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck, type RuleContext } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import type { LanguageId } from '../../parsing/languages';
import { callInfo, findImports, matchesNear, spansOf, stringValue, type CallInfo, type NodeShape, type TextSpan, type WalkMatch } from '../../analysis/syntax';

function field(n: Node | null | undefined, name: string): Node | undefined {
  return n?.childForFieldName(name) ?? undefined;
}

/** The process's own id, per language. */
const OWN_PID: Record<string, RegExp> = {
  javascript: /\bprocess\.pid\b/,
  typescript: /\bprocess\.pid\b/,
  python: /\bos\.getpid\(\s*\)/,
  go: /\bos\.Getpid\(\s*\)/,
  ruby: /\bProcess\.pid\b|\$\$/,
  java: /ProcessHandle\.current\(\)\.pid\(\)|getRuntimeMXBean\(\)\.(getName|getPid)\(\)/,
  php: /\b(getmypid|posix_getpid)\s*\(/,
};

/** A gunicorn config module's settings that daemonise or write a PID file, at the start of a line. */
const GUNICORN_DAEMON = /^(daemon|pidfile)\s*=/m;

/**
 * Per language, what the text holds wherever something is reported: the own-PID expression a
 * PID write needs, or a word of each daemonising call and setting the checks below look for.
 */
function mayDaemonize(lang: LanguageId, text: string): boolean {
  if (OWN_PID[lang]?.test(text)) return true;
  switch (lang) {
    case 'javascript':
    case 'typescript':
      // `detached: true` spawns, `cluster.fork()`, the `daemon` packages.
      return /\bdetached\s*:\s*true\b/.test(text) || (text.includes('cluster') && text.includes('fork')) || text.includes('daemon');
    case 'python':
      return GUNICORN_DAEMON.test(text) || text.includes('Daemon') || (text.includes('setsid') && /\bos\.fork\(\s*\)/.test(text));
    case 'go':
      return text.includes('go-daemon');
    case 'ruby':
      // `Process.daemon`, `Daemons.run`, Puma's `daemonize` and `pidfile`.
      return /[dD]aemon|pidfile/.test(text);
    case 'java':
      return text.includes('ApplicationPidFileWriter');
    case 'php':
      return text.includes('posix_setsid') && /\bpcntl_fork\s*\(/.test(text);
  }
  return true;
}

/** Settings that only a gunicorn config module sets at its top level. */
const GUNICORN_SETTINGS = new Set(['bind', 'workers', 'worker_class', 'threads', 'timeout', 'accesslog', 'errorlog', 'loglevel',
  'preload_app', 'wsgi_app', 'keepalive', 'graceful_timeout', 'max_requests', 'max_requests_jitter', 'worker_connections', 'proc_name',
  'raw_env', 'worker_tmp_dir', 'forwarded_allow_ips', 'capture_output', 'reload']);

/** Short text for messages: a literal's value, else the expression (trimmed). */
function label(n: Node | undefined, lang: LanguageId): string {
  if (!n) return 'a file';
  const v = stringValue(n, lang);
  const t = (v ?? n.text).replace(/\s+/g, ' ');
  return t.length > 48 ? `${t.slice(0, 45)}...` : t;
}

/** Removes the whole line(s) of a statement that stands alone on them; undefined otherwise. */
function removeStatementFix(context: RuleContext, stmt: Node, title: string): Fix | undefined {
  const text = context.text;
  const ls = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  if (text.slice(ls, stmt.startIndex).trim()) return undefined;
  let le = text.indexOf('\n', stmt.endIndex);
  le = le < 0 ? text.length : le + 1;
  const rest = text.slice(stmt.endIndex, le).trim();
  if (rest && !/^(#|\/\/)/.test(rest)) return undefined;
  return { title, safety: 'suggestion', preferred: true, edits: [{ range: context.rangeAt(ls, le), newText: '' }] };
}

/** The value written is (about) only the PID, or the target says it is a PID file. */
function isPidWrite(context: RuleContext, content: Node | undefined, target: string): boolean {
  if (!content) return false;
  const re = OWN_PID[context.language];
  const m = re.exec(content.text);
  if (!m) return false;
  return /pid/i.test(target) || content.text.length <= m[0].length + 24;
}

function reportPid(context: RuleContext, node: Node, target: string): void {
  context.report({ node, messageId: 'pidFile', data: { target } });
}

// ---------------------------------------------------------------------------------------

function checkJs(context: RuleContext, info: CallInfo): void {
  const lang = context.language;
  const { method, args } = info;
  if (method === 'writeFileSync' || method === 'writeFile') {
    const target = label(args[0], lang);
    if (isPidWrite(context, args[1], args[0]?.text ?? '')) reportPid(context, info.node, target);
    return;
  }
  // Node's cluster module: the process forks and supervises its own worker processes.
  if (method === 'fork' && info.object && clusterNames(context).has(info.object)) {
    context.report({ node: info.node, messageId: 'selfFork', data: { call: `${info.callee}()` } });
    return;
  }
  if (method === 'spawn' || method === 'fork') {
    const opts = args.find((a) => a.type === 'object');
    if (!opts || !/\bdetached\s*:\s*true\b/.test(opts.text)) return;
    const self = /\b__filename\b|process\.argv\s*(\[\s*1\s*\]|\.slice)|import\.meta\.(url|filename)/;
    const cmd = args[0]?.text ?? '';
    const rest = args.slice(0, -1).map((a) => a.text).join(' ');
    const node = /^process\.(execPath|argv\[0\])$/.test(cmd) || stringValue(args[0], lang) === 'node' || method === 'fork';
    if (node && self.test(rest)) context.report({ node: info.node, messageId: 'respawn', data: { call: `${info.callee}(..., { detached: true })` } });
  }
}

const clusterCache = new WeakMap<object, Set<string>>();

/** Names the `cluster` module is bound to in this file (`cluster`, `import cluster from 'node:cluster'`). */
function clusterNames(context: RuleContext): Set<string> {
  const root = context.tree?.rootNode;
  if (!root) return new Set();
  let names = clusterCache.get(root);
  if (!names) {
    names = new Set();
    for (const i of findImports(root, context.language)) {
      if (i.module !== 'cluster' && i.module !== 'node:cluster') continue;
      if (i.kind === 'require') {
        const decl = i.node.parent?.type === 'variable_declarator' ? field(i.node.parent, 'name') : undefined;
        if (decl?.type === 'identifier') names.add(decl.text);
      } else {
        const clause = i.node.namedChildren.find((c) => c?.type === 'import_clause');
        const id = clause?.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'namespace_import');
        if (id) names.add(id.type === 'identifier' ? id.text : id.text.replace(/^\*\s*as\s+/, ''));
      }
    }
    clusterCache.set(root, names);
  }
  return names;
}

function checkPython(context: RuleContext, info: CallInfo, hasFork: () => boolean): void {
  const { callee, method, args } = info;
  if (callee === 'daemon.DaemonContext' || callee === 'DaemonContext' || callee === 'Daemonize' || callee === 'daemonize.Daemonize') {
    context.report({ node: info.node, messageId: 'daemonize', data: { call: `${callee}()` } });
    return;
  }
  if (callee === 'os.setsid' && hasFork()) {
    context.report({ node: info.node, messageId: 'daemonize', data: { call: 'os.fork() + os.setsid()' } });
    return;
  }
  if (method === 'write' || method === 'write_text') {
    const recv = info.object ?? '';
    if (/^sys\.(stdout|stderr)$|^self\.(wfile|request)$/.test(recv)) return;
    // The file it writes to: the receiver, or the `with open(...) as f` that bound it.
    let target = recv;
    for (let p = info.node.parent; p; p = p.parent) {
      if (p.type === 'with_statement') {
        const clause = p.namedChildren.find((c) => c?.type === 'with_clause');
        if (clause && new RegExp(`\\bas\\s+${recv.replace(/\W/g, '\\$&')}\\b`).test(clause.text)) { target = clause.text; break; }
      }
      if (p.type === 'function_definition' || p.type === 'module') break;
    }
    if (/pid/i.test(target) && isPidWrite(context, args[0], target)) reportPid(context, info.node, recv);
    return;
  }
  if (callee === 'print') {
    const file = info.keywordArgs.get('file');
    if (file && /pid/i.test(file.text) && isPidWrite(context, args[0], file.text)) reportPid(context, info.node, file.text);
  }
}

function checkGo(context: RuleContext, info: CallInfo): void {
  const lang = context.language;
  const { callee, method, args } = info;
  if (callee === 'os.WriteFile' || callee === 'ioutil.WriteFile') {
    if (isPidWrite(context, args[1], args[0]?.text ?? '')) reportPid(context, info.node, label(args[0], lang));
    return;
  }
  if (method === 'WriteString' || method === 'Write') {
    const recv = info.object ?? '';
    if (/pid/i.test(recv) && isPidWrite(context, args[0], recv)) reportPid(context, info.node, recv);
    return;
  }
  if (/^fmt\.Fprint(f|ln)?$/.test(callee)) {
    const w = args[0]?.text ?? '';
    if (/pid/i.test(w) && args.slice(1).some((a) => isPidWrite(context, a, w))) reportPid(context, info.node, w);
  }
}

function checkRuby(context: RuleContext, info: CallInfo): void {
  const lang = context.language;
  const { callee, method, args } = info;
  if (callee === 'Process.daemon' || /^Daemons\.(run|run_proc|daemonize|call)$/.test(callee)) {
    const stmt = info.node;
    const fix = stmt.parent && ['program', 'body_statement', 'block_body', 'then', 'else', 'do'].includes(stmt.parent.type)
      ? removeStatementFix(context, stmt, `Remove ${callee}`) : undefined;
    context.report({ node: info.node, messageId: 'daemonize', data: { call: callee }, fixes: fix ? [fix] : [] });
    return;
  }
  if (!info.object && method === 'daemonize' && info.node.parent?.type === 'program') {
    const a = args[0];
    if (a && a.type !== 'true') return;
    const fix = removeStatementFix(context, info.node, 'Remove `daemonize` (run Puma in the foreground)');
    context.report({ node: info.node, messageId: 'configDaemon', data: { setting: info.node.text, server: 'Puma' }, fixes: fix ? [fix] : [] });
    return;
  }
  // Puma's `pidfile "/var/run/app.pid"` (Rails' default `pidfile ENV.fetch("PIDFILE") { ... }` leaves it to the environment).
  if (!info.object && method === 'pidfile' && info.node.parent?.type === 'program' && args.length === 1 && stringValue(args[0], lang) !== undefined) {
    const fix = removeStatementFix(context, info.node, 'Remove the `pidfile` setting');
    context.report({ node: info.node, messageId: 'pidFile', data: { target: label(args[0], lang) }, fixes: fix ? [fix] : [] });
    return;
  }
  if (/^(File|IO)\.(write|binwrite)$/.test(callee)) {
    if (isPidWrite(context, args[1], args[0]?.text ?? '')) reportPid(context, info.node, label(args[0], lang));
    return;
  }
  if (['write', 'puts', 'print', '<<'].includes(method) && info.object) {
    const recv = info.object;
    let target = recv;
    for (let p = info.node.parent; p; p = p.parent) {
      if ((p.type === 'block' || p.type === 'do_block') && p.parent?.type === 'call') {
        const opener = callInfo(p.parent, lang);
        if (opener && /^(File|IO)\.open$|^File\.new$/.test(opener.callee)) { target = opener.args[0]?.text ?? recv; break; }
      }
      if (p.type === 'method' || p.type === 'program') break;
    }
    if (/pid/i.test(target) && args.some((a) => isPidWrite(context, a, target))) reportPid(context, info.node, target);
  }
}

function checkJava(context: RuleContext, info: CallInfo): void {
  const lang = context.language;
  const { callee, method, args } = info;
  if (callee === 'ApplicationPidFileWriter' || /\.ApplicationPidFileWriter$/.test(callee)) {
    context.report({ node: info.node, messageId: 'pidFile', data: { target: args[0] ? label(args[0], lang) : 'application.pid' } });
    return;
  }
  if (callee === 'Files.write' || callee === 'Files.writeString') {
    if (isPidWrite(context, args[1], args[0]?.text ?? '')) reportPid(context, info.node, label(args[0], lang));
    return;
  }
  if ((method === 'write' || method === 'print' || method === 'println') && /pid/i.test(info.object ?? '')) {
    if (isPidWrite(context, args[0], info.object ?? '')) reportPid(context, info.node, info.object ?? '');
  }
}

function checkPhp(context: RuleContext, info: CallInfo, hasFork: () => boolean): void {
  const lang = context.language;
  const { callee, args } = info;
  if (callee === 'posix_setsid' && hasFork()) {
    context.report({ node: info.node, messageId: 'daemonize', data: { call: 'pcntl_fork() + posix_setsid()' } });
    return;
  }
  if (callee === 'file_put_contents') {
    if (isPidWrite(context, args[1], args[0]?.text ?? '')) reportPid(context, info.node, label(args[0], lang));
    return;
  }
  if (callee === 'fwrite' || callee === 'fputs') {
    const h = args[0]?.text ?? '';
    if (/pid/i.test(h) && isPidWrite(context, args[1], h)) reportPid(context, info.node, h);
  }
}

/**
 * The queries `daemonMatches` replaces: compiling one costs 1 to 20 ms per grammar at a language's
 * first file, a walk nothing. `test/unit/query-walks.test.ts` checks that it finds what they match.
 */
export const REFERENCE_QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: `
    (call_expression function: (member_expression property: (property_identifier) @m) (#match? @m "^(writeFileSync|writeFile|spawn|fork)$")) @call
    (call_expression function: (identifier) @m (#match? @m "^(writeFileSync|writeFile|spawn|fork)$")) @call`,
  python: '(call function: [(identifier) (attribute)] @f (#match? @f "(DaemonContext|Daemonize|setsid|write|write_text|print)$")) @call',
  go: `
    (call_expression function: (selector_expression field: (field_identifier) @m (#match? @m "^(WriteFile|WriteString|Write|Fprint|Fprintf|Fprintln)$"))) @call
    (composite_literal type: (qualified_type) @t (#eq? @t "daemon.Context")) @lit`,
  ruby: `
    (call method: (identifier) @m (#match? @m "^(daemon|run|run_proc|daemonize|call|write|binwrite|puts|print|pidfile)$")) @call
    ((identifier) @bare (#eq? @bare "daemonize"))`,
  java: `
    (method_invocation name: (identifier) @m (#match? @m "^(write|writeString|print|println)$")) @call
    (object_creation_expression type: (_) @t (#match? @t "ApplicationPidFileWriter$")) @call`,
  php: '(function_call_expression function: (name) @f (#match? @f "^(posix_setsid|file_put_contents|fwrite|fputs)$")) @call',
};

/**
 * Per language, how the reference query matches: the node types its patterns start at, the
 * words their callee (or type) holds and how many levels the pattern's node is above the
 * smallest node at such a word, and the matches of the patterns at one node.
 */
interface Shape extends NodeShape { words: RegExp[]; levels: number }

const JS_WRITE_OR_SPAWN = /^(writeFileSync|writeFile|spawn|fork)$/;

const SHAPES: Partial<Record<LanguageId, Shape>> = {
  javascript: {
    types: ['call_expression'],
    words: [/write/g, /spawn/g, /fork/g],
    levels: 2,
    match(n, out) {
      const f = field(n, 'function');
      const m = f?.type === 'member_expression' ? field(f, 'property') : f;
      if (!m || !JS_WRITE_OR_SPAWN.test(m.text)) return;
      if (f?.type === 'member_expression' && m.type === 'property_identifier') out.push({ patternIndex: 0, captures: [{ name: 'call', node: n }, { name: 'm', node: m }], root: n, done: m });
      else if (f?.type === 'identifier') out.push({ patternIndex: 1, captures: [{ name: 'call', node: n }, { name: 'm', node: m }], root: n, done: m });
    },
  },
  python: {
    types: ['call'],
    words: [/Daemon/g, /setsid/g, /write/g, /print/g],
    levels: 2,
    match(n, out) {
      const f = field(n, 'function');
      if ((f?.type === 'identifier' || f?.type === 'attribute') && /(DaemonContext|Daemonize|setsid|write|write_text|print)$/.test(f.text)) {
        out.push({ patternIndex: 0, captures: [{ name: 'call', node: n }, { name: 'f', node: f }], root: n, done: f });
      }
    },
  },
  go: {
    types: ['call_expression', 'composite_literal'],
    words: [/Write/g, /Fprint/g, /daemon/g],
    levels: 2,
    match(n, out) {
      if (n.type === 'composite_literal') {
        const t = field(n, 'type');
        if (t?.type === 'qualified_type' && t.text === 'daemon.Context') out.push({ patternIndex: 1, captures: [{ name: 'lit', node: n }, { name: 't', node: t }], root: n, done: t });
        return;
      }
      const f = field(n, 'function');
      const m = f?.type === 'selector_expression' ? field(f, 'field') : undefined;
      if (m?.type === 'field_identifier' && /^(WriteFile|WriteString|Write|Fprint|Fprintf|Fprintln)$/.test(m.text)) {
        out.push({ patternIndex: 0, captures: [{ name: 'call', node: n }, { name: 'm', node: m }], root: n, done: m });
      }
    },
  },
  ruby: {
    types: ['call', 'identifier'],
    words: [/daemon/g, /run/g, /call/g, /write/g, /puts/g, /print/g, /pidfile/g],
    levels: 1,
    match(n, out) {
      if (n.type === 'identifier') {
        if (n.text === 'daemonize') out.push({ patternIndex: 1, captures: [{ name: 'bare', node: n }], root: n, done: n });
        return;
      }
      const m = field(n, 'method');
      if (m?.type === 'identifier' && /^(daemon|run|run_proc|daemonize|call|write|binwrite|puts|print|pidfile)$/.test(m.text)) {
        out.push({ patternIndex: 0, captures: [{ name: 'call', node: n }, { name: 'm', node: m }], root: n, done: m });
      }
    },
  },
  java: {
    types: ['method_invocation', 'object_creation_expression'],
    words: [/write/g, /print/g, /ApplicationPidFileWriter/g],
    levels: 2,
    match(n, out) {
      if (n.type === 'object_creation_expression') {
        const t = field(n, 'type');
        if (t?.isNamed && /ApplicationPidFileWriter$/.test(t.text)) out.push({ patternIndex: 1, captures: [{ name: 'call', node: n }, { name: 't', node: t }], root: n, done: t });
        return;
      }
      const m = field(n, 'name');
      if (m?.type === 'identifier' && /^(write|writeString|print|println)$/.test(m.text)) {
        out.push({ patternIndex: 0, captures: [{ name: 'call', node: n }, { name: 'm', node: m }], root: n, done: m });
      }
    },
  },
  php: {
    types: ['function_call_expression'],
    words: [/setsid/g, /file_put_contents/g, /fwrite/g, /fputs/g],
    levels: 1,
    match(n, out) {
      const f = field(n, 'function');
      if (f?.type === 'name' && /^(posix_setsid|file_put_contents|fwrite|fputs)$/.test(f.text)) {
        out.push({ patternIndex: 0, captures: [{ name: 'call', node: n }, { name: 'f', node: f }], root: n, done: f });
      }
    },
  },
};

/** Where the callee words of a language's matches are in the text (each word on its own, so that no match hides another). */
function wordSpans(text: string, words: readonly RegExp[]): TextSpan[] {
  return words.flatMap((re) => spansOf(text, re));
}

/**
 * The reference query's matches in the tree, in the order its cursor gives them (by the node
 * where each completes, then the outer match first, then by pattern): a walk under the nodes
 * around the callee words, with the query's conditions in code.
 */
export function daemonMatches(root: Node, text: string, lang: LanguageId): WalkMatch[] {
  const shape = SHAPES[lang === 'typescript' ? 'javascript' : lang];
  if (!shape) return [];
  return matchesNear(root, wordSpans(text, shape.words), shape, shape.levels);
}

/** Python gunicorn config module: `daemon = True`, `pidfile = "..."` beside other gunicorn settings. */
function checkGunicornConfig(context: RuleContext, root: Node): void {
  const assigns = new Map<string, Node>();
  for (const s of root.namedChildren) {
    const a = s?.type === 'expression_statement' ? s.namedChild(0) : undefined;
    const left = a?.type === 'assignment' ? field(a, 'left') : undefined;
    if (left?.type === 'identifier') assigns.set(left.text, s!);
  }
  if (![...assigns.keys()].some((k) => GUNICORN_SETTINGS.has(k))) return;
  const daemon = assigns.get('daemon');
  const dv = daemon ? field(daemon.namedChild(0), 'right') : undefined;
  if (daemon && dv?.type === 'true') {
    const fix = removeStatementFix(context, daemon, 'Remove `daemon = True` (run gunicorn in the foreground)');
    context.report({ node: daemon, messageId: 'configDaemon', data: { setting: 'daemon = True', server: 'gunicorn' }, fixes: fix ? [fix] : [] });
  }
  const pid = assigns.get('pidfile');
  const pv = pid ? field(pid.namedChild(0), 'right') : undefined;
  if (pid && pv && pv.type !== 'none') {
    const fix = removeStatementFix(context, pid, 'Remove the `pidfile` setting');
    context.report({ node: pid, messageId: 'pidFile', data: { target: label(pv, 'python') }, fixes: fix ? [fix] : [] });
  }
}

export default defineRule({
  id: 'concurrency/no-daemonize',
  meta: {
    description: 'Code that daemonises its process or writes a PID file',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'suggestion',
    messages: {
      daemonize: '`{{call}}` daemonises the process, detaching it from the process manager that should supervise, restart and scale it; run in the foreground.',
      configDaemon: '`{{setting}}` makes {{server}} daemonise, so the process manager loses track of it; run it in the foreground.',
      respawn: '`{{call}}` re-launches this program detached in the background, out of the process manager\'s sight; run it in the foreground.',
      selfFork: '`{{call}}` makes this process fork and supervise its own worker processes, out of the process manager\'s sight; run one process per dyno or container and scale the process type instead.',
      pidFile: 'Writes the process id to {{target}}; the process manager already tracks its processes, so run in the foreground without a PID file.',
    },
    docs: {
      why: 'The process manager starts, watches, restarts and scales each process, and a process that daemonises itself or keeps its own PID file escapes it, so its exit looks like a crash and a stale PID file blocks the next start.',
      bad: {
        javascript: "fs.writeFileSync('/var/run/app.pid', String(process.pid));",
        typescript: "spawn(process.execPath, [__filename, 'serve'], { detached: true, stdio: 'ignore' }).unref();",
        python: 'with daemon.DaemonContext(pidfile=PIDLockFile("/var/run/worker.pid")):\n    main()',
        go: 'os.WriteFile("app.pid", []byte(strconv.Itoa(os.Getpid())), 0o644)',
        ruby: 'Process.daemon(true)\nFile.write("tmp/pids/worker.pid", Process.pid)',
        java: 'app.addListeners(new ApplicationPidFileWriter("app.pid"));',
        php: "if (pcntl_fork() > 0) exit(0);\nposix_setsid();\nfile_put_contents('/var/run/worker.pid', getmypid());",
      },
      good: {
        javascript: "console.log(`started pid ${process.pid}`);",
        typescript: "startServer(); // in the foreground; the platform restarts it",
        python: 'main()  # in the foreground; the process manager supervises it',
        go: 'log.Printf("started, pid %d", os.Getpid())',
        ruby: 'worker.run # in the foreground',
        java: 'SpringApplication.run(Application.class, args);',
        php: "\$worker->run(); // in the foreground",
      },
      fix: 'Removes a daemonising setting or statement (`daemon = True`, `pidfile = ...` in a gunicorn config, Puma `daemonize`, `Process.daemon`) when it stands alone on its line.',
    },
  },
  // A word of each condition in mayDaemonize (the own-PID expressions of OWN_PID included).
  triggers: ['process.pid', 'getpid', 'Getpid', 'Process.pid', '$$', 'ProcessHandle', 'getRuntimeMXBean', 'getmypid',
    'daemon', 'Daemon', 'pidfile', 'detached', 'cluster', 'setsid', 'ApplicationPidFileWriter'],
  check(context) {
    const lang = context.language;
    if (!context.treeParsed && !precheck(() => mayDaemonize(lang, context.text))) return;
    const root = context.tree?.rootNode;
    if (!root) return;
    let fork: boolean | undefined;
    const hasFork = (): boolean => (fork ??= lang === 'php' ? /\bpcntl_fork\s*\(/.test(context.text) : /\bos\.fork\(\s*\)/.test(context.text));
    if (lang === 'python' && GUNICORN_DAEMON.test(context.text)) checkGunicornConfig(context, root);
    // `daemon.Context` is go-daemon's only when that package is imported.
    const goDaemon = lang === 'go' && findImports(root, 'go').some((i) => /sevlyar\/go-daemon$/.test(i.module));
    for (const m of daemonMatches(root, context.text, lang)) {
      const lit = m.captures.find((c) => c.name === 'lit')?.node;
      if (lit) {
        if (goDaemon) context.report({ node: lit, messageId: 'daemonize', data: { call: 'daemon.Context{...}.Reborn()' } });
        continue;
      }
      const bare = m.captures.find((c) => c.name === 'bare')?.node;
      if (bare) {
        if (bare.parent?.type !== 'program') continue;
        const fix = removeStatementFix(context, bare, 'Remove `daemonize` (run Puma in the foreground)');
        context.report({ node: bare, messageId: 'configDaemon', data: { setting: 'daemonize', server: 'Puma' }, fixes: fix ? [fix] : [] });
        continue;
      }
      const node = m.captures.find((c) => c.name === 'call')?.node;
      const info = node ? callInfo(node, lang) : undefined;
      if (!info) continue;
      switch (lang) {
        case 'javascript': case 'typescript': checkJs(context, info); break;
        case 'python': checkPython(context, info, hasFork); break;
        case 'go': checkGo(context, info); break;
        case 'ruby': checkRuby(context, info); break;
        case 'java': checkJava(context, info); break;
        case 'php': checkPhp(context, info, hasFork); break;
      }
    }
    // The `daemon` npm package daemonises on require: `require('daemon')()`.
    if (lang === 'javascript' || lang === 'typescript') {
      for (const i of findImports(root, lang)) {
        if (i.module === 'daemon' || i.module === 'daemonize2' || i.module === 'daemonize-process') {
          context.report({ node: i.node, messageId: 'daemonize', data: { call: `require('${i.module}')` } });
        }
      }
    }
  },
});
