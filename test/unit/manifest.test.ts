/**
 * Keeps package.json's `contributes` honest about the client and the package: every
 * command is registered by the client and categorised, every view has an icon, menus and
 * welcome links name real commands, activation stays narrow, the .vsix allowlist ships
 * what the manifest points at, and the problem matcher reads the checker's real output.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { COMMANDS, LANGUAGES, SCORECARD_VIEW, TASK_TYPE, VIEW_CONTAINER } from '../../client/src/ids';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CLIENT = path.join(REPO, 'client', 'src');

interface Command { command: string; title: string; category?: string; icon?: string }
interface MenuItem { command: string; when?: string; group?: string }
interface View { id: string; name: string; icon?: string }
interface Step { id: string; description: string; media: { markdown?: string; image?: string | Record<string, string>; svg?: string }; completionEvents?: string[] }
interface Manifest {
  name: string; publisher: string; main: string; icon?: string;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; description?: string }; virtualWorkspaces: { supported: boolean | 'limited'; description?: string } };
  devDependencies: Record<string, string>;
  contributes: {
    commands: Command[];
    menus: Record<string, MenuItem[]>;
    viewsContainers: Record<string, { id: string; title: string; icon: string }[]>;
    views: Record<string, View[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    walkthroughs: { id: string; title: string; steps: Step[] }[];
    languages: { id: string; configuration?: string }[];
    grammars: { language: string; path: string }[];
    codeActions: { languages: string[]; actions: { kind: string; title: string }[] }[];
    taskDefinitions: { type: string }[];
    problemMatchers: { name: string; owner: string; source?: string; fileLocation: string[]; pattern: { regexp: string; file?: number; line?: number; column?: number; severity?: number; message?: number; code?: number; loop?: boolean }[] }[];
    configuration: { properties: Record<string, unknown> };
  };
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(pkg.contributes.commands.map((c) => c.command));

function clientSources(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(CLIENT)) if (f.endsWith('.ts')) out.set(f, fs.readFileSync(path.join(CLIENT, f), 'utf8'));
  return out;
}

/** `command:` links in markdown (walkthroughs, welcome views), without their arguments. */
function commandLinks(text: string): string[] {
  return [...text.matchAll(/\(command:([\w.-]+)/g)].map((m) => m[1]);
}

/** Built-in commands the manifest may link to. */
const BUILT_IN = new Set(['workbench.action.openWalkthrough', 'workbench.action.files.openFolder', 'workbench.action.openSettings']);

test('every contributed command is registered by the client, with a title and the category', () => {
  const sources = clientSources();
  const all = [...sources.values()].join('\n');
  const keyOf = new Map(Object.entries(COMMANDS).map(([k, v]) => [v as string, k]));
  for (const c of pkg.contributes.commands) {
    assert.equal(c.category, 'Twelve-Factor', `${c.command}: category`);
    assert.ok(c.title && !c.title.startsWith('Twelve-Factor'), `${c.command}: a title, without the category repeated`);
    assert.ok(c.command.startsWith('twelveFactor.'), `${c.command}: in the twelveFactor. namespace`);
    const key = keyOf.get(c.command);
    assert.ok(key, `${c.command}: not in client/src/ids.ts COMMANDS`);
    const registered = new RegExp(`registerCommand\\(\\s*(COMMANDS\\.${key}\\b|'${c.command.replace('.', '\\.')}')`).test(all);
    assert.ok(registered, `${c.command}: no registerCommand(COMMANDS.${key}, ...) in client/src`);
  }
  // ...and the other way round: nothing registered that the manifest does not declare.
  for (const id of Object.values(COMMANDS)) assert.ok(contributed.has(id), `${id}: registered but not in contributes.commands`);
});

test('menus and links name contributed commands; inline and title actions have icons', () => {
  const byId = new Map(pkg.contributes.commands.map((c) => [c.command, c]));
  for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
    for (const item of items) {
      assert.ok(contributed.has(item.command), `${menu}: ${item.command} is not a contributed command`);
      if (item.group === 'inline' || (menu === 'view/title' && item.group?.startsWith('navigation')) || menu === 'editor/title/run') {
        assert.ok(byId.get(item.command)?.icon, `${menu}: ${item.command} shows as an icon and needs one`);
      }
    }
  }
  const links = [
    ...pkg.contributes.viewsWelcome.flatMap((w) => commandLinks(w.contents)),
    ...pkg.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => commandLinks(s.description))),
  ];
  assert.ok(links.length > 0);
  for (const id of links) assert.ok(contributed.has(id) || BUILT_IN.has(id), `command link to unknown command ${id}`);
  const walk = /openWalkthrough\?([^)]+)\)/.exec(pkg.contributes.viewsWelcome.map((w) => w.contents).join('\n'));
  if (walk) {
    const [id] = JSON.parse(decodeURIComponent(walk[1])) as [string];
    assert.equal(id, `${pkg.publisher}.${pkg.name}#${pkg.contributes.walkthroughs[0].id}`, 'the welcome view opens our walkthrough');
  }
});

test('the scorecard lives in its own activity-bar container, with icons and a welcome view', () => {
  const containers = pkg.contributes.viewsContainers.activitybar;
  assert.deepEqual(containers.map((c) => c.id), [VIEW_CONTAINER]);
  for (const c of containers) assert.ok(fs.existsSync(path.join(REPO, c.icon)), `${c.id}: icon ${c.icon} missing`);
  const views = Object.values(pkg.contributes.views).flat();
  assert.ok(views.some((v) => v.id === SCORECARD_VIEW));
  for (const v of views) {
    assert.ok(v.icon, `view ${v.id} has no icon`);
    assert.ok(fs.existsSync(path.join(REPO, v.icon)), `view ${v.id}: icon ${v.icon} missing`);
  }
  assert.ok(pkg.contributes.viewsWelcome.some((w) => w.view === SCORECARD_VIEW && w.contents.includes('command:twelveFactor.scanWorkspace')));
});

test('activation events are narrow and name things that exist', () => {
  const served = new Set<string>(LANGUAGES);
  const walkthroughs = new Set(pkg.contributes.walkthroughs.map((w) => w.id));
  const views = new Set(Object.values(pkg.contributes.views).flat().map((v) => v.id));
  assert.ok(pkg.activationEvents.length > 0);
  for (const e of pkg.activationEvents) {
    assert.notEqual(e, '*', 'never activate on everything');
    assert.notEqual(e, 'onStartupFinished', 'never activate on every start-up');
    const [kind, arg] = [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)];
    switch (kind) {
      case 'onLanguage': assert.ok(served.has(arg), `${e}: not a language the server checks`); break;
      case 'onView': assert.ok(views.has(arg), `${e}: no such view`); break;
      case 'onWalkthrough': assert.ok(walkthroughs.has(arg), `${e}: no such walkthrough`); break;
      case 'onTaskType': assert.equal(arg, TASK_TYPE); break;
      case 'onCommand': assert.ok(contributed.has(arg), `${e}: no such command`); break;
      case 'workspaceContains': assert.ok(!/^(\*\*\/)?\*(\.\*)?$/.test(arg), `${e}: matches any workspace`); break;
      default: assert.fail(`${e}: unexpected activation event`);
    }
  }
  for (const l of served) assert.ok(pkg.activationEvents.includes(`onLanguage:${l}`), `onLanguage:${l} missing`);
});

test('the .vsix allowlist ships what the manifest points at, and nothing else', () => {
  const lines = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(lines[0], '**', '.vscodeignore is an allowlist: it starts by leaving everything out');
  // vsce: a file ships unless an ignore pattern matches it, or when a negated pattern does.
  const ignore = lines.filter((l) => !l.startsWith('!')).map((l) => picomatch(l, { dot: true }));
  const negate = lines.filter((l) => l.startsWith('!')).map((l) => picomatch(l.slice(1), { dot: true }));
  const ships = (file: string) => !ignore.some((m) => m(file)) || negate.some((m) => m(file));
  const norm = (p: string) => p.replace(/^\.\//, '');
  const wanted = [
    'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE',
    norm(pkg.main), 'dist/server.js', 'dist/cli.js', 'dist/scan-worker.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-javascript.wasm',
    ...(pkg.icon ? [pkg.icon] : []),
    ...pkg.contributes.grammars.map((g) => norm(g.path)),
    ...pkg.contributes.languages.flatMap((l) => (l.configuration ? [norm(l.configuration)] : [])),
    ...pkg.contributes.viewsContainers.activitybar.map((c) => c.icon),
    ...Object.values(pkg.contributes.views).flat().flatMap((v) => (v.icon ? [v.icon] : [])),
    ...pkg.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => [s.media.markdown, s.media.svg, typeof s.media.image === 'string' ? s.media.image : undefined])
      .filter((m): m is string => !!m)),
  ];
  for (const f of wanted) {
    assert.ok(ships(f), `${f} is referenced by the manifest but left out of the .vsix`);
    if (!f.startsWith('dist/')) assert.ok(fs.existsSync(path.join(REPO, f)), `${f} is referenced by the manifest but does not exist`);
  }
  assert.ok(pkg.icon, 'the extension has an icon');
  for (const f of ['client/src/extension.ts', 'server/src/server.ts', 'test/unit/manifest.test.ts', 'node_modules/vscode-languageclient/package.json', 'dist/extension.js.map', 'out/client/src/extension.js', 'examples/Procfile', 'tsconfig.json', 'images/make-icon.mjs', 'twelve-factor.vsix']) {
    assert.ok(!ships(f), `${f} would ship in the .vsix`);
  }
});

test('the icon is a 128x128 PNG', () => {
  const png = fs.readFileSync(path.join(REPO, pkg.icon ?? 'images/icon.png'));
  assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});

test('workspace trust, virtual workspaces and the engine are declared honestly', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.match(pkg.capabilities.untrustedWorkspaces.description ?? '', /Procfile/);
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, 'limited');
  assert.match(fs.readFileSync(path.join(CLIENT, 'run-process.ts'), 'utf8'), /vscode\.workspace\.isTrusted/, 'running processes is gated on workspace trust');
  // The client is compiled against @types/vscode: engines.vscode must not promise older versions.
  const engine = /^\^(\d+)\.(\d+)/.exec(pkg.engines.vscode);
  const types = /(\d+)\.(\d+)/.exec(pkg.devDependencies['@types/vscode']);
  assert.ok(engine && types, 'engines.vscode and @types/vscode are versions');
  assert.ok(Number(engine[2]) >= Number(types[2]) && engine[1] === types[1], `engines.vscode ${pkg.engines.vscode} is older than the API used (@types/vscode ${pkg.devDependencies['@types/vscode']})`);
  const lc = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'vscode-languageclient', 'package.json'), 'utf8')) as { engines: { vscode: string } };
  const needs = /(\d+)\.(\d+)/.exec(lc.engines.vscode);
  assert.ok(needs && Number(engine[2]) >= Number(needs[2]), `vscode-languageclient needs VS Code ${lc.engines.vscode}`);
});

test('code actions are declared for every served language', () => {
  const [decl] = pkg.contributes.codeActions;
  assert.deepEqual([...decl.languages].sort(), [...LANGUAGES].sort());
  assert.deepEqual(decl.actions.map((a) => a.kind).sort(), ['quickfix', 'source.fixAll.twelve-factor']);
});

test('walkthrough steps have their media and a way to complete', () => {
  const [walk] = pkg.contributes.walkthroughs;
  assert.ok(walk.steps.length >= 5);
  for (const s of walk.steps) {
    assert.ok(s.media.markdown && fs.existsSync(path.join(REPO, s.media.markdown)), `${s.id}: media`);
    assert.ok(s.completionEvents?.length, `${s.id}: completion events`);
  }
});

test('the $twelve-factor problem matcher reads the checker\'s text output', { skip: !fs.existsSync(path.join(REPO, 'dist', 'cli.js')) && 'dist/cli.js not built' }, () => {
  const matcher = pkg.contributes.problemMatchers.find((m) => m.name === 'twelve-factor');
  assert.ok(matcher);
  assert.equal(pkg.contributes.taskDefinitions[0].type, TASK_TYPE);
  const run = (format: string) => {
    try {
      return execFileSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'check', 'examples', '--format', format, '--no-color'], { cwd: REPO, encoding: 'utf8' });
    } catch (e) {
      return (e as { stdout: string }).stdout; // exit status 1: errors were found
    }
  };
  interface JsonReport { files: { path: string; findings: { ruleId: string; severity: string; message: string; line: number; column: number }[] }[] }
  const expected = (JSON.parse(run('json')) as JsonReport).files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line}:${x.column} ${x.severity} ${x.ruleId} ${x.message}`));
  assert.ok(expected.length > 3, 'the examples have findings');

  // VS Code's algorithm: the first pattern sets the file; the loop pattern matches line after line.
  const [head, row] = matcher.pattern.map((p) => ({ ...p, re: new RegExp(p.regexp) }));
  assert.ok(row.loop);
  const found: string[] = [];
  let file: string | undefined;
  for (const line of run('text').split('\n')) {
    const r = file !== undefined ? row.re.exec(line) : null;
    if (r) {
      found.push(`${file}:${r[row.line ?? 0]}:${r[row.column ?? 0]} ${r[row.severity ?? 0]} ${r[row.code ?? 0]} ${r[row.message ?? 0]}`);
      continue;
    }
    const h = head.re.exec(line);
    file = h ? h[head.file ?? 0] : undefined;
  }
  assert.deepEqual(found, expected);
});
