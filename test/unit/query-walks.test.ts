/**
 * Rules that find their nodes with a walk in code instead of a tree-sitter query (compiling a
 * query walks the grammar's parse table: 5 to 90 ms per grammar, paid at a language's first
 * file) must select exactly what the query they replace matched: on every fixture, evaluation
 * corpus file and example, and on each of them blown up so that statements and calls grow
 * past the subtrees anchored look-ups aim for.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Node, QueryMatch } from '@vscode/tree-sitter-wasm';
import { assertWalksMatch, referenceFor, showMatch, walkSources, type Walk } from '../support/walks';
import type { GrammarId, LanguageId } from '../../server/src/parsing/languages';
import { query } from '../../server/src/parsing/tree-sitter';
import * as exitInRequest from '../../server/src/rules/disposability/no-exit-in-request';
import * as daemonize from '../../server/src/rules/concurrency/no-daemonize';
import * as envBranching from '../../server/src/rules/dev-prod-parity/no-env-branching-backing-service';
import * as sigterm from '../../server/src/rules/disposability/no-sigterm-handler';
import * as port from '../../server/src/rules/port-binding/no-hardcoded-port';
import * as logFile from '../../server/src/rules/logs/no-log-file';
import { matchesUnder as walkMatchesUnder } from '../../server/src/analysis/syntax';


/** The reference query's matches under each root, in order. */
function matchesUnder(grammar: GrammarId, source: string, roots: readonly Node[]): QueryMatch[] {
  const q = query(grammar, source);
  return roots.flatMap((r) => q.matches(r));
}

/** A walk that finds a reference query's matches over the whole tree, in the query's order. */
const wholeTree = (name: string, languages: readonly LanguageId[], queries: Partial<Record<LanguageId, string>>, walk: Walk['walk']): Walk => ({
  name,
  languages,
  reference(grammar, lang, root) {
    const source = referenceFor(queries, lang);
    return source === undefined ? undefined : matchesUnder(grammar, source, [root]).map(showMatch);
  },
  walk,
});

/**
 * A matcher of the match rooted at a node, for rules that run a query only at nodes they found
 * (`matchesRootedAt`): at every node of `types`, what it finds against the query's matches rooted
 * there (`maxStartDepth` 0). The query's matches on the whole tree must all be rooted at such nodes.
 */
const rootedAt = (name: string, languages: readonly LanguageId[], source: (lang: LanguageId) => string | undefined,
  types: (lang: LanguageId) => string[], match: (lang: LanguageId) => sigterm.Matcher | undefined): Walk => ({
  name,
  languages,
  reference(grammar, lang, root) {
    const src = source(lang);
    if (src === undefined) return undefined;
    const q = query(grammar, src);
    const rooted = root.descendantsOfType(types(lang)).flatMap((n) => (n ? q.matches(n, { maxStartDepth: 0 }) : []));
    assert.deepEqual(rooted.map(showMatch).sort(), q.matches(root).map(showMatch).sort(), `${name}: a match rooted at a node of another type`);
    return rooted.map(showMatch);
  },
  walk(lang, root) {
    const m = match(lang)!;
    return root.descendantsOfType(types(lang)).flatMap((n) => {
      const found = n?.isNamed ? m(n) : undefined;
      return found ? [showMatch(found)] : [];
    });
  },
});

const js = (lang: LanguageId): LanguageId => (lang === 'typescript' ? 'javascript' : lang);

const SIGTERM_TYPES: Partial<Record<LanguageId, string[]>> = {
  javascript: ['call_expression', 'while_statement', 'for_statement', 'do_statement'],
  python: ['call', 'while_statement', 'for_statement'],
  go: ['call_expression', 'for_statement'],
  ruby: ['call', 'while', 'until'],
  java: ['object_creation_expression', 'method_invocation', 'while_statement', 'for_statement'],
  php: ['while_statement', 'for_statement'],
};

const ALL: LanguageId[] = ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'];

const WALKS: Walk[] = [
  wholeTree('disposability/no-exit-in-request', ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'], exitInRequest.REFERENCE_QUERIES,
    (lang, root, text) => exitInRequest.exitMatches(root, exitInRequest.exitSpans(text, lang), lang).map(showMatch)),
  wholeTree('concurrency/no-daemonize', ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'], daemonize.REFERENCE_QUERIES,
    (lang, root, text) => daemonize.daemonMatches(root, text, lang).map(showMatch)),
  // Each node of the entry types (the rule gives it those near a `production` key).
  wholeTree('dev-prod-parity/no-env-branching-backing-service: keyed entries', ['javascript', 'typescript', 'python', 'go', 'ruby', 'php'], envBranching.KEYED_QUERIES,
    (lang, root) => root.descendantsOfType(['pair', 'keyed_element', 'array_element_initializer']).flatMap((n) => {
      const m = n?.isNamed ? envBranching.keyedMatch(n, lang) : undefined;
      return m ? [showMatch(m)] : [];
    })),
  wholeTree('port-binding/no-hardcoded-port: listen sites', ALL, port.REFERENCE_QUERIES, (lang, root) => port.portMatches([root], lang).map(showMatch)),
  {
    name: 'port-binding/no-hardcoded-port: listen sites around the anchors',
    languages: ALL,
    reference(grammar, lang, root, text) {
      const source = referenceFor(port.REFERENCE_QUERIES, lang);
      return source === undefined ? undefined : matchesUnder(grammar, source, port.siteRoots(root, lang, '/p/app', text)).map(showMatch);
    },
    walk: (lang, root, text) => port.portMatches(port.siteRoots(root, lang, '/p/app', text), lang).map(showMatch),
  },
  wholeTree('logs/no-log-file: loggers', ALL, logFile.REFERENCE_QUERIES, (lang, root) => walkMatchesUnder([root], logFile.shapeFor(lang)!).map(showMatch)),
  {
    name: 'logs/no-log-file: loggers around the anchors',
    languages: ALL,
    reference(grammar, lang, root, text) {
      const source = referenceFor(logFile.REFERENCE_QUERIES, lang);
      return source === undefined ? undefined : matchesUnder(grammar, source, logFile.logRoots(root, lang, text)).map(showMatch);
    },
    walk: (lang, root, text) => walkMatchesUnder(logFile.logRoots(root, lang, text), logFile.shapeFor(lang)!).map(showMatch),
  },
  wholeTree('logs/no-log-file: setFile', ['java'], { java: logFile.JAVA_SET_FILE_QUERY }, (_lang, root) => walkMatchesUnder([root], logFile.JAVA_SET_FILE).map(showMatch)),
  rootedAt('disposability/no-sigterm-handler: servers and loops', ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    (lang) => sigterm.REFERENCE_QUERIES[js(lang)], (lang) => SIGTERM_TYPES[js(lang)] ?? [], (lang) => sigterm.MATCHERS[js(lang)]),
  rootedAt('disposability/no-sigterm-handler: receivers', ['javascript', 'typescript'],
    () => sigterm.JS_KIND_QUERY, () => ['variable_declarator', 'assignment_expression'], () => sigterm.matchJsKind),
  rootedAt('disposability/no-sigterm-handler: start', ['ruby'], () => sigterm.RUBY_START_QUERY, () => ['call'], () => sigterm.matchRubyStart),
];

/** Texts with the shapes where a walk could part from a query: nested and chained matches, several matches at one node, odd spellings. */
const EDGES: { name: string; text: string }[] = [
  { name: 'edges/exit.js', text: 'process.exit(process.kill(process.pid));\nprocess?.exit();\nprocess.abort().exit;\nfoo(process.exit, exit);\n' },
  { name: 'edges/exit.ts', text: 'process.exit(1 as number);\n(process as any).exit();\nprocess.exit!();\n' },
  { name: 'edges/exit.py', text: 'raise ValueError from SystemExit\nraise SystemExit(1) from SystemExitError\nraise (SystemExit)\nsys.exit(quit(exit()))\nos . _exit(1)\nos.kill(os.getpid(), 9)\n' },
  { name: 'edges/exit.go', text: 'package main\nfunc f() {\n\tlog.Fatal(os.Exit(1))\n\tklog.Exitf("x")\n\tx.log.Fatal()\n}\n' },
  { name: 'edges/exit.rb', text: 'exit!\nexit! 1\nexit.abort\n(abort).exit\nabort("x").raise\nraise SystemExit\nKernel.exit!\nProcess.kill("TERM", Process.pid)\nexit_code = 1\n' },
  { name: 'edges/Exit.java', text: 'class A { void f() { System.exit(Runtime.getRuntime().halt(1)); exit(); } }\n' },
  { name: 'edges/daemon.js', text: 'fs.writeFileSync(p, String(process.pid)).fork();\nwriteFile(spawn(fork()));\nobj.#fork();\n(fork)();\n' },
  { name: 'edges/daemon.py', text: 'with open(p) as f:\n    f . write(str(os.getpid()))\nos.setsid(); daemon.DaemonContext(); x.overwrite(); print(print())\n' },
  { name: 'edges/daemon.go', text: 'package main\nfunc f() {\n\tc := daemon.Context{}\n\td := daemon . Context{}\n\tfmt.Fprintf(w.Write(b), "%d", os.Getpid())\n}\n' },
  { name: 'edges/daemon.rb', text: 'daemonize\ndaemonize true\nFile.write("a.pid", Process.pid).puts\nDaemons.run_proc("x") { run }\npidfile "x"\n' },
  { name: 'edges/Daemon.java', text: 'class A { void f() { new org.springframework.boot.context.ApplicationPidFileWriter("a"); new ApplicationPidFileWriter(); out.println(w.write(1)); } }\n' },
  { name: 'edges/daemon.php', text: '<?php\nposix_setsid();\nfwrite($pid, fputs($f, getmypid()));\nPOSIX_SETSID();\n' },
  { name: 'edges/keyed.js', text: 'const c = { production: { db: "sqlite" }, "prod": 1, [prod]: 2, \'production\': { prod: 3 }, productionx: 4 };\n' },
  { name: 'edges/keyed.py', text: 'c = {"production": {"prod": 1}, production: 2, \'prod\': 3}\n' },
  { name: 'edges/keyed.go', text: 'package main\nvar c = map[string]Config{"production": {Name: "prod"}, `prod`: {}, prod: {}, "prod" /* c */ : {}}\n' },
  { name: 'edges/keyed.rb', text: 'C = { production: 1, "prod" => 2, :prod => 3, "production": 4, prod => 5 }\n' },
  { name: 'edges/keyed.php', text: '<?php\n$c = [\'production\' => [\'prod\' => 1], "prod" => 2, ...[\'prod\'], \'prod\'];\n' },
  { name: 'edges/server.js', text: 'const app = express(); app.listen(3000); app["listen"](1); this.server = http.createServer(); s = await x(); let a = b = express(); a.b = c();\nwhile (true) {} do {} while (1); for (;;) {}\n' },
  { name: 'edges/server.ts', text: 'const app: Express = express();\nthis.srv = new Server();\nobj.x.listen!();\n' },
  { name: 'edges/server.py', text: 'httpd.serve_forever()\nserve_forever()\nwhile True:\n    pass\nfor m in p.listen():\n    pass\n' },
  { name: 'edges/server.rb', text: 'server = TCPServer.new(80)\nWEBrick::HTTPServer.open do end\nserver.start\nloop do end\nwhile true do end\nuntil false do end\nx.each_message {}\n' },
  { name: 'edges/Server.java', text: 'class A { void f() { new ServerSocket(1); HttpServer.create(); while (/*c*/ true) {} while (x) {} for (;;) {} } }\n' },
  { name: 'edges/server.php', text: '<?php\nwhile (true) {}\nfor (;;) {}\nwhile (1): endwhile;\n' },
  { name: 'edges/port.js', text: "app.set('port', 1); app.set(/*c*/ 'port', 2); app.set('port\\nport', 3); listen(1); a.b.listen(2); new ws.WebSocketServer({ port: 1 }); new x.Server(); new Server(1); obj.#listen(1);\n" },
  { name: 'edges/port.ts', text: 'app.listen<number>(3000); new http.Server(); server<T>(1);\n' },
  { name: 'edges/port.py', text: 'bind = "0.0.0.0:8000"\nbind: str = "x"\nbind = a = "y"\napp.run(port=1); uvicorn.Config(app); x.y.make_server(); HTTPServer(("", 1), H)\nif x:\n    bind = 1\n' },
  { name: 'edges/port.go', text: 'package main\nvar s = &http.Server{Addr: ":8080", Handler: h, Addr: ":9090"}\nfunc main() { http.ListenAndServe(":1", nil); r.Run(); x.Server{Addr: "a"} }\n' },
  { name: 'edges/port.rb', text: 'set :port, 4567\nport 3000\nRack::Handler::WEBrick.run(app, Port: 1)\nrun! port: 2\nTCPServer.new(2000).open\n' },
  { name: 'edges/Port.java', text: 'class A { void f() { new InetSocketAddress(new ServerSocket(1).port()); new org.eclipse.jetty.server.Server(8080); app.start(7000); } }\n' },
  { name: 'edges/port.php', text: '<?php\nnew Swoole\\Http\\Server("0.0.0.0", 9501);\nsocket_bind($s, "0.0.0.0", 1);\nIoServer::factory($a, 8080);\nnew class {};\n' },
  { name: 'edges/log.js', text: "new winston.transports.File({}); new transports . File(); fs.createWriteStream('a.log'); destination(1); x.appendFile(); pino({ transport: { target: 'pino/file', options: { destination: 'a' } } });\nconst c = { streams: [{ path: 'a', /*x*/ path: 'b' }, 1, { level: 1, path: 'c' }], appenders: { f: { type: 'file', type: 'x' }, g: 1, h: { /*c*/ type: 'y' } } };\n" },
  { name: 'edges/log.py', text: 'logging.FileHandler("a.log"); FileHandler(basicConfig()); logger.add("a.log"); x.logger.add(1)\nd = {"class": "logging.FileHandler", \'class\': \'x.RotatingFileHandler\'}\n' },
  { name: 'edges/log.go', text: 'package main\nfunc f() {\n\tlog.SetOutput(f)\n\ta.Out, b.Out = w, v\n\tc.Out, cfg.OutputPaths = w, []string{"a"}\n\tl := &lumberjack.Logger{Filename: "a"}\n\tz := zap.Config{OutputPaths: []string{"b"}, ErrorOutputPaths: []string{"c"}}\n}\n' },
  { name: 'edges/log.rb', text: 'Logger.new("a.log")\n::Logger.new(STDOUT)\nActiveSupport::Logger.new("b")\nstdout_redirect "a", "b"\nx.stdout_redirect "c"\n' },
  { name: 'edges/Log.java', text: 'class A { void f() { new FileHandler("a"); new RollingFileAppender<ILoggingEvent>(); FileAppender.newBuilder(); System.setOut(null); f.setFile("a.log"); f.setFile(/*c*/ "b"); f.setFile(g.setFile("c")); } }\n' },
  { name: 'edges/log.php', text: '<?php\nerror_log($m, 3, "a.log");\nnew Monolog\\Handler\\StreamHandler("a");\nnew RotatingFileHandler("b");\nfopen("c.log", "a");\n' },
  { name: 'edges/exit.php', text: '<?php\nexit;\nEXIT(1);\neXiT;\ndie("x");\nDIE();\n\\exit(2);\n$a = exit_code();\nexit(die());\n' },
];

test('walks select exactly what the queries they replace matched', async () => {
  await assertWalksMatch(WALKS, walkSources(EDGES), 0);
});
