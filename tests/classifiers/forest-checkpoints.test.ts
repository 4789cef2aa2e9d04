import { beforeEach, describe, expect, it } from 'vitest';
import { Matrix } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { ForestCheckpoints, clearForestCheckpoints, forestCheckpoints } from '../../libs/classifiers/src/ensemble/forest-checkpoints';
import type { TreeForestClassifier } from '../../libs/classifiers/src/ensemble/tree-forest';
import { TreeNodes } from '../../libs/classifiers/src/trees/tree-nodes';
import { noisyTask, roundValues } from './trees-data';

/** n x p normal features rounded to 2 decimals (tied values), a noisy label. */
function data(n: number, p: number, seed: number): { x: Matrix; y: Uint8Array } {
  const { x, y } = noisyTask(n, p, seed);
  return { x: roundValues(x, 2), y };
}

interface Fit {
  proba: number[];
  saved: string;
  trees: readonly TreeNodes[];
}

/** The fitted forest's predictions on x, its saved form (every tree) and its tree objects. */
function fitted(id: string, params: object, seed: number, x: Matrix, y: Uint8Array): Fit {
  const model = createClassifier(id, params, seed).fit(x, y) as TreeForestClassifier;
  return { proba: Array.from(model.predictProba(x)), saved: JSON.stringify(model.toJSON()), trees: model.fittedTrees };
}

const exact = (f: Fit) => ({ proba: f.proba, saved: f.saved });

describe('forest checkpoints (forests differing only in n_estimators)', () => {
  beforeEach(() => clearForestCheckpoints());
  const { x, y } = data(150, 6, 11);

  const cases: [string, object][] = [
    ['random_forest', { max_features: 'sqrt' }],
    ['random_forest', { max_features: 'sqrt', max_depth: 3, max_samples: 0.7 }],
    ['extra_trees', { max_features: 'sqrt' }],
    ['extra_trees', { max_features: null, bootstrap: true }],
    ['bagging', {}],
    ['bagging', { bootstrap: false, max_samples: 0.6 }],
  ];
  for (const [id, extra] of cases) {
    it(`${id} ${JSON.stringify(extra)}: a grown-on forest and a prefix of a longer one equal fresh fits, bit for bit`, () => {
      const fresh24 = fitted(id, { n_estimators: 24, ...extra }, 5, x, y);
      clearForestCheckpoints();
      const fresh8 = fitted(id, { n_estimators: 8, ...extra }, 5, x, y);
      // 8 trees kept: the 24-tree fit grows 16 more (the kept trees' seeds drawn and skipped)
      const grown = fitted(id, { n_estimators: 24, ...extra }, 5, x, y);
      expect(grown.trees.slice(0, 8)).toEqual(fresh8.trees); // reused, so the check below is of the grown-on path
      expect(grown.trees[0]).toBe(fresh8.trees[0]);
      expect(exact(grown)).toEqual(exact(fresh24));
      // 24 trees kept: an 8-tree fit is their first 8
      const prefix = fitted(id, { n_estimators: 8, ...extra }, 5, x, y);
      expect(prefix.trees[0]).toBe(grown.trees[0]);
      expect(exact(prefix)).toEqual(exact(fresh8));
    });
  }

  it('keeps fits apart that differ in anything else: model, seed, a parameter, labels, a feature value, data changed in place', () => {
    const base = { n_estimators: 10, max_features: 'sqrt' };
    const changedX = { ...x, data: Float64Array.from(x.data, (v, i) => (i === 17 ? v + 0.01 : v)) };
    const others: [string, object, number, Matrix, Uint8Array][] = [
      ['extra_trees', base, 3, x, y],
      ['random_forest', base, 4, x, y],
      ['random_forest', { ...base, max_depth: 4 }, 3, x, y],
      ['random_forest', { ...base, min_samples_leaf: 2 }, 3, x, y],
      ['random_forest', base, 3, x, Uint8Array.from(y, (v, i) => (i === 5 ? 1 - v : v))],
      ['random_forest', base, 3, changedX, y],
    ];
    const fresh = others.map(([id, params, seed, xs, ys]) => {
      clearForestCheckpoints();
      return fitted(id, params, seed, xs, ys);
    });
    clearForestCheckpoints();
    const kept = fitted('random_forest', { ...base, n_estimators: 30 }, 3, x, y);
    others.forEach(([id, params, seed, xs, ys], k) => {
      const f = fitted(id, params, seed, xs, ys);
      expect(exact(f), `case ${k}`).toEqual(exact(fresh[k]));
      expect(f.trees.includes(kept.trees[0]), `case ${k}`).toBe(false);
    });
    // the caller's matrix changed in place after the kept fit: compared by bytes, so fitted afresh
    const own = { ...x, data: x.data.slice() };
    clearForestCheckpoints();
    const first = fitted('random_forest', base, 3, own, y);
    own.data[3] += 0.5;
    const after = fitted('random_forest', { ...base, n_estimators: 20 }, 3, own, y);
    expect(after.trees[0]).not.toBe(first.trees[0]);
    clearForestCheckpoints();
    expect(exact(after)).toEqual(exact(fitted('random_forest', { ...base, n_estimators: 20 }, 3, own, y)));
  });

  it('keeps at most its entries and nodes, most recently used first', () => {
    const cache = new ForestCheckpoints(2, 1000);
    const tree = (nodes: number) => TreeNodes.withCapacity(nodes);
    const [a, b, c] = [1, 2, 3].map((s) => data(20, 2, s));
    cache.store(a.x, a.y, 'k', [tree(100)]);
    cache.store(b.x, b.y, 'k', [tree(100)]);
    expect(cache.find(a.x, a.y, 'k')).toHaveLength(1); // a is now the most recent
    cache.store(c.x, c.y, 'k', [tree(100)]);
    expect(cache.find(b.x, b.y, 'k')).toBeUndefined();
    expect(cache.find(a.x, a.y, 'k')).toHaveLength(1);
    cache.store(a.x, a.y, 'k', [tree(100), tree(850)]); // grows a's entry past the node budget with c: c goes
    expect(cache.find(c.x, c.y, 'k')).toBeUndefined();
    expect(cache.find(a.x, a.y, 'k')).toHaveLength(2);
    cache.store(a.x, a.y, 'k', [tree(100)]); // a shorter forest of the same fit leaves the longer one
    expect(cache.find(a.x, a.y, 'k')).toHaveLength(2);
    cache.store(b.x, b.y, 'k', [tree(1001)]); // larger than the whole budget: not kept
    expect(cache.find(b.x, b.y, 'k')).toBeUndefined();
    expect(forestCheckpoints).toBeInstanceOf(ForestCheckpoints);
  });
});
