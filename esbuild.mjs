// One build for the three faces: dist/extension.js (VS Code client), dist/server.js
// (language server: a small loader that starts dist/server-main.js from a V8 code cache),
// dist/cli.js (checker). The tree-sitter runtime and the grammars the
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

// The tree-sitter runtime loads two Node built-ins with `import()`. In a script started from V8's
// code cache (dist/server.js) a dynamic import fails in Node 20's V8 (the cache drops what it
// needs), so they come from `process.getBuiltinModule` where Node has it (20.16 and later;
// dist/server.js uses the cache only there).
const builtinImports = {
  name: 'builtin-imports',
  setup(build) {
    build.onLoad({ filter: /[\\/]@vscode[\\/]tree-sitter-wasm[\\/].*\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(/\bawait import\((["'])(fs\/promises|module)\1\)/g, 'await (typeof process.getBuiltinModule === "function" ? Promise.resolve(process.getBuiltinModule("$2")) : import("$2"))');
      // Any other dynamic import would fail in the code-cached server: stop the build instead.
      if (/\bawait import\(/.test(contents)) throw new Error(`${args.path}: a dynamic import() builtinImports does not handle`);
      return { contents, loader: 'js' };
    });
  },
};

const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production,
  minify: production, logLevel: 'warning', legalComments: 'none',
};
const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/boot.ts', 'server-main': 'server/src/server.ts', cli: 'server/src/cli.ts', 'scan-worker': 'server/src/scan/worker.ts' }, outdir: 'dist', define: { __VERSION__: JSON.stringify(version) }, plugins: [builtinImports] },
];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
  const pkg = JSON.parse(readFileSync('node_modules/@vscode/tree-sitter-wasm/package.json', 'utf8'));
  console.log(`built dist/ (tree-sitter grammars from @vscode/tree-sitter-wasm ${pkg.version})`);
}
