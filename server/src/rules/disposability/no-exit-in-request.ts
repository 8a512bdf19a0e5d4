/**
 * Exiting the process while handling a request: `process.exit()` in an Express route,
 * `sys.exit()` in a Flask/Django/FastAPI view, `os.Exit`/`log.Fatal` in a Go handler,
 * `exit`/`abort` in a Rails action or Sinatra route, `System.exit()` in a Spring
 * controller, `exit`/`die` in a Laravel or Symfony controller. The process takes every
 * other request in flight down with it, and start-up cost is paid again on restart.
 *
 * Exits in `main`, CLI scripts, signal handlers and start-up validation are not request
 * handling and are not flagged. In PHP only Laravel and Symfony code is checked (it may run
 * under long-lived workers: Octane, RoadRunner, FrankenPHP); plain PHP and other frameworks
 * run each request on its own, where `exit` ends just that request.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck } from '../../engine/rule';
import type { LanguageId } from '../../parsing/languages';
import { callInfo, matchesNear, spansOf, type NodeShape, type TextSpan, type WalkMatch } from '../../analysis/syntax';
import { enclosingRequestHandler, field } from './_request-handler';

const GO_EXITS: Record<string, RegExp> = {
  os: /^Exit$/,
  syscall: /^Exit$/,
  log: /^(Fatal|Fatalf|Fatalln)$/,
  logrus: /^(Fatal|Fatalf|Fatalln)$/,
  klog: /^(Fatal|Fatalf|Fatalln|Exit|Exitf)$/,
};

/** The exit call's short text for the message, or undefined when the node does not exit. */
function exitCall(node: Node, lang: LanguageId): string | undefined {
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      const info = callInfo(node, lang);
      if (!info || info.object !== 'process') return undefined;
      if (info.method === 'exit' || info.method === 'abort') return `process.${info.method}()`;
      if (info.method === 'kill' && info.args[0]?.text === 'process.pid') return 'process.kill(process.pid)';
      return undefined;
    }
    case 'python': {
      if (node.type === 'raise_statement') return 'raise SystemExit';
      const info = callInfo(node, lang);
      if (!info) return undefined;
      if (['sys.exit', 'exit', 'quit', 'os._exit', 'os.abort'].includes(info.callee)) return `${info.callee}()`;
      if (info.callee === 'os.kill' && /^os\.getpid\(\s*\)$/.test(info.args[0]?.text ?? '')) return 'os.kill(os.getpid())';
      return undefined;
    }
    case 'go': {
      const info = callInfo(node, lang);
      if (!info || !info.object) return undefined;
      return GO_EXITS[info.object]?.test(info.method) ? `${info.callee}()` : undefined;
    }
    case 'ruby': {
      if (node.type === 'identifier') {
        const p = node.parent;
        // A bare `exit` statement (not a method name, not a variable being assigned).
        if (!p || p.type === 'call' || p.type === 'assignment' || p.type === 'method' || p.type === 'alias') return undefined;
        return node.text === 'exit' || node.text === 'exit!' || node.text === 'abort' ? node.text : undefined;
      }
      if (node.type === 'raise_statement' || node.type === 'call' && field(node, 'method')?.text === 'raise') {
        return /\bSystemExit\b/.test(node.text) ? 'raise SystemExit' : undefined;
      }
      const info = callInfo(node, lang);
      if (!info) return undefined;
      if (!info.object && ['exit', 'exit!', 'abort'].includes(info.method)) return info.method;
      if ((info.object === 'Kernel' || info.object === 'Process') && ['exit', 'exit!', 'abort'].includes(info.method)) return info.callee;
      if (info.object === 'Process' && info.method === 'kill' && /\bProcess\.pid\b|\$\$/.test(info.args[1]?.text ?? '')) return 'Process.kill(Process.pid)';
      return undefined;
    }
    case 'java': {
      const info = callInfo(node, lang);
      if (!info) return undefined;
      if (info.callee === 'System.exit') return 'System.exit()';
      if (info.object && /^Runtime\.getRuntime\(\)$/.test(info.object) && (info.method === 'exit' || info.method === 'halt')) return `Runtime.getRuntime().${info.method}()`;
      if (info.callee === 'SpringApplication.exit') return 'SpringApplication.exit()';
      return undefined;
    }
    case 'php': {
      if (node.type === 'exit_statement') return /^die\b/i.test(node.text) ? 'die' : 'exit';
      const info = callInfo(node, lang);
      if (!info) return undefined;
      const m = info.callee.toLowerCase();
      if (m === 'exit' || m === 'die') return m;
      return undefined;
    }
  }
  return undefined;
}

/**
 * The queries `exitMatches` replaces: compiling one costs 5 to 25 ms per grammar at a language's
 * first file, a walk nothing. `test/unit/query-walks.test.ts` checks that it finds what they match.
 */
export const REFERENCE_QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: `(call_expression function: (member_expression object: (identifier) @o property: (property_identifier) @p) (#eq? @o "process") (#match? @p "^(exit|abort|kill)$")) @exit`,
  python: `
    (call function: [(identifier) (attribute)] @f (#match? @f "^(sys\\\\.exit|exit|quit|os\\\\._exit|os\\\\.abort|os\\\\.kill)$")) @exit
    (raise_statement [(identifier) (call function: (identifier))] @e (#match? @e "^SystemExit")) @exit`,
  go: `(call_expression function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @f) (#match? @pkg "^(os|syscall|log|logrus|klog)$") (#match? @f "^(Exit|Exitf|Fatal|Fatalf|Fatalln)$")) @exit`,
  ruby: `
    (call method: (identifier) @m (#match? @m "^(exit!?|abort|kill|raise)$")) @exit
    ((identifier) @exit (#match? @exit "^(exit!?|abort)$"))`,
  java: `(method_invocation name: (identifier) @m (#match? @m "^(exit|halt)$")) @exit`,
  php: `
    (exit_statement) @exit
    (function_call_expression function: (name) @n (#match? @n "^([eE][xX][iI][tT]|[dD][iI][eE])$")) @exit`,
};

/**
 * Per language, how the reference query matches: the node types its patterns start at, the
 * words their callee (or keyword) holds and how many levels the pattern's node is above the
 * smallest node at such a word, and the matches of the patterns at one node.
 */
interface Shape extends NodeShape { words: RegExp[]; levels: number }

const SHAPES: Partial<Record<LanguageId, Shape>> = {
  javascript: {
    types: ['call_expression'],
    words: [/exit/g, /abort/g, /kill/g],
    levels: 2,
    match(n, out) {
      const f = field(n, 'function');
      if (f?.type !== 'member_expression') return;
      const o = field(f, 'object');
      const p = field(f, 'property');
      if (o?.type === 'identifier' && o.text === 'process' && p?.type === 'property_identifier' && /^(exit|abort|kill)$/.test(p.text)) {
        out.push({ patternIndex: 0, captures: [{ name: 'exit', node: n }, { name: 'o', node: o }, { name: 'p', node: p }], root: n, done: p });
      }
    },
  },
  python: {
    types: ['call', 'raise_statement'],
    words: [/exit/g, /quit/g, /abort/g, /kill/g, /SystemExit/g],
    levels: 2,
    match(n, out) {
      if (n.type === 'call') {
        const f = field(n, 'function');
        if ((f?.type === 'identifier' || f?.type === 'attribute') && /^(sys\.exit|exit|quit|os\._exit|os\.abort|os\.kill)$/.test(f.text)) {
          out.push({ patternIndex: 0, captures: [{ name: 'exit', node: n }, { name: 'f', node: f }], root: n, done: f });
        }
        return;
      }
      // Any child, with a field or without (`raise X from SystemExit` too).
      for (const c of n.namedChildren) {
        if (c && (c.type === 'identifier' || (c.type === 'call' && field(c, 'function')?.type === 'identifier')) && /^SystemExit/.test(c.text)) {
          out.push({ patternIndex: 1, captures: [{ name: 'exit', node: n }, { name: 'e', node: c }], root: n, done: c });
        }
      }
    },
  },
  go: {
    types: ['call_expression'],
    words: [/Exit/g, /Fatal/g],
    levels: 2,
    match(n, out) {
      const f = field(n, 'function');
      if (f?.type !== 'selector_expression') return;
      const pkg = field(f, 'operand');
      const fn = field(f, 'field');
      if (pkg?.type === 'identifier' && /^(os|syscall|log|logrus|klog)$/.test(pkg.text) && fn?.type === 'field_identifier' && /^(Exit|Exitf|Fatal|Fatalf|Fatalln)$/.test(fn.text)) {
        out.push({ patternIndex: 0, captures: [{ name: 'exit', node: n }, { name: 'pkg', node: pkg }, { name: 'f', node: fn }], root: n, done: fn });
      }
    },
  },
  ruby: {
    types: ['call', 'identifier'],
    words: [/exit/g, /abort/g, /kill/g, /raise/g],
    levels: 1,
    match(n, out) {
      if (n.type === 'identifier') {
        if (/^(exit!?|abort)$/.test(n.text)) out.push({ patternIndex: 1, captures: [{ name: 'exit', node: n }], root: n, done: n });
        return;
      }
      const m = field(n, 'method');
      if (m?.type === 'identifier' && /^(exit!?|abort|kill|raise)$/.test(m.text)) {
        out.push({ patternIndex: 0, captures: [{ name: 'exit', node: n }, { name: 'm', node: m }], root: n, done: m });
      }
    },
  },
  java: {
    types: ['method_invocation'],
    words: [/exit/g, /halt/g],
    levels: 1,
    match(n, out) {
      const m = field(n, 'name');
      if (m?.type === 'identifier' && /^(exit|halt)$/.test(m.text)) out.push({ patternIndex: 0, captures: [{ name: 'exit', node: n }, { name: 'm', node: m }], root: n, done: m });
    },
  },
  php: {
    types: ['exit_statement', 'function_call_expression'],
    // Keywords and function names are case-insensitive.
    words: [/exit/gi, /die/gi],
    levels: 1,
    match(n, out) {
      if (n.type === 'exit_statement') {
        out.push({ patternIndex: 0, captures: [{ name: 'exit', node: n }], root: n, done: n });
        return;
      }
      const f = field(n, 'function');
      if (f?.type === 'name' && /^([eE][xX][iI][tT]|[dD][iI][eE])$/.test(f.text)) out.push({ patternIndex: 1, captures: [{ name: 'exit', node: n }, { name: 'n', node: f }], root: n, done: f });
    },
  },
};

/** Where the callee words of a language's exits are in the text (each word on its own, so that no match hides another). */
export function exitSpans(text: string, lang: LanguageId): TextSpan[] {
  return (SHAPES[lang === 'typescript' ? 'javascript' : lang]?.words ?? []).flatMap((re) => spansOf(text, re));
}

/**
 * The reference query's matches in the tree, in the order its cursor gives them (by the node
 * where each completes, then the outer match first, then by pattern): a walk under the nodes
 * around the callee words (`exitSpans`), with the query's conditions in code.
 */
export function exitMatches(root: Node, spans: readonly TextSpan[], lang: LanguageId): WalkMatch[] {
  const shape = SHAPES[lang === 'typescript' ? 'javascript' : lang];
  return shape ? matchesNear(root, spans, shape, shape.levels) : [];
}

/** Blanks and comments between two tokens: block and line comments (C-like languages), `#` and line continuations (Python). */
const C_TRIVIA = String.raw`(?:\s|\/\*(?:[^*]|\*(?!\/))*\*\/|\/\/[^\n]*(?![^\n]))*`;
const PY_TRIVIA = String.raw`(?:\s|\\|#[^\n]*(?![^\n]))*`;

const JS_EXIT = new RegExp(String.raw`\bprocess${C_TRIVIA}\??\.${C_TRIVIA}(?:exit|abort|kill)\b`);
const PY_EXIT = new RegExp(String.raw`(?:\bexit|\bquit|\bos\._exit|\bos\.abort|\bos\.kill)${PY_TRIVIA}\(|SystemExit`);
/** A `request` first parameter (or second, after `self`; `*request` too). */
const PY_REQUEST_PARAM = new RegExp(String.raw`[(,]${PY_TRIVIA}(?:\*{1,2}${PY_TRIVIA})?request\b`);
const PY_ROUTE_DECORATOR = new RegExp(String.raw`\.${PY_TRIVIA}(?:route|get|post|put|patch|delete|api_route|websocket|head|options|view)${PY_TRIVIA}\(`);
const PY_VIEW_DECORATOR = /\b(?:api_view|require_http_methods|require_GET|require_POST|require_safe|action|login_required|permission_required|csrf_exempt)\b/;
const PY_VERB_METHOD = new RegExp(String.raw`\bdef${PY_TRIVIA}(?:get|post|put|patch|delete|head|options)\b`);
const JAVA_ANNOTATION = /\b(?:GetMapping|PostMapping|PutMapping|DeleteMapping|PatchMapping|RequestMapping|GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|Path|RestController|Controller)\b/;

/**
 * Per language, what the text holds wherever an exit call sits in a request handler: the exit
 * (as `exitCall` reads it) and a trace of a handler (as `isRequestHandler` recognises one).
 */
function mayExitInHandler(lang: LanguageId, text: string): boolean {
  switch (lang) {
    case 'javascript':
    case 'typescript':
      // Handlers are too varied (any callback of `x.get('/path', ...)`) to narrow.
      return JS_EXIT.test(text);
    case 'python':
      // A request parameter, a route or view decorator, a `get`/`post`... method of a handler class.
      return PY_EXIT.test(text) && (PY_REQUEST_PARAM.test(text) || (text.includes('@') && (PY_ROUTE_DECORATOR.test(text) || PY_VIEW_DECORATOR.test(text)))
        || (PY_VERB_METHOD.test(text) && /(?:Handler|View|Resource|ViewSet|Endpoint)\b/.test(text)));
    case 'go':
      return /\b(?:Exit|Exitf|Fatal|Fatalf|Fatalln)\b/.test(text) && /\b(?:os|syscall|log|logrus|klog)\b/.test(text)
        && /\bhttp\.ResponseWriter\b|\*http\.Request\b|\*gin\.Context\b|\becho\.Context\b|\bfiber\.Ctx\b|\bfasthttp\.RequestCtx\b|\bchi\.Context\b/.test(text);
    case 'ruby':
      // `call(env)`, a controller or Sinatra class, a route block.
      return /\b(?:exit|abort|kill)\b|SystemExit/.test(text)
        && /\benv\b|Controller\b|Sinatra::|\b(?:get|post|put|patch|delete|options|head|link|unlink)\b/.test(text);
    case 'java':
      // A route annotation or controller class, a servlet-style parameter, a lambda given to `createContext` or a route verb.
      return /\b(?:exit|halt)\b/.test(text) && /\b(?:System|Runtime|SpringApplication)\b/.test(text)
        && ((text.includes('@') && JAVA_ANNOTATION.test(text)) || /\b(?:HttpServletRequest|HttpExchange|ServerRequest)\b|io\.javalin\.http\.Context/.test(text)
          || (text.includes('->') && /\b(?:createContext|get|post|put|patch|delete|del|all|options|head|any|match)\b/.test(text)));
    case 'php':
      return /\b(?:exit|die)\b/i.test(text);
  }
  return true;
}

export default defineRule({
  id: 'disposability/no-exit-in-request',
  meta: {
    description: 'Process exit inside a request handler',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'none',
    messages: {
      exit: '`{{call}}` inside a request handler stops the whole process and every request in flight with it; return an error response instead and leave restarts to the process manager.',
      fatal: '`{{call}}` exits the process (it calls os.Exit) inside a request handler, dropping every request in flight; log the error and return an error response instead.',
      phpExit: '`{{call}}` inside a controller ends the worker under long-running servers (Octane, RoadRunner, FrankenPHP) and skips the framework\'s response cycle; return a response or throw an HTTP exception instead.',
    },
    docs: {
      why: 'A process serves many requests at once and is meant to be stopped only by the process manager, so exiting in one request drops all the others and makes every restart a crash.',
      bad: {
        javascript: "app.post('/import', async (req, res) => {\n  if (!req.body.rows) process.exit(1);\n  res.sendStatus(202);\n});",
        typescript: "router.get('/health', (req: Request, res: Response) => {\n  if (!db.connected) process.exit(1);\n  res.json({ ok: true });\n});",
        python: '@app.route("/admin/reload", methods=["POST"])\ndef reload():\n    sys.exit(0)',
        go: 'func getUser(w http.ResponseWriter, r *http.Request) {\n\tu, err := store.Find(r.URL.Query().Get("id"))\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tjson.NewEncoder(w).Encode(u)\n}',
        ruby: 'class ReportsController < ApplicationController\n  def create\n    abort("no data") if params[:rows].blank?\n  end\nend',
        java: '@PostMapping("/shutdown")\npublic void shutdown() {\n    System.exit(0);\n}',
        php: "class OrderController extends Controller\n{\n    public function store(Request \$request)\n    {\n        if (!\$request->has('items')) {\n            die('no items');\n        }\n    }\n}",
      },
      good: {
        javascript: "app.post('/import', async (req, res) => {\n  if (!req.body.rows) return res.status(400).json({ error: 'rows required' });\n  res.sendStatus(202);\n});",
        typescript: "router.get('/health', (req: Request, res: Response) => {\n  if (!db.connected) return res.status(503).json({ ok: false });\n  res.json({ ok: true });\n});",
        python: '@app.route("/admin/reload", methods=["POST"])\ndef reload():\n    return {"error": "not supported"}, 501',
        go: 'func getUser(w http.ResponseWriter, r *http.Request) {\n\tu, err := store.Find(r.URL.Query().Get("id"))\n\tif err != nil {\n\t\thttp.Error(w, "lookup failed", http.StatusInternalServerError)\n\t\treturn\n\t}\n\tjson.NewEncoder(w).Encode(u)\n}',
        ruby: 'class ReportsController < ApplicationController\n  def create\n    return head :unprocessable_entity if params[:rows].blank?\n  end\nend',
        java: '@PostMapping("/shutdown")\npublic ResponseEntity<Void> shutdown() {\n    return ResponseEntity.status(HttpStatus.FORBIDDEN).build();\n}',
        php: "class OrderController extends Controller\n{\n    public function store(Request \$request)\n    {\n        if (!\$request->has('items')) {\n            abort(422, 'no items');\n        }\n    }\n}",
      },
    },
  },
  triggers: ['exit', 'abort', 'Exit', 'Fatal', 'die', 'quit', 'kill', 'halt'],
  check(context) {
    const lang = context.language;
    // PHP: only Laravel and Symfony apps, which may run under long-lived workers (Octane,
    // RoadRunner, FrankenPHP); elsewhere each request is its own run and `exit` ends just it.
    if (lang === 'php' && !/Illuminate\\|Symfony\\|Laravel\\|App\\Http\\Controllers|\bRoute::/.test(context.text)) return;
    if (!context.treeParsed && !precheck(() => mayExitInHandler(lang, context.text))) return;
    const spans = exitSpans(context.text, lang);
    if (spans.length === 0) return;
    const root = context.tree?.rootNode;
    if (!root) return;
    const seen = new Set<number>();
    for (const m of exitMatches(root, spans, lang)) {
      const node = m.captures.find((c) => c.name === 'exit')?.node;
      if (!node || seen.has(node.startIndex)) continue;
      seen.add(node.startIndex);
      const call = exitCall(node, lang);
      if (!call) continue;
      if (!enclosingRequestHandler(node, lang)) continue;
      const messageId = lang === 'php' ? 'phpExit' : lang === 'go' && /Fatal/.test(call) ? 'fatal' : 'exit';
      context.report({ node, messageId, data: { call } });
    }
  },
});
