// One build for the three faces: dist/extension.js (VS Code client), dist/server.js
// (language server), dist/cli.js (checker). The tree-sitter runtime and the grammars the
// engine uses are copied next to the bundles, where the engine loads them from.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

execFileSync(process.execPath, ['scripts/gen-rules-index.mjs'], { stdio: 'inherit' });

const wasmDir = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
export const GRAMMARS = ['javascript', 'typescript', 'tsx', 'python', 'go', 'ruby', 'java', 'php', 'bash'];
mkdirSync('dist', { recursive: true });
for (const f of ['tree-sitter.wasm', ...GRAMMARS.map((g) => `tree-sitter-${g}.wasm`)]) copyFileSync(join(wasmDir, f), join('dist', f));

const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production,
  minify: production, logLevel: 'warning', legalComments: 'none',
};
const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli.ts', 'scan-worker': 'server/src/scan/worker.ts' }, outdir: 'dist', define: { __VERSION__: JSON.stringify(version) } },
];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
  const pkg = JSON.parse(readFileSync('node_modules/@vscode/tree-sitter-wasm/package.json', 'utf8'));
  console.log(`built dist/ (tree-sitter grammars from @vscode/tree-sitter-wasm ${pkg.version})`);
}
