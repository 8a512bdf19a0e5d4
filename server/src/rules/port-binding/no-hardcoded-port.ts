/**
 * A server that listens on a port written in the code, with no way for the environment to
 * change it: `app.listen(3000)`, `app.run(port=5000)`, `http.ListenAndServe(":8080", nil)`,
 * `set :port, 4567`, `new ServerSocket(8080)`, `new Swoole\Http\Server("0.0.0.0", 9501)`.
 *
 * The finding sits on the port expression at the listen site (the argument, the `port:` /
 * `Addr:` value). When that expression is a name, the name is followed to the one literal it
 * is bound to (`const PORT = 3000; app.listen(PORT)`), and the fix rewrites that literal in
 * the declaration, so every use reads the environment.
 *
 * Never flagged: a port read from the environment with a default (`process.env.PORT || 3000`,
 * `os.environ.get("PORT", 5000)`, Go `if port == "" { port = "8080" }`), from config objects,
 * CLI flags or parameters; port 0 (ephemeral); unix sockets; clients (`redis.createClient({
 * port: 6379 })`, `TCPSocket.new`, `Net::SSH.start`); Flask `app.run()` without a port; gin
 * `r.Run()` (reads $PORT itself); Spring `setDefaultProperties` (SERVER_PORT overrides it);
 * listeners named for metrics/debug/admin endpoints (they are not the web process).
 */
import * as path from 'path';
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck, type RuleContext } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';
import type { LanguageId } from '../../parsing/languages';
import { anchorRoots, matchesUnder, walkMatch as hit, type NodeShape, type WalkMatch, type WordAnchors, callInfo, findImports, integerValue, nameText, stringValue, type CallInfo } from '../../analysis/syntax';
import { definitionOf, type Definition } from '../../fixes/local-constants';
import { goImports, pythonImport } from '../../fixes/imports';
import { replaceNode } from '../../fixes/text-edits';

// ---------------------------------------------------------------------------------------
// Resolving a port expression
// ---------------------------------------------------------------------------------------

interface PortValue {
  port: number;
  /** The literal holding the port: an integer, a string of digits, or an address string. */
  literal: Node;
  shape: 'int' | 'digits' | 'address';
  /** Address literals: the text before the port (`0.0.0.0:`, `tcp://0.0.0.0:`). */
  prefix?: string;
  /** The declaration followed to reach the literal, if any. */
  def?: Definition;
  /** Names followed on the way (for the metrics/debug exemption). */
  names: string[];
  /** Go `fmt.Sprintf(":%d", port)` with an integer: flagged, but no mechanical fix. */
  noFix?: boolean;
  /** Go: the port was joined into an address (`":" + port`, `fmt.Sprintf`, `net.JoinHostPort`). */
  composed?: boolean;
}

const ADDRESS = /^((?:[a-z][a-z0-9+.-]*:\/\/)?(?:\[[0-9a-fA-F:.]*\]|[A-Za-z0-9_.*-]*)?:)(\d{1,5})\/?$/;

function validPort(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n > 0 && n <= 65535;
}

const PAREN_TYPES = new Set(['parenthesized_expression']);

function unwrapParens(n: Node): Node {
  let cur = n;
  for (let i = 0; i < 8 && PAREN_TYPES.has(cur.type) && cur.namedChildCount === 1; i++) cur = cur.namedChild(0)!;
  // PHP wraps each argument.
  if (cur.type === 'argument' && cur.namedChildCount === 1) cur = cur.namedChild(0)!;
  return cur;
}

function isNameNode(n: Node, lang: LanguageId): boolean {
  if (lang === 'php') return n.type === 'variable_name' || n.type === 'name';
  if (lang === 'ruby') return n.type === 'identifier' || n.type === 'constant';
  return n.type === 'identifier';
}

/** What a port-or-address expression resolves to, when it is a literal (directly or through one name). */
function resolvePort(context: RuleContext, node: Node, depth = 0, names: string[] = [], def?: Definition): PortValue | undefined {
  const lang = context.language;
  if (depth > 3) return undefined;
  const n = unwrapParens(node);
  const int = integerValue(n, lang);
  if (int !== undefined) return validPort(int) ? { port: int, literal: n, shape: 'int', def, names } : undefined;
  const s = stringValue(n, lang);
  if (s !== undefined) {
    if (/^\d{1,5}$/.test(s)) return validPort(Number(s)) ? { port: Number(s), literal: n, shape: 'digits', def, names } : undefined;
    const m = ADDRESS.exec(s);
    if (m && validPort(Number(m[2]))) return { port: Number(m[2]), literal: n, shape: 'address', prefix: m[1], def, names };
    return undefined;
  }
  if (isNameNode(n, lang)) {
    const d = definitionOf(context, n);
    if (!d) return undefined;
    return resolvePort(context, d.value, depth + 1, [...names, d.name], d);
  }
  if (lang === 'go') return resolveGoAddress(context, n, depth, names);
  if ((lang === 'javascript' || lang === 'typescript') && n.type === 'member_expression' && n.childForFieldName('object')?.type === 'this') {
    const prop = n.childForFieldName('property')?.text;
    const value = prop ? classFieldValue(n, prop) : undefined;
    return value ? resolvePort(context, value, depth + 1, [...names, prop!]) : undefined;
  }
  return undefined;
}

/**
 * JS/TS `this.port` inside a class: the value of its one initialisation (`port = 3000;` as a
 * field, or a single `this.port = 3000` in the class), when nothing else in the class sets it.
 */
function classFieldValue(use: Node, prop: string): Node | undefined {
  let body: Node | null = use.parent;
  while (body && body.type !== 'class_body') body = body.parent;
  if (!body) return undefined;
  const values: Node[] = [];
  let sets = 0;
  for (let i = 0; i < body.namedChildCount; i++) {
    const m = body.namedChild(i);
    if (!m) continue;
    if (m.type === 'field_definition' || m.type === 'public_field_definition') {
      const name = (m.childForFieldName('property') ?? m.childForFieldName('name'))?.text;
      const v = m.childForFieldName('value');
      if (name === prop && v) { values.push(v); sets++; }
      continue;
    }
    for (const a of m.descendantsOfType(['assignment_expression', 'augmented_assignment_expression', 'update_expression'])) {
      const left = a?.childForFieldName(a.type === 'update_expression' ? 'argument' : 'left');
      if (left?.type !== 'member_expression' || left.childForFieldName('object')?.type !== 'this' || left.childForFieldName('property')?.text !== prop) continue;
      sets++;
      const v = a!.type === 'assignment_expression' ? a!.childForFieldName('right') : null;
      if (v) values.push(v);
    }
  }
  return sets === 1 && values.length === 1 ? values[0] : undefined;
}

/** Go: `":" + port`, `fmt.Sprintf(":%d", port)`, `net.JoinHostPort("", port)`. */
function resolveGoAddress(context: RuleContext, n: Node, depth: number, names: string[]): PortValue | undefined {
  const lang = context.language;
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const prefix = left ? stringValue(unwrapParens(left), lang) : undefined;
    if (!right || prefix === undefined || !/^(?:[a-z]+:\/\/)?[A-Za-z0-9_.\-[\]:]*:$/.test(prefix)) return undefined;
    const v = resolvePort(context, right, depth + 1, names);
    return v && v.shape === 'digits' ? { ...v, composed: true } : undefined;
  }
  if (n.type === 'call_expression') {
    const info = callInfo(n, lang);
    if (!info) return undefined;
    if (info.callee === 'fmt.Sprintf' && info.args.length === 2) {
      const fmt = stringValue(info.args[0], lang);
      if (fmt === undefined || !/^[A-Za-z0-9_.\-[\]]*:%[ds]$/.test(fmt)) return undefined;
      const v = resolvePort(context, info.args[1], depth + 1, names);
      if (!v || (v.shape !== 'int' && v.shape !== 'digits')) return undefined;
      return v.shape === 'int' ? { ...v, noFix: true, composed: true } : { ...v, composed: true };
    }
    if (info.callee === 'net.JoinHostPort' && info.args.length === 2) {
      const v = resolvePort(context, info.args[1], depth + 1, names);
      return v && v.shape === 'digits' ? { ...v, composed: true } : undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Listen sites per language
// ---------------------------------------------------------------------------------------

interface Site {
  /** The port expression at the listen site (reported). */
  expr: Node;
  /** Text that names what listens (receiver, handler): metrics/debug servers are exempt. */
  context?: string;
  /** Accept only addresses (`:8080`), not bare numbers (Go). */
  addressOnly?: boolean;
}

const EXEMPT = /metric|prometheus|promhttp|pprof|debug|health|admin|management|monitor/i;

function pairValue(obj: Node, key: string, lang: LanguageId): Node | undefined {
  for (let i = 0; i < obj.namedChildCount; i++) {
    const p = obj.namedChild(i);
    if (!p || p.type !== 'pair') continue;
    const k = p.childForFieldName('key');
    if (k && nameText(k, lang) === key) return p.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

function positional(info: CallInfo, lang: LanguageId): Node[] {
  return info.args.filter((a) => !(lang === 'python' && a.type === 'keyword_argument') && !(lang === 'ruby' && a.type === 'pair') && !(lang === 'php' && a.type === 'argument' && a.childForFieldName('name')));
}

function keyword(info: CallInfo, ...names: string[]): Node | undefined {
  for (const n of names) {
    const v = info.keywordArgs.get(n);
    if (v) return v;
  }
  return undefined;
}

const JS_QUERY = `
(call_expression
  function: [(member_expression property: (property_identifier) @method) (identifier) @method]
  (#any-of? @method "listen" "serve" "startStandaloneServer" "server" "Server")) @call
(call_expression
  function: (member_expression property: (property_identifier) @method (#eq? @method "set"))
  arguments: (arguments . (string (string_fragment) @key (#eq? @key "port")))) @call
(new_expression
  constructor: [(identifier) (member_expression)] @ctor
  (#match? @ctor "(^|\\\\.)(WebSocketServer|Server)$")) @call
`;

function jsSites(context: RuleContext, call: Node): Site[] {
  const lang = context.language;
  const info = callInfo(call, lang);
  if (!info) return [];
  const args = info.args;
  const objectArgs = args.filter((a) => a.type === 'object');
  const ctx = info.object;
  const portIn = (o: Node | undefined): Site[] => {
    const v = o ? pairValue(o, 'port', lang) : undefined;
    return v ? [{ expr: v, context: ctx }] : [];
  };
  if (call.type === 'new_expression') {
    // new WebSocketServer({ port }), new WebSocket.Server({ port }), new Hapi.Server({ port })
    if (!/(^|\.)WebSocketServer$|^(WebSocket|ws|WS)\.Server$|^[Hh]api\.Server$/.test(info.callee)) return [];
    return portIn(objectArgs[0]);
  }
  switch (info.method) {
    case 'listen': {
      const a0 = args[0];
      if (!a0) return [];
      if (a0.type === 'object') return portIn(a0);
      return [{ expr: a0, context: ctx }];
    }
    case 'set': {
      if (args.length !== 2 || stringValue(args[0], lang) !== 'port') return [];
      return [{ expr: args[1], context: ctx }];
    }
    case 'serve': // Bun.serve({ port }), Deno.serve({ port }, h), serve({ fetch, port }) (@hono/node-server)
      if (/^(esbuild|ctx|context)$/.test(info.object ?? '')) return []; // esbuild's dev server
      return objectArgs.flatMap((o) => portIn(o)).slice(0, 1);
    case 'startStandaloneServer': { // Apollo: startStandaloneServer(server, { listen: { port } })
      for (const o of objectArgs) {
        const l = pairValue(o, 'listen', lang);
        if (l?.type === 'object') return portIn(l);
      }
      return [];
    }
    case 'server':
    case 'Server': // Hapi.server({ port })
      return /^[Hh]api$/.test(info.object ?? '') ? portIn(objectArgs[0]) : [];
  }
  return [];
}

const PY_QUERY = `
(call
  function: [(identifier) @method (attribute attribute: (identifier) @method)]
  (#match? @method "^(run|run_server|run_app|serve|run_simple|make_server|start_server|create_server|TCPSite|Config|listen|bind|launch)$|Server$")) @call
(module (expression_statement (assignment left: (identifier) @bindname right: (_) @bind (#eq? @bindname "bind"))))
`;

const HOSTISH = /^(|\*|localhost|0\.0\.0\.0|::|\[::\]|::1|127\.\d+\.\d+\.\d+|\d+\.\d+\.\d+\.\d+)$/;

function pySites(context: RuleContext, call: Node): Site[] {
  const lang = context.language;
  const info = callInfo(call, lang);
  if (!info) return [];
  const pos = positional(info, lang);
  const ctx = info.object;
  const port = keyword(info, 'port');
  const m = info.method;
  const tupleSite = (t: Node | undefined): Site[] => {
    if (t?.type !== 'tuple') return [];
    const items: Node[] = [];
    for (let i = 0; i < t.namedChildCount; i++) { const c = t.namedChild(i); if (c && c.type !== 'comment') items.push(c); }
    return items.length === 2 ? [{ expr: items[1], context: ctx }] : [];
  };
  if (/Server$/.test(m)) {
    if (port) return [{ expr: port, context: ctx }];
    return tupleSite(pos[0]);
  }
  switch (m) {
    case 'bind':
      return pos.length === 1 ? tupleSite(pos[0]) : [];
    case 'listen': { // tornado: app.listen(8888); not socket.listen(backlog)
      if (!/^\s*(from|import)\s+tornado\b/m.test(context.text) || /sock|conn|^s$/i.test(ctx ?? '')) return [];
      const p = port ?? pos[0];
      return p && (integerValue(p, lang) ?? 1024) >= 1024 ? [{ expr: p, context: ctx }] : [];
    }
    case 'Config': // uvicorn.Config(app, port=8000)
      return info.object === 'uvicorn' && port ? [{ expr: port, context: ctx }] : [];
    case 'serve': { // waitress.serve(app, port=8080) / serve(app, listen="*:8080")
      const listen = keyword(info, 'listen');
      if (port) return [{ expr: port, context: ctx }];
      return listen ? [{ expr: listen, context: ctx }] : [];
    }
    case 'run':
    case 'run_simple': {
      if (port) return [{ expr: port, context: ctx }];
      // app.run("0.0.0.0", 5000), run_simple("localhost", 5000, app)
      const host = pos[0] ? stringValue(pos[0], lang) : undefined;
      return host !== undefined && HOSTISH.test(host) && pos[1] ? [{ expr: pos[1], context: ctx }] : [];
    }
    case 'make_server': // wsgiref: make_server("", 8000, app)
      return port ? [{ expr: port, context: ctx }] : pos[1] ? [{ expr: pos[1], context: ctx }] : [];
    case 'start_server':
    case 'create_server':
    case 'TCPSite': // asyncio.start_server(cb, host, port), web.TCPSite(runner, host, port)
      return port ? [{ expr: port, context: ctx }] : pos[2] ? [{ expr: pos[2], context: ctx }] : [];
    case 'run_server':
    case 'run_app':
      return port ? [{ expr: port, context: ctx }] : [];
    case 'launch': { // gradio: demo.launch(server_name="0.0.0.0", server_port=7860)
      const sp = keyword(info, 'server_port');
      return sp ? [{ expr: sp, context: ctx }] : [];
    }
  }
  return [];
}

const GO_QUERY = `
(call_expression
  function: (selector_expression field: (field_identifier) @method)
  (#any-of? @method "ListenAndServe" "ListenAndServeTLS" "Listen" "ListenTLS" "ListenPacket" "Run" "RunTLS" "Start" "StartTLS")) @call
(composite_literal
  type: (qualified_type name: (type_identifier) @type (#eq? @type "Server"))
  body: (literal_value (keyed_element key: (literal_element (identifier) @key (#eq? @key "Addr")) value: (literal_element (_) @addr)))) @lit
`;

function goSites(context: RuleContext, call: Node): Site[] {
  const info = callInfo(call, context.language);
  if (!info) return [];
  const all = info.args.map((a) => a.text).join(' ');
  return info.args.map((a) => ({ expr: a, context: `${info.object ?? ''} ${all}`, addressOnly: true }));
}

/** Go `metricsSrv := &http.Server{Addr: ..., Handler: promhttp.Handler()}`: the name it is given and its fields. */
function goLiteralContext(lit: Node): string {
  let name = '';
  for (let p = lit.parent, i = 0; p && i < 4; p = p.parent, i++) {
    if (p.type === 'short_var_declaration' || p.type === 'assignment_statement') { name = p.childForFieldName('left')?.text ?? ''; break; }
    if (p.type === 'var_spec') { name = p.childForFieldName('name')?.text ?? ''; break; }
  }
  return `${name} ${lit.text.slice(0, 300)}`;
}

const RUBY_QUERY = `
(call method: (identifier) @method (#any-of? @method "set" "port" "bind" "run" "run!" "start" "new" "open")) @call
`;

function rubySites(context: RuleContext, call: Node): Site[] {
  const lang = context.language;
  const info = callInfo(call, lang);
  if (!info) return [];
  const pos = positional(info, lang);
  const recv = info.object;
  const kwPort = keyword(info, 'Port', 'port');
  switch (info.method) {
    case 'set': // Sinatra: set :port, 4567 / set :port => 4567
      if (recv && recv !== 'self' && recv !== 'settings') return [];
      if (pos.length === 2 && pos[0].type === 'simple_symbol' && pos[0].text === ':port') return [{ expr: pos[1] }];
      return kwPort ? [{ expr: kwPort }] : [];
    case 'port': // Puma DSL: port 3000
      return !recv && pos.length >= 1 && pos.length <= 2 && !call.childForFieldName('block') ? [{ expr: pos[0] }] : [];
    case 'bind': { // Puma DSL: bind "tcp://0.0.0.0:3000"
      if (recv || pos.length !== 1) return [];
      const v = stringValue(pos[0], lang);
      return v !== undefined && /^(tcp|ssl):\/\//.test(v) ? [{ expr: pos[0] }] : [];
    }
    case 'run!': // Sinatra: App.run!(port: 4567)
      return kwPort ? [{ expr: kwPort, context: recv }] : [];
    case 'run':
    case 'start':
    case 'new':
    case 'open': {
      if (!recv) return [];
      const serverClass = /(^|::)\w*Server$/.test(recv);
      const handler = /(^|::)(Rack|Rackup)::(Handler|Server)\b|Handler::\w+$|Handler\.(default|get|pick)\b/.test(recv);
      if (info.method === 'run' && !handler) return [];
      if (info.method === 'start' && !handler && !serverClass) return [];
      if ((info.method === 'new' || info.method === 'open') && !serverClass) return [];
      if (kwPort) return [{ expr: kwPort, context: recv }];
      if (!serverClass || info.method === 'run') return [];
      // TCPServer.new(2000), TCPServer.new("0.0.0.0", 2000), Thin::Server.new("0.0.0.0", 3000, app)
      return pos.filter((a) => a.type === 'integer' || isNameNode(a, lang)).slice(0, 1).map((a) => ({ expr: a, context: recv }));
    }
  }
  return [];
}

const JAVA_QUERY = `
(object_creation_expression type: [(type_identifier) (scoped_type_identifier)] @type
  (#match? @type "(InetSocketAddress|ServerSocket|Server|WebServerFactory)$")) @call
(method_invocation name: (identifier) @method
  (#any-of? @method "start" "port" "listen" "bind" "addHttpListener" "forPort" "setPort" "setProperty")) @call
`;

function javaSites(context: RuleContext, call: Node): Site[] {
  const lang = context.language;
  const info = callInfo(call, lang);
  if (!info) return [];
  const args = info.args;
  const recv = info.object;
  if (call.type === 'object_creation_expression') {
    const cls = info.method;
    if (cls === 'InetSocketAddress') {
      if (args.length === 1) return [{ expr: args[0] }];
      // HttpServer.create(new InetSocketAddress("0.0.0.0", 8000), 0), channel.bind(new InetSocketAddress(host, 8080))
      const outer = call.parent?.type === 'argument_list' ? call.parent.parent : undefined;
      const outerInfo = outer ? callInfo(outer, lang) : undefined;
      if (args.length === 2 && outerInfo && (['create', 'bind'].includes(outerInfo.method) || (outer?.type === 'object_creation_expression' && outerInfo.method === 'Server'))) return [{ expr: args[1] }];
      return [];
    }
    if (cls === 'ServerSocket' || cls === 'SSLServerSocket') return args[0] ? [{ expr: args[0] }] : [];
    if (cls === 'Server') return args.length === 1 && javaImports(context, /^org\.eclipse\.jetty\./) ? [{ expr: args[0] }] : (info.callee === 'org.eclipse.jetty.server.Server' && args.length === 1 ? [{ expr: args[0] }] : []);
    if (/ServletWebServerFactory$|ReactiveWebServerFactory$/.test(cls)) return args.length === 1 ? [{ expr: args[0] }] : [];
    return [];
  }
  switch (info.method) {
    case 'start': // Javalin: app.start(7070) / app.start("0.0.0.0", 7070)
      if (!args.length || !javaImports(context, /^io\.javalin\b/)) return [];
      return args.length === 1 ? [{ expr: args[0], context: recv }] : args.length === 2 ? [{ expr: args[1], context: recv }] : [];
    case 'port': // Spark: port(4567)
      if ((recv && recv !== 'Spark') || args.length !== 1 || !javaImports(context, /^spark\.Spark\b/)) return [];
      return [{ expr: args[0] }];
    case 'listen': // Vert.x: server.listen(8888)
      return args[0] && javaImports(context, /^io\.vertx\./) ? [{ expr: args[0], context: recv }] : [];
    case 'addHttpListener': // Undertow: builder.addHttpListener(8080, "0.0.0.0")
      return args[0] ? [{ expr: args[0], context: recv }] : [];
    case 'bind': // Netty: bootstrap.bind(8080)
      return args.length === 1 && (/bootstrap/i.test(recv ?? '') || javaImports(context, /^io\.netty\./)) ? [{ expr: args[0], context: recv }] : [];
    case 'forPort': // gRPC: ServerBuilder.forPort(50051)
      return args.length === 1 ? [{ expr: args[0], context: recv }] : [];
    case 'setPort': { // WebServerFactoryCustomizer: factory.setPort(8081)
      if (args.length !== 1) return [];
      for (let p = call.parent; p; p = p.parent) {
        if (p.type === 'method_declaration' || p.type === 'lambda_expression' || p.type === 'class_body') {
          if (/WebServerFactory/.test(p.text)) return [{ expr: args[0], context: recv }];
          if (p.type === 'class_body') break;
        }
      }
      return [];
    }
    case 'setProperty': // System.setProperty("server.port", "8080") overrides SERVER_PORT
      return recv === 'System' && args.length === 2 && stringValue(args[0], lang) === 'server.port' ? [{ expr: args[1] }] : [];
  }
  return [];
}

const importCache = new WeakMap<object, string[]>();

/** The file's imported modules, computed once per tree. */
function importedModules(context: RuleContext): string[] {
  const tree = context.tree;
  if (!tree) return [];
  let mods = importCache.get(tree);
  if (!mods) {
    mods = findImports(tree.rootNode, context.language).map((i) => i.module);
    importCache.set(tree, mods);
  }
  return mods;
}

function javaImports(context: RuleContext, re: RegExp): boolean {
  return importedModules(context).some((m) => re.test(m));
}

const PHP_QUERY = `
(object_creation_expression) @call
(function_call_expression function: (name) @fn (#any-of? @fn "socket_bind" "stream_socket_server")) @call
(scoped_call_expression name: (name) @m (#eq? @m "factory")) @call
`;

function phpSites(context: RuleContext, call: Node): Site[] {
  const lang = context.language;
  const info = callInfo(call, lang);
  if (!info) return [];
  const pos = positional(info, lang);
  const named = (n: string) => info.keywordArgs.get(n);
  if (call.type === 'object_creation_expression') {
    const cls = info.callee; // namespace kept with backslashes
    const imported = (re: RegExp) => importedModules(context).some((m) => re.test(m));
    const short = info.method;
    // Swoole / OpenSwoole: new Swoole\Http\Server("0.0.0.0", 9501)
    if ((/swoole/i.test(cls) && /server$/i.test(short)) || (short === 'Server' && imported(/(Open)?Swoole\\.*Server$/i))) {
      const p = named('port') ?? pos[1];
      return p ? [{ expr: p }] : [];
    }
    // ReactPHP: new React\Socket\SocketServer('0.0.0.0:8080'), new React\Socket\Server(8080, $loop)
    if (short === 'SocketServer' || short === 'TcpServer' || /React\\Socket\\Server$/.test(cls) || (short === 'Server' && imported(/^React\\Socket\\Server$/))) {
      const p = named('uri') ?? pos[0];
      return p ? [{ expr: p }] : [];
    }
    // Workerman: new Worker('http://0.0.0.0:2345')
    if (short === 'Worker' && (/Workerman/.test(cls) || imported(/^Workerman\\Worker$/))) {
      return pos[0] && stringValue(unwrapParens(pos[0]), lang) !== undefined ? [{ expr: pos[0] }] : [];
    }
    return [];
  }
  if (info.callee === 'socket_bind') return pos[2] ? [{ expr: pos[2] }] : [];
  if (info.callee === 'stream_socket_server') return pos[0] ? [{ expr: pos[0] }] : [];
  if (info.method === 'factory' && /(^|\\)IoServer$/.test(info.object ?? '')) return pos[1] ? [{ expr: pos[1] }] : []; // Ratchet
  return [];
}

// ---------------------------------------------------------------------------------------
// Where the matches are
// ---------------------------------------------------------------------------------------

/**
 * The listen sites' queries: the reference for `portMatches`, which finds their matches in code
 * (compiling one costs up to 20 ms per grammar at a language's first file, a walk nothing).
 * `test/unit/query-walks.test.ts` checks that it finds what they match.
 */
export const REFERENCE_QUERIES: Partial<Record<LanguageId, string>> = { javascript: JS_QUERY, python: PY_QUERY, go: GO_QUERY, ruby: RUBY_QUERY, java: JAVA_QUERY, php: PHP_QUERY };

const field = (n: Node | null | undefined, name: string): Node | undefined => n?.childForFieldName(name) ?? undefined;
const namedKids = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => !!c);

const SHAPES: Partial<Record<LanguageId, NodeShape>> = {
  javascript: {
    types: ['call_expression', 'new_expression'],
    match(n, out) {
      if (n.type === 'new_expression') {
        const ctor = field(n, 'constructor');
        if ((ctor?.type === 'identifier' || ctor?.type === 'member_expression') && /(^|\.)(WebSocketServer|Server)$/.test(ctor.text)) out.push(hit(2, n, ctor, { call: n, ctor }));
        return;
      }
      const f = field(n, 'function');
      const method = f?.type === 'member_expression' ? field(f, 'property') : f?.type === 'identifier' ? f : undefined;
      if (!method || (f?.type === 'member_expression' && method.type !== 'property_identifier')) return;
      if (/^(listen|serve|startStandaloneServer|server|Server)$/.test(method.text)) out.push(hit(0, n, method, { call: n, method }));
      // `app.set('port', ...)`: the first argument (a comment first counts) is a string, with a fragment `port`.
      const args = field(n, 'arguments');
      const first = args?.type === 'arguments' ? args.namedChild(0) : undefined;
      if (f?.type !== 'member_expression' || method.text !== 'set' || first?.type !== 'string') return;
      for (const key of namedKids(first)) if (key.type === 'string_fragment' && key.text === 'port') out.push(hit(1, n, key, { call: n, method, key }));
    },
  },
  python: {
    types: ['call', 'module'],
    match(n, out) {
      if (n.type === 'module') {
        // gunicorn.conf.py: a module-level `bind = ...`
        for (const stmt of namedKids(n)) {
          if (stmt.type !== 'expression_statement') continue;
          for (const a of namedKids(stmt)) {
            const bindname = a.type === 'assignment' ? field(a, 'left') : undefined;
            const bind = field(a, 'right');
            if (bindname?.type === 'identifier' && bindname.text === 'bind' && bind?.isNamed) out.push(hit(1, n, bind, { bindname, bind }));
          }
        }
        return;
      }
      const f = field(n, 'function');
      const method = f?.type === 'identifier' ? f : f?.type === 'attribute' ? field(f, 'attribute') : undefined;
      if (method?.type === 'identifier' && /^(run|run_server|run_app|serve|run_simple|make_server|start_server|create_server|TCPSite|Config|listen|bind|launch)$|Server$/.test(method.text)) {
        out.push(hit(0, n, method, { call: n, method }));
      }
    },
  },
  go: {
    types: ['call_expression', 'composite_literal'],
    match(n, out) {
      if (n.type === 'call_expression') {
        const f = field(n, 'function');
        const method = f?.type === 'selector_expression' ? field(f, 'field') : undefined;
        if (method?.type === 'field_identifier' && /^(ListenAndServe|ListenAndServeTLS|Listen|ListenTLS|ListenPacket|Run|RunTLS|Start|StartTLS)$/.test(method.text)) out.push(hit(0, n, method, { call: n, method }));
        return;
      }
      const t = field(n, 'type');
      const type = t?.type === 'qualified_type' ? field(t, 'name') : undefined;
      const body = field(n, 'body');
      if (type?.type !== 'type_identifier' || type.text !== 'Server' || body?.type !== 'literal_value') return;
      // `&http.Server{Addr: ...}`: each `Addr` element, each node of its value.
      for (const el of namedKids(body)) {
        if (el.type !== 'keyed_element') continue;
        const k = field(el, 'key');
        const v = field(el, 'value');
        if (k?.type !== 'literal_element' || v?.type !== 'literal_element') continue;
        for (const key of namedKids(k)) {
          if (key.type !== 'identifier' || key.text !== 'Addr') continue;
          for (const addr of namedKids(v)) out.push(hit(1, n, addr, { lit: n, type, key, addr }));
        }
      }
    },
  },
  ruby: {
    types: ['call'],
    match(n, out) {
      const method = field(n, 'method');
      if (method?.type === 'identifier' && /^(set|port|bind|run|run!|start|new|open)$/.test(method.text)) out.push(hit(0, n, method, { call: n, method }));
    },
  },
  java: {
    types: ['object_creation_expression', 'method_invocation'],
    match(n, out) {
      if (n.type === 'object_creation_expression') {
        const type = field(n, 'type');
        if ((type?.type === 'type_identifier' || type?.type === 'scoped_type_identifier') && /(InetSocketAddress|ServerSocket|Server|WebServerFactory)$/.test(type.text)) out.push(hit(0, n, type, { call: n, type }));
        return;
      }
      const method = field(n, 'name');
      if (method?.type === 'identifier' && /^(start|port|listen|bind|addHttpListener|forPort|setPort|setProperty)$/.test(method.text)) out.push(hit(1, n, method, { call: n, method }));
    },
  },
  php: {
    types: ['object_creation_expression', 'function_call_expression', 'scoped_call_expression'],
    match(n, out) {
      if (n.type === 'object_creation_expression') {
        out.push(hit(0, n, n, { call: n }));
      } else if (n.type === 'function_call_expression') {
        const fn = field(n, 'function');
        if (fn?.type === 'name' && (fn.text === 'socket_bind' || fn.text === 'stream_socket_server')) out.push(hit(1, n, fn, { call: n, fn }));
      } else {
        const m = field(n, 'name');
        if (m?.type === 'name' && m.text === 'factory') out.push(hit(2, n, m, { call: n, m }));
      }
    },
  },
};

/**
 * The reference query's matches under each root, root after root, as `context.query(source, root)`
 * gives them: in its cursor's order (by the node where each completes, then the outer match first,
 * then by pattern).
 */
export function portMatches(roots: readonly Node[], lang: LanguageId): WalkMatch[] {
  const shape = SHAPES[lang === 'typescript' ? 'javascript' : lang];
  return shape ? matchesUnder(roots, shape) : [];
}

/**
 * Every match that can give a listen site contains one of these words (a method, a class,
 * a `port` key), at most `levels` ancestors below the match's root (one of `types`). The
 * matches are then looked for only under the calls around them, not in the whole tree.
 */

function anchorsFor(lang: LanguageId, text: string): WordAnchors | undefined {
  switch (lang) {
    case 'javascript':
    case 'typescript':
      // listen/serve/startStandaloneServer/server/Server calls, `new ...Server(...)`, `set('port', ...)`
      return { anchor: /listen|serve|Server|\bport\b/g, types: new Set(['call_expression', 'new_expression']), levels: 3 };
    case 'python':
      // run*, serve, *_server, *Server, TCPSite, uvicorn.Config, listen, bind, launch
      return { anchor: /\brun|[sS]erve|TCPSite|uvicorn|listen|\bbind\b|launch/g, types: new Set(['call']), levels: 2 };
    case 'go':
      return { anchor: /\bListen|\bRun(?:TLS)?\b|\bStart(?:TLS)?\b|\bServer\b/g, types: new Set(['call_expression', 'composite_literal']), levels: 2 };
    case 'ruby':
      // `set :port`, `port 3000`, `bind`, `port:`/`Port:` options, and run/start/new/open on a server or Rack handler
      return { anchor: /\b[pP]ort\b|\bbind\b|Server|Handler/g, types: new Set(['call']), levels: 4 };
    case 'java': {
      // Javalin `start`, Spark `port` and Vert.x `listen` only count with their imports.
      const words = ['Server', 'InetSocketAddress', '\\bbind\\b', 'addHttpListener', 'forPort', 'setPort', 'setProperty'];
      if (text.includes('javalin')) words.push('\\bstart\\b');
      if (text.includes('Spark')) words.push('\\bport\\b');
      if (text.includes('vertx')) words.push('\\blisten\\b');
      return { anchor: new RegExp(words.join('|'), 'g'), types: new Set(['object_creation_expression', 'method_invocation']), levels: 2 };
    }
    case 'php':
      // Swoole/ReactPHP/Ratchet servers, Workerman workers, socket_bind, stream_socket_server
      return { anchor: /server|worker|socket_bind/gi, types: new Set(['object_creation_expression', 'function_call_expression', 'scoped_call_expression']), levels: 2 };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// What the text must hold first
// ---------------------------------------------------------------------------------------

/** Python blanks, comments and line continuations between a call's tokens. */
const PY_GAP = String.raw`(?:\s|\\\n|#[^\n]*\n)*`;
/** `app.run("0.0.0.0", 5000)`, `run_simple("localhost", 5000, app)`: a host literal first. */
const PY_RUN_HOST = new RegExp(`\\brun(?:_simple)?\\s*\\(${PY_GAP}[rRuUbBfF]{0,2}['"](?:\\*|localhost|::|\\[::\\]|::1|\\d+\\.\\d+\\.\\d+\\.\\d+)?['"]`);
/** `sock.bind((host, port))`: a tuple argument. */
const PY_BIND_TUPLE = new RegExp(`\\bbind\\s*\\(${PY_GAP}\\(`);
const PY_PORT_KW = /\bport\s*=/;
/** JS/TS `port: 3000` in an options object (the key as a name or a string). */
const JS_PORT_KEY = /\bport['"]?\s*:/;
/** A call to `listen` (`app.listen(3000)`, `app.listen?.(3000)`). */
const JS_LISTEN = /\blisten\s*(?:<[^;]*?>\s*)?(?:\?\.\s*)?\(/;
/** Go: an address literal (`":8080"`, `"0.0.0.0:8080/"`), a prefix to join a port to (`":"`), `":%d"`, or `net.JoinHostPort`. */
const GO_ADDRESS = /:(?:\d{1,5}\/?|%[ds])?["`]|JoinHostPort/;
const GO_LISTEN = /\b(?:ListenAndServe(?:TLS)?|Listen(?:TLS|Packet)?|Run(?:TLS)?|Start(?:TLS)?)\s*\(/;

/**
 * Whether the text can hold a finding: a listen site of the language (the call or class, with
 * the import, keyword or option key its check asks for) and, for Go, where only addresses count,
 * an address literal. Necessary for each site in the `*Sites` functions; the port literal
 * itself is no filter (numbers are everywhere).
 */
function mayListenOnFixedPort(lang: LanguageId, filePath: string, text: string): boolean {
  switch (lang) {
    case 'javascript':
    case 'typescript':
      return JS_LISTEN.test(text) || /\bset\s*(?:\?\.\s*)?\(\s*['"]port['"]/.test(text) ||
        // serve({ port }), startStandaloneServer(s, { listen: { port } }), Hapi.server({ port }), new WebSocketServer({ port })
        (JS_PORT_KEY.test(text) && /\bserve\b|startStandaloneServer|[Hh]api|WebSocketServer|\b(?:WebSocket|ws|WS)\s*\.\s*Server\b/.test(text));
    case 'python':
      return /Server\s*\(|\b(?:make_server|start_server|create_server|TCPSite)\b/.test(text) || PY_BIND_TUPLE.test(text) ||
        PY_RUN_HOST.test(text) || /\bserver_port\s*=/.test(text) ||
        (text.includes('tornado') && /\blisten\b/.test(text) && /^\s*(?:from|import)\s+tornado\b/m.test(text)) ||
        (PY_PORT_KW.test(text) && /\b(?:run|run_simple|run_server|run_app|serve)\b|uvicorn/.test(text)) ||
        (/\bserve\b/.test(text) && /\blisten\s*=/.test(text)) ||
        (/^gunicorn.*\.py$/.test(path.basename(filePath)) && /\bbind\b/.test(text));
    case 'go':
      return GO_ADDRESS.test(text) && (GO_LISTEN.test(text) || (/\bServer\s*\{/.test(text) && /\bAddr\s*:/.test(text)));
    case 'ruby':
      // `set :port`, Puma's `port`, `Port:`/`port:` options; Puma's `bind "tcp://..."`; TCPServer.new(2000)
      return /\b[pP]ort\b|\b(?:tcp|ssl):\/\/|Server\s*(?:&?\.|::)\s*(?:new|open|start)\b/.test(text);
    case 'java':
      return /InetSocketAddress|ServerSocket|WebServerFactory|addHttpListener|forPort|server\.port|jetty/.test(text) ||
        (text.includes('javalin') && /\bstart\b/.test(text)) ||
        (text.includes('Spark') && /\bport\b/.test(text)) ||
        (text.includes('vertx') && /\blisten\b/.test(text)) ||
        (/\bbind\b/.test(text) && /bootstrap|netty/i.test(text));
    case 'php':
      return /swoole/i.test(text) || /SocketServer|TcpServer|React|Workerman|socket_bind|stream_socket_server|IoServer/.test(text);
  }
  return true;
}

/** Where the matches that can give a listen site are: under the calls around the anchors. */
export function siteRoots(root: Node, lang: LanguageId, filePath: string, text: string): Node[] {
  const anchors = anchorsFor(lang, text);
  // gunicorn.conf.py: the module-level `bind = ...` is matched from the root (the file is small).
  if (!anchors || (lang === 'python' && /^gunicorn.*\.py$/.test(path.basename(filePath)))) return [root];
  return anchorRoots(root, text, anchors);
}

// ---------------------------------------------------------------------------------------
// Fixes
// ---------------------------------------------------------------------------------------

/** Go 1.22 brought `cmp.Or`; older modules get an inline closure instead. */
function goHasCmpOr(context: RuleContext): boolean {
  const root = context.project.root;
  let dir = path.dirname(context.path);
  for (let i = 0; i < 12; i++) {
    const mod = context.project.readText(path.join(dir, 'go.mod'));
    if (mod !== undefined) {
      const m = /^go\s+(\d+)\.(\d+)/m.exec(mod);
      return !m || Number(m[1]) > 1 || Number(m[2]) >= 22;
    }
    if (dir === root || path.dirname(dir) === dir) break;
    dir = path.dirname(dir);
  }
  return true;
}

/** The raw content of a plain literal when it needs no unescaping (so it can be re-quoted as is). */
function plainContent(lit: Node, lang: LanguageId): { quote: string; content: string } | undefined {
  const v = stringValue(lit, lang);
  const t = lit.text;
  const quote = t[0];
  if (v === undefined || !/^["'`]$/.test(quote) || t[t.length - 1] !== quote) return undefined;
  const content = t.slice(1, -1);
  if (content !== v || /[\\$#{}"'`]/.test(content)) return undefined;
  return { quote, content };
}

const NEEDS_PARENS = new Set([
  'binary_expression', 'binary_operator', 'boolean_operator', 'binary', 'unary_expression', 'unary_operator', 'unary',
  'member_expression', 'attribute', 'selector_expression', 'call', 'subscript', 'subscript_expression', 'field_access',
  'comparison_operator', 'not_operator', 'await_expression', 'cast_expression', 'ternary_expression', 'conditional_expression',
]);
const NO_FIX_PARENTS = new Set(['as_expression', 'satisfies_expression', 'type_assertion', 'const_element', 'class_constant_declaration']);

/**
 * What the fixes of one check share: the import edits and Go's `cmp.Or` answer are the same for
 * every finding of the file (each costs a walk of the file's top-level statements or a read of
 * go.mod), so they are computed once per check.
 */
interface FixShared { imports: Map<string, TextEdit[]>; cmpOr?: boolean }

function sharedEdits(shared: FixShared, key: string, make: () => TextEdit[]): TextEdit[] {
  let edits = shared.imports.get(key);
  if (!edits) shared.imports.set(key, edits = make());
  return edits.map((e) => ({ ...e }));
}

function portFix(context: RuleContext, v: PortValue, env: string, safety: Fix['safety'], shared: FixShared): Fix | undefined {
  const lang = context.language;
  const lit = v.literal;
  if (v.noFix || !lit.parent || NO_FIX_PARENTS.has(lit.parent.type)) return undefined;
  const imports: TextEdit[] = [];
  let text: string | undefined;
  let title = `Read the port from $${env} (${v.port} when unset)`;
  const port = String(v.port);
  const goOr = (dflt: string) => {
    shared.cmpOr ??= goHasCmpOr(context);
    if (shared.cmpOr) {
      imports.push(...sharedEdits(shared, 'go cmp os', () => goImports(context, ['cmp', 'os'])));
      return `cmp.Or(os.Getenv("${env}"), ${dflt})`;
    }
    imports.push(...sharedEdits(shared, 'go os', () => goImports(context, ['os'])));
    return `func() string { if p := os.Getenv("${env}"); p != "" { return p }; return ${dflt} }()`;
  };
  const pyEnv = (dflt: string) => {
    imports.push(...sharedEdits(shared, 'python os', () => pythonImport(context, 'os')));
    return `os.environ.get("${env}", ${dflt})`;
  };
  switch (v.shape) {
    case 'int':
      switch (lang) {
        case 'javascript': case 'typescript': text = `Number(process.env.${env}) || ${lit.text}`; break;
        case 'python': text = `int(${pyEnv(`"${port}"`)})`; break;
        case 'ruby': text = `ENV.fetch("${env}", ${lit.text}).to_i`; break;
        case 'java': text = `Integer.parseInt(System.getenv().getOrDefault("${env}", "${port}"))`; break;
        case 'php': text = `(int) (getenv('${env}') ?: ${lit.text})`; break;
        default: return undefined;
      }
      break;
    case 'digits': {
      if (!plainContent(lit, lang)) return undefined;
      switch (lang) {
        case 'javascript': case 'typescript': text = `process.env.${env} || ${lit.text}`; break;
        case 'python': text = pyEnv(lit.text); break;
        case 'ruby': text = `ENV.fetch("${env}", ${lit.text})`; break;
        case 'java': text = `System.getenv().getOrDefault("${env}", ${lit.text})`; break;
        case 'php': text = `(getenv('${env}') ?: ${lit.text})`; break;
        case 'go': text = goOr(lit.text); break;
      }
      break;
    }
    case 'address': {
      const pc = plainContent(lit, lang);
      if (!pc || v.prefix === undefined) return undefined;
      const q = pc.quote;
      const prefix = `${q}${v.prefix}${q}`;
      switch (lang) {
        case 'javascript': case 'typescript': text = `\`${v.prefix}\${process.env.${env} || ${port}}\``; break;
        case 'python': text = `${prefix} + ${pyEnv(`"${port}"`)}`; break;
        case 'ruby': text = `${prefix} + ENV.fetch("${env}", "${port}")`; break;
        case 'java': text = `${prefix} + System.getenv().getOrDefault("${env}", "${port}")`; break;
        case 'php': text = `${prefix} . (getenv('${env}') ?: '${port}')`; break;
        case 'go': text = `${prefix} + ${goOr(`"${port}"`)}`; break;
      }
      title = `Take the port from $${env} (${v.port} when unset)`;
      break;
    }
  }
  if (text === undefined) return undefined;
  if (NEEDS_PARENS.has(lit.parent.type) && !text.startsWith('`')) text = `(${text})`;
  const edits: TextEdit[] = [replaceNode(context, lit, text)];
  // Go: a constant cannot hold a function call; a lone `const x = ...` becomes `var x = ...`.
  if (v.def?.goConst) {
    const decl = v.def.goConst;
    const specs = [];
    for (let i = 0; i < decl.namedChildCount; i++) if (decl.namedChild(i)?.type === 'const_spec') specs.push(decl.namedChild(i));
    const kw = decl.child(0);
    if (specs.length !== 1 || decl.text.includes('(') && /^const\s*\(/.test(decl.text) || kw?.type !== 'const') return undefined;
    edits.push(replaceNode(context, kw, 'var'));
  }
  return { title, safety, preferred: true, edits: [...edits, ...imports] };
}

// ---------------------------------------------------------------------------------------
// The rule
// ---------------------------------------------------------------------------------------

export default defineRule({
  id: 'port-binding/no-hardcoded-port',
  meta: {
    description: 'A server listening on a port fixed in the code instead of $PORT',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'safe',
    messages: {
      fixedPort: 'Listens on the fixed port {{port}}; read the port from $PORT.',
    },
    docs: {
      why: 'The platform decides which port each web process binds and routes traffic there, so an app that picks its own port cannot be reached, run twice on one host, or moved between environments.',
      bad: {
        javascript: 'app.listen(3000);\n// or: const PORT = 3000; app.listen(PORT);',
        typescript: 'await app.listen(3000);',
        python: 'app.run(host="0.0.0.0", port=5000)\n# or: uvicorn.run(app, port=8000)',
        go: 'http.ListenAndServe(":8080", nil)',
        ruby: 'set :port, 4567\n# or (config/puma.rb): port 3000',
        java: 'HttpServer.create(new InetSocketAddress(8000), 0);',
        php: '$server = new Swoole\\Http\\Server("0.0.0.0", 9501);',
      },
      good: {
        javascript: 'app.listen(Number(process.env.PORT) || 3000);',
        typescript: 'await app.listen(Number(process.env.PORT) || 3000);',
        python: 'app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))',
        go: 'http.ListenAndServe(":"+cmp.Or(os.Getenv("PORT"), "8080"), nil)',
        ruby: 'set :port, ENV.fetch("PORT", 4567).to_i\n# or (config/puma.rb): port ENV.fetch("PORT") { 3000 }',
        java: 'HttpServer.create(new InetSocketAddress(Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"))), 0);',
        php: '$server = new Swoole\\Http\\Server("0.0.0.0", (int) (getenv(\'PORT\') ?: 9501));',
      },
      fix: 'Reads the port from $PORT and keeps the old port as the default when it is unset (`Number(process.env.PORT) || 3000`, `int(os.environ.get("PORT", "5000"))`, Go `cmp.Or(os.Getenv("PORT"), "8080")`, `ENV.fetch("PORT", 4567).to_i`, `System.getenv().getOrDefault("PORT", "8080")`, `getenv(\'PORT\') ?: 9501`), adding `import os` or the Go imports once. When the port comes from a constant, the constant is rewritten. Safe: with PORT unset the app listens where it did.',
    },
  },
  // One word of each condition in mayListenOnFixedPort (Go's listen calls stand for its address literals).
  triggers: [
    'listen', 'port', 'Port', 'Server', 'server', 'TCPSite', 'bind', /\brun(?:_simple)?\b/, /\b(?:Listen|Run|Start)(?:AndServe)?(?:TLS|Packet)?\b/, 'Addr',
    'tcp://', 'ssl://', 'InetSocketAddress', 'addHttpListener', 'forPort', 'jetty', 'javalin', 'Spark', 'vertx', /[sS][wW][oO][oO][lL][eE]/, 'React',
    'Workerman', 'socket_bind',
  ],
  check(context) {
    const lang = context.language;
    if (!context.treeParsed && !precheck(() => mayListenOnFixedPort(lang, context.path, context.text))) return;
    const root = context.tree?.rootNode;
    if (!root) return;
    const found: { site: Site; value: PortValue }[] = [];
    const seen = new Set<number>();
    for (const m of portMatches(siteRoots(root, lang, context.path, context.text), lang)) {
      const call = m.captures.find((c) => c.name === 'call' || c.name === 'lit')?.node;
      let sites: Site[] = [];
      if (call && m.captures.some((c) => c.name === 'lit')) {
        const addr = m.captures.find((c) => c.name === 'addr')?.node;
        if (addr) sites = [{ expr: addr, addressOnly: true, context: goLiteralContext(call) }];
      } else if (call) {
        switch (lang) {
          case 'javascript': case 'typescript': sites = jsSites(context, call); break;
          case 'python': sites = pySites(context, call); break;
          case 'go': sites = goSites(context, call); break;
          case 'ruby': sites = rubySites(context, call); break;
          case 'java': sites = javaSites(context, call); break;
          case 'php': sites = phpSites(context, call); break;
        }
      } else if (lang === 'python') {
        // gunicorn.conf.py: bind = "0.0.0.0:8000"
        const bind = m.captures.find((c) => c.name === 'bind')?.node;
        if (bind && /^gunicorn.*\.py$/.test(path.basename(context.path))) {
          const items = bind.type === 'list' ? Array.from({ length: bind.namedChildCount }, (_, i) => bind.namedChild(i)!).filter((c) => c.type === 'string') : [bind];
          sites = items.map((i) => ({ expr: i, addressOnly: true }));
        }
      }
      for (const site of sites) {
        if (seen.has(site.expr.id)) continue;
        seen.add(site.expr.id);
        const value = resolvePort(context, site.expr);
        if (!value) continue;
        if (site.addressOnly && value.shape !== 'address' && !value.composed) continue;
        if (EXEMPT.test([site.context ?? '', ...value.names].join(' '))) continue;
        found.push({ site, value });
        if (lang === 'go') break; // one address per Go call
      }
    }
    const distinct = new Set(found.map((f) => f.value.port));
    const safety: Fix['safety'] = distinct.size > 1 ? 'suggestion' : 'safe';
    const shared: FixShared = { imports: new Map() };
    for (const { site, value } of found) {
      const env = distinct.size > 1 && value.def && /^[A-Z][A-Z0-9_]*_PORT$/.test(value.def.name) ? value.def.name : 'PORT';
      const fix = portFix(context, value, env, safety, shared);
      context.report({ node: site.expr, messageId: 'fixedPort', data: { port: value.port }, fixes: fix ? [fix] : [] });
    }
  },
});
