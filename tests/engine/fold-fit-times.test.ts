import { describe, expect, it } from 'vitest';
import { loadExperiment, runExperiment } from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { reducedSpec, tempDir, writeExperiment } from './support';

/** Every configuration records each fold fit's duration (ConfigResult.foldFitMs), the input of the scheduling simulation. */
describe('per-fold fit times in the results', () => {
  it('has one non-negative duration per fold for every configuration, summing to the model\'s cvFitMs', async () => {
    const spec = reducedSpec(sharedPath('data', 'wdbc.csv'));
    spec.models = spec.models.slice(0, 2);
    const results = await runExperiment(loadExperiment(writeExperiment(tempDir(), spec)), { workers: 1 });
    for (const m of results.featureSets[0].models) {
      let sum = 0;
      for (const c of m.cv.perConfig) {
        expect(c.foldFitMs).toHaveLength(c.foldAuc.length);
        for (const ms of c.foldFitMs!) expect(ms).toBeGreaterThanOrEqual(0);
        sum += c.foldFitMs!.reduce((s, v) => s + v, 0);
      }
      expect(sum).toBeCloseTo(m.timings.cvFitMs, 6);
    }
  }, 300_000);
});
