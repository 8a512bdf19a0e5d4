/**
 * Module-level (process-wide) containers used as shared state: an empty `Map`, dict, list,
 * hash or map declared at the top of a module (a Go package variable, a Ruby class variable,
 * constant or global, a Java static field or a field of a Spring singleton) whose name says
 * it holds state (cache, sessions, store, carts, users, orders, tokens...) and that is
 * written while handling requests: `cache.set(k, v)`, `sessions[sid] = user`,
 * `carts.put(id, cart)`, `@@cache[key] ||= ...`.
 *
 * Such state exists once per process: other processes never see it and every restart loses
 * it. Conservative on purpose: lookup tables filled at import time, constants, registries,
 * `functools.lru_cache`, writes in start-up functions and files that handle no requests are
 * not flagged. PHP is not checked: its processes keep nothing between requests.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck, type RuleContext } from '../../engine/rule';
import type { LanguageId } from '../../parsing/languages';
import { enclosingFunction, identifierWords, matchesRootedAt, nodesNear, spansOf, statementsHolding } from '../../analysis/syntax';
import { query } from '../../parsing/tree-sitter';
import { enclosingRequestHandler, field } from '../disposability/_request-handler';
import { escapeRegExp } from '../../engine/regexp';

/** Name words that say a container holds state rather than configuration or a registry. */
const STATE_WORDS = new Set([
  'cache', 'caches', 'cached', 'memo', 'memos', 'memoize', 'memoized', 'store', 'stores', 'storage', 'session', 'sessions',
  'state', 'states', 'cart', 'carts', 'basket', 'baskets', 'db', 'database', 'user', 'users', 'order', 'orders', 'todo', 'todos',
  'token', 'tokens', 'visit', 'visits', 'visitor', 'visitors', 'counter', 'counters', 'counts', 'hits', 'attempts', 'ratelimit',
  'ratelimits', 'limits', 'limiter', 'throttle', 'job', 'jobs', 'task', 'tasks', 'item', 'items', 'product', 'products', 'post', 'posts', 'message',
  'messages', 'note', 'notes', 'book', 'books', 'comment', 'comments', 'record', 'records', 'entries', 'inventory', 'votes',
  'likes', 'scores', 'leaderboard', 'uploads', 'files', 'urls', 'links', 'accounts', 'customers', 'payments', 'invoices',
  'rate', 'rates', 'buckets', 'quota', 'quotas', 'requests', 'recent', 'views', 'viewed', 'seen', 'history', 'favorites',
  'favourites', 'bookmarks', 'wishlist', 'wishlists', 'otp', 'otps', 'nonces', 'prices', 'balances', 'subscriptions',
]);

/**
 * A function that fetches or receives data (network, database, the request): a container it
 * fills is a copy of shared data or request state, not a pure memo table.
 */
const IO: Record<string, RegExp> = {
  javascript: /\bawait\b|\bfetch\(|\baxios\b|\.query\(|\.find(One|ById|Many|Unique|First)?\(|\bhttps?\.(get|request)\(|\bgot\(|\.execute\(|\bredis\b|\bprisma\.|\bknex\b|\breq\.(body|query|params|headers|session|cookies|ip)\b|\bctx\.(request|query|params)\b/,
  python: /\bawait\b|\brequests\.|\bhttpx\.|\burllib|\burlopen\(|\.objects\.|\.execute\(|\.query\(|\bsession\.(get|post|query|execute)\(|\bclient\.(get|post)\(|\brequest\.(args|form|json|GET|POST|data|files|headers|remote_addr|client)\b|\bboto3\b|\.fetch(one|all)\(/,
  go: /\bhttp\.(Get|Post|Do|NewRequest)\b|\.Query(Row)?(Context)?\(|\.Exec(Context)?\(|\b(r|req)\.(URL|Body|Form|FormValue|Header|RemoteAddr|Context)\b|\.Do\(/,
  ruby: /\bparams\b|\bcurrent_user\b|\brequest\.|\.find(_by)?\b|\.where\(|Net::HTTP|HTTParty|Faraday|RestClient/,
  java: /[rR]epository\.|restTemplate|webClient|jdbcTemplate|\.find\w*\(|HttpClient|\brequest\./,
};

/** Functions that run once at start-up (filling a lookup table there is fine). */
const STARTUP = /^(_?init\w*|setup\w*|_?load\w*|register\w*|configure\w*|bootstrap\w*|main|__init__|warm\w*|seed\w*|populate\w*|initialize|preload\w*|build\w*|on_?startup|startup|lifespan|create_app)$/i;

/** Text markers of a module that handles requests. */
const APP_MARKERS: Record<string, RegExp> = {
  javascript: /\b(app|router|server|fastify|api|route|r)\.(get|post|put|patch|delete|all|use|route)\s*\(|createServer\s*\(|@(Get|Post|Put|Patch|Delete|Controller)\(|export\s+(async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE)\b|\(\s*req\s*(:\s*\w+\s*)?,\s*res\b|NextApiRequest/,
  python: /@[\w.]+\.(route|get|post|put|patch|delete|api_route|websocket)\(|\bdef\s+\w+\(\s*request\b|\(\s*self\s*,\s*request\b|@api_view|\bAPIView\b|\bViewSet\b/,
  go: /http\.ResponseWriter|\*gin\.Context|\becho\.Context|\*fiber\.Ctx/,
  ruby: /<\s*(ApplicationController|ActionController::|Sinatra::)|^\s*(get|post|put|patch|delete)\s+['"%]/m,
  java: /@(RestController|Controller|Service|Component|Repository)\b|extends\s+HttpServlet\b|HttpHandler\b/,
};

const CONTAINER: Record<string, RegExp> = {
  javascript: /^(new\s+(Map|Set)\s*(<[^()]*>)?\s*\(\s*\)|\{\s*\}|\[\s*\]|Object\.create\(\s*null\s*\))$/,
  python: /^(\{\s*\}|\[\s*\]|(dict|list|set|OrderedDict|Counter|deque|collections\.(OrderedDict|Counter|deque))\(\s*\)|(collections\.)?defaultdict\([^()]*\))$/,
  go: /^(map\[[^\]]+\][\w.*[\]]+\{\s*\}|make\(\s*map\[[^\]]+\][\w.*[\]]+\s*(,\s*\d+\s*)?\)|\[\][\w.*]+\{\s*\}|make\(\s*\[\][\w.*]+\s*,\s*0\s*\)|sync\.Map\{\s*\}|&sync\.Map\{\s*\})$/,
  ruby: /^(\{\s*\}|\[\s*\]|Hash\.new(\s*\(\s*\w*\s*\))?(\s*\{.*\})?|Array\.new|Set\.new|Concurrent::(Hash|Map|Array)\.new)$/s,
  java: /^(new\s+(HashMap|ConcurrentHashMap|LinkedHashMap|TreeMap|ArrayList|LinkedList|HashSet|LinkedHashSet|CopyOnWriteArrayList|ConcurrentLinkedQueue|ConcurrentSkipListMap|Hashtable|Vector)\s*<[^()]*>\s*\(\s*\)|Collections\.synchronized(Map|List|Set)\(\s*new\s+\w+\s*<[^()]*>\s*\(\s*\)\s*\))$/,
};

interface Candidate { name: string; node: Node; flagged: boolean; instanceField?: boolean }

function isState(name: string): boolean {
  return identifierWords(name).some((w) => STATE_WORDS.has(w));
}

function lang2(lang: LanguageId): string {
  return lang === 'typescript' ? 'javascript' : lang;
}

/** Does function `fn` declare its own `name` (a parameter or a local), shadowing the module's? */
function shadows(fn: Node, name: string, lang: LanguageId): boolean {
  const params = field(fn, 'parameters') ?? field(fn, 'parameter');
  const n = name.replace(/[$@]/g, '\\$&');
  if (params && new RegExp(`(^|[^\\w$])${n}([^\\w$]|$)`).test(params.text)) return true;
  const body = field(fn, 'body')?.text ?? fn.text;
  switch (lang) {
    case 'javascript': case 'typescript':
      return new RegExp(`\\b(const|let|var)\\s+${n}\\b`).test(body);
    case 'python':
      return new RegExp(`^\\s*${n}\\s*(:[^=\\n]+)?=[^=]`, 'm').test(body) && !new RegExp(`\\b(global|nonlocal)\\s+[\\w, ]*\\b${n}\\b`).test(body);
    case 'go':
      return new RegExp(`\\b${n}\\s*(,\\s*\\w+\\s*)*:=|\\bvar\\s+${n}\\b`).test(body);
    case 'java':
      return new RegExp(`\\b([A-Z][\\w<>,.?\\[\\] ]*|var|int|long)\\s+${n}\\s*[=;:]`).test(body);
    default:
      return false;
  }
}

/** The name a write changes: `cache` in `cache.set(...)`, `carts` in `this.carts.put(...)`. */
function targetName(n: Node): string {
  if (n.type === 'field_access' || n.type === 'member_expression') return field(n, 'field')?.text ?? field(n, 'property')?.text ?? n.text;
  return n.text;
}

function javaClassOf(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'class_declaration' || p.type === 'enum_declaration' || p.type === 'record_declaration') return p;
  return undefined;
}

function javaModifiers(decl: Node): string {
  for (let i = 0; i < decl.namedChildCount; i++) {
    const c = decl.namedChild(i);
    if (c?.type === 'modifiers') return c.text;
  }
  return '';
}

interface Declaration { decl: Node; name: Node; value: Node | undefined }

function kids(n: Node | null | undefined): Node[] {
  // One call for all children: `namedChild(i)` walks from the first child each time, which is
  // quadratic on a wide node (20,000 top-level statements took seconds).
  return n ? n.namedChildren.filter((c): c is Node => !!c) : [];
}

/** Declarations at module level (and, for Ruby and Java, in class bodies), without walking function bodies. */
function topLevelDeclarations(root: Node, lang: LanguageId): Declaration[] {
  const out: Declaration[] = [];
  switch (lang) {
    case 'javascript': case 'typescript':
      for (let st of kids(root)) {
        if (st.type === 'export_statement') st = field(st, 'declaration') ?? st;
        if (st.type !== 'lexical_declaration' && st.type !== 'variable_declaration') continue;
        for (const d of kids(st)) {
          const name = field(d, 'name');
          if (d.type === 'variable_declarator' && name?.type === 'identifier') out.push({ decl: d, name, value: field(d, 'value') });
        }
      }
      break;
    case 'python':
      for (const st of kids(root)) {
        const a = st.type === 'expression_statement' ? st.namedChild(0) : undefined;
        const left = a?.type === 'assignment' ? field(a, 'left') : undefined;
        if (a && left?.type === 'identifier') out.push({ decl: a, name: left, value: field(a, 'right') });
      }
      break;
    case 'go':
      for (const st of kids(root)) {
        if (st.type !== 'var_declaration') continue;
        const specs = kids(st).flatMap((c) => (c.type === 'var_spec_list' ? kids(c) : [c])).filter((c) => c.type === 'var_spec');
        for (const spec of specs) {
          const name = field(spec, 'name');
          if (name) out.push({ decl: spec, name, value: field(spec, 'value')?.namedChild(0) ?? undefined });
        }
      }
      break;
    case 'ruby': {
      const visit = (container: Node, depth: number) => {
        for (const st of kids(container)) {
          if (st.type === 'assignment') {
            const left = field(st, 'left');
            if (left && ['class_variable', 'constant', 'global_variable'].includes(left.type)) out.push({ decl: st, name: left, value: field(st, 'right') });
          } else if ((st.type === 'class' || st.type === 'module') && depth < 6) {
            const body = field(st, 'body');
            if (body) visit(body, depth + 1);
          }
        }
      };
      visit(root, 0);
      break;
    }
    case 'java': {
      const visit = (container: Node, depth: number) => {
        for (const st of kids(container)) {
          if (st.type === 'field_declaration') {
            for (const d of kids(st)) {
              const name = field(d, 'name');
              if (d.type === 'variable_declarator' && name) out.push({ decl: st, name, value: field(d, 'value') });
            }
          } else if (/^(class|enum|record)_declaration$/.test(st.type) && depth < 6) {
            const body = field(st, 'body');
            if (body) visit(body, depth + 1);
          }
        }
      };
      visit(root, 0);
      break;
    }
  }
  return out;
}

/** Writes to a container, per language (run only when a candidate container exists). */
const WRITES: Record<string, string> = {
  javascript: `
    (call_expression function: (member_expression object: (identifier) @target property: (property_identifier) @m (#match? @m "^(set|add|push|unshift|splice)$"))) @write
    (assignment_expression left: (subscript_expression object: (identifier) @target)) @write
    (augmented_assignment_expression left: (subscript_expression object: (identifier) @target)) @write
    (update_expression argument: (subscript_expression object: (identifier) @target)) @write`,
  python: `
    (assignment left: (subscript value: (identifier) @target)) @write
    (augmented_assignment left: (subscript value: (identifier) @target)) @write
    (call function: (attribute object: (identifier) @target attribute: (identifier) @m (#match? @m "^(update|setdefault|append|add|extend|insert|appendleft)$"))) @write`,
  go: `
    (assignment_statement left: (expression_list (index_expression operand: (identifier) @target))) @write
    (inc_statement (index_expression operand: (identifier) @target)) @write
    (call_expression function: (selector_expression operand: (identifier) @target field: (field_identifier) @m (#match? @m "^(Store|LoadOrStore|Swap)$"))) @write
    (assignment_statement left: (expression_list (identifier) @target) right: (expression_list (call_expression function: (identifier) @f (#eq? @f "append")))) @write`,
  ruby: `
    (assignment left: (element_reference object: [(class_variable) (constant) (global_variable)] @target)) @write
    (operator_assignment left: (element_reference object: [(class_variable) (constant) (global_variable)] @target)) @write
    (binary left: [(class_variable) (constant) (global_variable)] @target operator: "<<") @write
    (call receiver: [(class_variable) (constant) (global_variable)] @target method: (identifier) @m (#match? @m "^(store|merge!|push|update|compute_if_absent|put_if_absent|add|unshift|insert)$")) @write`,
  java: `
    (method_invocation object: [(identifier) (field_access)] @target name: (identifier) @m (#match? @m "^(put|putIfAbsent|computeIfAbsent|computeIfPresent|compute|merge|add|addAll|putAll|offer|push|addFirst|addLast)$")) @write`,
};

/** The node types the WRITES patterns are rooted at: looked for just above each mention of a candidate. */
const WRITE_ROOTS: Record<string, ReadonlySet<string>> = {
  javascript: new Set(['call_expression', 'assignment_expression', 'augmented_assignment_expression', 'update_expression']),
  python: new Set(['assignment', 'augmented_assignment', 'call']),
  go: new Set(['assignment_statement', 'inc_statement', 'call_expression']),
  ruby: new Set(['assignment', 'operator_assignment', 'binary', 'call']),
  java: new Set(['method_invocation']),
};

/** Every write pattern's root is at most this many levels above the target's name. */
const WRITE_LEVELS = 4;

// ---------------------------------------------------------------------------------------
// What the text must hold before the tree is worth asking for (a superset of what the
// check finds): a state-like name declared with an empty container, and written elsewhere.
// ---------------------------------------------------------------------------------------

/**
 * Spaces and comments between tokens (C-like languages; Python and Ruby). A line comment runs to
 * the end of its line: one that could stop at any later `//` or `#` in it backtracks exponentially.
 */
const GAP_C = '(?:\\s|//[^\\n]*(?:\\n|$)|/\\*[^*]*\\*+(?:[^/*][^*]*\\*+)*/)*';
const GAP_HASH = '(?:\\s|#[^\\n]*(?:\\n|$)|\\\\)*';
const ID = '[\\p{L}_$][\\p{L}\\p{N}\\p{Mn}\\p{Mc}\\p{Pc}$]*';

/**
 * `=` before an empty container as CONTAINER accepts it (the value's own text, so without
 * comments); for Go also a `sync.Map`/`map[...]` type, a declaration without a value.
 */
const DECLARED: Record<string, RegExp> = {
  javascript: new RegExp(`=${GAP_C}(?:new\\s+(?:Map|Set)\\s*(?:<[^()]*>)?\\s*\\(\\s*\\)|\\{\\s*\\}|\\[\\s*\\]|Object\\.create\\(\\s*null\\s*\\))`, 'g'),
  python: new RegExp(`=${GAP_HASH}(?:\\{\\s*\\}|\\[\\s*\\]|(?:dict|list|set|OrderedDict|Counter|deque|collections\\.(?:OrderedDict|Counter|deque))\\(\\s*\\)|(?:collections\\.)?defaultdict\\()`, 'g'),
  go: new RegExp(`(?<!:)=${GAP_C}(?:map\\[[^\\]]+\\][\\w.*[\\]]+\\{\\s*\\}|make\\(\\s*(?:map\\[|\\[\\])|\\[\\][\\w.*]+\\{\\s*\\}|&?sync\\.Map\\{\\s*\\})|(?<![\\w.])(?:map\\[|sync\\.Map\\b)`, 'g'),
  ruby: new RegExp(`=${GAP_HASH}(?:\\{\\s*\\}|\\[\\s*\\]|(?:Hash|Array|Set)\\.new\\b|Concurrent::(?:Hash|Map|Array)\\.new\\b)`, 'g'),
  java: new RegExp(`=${GAP_C}(?:new\\s+(?:HashMap|ConcurrentHashMap|LinkedHashMap|TreeMap|ArrayList|LinkedList|HashSet|LinkedHashSet|CopyOnWriteArrayList|ConcurrentLinkedQueue|ConcurrentSkipListMap|Hashtable|Vector)\\s*<|Collections\\.synchronized(?:Map|List|Set)\\()`, 'g'),
};

/**
 * The declared name in the text between the previous `=` and a declaration's `=` or Go type
 * (type annotations hold no `=` but `=>`): after `const`/`let`/`var` or a comma, before a JS/TS
 * annotation; first on a Python line; first in a Go var spec; just before the `=` in Ruby and Java.
 */
const DECLARED_NAME: Record<string, RegExp> = {
  javascript: new RegExp(`(?:(?<![\\w$])(?:const|let|var)|,)${GAP_C}(${ID})${GAP_C}!?${GAP_C}(?::|$)`, 'dgu'),
  python: new RegExp(`(?:^|(?<=[\\n;]))[ \\t]*(${ID})${GAP_HASH}(?::|$)`, 'dgu'),
  go: new RegExp(`(?:^|(?<=[\\n;(,])|(?<![\\w$])var)${GAP_C}(?!var(?![\\p{L}\\p{N}_$]))(${ID})(?=${GAP_C}(?:$|[,\\p{L}_*[(<]))`, 'dgu'),
  ruby: new RegExp(`(?<![\\w@$])((?:@@|\\$)[\\p{L}_][\\p{L}\\p{N}_]*|\\p{Lu}[\\p{L}\\p{N}_]*)(?:[ \\t]|\\\\\\n)*$`, 'dgu'),
  java: new RegExp(`(?<![\\w$])(${ID})(?:${GAP_C}\\[${GAP_C}\\])*${GAP_C}$`, 'dgu'),
};

/** What follows a write's target, as the WRITES patterns have it (comments allowed between tokens). */
const WRITTEN_AFTER: Record<string, RegExp> = {
  javascript: new RegExp(`${GAP_C}(?:(?:\\?\\.)?${GAP_C}\\[|(?:\\?\\.|\\.)${GAP_C}(?:set|add|push|unshift|splice)(?![\\w$]))`, 'y'),
  python: new RegExp(`${GAP_HASH}(?:\\[|\\.${GAP_HASH}(?:update|setdefault|append|add|extend|insert|appendleft)\\b)`, 'y'),
  go: new RegExp(`${GAP_C}(?:\\[|\\.${GAP_C}(?:Store|LoadOrStore|Swap)\\b)`, 'y'),
  ruby: new RegExp(`${GAP_HASH}(?:\\[|<<|(?:&?\\.|::)${GAP_HASH}(?:store|merge!|push|update|compute_if_absent|put_if_absent|add|unshift|insert)(?![\\w?!]))`, 'y'),
  java: new RegExp(`${GAP_C}\\.${GAP_C}(?:<[^<>]*>${GAP_C})?(?:put|putIfAbsent|computeIfAbsent|computeIfPresent|compute|merge|add|addAll|putAll|offer|push|addFirst|addLast)\\b`, 'y'),
};

/** Go `x = append(x, v)`: the target is on the left of an assignment, alone or in a list. */
const GO_ASSIGNED = new RegExp(`${GAP_C}(?:,|[-+*/%&|^<>]{0,2}=(?!=))`, 'y');

const SPRING = /@(RestController|Controller|Service|Component|Repository)\b/;

/** Indentation width as tree-sitter-python counts it (a tab to the next multiple of 8). */
function indentWidth(text: string, lineStart: number): number {
  let w = 0;
  for (let i = lineStart; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ') w++;
    else if (ch === '\t') w = w - (w % 8) + 8;
    else break;
  }
  return w;
}

/**
 * Python: whether a statement on each code line (by where the line starts) may be at module
 * level. Not when it is indented as the first line of a block whose header (`def f():`,
 * `if x:`) is the nearest less indented line above it; a less indented line that opens no
 * block puts it at that line's level. One pass, with the less indented lines above on a stack.
 */
function pyModuleLevelLines(text: string): Map<number, boolean> {
  interface Line { width: number; opens: boolean; moduleLevel: boolean; next?: number }
  const out = new Map<number, boolean>();
  const above: Line[] = [];
  let prev: Line | undefined;
  for (let start = 0; start < text.length;) {
    const eol = text.indexOf('\n', start);
    const end = eol < 0 ? text.length : eol;
    const code = text.slice(start, end).trimStart();
    if (code && !code.startsWith('#')) {
      const width = indentWidth(text, start);
      if (prev && prev.next === undefined) prev.next = width;
      while (above.length && above[above.length - 1].width >= width) above.pop();
      const header = above[above.length - 1];
      const moduleLevel = width === 0 || !header || (header.opens && header.next === width ? false : header.moduleLevel);
      prev = { width, opens: /:[ \t]*(?:#[^'"\n]*)?\r?$/.test(code), moduleLevel };
      above.push(prev);
      out.set(start, moduleLevel);
    }
    start = end + 1;
  }
  return out;
}

/**
 * Names (with where they are declared) that may be candidates: state-like names declared with
 * an empty container at a place that may be module level.
 */
function declaredNames(text: string, lang: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const re = DECLARED[lang];
  // A Java field is a candidate when it is static or a field of a Spring bean.
  const everyField = lang !== 'java' || SPRING.test(text);
  let moduleLines: Map<number, boolean> | undefined;
  // The last `=` (not of `=>`) and `;` before each match, followed forwards: one pass over the text.
  let eq = -1;
  let nextEq = text.indexOf('=');
  let semicolon = -1;
  let nextSemicolon = everyField ? -1 : text.indexOf(';');
  re.lastIndex = 0;
  let last = 0;
  for (let m = re.exec(text); m; last = re.lastIndex, m = re.exec(text)) {
    const end = m.index;
    for (; nextEq >= 0 && nextEq < end; nextEq = text.indexOf('=', nextEq + 1)) if (text[nextEq + 1] !== '>') eq = nextEq;
    for (; nextSemicolon >= 0 && nextSemicolon < end; nextSemicolon = text.indexOf(';', nextSemicolon + 1)) semicolon = nextSemicolon;
    if (!everyField && !/\bstatic\b/.test(text.slice(Math.max(0, semicolon), end))) continue;
    // Windows before `=` do not overlap; a Go type's names are right before it, after the previous match.
    const typed = text[end] !== '=';
    const from = Math.max(0, eq, typed ? last : 0);
    const window = text.slice(from, end);
    for (const n of window.matchAll(DECLARED_NAME[lang])) {
      const name = n[1];
      const at = from + n.indices![1][0];
      if (!isState(name.replace(/^[@$]+/, ''))) continue;
      if (lang === 'python') {
        moduleLines ??= pyModuleLevelLines(text);
        if (moduleLines.get(text.lastIndexOf('\n', at - 1) + 1) === false) continue;
      }
      const places = out.get(name);
      if (places) places.push(at);
      else out.set(name, [at]);
    }
  }
  return out;
}

/**
 * Can the check report in this text? It needs a candidate (`declaredNames` holds a superset)
 * and a write: its target is a mention of the name other than the declaration, followed by
 * what the write patterns put after it.
 */
function mayReport(text: string, lang: string): boolean {
  const declared = declaredNames(text, lang);
  if (declared.size === 0) return false;
  const after = WRITTEN_AFTER[lang];
  const appends = lang === 'go' && /\bappend\b/.test(text);
  // The check's own mention pattern, for all names at once (the longest first: a write's target
  // is a whole name, so no longer one can match where it starts).
  const names = [...declared.keys()].sort((a, b) => b.length - a.length).map((n) => escapeRegExp(n));
  for (const m of text.matchAll(new RegExp(`(?<![\\w@$])(?:${names.join('|')})(?!\\w)`, 'g'))) {
    const at = declared.get(m[0])!;
    if (at.length === 1 && at[0] === m.index) continue;
    const i = m.index + m[0].length;
    after.lastIndex = i;
    if (after.test(text)) return true;
    GO_ASSIGNED.lastIndex = i;
    if (appends && GO_ASSIGNED.test(text)) return true;
  }
  return false;
}

/**
 * What a candidate's finding depends on outside its own statement: whether the file handles
 * requests, which names may be candidates, and every top-level statement mentioning one of
 * them (the declarations, the writes, their functions and handlers all sit in those), each by
 * its text, type, error flag and node count (a re-parse without a change of text, error
 * recovery, changes those). The names are every state-like word of the top-level statements
 * that hold an empty container after `=` (`DECLARED`): a superset of the check's candidates
 * whatever sits between a name and its value (`const cache /* key=id *\/ = new Map()`).
 * No tree walk: one look-up per match.
 */
function factsOf(context: RuleContext): string {
  const lang = lang2(context.language);
  const markers = APP_MARKERS[lang];
  const root = context.tree?.rootNode;
  if (!markers || !root) return '';
  const text = context.text;
  const names = new Set<string>();
  let end = -1;
  const re = DECLARED[lang];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index < end) continue;
    const top = root.firstNamedChildForIndex(m.index);
    // Outside every statement (it cannot hold a declaration): nothing to name.
    if (!top || top.startIndex > m.index) continue;
    end = top.endIndex;
    for (const w of text.slice(top.startIndex, top.endIndex).matchAll(WORD)) if (isState(w[0].replace(/^[@$]+/, ''))) names.add(w[0]);
  }
  if (names.size === 0) return '';
  const sorted = [...names].sort((a, b) => b.length - a.length);
  const mentions = new RegExp(`(?<![\\w@$])(?:${sorted.map((n) => escapeRegExp(n)).join('|')})(?!\\w)`, 'g');
  return [markers.test(text) ? 'app' : 'lib', sorted.join(','), statementsHolding(text, root, mentions)].join('\u0000');
}

/** Names as the declarations have them (Ruby's `@@` and `$`, PHP-free). */
const WORD = /[@$]*[\p{L}_][\p{L}\p{N}_$]*/gu;

/** Module-level declarations of empty containers with a state-like name. */
function collect(context: RuleContext, decl: Node, nameNode: Node, value: Node | undefined, out: Map<string, Candidate>): void {
  const lang = context.language;
  const name = nameNode.text;
  const key = name;
  if (out.has(key)) return;
  if (!isState(name.replace(/^[@$]+/, ''))) return;
  const re = CONTAINER[lang2(lang)];
  if (lang === 'go') {
    // `var cache sync.Map` (no value) is a container too.
    const type = field(decl, 'type');
    if (!value && !(type && /^(sync\.Map|map\[)/.test(type.text))) return;
    if (value && !re.test(value.text.trim())) return;
  } else if (!value || !re.test(value.text.trim())) return;
  if (lang === 'java') {
    const mods = javaModifiers(decl);
    const isStatic = /\bstatic\b/.test(mods);
    const cls = javaClassOf(decl);
    const spring = cls ? /@(RestController|Controller|Service|Component|Repository)\b/.test(javaModifiers(cls)) : false;
    if (!isStatic && !spring) return;
        out.set(key, { name, node: decl, flagged: false, instanceField: !isStatic });
    return;
  }
  if (lang === 'ruby' && /\.freeze\b/.test(decl.text)) return;
  out.set(key, { name, node: decl, flagged: false });
}

export default defineRule({
  id: 'processes/no-module-level-cache',
  meta: {
    description: 'Module-level containers used as state shared between requests',
    defaultSeverity: 'info',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java'],
    fix: 'none',
    incremental: true,
    messages: {
      moduleState: '`{{name}}` lives in this process\'s memory and is changed while handling requests, so other processes never see it and a restart loses it; keep state that must be shared or kept in a backing service such as Redis or a database.',
    },
    docs: {
      why: 'Processes are stateless and share nothing: anything kept in one process\'s memory is invisible to the others and gone after a restart or a deploy, so state that must be shared belongs in a backing service.',
      bad: {
        javascript: "const sessions = {};\napp.post('/login', (req, res) => {\n  sessions[token] = req.body.user;\n});",
        typescript: "const carts = new Map<string, Cart>();\nrouter.post('/cart', (req: Request, res: Response) => {\n  carts.set(req.body.userId, req.body.cart);\n});",
        python: '_cache = {}\n\n@app.get("/users/<id>")\ndef get_user(id):\n    _cache[id] = db.fetch_user(id)\n    return _cache[id]',
        go: 'var sessions = map[string]string{}\n\nfunc login(w http.ResponseWriter, r *http.Request) {\n\tsessions[r.FormValue("token")] = r.FormValue("user")\n}',
        ruby: 'class CartsController < ApplicationController\n  @@carts = {}\n\n  def create\n    @@carts[session.id] = params[:items]\n  end\nend',
        java: '@RestController\nclass CartController {\n    private final Map<String, Cart> carts = new ConcurrentHashMap<>();\n\n    @PostMapping("/cart")\n    void save(@RequestBody Cart cart) { carts.put(cart.id(), cart); }\n}',
      },
      good: {
        javascript: "app.post('/login', async (req, res) => {\n  await redis.set(`session:${token}`, JSON.stringify(req.body.user), { EX: 3600 });\n});",
        typescript: "router.post('/cart', async (req: Request, res: Response) => {\n  await redis.hSet('carts', req.body.userId, JSON.stringify(req.body.cart));\n});",
        python: '@app.get("/users/<id>")\ndef get_user(id):\n    return cache.get_or_set(f"user:{id}", lambda: db.fetch_user(id))',
        go: 'func login(w http.ResponseWriter, r *http.Request) {\n\trdb.Set(r.Context(), "session:"+r.FormValue("token"), r.FormValue("user"), time.Hour)\n}',
        ruby: 'class CartsController < ApplicationController\n  def create\n    Rails.cache.write("cart:#{session.id}", params[:items])\n  end\nend',
        java: '@RestController\nclass CartController {\n    private final CartRepository carts;\n\n    @PostMapping("/cart")\n    void save(@RequestBody Cart cart) { carts.save(cart); }\n}',
      },
    },
  },
  // The empty containers CONTAINER accepts (`{ }` and `[ ]` with any spaces inside).
  triggers: [/\{[\s}]/, /\[[\s\]]/, 'Map', 'Set', 'Object.create', 'dict(', 'list(', 'set(', 'defaultdict', 'OrderedDict', 'Counter(', 'deque(', 'map[', 'sync.Map', 'Hash.new', 'Concurrent::',
    'Array.new', 'HashMap', 'ArrayList', 'HashSet', 'LinkedList', 'ConcurrentLinkedQueue', 'Collections.synchronized', 'Hashtable', 'Vector'],
  // Findings sit on module-level declarations but depend on writes anywhere: see factsOf.
  facts: factsOf,
  check(context) {
    const lang = context.language;
    const markers = APP_MARKERS[lang2(lang)];
    if (!markers) return;
    const region = context.region;
    // Only the declarations in the changed statements can be re-checked (the facts held the
    // rest): without the start of one there, nothing; with one, the whole check (findings
    // outside the region are dropped).
    if (region) {
      const re = DECLARED[lang2(lang)];
      re.lastIndex = 0;
      if (!re.test(context.text.slice(region.start, region.end))) return;
    }
    if (!context.treeParsed && !precheck(() => mayReport(context.text, lang2(lang)))) return;
    // Even with the tree at hand: no empty container after an `=`, nothing to walk the module for.
    if (!precheck(() => { const re = DECLARED[lang2(lang)]; re.lastIndex = 0; return re.test(context.text); })) return;
    const isApp = markers.test(context.text);
    const candidates = new Map<string, Candidate>();
    const root = context.tree?.rootNode;
    if (!root) return;
    // Module-level declarations are found by walking the top of the tree, not the whole of it.
    for (const d of topLevelDeclarations(root, lang)) {
      if (!isState(d.name.text.replace(/^[@$]+/, ''))) continue;
      collect(context, d.decl, d.name, d.value, candidates);
    }
    if (candidates.size === 0) return;
    const writes: { target: Node; node: Node }[] = [];
    // Writes name their target: look for them only where a candidate is mentioned.
    const escaped = [...candidates.values()].map((c) => escapeRegExp(c.name));
    const mentions = spansOf(context.text, new RegExp(`(?<![\\w@$])(?:${escaped.join('|')})(?!\\w)`, 'g'));
    const sites = nodesNear(root, mentions, WRITE_ROOTS[lang2(lang)], WRITE_LEVELS);
    for (const m of matchesRootedAt(query(context.grammar!, WRITES[lang2(lang)]), root, sites)) {
      const w = m.captures.find((c) => c.name === 'write')?.node;
      const target = m.captures.find((c) => c.name === 'target')?.node;
      if (w && target) writes.push({ target, node: w });
    }
    for (const { target, node } of writes) {
      const c = candidates.get(targetName(target));
      if (!c || c.flagged) continue;
      const fn = enclosingFunction(node, lang);
      if (!fn) continue;
      if (lang !== 'ruby' && target.type === 'identifier' && shadows(fn, c.name, lang)) continue;
      const handler = enclosingRequestHandler(node, lang);
      if (!handler) {
        // Outside a handler: in a module that handles requests, or filled from the network, a database or a request.
        if (!isApp && !IO[lang2(lang)]?.test(fn.text)) continue;
        const fnName = field(fn, 'name')?.text ?? '';
        if (STARTUP.test(fnName) || fn.type === 'constructor_declaration' || /@PostConstruct/.test(fn.text.slice(0, 200))) continue;
        if (lang === 'java' && fn.type === 'lambda_expression') {
          const outer = enclosingFunction(fn, lang);
          if (outer && (outer.type === 'constructor_declaration' || STARTUP.test(field(outer, 'name')?.text ?? ''))) continue;
        }
      }
      c.flagged = true;
    }
    for (const c of candidates.values()) {
      if (!c.flagged) continue;
      context.report({ node: c.node, messageId: 'moduleState', data: { name: c.name } });
    }
  },
});
