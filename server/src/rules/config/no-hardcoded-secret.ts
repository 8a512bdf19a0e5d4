/**
 * A credential written into the code: an API key, token, password or private key as a
 * string literal, where anyone with the repository (and every deploy) shares it.
 *
 * Flagged: a literal holding a well-known token format (AWS, GitHub, GitLab, Slack, Stripe,
 * Google, SendGrid, OpenAI, Anthropic, npm, private keys, signed JWTs) wherever it stands,
 * even as the default of an environment read (the live credential leaks either way); and a
 * literal bound to a secret-looking name (variable,
 * constant, property, object/dict/hash key, keyword argument, setter key, struct field,
 * `define()`) or passed where a library expects a secret (`jwt.sign(payload, secret)`,
 * `DriverManager.getConnection(url, user, password)`) when the value looks like a real
 * credential rather than a word, a reference or a placeholder; that name or call is written
 * within NAME_REACH characters before the literal (a file with no such literal and no token
 * format is not parsed for this rule).
 *
 * Not flagged: placeholders (`changeme`, `xxx`, `<your-key>`, `${VAR}`, `{{ var }}`), a
 * name-based secret used as the default of an environment read or another fallback
 * (`process.env.SECRET || 'dev-secret'`), indirect references, UUIDs, public and
 * publishable keys, client ids, password hashes, Firebase web configs, names about secrets
 * that hold something else (`SECRET_NAME`, `password_field`, `token_type`), tests, and
 * example config files (`config.example.js`). A password or token inside a connection URL,
 * DSN or webhook URL is `config/no-hardcoded-url`'s finding ('credentials-in-url'), not
 * this rule's: one literal, one finding.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import * as path from 'path';
import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import type { LanguageId } from '../../parsing/languages';
import { escapeRegExp, withoutAnchors } from '../../engine/regexp';
import { bindingOf, envReadAt, isEnvDefault, isStringLiteral, stringValue, type Binding } from '../../analysis/syntax';
import { classifySecret, detectTokenFormat, isPlaceholder, mayHaveTokenFormat, isSecretName, mayBeSecretNamePart, mayBeSecretValue, shannonEntropy, STRONG_NEEDLE_REACH, STRONG_TOKEN_NEEDLES, strongNeedleAt, type SecretMatch } from '../../analysis/secrets';
import { literalCandidates, type LiteralFilter } from '../../analysis/literal-scan';
import { assessEndpoint } from '../../analysis/urls';
import { dropEnvDefaultFix, envNameFor, isGenericEnvName, liftTransforms, moveToEnvFix, qualifiedEnvName } from '../../fixes/move-to-env';

const STRINGS: Partial<Record<LanguageId, string>> = {
  javascript: '[(string) (template_string)] @str',
  python: '(string) @str',
  go: '[(interpreted_string_literal) (raw_string_literal)] @str',
  ruby: '(string) @str',
  java: '(string_literal) @str',
  php: '[(string) (encapsed_string) (heredoc) (nowdoc)] @str',
};

/** Variable names for the kinds of token, when the code gives the literal no better name. */
const KIND_NAMES: Record<string, string> = {
  'aws-access-key': 'AWS_ACCESS_KEY_ID',
  'aws-secret-key': 'AWS_SECRET_ACCESS_KEY',
  'github-token': 'GITHUB_TOKEN',
  'gitlab-token': 'GITLAB_TOKEN',
  'slack-token': 'SLACK_TOKEN',
  'slack-webhook': 'SLACK_WEBHOOK_URL',
  'discord-webhook': 'DISCORD_WEBHOOK_URL',
  'stripe-key': 'STRIPE_SECRET_KEY',
  'stripe-webhook-secret': 'STRIPE_WEBHOOK_SECRET',
  'google-api-key': 'GOOGLE_API_KEY',
  'google-oauth-secret': 'GOOGLE_CLIENT_SECRET',
  'sendgrid-key': 'SENDGRID_API_KEY',
  'twilio-key': 'TWILIO_API_KEY',
  'openai-key': 'OPENAI_API_KEY',
  'anthropic-key': 'ANTHROPIC_API_KEY',
  'npm-token': 'NPM_TOKEN',
  'pypi-token': 'PYPI_TOKEN',
  'huggingface-token': 'HF_TOKEN',
  'digitalocean-token': 'DIGITALOCEAN_TOKEN',
  'shopify-token': 'SHOPIFY_ACCESS_TOKEN',
  'mapbox-secret-token': 'MAPBOX_SECRET_TOKEN',
  'private-key': 'PRIVATE_KEY',
  jwt: 'API_TOKEN',
  'connection-string-password': 'DATABASE_URL',
};

function urlEnvName(value: string): string {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1].toLowerCase() ?? '';
  if (/^(postgres|postgresql|mysql|mariadb|mssql|sqlserver|jdbc|oracle|cockroach)/.test(scheme)) return 'DATABASE_URL';
  if (scheme.startsWith('mongodb')) return 'MONGODB_URI';
  if (scheme.startsWith('redis') || scheme.startsWith('rediss')) return 'REDIS_URL';
  if (scheme.startsWith('amqp')) return 'AMQP_URL';
  if (scheme.startsWith('smtp')) return 'SMTP_URL';
  if (scheme.startsWith('ftp') || scheme.startsWith('sftp')) return 'FTP_URL';
  if (/^(nats|kafka|mqtt)/.test(scheme)) return `${scheme.toUpperCase().replace(/[^A-Z]/g, '')}_URL`;
  return /^https?$/.test(scheme) ? 'SERVICE_URL' : 'DATABASE_URL';
}

function kindEnvName(match: SecretMatch, value: string): string {
  if (match.kind === 'password-in-url') return urlEnvName(value);
  if (match.kind === 'generic-secret') return /password/.test(match.label) ? 'PASSWORD' : 'SECRET';
  if (match.kind === 'slack-token' && /bot/i.test(match.label)) return 'SLACK_BOT_TOKEN';
  if (match.kind === 'stripe-key' && /restricted/.test(match.label)) return 'STRIPE_RESTRICTED_KEY';
  return KIND_NAMES[match.kind] ?? 'SECRET';
}

// ---------------------------------------------------------------------------------------
// Where a library expects a secret: virtual names for unnamed arguments

/**
 * `word`: a run of name characters of the call (written before the argument) that the text
 * scan looks for: by default the method; the object's last run where the method is a common
 * word (`new` of `hmac.new`, `encode` of `jwt.encode`).
 */
interface ArgumentSecret { method: RegExp; object?: RegExp; index: number; name: string; word?: RegExp }

const ARGUMENT_SECRETS: ArgumentSecret[] = [
  // jsonwebtoken / PyJWT / ruby-jwt / firebase/php-jwt: sign(payload, secret), encode(payload, key, alg)
  { method: /^(sign|verify|encode|decode)$/, object: /(^|[.:\\])(jwt|JWT|jsonwebtoken|Jwt|jose)$/, index: 1, name: 'jwtSecret', word: /^(?:jwt|JWT|jsonwebtoken|Jwt|jose)$/ },
  // golang-jwt: token.SignedString([]byte("secret"))
  { method: /^SignedString$/, index: 0, name: 'jwtSecret' },
  // auth0 java-jwt / jjwt
  { method: /^HMAC(256|384|512)$/, object: /Algorithm$/, index: 0, name: 'jwtSecret' },
  { method: /^hmacShaKeyFor$/, index: 0, name: 'jwtSecret' },
  { method: /^setSigningKey$/, index: 0, name: 'jwtSecret' },
  { method: /^signWith$/, index: 1, name: 'jwtSecret' },
  // HMAC keys
  { method: /^createHmac$/, index: 1, name: 'hmacSecret' },
  { method: /^new$/, object: /^hmac$/, index: 0, name: 'hmacKey', word: /^hmac$/ },
  { method: /^hash_hmac$/, index: 2, name: 'hmacKey' },
  { method: /^(hexdigest|digest|base64digest)$/, object: /HMAC$/, index: 1, name: 'hmacKey', word: /HMAC$/ },
  // Express cookie signing
  { method: /^cookieParser$/, index: 0, name: 'cookieSecret' },
  // Database connections: (url/host, user, password)
  { method: /^getConnection$/, object: /DriverManager$/, index: 2, name: 'dbPassword', word: /DriverManager$/ },
  { method: /^(PDO|mysqli|mysqli_connect|mysql_connect|Sequelize)$/, index: 2, name: 'dbPassword' },
  { method: /^oci_p?connect$/, index: 1, name: 'dbPassword' },
  { method: /^(ldap_bind|ftp_login|ssh2_auth_password)$/, index: 2, name: 'password' },
  // Basic auth and logins: (user, password)
  { method: /^(HTTPBasicAuth|HTTPDigestAuth|BasicAuth|SetBasicAuth|PasswordAuthentication|UsernamePasswordCredentials)$/, index: 1, name: 'password' },
  { method: /^login$/, object: /smtp|ftp|imap|pop|mail|server|conn|ssh|client/i, index: 1, name: 'password' },
  // Go net/smtp: smtp.PlainAuth(identity, username, password, host)
  { method: /^PlainAuth$/, object: /^smtp$/, index: 2, name: 'smtpPassword' },
];

/** Option names that hold a secret but do not read as one (`secretOrKey` ends in a bare `key`). */
const SECRET_OPTION_ALIASES = new Map<string, string>([
  ['secretOrKey', 'jwtSecret'], ['secretOrPrivateKey', 'jwtSecret'], ['secret_or_key', 'jwtSecret'], ['pepper', 'pepperSecret'],
]);

/** Keys published by design (browser analytics, publishable payment keys), whatever the name says. */
const PUBLIC_VALUE = /^(?:phc_|pk_|pk\.|pubkey-|pub-|sb_publishable_|NEXT_PUBLIC_)/;

function splitCallee(callee: string): { object?: string; method: string } {
  const m = /^(.*?)(?:\.|::|->|\?->|\\)([^.:>\\]+)$/.exec(callee.replace(/\s+/g, ''));
  return m ? { object: m[1], method: m[2] } : { method: callee };
}

/** The name a library gives this argument (`jwt.sign(p, <jwtSecret>)`, `c.setPassword(<password>)`). */
function argumentName(b: Binding): string | undefined {
  if (b.kind !== 'argument' || !b.callee || b.argumentIndex === undefined) return undefined;
  const { object, method } = splitCallee(b.callee);
  for (const a of ARGUMENT_SECRETS) {
    if (a.index !== b.argumentIndex || !a.method.test(method)) continue;
    if (a.object && !(object !== undefined && a.object.test(object))) continue;
    return a.name;
  }
  // One-argument setters: setPassword("..."), setApiKey("..."), set_password("...")
  const setter = /^set_?([A-Za-z].*)$/.exec(method);
  if (setter && b.argumentIndex === 0 && object !== undefined && isSecretName(setter[1])) return setter[1];
  return undefined;
}

interface Named { name: string; fromCode: boolean; binding: Binding }

/** The secret-looking name the literal is bound to, if any. */
function secretNameOf(b: Binding): Named | undefined {
  const alias = b.name !== undefined ? SECRET_OPTION_ALIASES.get(b.name) : undefined;
  if (alias) return { name: alias, fromCode: false, binding: b };
  const boundKinds = ['variable', 'constant', 'property', 'key', 'keyword-argument', 'parameter-default', 'env-write'];
  if (b.name && boundKinds.includes(b.kind)) {
    if (isSecretName(b.name)) return { name: b.name, fromCode: true, binding: b };
    // `{ stripe: { key: '...' } }`: a bare `key` qualified by its container.
    if (/^key$/i.test(b.name) && b.fullName) {
      const segs = b.fullName.split('.');
      const owner = segs[segs.length - 2];
      if (owner && isSecretName(`${owner}_key`)) return { name: `${owner}_key`, fromCode: true, binding: b };
    }
    return undefined;
  }
  const virtual = argumentName(b);
  return virtual ? { name: virtual, fromCode: false, binding: b } : undefined;
}

// ---------------------------------------------------------------------------------------
// Names written before a literal

/**
 * How far before a literal's opening quote its secret-looking name, or the call that expects
 * a secret there, must be written for a value without a token format to be judged: the text
 * scan keeps only such literals, and the check asks the same of every literal, so the two
 * agree. Names sit right before their values; the reach leaves room for a ternary's condition,
 * a call's earlier arguments (`getConnection(url, user, password)`) or a wrapped value.
 */
const NAME_REACH = 240;

const NAME_RUN = /[A-Za-z0-9_$]+/g;

/** `mayNameSecret` by run: runs recur (`self`, `config`, `password`). */
const runVerdicts = new Map<string, boolean>();

/**
 * A necessary condition for `mayNameSecret`, tested on the run: a secret name's head noun
 * (password, passwd, passphrase, passcode, pwd, pass, secret, token, credential(s), creds,
 * key, authorization: `analyzeName` decides on one of them, and its compounds and suffix
 * heads hold them too), an alias, or a word of `ARGUMENT_SECRETS` (their own expressions,
 * case-insensitive: a wider test is still a necessary condition).
 */
let nameWords: RegExp | undefined;
function mayNameSecretWords(): RegExp {
  nameWords ??= new RegExp([
    'pass', 'pwd', 'secret', 'token', 'cred', 'key', 'authorization',
    ...[...SECRET_OPTION_ALIASES.keys()].map(escapeRegExp),
    ...ARGUMENT_SECRETS.map((a) => `(?:${(a.word ?? a.method).source})`),
  ].join('|'), 'i');
  return nameWords;
}

/**
 * Could this run of name characters belong to a name `secretNameOf` accepts: a secret name or
 * an alias, or the method (or its `word`) of a call that takes a secret, or a setter of one?
 */
function mayNameSecret(run: string): boolean {
  // Most runs hold none of the words any of the tests below needs: no look-up, no copy.
  if (!mayNameSecretWords().test(run)) return false;
  let v = runVerdicts.get(run);
  if (v === undefined) {
    const setter = /^set_?([A-Za-z].*)$/.exec(run);
    v = mayBeSecretNamePart(run) || SECRET_OPTION_ALIASES.has(run) || (!!setter && isSecretName(setter[1])) ||
      ARGUMENT_SECRETS.some((a) => (a.word ?? a.method).test(run));
    if (runVerdicts.size >= 8192) runVerdicts.clear();
    // A copy as the key: the run is a slice of the file's text, which it would keep alive.
    runVerdicts.set(Buffer.from(run, 'utf16le').toString('utf16le'), v);
  }
  return v;
}

/**
 * `mayNameSecretWords` without its anchors, for a whole stretch of text: every run is a part
 * of the stretch, so a stretch it finds nothing in has no run `mayNameSecret` accepts (most
 * stretches before a literal: one test instead of one per run).
 */
let stretchWords: RegExp | undefined;
function mayNameSecretInStretch(): RegExp {
  stretchWords ??= new RegExp(withoutAnchors(mayNameSecretWords().source), 'i');
  return stretchWords;
}

/** Is a name that may make the literal a secret written in `before` (the NAME_REACH characters before its quote)? */
function nameWrittenBefore(before: string): boolean {
  if (!mayNameSecretInStretch().test(before)) return false;
  NAME_RUN.lastIndex = 0;
  for (let m = NAME_RUN.exec(before); m; m = NAME_RUN.exec(before)) if (mayNameSecret(m[0])) return true;
  return false;
}

/** The opening quote of a literal node (after a string prefix such as Python's `rb`, PHP's `b`). */
function openingQuote(text: string, node: Node): number {
  let i = node.startIndex;
  while (i < node.startIndex + 3 && /[A-Za-z]/.test(text[i] ?? '')) i++;
  return i;
}

function textBefore(text: string, node: Node): string {
  const q = openingQuote(text, node);
  return text.slice(Math.max(0, q - NAME_REACH), q);
}

function isStrongFormat(match: SecretMatch | null): match is SecretMatch {
  return !!match && match.confidence === 'high';
}

// ---------------------------------------------------------------------------------------
// Context checks

function unwrapParens(n: Node): Node {
  let cur = n;
  while (cur.parent && (cur.parent.type === 'parenthesized_expression' || cur.parent.type === 'parenthesized_statements')) cur = cur.parent;
  return cur;
}

const FALLBACK_OPS = new Set(['||', '??', 'or', '?:']);
const ENV_TEXT = /\b(?:process\.env|os\.environ|environ|getenv|Getenv|LookupEnv|ENV\b|System\.getenv|\$_ENV|\$_SERVER|env\(|config\()/;

/**
 * A value used only when something else is missing: the right side of `a || v`, `a ?? v`,
 * `a or v`, `a ?: v`, or the branch of a ternary whose other branch reads the environment.
 * A name-based secret there is a development fallback, like an env default.
 */
function isFallbackValue(node: Node, lang: LanguageId): boolean {
  const cur = unwrapParens(node);
  const p = cur.parent;
  if (!p) return false;
  const right = p.childForFieldName('right') ?? p.childForFieldName('alternative');
  if (right && right.startIndex === cur.startIndex && right.endIndex === cur.endIndex) {
    let op: string | undefined = p.childForFieldName('operator')?.text;
    if (!op) for (let i = 0; i < p.childCount; i++) { const c = p.child(i); if (c && !c.isNamed && c.text !== '(' && c.text !== ')') { op = c.text; break; } }
    if (op && FALLBACK_OPS.has(op)) return true;
    if (lang === 'php' && p.type === 'conditional_expression' && !p.childForFieldName('body')) return true;
  }
  // Ternaries: `isProd ? process.env.KEY : 'dev-key'`
  if (['ternary_expression', 'conditional_expression', 'conditional'].includes(p.type)) {
    for (let i = 0; i < p.namedChildCount; i++) {
      const c = p.namedChild(i);
      if (!c || (c.startIndex === cur.startIndex && c.endIndex === cur.endIndex)) continue;
      if (c.text.length < 400 && ENV_TEXT.test(c.text) && envReadIn(c, lang)) return true;
    }
  }
  return false;
}

function envReadIn(n: Node, lang: LanguageId): boolean {
  if (envReadAt(n, lang)) return true;
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && envReadIn(c, lang)) return true;
  }
  return false;
}

const FIREBASE_KEYS = /\b(authDomain|messagingSenderId|storageBucket|projectId|appId|measurementId|databaseURL)\b/;

/**
 * Keys public by design in their context: a Google API key in a Firebase web config or a
 * JSX attribute (browser keys are restricted by referrer, not kept secret).
 */
function isPublicByContext(match: SecretMatch, node: Node, b: Binding, lang: LanguageId): boolean {
  if (match.kind !== 'google-api-key') return false;
  if ((lang === 'javascript' || lang === 'typescript') && (node.parent?.type === 'jsx_attribute' || node.parent?.parent?.type === 'jsx_attribute')) return true;
  if (b.fullName && /firebase|browser|public/i.test(b.fullName)) return true;
  let container: Node | null = b.node.parent;
  for (let i = 0; container && i < 3; i++, container = container.parent) {
    if (/^(object|dictionary|hash|array_creation_expression|composite_literal|literal_value)$/.test(container.type)) {
      return container.text.length < 4000 && FIREBASE_KEYS.test(container.text);
    }
  }
  return false;
}

/**
 * A password or token inside a connection URL, DSN or webhook URL is `config/no-hardcoded-url`'s
 * finding ('credentials-in-url'): one literal, one finding.
 */
function ownedByUrlRule(value: string, b: Binding, target: Node, lang: LanguageId): boolean {
  if (!/[:=@]/.test(value)) return false;
  const verdict = assessEndpoint(value, { name: b.fullName ?? b.name, envDefault: isEnvDefault(target, lang) });
  return !!verdict?.report && verdict.reason === 'credentials-in-url';
}

/** Example/template config shipped for copying: `config.example.js`, `settings.sample.py`, `app.dist.php`. */
function isExampleFile(filePath: string): boolean {
  return /[._-](example|sample|template|dist|tmpl)\.[A-Za-z]+$/i.test(path.basename(filePath));
}

/**
 * Works around `classifySecret`, which wants two character classes: a Google app password
 * (16 random lower-case letters, often shown in groups of four) under a password name, the
 * usual `EMAIL_HOST_PASSWORD` of a Django or Rails app sending through Gmail.
 */
const GMAIL_APP_PASSWORD = /^[a-z]{16}$|^[a-z]{4}(?: [a-z]{4}){3}$/;

function gmailAppPassword(name: string, value: string): SecretMatch | null {
  if (!GMAIL_APP_PASSWORD.test(value) || !/pass|pwd/i.test(name)) return null;
  const letters = value.replace(/ /g, '');
  if (isPlaceholder(letters) || shannonEntropy(letters) < 3.2) return null;
  return { kind: 'generic-secret', label: 'hard-coded password', confidence: 'medium' };
}

function label(match: SecretMatch): string {
  return match.label.replace(/^hard-coded\s+/i, '');
}

// ---------------------------------------------------------------------------------------

function fixFor(context: RuleContext, node: Node, match: SecretMatch, value: string, named: Named | undefined, b: Binding): Fix[] {
  if (b.kind === 'env-write') return [];
  let name: string | undefined;
  if (named && !named.fromCode) name = qualifiedEnvName(named.name, undefined, b.callee);
  else if (named) name = envNameFor({ ...b, name: named.name });
  else name = envNameFor(b);
  const kindName = kindEnvName(match, value);
  // A token format says more than a generic `API_KEY` or `connectionString`.
  if (match.kind !== 'generic-secret' && (!name || isGenericEnvName(name))) name = kindName;
  // 'Bearer <token>': only the token moves; the scheme stays in the code.
  const scheme = /^(Bearer|bearer|Token|token|Basic|Bot|Bearer:)\s+(?=\S+$)/.exec(value);
  if (scheme && name === 'AUTHORIZATION') name = 'API_TOKEN';
  const fix = scheme
    ? moveToEnvFix(context, { node, name, fallbackName: kindName, value: value.slice(scheme[0].length), prefix: scheme[0], preferred: true })
    : moveToEnvFix(context, { node, name, fallbackName: kindName, value, preferred: true });
  return fix ? [fix] : [];
}

export default defineRule({
  id: 'config/no-hardcoded-secret',
  meta: {
    description: 'A credential (API key, token, password, private key) written as a literal in code',
    defaultSeverity: 'error',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'suggestion',
    secret: true,
    messages: {
      hardcoded: 'Hard-coded {{label}}; read it from the environment instead.',
    },
    docs: {
      why: 'A secret in the code is shared with everyone who can read the repository and with every deploy, and rotating it means a new release; the environment keeps it per deploy and out of version control.',
      bad: {
        javascript: "const stripe = require('stripe')('sk_live_…');\napp.use(session({ secret: 'q8Zr!v2Lp#x9Tm4W' }));\n",
        typescript: "export const config = { jwtSecret: 'q8Zr!v2Lp#x9Tm4W' };\n",
        python: "SECRET_KEY = 'django-insecure-7x#m2k!q9v$w3@z8r^p5t'\nDATABASES = {'default': {'PASSWORD': 'Xk29sLq0vB7mN3pZ'}}\n",
        go: 'rdb := redis.NewClient(&redis.Options{Addr: addr, Password: "Xk29sLq0vB7mN3pZ"})\n',
        ruby: "Stripe.api_key = 'sk_live_…'\nconfig.secret_key_base = 'f3b9c1e07a5d42c8b6e1d9a4c7f20e58'\n",
        java: 'private static final String API_KEY = "Xk29sLq0vB7mN3pZ";\n',
        php: "'stripe' => ['secret' => 'sk_live_…'],\n",
      },
      good: {
        javascript: "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\napp.use(session({ secret: process.env.SESSION_SECRET }));\n",
        typescript: 'export const config = { jwtSecret: process.env.JWT_SECRET! };\n',
        python: "SECRET_KEY = os.environ['SECRET_KEY']\nDATABASES = {'default': {'PASSWORD': os.environ['DATABASE_PASSWORD']}}\n",
        go: 'rdb := redis.NewClient(&redis.Options{Addr: addr, Password: os.Getenv("REDIS_PASSWORD")})\n',
        ruby: "Stripe.api_key = ENV.fetch('STRIPE_API_KEY')\nconfig.secret_key_base = ENV.fetch('SECRET_KEY_BASE')\n",
        java: 'private static final String API_KEY = System.getenv("API_KEY");\n',
        php: "'stripe' => ['secret' => env('STRIPE_SECRET')],\n",
      },
      fix: 'Replaces the literal with an environment read (`process.env.NAME`, `os.environ["NAME"]`, `os.Getenv("NAME")`, `ENV.fetch("NAME")`, `System.getenv("NAME")`, `getenv(\'NAME\')`, adding `import os` or `"os"` when needed), appends `NAME=value` to the package\'s `.env` (once), declares `NAME=` in `.env.example` and adds `.env` to `.gitignore` when it is not ignored yet, all in one undoable edit. Rotate the credential afterwards: it is in the history.',
    },
  },
  queries: STRINGS,
  triggers: [
    // names: password/pass/pwd, secret, token, key, credentials, authorization, pepper
    'ass', 'ASS', 'wd', 'WD', 'ecret', 'ECRET', 'oken', 'OKEN', 'ey', 'EY', 'red', 'RED', 'uth', 'UTH', 'epper', 'EPPER',
    // calls that take a secret (ARGUMENT_SECRETS): sign, verify, encode/decode, HMAC, digest, cookieParser, connections, logins
    'ign', 'erify', 'code', 'mac', 'MAC', 'igest', 'ookie', 'onnection', 'PDO', 'ysql', 'equelize', 'oci_', 'ldap', 'ogin',
    // token formats
    'AKIA', 'ASIA', 'gh', 'gl', 'xox', 'xapp-', 'hooks.slack.com', '/api/webhooks/', '_live_', '_test_', 'whsec_',
    'AIza', 'GOCSPX-', 'SG.', 'SK', 'sk-', 'npm_', 'pypi-', 'hf_', '_v1_', 'shp', 'eyJ', 'PRIVATE KEY', '://',
  ],
  check(context) {
    reportSecrets(context);
  },
});

/**
 * The rule's check, on the literals a scan of the text keeps (`how` 'scan') or, for tests, on
 * every string literal of the tree ('query'): both report the same.
 */
export function reportSecrets(context: RuleContext, how: 'scan' | 'query' = 'scan'): void {
  const lang = context.language;
  if (isExampleFile(context.path)) return;
  const seen = new Set<number>();
  for (let node of candidateLiterals(context, how)) {
    // Python "a" "b" / Ruby "a" "b": judge the whole concatenation once.
    if (lang === 'python' || lang === 'ruby') {
      const p = node.parent;
      if (p && (p.type === 'concatenated_string' || p.type === 'chained_string')) node = p;
    }
    if (seen.has(node.startIndex)) continue;
    seen.add(node.startIndex);
    if (!isStringLiteral(node, lang)) continue;
    const value = stringValue(node, lang);
    if (value === undefined) {
      checkInterpolated(context, node);
      continue;
    }
    // Every report below needs a token format, a name-qualified credential or a Gmail app password.
    if (value.length < 8 || !mayBeReported(value)) continue;
    const format = detectTokenFormat(value);
    // Without a strong token format, only a name can make it a secret: one written near it.
    if (!isStrongFormat(format) && !nameWrittenBefore(textBefore(context.text, node))) continue;
    const target = liftTransforms(node, lang);
    const b = bindingOf(target, lang);
    if (isStrongFormat(format)) {
      if (isPublicByContext(format, node, b, lang) || ownedByUrlRule(value, b, target, lang)) continue;
      const named = secretNameOf(b);
      const fixes = isEnvDefault(target, lang) || isEnvDefault(node, lang)
        ? [dropEnvDefaultFix(context, { node, value, preferred: true })].filter((f): f is Fix => !!f)
        : fixFor(context, node, format, value, named, b);
      context.report({ node, messageId: 'hardcoded', data: { label: label(format) }, fixes });
      continue;
    }
    const named = secretNameOf(b);
    if (!named || PUBLIC_VALUE.test(value)) continue;
    if (isEnvDefault(target, lang) || isEnvDefault(node, lang) || isFallbackValue(target, lang)) continue;
    const match = classifySecret(named.name, value) ?? gmailAppPassword(named.name, value);
    if (!match || ownedByUrlRule(value, b, target, lang)) continue;
    if (isPublicByContext(match, node, b, lang)) continue;
    context.report({ node, messageId: 'hardcoded', data: { label: label(match) }, fixes: fixFor(context, node, match, value, named, b) });
  }
}

/** Template literals and f-strings: only a well-known token format in the static text counts. */
function checkInterpolated(context: RuleContext, node: Node): void {
  // A high-confidence format in a fragment holds one of these (fragments are parts of the text).
  const text = node.text;
  if (!STRONG_TOKEN_NEEDLES.some((n) => text.includes(n))) return;
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (!c || !/^(string_fragment|string_content|escape_sequence)$/.test(c.type)) continue;
    if (c.type === 'escape_sequence' || c.text.length < 16) continue;
    const format = detectTokenFormat(c.text);
    if (format && format.confidence === 'high' && format.kind !== 'password-in-url' && format.kind !== 'connection-string-password') {
      context.report({ node, messageId: 'hardcoded', data: { label: label(format) } });
      return;
    }
  }
}

/** Necessary for any report on a literal with this value (token format, name-qualified credential, Gmail app password). */
function mayBeReported(value: string): boolean {
  return value.length >= 8 && (mayBeSecretValue(value) || GMAIL_APP_PASSWORD.test(value));
}

/** `keep` of the scan: what the check asks of a literal's value and of the text before it. */
function mayBeReportedAt(value: string, before: () => string): boolean {
  if (value.length < 8) return false;
  // Most literals have neither a format's needle nor a secret's name before them: the two
  // cheap tests come first, the value tests (entropy, words, formats) only for the rest.
  let named: boolean | undefined;
  if (!mayHaveTokenFormat(value) && !(named = nameWrittenBefore(before()))) return false;
  return mayBeReported(value) && (isStrongFormat(detectTokenFormat(value)) || (named ?? nameWrittenBefore(before())));
}

/** Literals worth a look: a conservative scan of the text (analysis/literal-scan.ts) with this rule's value and name tests. */
const SECRET_LITERALS: LiteralFilter = {
  id: 'secrets', minLength: 8, keep: mayBeReportedAt, holes: 'skip', lookBehind: NAME_REACH,
  needles: STRONG_TOKEN_NEEDLES, needleAt: strongNeedleAt, needleReach: STRONG_NEEDLE_REACH,
};

function candidateLiterals(context: RuleContext, how: 'scan' | 'query'): Node[] {
  if (how === 'scan') return literalCandidates(context, SECRET_LITERALS);
  const source = STRINGS[context.language] ?? (context.language === 'typescript' ? STRINGS.javascript : undefined);
  return source ? context.query(source).flatMap((m) => (m.captures[0]?.node ? [m.captures[0].node] : [])) : [];
}
