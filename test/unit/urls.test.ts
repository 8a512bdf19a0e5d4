/**
 * server/src/analysis/urls.ts — classification of URL / DSN / host literals for
 * config/no-hardcoded-url (Factor III) and backing-services/no-fixed-host (Factor IV).
 *
 * Table-driven: every value is written the way real Express, Django, Rails, Spring,
 * Laravel, Go and .NET code writes it. The must-not-report table is deliberately longer
 * than the report table: precision comes first.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  assessEndpoint,
  classifyHost,
  hasEnvironmentMarker,
  hasPlaceholder,
  isReferenceUrl,
  looksLikeBucket,
  nameWords,
  parseConnectionString,
  MAX_VALUE_LENGTH,
  type EndpointContext,
  type EndpointReason,
  type HostKind,
  type ServiceKind,
} from '../../server/src/analysis/urls';

type ReportRow = [value: string, reason: EndpointReason, context?: EndpointContext];
type QuietRow = [value: string, context?: EndpointContext];

const label = (value: string, ctx?: EndpointContext) =>
  `${JSON.stringify(value)}${ctx?.name ? ` (name ${ctx.name})` : ''}${ctx?.envDefault ? ' (env default)' : ''}`;

// ---------------------------------------------------------------------------
// assessEndpoint: must report
// ---------------------------------------------------------------------------

const REPORT: ReportRow[] = [
  // Express / Node
  ['mongodb://localhost:27017/myapp', 'backing-service-localhost'], // mongoose.connect(...)
  ['mongodb://127.0.0.1:27017/test', 'backing-service-localhost'],
  ['redis://localhost:6379', 'backing-service-localhost', { name: 'url' }], // createClient({ url })
  ['postgres://postgres:postgres@localhost:5432/app_dev', 'backing-service-localhost', { name: 'connectionString' }],
  ['postgresql://app:Q7v!x2Lp@db.prod.internal:5432/app', 'credentials-in-url'],
  ['mongodb+srv://admin:Xk29fjQ7@cluster0.ab1cd.mongodb.net/shop?retryWrites=true&w=majority', 'credentials-in-url'],
  ['mongodb+srv://cluster0.ab1cd.mongodb.net/shop', 'cloud-resource'],
  ['mongodb://mongo1:27017,mongo2:27017,mongo3:27017/app?replicaSet=rs0', 'backing-service-localhost'],
  ['amqp://guest:guest@localhost:5672', 'backing-service-localhost'],
  ['amqp://rabbitmq:5672', 'backing-service-localhost'],
  ['redis://redis:6379/0', 'backing-service-localhost'],
  ['rediss://default:AYk3ASQgNzE1MmQ@usw1-fun-cat-31337.upstash.io:31337', 'credentials-in-url'],
  ['mysql://root:root@127.0.0.1:3306/blog', 'backing-service-localhost'],
  ['http://localhost:9200', 'backing-service-localhost', { name: 'node' }], // new Client({ node })
  ['http://elasticsearch:9200', 'backing-service-localhost'],
  ['http://localhost:8080', 'backing-service-localhost', { name: 'ELASTIC_URL' }],
  ['https://search-logs-abc123xyz.us-east-1.es.amazonaws.com', 'cloud-resource'],
  ['smtp://smtp.mailtrap.io:2525', 'connection-url'],
  ['smtps://apikey:SG.x1y2z3abcdefghijklmnop@smtp.sendgrid.net:465', 'credentials-in-url'],
  ['nats://nats:4222', 'backing-service-localhost'],
  ['kafka://broker-1.kafka.svc.cluster.local:9092', 'connection-url'],
  ['http://192.168.1.20:8080/api', 'connection-url'], // React Native dev box
  ['https://api.staging.acme-corp.com/v2', 'connection-url'],
  ['https://acme-web-dev.herokuapp.com', 'connection-url'],
  ['wss://prod-realtime.acme-corp.com/socket', 'connection-url'],
  ['http://user-service:8080/users', 'connection-url'],
  ['http://orders.internal:8080', 'connection-url', { name: 'INTERNAL_ORDERS_URL' }],
  ['https://abc123.execute-api.us-east-1.amazonaws.com/prod', 'cloud-resource'],
  ['https://acme-uploads.s3.amazonaws.com/', 'bucket'],
  ['https://acme-uploads.s3.eu-west-1.amazonaws.com/avatars/', 'bucket'],
  ['s3://acme-data-lake/raw/events/', 'bucket'],
  ['gs://acme-ml-models/checkpoints', 'bucket'],
  ['https://storage.googleapis.com/acme-prod-assets/', 'bucket'],
  ['https://acmeprod.blob.core.windows.net/uploads', 'cloud-resource'],
  ['https://sqs.us-east-1.amazonaws.com/123456789012/orders-queue', 'cloud-resource'],
  ['https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12/aB3dE5fG7hI9jK1lM3nO5pQ7', 'credentials-in-url'],
  ['https://ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789@github.com/acme/deploy.git', 'credentials-in-url'],
  ['https://deploy:Zq8!mW3rT@github.com/acme/deploy.git', 'credentials-in-url'],
  ['http://127.0.0.1:5984/_utils', 'backing-service-localhost'], // CouchDB
  ['http://localhost:6333', 'backing-service-localhost'], // Qdrant
  ['api.staging.acme-corp.com', 'backing-service-fixed-host', { name: 'API_HOST' }],
  ['smtp.mailgun.org', 'backing-service-fixed-host', { name: 'host' }], // nodemailer createTransport({ host })
  ['localhost', 'backing-service-localhost', { name: 'redis.Redis.host' }], // callee-qualified kwarg
  // Django / Celery / SQLAlchemy / psycopg2
  ['postgres://django:Vb7#kq2Lz@10.0.4.12:5432/shop', 'credentials-in-url'], // unencoded '#'
  ['postgresql+psycopg2://scott:tiger@localhost/mydatabase', 'backing-service-localhost'],
  ['mysql+pymysql://app:N0tS3cure!@mysql.prod.acme.net/app', 'credentials-in-url'],
  ['redis://localhost:6379/1', 'backing-service-localhost', { name: 'CELERY_BROKER_URL' }],
  ['amqp://guest@localhost//', 'backing-service-localhost', { name: 'broker_url' }],
  ['localhost', 'backing-service-localhost', { name: 'DATABASES.default.HOST' }],
  ['smtp.gmail.com', 'backing-service-fixed-host', { name: 'EMAIL_HOST' }],
  ['host=localhost dbname=app user=app password=Zx81!prodpw', 'credentials-in-url'],
  ['dbname=test user=postgres password=secret', 'backing-service-localhost'],
  ['acme-prod-media', 'bucket', { name: 'AWS_STORAGE_BUCKET_NAME' }],
  ['acme-reports', 'bucket', { name: 'Bucket' }], // boto3 put_object(Bucket=...)
  ['postgres://app@%2Fvar%2Frun%2Fpostgresql/app', 'backing-service-localhost'],
  ['postgresql:///app', 'backing-service-localhost'],
  // Rails / Sidekiq
  ['redis://localhost:6379/0', 'backing-service-localhost', { name: 'url' }],
  ['postgres://rails@localhost/myapp_development', 'backing-service-localhost'],
  ['10.0.1.5', 'backing-service-fixed-host', { name: 'host' }], // Redis.new(host: ...)
  ['memcached://localhost:11211', 'backing-service-localhost'],
  ['redis', 'backing-service-localhost', { name: 'REDIS_HOST' }],
  // Spring / Java
  ['jdbc:postgresql://localhost:5432/petclinic', 'backing-service-localhost'],
  ['jdbc:mysql://mysql.prod.acme.net:3306/orders?useSSL=true', 'connection-url'],
  ['jdbc:mysql://localhost:3306/shop?user=root&password=hunter2x', 'credentials-in-url'],
  ['jdbc:sqlserver://sql01.corp:1433;databaseName=hr;user=svc_hr;password=Wint3r2024!;encrypt=true', 'credentials-in-url'],
  ['jdbc:sqlserver://localhost\\SQLEXPRESS:1433;databaseName=hr;integratedSecurity=true', 'backing-service-localhost'],
  ['jdbc:oracle:thin:@//orahost.acme.net:1521/ORCLPDB1', 'connection-url'],
  ['jdbc:oracle:thin:@localhost:1521:XE', 'backing-service-localhost'],
  ['jdbc:oracle:thin:scott/Tig3rPass99@localhost:1521:XE', 'credentials-in-url'],
  ['jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora.prod.internal)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=orcl)))', 'connection-url'],
  ['jdbc:p6spy:mysql://localhost:3306/app', 'backing-service-localhost'],
  ['jdbc:redshift://analytics.abc123xyz.us-west-2.redshift.amazonaws.com:5439/dev', 'cloud-resource'],
  ['jdbc:snowflake://acme.snowflakecomputing.com/?db=prod', 'cloud-resource'],
  ['jdbc:h2:tcp://localhost/~/test', 'backing-service-localhost'],
  // Laravel / PHP PDO / Yii
  ['mysql:host=localhost;dbname=shop;charset=utf8mb4', 'backing-service-localhost'],
  ['pgsql:host=10.0.0.7;port=5432;dbname=app', 'connection-url'],
  ['sqlsrv:Server=localhost,1433;Database=app', 'backing-service-localhost'],
  // Go
  ['root:secret@tcp(127.0.0.1:3306)/app?parseTime=true', 'backing-service-localhost'],
  ['app:R4nd0mPw@tcp(mysql.prod.internal:3306)/orders', 'credentials-in-url'],
  ['app:pass@unix(/var/run/mysqld/mysqld.sock)/app', 'backing-service-localhost'],
  ['localhost:6379', 'backing-service-localhost'], // redis.Options{Addr: ...}
  ['10.0.3.7:5432', 'backing-service-fixed-host'],
  ['kafka-1.prod.internal:9092,kafka-2.prod.internal:9092', 'backing-service-fixed-host'],
  ['host=db.prod.internal user=app dbname=app sslmode=require', 'connection-url'],
  ['nats://127.0.0.1:4222', 'backing-service-localhost'],
  ['smtp.gmail.com:587', 'backing-service-fixed-host'], // smtp.SendMail(...)
  ['redis:6379', 'backing-service-localhost'],
  // .NET
  ['Server=localhost;Database=Shop;Trusted_Connection=True;', 'backing-service-localhost'],
  ['Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=shop;User ID=admin;Password=Pa55w0rd!2024;Encrypt=True;', 'credentials-in-url'],
  ['Host=localhost;Database=app;Username=postgres;Password=postgres', 'backing-service-localhost'],
  [
    'Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=k2J8d9Q0aZ1xY7wV6uT5sR4qP3oN2mL1kJ0iH9gF8eD=',
    'credentials-in-url',
  ],
  ['AccountEndpoint=https://acme-cosmos.documents.azure.com:443/;Database=orders', 'cloud-resource'],
  ['DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=abcDEF123ghiJKL456mnoPQR789stu==;EndpointSuffix=core.windows.net', 'credentials-in-url'],
  // Other backing services and cloud hosts
  ['ldap://ldap.corp.acme.net:389', 'connection-url'],
  ['mydb.c9akciq32.us-east-1.rds.amazonaws.com', 'cloud-resource'],
  ['my-cluster.abc123.0001.use1.cache.amazonaws.com:6379', 'cloud-resource'],
  ['acme.redis.cache.windows.net:6380', 'cloud-resource'],
  ['db.prod.internal', 'backing-service-fixed-host', { name: 'DB_HOST' }],
  ['redis-master.default.svc.cluster.local:6379', 'backing-service-fixed-host'],
  // Real credentials survive an env default
  ['postgres://app:Pr0dOnly!x@db.prod.internal/app', 'credentials-in-url', { name: 'DATABASE_URL', envDefault: true }],
];

// ---------------------------------------------------------------------------
// assessEndpoint: must NOT report
// ---------------------------------------------------------------------------

const QUIET: QuietRow[] = [
  // dev servers, CORS origins, bind addresses
  ['http://localhost:3000'],
  ['http://localhost:5173', { name: 'origin' }],
  ['http://127.0.0.1:8000/api/'],
  ['http://localhost:8080', { name: 'API_URL' }],
  ['http://localhost'], // new URL(req.url, 'http://localhost')
  ['http://0.0.0.0:8080'],
  ['0.0.0.0'],
  ['0.0.0.0', { name: 'DB_HOST' }],
  ['::'],
  ['[::]:8080'],
  ['::1'],
  ['http://[::1]:3000'],
  ['localhost'],
  ['localhost', { name: 'host' }],
  ['127.0.0.1', { name: 'host' }],
  ['localhost:3000'],
  ['localhost:50051'],
  [':8080'],
  ['ws://localhost:8080/ws'],
  ['grpc://localhost:50051'],
  ['tcp://localhost:2375'],
  ['http://host.docker.internal:3000'],
  ['http://10.0.2.2:8000/api'], // Android emulator -> host machine
  ['redis://0.0.0.0:6379'],
  // public SaaS APIs, OAuth providers, registries, CDNs
  ['https://api.github.com/repos'],
  ['https://api.stripe.com/v1'],
  ['https://api.openai.com/v1/chat/completions'],
  ['https://api.sandbox.paypal.com'],
  ['https://api-m.sandbox.paypal.com/v2/checkout/orders'],
  ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
  ['https://accounts.google.com/o/oauth2/v2/auth'],
  ['https://oauth2.googleapis.com/token'],
  ['https://www.googleapis.com/auth/userinfo.email'],
  ['https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration'],
  ['https://registry.npmjs.org/'],
  ['https://pypi.org/simple'],
  ['https://fonts.googleapis.com/css2?family=Inter:wght@400;700&display=swap'],
  ['https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/css/bootstrap.min.css'],
  ['https://unpkg.com/react@18/umd/react.production.min.js'],
  ['https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js'],
  ['https://abc123def456abc123def456abc12345@o123456.ingest.sentry.io/7890'], // Sentry DSN: public key
  ['https://myapp.herokuapp.com'],
  ['https://acme.vercel.app'],
  ['https://api.somesaas.com/v1'],
  ['https://cdn.prod.website-files.com/5f2b/logo.png'],
  ['https://staging.acme.io/static/app.css'],
  ['https://8.8.8.8/dns-query'],
  ['http://1.1.1.1'],
  // documentation, namespaces, schemas, licences
  ['https://12factor.net/config'],
  ['http://www.w3.org/2000/svg'],
  ['http://www.w3.org/1999/xhtml'],
  ['http://schemas.xmlsoap.org/soap/envelope/'],
  ['http://schemas.android.com/apk/res/android'],
  ['http://java.sun.com/xml/jaxp/properties/schemaLanguage'],
  ['http://apache.org/xml/features/disallow-doctype-decl'],
  ['http://xmlns.jcp.org/xml/ns/javaee'],
  ['http://www.springframework.org/schema/beans'],
  ['http://maven.apache.org/POM/4.0.0'],
  ['https://json-schema.org/draft/2020-12/schema'],
  ['http://json-schema.org/draft-07/schema#'],
  ['https://www.apache.org/licenses/LICENSE-2.0'],
  ['https://opensource.org/licenses/MIT'],
  ['https://creativecommons.org/licenses/by/4.0/'],
  ['http://purl.org/dc/elements/1.1/'],
  ['https://dev.azure.com/acme/project'],
  ['https://dev.mysql.com/doc/refman/8.0/en/'],
  ['https://dev.to/api/articles'],
  ['https://web.dev/learn'],
  ['https://docs.staging-tools.io/guide'],
  ['https://github.com/acme/repo/issues'],
  ['git+ssh://git@github.com/acme/repo.git'],
  ['git@github.com:acme/repo.git'],
  ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
  // example domains and placeholders (RFC 2606 / 6761 / 5737)
  ['https://example.com/webhook'],
  ['postgres://user:password@example.com:5432/mydb'],
  ['mongodb://mongodb0.example.com:27017'],
  ['https://api.example.org/v1'],
  ['https://staging.example.com'],
  ['http://test.example:8080'],
  ['redis://cache.test:6379'],
  ['http://192.0.2.10/'],
  ['redis://user:password@redis.example.com:6379'],
  ['smtp://user:pass@smtp.example.com:587'],
  ['https://user:pass@example.com'],
  ['https://your-app.herokuapp.com'],
  ['postgres://user:pass@host:5432/db'],
  ['postgres://username:password@hostname:5432/database'],
  ['postgres://USER:PASSWORD@HOST:PORT/DBNAME'],
  ['mongodb+srv://<username>:<password>@cluster0.ab1cd.mongodb.net/'],
  ['mongodb+srv://user:pass@cluster0.xxxxx.mongodb.net/'],
  // templates
  ['postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:5432/${DB_NAME}'],
  ['postgres://${user}:${pass}@localhost/app'],
  ['postgres://%s:%s@%s:%d/%s'],
  ['mongodb://{host}:{port}/{db}'],
  ['redis://{{ .Values.redis.host }}:6379'],
  ['amqp://<user>:<password>@<host>:5672/'],
  ['postgres://$PGUSER@$PGHOST/app'],
  ['postgres://#{user}@#{host}/app'],
  ['%s:%s@tcp(%s:%d)/%s?charset=utf8mb4&parseTime=True'],
  ['host=%s port=%d user=%s password=%s dbname=%s sslmode=disable'],
  ['mysql:host=$host;dbname=$db'],
  ['jdbc:mysql://${MYSQL_HOST:localhost}:3306/db'],
  ['http://user-service:8080/users/:id'],
  ['redis://redis:{port}/0'],
  ['http://__API_HOST__/v1'],
  // embedded / in-process databases
  ['sqlite:///db.sqlite3'],
  ['sqlite:///:memory:'],
  ['sqlite+aiosqlite:///./test.db'],
  ['jdbc:sqlite:sample.db'],
  ['jdbc:h2:mem:testdb;DB_CLOSE_DELAY=-1'],
  ['jdbc:hsqldb:mem:testdb'],
  ['jdbc:derby:memory:demo;create=true'],
  ['jdbc:tc:postgresql:15:///testdb'],
  ['Data Source=app.db;Cache=Shared'],
  ['sqlite::memory:'],
  ['sqlite:/var/data/app.sqlite'],
  // not URLs / not endpoints
  ['file:///var/data/app.db'],
  ['data:image/png;base64,iVBORw0KGgo='],
  ['mailto:support@acme.io'],
  ['about:blank'],
  ['javascript:void(0)'],
  ['chrome-extension://abcdefghijklmnop/options.html'],
  ['myapp://oauth/callback'],
  ['com.acme.app://callback'],
  ['exp://192.168.1.5:19000'],
  ['postgres://'],
  ['redis://'],
  ['mongodb+srv://'],
  ['postgres://user:pass@'], // left operand of a concatenation
  ['/api/v1/users'],
  ['//cdn.acme.io/app.js'],
  ['./uploads'],
  ['Connecting to redis://localhost:6379 ...'],
  ['postgres:15-alpine'],
  ['redis:7'],
  ['mysql:8.0'],
  ['https://*.acme-staging.com'],
  ['http://dummy'],
  ['http://base/path'],
  ['DATABASE_URL'],
  ['REDIS_URL'],
  ['1.2.3'],
  ['v2.11.0'],
  ['8.8.8.8'],
  ['10.0.0.12'],
  ['redis'], // require('redis')
  ['db'],
  ['pg'],
  ['postgres', { name: 'DB_USER' }],
  ['db', { name: 'DB_NAME' }],
  ['app', { name: 'DATABASE_NAME' }],
  ['5432', { name: 'DB_PORT' }],
  ['localhost', { name: 'REDIS_PORT' }],
  ['settings.py', { name: 'DB_HOST' }],
  ['us-east-1', { name: 'S3_BUCKET_REGION' }],
  ['my-bucket', { name: 'BUCKET_NAME' }],
  ['BUCKET_NAME', { name: 'bucket' }],
  // well-known constant endpoints
  ['http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
  ['http://metadata.google.internal/computeMetadata/v1/instance/'],
  ['https://kubernetes.default.svc'],
  ['https://kubernetes.default.svc.cluster.local:443'],
  // published objects and placeholder buckets
  ['https://storage.googleapis.com/download.tensorflow.org/models/mobilenet_v2.tar.gz'],
  ['https://acme-public.s3.amazonaws.com/logo.png'],
  ['s3://DOC-EXAMPLE-BUCKET/photos/'],
  ['s3://amzn-s3-demo-bucket/key'],
  ['gs://my-bucket'],
  ['s3://${BUCKET}/uploads'],
  // tests, examples, env defaults
  ['postgres://localhost/test_db', { name: 'TEST_DATABASE_URL' }],
  ['mongodb://localhost:27017', { name: 'mockMongoUrl' }],
  ['postgres://localhost/app_dev', { name: 'exampleUrl' }],
  ['postgres://localhost/app', { name: 'DATABASE_URL', envDefault: true }],
  ['redis://localhost:6379', { envDefault: true }],
  ['postgres://postgres:postgres@localhost:5432/app', { name: 'DATABASE_URL', envDefault: true }],
  ['http://www.w3.org/2000/svg', { name: 'xmlns' }],
  // allow lists: hosts that may call us, not hosts we call
  ['myapp-staging.herokuapp.com', { name: 'ALLOWED_HOSTS' }],
  ['10.0.0.5', { name: 'INTERNAL_IPS' }],
  ['https://app.staging.acme-corp.com', { name: 'CORS_ORIGINS' }],
  ['db.prod.internal', { name: 'NO_PROXY' }],
  // Microsoft's fictional companies and Azure doc names
  ['Server=tcp:contoso.database.windows.net,1433;Database=app;User ID=admin;Password=Pa55w0rd!2024'],
  ['https://myaccount.blob.core.windows.net/container'],
  ['http://localhost.localdomain:8080'],
  ['', {}],
  ['   '],
];

void describe('assessEndpoint reports hard-coded deploy-specific endpoints', () => {
  for (const [value, reason, ctx] of REPORT) {
    void it(`${label(value, ctx)} -> ${reason}`, () => {
      const v = assessEndpoint(value, ctx);
      assert.ok(v, 'expected a verdict');
      assert.equal(v.report, true);
      assert.equal(v.reason, reason);
    });
  }
});

void describe('assessEndpoint stays quiet on common non-violations', () => {
  for (const [value, ctx] of QUIET) {
    void it(label(value, ctx), () => {
      assert.equal(assessEndpoint(value, ctx), null);
    });
  }
});

void it('has at least as many must-not-report cases as report cases', () => {
  assert.ok(QUIET.length >= REPORT.length, `${QUIET.length} quiet vs ${REPORT.length} report`);
});

// ---------------------------------------------------------------------------
// parseConnectionString
// ---------------------------------------------------------------------------

interface ParseExpect {
  scheme?: string;
  serviceKind?: ServiceKind;
  host?: string;
  hostKind?: HostKind;
  port?: number;
  hasCredentials?: boolean;
  isTemplate?: boolean;
  embedded?: boolean;
  bucket?: string;
  hosts?: string[];
  format?: string;
  username?: string;
  /** the text covered by passwordRange */
  secret?: string;
}

const PARSE: [string, ParseExpect][] = [
  ['postgres://app:s3cr3tPw@db.prod.internal:5432/app', { scheme: 'postgres', serviceKind: 'database', host: 'db.prod.internal', hostKind: 'internal-name', port: 5432, secret: 's3cr3tPw', username: 'app' }],
  ['  redis://:Pa55word9@10.1.2.3:6380/0  ', { scheme: 'redis', serviceKind: 'cache', hostKind: 'private-ip', port: 6380, secret: 'Pa55word9' }],
  ['rediss://localhost', { serviceKind: 'cache', hostKind: 'loopback', hasCredentials: false }],
  ['mongodb+srv://u:Xk29fjQ7@cluster0.ab1cd.mongodb.net/db', { scheme: 'mongodb+srv', serviceKind: 'database', hostKind: 'cloud-resource', secret: 'Xk29fjQ7' }],
  ['mongodb://a.internal:27017,b.internal:27018/app', { hosts: ['a.internal', 'b.internal'], port: 27017 }],
  ['amqps://user:Tr1ckyP@ss@mq.acme.net/vhost', { serviceKind: 'queue', host: 'mq.acme.net', secret: 'Tr1ckyP@ss' }],
  ['postgres://django:Vb7#kq2Lz@10.0.4.12:5432/shop', { host: '10.0.4.12', secret: 'Vb7#kq2Lz' }],
  ['postgres://u:p%40ss%2Fword1@db:5432/app', { host: 'db', secret: 'p%40ss%2Fword1' }],
  ['postgresql://[::1]:5432/app', { host: '::1', hostKind: 'loopback', port: 5432 }],
  ['postgresql://[2001:db8::5]:5432/app', { hostKind: 'documentation' }],
  ['postgres://app@%2Fvar%2Frun%2Fpostgresql/app', { host: '/var/run/postgresql', hostKind: 'loopback' }],
  ['postgresql:///app', { host: '', hostKind: 'loopback' }],
  ['mysql+pymysql://app:pw9@mysql/app', { scheme: 'mysql+pymysql', serviceKind: 'database', hostKind: 'internal-name' }],
  ['sqla+postgresql://db/app', { serviceKind: 'database' }],
  ['redis+sentinel://sentinel:26379/mymaster', { serviceKind: 'cache' }],
  ['sendgrid+smtp://apikey@default', { serviceKind: 'smtp' }],
  ['smtps://smtp.acme.net:465', { serviceKind: 'smtp', port: 465 }],
  ['nats://n1:4222', { serviceKind: 'queue' }],
  ['kafka+ssl://b1.kafka.internal:9093', { serviceKind: 'queue' }],
  ['s3://acme-logs/2024/', { serviceKind: 'storage', bucket: 'acme-logs', hostKind: 'cloud-resource' }],
  ['gs://my-bucket/x', { bucket: 'my-bucket', hostKind: 'documentation' }],
  ['https://acme-logs.s3.us-west-2.amazonaws.com/x/', { serviceKind: 'storage', bucket: 'acme-logs', hostKind: 'cloud-resource' }],
  ['https://storage.googleapis.com/acme-assets/img/', { bucket: 'acme-assets', hostKind: 'cloud-resource' }],
  ['https://storage.googleapis.com/storage/v1/b/acme-assets/o', { bucket: 'acme-assets' }],
  ['http://localhost:9200', { scheme: 'http', serviceKind: 'search', hostKind: 'loopback', port: 9200 }],
  ['https://api.acme.io/v1', { serviceKind: 'http-api', hostKind: 'public-name' }],
  ['https://user:Zq8mW3rT99@api.acme.io', { secret: 'Zq8mW3rT99' }],
  ['https://ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789@github.com/a/b.git', { secret: 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' }],
  ['https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12/aB3dE5fG7hI9jK1lM3nO5pQ7', { secret: 'aB3dE5fG7hI9jK1lM3nO5pQ7' }],
  ['https://discord.com/api/webhooks/112233445566778899/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdEFGH', { secret: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdEFGH' }],
  ['postgres://user:password@db.acme.net/app', { hasCredentials: false }],
  ['postgres://user:****@db.acme.net/app', { hasCredentials: false }],
  ['postgres://user:xxxxxxxx@db.acme.net/app', { hasCredentials: false }],
  ['postgres://user:$DB_PASSWORD@db.acme.net/app', { hasCredentials: false, isTemplate: true }],
  ['postgres://user:pa$$w0rd@db.acme.net/app', { secret: 'pa$$w0rd', isTemplate: false }],
  ['postgres://user:p%25ss%3Cw0rd@db.acme.net/app', { isTemplate: false }],
  ['postgres://${DB_HOST}/app', { isTemplate: true }],
  ['postgres://user:pass@', { isTemplate: true }],
  ['http://localhost:{port}/x', { isTemplate: true }],
  ['https://api.acme.io/users/:id/orders', { isTemplate: true }],
  ['redis://redis:PORT', { isTemplate: true }],
  // JDBC
  ['jdbc:postgresql://localhost:5432/petclinic', { scheme: 'jdbc:postgresql', format: 'jdbc', hostKind: 'loopback', port: 5432 }],
  ['jdbc:mysql:loadbalance://db1.internal:3306,db2.internal:3306/shop', { scheme: 'jdbc:mysql', hosts: ['db1.internal', 'db2.internal'] }],
  ['jdbc:mysql://localhost:3306/shop?user=root&password=hunter2x', { secret: 'hunter2x' }],
  ['jdbc:mysql://db.acme.net/app?useSSL&password=Zz9secret1', { secret: 'Zz9secret1' }],
  ['jdbc:mysql://db.acme.net/app?password=******', { hasCredentials: false }],
  ['jdbc:sqlserver://sql01.corp:1433;databaseName=hr;user=svc_hr;password=Wint3r2024!;', { scheme: 'jdbc:sqlserver', host: 'sql01.corp', hostKind: 'internal-name', secret: 'Wint3r2024!', username: 'svc_hr' }],
  ['jdbc:sqlserver://;serverName=sql02.corp;databaseName=hr', { host: 'sql02.corp' }],
  ['jdbc:oracle:thin:scott/Tig3rPass99@localhost:1521:XE', { scheme: 'jdbc:oracle', host: 'localhost', port: 1521, secret: 'Tig3rPass99', username: 'scott' }],
  ['jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora1.corp)(PORT=1522))(CONNECT_DATA=(SID=X)))', { host: 'ora1.corp', port: 1522 }],
  ['jdbc:log4jdbc:mariadb://maria:3306/app', { scheme: 'jdbc:mariadb', hostKind: 'internal-name' }],
  ['jdbc:h2:mem:testdb', { embedded: true, host: '', hostKind: 'loopback', serviceKind: 'database' }],
  ['jdbc:h2:tcp://h2.internal:9092/~/test', { embedded: false, host: 'h2.internal' }],
  ['jdbc:derby://derby:1527/db', { embedded: false, host: 'derby' }],
  ['jdbc:tc:mysql:8:///db', { embedded: true }],
  ['sqlite:///db.sqlite3', { embedded: true, host: '', hostKind: 'loopback', serviceKind: 'database' }],
  // Go / libpq / PDO / ADO.NET / Azure
  ['app:R4nd0mPw@tcp(mysql.prod.internal:3306)/orders?parseTime=true', { scheme: 'mysql', format: 'go-dsn', host: 'mysql.prod.internal', port: 3306, secret: 'R4nd0mPw' }],
  ['root@tcp([::1]:3306)/test', { host: '::1', hostKind: 'loopback' }],
  ['app:Pw12345x@/shop', { host: '', hostKind: 'loopback', secret: 'Pw12345x' }],
  ['app:Pw12345x@cloudsql(acme-prod:us-central1:orders)/shop', { hostKind: 'cloud-resource' }],
  ["host=db.internal port=6432 user=app password='s3cret pw' dbname=app", { scheme: 'postgresql', format: 'libpq', host: 'db.internal', port: 6432, secret: 's3cret pw' }],
  ['host=/var/run/postgresql dbname=app', { host: '/var/run/postgresql', hostKind: 'loopback' }],
  ['pgsql:host=10.0.0.7;port=5432;dbname=app;user=app;password=Xy12zz99', { scheme: 'pgsql', format: 'pdo', hostKind: 'private-ip', port: 5432, secret: 'Xy12zz99' }],
  ['mysql:unix_socket=/tmp/mysql.sock;dbname=app', { hostKind: 'loopback' }],
  ['Server=myhost.acme.net\\SQLEXPRESS,1433;Database=db;User Id=sa;Password=Xx9!long', { scheme: 'sqlserver', format: 'key-value', host: 'myhost.acme.net', port: 1433, secret: 'Xx9!long' }],
  ['Data Source=(localdb)\\MSSQLLocalDB;Initial Catalog=app;Integrated Security=True', { hostKind: 'loopback' }],
  ['Driver={ODBC Driver 18 for SQL Server};Server=sql.acme.net;Database=app;UID=app;PWD=Qq7!qq7q', { scheme: 'sqlserver', host: 'sql.acme.net', secret: 'Qq7!qq7q', isTemplate: false }],
  ['Driver={PostgreSQL Unicode};Server=pg.acme.net;Port=5433;Database=app', { scheme: 'postgresql', port: 5433 }],
  ['Host=localhost;Database=app;Username=postgres;Password=postgres', { scheme: 'postgresql', hostKind: 'loopback' }],
  ['DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=abcDEF123==;EndpointSuffix=core.windows.net', { scheme: 'azure-storage', serviceKind: 'storage', host: 'acmeprod.blob.core.windows.net', hostKind: 'cloud-resource', secret: 'abcDEF123==' }],
  ['Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=k2J8d9Q0aZ1x=', { scheme: 'azure-servicebus', serviceKind: 'queue', hostKind: 'cloud-resource', secret: 'k2J8d9Q0aZ1x=' }],
];

void describe('parseConnectionString', () => {
  for (const [value, want] of PARSE) {
    void it(JSON.stringify(value), () => {
      const info = parseConnectionString(value);
      assert.ok(info, 'expected a parse');
      const { secret, ...fields } = want;
      for (const [k, v] of Object.entries(fields)) {
        assert.deepEqual((info as unknown as Record<string, unknown>)[k], v, `field ${k}`);
      }
      if (secret !== undefined) {
        assert.equal(info.hasCredentials, true, 'hasCredentials');
        assert.ok(info.passwordRange, 'passwordRange');
        assert.equal(value.slice(info.passwordRange.start, info.passwordRange.end), secret);
      }
      if (!info.hasCredentials) assert.equal(info.passwordRange, undefined);
    });
  }

  const NOT_URLS = [
    '',
    'hello world',
    'localhost',
    'localhost:5432',
    'postgres',
    'postgres:15',
    'redis:alpine',
    'mysql:5.7',
    'postgres://',
    'https://',
    'http:///nohost',
    's3:///x',
    'file:///etc/passwd',
    'data:text/plain,hi',
    'mailto:a@b.io',
    'C:\\Users\\app\\db.sqlite',
    '/var/run/postgresql',
    'https://exa mple.com',
    'https://*.acme.com',
    'https://-bad-.acme.com',
    'key=value other=thing',
    'session=abc; path=/; HttpOnly',
    'a=1;b=2',
    '@scope/package',
    'admin@/settings',
    'user@example.com',
    'x'.repeat(MAX_VALUE_LENGTH + 1),
    'postgres://db/' + 'x'.repeat(MAX_VALUE_LENGTH),
  ];
  for (const value of NOT_URLS) {
    void it(`null for ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value)}`, () => {
      assert.equal(parseConnectionString(value), null);
    });
  }
});

// ---------------------------------------------------------------------------
// classifyHost
// ---------------------------------------------------------------------------

const HOSTS: [string, HostKind, number?][] = [
  ['localhost', 'loopback'],
  ['127.0.0.1:6379', 'loopback', 6379],
  ['127.1.2.3', 'loopback'],
  ['[::1]:6379', 'loopback', 6379],
  ['::1', 'loopback'],
  ['app.localhost', 'loopback'],
  ['127.0.0.1.nip.io', 'loopback'],
  ['api.lvh.me:3000', 'loopback', 3000],
  ['host.docker.internal', 'loopback'],
  ['10.0.2.2', 'loopback'],
  ['0.0.0.0', 'any-address'],
  ['::', 'any-address'],
  ['[::]:80', 'any-address', 80],
  ['10.1.2.3', 'private-ip'],
  ['172.20.0.5', 'private-ip'],
  ['192.168.0.10:8080', 'private-ip', 8080],
  ['100.64.1.1', 'private-ip'],
  ['fd12:3456::1', 'private-ip'],
  ['fe80::1%eth0', 'private-ip'],
  ['172.32.0.1', 'public-ip'],
  ['8.8.8.8', 'public-ip'],
  ['2606:4700::1111', 'public-ip'],
  ['db', 'internal-name'],
  ['redis', 'internal-name'],
  ['my_db', 'internal-name'],
  ['db.prod.internal', 'internal-name'],
  ['postgres.default.svc.cluster.local:5432', 'internal-name', 5432],
  ['printer.local', 'internal-name'],
  ['vault.service.consul', 'internal-name'],
  ['ip-10-0-0-1.ec2.internal', 'internal-name'],
  ['SQLPROD01', 'internal-name'],
  ['mydb.c9akciq32.us-east-1.rds.amazonaws.com', 'cloud-resource'],
  ['my-cluster.abc123.0001.use1.cache.amazonaws.com', 'cloud-resource'],
  ['acme-uploads.s3.amazonaws.com', 'cloud-resource'],
  ['acmeprod.blob.core.windows.net', 'cloud-resource'],
  ['acme.database.windows.net:1433', 'cloud-resource', 1433],
  ['acme.redis.cache.windows.net', 'cloud-resource'],
  ['cluster0.ab1cd.mongodb.net', 'cloud-resource'],
  ['acme-prod.firebaseio.com', 'cloud-resource'],
  ['ec2-3-1-2-3.compute-1.amazonaws.com', 'cloud-resource'],
  ['s3.amazonaws.com', 'public-name'],
  ['sqs.us-east-1.amazonaws.com', 'public-name'],
  ['rds.amazonaws.com', 'public-name'],
  ['api.acme.io', 'public-name'],
  ['smtp.gmail.com:587', 'public-name', 587],
  ['example.com', 'documentation'],
  ['db.example.org', 'documentation'],
  ['example.co.uk', 'documentation'],
  ['api.test', 'documentation'],
  ['foo.invalid', 'documentation'],
  ['service.example', 'documentation'],
  ['203.0.113.5', 'documentation'],
  ['198.51.100.7:25', 'documentation', 25],
  ['2001:db8::1', 'documentation'],
  ['hostname', 'documentation'],
  ['HOST', 'documentation'],
  ['yourdomain.com', 'documentation'],
  ['your-db-host.acme.com', 'documentation'],
  ['cluster0.xxxxx.mongodb.net', 'documentation'],
];

const NOT_HOSTS = [
  '',
  ' ',
  'hello world',
  'https://acme.io',
  'postgres://db',
  ':8080',
  'localhost:',
  'localhost:99999',
  'localhost:abc',
  'DB_HOST',
  'DATABASE_URL',
  'settings.py',
  'README.md',
  'index.html',
  '1.2.3',
  'v1.2.3',
  '1.0',
  '256.1.1.1',
  '12345',
  'foo@bar.com',
  '/tmp/mysql.sock',
  'true',
  'none',
  '*.acme.com',
  '-bad.acme.com',
  'a..b',
  'e.g.',
  '[nothex]:80',
  ':::1',
  '1::2::3',
];

void describe('classifyHost', () => {
  for (const [value, kind, port] of HOSTS) {
    void it(`${JSON.stringify(value)} -> ${kind}`, () => {
      const h = classifyHost(value);
      assert.ok(h, 'expected a host');
      assert.equal(h.hostKind, kind);
      assert.equal(h.port, port);
    });
  }
  for (const value of NOT_HOSTS) {
    void it(`null for ${JSON.stringify(value)}`, () => {
      assert.equal(classifyHost(value), null);
    });
  }
  void it('lower-cases and strips the FQDN dot', () => {
    assert.deepEqual(classifyHost('DB.Prod.Internal.'), { host: 'db.prod.internal', hostKind: 'internal-name' });
  });
});

// ---------------------------------------------------------------------------
// isReferenceUrl
// ---------------------------------------------------------------------------

const REFERENCE = [
  'https://12factor.net/config',
  'https://docs.python.org/3/library/os.html',
  'https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS',
  'https://developers.google.com/identity',
  'https://learn.microsoft.com/en-us/dotnet/',
  'https://github.com/acme/repo',
  'https://raw.githubusercontent.com/acme/repo/main/README.md',
  'https://gitlab.com/acme/repo',
  'https://stackoverflow.com/questions/1',
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://schemas.xmlsoap.org/wsdl/',
  'http://schemas.microsoft.com/winfx/2006/xaml',
  'http://java.sun.com/jsp/jstl/core',
  'http://xmlns.jcp.org/xml/ns/persistence',
  'https://schema.org/Person',
  'https://json-schema.org/draft/2020-12/schema',
  'http://purl.org/dc/terms/',
  'https://creativecommons.org/licenses/by/4.0/',
  'https://spdx.org/licenses/MIT.html',
  'https://www.apache.org/licenses/LICENSE-2.0',
  'https://opensource.org/licenses/MIT',
  'https://api.github.com',
  'https://api.stripe.com/v1',
  'https://hooks.slack.com/',
  'https://example.com',
  'https://www.example.org/path',
  'http://foo.test',
  'https://fonts.googleapis.com/css?family=Roboto',
  'https://fonts.gstatic.com/s/roboto/v30/x.woff2',
  'https://cdn.jsdelivr.net/npm/vue@3',
  'https://unpkg.com/htmx.org@1.9.10',
  'https://cdnjs.cloudflare.com/ajax/libs/lodash.js/4.17.21/lodash.min.js',
  'https://registry.npmjs.org/',
  'https://pypi.org/simple/',
  'https://rubygems.org',
  'https://repo.maven.apache.org/maven2',
  'https://proxy.golang.org',
  'https://accounts.google.com/.well-known/openid-configuration',
  'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
  'https://appleid.apple.com/auth/keys',
  'http://169.254.169.254/latest/meta-data/',
  'https://kubernetes.default.svc',
  'urn:ietf:params:xml:ns:yang:1',
  'docs.acme.io',
];

const NOT_REFERENCE = [
  'https://api.staging.acme-corp.com',
  'https://acme-uploads.s3.amazonaws.com/',
  'https://storage.googleapis.com/acme-prod-assets/',
  'https://user:Zq8mW3rT99@github.com/acme/repo.git',
  'https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12/aB3dE5fG7hI9jK1lM3nO5pQ7',
  'postgres://db.prod.internal/app',
  'http://localhost:3000',
  'http://10.0.0.5',
  'https://api.acme.io',
  'file:///etc/hosts',
  'not a url',
  '',
];

void describe('isReferenceUrl', () => {
  for (const value of REFERENCE) {
    void it(`true for ${value}`, () => assert.equal(isReferenceUrl(value), true));
  }
  for (const value of NOT_REFERENCE) {
    void it(`false for ${JSON.stringify(value)}`, () => assert.equal(isReferenceUrl(value), false));
  }
  void it('a reference URL is never reported', () => {
    for (const value of REFERENCE) assert.equal(assessEndpoint(value), null, value);
  });
});

// ---------------------------------------------------------------------------
// looksLikeBucket
// ---------------------------------------------------------------------------

const BUCKETS: [string, string | undefined, boolean][] = [
  ['acme-prod-media', 'AWS_STORAGE_BUCKET_NAME', true],
  ['acme-prod-media', 'bucketName', true],
  ['acme-prod-media', 'S3_BUCKET', true],
  ['acme-prod-media', 'Bucket', true],
  ['acme-prod-media', 'GS_BUCKET_ID', true],
  ['assets.acme.com', 'bucket', true],
  ['s3://acme-data-lake/raw/', undefined, true],
  ['gs://acme-ml-models', undefined, true],
  ['s3a://acme-spark/tmp', undefined, true],
  ['https://acme-uploads.s3.amazonaws.com/', undefined, true],
  ['https://storage.googleapis.com/acme-prod-assets/', undefined, true],
  ['acme-prod-media', undefined, false],
  ['acme-prod-media', 'name', false],
  ['us-east-1', 'S3_BUCKET_REGION', false],
  ['uploads/', 'S3_BUCKET_PREFIX', false],
  ['my-bucket', 'BUCKET_NAME', false],
  ['DOC-EXAMPLE-BUCKET', 'Bucket', false],
  ['amzn-s3-demo-bucket', 'Bucket', false],
  ['your-bucket-name', 'bucket', false],
  ['BUCKET_NAME', 'bucket', false],
  ['${S3_BUCKET}', 'bucket', false],
  ['ab', 'bucket', false],
  ['Bad_Bucket', 'bucket', false],
  ['10.0.0.1', 'bucket', false],
  ['s3://my-bucket/key', undefined, false],
  ['s3://${BUCKET}/key', undefined, false],
  ['https://s3.amazonaws.com', undefined, false],
  ['', 'bucket', false],
];

void describe('looksLikeBucket', () => {
  for (const [value, name, want] of BUCKETS) {
    void it(`${JSON.stringify(value)}${name ? ` (name ${name})` : ''} -> ${want}`, () => {
      assert.equal(looksLikeBucket(value, name), want);
    });
  }
});

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

void describe('hasEnvironmentMarker', () => {
  const yes = ['api.staging.acme.io', 'staging-api.acme.io', 'myapp-dev.herokuapp.com', 'prod-db.acme.com', 'api.uat.acme.co.uk', 'qa2.acme.com', 'api.dev.acme.com', 'preprod.acme.com'];
  const no = ['dev.to', 'web.dev', 'dev.mysql.com', 'dev.azure.com', 'api.acme.io', 'developer.acme.io', 'devtools.acme.io', 'acme-staging.com', 'production.com', '10.0.0.1'];
  for (const h of yes) void it(`true for ${h}`, () => assert.equal(hasEnvironmentMarker(h), true));
  for (const h of no) void it(`false for ${h}`, () => assert.equal(hasEnvironmentMarker(h), false));
});

void describe('hasPlaceholder', () => {
  const yes = ['${X}', '{{x}}', '{host}', '{0}', '#{host}', '%s', '%d/', '%(host)s', '%1$s', '%-5d', '<host>', '$HOST', '$(HOST)', '$1', '__DB_HOST__', '%APPDATA%'];
  const no = ['postgres://db/app', 'p%40ss', '%2F', 'a$', 'price: 5%', '_private', 'a__b', '__init__'];
  for (const s of yes) void it(`true for ${s}`, () => assert.equal(hasPlaceholder(s), true));
  for (const s of no) void it(`false for ${s}`, () => assert.equal(hasPlaceholder(s), false));
});

void describe('nameWords', () => {
  const rows: [string, string[]][] = [
    ['redisHost', ['redis', 'host']],
    ['DATABASE_URL', ['database', 'url']],
    ['mongoURI', ['mongo', 'uri']],
    ['URLPath', ['url', 'path']],
    ['spring.datasource.url', ['spring', 'datasource', 'url']],
    ['AWS_STORAGE_BUCKET_NAME', ['aws', 'storage', 'bucket', 'name']],
    ['s3Bucket', ['s3', 'bucket']],
    ['DATABASES["default"]["HOST"]', ['databases', 'default', 'host']],
  ];
  for (const [n, w] of rows) void it(n, () => assert.deepEqual(nameWords(n), w));
});

// ---------------------------------------------------------------------------
// Properties: total, well-formed, linear
// ---------------------------------------------------------------------------

const REASONS = new Set<EndpointReason>(['connection-url', 'credentials-in-url', 'backing-service-localhost', 'backing-service-fixed-host', 'cloud-resource', 'bucket']);

function checkAll(value: string, name?: string): void {
  const v = assessEndpoint(value, name === undefined ? undefined : { name });
  if (v !== null) {
    assert.equal(v.report, true);
    assert.ok(REASONS.has(v.reason));
  }
  const info = parseConnectionString(value);
  if (info !== null) {
    assert.equal(typeof info.isTemplate, 'boolean');
    if (info.passwordRange) {
      assert.ok(info.hasCredentials);
      assert.ok(info.passwordRange.start >= 0 && info.passwordRange.start < info.passwordRange.end && info.passwordRange.end <= value.length);
    } else assert.equal(info.hasCredentials, false);
  }
  const h = classifyHost(value);
  if (h !== null) assert.ok(h.port === undefined || (h.port >= 0 && h.port <= 65535));
  assert.equal(typeof isReferenceUrl(value), 'boolean');
  assert.equal(typeof looksLikeBucket(value, name), 'boolean');
}

/** Characters that drive every branch of the parsers. */
const URLISH = fc.constantFrom(
  ...':/@?#[]%$.{}<>;=,()\\\'"-_+ *~|!&'.split(''),
  ...'abcxyzABCXYZ0123456789'.split(''),
  'localhost', 'postgres://', 'jdbc:', 'mysql:', 'tcp(', 'host=', 'Server=', 'db', '127.0.0.1', '::1', '${', '%s', '%2F', 's3://', 'redis://', 'https://', '.internal', '.rds.amazonaws.com', 'example.com',
);

void describe('properties', () => {
  void it('every export is total on arbitrary strings and names', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), (value, name) => {
        checkAll(value, name);
      }),
      { numRuns: 2000 },
    );
  });

  void it('every export is total on URL-shaped strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: URLISH, maxLength: 120 }), fc.constantFrom(undefined, 'DATABASE_URL', 'host', 'REDIS_HOST', 'bucket', 'x'), (value, name) => {
        checkAll(value, name);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https', 'postgres', 'redis', 's3', 'ftp'] }), (value) => {
        checkAll(value);
      }),
      { numRuns: 1000 },
    );
  });

  void it('long and adversarial inputs come back (no catastrophic backtracking)', () => {
    const big = 100 * 1024;
    for (const p of ['a:', 'a-:', '-', ':']) checkAll('jdbc:' + p.repeat(Math.floor((MAX_VALUE_LENGTH - 10) / p.length)));
    const pieces = ['a', ':', '@', '%', '$', '{', '/', '.', ';', '=', 'a=', 'a.', '__A', '%1', 'host=x ', 'k=v;', '(', '[', 'a@', 'a:', 'a-', '1.', '0', ',', 'x\\'];
    for (const p of pieces) {
      const long = p.repeat(Math.ceil(big / p.length));
      checkAll(long);
      checkAll(`postgres://${long}`);
      checkAll(`https://${long}`);
      // just under the size cap, so the parsers really run
      const near = p.repeat(Math.floor((MAX_VALUE_LENGTH - 40) / p.length));
      checkAll(near, 'DB_HOST');
      checkAll(`postgres://u:${near}@db/app`);
      checkAll(`jdbc:oracle:thin:@(${near}`);
      checkAll(`user:pw@tcp(${near})/db`);
      checkAll(`host=${near} dbname=x`);
      checkAll(`Server=${near};Database=x`);
      checkAll(`mysql:host=${near};dbname=x`);
      checkAll(`https://${near}.example.com/${near}`);
      checkAll(`s3://${near}`);
    }
    fc.assert(
      fc.property(fc.string({ unit: URLISH, minLength: 1000, maxLength: 4000 }), (value) => {
        checkAll(value);
      }),
      { numRuns: 50 },
    );
  });

  void it('a placeholder host is never reported', () => {
    const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/);
    const wrap = fc.constantFrom((x: string) => `\${${x}}`, (x: string) => `{{${x}}}`, (x: string) => `{${x}}`, (x: string) => `<${x}>`, (x: string) => `$${x}`, () => '%s');
    const scheme = fc.constantFrom('postgres', 'mysql', 'redis', 'amqp', 'mongodb', 'https', 'smtp', 'jdbc:postgresql');
    fc.assert(
      fc.property(scheme, ident, wrap, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), (s, id, w, port) => {
        const value = `${s}://app:Zq8mW3rT99@${w(id)}${port === undefined ? '' : `:${port}`}/app`;
        assert.equal(assessEndpoint(value), null, value);
      }),
    );
  });

  void it('passwordRange covers exactly the password, wherever the value sits', () => {
    const pw = fc.stringMatching(/^[A-Za-z][A-Za-z0-9!*~]{6,18}[0-9]$/).filter((p) => !/^(?:your|my)/i.test(p) && !/^x+\d$/i.test(p));
    const pad = fc.constantFrom('', ' ', '  \t');
    const shape = fc.constantFrom(
      (p: string) => `postgres://app:${p}@db.prod.internal:5432/app`,
      (p: string) => `redis://:${p}@10.0.0.3:6379/0`,
      (p: string) => `jdbc:mysql://db.acme.net/app?user=app&password=${p}`,
      (p: string) => `app:${p}@tcp(db.acme.net:3306)/app`,
      (p: string) => `host=db.acme.net user=app password=${p} dbname=app`,
      (p: string) => `Server=db.acme.net;Database=app;User Id=app;Password=${p};`,
      (p: string) => `pgsql:host=db.acme.net;dbname=app;password=${p}`,
    );
    fc.assert(
      fc.property(pw, pad, pad, shape, (p, lead, trail, make) => {
        const value = lead + make(p) + trail;
        const info = parseConnectionString(value);
        assert.ok(info, value);
        assert.ok(info.passwordRange, value);
        assert.equal(value.slice(info.passwordRange.start, info.passwordRange.end), p);
        assert.equal(assessEndpoint(value)?.reason, 'credentials-in-url', value);
      }),
    );
  });

  void it('example domains are never reported, whatever the scheme and credentials', () => {
    const doc = fc.constantFrom('example.com', 'db.example.org', 'api.example.net', 'cache.test', 'svc.example', 'x.invalid', '192.0.2.1', '[2001:db8::1]');
    const scheme = fc.constantFrom('postgres', 'mysql', 'redis', 'rediss', 'amqp', 'mongodb', 'https', 'http', 'smtp', 'jdbc:postgresql', 'nats', 'kafka');
    fc.assert(
      fc.property(scheme, doc, fc.boolean(), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), (s, host, creds, port) => {
        const value = `${s}://${creds ? 'app:Zq8mW3rT99@' : ''}${host}${port === undefined ? '' : `:${port}`}/app`;
        assert.equal(assessEndpoint(value), null, value);
      }),
    );
  });
});
