/**
 * Secret detection: table-driven positives and (more) negatives, then properties.
 *
 * No realistic-looking token is written out in this file: every token is assembled from a
 * public prefix and a body drawn from a seeded generator, so the file itself trips no scanner.
 */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  classifySecret,
  detectAllTokenFormats,
  detectTokenFormat,
  hasNextLineSecretPragma,
  hasSecretPragma,
  isKnownNonSecret,
  isPlaceholder,
  isSecretName,
  redact,
  shannonEntropy,
  type SecretKind,
} from '../../server/src/analysis/secrets';
import { prng } from '../support/prng';

// ---------------------------------------------------------------------------------------
// Deterministic fake material

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = DIGITS + 'abcdef';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const BASE32 = UPPER + '234567';

const rand = prng(0x12f);
function body(n: number, alphabet = ALNUM, r = rand): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(r() * alphabet.length)];
  return out;
}
const b64url = (s: string): string => Buffer.from(s).toString('base64url');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

function jwt(payload: object, header: object = { alg: 'HS256', typ: 'JWT' }, sig = body(43, B64URL)): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${sig}`;
}

function pem(type: string, lines = 20, newline = '\n'): string {
  const rows = Array.from({ length: lines }, () => body(64, B64));
  return [`-----BEGIN ${type}-----`, ...rows, `-----END ${type}-----`].join(newline);
}

// Tokens used across the tables (built once, so the same value appears in several checks).
const T = {
  awsKeyId: 'AKIA' + body(16, BASE32),
  awsTempKeyId: 'ASIA' + body(16, BASE32),
  awsSecret: body(40, B64),
  ghp: 'ghp_' + body(36),
  gho: 'gho_' + body(36),
  ghu: 'ghu_' + body(36),
  ghs: 'ghs_' + body(36),
  ghr: 'ghr_' + body(36),
  ghPat: 'github_pat_' + body(22) + '_' + body(59),
  glpat: 'glpat-' + body(20, B64URL),
  xoxb: 'xoxb-' + body(11, DIGITS) + '-' + body(13, DIGITS) + '-' + body(24),
  xoxp: 'xoxp-' + body(11, DIGITS) + '-' + body(11, DIGITS) + '-' + body(13, DIGITS) + '-' + body(32, HEX),
  xoxa: 'xoxa-2-' + body(12, DIGITS) + '-' + body(40),
  xapp: 'xapp-1-A' + body(10, UPPER + DIGITS) + '-' + body(13, DIGITS) + '-' + body(64, HEX),
  slackHook: 'https://hooks.slack.com/services/T' + body(8, UPPER + DIGITS) + '/B' + body(10, UPPER + DIGITS) + '/' + body(24),
  discordHook: 'https://discord.com/api/webhooks/' + body(18, DIGITS) + '/' + body(68, B64URL),
  skLive: 'sk_live_' + body(24),
  rkLive: 'rk_live_' + body(24),
  skTest: 'sk_test_' + body(24),
  pkLive: 'pk_live_' + body(24),
  pkTest: 'pk_test_' + body(24),
  whsec: 'whsec_' + body(32),
  google: 'AIza' + body(35, B64URL),
  gocspx: 'GOCSPX-' + body(28, B64URL),
  sendgrid: 'SG.' + body(22, B64URL) + '.' + body(43, B64URL),
  twilioSk: 'SK' + body(32, HEX),
  twilioAc: 'AC' + body(32, HEX),
  openaiLegacy: 'sk-' + body(20) + 'T3BlbkFJ' + body(20),
  openai48: 'sk-' + body(48),
  openaiProj: 'sk-proj-' + body(74, B64URL) + 'T3BlbkFJ' + body(74, B64URL),
  anthropic: 'sk-ant-api03-' + body(93, B64URL) + 'AA',
  npm: 'npm_' + body(36),
  pypi: 'pypi-AgEIcHlwaS5vcmc' + body(70, B64URL),
  hf: 'hf_' + body(34, UPPER + LOWER),
  digitalocean: 'dop_v1_' + body(64, HEX),
  shopify: 'shpat_' + body(32, HEX),
  mapboxSecret: 'sk.eyJ' + body(60, B64URL) + '.' + body(22, B64URL),
  mapboxPublic: 'pk.eyJ' + body(60, B64URL) + '.' + body(22, B64URL),
  jwtHs: jwt({ sub: 'u_' + body(8), iat: 1700000000 }),
  jwtRs: jwt({ iss: 'https://auth.internal', aud: 'api' }, { alg: 'RS256', kid: body(8) }, body(342, B64URL)),
  jwtSample: jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }),
  jwtAnon: jwt({ iss: 'supabase', ref: body(20, LOWER), role: 'anon', iat: 1700000000 }),
  jwtNone: `${b64url('{"alg":"none","typ":"JWT"}')}.${b64url('{"sub":"x"}')}.`,
  pemRsa: pem('RSA PRIVATE KEY'),
  pemEc: pem('EC PRIVATE KEY', 4),
  pemPkcs8: pem('PRIVATE KEY'),
  pemOpenssh: pem('OPENSSH PRIVATE KEY', 6),
  pemDsa: pem('DSA PRIVATE KEY', 8),
  pemEncrypted: pem('ENCRYPTED PRIVATE KEY'),
  pemEscaped: pem('PRIVATE KEY', 20, '\\n'), // as in a service-account JSON string
  pemPublic: pem('PUBLIC KEY', 6),
  pemCert: pem('CERTIFICATE', 10),
  hex32: body(32, HEX),
  hex64: body(64, HEX),
  alnum40: body(40),
  b64url43: body(43, B64URL),
  pw: body(10, ALNUM) + '!*',
};

// ---------------------------------------------------------------------------------------
// Positives

interface Positive {
  name?: string;
  value: string;
  kind: SecretKind;
  confidence?: 'high' | 'medium';
  /** When the secret is only part of the value: the expected substring. */
  span?: string;
}

const POSITIVES: Positive[] = [
  // AWS
  { value: T.awsKeyId, kind: 'aws-access-key', confidence: 'high' },
  { value: T.awsTempKeyId, kind: 'aws-access-key' },
  { name: 'aws_secret_access_key', value: T.awsSecret, kind: 'aws-secret-key', confidence: 'high' },
  { name: 'secretAccessKey', value: T.awsSecret, kind: 'aws-secret-key' },
  { name: 'AWS_SECRET', value: T.awsSecret, kind: 'aws-secret-key' },
  // GitHub / GitLab
  { value: T.ghp, kind: 'github-token', confidence: 'high' },
  { value: T.gho, kind: 'github-token' },
  { value: T.ghu, kind: 'github-token' },
  { value: T.ghs, kind: 'github-token' },
  { value: T.ghr, kind: 'github-token' },
  { value: T.ghPat, kind: 'github-token' },
  { value: T.glpat, kind: 'gitlab-token' },
  // Slack / Discord
  { value: T.xoxb, kind: 'slack-token' },
  { value: T.xoxp, kind: 'slack-token' },
  { value: T.xoxa, kind: 'slack-token' },
  { value: T.xapp, kind: 'slack-token' },
  { value: T.slackHook, kind: 'slack-webhook' },
  { value: T.discordHook, kind: 'discord-webhook' },
  // Stripe
  { value: T.skLive, kind: 'stripe-key', confidence: 'high' },
  { value: T.rkLive, kind: 'stripe-key', confidence: 'high' },
  { value: T.skTest, kind: 'stripe-key', confidence: 'medium' },
  { value: T.whsec, kind: 'stripe-webhook-secret' },
  // Google, SendGrid, Twilio
  { value: T.google, kind: 'google-api-key' },
  { value: T.gocspx, kind: 'google-oauth-secret' },
  { value: T.sendgrid, kind: 'sendgrid-key' },
  { value: T.twilioSk, kind: 'twilio-key', confidence: 'medium' },
  // AI vendors, registries, clouds
  { value: T.openaiLegacy, kind: 'openai-key' },
  { value: T.openai48, kind: 'openai-key' },
  { value: T.openaiProj, kind: 'openai-key' },
  { value: T.anthropic, kind: 'anthropic-key' },
  { value: T.npm, kind: 'npm-token' },
  { value: T.pypi, kind: 'pypi-token' },
  { value: T.hf, kind: 'huggingface-token' },
  { value: T.digitalocean, kind: 'digitalocean-token' },
  { value: T.shopify, kind: 'shopify-token' },
  { value: T.mapboxSecret, kind: 'mapbox-secret-token' },
  // Private keys
  { value: T.pemRsa, kind: 'private-key', confidence: 'high' },
  { value: T.pemEc, kind: 'private-key' },
  { value: T.pemPkcs8, kind: 'private-key' },
  { value: T.pemOpenssh, kind: 'private-key' },
  { value: T.pemDsa, kind: 'private-key' },
  { value: T.pemEncrypted, kind: 'private-key', confidence: 'medium' },
  { value: T.pemEscaped, kind: 'private-key' },
  // JWT
  { value: T.jwtHs, kind: 'jwt', confidence: 'high' },
  { value: T.jwtRs, kind: 'jwt' },
  // Passwords in URLs and connection strings
  { value: `postgres://app:${T.pw}@db.prod.internal:5432/app`, kind: 'password-in-url', confidence: 'high', span: T.pw },
  { value: `mysql://app:${T.pw}@localhost/app`, kind: 'password-in-url', confidence: 'medium', span: T.pw },
  { value: `redis://:${T.pw}@cache.prod.internal:6379/0`, kind: 'password-in-url', span: T.pw },
  { value: `mongodb+srv://svc:${T.pw}@cluster0.ab1cd.mongodb.net/app?retryWrites=true`, kind: 'password-in-url' },
  { value: `amqps://worker:${T.pw}@mq.prod.internal/vhost`, kind: 'password-in-url' },
  { value: `postgres://app:p%40${T.hex32.slice(0, 10)}@db.internal/app`, kind: 'password-in-url' },
  { value: `Server=tcp:sql.prod.net,1433;Database=app;User Id=app;Password=${T.pw};`, kind: 'connection-string-password', confidence: 'high', span: T.pw },
  { value: `host=db.prod.internal dbname=app user=app password=${T.pw}`, kind: 'connection-string-password' },
  { value: `jdbc:mysql://db.prod.internal:3306/app?user=app&password=${T.pw}&useSSL=true`, kind: 'connection-string-password', span: T.pw },
  // A token inside a larger value: reported with its span
  { value: `Authorization: Bearer ${T.ghp}`, kind: 'github-token', span: T.ghp },
  { value: `https://maps.googleapis.com/maps/api/geocode/json?key=${T.google}`, kind: 'google-api-key', span: T.google },
  { value: `curl -H "Authorization: token ${T.npm}" https://registry.example.org`, kind: 'npm-token', span: T.npm },
  { value: `{"type":"service_account","private_key":"${T.pemEscaped}"}`, kind: 'private-key' },
  // A format wins whatever the name says
  { name: 'STRIPE_SECRET_KEY', value: T.skLive, kind: 'stripe-key' },
  { name: 'config', value: T.ghp, kind: 'github-token' },
  // Name + value (generic)
  { name: 'DB_PASSWORD', value: 'Tr0ub4dor&3', kind: 'generic-secret', confidence: 'medium' },
  { name: 'api_key', value: T.hex32, kind: 'generic-secret', confidence: 'high' },
  { name: 'client_secret', value: T.alnum40, kind: 'generic-secret', confidence: 'high' },
  { name: 'SECRET_KEY', value: 'django-insecure-' + body(50, LOWER + DIGITS + '!@#%^&*(-_=+)'), kind: 'generic-secret' },
  { name: 'Authorization', value: 'Bearer ' + T.b64url43, kind: 'generic-secret' },
  { name: 'session_secret', value: T.hex64, kind: 'generic-secret' },
  { name: 'smtp_pass', value: 'q7#Lm2!xRz', kind: 'generic-secret' },
  { name: 'pass', value: 'N8w!pQ2zK', kind: 'generic-secret' },
  { name: 'jwtSecret', value: T.b64url43, kind: 'generic-secret' },
  { name: 'private_key', value: T.hex64, kind: 'generic-secret' },
  { name: 'x-api-key', value: body(32), kind: 'generic-secret' },
  { name: 'spring.datasource.password', value: 'Zx9!kL3mQ', kind: 'generic-secret' },
  { name: 'SLACK_SIGNING_SECRET', value: T.hex32, kind: 'generic-secret' },
  { name: 'APIKey', value: body(24), kind: 'generic-secret' },
  { name: '$password', value: 'Wq3$zP9!', kind: 'generic-secret' },
  { name: '@api_token', value: body(30), kind: 'generic-secret' },
  { name: 'encryption_key', value: 'base64:' + b64(body(32)), kind: 'generic-secret' },
  { name: 'DB_PASS', value: body(16), kind: 'generic-secret' },
  { name: 'secret_key_base', value: body(128, HEX), kind: 'generic-secret' },
  { name: 'MYSQL_ROOT_PASSWORD', value: 'kV7#pL2@qZ', kind: 'generic-secret' },
  { name: 'client.secret', value: T.b64url43, kind: 'generic-secret' },
  { name: 'refreshToken', value: body(48, B64URL), kind: 'generic-secret' },
  { name: 'webhookSecret', value: body(32), kind: 'generic-secret' },
  { name: 'credentials', value: body(24) + '==', kind: 'generic-secret' },
  { name: 'keystorePassword', value: 'Xb4!nR8$wQ', kind: 'generic-secret' },
  { name: 'AUTH_KEY', value: body(20, ALNUM + '!#%&()*,-:;<=>?@[]^_{|}~') + ' ' + body(43, ALNUM + '!#%&()*,-:;<=>?@[]^_{|}~'), kind: 'generic-secret' },
  { name: 'password', value: b64('Xq9!' + body(12)), kind: 'generic-secret' },
];

describe('detects secrets (positives)', () => {
  for (const [i, p] of POSITIVES.entries()) {
    test(`#${i} ${p.kind}${p.name ? ` named ${p.name}` : ''}`, () => {
      const m = classifySecret(p.name, p.value);
      assert.ok(m, `expected a ${p.kind}, got nothing for ${redact(p.value)}`);
      assert.equal(m.kind, p.kind);
      if (p.confidence) assert.equal(m.confidence, p.confidence);
      assert.ok(m.label.length > 3 && !m.label.includes(p.value), 'label is human text without the value');
      if (p.span) {
        assert.equal(typeof m.start, 'number');
        assert.equal(p.value.slice(m.start, m.end), p.span);
      }
      if (p.name === undefined) assert.deepEqual(detectTokenFormat(p.value), m, 'detectTokenFormat agrees when no name is given');
    });
  }
});

// ---------------------------------------------------------------------------------------
// Negatives

interface Negative {
  name?: string;
  value: string;
  why: string;
}

const SECRET_NAMES_FOR_PLACEHOLDERS = ['password', 'api_key', 'secret', 'token', 'client_secret'];

const NEGATIVES: Negative[] = [
  // Fakes inside a token format
  { value: 'AKIA' + 'IOSFODNN7' + 'EXAMPLE', why: 'AWS documentation example' },
  { value: 'AKIA' + 'X'.repeat(16), why: 'masked AWS key id' },
  { name: 'aws_secret_access_key', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY', why: 'AWS documentation example secret' },
  { value: 'ghp_' + 'x'.repeat(36), why: 'masked GitHub token' },
  { value: 'ghp_' + 'a'.repeat(36), why: 'repeated character' },
  { value: 'ghp_' + '0123456789abcdefghijklmnopqrstuvwxyz', why: 'sequence' },
  { value: 'ghp_YOUR_TOKEN_HERE', why: 'placeholder' },
  { value: 'ghp_' + body(35), why: 'too short for the format' },
  { value: 'sk_live_' + 'x'.repeat(24), why: 'masked Stripe key' },
  { value: 'sk_test_YOUR_KEY_HERE', why: 'placeholder' },
  { name: 'STRIPE_KEY', value: 'sk_test_1234567890abcdefghij', why: 'fake body is not re-flagged by the name rule' },
  { value: 'xoxb-your-token', why: 'placeholder Slack token' },
  { value: 'xoxb-123456789012-123456789012-abcdefghijklmnopqrstuvwx', why: 'sequential Slack token' },
  { value: 'https://hooks.slack.com/services/T00000000/B00000000/' + 'X'.repeat(24), why: 'Slack documentation webhook' },
  { value: 'sk-' + 'x'.repeat(48), why: 'masked OpenAI key' },
  { value: 'sk-proj-...', why: 'elided' },
  { value: 'AIza' + 'SyDUMMY' + 'KEY', why: 'placeholder Google key' },
  // Publishable and public material
  { value: T.pkLive, why: 'Stripe publishable key' },
  { value: T.pkTest, why: 'Stripe publishable test key' },
  { name: 'stripeSecretKey', value: T.pkLive, why: 'a publishable key under a secret name' },
  { value: T.mapboxPublic, why: 'Mapbox public token' },
  { value: T.twilioAc, why: 'Twilio account SID is an identifier' },
  { value: T.pemPublic, why: 'public key' },
  { value: T.pemCert, why: 'certificate' },
  { value: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI' + body(43, B64) + ' dev@laptop', why: 'SSH public key' },
  { value: '1234567890-' + body(32, LOWER + DIGITS) + '.apps.googleusercontent.com', why: 'Google OAuth client id' },
  { value: T.jwtAnon, why: 'Supabase anon key is public by design' },
  { name: 'SUPABASE_ANON_KEY', value: T.jwtAnon, why: 'anon JWT under a key name' },
  // Private-key look-alikes
  { value: '-----BEGIN PRIVATE KEY-----', why: 'header constant in parsing code' },
  { value: '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----', why: 'elided key in docs' },
  { value: '-----BEGIN PRIVATE KEY-----\nMIIE' + 'A'.repeat(80) + '\n-----END PRIVATE KEY-----', why: 'no real body' },
  { value: "if (pem.startsWith('-----BEGIN PRIVATE KEY-----')) return parse(pem)", why: 'code mentioning the header' },
  // JWT look-alikes
  { value: T.jwtSample, why: 'the jwt.io sample token' },
  { name: 'token', value: T.jwtSample, why: 'the jwt.io sample under a token name' },
  { value: T.jwtNone, why: 'unsigned JWT' },
  { value: 'xxxxx.yyyyy.zzzzz', why: 'JWT shape in docs' },
  { value: T.jwtHs.split('.').slice(0, 2).join('.'), why: 'header and payload only' },
  // URLs and connection strings
  { value: 'postgres://postgres:postgres@localhost:5432/app', why: 'default credentials' },
  { value: 'postgres://user:${DB_PASSWORD}@db:5432/app', why: 'interpolated password' },
  { value: 'mysql://root:@localhost/db', why: 'empty password' },
  { value: 'mongodb+srv://user:<password>@cluster0.ab1cd.mongodb.net/', why: 'Atlas placeholder' },
  { value: 'amqp://guest:guest@localhost:5672', why: 'RabbitMQ default' },
  { value: 'https://user:password@example.com/', why: 'documentation host and placeholder' },
  { value: 'redis://:changeme@redis:6379', why: 'placeholder password' },
  { value: 'postgres://app:%s@db.internal/app', why: 'format directive' },
  { value: 'postgres://app:{password}@db.internal/app', why: 'template' },
  { value: 'postgresql://scott:tiger@localhost/test', why: 'scott/tiger demo credentials' },
  { value: 'fake://guest:devstack@127.0.0.1:9999/', why: 'fake scheme in tests' },
  { value: 'https://api.github.com/repos/org/repo', why: 'URL without credentials' },
  { value: 'git@github.com:org/repo.git', why: 'SSH remote' },
  { value: 'http://localhost:3000/@scope/pkg', why: '@ in the path' },
  { value: 'https://deploy@ci.example.org/hook', why: 'user without password' },
  { value: 'Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;', why: 'connection-string placeholder' },
  { value: 'Server=localhost;Database=app;User Id=sa;Password={0};', why: 'format placeholder' },
  { value: 'password=' + T.pw, why: 'no host key: left to the name rules' },
  // Generic: placeholders and non-values under secret names
  ...['', '   ', 'password', 'Password', 'PASSWORD', 'changeme', 'change-me', 'change_me', 'xxx', 'XXXXXXXX', '********',
    '<your-key>', '<YOUR_API_KEY>', 'your_api_key_here', 'YOUR-TOKEN', 'insert-key-here', '${API_KEY}', '${{ secrets.API_KEY }}',
    '{{ api_key }}', '%API_KEY%', '$API_KEY', '$(API_KEY)', '#{api_key}', '__API_KEY__', '[API KEY]', '***', 'TODO', 'FIXME',
    'dummy', 'example', 'test', 'secret', 'none', 'null', 'nil', 'undefined', 'aaaaaaaaaaaa', 'abababab', '12345678',
    'abcdefgh', '%s', '%(password)s', '{password}', '{}', 'P@ssw0rd!', 'password123', 'mysecretpassword', 'Sup3rS3cret!',
    'admin123', 'test1234', 'secret-key-here', 'my-super-secret-jwt-key', 'deadbeefcafebabe', 'not_available', 'notAPassword',
    'REDACTED', 'n/a', 'ENC(' + body(24, B64) + ')'].flatMap((value) =>
    SECRET_NAMES_FOR_PLACEHOLDERS.map((name) => ({ name, value, why: `placeholder ${JSON.stringify(value)}` })),
  ),
  { name: 'password', value: 'Enter your password', why: 'UI prose' },
  { name: 'password', value: 'Mot de passe', why: 'translation' },
  { name: 'password', value: 'Passwort', why: 'translation, one word' },
  { name: 'password', value: 'Contraseña', why: 'non-ASCII word' },
  { name: 'password', value: 'パスワード', why: 'non-ASCII word' },
  { name: 'secret', value: 'keyboard cat', why: 'express-session docs default (prose)' },
  { name: 'password', value: 'correct horse battery staple', why: 'passphrase prose (a known gap, precision first)' },
  { name: 'password', value: 'DB_PASSWORD', why: 'env var name' },
  { name: 'token', value: 'GITHUB_TOKEN', why: 'env var name' },
  { name: 'password', value: 'auth.password', why: 'dotted config key' },
  { name: 'password', value: 'spring.datasource.password', why: 'dotted config key' },
  { name: 'token', value: 'auth-token', why: 'kebab identifier' },
  { name: 'ACCESS_TOKEN', value: 'accessToken', why: 'storage key name' },
  { name: 'apiKey', value: 'X-API-KEY', why: 'header name' },
  { name: 'credentials', value: 'same-origin', why: 'fetch option' },
  { name: 'credentials', value: 'include', why: 'fetch option' },
  { name: 'token', value: '(workspace)', why: 'word in brackets' },
  { name: 'password', value: 'Summer2024', why: 'word plus digits reads as an identifier (precision first)' },
  { name: 'credential', value: 'list_credentials()', why: 'code snippet' },
  { name: 'private_key', value: '/etc/ssl/private/server.key', why: 'path' },
  { name: 'private_key', value: './keys/private.pem', why: 'relative path' },
  { name: 'credentials', value: 'service-account.json', why: 'file name' },
  { name: 'secret', value: 'C:\\keys\\secret.txt', why: 'Windows path' },
  { name: 'secret', value: 'projects/my-proj/secrets/api-key/versions/latest', why: 'secret-manager resource name' },
  { name: 'secret', value: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf', why: 'ARN reference' },
  { name: 'password', value: 'vault:secret/data/db#password', why: 'Vault reference' },
  { name: 'api_key', value: 'https://api.example.com/v1', why: 'URL without credentials' },
  { name: 'sentry_secret', value: 'https://' + T.hex32 + '@o1.ingest.sentry.io/1', why: 'URL without a password' },
  { name: 'token', value: '3f2b8c1e-4d5a-4b6c-9e7f-8a9b0c1d2e3f', why: 'UUID' },
  { name: 'api_key', value: '{3F2B8C1E-4D5A-4B6C-9E7F-8A9B0C1D2E3F}', why: 'braced UUID' },
  { name: 'password', value: '$2b$10$' + body(53, './' + ALNUM), why: 'bcrypt hash' },
  { name: 'password', value: '$argon2id$v=19$m=65536,t=3,p=4$' + body(22, B64) + '$' + body(43, B64), why: 'argon2 hash' },
  { name: 'password', value: 'pbkdf2_sha256$600000$' + body(22) + '$' + body(44, B64), why: 'Django hash' },
  { name: 'api_key', value: 'sha384-' + b64(body(48)), why: 'SRI digest' },
  { name: 'secret', value: 'sha256:' + T.hex64, why: 'image digest' },
  { name: 'token', value: '0x' + body(40, HEX), why: 'Ethereum address' },
  { name: 'secret', value: 'data:image/png;base64,' + b64(body(60)), why: 'data URI' },
  { name: 'password', value: '2024-01-01', why: 'date' },
  { name: 'secret', value: 'v1.2.3-beta.4', why: 'version' },
  { name: 'password', value: 'user@example.com', why: 'e-mail' },
  { name: 'secret', value: '^[a-z0-9]{32}$', why: 'regex' },
  { name: 'token', value: '/([WPN])\\+\\:/u', why: 'regex literal' },
  { name: 'token', value: 'Bearer', why: 'scheme only' },
  { name: 'token', value: 'Bearer {{token}}', why: 'templated header' },
  { name: 'authorization', value: 'Basic ' + b64('test:test'), why: 'Basic credentials that decode to test:test' },
  { name: 'authorization', value: 'Basic YourBase64EncodedCredentials==', why: 'placeholder Basic credentials' },
  { name: 'password', value: 'hunter2', why: 'shorter than 8' },
  { name: 'password', value: b64('password'), why: 'base64 of a placeholder (Kubernetes Secret data)' },
  { name: 'AUTH_KEY', value: 'put your unique phrase here', why: 'WordPress salt placeholder' },
  { value: 'jdbc:mysql://localhost:3306/db?user=root&password=root', why: 'default credentials in a query' },
  { value: 'https://example.com/login?password=' + T.pw, why: 'documentation host' },
  { name: 'session_secret', value: 'extremely-secure-keyboard-cat', why: 'words joined by dashes' },
  { name: 'access_token', value: 'AQXNnd2hIT6z9bHFzZz2Kp1ghiMz_RtyuvwXYZ123abc', why: 'ends in the 123abc filler' },
  { name: 'secret', value: 'a_secret', why: 'identifier' },
  { name: 'password', value: 'user1-123', why: 'identifier' },
  // Secret-looking values under names that are not secret
  { name: 'password_hash', value: T.alnum40, why: 'a hash is not the password' },
  { name: 'hashed_password', value: T.alnum40, why: 'a hash is not the password' },
  { name: 'passwordField', value: T.alnum40, why: 'form field' },
  { name: 'tokenizer', value: T.alnum40, why: 'not a token' },
  { name: 'token_url', value: T.alnum40, why: 'URL setting' },
  { name: 'key_id', value: T.alnum40, why: 'identifier' },
  { name: 'aws_access_key_id', value: body(20, UPPER + DIGITS), why: 'identifier (an AKIA value is caught by format)' },
  { name: 'primary_key', value: T.alnum40, why: 'database key' },
  { name: 'public_key', value: T.alnum40, why: 'public' },
  { name: 'publishable_key', value: T.alnum40, why: 'public' },
  { name: 'client_id', value: T.alnum40, why: 'identifier' },
  { name: 'token_type', value: 'bearer', why: 'OAuth field' },
  { name: 'max_tokens', value: '4096', why: 'count' },
  { name: 'csrf_token', value: T.alnum40, why: 'CSRF token is per-session, not config' },
  { name: 'nextPageToken', value: T.alnum40, why: 'pagination' },
  { name: 'secretKeyRef', value: T.alnum40, why: 'Kubernetes reference' },
  { name: 'test_password', value: T.pw, why: 'fixture name' },
  { name: 'dummyToken', value: T.alnum40, why: 'fixture name' },
  { name: 'getToken', value: T.alnum40, why: 'accessor' },
  { name: 'isSecret', value: T.alnum40, why: 'flag' },
  { name: 'API_KEY_PREFIX', value: 'n8n_api_', why: 'describes a prefix' },
  { name: 'keyboard', value: T.alnum40, why: 'not a key' },
  { name: 'monkey', value: T.alnum40, why: 'not a key' },
  { name: 'cache_key', value: T.alnum40, why: 'cache key' },
  { name: 'idempotency_key', value: T.alnum40, why: 'idempotency key' },
  { name: 'sha', value: body(40, HEX), why: 'commit hash under a non-secret name' },
  { name: 'checksum', value: T.hex64, why: 'checksum' },
  { name: 'userId', value: T.alnum40, why: 'identifier' },
  { name: 'constructor', value: T.alnum40, why: 'prototype property name' },
  { name: '__proto__', value: T.alnum40, why: 'prototype property name' },
  // No name: only formats count
  { value: T.hex64, why: 'random hex without a name' },
  { value: T.alnum40, why: 'random string without a name' },
  { value: 'Tr0ub4dor&3', why: 'password-like without a name' },
];

describe('stays quiet (negatives)', () => {
  for (const [i, n] of NEGATIVES.entries()) {
    test(`#${i} ${n.why}${n.name !== undefined ? ` [${n.name}]` : ''}`, () => {
      const m = classifySecret(n.name, n.value);
      assert.equal(m, null, `unexpected ${m?.kind} (${m?.label}) for ${redact(n.value)}`);
    });
  }
});

test('the suite has at least as many negatives as positives', () => {
  assert.ok(NEGATIVES.length >= POSITIVES.length, `${NEGATIVES.length} negatives < ${POSITIVES.length} positives`);
});

// ---------------------------------------------------------------------------------------
// Names

const SECRET_NAMES = [
  'password', 'PASSWORD', 'Password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'credentials', 'creds',
  'stripeSecretKey', 'DB_PASSWORD', 'db-password', 'api-key', 'x-api-key', 'X-Auth-Token', 'apiKey', 'API_KEY', 'apikey',
  'ApiKey', 'APIKey', 'client.secret', 'clientSecret', 'client_secret', 'auth_token', 'authToken', 'access_token',
  'accessToken', 'refresh_token', 'bearerToken', 'id_token', 'private_key', 'privateKey', 'access_key', 'secret_key',
  'SECRET_KEY', 'signing_key', 'signingKey', 'encryption_key', 'master_key', 'aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY',
  'secretAccessKey', 'secret_key_base', 'SESSION_SECRET', 'cookieSecret', 'jwtSecret', 'JWT_SECRET_KEY', 'webhookSecret',
  'SLACK_BOT_TOKEN', 'GITHUB_TOKEN', 'NPM_TOKEN', 'OPENAI_API_KEY', 'STRIPE_KEY', 'SENDGRID_API_KEY', 'spring.datasource.password',
  'smtp.password', 'MYSQL_ROOT_PASSWORD', 'POSTGRES_PASSWORD', 'DB_PASS', 'SMTP_PASS', 'dbpass', 'dbPassword', 'keystorePassword',
  'storePassword', 'keyPassword', 'gpg_passphrase', 'Authorization', 'authorization', 'proxy_authorization', 'oauth_token_secret',
  'consumer_secret', 'app_key', 'APP_KEY', 'api_secret', 'apiSecret', 'api_key_prod', 'API_KEY_2', 'passwordValue', 'secretB64',
  'verify_token', 'slack_signing_secret', '$password', '@api_token', ':secret', 'self.password', 'this.apiKey', 'PASSWORD_DEFAULT',
];

const NOT_SECRET_NAMES = [
  'tokenizer', 'passwordField', 'password_field', 'password_hash', 'passwordHash', 'hashed_password', 'secret_name', 'secretName',
  'token_url', 'tokenUrl', 'token_endpoint', 'key_id', 'keyId', 'access_key_id', 'accessKeyId', 'aws_access_key_id', 'keyboard',
  'monkey', 'key', 'keys', 'primary_key', 'foreign_key', 'public_key', 'publicKey', 'publishable_key', 'client_id', 'clientId',
  'token_type', 'tokenType', 'password_min_length', 'PASSWORD_MIN_LENGTH', 'max_tokens', 'maxTokens', 'tokens', 'csrf_token_name',
  'csrf_token', 'csrfToken', 'xsrfToken', 'secretKeyRef', 'secret_arn', 'secretId', 'secret_version', 'secrets', 'passwords',
  'nextPageToken', 'next_token', 'pageToken', 'cancellationToken', 'deviceToken', 'pushToken', 'resetToken', 'password_reset_url',
  'PASSWORD_RESET_PATH', 'passwordLabel', 'passwordPlaceholder', 'passwordRegex', 'password_pattern', 'passwordError',
  'showPassword', 'isSecret', 'hasToken', 'getToken', 'setPassword', 'validatePassword', 'hashPassword', 'forgotPassword',
  'resetPassword', 'password_confirmation', 'passwordConfirm', 'new_password', 'old_password', 'current_password',
  'test_password', 'TEST_TOKEN', 'dummyApiKey', 'mockSecret', 'fake_token', 'example_key', 'sample_secret', 'cache_key',
  'idempotency_key', 'partition_key', 'sort_key', 'storage_key', 'STORAGE_KEY', 'license_key', 'ssh_key', 'client_key',
  'consumer_key', 'site_key', 'siteKey', 'private', 'auth', 'basic_auth', 'salt', 'nonce', 'signature', 'session',
  'API_KEY_PREFIX', 'api_key_header', 'API_KEY_ENV', 'token_ttl', 'tokenExpiry', 'token_length', 'secret_manager',
  'private_key_path', 'privateKeyFile', 'password_file', 'PASSWORD_FILE', 'bypass', 'compass', 'render_pass', 'first_pass',
  'OLDPWD', 'authenticity_token', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '', '   ', '123',
];

describe('isSecretName', () => {
  test('names that name secrets', () => {
    const missed = SECRET_NAMES.filter((n) => !isSecretName(n));
    assert.deepEqual(missed, []);
  });
  test('names that do not', () => {
    const flagged = NOT_SECRET_NAMES.filter((n) => isSecretName(n));
    assert.deepEqual(flagged, []);
  });
  test('every case style gives the same answer', () => {
    const styles = (words: string[]): string[] => [
      words.join('_'),
      words.join('_').toUpperCase(),
      words.join('-'),
      words.join('.'),
      words[0] + words.slice(1).map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
      words.map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
    ];
    const cases: Array<[string[], boolean]> = [
      [['db', 'password'], true], [['stripe', 'secret', 'key'], true], [['auth', 'token'], true], [['api', 'key'], true],
      [['signing', 'key'], true], [['password', 'field'], false], [['token', 'url'], false], [['public', 'key'], false],
      [['key', 'id'], false], [['csrf', 'token'], false], [['password', 'hash'], false], [['max', 'tokens'], false],
    ];
    for (const [words, expected] of cases) {
      for (const n of styles(words)) assert.equal(isSecretName(n), expected, n);
    }
  });
});

// ---------------------------------------------------------------------------------------
// Placeholders and known non-secrets

describe('isPlaceholder', () => {
  const yes = [
    '', '  ', 'changeme', 'change-me', 'CHANGE_ME', 'xxx', 'XXXXXXXX', '<your-key>', 'your_api_key_here', 'YourApiKeyHere',
    '${VAR}', '${{ secrets.TOKEN }}', '{{ var }}', '{% raw %}', '%VAR%', '$VAR', '$(VAR)', '#{var}', '<%= ENV["KEY"] %>',
    '***', '••••••', 'TODO', 'dummy', 'example', 'test', 'secret', 'password', 'none', 'null', 'undefined', 'aaaaaaaa',
    '0000000000', '12345678', 'abcdefgh', '1234567890', 'Enter your API key', 'Password is required', '%s', '%d', '{0}',
    '%(name)s', '/etc/secrets/api_key', './config/secrets.json', '~/.aws/credentials', 'C:\\Users\\me\\key.pem', 'private.pem',
    'https://api.example.com/v1/tokens', 'P@ssw0rd', 's3cr3t', 'password1!', 'my-secret-key', 'insert-token-here', 'REDACTED',
    'sk-...', 'ENC(abc)', 'https://user:${PASS}@db',
  ];
  const no = [
    T.ghp, T.skLive, T.skTest, T.awsKeyId, T.hex32, T.alnum40, T.b64url43, 'Tr0ub4dor&3', 'kV7#pL2@qZ', T.slackHook,
    `Please use ${T.ghp} for CI`, `postgres://app:${T.pw}@db.prod.internal/app`, T.jwtHs, T.pemRsa,
  ];
  test('placeholders and non-values', () => {
    assert.deepEqual(yes.filter((v) => !isPlaceholder(v)), []);
  });
  test('real-looking values are not placeholders (a Stripe test key is still a secret)', () => {
    assert.deepEqual(no.filter((v) => isPlaceholder(v)).map(redact), []);
  });
});

describe('isKnownNonSecret', () => {
  const yes = [
    '3f2b8c1e-4d5a-4b6c-9e7f-8a9b0c1d2e3f', T.pemPublic, T.pemCert, 'ssh-rsa AAAAB3NzaC1yc2E' + body(300, B64) + ' me@host',
    T.pkLive, T.pkTest, T.mapboxPublic, '123456789012-' + body(32, LOWER + DIGITS) + '.apps.googleusercontent.com',
    'sha512-' + b64(body(64)), '$2a$12$' + body(53, './' + ALNUM), T.twilioAc, 'AROA' + body(16, UPPER + DIGITS), T.jwtAnon,
    'data:text/plain;base64,SGVsbG8=', 'ENC(' + body(20) + ')', '0x' + body(40, HEX),
  ];
  const no = [T.ghp, T.skLive, T.awsKeyId, T.hex32, T.pemRsa, T.jwtHs, 'sb_secret_' + body(30), ''];
  test('public or non-secret material', () => {
    assert.deepEqual(yes.filter((v) => !isKnownNonSecret(v)).map(redact), []);
  });
  test('secrets are not waved through', () => {
    assert.deepEqual(no.filter((v) => isKnownNonSecret(v)).map(redact), []);
  });
});

// ---------------------------------------------------------------------------------------
// Pragmas, redaction, entropy, spans

describe('hasSecretPragma', () => {
  test('same-line pragmas of common secret scanners', () => {
    for (const line of [
      'const k = "x"; // gitleaks:allow',
      'key = "x"  # pragma: allowlist secret',
      'key = "x"  # pragma: whitelist secret',
      'const k = "x"; // secretlint-disable-line',
      'password = "x"  # nosec',
      'password = "x"  # nosec B105',
      'Password: "x", // #nosec G101',
      'String pw = "x"; // NOSONAR',
      'token = "x"  # noqa: S105',
      'token = "x"  # noqa: E501, S106',
      'key = "x" # trufflehog:ignore',
      'key = "x" # ggignore',
    ]) assert.ok(hasSecretPragma(line), line);
  });
  test('not pragmas', () => {
    for (const line of [
      'const k = "x";',
      'const nosecurity = true;',
      'token = "x"  # noqa',
      'token = "x"  # noqa: E501',
      '// secretlint-disable-next-line',
      '# pragma: allowlist nextline secret',
      'gitleaks allow',
    ]) assert.equal(hasSecretPragma(line), false, line);
  });
  test('next-line pragmas are reported separately', () => {
    assert.ok(hasNextLineSecretPragma('// secretlint-disable-next-line'));
    assert.ok(hasNextLineSecretPragma('# pragma: allowlist nextline secret'));
    assert.equal(hasNextLineSecretPragma('// gitleaks:allow'), false);
  });
});

describe('redact', () => {
  test('shows at most a 4-character public prefix and the length', () => {
    assert.equal(redact(T.skLive), `sk_l…(${T.skLive.length} chars)`);
    assert.equal(redact(T.ghp), 'ghp_…(40 chars)');
    assert.equal(redact(T.ghPat), `gith…(${T.ghPat.length} chars)`);
    assert.equal(redact(T.awsKeyId), 'AKIA…(20 chars)');
    assert.equal(redact(T.hex32), '…(32 chars)');
    assert.equal(redact('Tr0ub4dor&3'), '…(11 chars)');
    assert.equal(redact(''), '…(0 chars)');
    assert.equal(redact('ghp_short'), '…(9 chars)', 'a short value shows no prefix');
    assert.equal(redact('🔑🔑'), '…(2 chars)', 'counts code points');
  });
});

describe('shannonEntropy', () => {
  test('known values', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('ab'), 1);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.equal(shannonEntropy('0123456789abcdef'), 4);
    assert.ok(Math.abs(shannonEntropy('aab') - 0.9183) < 1e-3);
  });
  test('random material scores high, prose lower', () => {
    assert.ok(shannonEntropy(T.alnum40) > 4.5);
    assert.ok(shannonEntropy(T.hex64) > 3.5);
    assert.ok(shannonEntropy('the quick brown fox') < 4);
  });
});

describe('spans and multiple secrets', () => {
  test('a whole-value secret has no span; a partial one has', () => {
    const whole = detectTokenFormat(T.ghp);
    assert.ok(whole);
    assert.equal(whole.start, undefined);
    assert.equal(detectTokenFormat(`  ${T.ghp}\n`)?.start, undefined, 'surrounding whitespace is not a partial match');
    const part = detectTokenFormat(`token=${T.ghp};`);
    assert.equal(part?.start, 6);
    assert.equal(part?.end, 6 + T.ghp.length);
  });
  test('the most confident format wins, then the earliest; all are listable', () => {
    const v = `${T.twilioSk} ${T.skTest} ${T.awsKeyId}`;
    assert.equal(detectTokenFormat(v)?.kind, 'aws-access-key');
    assert.deepEqual(detectAllTokenFormats(v).map((m) => m.kind), ['twilio-key', 'stripe-key', 'aws-access-key']);
  });
  test('a JWT inside a Slack-like URL is one finding, not two', () => {
    const v = `https://hooks.slack.com/services/T${body(8, UPPER)}/B${body(10, UPPER)}/${body(24)}`;
    assert.equal(detectAllTokenFormats(v).length, 1);
  });
});

// ---------------------------------------------------------------------------------------
// Properties (fast-check, fixed seed)

const SEED = 20240611;
const KNOWN_PREFIXES = [
  'github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'glpat-', 'gldt-', 'glrt-', 'glptt-', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxr-',
  'xoxs-', 'xoxe-', 'xapp-', 'sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_', 'sk-svcacct-', 'sk-admin-', 'doo_v1_', 'dor_v1_',
  'shpca_', 'shppa_', 'shpss_',
  'AKIA', 'ASIA', 'AIza', 'GOCSPX-', 'SG.', 'sk-ant-', 'sk-proj-', 'sk-', 'npm_', 'pypi-', 'hf_', 'dop_v1_', 'shpat_', 'sk.eyJ', 'eyJ',
];

/** Strings that mix known prefixes and syntax with noise: they reach the deep paths. */
const noisy = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...KNOWN_PREFIXES, '-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----', '\n', '\\n', '://', ':', '@', '.', '/',
        'password=', 'Server=', 'host=', ';', '${', '}}', '%s', 'Bearer ', 'Basic ', 'constructor', '__proto__', 'T3BlbkFJ',
        'hooks.slack.com/services/', '\u0000', '\ud800', '🔑', 'xxxx', 'example',
      ),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom(...ALNUM.split('')), minLength: 8, maxLength: 60 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('properties', () => {
  test('redact never leaks a 6-character substring beyond a 4-character public prefix', () => {
    const values = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      noisy,
      fc.constantFrom(...Object.values(T)),
      fc.tuple(fc.constantFrom(...KNOWN_PREFIXES), fc.string({ unit: fc.constantFrom(...B64URL.split('')), maxLength: 80 })).map(([p, b]) => p + b),
    );
    fc.assert(
      fc.property(values, (v) => {
        const out = redact(v);
        const m = /^([\s\S]*)…\((\d+) chars\)$/u.exec(out);
        assert.ok(m, out);
        const shown = m[1];
        assert.ok(shown.length <= 4, `shows ${shown.length} characters`);
        assert.ok(v.startsWith(shown), 'the shown part is the value’s prefix');
        if (shown) assert.ok(KNOWN_PREFIXES.some((p) => p.startsWith(shown) || shown.startsWith(p)), `unknown prefix ${shown}`);
        const tail = out.slice(shown.length);
        for (let i = 0; i + 6 <= v.length; i++) {
          const sub = v.slice(i, i + 6);
          if (tail.includes(sub)) assert.fail(`leaks ${JSON.stringify(sub)}`);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test('no exported function throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.option(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), noisy), { nil: undefined }), fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), noisy), (name, value) => {
        classifySecret(name, value);
        detectTokenFormat(value);
        detectAllTokenFormats(value);
        isPlaceholder(value);
        isKnownNonSecret(value);
        shannonEntropy(value);
        redact(value);
        hasSecretPragma(value);
        hasNextLineSecretPragma(value);
        if (name !== undefined) isSecretName(name);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  test('a match never contains the value in its label, and spans lie inside the value', () => {
    fc.assert(
      fc.property(fc.option(fc.constantFrom(...SECRET_NAMES.slice(0, 20)), { nil: undefined }), noisy, (name, value) => {
        const m = classifySecret(name, value);
        if (!m) return;
        if (value.length >= 6) assert.ok(!m.label.includes(value));
        if (m.start !== undefined) {
          assert.ok(m.end !== undefined && 0 <= m.start && m.start < m.end && m.end <= value.length);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test('placeholders stay placeholders under any secret name', () => {
    const ident = fc.string({ unit: fc.constantFrom(...(UPPER + '_').split('')), minLength: 1, maxLength: 20 });
    const placeholder = fc.oneof(
      ident.map((x) => '${' + x + '}'),
      ident.map((x) => '{{ ' + x.toLowerCase() + ' }}'),
      ident.map((x) => '%' + x + '%'),
      ident.filter((x) => /^[A-Z_]/.test(x)).map((x) => '$' + x),
      ident.map((x) => '<' + x.toLowerCase() + '>'),
      ident.map((x) => 'your_' + x.toLowerCase() + '_here'),
      fc.integer({ min: 1, max: 64 }).map((n) => 'x'.repeat(n)),
      fc.integer({ min: 1, max: 64 }).map((n) => '*'.repeat(n)),
    );
    fc.assert(
      fc.property(fc.constantFrom(...SECRET_NAMES), placeholder, (name, v) => {
        assert.equal(classifySecret(name, v), null, `${name} = ${v}`);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  test('random alphanumeric strings carry no token format', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...(ALNUM + '+/=._-').split('')), minLength: 8, maxLength: 120 }), (v) => {
        assert.equal(detectTokenFormat(v), null, redact(v));
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  test('random bodies of every format are found (the fake-body filter spares real tokens)', () => {
    const r = prng(SEED);
    const gens: Record<string, () => string> = {
      aws: () => 'AKIA' + body(16, BASE32, r),
      github: () => 'ghp_' + body(36, ALNUM, r),
      gitlab: () => 'glpat-' + body(20, B64URL, r),
      slack: () => 'xoxb-' + body(11, DIGITS, r) + '-' + body(13, DIGITS, r) + '-' + body(24, ALNUM, r),
      stripe: () => 'sk_live_' + body(24, ALNUM, r),
      google: () => 'AIza' + body(35, B64URL, r),
      sendgrid: () => 'SG.' + body(22, B64URL, r) + '.' + body(43, B64URL, r),
      twilio: () => 'SK' + body(32, HEX, r),
      openai: () => 'sk-proj-' + body(156, B64URL, r),
      anthropic: () => 'sk-ant-api03-' + body(93, B64URL, r) + 'AA',
      npm: () => 'npm_' + body(36, ALNUM, r),
      jwt: () => jwt({ sub: body(10, ALNUM, r) }, undefined, body(43, B64URL, r)),
      url: () => `postgres://app:${body(16, ALNUM, r)}@db.internal/app`,
      genericHex32: () => body(32, HEX, r),
      genericAlnum20: () => body(20, ALNUM, r),
      genericB64_40: () => body(40, B64, r),
    };
    for (const [k, g] of Object.entries(gens)) {
      let missed = 0;
      const n = 400;
      for (let i = 0; i < n; i++) {
        const v = g();
        if (!(k.startsWith('generic') ? classifySecret('api_secret', v) : detectTokenFormat(v))) missed++;
      }
      assert.ok(missed <= n * 0.01, `${k}: ${missed}/${n} random tokens missed`);
    }
  });

  test('fast on 100 KB inputs (no catastrophic backtracking)', () => {
    const N = 100_000;
    const rep = (unit: string): string => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
    const adversarial = [
      'a', 'A', 'eyJ', 'eyJabcdefgh.', 'a://', 'x://u:p@', '[', '<a', '{a:', 'xoxb-1-', 'glpat-', 'ghp_', 'sk-', 'AKIA', 'SK',
      '-----BEGIN PRIVATE KEY-----', "'", 'AB', 'aB', '1', '$', 'a@b.', '/a', 'Ab1-', 'a:', 'server=x;password=', 'hooks.slack.com/services/',
      'abcdefghijklmnopqrstuvwxyz', '% ', '%0', 'a ', '\\n', 'bcrypt$a',
    ].map(rep);
    adversarial.push('%' + rep('0') + 'z', '-----BEGIN PRIVATE KEY-----\n' + rep('A'), 'a' + rep("'") + '1', body(N, B64));
    // Linear work on 100 KB takes a few milliseconds; super-linear regexes take seconds. The
    // budget leaves room for a loaded CI machine, and a slow call is retried twice (best of
    // three) so that a scheduling hiccup is not mistaken for backtracking.
    const budgetMs = 500;
    const time = (label: string, f: () => unknown): void => {
      let best = Infinity;
      for (let attempt = 0; attempt < 3 && best >= budgetMs; attempt++) {
        const t = performance.now();
        f();
        best = Math.min(best, performance.now() - t);
      }
      assert.ok(best < budgetMs, `${label} took ${best.toFixed(0)} ms`);
    };
    for (const [i, v] of adversarial.entries()) {
      time(`classifySecret #${i}`, () => classifySecret('api_key', v));
      time(`classifySecret(no name) #${i}`, () => classifySecret(undefined, v));
      time(`isPlaceholder #${i}`, () => isPlaceholder(v));
      time(`isKnownNonSecret #${i}`, () => isKnownNonSecret(v));
      time(`isSecretName #${i}`, () => isSecretName(v));
      time(`redact #${i}`, () => redact(v));
      time(`hasSecretPragma #${i}`, () => hasSecretPragma(v));
    }
    // And generated ones: repeated mixtures of syntax fragments.
    fc.assert(
      fc.property(fc.array(fc.constantFrom('eyJ', '.', 'a', 'A', '1', '://', ':', '@', '%', '0', '[', '-', '_', '{', '$', "'", 'sk-', ' '), { minLength: 1, maxLength: 6 }), (parts) => {
        const v = rep(parts.join(''));
        time(`classifySecret(${JSON.stringify(parts)})`, () => classifySecret('api_key', v));
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
