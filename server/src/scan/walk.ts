/**
 * Walks a tree the way a repository sees it: honours .gitignore files (nested ones too),
 * the config's ignore globs, and skips node_modules, vendor, dist, build and .git. Errors
 * (unreadable folders, permission errors, symlink loops) are reported per path and the
 * walk goes on.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { detectLanguage } from '../parsing/languages';

export const DEFAULT_SKIPPED_DIRS = new Set(['node_modules', 'vendor', 'dist', 'build', '.git', '.hg', '.svn', 'out', '__pycache__', '.venv', 'venv', '.tox', 'target', '.next', '.nuxt', 'coverage', '.vscode-test']);

export interface WalkOptions {
  /** Globs from settings / .twelve-factor.json, relative to `base`. */
  ignore?: readonly string[];
  onError?(file: string, message: string): void;
}

interface Layer { dir: string; ig: Ignore }

function readIgnoreFile(dir: string): Ignore | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return ignore().add(text);
  } catch {
    return undefined;
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Yields the files under `start` that the engine can check (by language), in a stable order. */
export function* walkFiles(start: string, base: string, options: WalkOptions = {}): Generator<string> {
  const extra = ignore().add([...(options.ignore ?? [])]);
  const seen = new Set<string>();
  const report = (p: string, e: unknown) => options.onError?.(p, e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e));

  let startStat: fs.Stats;
  try {
    startStat = fs.statSync(start);
  } catch (e) {
    report(start, e);
    return;
  }
  if (startStat.isFile()) {
    yield start;
    return;
  }

  // .gitignore files from the base down to the start folder apply too.
  const layers: Layer[] = [];
  const relStart = path.relative(base, start);
  const chain: string[] = [];
  if (!relStart.startsWith('..') && !path.isAbsolute(relStart)) {
    let d = start;
    while (true) {
      chain.unshift(d);
      if (d === base || path.dirname(d) === d) break;
      d = path.dirname(d);
    }
    for (const dir of chain.slice(0, -1)) {
      const ig = readIgnoreFile(dir);
      if (ig) layers.push({ dir, ig });
    }
  }

  function ignored(full: string, isDir: boolean, stack: Layer[]): boolean {
    const relBase = toPosix(path.relative(base, full));
    if (relBase && !relBase.startsWith('..') && extra.ignores(isDir ? `${relBase}/` : relBase)) return true;
    for (const l of stack) {
      const rel = toPosix(path.relative(l.dir, full));
      if (!rel || rel.startsWith('..')) continue;
      if (l.ig.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    return false;
  }

  /** The real path of a folder (undefined, and reported, when it cannot be resolved). */
  function realPath(dir: string): string | undefined {
    try {
      return fs.realpathSync(dir);
    } catch (e) {
      report(dir, e);
      return undefined;
    }
  }

  // A folder's real path is its parent's joined with its name unless it is a symbolic link:
  // only links (and the start) cost a system call, and a loop can only come through one.
  function* visit(dir: string, real: string, stack: Layer[]): Generator<string> {
    if (seen.has(real)) {
      report(dir, new Error('symbolic link loop'));
      return;
    }
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      report(dir, e);
      return;
    }
    const own = entries.some((e) => e.name === '.gitignore') ? readIgnoreFile(dir) : undefined;
    const here = own ? [...stack, { dir, ig: own }] : stack;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const full = path.join(dir, ent.name);
      // A name that is not valid UTF-8 comes back with U+FFFD in it and cannot be opened by that string.
      if (ent.name.includes('\uFFFD') && !fs.existsSync(full)) {
        report(full, new Error('file name is not valid UTF-8; skipped'));
        continue;
      }
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      const link = ent.isSymbolicLink();
      if (link) {
        try {
          const st = fs.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (e) {
          report(full, e);
          continue;
        }
      }
      if (isDir) {
        if (DEFAULT_SKIPPED_DIRS.has(ent.name) || ignored(full, true, here)) continue;
        const childReal = link ? realPath(full) : path.join(real, ent.name);
        if (childReal !== undefined) yield* visit(full, childReal, here);
      } else if (isFile) {
        if (!detectLanguage(ent.name) || ignored(full, false, here)) continue;
        yield full;
      }
    }
  }
  const startReal = realPath(start);
  if (startReal !== undefined) yield* visit(start, startReal, layers);
}
