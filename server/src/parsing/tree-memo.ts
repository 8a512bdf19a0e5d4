import type { Tree } from '@vscode/tree-sitter-wasm';

/**
 * A value computed from a syntax tree, kept for that tree only: the rules of one check ask
 * for it in turn, and the next check has another tree. One slot, not a WeakMap keyed by trees:
 * V8's young-generation collections kept such a map's entries (each keystroke's tree, and
 * through it its text) alive until the next full collection, which at 10,000 lines promoted
 * every keystroke's text to the old generation.
 */
export class TreeMemo<V> {
  private tree: Tree | undefined;
  private value: V | undefined;

  get(tree: Tree): V | undefined {
    return this.tree === tree ? this.value : undefined;
  }

  set(tree: Tree, value: V): void {
    this.tree = tree;
    this.value = value;
  }
}
