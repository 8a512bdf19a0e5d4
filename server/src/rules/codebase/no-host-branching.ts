/**
 * Code that decides what to do by asking which machine or deploy it runs on: the machine's
 * host name (`os.hostname()`, `socket.gethostname()`, `os.Hostname()`,
 * `Socket.gethostname`, `InetAddress.getLocalHost().getHostName()`, `gethostname()`,
 * `php_uname('n')`, `$HOSTNAME`) or a platform's deploy name (`HEROKU_APP_NAME`,
 * `FLY_APP_NAME`, `RENDER_SERVICE_NAME`, `K_SERVICE`...) compared with a literal, directly,
 * through a variable, in a `switch`/`case`/`match`, a prefix test or a list membership test.
 *
 * One codebase is deployed many times; behaviour that differs per deploy belongs in config
 * (an environment variable), not in a list of host names that changes whenever a machine is
 * replaced or a new deploy is made.
 *
 * Not flagged: host names only logged or reported (no comparison), a comparison with another
 * variable or with the empty string, and the host of the incoming request (multi-tenant
 * routing is legitimate).
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck } from '../../engine/rule';
import type { LanguageId } from '../../parsing/languages';
import { enclosingFunction, envReadAt, isStringLiteral, stringValue } from '../../analysis/syntax';

const DEPLOY_NAME_ENV = 'HOSTNAME|COMPUTERNAME|HEROKU_APP_NAME|FLY_APP_NAME|RENDER_SERVICE_NAME|RAILWAY_SERVICE_NAME|K_SERVICE|WEBSITE_SITE_NAME|DOKKU_APP_NAME';
const DEPLOY_ENV_RE = new RegExp(`^(${DEPLOY_NAME_ENV})$`);

const QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: `
    (call_expression function: (member_expression property: (property_identifier) @m) (#eq? @m "hostname")) @src
    (call_expression function: (identifier) @m (#eq? @m "hostname")) @src
    (member_expression property: (property_identifier) @p (#match? @p "^(${DEPLOY_NAME_ENV})$")) @src
    (subscript_expression index: (string) @p (#match? @p "^['\\"](${DEPLOY_NAME_ENV})['\\"]$")) @src`,
  python: `
    (call function: (attribute attribute: (identifier) @m) (#match? @m "^(gethostname|getfqdn|node)$")) @src
    (call function: (identifier) @m (#match? @m "^(gethostname|getfqdn)$")) @src
    (attribute attribute: (identifier) @a (#eq? @a "nodename")) @src
    (subscript value: (call function: (attribute attribute: (identifier) @u)) (#eq? @u "uname")) @src
    ((string) @envstr (#match? @envstr "${DEPLOY_NAME_ENV}"))`,
  go: `
    (call_expression function: (selector_expression operand: (identifier) @o field: (field_identifier) @f) (#eq? @o "os") (#eq? @f "Hostname")) @src
    ((interpreted_string_literal) @envstr (#match? @envstr "${DEPLOY_NAME_ENV}"))`,
  ruby: `
    (call receiver: (constant) @r method: (identifier) @m (#eq? @r "Socket") (#eq? @m "gethostname")) @src
    (subshell) @sub
    ((string) @envstr (#match? @envstr "${DEPLOY_NAME_ENV}"))`,
  java: `
    (method_invocation name: (identifier) @m (#match? @m "^(getHostName|getCanonicalHostName)$")) @src
    ((string_literal) @envstr (#match? @envstr "${DEPLOY_NAME_ENV}"))`,
  php: `
    (function_call_expression function: (name) @f (#match? @f "^(gethostname|php_uname)$")) @src
    ((string) @envstr (#match? @envstr "${DEPLOY_NAME_ENV}"))
    ((encapsed_string) @envstr (#match? @envstr "${DEPLOY_NAME_ENV}"))`,
};

const isJs = (lang: LanguageId): boolean => lang === 'javascript' || lang === 'typescript';

function kids(n: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && !c.type.includes('comment')) out.push(c);
  }
  return out;
}

function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** A non-empty string literal, or a regex literal (a pattern written for host names). */
function literalText(n: Node | null | undefined, lang: LanguageId): string | undefined {
  if (!n) return undefined;
  if (n.type === 'regex' || n.type === 'regex_literal') return n.text;
  if (lang === 'ruby' && n.type === 'regex') return n.text;
  const v = isStringLiteral(n, lang) ? stringValue(n, lang) : undefined;
  // Bind addresses are not host names that pick a deploy.
  return v && !/^(localhost|0\.0\.0\.0|127\.0\.0\.1|::1?|\[::\])$/i.test(v.trim()) ? v : undefined;
}

function listOfLiterals(n: Node | null | undefined, lang: LanguageId): boolean {
  if (!n) return false;
  let list = n;
  if (lang === 'java' && n.type === 'method_invocation' && /^(List|Set|Arrays)$/.test(n.childForFieldName('object')?.text ?? '')) list = n.childForFieldName('arguments') ?? n;
  if (lang === 'go' && n.type === 'composite_literal') list = n.childForFieldName('body') ?? n;
  if (lang === 'ruby' && (n.type === 'string_array' || n.type === 'symbol_array')) return true;
  const items = kids(list).map((c) => (c.type === 'array_element_initializer' || c.type === 'literal_element' ? c.namedChild(0) ?? c : c));
  return items.length > 0 && items.every((c) => literalText(c, lang) !== undefined);
}

const STRING_METHODS = /^(startsWith|endsWith|includes|indexOf|match|matches|search|startswith|endswith|find|start_with\?|end_with\?|include\?|match\?|equals|equalsIgnoreCase|contains|contentEquals|regionMatches|localeCompare)$/;
const MEMBERSHIP_METHODS = /^(includes|indexOf|has|contains|include\?|member\?|__contains__)$/;
const GO_STRING_FUNCS = /^strings\.(HasPrefix|HasSuffix|Contains|EqualFold|Index)$|^slices\.(Contains|Index)$|^regexp\.MatchString$/;
const PHP_FUNCS = /^(str_starts_with|str_ends_with|str_contains|strpos|stripos|strcmp|strcasecmp|strncmp|strncasecmp|in_array|preg_match|fnmatch)$/i;
const PY_FUNCS = /^(re\.(match|search|fullmatch)|fnmatch\.fnmatch)$/;

/** Climbs over wrappers that keep the value a host name: parentheses, `.toLowerCase()`, `.strip()`, `.split('.')[0]`, `strings.ToLower(...)`. */
function climbValue(n: Node, lang: LanguageId): Node {
  let cur = n;
  for (let i = 0; i < 6; i++) {
    const p = cur.parent;
    if (!p) break;
    if (p.type === 'parenthesized_expression' && kids(p).length === 1 && !isConditionParens(p)) { cur = p; continue; }
    // x.lower() / x.toLowerCase() / x.strip / x.downcase / x.split(".")[0]
    const member = p.type === 'member_expression' || p.type === 'attribute' || p.type === 'selector_expression' || (lang === 'ruby' && p.type === 'call') || (lang === 'java' && p.type === 'method_invocation');
    if (member) {
      const method = (p.childForFieldName('property') ?? p.childForFieldName('attribute') ?? p.childForFieldName('method') ?? p.childForFieldName('name'))?.text ?? '';
      const recv = p.childForFieldName('object') ?? p.childForFieldName('receiver');
      if (!same(recv, cur) || !/^(toLowerCase|toUpperCase|lower|upper|strip|trim|chomp|downcase|upcase|split|trimEnd|trimStart|rstrip|toLocaleLowerCase)$/.test(method)) break;
      const call = lang === 'ruby' || lang === 'java' ? p : p.parent;
      if (!call) break;
      if (lang !== 'ruby' && lang !== 'java' && call.type !== 'call_expression' && call.type !== 'call') break;
      cur = call;
      // `.split('.')[0]`
      const sub = cur.parent;
      if (method === 'split' && sub && (sub.type === 'subscript_expression' || sub.type === 'subscript' || sub.type === 'element_reference' || sub.type === 'index_expression')) cur = sub;
      continue;
    }
    if (lang === 'go' && p.type === 'argument_list') {
      const call = p.parent;
      const fn = call?.childForFieldName('function')?.text ?? '';
      if (call && /^strings\.(ToLower|ToUpper|TrimSpace)$/.test(fn)) { cur = call; continue; }
    }
    if (lang === 'php' && p.type === 'argument') {
      const call = p.parent?.parent;
      const fn = call?.childForFieldName('function')?.text ?? '';
      if (call && /^(strtolower|strtoupper|trim)$/i.test(fn)) { cur = call; continue; }
    }
    break;
  }
  return cur;
}

function isConditionParens(p: Node): boolean {
  const gp = p.parent;
  return !!gp && (same(gp.childForFieldName('condition'), p) || same(gp.childForFieldName('value'), p));
}

/** Is `x` (a host-name value) compared with a literal here? Returns the node to report. */
function comparisonAt(x: Node, lang: LanguageId): Node | undefined {
  let p = x.parent;
  if (!p) return undefined;
  // Binary comparisons.
  if (p.type === 'binary_expression' || p.type === 'binary') {
    const op = p.childForFieldName('operator')?.text ?? p.child(1)?.text;
    if (op && /^(==|===|!=|!==|<>|=~|!~|===)$/.test(op)) {
      const other = same(p.childForFieldName('left'), x) ? p.childForFieldName('right') : p.childForFieldName('left');
      if (literalText(other, lang) !== undefined) return p;
    }
    return undefined;
  }
  if (lang === 'python' && p.type === 'comparison_operator') {
    const parts = kids(p);
    const other = parts.find((c) => !same(c, x));
    const ops = p.text.replace(/(['"]).*?\1/g, '');
    if (other && (literalText(other, lang) !== undefined && /==|!=/.test(ops))) return p;
    if (other && /\bin\b/.test(ops) && same(parts[0], x) && listOfLiterals(other, lang)) return p;
    return undefined;
  }
  // Switches.
  const switchParent = p.type === 'parenthesized_expression' ? p.parent : p;
  if (switchParent && /^(switch_statement|switch_expression|expression_switch_statement|match_expression|case)$/.test(switchParent.type)) {
    const subject = switchParent.childForFieldName('value') ?? switchParent.childForFieldName('condition');
    if (same(subject, x) || same(subject, p)) {
      const body = switchParent.text.slice(x.endIndex - switchParent.startIndex);
      return /\b(case|when)\s*['"]|['"][^'"\n]+['"]\s*(=>|:)/.test(body) ? switchParent : undefined;
    }
  }
  // x.startsWith("prod"), "prod".equals(x)
  if (p.type === 'member_expression' || p.type === 'attribute' || (lang === 'ruby' && p.type === 'call') || (lang === 'java' && p.type === 'method_invocation')) {
    const recv = p.childForFieldName('object') ?? p.childForFieldName('receiver');
    const name = (p.childForFieldName('property') ?? p.childForFieldName('attribute') ?? p.childForFieldName('method') ?? p.childForFieldName('name'))?.text ?? '';
    if (same(recv, x) && STRING_METHODS.test(name)) {
      const call = lang === 'ruby' || lang === 'java' ? p : p.parent;
      const args = call?.childForFieldName('arguments');
      const first = args ? kids(args)[0] : undefined;
      if (call && first && literalText(first, lang) !== undefined) return call;
    }
    return undefined;
  }
  // "prod".equals(x), [..].includes(x), /re/.test(x), re.match("..", x), strings.HasPrefix(x, ".."), in_array(x, [..])
  if (p.type === 'arguments' || p.type === 'argument_list' || p.type === 'argument') {
    if (p.type === 'argument') p = p.parent;
    const call = p?.parent;
    if (!call) return undefined;
    const args = kids(p!).map((a) => (a.type === 'argument' ? a.namedChild(0) ?? a : a));
    const others = args.filter((a) => !same(a, x));
    const fn = call.childForFieldName('function') ?? undefined;
    const fnText = fn?.text.replace(/\s+/g, '') ?? '';
    // Receiver-style: "prod".equals(x), [..].includes(x), /prod/.test(x), %w[..].include?(x)
    let recv: Node | undefined;
    let method = '';
    if (isJs(lang) && fn?.type === 'member_expression') { recv = fn.childForFieldName('object') ?? undefined; method = fn.childForFieldName('property')?.text ?? ''; }
    if (lang === 'python' && fn?.type === 'attribute') { recv = fn.childForFieldName('object') ?? undefined; method = fn.childForFieldName('attribute')?.text ?? ''; }
    if (lang === 'java' && call.type === 'method_invocation') { recv = call.childForFieldName('object') ?? undefined; method = call.childForFieldName('name')?.text ?? ''; }
    if (lang === 'ruby' && call.type === 'call') { recv = call.childForFieldName('receiver') ?? undefined; method = call.childForFieldName('method')?.text ?? ''; }
    if (recv) {
      if ((method === 'equals' || method === 'equalsIgnoreCase' || method === 'contentEquals') && literalText(recv, lang) !== undefined) return call;
      if (method === 'test' && recv.type === 'regex') return call;
      if (MEMBERSHIP_METHODS.test(method) && listOfLiterals(recv, lang)) return call;
      if (lang === 'ruby' && method === '===' && literalText(recv, lang) !== undefined) return call;
    }
    if (lang === 'go' && GO_STRING_FUNCS.test(fnText)) {
      if (fnText.startsWith('slices.')) return listOfLiterals(args[0], lang) ? call : undefined;
      return others.some((o) => literalText(o, lang) !== undefined) ? call : undefined;
    }
    if (lang === 'php' && call.type === 'function_call_expression' && PHP_FUNCS.test(fnText)) {
      if (/^in_array$/i.test(fnText)) return same(args[0], x) && listOfLiterals(args[1], lang) ? call : undefined;
      return others.some((o) => literalText(o, lang) !== undefined) ? call : undefined;
    }
    if (lang === 'python' && PY_FUNCS.test(fnText)) return others.some((o) => literalText(o, lang) !== undefined) ? call : undefined;
  }
  return undefined;
}

/** The variable a host-name value is assigned to (`const host = os.hostname()`, `h, _ := os.Hostname()`). */
function boundName(x: Node, lang: LanguageId): { name: string; decl: Node } | undefined {
  const p = x.parent;
  if (!p) return undefined;
  switch (lang) {
    case 'javascript':
    case 'typescript':
      if (p.type === 'variable_declarator' && same(p.childForFieldName('value'), x)) {
        const n = p.childForFieldName('name');
        return n?.type === 'identifier' ? { name: n.text, decl: p } : undefined;
      }
      if (p.type === 'assignment_expression' && same(p.childForFieldName('right'), x)) {
        const n = p.childForFieldName('left');
        return n?.type === 'identifier' ? { name: n.text, decl: p } : undefined;
      }
      return undefined;
    case 'python':
    case 'ruby':
      if (p.type === 'assignment' && same(p.childForFieldName('right'), x)) {
        const n = p.childForFieldName('left');
        return n?.type === 'identifier' || n?.type === 'constant' ? { name: n.text, decl: p } : undefined;
      }
      return undefined;
    case 'go': {
      const list = p;
      if (list.type === 'expression_list') {
        const stmt = list.parent;
        if (!stmt || !/^(short_var_declaration|assignment_statement|var_spec)$/.test(stmt.type)) return undefined;
        const left = stmt.childForFieldName('left') ?? stmt.childForFieldName('name');
        const first = left?.type === 'expression_list' ? kids(left)[0] : left;
        return first?.type === 'identifier' && first.text !== '_' ? { name: first.text, decl: stmt } : undefined;
      }
      return undefined;
    }
    case 'java':
      if (p.type === 'variable_declarator' && same(p.childForFieldName('value'), x)) {
        const n = p.childForFieldName('name');
        return n ? { name: n.text, decl: p } : undefined;
      }
      return undefined;
    case 'php':
      if (p.type === 'assignment_expression' && same(p.childForFieldName('right'), x)) {
        const n = p.childForFieldName('left');
        return n?.type === 'variable_name' ? { name: n.text, decl: p } : undefined;
      }
      return undefined;
  }
  return undefined;
}

const IDENT_TYPES: Partial<Record<LanguageId, string[]>> = {
  javascript: ['identifier'], typescript: ['identifier'], python: ['identifier'], go: ['identifier'], ruby: ['identifier', 'constant'], java: ['identifier'], php: ['variable_name'],
};

/** Where the host-name value is compared: directly, or through the variable it is assigned to. */
function comparisons(src: Node, lang: LanguageId, root: Node, text: string): Node[] {
  const x = climbValue(src, lang);
  const direct = comparisonAt(x, lang);
  if (direct) return [direct];
  const bound = boundName(x, lang);
  if (!bound) return [];
  const scope = enclosingFunction(bound.decl, lang) ?? root;
  const out: Node[] = [];
  for (const id of usesAfter(scope, bound.name, bound.decl.endIndex, lang, text)) {
    const c = comparisonAt(climbValue(id, lang), lang);
    if (c) out.push(c);
  }
  return out;
}

/** Above this many occurrences of a name in its scope, one walk of the scope costs less than a look-up per occurrence. */
const USE_LOOKUPS = 256;

/**
 * The identifiers named `name` in `scope` that start at `from` or later, in text order:
 * what `scope.descendantsOfType(IDENT_TYPES)` gives for that name, found from the name's
 * occurrences in the text (an identifier's text is its source) instead of from every
 * identifier of the scope (which on a whole file is thousands of nodes per keystroke).
 */
function usesAfter(scope: Node, name: string, from: number, lang: LanguageId, text: string): Node[] {
  const types = IDENT_TYPES[lang] ?? ['identifier'];
  const start = Math.max(from, scope.startIndex);
  const end = scope.endIndex;
  const at: number[] = [];
  if (name) {
    for (let i = text.indexOf(name, start); i >= 0 && i + name.length <= end; i = text.indexOf(name, i + 1)) {
      at.push(i);
      if (at.length > USE_LOOKUPS) break;
    }
  }
  if (!name || at.length > USE_LOOKUPS) {
    return scope.descendantsOfType(types).filter((id): id is Node => !!id && id.text === name && id.startIndex >= from);
  }
  const out: Node[] = [];
  for (const i of at) {
    const id = scope.descendantForIndex(i, i + name.length);
    if (id && types.includes(id.type) && id.startIndex === i && id.text === name) out.push(id);
  }
  return out;
}

/** For an env-name string: the env read around it, when it is one. */
function envReadAround(s: Node, lang: LanguageId): Node | undefined {
  const v = stringValue(s, lang);
  if (!v || !DEPLOY_ENV_RE.test(v)) return undefined;
  let n: Node | null = s.parent;
  for (let i = 0; n && i < 4; i++, n = n.parent) {
    const r = envReadAt(n, lang);
    if (r && r.name === v) return r.hasDefault ? undefined : n;
  }
  return undefined;
}

function label(src: Node, lang: LanguageId): string {
  const t = src.text.replace(/\s+/g, '');
  if (lang === 'ruby' && src.type === 'subshell') return '`hostname`';
  return t.length > 48 ? `${t.slice(0, 45)}...` : t;
}

/** A deploy name's variable, in any string or property an env read may use. */
const DEPLOY_NAME_TEXT = new RegExp(DEPLOY_NAME_ENV);

/**
 * Per language, the host-name reads isHostSource accepts, as text (it reads callees with their
 * spaces removed, nothing else): `os.hostname()` or an os import's `hostname()` in JS and TS.
 */
const HOST_READ: Partial<Record<LanguageId, (text: string) => boolean>> = {
  javascript: (t) => /\bhostname\b/.test(t) && /\bos\b/.test(t),
  typescript: (t) => /\bhostname\b/.test(t) && /\bos\b/.test(t),
  python: (t) => /gethostname|getfqdn|platform\s*\.\s*node|os\s*\.\s*uname/.test(t),
  go: (t) => /\bHostname\b/.test(t),
  ruby: (t) => /gethostname|`\s*hostname|%x\(\s*hostname/.test(t),
  java: (t) => /InetAddress\s*\.\s*getLocalHost/.test(t),
  php: (t) => /gethostname|php_uname\s*\(\s*['"][nN]['"]\s*\)/.test(t),
};

/** Can the text hold a host-name read, or a deploy name's variable (in a string or property an env read uses)? */
function mayReadHost(text: string, lang: LanguageId): boolean {
  return DEPLOY_NAME_TEXT.test(text) || !!HOST_READ[lang]?.(text);
}

export default defineRule({
  id: 'codebase/no-host-branching',
  meta: {
    description: 'Behaviour chosen by comparing the machine host name or deploy name with a literal',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'none',
    messages: {
      host: 'Branches on the host or deploy name (`{{source}}`); one codebase serves every deploy, so select this behaviour with an environment variable instead of a list of host names.',
    },
    docs: {
      why: 'A codebase is deployed many times, and code that recognises particular machines or deploys by name breaks whenever one is added or replaced, and hides per-deploy config in the code.',
      bad: {
        javascript: "if (os.hostname() === 'prod-web-1') {\n  startScheduler();\n}",
        typescript: "const isPrimary = os.hostname().startsWith('prod-');",
        python: 'if socket.gethostname() in ("web-1", "web-2"):\n    DEBUG = False',
        go: 'host, _ := os.Hostname()\nif host == "prod-api-1" {\n\tgo runCron()\n}',
        ruby: 'if Socket.gethostname == "app01.prod"\n  Sidekiq::Cron::Job.load_from_hash(jobs)\nend',
        java: 'if ("prod-1".equals(InetAddress.getLocalHost().getHostName())) {\n    scheduler.start();\n}',
        php: "if (gethostname() === 'web-prod-1') {\n    \$config['debug'] = false;\n}",
      },
      good: {
        javascript: "if (process.env.RUN_SCHEDULER === 'true') {\n  startScheduler();\n}",
        typescript: "const isPrimary = process.env.PRIMARY === '1';",
        python: 'DEBUG = os.environ.get("DEBUG", "false") == "true"',
        go: 'if os.Getenv("RUN_CRON") == "true" {\n\tgo runCron()\n}',
        ruby: 'if ENV["RUN_CRON"] == "true"\n  Sidekiq::Cron::Job.load_from_hash(jobs)\nend',
        java: 'if (Boolean.parseBoolean(System.getenv("RUN_SCHEDULER"))) {\n    scheduler.start();\n}',
        php: "\$config['debug'] = getenv('APP_DEBUG') === 'true';",
      },
    },
  },
  triggers: ['hostname', 'Hostname', 'HostName', 'gethostname', 'getfqdn', 'platform', 'uname', 'HOSTNAME', 'COMPUTERNAME', 'HEROKU_APP_NAME', 'FLY_APP_NAME', 'RENDER_SERVICE_NAME', 'RAILWAY_SERVICE_NAME', 'K_SERVICE', 'WEBSITE_SITE_NAME', 'DOKKU_APP_NAME'],
  anchors: ['hostname', 'Hostname', 'HostName', 'getfqdn', 'node', 'uname', 'nodename', ...DEPLOY_NAME_ENV.split('|')],
  queries: QUERIES,
  check(context) {
    const lang = context.language;
    if (!context.treeParsed && !precheck(() => mayReadHost(context.text, lang))) return;
    const root = context.tree?.rootNode;
    if (!root) return;
    const reported = new Set<number>();
    // The file-wide tests `isHostSource` makes (imports of `os` or `socket`), each once per check.
    const tested = new Map<string, boolean>();
    const textTest = (re: RegExp): boolean => {
      let v = tested.get(re.source);
      if (v === undefined) tested.set(re.source, v = re.test(context.text));
      return v;
    };
    const report = (at: Node, src: Node) => {
      if (reported.has(at.startIndex)) return;
      reported.add(at.startIndex);
      context.report({ node: at, messageId: 'host', data: { source: label(src, lang) } });
    };
    for (const m of context.matches()) {
      let src: Node | undefined;
      const envStr = m.captures.find((c) => c.name === 'envstr')?.node;
      const sub = m.captures.find((c) => c.name === 'sub')?.node;
      if (envStr) {
        src = envReadAround(envStr, lang);
      } else if (sub) {
        if (/^`\s*hostname(\s+-[sfA-Za-z]+)?\s*`$|^%x\(\s*hostname\s*\)$/.test(sub.text)) src = sub;
      } else {
        src = m.captures.find((c) => c.name === 'src')?.node;
        if (!src) continue;
        if (!isHostSource(src, lang, textTest)) continue;
      }
      if (!src) continue;
      for (const at of comparisons(src, lang, root, context.text)) report(at, src);
    }
  },
});

/** Confirms a query candidate really reads the machine or deploy name. */
function isHostSource(src: Node, lang: LanguageId, textTest: (re: RegExp) => boolean): boolean {
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      if (src.type === 'call_expression') {
        const fn = src.childForFieldName('function');
        if (fn?.type === 'identifier') return textTest(/import\s*\{[^}]*\bhostname\b[^}]*\}\s*from\s*['"](node:)?os['"]|\{[^}]*\bhostname\b[^}]*\}\s*=\s*require\(\s*['"](node:)?os['"]\s*\)/);
        const obj = fn?.childForFieldName('object')?.text.replace(/\s+/g, '') ?? '';
        return obj === 'os' || /^require\(['"](node:)?os['"]\)$/.test(obj) || textTest(new RegExp(`\\b${obj.replace(/\W/g, '')}\\s*=\\s*require\\(\\s*['"](node:)?os['"]\\s*\\)|import\\s+(\\*\\s+as\\s+)?${obj.replace(/\W/g, '')}\\s+from\\s+['"](node:)?os['"]`));
      }
      const r = envReadAt(src, lang);
      return !!r && !!r.name && DEPLOY_ENV_RE.test(r.name) && !r.hasDefault;
    }
    case 'python': {
      const t = src.text.replace(/\s+/g, '');
      if (src.type === 'call') return /^(socket\.)?(gethostname|getfqdn)\(\)$|^platform\.node\(\)$/.test(t) && (t.startsWith('socket.') || t.startsWith('platform.') || textTest(/from\s+socket\s+import[^\n]*\b(gethostname|getfqdn)\b/));
      if (src.type === 'attribute') return /^os\.uname\(\)\.nodename$/.test(t);
      if (src.type === 'subscript') return /^os\.uname\(\)\[1\]$/.test(t);
      return false;
    }
    case 'go':
      return true;
    case 'ruby':
      return true;
    case 'java':
      return /InetAddress\.getLocalHost\(\)\.get(Canonical)?HostName\(\)$/.test(src.text.replace(/\s+/g, ''));
    case 'php': {
      const fn = src.childForFieldName('function')?.text.toLowerCase();
      if (fn === 'gethostname') return true;
      return /^php_uname\(\s*['"]n['"]\s*\)$/i.test(src.text.replace(/\s+/g, ''));
    }
  }
  return false;
}
