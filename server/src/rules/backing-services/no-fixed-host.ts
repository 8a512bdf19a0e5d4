/**
 * A backing service (database, cache, queue, SMTP, search) wired to `localhost`, a
 * docker-compose name or another fixed host in the code (Factor IV), as a URL
 * (`mongoose.connect('mongodb://localhost/app')`), a DSN (`host=localhost dbname=app`,
 * `mysql:host=localhost;dbname=app`), a bare host in a host-ish slot (`REDIS_HOST =
 * 'localhost'`, `DATABASES.default.HOST`), or a host given to a client constructor beside
 * its port (`redis.createClient({ host: 'localhost', port: 6379 })`, `new Jedis("localhost",
 * 6379)`, `psycopg2.connect(host="db", ...)`), instead of one URL from the environment.
 *
 * Every literal gets one verdict from `assessEndpoint` (server/src/analysis/urls.ts); this
 * rule reports 'backing-service-localhost' and 'backing-service-fixed-host'. Remote
 * connection URLs, passwords in URLs, cloud resources and buckets are
 * `config/no-hardcoded-url` (Factor III), so one literal never gets two findings.
 *
 * Never reported: environment reads with a default (`process.env.REDIS_URL ||
 * 'redis://localhost:6379'`), embedded databases (`sqlite:///app.db`), `localhost` with no
 * backing-service context (dev servers, CORS origins), development-only settings
 * (`development.rb`, a `development:` block, `class DevelopmentConfig`), logging, literals
 * compared or matched against.
 */
import { defineRule } from '../../engine/rule';
import { endpointLiterals, mayHaveEndpoints, envNameFor, urlEnvNameFor, serviceLabel, STRING_QUERIES, ENDPOINT_LANGUAGES, FACTOR_IV_REASONS, type EndpointLiteral } from '../../analysis/endpoint-literals';
import { endpointFixes } from '../../analysis/endpoint-fixes';

/** The callee as the message names it: `redis.createClient`, `knex` for `require('knex')`, no argument lists. */
function calleeLabel(callee: string): string {
  const req = /^require\(\s*['"]([^'"]+)['"]\s*\)$/.exec(callee);
  const text = req ? req[1] : callee.replace(/\((?:[^()]|\([^()]*\))*\)/g, '()');
  return text.length > 48 ? `…${text.slice(-47)}` : text;
}

function hostLabel(lit: EndpointLiteral): string {
  const h = lit.host ?? '';
  if (h === '') return 'the local default host';
  if (h.startsWith('/')) return 'a local socket';
  return h;
}

export default defineRule({
  id: 'backing-services/no-fixed-host',
  meta: {
    description: 'Backing service wired to localhost or a fixed host in code instead of a URL from the environment',
    defaultSeverity: 'warning',
    languages: ENDPOINT_LANGUAGES,
    fix: 'safe',
    messages: {
      localhost: 'The {{service}} is wired to {{host}}, which exists only on a developer machine or compose network; attach it through the environment ({{envName}}) so each deploy can swap it.',
      fixedHost: 'The {{service}} is wired to the fixed host {{host}}; attach it through the environment ({{envName}}) so a deploy can swap it without a code change.',
      clientHost: '`{{callee}}` connects the {{service}} to the hard-coded host {{host}}; pass one connection URL from the environment ({{envName}}) instead of host and port constants.',
    },
    docs: {
      why: 'A database, cache, queue or mail server is an attached resource that each deploy must be able to swap by changing its URL in the environment, without touching the code.',
      bad: {
        javascript: "const client = redis.createClient({ host: 'localhost', port: 6379 });\nmongoose.connect('mongodb://localhost/app');",
        typescript: "const pool = mysql.createPool({ host: '10.0.0.5', user: 'app', database: 'shop' });",
        python: 'conn = psycopg2.connect(host="db", port=5432, dbname="app")\nREDIS_HOST = "localhost"',
        go: 'rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})',
        ruby: 'redis = Redis.new(host: "localhost", port: 6379)',
        java: 'Jedis jedis = new Jedis("localhost", 6379);',
        php: "$pdo = new PDO('mysql:host=localhost;dbname=app', $user, $pass);",
      },
      good: {
        javascript: "const client = redis.createClient({ url: process.env.REDIS_URL });\nmongoose.connect(process.env.MONGODB_URI);",
        typescript: 'const pool = mysql.createPool(process.env.DATABASE_URL!);',
        python: 'conn = psycopg2.connect(os.environ["DATABASE_URL"])\nREDIS_HOST = os.environ.get("REDIS_HOST", "localhost")',
        go: 'opt, err := redis.ParseURL(os.Getenv("REDIS_URL"))\nrdb := redis.NewClient(opt)',
        ruby: 'redis = Redis.new(url: ENV.fetch("REDIS_URL"))',
        java: 'Jedis jedis = new Jedis(URI.create(System.getenv("REDIS_URL")));',
        php: "$pdo = new PDO(getenv('DATABASE_DSN'), $user, $pass);",
      },
      fix: 'Reads the URL or host from an environment variable named after the binding or the service (DATABASE_URL, REDIS_URL, REDIS_HOST...), keeping the current value as the default, so nothing changes while the variable is unset.',
    },
  },
  queries: STRING_QUERIES,
  // URLs and DSNs, host-ish names, loopback hosts, and the client APIs of urls.ts / endpoint-literals.ts.
  triggers: [
    '://', 'jdbc:', 'host', 'Host', 'HOST', 'server', 'Server', 'SERVER', 'addr', 'Addr', 'ADDR', 'Source=', 'dbname', 'sslmode',
    'localhost', '127.0.0.1', '::1', 'url', 'Url', 'URL', 'uri', 'Uri', 'URI', 'dsn', 'Dsn', 'DSN', 'endpoint', 'Endpoint', 'ENDPOINT',
    'node', 'Node', 'NODE', 'broker', 'Broker', 'BROKER', 'seed', 'cluster', 'Cluster', 'LOCATION', 'location',
    '@tcp(', '@unix(', '@/', 'edis', 'EDIS', 'ongo', 'ONGO', 'ysql', 'YSQL', 'ySQL', 'ostgres', 'OSTGRES', 'pg', 'PG', 'sql', 'SQL',
    'mtp', 'MTP', 'amqp', 'AMQP', 'Bunny', 'Dalli', 'emcache', 'afka', 'onnect', 'Client', 'client', 'Pool', 'pool', 'Dial',
  ],
  check(context) {
    // Decided from the text when no literal could get a Factor IV verdict: the file is not parsed for it.
    if (!mayHaveEndpoints(context, 'IV')) return;
    for (const lit of endpointLiterals(context)) {
      if (!FACTOR_IV_REASONS.has(lit.verdict.reason)) continue;
      const envName = envNameFor(lit);
      const messageId = lit.client && !lit.scheme ? 'clientHost' : lit.verdict.reason === 'backing-service-localhost' ? 'localhost' : 'fixedHost';
      const data = { service: serviceLabel(lit), host: hostLabel(lit), envName: messageId === 'clientHost' ? urlEnvNameFor(lit) : envName, callee: calleeLabel(lit.client?.callee ?? '') };
      context.report({ node: lit.node, messageId, data, fixes: endpointFixes(context, lit, envName) });
    }
  },
});
