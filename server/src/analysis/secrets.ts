/**
 * Secret detection for string literals (Factor III, config).
 *
 * Pure and dependency-free: no I/O, no clock, no globals beyond the language itself. The
 * lint rules (one per source language) find string literals in their syntax trees and ask
 * this module one question: "is `name = value` a hard-coded credential?"
 *
 * Precision comes first. A finding here tells a developer to rotate a credential; a false
 * one in a common pattern (i18n labels, env-var names, storage keys, placeholders in docs,
 * publishable keys, password hashes, SRI digests) gets the whole extension switched off.
 * So every path to a match has to clear two bars:
 *
 *  1. a *well-known token format* (a vendor prefix plus a random body of the right shape,
 *     a private-key block with a real body, a signed JWT, a password inside a URL), whose
 *     random part must itself look random and not like a placeholder; or
 *  2. a *secret-looking name* (its head noun is password / secret / token / a qualified
 *     key / credentials) together with a value that looks like a real credential rather
 *     than a word, an identifier, a path, a URL, a reference or a placeholder.
 *
 * Nothing here ever returns or embeds the secret value itself; `redact` is the only text
 * derived from a value, and it shows at most a 4-character public prefix.
 *
 * Thresholds (checked against random bodies and a 40k-file corpus of real code; see the tests):
 *  - a token body is fake when it holds a placeholder word, six equal characters in a row, an
 *    eight-character sequence, or entropy under 3.0 bits (2.5 for 12-23 characters);
 *  - a name-qualified value needs 8+ characters, two character classes and an entropy of at
 *    least min(3.0, 0.75 * log2(length)) bits per character (0.5 less for hex-only values);
 *    it is 'high' confidence from 16 characters and 3.5 bits, 'medium' below;
 *  - all work is linear in the value's length: quantifiers are bounded, every prefixed
 *    format has a lookbehind so a long run yields one candidate, and each format examines
 *    at most 64 candidates.
 */

export type SecretKind =
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'discord-webhook'
  | 'stripe-key'
  | 'stripe-webhook-secret'
  | 'google-api-key'
  | 'google-oauth-secret'
  | 'sendgrid-key'
  | 'twilio-key'
  | 'openai-key'
  | 'anthropic-key'
  | 'npm-token'
  | 'pypi-token'
  | 'huggingface-token'
  | 'digitalocean-token'
  | 'shopify-token'
  | 'mapbox-secret-token'
  | 'private-key'
  | 'jwt'
  | 'password-in-url'
  | 'connection-string-password'
  | 'generic-secret';

export interface SecretMatch {
  kind: SecretKind;
  /** Human text for messages, e.g. 'Stripe secret key'. Never contains the value. */
  label: string;
  confidence: 'high' | 'medium';
  /** Span of the secret inside the value, set only when the secret is part of the value. */
  start?: number;
  end?: number;
}

// ---------------------------------------------------------------------------------------
// Small helpers

/** Shannon entropy in bits per character (code point), 0 for the empty string. */
export function shannonEntropy(value: string): number {
  if (!value) return 0;
  if (!/[\ud800-\udfff]/.test(value)) return bmpEntropy(value);
  const counts = new Map<string, number>();
  let n = 0;
  for (const ch of value) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    n++;
  }
  let h = 0;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

const charCounts = new Int32Array(65536);
const charOrder: number[] = [];

/**
 * `shannonEntropy` for text without surrogate pairs (each UTF-16 unit a code point), counted in
 * an array instead of a Map: the same sum, in the same order (first occurrences).
 */
function bmpEntropy(value: string): number {
  const n = value.length;
  charOrder.length = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (charCounts[c]++ === 0) charOrder.push(c);
  }
  let h = 0;
  for (const c of charOrder) {
    const p = charCounts[c] / n;
    charCounts[c] = 0;
    h -= p * Math.log2(p);
  }
  return h;
}

interface Classes {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  other: boolean;
  count: number;
}

function charClasses(v: string): Classes {
  const lower = /[a-z]/.test(v);
  const upper = /[A-Z]/.test(v);
  const digit = /[0-9]/.test(v);
  const other = /[^A-Za-z0-9]/.test(v);
  return { lower, upper, digit, other, count: +lower + +upper + +digit + +other };
}

function distinctCount(v: string, stopAt: number): number {
  const seen = new Set<string>();
  for (const ch of v) {
    seen.add(ch);
    if (seen.size >= stopAt) break;
  }
  return seen.size;
}

/** True when `v` contains a run of `min` characters each one code above (or below) the last: 'abcdefgh', '87654321'. */
function hasSequentialRun(v: string, min: number): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < v.length; i++) {
    const d = v.charCodeAt(i) - v.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (up >= min || down >= min) return true;
  }
  return false;
}

/** The whole value is one ascending or descending run, allowing the classic '1234567890'. */
function isWholeSequence(v: string): boolean {
  if (v.length < 4) return false;
  const t = v.replace(/90$/, '9:').toLowerCase();
  return hasSequentialRun(t, t.length);
}

// ---------------------------------------------------------------------------------------
// Placeholders

/** Whole values (lower-cased) that are placeholders or non-values. */
const PLACEHOLDER_EXACT = new Set([
  'none', 'null', 'nil', 'undefined', 'nan', 'true', 'false', 'yes', 'no', 'on', 'off',
  'todo', 'tbd', 'tba', 'fixme', 'n/a', 'na', 'changeme', 'changeit', 'secret', 'password',
  'passwd', 'pass', 'pwd', 'token', 'key', 'apikey', 'test', 'testing', 'dummy', 'example',
  'sample', 'default', 'empty', 'string', 'value', 'foo', 'bar', 'baz', 'foobar', 'qwerty',
  'letmein', 'admin', 'root', 'guest', 'user', 'username', 'demo', 'placeholder', 'hidden',
  'redacted', 'removed', 'private', 'public', 'abc123', 'bearer', 'basic', 'required',
  'optional', 'unset', 'unknown', 'invalid', 'missing', 'notset', 'not_set', 'not-set',
]);

/** Placeholder markers anywhere in a value. */
const PLACEHOLDER_INFIX =
  /example|sample|dummy|placeholder|redacted|change[-_ .]?me|replace[-_ .]?me|fill[-_ .]?me|fake|abc123|123abc|x{4,}|\*{2,}|•|\.{3}|…|(?:^|[-_ .])(?:insert|enter|put|paste|add)[-_ .](?:your|the|a|an|key|token|secret|pass|here)|[-_ .]here$|^not[-_ .]?(?:a[-_ .]?)?(?:real|set|secret|used)/i;
/** 'your' as a word of its own: 'your_api_key', 'YOUR-TOKEN', 'yourSecret', 'YourBase64Credentials'. */
const YOUR_WORD = /(?:^|[^A-Za-z])(?:your|Your|YOUR)(?:[A-Z_\-. ]|$)|[a-z]Your(?:[A-Z_\-. ]|$)/;

/** Template and variable references: the value is filled in elsewhere. */
const TEMPLATE_WHOLE: RegExp[] = [
  /^\$\{[^}]*\}$/, // ${VAR}
  /^\$\{\{[\s\S]*\}\}$/, // ${{ secrets.X }}
  /^\{\{[\s\S]*\}\}$/, // {{ var }}
  /^\{%[\s\S]*%\}$/, // {% ... %}
  /^<%[\s\S]*%>$/, // <%= x %>
  /^%[A-Za-z_][A-Za-z0-9_.]*%$/, // %VAR%
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^\$\([^)]*\)$/, // $(VAR)
  /^#\{[^}]*\}$/, // #{var}
  /^<[^<>]+>$/, // <your-key>
  /^\[[^\][]+\]$/, // [API KEY]
  /^\(\([^()]*\)\)$/, // ((var))
  /^__[A-Za-z0-9_]+__$/, // __TOKEN__
  /^@[A-Za-z0-9_.]+@$/, // @token@
  /^\{[A-Za-z_][\w.-]*\}$/, // {password}
  /^%\([A-Za-z_]\w*\)[sdr]$/, // %(password)s
  /^ENC\([\s\S]*\)$/, // Jasypt-encrypted value
  /^env:[A-Za-z_]\w*$/i, // env:VAR
];

/** Interpolation anywhere: the literal is a template, not the value. */
const INTERPOLATION = /\$\{|\{\{|<%=?|#\{|\$\(/;

/** printf / Python / .NET / Go format directives. */
const FORMAT_DIRECTIVE =
  /%(?:\([A-Za-z_]\w{0,40}\))?[-+ #0]{0,5}(?:\d{1,3}|\*)?(?:\.\d{1,3})?[sdifuxXoeEgGcrqvpT]|\{\d{0,3}(?::[^{}]{0,20})?\}|\{[A-Za-z_][\w.]{0,40}(?:![rsa])?(?::[^{}]{0,20})?\}/;

/**
 * A printf/format template: directives plus words ('%s', 'Bearer %s', 'api_key_%d', '{0}').
 * Random material that happens to contain '%s' (a Django secret key) is not one.
 */
function isFormatString(v: string): boolean {
  if (v.length > 200 || !FORMAT_DIRECTIVE.test(v)) return false;
  const rest = v.replace(new RegExp(FORMAT_DIRECTIVE.source, 'g'), ' ').trim();
  return rest.length < 4 || isIdentifierLike(rest) || isProse(rest);
}

/** Words a placeholder is built from ('mysecretpassword', 'P@ssw0rd1', 'test-token'). */
const VOCAB = new Set([
  'password', 'passwd', 'pass', 'pwd', 'pw', 'passphrase', 'passcode', 'secret', 'key',
  'token', 'api', 'apikey', 'auth', 'access', 'private', 'public', 'client', 'app', 'test',
  'testing', 'tester', 'dummy', 'fake', 'mock', 'sample', 'example', 'demo', 'dev', 'develop',
  'development', 'local', 'localhost', 'prod', 'production', 'stage', 'staging', 'default',
  'change', 'changeme', 'changeit', 'me', 'my', 'your', 'our', 'the', 'this', 'is', 'not',
  'real', 'super', 'top', 'very', 'ultra', 'strong', 'secure', 'insecure', 'safe', 'random',
  'string', 'some', 'value', 'here', 'insert', 'replace', 'admin', 'administrator', 'root',
  'user', 'username', 'login', 'guest', 'owner', 'master', 'db', 'database', 'postgres',
  'postgresql', 'mysql', 'mariadb', 'mongo', 'mongodb', 'redis', 'rabbit', 'rabbitmq',
  'amqp', 'sql', 'jwt', 'session', 'cookie', 'signing', 'encryption', 'hash', 'salt', 'foo',
  'bar', 'baz', 'qux', 'quux', 'foobar', 'hello', 'world', 'abc', 'xyz', 'qwerty', 'asdf',
  'letmein', 'welcome', 'open', 'sesame', 'none', 'null', 'empty', 'todo', 'fixme', 'temp',
  'tmp', 'placeholder', 'sandbox', 'stub', 'dead', 'beef', 'cafe', 'babe', 'face', 'feed',
  'coffee', 'new', 'old', 'docker', 'compose', 'service', 'server', 'web', 'site', 'project',
  'backend', 'frontend', 'github', 'gitlab', 'slack', 'stripe', 'aws', 'google', 'openai',
  'npm', 'keystore', 'android', 'debug', 'ci', 'shh', 'shhh', 'word', 'phrase', 'code',
  'pin', 'credential', 'credentials', 'creds', 'for', 'and', 'of', 'to', 'only', 'use',
  'do', 'dont', 'sesame', 'verification', 'verify', 'webhook', 'bot', 'account', 'tls',
  'ssl', 'cert', 'smtp', 'mail', 'email', 'ftp', 'ssh', 'ldap', 'vault', 'keycloak', 'pg',
  'sensitive', 'confidential', 'classified', 'protected', 'sekret', 'sekrit', 'wrong', 'bad',
  'invalid', 'incorrect', 'good', 'right', 'correct', 'other', 'another', 'info', 'yes', 'ok',
  'base', 'encoded', 'encode', 'bytes', 'hex',
  // the demo personas of docs and tests: scott/tiger, alice/bob
  'scott', 'tiger', 'alice', 'bob', 'eve', 'mallory', 'carol', 'dave', 'john', 'jane', 'doe',
]);
const VOCAB_MAX_WORD = 16;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i' };

/** 'P@ssw0rd1' -> 'password': leet characters between two letters become letters, then keep letters. */
function delettered(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    if (/[A-Za-z]/.test(ch)) out += ch;
    else if (LEET[ch] && /[A-Za-z]/.test(v[i - 1] ?? '') && /[A-Za-z]/.test(v[i + 1] ?? '')) out += LEET[ch];
  }
  return out.toLowerCase();
}

/** Can `s` be split entirely into VOCAB words? (Bounded: only short strings are tried.) */
function vocabularyOnly(s: string): boolean {
  if (s.length < 3 || s.length > 64) return false;
  const ok: boolean[] = new Array<boolean>(s.length + 1).fill(false);
  ok[0] = true;
  for (let i = 1; i <= s.length; i++) {
    for (let j = Math.max(0, i - VOCAB_MAX_WORD); j < i && !ok[i]; j++) {
      if (ok[j] && VOCAB.has(s.slice(j, i))) ok[i] = true;
    }
  }
  return ok[s.length];
}

/** Whitespace-separated text that reads as words: a label, a message, a sentence. */
function isProse(v: string): boolean {
  if (!/\s/.test(v)) return false;
  const parts = v.trim().split(/\s+/);
  if (parts.length < 2) return false;
  // ASCII text: the same word shape without Unicode property classes (much cheaper).
  const word = /^[\x00-\x7f]*$/.test(v) ? /^[("']{0,2}[A-Za-z][A-Za-z'-]*[.,:;!?)"]{0,3}'?$/ : /^[("'¿¡]{0,2}\p{L}[\p{L}'’-]*[.,:;!?)"]{0,3}'?$/u;
  let words = 0;
  for (const p of parts) {
    if (p.length <= 40 && (word.test(p) || /^\d+[.,:]?$/.test(p))) words++;
  }
  return words >= 2 && words * 2 > parts.length;
}

/** Path segments that read as names, not as random data. */
function isWordySegment(seg: string): boolean {
  return /^[a-z0-9_.@~+-]+$/.test(seg) || /^[A-Z][a-z0-9_.-]+$/.test(seg) || /^[A-Z_.-]*(?:\d+[A-Z_.-]*)?$/.test(seg);
}

const FILE_EXT =
  /\.(?:pem|key|crt|cer|der|p8|p12|pfx|jks|keystore|truststore|json|ya?ml|txt|env|ini|conf|cfg|toml|properties|xml|gpg|asc|pub|ppk|js|mjs|cjs|ts|py|rb|go|java|php|sh|log|db|sqlite|csv|html?|md)$/i;

function isPathLike(v: string): boolean {
  if (/\s/.test(v) && !/^[A-Za-z]:\\|^\//.test(v)) return false;
  if (/^(?:\.{1,2}[\\/]|~[\\/]|[A-Za-z]:[\\/]|\\\\)/.test(v)) return true;
  if (/^[\w.@-]+$/.test(v) && FILE_EXT.test(v) && /[A-Za-z]/.test(v.replace(FILE_EXT, ''))) return true;
  if (v.includes('/')) {
    if (/[+=]/.test(v) && !FILE_EXT.test(v)) return false; // standard base64 uses + and =
    const segs = v.split('/').filter((s) => s.length > 0);
    if (segs.length === 0) return true; // '/', '//'
    if (segs.every(isWordySegment) && segs.some((s) => /[A-Za-z]{2}/.test(s))) return true;
    if (FILE_EXT.test(v) && segs.slice(0, -1).every(isWordySegment)) return true;
  }
  return false;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]{1,30}:\/\//i;

function isUrlWithoutCredentials(v: string): boolean {
  if (/^(?:mailto|urn|data|tel|sms|javascript|about|blob|arn):/i.test(v)) return true;
  if (!URL_SCHEME.test(v)) return false;
  return findUrlPassword(v) === null;
}

/**
 * Placeholders and non-values that must never be flagged: empty, 'changeme', 'xxx', '<your-key>',
 * 'your_api_key_here', '${VAR}', '{{ var }}', '%VAR%', '$VAR', '***', 'TODO', words and
 * compounds of placeholder words ('password123', 'P@ssw0rd', 'my-secret-key'), repeated or
 * sequential characters, prose, format strings, paths, and URLs without credentials.
 *
 * A value that carries a well-known token format (a Slack webhook URL, an API key inside a
 * sentence or a URL) is never a placeholder, whatever its outer shape. A Stripe test key is
 * not a placeholder either: it is a secret, reported with medium confidence.
 */
export function isPlaceholder(value: string): boolean {
  if (typeof value !== 'string') return true;
  return placeholderShape(value) && detectTokenFormat(value) === null;
}

function placeholderShape(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_EXACT.has(lower)) return true;
  if (TEMPLATE_WHOLE.some((re) => re.test(v))) return true;
  if (INTERPOLATION.test(v)) return true;
  if (/^[xX*•.#?_\-0\s]+$/.test(v)) return true; // masks: 'XXXXXXXX', '***', '••••', '----'
  if (v.length >= 2 && distinctCount(v, 3) <= 2) return true; // 'aaaa', 'abab', '0000'
  if (isWholeSequence(v)) return true; // '12345678', 'abcdefgh'
  if (PLACEHOLDER_INFIX.test(v) || YOUR_WORD.test(v)) return true;
  if (hasSequentialRun(v, 5)) return true; // '12345', 'abcde' inside
  if (v.length <= 256) {
    const letters = delettered(v);
    const plainLetters = v.replace(/[^A-Za-z]/g, '').toLowerCase();
    if (vocabularyOnly(letters) || vocabularyOnly(plainLetters)) return true;
  }
  return isFormatString(v) || isProse(v) || isPathLike(v) || isUrlWithoutCredentials(v);
}

/** Long placeholder words: negligible odds of occurring by chance even in a 2 KB random body. */
const FAKE_WORDS_LONG = /example|sample|dummy|placeholder|redacted|replace[-_]?me|change[-_]?me|your[-_]?(?:api|token|secret|key)/i;
/** Short markers: only trusted in short bodies, where a chance hit is rare enough. */
const FAKE_WORDS_SHORT = /xxxx|XXXX|fake|Fake|FAKE|your|Your|YOUR|insert|INSERT|token|TOKEN|secret|SECRET|\*{3}|\.{3}|…/;

/**
 * The random part of a token looks fake: placeholder words, runs of one character,
 * sequences ('abcdefgh', '12345678') or low entropy. Tuned so that genuinely random bodies
 * of every supported format almost never trip it (see the tests' random-body property).
 */
function isFakeBody(body: string, checkRuns = true): boolean {
  if (FAKE_WORDS_LONG.test(body)) return true;
  if (body.length < 64 && FAKE_WORDS_SHORT.test(body)) return true;
  if (checkRuns && /(.)\1{5}/.test(body)) return true;
  if (hasSequentialRun(body, 8)) return true;
  if (body.length >= 12 && shannonEntropy(body) < (body.length >= 24 ? 3.0 : 2.5)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------
// Known non-secrets

const UUID = /^(?:urn:uuid:)?\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const PUBLIC_PEM = /^-----BEGIN (?:PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE|TRUSTED CERTIFICATE|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|X509 CRL|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PGP MESSAGE|DH PARAMETERS|EC PARAMETERS|SSH2 PUBLIC KEY)-----/;
const SSH_PUBLIC = /^(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+AAAA[A-Za-z0-9+/=]+/;
const NON_SECRET_SHAPES: RegExp[] = [
  /^pk_(?:live|test)_[A-Za-z0-9]+$/, // Stripe publishable key
  /^pk\.eyJ[A-Za-z0-9_.-]+$/, // Mapbox public token
  /^sb_publishable_[A-Za-z0-9_-]+$/, // Supabase publishable key
  /^[0-9]+-[0-9a-z]+\.apps\.googleusercontent\.com$/, // Google OAuth client id
  /^(?:sha1|sha224|sha256|sha384|sha512|md5)[-:=][A-Za-z0-9+/=_-]{16,}$/i, // SRI / digests
  /^\$2[abxy]?\$\d{1,2}\$[./A-Za-z0-9]{53}$/, // bcrypt hash
  /^\$argon2(?:id|i|d)\$/, // argon2 hash
  /^\$(?:1|5|6|y|7|gy|sha1|md5|scrypt|pbkdf2(?:-sha\d+)?)\$[^\s]+$/, // crypt(3) family
  /^(?:pbkdf2_sha256|pbkdf2_sha1|bcrypt_sha256|bcrypt|argon2|scrypt|sha1|md5)\$[^\s$]+\$\S+$/, // Django hashes
  /^\{(?:SSHA|SHA|SSHA256|SSHA512|SHA256|SHA512|CRYPT|BCRYPT|ARGON2|PBKDF2[-\w]*|MD5|SMD5)\}\S+$/i, // LDAP hashes
  /^AC[0-9a-f]{32}$/, // Twilio account SID (an identifier)
  /^(?:AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA|ASCA|AKPA)[A-Z0-9]{16}$/, // AWS unique ids, not keys
  /^0x[0-9a-fA-F]{40}$/, // Ethereum address (public)
  /^data:[\w.+-]+\/[\w.+-]+[;,]/, // data: URI
  /^ENC\([\s\S]*\)$/, // Jasypt ciphertext
  /^(?:arn|vault|ssm|secretsmanager|awskms|gcpkms|azurekeyvault|azurekv|kms|op|bws|doppler|infisical|sops):/i, // references
];

/**
 * Values that look like credentials but are not secret: UUIDs, public keys and
 * certificates, SSH public keys, Stripe publishable keys, Google OAuth client ids, SRI and
 * digest strings, password hashes (bcrypt, argon2, crypt, Django, LDAP), identifiers (Twilio
 * account SIDs, AWS user/role ids), encrypted values, secret-manager references, and
 * Supabase 'anon' JWTs (public by design).
 */
export function isKnownNonSecret(value: string): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (!v) return false;
  if (UUID.test(v)) return true;
  if (PUBLIC_PEM.test(v) && !/PRIVATE KEY/.test(v)) return true;
  if (SSH_PUBLIC.test(v)) return true;
  if (NON_SECRET_SHAPES.some((re) => re.test(v))) return true;
  if (v.startsWith('eyJ')) {
    const jwt = inspectJwt(v, 0, v.length);
    if (jwt && jwt.public) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// JWT

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** base64 / base64url -> latin-1 string; null on a bad character. Bounded by the caller. */
function base64Decode(s: string): string | null {
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const ch of s) {
    let idx: number;
    if (ch === '-' || ch === '+') idx = 62;
    else if (ch === '_' || ch === '/') idx = 63;
    else if (ch === '=') break;
    else {
      idx = B64_ALPHABET.indexOf(ch);
      if (idx < 0) return null;
    }
    acc = ((acc << 6) | idx) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

function parseJsonObject(s: string | null): Record<string, unknown> | null {
  if (s === null) return null;
  try {
    const o: unknown = JSON.parse(s);
    return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

interface JwtInfo {
  /** Publishable by design (Supabase 'anon' key). */
  public: boolean;
  /** A famous documentation sample (jwt.io). */
  sample: boolean;
}

/** Decodes `header.payload.signature` in value[start,end); null unless it is a signed JWT. */
function inspectJwt(value: string, start: number, end: number): JwtInfo | null {
  const parts = value.slice(start, end).split('.');
  if (parts.length !== 3 || parts[0].length > 4000 || parts[1].length > 16000) return null;
  const header = parseJsonObject(base64Decode(parts[0]));
  if (!header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return null;
  if (parts[2].length < 16) return null;
  const payload = parseJsonObject(base64Decode(parts[1]));
  if (!payload) return null;
  const isPublic = payload.role === 'anon';
  const sample =
    (payload.sub === '1234567890' && (payload.name === 'John Doe' || payload.admin === true)) ||
    Object.values(payload).some((x) => typeof x === 'string' && /example|sample|dummy|placeholder|fake/i.test(x));
  return { public: isPublic, sample };
}

// ---------------------------------------------------------------------------------------
// Token formats

interface Found {
  kind: SecretKind;
  label: string;
  confidence: 'high' | 'medium';
  start: number;
  end: number;
}

interface RegexFormat {
  kind: SecretKind;
  /** Literal substrings, one of which must occur for the regex to be tried. */
  needles: string[];
  /** Global regex; group `body` is the random part checked for placeholders. */
  regex: RegExp;
  label: (m: RegExpExecArray) => string;
  confidence?: (m: RegExpExecArray) => 'high' | 'medium';
  /** Extra shape checks on the match (beyond the fake-body check). */
  accept?: (m: RegExpExecArray) => boolean;
  /** The body must mix at least two character classes (random base62 has all three). */
  mixed?: boolean;
}

const B = '(?<![A-Za-z0-9_])'; // left boundary for prefixes
const BD = '(?<![A-Za-z0-9_-])'; // left boundary where '-' is part of tokens
const E = '(?![A-Za-z0-9_])';
const ED = '(?![A-Za-z0-9_-])';

const GITHUB_LABELS: Record<string, string> = {
  ghp: 'GitHub personal access token',
  gho: 'GitHub OAuth access token',
  ghu: 'GitHub user-to-server token',
  ghs: 'GitHub server-to-server token',
  ghr: 'GitHub refresh token',
};

const SLACK_LABELS: Record<string, string> = {
  xoxb: 'Slack bot token',
  xoxp: 'Slack user token',
  xoxa: 'Slack workspace access token',
  xoxr: 'Slack refresh token',
  xoxs: 'Slack session token',
  xoxo: 'Slack token',
  xoxe: 'Slack configuration token',
};

const REGEX_FORMATS: RegexFormat[] = [
  {
    kind: 'aws-access-key',
    needles: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    regex: new RegExp(`(?<![A-Za-z0-9])(?<prefix>AKIA|ASIA|ABIA|ACCA)(?<body>[A-Z0-9]{16})(?![A-Za-z0-9])`, 'g'),
    label: (m) => (m.groups?.prefix === 'ASIA' ? 'AWS temporary access key ID' : 'AWS access key ID'),
  },
  {
    kind: 'github-token',
    needles: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    regex: new RegExp(`${B}(?<prefix>gh[pousr])_(?<body>[A-Za-z0-9]{36,251})${E}`, 'g'),
    label: (m) => GITHUB_LABELS[m.groups?.prefix ?? ''] ?? 'GitHub token',
    mixed: true,
  },
  {
    kind: 'github-token',
    needles: ['github_pat_'],
    regex: new RegExp(`${B}github_pat_(?<body>[A-Za-z0-9]{20,}_[A-Za-z0-9]{40,})${E}`, 'g'),
    label: () => 'GitHub fine-grained personal access token',
    mixed: true,
  },
  {
    kind: 'gitlab-token',
    needles: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glsoat-', 'gloas-', 'glcbt-', 'glimt-', 'glagent-'],
    regex: new RegExp(`${BD}(?<prefix>glpat|gldt|glrt|glptt|glft|glsoat|gloas|glcbt|glimt|glagent)-(?<body>[A-Za-z0-9_-]{20,300}(?:\\.[A-Za-z0-9]{2,16}){0,2})${ED}`, 'g'),
    label: (m) => (m.groups?.prefix === 'glpat' ? 'GitLab personal access token' : 'GitLab token'),
  },
  {
    kind: 'slack-token',
    needles: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxo-', 'xoxe-'],
    regex: new RegExp(`${BD}(?<prefix>xox[bpaorse])-(?<body>[0-9]{1,15}-[A-Za-z0-9-]{8,250})${ED}`, 'g'),
    label: (m) => SLACK_LABELS[m.groups?.prefix ?? ''] ?? 'Slack token',
    accept: (m) => {
      const body = m.groups?.body ?? '';
      return /[A-Za-z]/.test(body) && (body.match(/[0-9]/g)?.length ?? 0) >= 4 && /[A-Za-z0-9]{8,}/.test(body.replace(/^[0-9]+-/, ''));
    },
  },
  {
    kind: 'slack-token',
    needles: ['xapp-'],
    regex: new RegExp(`${BD}xapp-(?<body>[0-9]-[A-Z0-9]{6,}-[0-9]{6,}-[A-Za-z0-9]{20,})${ED}`, 'g'),
    label: () => 'Slack app-level token',
  },
  {
    kind: 'slack-webhook',
    needles: ['hooks.slack.com/'],
    regex: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<body>[A-Za-z0-9]{6,20}\/[A-Za-z0-9]{6,20}\/(?:[0-9]{3,20}\/)?[A-Za-z0-9]{16,64})(?![A-Za-z0-9])/g,
    label: () => 'Slack webhook URL',
  },
  {
    kind: 'discord-webhook',
    needles: ['/api/webhooks/'],
    regex: /(?:https?:\/\/)?(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]{15,22}\/(?<body>[A-Za-z0-9_-]{60,80})(?![A-Za-z0-9_-])/g,
    label: () => 'Discord webhook URL',
  },
  {
    kind: 'stripe-key',
    needles: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'],
    regex: new RegExp(`${B}(?<prefix>[sr]k)_(?<mode>live|test)_(?<body>[A-Za-z0-9]{20,247})${E}`, 'g'),
    label: (m) =>
      `Stripe ${m.groups?.mode === 'test' ? 'test-mode ' : ''}${m.groups?.prefix === 'rk' ? 'restricted' : 'secret'} key`,
    confidence: (m) => (m.groups?.mode === 'test' ? 'medium' : 'high'),
    mixed: true,
  },
  {
    kind: 'stripe-webhook-secret',
    needles: ['whsec_'],
    regex: new RegExp(`${B}whsec_(?<body>[A-Za-z0-9+/]{32,100}={0,2})(?![A-Za-z0-9+/=_])`, 'g'),
    label: () => 'webhook signing secret',
  },
  {
    kind: 'google-api-key',
    needles: ['AIza'],
    regex: new RegExp(`${BD}AIza(?<body>[A-Za-z0-9_-]{35})${ED}`, 'g'),
    label: () => 'Google API key',
  },
  {
    kind: 'google-oauth-secret',
    needles: ['GOCSPX-'],
    regex: new RegExp(`${BD}GOCSPX-(?<body>[A-Za-z0-9_-]{28})${ED}`, 'g'),
    label: () => 'Google OAuth client secret',
  },
  {
    kind: 'sendgrid-key',
    needles: ['SG.'],
    regex: new RegExp(`${BD}SG\\.(?<body>[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})${ED}`, 'g'),
    label: () => 'SendGrid API key',
  },
  {
    // An API key SID: half of a credential pair, like an AWS key id. The account SID (AC...)
    // is an identifier and is listed among the known non-secrets.
    kind: 'twilio-key',
    needles: ['SK'],
    regex: new RegExp(`${B}SK(?<body>[0-9a-f]{32})${E}`, 'g'),
    label: () => 'Twilio API key SID',
    confidence: () => 'medium',
    accept: (m) => /[a-f]/.test(m.groups?.body ?? '') && /[0-9]/.test(m.groups?.body ?? ''),
  },
  {
    kind: 'anthropic-key',
    needles: ['sk-ant-'],
    regex: new RegExp(`${BD}sk-ant-(?<prefix>[a-z]{2,8}[0-9]{2})-(?<body>[A-Za-z0-9_-]{80,200})${ED}`, 'g'),
    label: (m) => (m.groups?.prefix?.startsWith('admin') ? 'Anthropic admin API key' : 'Anthropic API key'),
  },
  {
    kind: 'openai-key',
    needles: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-None-'],
    regex: new RegExp(`${BD}sk-(?:proj|svcacct|admin|None)-(?<body>[A-Za-z0-9_-]{40,300})${ED}`, 'g'),
    label: () => 'OpenAI API key',
    mixed: true,
  },
  {
    kind: 'openai-key',
    needles: ['sk-'],
    regex: new RegExp(`${BD}sk-(?<body>[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})${ED}`, 'g'),
    label: () => 'OpenAI API key',
    mixed: true,
  },
  {
    kind: 'npm-token',
    needles: ['npm_'],
    regex: new RegExp(`${B}npm_(?<body>[A-Za-z0-9]{36})${E}`, 'g'),
    label: () => 'npm access token',
    mixed: true,
  },
  {
    kind: 'pypi-token',
    needles: ['pypi-AgE'],
    regex: new RegExp(`${BD}pypi-(?<body>AgE[A-Za-z0-9_-]{50,})${ED}`, 'g'),
    label: () => 'PyPI API token',
  },
  {
    kind: 'huggingface-token',
    needles: ['hf_'],
    regex: new RegExp(`${B}hf_(?<body>[A-Za-z]{34})${E}`, 'g'),
    label: () => 'Hugging Face access token',
    mixed: true,
    accept: (m) => /[a-z]/.test(m.groups?.body ?? '') && /[A-Z]/.test(m.groups?.body ?? ''),
  },
  {
    kind: 'digitalocean-token',
    needles: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    regex: new RegExp(`${B}do[por]_v1_(?<body>[a-f0-9]{64})${E}`, 'g'),
    label: () => 'DigitalOcean token',
  },
  {
    kind: 'shopify-token',
    needles: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    regex: new RegExp(`${B}shp(?:at|ca|pa|ss)_(?<body>[a-fA-F0-9]{32})${E}`, 'g'),
    label: () => 'Shopify access token',
  },
  {
    kind: 'mapbox-secret-token',
    needles: ['sk.eyJ'],
    regex: new RegExp(`${B}sk\\.(?<body>eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,})${ED}`, 'g'),
    label: () => 'Mapbox secret token',
  },
];

/**
 * Substrings at least one of which every format finder needs before it looks further (the
 * regex formats' needles, a private-key header, a JWT, a URL); connection strings need
 * `pass`/`pwd` in any case. One test of these rejects most values at once.
 */
const FORMAT_NEEDLE = needleRegex([...REGEX_FORMATS.flatMap((f) => f.needles), 'PRIVATE KEY', 'eyJ', '://']);
const CONN_NEEDLE = /pass|pwd/i;
/** The regex formats' needles alone: without one of them no regex format needs a look. */
const REGEX_FORMAT_NEEDLE = needleRegex(REGEX_FORMATS.flatMap((f) => f.needles));

/**
 * A regex that matches where any of the strings starts, written as a trie
 * (`A(?:KIA|SIA|...)|g(?:h[...]...)`): much faster than a flat alternation on short values.
 */
export function needleRegex(needles: readonly string[], flags = ''): RegExp {
  interface Trie { end?: boolean; next: Map<string, Trie> }
  const root: Trie = { next: new Map() };
  for (const n of needles) {
    let t = root;
    for (const ch of n) {
      let u = t.next.get(ch);
      if (!u) { u = { next: new Map() }; t.next.set(ch, u); }
      t = u;
    }
    t.end = true;
  }
  const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // A needle that is a prefix of another ends the branch: where the longer one starts, so does it.
  const emit = (t: Trie): string => {
    if (t.end) return '';
    const alts = [...t.next].map(([c, u]) => esc(c) + emit(u));
    return alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
  };
  return new RegExp(emit(root) || '(?!)', flags);
}

/** Cheap necessary condition for `allFormats` to find anything. */
function mayHaveFormat(value: string): boolean {
  return FORMAT_NEEDLE.test(value) || CONN_NEEDLE.test(value);
}

/**
 * Needles of the formats that can be reported with high confidence (all but Twilio key SIDs,
 * whose `SK` prefix is everywhere): a high-confidence format match in a text contains one.
 */
export const STRONG_TOKEN_NEEDLES: readonly string[] = [
  ...new Set([...REGEX_FORMATS.filter((f) => f.kind !== 'twilio-key').flatMap((f) => f.needles), 'PRIVATE KEY', 'eyJ']),
];

/** A cheap necessary condition for `detectTokenFormat(value)` to find anything (a format's needle or a connection string's mark). */
export function mayHaveTokenFormat(value: string): boolean {
  return typeof value === 'string' && value.length >= 8 && mayHaveFormat(value);
}

/** Does any format's shape occur in the value, whether or not its body passed the checks? */
function hasFormatShape(value: string): boolean {
  for (const f of REGEX_FORMAT_NEEDLE.test(value) ? REGEX_FORMATS : []) {
    if (!f.needles.some((n) => value.includes(n))) continue;
    f.regex.lastIndex = 0;
    const hit = f.regex.test(value);
    f.regex.lastIndex = 0;
    if (hit) return true;
  }
  JWT_SHAPE.lastIndex = 0;
  return value.includes('eyJ') && JWT_SHAPE.test(value);
}

const JWT_SHAPE = /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{8,16000}\.[A-Za-z0-9_-]{0,2000}/;

/** At most this many candidate matches of one format are examined per value. */
const MAX_CANDIDATES = 64;

function findRegexFormat(value: string, f: RegexFormat): Found | null {
  if (!f.needles.some((n) => value.includes(n))) return null;
  f.regex.lastIndex = 0;
  let m: RegExpExecArray | null;
  let tries = 0;
  while ((m = f.regex.exec(value)) !== null && tries++ < MAX_CANDIDATES) {
    if (m[0].length === 0) f.regex.lastIndex++;
    const body = m.groups?.body ?? m[0];
    if (isFakeBody(body)) continue;
    if (f.mixed) {
      const c = charClasses(body.replace(/[^A-Za-z0-9]/g, ''));
      if (c.count < 2) continue;
    }
    if (f.accept && !f.accept(m)) continue;
    return {
      kind: f.kind,
      label: f.label(m),
      confidence: f.confidence ? f.confidence(m) : 'high',
      start: m.index,
      end: m.index + m[0].length,
    };
  }
  return null;
}

const PRIVATE_KEY_HEADER =
  /-----BEGIN (?<type>(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED |ANY )?PRIVATE KEY(?: BLOCK)?)-----/g;

const PRIVATE_KEY_LABELS: Record<string, string> = {
  'RSA PRIVATE KEY': 'RSA private key',
  'EC PRIVATE KEY': 'EC private key',
  'DSA PRIVATE KEY': 'DSA private key',
  'OPENSSH PRIVATE KEY': 'OpenSSH private key',
  'ENCRYPTED PRIVATE KEY': 'encrypted private key',
  'PGP PRIVATE KEY BLOCK': 'PGP private key',
};

/** A PEM private-key block with a real base64 body; a bare header (a constant in parsing code) does not count. */
function findPrivateKey(value: string): Found | null {
  if (!value.includes('PRIVATE KEY')) return null;
  PRIVATE_KEY_HEADER.lastIndex = 0;
  let m: RegExpExecArray | null;
  let tries = 0;
  while ((m = PRIVATE_KEY_HEADER.exec(value)) !== null && tries++ < MAX_CANDIDATES) {
    const type = m.groups?.type ?? 'PRIVATE KEY';
    const after = m.index + m[0].length;
    const window = value.slice(after, after + 8192);
    const lines = window.split(/\r?\n|\r|\\r\\n|\\n/);
    let body = '';
    let started = false;
    for (const raw of lines) {
      const line = raw.trim();
      if (line === '' && !started) continue;
      if (!started && /^[A-Za-z-]+:\s/.test(line)) continue; // PEM headers: Proc-Type, DEK-Info, Version, Comment
      if (/^[A-Za-z0-9+/=]+$/.test(line)) {
        started = true;
        body += line;
        continue;
      }
      break;
    }
    if (body.length < 64 || shannonEntropy(body) < 4.5) continue;
    if (isFakeBody(body, false)) continue;
    const endMarker = value.indexOf('-----END ', after);
    let end = after + Math.min(window.length, body.length);
    if (endMarker >= 0 && endMarker - after <= window.length) {
      const close = value.indexOf('-----', endMarker + 9);
      end = close >= 0 ? close + 5 : endMarker;
    }
    return {
      kind: 'private-key',
      label: PRIVATE_KEY_LABELS[type] ?? 'private key',
      confidence: type.startsWith('ENCRYPTED') || type.startsWith('SSH2 ENCRYPTED') ? 'medium' : 'high',
      start: m.index,
      end,
    };
  }
  return null;
}

const JWT_RE = /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{8,16000}\.[A-Za-z0-9_-]{16,2000}(?![A-Za-z0-9_-])/g;

function findJwt(value: string): Found | null {
  if (!value.includes('eyJ')) return null;
  JWT_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let tries = 0;
  while ((m = JWT_RE.exec(value)) !== null && tries++ < MAX_CANDIDATES) {
    const start = m.index;
    const end = start + m[0].length;
    const info = inspectJwt(value, start, end);
    if (!info || info.public || info.sample) continue;
    const sig = m[0].slice(m[0].lastIndexOf('.') + 1);
    if (isFakeBody(sig)) continue;
    return { kind: 'jwt', label: 'signed JSON Web Token', confidence: 'high', start, end };
  }
  return null;
}

/** How far either side of a needle `strongNeedleAt` reads. */
export const STRONG_NEEDLE_REACH = 4010;

/** The character class a regex's leading lookbehind excludes (`(?<![A-Za-z0-9_])`), if it has one. */
function leftBoundary(re: RegExp): RegExp | undefined {
  const m = /^\(\?<!(\[[^\]]*\])\)/.exec(re.source);
  return m ? new RegExp(m[1]) : undefined;
}

/** Per strong needle, the left boundaries of the formats that start with it (undefined: none). */
const NEEDLE_BOUNDARIES = new Map<string, (RegExp | undefined)[]>();
for (const f of REGEX_FORMATS) {
  if (f.kind === 'twilio-key') continue;
  for (const n of f.needles) NEEDLE_BOUNDARIES.set(n, [...(NEEDLE_BOUNDARIES.get(n) ?? []), leftBoundary(f.regex)]);
}
NEEDLE_BOUNDARIES.set('eyJ', [leftBoundary(JWT_RE)]);
NEEDLE_BOUNDARIES.set('PRIVATE KEY', [undefined]);

/** After a JWT's `eyJ` in source text: its first segment, then the dot (or an escape, or the literal's end). */
const JWT_HEAD = /eyJ[A-Za-z0-9_-]{0,4000}[.\\'"`]/y;

/**
 * Could a high-confidence format start at `at` of a literal's source text, where one of
 * `STRONG_TOKEN_NEEDLES` starts? Not when the character before is one its format's left
 * boundary excludes (`task-` holds `sk-`, `DASIA` holds `ASIA`), nor for a JWT whose first
 * segment ends without a dot (`base64,eyJ...` of a source map). An escape sequence or the
 * literal's end may stand where the value differs from the source: a backslash in the 10
 * characters before, a backslash or a quote after a JWT's first segment, let it pass.
 */
export function strongNeedleAt(text: string, at: number): boolean {
  let escaped = false;
  for (let k = Math.max(0, at - 10); k < at && !escaped; k++) escaped = text.charCodeAt(k) === 92;
  const before = escaped ? undefined : text[at - 1];
  for (const [needle, bounds] of NEEDLE_BOUNDARIES) {
    if (!text.startsWith(needle, at)) continue;
    if (before !== undefined && bounds.every((b) => b?.test(before))) continue;
    if (needle === 'eyJ') {
      JWT_HEAD.lastIndex = at;
      if (!JWT_HEAD.test(text)) continue;
    }
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Passwords in URLs and connection strings

interface UrlPassword {
  scheme: string;
  user: string;
  password: string;
  host: string;
  /** Span of the password inside the value. */
  start: number;
  end: number;
}

/** Finds `scheme://user:password@host` by scanning around each '://'. Linear in the value. */
function findUrlPassword(value: string): UrlPassword | null {
  let from = 0;
  let tries = 0;
  for (;;) {
    const i = value.indexOf('://', from);
    if (i < 0 || tries++ > MAX_CANDIDATES) return null;
    from = i + 3;
    let s = i;
    while (s > 0 && i - s < 32 && /[A-Za-z0-9+.-]/.test(value[s - 1])) s--;
    if (s === i || !/[A-Za-z]/.test(value[s])) continue;
    let e = i + 3;
    const limit = Math.min(value.length, i + 3 + 2048);
    while (e < limit && !/[\s/?#"'`<>\\]/.test(value[e])) e++;
    const authority = value.slice(i + 3, e);
    const at = authority.lastIndexOf('@');
    if (at <= 0) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) continue;
    const user = userinfo.slice(0, colon);
    const password = userinfo.slice(colon + 1);
    const host = authority.slice(at + 1);
    if (!password || !host) continue;
    const start = i + 3 + colon + 1;
    return { scheme: value.slice(s, i).toLowerCase(), user, password, host, start, end: start + password.length };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Documentation hosts: example.com and friends (RFC 2606 / 6761). */
function isDocHost(host: string): boolean {
  const h = host.toLowerCase().replace(/:\d*$/, '');
  return /(?:^|\.)example(?:\.(?:com|org|net))?$/.test(h) || /\.(?:invalid|example)$/.test(h) || /^(?:host|hostname|server|your[-_.]?host)$/.test(h);
}

/** Hosts that only exist on a developer's machine or in a local compose file. */
function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/:\d*$/, '').replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.test') ||
    /^127\./.test(h) || h === '::1' || h === '0.0.0.0' || h === 'host.docker.internal' ||
    /^[a-z0-9_-]+$/.test(h) // single-label: a compose service name ('db', 'postgres')
  );
}

/** A password that is a real value: not a placeholder, a mask, a reference or a default equal to the user. */
function isRealPassword(user: string, password: string): boolean {
  const pw = safeDecode(password);
  if (pw.length < 3) return false;
  if (isPlaceholder(pw)) return false;
  if (/^[:%$@{<[(]/.test(pw) && /[}>\])]$/.test(pw)) return false;
  if (/^\$\w+$|^%\w+%$|^:\w+$/.test(pw)) return false; // $PASS, %PASS%, :password (route-style)
  const u = safeDecode(user).toLowerCase();
  if (u && pw.toLowerCase() === u) return false; // postgres:postgres, guest:guest
  return true;
}

function findPasswordInUrl(value: string): Found | null {
  if (!value.includes('://')) return null;
  let from = 0;
  for (let tries = 0; tries < MAX_CANDIDATES; tries++) {
    const sub = value.slice(from);
    const p = findUrlPassword(sub);
    if (!p) return null;
    const start = from + p.start;
    const end = from + p.end;
    from = end;
    if (isDocHost(p.host) || /^(?:fake|mock|dummy|test|example|sample|stub)\b/.test(p.scheme)) continue;
    if (!isRealPassword(p.user, p.password)) continue;
    return {
      kind: 'password-in-url',
      label: 'password in a connection URL',
      confidence: isLocalHost(p.host) ? 'medium' : 'high',
      start,
      end,
    };
  }
  return null;
}

/**
 * ADO.NET / JDBC-style `Server=...;Password=...;` and libpq `host=... password=...`.
 * Needs a host-ish key too, so a lone 'password=...' query fragment is left to the name rules.
 */
const CONN_PASSWORD = /(?:^|[;\s])(?:password|pwd)\s*=\s*(?:'(?<q1>[^']*)'|"(?<q2>[^"]*)"|\{(?<q3>[^}]*)\}|(?<bare>[^;\s'"]+))/gi;
const CONN_HOST_KEY = /(?:^|[;\s])(?:server|host|hostname|data source|address|addr|dbname|database|initial catalog|user id|uid|user)\s*=/i;

function findConnectionStringPassword(value: string): Found | null {
  if (!/pass|pwd/i.test(value) || !value.includes('=') || !CONN_HOST_KEY.test(value)) return null;
  CONN_PASSWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  let tries = 0;
  while ((m = CONN_PASSWORD.exec(value)) !== null && tries++ < MAX_CANDIDATES) {
    const g = m.groups ?? {};
    const pw = g.q1 ?? g.q2 ?? g.q3 ?? g.bare ?? '';
    const user = /(?:^|[;\s])(?:user id|uid|user|username)\s*=\s*([^;\s]*)/i.exec(value)?.[1] ?? '';
    if (!isRealPassword(user, pw)) continue;
    const start = m.index + m[0].lastIndexOf(pw);
    const host = /(?:^|[;\s])(?:server|host|data source|address|addr)\s*=\s*([^;\s]*)/i.exec(value)?.[1] ?? '';
    if (isDocHost(host.replace(/^tcp:/i, '').split(/[,\\]/)[0])) continue;
    const local = host === '' || host === '.' || /^\(local/i.test(host) || isLocalHost(host.replace(/^tcp:/i, '').split(/[,\\]/)[0]);
    return {
      kind: 'connection-string-password',
      label: 'password in a connection string',
      confidence: local ? 'medium' : 'high',
      start,
      end: start + pw.length,
    };
  }
  return null;
}

const QUERY_PASSWORD = /[?&](?:password|passwd|pwd|pass)=(?<pw>[^&#\s'"]*)/gi;

/** `jdbc:mysql://db/app?user=app&password=...`: a password in a URL's query string. */
function findQueryPassword(value: string): Found | null {
  if (!value.includes('://') || !/[?&]p(?:ass|wd)/i.test(value)) return null;
  QUERY_PASSWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  let tries = 0;
  while ((m = QUERY_PASSWORD.exec(value)) !== null && tries++ < MAX_CANDIDATES) {
    const pw = m.groups?.pw ?? '';
    const head = value.slice(0, m.index);
    const urlStart = head.lastIndexOf('://');
    if (urlStart < 0) continue;
    const host = /^([^/?#\s]*)/.exec(value.slice(urlStart + 3))?.[1].replace(/^[^@]*@/, '') ?? '';
    const user = /[?&](?:user|username|uid)=([^&#\s]*)/i.exec(value)?.[1] ?? '';
    if (isDocHost(host) || !isRealPassword(user, pw)) continue;
    const start = m.index + m[0].length - pw.length;
    return {
      kind: 'connection-string-password',
      label: 'password in a URL query',
      confidence: isLocalHost(host) ? 'medium' : 'high',
      start,
      end: start + pw.length,
    };
  }
  return null;
}

function toMatch(f: Found, value: string): SecretMatch {
  const m: SecretMatch = { kind: f.kind, label: f.label, confidence: f.confidence };
  const lead = value.length - value.trimStart().length;
  const trail = value.trimEnd().length;
  if (f.start > lead || f.end < trail) {
    m.start = f.start;
    m.end = f.end;
  }
  return m;
}

function allFormats(value: string): Found[] {
  if (!mayHaveFormat(value)) return [];
  const found: Found[] = [];
  if (REGEX_FORMAT_NEEDLE.test(value)) {
    for (const f of REGEX_FORMATS) {
      const r = findRegexFormat(value, f);
      if (r) found.push(r);
    }
  }
  for (const fn of [findPrivateKey, findJwt, findPasswordInUrl, findConnectionStringPassword, findQueryPassword]) {
    const r = fn(value);
    if (r) found.push(r);
  }
  // A Slack/Discord webhook URL or a JWT inside a URL reports once, as the most specific kind.
  return found.filter((a) => !found.some((b) => b !== a && b.start <= a.start && b.end >= a.end && b.end - b.start > a.end - a.start));
}

/**
 * A well-known token format anywhere in the value (vendor tokens, private-key blocks, signed
 * JWTs, passwords in URLs and connection strings). No name is needed. Placeholders inside a
 * format ('ghp_xxxx…', 'AKIA…EXAMPLE', the jwt.io sample) and publishable keys never match.
 * When several formats occur, the most confident, then the earliest, is returned.
 */
export function detectTokenFormat(value: string): SecretMatch | null {
  if (typeof value !== 'string' || value.length < 8) return null;
  const all = allFormats(value);
  if (all.length === 0) return null;
  all.sort((a, b) => (a.confidence === b.confidence ? a.start - b.start : a.confidence === 'high' ? -1 : 1));
  return toMatch(all[0], value);
}

/** Every well-known token format in the value, in order of position (for multi-secret strings). */
export function detectAllTokenFormats(value: string): SecretMatch[] {
  if (typeof value !== 'string' || value.length < 8) return [];
  return allFormats(value)
    .sort((a, b) => a.start - b.start)
    .map((f) => toMatch(f, value));
}

// ---------------------------------------------------------------------------------------
// Names

/** Test-fixture words: a name carrying one of them names a fake value. */
const FIXTURE_WORDS = new Set(['dummy', 'fake', 'mock', 'mocked', 'sample', 'example', 'test', 'testing', 'placeholder', 'stub', 'fixture', 'demo']);
/** Words that make a name describe a secret (its name, length, header, URL...) rather than hold it. */
const META_WORDS = new Set([
  'name', 'names', 'url', 'uri', 'urls', 'endpoint', 'path', 'file', 'filename', 'dir',
  'folder', 'location', 'header', 'prefix', 'suffix', 'field', 'label', 'param', 'parameter',
  'attr', 'attribute', 'column', 'property', 'prop', 'setting', 'option', 'arg', 'flag', 'regex',
  'regexp', 'pattern', 'hint', 'title', 'error', 'msg', 'message', 'description', 'desc', 'help',
  'doc', 'docs', 'length', 'len', 'size', 'type', 'kind', 'format', 'policy', 'rule', 'mode',
  'count', 'expiry', 'expires', 'expiration', 'ttl', 'timeout', 'validator', 'validation',
  'schema', 'env', 'var', 'variable', 'template', 'ref', 'reference', 'arn', 'version',
  'placeholder', 'example', 'strength', 'complexity', 'lifetime', 'age',
]);
/** Public by definition, whatever the head noun. */
const PUBLIC_WORDS = new Set(['public', 'publishable', 'pub']);
/** A first word that makes the name a function, flag or question rather than the secret itself. */
const LEADING_VERBS = new Set([
  'get', 'set', 'fetch', 'load', 'read', 'write', 'save', 'reset', 'forgot', 'change', 'update',
  'validate', 'check', 'show', 'hide', 'toggle', 'is', 'has', 'should', 'can', 'use', 'enable',
  'disable', 'require', 'requires', 'allow', 'generate', 'gen', 'create', 'make', 'build', 'parse',
  'handle', 'on', 'with', 'without', 'no', 'encrypt', 'decrypt', 'hash', 'compare', 'match',
  'mask', 'redact', 'sanitize', 'strip', 'remove', 'delete', 'revoke', 'rotate', 'send', 'issue',
  'invalid', 'missing', 'wrong', 'bad', 'min', 'max', 'num', 'count', 'len', 'length', 'n',
  'total', 'to', 'from', 'as', 'by', 'find', 'lookup', 'expect', 'expected', 'assert', 'print',
  'log', 'render', 'format', 'extract', 'prompt', 'ask', 'input', 'copy', 'clear', 'apply',
]);
/** Words after the head noun that keep it the head: secret_key_base, API_KEY_PROD, tokenValue. */
const TRAILERS = new Set([
  'value', 'val', 'str', 'string', 'raw', 'plain', 'plaintext', 'clear', 'cleartext', 'b64',
  'base64', 'hex', 'bytes', 'encoded', 'literal', 'base', 'pem', 'prod', 'production', 'live',
  'dev', 'development', 'staging', 'stage', 'local', 'default', 'override', 'fallback', 'v',
  'primary', 'secondary', 'old', 'new', 'current', 'main',
]);
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'decryption',
  'crypto', 'cipher', 'aes', 'hmac', 'jwt', 'master', 'auth', 'authentication', 'session', 'app',
  'service', 'subscription', 'account', 'shared', 'admin', 'root', 'deploy', 'webhook',
  'bot', 'integration', 'stripe', 'openai', 'anthropic', 'sendgrid', 'mailgun', 'mailchimp',
  'twilio', 'datadog', 'heroku', 'cloudflare', 'pagerduty', 'postmark', 'mandrill', 'sparkpost',
  'brevo', 'sendinblue', 'resend', 'groq', 'mistral', 'cohere', 'replicate', 'gemini',
]);
const TOKEN_NEGATORS = new Set([
  'csrf', 'xsrf', 'page', 'next', 'prev', 'previous', 'continuation', 'cancellation', 'cancel',
  'pagination', 'sync', 'cursor', 'device', 'push', 'registration', 'fcm', 'apns', 'idempotency',
  'lexer', 'parser', 'special', 'eos', 'bos', 'pad', 'unk', 'mask', 'sep', 'cls', 'start', 'end',
  'stop', 'max', 'min', 'num', 'total', 'input', 'output', 'prompt', 'completion', 'reset',
  'invite', 'invitation', 'confirmation', 'confirm', 'activation', 'unsubscribe', 'email',
  'magic', 'authenticity', 'captcha', 'recaptcha', 'hcaptcha', 'turnstile', 'sort', 'search', 'query', 'word',
  'text', 'html', 'css', 'design', 'color', 'theme', 'style', 'spacing', 'font', 'type', 'kind',
]);
const PASSWORD_NEGATORS = new Set([
  'hashed', 'hash', 'encrypted', 'confirm', 'confirmation', 'repeat', 'retype', 'forgot',
  'reset', 'masked', 'one', 'show', 'visible', 'new', 'old', 'current',
]);
const PASS_QUALIFIERS = new Set([
  'db', 'database', 'smtp', 'mail', 'email', 'admin', 'root', 'user', 'ftp', 'sftp', 'ssh',
  'sql', 'mysql', 'postgres', 'pg', 'redis', 'mongo', 'rabbit', 'amqp', 'ldap', 'proxy', 'basic',
  'auth', 'http', 'api', 'app', 'wifi', 'vpn', 'keystore', 'truststore', 'store', 'key', 'login',
  'imap', 'pop', 'service', 'account', 'master', 'sa', 'broker', 'kafka', 'es', 'elastic',
]);
/** Single lower-case words that are two words run together. A Map: names like 'constructor' must not hit Object.prototype. */
const COMPOUNDS = new Map<string, string[]>([
  ['apikey', ['api', 'key']],
  ['apisecret', ['api', 'secret']],
  ['secretkey', ['secret', 'key']],
  ['privatekey', ['private', 'key']],
  ['accesskey', ['access', 'key']],
  ['signingkey', ['signing', 'key']],
  ['masterkey', ['master', 'key']],
  ['authkey', ['auth', 'key']],
  ['encryptionkey', ['encryption', 'key']],
  ['appkey', ['app', 'key']],
  ['sessionkey', ['session', 'key']],
  ['hmackey', ['hmac', 'key']],
  ['jwtkey', ['jwt', 'key']],
  ['secretaccesskey', ['secret', 'access', 'key']],
  ['dbpass', ['db', 'pass']],
  ['smtppass', ['smtp', 'pass']],
  ['mailpass', ['mail', 'pass']],
  ['adminpass', ['admin', 'pass']],
  ['rootpass', ['root', 'pass']],
  ['userpass', ['user', 'pass']],
  ['keypass', ['key', 'pass']],
  ['storepass', ['store', 'pass']],
]);
const SUFFIX_HEADS = ['password', 'passwd', 'passphrase', 'passcode', 'secret', 'token', 'credentials', 'credential', 'pwd'];

function splitName(name: string): string[] {
  const words: string[] = [];
  for (const part of name.split(/[^A-Za-z0-9]+/)) {
    if (!part) continue;
    const humps = part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(' ');
    for (const h of humps) {
      if (/^\d+$/.test(h)) continue; // 'KEY_2': numbers never change the meaning
      const full = h.toLowerCase();
      const w = TRAILERS.has(full) ? full : full.replace(/\d+$/, ''); // 'b64' stays, 'key2' -> 'key'
      if (!w) continue;
      const compound = COMPOUNDS.get(w);
      if (compound) {
        words.push(...compound);
        continue;
      }
      const suffix = SUFFIX_HEADS.find((s) => w.endsWith(s) && w.length > s.length);
      if (suffix) words.push(w.slice(0, w.length - suffix.length), suffix);
      else words.push(w);
    }
  }
  return words;
}

type Head = 'password' | 'secret' | 'token' | 'key' | 'credential' | 'authorization';

interface NameInfo {
  head: Head;
  words: string[];
  qualifier: string | undefined;
}

/**
 * `part`: `name` is one run of a longer name (`api` and `key` of `x-api-key`), which may have
 * more words before it: a leading verb is not known to lead, and a head that is the run's
 * first word may have any qualifier (or none) before it.
 */
function analyzeName(name: string, part = false): NameInfo | null {
  if (typeof name !== 'string' || name.length > 200) return null;
  const words = splitName(name);
  if (words.length === 0) return null;
  if (words.some((w) => FIXTURE_WORDS.has(w) || PUBLIC_WORDS.has(w) || META_WORDS.has(w))) return null;
  if (!part && words.length >= 2 && LEADING_VERBS.has(words[0])) return null;
  let i = words.length - 1;
  while (i > 0 && TRAILERS.has(words[i])) i--;
  const head = words[i];
  const prev = i > 0 ? words[i - 1] : undefined;
  const info = (h: Head): NameInfo => ({ head: h, words, qualifier: prev });
  const open = part && prev === undefined;
  switch (head) {
    case 'password':
    case 'passwd':
    case 'passphrase':
    case 'passcode':
    case 'pwd':
      return prev && PASSWORD_NEGATORS.has(prev) ? null : info('password');
    case 'pass':
      return prev === undefined || PASS_QUALIFIERS.has(prev) ? info('password') : null;
    case 'secret':
      return info('secret');
    case 'token':
      return prev && TOKEN_NEGATORS.has(prev) ? null : info('token');
    case 'credential':
    case 'credentials':
    case 'creds':
      return info('credential');
    case 'key':
      return open || (prev && KEY_QUALIFIERS.has(prev)) ? info('key') : null;
    case 'authorization':
      return info('authorization');
    default:
      return null;
  }
}

/**
 * Does an identifier, object key or keyword-argument name name a secret? Handles camelCase,
 * snake_case, SCREAMING_CASE, kebab-case and dotted paths. The decision rests on the head
 * noun (the last word, ignoring trailers like `_value`, `_b64`, `_prod`): password / passwd /
 * pwd / passphrase, secret, token, credentials, authorization, and `key` only when qualified
 * (api, access, secret, private, signing, encryption, master, ...). So `tokenizer`,
 * `passwordField`, `password_hash`, `secret_name`, `token_url`, `key_id`, `primary_key`,
 * `public_key`, `max_tokens`, `csrf_token_name`, `secretKeyRef` are not secret names, and
 * neither are fixture names (`test_password`, `dummyToken`) or accessors (`getToken`).
 */
export function isSecretName(name: string): boolean {
  return analyzeName(name) !== null;
}

/**
 * Could a secret name (`isSecretName`) contain this run of name characters (`[A-Za-z0-9_$]`,
 * the words between two separators of a longer name such as `x-api-key` or `auth.password`)?
 * Every secret name has a run that passes: the one that holds its head noun (what follows
 * the head in the run are trailers too). A run of a longer name does not see what comes
 * before it, so a head that is its first word passes whatever its qualifier (`key` of
 * `stripe.key`), and a leading verb is not known to lead.
 */
export function mayBeSecretNamePart(run: string): boolean {
  return analyzeName(run, true) !== null;
}

// ---------------------------------------------------------------------------------------
// Generic values

/**
 * Reads a segment as words: 'password', 'DB', 'Password', 'myPasswordField', 'HTTPServer',
 * 'Summer2024', '2024', 'v1', 'Contraseña'. Returns how many of its letters sit in humps
 * that contain a vowel ('DB_PASSWORD': 8 of 10), or null when it is not word-like: digits
 * inside, a run of six consonants, a long acronym inside camelCase, several one-letter humps.
 */
function wordLetters(seg: string, ascii = false): { letters: number; voweled: number } | null {
  if (seg.length > 64) return null;
  if (/^\d{1,8}$/.test(seg)) return { letters: 0, voweled: 0 };
  const m = ascii ? /^([A-Za-z]+)\d{0,6}$/.exec(seg) : /^(\p{L}+)\d{0,6}$/u.exec(seg);
  if (!m) return null;
  const letters = m[1];
  if (!/^[A-Za-z]+$/.test(letters)) return { letters: letters.length, voweled: letters.length }; // non-ASCII words
  if (letters.length === 1) return { letters: 1, voweled: /[aeiouy]/i.test(letters) ? 1 : 0 }; // 'a', 'v1'
  const humps = letters.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2').split(' ');
  let singles = 0;
  let acronyms = 0;
  let voweled = 0;
  for (const h of humps) {
    if (h.length === 1) {
      singles++;
      continue;
    }
    if (/[^aeiouy]{6}/i.test(h)) return null;
    if (humps.length > 1 && h.length > 5 && /^[A-Z]+$/.test(h)) return null; // acronyms inside camelCase are short
    if (/[aeiouy]/i.test(h)) voweled += h.length;
    else if (h.length > 5) return null;
    else acronyms++; // 'DB', 'HTTP', 'ssh', 'scm'
  }
  if (singles > 1 || (singles === 1 && humps.length < 2)) return null;
  if (acronyms > 1 + Math.floor(humps.length / 4)) return null;
  return { letters: letters.length, voweled };
}

/**
 * Names and keys, not values: env-var names ('DB_PASSWORD'), identifiers ('db-password',
 * 'accessToken'), dotted config keys ('auth.password'), host names, i18n keys, mime types,
 * code snippets ('list_credentials()'), words with punctuation ('(workspace)', 'Summer2024!').
 * Every segment must read as words, and most letters must sit in humps with a vowel, so
 * short random pieces ('q7#Lm2!xRz') do not pass for words.
 */
/** `wordLetters` of short ASCII segments, which recur everywhere ('user', 'json', 'items'). */
const wordCache = new Map<string, { letters: number; voweled: number } | null>();

function isIdentifierLike(v: string): boolean {
  if (v.length > 256) return false;
  // ASCII text: the same split and words without Unicode property classes (much cheaper).
  const ascii = /^[\x00-\x7f]*$/.test(v);
  const segs = v.split(ascii ? /[^A-Za-z0-9]+/ : /[^\p{L}\p{N}]+/u).filter((s) => s.length > 0);
  let letters = 0;
  let voweled = 0;
  for (const seg of segs) {
    let w: { letters: number; voweled: number } | null | undefined;
    // Only short segments are cached: V8 copies them (a longer one would keep the whole source text alive).
    if (ascii && seg.length <= 12) {
      w = wordCache.get(seg);
      if (w === undefined) {
        w = wordLetters(seg, true);
        if (wordCache.size >= 20000) wordCache.clear();
        wordCache.set(seg, w);
      }
    } else w = wordLetters(seg, ascii);
    if (!w) return false;
    letters += w.letters;
    voweled += w.voweled;
  }
  return voweled * 2 >= letters;
}

const REGEX_LIKE = /\\[dwsbDWSB]|\\[-+*.?()[\]{}|^$/:]|\[[^\][]{0,64}-[^\][]{0,64}\]|\(\?[:=!<]|^\^[\s\S]*\$$|\.\*|\.\+|^\/[\s\S]*\/[gimsuyxU]*$/;
const AUTH_SCHEME = /^(?:bearer|basic|token|bot|apikey|api-key|key|digest|sso-key)\s+/i;

interface ValueVerdict {
  confidence: 'high' | 'medium';
}

/** Minimum length of a name-qualified secret value. */
const MIN_GENERIC_LENGTH = 8;

/**
 * Does this value, found under a secret-looking name, look like a real credential? Rejects
 * placeholders, known non-secrets, anything with whitespace, numbers, identifiers, URLs, paths,
 * e-mail addresses, regexes and markup; then asks for at least two character classes and an
 * entropy of at least min(3.0, 0.75 * log2(length)) bits per character.
 */
function genericVerdict(raw: string): ValueVerdict | null {
  let v = raw.trim();
  const scheme = AUTH_SCHEME.exec(v);
  if (scheme) v = v.slice(scheme[0].length).trim();
  if (v.length < MIN_GENERIC_LENGTH) return null;
  // Whitespace means words, except in long random keys (WordPress salts mix in spaces).
  if (/\s/.test(v) && (v.length < 32 || shannonEntropy(v) < 4.5 || isProse(v))) return null;
  // Every test below only rules values out: the cheap ones that rule most out come first.
  if (!/[A-Za-z]/.test(v)) return null; // numbers, dates, versions, phone numbers
  if (v.includes('://')) return null; // URLs (with a password they are caught as password-in-url)
  if (/^#[0-9a-f]{3,8}$/i.test(v)) return null; // colour
  const c = charClasses(v);
  if (c.count < 2) return null;
  if (/^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/.test(v)) return null; // e-mail
  if (isIdentifierLike(v)) return null;
  const h = shannonEntropy(v);
  // Random hex has at most 4 bits a character and, over 16 characters, often well under 3.
  const hexOnly = /^[0-9a-fA-F]+$/.test(v);
  const threshold = Math.min(3.0, 0.75 * Math.log2(v.length)) - (hexOnly ? 0.5 : 0);
  if (h < threshold) return null;
  if (REGEX_LIKE.test(v)) return null;
  if (/^</.test(v) || /<\/?[a-z][^<>]{0,200}>/i.test(v)) return null; // markup
  if (isPlaceholder(v) || isKnownNonSecret(v)) return null;
  // base64 of a placeholder (a Kubernetes Secret's data: 'cGFzc3dvcmQ=') is still a placeholder
  if (v.length % 4 === 0 && v.length <= 1024 && /^[A-Za-z0-9+/]+={0,2}$/.test(v)) {
    const decoded = base64Decode(v);
    if (decoded && /^[\x20-\x7e]+$/.test(decoded) && isPlaceholder(decoded)) return null;
  }
  if (hasFormatShape(v)) return null; // a token format already judged it (a placeholder or a sample)
  if (scheme && /^basic/i.test(scheme[0]) && /^[A-Za-z0-9+/]+=*$/.test(v)) {
    const decoded = base64Decode(v.slice(0, 1024)) ?? '';
    const colon = decoded.indexOf(':');
    if (/^[\x20-\x7e]+$/.test(decoded) && colon >= 0 && !isRealPassword(decoded.slice(0, colon), decoded.slice(colon + 1))) return null;
  }
  return { confidence: v.length >= 16 && h >= 3.5 ? 'high' : 'medium' };
}

const GENERIC_LABELS: Record<Head, string> = {
  password: 'hard-coded password',
  secret: 'hard-coded secret',
  token: 'hard-coded token',
  key: 'hard-coded key',
  credential: 'hard-coded credential',
  authorization: 'hard-coded authorization header',
};

function genericLabel(info: NameInfo): string {
  if (info.head === 'key') {
    if (info.qualifier === 'api') return 'hard-coded API key';
    if (info.qualifier === 'private') return 'hard-coded private key';
    if (info.qualifier === 'signing' || info.qualifier === 'sign') return 'hard-coded signing key';
    if (info.qualifier === 'encryption' || info.qualifier === 'encrypt') return 'hard-coded encryption key';
    if (info.qualifier === 'secret' || info.qualifier === 'access') return 'hard-coded secret key';
  }
  return GENERIC_LABELS[info.head];
}

const AWS_SECRET_SHAPE = /^[A-Za-z0-9/+]{40}$/;

/**
 * The combined decision for `name = "value"`:
 * - a well-known token format anywhere in the value always counts (placeholders and
 *   publishable keys excepted), as do passwords in URLs and connection strings;
 * - otherwise, when the name looks like it names a secret, the value must look like a real
 *   credential (see `genericVerdict`); a 40-character base64 value under an AWS/secret name
 *   is reported as an AWS secret access key.
 * With `name` undefined only the first rule applies.
 */
export function classifySecret(name: string | undefined, value: string): SecretMatch | null {
  if (typeof value !== 'string') return null;
  const token = detectTokenFormat(value);
  if (token) return token;
  if (typeof name !== 'string') return null;
  const info = analyzeName(name);
  if (!info) return null;
  const v = value.trim();
  const awsName = info.words.includes('aws') || (info.words.includes('secret') && info.words.includes('access'));
  if (awsName && AWS_SECRET_SHAPE.test(v) &&
      !isPlaceholder(v) && shannonEntropy(v) >= 4.0 && charClasses(v).count >= 3) {
    return { kind: 'aws-secret-key', label: 'AWS secret access key', confidence: 'high' };
  }
  const verdict = genericVerdict(value);
  if (!verdict) return null;
  return { kind: 'generic-secret', label: genericLabel(info), confidence: verdict.confidence };
}

/**
 * Could `classifySecret(name, value)` report this value under some name (or a token format
 * alone)? False means no name makes it a secret: a cheap filter before any binding lookup.
 */
export function mayBeSecretValue(value: string): boolean {
  if (typeof value !== 'string' || value.length < MIN_GENERIC_LENGTH) return false;
  if (detectTokenFormat(value)) return true;
  if (AWS_SECRET_SHAPE.test(value.trim())) return true;
  return genericVerdict(value) !== null;
}

// ---------------------------------------------------------------------------------------
// Messages and pragmas

/** Prefixes that are public by design; at most their first four characters are ever shown. */
const PUBLIC_PREFIXES = [
  'github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'glpat-', 'gldt-', 'glrt-', 'glptt-',
  'xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-', 'sk_live_', 'sk_test_',
  'rk_live_', 'rk_test_', 'whsec_', 'AKIA', 'ASIA', 'AIza', 'GOCSPX-', 'SG.', 'sk-ant-',
  'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-', 'npm_', 'pypi-', 'hf_', 'dop_v1_', 'doo_v1_',
  'dor_v1_', 'shpat_', 'shpca_', 'shppa_', 'shpss_', 'sk.eyJ', 'eyJ',
];

/**
 * Safe text for messages: the value's length and, when the value starts with a known public
 * prefix, at most its first four characters: 'sk_l…(32 chars)', '…(12 chars)'. Never more.
 */
export function redact(value: string): string {
  if (typeof value !== 'string') return '…(0 chars)';
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // count code points, not UTF-16 units
  }
  const prefix = PUBLIC_PREFIXES.find((p) => value.startsWith(p));
  const shown = prefix && value.length >= prefix.length + 8 ? prefix.slice(0, 4) : '';
  return `${shown}…(${n} chars)`;
}

const LINE_PRAGMA =
  /gitleaks:allow|pragma:\s*(?:allowlist|whitelist)\s+secret|secretlint-disable-line|(?:^|[^A-Za-z0-9_-])#?nosec(?![A-Za-z0-9_])|\bNOSONAR\b|trufflehog:ignore|\bggignore\b|noqa:\s*(?:[A-Z]+[0-9]+\s*,\s*)*S10[567]\b|kics-scan\s+ignore-line|detect-secrets:\s*allow/i;
const NEXT_LINE_PRAGMA = /secretlint-disable-next-line|pragma:\s*(?:allowlist|whitelist)\s+nextline\s+secret/i;

/**
 * Suppressions that secret scanners honour on the same line: `gitleaks:allow`,
 * `pragma: allowlist secret` (detect-secrets), `secretlint-disable-line`, `nosec` (Bandit,
 * gosec), `NOSONAR`, `trufflehog:ignore`, `ggignore`, `noqa: S105/S106/S107`.
 * A developer who already marked the line for another scanner has decided about it.
 */
export function hasSecretPragma(lineText: string): boolean {
  return typeof lineText === 'string' && LINE_PRAGMA.test(lineText);
}

/** `secretlint-disable-next-line` and `pragma: allowlist nextline secret`: they cover the following line. */
export function hasNextLineSecretPragma(lineText: string): boolean {
  return typeof lineText === 'string' && NEXT_LINE_PRAGMA.test(lineText);
}
