/**
 * A ProjectView over the real file system, with a cache that callers invalidate when
 * files change (the server on file events; the CLI never needs to).
 */
import * as fs from 'fs';
import type { ProjectView } from '../engine/project';

const MAX_NEIGHBOUR_FILE = 1024 * 1024;

export class FsProject implements ProjectView {
  private readonly cache = new Map<string, string | undefined>();
  constructor(readonly root: string) {}

  readText(path: string): string | undefined {
    if (this.cache.has(path)) return this.cache.get(path);
    let text: string | undefined;
    try {
      // Most lookups are for manifests that are not there: no exception for those (throwing costs).
      const st = fs.statSync(path, { throwIfNoEntry: false });
      text = st?.isFile() && st.size <= MAX_NEIGHBOUR_FILE ? fs.readFileSync(path, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    this.cache.set(path, text);
    return text;
  }

  private readonly existsCache = new Map<string, boolean>();

  exists(path: string): boolean {
    if (this.cache.get(path) !== undefined) return true;
    let hit = this.existsCache.get(path);
    if (hit === undefined) {
      try {
        hit = fs.statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
      } catch {
        hit = false;
      }
      this.existsCache.set(path, hit);
    }
    return hit;
  }

  invalidate(path?: string): void {
    if (path === undefined) {
      this.cache.clear();
      this.existsCache.clear();
    } else {
      this.cache.delete(path);
      this.existsCache.delete(path);
    }
  }
}
