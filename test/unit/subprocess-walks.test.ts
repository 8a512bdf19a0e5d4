/**
 * The rules that read spawned programs (analysis/subprocess.ts) find their candidates with a
 * walk in code instead of tree-sitter queries (compiling those walked the grammar's parse table:
 * up to 90 ms per grammar, paid at a language's first file). The walks must select exactly what
 * the queries they replace matched (pattern and captures, in the same order): on every fixture,
 * evaluation-corpus file and example, each blown up so that statements and calls grow past
 * statement-sized subtrees, and on edge cases. Around the words (as the rules look) they must
 * find what the whole tree holds, and the rules must report the same either way.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import type { Node } from '@vscode/tree-sitter-wasm';
import { assertWalksMatch, referenceFor, showMatch, walkSources, type Walk } from '../support/walks';
import { detectLanguage, type GrammarId, type LanguageId } from '../../server/src/parsing/languages';
import { query } from '../../server/src/parsing/tree-sitter';
import { checkDocument, prepare } from '../../server/src/engine/run';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { memoryProject } from '../../server/src/engine/project';
import { RULES } from '../../server/src/rules/index';
import { ANCHORED_LOOKUPS, inQueryOrder, type WalkMatch } from '../../server/src/analysis/syntax';
import type { Finding } from '../../server/src/engine/types';
import {
  SPAWN_QUERIES, SPAWN_TYPES, aliasCallMatches, candidatesNear, matchSpawnAt, promisifiedSpawns, spawnMatches, spawnWords,
} from '../../server/src/analysis/subprocess';
import * as migration from '../../server/src/rules/admin-processes/no-migration-at-startup';
import * as install from '../../server/src/rules/build-release-run/no-runtime-install';

const ALL: LanguageId[] = ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'];
const RULE_IDS = ['admin-processes/no-migration-at-startup', 'build-release-run/no-runtime-install', 'dependencies/no-undeclared-system-tool'];

/** Runs `f` with anchored look-ups answering for the whole tree. */
function wholeTree<T>(f: () => T): T {
  ANCHORED_LOOKUPS.wholeTree = true;
  try {
    return f();
  } finally {
    ANCHORED_LOOKUPS.wholeTree = false;
  }
}

/** The reference query's matches over the whole tree, in its cursor's order. */
const wholeTreeReference = (queries: Partial<Record<LanguageId, string>>) => (grammar: GrammarId, lang: LanguageId, root: Node): string[] | undefined => {
  const source = referenceFor(queries, lang);
  return source === undefined ? undefined : query(grammar, source).matches(root).map(showMatch);
};

/**
 * The reference's matches the walk around the words must find: all of the whole tree's but
 * JavaScript's bare `$(...)` calls in a file that names no spawning library (jQuery's `$`, which
 * `spawnAt` never reads as a spawn, so the words leave it out).
 */
function aroundWords(lang: LanguageId, text: string, root: Node, all: string[], queries: Partial<Record<LanguageId, string>>, grammar: GrammarId): string[] {
  if (lang !== 'javascript' && lang !== 'typescript') return all;
  if (/child_process|execa|shelljs|\bzx\b|['"]bun['"]/.test(text)) return all;
  const bare = new Set(query(grammar, referenceFor(queries, lang)!).matches(root)
    .filter((m) => m.captures.some((c) => c.name === 'fn' && c.node.text === '$' && c.node.type === 'identifier'))
    .map(showMatch));
  return all.filter((m) => !bare.has(m));
}

const spawnWalk = (lang: LanguageId, root: Node): string[] => {
  const out: WalkMatch[] = [];
  for (const n of root.descendantsOfType(SPAWN_TYPES[lang] ?? [])) if (n) matchSpawnAt(n, lang, out);
  return inQueryOrder(out).map(showMatch);
};

const ALIAS_QUERY = (names: string[]): string => `(call_expression function: (identifier) @fn (#match? @fn "^(${names.join('|')})$")) @call`;

/**
 * A rule's own walk, twice: over the whole tree against its reference queries, and as the rule
 * runs it (around the words in the text) against the queries' matches around those words.
 */
function ownWalks(name: string, queries: Partial<Record<LanguageId, string>>, matches: (lang: LanguageId, root: Node, text: string) => WalkMatch[]): Walk[] {
  return [
    { name, reference: wholeTreeReference(queries), walk: (lang, root, text) => wholeTree(() => matches(lang, root, text)).map(showMatch) },
    {
      name: `${name}: around the words`,
      reference(grammar, lang, root, text) {
        const all = wholeTreeReference(queries)(grammar, lang, root);
        return all && aroundWords(lang, text, root, all, queries, grammar);
      },
      walk: (lang, root, text) => matches(lang, root, text).map(showMatch),
    },
  ];
}

const WALKS: Walk[] = [
  // The spawn patterns at every node of their types, against the query over the whole tree.
  { name: 'analysis/subprocess: spawn patterns', reference: wholeTreeReference(SPAWN_QUERIES), walk: spawnWalk },
  // As no-undeclared-system-tool finds them: at the nodes around the spawn words, against the query rooted at each.
  {
    name: 'analysis/subprocess: spawn patterns around the words',
    reference(grammar, lang, root, text) {
      const source = referenceFor(SPAWN_QUERIES, lang);
      if (source === undefined) return undefined;
      const q = query(grammar, source);
      return candidatesNear(root, spawnWords(text, lang)).flatMap((n) => q.matches(n, { maxStartDepth: 0 })).map(showMatch);
    },
    walk: (lang, root, text) => spawnMatches({ language: lang, text, tree: { rootNode: root } }).map(showMatch),
  },
  {
    name: 'analysis/subprocess: spawn patterns around the words, against the whole tree',
    reference(grammar, lang, root, text) {
      const all = wholeTreeReference(SPAWN_QUERIES)(grammar, lang, root);
      return all && aroundWords(lang, text, root, all, SPAWN_QUERIES, grammar).sort();
    },
    walk: (lang, root, text) => spawnMatches({ language: lang, text, tree: { rootNode: root } }).map(showMatch).sort(),
  },
  {
    name: 'analysis/subprocess: calls of promisified aliases',
    reference(grammar, lang, root, text) {
      if (lang !== 'javascript' && lang !== 'typescript') return undefined;
      const names = [...promisifiedSpawns(text).keys()];
      return names.length ? query(grammar, ALIAS_QUERY(names)).matches(root).map(showMatch) : [];
    },
    walk: (_lang, root, text) => aliasCallMatches(root, text, promisifiedSpawns(text)).map(showMatch),
  },
  ...ownWalks('admin-processes/no-migration-at-startup', migration.REFERENCE_QUERIES, (lang, root, text) => migration.migrationMatches(root, migration.migrationWords(text, lang), lang)),
  ...ownWalks('build-release-run/no-runtime-install', install.REFERENCE_QUERIES, (lang, root, text) => install.installMatches(root, install.installWords(text, lang), lang)),
];

/** Texts with the shapes where a walk could part from a query: chained and nested calls, several matches at one node, odd spellings. */
const EDGES: { name: string; text: string }[] = [
  {
    name: 'edges/spawn.js',
    text: "const cp = require('child_process');\ncp.exec('a').exec('b');\nexecSync?.('ls');\nexec /* c */ ('ls');\nx.$`ls`;\n$`ls ${$`pwd`}`;\nobj.#exec();\nnew exec('x');\n"
      + "exec\n('ls');\ncp['exec']('x');\nspawn(spawn('a'));\nconst run = util.promisify(cp.exec);\nrun('ls'); run(run('x')); a.run('y');\n"
      + "const o = { synchronize: true, 'migrationsRun': true, migrationsRun: !0, migrationsRun: true };\nsequelize.sync().sync();\nmigrate(); knex.migrate.latest(); x.#sync();\n"
      + "compiler.run().build(); webpack(cfg).run(); esbuild.buildSync({}); super.build();\n",
  },
  { name: 'edges/spawn.ts', text: "import { exec } from 'child_process';\nexec<string>('ls');\ncp.exec!('ls');\n(cp as any).spawn('x');\nconst c = { synchronize: true as const };\ndataSource.runMigrations<void>();\n" },
  { name: 'edges/jquery.js', text: "$('div').hide();\n$.ajax({});\nx.$('y');\n$`ls`;\n" },
  {
    name: 'edges/spawn.py',
    text: 'import subprocess\nsubprocess.run(["ls"]).run()\nrun(call("x"))\nos . system("ls")\nos.execv("/bin/ls", ["ls"])\ndb.create_all(); upgrade(); call_command("migrate")\n'
      + 'register_tortoise(app, generate_schemas=True)\nx.call_command("collectstatic")\ncall_command(call_command("x"))\npip.main(["install", "x"])\n',
  },
  { name: 'edges/spawn.go', text: 'package main\nfunc f() {\n\texec.Command("ls").Run()\n\texec . CommandContext(ctx, "x")\n\tdb.AutoMigrate(&U{}).Up()\n\tgoose.Up(db, "x")\n\tm.Up()\n\tCommand("x")\n\texec.Command /* c */ ("ls")\n\texec.Command[T]("x")\n\tc := &cobra.Command{Use: "x"}\n}\n' },
  {
    name: 'edges/spawn.rb',
    text: 'system "ls"\nOpen3.capture3 "ffmpeg"\n`ls`\n%x(ls)\nIO.popen("ls").run\nauto_migrate!\nDataMapper.auto_upgrade!\nRake::Task["db:migrate"].invoke\nx.execute(y).invoke\n'
      + 'system(system("a"))\nexec\nKernel.spawn("x")\nSequel::Migrator.run(DB, "db")\n',
  },
  {
    name: 'edges/Spawn.java',
    text: 'class A {\n  @Bean(initMethod = "migrate", initMethod = "migrate") Flyway f() { return null; }\n  @Bean(name = "x", initMethod = "migrate") Flyway g() { return null; }\n'
      + '  @org.Bean(initMethod = "migrate") Flyway h() { return null; }\n  @Bean Flyway i() { return null; }\n'
      + '  void f() { Runtime.getRuntime().exec("ls").exec(); new java.lang.ProcessBuilder("ls"); new MyProcessBuilder(); pb.command("x"); flyway.migrate(); props.put("a", "b").put("c", "d"); }\n}\n',
  },
  {
    name: 'edges/spawn.php',
    text: "<?php\nexec('ls'); \\exec('x'); $f('x'); shell_exec(`ls`); EXEC('x');\nnew Process(['ls']); new \\Symfony\\Component\\Process\\Process(['x']); new /* Process */ Foo();\n"
      + "Process::fromShellCommandline('ls'); \\Symfony\\Process::run('x'); $p::start();\nArtisan::call('migrate'); \\Illuminate\\Support\\Facades\\Artisan::call('migrate'); MyArtisan::call('x');\n"
      + "$schemaTool->updateSchema($m); $m->getMigrator()->migrate(); new class extends Process {};\n",
  },
];

test('spawn walks select exactly what the queries they replace matched', async () => {
  await assertWalksMatch(WALKS, walkSources(EDGES, ALL), 10);
});

test('the spawn rules report the same looking around the words as over the whole tree', async () => {
  const rules = RULES.filter((r) => RULE_IDS.includes(r.id));
  assert.equal(rules.length, RULE_IDS.length);
  const showFindings = (fs: Finding[]) => fs.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`);
  let found = 0;
  for (const s of walkSources(EDGES, ALL)) {
    const det = detectLanguage(s.name.replace(/ \(blown up\)$/, ''))!;
    await prepare(det.grammar, det.language);
    const run = () => {
      const r = checkDocument({
        path: `/project/${path.basename(s.name.replace(/ \(blown up\)$/, ''))}`, relativePath: path.basename(s.name.replace(/ \(blown up\)$/, '')), text: s.text,
        language: det.language, grammar: det.grammar, settings: { ...DEFAULT_SETTINGS, includeTests: true, timeBudgetMs: 0 }, project: memoryProject('/project', s.files), rules,
      });
      assert.deepEqual(r.ruleErrors, [], `${s.name}: a rule threw`);
      return showFindings(r.findings);
    };
    const anchored = run();
    assert.deepEqual(anchored, wholeTree(run), s.name);
    found += anchored.length;
  }
  assert.ok(found > 150, `${found} findings`);
});
