import { afterAll, describe, expect, it } from 'vitest';
import { ChainSpec, FeatureSetData, FitResult, FitTask, PreparedFold, REFIT_FOLD, createChainParts } from '@radsweep/pipeline';
import { WorkerPool } from '../../libs/pipeline/src/engine/executor';
import { WorkerState } from '../../libs/pipeline/src/engine/worker-state';
import { loadSimpleCsv, sharedPath } from '../support/shared';

/**
 * The pieces that let feature sets overlap: a worker holds several feature sets
 * apart and drops one on release, and the pool hands queued requests out highest
 * priority first (submission order among equals).
 */
function featureSetData(names: string[]): FeatureSetData {
  const { label, columns } = loadSimpleCsv(sharedPath('data', 'wdbc.csv'));
  const n = label.length;
  const data = new Float64Array(n * names.length);
  names.forEach((name, j) => columns.get(name)!.forEach((v, i) => (data[i * names.length + j] = v)));
  return { x: { rows: n, cols: names.length, data }, y: label, features: names };
}

const rows = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
const plan = { fold: REFIT_FOLD, fitRows: rows(0, 400), heldRows: rows(400, 569) };
const chain: ChainSpec = { steps: [{ id: 'standard_scaler', params: {} }], sampler: null, seed: 7 };
const task: FitTask = { fold: REFIT_FOLD, modelId: 'logistic_regression', params: { C: 1 }, seed: 1 };

describe('worker state with two live feature sets', () => {
  it('fits each feature set on its own folds, and refuses a released one', () => {
    const state = new WorkerState(createChainParts);
    const fit = (set: number) => (state.handle({ type: 'fit', set, task }) as FitResult).proba;
    state.handle({ type: 'featureSet', set: 0, data: featureSetData(['mean_radius', 'mean_texture']) });
    state.handle({ type: 'featureSet', set: 1, data: featureSetData(['worst_radius', 'worst_texture', 'worst_area']) });
    for (const set of [0, 1]) {
      const fold = state.handle({ type: 'prepare', set, plan, chain }) as PreparedFold;
      expect(fold.fitX.cols).toBe(set === 0 ? 2 : 3);
      state.handle({ type: 'folds', set, folds: [fold] });
    }
    const before = [fit(0), fit(1)];
    expect(Array.from(before[0])).not.toEqual(Array.from(before[1]));
    state.handle({ type: 'release', set: 0 });
    expect(() => fit(0)).toThrow(/no data for feature set 0/);
    expect(Array.from(fit(1))).toEqual(Array.from(before[1])); // the other one is untouched
  });
});

describe('worker pool queue', () => {
  const pool = new WorkerPool(1);
  afterAll(() => pool.close());

  it('runs queued requests highest priority first, equal priorities in submission order', async () => {
    const finished: string[] = [];
    const submit = (name: string, priority: number) =>
      pool.run({ type: 'release', set: 0 }, { priority }).then(() => finished.push(name));
    // The first request goes straight to the idle worker; the rest wait in the queue.
    await Promise.all([submit('busy', 0), submit('low', 1), submit('high a', 5), submit('mid', 3), submit('high b', 5), submit('none', 0)]);
    expect(finished).toEqual(['busy', 'high a', 'high b', 'mid', 'low', 'none']);
  });
});
