/**
 * Database migrations chained into a long-running process (`web: rake db:migrate && puma`),
 * or making up the whole `web` command:
 * they run on every start, in every scaled copy at once, racing each other, and a failing
 * migration crashes the process instead of stopping the deploy. `release` runs once per
 * deploy, before the new code serves.
 *
 * Commands recognised: `rake`/`rails db:migrate` (and `db:prepare`), `manage.py migrate`,
 * `alembic upgrade`, `flask db upgrade`, `knex migrate:latest`, `sequelize db:migrate`,
 * `prisma migrate deploy`, `prisma db push`, `typeorm migration:run`, `php artisan migrate`,
 * `node-pg-migrate up`, `db-migrate up`, `goose up`, `migrate ... up`, `dbmate up`,
 * `flyway migrate`, `liquibase update`, `mix ecto.migrate`, `diesel migration run`, and
 * `npm run`/`yarn` scripts named `migrate`, `db:migrate`, `migrate:*`.
 *
 * Development Procfiles are skipped: local runners start `release` at the same time as
 * everything else, so there is no release phase to move it to.
 */
import { defineRule } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';
import { invocation, type Invocation } from '../../parsing/procfile-command';
import { isDevProcfile, processNamed } from '../../parsing/procfile';
import { appendLinePoint, edit, procfileOf, shellOf, shortCommand, stepAt, stepRemovalSpan } from '../../analysis/procfile';

const MIGRATE_SCRIPT = /^(db:)?migrat(e|ion|ions)(:[\w:-]+)?$/;

function isMigration(inv: Invocation): boolean {
  const a = inv.args.map((w) => w.value ?? '');
  const [a0, a1] = a;
  switch (inv.program) {
    case 'rake': case 'rails':
      return a.some((x) => /^db:(migrate|prepare)(:[\w:]+)?$/.test(x));
    case 'manage.py': case 'django-admin':
      return a0 === 'migrate';
    case 'alembic':
      return a.includes('upgrade');
    case 'flask':
      return a0 === 'db' && a1 === 'upgrade';
    case 'knex':
      return a.some((x) => /^migrate:(latest|up)$/.test(x));
    case 'sequelize': case 'sequelize-cli':
      return a0 === 'db:migrate';
    case 'prisma':
      return (a0 === 'migrate' && a1 === 'deploy') || (a0 === 'db' && a1 === 'push');
    case 'typeorm': case 'typeorm-ts-node-commonjs': case 'typeorm-ts-node-esm':
      return a0 === 'migration:run';
    case 'php':
      return /(^|\/)artisan$/.test(a0 ?? '') && /^migrate(:fresh|:refresh)?$/.test(a1 ?? '');
    case 'node-pg-migrate': case 'db-migrate': case 'dbmate':
      return a.includes('up') || a.includes('migrate');
    case 'goose': case 'migrate':
      return a.includes('up');
    case 'flyway':
      return a.includes('migrate');
    case 'liquibase':
      return a.includes('update');
    case 'mix':
      return a0 === 'ecto.migrate';
    case 'diesel':
      return a0 === 'migration' && a1 === 'run';
    case 'npm': case 'pnpm': case 'bun':
      return (a0 === 'run' || a0 === 'run-script') && MIGRATE_SCRIPT.test(a1 ?? '');
    case 'yarn':
      return MIGRATE_SCRIPT.test(a0 === 'run' ? a1 ?? '' : a0 ?? '');
    default:
      break;
  }
  if (/^python[0-9.]*$/.test(inv.program) && /(^|\/)manage\.py$/.test(a0 ?? '') && a1 === 'migrate') return true;
  return false;
}

export default defineRule({
  id: 'admin-processes/procfile-migration-in-web',
  meta: {
    description: 'Database migrations run when a Procfile process starts instead of in release',
    defaultSeverity: 'warning',
    languages: ['procfile'],
    fix: 'suggestion',
    messages: {
      migration: '`{{name}}` runs `{{migration}}` every time it starts, in every scaled copy at once; run migrations once per deploy as the `release` process.',
    },
    docs: {
      why: 'Admin tasks such as migrations should run once per release, as a one-off process; chained into `web` they run on every boot and every scale-out, race each other, and a failing one crashes the app instead of stopping the deploy.',
      bad: { procfile: 'web: bundle exec rake db:migrate && bundle exec puma -C config/puma.rb\n' },
      good: { procfile: 'web: bundle exec puma -C config/puma.rb\nrelease: bundle exec rake db:migrate\n' },
      fix: 'Moves the migration into the `release` process: appended with `&&` to an existing `release` line, or as a new `release:` line.',
    },
  },
  check(context) {
    if (isDevProcfile(context.path)) return;
    const procfile = procfileOf(context);
    const release = processNamed(procfile, 'release');
    for (const proc of procfile.processes) {
      if (proc.name.text === 'release') continue;
      const sh = shellOf(proc);
      if (!sh) continue;
      const { model, base } = sh;
      // A process type that only migrates (`migrate: rake db:migrate`) is a one-off admin process, not scaled at deploy.
      const alone = model.commands.filter((c) => invocation(c)).length <= 1;
      if (alone && proc.name.text !== 'web') continue;
      for (const cmd of model.commands) {
        const inv = invocation(cmd);
        if (!inv || !isMigration(inv)) continue;
        const migrationText = model.text.slice(cmd.start, cmd.end);
        const step = cmd.nested ? undefined : stepAt(model, cmd.start);
        const span = step && step.commands.length === 1 ? stepRemovalSpan(model, step) : undefined;
        const fixes: Fix[] = [];
        if (span && step) {
          const stepText = model.text.slice(step.start, step.end);
          const edits: TextEdit[] = [edit(context, base + span.start, base + span.end, '')];
          if (release) {
            if (!release.command.text.includes(stepText)) edits.push(edit(context, release.command.end, release.command.end, ` && ${stepText}`));
          } else {
            const at = appendLinePoint(procfile);
            edits.push(edit(context, at.offset, at.offset, `${at.prefix}release: ${stepText}`));
          }
          fixes.push({
            title: release ? `Move '${shortCommand(stepText)}' to the release process` : `Move '${shortCommand(stepText)}' to a new release process`,
            safety: 'suggestion', preferred: true, edits,
          });
        }
        context.report({
          range: context.rangeAt(base + cmd.start, base + cmd.end), messageId: 'migration',
          data: { name: proc.name.text, migration: shortCommand(migrationText) }, fixes,
        });
      }
    }
  },
});
