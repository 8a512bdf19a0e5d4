/**
 * What a rule may know of the files around the one it checks (.env, .env.example,
 * manifests, .gitignore, the Procfile). The engine reads nothing itself: the caller
 * (server, CLI, test) provides the view, usually cached and refreshed on change.
 */
export interface ProjectView {
  /** Absolute path of the workspace folder or scan root the file belongs to. */
  readonly root: string;
  /** Text of a file, or undefined when it does not exist or cannot be read. */
  readText(path: string): string | undefined;
  /**
   * Whether a file exists, without reading it (large lock files are over the read limit).
   * Optional: callers fall back to `readText(path) !== undefined`.
   */
  exists?(path: string): boolean;
  /**
   * Optional: a number that changes whenever anything the view returns may have changed. A
   * view that has one lets what is derived from its files (manifests per folder) be reused
   * while it holds; a view without one is asked again on every check.
   */
  readonly generation?: number;
}

export const EMPTY_PROJECT: ProjectView = { root: '/', readText: () => undefined };

/** An in-memory view, for tests and for callers that already hold the files. */
export function memoryProject(root: string, files: Record<string, string>): ProjectView {
  return { root, readText: (p) => files[p] };
}
