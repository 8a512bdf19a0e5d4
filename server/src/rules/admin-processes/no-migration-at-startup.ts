/**
 * Schema migrations or schema sync run by the app itself when it starts or serves a
 * request: `sequelize.sync()`, TypeORM `synchronize: true` / `migrationsRun: true` /
 * `dataSource.runMigrations()`, `knex.migrate.latest()`, Umzug/MikroORM/Drizzle migrators,
 * `execSync('npx prisma migrate deploy')`; Flask-SQLAlchemy `db.create_all()`, SQLAlchemy
 * `Base.metadata.create_all(engine)`, Alembic `command.upgrade(cfg, "head")`, Django
 * `call_command("migrate")`, Flask-Migrate `upgrade()`, Tortoise `generate_schemas`; GORM
 * `db.AutoMigrate(...)`, golang-migrate `m.Up()`, goose `goose.Up`, ent
 * `client.Schema.Create`; Rails `ActiveRecord::MigrationContext#migrate`,
 * `ActiveRecord::Tasks::DatabaseTasks.migrate`, `Sequel::Migrator.run`,
 * `Rake::Task["db:migrate"].invoke`; Flyway `migrate()` / Liquibase `update()` outside
 * Spring, Hibernate `hbm2ddl.auto=update|create`; Laravel `Artisan::call('migrate')`,
 * Doctrine `SchemaTool#updateSchema`; and shell commands that migrate.
 *
 * Every process of every scale-out runs it at once, racing the others, and a failing
 * migration takes the web process down instead of stopping the deploy. Migrations are an
 * admin process: run once per release (`release:` in a Procfile, a deploy step).
 *
 * Not flagged: migration files, seeders, `scripts/`, `bin/`, Rake tasks, Django management
 * and Laravel console commands, CLI entry points (`if __name__ == "__main__":` without a
 * server start, click/cobra/commander commands, `--migrate` flags), functions whose name
 * says they migrate or set up the database (they are called from such commands), branches
 * that run only in development or tests, Spring Boot's Flyway/Liquibase integration (its
 * documented way to migrate), and tests.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck } from '../../engine/rule';
import type { LanguageId } from '../../parsing/languages';
import { callInfo, enclosingFunction, inQueryOrder, spansOf, stringValue, walkMatch as match, type WalkMatch } from '../../analysis/syntax';
import {
  SPAWN_QUERIES, anyCandidate, candidatesNear, matchSpawnAt, mayHaveSpawn, mentionsProgram, programWords, spawnAt, spawnWords,
  type Invoked, type NodeMatcher, type WordCandidates,
} from '../../analysis/subprocess';
import { isIgnoredGoFile, isMigrationScriptName, isScriptOrTooling, relativeTo } from '../../analysis/code-role';
import { enclosingModes } from '../../analysis/env-mode';

/**
 * The query the rule ran before its matches were found in code (`migrationMatches`): the
 * reference the walk must agree with (`test/unit/subprocess-walks.test.ts`). Its own patterns
 * come first, then `SPAWN_QUERIES`'.
 */
export const REFERENCE_QUERIES: Partial<Record<LanguageId, string>> = {
  javascript: `
    (call_expression function: (member_expression property: (property_identifier) @m)
      (#match? @m "^(sync|runMigrations|synchronize|latest|up|updateSchema|createSchema|migrate)$")) @call
    (call_expression function: (identifier) @f (#eq? @f "migrate")) @call
    (pair key: (property_identifier) @k value: (true) (#match? @k "^(synchronize|migrationsRun)$")) @setting
    ${SPAWN_QUERIES.javascript}`,
  python: `
    (call function: (attribute attribute: (identifier) @m)
      (#match? @m "^(create_all|upgrade|call_command|create_tables|generate_schemas|generate_mapping)$")) @call
    (call function: (identifier) @f (#match? @f "^(call_command|upgrade|register_tortoise)$")) @call
    ${SPAWN_QUERIES.python}`,
  go: `
    (call_expression function: (selector_expression field: (field_identifier) @m)
      (#match? @m "^(AutoMigrate|Up|UpContext|UpTo|Exec|ExecMax|Create|Migrate)$")) @call
    ${SPAWN_QUERIES.go}`,
  ruby: `
    (call method: (identifier) @m (#match? @m "^(migrate|run|apply|auto_migrate!|auto_upgrade!|invoke|execute)$")) @call
    ${SPAWN_QUERIES.ruby}`,
  java: `
    (method_invocation name: (identifier) @m (#match? @m "^(migrate|update|put|setProperty)$")) @call
    (annotation name: (identifier) @a (#eq? @a "Bean") arguments: (annotation_argument_list (element_value_pair key: (identifier) @k value: (string_literal) @v (#eq? @k "initMethod") (#eq? @v "\\"migrate\\"")))) @init
    ${SPAWN_QUERIES.java}`,
  php: `
    (scoped_call_expression scope: (_) @s name: (name) @m (#match? @s "Artisan$") (#eq? @m "call")) @call
    (member_call_expression name: (name) @m (#match? @m "^(updateSchema|createSchema|migrate)$")) @call
    ${SPAWN_QUERIES.php}`,
};

/**
 * The rule's own patterns of `REFERENCE_QUERIES` in code, per language: how many there are, the
 * words their callee (key, annotation name, class) holds with the types and levels above them of
 * the nodes they are rooted at, and their matches at one node.
 */
interface OwnPatterns { count: number; words: { re: RegExp; before?: RegExp; types: ReadonlySet<string>; levels: number }[]; match: NodeMatcher }

const field = (n: Node, name: string): Node | null => n.childForFieldName(name);

const JS_METHODS = /^(sync|runMigrations|synchronize|latest|up|updateSchema|createSchema|migrate)$/;
const PY_METHODS = /^(create_all|upgrade|call_command|create_tables|generate_schemas|generate_mapping)$/;
const PY_FUNCTIONS = /^(call_command|upgrade|register_tortoise)$/;
const GO_METHODS = /^(AutoMigrate|Up|UpContext|UpTo|Exec|ExecMax|Create|Migrate)$/;
const RUBY_METHODS = /^(migrate|run|apply|auto_migrate!|auto_upgrade!|invoke|execute)$/;
const JAVA_METHODS = /^(migrate|update|put|setProperty)$/;
const PHP_METHODS = /^(updateSchema|createSchema|migrate)$/;

const OWN: Partial<Record<LanguageId, OwnPatterns>> = {
  javascript: {
    count: 3,
    words: [{ re: /(?:sync|runMigrations|synchronize|latest|up|updateSchema|createSchema|migrate|migrationsRun)(?![\w$])/g, before: /[\w$]/, types: new Set(['call_expression', 'pair']), levels: 2 }],
    match(n, out) {
      if (n.type === 'pair') {
        const k = field(n, 'key');
        const v = field(n, 'value');
        if (k?.type === 'property_identifier' && v?.type === 'true' && (k.text === 'synchronize' || k.text === 'migrationsRun')) out.push(match(2, n, v, { setting: n, k }));
        return;
      }
      if (n.type !== 'call_expression') return;
      const f = field(n, 'function');
      if (f?.type === 'member_expression') {
        const p = field(f, 'property');
        if (p?.type === 'property_identifier' && JS_METHODS.test(p.text)) out.push(match(0, n, p, { call: n, m: p }));
      } else if (f?.type === 'identifier' && f.text === 'migrate') out.push(match(1, n, f, { call: n, f }));
    },
  },
  python: {
    count: 2,
    words: [{ re: /(?:create_all|upgrade|call_command|create_tables|generate_schemas|generate_mapping|register_tortoise)(?!\w)/g, before: /\w/, types: new Set(['call']), levels: 2 }],
    match(n, out) {
      if (n.type !== 'call') return;
      const f = field(n, 'function');
      if (f?.type === 'attribute') {
        const a = field(f, 'attribute');
        if (a?.type === 'identifier' && PY_METHODS.test(a.text)) out.push(match(0, n, a, { call: n, m: a }));
      } else if (f?.type === 'identifier' && PY_FUNCTIONS.test(f.text)) out.push(match(1, n, f, { call: n, f }));
    },
  },
  go: {
    count: 1,
    words: [{ re: /(?:AutoMigrate|UpContext|UpTo|Up|ExecMax|Exec|Create|Migrate)(?!\w)/g, before: /\w/, types: new Set(['call_expression']), levels: 2 }],
    match(n, out) {
      const f = n.type === 'call_expression' ? field(n, 'function') : null;
      const m = f?.type === 'selector_expression' ? field(f, 'field') : null;
      if (m?.type === 'field_identifier' && GO_METHODS.test(m.text)) out.push(match(0, n, m, { call: n, m }));
    },
  },
  ruby: {
    count: 1,
    words: [{ re: /migrate|run|apply|auto_migrate|auto_upgrade|invoke|execute/g, before: /\w/, types: new Set(['call']), levels: 1 }],
    match(n, out) {
      const m = n.type === 'call' ? field(n, 'method') : null;
      if (m?.type === 'identifier' && RUBY_METHODS.test(m.text)) out.push(match(0, n, m, { call: n, m }));
    },
  },
  java: {
    count: 2,
    words: [{ re: /(?:migrate|update|put|setProperty|Bean)(?!\w)/g, before: /\w/, types: new Set(['method_invocation', 'annotation']), levels: 1 }],
    match(n, out) {
      if (n.type === 'method_invocation') {
        const m = field(n, 'name');
        if (m?.type === 'identifier' && JAVA_METHODS.test(m.text)) out.push(match(0, n, m, { call: n, m }));
        return;
      }
      if (n.type !== 'annotation') return;
      // `@Bean(initMethod = "migrate")`: one match per such pair.
      const a = field(n, 'name');
      const list = field(n, 'arguments');
      if (a?.type !== 'identifier' || a.text !== 'Bean' || list?.type !== 'annotation_argument_list') return;
      for (let i = 0; i < list.namedChildCount; i++) {
        const pair = list.namedChild(i);
        if (pair?.type !== 'element_value_pair') continue;
        const k = field(pair, 'key');
        const v = field(pair, 'value');
        if (k?.type === 'identifier' && k.text === 'initMethod' && v?.type === 'string_literal' && v.text === '"migrate"') out.push(match(1, n, v, { init: n, a, k, v }));
      }
    },
  },
  php: {
    count: 2,
    words: [
      { re: /Artisan/g, types: new Set(['scoped_call_expression']), levels: 2 },
      { re: /(?:updateSchema|createSchema|migrate)(?!\w)/g, before: /\w/, types: new Set(['member_call_expression']), levels: 1 },
    ],
    match(n, out) {
      if (n.type === 'scoped_call_expression') {
        const s = field(n, 'scope');
        const m = field(n, 'name');
        if (s?.isNamed && m?.type === 'name' && s.text.endsWith('Artisan') && m.text === 'call') out.push(match(0, n, m, { call: n, s, m }));
      } else if (n.type === 'member_call_expression') {
        const m = field(n, 'name');
        if (m?.type === 'name' && PHP_METHODS.test(m.text)) out.push(match(1, n, m, { call: n, m }));
      }
    },
  },
};
OWN.typescript = OWN.javascript;

/** Where the candidates of `REFERENCE_QUERIES` are in a text: around its own words and the spawn words. No tree needed. */
export function migrationWords(text: string, lang: LanguageId): WordCandidates[] {
  const own = (OWN[lang]?.words ?? []).map((w) => ({
    spans: spansOf(text, w.re, (m) => !w.before || m.index === 0 || !w.before.test(text[m.index - 1])),
    types: w.types,
    levels: w.levels,
  }));
  return [...own, ...spawnWords(text, lang)];
}

/**
 * The matches of `REFERENCE_QUERIES` (pattern, captures) found in code at the nodes around
 * their words, in the order its cursor gives them over the tree.
 */
export function migrationMatches(root: Node, words: readonly WordCandidates[], lang: LanguageId): WalkMatch[] {
  const own = OWN[lang];
  const out: WalkMatch[] = [];
  for (const n of candidatesNear(root, words)) {
    own?.match(n, out, 0);
    matchSpawnAt(n, lang, out, own?.count ?? 0);
  }
  return inQueryOrder(out);
}

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

function kids(n: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && !c.type.includes('comment')) out.push(c);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// What migrates
// ---------------------------------------------------------------------------------------

/** Shell commands that migrate (the same list the Procfile rule knows). */
export function isMigrationCommand(cmd: Invoked): boolean {
  const a = cmd.args;
  const [a0, a1] = a;
  switch (cmd.program) {
    case 'rake': case 'rails':
      return a.some((x) => /^db:(migrate|prepare|setup|schema:load|push)(:[\w:]+)?$/.test(x));
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
      return (a0 === 'migrate' && (a1 === 'deploy' || a1 === 'dev' || a1 === 'reset')) || (a0 === 'db' && a1 === 'push');
    case 'typeorm': case 'typeorm-ts-node-commonjs': case 'typeorm-ts-node-esm':
      return a0 === 'migration:run' || a0 === 'schema:sync';
    case 'node-pg-migrate': case 'db-migrate': case 'dbmate':
      return a.includes('up') || a.includes('migrate');
    case 'goose':
      return a.includes('up');
    case 'migrate':
      return a.includes('up') && a.some((x) => /^-(path|source|database)/.test(x));
    case 'flyway':
      return a.includes('migrate');
    case 'liquibase':
      return a.includes('update');
    case 'npx': case 'bunx': case 'pnpx':
      return isMigrationCommand({ ...cmd, program: a0 ?? '', args: a.slice(1) });
    case 'npm': case 'pnpm': case 'yarn': case 'bun': {
      const script = a0 === 'run' || a0 === 'run-script' ? a1 : a0;
      return !!script && /^(db:)?migrat(e|ion|ions)(:[\w:-]+)?$/.test(script);
    }
    case 'bundle':
      return a0 === 'exec' && isMigrationCommand({ ...cmd, program: a1 ?? '', args: a.slice(2) });
    case 'php':
      return /(^|\/)artisan$/.test(a0 ?? '') && /^migrate(:fresh|:refresh)?$/.test(a1 ?? '');
  }
  if (/^python[0-9.]*$/.test(cmd.program)) {
    if (/(^|\/)manage\.py$/.test(a0 ?? '') && a1 === 'migrate') return true;
    if (a0 === '-m' && a1 === 'alembic') return a.includes('upgrade');
    if (a0 === '-m' && a1 === 'flask') return a[2] === 'db' && a[3] === 'upgrade';
  }
  return false;
}

const DB_TASK = /db:(?:migrate|prepare|setup|schema:load|push)/;
const MIGRATE = /migrate/;
const MIGRATION_SCRIPT = /migrat/;
const TYPEORM_RUN = /migration:run|schema:sync/;

/**
 * The programs `isMigrationCommand` knows, with what their arguments need in the text. Through
 * python (`manage.py`, `-m alembic`, `-m flask`) they are read from the arguments, as
 * `sys.executable` may stand for python: see `mayMigrate`.
 */
const MIGRATION_PROGRAMS = programWords({
  rake: DB_TASK, rails: DB_TASK, 'manage.py': MIGRATE, 'django-admin': MIGRATE, alembic: /upgrade/, flask: /upgrade/, knex: /migrate:/,
  sequelize: /db:migrate/, 'sequelize-cli': /db:migrate/, prisma: /migrate|push/, typeorm: TYPEORM_RUN, 'typeorm-ts-node-commonjs': TYPEORM_RUN,
  'typeorm-ts-node-esm': TYPEORM_RUN, 'node-pg-migrate': undefined, 'db-migrate': undefined, dbmate: /up|migrate/, goose: /up/,
  migrate: /-(?:path|source|database)/, flyway: MIGRATE, liquibase: /update/, npm: MIGRATION_SCRIPT, pnpm: MIGRATION_SCRIPT,
  yarn: MIGRATION_SCRIPT, bun: MIGRATION_SCRIPT, php: /artisan/,
});

/** What `recognise` needs in the text before it can find a migration, per language, besides a spawn. */
const MIGRATION_TEXT: Partial<Record<LanguageId, (text: string) => boolean>> = {
  javascript: (t) => /\bmigrate\b|runMigrations|migrationsRun|\bsynchronize\b/.test(t) || /migrator|umzug|schemaGenerator/i.test(t) || (/\bsync\b/.test(t) && /sequelize/i.test(t)),
  python: (t) => /create_all|create_tables|generate_schemas/.test(t) || (t.includes('upgrade') && /alembic|flask_migrate/.test(t))
    || (t.includes('call_command') && /migrate|syncdb/.test(t)),
  go: (t) => /AutoMigrate|goose|golang-migrate\/migrate|rubenv\/sql-migrate|entgo\.io\/ent|\/ent"|uptrace\/bun\/migrate/.test(t),
  ruby: (t) => /[mM]igrat|auto_upgrade|Rake::Task\[/.test(t),
  java: (t) => /flyway|liquibase|hbm2ddl|ddl-auto|schema-generation|initMethod/i.test(t),
  php: (t) => /Artisan|schema[Tt]ool/.test(t) || (t.includes('migrate') && /getMigrator|Phinx/.test(t)),
};
MIGRATION_TEXT.typescript = MIGRATION_TEXT.javascript;

/** A text-level necessary condition for a report: a call or setting `recognise` knows, or a spawn of a migration command. */
function mayMigrate(text: string, lang: LanguageId): boolean {
  if (MIGRATION_TEXT[lang]?.(text)) return true;
  if (!mayHaveSpawn(text, lang)) return false;
  // `python manage.py migrate`, `[sys.executable, "-m", "alembic", "upgrade", "head"]`: the program may not be written.
  if (/manage\.py/.test(text) && MIGRATE.test(text)) return true;
  if (/alembic|flask/.test(text) && text.includes('upgrade')) return true;
  return mentionsProgram(text, MIGRATION_PROGRAMS);
}

interface Found { node: Node; label: string; setting?: boolean }

function recognise(node: Node, capture: string, lang: LanguageId, text: string): Found | undefined {
  if (capture === 'init') {
    // `@Bean(initMethod = "migrate") Flyway flyway(...)`: migrates when the context starts.
    return { node, label: '@Bean(initMethod = "migrate")' };
  }
  if (capture === 'setting') {
    // TypeORM / MikroORM options: only in an ORM config object.
    const obj = node.parent;
    if (!obj || obj.type !== 'object') return undefined;
    const keys = kids(obj).map((p) => p.childForFieldName('key')?.text ?? '');
    if (!keys.some((k) => /^(type|entities|autoLoadEntities|database|url|migrations|driver|dbName)$/.test(k))) return undefined;
    return { node, label: node.text.replace(/\s+/g, ' '), setting: true };
  }
  const spawn = spawnAt(node, lang, text);
  if (spawn) {
    const cmd = spawn.commands.find(isMigrationCommand);
    return cmd ? { node: spawn.anchor, label: [cmd.program, ...cmd.args.slice(0, 2)].join(' ') } : undefined;
  }
  const info = callInfo(node, lang);
  if (!info) return undefined;
  const recv = (info.object ?? '').replace(/\s+/g, '');
  const m = info.method;
  const label = `${short(info.callee)}()`;
  const args = info.args;
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      if (m === 'sync') {
        const onlyOptions = args.length === 0 || (args.length === 1 && args[0].type === 'object');
        if (!onlyOptions) return undefined;
        if (/sequelize/i.test(recv)) return { node, label };
        if ((/^[A-Z]\w*$/.test(recv) || /(^|\.)models\.[A-Z]\w*$/.test(recv)) && /sequelize/i.test(text)) return { node, label };
        return undefined;
      }
      if (m === 'runMigrations') return { node, label };
      if (m === 'synchronize') return /datasource|connection|orm|\bdb\b/i.test(recv) && args.length <= 1 ? { node, label } : undefined;
      if (m === 'latest' || m === 'up') {
        if (/(^|\.)migrate$/.test(recv)) return { node, label };
        if (m === 'up' && (/umzug|migrator/i.test(recv) || /getMigrator\(\)$/.test(recv))) return { node, label };
        return undefined;
      }
      if (m === 'updateSchema' || m === 'createSchema') return /getSchemaGenerator\(\)$|schemaGenerator/i.test(recv) ? { node, label } : undefined;
      if (m === 'migrate') {
        if (!info.object) return /drizzle-orm\/[\w-]+\/migrator|drizzle-orm\/migrator/.test(text) ? { node, label: 'migrate()' } : undefined;
        return /postgrator|umzug|migrator/i.test(recv) ? { node, label } : undefined;
      }
      return undefined;
    }
    case 'python': {
      if (m === 'create_all') {
        return /(^|\.)metadata$/.test(recv) || /^(db|_db|database|sql_db)$/.test(recv) || /\.db$/.test(recv) ? { node, label } : undefined;
      }
      if (m === 'upgrade') {
        if (/(^|\.)command$/.test(recv) && /\balembic\b/.test(text)) return { node, label };
        if (recv === 'flask_migrate' || (!info.object && /from\s+flask_migrate\s+import[^\n]*\bupgrade\b/.test(text))) return { node, label: 'flask_migrate.upgrade()' };
        return undefined;
      }
      if (m === 'call_command') {
        const first = args[0] ? stringValue(args[0], lang) : undefined;
        return first === 'migrate' || first === 'syncdb' ? { node, label: `call_command("${first}")` } : undefined;
      }
      if (m === 'create_tables') return /(^|\.)(db|database|_db)$/i.test(recv) ? { node, label } : undefined;
      if (m === 'generate_schemas') return recv === 'Tortoise' ? { node, label } : undefined;
      if (m === 'register_tortoise') return info.keywordArgs.get('generate_schemas')?.text === 'True' ? { node, label: 'register_tortoise(generate_schemas=True)' } : undefined;
      if (m === 'generate_mapping') return info.keywordArgs.get('create_tables')?.text === 'True' ? { node, label: 'generate_mapping(create_tables=True)' } : undefined;
      return undefined;
    }
    case 'go': {
      if (m === 'AutoMigrate') return { node, label: `${short(info.callee)}(...)` };
      if ((m === 'Up' || m === 'UpContext' || m === 'UpTo') && recv === 'goose') return { node, label };
      if (m === 'Up' && args.length === 0 && /golang-migrate\/migrate/.test(text)) return { node, label };
      if ((m === 'Exec' || m === 'ExecMax') && recv === 'migrate' && /rubenv\/sql-migrate/.test(text)) return { node, label };
      if (m === 'Create' && /(^|\.)Schema$/.test(recv) && /entgo\.io\/ent|\/ent"/.test(text)) return { node, label };
      if (m === 'Migrate' && /migrator/i.test(recv) && /uptrace\/bun\/migrate/.test(text)) return { node, label };
      return undefined;
    }
    case 'ruby': {
      if (m === 'migrate') return /Migrat|DatabaseTasks|migration_context/.test(recv) ? { node, label: `${short(info.callee)}` } : undefined;
      if (m === 'run' || m === 'apply') return /^Sequel::(\w+)?Migrator$/.test(recv) ? { node, label } : undefined;
      if (m === 'auto_migrate!' || m === 'auto_upgrade!') return { node, label: short(info.callee) };
      if (m === 'invoke' || m === 'execute') return /^Rake::Task\[["']db:(migrate|prepare|setup|schema:load)["']\]$/.test(recv) ? { node, label: short(info.callee) } : undefined;
      return undefined;
    }
    case 'java': {
      if (m === 'migrate') return /flyway/i.test(recv) ? { node, label } : undefined;
      if (m === 'update') return /liquibase/i.test(recv) ? { node, label } : undefined;
      if (m === 'put' || m === 'setProperty') {
        if (args.length !== 2) return undefined;
        const key = stringValue(args[0], lang) ?? args[0].text;
        const value = stringValue(args[1], lang);
        if (!/^(hibernate\.hbm2ddl\.auto|spring\.jpa\.hibernate\.ddl-auto|(javax|jakarta)\.persistence\.schema-generation\.database\.action)$|(^|\.)HBM2DDL_AUTO$/.test(key)) return undefined;
        if (!value || !/^(update|create|create-drop|drop-and-create|create-only)$/.test(value)) return undefined;
        return { node, label: `${key.replace(/^.*\.HBM2DDL_AUTO$/, 'hibernate.hbm2ddl.auto')}=${value}`, setting: true };
      }
      return undefined;
    }
    case 'php': {
      if (m === 'call' && /Artisan$/.test(recv)) {
        const first = args[0] ? stringValue(args[0], lang) : undefined;
        const command = first?.trim().split(/\s+/)[0];
        return command && /^(migrate(:fresh|:refresh|:reset|:install)?|db:seed|db:wipe|schema:load)$/.test(command) ? { node, label: `Artisan::call('${command}')` } : undefined;
      }
      if (m === 'updateSchema' || m === 'createSchema') return /schemaTool|SchemaTool/.test(recv) ? { node, label } : undefined;
      if (m === 'migrate') return /getMigrator\(\)$/.test(recv) || (/manager/i.test(recv) && /Phinx/.test(text)) ? { node, label } : undefined;
      return undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Where it runs
// ---------------------------------------------------------------------------------------

/** Functions whose name says they are an admin task: never start-up code of their own. */
const ADMIN_FUNCTION = /migrat|seed|reset|rebuild|recreate|teardown|populate|^drop_?|^upgrade_?(db|database)?$/i;
/** Set-up functions: start-up code, unless the file also wires them to a command line. */
const SETUP_FUNCTION = /^(init|setup|create|prepare|sync|bootstrap|connect|open)_?(the_?)?(db|database|schema|tables?|models|orm)$|^(db|database|schema)_?(init|setup|create|sync|connect)$|^(create|sync)_?tables?$/i;
/** A command line wired in the same file: the set-up function may be what it calls. */
const CLI_WIRING = /@(\w+\.)*(cli\.)?command\b|@click\.|@typer\.|\.add_command\(|\.cli\.command|cobra\.Command|flag\.(Bool|String)\(|\.command\(\s*['"]|yargs|commander|\bARGV\b|OptionParser|argparse/;
const ARGV_CONDITION = /\bargv\b|\bARGV\b|os\.Args|flag\.|\bargs\b|\$argv|migrat|--[a-z]|getopt|optparse|argparse|\.parse_args\(|command\b/i;
/** `if needs_migration?`: a start-up migration that runs when there is something to run, not a command-line flag. */
const NEEDS_MIGRATION = /needs_migration|pending_migration|migration_context|has_pending|pendingMigrations|needsMigration/i;
const SERVER_START = /\.run\(|\brun_app\(|\bserve\(|uvicorn\.run|socketio\.run|\.listen\(|waitress|gunicorn/;
const PY_APP_MARKERS = /\b(Flask|FastAPI|Quart|Sanic|Starlette|Litestar|Bottle|Falcon|Celery)\(|\bweb\.Application\(|create_app\(|get_wsgi_application|get_asgi_application|\bAppConfig\b|@\w+\.(route|get|post|on_event|before_request|before_first_request)\b|uvicorn|socketio|APIRouter\(|Blueprint\(/;
const CONDITIONAL_TYPES = new Set(['if_statement', 'if', 'unless', 'if_modifier', 'unless_modifier', 'elif_clause', 'else_if_clause', 'elsif', 'ternary_expression', 'conditional', 'conditional_expression', 'switch_case', 'expression_case', 'case_statement', 'when']);

function functionName(fn: Node, lang: LanguageId): string {
  const own = fn.childForFieldName('name')?.text;
  if (own) return own;
  const p = fn.parent;
  if (!p) return '';
  if (p.type === 'variable_declarator' || p.type === 'pair' || p.type === 'assignment_expression') {
    return (p.childForFieldName('name') ?? p.childForFieldName('key') ?? p.childForFieldName('left'))?.text ?? '';
  }
  void lang;
  return '';
}

/** A function the CLI calls: click/typer/Flask CLI commands, commander/yargs actions, cobra `Run`, urfave `Action`, Rake tasks. */
function isCliCommand(fn: Node, lang: LanguageId): boolean {
  switch (lang) {
    case 'python': {
      const d = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
      return !!d && kids(d).some((c) => c.type === 'decorator' && /(^@|\.)(command|group|option|argument)\b|@click\.|@typer\.|@task\b/.test(c.text));
    }
    case 'javascript':
    case 'typescript': {
      const args = fn.parent;
      const call = args?.type === 'arguments' ? args.parent : undefined;
      if (!call) return false;
      const callee = call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
      return /\.(action|command|handler)$/.test(callee) || /\.command\(/.test(callee);
    }
    case 'go': {
      const kv = fn.parent?.type === 'literal_element' ? fn.parent.parent : fn.parent;
      if (kv?.type !== 'keyed_element') return false;
      const key = kids(kv)[0]?.text ?? '';
      return /^(Run|RunE|PreRun|PreRunE|Action|Before)$/.test(key);
    }
    case 'ruby': {
      // `task :migrate do ... end`, `namespace :db do`, Thor `desc` + method in a Thor class.
      const call = fn.parent;
      return call?.type === 'call' && /^(task|namespace|desc|command)$/.test(call.childForFieldName('method')?.text ?? '');
    }
  }
  return false;
}

/** Framework start-up hooks: FastAPI/Starlette `on_event("startup")`, Flask `before_first_request`, Nest `onModuleInit`. */
function isStartupHook(fn: Node, lang: LanguageId): boolean {
  if (lang === 'python') {
    const d = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    return !!d && kids(d).some((c) => c.type === 'decorator' && /on_event\(\s*['"]startup['"]|before_first_request|before_serving|on_startup|\.startup\b/.test(c.text));
  }
  if (lang === 'javascript' || lang === 'typescript') return /^(onModuleInit|onApplicationBootstrap)$/.test(fn.childForFieldName('name')?.text ?? '');
  return false;
}

/**
 * Spring Boot's own hook for its Flyway auto-configuration (`FlywayMigrationStrategy`): Boot
 * migrates at start-up by design when Flyway is on the classpath, and this only customises
 * how; Liquibase's `SpringLiquibase` bean is the same. Explicit `flyway.migrate()` calls and
 * `@Bean(initMethod = "migrate")` are the app's own choice and are reported.
 */
function inBootMigrationHook(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'method_declaration') {
      const type = p.childForFieldName('type')?.text ?? '';
      if (/^(FlywayMigrationStrategy|SpringLiquibase)$/.test(type)) return true;
    }
    if (p.type === 'class_declaration' && /\bimplements\s+[^{]*\bFlywayMigrationStrategy\b/.test(p.text.slice(0, 300))) return true;
  }
  return false;
}

function runsAtStartup(node: Node, lang: LanguageId, found: Found, fileText: string): boolean {
  // A development/test-only branch.
  const modes = enclosingModes(node, lang);
  if (modes && !modes.has('production') && !modes.has('staging')) return false;
  // Guarded by command-line arguments or a migrate flag.
  for (let p = node.parent, depth = 0; p && depth < 30; p = p.parent, depth++) {
    if (!CONDITIONAL_TYPES.has(p.type)) continue;
    const cond = p.childForFieldName('condition') ?? p.childForFieldName('value') ?? p.childForFieldName('pattern');
    if (!cond) continue;
    if (lang === 'python' && /^__name__\s*==\s*['"]__main__['"]$|^['"]__main__['"]\s*==\s*__name__$/.test(cond.text.trim())) {
      const body = p.childForFieldName('consequence');
      if (!body || !SERVER_START.test(body.text)) return false;
      continue;
    }
    if (ARGV_CONDITION.test(cond.text) && !NEEDS_MIGRATION.test(cond.text)) return false;
  }
  // Functions around it.
  for (let fn = enclosingFunction(node, lang); fn; fn = enclosingFunction(fn, lang)) {
    if (isStartupHook(fn, lang)) return true;
    const name = functionName(fn, lang);
    if (ADMIN_FUNCTION.test(name)) return false;
    if (SETUP_FUNCTION.test(name) && CLI_WIRING.test(fileText)) return false;
    if (isCliCommand(fn, lang)) return false;
  }
  if (lang === 'java' && !found.setting && inBootMigrationHook(node)) return false;
  // A Python script: no app in sight, and it prints or runs as `__main__`.
  if (lang === 'python' && !PY_APP_MARKERS.test(fileText) && (/\bprint\(/.test(fileText) || /__name__\s*==\s*['"]__main__['"]/.test(fileText))) return false;
  // A one-off script: it exits once the schema is done and never serves.
  if (lang === 'javascript' || lang === 'typescript') {
    const after = /^[\s\S]{0,400}?\bprocess\.exit\(\s*0?\s*\)/.exec(fileText.slice(node.endIndex))?.[0];
    if (after && !/\bcatch\b/.test(after) && !/\.listen\(|createServer\(|\bserve\(|NestFactory|fastify\(|new Hono\(/.test(fileText)) return false;
  }
  return true;
}

export default defineRule({
  id: 'admin-processes/no-migration-at-startup',
  meta: {
    description: 'Database migration or schema sync run by the app at start-up or in a request',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'none',
    messages: {
      migrate: '`{{call}}` changes the database schema from inside the app, in every process that starts; run migrations once per release as a one-off process (a Procfile `release:` entry or a deploy step) instead.',
      setting: '`{{call}}` makes the ORM change the schema whenever the app starts; turn it off and run migrations once per release as a one-off process.',
    },
    docs: {
      why: 'Every process of every scaled copy runs a start-up migration at once, racing the others, and a failed migration takes the web process down instead of stopping the release, so migrations belong in a one-off admin process.',
      bad: {
        javascript: 'sequelize.sync({ alter: true }).then(() => {\n  app.listen(process.env.PORT);\n});',
        typescript: "export const AppDataSource = new DataSource({\n  type: 'postgres',\n  url: process.env.DATABASE_URL,\n  synchronize: true,\n});",
        python: 'app = Flask(__name__)\ndb.init_app(app)\nwith app.app_context():\n    db.create_all()',
        go: 'db, _ := gorm.Open(postgres.Open(os.Getenv("DATABASE_URL")), &gorm.Config{})\ndb.AutoMigrate(&User{}, &Order{})\nhttp.ListenAndServe(":"+os.Getenv("PORT"), router)',
        ruby: '# config/initializers/migrate.rb\nActiveRecord::Tasks::DatabaseTasks.migrate',
        java: 'public static void main(String[] args) {\n    Flyway.configure().dataSource(url, user, pass).load().migrate();\n    Javalin.create().start(port);\n}',
        php: "Route::get('/migrate', function () {\n    Artisan::call('migrate', ['--force' => true]);\n});",
      },
      good: {
        javascript: '// Procfile\n// release: npx sequelize-cli db:migrate\n// web: node server.js\napp.listen(process.env.PORT);',
        typescript: "export const AppDataSource = new DataSource({\n  type: 'postgres',\n  url: process.env.DATABASE_URL,\n  migrations: ['dist/migrations/*.js'],\n});\n// release: npx typeorm migration:run -d dist/data-source.js",
        python: '# Procfile\n# release: flask db upgrade\n# web: gunicorn "app:create_app()"\napp = Flask(__name__)\ndb.init_app(app)',
        go: '// release: ./bin/migrate up (a separate command)\ndb, _ := gorm.Open(postgres.Open(os.Getenv("DATABASE_URL")), &gorm.Config{})\nhttp.ListenAndServe(":"+os.Getenv("PORT"), router)',
        ruby: '# Procfile\n# release: bin/rails db:migrate',
        java: '// release: flyway migrate (or Spring Boot\'s Flyway integration)\npublic static void main(String[] args) {\n    Javalin.create().start(port);\n}',
        php: '// Procfile\n// release: php artisan migrate --force',
      },
    },
  },
  // One word of each condition of `mayMigrate` (case-blind where it is).
  triggers: [/[mM][iI][gG][rR][aA][tT]/, 'synchronize', /[sS][eE][qQ][uU][eE][lL][iI][zZ][eE]/, /[uU][mM][zZ][uU][gG]/,
    /[sS][cC][hH][eE][mM][aA][gG][eE][nN][eE][rR][aA][tT][oO][rR]/, 'create_all', 'create_tables', 'generate_schemas', 'upgrade', 'syncdb',
    'goose', 'entgo.io/ent', '/ent"', 'Rake::Task[', /[fF][lL][yY][wW][aA][yY]/, /[lL][iI][qQ][uU][iI][bB][aA][sS][eE]/, /[hH][bB][mM]2[dD][dD][lL]/,
    /[dD][dD][lL]-[aA][uU][tT][oO]/, /[sS][cC][hH][eE][mM][aA]-[gG][eE][nN][eE][rR][aA][tT][iI][oO][nN]/, 'initMethod', 'Artisan', 'schemaTool', 'SchemaTool',
    'db:', 'prisma', 'schema:sync', 'dbmate'],
  check(context) {
    const lang = context.language;
    const rel = relativeTo(context.project.root, context.path);
    if (isScriptOrTooling(rel) || isMigrationScriptName(rel) || (lang === 'go' && isIgnoredGoFile(context.text))) return;
    // Rails initializers and config.ru are start-up code, but Rake files and db/ are not.
    if (lang === 'ruby' && /(^|\/)(Rakefile|[^/]+\.rake|db\/[^/]+\.rb)$/.test(rel)) return;
    if (!context.treeParsed && !precheck(() => mayMigrate(context.text, lang))) return;
    // The tree only when some candidate's word is in the text.
    const words = migrationWords(context.text, lang);
    const root = anyCandidate(words) ? context.tree?.rootNode : undefined;
    if (!root) return;
    const seen = new Set<number>();
    for (const m of migrationMatches(root, words, lang)) {
      const cap = m.captures.find((c) => c.name === 'call' || c.name === 'setting' || c.name === 'init');
      if (!cap || seen.has(cap.node.startIndex)) continue;
      seen.add(cap.node.startIndex);
      const found = recognise(cap.node, cap.name, lang, context.text);
      if (!found) continue;
      if (!runsAtStartup(cap.node, lang, found, context.text)) continue;
      context.report({ node: found.node, messageId: found.setting ? 'setting' : 'migrate', data: { call: found.label } });
    }
  },
});
