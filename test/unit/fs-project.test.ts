/**
 * The file-system project view of the CLI and the workspace scan: a folder is listed once and
 * names it does not hold are answered from the listing, so what it answers must stay what the
 * disk says, including after `invalidate` (files created and deleted), for names in another
 * case, and for files over the size limit. Manifests derived from it are reused only while
 * its generation holds.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FsProject } from '../../server/src/scan/fs-project';
import { nearestManifest } from '../../server/src/analysis/manifests';

function tempTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-fsproject-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

test('reads what is there, answers absent names without reading, and sees changes after invalidate', () => {
  const root = tempTree({ 'package.json': '{"name":"app"}', 'src/index.js': 'x' });
  const p = new FsProject(root);
  assert.equal(p.readText(path.join(root, 'package.json')), '{"name":"app"}');
  assert.equal(p.readText(path.join(root, 'requirements.txt')), undefined);
  assert.equal(p.exists(path.join(root, 'src', 'index.js')), true);
  assert.equal(p.exists(path.join(root, 'src', 'missing.js')), false);
  assert.equal(p.readText(path.join(root, 'no-such-folder', 'x.txt')), undefined);

  // Created and changed on disk: the cached answers stand until invalidated, then follow the disk.
  fs.writeFileSync(path.join(root, 'requirements.txt'), 'flask\n');
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"renamed"}');
  assert.equal(p.readText(path.join(root, 'requirements.txt')), undefined);
  const before = p.generation;
  p.invalidate(path.join(root, 'requirements.txt'));
  p.invalidate(path.join(root, 'package.json'));
  assert.ok(p.generation > before, 'invalidate moves the generation on');
  assert.equal(p.readText(path.join(root, 'requirements.txt')), 'flask\n');
  assert.equal(p.readText(path.join(root, 'package.json')), '{"name":"renamed"}');

  // Deleted: gone after invalidate; everything at once works too.
  fs.rmSync(path.join(root, 'requirements.txt'));
  fs.mkdirSync(path.join(root, 'lib'));
  fs.writeFileSync(path.join(root, 'lib', 'Gemfile'), "gem 'rails'\n");
  p.invalidate();
  assert.equal(p.readText(path.join(root, 'requirements.txt')), undefined);
  assert.equal(p.exists(path.join(root, 'lib', 'Gemfile')), true);
  fs.rmSync(root, { recursive: true, force: true });
});

test('a name in another case is asked of the file system (case-insensitive disks find it)', () => {
  const root = tempTree({ 'gemfile': "gem 'sinatra'\n" });
  const p = new FsProject(root);
  const other = path.join(root, 'Gemfile');
  // Whatever this disk says about `Gemfile`, the view says the same.
  let onDisk: string | undefined;
  try { onDisk = fs.readFileSync(other, 'utf8'); } catch { onDisk = undefined; }
  assert.equal(p.readText(other), onDisk);
  assert.equal(p.exists(other), onDisk !== undefined);
  fs.rmSync(root, { recursive: true, force: true });
});

test('files over the neighbour size limit exist but are not read', () => {
  const root = tempTree({ 'package-lock.json': 'x'.repeat(1024 * 1024 + 1) });
  const p = new FsProject(root);
  const lock = path.join(root, 'package-lock.json');
  assert.equal(p.readText(lock), undefined);
  assert.equal(p.exists(lock), true);
  fs.rmSync(root, { recursive: true, force: true });
});

test('manifests are reused while the generation holds and read again after invalidate', () => {
  const root = tempTree({ 'package.json': JSON.stringify({ dependencies: { express: '^4' } }), 'src/a.js': '' });
  const p = new FsProject(root);
  const file = path.join(root, 'src', 'a.js');
  const first = nearestManifest(p, file, 'npm');
  assert.ok(first?.deps.has('express'));
  assert.equal(nearestManifest(p, file, 'npm'), first, 'the same manifest object within a generation');
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { koa: '^2' } }));
  p.invalidate(path.join(root, 'package.json'));
  const second = nearestManifest(p, file, 'npm');
  assert.ok(second?.deps.has('koa') && !second.deps.has('express'));
  fs.rmSync(root, { recursive: true, force: true });
});
