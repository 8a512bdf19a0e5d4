/**
 * Installing dependencies or compiling in a Procfile command: `npm install`, `npm ci`,
 * `yarn install`, `pip install`, `bundle install`, `composer install`, `go build`,
 * `mvn package`, `gradle build`, `cargo build`, `rake assets:precompile`,
 * `manage.py collectstatic`, `npm run build`, `tsc`, `next build`... in a run-time process, or
 * in `release` (whose one-off container is thrown away, so its output never reaches the
 * running processes).
 *
 * Watchers (`--watch`, `tailwindcss:watch`, `yarn build --watch`) are development processes,
 * not builds, and development Procfiles (`Procfile.dev`...) are skipped.
 */
import { defineRule } from '../../engine/rule';
import { invocation, type Invocation } from '../../parsing/procfile-command';
import { isDevProcfile } from '../../parsing/procfile';
import { edit, procfileOf, shellOf, shortCommand, stepAt, stepRemovalSpan } from '../../analysis/procfile';

const BUILD_SCRIPT = /^(build|compile|bundle|webpack|tsc|assets|prebuild|build:[\w:-]+|compile:[\w:-]+)$/;

/** The build a command performs, described for the message, or undefined. */
function buildStep(inv: Invocation): string | undefined {
  const a = inv.args.map((w) => w.value ?? '');
  const [a0, a1] = a;
  const watching = a.some((x) => /^(--watch|-w|--watch=.*|watch)$/.test(x));
  if (watching) return undefined;
  const runScript = (i: number) => {
    const s = a[i];
    return s !== undefined && BUILD_SCRIPT.test(s) && !/watch|dev/.test(s) ? s : undefined;
  };
  switch (inv.program) {
    case 'npm':
      if (['install', 'i', 'ci', 'add', 'rebuild'].includes(a0)) return `npm ${a0}`;
      if ((a0 === 'run' || a0 === 'run-script') && runScript(1)) return `npm run ${a1}`;
      return undefined;
    case 'yarn':
      if (a0 === undefined || a0 === 'install' || a0 === 'add') return a0 ? `yarn ${a0}` : 'yarn (install)';
      if (a0 === 'run' && runScript(1)) return `yarn run ${a1}`;
      if (runScript(0)) return `yarn ${a0}`;
      return undefined;
    case 'pnpm': case 'bun':
      if (['install', 'i', 'add'].includes(a0)) return `${inv.program} ${a0}`;
      if (a0 === 'run' && runScript(1)) return `${inv.program} run ${a1}`;
      if (inv.program === 'pnpm' && runScript(0)) return `pnpm ${a0}`;
      return undefined;
    case 'pip': case 'pip3':
      return a0 === 'install' ? `${inv.program} install` : undefined;
    case 'poetry': case 'pipenv':
      return a0 === 'install' || a0 === 'sync' ? `${inv.program} ${a0}` : undefined;
    case 'uv':
      return a0 === 'sync' || (a0 === 'pip' && a1 === 'install') ? `uv ${a0}` : undefined;
    case 'bundle': case 'bundler':
      return a0 === undefined || a0 === 'install' ? 'bundle install' : undefined;
    case 'composer':
      return a0 === 'install' || a0 === 'update' ? `composer ${a0}` : undefined;
    case 'go':
      return a0 === 'build' || a0 === 'install' ? `go ${a0}` : undefined;
    case 'mvn': case 'mvnw':
      return a.some((x) => /^(package|install|compile|verify)$/.test(x)) ? `${inv.program} ${a.find((x) => /^(package|install|compile|verify)$/.test(x))}` : undefined;
    case 'gradle': case 'gradlew': {
      const task = a.find((x) => /^(build|assemble|shadowJar|bootJar|jar|installDist|compileJava|stage)$/.test(x));
      return task ? `${inv.program} ${task}` : undefined;
    }
    case 'cargo':
      return a0 === 'build' ? 'cargo build' : undefined;
    case 'rake': case 'rails': {
      const task = a.find((x) => /^(assets:precompile|webpacker:compile|javascript:build|css:build|tailwindcss:build|shakapacker:compile|vite:build)$/.test(x));
      return task ? `${inv.program} ${task}` : undefined;
    }
    case 'tsc':
      return a.includes('--noEmit') ? undefined : 'tsc';
    case 'next': case 'nuxt': case 'nuxi': case 'vite': case 'ng': case 'parcel': case 'astro': case 'remix': case 'svelte-kit':
      return a0 === 'build' ? `${inv.program} build` : undefined;
    case 'webpack':
      return a0 === 'serve' ? undefined : 'webpack';
    default:
      break;
  }
  if ((/^python[0-9.]*$/.test(inv.program) && /(^|\/)manage\.py$/.test(a0 ?? '') && a1 === 'collectstatic') || (inv.program === 'manage.py' && a0 === 'collectstatic')) {
    return 'manage.py collectstatic';
  }
  return undefined;
}

export default defineRule({
  id: 'build-release-run/procfile-build-step',
  meta: {
    description: 'Installing dependencies or compiling in a Procfile process',
    defaultSeverity: 'warning',
    languages: ['procfile'],
    fix: 'suggestion',
    messages: {
      buildAtRuntime: '`{{name}}` runs `{{build}}` every time it starts (and on every restart and scale-out), so boots are slow and can pull different code than was released; do it in the build stage (the buildpack, or a `heroku-postbuild`/`build` script).',
      buildInRelease: '`{{build}}` runs in the release phase, whose one-off container is thrown away, so its output never reaches the running processes; do it in the build stage.',
    },
    docs: {
      why: 'A release is a build plus config, built once and run many times; installing or compiling when a process starts makes every start slow and lets running code differ from the release.',
      bad: { procfile: 'web: npm install && npm run build && node dist/server.js\nrelease: bundle exec rake assets:precompile\n' },
      good: { procfile: '# npm install and npm run build run in the build stage (the Node.js buildpack runs both)\nweb: node dist/server.js\nrelease: bundle exec rails db:migrate\n' },
      fix: 'Removes `<build> &&` from the command when the build is a step of its own (move it to the build stage yourself).',
    },
  },
  check(context) {
    if (isDevProcfile(context.path)) return;
    const procfile = procfileOf(context);
    for (const proc of procfile.processes) {
      const sh = shellOf(proc);
      if (!sh) continue;
      const { model, base } = sh;
      const name = proc.name.text;
      for (const cmd of model.commands) {
        const inv = invocation(cmd);
        const build = inv && buildStep(inv);
        if (!inv || !build) continue;
        const step = cmd.nested ? undefined : stepAt(model, cmd.start);
        const span = step && step.commands.length === 1 ? stepRemovalSpan(model, step) : undefined;
        const fixes = span ? [{
          title: `Remove '${shortCommand(model.text.slice(step?.start ?? 0, step?.end ?? 0))}' from the command`, safety: 'suggestion' as const, preferred: true,
          edits: [edit(context, base + span.start, base + span.end, '')],
        }] : [];
        context.report({
          range: context.rangeAt(base + cmd.start, base + cmd.end),
          messageId: name === 'release' ? 'buildInRelease' : 'buildAtRuntime', data: { name, build }, fixes,
        });
      }
    }
  },
});
