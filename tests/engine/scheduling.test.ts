import { afterAll, describe, expect, it, vi } from 'vitest';
import { ChainSpec, FeatureSetData, FitResult, FitTask, PreparedFold, REFIT_FOLD, createChainParts, loadExperiment, runExperiment } from '@radsweep/pipeline';
import { WorkerPool } from '../../libs/pipeline/src/engine/executor';
import { WorkerState } from '../../libs/pipeline/src/engine/worker-state';
import type { GroupFitOutcome, WorkerRequest } from '../../libs/pipeline/src/engine/worker-protocol';
import { loadSimpleCsv, sharedPath } from '../support/shared';
import { reducedSpec, tempDir, writeExperiment } from './support';

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

describe('CV fits grouped per model and fold', () => {
  it("sends a model's configurations on one fold as one request, in grid order; only refits go alone", async () => {
    const seen: WorkerRequest[] = [];
    const handle = WorkerState.prototype.handle;
    const spy = vi.spyOn(WorkerState.prototype, 'handle').mockImplementation(function (this: WorkerState, request: WorkerRequest) {
      seen.push(request);
      return handle.call(this, request);
    });
    const s = reducedSpec(sharedPath('data', 'wdbc.csv'));
    s.steps = [{ median_imputer: {} }, { standard_scaler: {} }];
    const exp = loadExperiment(writeExperiment(tempDir(), s));
    try {
      await runExperiment(exp, { workers: 0 });
    } finally {
      spy.mockRestore();
    }
    const groups = seen.filter((r): r is Extract<WorkerRequest, { type: 'fitGroup' }> => r.type === 'fitGroup');
    const lone = seen.filter((r): r is Extract<WorkerRequest, { type: 'fit' }> => r.type === 'fit');
    expect(lone.map((r) => r.task.fold)).toEqual(exp.models.map(() => REFIT_FOLD));
    expect(groups).toHaveLength(exp.models.length * 5);
    for (const g of groups) {
      const model = exp.models.find((m) => m.id === g.tasks[0].modelId)!;
      expect(g.tasks.map((t) => [t.modelId, t.fold])).toEqual(model.configs.map(() => [model.id, g.tasks[0].fold]));
      expect(g.tasks.map((t) => t.params)).toEqual(model.configs.map((c) => c.params));
    }
    expect(new Set(groups.map((g) => `${g.tasks[0].modelId}:${g.tasks[0].fold}`)).size).toBe(groups.length);
  });

  it("gives each fit of a group what a lone fit gives, bit for bit, and a failing fit's message to its configuration only", () => {
    const state = new WorkerState(createChainParts);
    state.handle({ type: 'featureSet', set: 0, data: featureSetData(['mean_radius', 'mean_texture', 'worst_area']) });
    const fold = state.handle({ type: 'prepare', set: 0, plan: { fold: 0, fitRows: rows(0, 400), heldRows: rows(400, 569) }, chain }) as PreparedFold;
    state.handle({ type: 'folds', set: 0, folds: [fold] });
    const tasks: FitTask[] = [
      { fold: 0, modelId: 'random_forest', params: { n_estimators: 20, max_depth: null }, seed: 3 },
      { fold: 0, modelId: 'random_forest', params: { n_estimators: 20, max_depth: 'deep' }, seed: 3 },
      { fold: 0, modelId: 'random_forest', params: { n_estimators: 50, max_depth: null }, seed: 3 },
    ];
    const group = state.handle({ type: 'fitGroup', set: 0, tasks }) as GroupFitOutcome[];
    expect(group.map((o) => o.ok)).toEqual([true, false, true]);
    expect(group[1].ok ? '' : group[1].message).toMatch(/max_depth/);
    for (const i of [0, 2]) {
      const o = group[i];
      const alone = new WorkerState(createChainParts);
      alone.handle({ type: 'foldSet', set: 0, folds: [fold] });
      const single = (alone.handle({ type: 'fit', set: 0, task: tasks[i] }) as FitResult).proba;
      expect(o.ok && Buffer.from(o.proba.buffer, o.proba.byteOffset, o.proba.byteLength).equals(Buffer.from(single.buffer, single.byteOffset, single.byteLength))).toBe(true);
    }
  });
});
