import { describe, expect, it } from 'vitest';
import { fromRows } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { plainFixture } from '../support/shared';
import { expectSklearnProbabilities } from './sklearn-predictions';

describe('k-NN vs scikit-learn 1.2', () => {
  for (const name of ['wdbc', 'crlm'] as const) {
    it(`${name}: k = 5 uniform vote shares equal scikit-learn's exactly`, () => expectSklearnProbabilities(plainFixture(name), 'knn', 0));
  }
});

describe('k-NN by hand (1-D)', () => {
  const x = fromRows([[0], [1], [2], [4], [10]]);
  const y = Uint8Array.from([1, 0, 1, 0, 0]);

  it('uniform: share of positives among the k nearest', () => {
    const p = createClassifier('knn', { n_neighbors: 3 }).fit(x, y).predictProba(fromRows([[0.9], [9]]));
    expect(Array.from(p)).toEqual([2 / 3, 1 / 3]); // {1, 0, 2} and {10, 4, 2}
  });

  it('distance: inverse-distance weights', () => {
    const p = createClassifier('knn', { n_neighbors: 3, weights: 'distance' }).fit(x, y).predictProba(fromRows([[1.5]]));
    // neighbours 1 (d 0.5, y 0), 2 (d 0.5, y 1), 0 (d 1.5, y 1)
    expect(p[0]).toBeCloseTo((2 + 1 / 1.5) / (2 + 2 + 1 / 1.5), 12);
  });

  it('distance: a query on training points gets only those points', () => {
    const xd = fromRows([[0], [0], [0], [1]]);
    const yd = Uint8Array.from([1, 0, 1, 0]);
    const p = createClassifier('knn', { n_neighbors: 4, weights: 'distance' }).fit(xd, yd).predictProba(fromRows([[0]]));
    expect(p[0]).toBeCloseTo(2 / 3, 12);
  });

  it('n_neighbors larger than the training set is refused, as scikit-learn refuses it', () => {
    expect(() => createClassifier('knn', { n_neighbors: 6 }).fit(x, y)).toThrow(/n_neighbors = 6 is larger than the 5 training rows/);
    expect(Array.from(createClassifier('knn', { n_neighbors: 5 }).fit(x, y).predictProba(fromRows([[3]])))).toEqual([2 / 5]);
  });
});
