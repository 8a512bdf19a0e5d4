/**
 * Declared dependencies, read from the manifests around a file through the project view:
 * package.json (dependencies of every kind, workspaces), requirements*.txt, pyproject.toml
 * (PEP 621, PEP 735 groups, Poetry, PDM, uv), setup.cfg, setup.py, Pipfile, environment.yml,
 * go.mod (+ go.work), Gemfile (+ the gemspec it names), composer.json, pom.xml and
 * build.gradle; and which lock files sit next to them.
 *
 * Parsed manifests are cached per project view and file path, and re-parsed only when the
 * view returns a different text, so asking on every keystroke costs a few map lookups.
 *
 * Names are normalised per ecosystem: Python distributions by PEP 503 (`Flask_SQLAlchemy`
 * -> `flask-sqlalchemy`), gems and npm packages as written, Composer packages lower-cased.
 */
import * as path from 'path';
import type { ProjectView } from '../engine/project';

export type Ecosystem = 'npm' | 'python' | 'go' | 'ruby' | 'php' | 'java';

export interface Manifest {
  ecosystem: Ecosystem;
  /** Absolute path of the manifest file. */
  file: string;
  /** Its folder: the package root. */
  dir: string;
  /** Normalised names of every declared dependency (runtime, development, optional, peer...). */
  deps: Set<string>;
  /** Runtime dependencies only (npm `dependencies`, Composer `require`...), where the manifest says. */
  runtimeDeps: Set<string>;
  /** The list could not be read completely (dynamic `install_requires`, `eval_gemfile`...). */
  partial: boolean;
  /** The package's own name(s), normalised (npm `name`, Python project name, Go module path, Composer name). */
  ownNames: Set<string>;
  /** Extra facts per ecosystem. */
  npm?: {
    workspaces: string[]; hasBin: boolean; engines: Set<string>; private: boolean; aliases: Set<string>;
    /** In devDependencies and in no other section. */
    devOnly: Set<string>;
  };
  python?: { tool: Set<'poetry' | 'pdm' | 'uv' | 'pipenv' | 'hatch' | 'setuptools' | 'flit' | 'conda'>; packages: Set<string>; scripts: boolean };
  go?: { module: string; workspaceModules: Set<string> };
  ruby?: { gemspec: boolean };
  php?: { type?: string; namespaces: Set<string> };
}

// ---------------------------------------------------------------------------------------
// Caching
// ---------------------------------------------------------------------------------------

interface CacheEntry { text: string | undefined; value: unknown }
/** By project root (the server hands out a fresh view object per check), then kind and path. */
const caches = new Map<string, Map<string, CacheEntry>>();

const MAX_CACHED_FILES = 8192;

/** Parses `file` with `parse`, cached per project root and text (a different text re-parses). */
function cached<T>(project: ProjectView, file: string, kind: string, parse: (text: string) => T): T | undefined {
  let cache = caches.get(project.root);
  if (!cache) {
    if (caches.size > 64) caches.clear();
    cache = new Map();
    caches.set(project.root, cache);
  }
  const text = project.readText(file);
  const key = `${kind}\u0000${file}`;
  const hit = cache.get(key);
  // Bounded: a scan of a monorepo asks about every folder up from every file (absent files mostly).
  if (!hit && cache.size >= MAX_CACHED_FILES) cache.clear();
  if (hit && hit.text === text) return hit.value as T | undefined;
  const value = text === undefined ? undefined : parse(text);
  cache.set(key, { text, value });
  return value;
}

/** Per view that has a generation: values derived from its files, by key, while the generation holds. */
const derived = new WeakMap<ProjectView, { generation: number; values: Map<string, unknown> }>();
const MAX_DERIVED = 16384;

/**
 * `compute()` once per view generation and key (a scan asks about the same folders for every
 * file in them, and several rules ask); computed every time for a view without a generation.
 */
function perGeneration<T>(project: ProjectView, key: string, compute: () => T): T {
  const generation = project.generation;
  if (generation === undefined) return compute();
  let memo = derived.get(project);
  if (!memo || memo.generation !== generation || memo.values.size >= MAX_DERIVED) {
    memo = { generation, values: new Map() };
    derived.set(project, memo);
  }
  if (memo.values.has(key)) return memo.values.get(key) as T;
  const value = compute();
  memo.values.set(key, value);
  return value;
}

/** Folders from the file's own folder up to the project root (nearest first, at most 12). */
export function foldersUp(project: ProjectView, filePath: string): string[] {
  const out: string[] = [];
  const root = path.resolve(project.root);
  let dir = path.dirname(path.resolve(filePath));
  const inside = dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  for (let i = 0; i < 12; i++) {
    out.push(dir);
    if (dir === root || !inside) break;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Name normalisation
// ---------------------------------------------------------------------------------------

/** PEP 503: `Flask_SQLAlchemy` -> `flask-sqlalchemy`. */
export function normalisePython(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

// ---------------------------------------------------------------------------------------
// A small TOML reader: tables, arrays of tables, dotted keys, strings, arrays, inline tables
// ---------------------------------------------------------------------------------------

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable { [key: string]: TomlValue }

class TomlReader {
  i = 0;
  constructor(readonly s: string) {}
  ws(newlines: boolean): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.i++;
      else if (c === '#') { while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++; }
      else return;
    }
  }
  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.ws(false);
      const c = this.s[this.i];
      if (c === '"' || c === "'") parts.push(this.string());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.i, this.i + 256));
        if (!m) throw new Error('bad key');
        parts.push(m[0]);
        this.i += m[0].length;
      }
      this.ws(false);
      if (this.s[this.i] === '.') { this.i++; continue; }
      return parts;
    }
  }
  string(): string {
    const s = this.s;
    const q = s[this.i];
    const triple = s.startsWith(q.repeat(3), this.i);
    this.i += triple ? 3 : 1;
    if (triple && s[this.i] === '\n') this.i++;
    let out = '';
    for (;;) {
      if (this.i >= s.length) throw new Error('unterminated string');
      const c = s[this.i];
      if (triple ? s.startsWith(q.repeat(3), this.i) : c === q) {
        this.i += triple ? 3 : 1;
        return out;
      }
      if (!triple && c === '\n') throw new Error('newline in string');
      if (c === '\\' && q === '"') {
        const e = s[this.i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
        if (e in map) { out += map[e]; this.i += 2; continue; }
        if (e === 'u' || e === 'U') {
          const n = e === 'u' ? 4 : 8;
          out += String.fromCodePoint(parseInt(s.slice(this.i + 2, this.i + 2 + n), 16) || 0xfffd);
          this.i += 2 + n;
          continue;
        }
        if (e === '\n' || e === '\r') { this.i++; this.ws(true); continue; }
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
  }
  value(): TomlValue {
    this.ws(false);
    const s = this.s;
    const c = s[this.i];
    if (c === '"' || c === "'") return this.string();
    if (c === '[') {
      this.i++;
      const arr: TomlValue[] = [];
      for (;;) {
        this.ws(true);
        if (s[this.i] === ']') { this.i++; return arr; }
        arr.push(this.value());
        this.ws(true);
        if (s[this.i] === ',') { this.i++; continue; }
        if (s[this.i] === ']') { this.i++; return arr; }
        throw new Error('bad array');
      }
    }
    if (c === '{') {
      this.i++;
      const t: TomlTable = {};
      for (;;) {
        this.ws(true);
        if (s[this.i] === '}') { this.i++; return t; }
        const k = this.key();
        if (s[this.i] !== '=') throw new Error('expected =');
        this.i++;
        setPath(t, k, this.value());
        this.ws(true);
        if (s[this.i] === ',') { this.i++; continue; }
        if (s[this.i] === '}') { this.i++; return t; }
        throw new Error('bad inline table');
      }
    }
    const m = /^[^\s,\]}#]+/.exec(s.slice(this.i, this.i + 128));
    if (!m) throw new Error('bad value');
    this.i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    const n = Number(m[0].replace(/_/g, ''));
    return Number.isNaN(n) ? m[0] : n;
  }
}

function setPath(t: TomlTable, keys: string[], v: TomlValue): void {
  let cur = t;
  for (let k = 0; k < keys.length - 1; k++) {
    const next = cur[keys[k]];
    if (next && typeof next === 'object' && !Array.isArray(next)) cur = next;
    else if (Array.isArray(next) && next.length && typeof next[next.length - 1] === 'object') cur = next[next.length - 1] as TomlTable;
    else { const n: TomlTable = {}; cur[keys[k]] = n; cur = n; }
  }
  cur[keys[keys.length - 1]] = v;
}

/** Parses TOML leniently: a line it cannot read is skipped, never fatal. */
export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let table = root;
  const r = new TomlReader(text.replace(/^\uFEFF/, ''));
  while (r.i < r.s.length) {
    r.ws(true);
    if (r.i >= r.s.length) break;
    const lineStart = r.i;
    try {
      if (r.s[r.i] === '[') {
        const array = r.s[r.i + 1] === '[';
        r.i += array ? 2 : 1;
        const keys = r.key();
        r.i += array ? 2 : 1;
        if (array) {
          let parent = root;
          for (const k of keys.slice(0, -1)) {
            const n = parent[k];
            if (n && typeof n === 'object' && !Array.isArray(n)) parent = n;
            else if (Array.isArray(n) && n.length) parent = n[n.length - 1] as TomlTable;
            else { const t: TomlTable = {}; parent[k] = t; parent = t; }
          }
          const last = keys[keys.length - 1];
          const list = Array.isArray(parent[last]) ? parent[last] as TomlValue[] : (parent[last] = []) as TomlValue[];
          table = {};
          list.push(table);
        } else {
          table = root;
          for (const k of keys) {
            const n = table[k];
            if (n && typeof n === 'object' && !Array.isArray(n)) table = n;
            else if (Array.isArray(n) && n.length && typeof n[n.length - 1] === 'object') table = n[n.length - 1] as TomlTable;
            else { const t: TomlTable = {}; table[k] = t; table = t; }
          }
        }
      } else {
        const keys = r.key();
        if (r.s[r.i] !== '=') throw new Error('expected =');
        r.i++;
        setPath(table, keys, r.value());
      }
    } catch {
      r.i = lineStart;
    }
    // Skip the rest of the line.
    while (r.i < r.s.length && r.s[r.i] !== '\n') r.i++;
  }
  return root;
}

function tableAt(t: TomlValue | undefined, ...keys: string[]): TomlTable | undefined {
  let cur: TomlValue | undefined = t;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[k];
  }
  return cur && typeof cur === 'object' && !Array.isArray(cur) ? cur : undefined;
}

function stringsIn(v: TomlValue | undefined): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

// ---------------------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------------------

/** The distribution name of a PEP 508 requirement (`Flask[async]>=2; python_version>"3"` -> `flask`). */
export function requirementName(req: string): string | undefined {
  const s = req.trim();
  if (!s || s.startsWith('#')) return undefined;
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(s);
  if (egg) return normalisePython(egg[1]);
  if (/^(-|\.|\/|[a-z+]+:\/\/|git\+)/i.test(s)) return undefined;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(s);
  return m ? normalisePython(m[1]) : undefined;
}

interface PyFile { deps: string[]; includes: string[]; partial: boolean; names: string[]; packages: string[]; tools: string[]; scripts: boolean }

function parseRequirements(text: string): PyFile {
  const out: PyFile = { deps: [], includes: [], partial: false, names: [], packages: [], tools: [], scripts: false };
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const inc = /^(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
    if (inc) { out.includes.push(inc[1]); continue; }
    const editable = /^(?:-e|--editable)\s+(\S+)/.exec(line);
    if (editable) {
      const n = requirementName(editable[1]);
      if (n) out.deps.push(n);
      continue;
    }
    if (line.startsWith('-')) continue;
    const n = requirementName(line);
    if (n) out.deps.push(n);
  }
  return out;
}

function parsePyproject(text: string): PyFile {
  const out: PyFile = { deps: [], includes: [], partial: false, names: [], packages: [], tools: [], scripts: false };
  const t = parseToml(text);
  const add = (reqs: string[]) => { for (const r of reqs) { const n = requirementName(r); if (n) out.deps.push(n); } };
  const project = tableAt(t, 'project');
  if (project) {
    if (typeof project.name === 'string') out.names.push(normalisePython(project.name));
    add(stringsIn(project.dependencies));
    const opt = tableAt(project, 'optional-dependencies');
    if (opt) for (const v of Object.values(opt)) add(stringsIn(v));
    if (tableAt(project, 'scripts') || tableAt(project, 'gui-scripts')) out.scripts = true;
    if (stringsIn(project.dynamic).includes('dependencies')) {
      const dyn = tableAt(t, 'tool', 'setuptools', 'dynamic', 'dependencies');
      const files = dyn ? stringsIn(dyn.file) : [];
      if (files.length) out.includes.push(...files);
      else out.partial = true;
    }
  }
  const groups = tableAt(t, 'dependency-groups');
  if (groups) for (const v of Object.values(groups)) add(stringsIn(v));
  const tool = tableAt(t, 'tool');
  const poetry = tableAt(tool, 'poetry');
  if (poetry) {
    out.tools.push('poetry');
    if (typeof poetry.name === 'string') out.names.push(normalisePython(poetry.name));
    const keysOf = (x: TomlTable | undefined) => { if (x) for (const k of Object.keys(x)) if (k !== 'python') out.deps.push(normalisePython(k)); };
    keysOf(tableAt(poetry, 'dependencies'));
    keysOf(tableAt(poetry, 'dev-dependencies'));
    const g = tableAt(poetry, 'group');
    if (g) for (const grp of Object.keys(g)) keysOf(tableAt(g, grp, 'dependencies'));
    const pk = poetry.packages;
    if (Array.isArray(pk)) for (const p of pk) if (p && typeof p === 'object' && !Array.isArray(p) && typeof p.include === 'string') out.packages.push(p.include.split('/')[0]);
    if (tableAt(poetry, 'scripts')) out.scripts = true;
  }
  const pdm = tableAt(tool, 'pdm');
  if (pdm) {
    out.tools.push('pdm');
    const dev = tableAt(pdm, 'dev-dependencies');
    if (dev) for (const v of Object.values(dev)) add(stringsIn(v));
  }
  const uv = tableAt(tool, 'uv');
  if (uv) {
    out.tools.push('uv');
    add(stringsIn(uv['dev-dependencies']));
  }
  if (tableAt(tool, 'hatch')) out.tools.push('hatch');
  if (tableAt(tool, 'flit')) out.tools.push('flit');
  const st = tableAt(tool, 'setuptools');
  if (st) {
    out.tools.push('setuptools');
    out.packages.push(...stringsIn(st.packages));
    const find = tableAt(st, 'packages', 'find');
    if (find) out.packages.push(...stringsIn(find.include).map((p) => p.replace(/[.*].*$/, '')));
  }
  return out;
}

function parsePipfile(text: string): PyFile {
  const out: PyFile = { deps: [], includes: [], partial: false, names: [], packages: [], tools: ['pipenv'], scripts: false };
  const t = parseToml(text);
  for (const section of ['packages', 'dev-packages']) {
    const s = tableAt(t, section);
    if (s) for (const k of Object.keys(s)) out.deps.push(normalisePython(k));
  }
  return out;
}

/** setup.cfg: `[options] install_requires`, `[options.extras_require]`, `[metadata] name`. */
function parseSetupCfg(text: string): PyFile {
  const out: PyFile = { deps: [], includes: [], partial: false, names: [], packages: [], tools: ['setuptools'], scripts: false };
  let section = '';
  let key = '';
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw)) continue;
    const sec = /^\[([^\]]+)\]/.exec(raw);
    if (sec) { section = sec[1].trim(); key = ''; continue; }
    const kv = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(raw);
    let value: string;
    if (kv) { key = kv[1].trim(); value = kv[2]; } else if (/^\s+\S/.test(raw) && key) value = raw; else { key = ''; continue; }
    value = value.trim();
    if (!value) continue;
    if (section === 'options' && (key === 'install_requires' || key === 'tests_require' || key === 'setup_requires')) {
      if (value.startsWith('file:')) out.includes.push(...value.slice(5).split(',').map((s) => s.trim()).filter(Boolean));
      else { const n = requirementName(value); if (n) out.deps.push(n); }
    } else if (section === 'options.extras_require' && kv === null) {
      const n = requirementName(value);
      if (n) out.deps.push(n);
    } else if (section === 'options.extras_require' && kv) {
      const n = requirementName(kv[2]);
      if (n) out.deps.push(n);
    } else if (section === 'metadata' && key === 'name' && kv) out.names.push(normalisePython(value));
    else if (section === 'options' && key === 'packages' && !value.startsWith('find')) out.packages.push(...value.split(/[\s,]+/).filter(Boolean));
    else if (section === 'options.entry_points' && key === 'console_scripts') out.scripts = true;
  }
  return out;
}

/** setup.py: the string literals of `install_requires=[...]` and `extras_require={...}`; anything else makes the list partial. */
function parseSetupPy(text: string): PyFile {
  const out: PyFile = { deps: [], includes: [], partial: false, names: [], packages: [], tools: ['setuptools'], scripts: /console_scripts|\bscripts\s*=/.test(text) };
  const literalList = (kw: string, open: string, close: string): void => {
    const re = new RegExp(`\\b${kw}\\s*=\\s*`, 'g');
    for (const m of text.matchAll(re)) {
      const start = (m.index ?? 0) + m[0].length;
      if (text[start] !== open) { out.partial = true; continue; }
      let depth = 0;
      let end = start;
      for (; end < text.length; end++) {
        if (text[end] === open) depth++;
        else if (text[end] === close && --depth === 0) break;
      }
      const body = text.slice(start, end);
      for (const s of body.matchAll(/(['"])((?:(?!\1).)*)\1/g)) {
        if (open === '{' && /^\s*:/.test(body.slice((s.index ?? 0) + s[0].length))) continue; // extras keys
        const n = requirementName(s[2]);
        if (n) out.deps.push(n);
      }
    }
  };
  literalList('install_requires', '[', ']');
  literalList('extras_require', '{', '}');
  literalList('tests_require', '[', ']');
  const name = /\bname\s*=\s*(['"])([^'"]+)\1/.exec(text);
  if (name) out.names.push(normalisePython(name[2]));
  for (const m of text.matchAll(/\bpackages\s*=\s*\[([^\]]*)\]/g)) for (const s of m[1].matchAll(/['"]([\w.]+)['"]/g)) out.packages.push(s[1].split('.')[0]);
  return out;
}

/** conda environment.yml: `- name=1.0` entries and the nested `- pip:` list. */
function parseCondaEnv(text: string): PyFile {
  const out: PyFile = { deps: [], includes: [], partial: false, names: [], packages: [], tools: ['conda'], scripts: false };
  let inDeps = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\S/.test(raw)) { inDeps = /^dependencies\s*:/.test(raw); continue; }
    if (!inDeps) continue;
    const m = /^\s*-\s*['"]?([^'"#\s]+)/.exec(raw);
    if (!m || /^pip:?$/.test(m[1])) continue;
    if (m[1].startsWith('-r')) continue;
    const n = requirementName(m[1].replace(/^[\w-]+::/, '').replace(/=.*$/, ''));
    if (n) out.deps.push(n);
  }
  return out;
}

const REQUIREMENT_FILES = [
  'requirements.txt', 'requirements.in', 'requirements-dev.txt', 'requirements_dev.txt', 'dev-requirements.txt',
  'requirements-test.txt', 'requirements_test.txt', 'test-requirements.txt', 'requirements-prod.txt', 'requirements_prod.txt',
  'requirements/base.txt', 'requirements/common.txt', 'requirements/prod.txt', 'requirements/production.txt',
  'requirements/dev.txt', 'requirements/development.txt', 'requirements/local.txt', 'requirements/test.txt',
  'requirements/requirements.txt', 'requirements/base.in', 'requirements/prod.in', 'requirements/dev.in',
];

function readPython(project: ProjectView, dir: string): Manifest | undefined {
  const files: [string, PyFile][] = [];
  const seen = new Set<string>();
  const readReq = (file: string, depth: number): void => {
    if (seen.has(file) || depth > 4) return;
    seen.add(file);
    const r = cached(project, file, 'requirements', parseRequirements);
    if (!r) return;
    files.push([file, r]);
    for (const inc of r.includes) readReq(path.resolve(path.dirname(file), inc), depth + 1);
  };
  for (const name of REQUIREMENT_FILES) readReq(path.join(dir, name), 0);
  for (const [name, parse] of [['pyproject.toml', parsePyproject], ['Pipfile', parsePipfile], ['setup.cfg', parseSetupCfg], ['setup.py', parseSetupPy],
    ['environment.yml', parseCondaEnv], ['environment.yaml', parseCondaEnv]] as const) {
    const file = path.join(dir, name);
    const r = cached(project, file, name, parse);
    if (!r) continue;
    // A pyproject.toml or setup.cfg that only configures tools declares nothing.
    if ((name === 'pyproject.toml' || name === 'setup.cfg') && r.deps.length === 0 && r.names.length === 0 && !r.partial && r.includes.length === 0 && !r.tools.some((x) => x === 'poetry' || x === 'pdm')) continue;
    files.push([file, r]);
    for (const inc of r.includes) readReq(path.resolve(dir, inc), 1);
  }
  if (files.length === 0) return undefined;
  const m: Manifest = {
    ecosystem: 'python', file: files[0][0], dir, deps: new Set(), runtimeDeps: new Set(), partial: false, ownNames: new Set(),
    python: { tool: new Set(), packages: new Set(), scripts: false },
  };
  for (const [, r] of files) {
    r.deps.forEach((d) => m.deps.add(d));
    r.names.forEach((d) => m.ownNames.add(d));
    r.packages.forEach((p) => m.python!.packages.add(p));
    r.tools.forEach((x) => m.python!.tool.add(x as never));
    if (r.partial) m.partial = true;
    if (r.scripts) m.python!.scripts = true;
  }
  if (files.some(([f]) => f.endsWith('Pipfile'))) m.python!.tool.add('pipenv');
  return m;
}

// ---------------------------------------------------------------------------------------
// npm
// ---------------------------------------------------------------------------------------

function json(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function keys(v: unknown): string[] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

function parsePackageJson(text: string): Omit<Manifest, 'file' | 'dir'> | undefined {
  const pkg = json(text);
  if (!pkg) return undefined;
  const runtime = new Set(keys(pkg.dependencies));
  const deps = new Set([...runtime, ...keys(pkg.devDependencies), ...keys(pkg.peerDependencies), ...keys(pkg.optionalDependencies)]);
  if (Array.isArray(pkg.bundledDependencies)) for (const d of pkg.bundledDependencies) if (typeof d === 'string') deps.add(d);
  if (Array.isArray(pkg.bundleDependencies)) for (const d of pkg.bundleDependencies) if (typeof d === 'string') deps.add(d);
  const ws = pkg.workspaces;
  const workspaces = Array.isArray(ws) ? ws : ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages) ? (ws as { packages: unknown[] }).packages : [];
  const aliases = new Set([...keys(pkg._moduleAliases), ...keys(pkg.imports)]);
  const nonDev = new Set([...runtime, ...keys(pkg.peerDependencies), ...keys(pkg.optionalDependencies)]);
  [...(Array.isArray(pkg.bundledDependencies) ? pkg.bundledDependencies : []), ...(Array.isArray(pkg.bundleDependencies) ? pkg.bundleDependencies : [])]
    .forEach((d) => { if (typeof d === 'string') nonDev.add(d); });
  const devOnly = new Set(keys(pkg.devDependencies).filter((d) => !nonDev.has(d)));
  return {
    ecosystem: 'npm', deps, runtimeDeps: runtime, partial: false,
    ownNames: new Set(typeof pkg.name === 'string' ? [pkg.name] : []),
    npm: {
      workspaces: workspaces.filter((x): x is string => typeof x === 'string'),
      hasBin: pkg.bin !== undefined, engines: new Set(keys(pkg.engines)), private: pkg.private === true, aliases, devOnly,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Go
// ---------------------------------------------------------------------------------------

function parseGoMod(text: string): { module?: string; requires: string[]; replaces: string[] } {
  const out = { module: undefined as string | undefined, requires: [] as string[], replaces: [] as string[] };
  let block: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (block) {
      if (line === ')') { block = undefined; continue; }
      const p = line.split(/\s+/)[0];
      if (block === 'require') out.requires.push(p);
      else if (block === 'replace') out.replaces.push(p);
      continue;
    }
    const m = /^(module|require|replace|exclude|retract|go|toolchain|tool|godebug)\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, verb, rest] = m;
    if (rest === '(') { block = verb; continue; }
    if (verb === 'module') out.module = rest.replace(/^"|"$/g, '');
    else if (verb === 'require') out.requires.push(rest.split(/\s+/)[0]);
    else if (verb === 'replace') out.replaces.push(rest.split(/\s+/)[0]);
  }
  return out;
}

function parseGoWork(text: string): string[] {
  const out: string[] = [];
  let inUse = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inUse) { if (line === ')') inUse = false; else if (line) out.push(line.replace(/^"|"$/g, '')); continue; }
    const m = /^use\s+(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '(') inUse = true; else out.push(m[1].replace(/^"|"$/g, ''));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Ruby
// ---------------------------------------------------------------------------------------

function parseGemfile(text: string): { gems: string[]; gemspec: boolean; partial: boolean; gemspecName?: string } {
  const gems: string[] = [];
  for (const m of text.matchAll(/^\s*gem\s*\(?\s*["']([^"']+)["']/gm)) gems.push(m[1]);
  const gs = /^\s*gemspec\b(.*)$/m.exec(text);
  const gemspecName = gs ? /name:\s*["']([^"']+)["']/.exec(gs[1])?.[1] : undefined;
  return { gems, gemspec: !!gs, partial: /^\s*(eval_gemfile|instance_eval|eval)\b/m.test(text), gemspecName };
}

function parseGemspec(text: string): { name?: string; deps: string[] } {
  const deps: string[] = [];
  for (const m of text.matchAll(/\.add_(?:runtime_|development_)?dependency\s*\(?\s*["']([^"']+)["']/g)) deps.push(m[1]);
  const name = /\.name\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  return { name, deps };
}

// ---------------------------------------------------------------------------------------
// Java
// ---------------------------------------------------------------------------------------

function parseJavaBuild(text: string, gradle: boolean): string[] {
  const out: string[] = [];
  if (!gradle) {
    for (const m of text.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
      const g = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(m[1])?.[1];
      const a = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(m[1])?.[1];
      if (g && a) out.push(`${g}:${a}`);
    }
    return out;
  }
  for (const m of text.matchAll(/["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/g)) out.push(`${m[1]}:${m[2]}`);
  for (const m of text.matchAll(/group\s*[:=]\s*["']([\w.-]+)["']\s*,\s*name\s*[:=]\s*["']([\w.-]+)["']/g)) out.push(`${m[1]}:${m[2]}`);
  return out;
}

// ---------------------------------------------------------------------------------------
// Per folder
// ---------------------------------------------------------------------------------------

/** The manifest of `ecosystem` in exactly this folder, if any. */
export function manifestIn(project: ProjectView, dir: string, ecosystem: Ecosystem): Manifest | undefined {
  return perGeneration(project, `manifest\u0000${ecosystem}\u0000${dir}`, () => readManifestIn(project, dir, ecosystem));
}

function readManifestIn(project: ProjectView, dir: string, ecosystem: Ecosystem): Manifest | undefined {
  switch (ecosystem) {
    case 'npm': {
      const file = path.join(dir, 'package.json');
      const p = cached(project, file, 'package.json', parsePackageJson);
      return p ? { ...p, file, dir } : undefined;
    }
    case 'python':
      return readPython(project, dir);
    case 'go': {
      const file = path.join(dir, 'go.mod');
      const g = cached(project, file, 'go.mod', parseGoMod);
      if (!g || !g.module) return undefined;
      const workspaceModules = new Set<string>();
      for (const up of foldersUpFrom(project, dir)) {
        const uses = cached(project, path.join(up, 'go.work'), 'go.work', parseGoWork);
        if (!uses) continue;
        for (const u of uses) {
          const mod = cached(project, path.join(path.resolve(up, u), 'go.mod'), 'go.mod', parseGoMod)?.module;
          if (mod) workspaceModules.add(mod);
        }
        break;
      }
      const deps = new Set([...g.requires, ...g.replaces]);
      return { ecosystem, file, dir, deps, runtimeDeps: new Set(g.requires), partial: false, ownNames: new Set([g.module]), go: { module: g.module, workspaceModules } };
    }
    case 'ruby': {
      let file = path.join(dir, 'Gemfile');
      let g = cached(project, file, 'Gemfile', parseGemfile);
      if (!g) {
        file = path.join(dir, 'gems.rb');
        g = cached(project, file, 'Gemfile', parseGemfile);
      }
      if (!g) return undefined;
      const deps = new Set(g.gems);
      const ownNames = new Set<string>();
      let partial = g.partial;
      if (g.gemspec) {
        const guess = g.gemspecName ?? path.basename(dir);
        const spec = cached(project, path.join(dir, `${guess}.gemspec`), 'gemspec', parseGemspec);
        if (spec) {
          spec.deps.forEach((d) => deps.add(d));
          if (spec.name) ownNames.add(spec.name);
          ownNames.add(guess);
        } else partial = true;
      }
      return { ecosystem, file, dir, deps, runtimeDeps: new Set(g.gems), partial, ownNames, ruby: { gemspec: g.gemspec } };
    }
    case 'php': {
      const file = path.join(dir, 'composer.json');
      const c = cached(project, file, 'composer.json', json);
      if (!c) return undefined;
      const runtime = new Set(keys(c.require).map((k) => k.toLowerCase()));
      const deps = new Set([...runtime, ...keys(c['require-dev']).map((k) => k.toLowerCase())]);
      const namespaces = new Set<string>();
      for (const section of [c.autoload, c['autoload-dev']]) {
        if (!section || typeof section !== 'object') continue;
        for (const kind of ['psr-4', 'psr-0']) for (const ns of keys((section as Record<string, unknown>)[kind])) namespaces.add(ns.replace(/\\+$/, ''));
      }
      return {
        ecosystem, file, dir, deps, runtimeDeps: runtime, partial: false,
        ownNames: new Set(typeof c.name === 'string' ? [c.name.toLowerCase()] : []),
        php: { type: typeof c.type === 'string' ? c.type : undefined, namespaces },
      };
    }
    case 'java': {
      for (const [name, gradle] of [['pom.xml', false], ['build.gradle', true], ['build.gradle.kts', true]] as const) {
        const file = path.join(dir, name);
        const deps = cached(project, file, name, (t) => parseJavaBuild(t, gradle));
        if (deps) return { ecosystem, file, dir, deps: new Set(deps), runtimeDeps: new Set(deps), partial: false, ownNames: new Set() };
      }
      return undefined;
    }
  }
}

function foldersUpFrom(project: ProjectView, dir: string): string[] {
  return foldersUp(project, path.join(dir, '_'));
}

/** Every manifest of `ecosystem` from the file's folder up to the project root, nearest first. */
export function manifestsFor(project: ProjectView, filePath: string, ecosystem: Ecosystem): Manifest[] {
  const out: Manifest[] = [];
  for (const dir of foldersUp(project, filePath)) {
    const m = manifestIn(project, dir, ecosystem);
    if (m) out.push(m);
  }
  return out;
}

/** The nearest manifest of `ecosystem` above a file (its package root). */
export function nearestManifest(project: ProjectView, filePath: string, ecosystem: Ecosystem): Manifest | undefined {
  for (const dir of foldersUp(project, filePath)) {
    const m = manifestIn(project, dir, ecosystem);
    if (m) return m;
  }
  return undefined;
}

/**
 * Whether a file exists. Views that can answer without reading (`exists`) are asked; others
 * are read, which misses files the view refuses to read (over its size limit).
 */
export function fileExists(project: ProjectView, file: string): boolean {
  const exists = (project as ProjectView & { exists?: (p: string) => boolean }).exists;
  if (typeof exists === 'function') return exists.call(project, file);
  return project.readText(file) !== undefined;
}

// ---------------------------------------------------------------------------------------
// Lock files
// ---------------------------------------------------------------------------------------

export const LOCK_FILES: Record<Ecosystem, readonly string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'deno.lock'],
  python: ['Pipfile.lock', 'poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml'],
  go: ['go.sum'],
  ruby: ['Gemfile.lock', 'gems.locked'],
  php: ['composer.lock'],
  java: ['gradle.lockfile'],
};

/** Lock files of `ecosystem` in `dir` or a folder above it (workspaces keep one at their root). */
export function lockFilesFor(project: ProjectView, dir: string, ecosystem: Ecosystem): string[] {
  return perGeneration(project, `locks\u0000${ecosystem}\u0000${dir}`, () => findLockFiles(project, dir, ecosystem));
}

function findLockFiles(project: ProjectView, dir: string, ecosystem: Ecosystem): string[] {
  const out: string[] = [];
  for (const d of foldersUpFrom(project, dir)) {
    for (const name of LOCK_FILES[ecosystem]) {
      const f = path.join(d, name);
      if (fileExists(project, f)) out.push(f);
    }
    if (out.length) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// What kind of package
// ---------------------------------------------------------------------------------------

const NPM_NON_SERVICE = ['electron', 'react-native', 'expo', '@tauri-apps/api', '@tauri-apps/cli', '@oclif/core', '@capacitor/core', 'nw'];

/**
 * Whether the package around a file is a command-line tool, desktop or mobile app, or editor
 * extension rather than a deployed service: package.json `bin`, `engines.vscode`, Electron,
 * React Native, Tauri; Python console scripts; a gem with executables. Such packages install,
 * build and shell out as their job, and the twelve factors speak of services.
 */
export function isToolPackage(project: ProjectView, filePath: string, ecosystem: Ecosystem): boolean {
  const m = nearestManifest(project, filePath, ecosystem);
  if (!m) return false;
  if (m.npm) return m.npm.hasBin || m.npm.engines.has('vscode') || NPM_NON_SERVICE.some((d) => m.deps.has(d));
  if (m.python) return m.python.scripts;
  if (m.ruby) return m.ruby.gemspec;
  return false;
}
