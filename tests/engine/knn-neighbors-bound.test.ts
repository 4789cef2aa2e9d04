import { describe, expect, it } from 'vitest';
import { loadExperiment, runExperiment } from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { reducedSpec, tempDir, writeExperiment } from './support';

/**
 * k-NN with more neighbours than a CV fold's training rows: scikit-learn raises
 * ("Expected n_neighbors <= n_samples_fit"), so GridSearchCV scores that
 * configuration NaN and picks among the others. Clipping k instead made every
 * prediction the prevalence and stored AUC 0.5 as if it were a result.
 */
describe('k-NN n_neighbors larger than the training rows', () => {
  it('fails that configuration with the reason; the sweep picks another; with no other the model fails', async () => {
    const s = reducedSpec(sharedPath('data', 'wdbc.csv'));
    s.steps = [{ median_imputer: {} }, { standard_scaler: {} }];
    s.sampler = 'none';
    // 569 rows: 455 train, 364 per CV training fold.
    const sweep = async (grid: number[]) => {
      s.models = [{ id: 'knn', grid: { n_neighbors: grid } }];
      return (await runExperiment(loadExperiment(writeExperiment(tempDir(), s)), { workers: 0 })).featureSets[0].models[0];
    };
    const mixed = await sweep([5, 400]);
    const wide = await sweep([400]);
    expect(mixed.cv.perConfig[1].error).toMatch(/^fold \d: n_neighbors = 400 is larger than the 364 training rows/);
    expect(mixed.cv.perConfig[1].mean).toBeNaN();
    expect(mixed.bestParams).toMatchObject({ n_neighbors: 5 });
    expect(mixed.test!.auc).toBeGreaterThan(0.9);
    expect(wide.test).toBeNull();
    expect(wide.error).toMatch(/every configuration failed; first error: fold \d: n_neighbors = 400 is larger than the 364 training rows/);
  });
});
