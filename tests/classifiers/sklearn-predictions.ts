import { expect } from 'vitest';
import { createClassifier } from '@radsweep/classifiers';
import { Params } from '@radsweep/classifiers';
import { plainFixture } from '../support/shared';

export type Fixture = ReturnType<typeof plainFixture>;

/** scikit-learn 1.2's test-set probabilities of `model` in a `*-plain.json` reference, in test-id order. */
export function sklearnProbabilities(fx: Fixture, model: string): { params: Params; p: Float64Array } {
  const ref = (fx.ref.models as any[]).find((m) => m.model === model);
  const byId = new Map<number, number>(ref.predictions.map((r: any) => [r.id, r.probability]));
  return { params: ref.params, p: Float64Array.from(fx.testIds, (id) => byId.get(id)!) };
}

/** Fits `model` at the reference configuration (plus overrides) and predicts the test rows. */
export function fitPredict(fx: Fixture, model: string, params: Params, seed = 42): Float64Array {
  return createClassifier(model, params, seed).fit(fx.xTrain, fx.yTrain).predictProba(fx.xTest);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Asserts our probabilities equal scikit-learn's within `tol` (max absolute difference). */
export function expectSklearnProbabilities(fx: Fixture, model: string, tol: number): void {
  const ref = sklearnProbabilities(fx, model);
  const ours = fitPredict(fx, model, ref.params);
  expect(maxAbsDiff(ours, ref.p), `${model}: max |p - p_sklearn|`).toBeLessThanOrEqual(tol);
}
