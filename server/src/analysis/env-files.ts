/**
 * Env files (`.env`, `.env.local`, `.env.example`, ...) as the rules and editor features see
 * them, read through the project view: which variables the files around a file declare and
 * where, which files are templates, and whether git ignores a file.
 *
 * Every key and value comes from `parseDotenv` (parsing/dotenv.ts), so a declaration here is
 * exactly what `dotenv.parse` loads: bare `KEY` lines and lines dotenv skips declare nothing,
 * and a key set twice is listed twice (the last one wins at run time).
 *
 * Values are secrets until proven otherwise: nothing in this module puts one in a message.
 */
import * as path from 'path';
import ignore from 'ignore';
import type { ProjectView } from '../engine/project';
import type { Settings } from '../engine/settings';
import { parseDotenv, type DotenvDocument, type OffsetRange } from '../parsing/dotenv';
import { classifySecret, isSecretName } from './secrets';

export interface EnvDeclaration {
  name: string;
  /** Absolute path of the env file. */
  file: string;
  /** 0-based line of the declaration (of its key). */
  line: number;
  /** The value as dotenv loads it; never show it (a secret-looking key or not). */
  value: string;
  /** UTF-16 offsets of the key in the env file's text. */
  keyRange: OffsetRange;
}

/** The committed templates, where a new variable is declared (first: the one created when none exists). */
export const TEMPLATE_ENV_FILES = ['.env.example', '.env.sample', '.env.template'];

/**
 * Env files that are neither listed in `twelveFactor.dotenv.files` nor templates but still
 * declare variables a deploy sets: the per-mode files of Vite, Next.js, CRA, Symfony...
 * Probed by name (the project view cannot list folders).
 */
export const MODE_ENV_FILES = [
  '.env.development', '.env.production', '.env.test', '.env.staging', '.env.development.local',
  '.env.production.local', '.env.test.local', '.env.defaults', '.env.dist', '.flaskenv',
];

const TEMPLATE_NAME = /^\.env\.(example|sample|template|dist|defaults)$|^(?:(.+)[._-])?(example|sample|template)\.env$/i;

/** `.env.example`, `.env.sample`, `.env.template` (also `.env.dist`, `example.env`, `prod.sample.env`). */
export function isTemplateEnvFile(file: string): boolean {
  return TEMPLATE_NAME.test(path.basename(file));
}

/** Files that are meant to stay on one machine: `.env`, `.env.local`, `.env.*.local`, `*.local.env`. */
export function isLocalEnvFile(file: string): boolean {
  const name = path.basename(file);
  return name === '.env' || /^\.env(\..+)?\.local$/.test(name) || /\.local\.env$/.test(name);
}

/**
 * The env file a template documents: `.env.example` -> `.env`, `example.env` -> `.env`,
 * `prod.example.env` -> `prod.env`. Undefined for a file that is not a template.
 */
export function envFileOfTemplate(template: string): string | undefined {
  const name = path.basename(template);
  const m = TEMPLATE_NAME.exec(name);
  if (!m) return undefined;
  const dir = path.dirname(template);
  if (m[1]) return path.join(dir, '.env');
  return path.join(dir, m[2] ? `${m[2]}.env` : '.env');
}

/**
 * Templates that may document an env file, nearest first: `<stem>.example.env` (and
 * `.sample`, `.template`) for `<stem>.env`, then `.env.example`, `.env.sample` and
 * `.env.template` in the same folder.
 */
export function templateCandidates(envFile: string): string[] {
  const dir = path.dirname(envFile);
  const name = path.basename(envFile);
  const out: string[] = [];
  const m = /^(.+)\.env$/.exec(name);
  if (m && m[1] !== '' && !name.startsWith('.env')) for (const t of ['example', 'sample', 'template']) out.push(path.join(dir, `${m[1]}.${t}.env`));
  for (const t of TEMPLATE_ENV_FILES) out.push(path.join(dir, t));
  return out;
}

// ---------------------------------------------------------------------------------------
// Parsing, shared by the rules that look at the same text one after the other

const recent: { text: string; doc: DotenvDocument }[] = [];

/**
 * `parseDotenv`, remembering the last few texts: the .env rules all parse the file they
 * check, and the rules for code files the same few env files around it.
 */
export function parseEnvText(text: string): DotenvDocument {
  const i = recent.findIndex((r) => r.text === text);
  if (i >= 0) {
    const hit = recent[i];
    if (i > 0) { recent.splice(i, 1); recent.unshift(hit); }
    return hit.doc;
  }
  const doc = parseDotenv(text);
  recent.unshift({ text, doc });
  if (recent.length > 8) recent.pop();
  return doc;
}

/** The declarations of an env file's text, in order (duplicates included). */
export function scanEnvText(text: string, file = ''): EnvDeclaration[] {
  return parseEnvText(text).entries
    .filter((e) => e.key !== '__proto__')
    .map((e) => ({ name: e.key, file, line: e.line, value: e.value, keyRange: e.keyRange }));
}

/**
 * Whether an entry's value should be treated as a secret (hidden, cloaked): a secret-looking
 * key with a value, or a value that looks like a credential whatever its key.
 */
export function isSecretEntry(key: string, value: string): boolean {
  if (value.trim() === '') return false;
  return isSecretName(key) || classifySecret(key, value) !== null;
}

// ---------------------------------------------------------------------------------------
// Which env files a file sees

/** Env file paths to consult for a file, nearest first: its own folder, then the project root. */
export function envFileCandidates(settings: Pick<Settings, 'dotenv'>, filePath: string, root: string): string[] {
  return envFileCandidatesIn(settings, [path.dirname(filePath), root]);
}

/**
 * Env file paths in the given folders, nearest first: for each folder, the files named in
 * `twelveFactor.dotenv.files`, then the templates, then (with `modes`) the per-mode files.
 */
export function envFileCandidatesIn(settings: Pick<Settings, 'dotenv'>, dirs: readonly string[], modes = false): string[] {
  const names = [...settings.dotenv.files, ...TEMPLATE_ENV_FILES.filter((n) => !settings.dotenv.files.includes(n))];
  if (modes) names.push(...MODE_ENV_FILES.filter((n) => !names.includes(n)));
  const folders: string[] = [];
  for (const d of dirs) if (d && d !== '/' && !folders.includes(d)) folders.push(d);
  const out: string[] = [];
  for (const d of folders) for (const n of names) {
    const p = path.join(d, n);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

export interface EnvView {
  /** The env files that exist, nearest first. */
  files: string[];
  declarations: Map<string, EnvDeclaration[]>;
}

export function readEnvFiles(project: ProjectView, candidates: readonly string[]): EnvView {
  const view: EnvView = { files: [], declarations: new Map() };
  for (const file of candidates) {
    const text = project.readText(file);
    if (text === undefined) continue;
    view.files.push(file);
    for (const d of scanEnvText(text, file)) {
      const list = view.declarations.get(d.name) ?? [];
      list.push(d);
      view.declarations.set(d.name, list);
    }
  }
  return view;
}

/** The first template that exists among `candidates`, with its text. */
export function findTemplate(project: ProjectView, candidates: readonly string[]): { path: string; text: string } | undefined {
  for (const p of candidates) {
    if (!isTemplateEnvFile(p)) continue;
    const text = project.readText(p);
    if (text !== undefined) return { path: p, text };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// git

function isInside(root: string, p: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isGitRoot(project: ProjectView, dir: string): boolean {
  // `.git` is a folder (HEAD inside) or, in worktrees and submodules, a file.
  return project.readText(path.join(dir, '.git', 'HEAD')) !== undefined || project.readText(path.join(dir, '.git')) !== undefined;
}

export interface IgnoreVerdict {
  ignored: boolean;
  /** The `.gitignore` files consulted that exist, from the top down. */
  gitignores: { path: string; text: string }[];
  /** Where the repository starts: the folder holding `.git`, else the project root. */
  top: string;
}

/**
 * Whether git would ignore `file`: the `.gitignore` files from the repository top (the
 * project root, or the nearest folder above it holding `.git`) down to the file's folder,
 * and `.git/info/exclude`, a deeper file's verdict winning as in git. The global excludes
 * file and whether the file is already tracked cannot be known without running git.
 */
export function gitIgnoreVerdict(project: ProjectView, file: string, extra?: { path: string; text: string }): IgnoreVerdict {
  const root = path.resolve(project.root);
  const abs = path.resolve(file);
  const dirs: string[] = [];
  let top = root;
  if (isInside(root, abs)) {
    for (let d = path.dirname(abs); ; d = path.dirname(d)) {
      dirs.unshift(d);
      if (d === root || path.dirname(d) === d) break;
    }
    if (!isGitRoot(project, root)) {
      // The workspace may be a folder inside a repository: its .gitignore files count too.
      const above: string[] = [];
      for (let d = path.dirname(root), i = 0; i < 8 && d !== path.dirname(d); d = path.dirname(d), i++) {
        above.unshift(d);
        if (isGitRoot(project, d)) {
          dirs.unshift(...above);
          top = d;
          break;
        }
      }
    }
  } else {
    dirs.push(path.dirname(abs));
    top = path.dirname(abs);
  }
  const gitignores: { path: string; text: string }[] = [];
  let ignored = false;
  const apply = (base: string, text: string) => {
    const rel = path.relative(base, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) return;
    try {
      const t = ignore().add(text).test(rel);
      if (t.ignored) ignored = true;
      else if (t.unignored) ignored = false;
    } catch {
      // A pattern the package cannot read: git skips it too.
    }
  };
  const exclude = project.readText(path.join(top, '.git', 'info', 'exclude'));
  if (exclude !== undefined) apply(top, exclude);
  for (const d of dirs) {
    const p = path.join(d, '.gitignore');
    const text = extra && path.resolve(extra.path) === p ? extra.text : project.readText(p);
    if (text === undefined) continue;
    gitignores.push({ path: p, text });
    apply(d, text);
  }
  return { ignored, gitignores, top };
}

// ---------------------------------------------------------------------------------------
// Variables nobody needs to declare

/**
 * Variables the platforms and runners set themselves, or that buildpacks set for the
 * languages: using them in a command needs no declaration.
 */
export const PLATFORM_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['PORT', 'the port the web process must listen on (set by the platform and by foreman, honcho and overmind)'],
  ['DYNO', 'the dyno or container name, such as `web.1` (Heroku, dokku)'],
  ['PS', 'the process name, such as `web.1` (foreman, older Heroku stacks)'],
  ['HONCHO_PROCESS_NAME', 'the process name, such as `web.1` (honcho)'],
  ['WEB_CONCURRENCY', 'a suggested number of web workers for the dyno size (Heroku buildpacks)'],
  ['MEMORY_AVAILABLE', 'the memory of the dyno, in MB (Heroku buildpacks)'],
  ['DYNO_RAM', 'the memory of the dyno, in MB (Heroku)'],
  ['HOME', 'the home directory of the user running the process'],
  ['PATH', 'the search path for programs'],
  ['PWD', 'the working directory'],
  ['USER', 'the user running the process'],
  ['SHELL', 'the shell'],
  ['LANG', 'the locale'],
  ['LC_ALL', 'the locale'],
  ['TERM', 'the terminal type'],
  ['TMPDIR', 'the temporary directory'],
  ['HOSTNAME', 'the host name'],
  ['STACK', 'the platform stack (Heroku)'],
  ['SOURCE_VERSION', 'the commit being built (Heroku builds)'],
  ['GIT_REV', 'the deployed commit (dokku)'],
  ['HEROKU_APP_NAME', 'the app name (Heroku dyno metadata)'],
  ['HEROKU_APP_ID', 'the app id (Heroku dyno metadata)'],
  ['HEROKU_DYNO_ID', 'the dyno id (Heroku dyno metadata)'],
  ['HEROKU_RELEASE_VERSION', 'the release version (Heroku dyno metadata)'],
  ['HEROKU_RELEASE_CREATED_AT', 'the release time (Heroku dyno metadata)'],
  ['HEROKU_SLUG_COMMIT', 'the deployed commit (Heroku dyno metadata)'],
  ['HEROKU_SLUG_DESCRIPTION', 'the release description (Heroku dyno metadata)'],
  ['JAVA_OPTS', 'JVM options sized for the dyno (Heroku JVM buildpack)'],
  ['JAVA_TOOL_OPTIONS', 'JVM options (Heroku JVM buildpack)'],
  ['JAVA_HOME', 'the JDK (JVM buildpacks)'],
  ['JVM_OPTS', 'JVM options (Heroku JVM buildpack)'],
  ['RACK_ENV', 'the Rack environment (Heroku Ruby buildpack)'],
  ['RAILS_ENV', 'the Rails environment (Heroku Ruby buildpack)'],
  ['NODE_ENV', 'the Node environment (Heroku Node buildpack)'],
  ['NODE_HOME', 'the Node installation (Heroku Node buildpack)'],
  ['GEM_HOME', 'the gem directory (Ruby buildpacks)'],
  ['GEM_PATH', 'the gem search path (Ruby buildpacks)'],
  ['BUNDLE_PATH', 'the bundle directory (Ruby buildpacks)'],
  ['PYTHONHOME', 'the Python installation (Python buildpacks)'],
  ['PYTHONPATH', 'the module search path'],
  ['PYTHONUNBUFFERED', 'unbuffered Python output (Heroku Python buildpack)'],
  ['FORWARDED_ALLOW_IPS', 'trusted proxy addresses for gunicorn (Heroku Python buildpack)'],
]);

/** Prefixes of variables that package managers, CI services and hosting platforms set. */
const PROVIDED_PREFIXES = /^(npm_|NPM_CONFIG_|GITHUB_(ACTIONS|SHA|REF|REF_NAME|RUN_ID|RUN_NUMBER|RUN_ATTEMPT|WORKSPACE|REPOSITORY|EVENT_NAME|EVENT_PATH|ACTOR|SERVER_URL|API_URL|OUTPUT|ENV|STEP_SUMMARY|JOB|WORKFLOW|HEAD_REF|BASE_REF)$|GITLAB_CI$|CI_|RUNNER_|VERCEL_|RENDER_|RAILWAY_|FLY_|GAE_|K_(SERVICE|REVISION|CONFIGURATION)$|AWS_LAMBDA_|LAMBDA_|KUBERNETES_|ECS_CONTAINER_METADATA_|WEBSITE_|FUNCTIONS_|DENO_DEPLOYMENT_ID$)/;
const PROVIDED_NAMES = new Set([
  // Set by the framework or process manager at run time: Next.js (runtime and build phase),
  // the Werkzeug and Django reloaders, pm2, Google App Engine, Netlify.
  'NEXT_RUNTIME', 'NEXT_PHASE', 'WERKZEUG_RUN_MAIN', 'RUN_MAIN', 'NODE_APP_INSTANCE', 'pm_id', 'SERVER_SOFTWARE', 'NETLIFY',
  'CI', 'TZ', 'LOGNAME', 'EDITOR', 'VISUAL', 'PAGER', 'TMP', 'TEMP', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'SYSTEMROOT', 'COMSPEC', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_DEBUG', 'GOPATH', 'GOROOT', 'GOOS', 'GOARCH', 'VIRTUAL_ENV', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR', 'FORCE_COLOR', 'NO_COLOR', 'COLUMNS', 'LINES', 'DISPLAY']);

/** Set by the platform, a runner, the OS or a CI service: reading it needs no declaration. */
export function isProvidedVariable(name: string): boolean {
  return PLATFORM_VARIABLES.has(name) || PROVIDED_NAMES.has(name) || PROVIDED_PREFIXES.test(name);
}
