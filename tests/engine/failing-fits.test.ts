import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matrix } from '@radsweep/core';
import { BaseClassifier, MODEL_REGISTRY, ModelSpec, Params } from '@radsweep/classifiers';
import { ExperimentResults, loadExperiment, runExperiment } from '@radsweep/pipeline';
import { formatLeaderboards } from '../../apps/cli/src/leaderboard';
import { sharedPath } from '../support/shared';
import { reducedSpec, tempDir, writeExperiment } from './support';

/**
 * A model whose fit throws for some configurations: the failure is recorded against
 * that configuration (error_score as a message, not a crash), the best configuration is
 * chosen among the others, and a model with no working configuration is marked FAILED.
 * The test model scores rows by their first column (a real, if weak, classifier).
 */
class FirstColumnScorer extends BaseClassifier {
  readonly id = 'test_first_column';
  protected fitImpl(): void {
    if (this.params.fail === true) throw new Error('deliberate failure for this configuration');
  }
  protected predictImpl(x: Matrix): Float64Array {
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) out[i] = 1 / (1 + Math.exp(-x.data[i * x.cols]));
    return out;
  }
  protected saveState(): unknown {
    return {};
  }
  protected loadState(): void {}
}

const spec: ModelSpec = {
  id: 'test_first_column',
  label: 'First-column scorer (test)',
  sklearn: '-',
  defaults: { fail: false },
  rules: { fail: { kind: 'boolean' } },
  deterministic: true,
  create: (params: Partial<Params>, seed: number) => new FirstColumnScorer({ fail: false, ...params } as Params, seed),
};

let results: ExperimentResults;
beforeAll(async () => {
  (MODEL_REGISTRY as Map<string, ModelSpec>).set(spec.id, spec);
  const s = reducedSpec(sharedPath('data', 'wdbc.csv'));
  s.steps = [{ median_imputer: {} }, { standard_scaler: {} }];
  s.sampler = 'none';
  s.models = [
    { id: 'test_first_column', grid: { fail: [true, false] } },
    { id: 'test_first_column_always', grid: { fail: [true] } },
  ];
  (MODEL_REGISTRY as Map<string, ModelSpec>).set('test_first_column_always', { ...spec, id: 'test_first_column_always', label: 'Always failing (test)' });
  // Registered models live in this thread only: run without workers.
  results = await runExperiment(loadExperiment(writeExperiment(tempDir(), s)), { workers: 0 });
});
afterAll(() => {
  (MODEL_REGISTRY as Map<string, ModelSpec>).delete('test_first_column');
  (MODEL_REGISTRY as Map<string, ModelSpec>).delete('test_first_column_always');
});

describe('fits that fail', () => {
  it('are recorded against their configuration; the best is chosen among the others', () => {
    const m = results.featureSets[0].models[0];
    expect(m.cv.perConfig[0].error).toMatch(/^fold \d: deliberate failure/);
    expect(m.cv.perConfig[0].mean).toBeNaN();
    expect(m.cv.perConfig[1].error).toBeUndefined();
    expect(m.bestParams).toEqual({ fail: false });
    expect(m.test!.auc).toBeGreaterThan(0.5);
    expect(m.predictions).toHaveLength(114);
  });

  it('leave a model with no working configuration without test result, marked FAILED on the leaderboard', () => {
    const m = results.featureSets[0].models[1];
    expect(m.test).toBeNull();
    expect(m.bestParams).toBeNull();
    expect(m.error).toContain('every configuration failed');
    const line = formatLeaderboards(results).split('\n').find((l) => l.startsWith('Always failing (test)'))!;
    expect(line).toContain('FAILED: every configuration failed');
  });
});
