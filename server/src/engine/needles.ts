/**
 * Where each of many sets of literal strings first occurs in a text, in one pass over it
 * (an Aho–Corasick automaton over UTF-16 code units, as a dense transition table).
 *
 * The rules' triggers are a few hundred short strings in a few dozen sets: one regular
 * expression per set means one pass over the text per rule for every rule whose triggers
 * are absent, and an alternation of many words is among the slowest things a backtracking
 * engine runs. The automaton reads each character once, whatever the number of strings.
 */

export type NeedleHit = readonly [offset: number, length: number];

export class NeedleSets {
  /** Code unit -> column of the transition table (0: a character no needle holds). */
  private readonly column = new Uint8Array(65536);
  private readonly width: number;
  /** State * width + column -> next state. */
  private readonly delta: Uint16Array | Uint32Array;
  /** Per state: the sets whose needles end here, as [set, length] pairs (flattened), or undefined. */
  private readonly outputs: (number[] | undefined)[];
  /** Sets that have at least one needle. */
  private readonly live: number;

  constructor(readonly sets: readonly (readonly string[])[]) {
    const codes = new Map<number, number>();
    for (const set of sets) for (const w of set) for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (!codes.has(c)) codes.set(c, codes.size + 1);
    }
    // More than 255 distinct characters would overflow a column: such needles are not triggers.
    if (codes.size > 255) throw new Error('needles: too many distinct characters');
    for (const [c, col] of codes) this.column[c] = col;
    this.width = codes.size + 1;

    // The trie's goto edges written straight into the dense table (state 0 is the root, so 0
    // means "no edge" for any other state), then breadth first: failure links, and every
    // missing edge filled from the failure state's.
    const width = this.width;
    let capacity = 1;
    for (const set of sets) for (const w of set) capacity += w.length;
    const goto = capacity < 65536 ? new Uint16Array(capacity * width) : new Uint32Array(capacity * width);
    const ends: number[][] = [[]];
    let states = 1;
    sets.forEach((set, s) => {
      for (const w of set) {
        if (!w) continue;
        let state = 0;
        for (let i = 0; i < w.length; i++) {
          const at = state * width + this.column[w.charCodeAt(i)];
          if (goto[at] === 0) {
            goto[at] = states++;
            ends.push([]);
          }
          state = goto[at];
        }
        ends[state].push(s, w.length);
      }
    });
    const delta = goto.subarray(0, states * width);
    const fail = new Int32Array(states);
    this.outputs = new Array<number[] | undefined>(states).fill(undefined);
    const queue = new Int32Array(states);
    let tail = 0;
    for (let col = 0; col < width; col++) if (delta[col] !== 0) queue[tail++] = delta[col];
    for (let head = 0; head < tail; head++) {
      const state = queue[head];
      // A state's outputs: its own needles and those of its failure state (already complete, being nearer the root).
      const own = ends[state];
      const inherited = this.outputs[fail[state]];
      this.outputs[state] = own.length || inherited ? [...own, ...(inherited ?? [])] : undefined;
      const row = state * width;
      const failRow = fail[state] * width;
      for (let col = 0; col < width; col++) {
        const t = delta[row + col];
        if (t === 0) delta[row + col] = delta[failRow + col];
        else {
          // The root's children fail to the root; deeper states to where their failure state goes.
          fail[t] = state === 0 ? 0 : delta[failRow + col];
          queue[tail++] = t;
        }
      }
    }
    this.delta = delta;
    this.live = sets.filter((set) => set.some((w) => w.length > 0)).length;
  }

  /**
   * For each set, where one of its needles first ends in text[from, to) ([offset, length]), or
   * undefined. `wanted` limits the search to some sets (the others come back undefined); it
   * stops once each wanted set has a hit.
   */
  firstHits(text: string, wanted?: readonly boolean[], from = 0, to = text.length): (NeedleHit | undefined)[] {
    const hits = new Array<NeedleHit | undefined>(this.sets.length).fill(undefined);
    let remaining = wanted ? this.sets.filter((set, s) => wanted[s] && set.some((w) => w.length > 0)).length : this.live;
    if (remaining === 0) return hits;
    const { column, delta, outputs, width } = this;
    let state = 0;
    const end = Math.min(to, text.length);
    for (let i = Math.max(0, from); i < end; i++) {
      state = delta[state * width + column[text.charCodeAt(i)]];
      const out = outputs[state];
      if (out === undefined) continue;
      for (let k = 0; k < out.length; k += 2) {
        const s = out[k];
        if (hits[s] !== undefined || (wanted && !wanted[s])) continue;
        hits[s] = [i - out[k + 1] + 1, out[k + 1]];
        if (--remaining === 0) return hits;
      }
    }
    return hits;
  }
}
