/**
 * Connection URLs and deploy-specific endpoints written into the code (Factor III): a
 * database/cache/queue URL or DSN at a real host, a password inside a URL, a cloud
 * resource's host name (RDS, ElastiCache, Atlas, Azure...), a bucket name. Each deploy
 * (staging, production, a developer's laptop) needs its own value, so it belongs in the
 * environment.
 *
 * Every literal gets one verdict from `assessEndpoint` (server/src/analysis/urls.ts, which
 * states the policy); this rule reports the reasons 'connection-url', 'credentials-in-url',
 * 'cloud-resource' and 'bucket'. Loopback, compose-name and fixed hosts of backing services
 * are `backing-services/no-fixed-host` (Factor IV), so one literal never gets two findings.
 * A password inside a URL is reported here, not by `config/no-hardcoded-secret`.
 *
 * Never reported: environment reads with a default (`process.env.DATABASE_URL || '...'`,
 * `os.environ.get("X", "...")`) unless the default carries a real password; documentation
 * and public API URLs; example.com; logging; literals compared or matched against.
 */
import { defineRule } from '../../engine/rule';
import { endpointLiterals, mayHaveEndpoints, envNameFor, serviceLabel, STRING_QUERIES, ENDPOINT_LANGUAGES, FACTOR_III_REASONS, type EndpointLiteral } from '../../analysis/endpoint-literals';
import { endpointFixes } from '../../analysis/endpoint-fixes';

const MESSAGE_BY_REASON: Record<string, string> = {
  'connection-url': 'connectionUrl',
  'credentials-in-url': 'credentialsInUrl',
  'cloud-resource': 'cloudResource',
  bucket: 'bucket',
};

export default defineRule({
  id: 'config/no-hardcoded-url',
  meta: {
    description: 'Connection URL, credentials, cloud endpoint or bucket name hard-coded instead of read from the environment',
    defaultSeverity: 'warning',
    languages: ENDPOINT_LANGUAGES,
    fix: 'safe',
    messages: {
      connectionUrl: 'Hard-coded {{service}} URL at a deploy-specific host; read it from the environment ({{envName}}) so each deploy can point at its own.',
      credentialsInUrl: 'This {{service}} URL contains a password, which is now in version control: rotate it and read the whole URL from the environment ({{envName}}).',
      cloudResource: 'Hard-coded {{service}} endpoint ties the code to one deploy\'s resource; read it from the environment ({{envName}}).',
      bucket: 'Hard-coded {{service}} name; read it from the environment ({{envName}}) so each deploy can use its own bucket.',
      appUrl: 'Hard-coded callback/redirect URL points every deploy at one address; read it from the environment ({{envName}}) or use a relative path.',
    },
    docs: {
      why: 'Database, cache and queue URLs, cloud endpoints and bucket names differ between deploys, so a value written into the code ties every deploy to one environment and leaks any password it carries.',
      bad: {
        javascript: "mongoose.connect('mongodb+srv://app:s3cr3t@cluster0.ab1cd.mongodb.net/shop');\nconst bucket = 'acme-prod-uploads';",
        typescript: "const pool = new Pool({ connectionString: 'postgres://db.prod.internal:5432/app' });",
        python: "SQLALCHEMY_DATABASE_URI = 'postgresql://app:s3cr3t@db.prod.internal/app'\ns3.upload_file(path, Bucket='acme-prod-uploads', Key=key)",
        go: 'db, err := sql.Open("postgres", "postgres://app@mydb.c9akciq32.us-east-1.rds.amazonaws.com/app")',
        ruby: 'Sequel.connect("postgres://app:s3cr3t@db.prod.internal/app")',
        java: 'Connection c = DriverManager.getConnection("jdbc:postgresql://10.0.3.12:5432/app", user, pass);',
        php: "$pdo = new PDO('mysql:host=db.prod.internal;dbname=app', $user, $pass);",
      },
      good: {
        javascript: "mongoose.connect(process.env.MONGODB_URI);\nconst bucket = process.env.S3_BUCKET;",
        typescript: 'const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
        python: "SQLALCHEMY_DATABASE_URI = os.environ['DATABASE_URL']\ns3.upload_file(path, Bucket=os.environ['S3_BUCKET'], Key=key)",
        go: 'db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))',
        ruby: 'Sequel.connect(ENV.fetch("DATABASE_URL"))',
        java: 'Connection c = DriverManager.getConnection(System.getenv("JDBC_DATABASE_URL"));',
        php: "$pdo = new PDO(getenv('DATABASE_DSN'), $user, $pass);",
      },
      fix: 'Reads the value from an environment variable named after the binding or the service (DATABASE_URL, REDIS_URL, S3_BUCKET...), keeping the current value as the default so nothing changes while the variable is unset; a URL with a password is moved to `.env` instead (the code then reads it without a default).',
    },
  },
  queries: STRING_QUERIES,
  // A URL / DSN, a bucket named by its variable, or a cloud resource's host name (urls.ts lists the suffixes).
  triggers: [
    '://', 'jdbc:', 'host=', 'Host=', 'HOST=', 'server=', 'Server=', 'SERVER=', 'Source=', 'source=', 'dbname', 'sslmode',
    'AccountName=', 'Endpoint=', '@tcp(', '@unix(', '@cloudsql', '@/', 'ucket', 'UCKET',
    'amazonaws', '.on.aws', 'windows.net', '.azure.', 'azconfig.io', 'azure-devices', 'signalr.net', 'googleapis.com', 'firebaseio',
    'firebasedatabase', 'run.app', 'cloudfunctions', 'mongodb.net', 'redislabs', 'redis-cloud', 'upstash', 'aivencloud', 'elephantsql',
    'cloudamqp', 'confluent.cloud', 'es.io', 'found.io', 'elastic-cloud', 'bonsaisearch', 'ondigitalocean', 'cloudflarestorage',
    'snowflakecomputing', 'cockroachlabs', 'psdb.cloud', 'supabase', 'turso.io', 'clickhouse.cloud', 'timescale.com', 'neo4j.io',
    'aliyuncs', 'neon.tech', 'digitaloceanspaces', 'linodeobjects',
  ],
  check(context) {
    // Decided from the text when no literal could get a Factor III verdict: the file is not parsed for it.
    if (!mayHaveEndpoints(context, 'III')) return;
    for (const lit of endpointLiterals(context)) {
      if (!FACTOR_III_REASONS.has(lit.verdict.reason)) continue;
      report(lit);
    }
    function report(lit: EndpointLiteral): void {
      const envName = envNameFor(lit);
      context.report({
        node: lit.node,
        messageId: lit.slot === 'app-url' ? 'appUrl' : MESSAGE_BY_REASON[lit.verdict.reason],
        data: { service: serviceLabel(lit), envName },
        fixes: endpointFixes(context, lit, envName),
      });
    }
  },
});
