/**
 * A hostile tree for the CLI and the server: unreadable files and folders, symlink loops,
 * non-UTF-8 file names, binary files with code extensions, a 5 MB minified file, a FIFO,
 * 20,000-deep nesting in every language, truncated and mutated copies of real code, a
 * broken .gitignore, and thousands of small files; plus normal files whose findings must
 * still come out. Built under a temporary folder; `expect` says what must be reported.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { deepCases, applyOps } from './fuzz/mutations';
import { loadSeeds, LANGUAGE_TARGETS } from './fuzz/seeds';

export const NORMAL_JS = "const http = require('http');\nhttp.createServer((q, s) => s.end()).listen(8080);\n";
export const NORMAL_PY = 'import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(host="0.0.0.0", port=5000)\n';

export interface HostileTree {
  root: string;
  /** Files whose problem must be reported on stderr (relative paths, forward slashes), by what. */
  reported: Record<string, string>;
  /** Normal files that must have findings in the report. */
  normal: string[];
  /** Sub-cases that could not be built here (and why). */
  skipped: string[];
  /** Files to open over LSP (relative paths). */
  openable: string[];
  generated: number;
}

export function buildHostileTree(root: string, o: { smallFiles: number }): HostileTree {
  const t: HostileTree = { root, reported: {}, normal: [], skipped: [], openable: [], generated: 0 };
  const write = (rel: string, data: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), data);
  };
  const isRoot = process.getuid?.() === 0;

  write('src/normal.js', NORMAL_JS);
  write('app/normal.py', NORMAL_PY);
  t.normal.push('src/normal.js', 'app/normal.py');
  t.openable.push('src/normal.js', 'app/normal.py');

  // Unreadable file and folder (root reads them anyway).
  write('src/unreadable.js', NORMAL_JS);
  write('locked/inside.js', NORMAL_JS);
  if (isRoot) {
    t.skipped.push('unreadable file and folder: running as root, where chmod 000 does not stop reads');
  } else {
    fs.chmodSync(path.join(root, 'src/unreadable.js'), 0o000);
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    t.reported['src/unreadable.js'] = 'EACCES';
    t.reported.locked = 'EACCES';
  }

  // Symlink loops: a folder linking to its parent, and two links to each other.
  fs.mkdirSync(path.join(root, 'links'), { recursive: true });
  fs.symlinkSync('..', path.join(root, 'links', 'up'));
  fs.symlinkSync('b.js', path.join(root, 'links', 'a.js'));
  fs.symlinkSync('a.js', path.join(root, 'links', 'b.js'));
  fs.symlinkSync('/dev/zero', path.join(root, 'links', 'zero.js'));
  t.reported['links/a.js'] = 'ELOOP';
  t.reported['links/b.js'] = 'ELOOP';

  // A non-UTF-8 file name.
  const badName = Buffer.concat([Buffer.from(path.join(root, 'names'), 'utf8'), Buffer.from('/bad-\xff\xfe-name.js', 'latin1')]);
  fs.mkdirSync(path.join(root, 'names'));
  try {
    fs.writeFileSync(badName, NORMAL_JS);
    t.reported['names/bad-'] = 'non-UTF-8 name';
  } catch (e) {
    t.skipped.push(`non-UTF-8 file name: the file system refused it (${(e as NodeJS.ErrnoException).code})`);
  }

  // Binary files with code extensions.
  write('assets/logo.js', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(4096, 7)]));
  t.reported['assets/logo.js'] = 'binary';
  write('assets/blob.py', Buffer.from(Array.from({ length: 8192 }, (_, i) => 0x80 + ((i * 37) % 128))));
  t.openable.push('assets/logo.js', 'assets/blob.py');

  // A 5 MB minified file (over the size limit) and a 900 KB one (under it: the minified check skips it).
  write('public/bundle.js', `!function(){${'var a=require("http");a.createServer().listen(8080);'.repeat(100_000)}}();`);
  t.reported['public/bundle.js'] = 'too large';
  write('public/app.js', `!function(){${'var b=process.env.X||"y";'.repeat(36_000)}}();`);
  t.openable.push('public/app.js');

  // A FIFO named like code: reading it would block forever.
  const fifo = spawnSync('mkfifo', [path.join(root, 'src', 'pipe.js')]);
  if (fifo.status !== 0) t.skipped.push('FIFO: mkfifo is not available');

  // A .gitignore full of odd patterns.
  write('.gitignore', ['[z-a]', '\\', '!', '**/***/x', '\u0000', 'a'.repeat(5000), '#', '/', '!/src/normal.js', ''].join('\n'));

  // 20,000-deep nesting in every language.
  for (const target of LANGUAGE_TARGETS) {
    const c = deepCases(target)[0];
    const rel = `deep/${target}/${c.name}`;
    write(rel, c.text);
    t.openable.push(rel);
  }

  // Truncated and mutated copies of real code.
  const seeds = loadSeeds().filter((s) => s.origin.startsWith('test/fixtures/') && !s.name.startsWith('.'));
  for (let i = 0; i < seeds.length; i += 9) {
    const s = seeds[i];
    const text = applyOps(s.text, [
      { kind: 'truncate', at: Math.floor(s.text.length * 0.6) },
      { kind: 'bytes', at: i * 7919, bytes: [0xc3, 0x28, 0xff] },
      { kind: 'unterminated', at: i * 104729, opener: ['"', '`${', '"""', '<<~EOS\n', '/*'][i % 5] },
    ]);
    const rel = `mutated/${i}/${s.name}`;
    write(rel, text);
    // The engine fuzz covers mutated code at length; the server gets a few of these.
    if (i % 27 === 0) t.openable.push(rel);
  }

  // Many small files.
  for (let i = 0; i < o.smallFiles; i++) {
    write(`many/d${i % 50}/f${i}.js`, i % 500 === 0 ? NORMAL_JS : `module.exports = function f${i}(a) { return a + ${i}; };\n`);
    if (i % 500 === 0) t.normal.push(`many/d${i % 50}/f${i}.js`);
  }
  t.generated = o.smallFiles;
  return t;
}

/** Makes the tree removable again (restores modes). */
export function unlockHostileTree(root: string): void {
  for (const rel of ['src/unreadable.js', 'locked']) {
    try {
      fs.chmodSync(path.join(root, rel), 0o755);
    } catch { /* already gone */ }
  }
}
