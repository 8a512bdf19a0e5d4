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
 * credential rather than a word, a reference or a placeholder.
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
import { bindingOf, envReadAt, isEnvDefault, isStringLiteral, literalTextValues, stringValue, type Binding } from '../../analysis/syntax';
import { classifySecret, detectTokenFormat, isPlaceholder, isSecretName, mayBeSecretValue, needleRegex, shannonEntropy, STRONG_TOKEN_NEEDLES, type SecretMatch } from '../../analysis/secrets';
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

interface ArgumentSecret { method: RegExp; object?: RegExp; index: number; name: string }

const ARGUMENT_SECRETS: ArgumentSecret[] = [
  // jsonwebtoken / PyJWT / ruby-jwt / firebase/php-jwt: sign(payload, secret), encode(payload, key, alg)
  { method: /^(sign|verify|encode|decode)$/, object: /(^|[.:\\])(jwt|JWT|jsonwebtoken|Jwt|jose)$/, index: 1, name: 'jwtSecret' },
  // golang-jwt: token.SignedString([]byte("secret"))
  { method: /^SignedString$/, index: 0, name: 'jwtSecret' },
  // auth0 java-jwt / jjwt
  { method: /^HMAC(256|384|512)$/, object: /Algorithm$/, index: 0, name: 'jwtSecret' },
  { method: /^hmacShaKeyFor$/, index: 0, name: 'jwtSecret' },
  { method: /^setSigningKey$/, index: 0, name: 'jwtSecret' },
  { method: /^signWith$/, index: 1, name: 'jwtSecret' },
  // HMAC keys
  { method: /^createHmac$/, index: 1, name: 'hmacSecret' },
  { method: /^new$/, object: /^hmac$/, index: 0, name: 'hmacKey' },
  { method: /^hash_hmac$/, index: 2, name: 'hmacKey' },
  { method: /^(hexdigest|digest|base64digest)$/, object: /HMAC$/, index: 1, name: 'hmacKey' },
  // Express cookie signing
  { method: /^cookieParser$/, index: 0, name: 'cookieSecret' },
  // Database connections: (url/host, user, password)
  { method: /^getConnection$/, object: /DriverManager$/, index: 2, name: 'dbPassword' },
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
    // names: password/pass/pwd, secret, token, key, credentials, authorization
    'ass', 'ASS', 'wd', 'WD', 'ecret', 'ECRET', 'oken', 'OKEN', 'ey', 'EY', 'red', 'RED', 'uth', 'UTH',
    // token formats
    'AKIA', 'ASIA', 'gh', 'gl', 'xox', 'xapp-', 'hooks.slack.com', '/api/webhooks/', '_live_', '_test_', 'whsec_',
    'AIza', 'GOCSPX-', 'SG.', 'SK', 'sk-', 'npm_', 'pypi-', 'hf_', '_v1_', 'shp', 'eyJ', 'PRIVATE KEY', '://',
  ],
  check(context) {
    const lang = context.language;
    if (isExampleFile(context.path)) return;
    const seen = new Set<number>();
    // The literals `STRINGS` matches that can be reported (a text scan, not a tree query).
    for (let node of candidateLiterals(context)) {
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
      const target = liftTransforms(node, lang);
      const b = bindingOf(target, lang);
      if (format && format.confidence === 'high') {
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
  },
});

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

// ---------------------------------------------------------------------------------------
// Candidates
//
// A whole-tree query for every string literal costs tens of milliseconds on a large file,
// and most literals are messages, keys and paths. Instead, a scan of the text finds the
// literals whose value could be reported, and only their nodes are looked up. The scan is
// conservative: every quote character is tried as an opening quote (so comments, regexes and
// other quotes cannot throw it off), each literal kind is closed by the language's own rules,
// and the value is decoded as `stringValue` would decode it; a literal whose value depends on
// the tree (interpolated, PHP heredocs) is kept when it could be. Token formats (which are
// also reported inside interpolated and broken literals) are found by their needles in the
// raw text. Python and Ruby literals followed by another one are kept: the concatenation is
// judged as a whole. Keystrokes re-scan only around the edit (per file, the last scan is kept).

/** Node types `STRINGS` captures. */
const STRING_NODE_TYPES: Partial<Record<LanguageId, ReadonlySet<string>>> = {
  javascript: new Set(['string', 'template_string']),
  typescript: new Set(['string', 'template_string']),
  python: new Set(['string']),
  go: new Set(['interpreted_string_literal', 'raw_string_literal']),
  ruby: new Set(['string']),
  java: new Set(['string_literal']),
  php: new Set(['string', 'encapsed_string', 'heredoc', 'nowdoc']),
};

/** Characters that may open a literal (PHP `<` for `<<<`). */
const OPENERS: Partial<Record<LanguageId, string>> = {
  javascript: '\'"`', typescript: '\'"`', python: '\'"', go: '"`', ruby: '\'"%', java: '"', php: '\'"<',
};

const BACKSLASH = 92;
/** Longest stretch some scans follow before giving up and keeping the literal (the tree decides). */
const MAX_LOOK = 4096;
const NEWLINE = 10;
const CR = 13;
/** A scan looks at most this far before its opening quote (Python string prefixes, the `=` of a JSX attribute). */
const LOOKBACK = 16;

/** What one opening position gave: the last index the scan looked at, and whether the literal is a candidate. */
interface Scanned { start: number; reach: number; keep: boolean }

/** Index of the closing `q` from `from` (backslash escapes honoured when `escapes`); -1 when a line (single-line kinds) or the text ends first. */
function closeQuote(text: string, from: number, q: number, multiline: boolean, escapes: boolean): number {
  const n = text.length;
  for (let j = from; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === q) return j;
    if (c === BACKSLASH && escapes) {
      j++;
      if (text.charCodeAt(j) === CR && text.charCodeAt(j + 1) === NEWLINE) j++;
    } else if (c === NEWLINE && !multiline) return -1;
  }
  return -1;
}

/** Start of the closing triple quote `qqq` from `from` (escapes honoured), or -1. */
function closeTriple(text: string, from: number, q: number): number {
  const n = text.length;
  for (let j = from; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === q && text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q) return j;
  }
  return -1;
}

/** Ruby `%q(...)`: the closing delimiter, nesting brackets, escapes honoured; -1 if none. */
function closeRubyPercent(text: string, from: number, open: string): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
  const close = pairs[open] ?? open;
  let depth = 0;
  // Nested brackets could make every `%(` scan to the end of an unbalanced file: past MAX_LOOK, give up (-2).
  const end = Math.min(text.length, from + MAX_LOOK);
  for (let j = from; j < end; j++) {
    const c = text[j];
    if (c === '\\') { j++; continue; }
    if (c === close) {
      if (depth === 0) return j;
      depth--;
    } else if (c === open && close !== open) depth++;
  }
  return end < text.length ? -2 : -1;
}

const PY_PREFIX = /^[rRbBuUfFtT]{1,3}$/;

interface Following { follows: boolean; at: number; reach: number }

/** `followingLiteral` from line starts, during one `scanRange`: a comment block is skipped once, not once per literal before it. */
let followMemo = new Map<number, Following>();

/** Python/Ruby: does another literal follow (whitespace, line continuations and comments between)? Where it starts, and where the look ended. */
function followingLiteral(text: string, from: number, lang: LanguageId): Following {
  const memo = followMemo;
  const lineStarts: number[] = [];
  let j = from;
  const n = text.length;
  let result: Following | undefined;
  while (j < n) {
    if (j > from && text.charCodeAt(j - 1) === NEWLINE) {
      const known = memo.get(j);
      if (known) { result = known; break; }
      lineStarts.push(j);
    }
    const c = text.charCodeAt(j);
    if (c === 32 || c === 9 || c === NEWLINE || c === CR || c === 12) j++;
    else if (c === BACKSLASH && (text.charCodeAt(j + 1) === NEWLINE || text.charCodeAt(j + 1) === CR)) j += 2;
    else if (c === 35 /* # */) {
      const nl = text.indexOf('\n', j);
      j = nl < 0 ? n : nl;
    } else break;
  }
  if (!result) {
    if (j >= n) result = { follows: false, at: n, reach: n };
    else {
      const head = text.slice(j, j + 4);
      const follows = lang === 'python'
        ? /^(?:[rRbBuUfFtT]{0,3})['"]/.test(head)
        : /^['"%]/.test(head);
      result = { follows, at: j, reach: j + 4 };
    }
  }
  for (const l of lineStarts) memo.set(l, result);
  return result;
}

/**
 * Python/Ruby: the literal opening at `i` (a quote, or Ruby `%`): the index of its last
 * character, or -1 when it does not close; `reach` is where the scan stopped either way.
 */
function closeLiteral(text: string, i: number, lang: LanguageId): { last: number; reach: number } {
  const c = text.charCodeAt(i);
  const n = text.length;
  if (lang === 'python') {
    const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
    const end = triple ? closeTriple(text, i + 3, c) : closeQuote(text, i + 1, c, false, true);
    if (end >= 0) return { last: end + (triple ? 2 : 0), reach: end + (triple ? 2 : 0) };
    const nl = triple ? -1 : text.indexOf('\n', i + 1);
    return { last: -1, reach: nl < 0 ? n : nl };
  }
  if (c === 37 /* % */) {
    const q = text[i + 1] === 'q' || text[i + 1] === 'Q' ? 2 : 1;
    const d = text[i + q];
    if (d === undefined || /[\w\s]/.test(d)) return { last: -1, reach: i + q };
    const end = closeRubyPercent(text, i + q + 1, d);
    return { last: end, reach: end === -1 ? n : end === -2 ? i + q + 1 + MAX_LOOK : end };
  }
  const end = closeQuote(text, i + 1, c, true, true);
  return { last: end, reach: end < 0 ? n : end };
}

const MAX_CHAIN = 32;

/**
 * Python/Ruby: the literal opening at `i` and those written right after it (`"a" "b"`, which
 * the grammar joins into one node whose value is judged). Where the statement ends is not
 * known here, so the literal alone and each longer run are all tried.
 */
function scanChain(text: string, i: number, lang: LanguageId): Scanned {
  const first = closeLiteral(text, i, lang);
  // -2: a literal too long to follow here; the tree will tell.
  if (first.last < 0) return { start: i, reach: first.reach, keep: first.last === -2 };
  // Python: letters before the quote may be a prefix (`rb'...'`) or not (`if'...'`): both readings.
  const heads = [i];
  if (lang === 'python') {
    let p = i;
    while (p > i - 3 && p > 0 && /[rRbBuUfFtT]/.test(text[p - 1])) p--;
    if (p < i && PY_PREFIX.test(text.slice(p, i))) heads.push(p);
  }
  let values = heads.flatMap((h) => literalTextValues(text.slice(h, first.last + 1), lang) ?? []);
  let keep = values.some(mayBeReported);
  let last = first.last;
  let reach = first.reach;
  for (let parts = 1; ; parts++) {
    const after = followingLiteral(text, last + 1, lang);
    reach = Math.max(reach, after.reach);
    if (!after.follows || keep) break;
    if (parts >= MAX_CHAIN) { keep = true; break; }
    let q = after.at;
    while (q < text.length && /[A-Za-z]/.test(text[q])) q++;
    const next = closeLiteral(text, q, lang);
    reach = Math.max(reach, next.reach);
    if (next.last === -2) { keep = true; break; }
    if (next.last < 0) break;
    const more = literalTextValues(text.slice(after.at, next.last + 1), lang) ?? [];
    values = values.flatMap((v) => more.map((m) => v + m));
    keep = values.some(mayBeReported);
    last = next.last;
  }
  return { start: i, reach, keep };
}

/** Could a literal with this source text be reported (on any reading of its value)? */
function worthALook(literal: string, lang: LanguageId): boolean {
  const values = literalTextValues(literal, lang);
  if (values === undefined) return true;
  return values.some(mayBeReported);
}

/** Can a JSX attribute value start at `i`: is the last thing before it an `=` (or a comment)? Looks back at most LOOKBACK characters. */
function jsxValueStart(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && j > i - LOOKBACK + 1 && /\s/.test(text[j])) j--;
  if (j < 0) return false;
  // Only blanks as far as it looked: cannot tell.
  if (/\s/.test(text[j])) return true;
  return text[j] === '=' || (text[j] === '/' && text[j - 1] === '*');
}

/** Scans the literal that may open at `i` (an opener character). */
function scanAt(text: string, i: number, lang: LanguageId): Scanned {
  const c = text.charCodeAt(i);
  const n = text.length;
  const keep = (literal: string): boolean => literal.length >= 10 && worthALook(literal, lang);
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      if (c === 96 /* ` */) {
        // A template: its value only matters without `${...}` (interpolated ones are judged on their needles).
        for (let j = i + 1; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === BACKSLASH) { j++; continue; }
          if (d === 36 /* $ */ && text.charCodeAt(j + 1) === 123) return { start: i, reach: j + 1, keep: false };
          if (d === 96) return { start: i, reach: j, keep: j - i - 1 >= 8 && keep(text.slice(i, j + 1)) };
        }
        return { start: i, reach: n, keep: false };
      }
      const end = closeQuote(text, i + 1, c, false, true);
      let reach = end >= 0 ? end : text.indexOf('\n', i + 1);
      if (reach < 0) reach = n;
      let k = end >= 0 && end - i - 1 >= 8 && keep(text.slice(i, end + 1));
      // A JSX attribute string (`name="..."`: after `=`, or a comment) has no escapes and may span lines.
      if (jsxValueStart(text, i)) {
        const jsx = text.indexOf(text[i], i + 1);
        if (jsx < 0) reach = n;
        else if (jsx !== end) {
          reach = Math.max(reach, jsx);
          k ||= jsx - i - 1 >= 8 && keep(text.slice(i, jsx + 1));
        }
      }
      return { start: i, reach, keep: k };
    }
    case 'python':
    case 'ruby':
      return scanChain(text, i, lang);
    case 'go': {
      const end = c === 96 ? closeQuote(text, i + 1, c, true, false) : closeQuote(text, i + 1, c, false, true);
      if (end < 0) return { start: i, reach: c === 96 ? n : (text.indexOf('\n', i + 1) + 1 || n), keep: false };
      return { start: i, reach: end, keep: end - i - 1 >= 8 && keep(text.slice(i, end + 1)) };
    }
    case 'java': {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      const end = triple ? closeTriple(text, i + 3, c) : closeQuote(text, i + 1, c, false, true);
      const close = triple ? 3 : 1;
      if (end < 0) return { start: i, reach: triple ? n : (text.indexOf('\n', i + 1) + 1 || n), keep: false };
      const last = end + close - 1;
      return { start: i, reach: last, keep: end - i - close >= 8 && keep(text.slice(i, last + 1)) };
    }
    case 'php': {
      if (c === 60 /* < */) {
        if (text.charCodeAt(i + 1) !== 60 || text.charCodeAt(i + 2) !== 60) return { start: i, reach: i + 2, keep: false };
        // Heredocs and nowdocs: their value needs the tree; always a candidate.
        return { start: i, reach: i + 2, keep: true };
      }
      const end = closeQuote(text, i + 1, c, true, true);
      if (end < 0) return { start: i, reach: n, keep: false };
      const prefixed = i > 0 && (text[i - 1] === 'b' || text[i - 1] === 'B');
      const k = end - i - 1 >= 8 && (keep(text.slice(i, end + 1)) || (prefixed && keep(text.slice(i - 1, end + 1))));
      return { start: i, reach: end, keep: k };
    }
  }
  return { start: i, reach: i, keep: false };
}

/** What the scans of a text found: per opener position, how far it looked and whether it keeps the literal. */
interface Scans { starts: number[]; reaches: number[]; keeps: number[] }

/** Scans kept between keystrokes: positions in typed arrays (copied and shifted natively). */
interface PackedScans { starts: Int32Array; reaches: Int32Array; keeps: number[] }

const OPENER_RES = new Map<string, RegExp>();

/** Scans every opener in [from, to), appending to `out` (whose entries all lie before `from`). */
function scanRange(text: string, lang: LanguageId, from: number, to: number, out: Scans): void {
  const openers = OPENERS[lang] ?? '';
  let re = OPENER_RES.get(openers);
  if (!re) {
    re = new RegExp(`[${openers.replace(/[\]\\^-]/g, '\\$&')}]`, 'g');
    OPENER_RES.set(openers, re);
  }
  const start = Math.max(0, from);
  const end = Math.min(to, text.length);
  if (start >= end || !openers) return;
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  followMemo = new Map();
  re.lastIndex = 0;
  for (let m = re.exec(part); m; m = re.exec(part)) {
    const i = start + m.index;
    // A quote after an odd run of backslashes is escaped: no literal opens there (and starting
    // at every escaped quote of a long literal would make the scan quadratic).
    let k = i - 1;
    while (k >= 0 && k > i - LOOKBACK && text.charCodeAt(k) === BACKSLASH) k--;
    if ((i - 1 - k) % 2 === 1 && (k < 0 || text.charCodeAt(k) !== BACKSLASH)) continue;
    const x = scanAt(text, i, lang);
    out.starts.push(i);
    out.reaches.push(x.reach);
    if (x.keep) out.keeps.push(i);
  }
}

const NEEDLES = needleRegex(STRONG_TOKEN_NEEDLES, 'g');
const MAX_NEEDLE = Math.max(...STRONG_TOKEN_NEEDLES.map((n) => n.length));

/** Offsets of token-format needles starting in [from, to), appended in order (several needles at one offset count once). */
function needlesIn(text: string, from: number, to: number, out: number[]): void {
  if (from >= to) return;
  const hay = from === 0 && to >= text.length ? text : text.slice(from, Math.min(text.length, to + MAX_NEEDLE - 1));
  NEEDLES.lastIndex = 0;
  for (let m = NEEDLES.exec(hay); m; m = NEEDLES.exec(hay)) {
    const i = from + m.index;
    if (i >= to) break;
    if (out.length === 0 || out[out.length - 1] !== i) out.push(i);
    // Needles overlap (`sk-`, `sk-ant-`): look again from the next character.
    NEEDLES.lastIndex = m.index + 1;
  }
}

interface ScanState { lang: LanguageId; text: string; scans: PackedScans; needles: number[] }

/** The last scan per file (a few files): a keystroke re-scans only around the edit. */
const scanStates = new Map<string, ScanState>();
const MAX_STATES = 8;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 4) {
    while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  }
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let k = 0;
  for (let step = 4096; step >= 16; step >>= 4) {
    while (k + step <= max && a.slice(a.length - k - step, a.length - k) === b.slice(b.length - k - step, b.length - k)) k += step;
  }
  while (k < max && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

function scanText(path: string, text: string, lang: LanguageId): ScanState {
  const prev = scanStates.get(path);
  if (prev && prev.lang === lang && prev.text === text) return prev;
  let next: ScanState;
  if (!prev || prev.lang !== lang) {
    const scans: Scans = { starts: [], reaches: [], keeps: [] };
    scanRange(text, lang, 0, text.length, scans);
    const needles: number[] = [];
    needlesIn(text, 0, text.length, needles);
    next = { lang, text, scans: { starts: Int32Array.from(scans.starts), reaches: Int32Array.from(scans.reaches), keeps: scans.keeps }, needles };
  } else {
    // What changed lies between a common head (p characters) and a common tail (s characters).
    const old = prev.text;
    const p = commonPrefix(old, text);
    const s = commonSuffix(old, text, Math.min(old.length, text.length) - p);
    const delta = text.length - old.length;
    const { starts, reaches, keeps } = prev.scans;
    // Scans that looked only at the head stay, and so do scans that looked only at the tail
    // (they start LOOKBACK or more into it); the others are redone.
    let lo = p;
    let head = 0;
    for (; head < starts.length && starts[head] < p; head++) if (reaches[head] >= p && starts[head] < lo) lo = starts[head];
    while (head > 0 && starts[head - 1] >= lo) head--;
    const hi = Math.min(text.length, text.length - s + LOOKBACK);
    let tail = head;
    while (tail < starts.length && starts[tail] + delta < hi) tail++;
    const mid: Scans = { starts: [], reaches: [], keeps: [] };
    scanRange(text, lang, lo, hi, mid);
    const count = head + mid.starts.length + (starts.length - tail);
    const ns = new Int32Array(count);
    const nr = new Int32Array(count);
    ns.set(starts.subarray(0, head));
    nr.set(reaches.subarray(0, head));
    ns.set(mid.starts, head);
    nr.set(mid.reaches, head);
    const at = head + mid.starts.length;
    for (let k = tail; k < starts.length; k++) {
      ns[at + k - tail] = starts[k] + delta;
      nr[at + k - tail] = reaches[k] + delta;
    }
    const nk: number[] = [];
    for (const x of keeps) if (x < lo) nk.push(x); else break;
    nk.push(...mid.keeps);
    for (const x of keeps) if (x + delta >= hi) nk.push(x + delta);
    const needles: number[] = [];
    const nlo = Math.max(0, p - MAX_NEEDLE + 1);
    const oldTail = old.length - s;
    for (const i of prev.needles) if (i < nlo) needles.push(i); else break;
    needlesIn(text, nlo, text.length - s, needles);
    for (const i of prev.needles) if (i >= oldTail) needles.push(i + delta);
    next = { lang, text, scans: { starts: ns, reaches: nr, keeps: nk }, needles };
  }
  scanStates.delete(path);
  scanStates.set(path, next);
  if (scanStates.size > MAX_STATES) scanStates.delete(scanStates.keys().next().value as string);
  return next;
}

/** The string literal nodes (of the types `STRINGS` captures) that may be reported, in text order. */
function candidateLiterals(context: RuleContext): Node[] {
  const lang = context.language;
  const tree = context.tree;
  const types = STRING_NODE_TYPES[lang];
  if (!tree || !types) return [];
  const state = scanText(context.path, context.text, lang);
  const offsets = [...state.scans.keeps, ...state.needles].sort((a, b) => a - b);
  const root = tree.rootNode;
  const out: Node[] = [];
  const seen = new Set<number>();
  for (const start of offsets) {
    // The literal is the node at the offset (an opening quote) or one to three levels up (from a fragment).
    let n: Node | null = root.namedDescendantForIndex(start, start + 1);
    for (let up = 0; n && !types.has(n.type); up++) n = up < 3 ? n.parent : null;
    if (!n || seen.has(n.startIndex)) continue;
    seen.add(n.startIndex);
    out.push(n);
  }
  out.sort((a, b) => a.startIndex - b.startIndex);
  return out;
}
