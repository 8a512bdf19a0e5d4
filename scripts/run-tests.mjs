#!/usr/bin/env node
// Runs the compiled tests (out/test/**/*.test.js) with node's test runner. Node 20's
// runner takes no glob patterns, so the files are listed here; the in-editor suite
// (test/e2e, `npm run test:e2e`) needs a VS Code and is not part of it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'out/test';
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) { if (name !== 'e2e') walk(full); }
    else if (name.endsWith('.test.js')) files.push(full);
  }
};
walk(root);
if (files.length === 0) {
  console.error('run-tests: no compiled tests under out/test (run tsc first)');
  process.exit(1);
}
const args = ['--test', '--test-concurrency=2', ...process.argv.slice(2), ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
