/**
 * A manifest without a lock file, or with its lock file git-ignored: package.json without
 * package-lock.json / yarn.lock / pnpm-lock.yaml / bun.lock(b) / npm-shrinkwrap.json, a
 * Pipfile without Pipfile.lock, a Poetry/PDM/uv project without its lock, a Gemfile without
 * Gemfile.lock, composer.json without composer.lock, go.mod with requirements but no go.sum.
 * Without the lock, each build resolves version ranges again and ships whatever is newest
 * that day: the same commit builds into different releases.
 *
 * The engine checks code files, not manifests, so the finding is placed once per package,
 * on its entry file (package.json `main` or `start` script, `app.py`/`manage.py`/`main.py`,
 * `config.ru`/`app.rb`, `public/index.php`, Go `main.go`), on the first import. Workspace
 * packages share the workspace root's lock. Libraries that conventionally do not commit a
 * lock (a Composer `library`, a gem with a gemspec) and plain requirements.txt projects
 * (the file itself is the pin list) are not reported.
 */
import * as path from 'path';
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule } from '../../engine/rule';
import type { ProjectView } from '../../engine/project';
import type { LanguageId } from '../../parsing/languages';
import { fileExists, foldersUp, lockFilesFor, nearestManifest, LOCK_FILES, type Ecosystem, type Manifest } from '../../analysis/manifests';
import { findImports } from '../../analysis/syntax';

const ECOSYSTEM: Partial<Record<LanguageId, Ecosystem>> = {
  javascript: 'npm', typescript: 'npm', python: 'python', go: 'go', ruby: 'ruby', php: 'php',
};

const JS_ENTRY_NAMES = ['index', 'server', 'app', 'main'];
const JS_EXTS = ['.js', '.ts', '.mjs', '.cjs', '.mts', '.cts', '.jsx', '.tsx'];

/** The locks a manifest needs, or undefined when it needs none. */
function expectedLocks(m: Manifest): { manifest: string; locks: string[] } | undefined {
  switch (m.ecosystem) {
    case 'npm':
      return m.deps.size ? { manifest: 'package.json', locks: [...LOCK_FILES.npm] } : undefined;
    case 'python': {
      const tools = m.python?.tool ?? new Set();
      if (tools.has('pipenv')) return { manifest: 'Pipfile', locks: ['Pipfile.lock'] };
      if (tools.has('poetry')) return { manifest: 'pyproject.toml', locks: ['poetry.lock'] };
      if (tools.has('pdm')) return { manifest: 'pyproject.toml', locks: ['pdm.lock'] };
      if (tools.has('uv')) return { manifest: 'pyproject.toml', locks: ['uv.lock'] };
      return undefined;
    }
    case 'ruby':
      return m.ruby?.gemspec || m.deps.size === 0 ? undefined : { manifest: path.basename(m.file), locks: ['Gemfile.lock', 'gems.locked'] };
    case 'php': {
      if (m.php?.type === 'library' || m.php?.type === 'composer-plugin') return undefined;
      const real = [...m.deps].filter((d) => d !== 'php' && !d.startsWith('ext-') && !d.startsWith('lib-'));
      return real.length ? { manifest: 'composer.json', locks: ['composer.lock'] } : undefined;
    }
    case 'go':
      return m.runtimeDeps.size ? { manifest: 'go.mod', locks: ['go.sum'] } : undefined;
  }
  return undefined;
}

/** Is `lock` ignored by a `.gitignore` in the package folder or above (plain names and `*.lock` only)? */
function gitIgnored(project: ProjectView, dir: string, lock: string): boolean {
  for (const d of foldersUp(project, path.join(dir, '_'))) {
    const text = project.readText(path.join(d, '.gitignore'));
    if (!text) continue;
    let ignored = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const negated = line.startsWith('!');
      const pat = line.replace(/^!/, '').replace(/^\//, '').replace(/^\*\*\//, '');
      const rel = path.relative(d, path.join(dir, lock)).split(path.sep).join('/');
      const hit = pat === lock || pat === rel || (pat === '*.lock' && lock.endsWith('.lock')) || (pat === '*.sum' && lock.endsWith('.sum'));
      if (hit) ignored = !negated;
    }
    if (ignored) return true;
  }
  return false;
}

/** The package's entry files, where the finding goes (npm: `main` and the `start` script's file; else one). */
function entryFiles(project: ProjectView, m: Manifest, filePath: string, text: string): string[] {
  if (m.ecosystem !== 'npm') {
    const f = entryFile(project, m, filePath, text);
    return f ? [f] : [];
  }
  const has = (f: string) => path.resolve(f) === path.resolve(filePath) || fileExists(project, f);
  const dir = m.dir;
  const pkg = (() => { try { return JSON.parse(project.readText(m.file) ?? '{}') as Record<string, unknown>; } catch { return {}; } })();
  const resolve = (p: string): string | undefined => {
    const base = path.resolve(dir, p);
    for (const ext of ['', ...JS_EXTS]) if (has(base + ext)) return base + ext;
    for (const ext of JS_EXTS) if (has(path.join(base, `index${ext}`))) return path.join(base, `index${ext}`);
    return undefined;
  };
  const out: string[] = [];
  if (typeof pkg.main === 'string') { const f = resolve(pkg.main); if (f) out.push(f); }
  const scripts = pkg.scripts && typeof pkg.scripts === 'object' ? pkg.scripts as Record<string, unknown> : {};
  for (const name of ['start', 'serve', 'dev']) {
    const s = scripts[name];
    if (typeof s !== 'string') continue;
    const m2 = /\b(?:node|nodemon|ts-node|tsx|bun|ts-node-dev|babel-node)\s+(?:-[-\w=]+\s+)*([\w./@-]+\.(?:[cm]?[jt]s|jsx|tsx))/.exec(s);
    if (m2) { const f = resolve(m2[1]); if (f) { out.push(f); break; } }
  }
  if (out.length) return out;
  for (const sub of ['', 'src']) for (const n of JS_ENTRY_NAMES) for (const ext of JS_EXTS) {
    const f = path.join(dir, sub, n + ext);
    if (has(f)) return [f];
  }
  return [];
}

/** The entry file of a non-npm package. */
function entryFile(project: ProjectView, m: Manifest, filePath: string, text: string): string | undefined {
  // The checked file exists even when the view has not read it.
  const has = (f: string) => path.resolve(f) === path.resolve(filePath) || fileExists(project, f);
  const dir = m.dir;
  switch (m.ecosystem) {
    case 'python':
      for (const n of ['manage.py', 'app.py', 'main.py', 'server.py', 'run.py', 'application.py', 'wsgi.py', 'asgi.py', 'app/main.py', 'app/__init__.py', 'src/main.py']) {
        if (has(path.join(dir, n))) return path.join(dir, n);
      }
      return undefined;
    case 'ruby':
      for (const n of ['config.ru', 'app.rb', 'server.rb', 'main.rb', 'application.rb', 'config/application.rb']) if (has(path.join(dir, n))) return path.join(dir, n);
      return undefined;
    case 'php':
      for (const n of ['public/index.php', 'index.php', 'web/index.php', 'bootstrap/app.php']) if (has(path.join(dir, n))) return path.join(dir, n);
      return undefined;
    case 'go':
      if (has(path.join(dir, 'main.go'))) return path.join(dir, 'main.go');
      // Otherwise every `package main` with a `func main()` (cmd/<name>/main.go).
      return /^\s*package\s+main\b/m.test(text) && /^func\s+main\s*\(\s*\)/m.test(text) ? filePath : undefined;
  }
  return undefined;
}

function firstImportNode(root: Node, lang: LanguageId): Node | undefined {
  return findImports(root, lang)[0]?.node;
}

export default defineRule({
  id: 'dependencies/no-lockfile',
  meta: {
    description: 'Manifest without a committed lock file',
    defaultSeverity: 'info',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'php'],
    fix: 'none',
    messages: {
      missing: '{{manifest}} has no lock file ({{locks}}); generate and commit one so every build installs exactly the same versions.',
      ignored: '{{lock}} is git-ignored; commit it so every build installs exactly the same versions.',
    },
    docs: {
      why: 'Without a committed lock file every build resolves version ranges again, so the same commit can build into different releases.',
      bad: {
        javascript: '// package.json with "express": "^4.19.2" and no package-lock.json\nconst express = require(\'express\');',
        typescript: '// .gitignore lists package-lock.json\nimport express from \'express\';',
        python: '# Pipfile without Pipfile.lock\nfrom flask import Flask',
        go: '// go.mod requires github.com/gin-gonic/gin, and there is no go.sum\nimport "github.com/gin-gonic/gin"',
        ruby: '# Gemfile without Gemfile.lock\nrequire "sinatra"',
        php: "// composer.json without composer.lock\nrequire __DIR__ . '/../vendor/autoload.php';",
      },
      good: {
        javascript: '// package.json and package-lock.json, both committed\nconst express = require(\'express\');',
        typescript: '// package-lock.json committed (not in .gitignore)\nimport express from \'express\';',
        python: '# Pipfile and Pipfile.lock, both committed\nfrom flask import Flask',
        go: '// go.mod and go.sum, both committed\nimport "github.com/gin-gonic/gin"',
        ruby: '# Gemfile and Gemfile.lock, both committed\nrequire "sinatra"',
        php: "// composer.json and composer.lock, both committed\nrequire __DIR__ . '/../vendor/autoload.php';",
      },
    },
  },
  check(context) {
    const lang = context.language;
    const eco = ECOSYSTEM[lang];
    if (!eco) return;
    // Project facts first: the tree only places the finding, on an entry file that lacks its lock.
    const m = nearestManifest(context.project, context.path, eco);
    if (!m || m.partial) return;
    const expected = expectedLocks(m);
    if (!expected) return;
    const entries = entryFiles(context.project, m, context.path, context.text);
    if (!entries.some((e) => path.resolve(e) === path.resolve(context.path))) return;
    const present = lockFilesFor(context.project, m.dir, eco).filter((f) => expected.locks.includes(path.basename(f)));
    const ignored = present.find((f) => gitIgnored(context.project, path.dirname(f), path.basename(f)));
    if (present.length > 0 && !(ignored && present.every((f) => gitIgnored(context.project, path.dirname(f), path.basename(f))))) return;
    const root = context.tree?.rootNode;
    if (!root) return;
    const anchor = firstImportNode(root, lang);
    const at = anchor ? { node: anchor } : { range: context.rangeAt(0, Math.max(0, context.text.indexOf('\n') >= 0 ? context.text.indexOf('\n') : context.text.length)) };
    if (present.length === 0) {
      context.report({ ...at, messageId: 'missing', data: { manifest: expected.manifest, locks: expected.locks.filter((l) => l !== 'bun.lockb' && l !== 'deno.lock').join(', ') } });
    } else {
      context.report({ ...at, messageId: 'ignored', data: { lock: path.basename(ignored!) } });
    }
  },
});
