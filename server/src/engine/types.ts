/**
 * The engine's vocabulary. Pure data: no LSP, no VS Code, no file system.
 * Positions are 0-based lines and UTF-16 columns, the same unit LSP uses.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export interface TextEdit { range: Range; newText: string }

/**
 * An edit to a file other than the one being checked (`.env`, `.env.example`, `.gitignore`).
 * `path` is absolute. When the file does not exist, `create` says it may be created with
 * the edits applied to empty text; a fix never overwrites an existing file.
 */
export interface FileChange { path: string; edits: TextEdit[]; create?: boolean }

/**
 * 'safe' fixes keep behaviour unchanged when the environment is unset and may run on save;
 * 'suggestion' fixes change behaviour and are only offered.
 */
export type FixSafety = 'safe' | 'suggestion';

export interface Fix {
  title: string;
  safety: FixSafety;
  preferred?: boolean;
  /** Edits to the checked document. */
  edits: TextEdit[];
  /** Edits to other files, applied in the same undo step. */
  files?: FileChange[];
}

export interface Finding {
  ruleId: string;
  factor: FactorSlug;
  messageId: string;
  message: string;
  severity: Severity;
  range: Range;
  fixes: Fix[];
  /** https://12factor.net/<slug> */
  docsUrl: string;
}

export const FACTOR_SLUGS = [
  'codebase', 'dependencies', 'config', 'backing-services', 'build-release-run', 'processes',
  'port-binding', 'concurrency', 'disposability', 'dev-prod-parity', 'logs', 'admin-processes',
] as const;
export type FactorSlug = typeof FACTOR_SLUGS[number];
