/** The manifest reader, the shell-command splitter, the file roles and the deploy-mode tests. */
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { memoryProject } from '../../server/src/engine/project';
import {
  fileExists, isToolPackage, lockFilesFor, manifestsFor, nearestManifest, normalisePython, parseToml, requirementName,
} from '../../server/src/analysis/manifests';
import { shellCommands } from '../../server/src/analysis/subprocess';
import { isAdminCommand, isBuildTooling, isDevTooling, isIgnoredGoFile, isMigrationScriptName } from '../../server/src/analysis/code-role';
import { modeTest, branchModes } from '../../server/src/analysis/env-mode';
import { loadGrammar, parse, setWasmDirectory } from '../../server/src/parsing/tree-sitter';
import type { GrammarId, LanguageId } from '../../server/src/parsing/languages';

describe('parseToml', () => {
  test('tables, dotted keys, arrays over several lines, inline tables, comments', () => {
    const t = parseToml(`
# a comment
[project]
name = "shop-api"
dependencies = [
  "Flask>=3.0",  # web
  'requests[socks]==2.32.3',
]
[project.optional-dependencies]
dev = ["pytest"]
[tool.poetry.dependencies]
python = "^3.12"
django = { version = "^5.0", extras = ["argon2"] }
[[tool.poetry.packages]]
include = "shop"
[tool.weird]
broken = [ unterminated
after = 1
`);
    const project = t.project as Record<string, unknown>;
    assert.equal(project.name, 'shop-api');
    assert.deepEqual(project.dependencies, ['Flask>=3.0', 'requests[socks]==2.32.3']);
    const poetry = (t.tool as Record<string, Record<string, unknown>>).poetry;
    assert.deepEqual(Object.keys(poetry.dependencies as object), ['python', 'django']);
    assert.equal(((poetry.packages as unknown[])[0] as Record<string, unknown>).include, 'shop');
    assert.equal(((t.tool as Record<string, Record<string, unknown>>).weird).after, 1, 'a broken line is skipped, not fatal');
  });
});

describe('requirement names', () => {
  test('PEP 508 and pip lines', () => {
    assert.equal(requirementName('Flask_SQLAlchemy[async]>=3; python_version > "3.8"'), 'flask-sqlalchemy');
    assert.equal(requirementName('git+https://github.com/acme/lib.git#egg=Acme.Lib'), 'acme-lib');
    assert.equal(requirementName('-e .'), undefined);
    assert.equal(requirementName('# comment'), undefined);
    assert.equal(normalisePython('ruamel.yaml'), 'ruamel-yaml');
  });
});

describe('manifestsFor', () => {
  const root = path.resolve('/repo');
  const f = (p: string) => path.join(root, p);
  const project = memoryProject(root, {
    [f('package.json')]: JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'], devDependencies: { typescript: '^5' } }),
    [f('packages/api/package.json')]: JSON.stringify({ name: '@mono/api', dependencies: { express: '^4' }, peerDependencies: { react: '*' }, bin: { api: 'cli.js' } }),
    [f('packages/api/yarn.lock')]: '',
    [f('svc/requirements.txt')]: 'flask==3.0.3\n-r requirements/base.txt\n--index-url https://pypi.org/simple\n',
    [f('svc/requirements/base.txt')]: 'SQLAlchemy>=2\n',
    [f('svc/pyproject.toml')]: '[tool.black]\nline-length = 100\n',
    [f('lib/setup.py')]: 'setup(name="acme-lib", install_requires=REQS)\n',
    [f('go/go.mod')]: 'module github.com/acme/go\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgolang.org/x/sync v0.7.0 // indirect\n)\nrequire github.com/lib/pq v1.10.9\n',
    [f('gem/Gemfile')]: 'source "https://rubygems.org"\ngemspec\ngem "rake"\n',
    [f('gem/gem.gemspec')]: 'Gem::Specification.new do |s|\n  s.name = "acme"\n  s.add_dependency "faraday"\n  s.add_development_dependency("rspec")\nend\n',
    [f('php/composer.json')]: JSON.stringify({ type: 'library', require: { php: '^8.2', 'Monolog/Monolog': '^3' }, autoload: { 'psr-4': { 'Acme\\Lib\\': 'src/' } } }),
  });

  test('npm: every dependency section, nearest first, workspace root included', () => {
    const ms = manifestsFor(project, f('packages/api/src/index.ts'), 'npm');
    assert.deepEqual(ms.map((m) => path.relative(root, m.file)), [path.join('packages', 'api', 'package.json'), 'package.json']);
    assert.ok(ms[0].deps.has('express') && ms[0].deps.has('react'));
    assert.deepEqual([...ms[0].runtimeDeps], ['express']);
    assert.deepEqual(ms[1].npm?.workspaces, ['packages/*']);
    assert.ok(isToolPackage(project, f('packages/api/src/index.ts'), 'npm'), 'a package with `bin` is a tool');
    assert.deepEqual(lockFilesFor(project, f('packages/api'), 'npm').map((x) => path.basename(x)), ['yarn.lock']);
    assert.deepEqual(lockFilesFor(project, root, 'npm'), []);
  });

  test('python: requirements with includes; a tool-only pyproject declares nothing; a computed setup.py is partial', () => {
    const m = nearestManifest(project, f('svc/app/main.py'), 'python');
    assert.ok(m);
    assert.deepEqual([...m.deps].sort(), ['flask', 'sqlalchemy']);
    assert.equal(m.partial, false);
    assert.equal(nearestManifest(project, f('lib/acme/x.py'), 'python')?.partial, true);
    assert.ok(nearestManifest(project, f('lib/acme/x.py'), 'python')?.ownNames.has('acme-lib'));
  });

  test('go, ruby (with its gemspec), composer', () => {
    const go = nearestManifest(project, f('go/cmd/api/main.go'), 'go');
    assert.equal(go?.go?.module, 'github.com/acme/go');
    assert.deepEqual([...(go?.deps ?? [])].sort(), ['github.com/gin-gonic/gin', 'github.com/lib/pq', 'golang.org/x/sync']);
    const gem = nearestManifest(project, f('gem/lib/acme.rb'), 'ruby');
    assert.deepEqual([...(gem?.deps ?? [])].sort(), ['faraday', 'rake', 'rspec']);
    assert.equal(gem?.partial, false);
    const php = nearestManifest(project, f('php/src/X.php'), 'php');
    assert.ok(php?.deps.has('monolog/monolog'));
    assert.ok(php?.php?.namespaces.has('Acme\\Lib'));
    assert.equal(php?.php?.type, 'library');
  });

  test('parsed manifests follow the text they were read from', () => {
    const files: Record<string, string> = { [f('package.json')]: JSON.stringify({ dependencies: { a: '1' } }) };
    const p = memoryProject(root, files);
    assert.ok(nearestManifest(p, f('x.js'), 'npm')?.deps.has('a'));
    files[f('package.json')] = JSON.stringify({ dependencies: { b: '1' } });
    assert.ok(nearestManifest(p, f('x.js'), 'npm')?.deps.has('b'));
  });

  test('fileExists asks the view when it can answer without reading', () => {
    const p = { ...memoryProject(root, {}), exists: (x: string) => x.endsWith('package-lock.json') };
    assert.equal(fileExists(p, f('package-lock.json')), true);
    assert.equal(fileExists(memoryProject(root, {}), f('package-lock.json')), false);
  });
});

describe('shellCommands', () => {
  test('splits simple commands and skips prefixes', () => {
    const cmds = shellCommands('cd /app && sudo -E env NODE_ENV=production npm install --production | tee log; FOO=1 timeout 5 ffmpeg -i x 2>&1');
    assert.deepEqual(cmds.map((c) => c.program), ['cd', 'npm', 'tee', 'ffmpeg']);
    assert.deepEqual(cmds[1].args, ['install', '--production']);
  });
  test('a prefix drops a word cut by an interpolation; paths are classified', () => {
    assert.deepEqual(shellCommands('ffmpeg -i ', false).map((c) => c.program), ['ffmpeg']);
    assert.deepEqual(shellCommands('ffmp', false), []);
    assert.equal(shellCommands('./bin/ffmpeg -version')[0].vendored, true);
    assert.equal(shellCommands('/usr/bin/convert a b')[0].customPath, false);
    assert.equal(shellCommands('/opt/app/tools/convert a b')[0].customPath, true);
    assert.deepEqual(shellCommands('echo "a && b" $(git rev-parse HEAD)').map((c) => c.program), ['echo', 'git']);
  });
});

describe('file roles', () => {
  test('tooling, admin commands, migration scripts', () => {
    assert.ok(isBuildTooling('web/vite.config.ts'));
    assert.ok(isBuildTooling('Rakefile'));
    assert.ok(!isBuildTooling('src/config.ts'));
    assert.ok(isDevTooling('scripts/release.js'));
    assert.ok(!isDevTooling('src/server.js'));
    assert.ok(isAdminCommand('shop/management/commands/rebuild.py'));
    assert.ok(isAdminCommand('app/Console/Commands/Sync.php'));
    assert.ok(isAdminCommand('cmd/migrate/main.go'));
    assert.ok(!isAdminCommand('cmd/api/main.go'));
    assert.ok(isMigrationScriptName('init_db.py') && isMigrationScriptName('sync-db.ts') && isMigrationScriptName('seed.rb'));
    assert.ok(!isMigrationScriptName('database.py'));
    assert.ok(isIgnoredGoFile('//go:build ignore\n\npackage main\n'));
  });
});

describe('modeTest', () => {
  const GRAMMARS: GrammarId[] = ['javascript', 'python', 'ruby', 'php', 'java', 'go'];
  void before(async () => {
    setWasmDirectory(path.resolve('node_modules/@vscode/tree-sitter-wasm/wasm'));
    for (const g of GRAMMARS) await loadGrammar(g);
  });
  const cond = (grammar: GrammarId, lang: LanguageId, code: string) => {
    const tree = parse(grammar, code);
    assert.ok(tree);
    let found: ReturnType<typeof modeTest>;
    const visit = (n: NonNullable<typeof tree>['rootNode']) => {
      if (found) return;
      const c = n.childForFieldName('condition');
      if (c && /^(if_statement|if|unless|ternary_expression|conditional)$/.test(n.type)) { found = modeTest(c, lang); return; }
      for (const k of n.namedChildren) if (k) visit(k);
    };
    visit(tree.rootNode);
    return found;
  };
  test('reads the common tests of the deploy mode', () => {
    const prod = cond('javascript', 'javascript', "if (process.env.NODE_ENV !== 'production') {}");
    assert.deepEqual([...(prod?.modes ?? [])], ['production']);
    assert.equal(prod?.negated, true);
    assert.deepEqual([...branchModes(prod!, 'then')!].sort(), ['development', 'staging', 'test']);
    assert.deepEqual([...(cond('python', 'python', 'if settings.DEBUG:\n    pass\n')?.modes ?? [])], ['development']);
    assert.deepEqual([...(cond('ruby', 'ruby', 'if Rails.env.production?\n  x\nend\n')?.modes ?? [])], ['production']);
    assert.deepEqual([...(cond('php', 'php', "<?php if (app()->environment('local', 'staging')) {}")?.modes ?? [])].sort(), ['development', 'staging']);
    assert.deepEqual([...(cond('java', 'java', 'class A { void f() { if ("prod".equals(System.getenv("APP_ENV"))) {} } }')?.modes ?? [])], ['production']);
    assert.deepEqual([...(cond('go', 'go', 'package m\nfunc f() { if gin.Mode() == gin.ReleaseMode {} }')?.modes ?? [])], ['production']);
  });
  test('refuses tests of anything else', () => {
    assert.equal(cond('javascript', 'javascript', "if (req.query.mode === 'production') {}"), undefined);
    assert.equal(cond('javascript', 'javascript', "if (user.role === 'dev') {}"), undefined);
    assert.equal(cond('python', 'python', 'if debug:\n    pass\n'), undefined);
  });
});
