/**
 * What stack an app uses, read from its manifests through the project view (package.json,
 * Gemfile, requirements.txt / pyproject.toml / Pipfile, go.mod, pom.xml / build.gradle,
 * composer.json), and the Procfile commands that usually run it. Used by Procfile
 * completion and by the rule that notices a web app without a `web` process.
 */
import * as path from 'path';
import type { ProjectView } from '../engine/project';

export interface NodeStack {
  scripts: Record<string, string>;
  main?: string;
  /** Runtime dependencies (`dependencies`). */
  deps: Set<string>;
  /** Every dependency, development ones included. */
  allDeps: Set<string>;
  runner: 'npm' | 'yarn' | 'pnpm';
}
export interface RubyStack { gems: Set<string>; pumaConfig: boolean; sidekiqConfig: boolean }
export interface PythonStack { packages: Set<string>; manifest: string; djangoModule?: string; appModule?: string; celeryModule?: string; managePy: boolean }
export interface GoStack { module: string; deps: Set<string> }
export interface JavaStack { tool: 'maven' | 'gradle'; springBoot: boolean; webDeps: string[] }
export interface PhpStack { packages: Set<string>; docroot?: string }

export interface Stack {
  dir: string;
  node?: NodeStack;
  ruby?: RubyStack;
  python?: PythonStack;
  go?: GoStack;
  java?: JavaStack;
  php?: PhpStack;
}

function json(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function keys(v: unknown): string[] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

const PYTHON_PACKAGES = ['django', 'flask', 'fastapi', 'starlette', 'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'celery', 'rq',
  'dramatiq', 'streamlit', 'sanic', 'bottle', 'pyramid', 'falcon', 'quart', 'litestar', 'alembic', 'flask-migrate', 'waitress', 'huey', 'apscheduler'];

function pythonPackages(text: string): Set<string> {
  const found = new Set<string>();
  for (const name of PYTHON_PACKAGES) {
    const escaped = name.replace(/[-_]/g, '[-_]');
    if (new RegExp(`(^|["'\\s,\\[])${escaped}\\s*($|[<>=~!;\\[\\],"'\\s])`, 'im').test(text)) found.add(name);
  }
  return found;
}

/** Reads the manifests in `dir` (the folder of the Procfile, the app's root). */
export function detectStack(project: ProjectView, dir: string): Stack {
  const read = (rel: string) => project.readText(path.join(dir, rel));
  const stack: Stack = { dir };

  const pkg = json(read('package.json'));
  if (pkg) {
    const scripts: Record<string, string> = {};
    const raw = pkg.scripts;
    if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') scripts[k] = v;
    const deps = new Set(keys(pkg.dependencies));
    const allDeps = new Set([...deps, ...keys(pkg.devDependencies)]);
    const runner = read('yarn.lock') !== undefined ? 'yarn' : read('pnpm-lock.yaml') !== undefined ? 'pnpm' : 'npm';
    stack.node = { scripts, main: typeof pkg.main === 'string' ? pkg.main : undefined, deps, allDeps, runner };
  }

  const gemfile = read('Gemfile');
  if (gemfile !== undefined) {
    const gems = new Set<string>();
    for (const m of gemfile.matchAll(/^\s*gem\s+["']([^"']+)["']/gm)) gems.add(m[1]);
    stack.ruby = { gems, pumaConfig: read('config/puma.rb') !== undefined, sidekiqConfig: read('config/sidekiq.yml') !== undefined };
  }

  for (const manifest of ['requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.py']) {
    const text = read(manifest);
    if (text === undefined) continue;
    const packages = pythonPackages(text);
    const managePy = read('manage.py');
    const py: PythonStack = stack.python ?? { packages: new Set(), manifest, managePy: managePy !== undefined };
    packages.forEach((p) => py.packages.add(p));
    if (managePy !== undefined) {
      const m = /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([A-Za-z_][\w]*)\.settings/.exec(managePy);
      if (m) py.djangoModule = m[1];
    }
    for (const [file, mod] of [['app.py', 'app'], ['main.py', 'main'], ['wsgi.py', 'wsgi'], ['server.py', 'server'], ['application.py', 'application']] as const) {
      const src = read(file);
      if (src === undefined) continue;
      const m = /^(\w+)\s*=\s*(?:Flask|FastAPI|Starlette|Quart|Sanic|Litestar)\(/m.exec(src);
      if (m) { py.appModule = `${mod}:${m[1]}`; break; }
    }
    for (const [file, mod] of [['tasks.py', 'tasks'], ['worker.py', 'worker'], ['celery_app.py', 'celery_app'], ['app.py', 'app']] as const) {
      if (/\bCelery\(/.test(read(file) ?? '')) { py.celeryModule = mod; break; }
    }
    if (!py.celeryModule && py.djangoModule && read(path.join(py.djangoModule, 'celery.py')) !== undefined) py.celeryModule = py.djangoModule;
    stack.python = py;
  }

  const gomod = read('go.mod');
  if (gomod !== undefined) {
    const m = /^\s*module\s+(\S+)/m.exec(gomod);
    if (m) {
      const deps = new Set<string>();
      for (const d of gomod.matchAll(/^\s*(?:require\s+)?([\w.-]+\.[a-z]+\/[\w./-]+)\s+v/gm)) deps.add(d[1]);
      stack.go = { module: m[1], deps };
    }
  }

  const pom = read('pom.xml');
  const gradle = read('build.gradle') ?? read('build.gradle.kts');
  if (pom !== undefined || gradle !== undefined) {
    const text = pom ?? gradle ?? '';
    const springBoot = /spring-boot/.test(text);
    const webDeps = ['spring-boot-starter-web', 'spring-boot-starter-webflux', 'quarkus-resteasy', 'micronaut-http-server', 'javalin', 'sparkjava', 'dropwizard-core']
      .filter((d) => text.includes(d));
    stack.java = { tool: pom !== undefined ? 'maven' : 'gradle', springBoot, webDeps };
  }

  const composer = json(read('composer.json'));
  if (composer) {
    const packages = new Set([...keys(composer.require), ...keys(composer['require-dev'])]);
    const docroot = read('public/index.php') !== undefined || packages.has('laravel/framework') || packages.has('symfony/framework-bundle') ? 'public/' : undefined;
    stack.php = { packages, docroot };
  }
  return stack;
}

export type ProcessKind = 'web' | 'worker' | 'release' | 'clock' | 'other';

export interface CommandSuggestion {
  command: string;
  /** The process type it usually runs as. */
  kind: ProcessKind;
  /** Where the suggestion comes from, for the completion's detail. */
  source: string;
}

function scriptKind(name: string, body: string): ProcessKind {
  if (/migrat/i.test(name)) return 'release';
  if (/worker|queue|jobs?\b|consumer/i.test(name)) return 'worker';
  if (/cron|clock|schedul/i.test(name)) return 'clock';
  if (/^(start|serve|server|web)(:prod(uction)?)?$/.test(name) || /\b(node|next start|nuxt start|nest start)\b/.test(body)) return 'web';
  return 'other';
}

/** Commands a Procfile of this stack usually holds (each fine by the Procfile rules). */
export function suggestCommands(stack: Stack): CommandSuggestion[] {
  const out: CommandSuggestion[] = [];
  const add = (command: string, kind: ProcessKind, source: string) => {
    if (!out.some((s) => s.command === command)) out.push({ command, kind, source });
  };
  const { node, ruby, python, go, java, php } = stack;
  if (node) {
    if (node.scripts.start) add('npm start', 'web', 'package.json scripts.start');
    for (const [name, body] of Object.entries(node.scripts)) {
      if (/^(pre|post)|^(build|test|lint|format|prepare|typecheck|dev|watch)(:|$)/.test(name)) continue;
      if (name === 'start') continue;
      add(`npm run ${name}`, scriptKind(name, body), `package.json scripts.${name}`);
    }
    if (node.main) add(`node ${node.main}`, 'web', 'package.json main');
    if (node.allDeps.has('prisma') || node.allDeps.has('@prisma/client')) add('npx prisma migrate deploy', 'release', 'prisma in package.json');
    if (node.allDeps.has('knex')) add('npx knex migrate:latest', 'release', 'knex in package.json');
    if (node.allDeps.has('sequelize-cli')) add('npx sequelize-cli db:migrate', 'release', 'sequelize-cli in package.json');
  }
  if (ruby) {
    const g = ruby.gems;
    if (g.has('puma')) add(ruby.pumaConfig ? 'bundle exec puma -C config/puma.rb' : 'bundle exec puma -p $PORT', 'web', 'puma in Gemfile');
    if (g.has('rails')) {
      add('bin/rails server', 'web', 'rails in Gemfile');
      add('bundle exec rails db:migrate', 'release', 'rails in Gemfile');
    }
    if (g.has('sidekiq')) add(ruby.sidekiqConfig ? 'bundle exec sidekiq -C config/sidekiq.yml' : 'bundle exec sidekiq', 'worker', 'sidekiq in Gemfile');
    if (g.has('good_job')) add('bundle exec good_job start', 'worker', 'good_job in Gemfile');
    if (g.has('solid_queue')) add('bin/jobs', 'worker', 'solid_queue in Gemfile');
    if (g.has('delayed_job') || g.has('delayed_job_active_record')) add('bundle exec rake jobs:work', 'worker', 'delayed_job in Gemfile');
    if (g.has('clockwork')) add('bundle exec clockwork clock.rb', 'clock', 'clockwork in Gemfile');
    if (g.has('sinatra') && !g.has('rails')) add('bundle exec rackup config.ru -p $PORT', 'web', 'sinatra in Gemfile');
  }
  if (python) {
    const p = python.packages;
    const src = python.manifest;
    if (python.djangoModule && p.has('gunicorn')) add(`gunicorn ${python.djangoModule}.wsgi`, 'web', `django and gunicorn in ${src}`);
    if (p.has('django') && python.managePy) add('python manage.py migrate', 'release', `django in ${src}`);
    const app = python.appModule ?? 'app:app';
    if ((p.has('flask') || p.has('quart')) && p.has('gunicorn')) add(`gunicorn ${app}`, 'web', `flask and gunicorn in ${src}`);
    if ((p.has('fastapi') || p.has('starlette') || p.has('litestar')) && p.has('uvicorn')) {
      add(`uvicorn ${python.appModule ?? 'main:app'} --host 0.0.0.0 --port $PORT`, 'web', `uvicorn in ${src}`);
    }
    if (p.has('celery')) {
      const mod = python.celeryModule ?? python.djangoModule ?? 'tasks';
      add(`celery -A ${mod} worker --loglevel=info`, 'worker', `celery in ${src}`);
      add(`celery -A ${mod} beat --loglevel=info`, 'clock', `celery in ${src}`);
    }
    if (p.has('rq')) add('rq worker', 'worker', `rq in ${src}`);
    if (p.has('alembic')) add('alembic upgrade head', 'release', `alembic in ${src}`);
    if (p.has('flask-migrate')) add('flask db upgrade', 'release', `flask-migrate in ${src}`);
    if (p.has('streamlit')) add('streamlit run app.py --server.port $PORT --server.address 0.0.0.0', 'web', `streamlit in ${src}`);
  }
  if (go) {
    const base = go.module.replace(/\/v\d+$/, '').split('/').pop() ?? go.module;
    add(`bin/${base}`, 'web', 'go.mod (the Go buildpack installs binaries in bin/)');
  }
  if (java) {
    const jar = java.tool === 'maven' ? 'target/*.jar' : 'build/libs/*.jar';
    add(java.springBoot ? `java -Dserver.port=$PORT $JAVA_OPTS -jar ${jar}` : `java $JAVA_OPTS -jar ${jar}`, 'web', java.tool === 'maven' ? 'pom.xml' : 'build.gradle');
  }
  if (php) {
    add(`heroku-php-apache2${php.docroot ? ` ${php.docroot}` : ''}`, 'web', 'composer.json');
    add(`heroku-php-nginx${php.docroot ? ` ${php.docroot}` : ''}`, 'web', 'composer.json');
    if (php.packages.has('laravel/framework')) {
      add('php artisan migrate --force', 'release', 'laravel in composer.json');
      add('php artisan queue:work', 'worker', 'laravel in composer.json');
      add('php artisan schedule:work', 'clock', 'laravel in composer.json');
    }
  }
  return out;
}

const NODE_WEB = ['express', 'fastify', 'koa', '@hapi/hapi', 'hapi', 'next', 'nuxt', '@nestjs/core', '@remix-run/serve', '@remix-run/express',
  'restify', 'sails', '@adonisjs/core', '@sveltejs/adapter-node', '@react-router/serve', 'h3', 'hono', 'polka'];
const PY_WEB = ['django', 'flask', 'fastapi', 'starlette', 'sanic', 'bottle', 'pyramid', 'falcon', 'quart', 'litestar', 'streamlit'];
const RUBY_WEB = ['rails', 'sinatra', 'hanami', 'roda'];
const GO_WEB = ['github.com/gin-gonic/gin', 'github.com/labstack/echo', 'github.com/gofiber/fiber', 'github.com/go-chi/chi', 'github.com/gorilla/mux'];
const PHP_WEB = ['laravel/framework', 'symfony/framework-bundle', 'slim/slim', 'cakephp/cakephp', 'yiisoft/yii2', 'laminas/laminas-mvc'];

export interface WebEvidence {
  /** Why the app looks like a web app, e.g. "express in package.json". */
  evidence: string;
  /** The usual `web` command, when there is one we can be sure of. */
  command?: string;
}

/** Evidence, from runtime dependencies only, that the app serves HTTP. Conservative. */
export function webEvidence(stack: Stack): WebEvidence | undefined {
  const { node, ruby, python, go, java, php } = stack;
  if (node) {
    const dep = NODE_WEB.find((d) => node.deps.has(d));
    if (dep) return { evidence: `\`${dep}\` in package.json`, command: node.scripts.start ? 'npm start' : node.main ? `node ${node.main}` : undefined };
  }
  if (ruby) {
    const gem = RUBY_WEB.find((g) => ruby.gems.has(g));
    if (gem) {
      const command = gem === 'rails' ? (ruby.gems.has('puma') && ruby.pumaConfig ? 'bundle exec puma -C config/puma.rb' : 'bin/rails server') : undefined;
      return { evidence: `\`${gem}\` in the Gemfile`, command };
    }
  }
  if (python) {
    const p = PY_WEB.find((x) => python.packages.has(x));
    if (p) {
      const command = p === 'django' && python.djangoModule && python.packages.has('gunicorn') ? `gunicorn ${python.djangoModule}.wsgi` : undefined;
      return { evidence: `\`${p}\` in ${python.manifest}`, command };
    }
  }
  if (go) {
    const d = GO_WEB.find((x) => [...go.deps].some((dep) => dep === x || dep.startsWith(`${x}/`)));
    if (d) return { evidence: `\`${d}\` in go.mod` };
  }
  if (java && java.webDeps.length) return { evidence: `\`${java.webDeps[0]}\` in ${java.tool === 'maven' ? 'pom.xml' : 'build.gradle'}` };
  if (php) {
    const d = PHP_WEB.find((x) => php.packages.has(x));
    if (d) return { evidence: `\`${d}\` in composer.json`, command: `heroku-php-apache2${php.docroot ? ` ${php.docroot}` : ''}` };
  }
  return undefined;
}
