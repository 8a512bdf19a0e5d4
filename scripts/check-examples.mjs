#!/usr/bin/env node
// `npm start`: runs the checker over examples/. Findings there are the point of the
// examples, so exit status 1 ("found errors") is success here; 2 (usage/config) is not.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status === 1 ? 0 : (r.status ?? 2));
