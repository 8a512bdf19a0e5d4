/**
 * Classifies string literal values as connection URLs, backing-service endpoints and
 * deploy-specific hosts, for `config/no-hardcoded-url` (Factor III) and
 * `backing-services/no-fixed-host` (Factor IV). Pure and dependency-free: no I/O, no DNS,
 * no `URL` constructor (it throws, normalises and accepts too much). Every export is
 * total: it never throws and runs in time linear in the input (values longer than
 * MAX_VALUE_LENGTH are not URLs for our purposes and are rejected up front).
 *
 * POLICY — what `assessEndpoint` reports (precision first: a false alarm on a common
 * pattern makes users switch the tool off, so every doubt resolves to "don't report").
 *
 * REPORT
 * - Connection URLs / DSNs of backing services — databases, caches, queues, SMTP, search,
 *   object storage, LDAP/ZooKeeper/etcd — with any real host, in every syntax the
 *   languages use: `scheme://...` (incl. SQLAlchemy `dialect+driver://`, `mongodb+srv://`,
 *   multi-host lists), `jdbc:...` (incl. Oracle thin, SQL Server `;k=v` params, wrappers
 *   like p6spy), Go MySQL `user:pass@tcp(host:3306)/db`, libpq/GORM `host=... dbname=...`,
 *   PHP PDO `mysql:host=...;dbname=...`, ADO.NET/ODBC `Server=...;Database=...`, and Azure
 *   `AccountName=...;AccountKey=...` / `Endpoint=sb://...` connection strings.
 *     reason 'backing-service-localhost' when the host is loopback, a docker-compose style
 *       single-label name (`db`, `redis`), a unix socket or implicit (`postgres:///app`);
 *     reason 'connection-url' for any other real host.
 * - Credentials inside a URL (password, `?password=`, token-as-user such as `ghp_...@`,
 *   Slack/Discord webhook tokens): reason 'credentials-in-url' — unless the host is
 *   loopback/compose-local and the password is a well-known dev default (`postgres`,
 *   `guest`, `root`, user == password, the Azurite/Cosmos emulator keys), in which case the
 *   backing-service reason is given instead. Placeholder passwords (`password`, `****`,
 *   `xxx`, `<password>`) are not credentials.
 * - Cloud-resource host names (RDS, ElastiCache, Atlas, Azure SQL/Blob/Redis/Service Bus,
 *   Cosmos, EC2 public DNS, API Gateway, ELB, Cloud Run, ...): reason 'cloud-resource'.
 * - Buckets: `s3://`, `gs://`, `<bucket>.s3.amazonaws.com`, `storage.googleapis.com/<bucket>`,
 *   or a bucket name given by name context (`bucket`, `BUCKET_NAME`, `S3_BUCKET`, boto3's
 *   `Bucket=`): reason 'bucket'. An http(s) URL that names a single object file in a bucket
 *   (`.../logo.png`, `.../model.tar.gz`) is a published artefact, not config: not reported.
 * - Plain http(s)/ws/grpc/tcp/ftp/ssh URLs ONLY when the host is clearly deploy-specific:
 *   cloud resource, private IP, an internal name (`*.internal`, `*.svc.cluster.local`,
 *   `*.local`, `*.corp`, or a compose name WITH a port such as `http://api:8000`), or a
 *   public name whose sub-domain labels carry an environment marker (`staging.`, `prod.`,
 *   `-dev.`, `uat`, `qa`...; `dev.<sld>.<tld>` alone is a developer portal, not a marker).
 *   Reason 'connection-url'. `https://api.somesaas.com` and public IPs are NOT reported, nor a
 *   static asset on an environment-named CDN (`https://cdn.prod.example-cdn.com/logo.png`).
 * - Bare hosts (`'localhost:6379'`, `'db.prod.internal'`) when the port is a well-known
 *   backing-service port, or the context name says backing service + host
 *   (`REDIS_HOST`, `DATABASES.default.HOST`, `EMAIL_HOST`), or the host is a cloud resource,
 *   or a private/internal host comes with a port or a host-ish name:
 *   'backing-service-localhost' / 'backing-service-fixed-host' / 'cloud-resource'.
 *
 * NEVER REPORT
 * - Templates and placeholders anywhere in the value: `${X}`, `{{x}}`, `{x}`, `#{x}`,
 *   `%s`/`%d`/`%(x)s`/`%1$s`, `<host>`, `$VAR`, `:param` path segments, `__TOKEN__`,
 *   ALL_CAPS_WITH_UNDERSCORE hosts, non-numeric ports (`host:PORT`).
 * - Documentation hosts: RFC 2606/6761 (`example.com/.org/.net`, `*.example`, `*.test`,
 *   `*.invalid`, any `example.<tld>`), TEST-NET IPs and 2001:db8::/32, placeholder names
 *   (`host`, `hostname`, `yourdomain.com`, `your-*`, `xxxxx` labels), placeholder buckets.
 * - Reference URLs (`isReferenceUrl`): docs/developer sites, code hosts, XML namespaces
 *   and schemas, licences, CDNs and fonts, package registries, public SaaS APIs and
 *   OAuth/OpenID providers; and well-known constant endpoints (cloud metadata services
 *   `169.254.169.254`/`metadata.google.internal`, `kubernetes.default.svc`).
 * - `0.0.0.0` and `::` (bind-all), empty and relative URLs (`//cdn...`, `/api`),
 *   `file:`, `data:`, `mailto:`, `about:`, `blob:`, browser-extension and custom app
 *   schemes (except for credentials / cloud resources), values that are only a scheme
 *   (`'postgres://'`, used in `startsWith` checks) or a cut-off prefix of a
 *   concatenation (`'postgres://user:pass@'`), values with whitespace around a URL
 *   (log/error messages), docker image refs (`postgres:15`).
 * - Embedded / in-process databases: `sqlite:///db.sqlite3`, `jdbc:h2:mem:`, `jdbc:hsqldb:mem:`,
 *   `jdbc:derby:`, `duckdb:`, Testcontainers `jdbc:tc:`, `Data Source=app.db`. They are
 *   parsed (serviceKind 'database', hostKind 'loopback', host '', `embedded: true`) so that
 *   a Factor X rule can see them, but they are not a fixed host of an attached resource.
 * - `'localhost'` alone with no service context, and `http://localhost:<port>` /
 *   `http://127.0.0.1` / `http://10.0.2.2` (Android emulator) / `host.docker.internal`
 *   for generic http (dev servers, CORS origins) — unless the port is a well-known
 *   backing-service http port (9200 Elasticsearch, 5984 CouchDB, 8983 Solr, 7700 Meili,
 *   4566 LocalStack...) or the context name says backing service + URL (`ELASTIC_URL`).
 * - Context names that mark tests, examples and docs (`TEST_DATABASE_URL`, `exampleUrl`,
 *   `xmlns`, `schema`, `homepage`, `docs`); allow/deny lists (`ALLOWED_HOSTS`,
 *   `CORS_ORIGINS`, `INTERNAL_IPS`, `NO_PROXY`) for bare hosts and generic http URLs
 *   (hosts that may call us, not hosts we call); and — with `context.envDefault` — the default
 *   of an environment read (`os.environ.get("DATABASE_URL", "postgres://localhost/app")`),
 *   where only real credentials are still reported.
 *
 * Suggested mapping to rules: Factor III (`config/no-hardcoded-url`) takes
 * 'connection-url', 'credentials-in-url', 'cloud-resource', 'bucket'; Factor IV
 * (`backing-services/no-fixed-host`) takes 'backing-service-localhost' and
 * 'backing-service-fixed-host'. Test fixtures are the rule layer's job (file globs).
 */

export type ServiceKind = 'database' | 'cache' | 'queue' | 'search' | 'smtp' | 'storage' | 'http-api' | 'other';

export type HostKind =
  | 'loopback'
  | 'private-ip'
  | 'public-ip'
  /** 0.0.0.0, :: */
  | 'any-address'
  /** db, redis, postgres (docker-compose names), *.internal, *.local, *.svc.cluster.local, *.corp, *.lan */
  | 'internal-name'
  /** *.rds.amazonaws.com, *.cache.amazonaws.com, <bucket>.s3.amazonaws.com, *.blob.core.windows.net, *.mongodb.net, ... */
  | 'cloud-resource'
  | 'public-name'
  /** example.com and friends, TEST-NET addresses, placeholder names (`host`, `yourdomain.com`); also unparsable template hosts */
  | 'documentation';

export interface TextRange {
  start: number;
  end: number;
}

/** Which syntax the value was written in. */
export type UrlFormat = 'url' | 'jdbc' | 'go-dsn' | 'libpq' | 'pdo' | 'key-value';

export interface UrlInfo {
  /** Lower-case scheme: 'postgresql', 'mongodb+srv', 'jdbc:mysql', 'https'; key-value DSNs get a synthetic one ('postgresql', 'sqlserver', 'azure-storage'). */
  scheme: string;
  serviceKind: ServiceKind;
  /** First host, lower-case, IPv6 without brackets; '' when implicit (local default, unix socket, embedded). */
  host: string;
  hostKind: HostKind;
  port?: number;
  /** A real secret is present: password (not a placeholder), token used as user name, secret query parameter, webhook token. */
  hasCredentials: boolean;
  /** Offsets in the value (as passed, before trimming) of the secret; present iff hasCredentials. */
  passwordRange?: TextRange;
  /** Contains ${X}, {{x}}, %s, {host}, <host>, $VAR, :param ... placeholders: built at run time, never report. */
  isTemplate: boolean;
  // ---- extensions ----
  format: UrlFormat;
  /** All hosts of a multi-host value (`mongodb://a:27017,b:27017`), lower-case. */
  hosts: string[];
  /** Embedded / in-process database (sqlite, h2 mem, derby, duckdb, Testcontainers): never a fixed host. */
  embedded: boolean;
  username?: string;
  /** Bucket name for object-storage values (s3://b, gs://b, b.s3.amazonaws.com, storage.googleapis.com/b). */
  bucket?: string;
  /** Path part (URL formats only), without query and fragment. */
  path?: string;
}

export interface HostClassification {
  host: string;
  port?: number;
  hostKind: HostKind;
}

export type EndpointReason =
  | 'connection-url'
  | 'credentials-in-url'
  | 'backing-service-localhost'
  | 'backing-service-fixed-host'
  | 'cloud-resource'
  | 'bucket';

export interface EndpointVerdict {
  report: boolean;
  reason: EndpointReason;
  info?: UrlInfo;
  serviceKind?: ServiceKind;
  /** Set for bare host / host:port values. */
  host?: HostClassification;
}

export interface EndpointContext {
  /** Variable / key / kwarg / property name; may be a dotted key path (`DATABASES.default.HOST`) or include the callee (`psycopg2.connect.host`). */
  name?: string;
  /** The literal is the fallback of an environment read (`process.env.X || '...'`, `os.getenv("X", "...")`): only real credentials are reported. */
  envDefault?: boolean;
}

/** Longer values are data, not endpoints; rejecting them keeps every function cheap. */
export const MAX_VALUE_LENGTH = 4096;
const MAX_NAME_LENGTH = 256;

// ===========================================================================
// Small helpers
// ===========================================================================

function wordSet(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter((w) => w.length > 0));
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isUpperCode(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLowerCode(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isAllDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}
function hasWhitespace(s: string): boolean {
  return /\s/.test(s);
}
function hasControlChar(s: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(s);
}
function endsWithDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith('.' + domain);
}
function parsePort(s: string): number | undefined {
  if (!isAllDigits(s) || s.length > 5) return undefined;
  const n = Number(s);
  return n <= 65535 ? n : undefined;
}

/** Trimmed view of a value, with the offset of the first kept character. */
function trimmed(value: string): { v: string; lead: number } {
  let start = 0;
  let end = value.length;
  while (start < end && /\s/.test(value[start])) start++;
  while (end > start && /\s/.test(value[end - 1])) end--;
  return { v: value.slice(start, end), lead: start };
}

// ===========================================================================
// Placeholders
// ===========================================================================

const FORMAT_VERBS = new Set('sdvqifgxXbcoutTpeE@'.split(''));

/**
 * True when the text contains a template placeholder. Linear scan; braces and angle
 * brackets are never valid in URLs or host names, so any occurrence marks a template.
 */
export function hasPlaceholder(s: string): boolean {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x7b || c === 0x7d || c === 0x3c || c === 0x3e) return true; // { } < >
    if (c === 0x24) {
      // $VAR $var ${...} $(...) $1
      const d = s.charCodeAt(i + 1);
      if (isLetterCode(d) || d === 0x5f || d === 0x7b || d === 0x28 || isDigitCode(d)) return true;
    } else if (c === 0x25) {
      // %s %d %(name)s %1$s — but not percent-encoding %2F
      const d = s.charCodeAt(i + 1);
      const e = s.charCodeAt(i + 2);
      if (isHexCode(d) && isHexCode(e)) {
        i += 2;
        continue;
      }
      if (d === 0x28) return true;
      let j = i + 1;
      while (j < n && (isDigitCode(s.charCodeAt(j)) || s[j] === '-' || s[j] === '.')) j++;
      if (s[j] === '$') return true;
      if (j < n && FORMAT_VERBS.has(s[j])) return true;
      // %VAR% (Windows)
      if (isUpperCode(d)) {
        let k = i + 1;
        while (k < n && (isUpperCode(s.charCodeAt(k)) || isDigitCode(s.charCodeAt(k)) || s[k] === '_')) k++;
        if (s[k] === '%') return true;
        i = k - 1;
      }
    } else if (c === 0x5f && s.charCodeAt(i + 1) === 0x5f && isUpperCode(s.charCodeAt(i + 2))) {
      // __TOKEN__
      let j = i + 2;
      while (j < n && (isUpperCode(s.charCodeAt(j)) || isDigitCode(s.charCodeAt(j)) || s[j] === '_')) j++;
      if (j - i >= 5 && s[j - 1] === '_' && s[j - 2] === '_') return true;
      i = j - 1;
    }
  }
  return false;
}

/** A password field that is itself a placeholder (`$DB_PASS`, `${PASS}`, `%s`, `<password>`, `[password]`). */
function isTemplatePassword(p: string): boolean {
  if (p.includes('${') || p.includes('{{') || p.includes('#{')) return true;
  return /^(?:\$[A-Za-z_][A-Za-z0-9_]*|\$\([^()]*\)|<[^<>]*>|\[[^[\]]*\]|%[sv]|%\([A-Za-z_][A-Za-z0-9_]*\)s|\{[A-Za-z0-9_]*\}|__[A-Za-z0-9_]+__|:[A-Za-z_][A-Za-z0-9_]*)$/.test(p);
}

const PLACEHOLDER_SECRETS = wordSet(`
  password passwd pass pwd secret changeme change-me change_me changeit yourpassword your-password your_password
  mypassword my-password my_password redacted hidden masked removed omitted none null undefined
  password123 secretpassword your-secret yoursecret my-secret mysecret token your-token your_token apikey api_key`);

/** Masked or obviously fake secrets: `****`, `xxxx`, `...`, `password`, `your_password`. */
function isPlaceholderSecret(p: string): boolean {
  if (p.length === 0) return true;
  const l = p.toLowerCase();
  if (PLACEHOLDER_SECRETS.has(l)) return true;
  if (/^[x*•.\-_#]+$/i.test(p)) return true;
  if (/^(?:your|my)[-_]?(?:db[-_]?|redis[-_]?|database[-_]?|app[-_]?|smtp[-_]?|mail[-_]?)?(?:password|pass|pwd|secret|key|token)/.test(l)) return true;
  return false;
}

const DEV_DEFAULT_SECRETS = wordSet(`
  postgres postgrespw postgresql root guest admin mysql redis rabbitmq rabbit mongo mongodb example test testing tests
  dev development local localdev docker user sa toor 1234 12345 123456 qwerty app mysecretpassword my-secret-pw
  tiger scott default demo`);

/** Well-known local-emulator keys (Azurite, Cosmos DB emulator): public, documented, identical everywhere. */
const EMULATOR_KEY_PREFIXES = ['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq', 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw'];

function isDevDefaultSecret(secret: string, user?: string): boolean {
  const l = secret.toLowerCase();
  if (DEV_DEFAULT_SECRETS.has(l)) return true;
  if (user !== undefined && user.length > 0 && user.toLowerCase() === l) return true;
  return EMULATOR_KEY_PREFIXES.some((p) => secret.startsWith(p));
}

/** Token prefixes that make a bare user name a credential (`https://ghp_xxx@github.com/...`). */
const TOKEN_USER_PREFIXES = ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'glpat-', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'sk_live_', 'rk_live_', 'npm_'];

function isTokenUser(user: string): boolean {
  return user.length >= 20 && TOKEN_USER_PREFIXES.some((p) => user.startsWith(p));
}

// ===========================================================================
// Schemes
// ===========================================================================

type SchemeRole = 'backing' | 'embedded' | 'generic' | 'opaque';

interface SchemeSpec {
  kind: ServiceKind;
  role: SchemeRole;
}

const SCHEMES = new Map<string, SchemeSpec>();
function defineSchemes(kind: ServiceKind, role: SchemeRole, names: string): void {
  for (const n of wordSet(names)) SCHEMES.set(n, { kind, role });
}
defineSchemes(
  'database',
  'backing',
  `postgres postgresql pgsql postgis pg psql timescale timescaledb cockroach cockroachdb redshift yugabyte yugabytedb
   mysql mysql2 mysqlx mariadb mssql sqlserver jtds oracle oracledb mongodb mongo cassandra cql scylla scylladb
   couchdb couchbase couchbases neo4j bolt memgraph clickhouse snowflake db2 tidb crate cratedb influxdb influx
   arangodb rethinkdb firebird firebirdsql sybase teradata vertica presto trino hive impala questdb surrealdb edgedb
   dgraph informix informix-sqli singlestore memsql`,
);
defineSchemes('cache', 'backing', 'redis rediss valkey valkeys keydb dragonfly sentinel redis-sentinel memcached memcache hazelcast ignite');
defineSchemes(
  'queue',
  'backing',
  'amqp amqps pyamqp librabbitmq rabbitmq nats kafka sqs beanstalk beanstalkd stomp stomps mqtt mqtts pulsar nsq activemq artemis sb',
);
defineSchemes('search', 'backing', 'elasticsearch elastic opensearch solr meilisearch typesense');
defineSchemes('smtp', 'backing', 'smtp smtps submission lmtp ses');
defineSchemes('storage', 'backing', 's3 s3a s3n gs gcs az abfs abfss wasb wasbs adl hdfs webhdfs swift minio r2 oss');
defineSchemes('other', 'backing', 'ldap ldaps zk zookeeper etcd');
defineSchemes('database', 'embedded', 'sqlite sqlite3 duckdb h2 hsqldb derby');
defineSchemes('http-api', 'generic', 'http https');
defineSchemes(
  'other',
  'generic',
  'ws wss grpc grpcs tcp udp tls ssl ftp ftps sftp ssh scp rsync telnet h2c rtsp rtmp rtmps socks socks4 socks5 socks5h git svn irc ircs xmpp sip',
);

/** Schemes that are never endpoints, whatever follows. */
const EXCLUDED_SCHEMES = wordSet(
  'file data mailto about javascript blob tel sms urn chrome chrome-extension moz-extension safari-web-extension ms-browser-extension vscode vscode-webview vscode-resource resource view-source jar',
);

/** Bucket-addressing schemes: the authority is a bucket name, not a host. */
const BUCKET_SCHEMES = wordSet('s3 s3a s3n gs gcs oss r2');

function lookupScheme(scheme: string): SchemeSpec {
  const exact = SCHEMES.get(scheme);
  if (exact) return exact;
  // SQLAlchemy dialect+driver, mongodb+srv, git+ssh, kafka+ssl, sqla+postgresql, sendgrid+smtp
  for (const part of scheme.split('+')) {
    const s = SCHEMES.get(part);
    if (s) return s;
  }
  return { kind: 'other', role: 'opaque' };
}

/** Ports that identify a backing service on a plain http(s) URL. */
const HTTP_PORT_KINDS = new Map<number, ServiceKind>([
  [9200, 'search'],
  [9243, 'search'],
  [8983, 'search'],
  [7700, 'search'],
  [8108, 'search'],
  [5984, 'database'],
  [8086, 'database'],
  [8529, 'database'],
  [7474, 'database'],
  [6333, 'database'], // Qdrant
  [4566, 'other'], // LocalStack
  [9324, 'queue'], // ElasticMQ
]);

/** Ports that identify a backing service on a bare host:port literal. */
const BARE_PORT_KINDS = new Map<number, ServiceKind>([
  [5432, 'database'],
  [3306, 'database'],
  [33060, 'database'],
  [1433, 'database'],
  [1521, 'database'],
  [27017, 'database'],
  [27018, 'database'],
  [27019, 'database'],
  [26257, 'database'],
  [9042, 'database'],
  [7687, 'database'],
  [5439, 'database'],
  [28015, 'database'],
  [5984, 'database'],
  [8086, 'database'],
  [6333, 'database'],
  [6334, 'database'],
  [19530, 'database'],
  [6379, 'cache'],
  [6380, 'cache'],
  [26379, 'cache'],
  [11211, 'cache'],
  [5672, 'queue'],
  [5671, 'queue'],
  [9092, 'queue'],
  [29092, 'queue'],
  [4222, 'queue'],
  [6650, 'queue'],
  [1883, 'queue'],
  [8883, 'queue'],
  [61613, 'queue'],
  [61616, 'queue'],
  [11300, 'queue'],
  [4150, 'queue'],
  [9200, 'search'],
  [9300, 'search'],
  [25, 'smtp'],
  [465, 'smtp'],
  [587, 'smtp'],
  [2525, 'smtp'],
  [1025, 'smtp'],
  [2181, 'other'],
  [2379, 'other'],
  [389, 'other'],
  [636, 'other'],
]);

// ===========================================================================
// Hosts
// ===========================================================================

function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || !isAllDigits(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function classifyIPv4(o: number[]): HostKind {
  const [a, b, c, d] = o;
  if (a === 0 && b === 0 && c === 0 && d === 0) return 'any-address';
  if (a === 127) return 'loopback';
  // Android emulator (10.0.2.2) and Genymotion (10.0.3.2) aliases of the developer's machine
  if (a === 10 && b === 0 && (c === 2 || c === 3) && d === 2) return 'loopback';
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113) || (a === 233 && b === 252 && c === 0)) {
    return 'documentation';
  }
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 198 && (b === 18 || b === 19))) {
    return 'private-ip';
  }
  return 'public-ip';
}

/** Validates an IPv6 literal (no brackets, optional zone) and returns its 8 groups, or null. */
function parseIPv6(s: string): number[] | null {
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.length < 2 || s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const gs = part.split(':');
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i];
      if (i === gs.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (g.length === 0 || g.length > 4 || !/^[0-9a-fA-F]+$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  if (dbl >= 0) {
    const head = parseGroups(s.slice(0, dbl));
    const tail = parseGroups(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return null;
    return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const all = parseGroups(s);
  return all && all.length === 8 ? all : null;
}

function classifyIPv6(g: number[]): HostKind {
  if (g.every((x) => x === 0)) return 'any-address';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return classifyIPv4([g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255]);
  }
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
  if ((g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfe80) return 'private-ip';
  return 'public-ip';
}

/** Single labels and SLDs that are placeholders in docs and tutorials, not hosts. */
const PLACEHOLDER_HOSTS = wordSet(`
  host hostname host-name host_name yourhost your-host your_host myhost my-host somehost some-host dbhost db_host db-host
  servername server_name server-name yourserver your-server ip ipaddress ip_address ip-address address addr domain
  xxx xxxx xxxxx foo bar baz foobar qux placeholder changeme example myaccount mystorageaccount mynamespace myserver
  myinstance mycluster contoso fabrikam`);

const PLACEHOLDER_SLDS = wordSet(`
  example yourdomain your-domain your_domain mydomain my-domain domain yoursite your-site mysite my-site yourcompany
  your-company mycompany my-company company yourapp your-app myapp my-app foo bar baz foobar test dummy fake sample
  placeholder yourserver your-server host hostname website site email contoso fabrikam northwind adventure-works
  adventureworks wingtiptoys tailspintoys`);

const SECOND_LEVEL_LABELS = wordSet('co com net org gov edu ac or ne go gob mil nic ltd plc sch');

/** Index of the registrable label (`mycompany` in `api.mycompany.co.uk`). */
function registrableIndex(labels: string[]): number {
  const n = labels.length;
  if (n >= 3 && labels[n - 1].length === 2 && SECOND_LEVEL_LABELS.has(labels[n - 2])) return n - 3;
  return n - 2;
}

/** Suffixes of networks that only resolve inside one deployment. */
const INTERNAL_SUFFIXES = ['internal', 'local', 'localdomain', 'lan', 'home.arpa', 'intranet', 'corp', 'private', 'home', 'svc', 'consul', 'intra'];

/** Names of the developer's own machine. */
const LOOPBACK_NAMES = wordSet('localhost localhost.localdomain ip6-localhost ip6-loopback host.docker.internal gateway.docker.internal docker.for.mac.localhost docker.for.win.localhost');
const LOOPBACK_DOMAINS = ['localhost', 'lvh.me', 'localtest.me', 'vcap.me', 'lacolhost.com'];

/** Endpoints identical in every deployment (metadata services, in-cluster API server): never deploy-specific. */
const WELL_KNOWN_CONSTANT_HOSTS = wordSet(`
  169.254.169.254 169.254.170.2 fd00:ec2::254 100.100.100.200 metadata.google.internal metadata instance-data
  instance-data.ec2.internal kubernetes.default.svc kubernetes.default.svc.cluster.local kubernetes.default kubernetes`);

export function isWellKnownConstantHost(host: string): boolean {
  return WELL_KNOWN_CONSTANT_HOSTS.has(host.toLowerCase());
}

interface CloudSuffix {
  suffix: string;
  kind: ServiceKind;
  /** Labels required in front of the suffix. */
  min: number;
}
const CLOUD_SUFFIXES: CloudSuffix[] = (
  [
    // Azure
    ['blob.core.windows.net', 'storage'],
    ['file.core.windows.net', 'storage'],
    ['dfs.core.windows.net', 'storage'],
    ['queue.core.windows.net', 'queue'],
    ['table.core.windows.net', 'database'],
    ['database.windows.net', 'database'],
    ['database.azure.com', 'database'],
    ['documents.azure.com', 'database'],
    ['cosmos.azure.com', 'database'],
    ['redis.cache.windows.net', 'cache'],
    ['redisenterprise.cache.azure.net', 'cache'],
    ['servicebus.windows.net', 'queue'],
    ['eventgrid.azure.net', 'queue'],
    ['search.windows.net', 'search'],
    ['vault.azure.net', 'other'],
    ['azconfig.io', 'other'],
    ['azure-devices.net', 'other'],
    ['service.signalr.net', 'other'],
    ['openai.azure.com', 'http-api'],
    ['cognitiveservices.azure.com', 'http-api'],
    // Google
    ['storage.googleapis.com', 'storage'],
    ['firebaseio.com', 'database'],
    ['firebasedatabase.app', 'database'],
    ['run.app', 'http-api'],
    ['cloudfunctions.net', 'http-api'],
    // Managed databases, caches, queues, search
    ['mongodb.net', 'database'],
    ['redislabs.com', 'cache'],
    ['redis-cloud.com', 'cache'],
    ['upstash.io', 'cache'],
    ['aivencloud.com', 'database'],
    ['elephantsql.com', 'database'],
    ['cloudamqp.com', 'queue'],
    ['confluent.cloud', 'queue'],
    ['cloud.es.io', 'search'],
    ['found.io', 'search'],
    ['elastic-cloud.com', 'search'],
    ['bonsaisearch.net', 'search'],
    ['db.ondigitalocean.com', 'database'],
    ['r2.cloudflarestorage.com', 'storage'],
    ['snowflakecomputing.com', 'database'],
    ['cockroachlabs.cloud', 'database'],
    ['psdb.cloud', 'database'],
    ['pooler.supabase.com', 'database'],
    ['turso.io', 'database'],
    ['clickhouse.cloud', 'database'],
    ['tsdb.cloud.timescale.com', 'database'],
    ['databases.neo4j.io', 'database'],
    ['rds.aliyuncs.com', 'database'],
  ] as [string, ServiceKind][]
).map(([suffix, kind]) => ({ suffix, kind, min: 1 }));
CLOUD_SUFFIXES.push(
  { suffix: 'neon.tech', kind: 'database', min: 3 },
  { suffix: 'supabase.co', kind: 'database', min: 2 },
  { suffix: 'digitaloceanspaces.com', kind: 'storage', min: 2 },
  { suffix: 'linodeobjects.com', kind: 'storage', min: 2 },
);

/** AWS service labels that, with at least one label in front, name an account's resource. */
const AWS_RESOURCE_LABELS = new Map<string, ServiceKind>([
  ['rds', 'database'],
  ['redshift', 'database'],
  ['redshift-serverless', 'database'],
  ['docdb', 'database'],
  ['docdb-elastic', 'database'],
  ['neptune', 'database'],
  ['dax-clusters', 'cache'],
  ['cache', 'cache'],
  ['memorydb', 'cache'],
  ['es', 'search'],
  ['aoss', 'search'],
  ['kafka', 'queue'],
  ['kafka-serverless', 'queue'],
  ['mq', 'queue'],
  ['execute-api', 'http-api'],
  ['appsync-api', 'http-api'],
  ['elb', 'http-api'],
  ['iot', 'other'],
  ['compute', 'other'],
  ['compute-1', 'other'],
]);

interface CloudMatch {
  kind: ServiceKind;
  bucket?: string;
}

/** S3 virtual-hosted bucket (`b.s3.amazonaws.com`, `b.s3.us-east-1.amazonaws.com`, `b.s3-website-us-east-1.amazonaws.com`). */
function s3BucketOfHost(labels: string[]): string | undefined {
  const n = labels.length;
  const awsEnd = labels[n - 1] === 'cn' ? n - 3 : n - 2;
  if (awsEnd < 2 || labels[awsEnd] !== 'amazonaws' || labels[awsEnd + 1] !== 'com') return undefined;
  for (let i = 1; i < awsEnd; i++) {
    const l = labels[i];
    if (l === 's3' || l.startsWith('s3-')) return labels.slice(0, i).join('.');
  }
  return undefined;
}

function cloudResourceOf(host: string): CloudMatch | null {
  const labels = host.split('.');
  const n = labels.length;
  if (n < 3) return null;
  if (host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws.com.cn') || host.endsWith('.on.aws')) {
    const bucket = s3BucketOfHost(labels);
    if (bucket) return { kind: 'storage', bucket };
    if (host.endsWith('.on.aws') && labels.includes('lambda-url')) return { kind: 'http-api' };
    const end = labels[n - 1] === 'cn' ? n - 3 : n - 2;
    for (let i = 1; i < end; i++) {
      const k = AWS_RESOURCE_LABELS.get(labels[i]);
      if (k) return { kind: k };
    }
    return null;
  }
  if (host.endsWith('.storage.googleapis.com')) return { kind: 'storage', bucket: host.slice(0, -'.storage.googleapis.com'.length) };
  if (host.endsWith('.aliyuncs.com')) {
    const oss = labels.findIndex((l, i) => i > 0 && l.startsWith('oss-'));
    if (oss > 0) return { kind: 'storage', bucket: labels.slice(0, oss).join('.') };
  }
  for (const c of CLOUD_SUFFIXES) {
    if (host.endsWith('.' + c.suffix)) {
      const before = n - c.suffix.split('.').length;
      if (before >= c.min) {
        const bucket = c.kind === 'storage' && (c.suffix === 'digitaloceanspaces.com' || c.suffix === 'linodeobjects.com') ? labels[0] : undefined;
        return bucket ? { kind: c.kind, bucket } : { kind: c.kind };
      }
    }
  }
  return null;
}

/** Syntactic check of a DNS-ish host name (lower-case). Allows `_` (compose names) and non-ASCII (IDN). */
function isHostNameSyntax(h: string): boolean {
  if (h.length === 0 || h.length > 253) return false;
  const labels = h.split('.');
  for (const l of labels) {
    if (l.length === 0 || l.length > 63) return false;
    if (l[0] === '-' || l[l.length - 1] === '-') return false;
    for (let i = 0; i < l.length; i++) {
      const c = l.charCodeAt(i);
      if (!(isLowerCode(c) || isDigitCode(c) || c === 0x2d || c === 0x5f || c > 127)) return false;
    }
  }
  if (labels.length > 1) {
    const tld = labels[labels.length - 1];
    if (isAllDigits(tld) || tld.length < 2) return false;
  } else if (isAllDigits(h)) {
    return false;
  }
  return true;
}

function isPlaceholderLabel(l: string): boolean {
  return /^x{3,}$/.test(l) || (l.startsWith('your') && l.length > 4) || PLACEHOLDER_HOSTS.has(l);
}

/**
 * Kind of a syntactically valid, lower-case host name or IP literal (no brackets, no port).
 * '' is not a host: callers decide what an empty host means.
 */
export function hostKindOf(hostInput: string): HostKind {
  let host = hostInput.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  const v4 = parseIPv4(host);
  if (v4) return classifyIPv4(v4);
  if (host.includes(':')) {
    const v6 = parseIPv6(host);
    return v6 ? classifyIPv6(v6) : 'documentation';
  }
  if (LOOPBACK_NAMES.has(host) || LOOPBACK_DOMAINS.some((d) => endsWithDomain(host, d))) return 'loopback';
  const labels = host.split('.');
  if (labels.length === 1) {
    if (PLACEHOLDER_HOSTS.has(host) || host === 'test' || host === 'invalid' || isPlaceholderLabel(host)) return 'documentation';
    return 'internal-name';
  }
  const tld = labels[labels.length - 1];
  if (tld === 'example' || tld === 'test' || tld === 'invalid') return 'documentation';
  const sld = registrableIndex(labels);
  if (sld >= 0 && (PLACEHOLDER_SLDS.has(labels[sld]) || labels[sld].startsWith('your'))) return 'documentation';
  if (labels.some(isPlaceholderLabel)) return 'documentation';
  // nip.io / sslip.io embed an IP: 127.0.0.1.nip.io, 10-0-0-1.sslip.io
  if (endsWithDomain(host, 'nip.io') || endsWithDomain(host, 'sslip.io')) {
    const m = /(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})\.(?:nip|sslip)\.io$/.exec(host);
    const ip = m ? parseIPv4(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`) : null;
    if (ip) return classifyIPv4(ip);
  }
  for (const s of INTERNAL_SUFFIXES) if (host.endsWith('.' + s)) return 'internal-name';
  if (cloudResourceOf(host)) return 'cloud-resource';
  return 'public-name';
}

const ENV_MARKERS = wordSet('staging stage stg prod production prd preprod nonprod dev develop development qa uat');

/**
 * The host's sub-domain labels carry an environment marker (`api.staging.acme.io`,
 * `myapp-dev.herokuapp.com`, `prod-db.acme.com`). The registrable domain and TLD are not
 * looked at (`dev.to`, `web.dev`), nor a lone `dev.` in front of a registrable domain
 * (`dev.mysql.com`, `dev.azure.com` are developer portals).
 */
export function hasEnvironmentMarker(hostInput: string): boolean {
  const host = hostInput.toLowerCase();
  if (parseIPv4(host) || host.includes(':')) return false;
  const labels = host.split('.');
  const sld = registrableIndex(labels);
  for (let i = 0; i < sld; i++) {
    const parts = labels[i].split(/[-_]/);
    for (const raw of parts) {
      const p = raw.replace(/\d+$/, '');
      if (!ENV_MARKERS.has(p)) continue;
      if ((p === 'dev' || p === 'develop' || p === 'development') && i === 0 && sld === 1 && parts.length === 1) continue;
      return true;
    }
  }
  return false;
}

/** File extensions that look like TLDs: `settings.py`, `README.md`, `run.sh` are files, not hosts. */
const FILE_EXTENSIONS = wordSet(`
  html htm js mjs cjs ts tsx jsx json yml yaml xml txt md py pyc rb go java kt php css scss less png jpg jpeg gif svg ico
  pdf csv log lock sh bash exe dll so sql db sqlite sqlite3 env ini cfg conf toml zip gz tar tgz rs swift vue map wasm
  bin dat pem key crt cert properties gradle jar war class lua pl pm ex exs erl hs cs fs vb dart scala clj rst adoc`);

/** Words that are values, not hosts, even in a host-ish slot. */
const NOT_HOST_WORDS = wordSet('none null nil undefined true false yes no auto default any all on off disabled enabled unix socket memory');

/**
 * Bare host or host:port literals: 'localhost', '127.0.0.1:6379', '[::1]:6379', 'db.prod.internal',
 * 'mydb.c9akciq32.us-east-1.rds.amazonaws.com'. Returns null for anything else (URLs,
 * file names, `:8080`, version numbers, ENV_VAR_NAMES, sentences).
 */
export function classifyHost(value: string): HostClassification | null {
  try {
    if (typeof value !== 'string') return null;
    const { v } = trimmed(value);
    if (v.length === 0 || v.length > 300 || hasWhitespace(v) || hasControlChar(v)) return null;
    let hostRaw: string;
    let portRaw: string | undefined;
    if (v[0] === '[') {
      const close = v.indexOf(']');
      if (close < 0) return null;
      hostRaw = v.slice(1, close);
      const rest = v.slice(close + 1);
      if (rest !== '') {
        if (rest[0] !== ':') return null;
        portRaw = rest.slice(1);
      }
      if (!parseIPv6(hostRaw)) return null;
    } else {
      const colons = v.split(':').length - 1;
      if (colons >= 2) {
        if (!parseIPv6(v)) return null;
        hostRaw = v;
      } else if (colons === 1) {
        const i = v.indexOf(':');
        hostRaw = v.slice(0, i);
        portRaw = v.slice(i + 1);
      } else {
        hostRaw = v;
      }
    }
    let port: number | undefined;
    if (portRaw !== undefined) {
      port = parsePort(portRaw);
      if (port === undefined) return null;
    }
    if (hostRaw.length === 0) return null;
    if (/[A-Z]/.test(hostRaw) && hostRaw.includes('_')) return null; // DATABASE_URL, DB_HOST: names, not hosts
    let host = hostRaw.toLowerCase();
    if (host.endsWith('.') && host.length > 1) host = host.slice(0, -1);
    if (NOT_HOST_WORDS.has(host)) return null;
    if (!host.includes(':') && !parseIPv4(host)) {
      if (!isHostNameSyntax(host)) return null;
      const labels = host.split('.');
      if (labels.length > 1 && FILE_EXTENSIONS.has(labels[labels.length - 1])) return null;
      if (labels.length > 1 && labels.every((l) => isAllDigits(l))) return null;
    }
    const out: HostClassification = { host, hostKind: hostKindOf(host) };
    if (port !== undefined) out.port = port;
    return out;
  } catch {
    return null;
  }
}

// ===========================================================================
// Parsing: shared draft
// ===========================================================================

interface HostEntry {
  host: string;
  port?: number;
  /** unix socket path or implicit local default */
  local?: boolean;
}

interface Span {
  text: string;
  start: number;
}

interface Draft {
  scheme: string;
  spec: SchemeSpec;
  format: UrlFormat;
  hosts: HostEntry[];
  template: boolean;
  user?: Span;
  password?: Span;
  /** Secret values of `password=`-style parameters and webhook tokens. */
  secrets: Span[];
  /** Ranges excluded from the placeholder scan (secrets, ODBC `{Driver}` braces). */
  masked: TextRange[];
  path?: string;
  embedded: boolean;
  bucket?: string;
  forceHostKind?: HostKind;
  forceServiceKind?: ServiceKind;
}

function newDraft(scheme: string, spec: SchemeSpec, format: UrlFormat): Draft {
  return { scheme, spec, format, hosts: [], template: false, secrets: [], masked: [], embedded: spec.role === 'embedded' };
}

interface ParsedHost {
  entry?: HostEntry;
  template: boolean;
  ok: boolean;
}

/** `host`, `host:port`, `[v6]:port`, `%2Fvar%2Frun%2Fpostgresql`, `server\INSTANCE:1433`. */
function parseHostPort(piece: string): ParsedHost {
  if (piece === '') return { ok: true, template: false, entry: { host: '', local: true } };
  if (hasPlaceholder(piece)) return { ok: true, template: true };
  let hostRaw: string;
  let portRaw: string | undefined;
  if (piece[0] === '[') {
    const close = piece.indexOf(']');
    if (close < 0) return { ok: false, template: false };
    hostRaw = piece.slice(1, close);
    const rest = piece.slice(close + 1);
    if (rest !== '') {
      if (rest[0] !== ':') return { ok: false, template: false };
      portRaw = rest.slice(1);
    }
    if (!parseIPv6(hostRaw)) return { ok: true, template: /[A-Za-z_]{2,}/.test(hostRaw) }; // [HOST], [db-host]
  } else {
    const bs = piece.indexOf('\\');
    let p = piece;
    if (bs >= 0) {
      // SQL Server named instance: host\INSTANCE[:port]
      const after = piece.slice(bs + 1);
      const colon = after.lastIndexOf(':');
      p = piece.slice(0, bs) + (colon >= 0 ? after.slice(colon) : '');
    }
    const colons = p.split(':').length - 1;
    if (colons > 1) return { ok: false, template: false };
    const i = p.indexOf(':');
    hostRaw = i >= 0 ? p.slice(0, i) : p;
    if (i >= 0) portRaw = p.slice(i + 1);
  }
  let port: number | undefined;
  if (portRaw !== undefined && portRaw !== '') {
    port = parsePort(portRaw);
    if (port === undefined) {
      // host:port, host:PORT, host:dbport — a placeholder, not a port
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(portRaw)) return { ok: true, template: true };
      return { ok: false, template: false };
    }
  }
  if (/^[A-Z][A-Z0-9]*_[A-Z0-9_]*$/.test(hostRaw)) return { ok: true, template: true }; // DB_HOST
  if (hostRaw.includes('%')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(hostRaw);
    } catch {
      return { ok: false, template: false };
    }
    if (decoded.startsWith('/')) return { ok: true, template: false, entry: { host: decoded, port, local: true } };
    hostRaw = decoded;
  }
  let host = hostRaw.toLowerCase();
  if (host.endsWith('.') && host.length > 1) host = host.slice(0, -1);
  if (host === '') return { ok: true, template: false, entry: { host: '', port, local: true } };
  if (!host.includes(':') && !parseIPv4(host) && !isHostNameSyntax(host)) return { ok: false, template: false };
  const entry: HostEntry = { host };
  if (port !== undefined) entry.port = port;
  return { ok: true, template: false, entry };
}

/** Parses a comma-separated host list into the draft. */
function addHosts(d: Draft, text: string): boolean {
  const pieces = text.split(',');
  if (pieces.length > 64) return false; // not a real host list
  for (const piece of pieces) {
    const r = parseHostPort(piece.trim());
    if (!r.ok) return false;
    if (r.template) d.template = true;
    else if (r.entry) d.hosts.push(r.entry);
  }
  return true;
}

interface Param {
  key: string;
  /** key lower-cased with spaces, `_` and `-` removed */
  norm: string;
  value: string;
  start: number;
  end: number;
}

/**
 * `k=v` items of [from, to) separated by any of `seps`; `{...}` (ODBC) and quotes protect
 * separators. An item without `=` makes the whole scan fail, unless `lenient` (URL query
 * strings such as `?ssl&password=x`), where it is skipped.
 */
function scanParams(v: string, from: number, to: number, seps: string, lenient = false): Param[] | null {
  const out: Param[] = [];
  let i = from;
  while (i < to && out.length < 128) {
    let j = i;
    let depth = 0;
    let quote = '';
    for (; j < to; j++) {
      const c = v[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      else if ((c === '"' || c === "'") && j > i && v[j - 1] === '=') quote = c;
      else if (depth === 0 && seps.includes(c)) break;
    }
    const item = v.slice(i, j);
    if (item.trim() !== '') {
      const eq = item.indexOf('=');
      if (eq < 0 && !lenient) return null;
      if (eq < 0) {
        i = j + 1;
        continue;
      }
      const key = item.slice(0, eq).trim();
      let vs = i + eq + 1;
      let ve = j;
      while (vs < ve && /\s/.test(v[vs])) vs++;
      while (ve > vs && /\s/.test(v[ve - 1])) ve--;
      if (ve - vs >= 2 && (v[vs] === '"' || v[vs] === "'") && v[ve - 1] === v[vs]) {
        vs++;
        ve--;
      }
      out.push({ key, norm: key.toLowerCase().replace(/[\s_-]/g, ''), value: v.slice(vs, ve), start: vs, end: ve });
    }
    i = j + 1;
  }
  return out;
}

const SECRET_PARAM_KEYS = wordSet('password passwd pwd pass secret clientsecret accountkey sharedaccesskey');

function collectSecretParams(d: Draft, params: Param[]): void {
  const hasSv = params.some((p) => p.norm === 'sv');
  for (const p of params) {
    if (SECRET_PARAM_KEYS.has(p.norm) || (p.norm === 'sig' && hasSv)) {
      d.masked.push({ start: p.start, end: p.end });
      if (!isTemplatePassword(p.value) && !isPlaceholderSecret(p.value)) d.secrets.push({ text: p.value, start: p.start });
      else if (isTemplatePassword(p.value)) d.template = true;
    }
  }
}

// ===========================================================================
// Parsing: scheme://authority/path
// ===========================================================================

function parseHierarchical(v: string, afterSlashes: number, d: Draft, semicolonParams: boolean): boolean {
  const n = v.length;
  const terminators = semicolonParams ? '/?#;' : '/?#';
  let end = n;
  for (let i = afterSlashes; i < n; i++) {
    if (terminators.includes(v[i])) {
      end = i;
      break;
    }
  }
  const tryAuthority = (authStart: number, authEnd: number, at: number): boolean => {
    const hostsStart = at >= 0 ? at + 1 : authStart;
    const saved = { hosts: d.hosts.length, template: d.template };
    if (at >= 0) {
      const ui = v.slice(authStart, at);
      const colon = ui.indexOf(':');
      const userText = colon >= 0 ? ui.slice(0, colon) : ui;
      d.user = { text: userText, start: authStart };
      if (colon >= 0) d.password = { text: ui.slice(colon + 1), start: authStart + colon + 1 };
      else d.password = undefined;
    }
    if (addHosts(d, v.slice(hostsStart, authEnd))) return true;
    d.hosts.length = saved.hosts;
    d.template = saved.template;
    d.user = undefined;
    d.password = undefined;
    return false;
  };
  let at = v.lastIndexOf('@', end - 1);
  if (at < afterSlashes) at = -1;
  let authEnd = end;
  const templateBefore = d.template;
  const standardOk = tryAuthority(afterSlashes, end, at);
  const standardClean = standardOk && d.template === templateBefore;
  const lastAt = v.lastIndexOf('@');
  if (!standardClean && lastAt > end && v.slice(afterSlashes, lastAt).includes(':')) {
    // Unencoded `#`, `?`, `/` or `;` in a password (`postgres://u:pa#ss@host/db`): the last `@`
    // of the value ends the userinfo. Only tried when the standard reading fails or yields a
    // non-numeric "port".
    const saved = { hosts: [...d.hosts], template: d.template, user: d.user, password: d.password };
    d.hosts = [];
    d.template = templateBefore;
    let e2 = n;
    for (let i = lastAt + 1; i < n; i++) {
      if (terminators.includes(v[i])) {
        e2 = i;
        break;
      }
    }
    const fallbackTemplate = d.template;
    if (tryAuthority(afterSlashes, e2, lastAt) && d.template === fallbackTemplate) {
      authEnd = e2;
    } else {
      d.hosts = saved.hosts;
      d.template = saved.template;
      d.user = saved.user;
      d.password = saved.password;
      if (!standardOk) return false;
    }
  } else if (!standardOk) {
    return false;
  }
  // path, query
  let pathEnd = n;
  for (let i = authEnd; i < n; i++) {
    if (v[i] === '?' || v[i] === '#' || (semicolonParams && v[i] === ';')) {
      pathEnd = i;
      break;
    }
  }
  d.path = v.slice(authEnd, pathEnd);
  // `:param` route segments
  for (const seg of d.path.split('/')) if (/^:[A-Za-z_]/.test(seg)) d.template = true;
  if (pathEnd < n) {
    const hash = v.indexOf('#', pathEnd);
    const qEnd = hash >= 0 ? hash : n;
    const params = scanParams(v, pathEnd + 1, qEnd, '&;', true);
    if (params) {
      collectSecretParams(d, params);
      if (d.hosts.length === 0 || (d.hosts.length === 1 && d.hosts[0].host === '')) {
        const sn = params.find((p) => p.norm === 'servername' || p.norm === 'server');
        if (sn) {
          d.hosts = [];
          if (!addHosts(d, sn.value)) return false;
        }
      }
    }
  }
  return true;
}

/** Slack / Discord incoming-webhook URLs carry their secret in the path. */
function webhookSecret(host: string, path: string, pathStart: number): Span | undefined {
  if (host === 'hooks.slack.com') {
    const m = /^\/(?:services|workflows|triggers)\/([A-Za-z0-9]+)\/([A-Za-z0-9]+)\/([A-Za-z0-9]{16,})\/?$/.exec(path);
    if (m && !/^X+$/i.test(m[3]) && !/^0+$/.test(m[1].slice(1))) {
      return { text: m[3], start: pathStart + path.lastIndexOf(m[3]) };
    }
  }
  if (host === 'discord.com' || host === 'discordapp.com' || host === 'ptb.discord.com' || host === 'canary.discord.com') {
    const m = /^\/api(?:\/v\d+)?\/webhooks\/(\d+)\/([A-Za-z0-9_-]{30,})\/?$/.exec(path);
    if (m && !/^X+$/i.test(m[2])) return { text: m[2], start: pathStart + path.lastIndexOf(m[2]) };
  }
  return undefined;
}

function parseSchemeUrl(v: string): Draft | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]{0,40}):\/\//.exec(v);
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  if (EXCLUDED_SCHEMES.has(scheme)) return null;
  const spec = lookupScheme(scheme);
  const start = m[0].length;
  if (start === v.length) return null; // 'postgres://' — only a scheme
  const d = newDraft(scheme, spec, 'url');
  if (spec.role === 'embedded') {
    // sqlite:///db.sqlite3, sqlite://:memory:, duckdb:///x — local files
    d.path = v.slice(start);
    return d;
  }
  const semicolons = spec.kind === 'database' && /^(?:mssql|sqlserver|jtds)/.test(scheme);
  if (!parseHierarchical(v, start, d, semicolons)) return null;
  const implicit = d.hosts.length === 0 || (d.hosts.length === 1 && d.hosts[0].host === '');
  if (!d.template && implicit) {
    // 'postgres://user:pass@' and 'postgres://user:' are cut-off prefixes of a concatenation
    const rest = v.slice(start);
    if (rest.endsWith('@') || rest.endsWith(':')) d.template = true;
    else if (spec.role !== 'backing' || spec.kind === 'storage') return null; // http:///x, s3:///x
    else if ((d.path ?? '') === '' && d.user === undefined) return null; // 'redis://?'
  }
  if (BUCKET_SCHEMES.has(scheme) && d.hosts.length > 0) {
    d.bucket = d.hosts[0].host;
  }
  return d;
}

// ===========================================================================
// Parsing: JDBC
// ===========================================================================

const JDBC_WRAPPERS = wordSet('log4jdbc p6spy otel aws-wrapper opentracing tracing datadog sentry jmx wrapper');
const JDBC_EMBEDDED_NETWORK = /^(?:tcp|ssl|hsql|hsqls|http|https):\/\//i;

function parseJdbc(v: string): Draft | null {
  let rest = v.slice(5);
  let sub = '';
  for (let guard = 0; guard < 4; guard++) {
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*):/.exec(rest);
    if (!m) return null;
    sub = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
    if (!JDBC_WRAPPERS.has(sub)) break;
  }
  const restStart = v.length - rest.length;
  const scheme = `jdbc:${sub}`;
  const known = SCHEMES.get(sub) ?? SCHEMES.get(sub.split('-')[0]);
  const spec: SchemeSpec = known ?? { kind: 'database', role: 'backing' };
  if (sub === 'tc') {
    // Testcontainers: an ephemeral container started by the test itself
    const d = newDraft(scheme, { kind: 'database', role: 'embedded' }, 'jdbc');
    return d;
  }
  if (sub === 'oracle') return parseOracleJdbc(v, restStart, scheme);
  // jdbc:mysql:loadbalance://, jdbc:jtds:sqlserver://, jdbc:h2:tcp://
  let slashes = -1;
  if (rest.startsWith('//')) slashes = restStart + 2;
  else {
    const m = /^((?:[A-Za-z0-9-]+:)+)\/\//.exec(rest);
    if (m) slashes = restStart + m[1].length + 2;
  }
  if (spec.role === 'embedded') {
    if (!(slashes >= 0 && (rest.startsWith('//') || JDBC_EMBEDDED_NETWORK.test(rest)))) {
      const d = newDraft(scheme, spec, 'jdbc');
      d.path = rest;
      return d;
    }
  }
  const d = newDraft(scheme, { kind: spec.kind, role: 'backing' }, 'jdbc');
  d.embedded = false;
  if (slashes < 0) {
    // jdbc:postgresql:mydb — local server, default port
    if (/^[A-Za-z0-9_$-]+(?:\?.*)?$/.test(rest) && (sub === 'postgresql' || sub === 'pgsql')) {
      d.hosts.push({ host: '', local: true });
      d.path = rest;
      return d;
    }
    return null;
  }
  if (slashes >= v.length) return null;
  const semicolons = /^(?:sqlserver|jtds|db2|informix|sybase|as400|sap|mssql)/.test(sub) || rest.includes(';');
  if (!parseHierarchical(v, slashes, d, semicolons)) return null;
  if (semicolons) {
    const semi = v.indexOf(';', slashes);
    if (semi >= 0) {
      const params = scanParams(v, semi + 1, v.length, ';');
      if (params) {
        collectSecretParams(d, params);
        const u = params.find((p) => p.norm === 'user' || p.norm === 'username');
        if (u && !d.user) d.user = { text: u.value, start: u.start };
        if (d.hosts.length === 0 || (d.hosts.length === 1 && d.hosts[0].host === '')) {
          const sn = params.find((p) => p.norm === 'servername');
          if (sn) {
            d.hosts = [];
            if (!addHosts(d, sn.value)) return null;
          }
        }
      }
    }
  }
  if (d.hosts.length === 0 && !d.template) return null;
  return d;
}

function parseOracleJdbc(v: string, restStart: number, scheme: string): Draft | null {
  const rest = v.slice(restStart);
  const m = /^(thin|oci8?|kprb):/i.exec(rest);
  if (!m) return null;
  const afterStart = restStart + m[0].length;
  const after = v.slice(afterStart);
  const at = after.indexOf('@');
  if (at < 0) return null;
  const d = newDraft(scheme, { kind: 'database', role: 'backing' }, 'jdbc');
  if (at > 0) {
    const cred = after.slice(0, at);
    const slash = cred.indexOf('/');
    d.user = { text: slash >= 0 ? cred.slice(0, slash) : cred, start: afterStart };
    if (slash >= 0) d.password = { text: cred.slice(slash + 1), start: afterStart + slash + 1 };
  }
  const targetStart = afterStart + at + 1;
  const target = v.slice(targetStart);
  if (target.startsWith('//')) {
    return parseHierarchical(v, targetStart + 2, d, false) && d.hosts.length > 0 ? d : d.template ? d : null;
  }
  if (target.startsWith('(')) {
    const re = /\(\s*host\s*=\s*([^()\s]+)\s*\)/gi;
    let hm: RegExpExecArray | null;
    while ((hm = re.exec(target)) !== null) {
      if (!addHosts(d, hm[1])) return null;
    }
    const pm = /\(\s*port\s*=\s*(\d{1,5})\s*\)/i.exec(target);
    if (pm && d.hosts.length > 0) d.hosts[0].port = parsePort(pm[1]);
    return d.hosts.length > 0 || d.template ? d : null;
  }
  // host:port:SID, host:port/service; a bare TNS alias is an indirection, not an endpoint
  const cut = target.search(/[:/]/);
  if (cut <= 0) return null;
  const host = target.slice(0, cut);
  const pm = /^:(\d{1,5})/.exec(target.slice(cut));
  if (!addHosts(d, pm ? `${host}:${pm[1]}` : host)) return null;
  return d;
}

// ===========================================================================
// Parsing: Go MySQL DSN  user:pass@tcp(host:3306)/db?parseTime=true
// ===========================================================================

function parseGoMysql(v: string): Draft | null {
  if (v.includes('://')) return null;
  const slash = v.lastIndexOf('/');
  if (slash < 0) return null;
  const before = v.slice(0, slash);
  const db = v.slice(slash + 1);
  const at = before.lastIndexOf('@');
  const netaddr = before.slice(at + 1);
  const userinfo = at >= 0 ? before.slice(0, at) : '';
  const d = newDraft('mysql', { kind: 'database', role: 'backing' }, 'go-dsn');
  if (netaddr === '') {
    // user:pass@/dbname — default localhost:3306
    if (at <= 0 || !userinfo.includes(':') || !/^[A-Za-z0-9_.-]+:/.test(userinfo)) return null;
    if (!/^[A-Za-z0-9_$-]+(?:\?\S*)?$/.test(db)) return null;
    d.hosts.push({ host: '', local: true });
  } else {
    const m = /^([a-z][a-z0-9-]*)\((.*)\)$/.exec(netaddr);
    if (!m) return null;
    const net = m[1];
    const addr = m[2];
    if (net === 'unix') d.hosts.push({ host: addr, local: true });
    else if (net === 'cloudsql' || net === 'cloudsql-mysql') {
      d.hosts.push({ host: addr.toLowerCase() });
      d.forceHostKind = hasPlaceholder(addr) ? 'documentation' : 'cloud-resource';
      if (hasPlaceholder(addr)) d.template = true;
    } else if (net === 'tcp' || net === 'tcp6' || net === 'udp') {
      if (!addHosts(d, addr)) return null;
    } else return null;
    if (at < 0 && !/^[A-Za-z0-9_$-]*(?:\?\S*)?$/.test(db)) return null;
  }
  if (at > 0) {
    const colon = userinfo.indexOf(':');
    d.user = { text: colon >= 0 ? userinfo.slice(0, colon) : userinfo, start: 0 };
    if (colon >= 0) d.password = { text: userinfo.slice(colon + 1), start: colon + 1 };
  }
  const q = db.indexOf('?');
  if (q >= 0) {
    const params = scanParams(v, slash + 1 + q + 1, v.length, '&');
    if (params) collectSecretParams(d, params);
  }
  d.path = '/' + (q >= 0 ? db.slice(0, q) : db);
  return d;
}

// ===========================================================================
// Parsing: libpq / GORM keyword-value  host=localhost port=5432 dbname=app sslmode=disable
// ===========================================================================

const LIBPQ_KEYS = wordSet(`
  host hostaddr port dbname user password passfile sslmode connect_timeout application_name options sslcert sslkey
  sslrootcert sslpassword target_session_attrs client_encoding timezone service keepalives fallback_application_name
  search_path sslnegotiation channel_binding gssencmode krbsrvname require_auth load_balance_hosts`);

function parseLibpq(v: string): Draft | null {
  const items: Param[] = [];
  const n = v.length;
  let i = 0;
  while (i < n) {
    while (i < n && /\s/.test(v[i])) i++;
    if (i >= n) break;
    const ks = i;
    while (i < n && /[A-Za-z_]/.test(v[i])) i++;
    const key = v.slice(ks, i);
    while (i < n && v[i] === ' ') i++;
    if (key === '' || v[i] !== '=') return null;
    i++;
    while (i < n && v[i] === ' ') i++;
    let vs = i;
    let ve: number;
    if (v[i] === "'") {
      vs = ++i;
      while (i < n && v[i] !== "'") i += v[i] === '\\' ? 2 : 1;
      if (i >= n) return null;
      ve = i++;
    } else {
      while (i < n && !/\s/.test(v[i])) i++;
      ve = i;
    }
    const lower = key.toLowerCase();
    if (!LIBPQ_KEYS.has(lower)) return null;
    items.push({ key, norm: lower, value: v.slice(vs, ve), start: vs, end: ve });
    if (items.length > 64) return null;
  }
  const has = (k: string) => items.some((p) => p.norm === k);
  if (items.length < 2) return null;
  if (!(has('dbname') || has('sslmode') || ((has('host') || has('hostaddr')) && (has('port') || has('password') || has('user'))))) return null;
  const d = newDraft('postgresql', { kind: 'database', role: 'backing' }, 'libpq');
  const host = items.find((p) => p.norm === 'host') ?? items.find((p) => p.norm === 'hostaddr');
  if (host) {
    if (host.value.startsWith('/')) d.hosts.push({ host: host.value, local: true });
    else if (!addHosts(d, host.value)) return null;
  } else d.hosts.push({ host: '', local: true });
  const port = items.find((p) => p.norm === 'port');
  if (port && d.hosts.length > 0) {
    const pn = parsePort(port.value);
    if (pn !== undefined) d.hosts[0].port = pn;
    else if (hasPlaceholder(port.value) || /^[A-Za-z_]/.test(port.value)) d.template = true;
  }
  const user = items.find((p) => p.norm === 'user');
  if (user) d.user = { text: user.value, start: user.start };
  const pw = items.find((p) => p.norm === 'password');
  if (pw) {
    d.password = { text: pw.value, start: pw.start };
  }
  return d;
}

// ===========================================================================
// Parsing: PHP PDO  mysql:host=localhost;dbname=test
// ===========================================================================

const PDO_DRIVERS = wordSet('mysql pgsql sqlsrv dblib mssql sybase firebird ibm informix cubrid oci odbc sqlite sqlite2 4d');

function parsePdo(v: string): Draft | null {
  const m = /^([A-Za-z0-9]+):(?!\/\/)/.exec(v);
  if (!m) return null;
  const driver = m[1].toLowerCase();
  if (!PDO_DRIVERS.has(driver)) return null;
  const bodyStart = m[0].length;
  if (driver === 'sqlite' || driver === 'sqlite2') {
    if (bodyStart >= v.length) return null;
    const d = newDraft('sqlite', { kind: 'database', role: 'embedded' }, 'pdo');
    d.path = v.slice(bodyStart);
    return d;
  }
  if (driver === 'odbc') {
    const params = scanParams(v, bodyStart, v.length, ';');
    if (!params) return null;
    const d = fromKeyValue(params, 'pdo');
    if (d) d.scheme = 'odbc';
    return d;
  }
  const params = scanParams(v, bodyStart, v.length, ';');
  if (!params || params.length === 0) return null;
  const get = (...keys: string[]) => params.find((p) => keys.includes(p.norm));
  const host = get('host', 'server', 'hostname');
  const socket = get('unixsocket');
  const dbname = get('dbname', 'database');
  if (!host && !socket && !dbname) return null;
  const kind: SchemeSpec = { kind: 'database', role: 'backing' };
  const d = newDraft(driver, kind, 'pdo');
  for (const p of params) if (hasPlaceholder(p.value)) d.template = true;
  if (host) {
    let hv = host.value;
    if (/^tcp:/i.test(hv)) hv = hv.slice(4);
    if (!addHosts(d, hv.replace(/,(\d+)$/, ':$1'))) return null;
  } else if (socket) d.hosts.push({ host: socket.value, local: true });
  else if (dbname && dbname.value.startsWith('//')) {
    const e = dbname.value.indexOf('/', 2);
    if (!addHosts(d, dbname.value.slice(2, e >= 0 ? e : undefined))) return null;
  } else d.hosts.push({ host: '', local: true });
  const port = get('port');
  if (port && d.hosts.length > 0 && parsePort(port.value) !== undefined) d.hosts[0].port = parsePort(port.value);
  const user = get('user', 'uid', 'username');
  if (user) d.user = { text: user.value, start: user.start };
  const pw = get('password', 'pwd');
  if (pw) d.password = { text: pw.value, start: pw.start };
  return d;
}

// ===========================================================================
// Parsing: ADO.NET / ODBC / Npgsql / Azure key-value  Server=...;Database=...;
// ===========================================================================

const KV_HOST_KEYS = wordSet('server datasource address addr networkaddress host hostname');
const KV_KNOWN_KEYS = wordSet(`
  server datasource address addr networkaddress host hostname database initialcatalog uid userid user username password pwd
  port trustedconnection integratedsecurity encrypt driver dsn sslmode trustservercertificate multipleactiveresultsets
  connecttimeout connectiontimeout timeout pooling applicationname persistsecurityinfo provider charset
  defaultendpointsprotocol accountname accountkey endpointsuffix blobendpoint queueendpoint tableendpoint fileendpoint
  sharedaccesssignature endpoint sharedaccesskeyname sharedaccesskey entitypath accountendpoint cache version mode
  minpoolsize maxpoolsize sslca sslcert sslkey allowuservariables convertzerodatetime database`);

function isFileLikeDataSource(s: string): boolean {
  return /[/\\]/.test(s.replace(/^\.\\/, '')) || /\.(?:db|sqlite3?|s3db|sdb|sdf|mdb|accdb|mdf|fdb|gdb)$/i.test(s) || s === ':memory:' || /\|DataDirectory\|/i.test(s);
}

function fromKeyValue(params: Param[], format: UrlFormat): Draft | null {
  const get = (...keys: string[]) => params.find((p) => keys.includes(p.norm));
  const known = params.filter((p) => KV_KNOWN_KEYS.has(p.norm));
  if (known.length < 2 || known.length < params.length - 2) return null;
  const maskedDriver = get('driver', 'provider');
  const markTemplates = (d: Draft) => {
    for (const p of params) {
      if (p === maskedDriver) continue;
      if (SECRET_PARAM_KEYS.has(p.norm) || p.norm === 'sharedaccesssignature') {
        if (isTemplatePassword(p.value)) d.template = true;
      } else if (hasPlaceholder(p.value)) d.template = true;
    }
  };
  // Azure Storage
  const account = get('accountname');
  if (account && (get('accountkey') || get('defaultendpointsprotocol') || get('sharedaccesssignature') || get('blobendpoint'))) {
    const d = newDraft('azure-storage', { kind: 'storage', role: 'backing' }, format);
    markTemplates(d);
    const blob = get('blobendpoint');
    if (account.value.toLowerCase() === 'devstoreaccount1') d.hosts.push({ host: '127.0.0.1', port: 10000 });
    else if (blob) {
      const u = parseSchemeUrl(blob.value);
      if (u && u.hosts.length > 0) d.hosts.push(u.hosts[0]);
    } else {
      const suffix = (get('endpointsuffix')?.value ?? 'core.windows.net').toLowerCase();
      d.hosts.push({ host: `${account.value.toLowerCase()}.blob.${suffix}` });
    }
    d.user = { text: account.value, start: account.start };
    const key = get('accountkey') ?? get('sharedaccesssignature');
    if (key) d.password = { text: key.value, start: key.start };
    return d.hosts.length > 0 || d.template ? d : null;
  }
  // Azure Service Bus / Event Hubs / Cosmos / IoT Hub
  const endpoint = get('endpoint', 'accountendpoint');
  const sasKey = get('sharedaccesskey', 'accountkey');
  if (endpoint || (get('hostname') && sasKey)) {
    const target = endpoint ? endpoint.value : (get('hostname')?.value ?? '');
    const d = newDraft('azure', { kind: 'other', role: 'backing' }, format);
    markTemplates(d);
    if (endpoint) {
      const u = parseSchemeUrl(target);
      if (!u) return d.template ? d : null;
      d.hosts.push(...u.hosts);
      if (u.template) d.template = true;
      d.scheme = endpoint.norm === 'accountendpoint' ? 'azure-cosmos' : u.scheme === 'sb' ? 'azure-servicebus' : 'azure';
    } else if (!addHosts(d, target)) return null;
    const ck = d.hosts.length > 0 ? cloudResourceOf(d.hosts[0].host) : null;
    d.forceServiceKind = d.scheme === 'azure-cosmos' ? 'database' : d.scheme === 'azure-servicebus' ? 'queue' : (ck?.kind ?? 'other');
    if (sasKey) d.password = { text: sasKey.value, start: sasKey.start };
    const keyName = get('sharedaccesskeyname');
    if (keyName) d.user = { text: keyName.value, start: keyName.start };
    return d;
  }
  // Databases
  const hostP = params.find((p) => KV_HOST_KEYS.has(p.norm));
  const dsn = get('dsn');
  if (!hostP && !dsn) return null;
  const driverText = (maskedDriver?.value ?? '').toLowerCase();
  let scheme = 'sqlserver';
  if (/postgres|npgsql/.test(driverText) || (get('host') && get('username'))) scheme = 'postgresql';
  else if (/mysql|maria/.test(driverText)) scheme = 'mysql';
  else if (/oracle/.test(driverText)) scheme = 'oracle';
  else if (/sqlite/.test(driverText)) scheme = 'sqlite';
  const d = newDraft(scheme, { kind: 'database', role: scheme === 'sqlite' ? 'embedded' : 'backing' }, format);
  if (maskedDriver) d.masked.push({ start: maskedDriver.start, end: maskedDriver.end });
  markTemplates(d);
  if (hostP) {
    let s = hostP.value.trim();
    if (hostP.norm === 'datasource' && isFileLikeDataSource(s) && !/^(?:\(localdb\)|\.\\|\(local\)|tcp:)/i.test(s)) {
      d.spec = { kind: 'database', role: 'embedded' };
      d.embedded = true;
      d.scheme = 'sqlite';
      d.path = s;
      return d;
    }
    s = s.replace(/^(?:tcp|np|lpc|admin):/i, '');
    if (/^\(localdb\)/i.test(s) || s === '.' || s.startsWith('.\\') || /^\(local\)/i.test(s)) d.hosts.push({ host: '', local: true });
    else if (!addHosts(d, s.replace(/,(\d+)$/, ':$1'))) return null;
  } else if (dsn) {
    const pw = get('password', 'pwd');
    if (!pw) return null; // DSN alias only: an indirection configured outside the code
    d.hosts.push({ host: '', local: true });
  }
  const port = get('port');
  if (port && d.hosts.length > 0 && parsePort(port.value) !== undefined) d.hosts[0].port = parsePort(port.value);
  const user = get('uid', 'userid', 'user', 'username');
  if (user) d.user = { text: user.value, start: user.start };
  const pw = get('password', 'pwd');
  if (pw) d.password = { text: pw.value, start: pw.start };
  return d;
}

function parseSemicolonKv(v: string): Draft | null {
  if (!v.includes(';') || !v.includes('=')) return null;
  const params = scanParams(v, 0, v.length, ';');
  if (!params) return null;
  return fromKeyValue(params, 'key-value');
}

// ===========================================================================
// parseConnectionString
// ===========================================================================

function finish(v: string, lead: number, d: Draft): UrlInfo {
  // Placeholder scan over everything but secrets (passwords may contain `$`, `%`, `<`)
  const masks: TextRange[] = [...d.masked];
  if (d.password) masks.push({ start: d.password.start, end: d.password.start + d.password.text.length });
  for (const s of d.secrets) masks.push({ start: s.start, end: s.start + s.text.length });
  let scan = v;
  if (masks.length > 0) {
    const chars = v.split('');
    for (const r of masks) for (let i = r.start; i < r.end && i < chars.length; i++) chars[i] = 'x';
    scan = chars.join('');
  }
  let template = d.template || hasPlaceholder(scan);
  if (d.password && isTemplatePassword(d.password.text)) template = true;

  const first = d.hosts[0];
  const host = first ? first.host : '';
  let hostKind: HostKind;
  if (d.embedded) hostKind = 'loopback';
  else if (d.forceHostKind) hostKind = d.forceHostKind;
  else if (!first) hostKind = 'documentation';
  else if (first.local || host === '') hostKind = 'loopback';
  else if (d.bucket !== undefined) hostKind = isPlaceholderBucket(d.bucket) ? 'documentation' : 'cloud-resource';
  else hostKind = hostKindOf(host);
  if (!d.embedded && !d.forceHostKind && d.bucket === undefined && d.hosts.some((h) => h.host !== '' && !h.local && hostKindOf(h.host) === 'documentation')) {
    hostKind = 'documentation';
  }

  let serviceKind: ServiceKind = d.forceServiceKind ?? d.spec.kind;
  const path = d.path ?? '';
  if ((d.scheme === 'http' || d.scheme === 'https') && first) {
    const byPort = first.port !== undefined ? HTTP_PORT_KINDS.get(first.port) : undefined;
    if (byPort) serviceKind = byPort;
    else if (/^\/devstoreaccount1(?:\/|$)/.test(path)) serviceKind = 'storage';
    const cloud = hostKind === 'cloud-resource' ? cloudResourceOf(host) : null;
    if (cloud) serviceKind = cloud.kind;
  }

  // Bucket named in the path of a path-style object-storage URL
  let bucket = d.bucket;
  if (bucket === undefined && first && !first.local) {
    const cloud = cloudResourceOf(host);
    if (cloud?.bucket) bucket = cloud.bucket;
    else if (/^(?:s3([.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?|storage\.googleapis\.com|storage\.cloud\.google\.com)$/.test(host)) {
      const segs = path.split('/').filter((s) => s.length > 0);
      let b: string | undefined = segs[0];
      if (host.startsWith('storage.') && (b === 'storage' || b === 'download' || b === 'upload' || b === 'batch')) {
        const bi = segs.indexOf('b');
        b = bi >= 0 ? segs[bi + 1] : undefined;
      }
      if (b && !template) {
        bucket = b;
        hostKind = isPlaceholderBucket(b) ? 'documentation' : 'cloud-resource';
        serviceKind = 'storage';
      }
    } else if (/^sqs[.-][a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/.test(host) && /^\/\d{12}\/[A-Za-z0-9_.-]+\/?$/.test(path)) {
      hostKind = 'cloud-resource';
      serviceKind = 'queue';
    }
  }

  // Credentials
  let secret: Span | undefined;
  if (d.password && d.password.text.length > 0 && !template && !isPlaceholderSecret(decodeSafe(d.password.text))) secret = d.password;
  if (!secret && d.secrets.length > 0) secret = d.secrets[0];
  if (!secret && d.user && (!d.password || d.password.text === '') && isTokenUser(d.user.text)) secret = d.user;
  if (!secret && first && d.format === 'url') {
    const pathStart = v.indexOf(path, v.indexOf('//') + 2);
    const wh = pathStart >= 0 ? webhookSecret(host, path, pathStart) : undefined;
    if (wh) secret = wh;
  }

  const info: UrlInfo = {
    scheme: d.scheme,
    serviceKind,
    host,
    hostKind,
    hasCredentials: secret !== undefined,
    isTemplate: template,
    format: d.format,
    hosts: d.hosts.map((h) => h.host),
    embedded: d.embedded,
  };
  if (first?.port !== undefined) info.port = first.port;
  if (secret) info.passwordRange = { start: lead + secret.start, end: lead + secret.start + secret.text.length };
  if (d.user && d.user.text !== '') info.username = d.user.text;
  if (bucket !== undefined) info.bucket = bucket;
  if (d.path !== undefined) info.path = d.path;
  return info;
}

function decodeSafe(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Parse a literal that is a URL or DSN. Supports `scheme://...` for every scheme (known
 * schemes get a serviceKind; unknown custom schemes are 'other'), `jdbc:...`, Go MySQL
 * `user:pass@tcp(host:3306)/db`, libpq/GORM `host=... dbname=...`, PHP PDO
 * `mysql:host=...;dbname=...`, ADO.NET/ODBC `Server=...;Database=...`, Azure
 * `AccountName=...;AccountKey=...` and `Endpoint=sb://...` connection strings.
 *
 * SQLite and other embedded databases (`sqlite:///x.db`, `jdbc:h2:mem:`, `jdbc:derby:`,
 * `duckdb:`, Testcontainers `jdbc:tc:`) are parsed as serviceKind 'database' with
 * hostKind 'loopback', host '' and `embedded: true`: local files, never a fixed host.
 *
 * Returns null for anything that is not a URL/DSN (plain words, paths, `file:`, `data:`,
 * `mailto:`, a bare scheme, values with inner whitespace other than libpq DSNs, values
 * longer than MAX_VALUE_LENGTH). Never throws.
 */
export function parseConnectionString(value: string): UrlInfo | null {
  try {
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) return null;
    const { v, lead } = trimmed(value);
    if (v.length < 3 || hasControlChar(v)) return null;
    let d: Draft | null = null;
    if (hasWhitespace(v)) {
      // Only libpq keyword/value DSNs and `Key Name=value;` strings contain spaces
      if (/^[A-Za-z_][A-Za-z_ ]*=/.test(v)) d = v.includes(';') ? parseSemicolonKv(v) : parseLibpq(v);
      if (!d) return null;
    } else if (/^jdbc:/i.test(v)) d = parseJdbc(v);
    else if (v.includes('://')) {
      d = parseSchemeUrl(v);
      if (!d && /^[A-Za-z_ ]+=/.test(v)) d = parseSemicolonKv(v);
    } else {
      d = parsePdo(v) ?? parseGoMysql(v) ?? parseSemicolonKv(v) ?? (v.includes('=') ? parseLibpq(v) : null);
    }
    return d ? finish(v, lead, d) : null;
  } catch {
    return null;
  }
}

// ===========================================================================
// Reference URLs
// ===========================================================================

/** Domains (and their sub-domains) whose URLs are documentation, namespaces, registries, CDNs, public APIs. */
const REFERENCE_DOMAINS = wordSet(`
  12factor.net github.com githubusercontent.com github.io github.blog githubassets.com githubapp.com gitlab.com
  gitlab.io bitbucket.org sourceforge.net codeberg.org stackoverflow.com stackexchange.com serverfault.com superuser.com
  askubuntu.com mozilla.org mozilla.net w3.org whatwg.org ietf.org rfc-editor.org iana.org schema.org json-schema.org
  schemastore.org purl.org creativecommons.org spdx.org apache.org opensource.org gnu.org fsf.org xmlsoap.org sun.com
  jcp.org oracle.com openxmlformats.org oasis-open.org springframework.org spring.io eclipse.org python.org pypi.org
  pythonhosted.org readthedocs.io readthedocs.org rtfd.io npmjs.com npmjs.org yarnpkg.com nodejs.org rubygems.org
  ruby-lang.org rubyonrails.org packagist.org php.net getcomposer.org laravel.com symfony.com djangoproject.com
  crates.io rust-lang.org docs.rs golang.org go.dev gopkg.in nuget.org microsoft.com aka.ms visualstudio.com
  mvnrepository.com maven.org gradle.org jitpack.io docker.com docker.io ghcr.io quay.io
  wikipedia.org wikimedia.org wikidata.org ogp.me opengis.net xml.org adobe.com android.com apple.com google.com
  googleapis.com gstatic.com googletagmanager.com google-analytics.com googleusercontent.com youtube.com jsdelivr.net
  unpkg.com cdnjs.cloudflare.com jquery.com bootstrapcdn.com fontawesome.com skypack.dev esm.sh jspm.io
  tailwindcss.com gravatar.com shields.io fury.io codecov.io coveralls.io travis-ci.org travis-ci.com circleci.com
  microsoftonline.com live.com facebook.com fbcdn.net twitter.com x.com linkedin.com stripe.com slack.com discord.com
  discordapp.com openai.com anthropic.com twilio.com sendgrid.com mailgun.net paypal.com sentry.io anaconda.org
  anaconda.com r-project.org haskell.org pub.dev cocoapods.org debian.org ubuntu.com alpinelinux.org fedoraproject.org
  centos.org archlinux.org nodesource.com bintray.com sonatype.org hashicorp.com terraform.io helm.sh k8s.io
  kubernetes.io cncf.io json.org yaml.org xmlns.com dublincore.org rdfs.org geojson.org openapis.org swagger.io
  jsonapi.org jwt.io oauth.net openid.net telegram.org reactjs.org react.dev vuejs.org angular.io angular.dev
  svelte.dev nextjs.org vercel.com netlify.com heroku.com digitalocean.com cloudflare.com typescriptlang.org
  developer.chrome.com web.dev mdn.io caniuse.com sqlalchemy.org postgresql.org mysql.com mariadb.org mongodb.com
  redis.io rabbitmq.com elastic.co kafka.apache.org`);

/** First labels of documentation and namespace hosts. */
const REFERENCE_FIRST_LABELS = wordSet('docs doc developer developers devcenter learn help support wiki manual manuals reference apidocs api-docs javadoc godoc schemas schema xmlns ns specs standards');

/** Public SaaS API hosts that are identical in every deploy (a subset; whole domains above cover most). */
const PUBLIC_API_HOSTS = wordSet(`
  api.github.com uploads.github.com api.stripe.com api.openai.com api.anthropic.com api.twilio.com api.sendgrid.com
  api.mailgun.net api.slack.com hooks.slack.com api.telegram.org graph.microsoft.com graph.facebook.com
  www.googleapis.com oauth2.googleapis.com accounts.google.com login.microsoftonline.com login.live.com
  appleid.apple.com api.twitter.com api.x.com api.linkedin.com api.paypal.com api-m.paypal.com api.dropboxapi.com
  api.cloudflare.com api.digitalocean.com api.heroku.com api.netlify.com api.vercel.com api.mapbox.com
  maps.googleapis.com fcm.googleapis.com api.pwnedpasswords.com api.ipify.org`);

/** The host is a documentation / reference / public-API host (URL form not needed). */
export function isReferenceHost(hostInput: string): boolean {
  const host = hostInput.toLowerCase().replace(/\.$/, '');
  if (host === '') return false;
  if (isWellKnownConstantHost(host)) return true;
  const kind = hostKindOf(host);
  if (kind === 'documentation') return true;
  if (kind !== 'public-name') return false;
  if (PUBLIC_API_HOSTS.has(host)) return true;
  for (const d of REFERENCE_DOMAINS) if (endsWithDomain(host, d)) return true;
  const labels = host.split('.');
  if (labels.length >= 3 && REFERENCE_FIRST_LABELS.has(labels[0])) return true;
  return false;
}

/**
 * URLs that must never be reported: documentation and reference links, XML namespaces and
 * schema URLs, licences, example domains, CDNs and fonts, package registries, public SaaS
 * API base URLs (not deploy-specific config), OAuth/OpenID endpoints of public providers,
 * cloud metadata endpoints and `kubernetes.default.svc`. Also `urn:` names.
 * A URL carrying a real credential is never a reference URL (a token for github.com leaks).
 * A cloud-resource URL (`storage.googleapis.com/<bucket>`) is not a reference URL.
 */
export function isReferenceUrl(value: string): boolean {
  try {
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) return false;
    const { v } = trimmed(value);
    if (/^urn:[a-z0-9][a-z0-9-]{0,31}:/i.test(v)) return true;
    const info = parseConnectionString(v);
    if (info) {
      if (info.format !== 'url' || info.hasCredentials) return false;
      if (info.hostKind === 'documentation') return !info.isTemplate || info.host !== '';
      if (info.hostKind === 'cloud-resource' || info.bucket !== undefined) return false;
      return isReferenceHost(info.host);
    }
    const h = classifyHost(v);
    return h !== null && isReferenceHost(h.host);
  } catch {
    return false;
  }
}

// ===========================================================================
// Buckets
// ===========================================================================

const PLACEHOLDER_BUCKETS = wordSet(`
  bucket buckets my-bucket mybucket my_bucket your-bucket yourbucket your_bucket bucket-name bucketname bucket_name
  my-bucket-name your-bucket-name example-bucket examplebucket example_bucket doc-example-bucket docexamplebucket
  awsexamplebucket awsexamplebucket1 amzn-s3-demo-bucket amzn-s3-demo-bucket1 amzn-s3-demo-bucket2 test-bucket
  testbucket test_bucket my-test-bucket some-bucket somebucket sample-bucket demo-bucket foo bar baz foo-bucket
  bucket1 bucket2 mybucket1 my-s3-bucket my-gcs-bucket your-s3-bucket your-gcs-bucket name`);

function isPlaceholderBucket(b: string): boolean {
  const l = b.toLowerCase();
  return PLACEHOLDER_BUCKETS.has(l) || l.startsWith('your') || l.startsWith('doc-example') || l.startsWith('amzn-s3-demo') || /^x{3,}$/.test(l) || l.includes('example');
}

function isBucketNameSyntax(b: string): boolean {
  if (b.length < 3 || b.length > 222) return false;
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(b)) return false;
  if (parseIPv4(b)) return false;
  if (b.includes('..')) return false;
  return true;
}

/** Name words that make a literal a bucket name: `bucket`, `BUCKET_NAME`, `bucketName`, `S3_BUCKET`, `Bucket=`, `AWS_STORAGE_BUCKET_NAME`. */
function nameSaysBucket(name: string | undefined): boolean {
  if (!name) return false;
  const w = nameWords(name);
  const n = w.length;
  if (n === 0) return false;
  if (w[n - 1] === 'bucket' || w[n - 1] === 'buckets') return true;
  if (n >= 2 && w[n - 2] === 'bucket' && (w[n - 1] === 'name' || w[n - 1] === 'id')) return true;
  return false;
}

/**
 * Bucket names, only from evidence: an `s3://`/`gs://` URL, an object-storage host
 * (`b.s3.amazonaws.com`, `storage.googleapis.com/b`), or a plain name given in a slot
 * whose name says bucket. Placeholder buckets (`my-bucket`, `DOC-EXAMPLE-BUCKET`,
 * `amzn-s3-demo-bucket`) and templates are not buckets.
 */
export function looksLikeBucket(value: string, name?: string): boolean {
  try {
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) return false;
    const { v } = trimmed(value);
    if (v.length === 0) return false;
    if (v.includes('/') || v.includes(':')) {
      const info = parseConnectionString(v);
      return info !== null && !info.isTemplate && info.bucket !== undefined && !isPlaceholderBucket(info.bucket) && info.hostKind !== 'documentation';
    }
    if (!nameSaysBucket(name)) return false;
    if (hasPlaceholder(v) || /[A-Z]/.test(v)) return false;
    return isBucketNameSyntax(v) && !isPlaceholderBucket(v);
  } catch {
    return false;
  }
}

// ===========================================================================
// Name context
// ===========================================================================

/** Split an identifier or key path into lower-case words: `redisHost` → redis, host; `DATABASE_URL` → database, url; `mongoURI` → mongo, uri. */
export function nameWords(name: string): string[] {
  const s = name.length > MAX_NAME_LENGTH ? name.slice(0, MAX_NAME_LENGTH) : name;
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = isLetterCode(c) || isDigitCode(c);
    if (!alnum) {
      if (cur) out.push(cur.toLowerCase());
      cur = '';
      continue;
    }
    if (cur && isUpperCode(c)) {
      const prev = s.charCodeAt(i - 1);
      const next = s.charCodeAt(i + 1);
      if (isLowerCode(prev) || isDigitCode(prev) || (isUpperCode(prev) && isLowerCode(next))) {
        out.push(cur.toLowerCase());
        cur = '';
      }
    }
    cur += s[i];
  }
  if (cur) out.push(cur.toLowerCase());
  return out;
}

const NAME_BACKING = new Map<string, ServiceKind>();
function defineNameWords(kind: ServiceKind, words: string): void {
  for (const w of wordSet(words)) NAME_BACKING.set(w, kind);
}
defineNameWords(
  'database',
  `db dbs database databases datasource datasources dsn sql jdbc pg postgres postgresql psql mysql mariadb mssql sqlserver
   oracle mongo mongodb cassandra couch couchdb couchbase neo4j influx influxdb clickhouse cockroach cockroachdb redshift
   rds sequelize knex typeorm prisma sqlalchemy gorm psycopg pymysql pymongo mongoose mysqli pdo arango arangodb rethinkdb
   documentdb docdb dynamo cosmos`,
);
defineNameWords('cache', 'redis cache caches memcache memcached valkey ioredis sentinel elasticache dragonfly');
defineNameWords(
  'queue',
  `amqp rabbit rabbitmq mq queue queues broker brokers kafka nats sqs celery sidekiq resque bull bullmq pika kombu amqplib
   pulsar mqtt stomp activemq beanstalk beanstalkd nsq eventhub servicebus`,
);
defineNameWords('smtp', 'smtp mail mailer email sendmail nodemailer smtplib postfix mailhog mailpit');
defineNameWords('search', 'elastic elasticsearch opensearch solr meilisearch meili typesense es');
defineNameWords('storage', 's3 minio gcs hdfs');
defineNameWords('other', 'ldap zookeeper zk etcd');

/** Last words of a name that make it a host-ish slot (`REDIS_HOST`, `brokerUrl`, `es_nodes`). */
export const HOST_WORDS: ReadonlySet<string> = wordSet('host hosts hostname hostnames server servers addr address addresses endpoint endpoints url urls uri uris dsn ip ips node nodes seeds broker brokers cluster upstream remote');
const NEGATIVE_NAME_WORDS = wordSet(`
  test tests testing spec specs mock mocks mocked fake fakes dummy stub stubs fixture fixtures example examples sample
  samples doc docs documentation help homepage xmlns namespace ns schema license licence repository repo bugs issues
  changelog placeholder readme tutorial`);

/** Allow/deny lists name hosts that may call us or be skipped, not hosts we connect to (`ALLOWED_HOSTS`, `CORS_ORIGINS`, `NO_PROXY`). */
const ALLOW_LIST_WORDS = wordSet('allowed allow allowlist whitelist trusted cors origin origins csrf noproxy ignore ignored exclude excluded blocked blocklist blacklist deny denylist');

/** Does a name with these words (`nameWords`) drop every bare host and generic URL (a test, docs or allow-list name)? */
export function nameDropsHosts(words: readonly string[]): boolean {
  return words.some((w) => NEGATIVE_NAME_WORDS.has(w) || ALLOW_LIST_WORDS.has(w));
}

interface NameContext {
  negative: boolean;
  hostish: boolean;
  allowList: boolean;
  backing?: ServiceKind;
}

function analyseName(name: string | undefined): NameContext {
  if (!name || typeof name !== 'string') return { negative: false, hostish: false, allowList: false };
  const w = nameWords(name);
  const n = w.length;
  const negative = w.some((x) => NEGATIVE_NAME_WORDS.has(x));
  const last = n > 0 ? w[n - 1] : '';
  const prev = n > 1 ? w[n - 2] : '';
  const hostish =
    HOST_WORDS.has(last) ||
    ((last === 'string' || last === 'str' || last === 'name') && (prev === 'connection' || prev === 'conn' || prev === 'host' || prev === 'server')) ||
    last === 'connstr' ||
    last === 'connstring';
  let backing: ServiceKind | undefined;
  for (const x of w) {
    const k = NAME_BACKING.get(x) ?? NAME_BACKING.get(x.replace(/\d+$/, ''));
    if (k) {
      backing = k;
      break;
    }
  }
  const allowList = w.some((x) => ALLOW_LIST_WORDS.has(x)) || (prev === 'no' && last === 'proxy') || (prev === 'internal' && last === 'ips');
  const out: NameContext = { negative, hostish, allowList };
  if (backing) out.backing = backing;
  return out;
}

/** Single-label (compose) names and first labels that themselves say which service it is. */
const SERVICE_HOST_LABELS = new Map<string, ServiceKind>();
for (const [k, ws] of [
  ['database', 'db database postgres postgresql pg pgsql mysql mariadb mongo mongodb mssql sqlserver oracle cassandra couchdb neo4j clickhouse influxdb cockroachdb'],
  ['cache', 'redis memcached valkey keydb dragonfly'],
  ['queue', 'rabbitmq rabbit amqp kafka nats zookeeper broker activemq pulsar'],
  ['search', 'elasticsearch opensearch solr meilisearch typesense'],
  ['smtp', 'smtp mailhog mailpit'],
  ['storage', 'minio localstack azurite'],
] as [ServiceKind, string][]) {
  for (const w of wordSet(ws)) SERVICE_HOST_LABELS.set(w, k);
}

/** Does the host's first label say which backing service it is (`smtp.gmail.com`, `redis-1.internal`)? */
export function hostNamesService(host: string): boolean {
  return serviceOfHostName(host) !== undefined;
}

/** Does a name word say which backing service the name is for (`redis`, `db`, `smtp`, `es1`)? */
export function isBackingWord(word: string): boolean {
  return NAME_BACKING.has(word) || NAME_BACKING.has(word.replace(/\d+$/, ''));
}

function serviceOfHostName(host: string): ServiceKind | undefined {
  const first = host.split('.')[0];
  return SERVICE_HOST_LABELS.get(first) ?? SERVICE_HOST_LABELS.get(first.replace(/[-_]?\d+$/, ''));
}

// ===========================================================================
// assessEndpoint
// ===========================================================================

/** Single-label http hosts that are dummy URL bases (`new URL(path, 'http://dummy')`). */
const DUMMY_HOSTS = wordSet('dummy base unused n x a b _ invalid placeholder fake noop none null undefined');

function isLocalish(hostKind: HostKind, host: string): boolean {
  return hostKind === 'loopback' || host === '' || (hostKind === 'internal-name' && !host.includes('.'));
}

function verdict(reason: EndpointReason, extra: Partial<EndpointVerdict>): EndpointVerdict {
  return { report: true, reason, ...extra };
}

/** Object-storage http(s) URL that names one published object (`.../logo.png`), not a config base. */
function pointsAtFile(path: string | undefined): boolean {
  if (!path) return false;
  const last = path.split('/').pop() ?? '';
  return /\.[A-Za-z0-9]{1,8}$/.test(last) && !last.startsWith('.');
}

const STATIC_ASSET_EXTENSIONS = wordSet('png jpg jpeg gif svg webp avif ico bmp css js mjs map woff woff2 ttf otf eot mp4 webm mp3 ogg wav pdf txt');

function isStaticAsset(path: string | undefined): boolean {
  const last = (path ?? '').split('/').pop() ?? '';
  const dot = last.lastIndexOf('.');
  return dot > 0 && STATIC_ASSET_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}

function assessUrl(value: string, info: UrlInfo, ctx: NameContext): EndpointVerdict | null {
  if (info.isTemplate || info.embedded) return null;
  if (info.hostKind === 'documentation' || info.hostKind === 'any-address') return null;
  if (info.hosts.some((h) => isWellKnownConstantHost(h))) return null;
  const spec = lookupScheme(info.scheme.replace(/^jdbc:/, ''));
  const isJdbcOrDsn = info.format !== 'url';
  const role: SchemeRole = isJdbcOrDsn ? (info.embedded ? 'embedded' : 'backing') : spec.role;
  const generic = role === 'generic';
  const base = { info, serviceKind: info.serviceKind };
  const localish = isLocalish(info.hostKind, info.host);
  const objectFile = generic && info.bucket !== undefined && pointsAtFile(info.path);
  const storageFile = generic && info.hostKind === 'cloud-resource' && info.serviceKind === 'storage' && pointsAtFile(info.path);

  // 1. credentials
  if (info.hasCredentials && info.passwordRange) {
    const secret = value.slice(info.passwordRange.start, info.passwordRange.end);
    const devDefault = localish && isDevDefaultSecret(decodeSafe(secret), info.username);
    if (!devDefault) return verdict('credentials-in-url', base);
  }
  // 2. buckets and cloud resources
  if (info.bucket !== undefined && info.hostKind === 'cloud-resource') {
    if (objectFile) return null;
    return verdict('bucket', { ...base, serviceKind: 'storage' });
  }
  if (info.hostKind === 'cloud-resource') {
    if (storageFile) return null;
    return verdict('cloud-resource', base);
  }
  // 3. backing services by scheme, or http(s) on a backing-service port
  const backingByPort = generic && info.serviceKind !== 'http-api' && info.serviceKind !== 'other';
  const backingByLocalhostPort = generic && info.serviceKind === 'other' && info.port === 4566;
  if (role === 'backing' || backingByPort || backingByLocalhostPort) {
    return verdict(localish ? 'backing-service-localhost' : 'connection-url', base);
  }
  if (!generic) return null; // custom / unknown schemes: only credentials and cloud resources
  if (ctx.allowList) return null; // CORS origins, allowed hosts
  // 4. generic http(s)/ws/grpc/tcp: only deploy-specific hosts
  if (isReferenceHost(info.host)) return null;
  const ctxBacking = ctx.backing !== undefined && ctx.hostish;
  switch (info.hostKind) {
    case 'loopback':
      return ctxBacking ? verdict('backing-service-localhost', { ...base, serviceKind: ctx.backing }) : null;
    case 'private-ip':
      return verdict('connection-url', base);
    case 'internal-name': {
      if (info.host.includes('.')) return verdict('connection-url', base);
      if (DUMMY_HOSTS.has(info.host)) return null;
      if (ctxBacking) return verdict('backing-service-localhost', { ...base, serviceKind: ctx.backing });
      const svc = serviceOfHostName(info.host);
      if (svc) return verdict('backing-service-localhost', { ...base, serviceKind: svc });
      return info.port !== undefined ? verdict('connection-url', base) : null;
    }
    case 'public-name':
      // A static asset on an environment-named CDN (`cdn.prod.website-files.com/x.png`) is a link, not an endpoint
      return hasEnvironmentMarker(info.host) && !isStaticAsset(info.path) ? verdict('connection-url', base) : null;
    default:
      return null;
  }
}

function assessBareHost(h: HostClassification, ctx: NameContext): EndpointVerdict | null {
  const kind = h.hostKind;
  if (kind === 'documentation' || kind === 'any-address' || ctx.allowList) return null;
  if (isWellKnownConstantHost(h.host)) return null;
  const base = { host: h };
  if (kind === 'cloud-resource') {
    const c = cloudResourceOf(h.host);
    if (c?.bucket !== undefined) return verdict('bucket', { ...base, serviceKind: 'storage' });
    return verdict('cloud-resource', { ...base, serviceKind: c?.kind ?? 'other' });
  }
  const localish = isLocalish(kind, h.host);
  const byPort = h.port !== undefined ? BARE_PORT_KINDS.get(h.port) : undefined;
  const byName = ctx.backing !== undefined && ctx.hostish ? ctx.backing : undefined;
  // `redis:7`, `postgres:15` are docker image tags: a service-named host needs a host-ish name
  const byHostName = ctx.hostish ? serviceOfHostName(h.host) : undefined;
  const svc = byName ?? byPort ?? byHostName;
  if (svc !== undefined) {
    return verdict(localish ? 'backing-service-localhost' : 'backing-service-fixed-host', { ...base, serviceKind: svc });
  }
  const deploySpecific = kind === 'private-ip' || (kind === 'internal-name' && h.host.includes('.')) || (kind === 'public-name' && hasEnvironmentMarker(h.host));
  // a private / internal address with a port is a connection target even without a name
  if (deploySpecific && (ctx.hostish || ctx.backing !== undefined || h.port !== undefined)) {
    return verdict('backing-service-fixed-host', { ...base, serviceKind: ctx.backing ?? 'other' });
  }
  return null;
}

/**
 * Should a literal be reported as hard-coded deploy-specific config, and why? See the
 * policy at the top of this file. `context.name` is the variable / key / kwarg name the
 * literal is assigned to (a dotted key path or callee-qualified name works too).
 * Returns null when the literal is not reportable. Never throws.
 */
export function assessEndpoint(value: string, context?: EndpointContext): EndpointVerdict | null {
  try {
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) return null;
    const { v } = trimmed(value);
    if (v.length === 0) return null;
    const ctx = analyseName(context?.name);
    if (ctx.negative) return null;
    const result = assessValue(value, v, ctx, context?.name);
    if (result && context?.envDefault && result.reason !== 'credentials-in-url') return null;
    return result;
  } catch {
    return null;
  }
}

function assessValue(value: string, v: string, ctx: NameContext, name: string | undefined): EndpointVerdict | null {
  const info = parseConnectionString(value);
  if (info) return assessUrl(value, info, ctx);
  if (hasWhitespace(v) || hasPlaceholder(v)) return null;
  if (nameSaysBucket(name)) {
    return looksLikeBucket(v, name) ? verdict('bucket', { serviceKind: 'storage' }) : null;
  }
  if (v.includes(',')) {
    // Kafka bootstrap servers, Mongo seeds, ES node lists: every piece must be a host
    const pieces = v.split(',').map((p) => p.trim());
    if (pieces.length > 64 || pieces.some((p) => p === '')) return null;
    const hosts = pieces.map((p) => classifyHost(p));
    if (hosts.some((h) => h === null)) return null;
    for (const h of hosts) {
      const r = assessBareHost(h as HostClassification, ctx);
      if (r) return r;
    }
    return null;
  }
  const h = classifyHost(v);
  return h ? assessBareHost(h, ctx) : null;
}
