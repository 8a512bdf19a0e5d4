/**
 * The shared "Move to environment variable" quick fixes (Factor III, config).
 *
 * `moveToEnvFix` replaces a literal with the language's environment read, adds the import
 * that read needs (Python `import os`, Go `"os"`), appends `NAME=value` to the package's
 * `.env` (created when missing), declares `NAME=` in `.env.example` and makes sure `.env`
 * is git-ignored: one Fix, one WorkspaceEdit, one undo. Its safety is 'suggestion': with
 * the variable unset, the code no longer has the value.
 *
 * `readWithDefaultFix` is for config that is not secret: it keeps the current value as the
 * local default (`process.env.NAME ?? 'value'`, `os.environ.get("NAME", "value")`), so the
 * code behaves the same with the variable unset: 'safe'. It never writes `.env`; it only
 * declares `NAME=` in an env template that already exists. Never offer it for a secret: the
 * secret would stay in the code.
 *
 * Both builders return undefined when the literal stands where a runtime read cannot
 * (a Go grouped `const` block, a Java annotation, a PHP class constant or property default,
 * a TypeScript enum, a docstring, an import path) or when the file is outside the project.
 * Files are never overwritten: other files are only appended to, or created when missing,
 * and only inside `context.project.root`.
 */
import * as path from 'path';
import ignore from 'ignore';
import type { Node } from '@vscode/tree-sitter-wasm';
import { TreeMemo } from '../parsing/tree-memo';
import type { RuleContext } from '../engine/rule';
import type { FileChange, Fix, TextEdit } from '../engine/types';
import { LANGUAGES, type LanguageId } from '../parsing/languages';
import { LineIndex } from '../parsing/document';
import { parseDotenv, toRecord } from '../parsing/dotenv';
import { scanEnvText, TEMPLATE_ENV_FILES } from '../analysis/env-files';
import { bindingOf, envReadAt, findImports, identifierWords, stringValue, toEnvName, type Binding, type EnvRead } from '../analysis/syntax';
import { goImports, pythonImport } from './imports';

// ---------------------------------------------------------------------------------------
// Public API

export interface EnvFixOptions {
  /** The literal to replace (a string literal for `moveToEnvFix`; any literal for `readWithDefaultFix`). */
  node: Node;
  /** The variable name to use (SCREAMING_CASE). Default: derived from the binding, then `fallbackName`. */
  name?: string;
  /** Name used when none can be derived from the binding (e.g. 'DATABASE_URL', 'STRIPE_SECRET_KEY'). */
  fallbackName?: string;
  /** `moveToEnvFix`: the value written to `.env`; default: the literal's decoded string value. */
  value?: string;
  /**
   * `moveToEnvFix`: static text kept in the code before the read, e.g. `'Bearer '` for a
   * literal `'Bearer <token>'` whose `value` is the token alone: the code becomes
   * `'Bearer ' + <read>` (a template or interpolation where the language has one).
   */
  prefix?: string;
  /** Mark the fix as the finding's preferred one. */
  preferred?: boolean;
  /** Override the title. */
  title?: string;
}

/** Files at the package root the fixes read and write. */
export interface EnvFileSet {
  /** The folder holding the nearest manifest (package.json, pyproject.toml, go.mod...), else the project root. */
  packageRoot: string;
  /** `<packageRoot>/.env` and its text (undefined when missing). */
  env: string;
  envText: string | undefined;
  /** The env template: an existing `.env.example`/`.env.sample`/`.env.template`, else `<packageRoot>/.env.example`. */
  template: string;
  templateText: string | undefined;
}

/** Manifests that mark a package root, nearest first. */
export const MANIFEST_FILES = [
  'package.json', 'pyproject.toml', 'go.mod', 'Gemfile', 'composer.json', 'pom.xml',
  'build.gradle', 'build.gradle.kts', 'setup.py', 'setup.cfg', 'Pipfile', 'requirements.txt',
];

/**
 * "Move to environment variable NAME": the literal becomes the language's env read, the
 * value goes to `.env` (exactly once), `NAME=` to `.env.example`, `.env` to `.gitignore`.
 * Safety 'suggestion'. Undefined when no such fix can be built here.
 */
export function moveToEnvFix(context: RuleContext, o: EnvFixOptions): Fix | undefined {
  const lang = context.language;
  const tree = context.tree;
  if (!tree || !LANGUAGES[lang].env) return undefined;
  const node = o.node;
  const value = o.value ?? stringValue(node, lang);
  if (value === undefined || !replaceable(node, lang)) return undefined;
  const files = envFilesFor(context);
  if (!files) return undefined;
  const base = sanitizeName(o.name) ?? envNameFromBinding(node, lang) ?? sanitizeName(o.fallbackName);
  if (!base) return undefined;
  const record = files.envText === undefined ? {} : toRecord(parseDotenv(files.envText));
  const { name, present } = chooseName(base, value, record);

  const idiom = fileIdiom(context, node);
  let expr = idiom.read(name);
  if (lang === 'python' && isPythonBytes(node)) {
    if (o.prefix) return undefined;
    expr += '.encode()';
  }
  if (o.prefix) {
    if (!/^[\w .:=-]*$/.test(o.prefix)) return undefined;
    // gofmt writes `"a"+b` inside a call with several arguments, `"a" + b` elsewhere.
    const compact = lang === 'go' && node.parent?.type === 'argument_list' && node.parent.namedChildCount > 1;
    expr = concatenation(lang, o.prefix, expr, compact);
    const interpolated = lang === 'javascript' || lang === 'typescript' || lang === 'ruby';
    if (!interpolated && !isSafeSlot(node, lang)) expr = `(${expr})`;
  }
  const edits = replacementEdits(context, node, expr, idiom);
  if (!edits) return undefined;

  const changes: FileChange[] = [];
  if (!present) changes.push(appendLines(files.env, files.envText, [dotenvLine(name, value)]));
  const templateChange = declareInTemplate(files.template, files.templateText, name, true);
  if (templateChange) changes.push(templateChange);
  const gitignore = gitignoreChange(context, files);
  if (gitignore) changes.push(gitignore);
  if (!changes.every((c) => inside(context.project.root, c.path))) return undefined;

  const fix: Fix = { title: o.title ?? `Move to environment variable ${name}`, safety: 'suggestion', edits, files: changes };
  if (o.preferred) fix.preferred = true;
  return fix;
}

/**
 * "Read NAME from the environment (keep the current value as default)": the literal becomes
 * `process.env.NAME ?? <literal>` (or the language's equivalent) and `NAME=` is declared in
 * an env template that already exists. Safety 'safe'. Never for secrets.
 */
export function readWithDefaultFix(context: RuleContext, o: EnvFixOptions): Fix | undefined {
  const lang = context.language;
  const tree = context.tree;
  if (!tree || !LANGUAGES[lang].env) return undefined;
  const node = o.node;
  if (!replaceable(node, lang)) return undefined;
  const name = sanitizeName(o.name) ?? envNameFromBinding(node, lang) ?? sanitizeName(o.fallbackName);
  if (!name) return undefined;
  const idiom = fileIdiom(context, node);
  let defaultCode = node.text;
  let suffix = '';
  if (lang === 'python' && isPythonBytes(node)) {
    if (defaultCode.includes('\\')) return undefined;
    defaultCode = defaultCode.replace(/^([rR]?)[bB]([rR]?)/, '$1$2');
    suffix = '.encode()';
  }
  const withDefault = idiom.readWithDefault(name, defaultCode);
  if (!withDefault) return undefined;
  let expr = withDefault.code + suffix;
  if (withDefault.operator && !suffix && !isSafeSlot(node, lang)) expr = `(${expr})`;
  const edits = replacementEdits(context, node, expr, { ...idiom, imports: withDefault.imports ?? idiom.imports });
  if (!edits) return undefined;
  const changes: FileChange[] = [];
  const files = envFilesFor(context);
  if (files?.templateText !== undefined) {
    const change = declareInTemplate(files.template, files.templateText, name, false);
    if (change && inside(context.project.root, change.path)) changes.push(change);
  }
  const fix: Fix = {
    title: o.title ?? `Read ${name} from the environment (keep the current value as default)`,
    safety: 'safe', edits,
  };
  if (changes.length) fix.files = changes;
  if (o.preferred) fix.preferred = true;
  return fix;
}

/**
 * For a literal that is the default of an environment read (`process.env.GITHUB_TOKEN ||
 * 'ghp_…'`, `os.environ.get("KEY", "sk_live_…")`): "Move to environment variable NAME"
 * with NAME the variable already read, the read keeping no default (the whole
 * `X || 'v'` / `get("X", "v")` becomes the plain read), the value going to `.env` unless
 * `.env` already sets NAME. Safety 'suggestion'. Undefined when the read has no static
 * name or its shape is not one of the common ones.
 */
export function dropEnvDefaultFix(context: RuleContext, o: Omit<EnvFixOptions, 'name' | 'fallbackName'>): Fix | undefined {
  const lang = context.language;
  if (!context.tree || !LANGUAGES[lang].env) return undefined;
  const node = o.node;
  const value = o.value ?? stringValue(node, lang);
  if (value === undefined) return undefined;
  const found = envReadWithDefault(node, lang);
  if (!found?.read.name) return undefined;
  const name = found.read.name;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const files = envFilesFor(context);
  if (!files) return undefined;
  const idiom = fileIdiom(context, node);
  let edits: TextEdit[] | undefined;
  if (found.read.destructured) {
    const assign = found.defaultNode.parent;
    const left = assign?.childForFieldName('left');
    if (!assign || !left || !/assignment_pattern$/.test(assign.type)) return undefined;
    edits = [{ range: context.rangeAt(left.endIndex, found.defaultNode.endIndex), newText: '' }];
  } else {
    edits = replacementEdits(context, found.expression, idiom.read(name), idiom);
  }
  if (!edits) return undefined;
  const record = files.envText === undefined ? {} : toRecord(parseDotenv(files.envText));
  const changes: FileChange[] = [];
  if (!Object.prototype.hasOwnProperty.call(record, name)) changes.push(appendLines(files.env, files.envText, [dotenvLine(name, value)]));
  const templateChange = declareInTemplate(files.template, files.templateText, name, true);
  if (templateChange) changes.push(templateChange);
  const gitignore = gitignoreChange(context, files);
  if (gitignore) changes.push(gitignore);
  if (!changes.every((c) => inside(context.project.root, c.path))) return undefined;
  const fix: Fix = { title: o.title ?? `Move to environment variable ${name} (drop the hard-coded default)`, safety: 'suggestion', edits, files: changes };
  if (o.preferred) fix.preferred = true;
  return fix;
}

/** Expressions a read-with-default may take as a whole (the fallback operator, the call, the ternary). */
const DEFAULT_EXPRESSIONS = new Set([
  'binary_expression', 'boolean_operator', 'binary', 'conditional_expression', 'ternary_expression', 'conditional',
  'call_expression', 'method_invocation', 'call', 'function_call_expression', 'member_call_expression', 'scoped_call_expression',
  'parenthesized_expression',
]);

function covers(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && outer.endIndex >= inner.endIndex;
}

/** The env read whose default is `literal`, and the expression (read plus default) to replace. */
function envReadWithDefault(literal: Node, lang: LanguageId): { read: EnvRead; expression: Node; defaultNode: Node } | undefined {
  let a: Node | null = literal.parent;
  for (let depth = 0; a && depth < 6; depth++, a = a.parent) {
    if (a.text.length > 2000) return undefined;
    const read = findRead(a, literal, lang, 0);
    if (!read || !read.defaultNode) continue;
    if (read.destructured) return { read, expression: read.node, defaultNode: read.defaultNode };
    const expression = covers(read.node, literal) ? read.node : a;
    if (!covers(expression, read.node) || !DEFAULT_EXPRESSIONS.has(expression.type)) return undefined;
    return { read, expression, defaultNode: read.defaultNode };
  }
  return undefined;
}

function findRead(n: Node, literal: Node, lang: LanguageId, depth: number): EnvRead | undefined {
  if (depth > 4) return undefined;
  const r = envReadAt(n, lang);
  if (r?.defaultNode && covers(r.defaultNode, literal)) return r;
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (!c || (c.startIndex === literal.startIndex && c.endIndex === literal.endIndex)) continue;
    const found = findRead(c, literal, lang, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The variable name a literal's binding suggests: `stripeSecretKey` -> `STRIPE_SECRET_KEY`,
 * a dict/object/hash key, a keyword argument, a struct field. A generic leaf (`password`,
 * `api_key`, `url`) takes the nearest meaningful container or library as prefix:
 * `DATABASES['default']['PASSWORD']` -> `DATABASE_PASSWORD`, `stripe.api_key` ->
 * `STRIPE_API_KEY`, `redis.Redis(password=...)` -> `REDIS_PASSWORD`. Undefined when the
 * literal has no name (a bare argument, a return value).
 */
export function envNameFromBinding(node: Node, lang: LanguageId): string | undefined {
  return envNameFor(bindingOf(liftTransforms(node, lang), lang));
}

/** Same as `envNameFromBinding`, from a binding the caller already has. */
export function envNameFor(b: Binding): string | undefined {
  const named = ['variable', 'constant', 'property', 'key', 'keyword-argument', 'parameter-default', 'env-write'];
  if (!b.name || !named.includes(b.kind)) return undefined;
  if (b.kind === 'env-write') return sanitizeName(b.name);
  return qualifiedEnvName(b.name, b.fullName, b.callee, goCompositeType(b.node));
}

/** Go `redis.Options{Password: v}`: the composite literal's type, another hint for a generic field name. */
function goCompositeType(value: Node): string | undefined {
  const el = value.parent?.type === 'literal_element' ? value.parent : undefined;
  const lit = el?.parent?.parent?.parent;
  if (el?.parent?.type !== 'keyed_element' || lit?.type !== 'composite_literal') return undefined;
  return lit.childForFieldName('type')?.text.replace(/\s+/g, '');
}

/**
 * `stripeSecretKey` -> `STRIPE_SECRET_KEY`, with a container/library prefix for generic
 * leaves taken from `fullName` (`DATABASES.default.PASSWORD`), then `typeName` (a Go struct
 * type such as `redis.Options`), then the called function (`redis.Redis(password=...)`).
 */
export function qualifiedEnvName(name: string, fullName?: string, callee?: string, typeName?: string): string | undefined {
  const words = identifierWords(name);
  if (words.length === 0) return undefined;
  let leaf = name;
  if (words.length === 1 && SHORT_PASSWORD.has(words[0])) leaf = 'password';
  if (!words.every((w) => GENERIC_WORDS.has(w))) return sanitizeName(toEnvName(leaf));
  const prefix = containerPrefix(fullName, words) ?? (typeName ? containerPrefix(`${typeName}.${name}`, words) : undefined) ?? calleePrefix(callee);
  const joined = prefix && !identifierWords(prefix).some((w) => words.includes(w)) ? `${prefix}_${toEnvName(leaf)}` : toEnvName(leaf);
  return sanitizeName(joined);
}

/** True when every word of the name only says what kind of value it is (`API_KEY`, `CONNECTION_STRING`, `DB_PASSWORD`). */
export function isGenericEnvName(name: string): boolean {
  const words = identifierWords(name);
  return words.length > 0 && words.every((w) => GENERIC_WORDS.has(w));
}

/** The package root, `.env` and env template for the checked file; undefined outside the project. */
export function envFilesFor(context: Pick<RuleContext, 'path' | 'project'>): EnvFileSet | undefined {
  const root = context.project.root;
  if (!root || path.resolve(root) === path.parse(path.resolve(root)).root) return undefined;
  const file = path.resolve(context.path);
  if (!inside(root, file)) return undefined;
  const packageRoot = packageRootOf(file, context.project);
  const env = path.join(packageRoot, '.env');
  let template = path.join(packageRoot, TEMPLATE_ENV_FILES[0]);
  let templateText: string | undefined;
  for (const t of TEMPLATE_ENV_FILES) {
    const p = path.join(packageRoot, t);
    const text = context.project.readText(p);
    if (text !== undefined) {
      template = p;
      templateText = text;
      break;
    }
  }
  return { packageRoot, env, envText: context.project.readText(env), template, templateText };
}

/** Nearest folder upward from the file holding a manifest, stopping at the project root (the fallback). */
export function packageRootOf(file: string, project: RuleContext['project']): string {
  const root = path.resolve(project.root);
  let dir = path.dirname(path.resolve(file));
  for (let i = 0; i < 64; i++) {
    if (!inside(root, dir)) break;
    if (MANIFEST_FILES.some((m) => project.readText(path.join(dir, m)) !== undefined)) return dir;
    if (dir === root) break;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return root;
}

/**
 * A value as a `.env` file needs it: bare when it is made of safe characters only; in
 * single quotes (verbatim in every dotenv dialect) when it has spaces, `#`, `$`, `"` or
 * other shell characters; in double quotes with `\n`, `\"` and `\\` escapes when it holds
 * a single quote, a line break or a backslash.
 */
export function formatDotenvValue(value: string): string {
  if (/^[A-Za-z0-9_\-./:@+=,~%]*$/.test(value) && value !== '') return value;
  if (!/['\n\r\\]/.test(value)) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

/** `NAME=value`, the value quoted as needed. */
export function dotenvLine(name: string, value: string): string {
  return `${name}=${formatDotenvValue(value)}`;
}

// ---------------------------------------------------------------------------------------
// Names

/** Words that say what kind of value a name holds, not whose it is. */
const GENERIC_WORDS = new Set([
  'api', 'key', 'keys', 'secret', 'secrets', 'token', 'tokens', 'password', 'passwd', 'pass', 'pwd',
  'passphrase', 'access', 'auth', 'authorization', 'credential', 'credentials', 'private', 'client', 'url', 'uri',
  'dsn', 'host', 'hostname', 'port', 'user', 'username', 'endpoint', 'bucket', 'address', 'addr',
  'server', 'connection', 'conn', 'string', 'str', 'value', 'base', 'database', 'db', 'name',
]);
const SHORT_PASSWORD = new Set(['pass', 'pwd', 'passwd']);
/** Container names that say nothing about the service: skipped when looking for a prefix. */
const CONTAINER_SKIP = new Set([
  'default', 'defaults', 'config', 'configs', 'configuration', 'settings', 'setting', 'options', 'option',
  'opts', 'conf', 'cfg', 'module', 'exports', 'self', 'this', 'cls', 'app', 'application', 'env',
  'environment', 'production', 'prod', 'development', 'dev', 'test', 'staging', 'params', 'props',
  'values', 'data', 'connections', 'stores', 'services', 'global', 'globals', 'common', 'shared',
  'main', 'local', 'parameters', 'properties', 'credentials', 'auth', 'providers', 'drivers',
  'clients', 'client', 'instance', 'headers', 'header', 'spring', 'secrets', 'keys', 'init', 'new',
  'connect', 'create', 'setup', 'cfg', 'c', 'o', 'x', 'ctx', 'context', 'result', 'res', 'resp',
]);
const PLURALS: Record<string, string> = { databases: 'database', caches: 'cache', mailers: 'mailer', queues: 'queue' };

const CALLEE_PREFIXES: [RegExp, string][] = [
  [/psycopg|pymysql|mysqldb|mysql|mariadb|\bpg\b|postgres|sqlalchemy|sequelize|\bpdo\b|drivermanager|asyncpg|aiomysql|knex|typeorm|gorm|\bsql\b|sqlx|hikari|datasource|prisma/i, 'DB'],
  [/redis/i, 'REDIS'],
  [/mongo/i, 'MONGO'],
  [/stripe/i, 'STRIPE'],
  [/twilio/i, 'TWILIO'],
  [/sendgrid|sgmail/i, 'SENDGRID'],
  [/smtp|mail/i, 'SMTP'],
  [/amqp|rabbit|pika|kombu|bunny/i, 'AMQP'],
  [/ldap/i, 'LDAP'],
  [/openai/i, 'OPENAI'],
  [/anthropic/i, 'ANTHROPIC'],
  [/github|octokit/i, 'GITHUB'],
  [/slack/i, 'SLACK'],
  [/jwt|jsonwebtoken|\bjose\b/i, 'JWT'],
  [/session/i, 'SESSION'],
  [/cookie/i, 'COOKIE'],
  [/boto3|\baws\b|\bs3\b/i, 'AWS'],
];

function containerPrefix(fullName: string | undefined, leafWords: string[]): string | undefined {
  if (!fullName) return undefined;
  const segs = fullName.split('.');
  segs.pop();
  for (let i = segs.length - 1; i >= 0; i--) {
    const seg = segs[i];
    const lower = seg.toLowerCase();
    if (!seg || /^\d+$/.test(seg) || seg.length <= 1 || CONTAINER_SKIP.has(lower)) continue;
    const words = identifierWords(PLURALS[lower] ?? seg).map((w) => PLURALS[w] ?? w).filter((w) => !CONTAINER_SKIP.has(w));
    if (words.length === 0 || words.every((w) => leafWords.includes(w))) continue;
    return toEnvName(words.join('_'));
  }
  return undefined;
}

function calleePrefix(callee: string | undefined): string | undefined {
  if (!callee) return undefined;
  const c = callee.replace(/\(.*$/s, '');
  return CALLEE_PREFIXES.find(([re]) => re.test(c))?.[1];
}

function sanitizeName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = /^[A-Z_][A-Z0-9_]*$/.test(name) ? name : toEnvName(name);
  return n && /[A-Z]/.test(n) ? n : undefined;
}

/** Reuses a name already holding this value in `.env`; otherwise NAME, NAME_2, ... whichever is free. */
function chooseName(base: string, value: string, record: Record<string, string>): { name: string; present: boolean } {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(record, k);
  if (has(base) && record[base] === value) return { name: base, present: true };
  for (const k of Object.keys(record)) {
    if (record[k] === value && /^[A-Z_][A-Z0-9_]*$/.test(k) && value !== '') return { name: k, present: true };
  }
  if (!has(base)) return { name: base, present: false };
  for (let i = 2; i < 1000; i++) {
    const candidate = `${base}_${i}`;
    if (!has(candidate)) return { name: candidate, present: false };
  }
  return { name: base, present: false };
}

// ---------------------------------------------------------------------------------------
// Other files

function inside(root: string, p: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function eolOf(text: string | undefined): string {
  return text && /\r\n/.test(text) ? '\r\n' : '\n';
}

/** Appends lines at the end of a file (a line break first when it lacks one), or creates it. */
function appendLines(file: string, text: string | undefined, lines: string[]): FileChange {
  const eol = eolOf(text);
  const current = text ?? '';
  const end = new LineIndex(current).positionAt(current.length);
  const prefix = current === '' || /[\r\n]$/.test(current) ? '' : eol;
  const edit: TextEdit = { range: { start: end, end }, newText: prefix + lines.join(eol) + eol };
  const change: FileChange = { path: file, edits: [edit] };
  if (text === undefined) change.create = true;
  return change;
}

function declareInTemplate(template: string, text: string | undefined, name: string, create: boolean): FileChange | undefined {
  if (text === undefined && !create) return undefined;
  if (text !== undefined && scanEnvText(text).some((d) => d.name === name)) return undefined;
  return appendLines(template, text, [`${name}=`]);
}

/**
 * `.env` is ignored when the `.gitignore` files from the project root down to the package
 * root say so (a deeper file's negation wins, as in git). Otherwise `.env` is appended to
 * the nearest existing `.gitignore`, or a new one is created at the package root.
 */
function gitignoreChange(context: RuleContext, files: EnvFileSet): FileChange | undefined {
  const root = path.resolve(context.project.root);
  const dirs: string[] = [];
  for (let d = files.packageRoot; inside(root, d); d = path.dirname(d)) {
    dirs.push(d);
    if (d === root || path.dirname(d) === d) break;
  }
  let ignored = false;
  let nearest: { file: string; text: string } | undefined;
  for (const d of [...dirs].reverse()) {
    const file = path.join(d, '.gitignore');
    const text = context.project.readText(file);
    if (text === undefined) continue;
    nearest = { file, text };
    const rel = path.relative(d, files.env).split(path.sep).join('/');
    try {
      const t = ignore().add(text).test(rel);
      if (t.ignored) ignored = true;
      else if (t.unignored) ignored = false;
    } catch {
      // An unreadable pattern: git would skip it too.
    }
  }
  if (ignored) return undefined;
  if (nearest) return appendLines(nearest.file, nearest.text, ['.env']);
  return appendLines(path.join(files.packageRoot, '.gitignore'), undefined, ['.env']);
}

// ---------------------------------------------------------------------------------------
// Where a literal can be replaced by a run-time read

function ancestor(n: Node, depth: number, pred: (a: Node) => boolean): Node | undefined {
  let a: Node | null = n.parent;
  for (let i = 0; a && i < depth; i++, a = a.parent) if (pred(a)) return a;
  return undefined;
}

function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** False where the language wants a compile-time constant or where a read makes no sense. */
function replaceable(node: Node, lang: LanguageId): boolean {
  if (node.hasError) return false;
  const p = node.parent;
  if (!p) return false;
  if (p.type === 'expression_statement') return false; // docstrings, bare strings
  if ((p.type === 'pair' || p.type === 'keyed_element') && sameNode(p.childForFieldName('key'), node)) return false;
  switch (lang) {
    case 'javascript':
    case 'typescript':
      return !ancestor(node, 6, (a) => ['enum_body', 'enum_assignment', 'literal_type', 'import_statement', 'export_statement', 'type_annotation', 'property_signature', 'import_require_clause'].includes(a.type) &&
        !(a.type === 'export_statement' && !a.childForFieldName('source')));
    case 'python':
      return !ancestor(node, 4, (a) => a.type === 'type' || a.type === 'import_statement' || a.type === 'import_from_statement');
    case 'go': {
      if (ancestor(node, 3, (a) => a.type === 'import_spec' || a.type === 'field_declaration')) return false;
      const spec = ancestor(node, 3, (a) => a.type === 'const_spec' || a.type === 'var_spec');
      if (spec) {
        const type = spec.childForFieldName('type');
        if (type && type.text !== 'string' && type.text !== '[]byte') return false;
        if (spec.type === 'const_spec') return goConstKeyword(spec) !== undefined;
      }
      return true;
    }
    case 'java':
      return !ancestor(node, 8, (a) => a.type === 'annotation' || a.type === 'switch_label' || a.type === 'element_value_pair' || a.type === 'annotation_argument_list');
    case 'php':
      return !ancestor(node, 6, (a) => ['const_element', 'property_element', 'simple_parameter', 'property_promotion_parameter', 'static_variable_declaration', 'attribute', 'enum_case', 'const_declaration', 'declare_statement'].includes(a.type));
    case 'ruby':
      return !ancestor(node, 2, (a) => a.type === 'pair' && sameNode(a.childForFieldName('key'), node));
    default:
      return false;
  }
}

/** The `const` keyword of a Go const declaration holding exactly this one spec, else undefined. */
function goConstKeyword(spec: Node): Node | undefined {
  const decl = spec.parent;
  if (decl?.type !== 'const_declaration') return undefined;
  let specs = 0;
  for (let i = 0; i < decl.namedChildCount; i++) if (decl.namedChild(i)?.type === 'const_spec') specs++;
  const kw = decl.child(0);
  return specs === 1 && kw?.type === 'const' ? kw : undefined;
}

/** `prefix + read` in the language: a template or interpolation where there is one, else concatenation. */
function concatenation(lang: LanguageId, prefix: string, read: string, compact = false): string {
  switch (lang) {
    case 'javascript':
    case 'typescript':
      return `\`${prefix}\${${read}}\``;
    case 'ruby':
      return `"${prefix}#{${read}}"`;
    case 'php':
      return `'${prefix}' . ${read}`;
    default:
      return compact ? `${JSON.stringify(prefix)}+${read}` : `${JSON.stringify(prefix)} + ${read}`;
  }
}

/** Slots where an expression with a binary operator needs no parentheses. */
function isSafeSlot(node: Node, lang: LanguageId): boolean {
  const p = node.parent;
  if (!p) return false;
  const is = (f: string) => sameNode(p.childForFieldName(f), node);
  switch (lang) {
    case 'javascript':
    case 'typescript':
      switch (p.type) {
        case 'variable_declarator': return is('value');
        case 'assignment_expression': return is('right');
        case 'pair': return is('value');
        case 'public_field_definition': case 'field_definition': return is('value');
        case 'arguments': case 'array': case 'return_statement': case 'parenthesized_expression':
        case 'template_substitution': case 'jsx_expression': case 'spread_element':
          return true;
        case 'arrow_function': return is('body');
      }
      return false;
    case 'python':
      switch (p.type) {
        case 'assignment': return is('right');
        case 'keyword_argument': case 'pair': return is('value');
        case 'argument_list': case 'list': case 'tuple': case 'return_statement': case 'parenthesized_expression':
          return true;
      }
      return false;
    case 'go':
      switch (p.type) {
        case 'argument_list': case 'expression_list': case 'literal_element': case 'return_statement': case 'parenthesized_expression':
          return true;
      }
      return false;
    case 'java':
      switch (p.type) {
        case 'variable_declarator': return is('value');
        case 'assignment_expression': return is('right');
        case 'argument_list': case 'return_statement': case 'parenthesized_expression': case 'element_value_array_initializer': case 'array_initializer':
          return true;
      }
      return false;
    case 'php':
      switch (p.type) {
        case 'assignment_expression': return is('right');
        case 'array_element_initializer': case 'argument': case 'arguments': case 'return_statement': case 'parenthesized_expression':
          return true;
      }
      return false;
    case 'ruby':
      switch (p.type) {
        case 'assignment': return is('right');
        case 'pair': return is('value');
        case 'argument_list': case 'array': case 'parenthesized_statements':
          return true;
      }
      return false;
    default:
      return false;
  }
}

function isPythonBytes(node: Node): boolean {
  return /^[rR]?[bB]/.test(node.text) && node.type === 'string';
}

/** Literal calls whose result keeps the literal's meaning: `[]byte("k")`, `"k".getBytes()`, `b"k".decode()`, `Buffer.from("k")`. */
export function liftTransforms(node: Node, lang: LanguageId): Node {
  let cur = node;
  for (let i = 0; i < 3; i++) {
    const p = cur.parent;
    if (!p) break;
    let next: Node | undefined;
    switch (lang) {
      case 'go':
        if (p.type === 'type_conversion_expression' && /^(\[\]byte|string|\[\]rune)$/.test(p.childForFieldName('type')?.text ?? '')) next = p;
        break;
      case 'java':
        if (p.type === 'method_invocation' && sameNode(p.childForFieldName('object'), cur) && /^(getBytes|toCharArray|trim|strip|intern)$/.test(p.childForFieldName('name')?.text ?? '')) next = p;
        break;
      case 'python':
        if (p.type === 'attribute' && sameNode(p.childForFieldName('object'), cur) && /^(encode|decode|strip)$/.test(p.childForFieldName('attribute')?.text ?? '') && p.parent?.type === 'call') next = p.parent;
        break;
      case 'ruby':
        if (p.type === 'call' && sameNode(p.childForFieldName('receiver'), cur) && /^(freeze|b|dup|strip|to_s|force_encoding)$/.test(p.childForFieldName('method')?.text ?? '')) next = p;
        break;
      case 'javascript':
      case 'typescript': {
        if (p.type === 'member_expression' && sameNode(p.childForFieldName('object'), cur) && /^(trim)$/.test(p.childForFieldName('property')?.text ?? '') && p.parent?.type === 'call_expression') {
          next = p.parent;
        } else if (p.type === 'arguments' && p.parent?.type === 'call_expression' && /^(Buffer\.from|new TextEncoder\(\)\.encode)$/.test(p.parent.childForFieldName('function')?.text.replace(/\s/g, '') ?? '')) {
          next = p.parent;
        }
        break;
      }
    }
    if (!next) break;
    cur = next;
  }
  return cur;
}

// ---------------------------------------------------------------------------------------
// The read expression and the edits to the checked file

interface FileIdiom {
  read(name: string): string;
  /** `code` is the default's source text; `operator` says the result is a binary expression. */
  readWithDefault(name: string, code: string): { code: string; operator?: boolean; imports?: string[] } | undefined;
  /** Imports the read needs: Python 'os' or Go import paths. */
  imports: string[];
  /** The idiom needs a name defined at this offset (django-environ's `env = environ.Env()`); before it, `before` applies. */
  availableFrom?: number;
  before?: FileIdiom;
}

const q = (s: string) => JSON.stringify(s);
const sq = (s: string) => `'${s}'`;
const idiomCache = new TreeMemo<{ lang: LanguageId; idiom: FileIdiom }>();

/** How this file reads the environment at `node`: the language's idiom, adapted to what the file already uses. */
function fileIdiom(context: RuleContext, node: Node): FileIdiom {
  const tree = context.tree!;
  const cached = idiomCache.get(tree);
  let idiom: FileIdiom;
  if (cached && cached.lang === context.language) idiom = cached.idiom;
  else {
    idiom = computeIdiom(context);
    idiomCache.set(tree, { lang: context.language, idiom });
  }
  return idiom.availableFrom !== undefined && node.startIndex < idiom.availableFrom && idiom.before ? idiom.before : idiom;
}

function computeIdiom(context: RuleContext): FileIdiom {
  const lang = context.language;
  const env = LANGUAGES[lang].env!;
  const text = context.text;
  const base: FileIdiom = {
    read: env.read,
    readWithDefault: (n, d) => ({ code: env.readWithDefault(n, d) }),
    imports: [],
  };
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      const bang = lang === 'typescript' ? '!' : '';
      if (/\bDeno\.env\.get\(/.test(text) && !/\bprocess\.env\b/.test(text)) {
        return { read: (n) => `Deno.env.get(${q(n)})${bang}`, readWithDefault: (n, d) => ({ code: `Deno.env.get(${q(n)}) ?? ${d}`, operator: true }), imports: [] };
      }
      return { read: (n) => `${env.read(n)}${bang}`, readWithDefault: (n, d) => ({ code: `process.env.${n} ?? ${d}`, operator: true }), imports: [] };
    }
    case 'python': {
      const root = context.tree!.rootNode;
      const imports = findImports(root, lang);
      if (imports.some((i) => i.module === 'decouple' && i.names?.includes('config'))) {
        return { read: (n) => `config(${q(n)})`, readWithDefault: (n, d) => ({ code: `config(${q(n)}, default=${d})` }), imports: [] };
      }
      const envDef = /^(\w+)\s*=\s*environ\.Env\(/m.exec(text);
      if (envDef && imports.some((i) => i.module === 'environ')) {
        const v = envDef[1];
        return {
          read: (n) => `${v}(${q(n)})`, readWithDefault: (n, d) => ({ code: `${v}(${q(n)}, default=${d})` }), imports: [],
          availableFrom: envDef.index + envDef[0].length, before: pythonOsIdiom(root, base),
        };
      }
      return pythonOsIdiom(root, base);
    }
    case 'go': {
      const goVersion = goMinor(context);
      return {
        read: env.read,
        readWithDefault: (n, d) => (goVersion >= 22 ? { code: `cmp.Or(os.Getenv(${q(n)}), ${d})`, imports: ['cmp', 'os'] } : undefined),
        imports: ['os'],
      };
    }
    case 'php': {
      if (/(?<![\w$>:\\])env\(\s*['"][A-Za-z_]/.test(text)) {
        return { read: (n) => `env(${sq(n)})`, readWithDefault: (n, d) => ({ code: `env(${sq(n)}, ${d})` }), imports: [] };
      }
      if (/\$_ENV\[/.test(text) && !/\bgetenv\(/.test(text)) {
        return { read: (n) => `$_ENV[${sq(n)}]`, readWithDefault: (n, d) => ({ code: `$_ENV[${sq(n)}] ?? ${d}`, operator: true }), imports: [] };
      }
      return { read: env.read, readWithDefault: (n, d) => ({ code: `getenv(${sq(n)}) ?: ${d}`, operator: true }), imports: [] };
    }
    default:
      return base;
  }
}

/** Python without a config library: `os.environ` through the name the file imports it as. */
function pythonOsIdiom(root: Node, base: FileIdiom): FileIdiom {
  const imports = findImports(root, 'python');
  for (const s of topLevel(root)) {
    if (s.type !== 'import_statement') continue;
    for (const n of s.childrenForFieldName('name')) {
      if (n?.type === 'dotted_name' && (n.text === 'os' || n.text.startsWith('os.'))) return { ...base, imports: [] };
      if (n?.type === 'aliased_import' && n.childForFieldName('name')?.text === 'os') {
        const alias = n.childForFieldName('alias')?.text ?? 'os';
        return { read: (v) => `${alias}.environ[${q(v)}]`, readWithDefault: (v, d) => ({ code: `${alias}.environ.get(${q(v)}, ${d})` }), imports: [] };
      }
    }
  }
  const fromOs = imports.find((i) => i.module === 'os' && i.names?.includes('environ') && i.node.parent?.type === 'module');
  if (fromOs && !/\bimport\s+environ\s+as\b/.test(fromOs.node.text)) {
    return { read: (v) => `environ[${q(v)}]`, readWithDefault: (v, d) => ({ code: `environ.get(${q(v)}, ${d})` }), imports: [] };
  }
  return { ...base, imports: ['os'] };
}

/** Minor version of the `go` directive in the nearest go.mod (22 when there is none: assume a current toolchain). */
function goMinor(context: RuleContext): number {
  const files = envFilesFor(context);
  const dir = files?.packageRoot ?? path.dirname(context.path);
  const mod = context.project.readText(path.join(dir, 'go.mod'));
  if (mod === undefined) return 22;
  const m = /^go\s+1\.(\d+)/m.exec(mod);
  return m ? Number(m[1]) : 22;
}

function topLevel(root: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < root.namedChildCount; i++) {
    const c = root.namedChild(i);
    if (c) out.push(c);
  }
  return out;
}

/** The literal's replacement plus what it needs: imports, Go `const` -> `var`, JSX braces. */
function replacementEdits(context: RuleContext, node: Node, expr: string, idiom: Pick<FileIdiom, 'imports'>): TextEdit[] | undefined {
  const lang = context.language;
  const edits: TextEdit[] = [];
  let newText = expr;
  if ((lang === 'javascript' || lang === 'typescript') && node.parent?.type === 'jsx_attribute') newText = `{${expr}}`;
  edits.push({ range: context.rangeAt(node.startIndex, node.endIndex), newText });
  if (lang === 'go') {
    const spec = ancestor(node, 3, (a) => a.type === 'const_spec');
    if (spec) {
      const kw = goConstKeyword(spec);
      if (!kw) return undefined;
      edits.push({ range: context.rangeAt(kw.startIndex, kw.endIndex), newText: 'var' });
    }
    edits.push(...goImports(context, idiom.imports));
  }
  if (lang === 'python') for (const m of idiom.imports) edits.push(...pythonImport(context, m));
  return edits;
}
