/**
 * A small map that forgets its least recently used entry past a limit (per-document state
 * kept between keystrokes).
 *
 * Recency is a counter on each entry, not the map's order. Moving an entry last the usual way
 * (delete it, set it again) on every keystroke kept the values it replaced alive through V8's
 * young-generation collections, until the next full one: each keystroke's copy of a large
 * file's text was promoted to the old generation, and typing paused for it. Here a key keeps
 * its entry, and only the entry's value changes.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, { value: V; used: number }>();
  private clock = 0;

  constructor(private readonly limit: number) {}

  get size(): number { return this.entries.size; }

  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    e.used = ++this.clock;
    return e.value;
  }

  set(key: K, value: V): void {
    const e = this.entries.get(key);
    if (e) {
      e.value = value;
      e.used = ++this.clock;
      return;
    }
    this.entries.set(key, { value, used: ++this.clock });
    if (this.entries.size <= this.limit) return;
    let oldest: K | undefined;
    let at = Infinity;
    for (const [k, x] of this.entries) if (x.used < at) { at = x.used; oldest = k; }
    this.entries.delete(oldest as K);
  }
}
