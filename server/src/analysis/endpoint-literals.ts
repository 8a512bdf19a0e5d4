/**
 * Endpoint literals of a file: every string literal that `assessEndpoint` (urls.ts) reports,
 * with the context it was judged in. Shared by `config/no-hardcoded-url` (Factor III) and
 * `backing-services/no-fixed-host` (Factor IV) so that each literal gets exactly ONE verdict,
 * whose reason decides which of the two rules reports it:
 *
 *   Factor III  connection-url, credentials-in-url, cloud-resource, bucket
 *   Factor IV   backing-service-localhost, backing-service-fixed-host
 *
 * The context is what turns a word into an endpoint: the binding name (`REDIS_HOST`,
 * `DATABASES.default.HOST`), the callee for arguments (`redis.createClient.host`,
 * `psycopg2.connect.host`), a sibling port (`{ host: 'cache', port: 6379 }`,
 * `new Jedis("localhost", 6379)`), and a small table of client APIs whose names do not say
 * which service they talk to (`new Pool()` from `pg`, `Bunny.new`, `factory.setHost` with
 * RabbitMQ imported). Environment defaults (`process.env.X || '...'`), and the defaults of
 * other overridable config (pydantic `BaseSettings` fields, CLI flags, `settings.get(k, d)`,
 * a variable later re-read from the environment) pass `envDefault`: only real credentials
 * are reported there.
 *
 * Also followed, one hop and only into a host slot: a host constant handed to a client
 * (`$servername = "localhost"` ... `new mysqli($servername, ...)`, `HOST = "db"` ...
 * `psycopg2.connect(host=HOST)`) or interpolated into a DSN (`"mysql:host=$host;dbname=x"`),
 * reported at the constant, where the fix goes. Interpolations and format holes become `xxx`
 * (a placeholder to urls.ts), so `f"postgresql://{u}:{p}@localhost/db"` is judged by its host.
 *
 * Never judged: parts of a concatenation, docstrings, keys, compared or matched literals,
 * logging arguments, markup links, Firebase web config, development-scoped names and files
 * for localhost (`DevelopmentConfig`, `development:`, `config/environments/development.rb`).
 *
 * Computed once per tree (both rules ask for it). A cheap test of the value runs first, for
 * each factor; a value that only a name or a slot can make an endpoint (a bare host, a local or
 * app URL, a bucket name) is judged only where the text around it may give one (a word of it
 * within HINT_REACH characters before, a port beside), and its verdict is kept only for the
 * factor whose test held. A scan of the text asks the same (so a file with no candidate for a
 * rule is not parsed for it); only possible endpoints get a binding, and each looks at a few
 * parents and siblings only. The one-hop flow is one regular-expression pass, and follows only
 * a constant assigned right before its value to a name used where the text says host.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { precheck, type RuleContext } from '../engine/rule';
import { escapeRegExp } from '../engine/regexp';
import type { LanguageId } from '../parsing/languages';
import { hasLiteralCandidates, literalCandidates, literalOffsets, STRING_NODE_TYPES, type LiteralFilter } from './literal-scan';
import {
  bindingOf, callInfo, enclosingFunction, envReadAt, findImports, identifierWords, integerValue, isEnvDefault, nameText, stringContentRange, stringValue, toEnvName,
  type Binding, type CallInfo,
} from './syntax';
import { assessEndpoint, classifyHost, hasEnvironmentMarker, HOST_WORDS, isReferenceUrl, isBackingWord, isWellKnownConstantHost, hostNamesService, nameDropsHosts, nameWords, parseConnectionString, type EndpointReason, type EndpointVerdict, type ServiceKind } from './urls';
import { TreeMemo } from '../parsing/tree-memo';

export const FACTOR_III_REASONS: ReadonlySet<EndpointReason> = new Set(['connection-url', 'credentials-in-url', 'cloud-resource', 'bucket']);
export const FACTOR_IV_REASONS: ReadonlySet<EndpointReason> = new Set(['backing-service-localhost', 'backing-service-fixed-host']);

export interface EndpointLiteral {
  /** The string literal node (the whole literal, quotes included). */
  node: Node;
  /** The literal's value as assessed (a sibling port may have been appended: `localhost:6379`). */
  value: string;
  verdict: EndpointVerdict;
  /** The context name given to `assessEndpoint`. */
  name?: string;
  binding: Binding;
  /** A host given to a client constructor / connect call (`redis.createClient({ host })`, `new Jedis("h")`). */
  client?: { callee: string };
  /** The literal has interpolations or format holes (`f"...{x}..."`, `"%s"`): reported, never rewritten. */
  template: boolean;
  /** The literal is the fallback of an environment read (only real credentials are reported there). */
  envDefault: boolean;
  /** For an environment default: the read whose default it is (its variable name, when literal). */
  envRead?: { name?: string; node: Node };
  /** Service the literal belongs to, for messages and env names ('database', 'cache'...). */
  serviceKind: ServiceKind;
  /** Lower-case scheme when the value is a URL/DSN ('postgresql', 'redis', 'jdbc:mysql'). */
  scheme?: string;
  /** Host, for Factor IV messages (never a secret). */
  host?: string;
  /** Which slot made the literal an endpoint beyond what `assessEndpoint` says alone. */
  slot?: 'app-url' | 'base-url';
  /** Name of what the client built here is bound to (`pricing` in `const pricing = new Pool(url)`), for env names. */
  owner?: string;
}

// ---------------------------------------------------------------------------------------
// Queries (one per language; TypeScript falls back to JavaScript)
// ---------------------------------------------------------------------------------------

export const STRING_QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: '[(string) (template_string)] @s',
  python: '[(string) (concatenated_string)] @s',
  go: '[(interpreted_string_literal) (raw_string_literal)] @s',
  ruby: '[(string) (chained_string)] @s',
  java: '(string_literal) @s',
  php: '[(string) (encapsed_string)] @s',
};

export const ENDPOINT_LANGUAGES: LanguageId[] = ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'];

// ---------------------------------------------------------------------------------------
// Client APIs whose names do not say which backing service they reach
// ---------------------------------------------------------------------------------------

interface ClientApi {
  langs: LanguageId[];
  /** Matched against the callee text (`Pool`, `pg.Pool`, `psycopg2.connect`, `factory.setHost`, `$redis->connect`). */
  callee: RegExp;
  /** Word put in front of the context name so that it names the service (`redis`, `postgres`...). */
  word?: string;
  /** Positional argument that is the host: an index, or the first string literal argument. */
  hostArg?: number | 'first-string';
  /** The file must import a module matching this (for names as common as `Pool`, `Client`, `setHost`). */
  modules?: RegExp;
  /** With `hostArg`: what the text just before a host argument holds of the call (the scan looks for it). */
  hint?: RegExp;
}

const JS: LanguageId[] = ['javascript', 'typescript'];
const CLIENT_APIS: ClientApi[] = [
  // JavaScript / TypeScript
  { langs: JS, callee: /^(?:pg\.)?(?:Pool|Client)$/, word: 'postgres', modules: /^(?:pg|pg-pool)$/ },
  { langs: JS, callee: /^(?:\w+\.)?Client$/, word: 'elasticsearch', modules: /^@elastic\/elasticsearch$|^@opensearch-project\/opensearch$/ },
  { langs: JS, callee: /^(?:\w+\.)?(?:DataSource|createConnection|createPool)$/, word: 'database', modules: /^typeorm$|^mysql2?(?:\/promise)?$|^mariadb$/ },
  { langs: JS, callee: /^(?:\w+\.)?createClient$/, word: 'redis', modules: /^redis$|^@redis\/client$/ },
  { langs: JS, callee: /^(?:\w+\.)?createTransport$/, word: 'smtp', modules: /^nodemailer$/ },
  { langs: JS, callee: /^(?:\w+\.)?Client$/, word: 'cassandra', modules: /^cassandra-driver$/ },
  // Python
  { langs: ['python'], callee: /^asyncpg\.(?:connect|create_pool)$|^(?:create_pool|connect)$/, word: 'postgres', modules: /^asyncpg$/ },
  { langs: ['python'], callee: /^MySQLdb\.(?:connect|Connect|Connection)$|^aiomysql\.(?:connect|create_pool)$/, word: 'mysql', hostArg: 0, hint: /\b(?:MySQLdb|aiomysql)\b/ },
  { langs: ['python'], callee: /^pymysql\.(?:connect|Connect)$|^pymssql\.connect$/, word: 'database', hostArg: 0, hint: /\bpym(?:y|ss)sql\b/ },
  { langs: ['python'], callee: /^(?:redis\.|aioredis\.|redis\.asyncio\.)?(?:Strict)?Redis$/, word: 'redis', hostArg: 0, hint: /Redis\b/ },
  { langs: ['python'], callee: /^(?:pymongo\.)?MongoClient$|^(?:motor\.motor_asyncio\.)?AsyncIOMotorClient$/, word: 'mongo', hostArg: 0, hint: /MongoClient\b/ },
  { langs: ['python'], callee: /^(?:smtplib\.)?SMTP(?:_SSL)?$|^(?:aiosmtplib\.)?SMTP$/, word: 'smtp', hostArg: 0, hint: /\bSMTP(?:_SSL)?\b/ },
  { langs: ['python'], callee: /^(?:pika\.)?ConnectionParameters$/, word: 'amqp', hostArg: 0, hint: /\bConnectionParameters\b/ },
  // Go
  { langs: ['go'], callee: /^mgo\.Dial$/, word: 'mongo', hostArg: 0, hint: /\bmgo\b/ },
  { langs: ['go'], callee: /^memcache\.New$/, word: 'memcached', hostArg: 0, hint: /\bmemcache\b/ },
  // Ruby
  { langs: ['ruby'], callee: /^(?:::)?ActiveRecord::Base\.establish_connection$|^establish_connection$|^Sequel\.connect$/, word: 'database' },
  { langs: ['ruby'], callee: /^(?:::)?Bunny\.new$/, word: 'amqp' },
  { langs: ['ruby'], callee: /^(?:::)?Dalli::Client\.new$/, word: 'memcached', hostArg: 0, hint: /\bDalli\b/ },
  { langs: ['ruby'], callee: /^(?:::)?Net::SMTP\.(?:new|start)$/, word: 'smtp', hostArg: 0, hint: /\bSMTP\b/ },
  { langs: ['ruby'], callee: /^delivery_method$/, word: 'smtp' },
  { langs: ['ruby'], callee: /^(?:::)?Redis\.new$/, word: 'redis' },
  // Java
  { langs: ['java'], callee: /^(?:[\w.]+\.)?(?:Jedis|JedisPool|JedisPooled|BinaryJedis)$/, word: 'redis', hostArg: 'first-string', hint: /Jedis/ },
  { langs: ['java'], callee: /^(?:[\w.]+\.)?(?:RedisStandaloneConfiguration|LettuceConnectionFactory|JedisConnectionFactory)$/, word: 'redis', hostArg: 0, hint: /\b(?:RedisStandaloneConfiguration|LettuceConnectionFactory|JedisConnectionFactory)\b/ },
  { langs: ['java'], callee: /^(?:[\w.]+\.)?MongoClient$/, word: 'mongo', hostArg: 0, hint: /\bMongoClient\b/ },
  { langs: ['java'], callee: /(?:^|\.)addContactPoints?$/, word: 'cassandra', hostArg: 0, hint: /\baddContactPoints?\b/ },
  { langs: ['java'], callee: /(?:^|\.)setHost$/, word: 'amqp', hostArg: 0, modules: /^com\.rabbitmq\./, hint: /\bsetHost\b/ },
  { langs: ['java'], callee: /(?:^|\.)setHost$/, word: 'smtp', hostArg: 0, modules: /^org\.springframework\.mail\./, hint: /\bsetHost\b/ },
  { langs: ['java'], callee: /(?:^|\.)setHostName$/, word: 'smtp', hostArg: 0, modules: /^org\.apache\.commons\.mail\./, hint: /\bsetHostName\b/ },
  { langs: ['java'], callee: /(?:^|\.)setHostName$/, word: 'redis', hostArg: 0, modules: /^org\.springframework\.data\.redis\./, hint: /\bsetHostName\b/ },
  { langs: ['java'], callee: /(?:^|\.)setServerNames?$/, word: 'database', hostArg: 0, modules: /^(?:org\.postgresql|com\.mysql|org\.mariadb|com\.microsoft\.sqlserver|oracle\.jdbc)\./, hint: /\bsetServerNames?\b/ },
  // PHP
  { langs: ['php'], callee: /^(?:mysqli|mysqli_connect|mysql_connect|mysql_pconnect)$/i, word: 'mysql', hostArg: 0, hint: /\b(?:mysqli|mysqli_connect|mysql_connect|mysql_pconnect)\b/i },
  { langs: ['php'], callee: /^mysqli_real_connect$/i, word: 'mysql', hostArg: 1, hint: /\bmysqli_real_connect\b/i },
  { langs: ['php'], callee: /->(?:p?connect|p?open)$/, hostArg: 0, hint: /->\s*p?(?:connect|open)\b/ },
  { langs: ['php'], callee: /->addServer$/, hostArg: 0, hint: /->\s*addServer\b/ },
  { langs: ['php'], callee: /^(?:Predis\\)?Client$/, word: 'redis', modules: /^Predis\\/ },
  { langs: ['php'], callee: /^Predis\\Client$/, word: 'redis' },
  { langs: ['php'], callee: /^(?:PhpAmqpLib\\Connection\\)?AMQP(?:Stream|SSL|Socket)?Connection$/, word: 'amqp', hostArg: 0, hint: /\bAMQP(?:Stream|SSL|Socket)?Connection\b/ },
];

// ---------------------------------------------------------------------------------------
// Calls whose string arguments are never wiring
// ---------------------------------------------------------------------------------------

/** Logging and printing: the literal is a message (and the preamble: never flag stdout logging). */
const LOG_CALLEE = /^(?:console\.\w+|print|println|printf|puts|p|pp|echo|print_r|var_dump|error_log|die|exit|warn|fmt\.(?:Print|Fprint|Errorf|Sprint\b)\w*|log\.\w+|logging\.\w+|System\.(?:out|err)\.\w+|(?:\w+\.)*(?:logger|log|LOGGER|LOG|Log|Logger|logging)\.\w+|\$(?:this->)?logger->\w+|Log::\w+|Rails\.logger\.\w+|t\.(?:Log|Logf|Error|Errorf|Fatal|Fatalf|Skip)f?)$/;

/** String methods and matchers: the literal is a pattern or a value compared against, not config. */
const STRING_METHOD = /^(?:startsWith|endsWith|includes|indexOf|lastIndexOf|contains|replace|replaceAll|split|match|matches|test|search|startswith|endswith|find|rfind|index|count|strip|lstrip|rstrip|removeprefix|removesuffix|partition|rpartition|equals|equalsIgnoreCase|compareTo|contentEquals|regionMatches|HasPrefix|HasSuffix|Contains|ContainsAny|Index|TrimPrefix|TrimSuffix|TrimLeft|TrimRight|Trim|Split|SplitN|Replace|ReplaceAll|EqualFold|Compare|start_with\?|end_with\?|include\?|sub|gsub|sub!|gsub!|delete_prefix|delete_suffix|strpos|stripos|strrpos|str_contains|str_starts_with|str_ends_with|str_replace|str_ireplace|preg_match|preg_replace|explode|substr_count|strstr|stristr|in_array|array_search|RegExp|compile|MustCompile|re\.\w+|Pattern\.compile|assert\w*|expect|assertEquals|assertThat|skip|setdefault_if|getOrDefault)$/;

/** Calls whose result keeps the literal's meaning: the name comes from the call's own binding. */
const WRAPPER_CALLEE = /^(?:aws\.String|String|str|URL|URI|URI\.create|java\.net\.URI\.create|url\.Parse|url\.ParseRequestURI|urlparse|urlsplit|urllib\.parse\.urlparse|urllib\.parse\.urlsplit|make_url|sqlalchemy\.engine\.url\.make_url|URI\.parse|URI|Addressable::URI\.parse|parse_url|Uri\.parse|Some|Optional\.of)$/;

/** Callees of positional host + port calls (`new Jedis(h, 6379)`, `smtplib.SMTP(h, 25)`, `$r->connect(h, 6379)`). */
const CONNECT_CALLEE = /connect|client|open|dial|pool|server|smtp|jedis|redis|mongo|memcache|amqp|rabbit|kafka|cluster|host|socket|address|transport|broker|session|database|dalli|bunny/i;

// ---------------------------------------------------------------------------------------
// Small tree helpers
// ---------------------------------------------------------------------------------------

function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.id === b.id && a.startIndex === b.startIndex && a.type === b.type;
}

function namedKids(n: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && !c.type.includes('comment')) out.push(c);
  }
  return out;
}

const CALL_TYPES: Record<string, readonly string[]> = {
  javascript: ['call_expression', 'new_expression'],
  typescript: ['call_expression', 'new_expression'],
  python: ['call'],
  go: ['call_expression'],
  ruby: ['call'],
  java: ['method_invocation', 'object_creation_expression'],
  php: ['function_call_expression', 'member_call_expression', 'nullsafe_member_call_expression', 'scoped_call_expression', 'object_creation_expression'],
};

const CONSTRUCTOR_TYPES = new Set(['new_expression', 'object_creation_expression']);

/** The call whose argument list holds `arg` (through keyword / PHP argument / Ruby pair wrappers). */
function callOfArgument(arg: Node, lang: LanguageId): Node | undefined {
  let p = arg.parent;
  for (let i = 0; p && i < 3; i++) {
    if (CALL_TYPES[lang]?.includes(p.type)) return p;
    if (!['arguments', 'argument_list', 'argument', 'keyword_argument', 'pair'].includes(p.type)) return undefined;
    p = p.parent;
  }
  return undefined;
}

function methodOf(callee: string): string {
  const m = /(?:\.|->|::|\?->)([^.>:]+)$/.exec(callee);
  return m ? m[1] : callee;
}

/** Array/list containers whose binding is the binding of their elements. */
const ARRAY_TYPES = new Set(['array', 'list', 'tuple', 'set', 'array_initializer', 'array_creation_expression', 'literal_value']);

/**
 * `bindingOf` for a literal, looking through array elements (`brokers: ['localhost:9092']`) and
 * value-keeping calls (`aws.String("b")`, `new URL("...")`, `urlparse("...")`).
 * Local workaround: bindingOf stops at arrays and at any call.
 */
function literalBinding(node: Node, lang: LanguageId): Binding {
  let b = bindingOf(node, lang);
  for (let i = 0; i < 3; i++) {
    const cur = b.node;
    const p = cur.parent;
    if (!p) return b;
    if (b.kind === 'other' && ARRAY_TYPES.has(p.type)) {
      if (p.type === 'literal_value') {
        // Go: []string{"a"} — element literal_element -> literal_value -> composite_literal
        const lit = p.parent;
        if (lit?.type !== 'composite_literal') return b;
        b = bindingOf(lit, lang);
        continue;
      }
      if (p.type === 'array_creation_expression' && lang !== 'php') return b;
      b = bindingOf(p, lang);
      continue;
    }
    if (b.kind === 'other' && lang === 'go' && p.type === 'literal_element' && p.parent?.type === 'literal_value') {
      const lit = p.parent.parent;
      if (lit?.type !== 'composite_literal') return b;
      b = bindingOf(lit, lang);
      continue;
    }
    if (lang === 'php' && b.kind === 'other' && p.type === 'array_element_initializer' && namedKids(p).length === 1 && p.parent) {
      b = bindingOf(p.parent, lang);
      continue;
    }
    if (b.kind === 'argument' && b.callee && WRAPPER_CALLEE.test(b.callee)) {
      const call = callOfArgument(cur, lang);
      if (!call) return b;
      b = bindingOf(call, lang);
      continue;
    }
    return b;
  }
  return b;
}

// ---------------------------------------------------------------------------------------
// Siblings: ports next to hosts
// ---------------------------------------------------------------------------------------

/** Key and value of an entry of an object/dict/hash/kwargs/struct literal. */
function entryParts(e: Node, lang: LanguageId): { key?: string; value?: Node } {
  switch (e.type) {
    case 'pair': {
      const k = e.childForFieldName('key');
      const v = e.childForFieldName('value');
      return { key: k ? nameText(k, lang) : undefined, value: v ?? undefined };
    }
    case 'keyword_argument': {
      return { key: e.childForFieldName('name')?.text, value: e.childForFieldName('value') ?? undefined };
    }
    case 'argument': {
      const n = e.childForFieldName('name');
      const kids = namedKids(e).filter((c) => !same(c, n));
      return { key: n?.text, value: kids[kids.length - 1] };
    }
    case 'array_element_initializer': {
      const k = namedKids(e);
      return k.length === 2 ? { key: stringValue(k[0], lang), value: k[1] } : {};
    }
    case 'keyed_element': {
      const k = e.childForFieldName('key');
      const v = e.childForFieldName('value');
      const ki = k ? namedKids(k)[0] : undefined;
      return { key: ki ? (ki.type === 'identifier' || ki.type === 'field_identifier' ? ki.text : stringValue(ki, lang)) : undefined, value: v ? namedKids(v)[0] : undefined };
    }
  }
  return {};
}

function portOf(n: Node | undefined, lang: LanguageId): number | undefined {
  if (!n) return undefined;
  const i = integerValue(n, lang);
  if (i !== undefined) return i > 0 && i <= 65535 ? i : undefined;
  const s = stringValue(n, lang);
  if (s !== undefined && /^\d{2,5}$/.test(s)) {
    const p = Number(s);
    return p <= 65535 ? p : undefined;
  }
  return undefined;
}

const HOST_KEY_WORDS = new Set(['host', 'hostname', 'server', 'address', 'addr', 'hostaddr']);

function isHostKey(name: string | undefined): boolean {
  if (!name) return false;
  const w = nameWords(name);
  return w.length > 0 && HOST_KEY_WORDS.has(w[w.length - 1]);
}

/** The port entry beside a host entry of the same object / kwargs (`{ host: 'db', port: 5432 }`). */
function siblingPort(entry: Node, lang: LanguageId): number | undefined {
  const container = entry.parent;
  if (!container) return undefined;
  for (const e of namedKids(container)) {
    if (e.type !== entry.type || same(e, entry)) continue;
    const { key, value } = entryParts(e, lang);
    if (!key) continue;
    const w = nameWords(key);
    if (w[w.length - 1] !== 'port') continue;
    return portOf(value, lang);
  }
  return undefined;
}

/** Keys of a Firebase web config: public client settings shipped to browsers by design, not deploy config to hide. */
const FIREBASE_KEYS = new Set(['apiKey', 'authDomain', 'databaseURL', 'projectId', 'storageBucket', 'messagingSenderId', 'appId', 'measurementId']);

function isFirebaseConfig(entry: Node, b: Binding, lang: LanguageId): boolean {
  if (!b.name || !FIREBASE_KEYS.has(b.name)) return false;
  if ((b.fullName ?? '').toLowerCase().includes('firebase')) return true;
  const container = entry.parent;
  if (!container) return false;
  let n = 0;
  for (const e of namedKids(container)) {
    const k = e.type === entry.type ? entryParts(e, lang).key : undefined;
    if (k && FIREBASE_KEYS.has(k) && ++n >= 3) return true;
  }
  return false;
}

/** The entry node (pair / keyword argument / keyed element...) that holds the literal as its value. */
function entryOf(valueNode: Node): Node | undefined {
  const p = valueNode.parent;
  if (!p) return undefined;
  if (p.type === 'literal_element' && p.parent?.type === 'keyed_element') return p.parent;
  if (['pair', 'keyword_argument', 'argument', 'array_element_initializer', 'keyed_element'].includes(p.type)) return p;
  return undefined;
}

function positionalArgs(info: CallInfo, lang: LanguageId): Node[] {
  return info.args.filter((a) => !((lang === 'python' && a.type === 'keyword_argument') || (lang === 'php' && a.type === 'argument' && a.childForFieldName('name')) || (lang === 'ruby' && a.type === 'pair')));
}

function unwrapArg(a: Node, lang: LanguageId): Node {
  if (lang === 'php' && a.type === 'argument') return namedKids(a)[0] ?? a;
  return a;
}

const backingPorts = new Map<number, boolean>();

/** A well-known backing-service port (6379, 5432, 587...), as urls.ts knows them: `localhost:<port>` is reportable. */
function isBackingPort(port: number): boolean {
  if (!(port > 0 && port <= 65535)) return false;
  let b = backingPorts.get(port);
  if (b === undefined) {
    b = !!assessEndpoint(`localhost:${port}`)?.report;
    backingPorts.set(port, b);
  }
  return b;
}

// ---------------------------------------------------------------------------------------
// Templates: interpolations and format holes become `xxx`, a placeholder to urls.ts
// ---------------------------------------------------------------------------------------

const INTERPOLATION_TYPES = new Set(['template_substitution', 'interpolation']);
const HOLE = 'xxx';

/** Text of an interpolated literal with each interpolation replaced by `xxx` (or by `resolve`'s value); undefined when unsure. */
function interpolatedValue(node: Node, lang: LanguageId, resolve?: (hole: Node) => string | undefined): string | undefined {
  const range = stringContentRange(node, lang);
  if (!range) return undefined;
  const base = node.startIndex;
  const text = node.text;
  let out = '';
  let pos = range.start;
  for (const c of namedKids(node)) {
    const isHole = lang === 'php' ? !['string_content', 'escape_sequence', 'string_value'].includes(c.type) : INTERPOLATION_TYPES.has(c.type);
    if (!isHole) continue;
    let s = c.startIndex;
    let e = c.endIndex;
    if (lang === 'php') {
      if (text[s - base - 1] === '{') s--;
      if (text[e - base] === '}') e++;
    }
    if (s < pos || e > range.end) return undefined;
    out += text.slice(pos - base, s - base) + (resolve?.(c) ?? HOLE);
    pos = e;
  }
  out += text.slice(pos - base, range.end - base);
  if (out.includes('\\')) return undefined;
  return out;
}

/** Replaces printf / str.format holes with `xxx` (`%s`, `%(name)s`, `%v`, `{}`, `{0}`, `{name}`). */
function fillFormatHoles(v: string): string {
  return v.replace(/%(?:\([A-Za-z_]\w*\))?[-+ #0]*\d*(?:\.\d+)?[sdvqfxiu]|\{[A-Za-z0-9_]*(?::[^{}]*)?\}/g, HOLE);
}

/** When the literal is a format template (`"...%s".format`, `"%s" % x`, `fmt.Sprintf`, `String.format`), the formatting expression. */
function formatCallOf(node: Node, lang: LanguageId): Node | undefined {
  const p = node.parent;
  if (!p) return undefined;
  if (lang === 'python') {
    if (p.type === 'attribute' && same(p.childForFieldName('object'), node) && p.childForFieldName('attribute')?.text === 'format' && p.parent?.type === 'call') return p.parent;
    if (p.type === 'binary_operator' && same(p.childForFieldName('left'), node) && p.childForFieldName('operator')?.text === '%') return p;
    return undefined;
  }
  if (lang === 'ruby' && p.type === 'binary' && same(p.childForFieldName('left'), node) && p.childForFieldName('operator')?.text === '%') return p;
  const call = callOfArgument(node, lang);
  if (!call) {
    if (lang === 'java' && p.type === 'method_invocation' && same(p.childForFieldName('object'), node) && p.childForFieldName('name')?.text === 'formatted') return p;
    return undefined;
  }
  const info = callInfo(call, lang);
  if (!info || !same(unwrapArg(info.args[0] ?? node, lang), node)) return undefined;
  if (/^(?:fmt\.Sprintf|String\.format|MessageFormat\.format|sprintf|vsprintf|format|Kernel\.format|util\.format)$/.test(info.callee)) return call;
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Per-literal assessment
// ---------------------------------------------------------------------------------------

const QUICK_SHAPE = /^[\w.\-[\]:,@/]+$/;

function plausible(v: string): boolean {
  if (v.length < 2 || v.length > 4096) return false;
  if (v.includes('://') || v.includes('=') || v.includes('@') || /^jdbc:/i.test(v)) return true;
  return QUICK_SHAPE.test(v) && !/^\d+$/.test(v);
}

/** Labels of docker-compose / k8s service names that say which backing service they are. */
const SERVICE_LABEL_WORDS = new Set([
  'db', 'database', 'sql', 'pg', 'postgres', 'postgresql', 'pgsql', 'psql', 'mysql', 'mariadb', 'mssql', 'sqlserver', 'oracle', 'mongo', 'mongodb',
  'cassandra', 'scylla', 'couchdb', 'couchbase', 'neo4j', 'clickhouse', 'influxdb', 'cockroach', 'cockroachdb', 'redis', 'valkey', 'keydb',
  'dragonfly', 'sentinel', 'memcached', 'memcache', 'cache', 'rabbitmq', 'rabbit', 'amqp', 'kafka', 'zookeeper', 'zk', 'nats', 'broker',
  'activemq', 'pulsar', 'elasticsearch', 'elastic', 'opensearch', 'es', 'solr', 'meilisearch', 'typesense', 'smtp', 'mail', 'mailhog',
  'mailpit', 'mailcatcher', 'mailserver', 'postfix', 'minio', 'localstack', 'azurite', 'ldap', 'etcd', 'consul', 'vault',
]);

/** What a name must say for a single label to be a host in it. */
const LABEL_HOST_NAME = /host|server|addr|endpoint|broker|dsn|url|uri|node/i;

/**
 * A bare single-label value (`db`, `redis-master`) is a host only when it is written like one
 * and names a service: `"nativebroker"` in a `...Broker` constant is an identifier, not a host.
 */
function isPlausibleBareHost(value: string, verdict: EndpointVerdict, name?: string): boolean {
  const h = verdict.host;
  if (!h || h.hostKind === 'loopback' || h.host.includes('.') || h.host.includes(':') || /:\d+$/.test(value) || value.includes(',')) return true;
  if (!/^[a-z][a-z0-9_-]*$/.test(value)) return false;
  // A single word is a host only where the name says so (`REDIS_HOST = "cache"`), not in any
  // slot that merely names a service (`RedisCluster: 'ext-redis'` maps a class to a package).
  if (name !== undefined && !LABEL_HOST_NAME.test(name)) return false;
  return value.split(/[-_]/).some((part) => SERVICE_LABEL_WORDS.has(part.replace(/\d+$/, '')));
}

// A value that only a name or a slot can make an endpoint is judged only where the text around
// it may give one: a word of the name or callee in the HINT_REACH characters before the
// literal's opening quote, or a port argument right beside it. The scan and the check ask the
// same of the same text, so they agree; the binding is computed only for what passes.

/** How far before a literal's opening quote the words that may make it an endpoint are looked for. */
const HINT_REACH = 120;
/** How far after a literal a port beside it is looked for (`new Jedis("cache", 6379)`, `{ host: 'cache', user: 'app', port: 6379 }`). */
const PORT_REACH = 120;

// What a value needs around it to be judged (any one of them), for a Factor III verdict (a
// bucket, an app URL) or a Factor IV one (a host-ish name or a client for a bare host or a
// local URL; a port beside for a bare word).
const NEEDS_BUCKET = 1;
const NEEDS_APP = 2;
const NEEDS_HOST = 4;
const NEEDS_PORT = 8;
/** A service's single label (`db`, `redis-master`): a host-ish name that also passes `isPlausibleBareHost`, a client, or a port. */
const NEEDS_LABEL = 16;
/** A public host that names no service (`mail.acme.com`): a host-ish name and a word of the service, a client, or a port. */
const NEEDS_SERVICE = 32;
/** true, false, or NEEDS_* bits. */
type Worth = boolean | number;
/** The worth of a value for a Factor III verdict and for a Factor IV one: judged are the literals either holds for. */
type Worths = readonly [Worth, Worth];

/** Last words of a host key, which a port beside may follow (`siblingPort`): `{ host: 'payments', port: 6379 }`. */
const HOST_KEY_LAST = new Set(['host', 'hostname', 'server', 'address', 'addr', 'hostaddr']);
/** Last words of a host-ish name (urls.ts `analyseName`; a client's base URL key says `url` or `uri`). */
const HOSTISH_LAST = new Set([...HOST_WORDS, 'connstr', 'connstring']);
/** Words before a last `string`, `str` or `name` that make a name host-ish (`connection_string`, `host_name`). */
const HOSTISH_BEFORE_NAME = new Set(['connection', 'conn', 'host', 'server']);
/** Words of an app URL's name (`isAppUrlName`), before its last `url` or `uri`. */
const APP_URL_WORDS = new Set(['callback', 'redirect', 'return', 'success', 'cancel', 'notify']);

/**
 * Runs of the callees of `CLIENT_APIS` entries with a `word`, which says the service in a name
 * the code does not write (`createClient({ host })` from `redis`: `redis.createClient.host`).
 */
const SERVICE_CALLEE = /Pool|Client|DataSource|[cC]onnect|create_pool|Transport|Bunny|delivery_method|Redis|MySQLdb|aiomysql|pym(?:y|ss)sql|SMTP|ConnectionParameters|^mgo$|^memcache$|Dalli|Jedis|ContactPoints?$|^setHost(?:Name)?$|^setServerNames?$|[Mm][Yy][Ss][Qq][Ll]/;

/** boto3 transfer methods, which take a bucket positionally (`isBotoBucketArg`). */
const BOTO_TRANSFER = /^(?:upload|download)_file(?:obj)?$/;

const NAME_RUN = /[A-Za-z0-9_$]+/g;

// What a run of name characters may end a name with (the name of a binding or a callee ends
// with a run: its last words are the run's).
const RUN_HOSTISH = 1;
const RUN_HOST_KEY = 2;
const RUN_BUCKET = 4;
const RUN_PORT = 8;
const RUN_URL = 16;
const RUN_APP = 32;
const RUN_APP_URL = 64;
/** A word a single label's name must hold (`isPlausibleBareHost`). */
const RUN_LABEL_NAME = 128;
/** A word of a backing service (urls.ts `NAME_BACKING`), or a client call that may bring one (`SERVICE_CALLEE`). */
const RUN_SERVICE = 256;

/** `RUN_*` bits of a run, by run. */
const runHints = new Map<string, number>();

function hintsOfRun(run: string): number {
  let v = runHints.get(run);
  if (v === undefined) {
    const words = nameWords(run);
    const last = words[words.length - 1] ?? '';
    const prev = words[words.length - 2] ?? '';
    v = 0;
    // A test, docs or allow-list name drops hosts: a run of one is no host-ish name.
    if (!nameDropsHosts(words)) {
      if (HOSTISH_LAST.has(last) || ((last === 'string' || last === 'str' || last === 'name') && HOSTISH_BEFORE_NAME.has(prev))) v |= RUN_HOSTISH;
      // A name split by `.` or `-` (`connection.string`, `host-name`): its last run is not all of it.
      if (HOSTISH_BEFORE_NAME.has(last)) v |= RUN_HOSTISH;
    }
    if (HOST_KEY_LAST.has(last)) v |= RUN_HOST_KEY;
    if (last === 'bucket' || last === 'buckets' || (prev === 'bucket' && (last === 'name' || last === 'id')) || BOTO_TRANSFER.test(run)) v |= RUN_BUCKET;
    if (last === 'port') v |= RUN_PORT;
    if (last === 'url' || last === 'uri') v |= RUN_URL;
    if (APP_URL_WORDS.has(last)) v |= RUN_APP;
    if (APP_URL_WORDS.has(prev) && (last === 'url' || last === 'uri')) v |= RUN_APP_URL;
    if (LABEL_HOST_NAME.test(run)) v |= RUN_LABEL_NAME;
    if (words.some(isBackingWord) || SERVICE_CALLEE.test(run)) v |= RUN_SERVICE;
    if (runHints.size >= 32768) runHints.clear();
    runHints.set(copyString(run), v);
  }
  return v;
}

const DIGIT = /\d/;

/** After a key (`host:`, `host=`, `'host' =>`, `["host"] =`); and after a port key, a port (`port: 6379`, `'port' => '5432'`). */
const KEY_AFTER = /^['"]?\]?\s*(?::|=>|=(?![=>]))/;
const PORT_ENTRY_AFTER = /^['"]?\]?\s*(?::|=>|=(?![=>]))\s*['"]?[-+]?\s*\d/;

/**
 * The `RUN_*` bits of the runs of `text`; a host key and a port count only as keys, a port
 * with a number (`siblingPort`: `{ host: 'payments', port: 6379 }`).
 */
let lastRuns = { text: '', got: 0 };

function runsOf(text: string): number {
  // Both factors of a literal ask about the same text.
  if (text === lastRuns.text) return lastRuns.got;
  let got = 0;
  NAME_RUN.lastIndex = 0;
  for (let m = NAME_RUN.exec(text); m; m = NAME_RUN.exec(text)) {
    let v = hintsOfRun(m[0]);
    if (v & (RUN_HOST_KEY | RUN_PORT)) {
      const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 16);
      if (v & RUN_HOST_KEY && !KEY_AFTER.test(rest)) v &= ~RUN_HOST_KEY;
      if (v & RUN_PORT && !PORT_ENTRY_AFTER.test(rest)) v &= ~RUN_PORT;
    }
    got |= v;
  }
  lastRuns = { text, got };
  return got;
}

/**
 * Case-insensitive expressions of the words a run needs for some of its `RUN_*` bits (every
 * word `hintsOfRun` tests is a lower-cased part of the run): 'bucket' for RUN_BUCKET,
 * 'app' for RUN_APP and RUN_APP_URL, 'hostish' for RUN_HOSTISH, 'hostKey' for RUN_HOST_KEY.
 */
const runWordTexts = new Map<string, RegExp>();
function runWordsText(bits: 'bucket' | 'app' | 'hostish' | 'hostKey'): RegExp {
  let re = runWordTexts.get(bits);
  if (!re) {
    const words = bits === 'bucket' ? ['bucket', 'upload_file', 'download_file']
      : bits === 'app' ? [...APP_URL_WORDS]
      : bits === 'hostish' ? [...HOSTISH_LAST, ...HOSTISH_BEFORE_NAME]
      : [...HOST_KEY_LAST];
    re = new RegExp(words.map(escapeRegExp).join('|'), 'i');
    runWordTexts.set(bits, re);
  }
  return re;
}

/** The `hint`s of some APIs as few expressions (one per flag set: the hints of PHP's case-insensitive functions take `i`). */
function hintExpressions(apis: readonly { hint?: RegExp }[]): RegExp[] {
  const hints = apis.flatMap((a) => (a.hint ? [a.hint] : []));
  return [...new Set(hints.map((h) => h.flags))].map((flags) => new RegExp(hints.filter((h) => h.flags === flags).map((h) => h.source).join('|'), flags));
}

let clientHints: RegExp[] | undefined;
let baseUrlHints: RegExp[] | undefined;

/** Is a client whose host argument needs no host-ish name (`new mysqli("localhost")`, `smtplib.SMTP(HOST)`) written in `before`? */
function clientHintIn(before: string): boolean {
  clientHints ??= hintExpressions(CLIENT_APIS);
  return clientHints.some((re) => re.test(before));
}

/** Is a client whose base URL argument needs no host-ish name (`grpc.Dial(...)`, `Faraday.new(...)`) written in `before`? */
function baseUrlHintIn(before: string): boolean {
  baseUrlHints ??= hintExpressions(BASE_URL_APIS);
  return baseUrlHints.some((re) => re.test(before));
}

/** An integer literal that may be a backing service's port (`isBackingPort`), in any language's spelling (`6_379`, `0x18EB`, `6379L`). */
function portToken(token: string): boolean {
  const t = token.replace(/_/g, '').replace(/[lLn]$/, '');
  // A leading zero is octal in some languages: read as the language reads it, it may be one.
  if (/^0\d/.test(t)) return true;
  if (/^0[dD]\d+$/.test(t)) return isBackingPort(Number(t.slice(2)));
  return /^(?:\d+|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)$/.test(t) && isBackingPort(Number(t));
}

/** Blanks and block comments between arguments. */
const GAP = String.raw`(?:\s|\/\*[^*]*\*\/)*`;
/**
 * The next argument after a literal (past the other strings of an array it is in, and up to
 * three calls or arrays it is wrapped in): an integer (not an entry's key, `25 => 'smtp'`).
 */
const PORT_AFTER = new RegExp(String.raw`^(?:${GAP},${GAP}(?:'[^'\n]*'|"[^"\n]*"))*(?:${GAP}[)\]]){0,3}${GAP},${GAP}[-+]?\s*(\d\w*)(?!\s*(?:=>|:(?!:)))`);
/** The argument before a literal (or a call it is wrapped in): an integer. */
const PORT_BEFORE = new RegExp(String.raw`(?:^|[^\w$.])[-+]?\s*(\d\w*)${GAP},${GAP}(?:[\w$.]+\s*\(${GAP})?$`);

/**
 * A port argument beside the literal, which a client call may append to it (`new Jedis("cache",
 * 6379)`, ioredis `new Redis(6379, "cache")`).
 */
function portBeside(before: string, after: string): boolean {
  const a = PORT_AFTER.exec(after);
  if (a && portToken(a[1])) return true;
  // PORT_BEFORE ends in a comma, a call's `(` or a comment, then blanks: tested only then
  // (an expression anchored at its end is tried from every position).
  if (!/[,(/]/.test(lastNonBlank(before, false))) return false;
  const b = PORT_BEFORE.exec(before);
  return !!b && portToken(b[1]);
}

/** The last character of `s` that is not a blank (`\s`; nor, when `parens`, an opening parenthesis); '' if none. */
function lastNonBlank(s: string, parens: boolean): string {
  let i = s.length - 1;
  for (; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (!(c === 32 || (c >= 9 && c <= 13) || (parens && c === 40) || (c > 127 && /\s/.test(s[i])))) break;
  }
  return i >= 0 ? s[i] : '';
}

/**
 * The right operand of `==`, `!=`, `===`, `<=>`, `=~`... with nothing after it that binds tighter:
 * compared, never judged (`isComparisonOperand`).
 */
function comparedRight(before: string, after: string): boolean {
  return /(?:[=!]==?|<=>|=~|!~)[ \t]*$/.test(before) && /^[ \t]*(?:[)\]},;:?{]|&&|\|\||(?:and|or|else|then|if|unless|do)\b)/.test(after);
}

/**
 * Does the text around a literal give one of the things it `needs` (NEEDS_* bits)? `before`:
 * HINT_REACH characters before its quote; `after`: PORT_REACH after it. A bucket needs its name;
 * an app URL, its name; a bare host or a local URL, a host-ish name, a client that takes a host,
 * or a port beside; a service's single label, the same but a host-ish name that
 * `isPlausibleBareHost` takes; a public host that names no service, a host-ish name and a word of
 * the service (the verdict needs both), a client or a port; a bare word, a port beside (an
 * argument, or a host key's sibling entry).
 */
function contextGives(needs: number, before: string, after: string): boolean {
  // A port (a port key's entry or an argument beside) is a number: with no digit around, a
  // literal that needs only one (most bare words) cannot have it.
  if (needs === NEEDS_PORT && !DIGIT.test(before) && !DIGIT.test(after)) return false;
  // Each bit of `runsOf` comes from a run holding one of its words: when `before` holds none
  // of the words of the bits asked about below, none is set (and no run is looked up).
  const host = (needs & (NEEDS_HOST | NEEDS_LABEL | NEEDS_SERVICE)) !== 0;
  const maySay = (needs & NEEDS_BUCKET && runWordsText('bucket').test(before)) ||
    (needs & NEEDS_APP && runWordsText('app').test(before)) ||
    (host && runWordsText('hostish').test(before)) ||
    ((host || needs & NEEDS_PORT) && runWordsText('hostKey').test(before));
  const got = maySay ? runsOf(before) : 0;
  if (needs & NEEDS_BUCKET && got & RUN_BUCKET) return true;
  if (needs & NEEDS_APP && (got & RUN_APP_URL || (got & RUN_APP && got & RUN_URL))) return true;
  if (!(needs & (NEEDS_HOST | NEEDS_LABEL | NEEDS_SERVICE | NEEDS_PORT))) return false;
  if (needs & NEEDS_HOST && (got & RUN_HOSTISH || clientHintIn(before) || baseUrlHintIn(before))) return true;
  if (needs & NEEDS_LABEL && ((got & RUN_HOSTISH && got & RUN_LABEL_NAME) || clientHintIn(before))) return true;
  if (needs & NEEDS_SERVICE && ((got & RUN_HOSTISH && got & RUN_SERVICE) || clientHintIn(before))) return true;
  if (got & RUN_HOST_KEY && (got & RUN_PORT || runsOf(after) & RUN_PORT)) return true;
  return portBeside(before, after);
}

function holds(w: Worth, before: () => string, after: () => string): boolean {
  return typeof w === 'boolean' ? w : contextGives(w, before(), after());
}

/** The key a value follows (`host=`, `host: (`, `'host' => `, `["host"] = `, `Host: <string>`). */
const KEY_BEFORE = /([A-Za-z0-9_$]+)['"]?\]?\s*(?::|=>|=(?![=>]))[\s(]*(?:<[\w$.]*>\s*)?$/;

/**
 * Can the identifier at `text[start, end)` fill a host slot (`hostFlows`): right after a host
 * key (`host=HOST`, `'host' => $host`), as the host argument of a client that takes one
 * (`new mysqli($servername, ...)`), or beside a port (`Redis(HOST, 6379)`)? The look
 * `contextGives` takes around a literal.
 */
function hostSlotContext(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - HINT_REACH), start);
  // KEY_BEFORE ends in its operator (`:`, `=`, `=>`) or a `<type>`, then blanks and `(`.
  const key = /[:=>]/.test(lastNonBlank(before, true)) ? KEY_BEFORE.exec(before) : null;
  if (key && hintsOfRun(key[1]) & RUN_HOST_KEY) return true;
  return clientHintIn(before) || portBeside(before, text.slice(end, end + PORT_REACH));
}

/** What `hostFlows` looks for, with any name: a value after `(`, `,`, `:`, `=` or `=>`, before `,`, `)`, `}`, `]` or the end of the line. */
const ANY_USE = /[(,:=>]\s*(\$?(?!\d)[^\s(),:=>[\]{}'"`.;+\-*/%!&|^~?<@#\\]+)(?=\s*[,)}\]\r\n])/g;

/**
 * An assignment to one of the names, as a host constant is assigned (`HOST = "db"`, `HOST:
 * str = "db"`, `var host string = "db"`, `host := "db"`, `host ||= "db"`, `$host = 'db'`,
 * `HOST, PORT = "db", 5432`).
 */
function assignmentRe(names: readonly string[]): RegExp {
  const alt = names.map(escapeRegExp).join('|');
  return new RegExp(
    `(?:^|[^\\w$.])\\$?(?:${alt})(?:\\s*:[^=\\n]*|\\s+[\\w.*\\[\\]<>]+)?\\s*(?:\\|\\||\\?\\?|:)?=(?![=>])` +
    `|^[ \\t]*(?:[\\w$]+[ \\t]*,[ \\t]*)*\\$?(?:${alt})(?![\\w$])[ \\t]*(?:,[^=\\n]*)?=(?![=>])`,
    'gm',
  );
}

/** An assignment operator (not `==`, `=>`, `<=`, `>=`, `!=`). */
const ASSIGN_OP = /(?<![=!<>])=(?![=>])/;

/**
 * Is the last assignment in `before` (the HINT_REACH characters before a literal's quote) one to
 * a name matched by `re` (`assignmentRe`): is the literal that name's value (`HOST = "db"`,
 * `HOST = ("db")`, `HOST = str("db")`), not a later one's (`host=None, name="db"`)?
 */
function assignedRightBefore(before: string, re: RegExp): boolean {
  let last: RegExpExecArray | undefined;
  re.lastIndex = 0;
  for (let m = re.exec(before); m; m = re.exec(before)) last = m;
  return !!last && !ASSIGN_OP.test(before.slice(last.index + last[0].length));
}

/**
 * The names written where they fill a host slot (`hostSlotContext`) in this text, of those
 * `wanted` says may matter (most uses in a file are of names that do not: the slot test reads
 * the text around each use).
 */
function hostSlotNames(text: string, wanted: (name: string) => boolean): string[] {
  const names = new Set<string>();
  ANY_USE.lastIndex = 0;
  for (let m = ANY_USE.exec(text); m; m = ANY_USE.exec(text)) {
    const name = m[1].replace(/^\$/, '');
    if (names.has(name) || !wanted(name)) continue;
    const end = m.index + m[0].length;
    if (hostSlotContext(text, end - m[1].length, end)) names.add(name);
  }
  return [...names];
}

let lastFlow: { text: string; defs: string; flows: boolean } | undefined;

/**
 * Could `hostFlows` report anything in this text: is a host-like literal (at one of `defs`, the
 * offsets of their quotes) assigned to a name that fills a host slot somewhere? Its constant
 * must be assigned right before it (`HostDef.near`).
 */
function mayFlow(text: string, defs: readonly number[]): boolean {
  const key = defs.join(',');
  if (lastFlow?.text === text && lastFlow.defs === key) return lastFlow.flows;
  const windows = defs.map((q) => text.slice(Math.max(0, q - HINT_REACH), q));
  // Only a name written in the text right before one of the literals can be assigned it.
  const names = hostSlotNames(text, (name) => windows.some((w) => w.includes(name)));
  let flows = false;
  if (names.length) {
    const re = assignmentRe(names);
    flows = windows.some((b) => assignedRightBefore(b, re));
  }
  lastFlow = { text, defs: key, flows };
  return flows;
}

/** The opening quote of a literal node (after a string prefix such as Python's `rb`, PHP's `b`). */
function openingQuote(text: string, node: Node): number {
  let i = node.startIndex;
  while (i < node.startIndex + 3 && /[A-Za-z]/.test(text[i] ?? '')) i++;
  return i;
}

/**
 * Could this value be reported under any name, as Factor III and as Factor IV? Decided from the
 * value (and, for one that needs a name or a slot, the text around it) before the binding is
 * computed: most string literals of a file are messages, keys, paths and words, and computing
 * their binding is the expensive part.
 */
function worthJudging(v: string, node: Node, text: string): { iii: boolean; iv: boolean } {
  const [iii, iv] = worthByValue(v);
  const q = openingQuote(text, node);
  const before = () => text.slice(Math.max(0, q - HINT_REACH), q);
  const after = () => text.slice(node.endIndex, node.endIndex + PORT_REACH);
  return { iii: holds(iii, before, after), iv: holds(iv, before, after) };
}

/** Key-value connection strings name a host or database (`host=`, `Server=`, `Data Source=`...). */
const KEY_VALUE_HOST = /(?:host|server|source|dbname|accountname|endpoint|addr|database)\s*=/i;

const NEVER: Worths = [false, false];
const ALWAYS: Worths = [true, true];

/**
 * `worthJudging` from the value alone, for Factor III and IV: true or false, or what it needs
 * around it. `exact`: `v` is the value judged; otherwise a reading of a template (holes filled in
 * at a guess), where a URL or DSN is kept whether or not it parses.
 */
function worthByValue(v: string, exact = true): Worths {
  if (v.includes('://') || v.includes('@') || /^jdbc:/i.test(v)) return exact ? connectionStringWorth(v) : ALWAYS;
  if (v.includes('=')) return !KEY_VALUE_HOST.test(v) ? NEVER : exact ? connectionStringWorth(v) : ALWAYS;
  if (v.includes('/')) return NEVER;
  if (v.includes(',')) {
    // Host lists: each piece is judged as a host (the first that may be reported decides), under the list's name.
    const pieces = v.split(',').map((p) => hostWorth(p.trim()));
    if (pieces.some((p) => p === NEVER)) return NEVER;
    return [pieces.some((p) => p[0] === true), pieces.some((p) => p[1] === true) || NEEDS_HOST];
  }
  return hostWorth(v);
}

/** What a bucket name may be (`looksLikeBucket`): lower-case letters, digits, dots and dashes. */
const BUCKET_SHAPE = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

/**
 * A bare host (`assessBareHost`): a cloud resource is Factor III under any name, and nothing
 * else is Factor III but a bucket in a slot named so. A port or a deploy-specific host makes it
 * Factor IV under a name anywhere (the service may be a class's name); any other host needs a
 * host-ish name, a client or a port; a single word, a port (`isPlausibleBareHost`). Documentation
 * and any-address hosts are never Factor IV.
 */
function hostWorth(v: string): Worths {
  const h = classifyHost(v);
  if (!h) return NEVER;
  const kind = h.hostKind;
  if (kind === 'cloud-resource') return [true, false];
  const iii = h.port === undefined && BUCKET_SHAPE.test(v) ? NEEDS_BUCKET : false;
  if (kind === 'documentation' || kind === 'any-address' || isWellKnownConstantHost(h.host)) return [iii, false];
  if (h.port !== undefined || kind === 'private-ip' || (kind === 'internal-name' && h.host.includes('.')) || (kind === 'public-name' && hasEnvironmentMarker(h.host))) return [iii, true];
  // A public host that names no service is one only under a name that says which (`assessBareHost`'s byName).
  if (kind === 'public-name' && !hostNamesService(h.host)) return [iii, NEEDS_SERVICE];
  if (h.host.includes('.') || h.host.includes(':') || kind === 'loopback') return [iii, NEEDS_HOST];
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(v)) return [iii, false];
  return [iii, v.split(/[-_]/).some((part) => SERVICE_LABEL_WORDS.has(part.replace(/\d+$/, ''))) ? NEEDS_LABEL : NEEDS_PORT];
}

/**
 * A URL or DSN, on what parseConnectionString makes of it (templates and embedded databases
 * are never reported): its verdict under no name is the verdict under any name that does not
 * drop it, but for a local URL (Factor IV under a host-ish name or in a client's base URL slot,
 * `http://inventory:8080` too) and an app URL (Factor III under its name, `callbackURL`).
 */
function connectionStringWorth(v: string): Worths {
  const info = parseConnectionString(v);
  if (!info || info.isTemplate || info.embedded) return NEVER;
  const reason = assessEndpoint(v)?.reason;
  const named = assessEndpoint(v, { name: 'database_host' })?.reason;
  const local = /^(?:https?|wss?|grpcs?|h2c)$/.test(info.scheme) && info.hostKind !== 'documentation' &&
    (info.hostKind === 'loopback' || (info.hostKind === 'internal-name' && !info.host.includes('.')));
  const app = /^https?$/.test(info.scheme) && info.hostKind !== 'documentation' && info.hostKind !== 'any-address' && !isReferenceUrl(v);
  const iii = reason && FACTOR_III_REASONS.has(reason) ? true : app ? NEEDS_APP : false;
  const iv = reason && FACTOR_IV_REASONS.has(reason) ? true : local || (named && FACTOR_IV_REASONS.has(named)) ? NEEDS_HOST : false;
  return [iii, iv];
}

/** Interpolations and format holes as they appear in a literal's value (`${x}`, `#{x}`, `{x}`, `{$x}`, `$x`, `%s`). */
const HOLE_SYNTAX = /\$\{[^{}]*\}|#\{[^{}]*\}|\{\$?[^{}]*\}|\$[A-Za-z_]\w*(?:->\w+|\[[^\]]*\])*|%(?:\([A-Za-z_]\w*\))?[-+ #0]*\d*(?:\.\d+)?[sdvqfxiu]/g;

/**
 * `judgeValue` by value, and whether the value may be a host constant (`isHostLikeValue`),
 * memoized: a file's literals repeat, and so do the scans of an edited file.
 */
function worthOfValue(value: string): readonly [Worth, Worth, boolean] {
  let known = endpointValueMemo.get(value);
  if (known === undefined) {
    known = [...judgeValue(value), plausible(value) && isHostLikeValue(value)];
    if (value.length <= MEMO_KEY_LIMIT) {
      if (endpointValueMemo.size >= 8192) endpointValueMemo.clear();
      // A copy as the key: the value is often a slice of the file's text, and a slice keeps the
      // whole text alive for as long as the memo holds it.
      endpointValueMemo.set(copyString(value), known);
    }
  }
  return known;
}

const MEMO_KEY_LIMIT = 512;

/** A string that shares no memory with `s` (a flat copy, not a slice of a larger text). */
function copyString(s: string): string {
  return Buffer.from(s, 'utf16le').toString('utf16le');
}

const endpointValueMemo = new Map<string, readonly [Worth, Worth, boolean]>();

function eitherWorth(a: Worth, b: Worth): Worth {
  if (a === true || b === true) return true;
  return (a === false ? 0 : a) | (b === false ? 0 : b) || false;
}

/** What either reading may be reported as. */
function eitherWorths(a: Worths, b: Worths): Worths {
  return [eitherWorth(a[0], b[0]), eitherWorth(a[1], b[1])];
}

/** A URL or DSN in a reading of a template: the only thing a template is reported as. */
const CONNECTION_MARK = /:\/\/|@|=|^\s*jdbc:/i;

/**
 * Could a literal with this value (read from the text, holes and all) be judged at all: the
 * value tests `assessLiteral` applies first, passed by the value itself or, when it has
 * holes, by a URL or DSN read with them filled in; for Factor III and IV.
 */
function judgeValue(value: string): Worths {
  // The value itself must pass the value tests, and one with blanks inside must parse as a
  // connection string (nothing else with blanks is ever reported); complete URLs that nothing
  // can make reportable are left out. A template is reported only as a URL or DSN: read with
  // its holes filled in (`xxx`, as assessLiteral reads it; a host constant in a hole adds no
  // `://`, `@` or `=`, and parses where `xxx` does), it must parse as one.
  const worth = (v: string, exact: boolean): Worths => {
    if (!plausible(v) || (/\s/.test(v.trim()) && !parseConnectionString(v)) || neverReportedUrl(v, exact)) return NEVER;
    return worthByValue(v, exact);
  };
  const verdict = worth(value, true);
  if ((verdict[0] === true && verdict[1] === true) || !/[{$%#]/.test(value)) return verdict;
  let out = verdict;
  for (const r of [value.replace(HOLE_SYNTAX, HOLE), fillFormatHoles(value)]) {
    if (r === value || !CONNECTION_MARK.test(r)) continue;
    const info = parseConnectionString(r);
    if (!info) continue;
    // A hole in the scheme or a host may hold a constant's host (`holeDef`): any verdict. Elsewhere
    // (user, path, query) what it holds changes no verdict the template can get: read as it is.
    if (info.scheme.includes(HOLE) || info.host.includes(HOLE) || info.hosts.some((h) => h.includes(HOLE))) return ALWAYS;
    out = eitherWorths(out, worth(r, true));
  }
  return out;
}

/**
 * A complete URL that no name or slot can make reportable: not reported under the most
 * backing-service-like name, not an app URL (a reference or documentation link, or not
 * http), and not a local base URL. (Docs links are the URLs code holds most.) `exact`: the
 * value is what gets judged, not a reading of a template whose holes a constant may fill.
 */
function neverReportedUrl(value: string, exact: boolean): boolean {
  if (!value.includes("://") || (!exact && /[{$%#]/.test(value))) return false;
  const info = parseConnectionString(value);
  if (!info || info.isTemplate || info.embedded || info.hasCredentials) return false;
  if (assessEndpoint(value, { name: 'database_host' }) || assessEndpoint(value, { name: 'storage_bucket' })) return false;
  const appUrl = /^https?$/.test(info.scheme) && info.hostKind !== 'documentation' && info.hostKind !== 'any-address' && !isReferenceUrl(value);
  const localBase = info.hostKind === 'loopback' || (info.hostKind === 'internal-name' && !info.host.includes('.'));
  return !appUrl && !localBase;
}

// One scan serves both rules: it keeps a literal for the kinds of candidate it may be.
/** A literal that may get a Factor III verdict (`config/no-hardcoded-url`). */
const FACTOR_III = 1;
/** A literal that may get a Factor IV verdict (`backing-services/no-fixed-host`). */
const FACTOR_IV = 2;
/** A host constant (`HOST = "db"`) that may be judged where a client or a template uses it (`hostFlows`, `holeDef`). */
const HOST_DEF = 4;

const ENDPOINT_LITERALS: LiteralFilter = {
  id: 'endpoints', minLength: 1, heredocs: false, holes: 'value', lookBehind: HINT_REACH, lookAhead: PORT_REACH, kinds: FACTOR_III | FACTOR_IV | HOST_DEF,
  keep(v, before, after) {
    // Most literals are messages and keys: without a plausible shape (or a hole that a
    // reading could fill one into) no verdict and no host constant can come of them, and the
    // value tests come before any look at the text around.
    if (!plausible(v) && !/[{$%#]/.test(v)) return 0;
    const [iii, iv, def] = worthOfValue(v);
    if (iii === false && iv === false && !def) return 0;
    // The text around is read once, and whether the literal is compared only if it may be kept.
    let b: string | undefined;
    let a: string | undefined;
    const around = [() => (b ??= before()), () => (a ??= after())] as const;
    const kinds = (holds(iii, ...around) ? FACTOR_III : 0) | (holds(iv, ...around) ? FACTOR_IV : 0) | (def ? HOST_DEF : 0);
    return kinds && !comparedRight(around[0](), around[1]()) ? kinds : 0;
  },
};

/** Node types `STRING_QUERIES` captures: the scan's, without PHP heredocs and nowdocs (which the filters here never keep). */
const ENDPOINT_NODE_TYPES: Partial<Record<LanguageId, ReadonlySet<string>>> = { ...STRING_NODE_TYPES, php: new Set(['string', 'encapsed_string']) };

/**
 * The literals worth judging, in text order: from a scan of the text (the few whose value
 * may be an endpoint), or from a query over the whole tree (every string; tests compare the two).
 * A part of a concatenation stands for the whole, which is what gets judged.
 */
function literalNodes(context: RuleContext, how: 'scan' | 'query'): Node[] {
  if (how === 'query') {
    const source = STRING_QUERIES[context.language] ?? (context.language === 'typescript' ? STRING_QUERIES.javascript : undefined);
    return source ? context.query(source).flatMap((m) => (m.captures[0]?.node ? [m.captures[0].node] : [])) : [];
  }
  const out: Node[] = [];
  const seen = new Set<string>();
  for (const n of literalCandidates(context, ENDPOINT_LITERALS, ENDPOINT_NODE_TYPES[context.language])) {
    const p = n.parent;
    const whole = p && (p.type === 'concatenated_string' || p.type === 'chained_string') ? p : n;
    const key = `${whole.startIndex}:${whole.endIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(whole);
  }
  return out.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

/** Is the literal compared, matched or searched for rather than used? */
function isComparisonOperand(node: Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if (p.type === 'comparison_operator') return true; // Python
  if (p.type === 'binary_expression' || p.type === 'binary') {
    const op = p.childForFieldName('operator')?.text ?? '';
    return ['==', '===', '!=', '!==', 'in', 'not in', '<=>', '=~', '!~', 'eq', 'ne'].includes(op);
  }
  if (p.type === 'case_clause' || p.type === 'switch_label' || p.type === 'when' || p.type === 'expression_case' || p.type === 'case_statement' || p.type === 'match_condition_list') return true;
  return false;
}

/** The literal is the receiver of a method call (`"...".equals(x)`, `'...'.replace(...)`), not a value being wired. */
function isMethodReceiver(node: Node, lang: LanguageId): boolean {
  const p = node.parent;
  if (!p) return false;
  switch (p.type) {
    case 'member_expression':
      return same(p.childForFieldName('object'), node);
    case 'attribute':
      return lang === 'python' && same(p.childForFieldName('object'), node);
    case 'method_invocation':
      return same(p.childForFieldName('object'), node);
    case 'call':
      return lang === 'ruby' && same(p.childForFieldName('receiver'), node);
    case 'selector_expression':
      return same(p.childForFieldName('operand'), node);
  }
  return false;
}

function isKeyPosition(node: Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if (p.type === 'pair' && same(p.childForFieldName('key'), node)) return true;
  if (p.type === 'array_element_initializer' && same(namedKids(p)[0], node) && namedKids(p).length === 2) return true;
  return false;
}

/** Names and files scoped to local development: localhost is what they are for. */
const DEV_WORDS = new Set(['development', 'dev', 'local', 'localhost', 'develop']);
/** A variable named as a fallback (`DEFAULT_REDIS_URL`, `fallbackHost`): the environment read is elsewhere. */
const FALLBACK_WORDS = new Set(['default', 'defaults', 'fallback']);

function isDevScopedName(name: string | undefined, own?: string): boolean {
  if (name && nameWords(name).some((w) => DEV_WORDS.has(w))) return true;
  return !!own && nameWords(own).some((w) => FALLBACK_WORDS.has(w));
}

/** The binding's own last name (`HOST` in `DATABASES.default.HOST`), for variables, properties and keys. */
function ownName(b: Binding): string | undefined {
  return b.kind === 'variable' || b.kind === 'constant' || b.kind === 'property' || b.kind === 'key' ? b.name : undefined;
}

function isDevScopedPath(path: string): boolean {
  const norm = path.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  if (/^(?:development|dev|local|settings[._-]?(?:dev|local|development)|(?:dev|local|development)[._-]settings|config[._-](?:dev|local|development))\.[a-z]+$/i.test(base)) return true;
  return /\/(?:environments|settings|config)\/(?:development|dev|local)(?:\/|\.)/.test(norm);
}

/** Enclosing class name (Python / Ruby / PHP / Java / JS), cheap upward walk. */
function enclosingClassName(node: Node): string | undefined {
  let p = node.parent;
  for (let i = 0; p && i < 40; i++, p = p.parent) {
    if (p.type === 'class_definition' || p.type === 'class_declaration' || p.type === 'class' || p.type === 'class_body' && p.parent?.type === 'class') {
      const n = p.childForFieldName('name');
      return n?.text;
    }
  }
  return undefined;
}

/**
 * Defaults that the environment or the command line overrides, which `isEnvDefault` does not
 * know (local workaround): pydantic `BaseSettings` fields, convict `{ default, env }`,
 * CLI options (`flag.String(name, default, usage)`, `add_argument(default=)`,
 * commander `.option(flags, desc, default)`), viper / kingpin defaults, Spring
 * `env.getProperty(key, default)`, `System.getProperty(key, default)`, Laravel `config(key, default)`.
 */
const CLI_DEFAULT_CALLEE = /(?:^|\.)(?:add_argument|add_option|option|addOption|requiredOption|Option|Argument|SetDefault|Default|Envar)$|^(?:click|typer)\.(?:option|Option|argument|Argument)$/;
const FLAG_CALLEE = /(?:^|\.)(?:flag|pflag|Flags\(\)|PersistentFlags\(\)|PersistentFlags|flags|fs|flagSet|FlagSet)\.(?:String|StringVar|StringP|StringVarP|StringSlice|StringSliceVar|StringArray|StringArrayVar)$/;

function isOverridableDefault(b: Binding, lang: LanguageId): boolean {
  const callee = b.callee;
  if (callee && (b.kind === 'argument' || b.kind === 'keyword-argument')) {
    if (FLAG_CALLEE.test(callee) || CLI_DEFAULT_CALLEE.test(callee)) return true;
    if (b.kind === 'argument' && (b.argumentIndex ?? 0) >= 1 && /(?:^|\.)(?:getProperty|getOrDefault)$|^System\.getProperty$|^config$/.test(callee)) return true;
    // `settings.get("REDIS_URL", "redis://...")`, `config.fetch(:host, "db")`, `getattr(settings, "X", "...")`: a lookup's fallback
    if (b.kind === 'argument' && (b.argumentIndex === 1 && /(?:\.|->)(?:get|fetch|get_or|getString|getValue|dig)$/.test(callee) || b.argumentIndex === 2 && callee === 'getattr')) {
      const call = callOfArgument(b.node, lang);
      const info = call ? callInfo(call, lang) : undefined;
      const key = info ? positionalArgs(info, lang)[b.argumentIndex - 1] : undefined;
      if (key && (stringValue(unwrapArg(key, lang), lang) !== undefined || key.type === 'simple_symbol')) return true;
    }
    if (b.kind === 'keyword-argument' && b.name === 'default' && /(?:^|\.)Field$/.test(callee)) return true;
  }
  if (b.kind === 'key' && b.name === 'default') {
    const entry = entryOf(b.node);
    const container = entry?.parent;
    if (container && namedKids(container).some((e) => e.type === entry!.type && /^env(?:_?var)?$/i.test(entryParts(e, lang).key ?? ''))) return true;
  }
  if (lang === 'python' && b.kind === 'property') {
    let p: Node | null = b.node.parent;
    for (let i = 0; p && i < 6; i++, p = p.parent) {
      if (p.type === 'class_definition') return /Settings\b/.test(p.childForFieldName('superclasses')?.text ?? '');
    }
  }
  return false;
}

interface FileFacts {
  imports?: string[];
}

function importsOf(context: RuleContext, facts: FileFacts): string[] {
  if (!facts.imports) {
    const root = context.tree?.rootNode;
    facts.imports = root ? findImports(root, context.language).map((i) => i.module) : [];
  }
  return facts.imports;
}

function clientApiFor(callee: string, context: RuleContext, facts: FileFacts): ClientApi | undefined {
  for (const api of CLIENT_APIS) {
    if (!api.langs.includes(context.language) || !api.callee.test(callee)) continue;
    if (api.modules) {
      const mods = importsOf(context, facts);
      if (!mods.some((m) => api.modules!.test(m))) continue;
    }
    return api;
  }
  return undefined;
}

function joinName(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => !!p);
  return kept.length ? kept.join('.') : undefined;
}

/** boto3 transfer methods take the bucket positionally: `s3.upload_file(path, "bucket", key)`. */
function isBotoBucketArg(method: string, index: number): boolean {
  if (method === 'upload_file' || method === 'upload_fileobj') return index === 1;
  if (method === 'download_file' || method === 'download_fileobj') return index === 0;
  return false;
}

interface Judged {
  value: string;
  name?: string;
  client?: { callee: string };
  /** The literal fills the host of a connection: a host-ish key / keyword, or a client's host argument. */
  hostSlot?: boolean;
}

/** Context name, sibling port and client-call facts for one literal. */
function judge(value: string, b: Binding, context: RuleContext, facts: FileFacts): Judged | undefined {
  const lang = context.language;
  let name: string | undefined;
  let client: { callee: string } | undefined;
  let hostSlotOut = false;
  let port: number | undefined;
  const bareHost = !value.includes('/') && !value.includes('=') && !value.includes('@') && !/:\d+$/.test(value) && !/^\[?[0-9a-f:]*::/i.test(value) && !value.includes(',');

  switch (b.kind) {
    case 'variable':
    case 'constant':
    case 'property':
    case 'parameter-default':
    case 'env-write': {
      name = b.fullName ?? b.name;
      if (lang === 'python' || lang === 'ruby') {
        const cls = enclosingClassName(b.node);
        if (cls) name = joinName(cls, name);
      }
      break;
    }
    case 'key':
    case 'keyword-argument': {
      if (b.callee && LOG_CALLEE.test(b.callee)) return undefined;
      const api = b.callee ? clientApiFor(b.callee, context, facts) : undefined;
      name = joinName(api?.word, b.callee, b.fullName ?? b.name);
      const entry = entryOf(b.node);
      if (entry && isFirebaseConfig(entry, b, lang)) return undefined;
      if (isHostKey(b.name)) hostSlotOut = true;
      if (isHostKey(b.name) && entry) {
        if (b.callee) client = { callee: b.callee };
        if (bareHost && entry) port = siblingPort(entry, lang);
      }
      break;
    }
    case 'argument': {
      const callee = b.callee;
      if (!callee) break;
      if (LOG_CALLEE.test(callee) || STRING_METHOD.test(methodOf(callee)) || STRING_METHOD.test(callee)) return undefined;
      const call = callOfArgument(b.node, lang);
      const info = call ? callInfo(call, lang) : undefined;
      const api = clientApiFor(callee, context, facts);
      const index = b.argumentIndex ?? -1;
      let hostSlot = false;
      if (api?.hostArg !== undefined && info) {
        if (api.hostArg === 'first-string') {
          const first = positionalArgs(info, lang).map((a) => unwrapArg(a, lang)).find((a) => stringValue(a, lang) !== undefined);
          hostSlot = !!first && same(first, b.node);
        } else {
          const pos = positionalArgs(info, lang).map((a) => unwrapArg(a, lang));
          hostSlot = same(pos[api.hostArg], b.node);
        }
      }
      if (info && bareHost && index >= 0 && index <= 2 && (CONSTRUCTOR_TYPES.has(info.node.type) || CONNECT_CALLEE.test(callee))) {
        const pos = positionalArgs(info, lang).map((a) => unwrapArg(a, lang));
        const i = pos.findIndex((a) => same(a, b.node));
        if (i >= 0) {
          const next = pos[i + 1] ? integerValue(pos[i + 1], lang) : undefined;
          // ioredis `new Redis(6379, 'localhost')`: the port comes first only as the very first argument
          const prev = i === 1 && pos[0] ? integerValue(pos[0], lang) : undefined;
          const p = next ?? prev;
          if (p !== undefined && isBackingPort(p)) {
            port = p;
            hostSlot = true;
          }
        }
      }
      if (hostSlot) {
        name = joinName(api?.word, callee, 'host');
        client = { callee };
        hostSlotOut = true;
      } else if (lang === 'python' && isBotoBucketArg(methodOf(callee), index)) {
        name = joinName(callee, 'Bucket');
      } else {
        name = joinName(api?.word, callee);
      }
      break;
    }
    default:
      break;
  }
  let assessed = value;
  if (port !== undefined && bareHost) assessed = value.includes(':') ? `[${value}]:${port}` : `${value}:${port}`;
  return { value: assessed, name, client, hostSlot: hostSlotOut };
}

function serviceOf(verdict: EndpointVerdict): ServiceKind {
  return verdict.serviceKind ?? verdict.info?.serviceKind ?? 'other';
}

/** A literal bound to a plain variable or constant, which a later host slot may use (`HOST = "db"` ... `connect(host=HOST)`). */
interface HostDef {
  node: Node;
  raw: string;
  binding: Binding;
  count: number;
  /** Computed on first use (`defIsEnvDefault`). */
  envDefault?: boolean;
  /** The name's is the last assignment in the HINT_REACH characters before the literal (`HOST = "db"`): `hostFlows` follows only such constants. */
  near: boolean;
}

/** Counts a host-like literal bound to a plain variable or constant (`envDefault` true: known to be an environment default). */
function addHostDef(defs: Map<string, HostDef>, node: Node, raw: string, b: Binding, envDefault: boolean, text: string): void {
  if ((b.kind !== 'variable' && b.kind !== 'constant') || !b.name || b.fullName !== b.name) return;
  const d = defs.get(b.name);
  if (d) d.count++;
  else {
    const q = openingQuote(text, node);
    const near = assignedRightBefore(text.slice(Math.max(0, q - HINT_REACH), q), assignmentRe([b.name]));
    defs.set(b.name, { node, raw, binding: b, count: 1, envDefault: envDefault || undefined, near });
  }
}

/** `process.env.X || lit`, `os.environ.get("X", lit)`..., or `host = "x"` later overridden from the environment. */
function literalIsEnvDefault(valueNode: Node, b: Binding, context: RuleContext): boolean {
  if (isEnvDefault(valueNode, context.language)) return true;
  return (b.kind === 'variable' || b.kind === 'constant' || b.kind === 'property') && !!b.name && overriddenFromEnv(context.text, b.name, context.language);
}

function defIsEnvDefault(d: HostDef, context: RuleContext): boolean {
  if (d.envDefault === undefined) d.envDefault = isOverridableDefault(d.binding, context.language) || literalIsEnvDefault(d.node, d.binding, context);
  return d.envDefault;
}

/** A value a host variable could hold: an address, a host:port, a dotted name, or a service-named label (`db`, `redis-master`). */
function isHostLikeValue(raw: string): boolean {
  const h = classifyHost(raw);
  if (!h) return false;
  if (h.port !== undefined || h.host.includes('.') || h.host.includes(':') || h.hostKind === 'loopback') return true;
  return /^[a-z][a-z0-9_-]*$/.test(raw) && raw.split(/[-_]/).some((part) => SERVICE_LABEL_WORDS.has(part.replace(/\d+$/, '')));
}

/** The host constant an interpolation names (`${HOST}`, `{DB_HOST}`, `#{host}`, `$host`, `{$host}`). */
function holeDef(hole: Node, context: RuleContext, defs: Map<string, HostDef>): HostDef | undefined {
  const lang = context.language;
  const text = context.text;
  let inner: Node | null | undefined = hole;
  if (hole.type === 'template_substitution' || hole.type === 'interpolation') {
    const kids = namedKids(hole);
    inner = kids.length === 1 ? kids[0] : undefined;
  }
  if (!inner || !['identifier', 'variable_name', 'constant'].includes(inner.type)) return undefined;
  const name = nameText(inner, lang);
  const d = name !== undefined ? defs.get(name) : undefined;
  if (!d || d.count !== 1 || d.node.startIndex >= hole.startIndex || defIsEnvDefault(d, context)) return undefined;
  return !assignedAgain(text, name!, lang) && visibleAt(d, hole, name!, lang) ? d : undefined;
}

/**
 * Whether a literal whose parent is `p` names a module to load (`import pg from 'pg'`,
 * `export * from './db'`, `require('redis')`, `import('mysql2')`): a package or a path,
 * never an endpoint. Answered before anything else: files name their clients' modules (`'pg'`,
 * `'redis'` look like hosts), and judging them took most of this rule's time per keystroke.
 */
function isModuleSpecifier(p: Node, lang: LanguageId): boolean {
  if (lang !== 'javascript' && lang !== 'typescript') return false;
  if (p.type === 'import_statement' || p.type === 'export_statement') return true;
  if (p.type !== 'arguments' || p.namedChildCount !== 1) return false;
  const call = p.parent;
  const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  return fn?.type === 'import' || (fn?.type === 'identifier' && fn.text === 'require');
}

function assessLiteral(node: Node, context: RuleContext, facts: FileFacts, defs?: Map<string, HostDef>): EndpointLiteral | undefined {
  const lang = context.language;
  const p = node.parent;
  if (!p || isModuleSpecifier(p, lang)) return undefined;
  // Parts of a concatenated literal are judged as the whole; docstrings and keys are not values.
  if ((lang === 'python' && p.type === 'concatenated_string') || (lang === 'ruby' && p.type === 'chained_string')) return undefined;
  if (lang === 'python' && p.type === 'expression_statement') return undefined;
  if (isKeyPosition(node) || isComparisonOperand(node)) return undefined;

  let raw = stringValue(node, lang);
  let template = false;
  let valueNode = node;
  const substituted: HostDef[] = [];
  if (raw === undefined) {
    raw = interpolatedValue(node, lang, defs && ((hole) => {
      const d = holeDef(hole, context, defs);
      if (d) substituted.push(d);
      return d?.raw;
    }));
    template = true;
  } else {
    const fmt = /[%{]/.test(raw) ? formatCallOf(node, lang) : undefined;
    if (fmt) {
      raw = fillFormatHoles(raw);
      template = true;
      valueNode = fmt;
    } else if (isMethodReceiver(node, lang)) return undefined;
  }
  if (raw === undefined || !plausible(raw)) return undefined;
  // A literal that cannot be reported itself may still be a host constant used elsewhere (`hostFlows`, `holeDef`).
  const worth = worthJudging(raw, node, context.text);
  const direct = worth.iii || worth.iv;
  if (!direct && !(defs && !template && isHostLikeValue(raw))) return undefined;

  const b = literalBinding(valueNode, lang);
  if (!direct) {
    if (defs) addHostDef(defs, node, raw, b, false, context.text);
    return undefined;
  }
  // Markup links (`<a href="http://192.168.1.1">`) point people somewhere; they do not wire the app.
  if (b.kind === 'property' && b.node.parent?.type === 'jsx_attribute' && /^(?:href|src|srcSet|action|poster|cite|to)$/.test(b.name ?? '')) return undefined;
  const judged = judge(raw, b, context, facts);
  if (!judged) return undefined;
  // isEnvDefault looks at a few parents per call: asked only for literals that would be reported.
  let envDefault = isOverridableDefault(b, lang);
  let verdict = assessEndpoint(judged.value, { name: judged.name, envDefault });
  if (verdict?.report && !envDefault && literalIsEnvDefault(valueNode, b, context)) {
    envDefault = true;
    verdict = assessEndpoint(judged.value, { name: judged.name, envDefault });
  }
  if (defs && !template && isHostLikeValue(raw)) addHostDef(defs, node, raw, b, envDefault, context.text);
  let slot: EndpointLiteral['slot'];
  let owner: string | undefined;
  // A generic URL at a compose name (`http://inventory:8080`) is 'connection-url' to urls.ts; given
  // to a client bound to that upstream it is a backing service at a compose name, like `redis://cache`.
  const composeUrl = verdict?.reason === 'connection-url' && verdict.info && verdict.info.hostKind === 'internal-name' && !verdict.info.host.includes('.');
  const appUrl = verdict?.reason === 'connection-url' && b.kind !== 'argument' && isAppUrlName(b.name);
  if ((!verdict?.report || composeUrl || appUrl) && !envDefault && !template) {
    const special = slotVerdict(judged.value, b, context, facts);
    if (special && !literalIsEnvDefault(valueNode, b, context)) ({ verdict, slot, owner } = special);
  }
  if (!verdict?.report) return undefined;
  let reportAt: HostDef | undefined;
  if (template) {
    // Only when the holes are outside the scheme and the hosts: `postgres://{user}:{pw}@localhost/{db}`.
    const info = verdict.info;
    if (!info || info.isTemplate || info.hasCredentials) return undefined;
    if (info.scheme.includes(HOLE) || info.hosts.some((h) => h.includes(HOLE)) || info.host.includes(HOLE)) return undefined;
    if (info.bucket?.includes(HOLE)) return undefined;
    // A host that came from a constant (`$host = 'localhost'` ... "mysql:host=$host;..."): reported at the constant.
    reportAt = substituted.find((d) => info.hosts.includes(d.raw.toLowerCase()) || info.host === d.raw.toLowerCase() || d.raw.toLowerCase().startsWith(`${info.host}:`));
    if (!reportAt && substituted.length) {
      // Anything else substituted must not be part of the verdict: judge the template with holes only.
      const plain = interpolatedValue(node, lang);
      if (plain === undefined) return undefined;
      const v2 = assessEndpoint(plain, { name: judged.name, envDefault });
      if (!v2?.report || v2.reason !== verdict.reason) return undefined;
    }
  }
  if (verdict.host && !isPlausibleBareHost(judged.value, verdict, judged.name)) return undefined;
  // A verdict of the factor whose worth held (what each rule's scan asked of the text).
  if (!(FACTOR_III_REASONS.has(verdict.reason) ? worth.iii : worth.iv)) return undefined;
  if (verdict.reason === 'backing-service-localhost' && (isDevScopedName(judged.name, ownName(b)) || isDevScopedPath(context.path))) return undefined;
  const host = verdict.host?.host ?? verdict.info?.host;
  if (reportAt) {
    if (reportAt.count !== 1 || defIsEnvDefault(reportAt, context)) return undefined;
    if (verdict.reason === 'backing-service-localhost' && isDevScopedName(reportAt.binding.name, reportAt.binding.name)) return undefined;
    const at: EndpointLiteral = {
      node: reportAt.node, value: reportAt.raw, verdict, binding: reportAt.binding, template: false, envDefault: false, serviceKind: serviceOf(verdict),
    };
    if (judged.name !== undefined) at.name = judged.name;
    if (verdict.info) at.scheme = verdict.info.scheme;
    if (host) at.host = host;
    return at;
  }
  const out: EndpointLiteral = {
    node, value: judged.value, verdict, binding: b, template, envDefault, serviceKind: serviceOf(verdict),
  };
  if (envDefault) out.envRead = envReadOfDefault(valueNode, lang);
  if (judged.name !== undefined) out.name = judged.name;
  if (judged.client) out.client = judged.client;
  if (verdict.info) out.scheme = verdict.info.scheme;
  if (host) out.host = host;
  if (slot) out.slot = slot;
  if (owner) out.owner = owner;
  return out;
}

// ---------------------------------------------------------------------------------------
// Slots whose meaning `assessEndpoint` cannot see from a name alone
// ---------------------------------------------------------------------------------------

/**
 * The app's own address handed to a provider (`callbackURL`, `redirect_uri`, `return_url`,
 * `success_url`, `cancel_url`, `notify_url`): it differs for every deploy, localhost included.
 * Factor III ('connection-url'). Relative paths (`/auth/callback`) are the fix, not a finding.
 */
function isAppUrlName(name: string | undefined): boolean {
  if (!name) return false;
  const w = nameWords(name);
  const n = w.length;
  if (n < 2 || (w[n - 1] !== 'url' && w[n - 1] !== 'uri')) return false;
  return ['callback', 'redirect', 'return', 'success', 'cancel', 'notify'].includes(w[n - 2]);
}

/** `hint`: with `arg`, what the text just before the URL argument holds of the call (the scan looks for it; keys say `url` or `uri`). */
interface BaseUrlApi { langs: LanguageId[]; callee: RegExp; arg?: number; keys?: RegExp; modules?: RegExp; hint?: RegExp }

/**
 * HTTP / gRPC clients bound to one upstream at construction: the URL is an attached service's
 * address (`new Pool('http://localhost:4000')` from undici, `axios.create({ baseURL })`,
 * `httpx.Client(base_url=...)`, `Faraday.new(url: ...)`, Guzzle `base_uri`, `WebClient.create(...)`,
 * `grpc.Dial("localhost:50051")`). Loopback and compose names there are Factor IV.
 */
const BASE_URL_APIS: BaseUrlApi[] = [
  { langs: JS, callee: /^(?:\w+\.)?(?:Pool|Client|BalancedPool)$/, arg: 0, modules: /^undici$/, hint: /\b(?:Pool|Client|BalancedPool)\b/ },
  { langs: JS, callee: /^(?:axios|\w+)\.create$|^(?:got|ky)\.extend$|^(?:ky|ofetch|\$fetch)\.create$/, keys: /^(?:baseURL|baseUrl|prefixUrl)$/ },
  { langs: JS, callee: /^(?:ApolloClient|HttpLink|createHttpLink|BatchHttpLink|GraphQLWsLink|createClient)$/, keys: /^(?:uri|url)$/, modules: /^@apollo\/client|^graphql-ws$|^urql$|^@urql\// },
  { langs: JS, callee: /^GraphQLClient$/, arg: 0, modules: /^graphql-request$/, hint: /\bGraphQLClient\b/ },
  { langs: ['python'], callee: /^(?:httpx\.)?(?:Async)?Client$|^(?:aiohttp\.)?ClientSession$|^BaseUrlSession$/, keys: /^base_url$/ },
  { langs: ['python'], callee: /^(?:grpc\.)?(?:aio\.)?insecure_channel$|^(?:grpc\.)?(?:aio\.)?secure_channel$/, arg: 0, hint: /\b(?:insecure|secure)_channel\b/ },
  { langs: ['ruby'], callee: /^(?:::)?Faraday\.new$/, arg: 0, keys: /^url$/, hint: /\bFaraday\b/ },
  { langs: ['ruby'], callee: /^base_uri$/, arg: 0, hint: /\bbase_uri\b/ },
  { langs: ['ruby'], callee: /^(?:::)?RestClient::Resource\.new$/, arg: 0, hint: /\bRestClient\b/ },
  { langs: ['php'], callee: /^(?:GuzzleHttp\\)?Client$/, keys: /^base_uri$/, modules: /^GuzzleHttp\\/ },
  { langs: ['php'], callee: /^(?:Symfony\\Component\\HttpClient\\)?HttpClient::createForBaseUri$/, arg: 0, hint: /\bcreateForBaseUri\b/ },
  { langs: ['java'], callee: /^WebClient\.create$|(?:^|\.)(?:baseUrl|rootUri)$/, arg: 0, hint: /\b(?:WebClient|baseUrl|rootUri)\b/ },
  { langs: ['go'], callee: /^grpc\.(?:Dial|DialContext|NewClient)$/, arg: -1, hint: /\bgrpc\b/ },
  { langs: ['go'], callee: /(?:^|\.)(?:SetBaseURL|SetHostURL)$/, arg: 0, hint: /\b(?:SetBaseURL|SetHostURL)\b/ },
];

function baseUrlSlot(b: Binding, context: RuleContext, facts: FileFacts): boolean {
  const lang = context.language;
  const callee = b.callee;
  if (!callee) return false;
  for (const api of BASE_URL_APIS) {
    if (!api.langs.includes(lang) || !api.callee.test(callee)) continue;
    if (b.kind === 'argument') {
      if (api.arg === undefined) continue;
      // -1: the first string argument (`grpc.DialContext(ctx, "host:port")`)
      if (api.arg >= 0 ? b.argumentIndex !== api.arg : !isFirstStringArg(b, lang)) continue;
    } else if (b.kind === 'key' || b.kind === 'keyword-argument') {
      if (!api.keys?.test(b.name ?? '') || (b.fullName !== b.name && b.kind === 'key')) continue;
    } else continue;
    if (api.modules && !importsOf(context, facts).some((m) => api.modules!.test(m))) continue;
    return true;
  }
  return false;
}

function isFirstStringArg(b: Binding, lang: LanguageId): boolean {
  const call = callOfArgument(b.node, lang);
  const info = call ? callInfo(call, lang) : undefined;
  const first = info ? positionalArgs(info, lang).map((a) => unwrapArg(a, lang)).find((a) => stringValue(a, lang) !== undefined) : undefined;
  return !!first && same(first, b.node);
}

/** The name the constructed client is bound to (`pricing` in `const pricing = new Pool(...)`). */
function ownerOf(b: Binding, lang: LanguageId): string | undefined {
  const call = callOfArgument(b.kind === 'key' ? (entryOf(b.node)?.parent ?? b.node) : b.node, lang);
  if (!call) return undefined;
  const ob = bindingOf(call, lang);
  if (ob.kind === 'variable' || ob.kind === 'constant' || ob.kind === 'property') return ob.name;
  // `@Bean WebClient catalogClient() { return WebClient.create(...) }`, `class PricingClient; base_uri "..."`
  const fn = enclosingFunction(call, lang);
  return fn?.childForFieldName('name')?.text ?? enclosingClassName(call);
}

function slotVerdict(value: string, b: Binding, context: RuleContext, facts: FileFacts): { verdict: EndpointVerdict; slot: 'app-url' | 'base-url'; owner?: string } | undefined {
  // Builder / setter arguments name their slot by the method: `.redirectUri("...")`, `setCallbackUrl("...")`.
  const ownName = b.kind === 'argument' ? (b.argumentIndex === 0 && b.callee ? methodOf(b.callee).replace(/^set(?=[A-Z_])/, '') : undefined) : b.name;
  const info = value.includes('://') ? parseConnectionString(value) : null;
  if (isAppUrlName(ownName)) {
    if (!info || info.isTemplate || !/^https?$/.test(info.scheme) || info.hostKind === 'documentation' || info.hostKind === 'any-address' || isReferenceUrl(value)) return undefined;
    return { verdict: { report: true, reason: 'connection-url', info, serviceKind: 'http-api' }, slot: 'app-url', owner: ownName };
  }
  if (!baseUrlSlot(b, context, facts)) return undefined;
  const owner = ownerOf(b, context.language);
  if (info) {
    if (info.isTemplate || info.embedded || info.hostKind === 'documentation' || !/^(?:https?|wss?|grpcs?|h2c)$/.test(info.scheme)) return undefined;
    const localish = info.hostKind === 'loopback' || (info.hostKind === 'internal-name' && !info.host.includes('.'));
    if (!localish) return undefined;
    return { verdict: { report: true, reason: 'backing-service-localhost', info, serviceKind: 'http-api' }, slot: 'base-url', owner };
  }
  const h = classifyHost(value);
  if (!h || h.port === undefined || !(h.hostKind === 'loopback' || (h.hostKind === 'internal-name' && !h.host.includes('.')))) return undefined;
  return { verdict: { report: true, reason: 'backing-service-localhost', host: h, serviceKind: 'http-api' }, slot: 'base-url', owner };
}

/** The environment read whose fallback `value` is (`process.env.X || value`, `os.environ.get("X", value)`). */
function envReadOfDefault(value: Node, lang: LanguageId): { name?: string; node: Node } | undefined {
  let a: Node | null = value.parent;
  for (let i = 0; a && i < 6; i++, a = a.parent) {
    for (const c of [a, ...namedKids(a)]) {
      if (same(c, value)) continue;
      const r = envReadAt(c, lang);
      const d = r?.defaultNode;
      if (r && d && d.startIndex <= value.startIndex && d.endIndex >= value.endIndex) return r.name !== undefined ? { name: r.name, node: r.node } : { node: r.node };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Entry point (cached per tree)
// ---------------------------------------------------------------------------------------

const cache = new TreeMemo<{ text: string; path: string; how: string; literals: EndpointLiteral[] }>();

/**
 * Could the scan find an endpoint literal of this factor in the text ('III', 'IV'; both by
 * default): a literal that may get a verdict of it itself, or, for Factor IV, a host constant
 * and a use of one in a host slot (`hostFlows`; a template that uses one is a literal of the
 * first kind, and a constant that flows to a Factor III verdict is a cloud resource, which is)?
 * Without one, the file need not be parsed for it.
 */
export function mayHaveEndpoints(context: RuleContext, factor?: 'III' | 'IV'): boolean {
  if (!ENDPOINT_NODE_TYPES[context.language]) return false;
  if (hasLiteralCandidates(context, ENDPOINT_LITERALS, factor === 'III' ? FACTOR_III : factor === 'IV' ? FACTOR_IV : FACTOR_III | FACTOR_IV)) return true;
  if (factor === 'III') return false;
  const defs = literalOffsets(context, ENDPOINT_LITERALS, HOST_DEF);
  return defs.length > 0 && (context.treeParsed || precheck(() => mayFlow(context.text, defs)));
}

/** Every reportable endpoint literal of the file, in document order (computed once per tree). */
export function endpointLiterals(context: RuleContext, how: 'scan' | 'query' = 'scan'): EndpointLiteral[] {
  // Decided from the text when no literal could be an endpoint: the file is not parsed for it.
  if (how === 'scan' && !mayHaveEndpoints(context)) return [];
  const tree = context.tree;
  if (!tree) return [];
  const hit = cache.get(tree);
  if (hit && hit.text === context.text && hit.path === context.path && hit.how === how) return hit.literals;
  let literals: EndpointLiteral[] = [];
  if (STRING_QUERIES[context.language] ?? (context.language === 'typescript' ? STRING_QUERIES.javascript : undefined)) {
    const facts: FileFacts = {};
    const defs = new Map<string, HostDef>();
    for (const node of literalNodes(context, how)) {
      const lit = assessLiteral(node, context, facts, defs);
      if (lit && !literals.some((l) => same(l.node, lit.node))) literals.push(lit);
    }
    const flowed = defs.size ? hostFlows(context, facts, defs, literals) : [];
    if (flowed.length || literals.some((l, i) => i > 0 && l.node.startIndex < literals[i - 1].node.startIndex)) {
      literals = [...literals, ...flowed].sort((a, b) => a.node.startIndex - b.node.startIndex);
    }
  }
  cache.set(tree, { text: context.text, path: context.path, how, literals });
  return literals;
}

// ---------------------------------------------------------------------------------------
// One hop of data flow: a host constant given to a client (`$servername = "localhost";`
// ... `new mysqli($servername, ...)`, `HOST = "db"` ... `psycopg2.connect(host=HOST)`)
// ---------------------------------------------------------------------------------------


/** Assigned more than once in the file (`host = "x"` then `host = os.environ.get(...)`): not a constant to follow. */
function assignedAgain(text: string, name: string, lang: LanguageId): boolean {
  const n = lang === 'php' ? `\\$${escapeRegExp(name)}` : escapeRegExp(name);
  const re = new RegExp(`^[ \\t]*(?:(?:export|const|let|var|final|static|private|public|protected|readonly|String|string|val)\\s+)*${n}\\s*(?::[^=\\n]*)?(?::=|\\|\\|=|\\?\\?=|=)(?!=)`, 'gm');
  let count = 0;
  while (re.exec(text)) if (++count > 1) return true;
  return false;
}

/** A later assignment of the same name reads the environment (`host = os.environ.get("DB_HOST", host)`, `@host = ENV["HOST"] || @host`). */
function overriddenFromEnv(text: string, name: string, lang: LanguageId): boolean {
  const n = lang === 'php' ? `\\$${escapeRegExp(name)}` : escapeRegExp(name);
  const re = new RegExp(`(?:^|[^\\w$.])${n}\\s*(?::[^=\\n]*)?(?::=|\\|\\|=|\\?\\?=|=)(?!=)([^\\n]*)`, 'gm');
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = re.exec(text)) && guard++ < 50) {
    if (/\benviron\b|getenv|Getenv|LookupEnv|\bENV\b|process\.env|\$_ENV|\$_SERVER|\benv\(/.test(m[1])) return true;
  }
  return false;
}

function paramsMention(fn: Node | undefined, name: string): boolean {
  const params = fn?.childForFieldName('parameters') ?? fn?.childForFieldName('parameter');
  return !!params && new RegExp(`(?:^|[^\\w$])\\$?${escapeRegExp(name)}(?![\\w$])`).test(params.text);
}

/** The definition is visible, unshadowed, at the use: module level, or the same function. */
function visibleAt(def: HostDef, use: Node, name: string, lang: LanguageId): boolean {
  const defFn = enclosingFunction(def.node, lang);
  let fn = enclosingFunction(use, lang);
  for (let i = 0; fn && i < 8; i++) {
    if (defFn && same(fn, defFn)) return true;
    if (paramsMention(fn, name)) return false;
    fn = enclosingFunction(fn, lang);
  }
  return !defFn;
}

/**
 * Uses of the host constants as a value: after `(`, `,`, `:`, `=` or `=>` and before `,`, `)`,
 * `}`, `]` or the end of the line. One regular-expression pass over the text finds them (a tree
 * query over every identifier would cost as much as parsing); the tree then says what each is.
 */
function hostFlows(context: RuleContext, facts: FileFacts, defs: Map<string, HostDef>, found: EndpointLiteral[]): EndpointLiteral[] {
  const lang = context.language;
  const root = context.tree?.rootNode;
  const names = [...defs.entries()].filter(([, d]) => d.count === 1 && d.near).map(([n]) => n);
  if (!root || names.length === 0) return [];
  const text = context.text;
  const sigil = lang === 'php' ? '\\$' : '';
  const re = new RegExp(`([(,:=>]\\s*)${sigil}(${names.map(escapeRegExp).join('|')})(?=\\s*[,)}\\]\\r\\n])`, 'g');
  const taken = new Set(found.map((l) => l.node.startIndex));
  const out: EndpointLiteral[] = [];
  const again = new Map<string, boolean>();
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const name = m[2];
    const def = defs.get(name);
    const at = m.index + m[1].length;
    if (!def || taken.has(def.node.startIndex) || at < def.node.endIndex) continue;
    if (m[1].trimEnd().endsWith('=') && /[=!<>]=\s*$/.test(text.slice(Math.max(0, m.index - 1), m.index + m[1].length))) continue; // `==`, `!=`, `<=`
    // Only where the text around may make it a host slot (what the scan asked before parsing).
    if (!hostSlotContext(text, at, m.index + m[0].length)) continue;
    const use = root.descendantForIndex(at, at + (lang === 'php' ? 1 : 0) + name.length);
    if (!use || !['identifier', 'variable_name', 'constant'].includes(use.type) || nameText(use, lang) !== name) continue;
    let reassigned = again.get(name);
    if (reassigned === undefined) again.set(name, (reassigned = assignedAgain(text, name, lang)));
    if (reassigned || !visibleAt(def, use, name, lang) || defIsEnvDefault(def, context)) continue;
    const b = bindingOf(use, lang);
    const judged = judge(def.raw, b, context, facts);
    if (!judged?.hostSlot) continue;
    const verdict = assessEndpoint(judged.value, { name: judged.name });
    if (!verdict?.report || (verdict.host && !isPlausibleBareHost(judged.value, verdict))) continue;
    if (verdict.reason === 'backing-service-localhost' && (isDevScopedName(def.binding.name, def.binding.name) || isDevScopedName(judged.name) || isDevScopedPath(context.path))) continue;
    const lit: EndpointLiteral = {
      node: def.node, value: judged.value, verdict, binding: def.binding, template: false, envDefault: false, serviceKind: serviceOf(verdict),
    };
    if (judged.name !== undefined) lit.name = judged.name;
    if (judged.client) lit.client = judged.client;
    if (verdict.info) lit.scheme = verdict.info.scheme;
    const host = verdict.host?.host ?? verdict.info?.host;
    if (host) lit.host = host;
    taken.add(def.node.startIndex);
    out.push(lit);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Words for messages and environment variable names
// ---------------------------------------------------------------------------------------

const SCHEME_LABELS: [RegExp, string, string][] = [
  [/^(?:jdbc:)?(?:postgres|postgresql|pgsql|postgis|pg|psql|timescale|timescaledb)(?:\+|$)/, 'PostgreSQL database', 'DATABASE_URL'],
  [/^(?:jdbc:)?(?:mysql|mysql2|mysqlx|mariadb)(?:\+|$)/, 'MySQL database', 'DATABASE_URL'],
  [/^(?:mongodb|mongo)(?:\+|$)/, 'MongoDB database', 'MONGODB_URI'],
  [/^(?:redis|rediss|valkey|valkeys|sentinel|redis-sentinel)(?:\+|$)/, 'Redis server', 'REDIS_URL'],
  [/^(?:memcached|memcache)$/, 'Memcached server', 'MEMCACHED_URL'],
  [/^(?:amqp|amqps|pyamqp|librabbitmq|rabbitmq)(?:\+|$)/, 'RabbitMQ broker', 'AMQP_URL'],
  [/^kafka(?:\+|$)/, 'Kafka broker', 'KAFKA_URL'],
  [/^nats$/, 'NATS server', 'NATS_URL'],
  [/^(?:smtp|smtps|submission)(?:\+|$)/, 'SMTP server', 'SMTP_URL'],
  [/^(?:elasticsearch|elastic)$/, 'Elasticsearch cluster', 'ELASTICSEARCH_URL'],
  [/^opensearch$/, 'OpenSearch cluster', 'OPENSEARCH_URL'],
  [/^(?:s3|s3a|s3n)$/, 'S3 bucket', 'S3_BUCKET'],
  [/^(?:gs|gcs)$/, 'Cloud Storage bucket', 'GCS_BUCKET'],
  [/^azure-storage$/, 'Azure Storage account', 'AZURE_STORAGE_CONNECTION_STRING'],
  [/^azure-servicebus$/, 'Azure Service Bus namespace', 'SERVICEBUS_CONNECTION_STRING'],
  [/^azure-cosmos$/, 'Cosmos DB account', 'COSMOS_CONNECTION_STRING'],
  [/^(?:jdbc:)?(?:sqlserver|mssql|jtds)(?:\+|$|:)/, 'SQL Server database', 'DATABASE_URL'],
  [/^(?:jdbc:)?oracle/, 'Oracle database', 'DATABASE_URL'],
  [/^(?:ldap|ldaps)$/, 'LDAP server', 'LDAP_URL'],
];

const KIND_LABELS: Record<ServiceKind, [string, string, string]> = {
  database: ['database', 'DATABASE_URL', 'DB'],
  cache: ['cache', 'REDIS_URL', 'REDIS'],
  queue: ['message broker', 'BROKER_URL', 'BROKER'],
  search: ['search cluster', 'ELASTICSEARCH_URL', 'ELASTICSEARCH'],
  smtp: ['SMTP server', 'SMTP_URL', 'SMTP'],
  storage: ['object storage', 'STORAGE_URL', 'STORAGE'],
  'http-api': ['upstream service', 'SERVICE_URL', 'SERVICE'],
  other: ['backing service', 'SERVICE_URL', 'SERVICE'],
};

/** Words that a name may be made of without saying what it is (`url`, `host`, `DSN`, `connectionString`). */
const GENERIC_NAME_WORDS = new Set([
  'url', 'uri', 'urls', 'uris', 'dsn', 'host', 'hostname', 'hosts', 'server', 'servers', 'address', 'addr', 'addrs', 'addresses', 'endpoint',
  'connection', 'conn', 'string', 'str', 'connstr', 'location', 'node', 'nodes', 'broker', 'brokers', 'name', 'bucket', 'default', 'value',
  'base', 'target', 'config', 'settings', 'options', 'opts', 'params', 'the', 'my', 'new', 'client', 'self', 'this', 'cls', 'hostaddr',
]);

const PREFIX_LABELS: Record<string, string> = {
  REDIS: 'Redis server', MEMCACHED: 'Memcached server', RABBITMQ: 'RabbitMQ broker', KAFKA: 'Kafka broker', MONGODB: 'MongoDB database',
  SMTP: 'SMTP server', ELASTICSEARCH: 'Elasticsearch cluster',
};

/** A human label for the service ('PostgreSQL database', 'Redis server', 'SMTP server'). */
export function serviceLabel(lit: EndpointLiteral): string {
  const scheme = lit.scheme;
  if (scheme) for (const [re, label] of SCHEME_LABELS) if (re.test(scheme)) return label;
  if (!scheme && (lit.verdict.reason === 'backing-service-localhost' || lit.verdict.reason === 'backing-service-fixed-host')) {
    const byName = PREFIX_LABELS[servicePrefix(lit)];
    if (byName) return byName;
    const words = lit.name ? nameWords(lit.name) : [];
    if (lit.serviceKind === 'database') {
      if (words.some((w) => w === 'postgres' || w === 'postgresql' || w === 'pg' || w === 'psycopg' || w === 'psycopg2' || w === 'asyncpg')) return 'PostgreSQL database';
      if (words.some((w) => w.startsWith('mysql') || w === 'pymysql' || w === 'mariadb')) return 'MySQL database';
    }
  }
  if (lit.verdict.reason === 'bucket') return 'bucket';
  if (lit.verdict.reason === 'cloud-resource') {
    const kind = lit.serviceKind;
    return kind === 'http-api' || kind === 'other' ? 'cloud resource' : `cloud-hosted ${KIND_LABELS[kind][0]}`;
  }
  return KIND_LABELS[lit.serviceKind][0];
}

const SKIP_HOST_LABELS = new Set(['api', 'www', 'app', 'web', 'staging', 'stage', 'stg', 'prod', 'production', 'prd', 'preprod', 'nonprod', 'dev', 'develop', 'development', 'qa', 'uat', 'test', 'internal', 'svc', 'local', 'cluster', 'default']);

/** `PAYMENTS_URL` for `https://payments.staging.acme.com/v1`: the first label that names the service. */
function hostEnvName(host: string | undefined): string | undefined {
  if (!host || /^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.') || /(?:^|\.)localhost$/.test(host)) return undefined;
  const labels = host.split('.');
  const upto = Math.max(1, labels.length - 2);
  for (let i = 0; i < upto; i++) {
    const parts = labels[i].split(/[-_]/).filter((p) => p && !SKIP_HOST_LABELS.has(p.replace(/\d+$/, '')) && !/^\d+$/.test(p));
    if (parts.length) return toEnvName(parts.join('_')) + '_URL';
  }
  return undefined;
}

function defaultEnvName(lit: EndpointLiteral): string {
  if (lit.verdict.reason === 'bucket') {
    const words = lit.name ? nameWords(lit.name) : [];
    const gcs = lit.scheme === 'gs' || lit.scheme === 'gcs' || lit.host === 'storage.googleapis.com' || words.some((w) => w === 'gcs' || w === 'google' || w === 'storage');
    return gcs ? 'GCS_BUCKET' : 'S3_BUCKET';
  }
  const scheme = lit.scheme;
  if (scheme) for (const [re, , env] of SCHEME_LABELS) if (re.test(scheme)) return env;
  if (lit.serviceKind === 'http-api' || lit.serviceKind === 'other') {
    const byHost = hostEnvName(lit.host);
    if (byHost) return byHost;
  }
  return KIND_LABELS[lit.serviceKind][1];
}

const PORT_PREFIXES = new Map<number, string>([
  [6379, 'REDIS'], [6380, 'REDIS'], [26379, 'REDIS'], [11211, 'MEMCACHED'], [5672, 'RABBITMQ'], [5671, 'RABBITMQ'], [9092, 'KAFKA'],
  [29092, 'KAFKA'], [27017, 'MONGODB'], [25, 'SMTP'], [465, 'SMTP'], [587, 'SMTP'], [2525, 'SMTP'], [1025, 'SMTP'], [9200, 'ELASTICSEARCH'],
  [9300, 'ELASTICSEARCH'], [5432, 'DB'], [3306, 'DB'], [1433, 'DB'], [1521, 'DB'],
]);

/** Prefix for a host-ish variable of this service (`REDIS` in REDIS_HOST, `DB` in DB_HOST). */
function servicePrefix(lit: EndpointLiteral): string {
  const port = lit.verdict.host?.port ?? lit.verdict.info?.port;
  const byPort = port !== undefined ? PORT_PREFIXES.get(port) : undefined;
  if (byPort) return byPort;
  const words = lit.name ? nameWords(lit.name) : [];
  if (words.includes('redis')) return 'REDIS';
  if (words.includes('memcached') || words.includes('memcache') || words.includes('dalli')) return 'MEMCACHED';
  if (words.some((w) => w === 'amqp' || w === 'rabbitmq' || w === 'rabbit' || w === 'pika' || w === 'bunny')) return 'RABBITMQ';
  if (words.includes('kafka')) return 'KAFKA';
  if (words.some((w) => w.startsWith('mongo'))) return 'MONGODB';
  if (words.some((w) => w === 'smtp' || w === 'smtplib' || w === 'mail' || w === 'mailer' || w === 'email' || w === 'nodemailer')) return 'SMTP';
  if (words.some((w) => w === 'elasticsearch' || w === 'elastic' || w === 'opensearch')) return 'ELASTICSEARCH';
  return KIND_LABELS[lit.serviceKind][2];
}

/** The variable's own name when it says what it holds, else the service's usual one (DATABASE_URL, REDIS_HOST, S3_BUCKET). */
export function envNameFor(lit: EndpointLiteral): string {
  if (lit.envRead?.name) return lit.envRead.name;
  if (lit.slot === 'app-url' && lit.owner) return toEnvName(lit.owner);
  if (lit.slot === 'base-url') {
    const suffix = lit.scheme ? 'URL' : 'ADDR';
    const words = lit.owner ? identifierWords(lit.owner).filter((w) => !GENERIC_NAME_WORDS.has(w) && !UPSTREAM_NOISE.has(w)) : [];
    return `${words.length ? toEnvName(words.join('_')) : 'UPSTREAM'}_${suffix}`;
  }
  const b = lit.binding;
  const own = b.kind === 'variable' || b.kind === 'constant' || b.kind === 'property' || b.kind === 'key' || b.kind === 'keyword-argument' || b.kind === 'parameter-default'
    ? b.name : undefined;
  const words = own ? identifierWords(own) : [];
  const generic = words.length === 0 || words.every((w) => GENERIC_NAME_WORDS.has(w) || w.length <= 1);
  const bare = lit.verdict.reason !== 'bucket' && classifyHost(lit.value) !== null;
  if (own && !generic && words.length > 1) {
    const env = toEnvName(own);
    if (env) return env;
  }
  if (bare) {
    const last = words.length && GENERIC_NAME_WORDS.has(words[words.length - 1]) ? words[words.length - 1].toUpperCase() : 'HOST';
    const suffix = last === 'HOSTNAME' || last === 'ADDR' || last === 'ADDRESS' || last === 'SERVER' || last === 'HOST' || last === 'HOSTS' || last === 'NODES' || last === 'BROKERS' || last === 'SERVERS' ? last : 'HOST';
    return `${servicePrefix(lit)}_${suffix}`;
  }
  return defaultEnvName(lit);
}

const URL_ENV_BY_PREFIX: Record<string, string> = {
  REDIS: 'REDIS_URL', MEMCACHED: 'MEMCACHED_URL', RABBITMQ: 'AMQP_URL', KAFKA: 'KAFKA_URL', MONGODB: 'MONGODB_URI', SMTP: 'SMTP_URL',
  ELASTICSEARCH: 'ELASTICSEARCH_URL', DB: 'DATABASE_URL', BROKER: 'BROKER_URL', STORAGE: 'STORAGE_URL', SERVICE: 'SERVICE_URL',
};

/** Words of a client's variable that do not name the upstream (`httpClient`, `grpcChannel`, `restTemplate`). */
const UPSTREAM_NOISE = new Set(['http', 'https', 'rest', 'instance', 'axios', 'channel', 'conn', 'session', 'grpc', 'web', 'dial', 'get', 'make', 'build', 'create', 'template', 'stub', 'api']);

/** The URL variable a client should be given instead of host/port constants (REDIS_URL, DATABASE_URL...). */
export function urlEnvNameFor(lit: EndpointLiteral): string {
  if (lit.scheme) return envNameFor(lit);
  return URL_ENV_BY_PREFIX[servicePrefix(lit)] ?? defaultEnvName(lit);
}
