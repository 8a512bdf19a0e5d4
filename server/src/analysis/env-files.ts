/**
 * Which variables the env files around a file declare (`.env`, `.env.example`, ...), read
 * through the project view. A tolerant key scanner, enough to know names, where they are
 * declared and their raw values: `KEY=value` lines with `#` comments, an optional `export `
 * prefix, and multi-line quoted values skipped over.
 */
import * as path from 'path';
import type { ProjectView } from '../engine/project';
import type { Settings } from '../engine/settings';

export interface EnvDeclaration {
  name: string;
  /** Absolute path of the env file. */
  file: string;
  /** 0-based line of the declaration. */
  line: number;
  /** The raw value (quotes removed); never show it for a secret-looking key. */
  value: string;
}

/** The committed templates, where a new variable is declared. */
export const TEMPLATE_ENV_FILES = ['.env.example', '.env.sample', '.env.template'];

function closingQuote(body: string, q: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && q !== "'") i++;
    else if (body[i] === q) return i;
  }
  return -1;
}

export function scanEnvText(text: string, file = ''): EnvDeclaration[] {
  const out: EnvDeclaration[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    let value = m[2];
    const q = value[0];
    if (q === '"' || q === "'" || q === '`') {
      let body = value.slice(1);
      let close = closingQuote(body, q);
      const startLine = i;
      while (close < 0 && i + 1 < lines.length && i - startLine < 1000) {
        i++;
        body += `\n${lines[i]}`;
        close = closingQuote(body, q);
      }
      value = close >= 0 ? body.slice(0, close) : body;
      out.push({ name: m[1], file, line: startLine, value });
      continue;
    }
    value = value.replace(/\s+#.*$/, '').trim();
    out.push({ name: m[1], file, line: i, value });
  }
  return out;
}

/** Env file paths to consult for a file, nearest first: its own folder, then the project root. */
export function envFileCandidates(settings: Pick<Settings, 'dotenv'>, filePath: string, root: string): string[] {
  const names = [...settings.dotenv.files, ...TEMPLATE_ENV_FILES.filter((n) => !settings.dotenv.files.includes(n))];
  const dirs = [path.dirname(filePath)];
  if (root && root !== '/' && !dirs.includes(root)) dirs.push(root);
  const out: string[] = [];
  for (const d of dirs) for (const n of names) {
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
