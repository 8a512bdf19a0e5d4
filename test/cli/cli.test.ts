/**
 * The built dist/cli.js on the examples app and on small trees made here.
 * What examples/ must produce comes from its own `twelve-factor:` comments: each marks the
 * next code line as one the checker flags; no other line may be flagged.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../support/engine';

const CLI = path.join(REPO, 'dist', 'cli.js');

function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The lines examples/ marks as flagged: `<file>:<line>` (1-based). */
function markedLines(): Set<string> {
  const marked = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) { walk(full); continue; }
      if (!/\.(js|py|ts|go|rb|java|php)$/.test(e.name)) continue;
      const lines = fs.readFileSync(full, 'utf8').split('\n');
      lines.forEach((l, i) => {
        if (!/^\s*(\/\/|#) twelve-factor:/.test(l)) return;
        let j = i + 1;
        while (j < lines.length && /^\s*(\/\/|#)/.test(lines[j])) j++;
        marked.add(`${path.relative(REPO, full).split(path.sep).join('/')}:${j + 1}`);
      });
    }
  };
  walk(path.join(REPO, 'examples'));
  return marked;
}

interface JsonReport { summary: { errors: number; warnings: number }; files: { path: string; findings: { ruleId: string; line: number; column: number; message: string; severity: string }[] }[] }

test('check examples: flags exactly the marked lines, as JSON', () => {
  const r = run(['check', 'examples', '--format', 'json']);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const report = JSON.parse(r.stdout) as JsonReport;
  const found = new Set(report.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line}`)));
  const marked = markedLines();
  assert.ok(marked.size >= 6, 'the examples mark their violations');
  assert.deepEqual([...found].sort(), [...marked].sort());
  for (const f of report.files) for (const x of f.findings) assert.match(x.message, /Factor [IVX]+/);
  assert.equal(r.code, report.summary.errors > 0 ? 1 : 0, 'exit status follows errors');
});

test('check examples: text output is grouped by file with rule ids', () => {
  const r = run(['check', 'examples']);
  assert.ok(r.code === 0 || r.code === 1);
  const lines = r.stdout.split('\n');
  const heading = lines.findIndex((l) => l === 'examples/shop-api/server.js');
  assert.ok(heading >= 0, r.stdout);
  assert.match(lines[heading + 1], /^\s+\d+:\d+\s+(error|warning|info)\s+.+\s\s[a-z-]+\/[a-z0-9-]+$/);
  assert.match(r.stdout, /\d+ problems? \(/);
});

test('check --format sarif writes SARIF 2.1.0 per the contract', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-sarif-')), 'report.sarif');
  const r = run(['check', 'examples', '--format', 'sarif', '--output', out]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.equal(r.stdout, '');
  const sarif = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    version: string; runs: { tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; helpUri: string; properties: { factor: string } }[] } };
      results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[] }[] }[];
  };
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'twelve-factor');
  for (const rule of run0.tool.driver.rules) {
    assert.ok(rule.shortDescription.text);
    assert.equal(rule.helpUri, `https://12factor.net/${rule.properties.factor}`);
    assert.ok(rule.id.startsWith(`${rule.properties.factor}/`));
  }
  const ids = new Set(run0.tool.driver.rules.map((x) => x.id));
  const located = new Set(run0.results.map((res) => `${res.locations[0].physicalLocation.artifactLocation.uri}:${res.locations[0].physicalLocation.region.startLine}`));
  assert.deepEqual([...located].sort(), [...markedLines()].sort());
  for (const res of run0.results) {
    assert.ok(ids.has(res.ruleId));
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    const loc = res.locations[0].physicalLocation;
    assert.match(loc.artifactLocation.uri, /^examples\/[\w./-]+$/);
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1 && loc.region.endLine >= loc.region.startLine);
    assert.ok(markedLines().has(`${loc.artifactLocation.uri}:${loc.region.startLine}`));
  }
});

test('exit status: 1 on an error finding, 0 when clean, 2 on bad usage or config', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cli-'));
  fs.writeFileSync(path.join(dir, 'clean.js'), 'const port = Number(process.env.PORT) || 3000;\nrequire("http").createServer().listen(port);\n');
  assert.equal(run(['check', '.'], dir).code, 0);
  fs.writeFileSync(path.join(dir, '.twelve-factor.json'), JSON.stringify({ rules: { 'port-binding/no-hardcoded-port': 'error' } }));
  fs.writeFileSync(path.join(dir, 'bad.js'), 'require("http").createServer().listen(8080);\n');
  const bad = run(['check', '.'], dir);
  assert.equal(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /bad\.js/);
  fs.writeFileSync(path.join(dir, '.twelve-factor.json'), JSON.stringify({ rules: { 'port-binding/no-hardcoded-port': 'off' } }));
  assert.equal(run(['check', '.'], dir).code, 0, 'the config file turns rules off');
  fs.writeFileSync(path.join(dir, '.twelve-factor.json'), '{ not json');
  const broken = run(['check', '.'], dir);
  assert.equal(broken.code, 2);
  assert.equal(broken.stderr.trim().split('\n').length, 1, 'one line says why');
  assert.equal(run(['check', '--format', 'xml'], dir).code, 2);
  assert.equal(run(['lint'], dir).code, 2);
  assert.equal(run(['check', 'no/such/path'], dir).code, 2);
});

test('honours .gitignore and skips node_modules; reports unreadable files and goes on', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-walk-'));
  fs.mkdirSync(path.join(dir, 'node_modules', 'lib'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'generated'));
  fs.writeFileSync(path.join(dir, '.gitignore'), 'generated/\n');
  const bad = 'require("http").createServer().listen(8080);\n';
  fs.writeFileSync(path.join(dir, 'node_modules', 'lib', 'index.js'), bad);
  fs.writeFileSync(path.join(dir, 'generated', 'out.js'), bad);
  fs.writeFileSync(path.join(dir, 'app.js'), bad);
  fs.symlinkSync(dir, path.join(dir, 'loop'));
  const r = run(['check', '.', '--format', 'json'], dir);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.deepEqual(report.files.map((f) => f.path), ['app.js']);
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
});
