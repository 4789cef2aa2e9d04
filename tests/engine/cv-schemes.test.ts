import { describe, expect, it } from 'vitest';
import { loadExperiment, runExperiment } from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { reducedSpec, tempDir, writeExperiment } from './support';

/** Repeated stratified k-fold and no sampler, through the engine (in this thread). */
describe('repeated stratified k-fold', () => {
  it('scores every configuration on folds x repeats splits, each repeat a different partition', async () => {
    const spec = reducedSpec(sharedPath('data', 'wdbc.csv'));
    spec.validation.cv = { type: 'repeated_stratified_kfold', folds: 3, repeats: 2 };
    spec.steps = [{ median_imputer: {} }, { standard_scaler: {} }];
    spec.sampler = 'none';
    spec.models = [{ id: 'gaussian_nb', grid: { var_smoothing: [1e-9, 1e-3] } }];
    const results = await runExperiment(loadExperiment(writeExperiment(tempDir(), spec)), { workers: 0 });
    expect(results.cv).toMatchObject({ type: 'repeated_stratified_kfold', foldsPerRepeat: 3, repeats: 2 });
    const [r0, r1] = results.cv.foldOfTrainId;
    expect(r0).not.toEqual(r1);
    expect(new Set(r0)).toEqual(new Set([0, 1, 2]));
    const fs = results.featureSets[0];
    expect(fs.folds.map((f) => f.fold)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const c of fs.models[0].cv.perConfig) expect(c.foldAuc).toHaveLength(6);
    // Without a sampler, each split trains on exactly its own rows.
    for (const f of fs.folds) expect(f.sampledRows).toBe(f.trainRows);
    expect(fs.folds[0].trainRows + fs.folds[0].heldRows).toBe(455);
    expect(fs.selection.selectedFeatures).toHaveLength(30);
  });
});
