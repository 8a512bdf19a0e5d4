/**
 * Installing dependencies or building the app from the app's own code, at run time:
 * `execSync('npm install')`, `exec('npm run build')`, `subprocess.check_call([sys.executable,
 * "-m", "pip", "install", pkg])`, `pip.main(["install", ...])`, `os.system("pip install x")`,
 * Go `exec.Command("go", "get", ...)`, Ruby `system("bundle install")` or backticks,
 * `rake assets:precompile`, Java `Runtime.exec("mvn package")`, PHP
 * `exec('composer install')`, package-manager installs of system packages (`apt-get install`).
 *
 * A release is build + config and must not change once it runs: what was tested is not what
 * runs when the process installs or compiles for itself, start-up becomes slow and can fail
 * on a registry outage, and every scaled copy does it again.
 *
 * Not flagged: build configs and tooling (`webpack.config.js`, gulpfile, Rakefile, setup.py),
 * `scripts/`, `bin/`, admin commands and migrations, packages that are command-line tools
 * (package.json `bin`, Python console scripts: installing may be their job), read-only
 * commands (`npm ls`, `pip freeze`, `go version`) and tests.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck, type RuleContext } from '../../engine/rule';
import type { LanguageId } from '../../parsing/languages';
import { callInfo, inQueryOrder, spansOf, stringValue, type WalkMatch } from '../../analysis/syntax';
import { enclosingModes } from '../../analysis/env-mode';
import {
  SPAWN_PATTERN_COUNT, SPAWN_QUERIES, anyCandidate, candidatesNear, findSpawns, matchSpawnAt, mayHaveSpawn, mentionsProgram, mentionsSpawnLibrary,
  programTriggers, programWords, promisifiedSpawns, pythonSubprocessFacts, spawnAt, spawnWords, type Invoked, type Spawn, type WordCandidates,
} from '../../analysis/subprocess';
import { isIgnoredGoFile, isScriptOrTooling, relativeTo } from '../../analysis/code-role';
import { isToolPackage } from '../../analysis/manifests';
import { RecentMap } from '../../engine/recent';

type Kind = 'install' | 'build';

const NODE_PMS = new Set(['npm', 'pnpm', 'yarn', 'bun', 'cnpm']);
const NODE_INSTALL = new Set(['install', 'i', 'ci', 'add', 'update', 'up', 'upgrade', 'isntall', 'in']);
const BUILD_SCRIPT = /^(build|compile|bundle|dist|prod|production)(:[\w:-]+)?$/;
const BUILD_TOOLS: Record<string, (args: string[]) => boolean> = {
  webpack: (a) => !a.some((x) => /^(serve|watch|--watch|-w)$/.test(x)),
  tsc: (a) => !a.some((x) => /^(--watch|-w|--noEmit|-v|--version)$/.test(x)),
  vite: (a) => a[0] === 'build',
  next: (a) => a[0] === 'build',
  nuxt: (a) => a[0] === 'build' || a[0] === 'generate',
  ng: (a) => a[0] === 'build',
  parcel: (a) => a[0] === 'build',
  rollup: (a) => !a.some((x) => /^(-w|--watch|-v|--version)$/.test(x)),
  esbuild: (a) => a.some((x) => x === '--bundle' || x.startsWith('--outfile') || x.startsWith('--outdir')),
  prisma: (a) => a[0] === 'generate',
};

/** What a command does to the release: installs dependencies, builds, or neither. */
export function releaseChange(cmd: Invoked): { kind: Kind; label: string } | undefined {
  let { program } = cmd;
  let args = cmd.args;
  const label = (n: number) => [program, ...args.slice(0, n)].join(' ');
  // npx/pnpx/bunx/yarn dlx/pnpm exec run a tool: look at the tool.
  if (['npx', 'pnpx', 'bunx'].includes(program) || ((program === 'yarn' || program === 'pnpm') && (args[0] === 'dlx' || args[0] === 'exec'))) {
    const rest = program === 'yarn' || program === 'pnpm' ? args.slice(1) : args;
    const i = rest.findIndex((a) => !a.startsWith('-'));
    if (i < 0) return undefined;
    program = rest[i].replace(/@[^/]*$/, '');
    args = rest.slice(i + 1);
  }
  const first = args.find((a) => !a.startsWith('-'));
  if (NODE_PMS.has(program)) {
    if (program === 'yarn' && args.length === 0) return { kind: 'install', label: 'yarn' };
    if (first && NODE_INSTALL.has(first)) return { kind: 'install', label: `${program} ${first}` };
    if (first === 'run' || first === 'run-script') {
      const script = args[args.indexOf(first) + 1];
      if (script && BUILD_SCRIPT.test(script)) return { kind: 'build', label: `${program} run ${script}` };
      return undefined;
    }
    if ((program === 'yarn' || program === 'pnpm' || program === 'bun') && first && BUILD_SCRIPT.test(first)) return { kind: 'build', label: `${program} ${first}` };
    return undefined;
  }
  if (Object.prototype.hasOwnProperty.call(BUILD_TOOLS, program)) {
    return BUILD_TOOLS[program](args) ? { kind: 'build', label: label(first === 'build' || first === 'generate' ? 1 : 0) } : undefined;
  }
  if (/^pip[0-9.]*$/.test(program) || program === 'easy_install') {
    if (program === 'easy_install' || first === 'install' || first === 'download') return { kind: 'install', label: program === 'easy_install' ? program : `${program} ${first}` };
    return undefined;
  }
  if (/^python[0-9.]*$/.test(program) && args[0] === '-m') {
    const mod = args[1];
    const sub = args.slice(2).find((a) => !a.startsWith('-'));
    if ((mod === 'pip' || mod === 'ensurepip') && (sub === 'install' || mod === 'ensurepip')) return { kind: 'install', label: `${mod} install` };
    return undefined;
  }
  if (program === 'poetry' && (first === 'install' || first === 'add' || first === 'update')) return { kind: 'install', label: `poetry ${first}` };
  if (program === 'pipenv' && (first === 'install' || first === 'sync' || first === 'update')) return { kind: 'install', label: `pipenv ${first}` };
  if (program === 'uv') {
    if (first === 'pip' && args.includes('install')) return { kind: 'install', label: 'uv pip install' };
    if (first === 'sync' || first === 'add') return { kind: 'install', label: `uv ${first}` };
    return undefined;
  }
  if ((program === 'conda' || program === 'mamba' || program === 'micromamba') && first === 'install') return { kind: 'install', label: `${program} install` };
  if (program === 'go') {
    if (first === 'get' || first === 'install') return { kind: 'install', label: `go ${first}` };
    if (first === 'mod' && /^(download|tidy|vendor)$/.test(args[1] ?? '')) return { kind: 'install', label: `go mod ${args[1]}` };
    if (first === 'build' || first === 'generate') return { kind: 'build', label: `go ${first}` };
    return undefined;
  }
  if (program === 'bundle' || program === 'bundler') {
    if (args.length === 0 || first === 'install' || first === 'update' || first === 'add') return { kind: 'install', label: first ? `bundle ${first}` : 'bundle' };
    if (first === 'exec') return releaseChange({ ...cmd, program: args[1] ?? '', args: args.slice(2) });
    return undefined;
  }
  if (program === 'gem' && first === 'install') return { kind: 'install', label: 'gem install' };
  if (program === 'rake' || program === 'rails') {
    const task = args.find((a) => /^(assets:precompile|webpacker:compile|javascript:build|css:build|shakapacker:compile|vite:build)$/.test(a));
    return task ? { kind: 'build', label: `${program} ${task}` } : undefined;
  }
  if (program === 'composer') {
    if (first === 'install' || first === 'update' || first === 'require') return { kind: 'install', label: `composer ${first}` };
    return undefined;
  }
  if (/^(mvn|mvnw|gradle|gradlew)$/.test(program)) {
    const goal = args.find((a) => /^(package|install|compile|build|assemble|bootJar|jar|shadowJar|war|dependency:resolve)$/.test(a));
    return goal ? { kind: goal === 'dependency:resolve' ? 'install' : 'build', label: `${program} ${goal}` } : undefined;
  }
  if (program === 'javac') return { kind: 'build', label: 'javac' };
  if (/^(apt-get|apt|apk|yum|dnf|brew|zypper)$/.test(program) && (first === 'install' || first === 'add')) return { kind: 'install', label: `${program} ${first}` };
  return undefined;
}

/**
 * Builds run inside the process rather than through a shell: Django `call_command("collectstatic")`
 * (and `compilemessages`, django-compressor's `compress`), Rails
 * `Rake::Task["assets:precompile"].invoke`, webpack `webpack(config).run(...)`,
 * `esbuild.build(...)` in server code.
 */
function inProcessBuild(node: Node, lang: LanguageId, text: string): string | undefined {
  const info = callInfo(node, lang);
  if (!info) return undefined;
  switch (lang) {
    case 'python': {
      const first = info.args[0] ? stringValue(info.args[0], lang) : undefined;
      return first && /^(collectstatic|compilemessages|compress|tailwind)$/.test(first) ? `call_command("${first}")` : undefined;
    }
    case 'ruby':
      return /^Rake::Task\[["'](assets:precompile|webpacker:compile|shakapacker:compile|javascript:build|css:build|tailwindcss:build|vite:build)["']\]$/.test(info.object ?? '')
        ? `rake ${/\[["']([^"']+)/.exec(info.object ?? '')?.[1]}` : undefined;
    case 'javascript':
    case 'typescript': {
      const obj = (info.object ?? '').replace(/\s+/g, '');
      if (info.method === 'run' && /^webpack\(/.test(obj) && /['"]webpack['"]/.test(text)) return 'webpack().run()';
      if (info.method === 'run' && /^\w+$/.test(obj) && new RegExp(`\\b${obj}\\s*=\\s*webpack\\(`).test(text)) return 'webpack().run()';
      if ((info.method === 'build' || info.method === 'buildSync') && obj === 'esbuild' && /['"]esbuild['"]/.test(text)) return `esbuild.${info.method}()`;
      return undefined;
    }
  }
  return undefined;
}

/**
 * The query the rule ran before its candidates were found in code (`installMatches`): the
 * reference the walk must agree with (`test/unit/subprocess-walks.test.ts`). `SPAWN_QUERIES`'
 * patterns, then the in-process builds' (`@build`).
 */
export const REFERENCE_QUERIES: Partial<Record<LanguageId, string>> = {
  ...SPAWN_QUERIES,
  javascript: `${SPAWN_QUERIES.javascript}
      (call_expression function: (member_expression object: (_) @o property: (property_identifier) @m) (#match? @m "^(run|build|buildSync)$")) @build`,
  python: `${SPAWN_QUERIES.python}
      (call function: (identifier) @f (#eq? @f "call_command")) @build
      (call function: (attribute attribute: (identifier) @f) (#eq? @f "call_command")) @build`,
  ruby: `${SPAWN_QUERIES.ruby}
      (call method: (identifier) @m (#match? @m "^(invoke|execute)$")) @build`,
};

const field = (n: Node, name: string): Node | null => n.childForFieldName(name);

/**
 * The `@build` patterns of `REFERENCE_QUERIES` at one node, in code (their indices follow the
 * spawn patterns'), and the words their callee holds with the type and levels above it of the
 * node they are rooted at.
 */
const BUILDS: Partial<Record<LanguageId, { word: RegExp; before: RegExp; type: string; levels: number; match(n: Node, out: WalkMatch[], base: number): void }>> = {
  javascript: {
    word: /(?:run|buildSync|build)(?![\w$])/g, before: /[\w$]/, type: 'call_expression', levels: 2,
    match(n, out, base) {
      const f = n.type === 'call_expression' ? field(n, 'function') : null;
      if (f?.type !== 'member_expression') return;
      const o = field(f, 'object');
      const m = field(f, 'property');
      if (o?.isNamed && m?.type === 'property_identifier' && (m.text === 'run' || m.text === 'build' || m.text === 'buildSync')) {
        out.push({ patternIndex: base, root: n, done: m, captures: [{ name: 'build', node: n }, { name: 'o', node: o }, { name: 'm', node: m }] });
      }
    },
  },
  python: {
    word: /call_command(?!\w)/g, before: /\w/, type: 'call', levels: 2,
    match(n, out, base) {
      const f = n.type === 'call' ? field(n, 'function') : null;
      const name = f?.type === 'identifier' ? f : f?.type === 'attribute' ? field(f, 'attribute') : null;
      if (f && name?.type === 'identifier' && name.text === 'call_command') {
        out.push({ patternIndex: base + (f.type === 'identifier' ? 0 : 1), root: n, done: name, captures: [{ name: 'build', node: n }, { name: 'f', node: name }] });
      }
    },
  },
  ruby: {
    word: /invoke|execute/g, before: /\w/, type: 'call', levels: 1,
    match(n, out, base) {
      const m = n.type === 'call' ? field(n, 'method') : null;
      if (m?.type === 'identifier' && (m.text === 'invoke' || m.text === 'execute')) out.push({ patternIndex: base, root: n, done: m, captures: [{ name: 'build', node: n }, { name: 'm', node: m }] });
    },
  },
};
BUILDS.typescript = BUILDS.javascript;

/** Where the candidates of `REFERENCE_QUERIES` are in a text: around the spawn words and the build methods. No tree needed. */
export function installWords(text: string, lang: LanguageId): WordCandidates[] {
  const b = BUILDS[lang];
  const builds = b ? [{ spans: spansOf(text, b.word, (m) => m.index === 0 || !b.before.test(text[m.index - 1])), types: new Set([b.type]), levels: b.levels }] : [];
  return [...spawnWords(text, lang), ...builds];
}

/**
 * The matches of `REFERENCE_QUERIES` (pattern, captures) found in code at the nodes around
 * their words, in the order its cursor gives them over the tree.
 */
export function installMatches(root: Node, words: readonly WordCandidates[], lang: LanguageId): WalkMatch[] {
  const out: WalkMatch[] = [];
  const build = BUILDS[lang];
  for (const n of candidatesNear(root, words)) {
    matchSpawnAt(n, lang, out);
    build?.match(n, out, SPAWN_PATTERN_COUNT[lang] ?? 0);
  }
  return inQueryOrder(out);
}

/** An argument word, as a literal may hold it (after a blank, a quote or a `\t` escape). */
const arg = (words: string): RegExp => new RegExp(`(?:^|\\W|\\\\[ntr])(?:${words})(?!\\w)`);
const BUILD_ARG = arg('build');
const PM_INSTALL = arg('install|add');
const JVM_GOAL = arg('package|install|compile|build|assemble|bootJar|jar|shadowJar|war|dependency:resolve');
const RAILS_TASK = /precompile|:compile|:build/;

/**
 * The programs `releaseChange` knows, each with the arguments it needs in the text (none when the
 * program alone may install or build, or runs another tool: `yarn`, `npx`, `bundle`, `webpack`).
 * `python -m pip` names `pip` after a flag, `sys.executable` stands for python.
 */
const PROGRAMS: Record<string, RegExp | undefined> = {
  npm: undefined, pnpm: undefined, yarn: undefined, bun: undefined, cnpm: undefined, npx: undefined, pnpx: undefined, bunx: undefined,
  webpack: undefined, tsc: undefined, rollup: undefined, esbuild: undefined,
  vite: BUILD_ARG, next: BUILD_ARG, ng: BUILD_ARG, parcel: BUILD_ARG, nuxt: arg('build|generate'), prisma: arg('generate'),
  pip: arg('install|download'), easy_install: undefined, ensurepip: undefined,
  poetry: arg('install|add|update'), pipenv: arg('install|sync|update'), uv: arg('install|sync|add'),
  conda: PM_INSTALL, mamba: PM_INSTALL, micromamba: PM_INSTALL,
  go: arg('get|install|mod|build|generate'), bundle: undefined, bundler: undefined, gem: arg('install'), rake: RAILS_TASK, rails: RAILS_TASK,
  composer: arg('install|update|require'), mvn: JVM_GOAL, mvnw: JVM_GOAL, gradle: JVM_GOAL, gradlew: JVM_GOAL, javac: undefined,
  'apt-get': PM_INSTALL, apt: PM_INSTALL, apk: PM_INSTALL, yum: PM_INSTALL, dnf: PM_INSTALL, brew: PM_INSTALL, zypper: PM_INSTALL,
};
const PROGRAM_WORDS = programWords(PROGRAMS);
/** `pip.main([...])`, `pip._internal.main([...])`. */
const PIP_MAIN = /(?<![\w.])pip(?:\s*\.\s*_internal)?\s*\.\s*main(?!\w)/;

/** What `inProcessBuild` needs in the text, per language. */
function mayBuildInProcess(text: string, lang: LanguageId): boolean {
  switch (lang) {
    case 'python': return text.includes('call_command') && /collectstatic|compilemessages|compress|tailwind/.test(text);
    case 'ruby': return text.includes('Rake::Task[');
    case 'javascript':
    case 'typescript': return text.includes('webpack') || /['"]esbuild['"]/.test(text);
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Incremental re-checks
// ---------------------------------------------------------------------------------------
//
// A finding depends on its call (and the arguments in it), the mode tests around it, the
// project (a command-line package reports nothing; a project change re-checks everything) and
// these file-wide facts, which `facts` returns:
// - Go: `//go:build ignore` in the first 2,048 characters (`isIgnoredGoFile`).
// - JS/TS: whether the file names a spawning library (`spawnAt` and the `$` words accept a bare
//   `exec(...)`/`$` only then), the promisified aliases of spawn functions (`findSpawns`), and
//   what `inProcessBuild` reads from the text: a quoted `'webpack'` or `'esbuild'` and the names
//   assigned `x = webpack(`.
// - Python: the `import subprocess as x` and `from subprocess import ...` lines (`spawnAt`).
// Looking for those words in the whole text on every keystroke would cost more than the check,
// so their offsets are kept per document and updated from the region (see `factHits`).

/** `isScriptOrTooling` of a file, remembered (both `facts` and `check` ask on every keystroke). */
const toolingFiles = new Map<string, boolean>();

function isTooling(context: RuleContext): boolean {
  const key = `${context.project.root}\0${context.path}`;
  let tooling = toolingFiles.get(key);
  if (tooling === undefined) {
    tooling = isScriptOrTooling(relativeTo(context.project.root, context.path));
    if (toolingFiles.size >= 256) toolingFiles.clear();
    toolingFiles.set(key, tooling);
  }
  return tooling;
}

/** Words whose occurrences `facts` reads, per language. */
const FACT_WORDS: Partial<Record<LanguageId, readonly string[]>> = {
  javascript: ['promisify', 'webpack', 'esbuild'],
  typescript: ['promisify', 'webpack', 'esbuild'],
  python: ['subprocess'],
};

/** The last text `facts` saw for a document, and the fact words' offsets in it. */
interface Seen { text: string; hits: Map<string, number[]> }

/** Per document (language and path), a few documents at most. */
const seenTexts = new RecentMap<string, Seen>(16);

const seenKey = (context: RuleContext): string => `${context.language}:${context.path}`;

/** Offsets of `word` in `text` within [from, to) (searched in that piece only). */
function occurrences(text: string, word: string, from = 0, to = text.length): number[] {
  const out: number[] = [];
  const piece = from === 0 && to === text.length ? text : text.slice(from, to);
  for (let i = piece.indexOf(word); i >= 0; i = piece.indexOf(word, i + 1)) out.push(from + i);
  return out;
}

/**
 * Where each fact word occurs in the text. When the text outside the region is what this
 * function saw last time for the document (compared, not assumed), the offsets outside the
 * region are carried over and only the region and a word's length around it are searched;
 * otherwise the whole text is. Always the offsets in the whole text.
 */
function factHits(context: RuleContext): Map<string, number[]> {
  const { text, region } = context;
  const words = FACT_WORDS[context.language] ?? [];
  const key = seenKey(context);
  const last = seenTexts.get(key);
  let hits = last?.text === text ? last.hits : undefined;
  if (!hits && last && region && region.end >= region.start) {
    const delta = text.length - last.text.length;
    const oldEnd = region.end - delta;
    if (oldEnd >= region.start && oldEnd <= last.text.length &&
      text.slice(0, region.start) === last.text.slice(0, region.start) && text.slice(region.end) === last.text.slice(oldEnd)) {
      hits = new Map();
      for (const w of words) {
        const from = Math.max(0, region.start - w.length);
        const to = Math.min(text.length, region.end + w.length);
        const before = (last.hits.get(w) ?? []).filter((s) => s < from);
        const inside = occurrences(text, w, from, to);
        const after = (last.hits.get(w) ?? []).map((s) => s + delta).filter((s) => s + w.length > to);
        hits.set(w, [...before, ...inside, ...after]);
      }
    }
  }
  if (!hits) {
    hits = new Map();
    for (const w of words) hits.set(w, occurrences(text, w));
  }
  seenTexts.set(key, { text, hits });
  return hits;
}

/** The hits `facts` found for exactly this text, if it ran on it. */
function knownHits(context: RuleContext): Map<string, number[]> | undefined {
  const last = seenTexts.get(seenKey(context));
  return last?.text === context.text ? last.hits : undefined;
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);
const isQuote = (c: string | undefined): boolean => c === '"' || c === "'";

/** `x = webpack(` ending at the `webpack` at `at`: `x` (what `\bx\s*=\s*webpack\(` finds), else undefined. */
function webpackAssignee(text: string, at: number): string | undefined {
  if (text[at + 7] !== '(') return undefined;
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  if (text[i - 1] !== '=') return undefined;
  i--;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  let j = i;
  while (j > 0 && isWordChar(text[j - 1])) j--;
  return j < i ? text.slice(j, i) : undefined;
}

/** JS/TS facts from the words' offsets (see above). */
function jsFacts(text: string, hits: Map<string, number[]>): string {
  const at = (w: string): number[] => hits.get(w) ?? [];
  const quoted = (w: string): boolean => at(w).some((s) => isQuote(text[s - 1]) && isQuote(text[s + w.length]));
  const out = [mentionsSpawnLibrary(text) ? 'spawn library' : 'no spawn library'];
  if (at('promisify').length) for (const [name, fn] of promisifiedSpawns(text)) out.push(`${name} = promisify(${fn})`);
  if (quoted('webpack')) out.push("'webpack'");
  for (const s of at('webpack')) {
    const name = webpackAssignee(text, s);
    if (name) out.push(`${name} = webpack(`);
  }
  if (quoted('esbuild')) out.push("'esbuild'");
  return out.join('\n');
}

/** Python facts: the `import subprocess as x` and `from subprocess import ...` the spawn reading takes. */
function pyFacts(text: string, hits: Map<string, number[]>): string {
  return hits.get('subprocess')?.length ? pythonSubprocessFacts(text) : '';
}

/**
 * `installWords` for the region only: the words in its lines (the same spans a search of the
 * whole text finds there), or, for JS/TS lines holding a `$` that may be zx's (whose spans
 * depend on the text before them and on the whole file), the whole text's spans in the region.
 */
function regionWords(text: string, lang: LanguageId, region: { start: number; end: number }): WordCandidates[] {
  const from = text.lastIndexOf('\n', region.start - 1) + 1;
  let to = text.indexOf('\n', region.end);
  if (to < 0) to = text.length;
  const lines = text.slice(from, to);
  const inRegion = (s: { start: number; end: number }) => s.end > region.start && s.start < region.end;
  if ((lang === 'javascript' || lang === 'typescript') && /\$(?![\w{])/.test(lines)) {
    return installWords(text, lang).map((w) => ({ ...w, spans: w.spans.filter(inRegion) }));
  }
  return installWords(lines, lang).map((w) => ({ ...w, spans: w.spans.map((s) => ({ start: s.start + from, end: s.end + from })).filter(inRegion) }));
}

/** `findSpawns` in a file with no promisified aliases: the candidates' spawns, each call once. */
function spawnsOf(calls: readonly WalkMatch[], lang: LanguageId, text: string): Spawn[] {
  const out: Spawn[] = [];
  const seen = new Set<number>();
  for (const m of calls) {
    const call = m.captures.find((c) => c.name === 'call')?.node;
    if (!call || seen.has(call.startIndex)) continue;
    seen.add(call.startIndex);
    const s = spawnAt(call, lang, text);
    if (s) out.push(s);
  }
  return out;
}

export default defineRule({
  id: 'build-release-run/no-runtime-install',
  meta: {
    description: 'Dependencies installed or the app built from its own code at run time',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'none',
    messages: {
      install: '`{{command}}` installs dependencies while the app runs; install them in the build stage (buildpack, Dockerfile) so the release already contains them.',
      build: '`{{command}}` builds the app while it runs; build once in the build stage and run the built release.',
    },
    docs: {
      why: 'A release is a fixed build plus config: installing or compiling at run time makes each process run something other than what was built and tested, slows start-up, and fails when a registry is down.',
      bad: {
        javascript: "const { execSync } = require('child_process');\nexecSync('npm install', { stdio: 'inherit' });\napp.listen(process.env.PORT);",
        typescript: "import { execSync } from 'node:child_process';\nexecSync('npm run build');\nawait import('./dist/server.js');",
        python: 'try:\n    import requests\nexcept ImportError:\n    subprocess.check_call([sys.executable, "-m", "pip", "install", "requests"])\n    import requests',
        go: 'if err := exec.Command("go", "get", "github.com/lib/pq").Run(); err != nil {\n\tlog.Fatal(err)\n}',
        ruby: 'system("bundle install") or abort("bundle failed")\nrequire "bundler/setup"',
        java: 'Runtime.getRuntime().exec("mvn -q package").waitFor();',
        php: "exec('composer install --no-dev');\nrequire __DIR__ . '/vendor/autoload.php';",
      },
      good: {
        javascript: '// package.json declares every dependency; the build stage runs `npm ci`\napp.listen(process.env.PORT);',
        typescript: "// built by `npm run build` in the build stage\nawait import('./dist/server.js');",
        python: '# requirements.txt lists requests; the build stage runs `pip install -r requirements.txt`\nimport requests',
        go: '// go.mod requires github.com/lib/pq; `go build` runs in the build stage\nimport _ "github.com/lib/pq"',
        ruby: '# the build stage runs `bundle install`\nrequire "bundler/setup"',
        java: '// `mvn package` runs in the build stage; the release runs the jar',
        php: "// the build stage runs `composer install --no-dev`\nrequire __DIR__ . '/vendor/autoload.php';",
      },
    },
    incremental: true,
  },
  // A report names a program of `PROGRAMS` or holds what `inProcessBuild` looks for.
  triggers: [...programTriggers(Object.keys(PROGRAMS), ['pip']), 'call_command', 'Rake::Task[', 'webpack', 'esbuild'],
  facts(context) {
    const lang = context.language;
    if (isTooling(context)) return 'tooling';
    const hits = FACT_WORDS[lang] ? factHits(context) : undefined;
    switch (lang) {
      case 'go': return isIgnoredGoFile(context.text) ? 'ignored' : '';
      case 'python': return hits ? pyFacts(context.text, hits) : '';
      case 'javascript': case 'typescript': return hits ? jsFacts(context.text, hits) : '';
    }
    return '';
  },
  check(context) {
    const lang = context.language;
    if (isTooling(context) || (lang === 'go' && isIgnoredGoFile(context.text))) return;
    if (!context.treeParsed && !precheck(() => mayBuildInProcess(context.text, lang)
      || (mayHaveSpawn(context.text, lang) && (mentionsProgram(context.text, PROGRAM_WORDS) || PIP_MAIN.test(context.text))))) return;
    let cliPackage: boolean | undefined;
    const isCliPackage = (): boolean => {
      const eco = lang === 'javascript' || lang === 'typescript' ? 'npm' : lang === 'python' ? 'python' : lang === 'ruby' ? 'ruby' : undefined;
      cliPackage ??= !!eco && isToolPackage(context.project, context.path, eco);
      return cliPackage;
    };
    // The tree only when some candidate's word is in the text (in the region, when re-checking one).
    const region = context.region;
    const words = region ? regionWords(context.text, lang, region) : installWords(context.text, lang);
    const root = anyCandidate(words) ? context.tree?.rootNode : undefined;
    if (!root) return;
    const matches = installMatches(root, words, lang);
    for (const m of matches) {
      const node = m.captures.find((c) => c.name === 'build')?.node;
      const build = node ? inProcessBuild(node, lang, context.text) : undefined;
      if (!node || !build) continue;
      if (isCliPackage()) return;
      const modes = enclosingModes(node, lang);
      if (modes && !modes.has('production')) continue;
      context.report({ node, messageId: 'build', data: { command: build } });
    }
    // `facts` saw no `promisify`: no alias to look for in the whole text.
    const noAliases = (lang === 'javascript' || lang === 'typescript') && knownHits(context)?.get('promisify')?.length === 0;
    for (const spawn of noAliases ? spawnsOf(matches, lang, context.text) : findSpawns(context, matches)) {
      for (const cmd of spawn.commands) {
        const change = releaseChange(cmd);
        if (!change) continue;
        if (isCliPackage()) return;
        context.report({ node: spawn.anchor, messageId: change.kind, data: { command: change.label } });
        break;
      }
    }
  },
});
