/**
 * Conditions that test which deploy mode the app runs in (production, staging, development,
 * test) and the branches they select: `process.env.NODE_ENV === 'production'`, `isProd`,
 * `import.meta.env.DEV`, Django/Flask `DEBUG`, `Rails.env.production?`, Sinatra
 * `configure :development do`, `app()->environment('local')`, `env.acceptsProfiles("dev")`,
 * `gin.Mode() == gin.ReleaseMode`, and `switch`/`case`/`match` on such a value.
 *
 * Used by the dev/prod parity rule (which branches wire which backing service) and by rules
 * that let a development-only branch be (a migration run only in development is not the
 * production start-up's business).
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { LanguageId } from '../parsing/languages';
import { envReadAt, isStringLiteral, stringValue } from './syntax';

export type Mode = 'production' | 'staging' | 'development' | 'test';
export const ALL_MODES: ReadonlySet<Mode> = new Set<Mode>(['production', 'staging', 'development', 'test']);

export interface ModeTest {
  /** The modes the test names. */
  modes: Set<Mode>;
  /** True when the test holds for modes outside `modes` (`!==`, `not`, `unless`). */
  negated: boolean;
  /** `isProd && x`: the true branch implies the mode, the false branch implies nothing. */
  partial?: boolean;
}

const MODE_WORD: Record<string, Mode> = {
  production: 'production', prod: 'production', live: 'production', prd: 'production', release: 'production', releasemode: 'production',
  staging: 'staging', stage: 'staging', stg: 'staging', preprod: 'staging', uat: 'staging',
  development: 'development', dev: 'development', local: 'development', develop: 'development', debug: 'development', debugmode: 'development',
  test: 'test', testing: 'test', ci: 'test', testmode: 'test',
};

export const MODE_ENV_NAMES = /^(NODE_ENV|APP_ENV|RAILS_ENV|RACK_ENV|FLASK_ENV|DJANGO_ENV|ENV|ENVIRONMENT|APP_ENVIRONMENT|STAGE|DEPLOY_ENV|DEPLOYMENT_ENV|GO_ENV|GIN_MODE|APP_MODE|MODE|PYTHON_ENV|SPRING_PROFILES_ACTIVE|ENV_NAME|ENVIRONMENT_NAME|RUN_ENV|SERVER_ENV|JAVA_ENV|PHP_ENV|APPLICATION_ENV|EXPRESS_ENV|VERCEL_ENV|NEXT_PUBLIC_ENV|REACT_APP_ENV|VITE_APP_ENV|NUXT_ENV|SERVICE_ENV|RUNTIME_ENV)$/;
export const MODE_SUBJECT_NAME = /^(env|environment|node_?env|app_?env|rails_?env|rack_?env|flask_?env|django_?env|mode|stage|deploy_?env|deployment_?env|env_?name|environment_?name|active_?profile|app_?mode|run_?mode|runtime_?env|current_?env)$/i;
export const MODE_FLAG_NAME = /^(is_?|in_?)(prod|production|dev|development|local|test|testing|staging)$|^__(DEV|PROD|TEST)__$|^(IS_)?(PRODUCTION|DEVELOPMENT)$/i;

const REQUEST_ROOT = /^\$?(req|request|ctx|context|params|query|body|args|argv|event|input|data|form|payload|options|opts|props|msg|message|job|task|item|row|record|user|this\.props|self\.request)\b/;

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

function unparen(n: Node): Node {
  let cur = n;
  while ((cur.type === 'parenthesized_expression' || cur.type === 'parenthesized_statements') && kids(cur).length === 1) cur = kids(cur)[0];
  return cur;
}

/** A mode named by a literal (`'production'`, `:development`, `gin.ReleaseMode`). */
export function modeLiteral(n: Node | null | undefined, lang: LanguageId): Mode | undefined {
  if (!n) return undefined;
  let v: string | undefined;
  if (isStringLiteral(n, lang)) v = stringValue(n, lang);
  else if (lang === 'ruby' && n.type === 'simple_symbol') v = n.text.slice(1);
  else if (lang === 'go' && n.type === 'selector_expression' && /^gin\.(ReleaseMode|DebugMode|TestMode)$/.test(n.text)) v = n.text.slice(4);
  if (v === undefined) return undefined;
  return MODE_WORD[v.trim().toLowerCase()];
}

function modesOfList(n: Node | null | undefined, lang: LanguageId): Set<Mode> | undefined {
  if (!n) return undefined;
  const m = modeLiteral(n, lang);
  if (m) return new Set([m]);
  const items = kids(n).map((c) => (c.type === 'array_element_initializer' || c.type === 'argument' ? c.namedChild(0) ?? c : c));
  if (!items.length) return undefined;
  const out = new Set<Mode>();
  for (const i of items) {
    const x = modeLiteral(i, lang) ?? (lang === 'ruby' && i.type === 'bare_string' ? MODE_WORD[i.text.toLowerCase()] : undefined);
    if (!x) return undefined;
    out.add(x);
  }
  return out;
}

/** Is this expression the deploy mode itself (`process.env.NODE_ENV`, `Rails.env`, `app.get('env')`, `config('app.env')`)? */
export function isModeSubject(n: Node, lang: LanguageId): boolean {
  n = unparen(n);
  const r = envReadAt(n, lang);
  if (r) return !!r.name && MODE_ENV_NAMES.test(r.name);
  const t = n.text.replace(/\s+/g, '');
  if (t.length > 80) return false;
  switch (n.type) {
    case 'identifier':
    case 'constant':
      return MODE_SUBJECT_NAME.test(n.text) && !(lang === 'ruby' && n.text === 'ENV');
    case 'member_expression':
    case 'attribute':
    case 'selector_expression':
    case 'field_access':
    case 'member_access_expression': {
      // Request and argument data is input, not the deploy mode.
      if (REQUEST_ROOT.test(t)) return false;
      const last = (n.childForFieldName('property') ?? n.childForFieldName('attribute') ?? n.childForFieldName('field') ?? n.childForFieldName('name'))?.text ?? '';
      return MODE_SUBJECT_NAME.test(last);
    }
    case 'subscript': // app.config["ENV"]
    case 'subscript_expression':
    case 'element_reference': {
      const key = kids(n)[1] ?? n.childForFieldName('subscript') ?? n.childForFieldName('index');
      const v = key ? stringValue(key, lang) : undefined;
      return !!v && (MODE_SUBJECT_NAME.test(v) || MODE_ENV_NAMES.test(v));
    }
  }
  // Calls: Rails.env, app.get('env'), config('app.env'), app()->environment(), gin.Mode(), $kernel->getEnvironment()
  if (lang === 'ruby' && n.type === 'call') return /^(::)?Rails\.env$|^settings\.environment$|^(Sinatra::Base\.)?environment$|^Hanami\.env$/.test(t);
  if (isJs(lang)) return /^app\.get\(['"]env['"]\)$|^app\.settings\.env$/.test(t);
  if (lang === 'php') return /^(config\(['"]app\.env['"]\)|(app\(\)|App::|\$this->app|\$app)(->|::)?environment\(\)|\$(kernel|this)->getEnvironment\(\)|\$this->getParameter\(['"]kernel\.environment['"]\))$/.test(t);
  if (lang === 'go') return /^gin\.Mode\(\)$/.test(t);
  if (lang === 'java') return /^(env|environment)\.getProperty\("(spring\.profiles\.active|app\.env|environment)"\)$/.test(t);
  if (lang === 'python') return /^(app\.env|app\.config\.get\(['"]ENV['"]\)|settings\.ENVIRONMENT)$/.test(t);
  return false;
}

function flagMode(name: string): Mode | undefined {
  const m = MODE_FLAG_NAME.exec(name);
  if (!m) return undefined;
  const word = (m[2] ?? m[3] ?? m[4] ?? '').toLowerCase();
  return MODE_WORD[word];
}

function negatedTest(t: ModeTest | undefined): ModeTest | undefined {
  return t && !t.partial ? { modes: t.modes, negated: !t.negated } : undefined;
}

/** Reads a condition as a deploy-mode test, or undefined when it tests something else. */
/** Text any deploy-mode test contains (a cheap filter before looking at the tree). */
const MODE_HINT = /env|ENV|Env|debug|DEBUG|Debug|prod|Prod|PROD|dev|Dev|DEV|test|Test|TEST|local|Local|LOCAL|stag|Stag|STAG|profile|Profile|mode|Mode|MODE|release|Release|testing|TESTING|live|Live/;

export function modeTest(cond: Node, lang: LanguageId, depth = 0): ModeTest | undefined {
  if (depth > 6) return undefined;
  if (depth === 0 && !MODE_HINT.test(cond.text)) return undefined;
  const n = unparen(cond);
  const t = n.text.replace(/\s+/g, '');
  // Negation.
  if ((n.type === 'unary_expression' || n.type === 'unary' || n.type === 'unary_op_expression' || n.type === 'not_operator')) {
    const op = n.childForFieldName('operator')?.text ?? n.child(0)?.text;
    const arg = n.childForFieldName('argument') ?? n.childForFieldName('operand') ?? kids(n)[0];
    if ((op === '!' || op === 'not') && arg) return negatedTest(modeTest(arg, lang, depth + 1));
    return undefined;
  }
  // Logical operators.
  const op = n.childForFieldName('operator')?.text ?? (n.type === 'boolean_operator' || n.type === 'binary' || n.type === 'binary_expression' || n.type === 'comparison_operator' ? n.child(1)?.text : undefined);
  if ((n.type === 'binary_expression' || n.type === 'binary' || n.type === 'boolean_operator') && op && /^(&&|\|\||and|or)$/.test(op)) {
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    const a = l ? modeTest(l, lang, depth + 1) : undefined;
    const b = r ? modeTest(r, lang, depth + 1) : undefined;
    const or = op === '||' || op === 'or';
    if (a && b && !a.partial && !b.partial && a.negated === b.negated) {
      // a || b (positive): union; !a && !b: negated union.
      if (or === !a.negated) return { modes: new Set([...a.modes, ...b.modes]), negated: a.negated };
    }
    if (!or && (a || b) && !(a && b)) {
      const one = (a ?? b)!;
      return one.negated ? { modes: new Set([...ALL_MODES].filter((m) => !one.modes.has(m))), negated: false, partial: true } : { ...one, partial: true };
    }
    return undefined;
  }
  // Comparisons: X == 'production', 'production' === X, X != "dev".
  if ((n.type === 'binary_expression' || n.type === 'binary' || n.type === 'comparison_operator') && op) {
    const parts = n.type === 'comparison_operator' ? kids(n) : [n.childForFieldName('left'), n.childForFieldName('right')].filter((x): x is Node => !!x);
    if (parts.length !== 2) return undefined;
    const ops = n.type === 'comparison_operator' ? n.text.replace(/(['"]).*?\1/g, ' ') : op;
    const [x, y] = parts;
    if (n.type === 'comparison_operator' && /\b(not\s+in|in)\b/.test(ops)) {
      const modes = isModeSubject(x, lang) ? modesOfList(y, lang) : undefined;
      return modes ? { modes, negated: /\bnot\s+in\b/.test(ops) } : undefined;
    }
    const eq = /^(==|===)$/.test(ops.trim()) || (n.type === 'comparison_operator' && /==/.test(ops) && !/!=/.test(ops));
    const ne = /^(!=|!==|<>)$/.test(ops.trim()) || (n.type === 'comparison_operator' && /!=/.test(ops));
    if (!eq && !ne) return undefined;
    const lit = modeLiteral(y, lang) ?? modeLiteral(x, lang);
    const subj = modeLiteral(y, lang) ? x : y;
    if (!lit || !isModeSubject(subj, lang)) return undefined;
    return { modes: new Set([lit]), negated: ne };
  }
  // Flags: isProd, IS_PRODUCTION, __DEV__, DEBUG, app.debug, import.meta.env.DEV, settings.DEBUG.
  if (n.type === 'identifier' || n.type === 'constant' || n.type === 'name' || n.type === 'variable_name') {
    const name = n.text.replace(/^\$/, '');
    const m = flagMode(name);
    if (m) return { modes: new Set([m]), negated: false };
    if (lang === 'python' && name === 'DEBUG') return { modes: new Set(['development']), negated: false };
    if (lang === 'python' && name === 'TESTING') return { modes: new Set(['test']), negated: false };
    return undefined;
  }
  if (n.type === 'member_expression' || n.type === 'attribute' || n.type === 'selector_expression' || n.type === 'field_access' || n.type === 'member_access_expression') {
    const last = (n.childForFieldName('property') ?? n.childForFieldName('attribute') ?? n.childForFieldName('field') ?? n.childForFieldName('name'))?.text ?? '';
    if (isJs(lang) && /^import\.meta\.env\.(DEV|PROD)$/.test(t)) return { modes: new Set([last === 'DEV' ? 'development' : 'production']), negated: false };
    if (lang === 'python' && (last === 'DEBUG' || (last === 'debug' && /^(app|current_app|self\.app|application)$/.test(n.childForFieldName('object')?.text ?? '')))) return { modes: new Set(['development']), negated: false };
    if (lang === 'python' && (last === 'TESTING' || (last === 'testing' && /^(app|current_app)$/.test(n.childForFieldName('object')?.text ?? '')))) return { modes: new Set(['test']), negated: false };
    const m = flagMode(last);
    return m ? { modes: new Set([m]), negated: false } : undefined;
  }
  if (n.type === 'subscript' && lang === 'python' && /^(app|current_app)\.config\[['"]DEBUG['"]\]$/.test(t)) return { modes: new Set(['development']), negated: false };
  // Calls.
  if (lang === 'ruby' && (n.type === 'call' || n.type === 'identifier')) {
    const m = /^(?:(?:::)?Rails\.env\.|settings\.|Sinatra::Base\.|Hanami\.env\.|)(production|development|test|staging|local)\?$/.exec(t);
    if (m) return { modes: m[1] === 'local' ? new Set<Mode>(['development', 'test']) : new Set([MODE_WORD[m[1]]]), negated: false };
    const inList = /^(?:::)?Rails\.env\.in\?\((.*)\)$/.exec(t);
    if (inList && n.type === 'call') {
      const args = n.childForFieldName('arguments');
      const modes = args ? modesOfList(kids(args)[0], lang) : undefined;
      return modes ? { modes, negated: false } : undefined;
    }
    return undefined;
  }
  if (lang === 'java' && n.type === 'method_invocation') {
    const name = n.childForFieldName('name')?.text;
    if (name === 'equals' || name === 'equalsIgnoreCase') {
      const obj = n.childForFieldName('object');
      const args = n.childForFieldName('arguments');
      const arg = args ? kids(args)[0] : undefined;
      if (!obj || !arg) return undefined;
      const lit = modeLiteral(obj, lang) ?? modeLiteral(arg, lang);
      const subj = modeLiteral(obj, lang) ? arg : obj;
      return lit && isModeSubject(subj, lang) ? { modes: new Set([lit]), negated: false } : undefined;
    }
  }
  const callName = /([A-Za-z_]\w*)\(([^()]*|.*\))\)$/.exec(t);
  if (callName) {
    const [, fn] = callName;
    const flag = flagMode(fn);
    if (flag && /\(\)$/.test(t)) return { modes: new Set([flag]), negated: false };
    if (lang === 'php' && /^(app\(\)->|App::|\$this->app->|\$app->|\\App::)environment\(/.test(t)) {
      const args = n.childForFieldName('arguments');
      const list = args ? kids(args).map((a) => (a.type === 'argument' ? a.namedChild(0) ?? a : a)) : [];
      const modes = new Set<Mode>();
      for (const a of list) {
        const m = modesOfList(a, lang);
        if (!m) return undefined;
        m.forEach((x) => modes.add(x));
      }
      return modes.size ? { modes, negated: false } : undefined;
    }
    if (lang === 'php' && /^(app\(\)->|App::|\$this->app->|\$app->)(isLocal|isProduction|runningUnitTests)\(\)$/.test(t)) {
      return { modes: new Set([/isLocal/.test(t) ? 'development' : /isProduction/.test(t) ? 'production' : 'test']), negated: false };
    }
    if (lang === 'java' && /\.(acceptsProfiles|matchesProfiles)\(/.test(t)) {
      const args = n.childForFieldName('arguments');
      let list = args ? kids(args) : [];
      if (list.length === 1 && list[0].type === 'method_invocation' && /^Profiles\.of$/.test(`${list[0].childForFieldName('object')?.text}.${list[0].childForFieldName('name')?.text}`)) {
        list = kids(list[0].childForFieldName('arguments')!);
      }
      const modes = new Set<Mode>();
      let neg = false;
      for (const a of list) {
        const v = stringValue(a, lang);
        if (!v) return undefined;
        const word = v.replace(/^!/, '');
        if (v.startsWith('!')) neg = true;
        const m = MODE_WORD[word.toLowerCase()];
        if (!m) return undefined;
        modes.add(m);
      }
      return modes.size ? { modes, negated: neg } : undefined;
    }
    if (lang === 'java' && /getActiveProfiles\(\)\)\.contains\(/.test(t)) {
      const args = n.childForFieldName('arguments');
      const m = args ? modeLiteral(kids(args)[0], lang) : undefined;
      return m ? { modes: new Set([m]), negated: false } : undefined;
    }
    if (lang === 'go' && /^gin\.IsDebugging\(\)$/.test(t)) return { modes: new Set(['development']), negated: false };
    if (isJs(lang) && /\.includes\(/.test(t) && n.type === 'call_expression') {
      const fn2 = n.childForFieldName('function');
      const arr = fn2?.childForFieldName('object');
      const args = n.childForFieldName('arguments');
      const arg = args ? kids(args)[0] : undefined;
      const modes = arr?.type === 'array' ? modesOfList(arr, lang) : undefined;
      if (modes && arg && isModeSubject(arg, lang)) return { modes, negated: false };
    }
  }
  return undefined;
}

/** The modes in which a branch runs, given the test that selects it. */
export function branchModes(test: ModeTest, branch: 'then' | 'else'): Set<Mode> | undefined {
  const complement = (s: Set<Mode>) => new Set([...ALL_MODES].filter((m) => !s.has(m)));
  if (branch === 'then') return test.negated ? complement(test.modes) : new Set(test.modes);
  if (test.partial) return undefined;
  return test.negated ? new Set(test.modes) : complement(test.modes);
}

export interface ModeBranch {
  /** The branch's body (a block, an expression, a case's statements' parent). */
  body: Node;
  /** For switch cases: the statements (nodes) of the case, when the body is shared. */
  parts?: Node[];
  /** The modes it runs in; undefined when the test does not say. */
  modes?: Set<Mode>;
}

/** The branches of a conditional that tests the deploy mode, or undefined when it tests something else. */
export function modeBranches(node: Node, lang: LanguageId): ModeBranch[] | undefined {
  switch (node.type) {
    case 'if_statement':
    case 'if':
    case 'unless':
    case 'elsif':
    case 'if_modifier':
    case 'unless_modifier':
      return ifBranches(node, lang);
    case 'ternary_expression':
    case 'conditional': {
      const c = node.childForFieldName('condition');
      const test = c ? modeTest(c, lang) : undefined;
      if (!test) return undefined;
      const a = node.childForFieldName('consequence');
      const b = node.childForFieldName('alternative');
      const out: ModeBranch[] = [];
      if (a) out.push({ body: a, modes: branchModes(test, 'then') });
      if (b) out.push({ body: b, modes: branchModes(test, 'else') });
      return out;
    }
    case 'conditional_expression': {
      if (lang === 'python') {
        const [a, c, b] = kids(node);
        const test = c ? modeTest(c, lang) : undefined;
        if (!test || !a || !b) return undefined;
        return [{ body: a, modes: branchModes(test, 'then') }, { body: b, modes: branchModes(test, 'else') }];
      }
      const c = node.childForFieldName('condition');
      const a = node.childForFieldName('body');
      const b = node.childForFieldName('alternative');
      const test = c && a ? modeTest(c, lang) : undefined;
      if (!test || !a || !b) return undefined;
      return [{ body: a, modes: branchModes(test, 'then') }, { body: b, modes: branchModes(test, 'else') }];
    }
    case 'switch_statement':
    case 'switch_expression':
    case 'expression_switch_statement':
    case 'case':
    case 'match_expression':
      return switchBranches(node, lang);
    case 'call':
      return lang === 'ruby' ? configureBranch(node) : undefined;
  }
  return undefined;
}

function ifBranches(node: Node, lang: LanguageId): ModeBranch[] | undefined {
  const out: ModeBranch[] = [];
  const unless = node.type === 'unless' || node.type === 'unless_modifier';
  const c = node.childForFieldName('condition');
  let test = c ? modeTest(c, lang) : undefined;
  if (!test) return undefined;
  if (unless) test = test.partial ? undefined : { modes: test.modes, negated: !test.negated };
  if (!test) return undefined;
  const body = node.childForFieldName('consequence') ?? node.childForFieldName('body');
  if (body) out.push({ body, modes: branchModes(test, 'then') });
  let seen = new Set(test.negated ? [...ALL_MODES].filter((m) => !test!.modes.has(m)) : test.modes);
  let known = !test.partial;
  for (const alt of node.childrenForFieldName('alternative')) {
    if (!alt) continue;
    let a: Node = alt;
    // JS/Java `else` wraps the statement; Go's alternative is the block or the next if.
    if (a.type === 'else_clause' && lang !== 'python' && lang !== 'php') a = kids(a)[0] ?? a;
    if (a.type === 'if_statement' || a.type === 'elif_clause' || a.type === 'else_if_clause' || a.type === 'elsif') {
      const nested = a.type === 'if_statement' ? ifBranches(a, lang) : undefined;
      if (nested) { out.push(...nested); return out; }
      const cc = a.childForFieldName('condition');
      const t2 = cc ? modeTest(cc, lang) : undefined;
      const b2 = a.childForFieldName('consequence') ?? a.childForFieldName('body');
      if (!b2) continue;
      const m2 = t2 ? branchModes(t2, 'then') : undefined;
      out.push({ body: b2, modes: m2 });
      if (m2 && t2 && !t2.partial) seen = new Set([...seen, ...m2]); else known = false;
      // Ruby elsif chains nest their own alternative.
      if (a.type === 'elsif') {
        const rest = a.childForFieldName('alternative');
        if (rest) out.push({ body: rest, modes: known ? new Set([...ALL_MODES].filter((m) => !seen.has(m))) : undefined });
      }
      continue;
    }
    const b3 = a.childForFieldName('body') ?? a;
    out.push({ body: b3, modes: known ? new Set([...ALL_MODES].filter((m) => !seen.has(m))) : undefined });
  }
  return out;
}

function switchBranches(node: Node, lang: LanguageId): ModeBranch[] | undefined {
  let subject = node.childForFieldName('value') ?? node.childForFieldName('condition');
  if (subject && subject.type === 'parenthesized_expression') subject = kids(subject)[0] ?? subject;
  if (!subject || !MODE_HINT.test(subject.text) || !isModeSubject(subject, lang)) return undefined;
  const body = node.childForFieldName('body') ?? node;
  const out: ModeBranch[] = [];
  const seen = new Set<Mode>();
  let defaultBranch: Node | undefined;
  for (const c of kids(body)) {
    switch (c.type) {
      case 'switch_case': // JS
      case 'expression_case': // Go
      case 'case_statement': // PHP
      case 'when': // Ruby
      case 'match_conditional_expression': // PHP match
      case 'switch_block_statement_group': // Java
      case 'switch_rule': { // Java ->
        const values = caseValues(c, lang);
        const modes = new Set<Mode>();
        for (const v of values) { const m = modeLiteral(v, lang); if (m) modes.add(m); }
        if (modes.size === 0) continue;
        modes.forEach((m) => seen.add(m));
        out.push({ body: c, modes });
        break;
      }
      case 'switch_default':
      case 'default_case':
      case 'default_statement':
      case 'else':
      case 'match_default_expression':
        defaultBranch = c;
        break;
    }
  }
  if (defaultBranch) out.push({ body: defaultBranch, modes: new Set([...ALL_MODES].filter((m) => !seen.has(m))) });
  return out.length ? out : undefined;
}

function caseValues(c: Node, lang: LanguageId): Node[] {
  switch (c.type) {
    case 'switch_case': return [c.childForFieldName('value')].filter((x): x is Node => !!x);
    case 'expression_case': { const v = c.childForFieldName('value'); return v ? kids(v) : []; }
    case 'case_statement': return [c.childForFieldName('value')].filter((x): x is Node => !!x);
    case 'when': return c.childrenForFieldName('pattern').filter((x): x is Node => !!x).map((p) => kids(p)[0] ?? p);
    case 'match_conditional_expression': { const l = c.childForFieldName('conditional_expressions'); return l ? kids(l) : []; }
    case 'switch_block_statement_group':
    case 'switch_rule':
      return kids(c).filter((k) => k.type === 'switch_label').flatMap((l) => kids(l));
  }
  void lang;
  return [];
}

/** Sinatra/Padrino `configure :development, :test do ... end`. */
function configureBranch(node: Node): ModeBranch[] | undefined {
  if (node.childForFieldName('method')?.text !== 'configure' || node.childForFieldName('receiver')) return undefined;
  const args = node.childForFieldName('arguments');
  const block = node.childForFieldName('block');
  if (!args || !block) return undefined;
  const modes = new Set<Mode>();
  for (const a of kids(args)) {
    const m = modeLiteral(a, 'ruby');
    if (!m) return undefined;
    modes.add(m);
  }
  return modes.size ? [{ body: block, modes }] : undefined;
}

const KEY_MODE: Record<string, Mode> = {
  production: 'production', prod: 'production', staging: 'staging', stage: 'staging', development: 'development', dev: 'development', local: 'development', test: 'test', testing: 'test',
};

/** Key and value of one entry of an object/dict/hash/array/map literal. */
function entryParts(e: Node, lang: LanguageId): { key: string; value: Node } | undefined {
  let key: Node | undefined;
  let value: Node | undefined;
  if (e.type === 'pair') { key = e.childForFieldName('key') ?? undefined; value = e.childForFieldName('value') ?? undefined; }
  else if (e.type === 'array_element_initializer') { const k = kids(e); if (k.length === 2) { key = k[0]; value = k[1]; } }
  else if (e.type === 'keyed_element') { const k = kids(e); if (k.length === 2) { key = kids(k[0])[0] ?? k[0]; value = kids(k[1])[0] ?? k[1]; } }
  if (!key || !value) return undefined;
  const name = key.type === 'property_identifier' || key.type === 'identifier' ? key.text
    : key.type === 'hash_key_symbol' ? key.text : key.type === 'simple_symbol' ? key.text.slice(1) : stringValue(key, lang);
  return name === undefined ? undefined : { key: name, value };
}

/**
 * Config keyed by deploy mode (`{ development: {...}, production: {...} }` in a knexfile,
 * `DATABASES_BY_ENV = {"dev": ..., "prod": ...}`, a PHP array or Go map): each entry is a branch.
 * Needs a production entry and a development or test entry.
 */
export function modeKeyedBranches(container: Node, lang: LanguageId): ModeBranch[] | undefined {
  const out: ModeBranch[] = [];
  const entries = container.type === 'composite_literal' ? kids(container.childForFieldName('body') ?? container) : kids(container);
  for (const e of entries) {
    const parts = entryParts(e, lang);
    const mode = parts ? KEY_MODE[parts.key.toLowerCase()] : undefined;
    if (parts && mode) out.push({ body: parts.value, modes: new Set([mode]) });
  }
  const modes = new Set(out.flatMap((b) => [...(b.modes ?? [])]));
  return out.length >= 2 && modes.has('production') && (modes.has('development') || modes.has('test')) ? out : undefined;
}

/** Node types that can select a branch by deploy mode. */
export const MODE_CONDITIONAL_TYPES = new Set([
  'if_statement', 'if', 'unless', 'if_modifier', 'unless_modifier', 'ternary_expression', 'conditional', 'conditional_expression',
  'switch_statement', 'switch_expression', 'expression_switch_statement', 'case', 'match_expression',
]);

/** The modes in which `node` can run, from the mode tests around it (undefined: any mode). */
export function enclosingModes(node: Node, lang: LanguageId): Set<Mode> | undefined {
  let result: Set<Mode> | undefined;
  let child = node;
  for (let p = node.parent, depth = 0; p && depth < 40; child = p, p = p.parent, depth++) {
    if (!MODE_CONDITIONAL_TYPES.has(p.type) && !(lang === 'ruby' && p.type === 'call')) continue;
    const branches = modeBranches(p, lang);
    if (!branches) continue;
    const hit = branches.find((b) => b.body.startIndex <= child.startIndex && child.endIndex <= b.body.endIndex && !same(b.body, p));
    if (!hit?.modes) continue;
    result = result ? new Set([...result].filter((m) => hit.modes!.has(m))) : new Set(hit.modes);
  }
  return result;
}
