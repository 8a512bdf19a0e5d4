/**
 * Which functions handle an HTTP request, per language and framework: route callbacks
 * (`app.get('/x', fn)`, `Route::get('/x', fn)`, Sinatra `get '/x' do`), decorated views
 * (`@app.route`, `@GetMapping`, Nest `@Get()`), controller actions (Rails, Laravel,
 * Symfony, Spring), handler-shaped functions (`(req, res)`, `(w http.ResponseWriter, r
 * *http.Request)`, `func(c *gin.Context)`, Django `def view(request)`).
 *
 * Shared by the rules that look for process-wide effects of request handling (exits,
 * in-memory state, local uploads). Looks only at a function and its few ancestors.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { LanguageId } from '../../parsing/languages';
import { callInfo, enclosingFunction, nameText, stringValue } from '../../analysis/syntax';

const isJs = (lang: LanguageId): boolean => lang === 'javascript' || lang === 'typescript';

export function field(n: Node | null | undefined, name: string): Node | undefined {
  return n?.childForFieldName(name) ?? undefined;
}

export function namedChildren(n: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && c.type !== 'comment') out.push(c);
  }
  return out;
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'any', 'match']);
const REQ_NAMES = new Set(['req', 'request', '_req', '_request', 'rq']);
const RES_NAMES = new Set(['res', 'response', 'reply', 'resp', '_res', 'rep', 'h']);
const CTX_NAMES = new Set(['ctx', 'context', 'c']);

/** Is a route-ish first argument: a string or template starting with `/` or `*`, a regex, or a list of those. */
function isRoutePath(n: Node | undefined, lang: LanguageId): boolean {
  if (!n) return false;
  if (n.type === 'regex') return true;
  if (n.type === 'array') return namedChildren(n).some((c) => isRoutePath(c, lang));
  const v = stringValue(n, lang);
  if (v !== undefined) return /^[/*]/.test(v) || v === '';
  if (n.type === 'template_string') return /^`[/*]/.test(n.text);
  return false;
}

// ---------------------------------------------------------------------------------------
// JavaScript / TypeScript
// ---------------------------------------------------------------------------------------

function jsParamNames(fn: Node): string[] {
  const params = field(fn, 'parameters') ?? field(fn, 'parameter');
  if (!params) return [];
  if (params.type === 'identifier') return [params.text];
  const out: string[] = [];
  for (const p of namedChildren(params)) {
    let id: Node | undefined = p;
    if (p.type === 'required_parameter' || p.type === 'optional_parameter') id = field(p, 'pattern');
    else if (p.type === 'assignment_pattern') id = field(p, 'left');
    out.push(id && id.type === 'identifier' ? id.text : '');
  }
  return out;
}

function isReqRes(names: string[]): boolean {
  const [a, b, c] = names;
  if (REQ_NAMES.has(a) && RES_NAMES.has(b)) return true;
  return (a === 'err' || a === 'error') && REQ_NAMES.has(b) && RES_NAMES.has(c);
}

const NEST_ROUTE = /^(Get|Post|Put|Patch|Delete|All|Options|Head|Sse|MessagePattern|EventPattern)$/;

function jsDecoratorNames(method: Node): string[] {
  const out: string[] = [];
  for (let s = method.previousNamedSibling; s && s.type === 'decorator'; s = s.previousNamedSibling) {
    const e = s.namedChild(0);
    const callee = e?.type === 'call_expression' ? field(e, 'function') : e;
    if (callee) out.push(callee.text);
  }
  return out;
}

function jsIsHandler(fn: Node, lang: LanguageId): boolean {
  const names = jsParamNames(fn);
  if (isReqRes(names)) return true;
  if (fn.type === 'method_definition') return jsDecoratorNames(fn).some((d) => NEST_ROUTE.test(d));
  if (fn.type === 'function_declaration') {
    // Next.js route handlers: `export async function GET(request) {}`
    const name = field(fn, 'name')?.text ?? '';
    return fn.parent?.type === 'export_statement' && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name);
  }
  const p = fn.parent;
  if (p?.type === 'arguments') {
    const call = p.parent;
    const info = call ? callInfo(call, lang) : undefined;
    if (!info) return false;
    const method = info.method;
    if (/(^|\.)createServer$/.test(info.callee)) return true;
    const first = info.args[0];
    if (VERBS.has(method.toLowerCase())) {
      if (first && first.id !== fn.id && isRoutePath(first, lang)) return true;
      // router.route('/x').get(fn)
      const fnNode = field(call, 'function');
      const recv = fnNode?.type === 'member_expression' ? field(fnNode, 'object') : undefined;
      if (recv?.type === 'call_expression') {
        const r = callInfo(recv, lang);
        if (r && r.method === 'route' && isRoutePath(r.args[0], lang)) return true;
      }
      return false;
    }
    if (method === 'use') return CTX_NAMES.has(names[0] ?? '') || isReqRes(names);
    return false;
  }
  // fastify.route({ method: 'GET', url: '/x', handler: async (request, reply) => {} })
  if (p?.type === 'pair' && field(p, 'key')?.text === 'handler') {
    const obj = p.parent;
    const args = obj?.parent;
    const call = args?.type === 'arguments' ? args.parent : undefined;
    const info = call ? callInfo(call, lang) : undefined;
    return !!info && (info.method === 'route' || VERBS.has(info.method));
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------------------

const PY_ROUTE_METHODS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'api_route', 'websocket', 'head', 'options', 'view']);
const PY_VIEW_DECORATORS = /^(api_view|require_http_methods|require_GET|require_POST|require_safe|action|login_required|permission_required|csrf_exempt)$/;

function pyParamNames(fn: Node): string[] {
  const params = field(fn, 'parameters');
  if (!params) return [];
  return namedChildren(params).map((p) => {
    if (p.type === 'identifier') return p.text;
    const n = field(p, 'name') ?? p.namedChild(0);
    return n?.type === 'identifier' ? n.text : '';
  });
}

function pyIsHandler(fn: Node): boolean {
  if (fn.type !== 'function_definition') return false;
  const dec = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (dec) {
    for (const d of namedChildren(dec)) {
      if (d.type !== 'decorator') continue;
      const e = d.namedChild(0);
      if (!e) continue;
      if (e.type === 'call') {
        const f = field(e, 'function');
        if (f?.type === 'attribute' && PY_ROUTE_METHODS.has(field(f, 'attribute')?.text ?? '')) {
          const first = namedChildren(field(e, 'arguments') ?? e)[0];
          const v = first ? stringValue(first, 'python') : undefined;
          if (v === undefined || v.startsWith('/') || v === '') return true;
        }
        if (f && PY_VIEW_DECORATORS.test(f.text.split('.').pop() ?? '')) return true;
      } else if (PY_VIEW_DECORATORS.test(e.text.split('.').pop() ?? '')) return true;
    }
  }
  const names = pyParamNames(fn);
  if (names[0] === 'request') return true;
  if (names[0] === 'self' && names[1] === 'request') return true;
  // Tornado / Flask MethodView / flask-restful: `def get(self)` in a handler class.
  const name = field(fn, 'name')?.text ?? '';
  if (names[0] === 'self' && /^(get|post|put|patch|delete|head|options)$/.test(name)) {
    const cls = fn.parent?.parent?.type === 'class_definition' ? fn.parent.parent
      : fn.parent?.type === 'decorated_definition' && fn.parent.parent?.parent?.type === 'class_definition' ? fn.parent.parent.parent : undefined;
    const bases = cls ? field(cls, 'superclasses')?.text ?? '' : '';
    if (/(Handler|View|Resource|ViewSet|Endpoint)\b/.test(bases)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Go
// ---------------------------------------------------------------------------------------

const GO_HANDLER_PARAM = /\bhttp\.ResponseWriter\b|\*http\.Request\b|\*gin\.Context\b|\becho\.Context\b|\bfiber\.Ctx\b|\bfasthttp\.RequestCtx\b|\bchi\.Context\b/;

function goIsHandler(fn: Node): boolean {
  const params = field(fn, 'parameters');
  return !!params && GO_HANDLER_PARAM.test(params.text);
}

// ---------------------------------------------------------------------------------------
// Ruby
// ---------------------------------------------------------------------------------------

const RUBY_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'link', 'unlink']);

function rubyEnclosingClass(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'class') return p;
    if (p.type === 'method' || p.type === 'singleton_method' || p.type === 'module') return undefined;
  }
  return undefined;
}

function rubyIsHandler(fn: Node): boolean {
  if (fn.type === 'method') {
    const name = field(fn, 'name')?.text;
    const params = field(fn, 'parameters')?.text ?? '';
    if (name === 'call' && /^\(?\s*env\s*\)?$/.test(params)) return true;
    const cls = rubyEnclosingClass(fn);
    const sup = cls ? field(cls, 'superclass')?.text ?? '' : '';
    return /Controller\b|ActionController::(Base|API)\b|Sinatra::(Base|Application)\b/.test(sup);
  }
  if (fn.type === 'do_block' || fn.type === 'block') {
    const call = fn.parent;
    if (call?.type !== 'call') return false;
    const m = field(call, 'method')?.text ?? '';
    if (!RUBY_VERBS.has(m)) return false;
    const recv = field(call, 'receiver');
    if (recv && !/^(r|app|router|self)$/.test(recv.text)) return false;
    const first = namedChildren(field(call, 'arguments') ?? call).find((c) => c.type !== 'block' && c.type !== 'do_block');
    if (!first) return true; // Grape `get do`
    if (first.type === 'regex') return true;
    if (first.type === 'simple_symbol' || first.type === 'string') return true;
    return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Java
// ---------------------------------------------------------------------------------------

const JAVA_ROUTE_ANNOTATIONS = /^(GetMapping|PostMapping|PutMapping|DeleteMapping|PatchMapping|RequestMapping|GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|Path)$/;

function javaAnnotations(decl: Node): string[] {
  const mods = namedChildren(decl).find((c) => c.type === 'modifiers');
  if (!mods) return [];
  return namedChildren(mods)
    .filter((m) => m.type === 'marker_annotation' || m.type === 'annotation')
    .map((m) => (field(m, 'name')?.text ?? '').split('.').pop() ?? '');
}

function javaIsHandler(fn: Node, lang: LanguageId): boolean {
  if (fn.type === 'method_declaration') {
    if (javaAnnotations(fn).some((a) => JAVA_ROUTE_ANNOTATIONS.test(a))) return true;
    const name = field(fn, 'name')?.text ?? '';
    const params = field(fn, 'parameters')?.text ?? '';
    if (/\bHttpServletRequest\b|\bHttpExchange\b|\bServerRequest\b|\bio\.javalin\.http\.Context\b/.test(params) && /^(do[A-Z]\w*|service|handle)$/.test(name)) return true;
    const cls = fn.parent?.parent;
    if (cls?.type === 'class_declaration' && javaAnnotations(cls).some((a) => a === 'RestController' || a === 'Controller')) return true;
    return false;
  }
  if (fn.type === 'lambda_expression') {
    const args = fn.parent;
    const call = args?.type === 'argument_list' ? args.parent : undefined;
    const info = call ? callInfo(call, lang) : undefined;
    if (!info) return false;
    if (info.method === 'createContext') return true;
    return VERBS.has(info.method) && isRoutePath(info.args[0], lang);
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// PHP
// ---------------------------------------------------------------------------------------

function phpIsHandler(fn: Node, lang: LanguageId): boolean {
  if (fn.type === 'method_declaration') {
    if (/^#\[\s*(Route|Get|Post|Put|Patch|Delete)\b/.test(field(fn, 'attributes')?.text ?? '')) return true;
    const cls = fn.parent?.parent;
    if (cls?.type !== 'class_declaration') return false;
    const base = namedChildren(cls).find((c) => c.type === 'base_clause')?.text ?? '';
    return /Controller\b/.test(base);
  }
  if (fn.type === 'anonymous_function' || fn.type === 'anonymous_function_creation_expression' || fn.type === 'arrow_function') {
    let a = fn.parent;
    if (a?.type === 'argument') a = a.parent;
    const call = a?.type === 'arguments' ? a.parent : undefined;
    const info = call ? callInfo(call, lang) : undefined;
    if (!info || !VERBS.has(info.method.toLowerCase())) return false;
    const first = info.args[0];
    const path = first && first.id !== fn.id ? stringValue(first, lang) : undefined;
    if (path === undefined && info.method !== 'match') return false;
    // `Route::get('users', ...)` (Laravel routes may omit the slash); `$app->get('/users', ...)` (Slim, Lumen).
    if (call?.type === 'scoped_call_expression') return /(^|\\)Route$/.test(info.object ?? '');
    return path !== undefined && path.startsWith('/');
  }
  return false;
}

/** Is `fn` (a function node of the language) a request handler? */
export function isRequestHandler(fn: Node, lang: LanguageId): boolean {
  if (isJs(lang)) return jsIsHandler(fn, lang);
  switch (lang) {
    case 'python': return pyIsHandler(fn);
    case 'go': return goIsHandler(fn);
    case 'ruby': return rubyIsHandler(fn);
    case 'java': return javaIsHandler(fn, lang);
    case 'php': return phpIsHandler(fn, lang);
    default: return false;
  }
}

/** The nearest enclosing function of `node` that handles a request (a nested callback inside a handler counts). */
export function enclosingRequestHandler(node: Node, lang: LanguageId): Node | undefined {
  for (let fn = enclosingFunction(node, lang), k = 0; fn && k < 12; fn = enclosingFunction(fn, lang), k++) {
    if (isRequestHandler(fn, lang)) return fn;
  }
  return undefined;
}

/** Name text of an identifier-like node (re-exported for the rules' convenience). */
export function nameOf(n: Node | undefined, lang: LanguageId): string | undefined {
  return n ? nameText(n, lang) : undefined;
}
