/**
 * What part a file plays, from its path: build tooling (bundler configs, Rakefile, setup.py),
 * scripts and one-off commands (`scripts/`, `bin/`, Django management commands, Laravel
 * console commands, `lib/tasks/`), migrations and seeds, or the app itself. Rules about what
 * an app does at run time skip the first three: installing, migrating or shelling out is
 * their job.
 */
import * as path from 'path';

/** Path of `file` relative to `root`, with forward slashes (the path itself when outside). */
export function relativeTo(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
}

const TOOLING_FILE = new RegExp([
  String.raw`^[\w.-]+\.config\.[cm]?[jt]s$|^(truffle|brunch)-config\.[cm]?js$`, // webpack/vite/rollup/next/nuxt/babel/jest/tailwind... configs
  String.raw`^gatsby-(node|config|browser|ssr)\.[cm]?[jt]sx?$|^\.eleventy\.[cm]?js$|^knexfile\.[cm]?[jt]s$`,
  String.raw`^\.[\w-]+rc\.[cm]?[jt]s$`,
  String.raw`^(gulpfile|gruntfile|jakefile|brunch-config|karma\.conf|protractor\.conf|ecosystem\.config)(\.[\w]+)?\.[cm]?[jt]s$`,
  String.raw`^(rakefile|gemfile|guardfile|capfile|dangerfile|vagrantfile|brewfile|podfile|fastfile|appfile|berksfile|thorfile)$`,
  String.raw`\.(rake|thor|gemspec)$`,
  String.raw`^(setup|noxfile|fabfile|dodo|conftest|build|make|bootstrap|install|setup_env|configure)\.py$`,
  String.raw`^(magefile|mage|tools|generate|gen)\.go$`,
  String.raw`^(build|install|setup|bootstrap|postinstall|preinstall|prepare|release|deploy|publish)\.([cm]?[jt]s|rb|php|sh)$`,
].join('|'), 'i');

/** Folders of development tooling: run on a developer's machine or in CI, never by the deployed app. */
const DEV_DIRS = new Set([
  'scripts', 'script', 'bin', 'tools', 'tool', 'tooling', 'hack', 'ci', '.github', '.circleci', '.husky', 'devops',
  'infra', 'build-tools', 'buildtools', 'devtools', 'dev-tools', 'mage', 'magefiles', '.devcontainer', 'docker', '.docker',
  'gulp', 'grunt', 'vendor', 'node_modules',
]);

/** Folders of admin commands, migrations and seeds: one-off processes of the deployed app. */
const ADMIN_DIRS = new Set([
  'commands', 'command', 'cli', 'console', 'management', 'seeders', 'seeds', 'migrations', 'migration', 'migrate',
  'alembic', 'db-migrations', 'deploy', 'deployment',
]);

/** Build tooling: bundler and task-runner configs, Rakefile, setup.py, Go generators. */
export function isBuildTooling(rel: string): boolean {
  const name = rel.split('/').pop() ?? rel;
  return TOOLING_FILE.test(name);
}

/** Development tooling: build configs and `scripts/`, `bin/`, `tools/`, `hack/`, CI folders. */
export function isDevTooling(rel: string): boolean {
  if (isBuildTooling(rel)) return true;
  const parts = rel.split('/');
  parts.pop();
  return parts.some((p) => DEV_DIRS.has(p.toLowerCase()));
}

/**
 * Admin processes: Django `management/commands/`, Laravel `app/Console/`, `cli/`,
 * `cmd/<migrate|seed|...>/`, migration and seed folders, `manage.py`, `artisan`.
 */
export function isAdminCommand(rel: string): boolean {
  const parts = rel.split('/');
  const name = parts.pop() ?? '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i].toLowerCase();
    if (ADMIN_DIRS.has(p)) return true;
    if (p === 'cmd' && i + 1 < parts.length && /migrat|seed|tool|gen|cli|admin|setup|install|build|task|job/i.test(parts[i + 1])) return true;
    if (p === 'db' && i + 1 < parts.length && /^(migrate|seeds?)$/i.test(parts[i + 1])) return true;
    if (p === 'database' && i + 1 < parts.length && /^(migrations|seeders|seeds|factories)$/i.test(parts[i + 1])) return true;
  }
  return /^(manage\.py|artisan|console|cli\.[\w]+|wp-cli\.php|seeds?\.\w+|migrate\.\w+|migrations?\.\w+)$/i.test(name);
}

/** Scripts, tooling or admin commands: anything but the app's long-running processes. */
export function isScriptOrTooling(rel: string): boolean {
  return isDevTooling(rel) || isAdminCommand(rel);
}
/** Go files excluded from builds (`//go:build ignore`): generators run by `go generate`. */
export function isIgnoredGoFile(text: string): boolean {
  return /^\s*(\/\/go:build\s+ignore|\/\/\s*\+build\s+ignore)\b/m.test(text.slice(0, 2048));
}

/** A file whose name says it migrates, seeds or sets up a schema (`migrate.js`, `init_db.py`, `sync-db.ts`). */
export function isMigrationScriptName(rel: string): boolean {
  const name = (rel.split('/').pop() ?? '').replace(/\.[^.]+$/, '');
  return /(^|[-_.])(migrat\w*|seeds?|seeder|seeding)([-_.]|$)|^(sync|init|setup|create|reset|prepare|bootstrap|populate|load)[-_]?(db|database|schema|tables?|models|data)$|^(db|database|schema|tables?)[-_]?(sync|init|setup|create|reset|migrate)$|^schema$/i.test(name);
}
