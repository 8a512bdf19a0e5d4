/**
 * A branch on the deploy mode (`NODE_ENV`, `RAILS_ENV`, `APP_ENV`, `DEBUG`,
 * `Rails.env.production?`, `app()->environment('local')`, Spring `@Profile("dev")`,
 * Sinatra `configure :development`...) that wires a different backing service in each
 * branch: SQLite or H2 in development and Postgres or MySQL in production, an in-memory or
 * fake cache (`LocMemCache`, `:memory_store`, `NodeCache`, `fakeredis`, `miniredis`) where
 * production has Redis, tasks run inline (`CELERY_TASK_ALWAYS_EAGER`, `:inline`, `'sync'`)
 * where production has a queue. Development then stops finding the bugs production will
 * have (types, locking, SQL dialects, eviction, serialisation). Mail transports that drop
 * every message (`NullTransport`, Django's dummy/locmem backends, nodemailer's
 * `jsonTransport`) count as stand-ins too; console, file and letter_opener previews do not.
 * Config objects keyed by mode (a knexfile's `development: { client: 'sqlite3' }` beside
 * `production: { client: 'pg' }`) are branches as well.
 *
 * Flagged: a branch that wires an embedded or fake service when another branch of the same
 * test wires a real one of the same kind, or a development branch that swaps a service
 * for an embedded or fake one while the file shows the real one elsewhere (a SQLite-only
 * app has no disparity). Not flagged: a branch for tests only (`NODE_ENV === 'test'`,
 * `Rails.env.test?`, `@Profile("test")`), branches that only change log levels, debug
 * tools, error pages, CORS, caching headers or mail previews, and branches that read
 * different environment variables for the same kind of service.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck, type RuleContext } from '../../engine/rule';
import type { LanguageId } from '../../parsing/languages';
import {
  ANCHORED_LOOKUPS, bindingOf, callInfo, envReadAt, isEnvDefault, isStringLiteral, matchesRootedAt, nodesNear, spansOf, stringValue, type TextSpan,
} from '../../analysis/syntax';
import { query as compileQuery } from '../../parsing/tree-sitter';
import { MODE_ENV_NAMES, MODE_FLAG_NAME, MODE_SUBJECT_NAME, modeBranches, modeKeyedBranches, type Mode, type ModeBranch } from '../../analysis/env-mode';
import { matchSpans } from '../../engine/text-matches';

type Kind = 'sql' | 'kv' | 'queue' | 'document' | 'mail';

interface Service {
  kind: Kind;
  /** sqlite, h2, postgres, mysql, redis, memory, inline... ('url' when only an environment URL says which). */
  engine: string;
  /** Embedded, in-memory, fake or inline stand-in for a real server. */
  embedded: boolean;
  node: Node;
}

const LABEL: Record<string, string> = {
  sqlite: 'SQLite', h2: 'H2', hsqldb: 'HSQLDB', derby: 'Derby', 'pg-mem': 'pg-mem', postgres: 'PostgreSQL', mysql: 'MySQL', mssql: 'SQL Server',
  oracle: 'Oracle', redis: 'Redis', memcached: 'Memcached', memory: 'an in-memory cache', 'fake-redis': 'a fake Redis', file: 'a file cache',
  dummy: 'no cache at all', inline: 'inline (synchronous) jobs', rabbitmq: 'RabbitMQ', 'queue-server': 'a job queue', mongodb: 'MongoDB',
  'mongo-memory': 'an in-memory MongoDB', url: 'the service at its environment URL', 'null-mail': 'a mail transport that sends nothing', smtp: 'a real mail service',
};

const KIND_WORD: Record<Kind, string> = { sql: 'database', kv: 'cache', queue: 'job queue', document: 'database', mail: 'mail service' };

// ---------------------------------------------------------------------------------------
// What a literal, call or environment read wires
// ---------------------------------------------------------------------------------------

function fromText(v: string): Omit<Service, 'node'> | undefined {
  const s = v.trim();
  if (/^sqlite[0-9]?(\+\w+)?:|^jdbc:sqlite:|^:memory:$|^file:[^?]*\.(db|sqlite3?)(\?.*)?$/i.test(s)) return { kind: 'sql', engine: 'sqlite', embedded: true };
  // A database file path (`./data/app.db`, `db.sqlite3`): SQLite.
  if (/^[\w./\\:-]*\.(sqlite3?|db3?)$/i.test(s) && !/^https?:/i.test(s)) return { kind: 'sql', engine: 'sqlite', embedded: true };
  if (/^jdbc:h2:/i.test(s)) return { kind: 'sql', engine: 'h2', embedded: true };
  if (/^jdbc:hsqldb:/i.test(s)) return { kind: 'sql', engine: 'hsqldb', embedded: true };
  if (/^jdbc:derby:/i.test(s)) return { kind: 'sql', engine: 'derby', embedded: true };
  if (/^(postgres(ql)?|postgis|pgsql)(\+\w+)?:\/\/|^jdbc:postgresql:|^pgsql:(host|dbname)=/i.test(s)) return { kind: 'sql', engine: 'postgres', embedded: false };
  if (/^(mysql|mariadb|mysql2)(\+\w+)?:\/\/|^jdbc:(mysql|mariadb):|^mysql:(host|dbname|unix_socket)=/i.test(s)) return { kind: 'sql', engine: 'mysql', embedded: false };
  if (/^(mssql|sqlserver):\/\/|^jdbc:sqlserver:|^sqlsrv:/i.test(s)) return { kind: 'sql', engine: 'mssql', embedded: false };
  if (/^mongodb(\+srv)?:\/\//i.test(s)) return { kind: 'document', engine: 'mongodb', embedded: false };
  if (/^rediss?:\/\//i.test(s)) return { kind: 'kv', engine: 'redis', embedded: false };
  if (/^memcached?:\/\//i.test(s)) return { kind: 'kv', engine: 'memcached', embedded: false };
  if (/^amqps?:\/\//i.test(s)) return { kind: 'queue', engine: 'rabbitmq', embedded: false };
  // Django / Channels / Flask-Caching class paths.
  if (/^django\.db\.backends\.sqlite3$|^django\.contrib\.gis\.db\.backends\.spatialite$/.test(s)) return { kind: 'sql', engine: 'sqlite', embedded: true };
  if (/^django\.db\.backends\.postgresql(_psycopg2)?$|^django\.contrib\.gis\.db\.backends\.postgis$/.test(s)) return { kind: 'sql', engine: 'postgres', embedded: false };
  if (/^django\.(db|contrib\.gis\.db)\.backends\.mysql$/.test(s)) return { kind: 'sql', engine: 'mysql', embedded: false };
  if (/^django\.core\.cache\.backends\.locmem\.LocMemCache$/.test(s)) return { kind: 'kv', engine: 'memory', embedded: true };
  if (/^django\.core\.cache\.backends\.dummy\.DummyCache$/.test(s)) return { kind: 'kv', engine: 'dummy', embedded: true };
  if (/^django\.core\.cache\.backends\.filebased\.FileBasedCache$/.test(s)) return { kind: 'kv', engine: 'file', embedded: true };
  if (/^(django_redis\.cache\.RedisCache|django\.core\.cache\.backends\.redis\.RedisCache|redis_cache\.RedisCache)$/.test(s)) return { kind: 'kv', engine: 'redis', embedded: false };
  if (/^django\.core\.cache\.backends\.memcached\./.test(s)) return { kind: 'kv', engine: 'memcached', embedded: false };
  if (/^channels\.layers\.InMemoryChannelLayer$/.test(s)) return { kind: 'kv', engine: 'memory', embedded: true };
  if (/^channels_redis\.(core|pubsub)\.Redis(PubSub)?ChannelLayer$/.test(s)) return { kind: 'kv', engine: 'redis', embedded: false };
  // Mail: transports that drop every message stand in for the mail service; console and file backends are previews and are left alone.
  if (/^django\.core\.mail\.backends\.(dummy|locmem)\.EmailBackend$|^null:\/\/|^(in-memory|array):\/\//.test(s)) return { kind: 'mail', engine: 'null-mail', embedded: true };
  if (/^django\.core\.mail\.backends\.smtp\.EmailBackend$|^smtps?:\/\/|^(ses|sendgrid|mailgun|postmark|mailjet|sendinblue|brevo)(\+\w+)?:\/\//.test(s)) return { kind: 'mail', engine: 'smtp', embedded: false };
  if (/^(flask_caching\.backends\.)?(SimpleCache|NullCache|FileSystemCache)$/.test(s)) return { kind: 'kv', engine: /Null/.test(s) ? 'dummy' : /File/.test(s) ? 'file' : 'memory', embedded: true };
  if (/^(flask_caching\.backends\.)?(RedisCache|RedisSentinelCache|RedisClusterCache|MemcachedCache|SASLMemcachedCache)$/.test(s)) return { kind: 'kv', engine: /Redis/.test(s) ? 'redis' : 'memcached', embedded: false };
  return undefined;
}

/** A bare engine word (`'sqlite'`, `'pgsql'`, `'redis'`, `:memory_store`, `:inline`), read with the name it is bound to. */
function fromWord(word: string, bindingName: string): Omit<Service, 'node'> | undefined {
  const w = word.toLowerCase();
  const name = bindingName.toLowerCase();
  if (/mail|delivery_method/.test(name)) {
    if (/^(test|null|array|dummy|locmem|blackhole)$/.test(w)) return { kind: 'mail', engine: 'null-mail', embedded: true };
    if (/^(smtp|sendmail|ses|ses_v2|sendgrid|mailgun|postmark|mailjet|resend|sparkpost)$/.test(w)) return { kind: 'mail', engine: 'smtp', embedded: false };
    return undefined;
  }
  const queueish = /queue|job|broker|worker|task/.test(name);
  const cacheish = /cache|store|session/.test(name);
  const dbish = /db|database|dialect|driver|adapter|engine|client|connection|type|datasource|default/.test(name);
  if (queueish) {
    if (/^(sync|inline|async|test|null|sucker_punch|eager|memory)$/.test(w)) return { kind: 'queue', engine: 'inline', embedded: true };
    if (/^(redis|sqs|database|beanstalkd|rabbitmq|amqp|sidekiq|resque|delayed_job|good_job|solid_queue|sneakers|que|shoryuken|bull|bullmq|kafka)$/.test(w)) return { kind: 'queue', engine: 'queue-server', embedded: false };
    return undefined;
  }
  if (cacheish) {
    if (/^(memory|memory_store|array|local|locmem|simple|simplecache|null|null_store|nullcache|file|file_store|filesystem|apc|apcu)$/.test(w)) return { kind: 'kv', engine: /null/.test(w) ? 'dummy' : /file/.test(w) ? 'file' : 'memory', embedded: true };
    if (/^(redis|redis_cache_store|rediscache|memcached|mem_cache_store|memcache|dynamodb)$/.test(w)) return { kind: 'kv', engine: /mem_?cache/.test(w) ? 'memcached' : 'redis', embedded: false };
    return undefined;
  }
  if (dbish) {
    if (/^(sqlite|sqlite3|better-sqlite3|better_sqlite3|h2|hsqldb|derby)$/.test(w)) return { kind: 'sql', engine: w.startsWith('sqlite') || w.includes('sqlite') ? 'sqlite' : w, embedded: true };
    if (/^(postgres|postgresql|pg|pgsql|postgis|psycopg2)$/.test(w)) return { kind: 'sql', engine: 'postgres', embedded: false };
    if (/^(mysql|mysql2|mariadb|pdo_mysql)$/.test(w)) return { kind: 'sql', engine: 'mysql', embedded: false };
    if (/^(mssql|sqlsrv|sqlserver|tedious)$/.test(w)) return { kind: 'sql', engine: 'mssql', embedded: false };
  }
  return undefined;
}

/** Constructors and connection calls, by callee text. */
function fromCall(callee: string, args: Node[], lang: LanguageId, has: FileTest): Omit<Service, 'node'> | undefined {
  const c = callee.replace(/\s+/g, '');
  const first = args[0] ? stringValue(args[0], lang) : undefined;
  // Go database/sql and GORM drivers.
  if (lang === 'go' && c === 'sql.Open' && first) {
    if (/^sqlite3?$/.test(first)) return { kind: 'sql', engine: 'sqlite', embedded: true };
    if (/^(postgres|pgx)$/.test(first)) return { kind: 'sql', engine: 'postgres', embedded: false };
    if (first === 'mysql') return { kind: 'sql', engine: 'mysql', embedded: false };
  }
  if (lang === 'go') {
    if (/^sqlite\.Open$/.test(c)) return { kind: 'sql', engine: 'sqlite', embedded: true };
    if (/^postgres\.(Open|New)$|^pgxpool\.(New|Connect|NewWithConfig)$|^pgx\.Connect$/.test(c)) return { kind: 'sql', engine: 'postgres', embedded: false };
    if (/^mysql\.(Open|New)$/.test(c)) return { kind: 'sql', engine: 'mysql', embedded: false };
    if (/^miniredis\.(Run|RunT|NewMiniRedis)$/.test(c)) return { kind: 'kv', engine: 'fake-redis', embedded: true };
    if (/^redis\.(NewClient|NewClusterClient|NewUniversalClient|NewFailoverClient)$/.test(c)) return { kind: 'kv', engine: 'redis', embedded: false };
    return undefined;
  }
  // SQLite
  if (/(^|\.)sqlite3?\.(Database|connect|open)$|^SQLite3::Database\.new$|^Sequel\.sqlite$|^sqlite3\.verbose\(\)\.Database$/.test(c)) return { kind: 'sql', engine: 'sqlite', embedded: true };
  if ((c === 'Database' || c === 'BetterSqlite3' || c === 'SqliteDatabase') && has(/better-sqlite3|bun:sqlite|node:sqlite/)) return { kind: 'sql', engine: 'sqlite', embedded: true };
  if (/(^|\.)(EmbeddedDatabaseBuilder)$/.test(c)) return { kind: 'sql', engine: 'h2', embedded: true };
  if (/^(newDb|pgMem\.newDb)$/.test(c) && has(/pg-mem/)) return { kind: 'sql', engine: 'pg-mem', embedded: true };
  // Real SQL
  if (/^(psycopg2?|psycopg)\.connect$|^asyncpg\.(connect|create_pool)$|^PG\.connect$|^PG::Connection\.new$|^Sequel\.postgres$/.test(c)) return { kind: 'sql', engine: 'postgres', embedded: false };
  if (/^(pymysql|MySQLdb|mysql\.connector|aiomysql)\.connect$|^mysql2?\.(createConnection|createPool)$|^Mysql2::Client\.new$|^Sequel\.mysql2?$/.test(c)) return { kind: 'sql', engine: 'mysql', embedded: false };
  if ((c === 'Pool' || c === 'pg.Pool' || c === 'pg.Client') && has(/['"]pg['"]/)) return { kind: 'sql', engine: 'postgres', embedded: false };
  if (/^dj_database_url\.(config|parse)$|^env\.db(_url)?$/.test(c)) return { kind: 'sql', engine: 'url', embedded: false };
  // Mongo
  if (/^(MongoMemoryServer(\.create)?|MongoMemoryReplSet(\.create)?)$/.test(c)) return { kind: 'document', engine: 'mongo-memory', embedded: true };
  // Redis and caches
  if (/^(RedisMock|MockRedis|IORedisMock|Redis\.Mock|redisMock\.createClient|fakeredis\.(FakeRedis|FakeStrictRedis|FakeServer|aioredis\.FakeRedis)|FakeRedis|FakeStrictRedis|MockRedis\.new)$/.test(c)) return { kind: 'kv', engine: 'fake-redis', embedded: true };
  if (/^(NodeCache|LRUCache|LRU|QuickLRU|TTLCache|cachetools\.TTLCache|cachetools\.LRUCache|ActiveSupport::Cache::MemoryStore\.new|ActiveSupport::Cache::NullStore\.new|ConcurrentMapCacheManager|ArrayAdapter|Symfony\\Component\\Cache\\Adapter\\ArrayAdapter)$/.test(c)) {
    return { kind: 'kv', engine: /Null/.test(c) ? 'dummy' : 'memory', embedded: true };
  }
  if (/^(Redis|IORedis|Redis\.Cluster|redis\.(Redis|StrictRedis|from_url|asyncio\.Redis|asyncio\.from_url)|aioredis\.from_url|Redis\.new|Redis::Namespace\.new|ActiveSupport::Cache::RedisCacheStore\.new|RedisCacheManager\.(create|builder)|LettuceConnectionFactory|JedisConnectionFactory|RedisAdapter|Predis\\Client|Predis\\\\Client)$/.test(c)) {
    return { kind: 'kv', engine: 'redis', embedded: false };
  }
  // Mail transports
  if (/(^|\\)NullTransport$|^Symfony\\Component\\Mailer\\Transport\\NullTransport$/.test(c)) return { kind: 'mail', engine: 'null-mail', embedded: true };
  if (/(^|\.)createTransport$/.test(c) && has(/nodemailer/)) {
    const opts = args[0]?.text ?? '';
    return /\b(jsonTransport|streamTransport)\s*:\s*true/.test(opts) ? { kind: 'mail', engine: 'null-mail', embedded: true } : { kind: 'mail', engine: 'smtp', embedded: false };
  }
  if (/^Transport::fromDsn$|^Mailer::fromDsn$/.test(c)) return { kind: 'mail', engine: 'smtp', embedded: false };
  if ((c === 'createClient' || c === 'redis.createClient') && has(/['"]redis['"]|['"]@redis\/client['"]/)) return { kind: 'kv', engine: 'redis', embedded: false };
  return undefined;
}

const ENV_KIND: [RegExp, Kind][] = [
  [/^(DATABASE_URL|DB_URL|DATABASE_URI|SQLALCHEMY_DATABASE_URI|POSTGRES_URL|POSTGRESQL_URL|PG_URL|PGHOST|PGDATABASE|MYSQL_URL|MYSQL_HOST|JDBC_DATABASE_URL|DB_HOST|DB_CONNECTION|DB_DSN|DATABASE_DSN|SPRING_DATASOURCE_URL)$/, 'sql'],
  [/^(REDIS_URL|REDIS_TLS_URL|REDISCLOUD_URL|REDIS_HOST|CACHE_URL|MEMCACHE_SERVERS|MEMCACHIER_SERVERS|MEMCACHED_URL|UPSTASH_REDIS_URL|KV_URL)$/, 'kv'],
  [/^(MONGODB_URI|MONGO_URL|MONGODB_URL|MONGO_URI)$/, 'document'],
  [/^(CELERY_BROKER_URL|BROKER_URL|AMQP_URL|CLOUDAMQP_URL|RABBITMQ_URL|QUEUE_CONNECTION)$/, 'queue'],
  [/^(MAILER_DSN|MAIL_URL|SMTP_URL|SMTP_HOST|EMAIL_URL|EMAIL_HOST|MAIL_HOST|SENDGRID_API_KEY|MAILGUN_API_KEY|POSTMARK_API_TOKEN)$/, 'mail'],
];

function fromEnvName(name: string): Omit<Service, 'node'> | undefined {
  for (const [re, kind] of ENV_KIND) if (re.test(name)) return { kind, engine: 'url', embedded: false };
  return undefined;
}

/** A config attribute holding a service URL (`settings.redis_url`, `config.DATABASE_URL`): the real service, from config. */
function fromConfigName(name: string): Omit<Service, 'node'> | undefined {
  if (/^(database|db|postgres|postgresql|pg|mysql|sqlalchemy_database)_?(url|uri|dsn)$/i.test(name)) return { kind: 'sql', engine: 'url', embedded: false };
  if (/^(redis|cache|memcached?)_?(url|uri|dsn|host)$/i.test(name)) return { kind: 'kv', engine: 'url', embedded: false };
  if (/^mongo(db)?_?(url|uri)$/i.test(name)) return { kind: 'document', engine: 'url', embedded: false };
  if (/^(broker|amqp|rabbitmq|celery_broker)_?(url|uri)$/i.test(name)) return { kind: 'queue', engine: 'url', embedded: false };
  return undefined;
}

/** Backend constants: aiocache `Cache.MEMORY` / `Cache.REDIS`, cache-manager style `caches.memory`. */
function fromBackendConstant(object: string, name: string): Omit<Service, 'node'> | undefined {
  if (!/cache/i.test(object)) return undefined;
  if (/^(MEMORY|memory|SimpleMemoryCache|InMemory)$/.test(name)) return { kind: 'kv', engine: 'memory', embedded: true };
  if (/^(REDIS|redis|RedisCache)$/.test(name)) return { kind: 'kv', engine: 'redis', embedded: false };
  if (/^(MEMCACHED|memcached|MemcachedCache)$/.test(name)) return { kind: 'kv', engine: 'memcached', embedded: false };
  return undefined;
}

const STRINGISH = new Set(['string', 'template_string', 'interpreted_string_literal', 'raw_string_literal', 'string_literal', 'encapsed_string']);

function classify(n: Node, lang: LanguageId, has: FileTest): Omit<Service, 'node'> | undefined {
  if (STRINGISH.has(n.type) && isStringLiteral(n, lang)) {
    const v = stringValue(n, lang);
    // A local default of an environment read is config, not a wired service.
    if (v === undefined || isEnvDefault(n, lang)) return undefined;
    const t = fromText(v);
    if (t) return t;
    if (/^[\w-]+$/.test(v) && v.length <= 24) {
      const b = bindingOf(n, lang);
      const bindingName = b.fullName ?? b.name ?? '';
      if (bindingName) return fromWord(v, bindingName);
    }
    return undefined;
  }
  if (lang === 'ruby' && n.type === 'simple_symbol') {
    const b = bindingOf(n, lang);
    const bindingName = b.fullName ?? b.name ?? '';
    return bindingName ? fromWord(n.text.slice(1), bindingName) : undefined;
  }
  // Celery eager mode: CELERY_TASK_ALWAYS_EAGER = True / task_always_eager=True
  if ((n.type === 'true' || n.type === 'True') && lang === 'python') {
    const b = bindingOf(n, lang);
    if (/ALWAYS_EAGER$/i.test(b.name ?? '')) return { kind: 'queue', engine: 'inline', embedded: true };
    return undefined;
  }
  if (lang === 'python' && n.type === 'false') {
    const b = bindingOf(n, lang);
    if (b.kind === 'keyword-argument' && b.name === 'is_async' && /Queue$/.test(b.callee ?? '')) return { kind: 'queue', engine: 'inline', embedded: true };
    return undefined;
  }
  if (lang === 'java' && n.type === 'field_access' && /^EmbeddedDatabaseType\.(H2|HSQL|DERBY)$/.test(n.text)) {
    return { kind: 'sql', engine: /H2/.test(n.text) ? 'h2' : /HSQL/.test(n.text) ? 'hsqldb' : 'derby', embedded: true };
  }
  const info = callInfo(n, lang);
  if (info) {
    const r = envReadAt(n, lang);
    if (r) return r.name ? fromEnvName(r.name) : undefined;
    return fromCall(info.callee, info.args, lang, has);
  }
  if (n.type === 'member_expression' || n.type === 'subscript_expression' || n.type === 'subscript' || n.type === 'element_reference') {
    const r = envReadAt(n, lang);
    if (r?.name) return fromEnvName(r.name);
  }
  if (n.type === 'member_expression' || n.type === 'attribute' || n.type === 'field_access' || n.type === 'member_access_expression' || n.type === 'selector_expression') {
    const object = (n.childForFieldName('object') ?? n.childForFieldName('operand'))?.text ?? '';
    const name = (n.childForFieldName('property') ?? n.childForFieldName('attribute') ?? n.childForFieldName('field') ?? n.childForFieldName('name'))?.text ?? '';
    return fromBackendConstant(object, name) ?? fromConfigName(name);
  }
  return undefined;
}

const CANDIDATE_TYPES = new Set([
  ...STRINGISH, 'simple_symbol', 'true', 'false', 'field_access', 'member_expression', 'subscript_expression', 'subscript', 'element_reference',
  'attribute', 'member_access_expression', 'selector_expression',
  'call_expression', 'new_expression', 'call', 'method_invocation', 'object_creation_expression', 'function_call_expression',
  'member_call_expression', 'scoped_call_expression',
]);

/** A test of the whole text (a module it names, the real service it shows): each asked once per check. */
type FileTest = (re: RegExp) => boolean;

/** The backing services a branch wires (bounded walk: branches are small). */
function servicesIn(branch: ModeBranch, lang: LanguageId, has: FileTest): Service[] {
  const out: Service[] = [];
  const stack: Node[] = [branch.body];
  let visited = 0;
  while (stack.length && visited < 4000) {
    const n = stack.pop()!;
    visited++;
    if (CANDIDATE_TYPES.has(n.type)) {
      const s = classify(n, lang, has);
      if (s) {
        out.push({ ...s, node: n });
        continue;
      }
    }
    // All children in one call (`namedChild(i)` crosses into WASM and walks from the first child each time).
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (c && !c.type.includes('comment')) stack.push(c);
    }
  }
  return out;
}

/** Text showing the app uses the real service of a kind somewhere. */
const REAL_EVIDENCE: Record<Kind, RegExp> = {
  sql: /postgres|Postgres|POSTGRES|mysql|MySQL|MYSQL|mariadb|DATABASE_URL|DB_URL|DATABASE_DSN|pgsql|psycopg|jdbc:(postgresql|mysql|sqlserver)|dj_database_url|['"]pg['"]|sqlserver|mssql/,
  kv: /redis|Redis|REDIS|memcache|Memcache|MEMCACHE/,
  queue: /sidekiq|Sidekiq|resque|redis|Redis|REDIS|sqs|SQS|rabbit|amqp|AMQP|BROKER|broker|good_job|solid_queue|beanstalk|delayed_job/,
  document: /mongodb(\+srv)?:|MONGO|Mongo|mongoose/,
  mail: /smtp|SMTP|MAILER_DSN|MAIL_URL|sendgrid|SENDGRID|mailgun|MAILGUN|\bses\b|SES_|postmark|POSTMARK|fromDsn/,
};

const onlyTest = (m: Set<Mode> | undefined) => !!m && m.size > 0 && [...m].every((x) => x === 'test');
const devSide = (m: Set<Mode> | undefined) => !!m && m.has('development') && !m.has('production');

function modeLabel(m: Set<Mode> | undefined): string {
  if (!m) return 'in one mode';
  if (m.has('development') && m.has('test') && !m.has('production')) return 'outside production';
  if (m.has('development')) return 'in development';
  if (m.has('staging') && !m.has('production')) return 'in staging';
  return `in ${[...m].join('/')}`;
}

// ---------------------------------------------------------------------------------------
// Spring profiles: @Profile("dev") beans side by side in one class
// ---------------------------------------------------------------------------------------

function profileModes(annotation: Node): Set<Mode> | undefined {
  const args = annotation.childForFieldName('arguments');
  if (!args) return undefined;
  const values: string[] = [];
  const walk = (n: Node) => {
    const v = stringValue(n, 'java');
    if (v !== undefined) values.push(v);
    else for (let i = 0; i < n.namedChildCount; i++) { const c = n.namedChild(i); if (c) walk(c); }
  };
  walk(args);
  const WORD: Record<string, Mode> = { production: 'production', prod: 'production', staging: 'staging', stage: 'staging', development: 'development', dev: 'development', local: 'development', default: 'development', test: 'test', testing: 'test' };
  const modes = new Set<Mode>();
  for (const v of values) {
    const neg = v.startsWith('!');
    const m = WORD[v.replace(/^!/, '').toLowerCase()];
    if (!m) return undefined;
    if (neg) ['production', 'staging', 'development', 'test'].forEach((x) => { if (x !== m) modes.add(x as Mode); });
    else modes.add(m);
  }
  return modes.size ? modes : undefined;
}

function javaProfileBranches(decl: Node): ModeBranch[] | undefined {
  const mods = decl.namedChildren.find((c) => c?.type === 'modifiers');
  const ann = mods?.namedChildren.find((c) => c?.type === 'annotation' && c.childForFieldName('name')?.text === 'Profile');
  if (!ann) return undefined;
  const modes = profileModes(ann);
  const body = decl.childForFieldName('body');
  if (!modes || !body) return undefined;
  return [{ body, modes }];
}

// ---------------------------------------------------------------------------------------

const PROD_KEY = '"^[\'\\"]?(production|prod)[\'\\"]?$"';

/** The conditionals that can test the deploy mode, per language (Ruby's `configure :development do` too). */
const CONDITIONALS: Partial<Record<LanguageId, string[]>> = {
  javascript: ['if_statement', 'ternary_expression', 'switch_statement'],
  python: ['if_statement', 'conditional_expression'],
  go: ['if_statement', 'expression_switch_statement'],
  ruby: ['if', 'unless', 'if_modifier', 'unless_modifier', 'conditional', 'case'],
  java: ['if_statement', 'ternary_expression', 'switch_expression'],
  php: ['if_statement', 'conditional_expression', 'switch_statement', 'match_expression'],
};

/** Conditionals (no predicates: cheap on the whole tree). */
const QUERIES: Partial<Record<LanguageId, string>> = Object.fromEntries(Object.entries(CONDITIONALS).map(([lang, types]) =>
  [lang, types.map((t) => `(${t}) @cond`).join('\n') + (lang === 'ruby' ? '\n(call method: (identifier) @m (#eq? @m "configure")) @cond' : '')]));

// ---------------------------------------------------------------------------------------
// Where the conditionals that test the deploy mode are
// ---------------------------------------------------------------------------------------

/*
 * A conditional selects branches by mode only when its condition (a switch's subject) names
 * the mode (see analysis/env-mode.ts): a mode subject (`NODE_ENV`, `env`, `Rails.env`,
 * `app()->environment()`, `gin.Mode()`, `getProperty("spring.profiles.active")`), which
 * comparisons, `in` lists, `.includes()` and `.equals()` need; a flag (`isProd`, `__DEV__`,
 * `IS_PRODUCTION`, Python's `DEBUG`/`TESTING`); a predicate (`Rails.env.production?`,
 * `production?`, `isLocal()`, `IsDebugging()`, `acceptsProfiles(...)`); or Ruby's
 * `configure`. Such a word sits in the condition on a path of expressions (no statement,
 * block or function between them), so the conditionals are found by climbing from those
 * words, not by querying every conditional in the file. The mode names are env-mode.ts's.
 */
/** Python flags, the Ruby/Sinatra predicates (before `?`) and the calls env-mode.ts reads by name. */
const MODE_OTHER_WORD = /^(DEBUG|debug|TESTING|testing|getEnvironment|IsDebugging|runningUnitTests|acceptsProfiles|matchesProfiles|getActiveProfiles|configure)$/;
const RUBY_PREDICATE = /^(production|development|test|staging|local)$/;

/** Every word holding one of these (any case) may name the mode; the word itself is checked next. */
const MODE_STEM = /env|mode|stag|profile|prod|dev|local|test|debug|configure/gi;

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Each whole word (a run of letters, digits and `_`) that holds a mode stem, once, in text order. */
function* modeStemWords(text: string): Generator<{ start: number; end: number; w: string }> {
  // The stems' matches, scanned again only around an edit as typing changes the text; a
  // stem inside the word of the one before is that word again.
  const stems = matchSpans(text, MODE_STEM);
  let last = 0;
  for (let k = 0; k < stems.length; k += 2) {
    if (stems[k] < last) continue;
    let start = stems[k];
    let end = stems[k + 1];
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
    last = end;
    yield { start, end, w: text.slice(start, end) };
  }
}

/** Spans of the words (runs of letters, digits and `_`) that may name the deploy mode in a condition. */
function modeWordSpans(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  for (const { start, end, w } of modeStemWords(text)) {
    if (MODE_SUBJECT_NAME.test(w) || MODE_ENV_NAMES.test(w) || MODE_FLAG_NAME.test(w) || MODE_OTHER_WORD.test(w) || (RUBY_PREDICATE.test(w) && text[end] === '?')) {
      out.push({ start, end });
    }
  }
  return out;
}

/**
 * Where a climb from a word in a condition stops: statements, blocks, bodies, branches,
 * functions. A condition is an expression, so no conditional whose condition holds the word
 * is above one of these.
 */
const CLIMB_STOP = /(^|_)(statement|block|declaration|definition|body|program|module|clause|case|default|rule|group)$|^(source_file|function|arrow_function|function_expression|generator_function|func_literal|lambda|lambda_expression|anonymous_function|anonymous_function_creation_expression|method|singleton_method|do_block|then|else|elsif|when|begin|ensure|rescue|do)$/;

/**
 * The nodes of `types` (that `accept` takes) among the ancestors of each span's smallest
 * node, up to the first that `stop` takes (all the way up without it); each once, outer first
 * in text order: the order a whole-tree query gives them.
 */
function enclosing(root: Node, spans: TextSpan[], types: ReadonlySet<string>, accept: (n: Node) => boolean, stop?: RegExp): Node[] {
  const found: Node[] = [];
  const visited = new Set<number>();
  for (const s of spans) {
    for (let n: Node | null = root.descendantForIndex(s.start, s.end); n; n = n.parent) {
      // Another span's climb went on from here already.
      if (visited.has(n.id)) break;
      visited.add(n.id);
      const type = n.type;
      if (types.has(type) && accept(n)) found.push(n);
      if (stop?.test(type)) break;
    }
  }
  return found.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

const isConfigure = (n: Node): boolean => {
  const m = n.childForFieldName('method');
  return m?.type === 'identifier' && m.text === 'configure';
};

/** The conditionals that may test the deploy mode, as the rule's query would give them. */
function modeConditionals(context: RuleContext): Node[] {
  const lang = context.language;
  const root = context.tree?.rootNode;
  if (!root) return [];
  if (ANCHORED_LOOKUPS.wholeTree) return context.matches().map((m) => m.captures.find((c) => c.name === 'cond')?.node).filter((n): n is Node => !!n);
  const types = new Set(CONDITIONALS[lang === 'typescript' ? 'javascript' : lang] ?? []);
  if (lang === 'ruby') types.add('call');
  return enclosing(root, modeWordSpans(context.text), types, (n) => n.type !== 'call' || isConfigure(n), CLIMB_STOP);
}

/**
 * Entries keyed `production` in config literals: the reference for `keyedMatch` (run on the
 * whole tree only by tests, `ANCHORED_LOOKUPS.wholeTree`; compiling one costs up to 17 ms per
 * grammar). `test/unit/query-walks.test.ts` checks that the walk finds what they match.
 */
export const KEYED_QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: `(pair key: (_) @k (#match? @k ${PROD_KEY})) @keyed`,
  python: `(pair key: (string) @k (#match? @k ${PROD_KEY})) @keyed`,
  go: `(keyed_element . (literal_element (interpreted_string_literal) @k) (#match? @k ${PROD_KEY})) @keyed`,
  ruby: `(pair key: (_) @k (#match? @k "^:?[\'\\"]?(production|prod)[\'\\"]?:?$")) @keyed`,
  php: `(array_element_initializer . (string) @k (#match? @k ${PROD_KEY})) @keyed`,
};
KEYED_QUERIES.typescript = KEYED_QUERIES.javascript;

const PROD_KEY_TEXT = /(^|[\s{,(\[])['"]?(production|prod)['"]?\s*(:|=>)/m;

/** The entries a keyed query can match, from their key (`production`/`prod`, whole). */
const KEYED_TYPES: Partial<Record<LanguageId, ReadonlySet<string>>> = {
  javascript: new Set(['pair']), typescript: new Set(['pair']), python: new Set(['pair']), go: new Set(['keyed_element']), ruby: new Set(['pair']), php: new Set(['array_element_initializer']),
};

const PROD_KEY_RE = /^['"]?(production|prod)['"]?$/;
const PROD_KEY_RE_RUBY = /^:?['"]?(production|prod)['"]?:?$/;

/** A match of the keyed query rooted at one node (as `matchesRootedAt` gives it), found without the query. */
export function keyedMatch(n: Node, lang: LanguageId): { patternIndex: number; captures: { name: string; node: Node }[] } | undefined {
  let k: Node | null | undefined;
  switch (lang) {
    case 'javascript': case 'typescript': case 'python': case 'ruby':
      k = n.type === 'pair' ? n.childForFieldName('key') : undefined;
      if (!k?.isNamed || (lang === 'python' && k.type !== 'string') || !(lang === 'ruby' ? PROD_KEY_RE_RUBY : PROD_KEY_RE).test(k.text)) return undefined;
      break;
    case 'go': {
      const first = n.type === 'keyed_element' ? n.namedChild(0) : undefined;
      k = first?.type === 'literal_element' ? first.namedChildren.find((c) => c?.type === 'interpreted_string_literal') : undefined;
      if (!k || !PROD_KEY_RE.test(k.text)) return undefined;
      break;
    }
    case 'php':
      k = n.type === 'array_element_initializer' ? n.namedChild(0) : undefined;
      if (k?.type !== 'string' || !PROD_KEY_RE.test(k.text)) return undefined;
      break;
    default:
      return undefined;
  }
  return { patternIndex: 0, captures: [{ name: 'keyed', node: n }, { name: 'k', node: k }] };
}

function prodKeySpans(text: string): TextSpan[] {
  return spansOf(text, /prod(?:uction)?/g, (m) => {
    const before = m.index > 0 ? text.charCodeAt(m.index - 1) : 32;
    const after = m.index + m[0].length < text.length ? text.charCodeAt(m.index + m[0].length) : 32;
    return !isWordChar(before) && before !== 36 && !isWordChar(after) && after !== 36;
  });
}

/** Class bodies holding `@Profile` (all of them, nested ones too, outer first). */
function profileClassBodies(context: RuleContext, root: Node): Node[] {
  if (ANCHORED_LOOKUPS.wholeTree) return context.query('(class_body) @profiles', root).map((m) => m.captures.find((c) => c.name === 'profiles')?.node).filter((n): n is Node => !!n);
  return enclosing(root, spansOf(context.text, /@Profile/g), new Set(['class_body']), () => true);
}

// ---------------------------------------------------------------------------------------
// What the text must hold first
// ---------------------------------------------------------------------------------------

/*
 * Every finding is an embedded or fake service (`classify` with `embedded: true`) in a branch
 * chosen by the deploy mode, so the text holds both: one of these stand-ins, and a word that
 * may name the mode (or a `production:` key, or Java's `@Profile`).
 */
/** Stand-ins named in literals, callees and constants (`fromText`, `fromCall`, `fromBackendConstant`, Celery's eager flag), any case. */
const STAND_IN_ANY_CASE = /sqlite|:memory:|jdbc:(?:h2|hsqldb|derby):|always_eager|fakeredis|fakestrictredis|redismock|mockredis|redis\s*\.\s*mock/i;
const STAND_IN = new RegExp([
  'spatialite', 'LocMemCache', 'DummyCache', 'FileBasedCache', 'InMemoryChannelLayer', 'backends\\.(?:dummy|locmem)\\.EmailBackend',
  'null://', 'in-memory://', 'array://', 'SimpleCache', 'NullCache', 'FileSystemCache', 'is_async', 'EmbeddedDatabase', 'pg-mem',
  'MongoMemory', 'miniredis', 'NodeCache', 'LRU', 'TTLCache', 'MemoryStore', 'NullStore', 'ConcurrentMapCacheManager', 'ArrayAdapter',
  'NullTransport', 'jsonTransport', 'streamTransport', '(?:\\.|->)\\s*(?:MEMORY|memory|SimpleMemoryCache|InMemory)\\b',
].join('|'));
/** A database file (`'app.db'`, `"data.db3"`, `file:dev.db?mode=memory`): the literal ends there. */
const DB_FILE = /\.db3?[\s\\"'`?]/i;
const DB_FILE_RUBY = /\.db3?[\s\\"'`?)\]}>|!]/i;
/**
 * The bare words `fromWord` reads as a stand-in, as a whole literal (or Ruby symbol), each set
 * with the text the name it is bound to must hold (the name comes from the text: any case).
 */
const STAND_IN_WORDS: [string, RegExp][] = [
  ['test|null|array|dummy|locmem|blackhole', /mail|delivery_method/i],
  ['sync|inline|async|test|null|sucker_punch|eager|memory', /queue|job|broker|worker|task/i],
  ['memory|memory_store|array|local|locmem|simple|simplecache|null|null_store|nullcache|file|file_store|filesystem|apc|apcu', /cache|store|session/i],
  ['h2|hsqldb|derby', /db|database|dialect|driver|adapter|engine|client|connection|type|datasource|default/i],
];
const wordPatterns = (open: string): [RegExp, RegExp][] => STAND_IN_WORDS.map(([words, name]) => [new RegExp(`${open}(?:${words})(?![\\w-])`, 'i'), name]);
const STAND_IN_WORD = wordPatterns('["\'`]');
const STAND_IN_WORD_RUBY = wordPatterns('(?:["\'`:]|%[qQ]?[^\\w\\s])');

function mayHaveStandIn(lang: LanguageId, text: string): boolean {
  const ruby = lang === 'ruby';
  return STAND_IN.test(text) || STAND_IN_ANY_CASE.test(text) || (ruby ? DB_FILE_RUBY : DB_FILE).test(text) ||
    (ruby ? STAND_IN_WORD_RUBY : STAND_IN_WORD).some(([word, name]) => word.test(text) && name.test(text)) ||
    (lang === 'java' && text.includes('EmbeddedDatabaseType'));
}

/** A literal naming a deploy mode (`modeLiteral`: trimmed, any case), as a whole string. */
const MODE_WORDS = 'production|prod|live|prd|release|releasemode|staging|stage|stg|preprod|uat|development|dev|local|develop|debug|debugmode|test|testing|ci|testmode';
const MODE_LITERAL = new RegExp(`["'\`](?:\\s|\\\\[nrt])*(?:${MODE_WORDS})(?:\\s|\\\\[nrt])*["'\`]`, 'i');
/** Ruby: also symbols (`:production`) and `%w[...]` words. */
const MODE_LITERAL_RUBY = new RegExp(`\\b(?:${MODE_WORDS})\\b`, 'i');
/** Go: gin's mode constants. */
const GIN_MODE = /gin\s*\.\s*(?:Release|Debug|Test)Mode\b/;
/** Names `isModeSubject` and the calls `modeTest` reads with literal arguments. */
const MODE_SUBJECT_OTHER = /^(getEnvironment|acceptsProfiles|matchesProfiles|getActiveProfiles|configure)$/;
/** Python's `DEBUG`/`TESTING` flags (`settings.DEBUG`, `app.debug`...), gin's `IsDebugging()`, Laravel's `runningUnitTests()`. */
const PY_FLAG = /^(DEBUG|debug|TESTING|testing)$/;
const OTHER_FLAG = /^(IsDebugging|runningUnitTests)$/;

/**
 * Whether the text can test the deploy mode (see `modeTest`): a flag (`isProd`, `__DEV__`,
 * Python's `DEBUG`, Ruby's `production?`, `import.meta.env.DEV`) alone, or a mode subject
 * (`NODE_ENV`, `env`, `Rails.env`, `getEnvironment`...) with a mode literal to compare it to;
 * or a config keyed `production:`, or Java's `@Profile`.
 */
function mayTestMode(lang: LanguageId, text: string): boolean {
  if (PROD_KEY_TEXT.test(text) || (lang === 'java' && text.includes('@Profile')) || /import\s*\.\s*meta\s*\.\s*env\s*\.\s*(?:DEV|PROD)\b/.test(text)) return true;
  let subject = false;
  for (const { end, w } of modeStemWords(text)) {
    if (MODE_FLAG_NAME.test(w) || OTHER_FLAG.test(w) || (lang === 'python' && PY_FLAG.test(w)) || (lang === 'ruby' && RUBY_PREDICATE.test(w) && text[end] === '?')) return true;
    if (!subject && (MODE_SUBJECT_NAME.test(w) || MODE_ENV_NAMES.test(w) || MODE_SUBJECT_OTHER.test(w))) subject = true;
  }
  return (subject && (lang === 'ruby' ? MODE_LITERAL_RUBY : MODE_LITERAL).test(text)) || (lang === 'go' && GIN_MODE.test(text));
}

export default defineRule({
  id: 'dev-prod-parity/no-env-branching-backing-service',
  meta: {
    description: 'Deploy-mode branch that swaps a backing service (SQLite in development, Postgres in production...)',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'none',
    messages: {
      swapped: 'Uses {{embedded}} {{when}} where another deploy uses {{real}}; run the same {{kind}} everywhere (a local container is enough) and select it with one URL from the environment.',
      substitute: 'Swaps the {{kind}} for {{embedded}} {{when}}; run the real {{kind}} locally too (a container is enough) so development finds the bugs production would.',
    },
    docs: {
      why: 'Development that runs a different database, cache or queue than production stops catching the bugs production will hit (SQL dialects, types, locking, eviction, serialisation), which is the gap dev/prod parity closes.',
      bad: {
        javascript: "const sequelize = process.env.NODE_ENV === 'production'\n  ? new Sequelize(process.env.DATABASE_URL)\n  : new Sequelize('sqlite::memory:');",
        typescript: "const cache = isProduction ? new Redis(process.env.REDIS_URL!) : new NodeCache();",
        python: "if DEBUG:\n    DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}\nelse:\n    DATABASES = {'default': dj_database_url.config()}",
        go: 'if os.Getenv("APP_ENV") == "development" {\n\tdb, err = gorm.Open(sqlite.Open("dev.db"), &gorm.Config{})\n} else {\n\tdb, err = gorm.Open(postgres.Open(os.Getenv("DATABASE_URL")), &gorm.Config{})\n}',
        ruby: 'config.cache_store = Rails.env.production? ? :redis_cache_store : :memory_store',
        java: '@Bean\n@Profile("dev")\npublic DataSource dataSource() {\n    return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).build();\n}',
        php: "'default' => app()->environment('local') ? 'sqlite' : 'pgsql',",
      },
      good: {
        javascript: 'const sequelize = new Sequelize(process.env.DATABASE_URL);',
        typescript: 'const cache = new Redis(process.env.REDIS_URL!);',
        python: "DATABASES = {'default': dj_database_url.config()}  # postgres://localhost/app in .env",
        go: 'db, err = gorm.Open(postgres.Open(os.Getenv("DATABASE_URL")), &gorm.Config{})',
        ruby: 'config.cache_store = :redis_cache_store, { url: ENV.fetch("REDIS_URL") }',
        java: '@Bean\npublic DataSource dataSource() {\n    return DataSourceBuilder.create().url(System.getenv("JDBC_DATABASE_URL")).build();\n}',
        php: "'default' => env('DB_CONNECTION', 'pgsql'),",
      },
    },
  },
  triggers: ['sqlite', 'SQLite', 'Sqlite', 'memory', 'Memory', 'MEMORY', 'NullTransport', 'jsonTransport', 'streamTransport', 'mail', 'h2', 'H2', 'hsqldb', 'HSQL', 'derby', 'DERBY', 'Embedded', 'LocMem', 'Dummy', 'dummy', 'Simple', 'simple', 'Null', 'null',
    'fake', 'Fake', 'Mock', 'mock', 'miniredis', 'NodeCache', 'LRU', 'array', 'Array', 'sync', 'inline', 'async', 'EAGER', 'eager', 'is_async', 'file', 'File', 'ConcurrentMap', 'local', 'pg-mem', 'newDb'],
  queries: QUERIES,
  check(context) {
    const lang = context.language;
    if (!context.treeParsed && !precheck(() => mayHaveStandIn(lang, context.text) && mayTestMode(lang, context.text))) return;
    // Whole-text tests, each once per check (a file with many branches asks the same ones again and again).
    const tested = new Map<string, boolean>();
    const has: FileTest = (re) => {
      let v = tested.get(re.source);
      if (v === undefined) tested.set(re.source, v = re.test(context.text));
      return v;
    };
    const reported = new Set<number>();
    const report = (s: Service, messageId: 'swapped' | 'substitute', data: Record<string, string>) => {
      if (reported.has(s.node.startIndex)) return;
      reported.add(s.node.startIndex);
      context.report({ node: s.node, messageId, data });
    };
    const decide = (branches: ModeBranch[]) => {
      if (branches.length === 0) return;
      const services = branches.map((b) => servicesIn(b, lang, has));
      if (!services.some((list) => list.some((s) => s.embedded))) return;
      for (let i = 0; i < branches.length; i++) {
        const mine = branches[i];
        if (onlyTest(mine.modes)) continue;
        const kindsDone = new Set<Kind>();
        for (const s of services[i]) {
          // One finding per branch and kind (`new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)` is one swap).
          if (!s.embedded || kindsDone.has(s.kind)) continue;
          kindsDone.add(s.kind);
          let paired = false;
          for (let j = 0; j < branches.length && !paired; j++) {
            if (j === i) continue;
            const other = services[j].find((o) => o.kind === s.kind && o.engine !== s.engine && !o.embedded);
            if (!other) continue;
            paired = true;
            report(s, 'swapped', { embedded: LABEL[s.engine] ?? s.engine, real: LABEL[other.engine] ?? other.engine, when: modeLabel(mine.modes), kind: KIND_WORD[s.kind] });
          }
          // No branch wires the real one here: a development branch that swaps in a stand-in,
          // when the file shows the real service elsewhere (a SQLite-only app has no disparity).
          if (!paired && devSide(mine.modes) && !services.some((list, j) => j !== i && list.some((o) => o.kind === s.kind)) && has(REAL_EVIDENCE[s.kind])) {
            report(s, 'substitute', { embedded: LABEL[s.engine] ?? s.engine, when: modeLabel(mine.modes), kind: KIND_WORD[s.kind] });
          }
        }
      }
    };
    for (const cond of modeConditionals(context)) {
      const branches = modeBranches(cond, lang);
      if (branches) decide(branches);
    }
    const root = context.tree?.rootNode;
    const keyedQuery = KEYED_QUERIES[lang];
    // The words first (a fast literal search), the whole-text key pattern only when there are some: the same answer.
    const prodKeys = root && keyedQuery ? prodKeySpans(context.text) : [];
    if (root && keyedQuery && prodKeys.length > 0 && PROD_KEY_TEXT.test(context.text)) {
      const containers = new Set<number>();
      const entries = nodesNear(root, prodKeys, KEYED_TYPES[lang] ?? new Set(), 3);
      // The whole tree's matches of the query, in tests; the entries' own otherwise.
      const matches = ANCHORED_LOOKUPS.wholeTree ? (context.grammar ? matchesRootedAt(compileQuery(context.grammar, keyedQuery), root, entries) : [])
        : entries.map((n) => keyedMatch(n, lang)).filter((m): m is NonNullable<typeof m> => m !== undefined);
      for (const m of matches) {
        const keyed = m.captures.find((c) => c.name === 'keyed')?.node;
        const container = keyed?.parent?.type === 'literal_value' ? keyed.parent.parent : keyed?.parent;
        if (!container || containers.has(container.startIndex)) continue;
        containers.add(container.startIndex);
        const branches = modeKeyedBranches(container, lang);
        if (branches) decide(branches);
      }
    }
    if (root && lang === 'java' && context.text.includes('@Profile')) {
      // Beans of one class under different profiles are the branches of one choice.
      for (const classBody of profileClassBodies(context, root)) {
        if (!classBody.text.includes('@Profile')) continue;
        const branches: ModeBranch[] = [];
        for (const member of classBody.namedChildren) {
          if (member?.type === 'method_declaration') branches.push(...(javaProfileBranches(member) ?? []));
        }
        const decl = classBody.parent;
        if (decl?.type === 'class_declaration') branches.push(...(javaProfileBranches(decl) ?? []));
        decide(branches);
      }
    }
  },
});
