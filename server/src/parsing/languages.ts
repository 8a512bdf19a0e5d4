/**
 * One row per language: everything language-specific that is not a rule decision.
 * Rules never branch on file extensions; they ask this table.
 */
export type CodeLanguage = 'javascript' | 'typescript' | 'python' | 'go' | 'ruby' | 'java' | 'php';
export type LanguageId = CodeLanguage | 'dotenv' | 'procfile';
/** The tree-sitter grammars we ship (file stem `tree-sitter-<id>.wasm`). */
export type GrammarId = 'javascript' | 'typescript' | 'tsx' | 'python' | 'go' | 'ruby' | 'java' | 'php' | 'bash';

export interface EnvIdiom {
  /** Expression reading a variable; undefined when unset (or the language's equivalent). */
  read(name: string): string;
  /** Expression reading a variable with a literal default (`defaultCode` is source text). */
  readWithDefault(name: string, defaultCode: string): string;
}

export interface LanguageProfile {
  id: LanguageId;
  displayName: string;
  /** VS Code language ids served. */
  vscodeIds: string[];
  extensions: string[];
  /** Exact file names (Procfile) and name patterns handled by `detectLanguage`. */
  fileNames?: RegExp[];
  /** Grammar for a given file extension (lower case, with dot); undefined for text languages. */
  grammarFor?(ext: string): GrammarId;
  lineComment?: string;
  blockComment?: [string, string];
  env?: EnvIdiom;
  /**
   * Grammars the engine also loads for documents of this language, for rules that parse
   * embedded code with `parse()` (a Procfile's commands are shell: 'bash').
   */
  embeddedGrammars?: GrammarId[];
}

const q = (s: string) => JSON.stringify(s);
const sq = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const LANGUAGES: Record<LanguageId, LanguageProfile> = {
  javascript: {
    id: 'javascript', displayName: 'JavaScript', vscodeIds: ['javascript', 'javascriptreact'],
    extensions: ['.js', '.mjs', '.cjs', '.jsx'], grammarFor: () => 'javascript',
    lineComment: '//', blockComment: ['/*', '*/'],
    env: { read: (n) => `process.env.${n}`, readWithDefault: (n, d) => `process.env.${n} ?? ${d}` },
  },
  typescript: {
    id: 'typescript', displayName: 'TypeScript', vscodeIds: ['typescript', 'typescriptreact'],
    extensions: ['.ts', '.mts', '.cts', '.tsx'], grammarFor: (ext) => (ext === '.tsx' ? 'tsx' : 'typescript'),
    lineComment: '//', blockComment: ['/*', '*/'],
    env: { read: (n) => `process.env.${n}`, readWithDefault: (n, d) => `process.env.${n} ?? ${d}` },
  },
  python: {
    id: 'python', displayName: 'Python', vscodeIds: ['python'], extensions: ['.py', '.pyw'],
    grammarFor: () => 'python', lineComment: '#',
    env: { read: (n) => `os.environ[${q(n)}]`, readWithDefault: (n, d) => `os.environ.get(${q(n)}, ${d})` },
  },
  go: {
    id: 'go', displayName: 'Go', vscodeIds: ['go'], extensions: ['.go'], grammarFor: () => 'go',
    lineComment: '//', blockComment: ['/*', '*/'],
    // `cmp.Or` (Go 1.22+, import "cmp"): the first non-empty value.
    env: { read: (n) => `os.Getenv(${q(n)})`, readWithDefault: (n, d) => `cmp.Or(os.Getenv(${q(n)}), ${d})` },
  },
  ruby: {
    id: 'ruby', displayName: 'Ruby', vscodeIds: ['ruby'], extensions: ['.rb', '.rake', '.ru'],
    fileNames: [/^(Gemfile|Rakefile|config\.ru)$/], grammarFor: () => 'ruby', lineComment: '#',
    env: { read: (n) => `ENV.fetch(${q(n)})`, readWithDefault: (n, d) => `ENV.fetch(${q(n)}, ${d})` },
  },
  java: {
    id: 'java', displayName: 'Java', vscodeIds: ['java'], extensions: ['.java'], grammarFor: () => 'java',
    lineComment: '//', blockComment: ['/*', '*/'],
    env: {
      read: (n) => `System.getenv(${q(n)})`,
      // Java 8+, no import; `isEnvDefault` knows it.
      readWithDefault: (n, d) => `System.getenv().getOrDefault(${q(n)}, ${d})`,
    },
  },
  php: {
    id: 'php', displayName: 'PHP', vscodeIds: ['php'], extensions: ['.php'], grammarFor: () => 'php',
    lineComment: '//', blockComment: ['/*', '*/'],
    env: { read: (n) => `getenv(${sq(n)})`, readWithDefault: (n, d) => `(getenv(${sq(n)}) ?: ${d})` },
  },
  dotenv: {
    id: 'dotenv', displayName: '.env', vscodeIds: ['dotenv'], extensions: ['.env'],
    fileNames: [/^\.env(\..+)?$/, /\.env$/, /^\.flaskenv$/], lineComment: '#',
  },
  procfile: {
    id: 'procfile', displayName: 'Procfile', vscodeIds: ['procfile'], extensions: ['.procfile'],
    fileNames: [/^Procfile(\..+)?$/], lineComment: '#', embeddedGrammars: ['bash'],
  },
};

export const CODE_LANGUAGES: CodeLanguage[] = ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'];

export function isCodeLanguage(id: LanguageId): id is CodeLanguage {
  return (CODE_LANGUAGES as string[]).includes(id);
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

function extName(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i).toLowerCase() : '';
}

export interface DetectedLanguage { language: LanguageId; grammar?: GrammarId }

/** Language of a file from its path, or from the editor's language id when it has one. */
export function detectLanguage(path: string, vscodeLanguageId?: string): DetectedLanguage | undefined {
  const name = baseName(path);
  const ext = extName(name);
  // Declaration files and minified bundles hold no code to check.
  if (/\.d\.[cm]?ts$|\.min\.[cm]?js$/i.test(name)) return undefined;
  if (vscodeLanguageId) {
    for (const p of Object.values(LANGUAGES)) {
      if (p.vscodeIds.includes(vscodeLanguageId)) {
        const grammarExt = vscodeLanguageId === 'typescriptreact' ? '.tsx' : ext;
        return { language: p.id, grammar: p.grammarFor?.(grammarExt) };
      }
    }
  }
  // Names first: `.env.production` ends in a code-like extension for none of ours, but `Procfile.dev` must not be read by its suffix.
  for (const p of [LANGUAGES.procfile, LANGUAGES.dotenv, LANGUAGES.ruby]) {
    if (p.fileNames?.some((re) => re.test(name))) return { language: p.id, grammar: p.grammarFor?.(ext) };
  }
  for (const p of Object.values(LANGUAGES)) {
    if (p.extensions.includes(ext)) return { language: p.id, grammar: p.grammarFor?.(ext) };
  }
  return undefined;
}
