/**
 * A ProjectView over the real file system, with a cache that callers invalidate when
 * files change (the server on file events; the CLI never needs to).
 *
 * Most lookups are for manifests and env files that are not there (every folder up from
 * every checked file, a dozen names each): a folder is listed once, and a name it does not
 * hold is answered without a system call. The caches are bounded (a scan of a monorepo
 * streams through folders; what it left behind is read again if asked for).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ProjectView } from '../engine/project';

const MAX_NEIGHBOUR_FILE = 1024 * 1024;
/** Folder listings kept (each a set of names). */
const MAX_LISTINGS = 4096;
/** Characters of file text kept. */
const MAX_CACHED_CHARS = 8 * 1024 * 1024;

/** The names in a folder, and the same lower-cased (a case-insensitive file system finds `Gemfile` as `gemfile`). */
interface Listing { names: Set<string>; lower: Set<string> }

export class FsProject implements ProjectView {
  private readonly cache = new Map<string, string | undefined>();
  private cachedChars = 0;
  private readonly existsCache = new Map<string, boolean>();
  /** Folder -> its names, or null when it cannot be listed (then every lookup asks the file system). */
  private readonly listings = new Map<string, Listing | null>();

  /** Bumped by every `invalidate` (ProjectView.generation). */
  generation = 0;

  constructor(readonly root: string) {}

  private listing(dir: string): Listing | null {
    let l = this.listings.get(dir);
    if (l === undefined) {
      try {
        const names = fs.readdirSync(dir);
        l = { names: new Set(names), lower: new Set(names.map((n) => n.toLowerCase())) };
      } catch {
        l = null;
      }
      if (this.listings.size >= MAX_LISTINGS) this.listings.clear();
      this.listings.set(dir, l);
    }
    return l;
  }

  /** Known not to exist: its folder's listing has no such name (in any case). */
  private absent(file: string): boolean {
    const l = this.listing(path.dirname(file));
    if (!l) return false;
    const name = path.basename(file);
    return !l.names.has(name) && !l.lower.has(name.toLowerCase());
  }

  readText(file: string): string | undefined {
    if (this.cache.has(file)) return this.cache.get(file);
    let text: string | undefined;
    if (!this.absent(file)) {
      try {
        const st = fs.statSync(file, { throwIfNoEntry: false });
        text = st?.isFile() && st.size <= MAX_NEIGHBOUR_FILE ? fs.readFileSync(file, 'utf8') : undefined;
      } catch {
        text = undefined;
      }
    }
    if (this.cachedChars > MAX_CACHED_CHARS) {
      this.cache.clear();
      this.cachedChars = 0;
    }
    this.cache.set(file, text);
    this.cachedChars += text?.length ?? 0;
    return text;
  }

  exists(file: string): boolean {
    if (this.cache.get(file) !== undefined) return true;
    let hit = this.existsCache.get(file);
    if (hit === undefined) {
      try {
        hit = !this.absent(file) && (fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false);
      } catch {
        hit = false;
      }
      if (this.existsCache.size >= MAX_LISTINGS * 8) this.existsCache.clear();
      this.existsCache.set(file, hit);
    }
    return hit;
  }

  /** Forget what was read of `file` (created, changed or deleted), or of everything. */
  invalidate(file?: string): void {
    this.generation++;
    if (file === undefined) {
      this.cache.clear();
      this.cachedChars = 0;
      this.existsCache.clear();
      this.listings.clear();
    } else {
      this.cachedChars -= this.cache.get(file)?.length ?? 0;
      this.cache.delete(file);
      this.existsCache.delete(file);
      // Created or deleted: its folder lists other names now (and so may the folder itself, in its parent).
      this.listings.delete(file);
      this.listings.delete(path.dirname(file));
    }
  }
}
