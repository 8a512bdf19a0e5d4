/**
 * The caches kept between keystrokes. `RecentMap` (per-document state), against a model (a
 * list in order of use): for any sequence of gets and sets it holds the same keys
 * with the same values, and past its limit it forgets the least recently used one.
 * `TreeMemo` (a value per syntax tree) answers for the last tree it was given only.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Tree } from '@vscode/tree-sitter-wasm';
import { RecentMap } from '../../server/src/engine/recent';
import { TreeMemo } from '../../server/src/parsing/tree-memo';

type Op = { kind: 'get'; key: number } | { kind: 'set'; key: number; value: number };

/** The model: entries in order of last use, the most recent last. */
function apply(model: [number, number][], op: Op, limit: number): number | undefined {
  const i = model.findIndex(([k]) => k === op.key);
  if (op.kind === 'get') {
    if (i < 0) return undefined;
    const [e] = model.splice(i, 1);
    model.push(e);
    return e[1];
  }
  if (i >= 0) model.splice(i, 1);
  if (op.kind === 'set') model.push([op.key, op.value]);
  if (model.length > limit) model.shift();
  return undefined;
}

test('RecentMap keeps what a least-recently-used list keeps, with the same values', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 7 }), value: fc.integer() }),
  );
  fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (limit, ops) => {
    const map = new RecentMap<number, number>(limit);
    const model: [number, number][] = [];
    for (const o of ops) {
      const expected = apply(model, o, limit);
      if (o.kind === 'get') assert.equal(map.get(o.key), expected);
      else map.set(o.key, o.value);
      assert.equal(map.size, model.length);
    }
    // Every key the model holds is there with its value (read without changing the order the model checks next).
    for (const [k, v] of [...model]) assert.equal(map.get(k), v);
  }));
});

test('RecentMap forgets the entry used longest ago, not the one set first', () => {
  const map = new RecentMap<string, number>(2);
  map.set('a', 1);
  map.set('b', 2);
  assert.equal(map.get('a'), 1);
  map.set('c', 3);
  assert.equal(map.get('b'), undefined);
  assert.equal(map.get('a'), 1);
  assert.equal(map.get('c'), 3);
  // Setting a key again replaces its value and makes it recent.
  map.set('a', 10);
  map.set('d', 4);
  assert.equal(map.get('c'), undefined);
  assert.equal(map.get('a'), 10);
});

test('TreeMemo answers only for the tree its value was computed from', () => {
  const memo = new TreeMemo<string>();
  const a = {} as Tree, b = {} as Tree;
  assert.equal(memo.get(a), undefined);
  memo.set(a, 'from a');
  assert.equal(memo.get(a), 'from a');
  assert.equal(memo.get(b), undefined);
  memo.set(b, 'from b');
  assert.equal(memo.get(b), 'from b');
  assert.equal(memo.get(a), undefined);
});
