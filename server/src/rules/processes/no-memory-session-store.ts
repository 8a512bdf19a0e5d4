/**
 * Sessions kept in the memory or on the local disk of one process: express-session or
 * @fastify/session without a `store` (their default MemoryStore), `MemoryStore`/`memorystore`
 * stores, Flask-Session's `filesystem` type, Django's file session engine (or the cache
 * engine over a local-memory/file cache), Beaker `file`/`memory`/`dbm` sessions, gorilla's
 * `NewFilesystemStore`, gin's and scs's memory stores, fiber's default session store,
 * `Rack::Session::Pool`, Spring Session's `MapSessionRepository`, state put in the servlet
 * container's HttpSession when the build has no Spring Session, PHP's `files` handler (set
 * explicitly, or `session_start()` with no handler configured in code or the project's
 * php.ini), Laravel's `file` driver written as a literal, Symfony's `NativeFileSessionHandler`.
 *
 * Not flagged: cookie sessions (cookie-session, Flask's default, Starlette's
 * SessionMiddleware, Rails' cookie store), Redis/Memcached/database stores, JWTs, and
 * settings read from the environment with a default
 * (`env('SESSION_DRIVER', 'file')`).
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck, type RuleContext } from '../../engine/rule';
import type { LanguageId } from '../../parsing/languages';
import { bindingOf, callInfo, enclosingFunction, findImports, rootsNear, spansOf, statementsHolding, stringValue, type CallInfo } from '../../analysis/syntax';
import { query } from '../../parsing/tree-sitter';
import { escapeRegExp } from '../../engine/regexp';

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

// ---------------------------------------------------------------------------------------
// JavaScript / TypeScript
// ---------------------------------------------------------------------------------------

const SESSION_MODULES = new Set(['express-session', '@fastify/session', 'fastify-session', '@mgcrea/fastify-session']);
const MEMORY_MODULES = new Set(['memorystore']);

/** Local names bound to a module by `import x from`, `import * as x from` or `const x = require(...)`. */
function localNames(context: RuleContext, modules: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  const root = context.tree?.rootNode;
  if (!root) return out;
  for (const i of findImports(root, context.language)) {
    if (!modules.has(i.module)) continue;
    if (i.kind === 'require') {
      // `const session = require('express-session')`, `const MemoryStore = require('memorystore')(session)`
      let n: Node = i.node;
      if (n.parent?.type === 'call_expression' && field(n.parent, 'function')?.id === n.id) n = n.parent;
      const decl = n.parent?.type === 'variable_declarator' ? n.parent : undefined;
      const name = decl ? field(decl, 'name') : undefined;
      if (name?.type === 'identifier') out.set(name.text, i.module);
      // `const { MemoryStore } = require('express-session')`
      if (name?.type === 'object_pattern') for (const c of named(name)) if (c.type === 'shorthand_property_identifier_pattern') out.set(c.text, i.module);
    } else if (i.kind === 'import') {
      const clause = named(i.node).find((c) => c.type === 'import_clause');
      for (const c of clause ? named(clause) : []) {
        if (c.type === 'identifier') out.set(c.text, i.module);
        if (c.type === 'named_imports') {
          for (const spec of named(c)) {
            const local = field(spec, 'alias') ?? field(spec, 'name');
            if (local) out.set(local.text, i.module);
          }
        }
        if (c.type === 'namespace_import') {
          const id = named(c).find((x) => x.type === 'identifier');
          if (id) out.set(id.text, i.module);
        }
      }
    }
  }
  return out;
}

/** The value of key `key` in an object literal; 'spread' when a spread may hold it. */
function objectKey(obj: Node, key: string): Node | 'spread' | undefined {
  let spread = false;
  for (const c of named(obj)) {
    if (c.type === 'spread_element') spread = true;
    if (c.type === 'pair' && (field(c, 'key')?.text.replace(/^['"]|['"]$/g, '') === key)) return field(c, 'value');
    if (c.type === 'shorthand_property_identifier' && c.text === key) return c;
  }
  return spread ? 'spread' : undefined;
}

/** The object literal a variable is initialised with, in this file. */
function objectOfVariable(context: RuleContext, name: string): Node | undefined {
  for (const m of context.query('(variable_declarator name: (identifier) @n value: (object) @v)')) {
    const n = m.captures.find((c) => c.name === 'n')?.node;
    if (n?.text === name) return m.captures.find((c) => c.name === 'v')?.node;
  }
  return undefined;
}

function checkJs(context: RuleContext): void {
  const sessions = localNames(context, SESSION_MODULES);
  const memory = localNames(context, MEMORY_MODULES);
  if (sessions.size === 0 && memory.size === 0) return;
  if (memory.size) {
    // `import createMemoryStore from 'memorystore'; const MemoryStore = createMemoryStore(session)`
    for (const m of context.query('(variable_declarator name: (identifier) @n value: (call_expression function: (identifier) @f))')) {
      const f = m.captures.find((c) => c.name === 'f')?.node.text;
      const n = m.captures.find((c) => c.name === 'n')?.node.text;
      if (f && n && memory.has(f)) memory.set(n, 'memorystore');
    }
  }
  for (const m of jsMatches(context, [...sessions.keys(), ...memory.keys()])) {
    const call = m.captures.find((c) => c.name === 'call')?.node;
    const info = call ? callInfo(call, context.language) : undefined;
    if (!info) continue;
    let options: Node | undefined;
    let label: string;
    if (call!.type === 'call_expression' && sessions.get(info.callee) === 'express-session') {
      options = info.args[0];
      label = `${info.callee}()`;
    } else if (info.method === 'register' && info.args[0] && sessions.has(info.args[0].text) && sessions.get(info.args[0].text) !== 'express-session') {
      options = info.args[1];
      label = `register(${info.args[0].text})`;
    } else if (call!.type === 'new_expression' && isMemoryStore(info.callee, sessions, memory)) {
      // A store built in process memory: `new session.MemoryStore()`, `new MemoryStore({ checkPeriod })` (memorystore).
      context.report({ node: call!, messageId: 'memoryStore', data: { what: memory.has(info.callee) ? 'memorystore (process memory)' : 'MemoryStore (process memory)' } });
      continue;
    } else continue;

    let obj: Node | undefined = options;
    if (obj?.type === 'identifier') {
      if (new RegExp(`\\b${obj.text}\\.store\\s*=`).test(context.text)) continue;
      obj = objectOfVariable(context, obj.text);
      if (!obj) continue;
    }
    if (options && obj?.type !== 'object') continue;
    const store = obj ? objectKey(obj, 'store') : undefined;
    if (store === 'spread') continue;
    if (store === undefined) {
      context.report({ node: call!, messageId: 'defaultStore', data: { call: label } });
      continue;
    }
    // `store: new session.MemoryStore()` is reported where the store is built, above.
  }
}

const QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: `
    (call_expression function: (identifier)) @call
    (call_expression function: (member_expression property: (property_identifier) @m) (#eq? @m "register")) @call
    (new_expression) @call`,
  python: `
    (string) @str
    (call function: [(identifier) (attribute)] @f (#match? @f "FileSystemCache$")) @call`,
  go: '(call_expression function: (selector_expression field: (field_identifier) @m (#match? @m "^(NewFilesystemStore|NewStore|New)$"))) @call',
  ruby: '(scope_resolution name: (constant) @c (#eq? @c "Pool")) @scope',
  java: `
    (object_creation_expression type: [(type_identifier) (generic_type) (scoped_type_identifier)] @t (#match? @t "MapSessionRepository")) @call
    (method_invocation name: (identifier) @m (#eq? @m "setAttribute")) @call`,
  php: `
    (function_call_expression function: (name) @f (#match? @f "^(ini_set|session_save_path|session_start)$")) @call
    (object_creation_expression) @call
    (array_element_initializer) @pair`,
};

/** The node types the JavaScript query's patterns are rooted at. */
const JS_CALLS: ReadonlySet<string> = new Set(['call_expression', 'new_expression']);

/**
 * The rule's JavaScript matches that can report: each names a session or memory-store binding
 * (the callee `session(...)`, `new MemoryStore()`, `new session.MemoryStore()`, or the first
 * argument of `register(fastifySession, ...)`), a word at most 4 levels below the call, so the
 * query runs only at the calls around those words instead of at every call in the file.
 */
function jsMatches(context: RuleContext, names: string[]): ReturnType<RuleContext['matches']> {
  const root = context.tree?.rootNode;
  const source = QUERIES.javascript;
  if (!root || !context.grammar || !source || names.length === 0) return [];
  const words = [...new Set(names)].sort((a, b) => b.length - a.length).map((n) => escapeRegExp(n));
  const region = context.region;
  const spans = spansOf(context.text, new RegExp(`(?<![\\w$])(?:${words.join('|')})(?![\\w$])`, 'g'))
    .filter((sp) => !region || (sp.end >= region.start && sp.start <= region.end));
  // The outermost call or `new` around each word: sites neither nest nor overlap, so the
  // matches under them, taken in turn, are the whole tree's in its order (the whole tree
  // itself under ANCHORED_LOOKUPS.wholeTree).
  const sites = rootsNear(root, spans, JS_CALLS, 4);
  if (sites.length === 0) return [];
  const q = query(context.grammar, source);
  return sites.flatMap((n) => q.matches(n));
}

function isMemoryStore(callee: string, sessions: Map<string, string>, memory: Map<string, string>): boolean {
  if (memory.has(callee)) return true;
  const dot = callee.lastIndexOf('.');
  if (dot > 0) return callee.slice(dot + 1) === 'MemoryStore' && sessions.has(callee.slice(0, dot));
  return callee === 'MemoryStore' && sessions.has(callee);
}

// ---------------------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------------------

const DJANGO_FILE_ENGINE = 'django.contrib.sessions.backends.file';
const DJANGO_CACHE_ENGINE = 'django.contrib.sessions.backends.cache';
const INTERESTING = /^(filesystem|file|memory|dbm|django\.contrib\.sessions\.backends\.(file|cache))$/;

function checkPython(context: RuleContext): void {
  const lang = context.language;
  for (const m of context.matches()) {
    const s = m.captures.find((c) => c.name === 'str')?.node;
    if (s) {
      const v = stringValue(s, lang);
      if (v === undefined || !INTERESTING.test(v)) continue;
      const b = bindingOf(s, lang);
      const name = b.name ?? '';
      if (name === 'SESSION_TYPE' && v === 'filesystem') {
        context.report({ node: s, messageId: 'fileStore', data: { what: 'Flask-Session "filesystem"' } });
      } else if (v === DJANGO_FILE_ENGINE && (name === 'SESSION_ENGINE' || b.kind === 'other')) {
        context.report({ node: s, messageId: 'fileStore', data: { what: 'the Django file session engine' } });
      } else if (v === DJANGO_CACHE_ENGINE && name === 'SESSION_ENGINE' && /\bbackends\.(locmem\.LocMemCache|filebased\.FileBasedCache)\b/.test(context.text)) {
        context.report({ node: s, messageId: 'memoryStore', data: { what: 'a local-memory or file cache (Django cache sessions)' } });
      } else if (name === 'session.type' && /^(file|memory|dbm)$/.test(v)) {
        context.report({ node: s, messageId: v === 'memory' ? 'memoryStore' : 'fileStore', data: { what: `Beaker "${v}" sessions` } });
      }
      continue;
    }
    const call = m.captures.find((c) => c.name === 'call')?.node;
    const info = call ? callInfo(call, lang) : undefined;
    if (!info || !/^(cachelib\.)?FileSystemCache$/.test(info.callee)) continue;
    if (bindingOf(call!, lang).name === 'SESSION_CACHELIB') {
      context.report({ node: call!, messageId: 'fileStore', data: { what: 'Flask-Session FileSystemCache' } });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Go, Ruby, Java, PHP
// ---------------------------------------------------------------------------------------

function checkGo(context: RuleContext): void {
  const root = context.tree?.rootNode;
  if (!root) return;
  const imports = findImports(root, 'go').map((i) => i.module);
  const has = (re: RegExp) => imports.some((i) => re.test(i));
  for (const m of context.matches()) {
    const call = m.captures.find((c) => c.name === 'call')?.node;
    const info = call ? callInfo(call, 'go') : undefined;
    if (!info || !info.object) continue;
    if (info.method === 'NewFilesystemStore' && has(/gorilla\/sessions$/)) {
      context.report({ node: call!, messageId: 'fileStore', data: { what: 'sessions.NewFilesystemStore' } });
    } else if (info.object === 'memstore' && info.method === 'NewStore' && has(/gin-contrib\/sessions\/memstore$/)) {
      context.report({ node: call!, messageId: 'memoryStore', data: { what: 'memstore.NewStore (process memory)' } });
    } else if (info.object === 'memstore' && info.method === 'New' && has(/alexedwards\/scs\/v2\/memstore$/)) {
      context.report({ node: call!, messageId: 'memoryStore', data: { what: 'scs memstore (process memory)' } });
    } else if (info.object === 'scs' && info.method === 'New' && has(/alexedwards\/scs(\/v2)?$/) && !/\.Store\s*=/.test(context.text)) {
      context.report({ node: call!, messageId: 'defaultStore', data: { call: 'scs.New()' } });
    } else if (info.object === 'session' && info.method === 'New' && has(/gofiber\/fiber\/v\d\/middleware\/session$/)
      && !info.args.some((a) => /\bStorage\s*:/.test(a.text))) {
      context.report({ node: call!, messageId: 'defaultStore', data: { call: 'session.New()' } });
    }
  }
}

function checkRuby(context: RuleContext): void {
  for (const m of context.matches()) {
    const n = m.captures.find((c) => c.name === 'scope')?.node;
    if (!n || !/^(::)?Rack::Session::Pool$/.test(n.text)) continue;
    if (n.parent?.type === 'scope_resolution') continue;
    context.report({ node: n, messageId: 'memoryStore', data: { what: 'Rack::Session::Pool (process memory)' } });
  }
}

/** The nearest build file above `file` (within the project), or undefined. */
function buildFileText(context: RuleContext, names: string[]): string | undefined {
  const root = context.project.root.replace(/[\\/]+$/, '');
  let dir = context.path.replace(/[\\/][^\\/]*$/, '');
  for (let k = 0; k < 12 && dir.length >= root.length; k++) {
    for (const n of names) {
      const t = context.project.readText(`${dir}/${n}`);
      if (t !== undefined) return t;
    }
    const up = dir.replace(/[\\/][^\\/]*$/, '');
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** `session` is an HttpSession: a parameter or local of that type, or `request.getSession()`. */
function isHttpSession(recv: Node, method: Node | undefined): boolean {
  if (recv.type === 'method_invocation') return field(recv, 'name')?.text === 'getSession';
  if (recv.type !== 'identifier' || !method) return false;
  return new RegExp(`\\bHttpSession\\s+${recv.text}\\b`).test(method.text);
}

function checkJava(context: RuleContext): void {
  let springSession: boolean | undefined;
  for (const m of context.matches()) {
    const call = m.captures.find((c) => c.name === 'call')?.node;
    const info = call ? callInfo(call, 'java') : undefined;
    if (!info) continue;
    if (/^(Reactive)?MapSessionRepository$/.test(info.method) && call!.type === 'object_creation_expression') {
      context.report({ node: call!, messageId: 'memoryStore', data: { what: `${info.method} (process memory)` } });
      continue;
    }
    if (info.method !== 'setAttribute' || call!.type !== 'method_invocation') continue;
    const recv = field(call!, 'object');
    if (!recv || !isHttpSession(recv, enclosingFunction(call!, 'java'))) continue;
    // The servlet container keeps HttpSession in its memory unless Spring Session (or the like) replaces it.
    if (springSession === undefined) {
      const build = buildFileText(context, ['pom.xml', 'build.gradle', 'build.gradle.kts']);
      springSession = build === undefined || /spring-session|hazelcast|infinispan|redisson|memcached-session|tomcat-redis/i.test(build)
        || /@Enable\w*HttpSession\b/.test(context.text);
    }
    if (springSession) continue;
    const key = info.args[0] ? stringValue(info.args[0], 'java') : undefined;
    context.report({ node: call!, messageId: 'containerSession', data: { key: key ?? 'state' } });
  }
}

function phpString(n: Node | undefined): string | undefined {
  return n ? stringValue(n, 'php') : undefined;
}

/** Session handler settings in the project's PHP ini files (root, public/, docker/). */
function iniSessionHandler(context: RuleContext): string | undefined {
  const root = context.project.root.replace(/[\\/]+$/, '');
  for (const f of ['php.ini', '.user.ini', 'public/.user.ini', 'docker/php.ini', 'docker/php/php.ini', '.platform/php.ini', 'php/php.ini']) {
    const t = context.project.readText(`${root}/${f}`);
    const m = t ? /^\s*session\.save_handler\s*=\s*"?(\w+)/m.exec(t) : undefined;
    if (m) return m[1].toLowerCase();
  }
  return undefined;
}

function checkPhp(context: RuleContext): void {
  const text = context.text;
  const sharedHandler = /save_handler['"]\s*,\s*['"](redis|rediscluster|memcached?)/i.test(text);
  for (const m of context.matches()) {
    const call = m.captures.find((c) => c.name === 'call')?.node;
    if (call) {
      const info: CallInfo | undefined = callInfo(call, 'php');
      if (!info) continue;
      const fn = info.callee.toLowerCase();
      if (fn === 'session_start') {
        // PHP's default handler keeps sessions in files on this machine; frameworks and apps that
        // set a handler (here or in php.ini) are not flagged.
        if (/session_set_save_handler|save_handler|save_path|SessionHandler|Illuminate\\|Symfony\\/.test(text)) continue;
        const ini = iniSessionHandler(context);
        if (ini !== undefined && ini !== 'files') continue;
        context.report({ node: call, messageId: 'defaultFiles' });
        continue;
      }
      if (fn === 'ini_set') {
        const key = phpString(info.args[0]);
        const value = phpString(info.args[1]);
        if (key === 'session.save_handler' && value === 'files') {
          context.report({ node: call, messageId: 'fileStore', data: { what: 'the PHP "files" handler' } });
        } else if (key === 'session.save_path' && value !== undefined && !sharedHandler && isLocalPath(value)) {
          context.report({ node: call, messageId: 'fileStore', data: { what: value } });
        }
      } else if (fn === 'session_save_path') {
        const value = phpString(info.args[0]);
        if (value !== undefined && !sharedHandler && isLocalPath(value)) context.report({ node: call, messageId: 'fileStore', data: { what: value } });
      } else if (/(^|\\)NativeFileSessionHandler$/.test(info.callee) && call.type === 'object_creation_expression') {
        context.report({ node: call, messageId: 'fileStore', data: { what: 'NativeFileSessionHandler' } });
      }
      continue;
    }
    // Laravel config/session.php: `'driver' => 'file'` beside the other session settings.
    const pair = m.captures.find((c) => c.name === 'pair')?.node;
    if (!pair) continue;
    const kids = named(pair);
    if (kids.length !== 2 || phpString(kids[0]) !== 'driver' || phpString(kids[1]) !== 'file') continue;
    const arr = pair.parent;
    if (!arr || !/['"](lifetime|expire_on_close|same_site)['"]\s*=>/.test(arr.text)) continue;
    context.report({ node: kids[1], messageId: 'fileStore', data: { what: "Laravel's file session driver" } });
  }
}

/** A save path on the local disk (not `tcp://redis:6379`, `unix:///...?`, `host:port`). */
function isLocalPath(v: string): boolean {
  if (/:\/\/|^tcp:|^unix:|^[\w.-]+:\d+/.test(v)) return false;
  return /^(\/|\.|[A-Za-z]:\\|\w)/.test(v);
}

/**
 * Per language, what the text holds when a check above can report (each a necessary condition
 * of its paths): the session module or import, the setting's name and value, the class.
 */
const MAY_REPORT: Partial<Record<LanguageId, (text: string) => boolean>> = {
  javascript: (t) => /express-session|fastify-session|fastify\/session|memorystore/.test(t),
  python: (t) => (/SESSION_TYPE/.test(t) && /filesystem/.test(t)) || /django\.contrib\.sessions\.backends\.file/.test(t)
    || (/SESSION_ENGINE/.test(t) && /django\.contrib\.sessions\.backends\.cache/.test(t) && /\bbackends\.(locmem\.LocMemCache|filebased\.FileBasedCache)\b/.test(t))
    || (/session\.type/.test(t) && /['"](?:file|memory|dbm)['"]/.test(t)) || (/FileSystemCache/.test(t) && /SESSION_CACHELIB/.test(t)),
  go: (t) => (/gorilla\/sessions/.test(t) && /NewFilesystemStore/.test(t)) || (/alexedwards\/scs/.test(t) && /\bscs\b|\bmemstore\b/.test(t))
    || (/gin-contrib\/sessions\/memstore/.test(t) && /\bmemstore\b/.test(t)) || /gofiber\/fiber\/v\d\/middleware\/session/.test(t),
  ruby: (t) => /Rack::Session::Pool/.test(t),
  // HttpSession.setAttribute is not reported when an @Enable...HttpSession (Spring Session) is in the file.
  java: (t) => /MapSessionRepository/.test(t) || (/setAttribute/.test(t) && /getSession|HttpSession/.test(t) && !/@Enable\w*HttpSession\b/.test(t)),
  php: (t) => (/session_start/.test(t) && !/session_set_save_handler|save_handler|save_path|SessionHandler|Illuminate\\|Symfony\\/.test(t))
    || (/ini_set/.test(t) && /session\.save_(?:handler|path)/.test(t)) || /session_save_path|NativeFileSessionHandler/.test(t)
    || (/['"]driver['"]/.test(t) && /['"]file['"]/.test(t) && /['"](?:lifetime|expire_on_close|same_site)['"]\s*=>/.test(t)),
};


/**
 * Per language, the words of every finding and of what it depends on elsewhere: the Go
 * modules its imports are asked about; Python's setting names and values (a backslash: an
 * escape may spell one); the Ruby class; PHP's functions and the Laravel key.
 */
const WORDS: Partial<Record<LanguageId, RegExp>> = {
  python: /SESSION_TYPE|SESSION_ENGINE|SESSION_CACHELIB|session\.type|FileSystemCache|filesystem|backends\.(?:file|cache)|['"](?:file|memory|dbm)['"]|\\/g,
  go: /gorilla\/sessions|gin-contrib\/sessions\/memstore|alexedwards\/scs|gofiber\/fiber\/v\d\/middleware\/session/g,
  ruby: /Rack::Session::Pool|\bPool\b/g,
  php: /session_start|ini_set|session_save_path|NativeFileSessionHandler|['"]driver['"]/gi,
};

/**
 * What a finding depends on outside its own statement, per language (see each check), with
 * the statements holding the findings' words (`statementsHolding`):
 * - JavaScript: the session imports, memory-store factories, options objects and `.store`
 *   assignments anywhere; not worth telling apart, so a full check on every edit when a
 *   session module is named at all, and nothing otherwise (nothing to find).
 * - Python: whether the file configures a local-memory or file cache.
 * - Go: the imports of the session modules, and whether anything sets a `.Store`.
 * - Java: `setAttribute` findings depend on the method's other statements, the build file and
 *   `@Enable...HttpSession`: a full check whenever `setAttribute` occurs.
 * - PHP: the file-wide save handler settings `checkPhp` looks for.
 */
function factsOf(context: RuleContext): string | undefined {
  const text = context.text;
  const lang = context.language;
  if (lang === 'javascript' || lang === 'typescript') return MAY_REPORT.javascript!(text) ? undefined : '';
  if (lang === 'java') return /setAttribute/.test(text) ? undefined : '';
  const flags = lang === 'python' ? [/\bbackends\.(locmem\.LocMemCache|filebased\.FileBasedCache)\b/]
    : lang === 'go' ? [/\.Store\s*=/]
      : lang === 'php' ? [/save_handler['"]\s*,\s*['"](redis|rediscluster|memcached?)/i, /session_set_save_handler|save_handler|save_path|SessionHandler|Illuminate\\|Symfony\\/] : [];
  const words = WORDS[lang];
  return `${flags.map((re) => (re.test(text) ? '1' : '0')).join('')}\u0000${words ? statementsHolding(context.text, context.tree?.rootNode, words) : ''}`;
}

export default defineRule({
  id: 'processes/no-memory-session-store',
  meta: {
    description: 'Sessions stored in process memory or on the local disk',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'none',
    incremental: true,
    messages: {
      defaultStore: '`{{call}}` has no `store`, so sessions live in this process\'s memory: they vanish on every restart, other processes cannot see them, and the default store leaks; keep them in a backing service such as Redis or the database.',
      memoryStore: 'Sessions are kept in {{what}}, which only this process sees and a restart wipes; keep them in a backing service such as Redis or the database, or in signed cookies.',
      fileStore: 'Sessions are stored in local files ({{what}}), which other processes cannot see and a redeploy may wipe; keep them in a backing service such as Redis or the database, or in signed cookies.',
      defaultFiles: '`session_start()` uses PHP\'s default `files` handler, which keeps sessions on this machine\'s disk where other processes cannot see them; set `session.save_handler` to redis or memcached (in php.ini or with ini_set).',
      containerSession: 'Stores `{{key}}` in the servlet container\'s in-memory HttpSession, which lives in one process and is lost on restart; add Spring Session with Redis or JDBC (spring-session-data-redis) or keep the state in a backing service.',
    },
    docs: {
      why: 'Processes are stateless and share nothing, so a session written by one process must be readable by every other process and survive a restart, which memory and local files do not give.',
      bad: {
        javascript: "app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));",
        typescript: "app.use(session({ secret: process.env.SESSION_SECRET!, store: new session.MemoryStore() }));",
        python: 'app.config["SESSION_TYPE"] = "filesystem"\nSession(app)',
        go: 'store := sessions.NewFilesystemStore("", []byte(os.Getenv("SESSION_KEY")))',
        ruby: 'use Rack::Session::Pool, expire_after: 2_592_000',
        java: '@Bean\npublic MapSessionRepository sessionRepository() {\n    return new MapSessionRepository(new ConcurrentHashMap<>());\n}',
        php: "ini_set('session.save_handler', 'files');\nsession_save_path('/tmp/sessions');",
      },
      good: {
        javascript: "app.use(session({ store: new RedisStore({ client: redis }), secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));",
        typescript: "app.use(session({ store: new RedisStore({ client: redis }), secret: process.env.SESSION_SECRET! }));",
        python: 'app.config["SESSION_TYPE"] = "redis"\napp.config["SESSION_REDIS"] = redis.from_url(os.environ["REDIS_URL"])',
        go: 'store := sessions.NewCookieStore([]byte(os.Getenv("SESSION_KEY")))',
        ruby: 'use Rack::Session::Cookie, secret: ENV.fetch("SESSION_SECRET")',
        java: '@EnableRedisHttpSession\npublic class SessionConfig {}',
        php: "ini_set('session.save_handler', 'redis');\nini_set('session.save_path', getenv('REDIS_URL'));",
      },
    },
  },
  triggers: ['session', 'Session', 'setAttribute', 'MemoryStore', 'memorystore', 'SESSION_', 'FileSystemCache', 'memstore', 'alexedwards/scs', 'Rack::Session::Pool', 'session.type', "'driver'", '"driver"'],
  queries: QUERIES,
  facts: factsOf,
  check(context) {
    const mayReport = MAY_REPORT[context.language === 'typescript' ? 'javascript' : context.language];
    // A few regular expressions over the text: cheaper than the queries even with the tree at hand.
    if (!precheck(() => !!mayReport?.(context.text))) return;
    switch (context.language as LanguageId) {
      case 'javascript': case 'typescript': return checkJs(context);
      case 'python': return checkPython(context);
      case 'go': return checkGo(context);
      case 'ruby': return checkRuby(context);
      case 'java': return checkJava(context);
      case 'php': return checkPhp(context);
    }
  },
});
