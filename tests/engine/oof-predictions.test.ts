import { beforeAll, describe, expect, it } from 'vitest';
import { ExperimentResults, loadExperiment, runExperiment } from '@radsweep/pipeline';
import { aucMannWhitney, sharedPath } from '../support/shared';
import { reducedSpec, tempDir, writeExperiment } from './support';

/**
 * Out-of-fold predictions: the best configuration's held-out probabilities from
 * its CV fits. Checked against the run's own fold assignment and recomputed into
 * the stored CV AUCs with an independent Mann-Whitney AUC.
 */
const FOLDS = 3;
const REPEATS = 2;
let results: ExperimentResults;

beforeAll(async () => {
  const spec = reducedSpec(sharedPath('data', 'wdbc.csv'));
  spec.validation.cv = { type: 'repeated_stratified_kfold', folds: FOLDS, repeats: REPEATS };
  spec.steps = [{ median_imputer: {} }, { standard_scaler: {} }];
  delete spec.sampler;
  results = await runExperiment(loadExperiment(writeExperiment(tempDir(), spec)), { workers: 2 });
});

describe('out-of-fold predictions', () => {
  it('hold every training patient once per repeat, in the split the run assigned it to', () => {
    const trainIds = results.split.trainIds;
    for (const m of results.featureSets[0].models) {
      expect(m.oofPredictions).toHaveLength(trainIds.length * REPEATS);
      const seen = new Set(m.oofPredictions.map((p) => `${p.id}@${Math.floor(p.fold / FOLDS)}`));
      expect(seen.size).toBe(trainIds.length * REPEATS);
      trainIds.forEach((id, i) => {
        for (let r = 0; r < REPEATS; r++) {
          const p = m.oofPredictions.find((q) => q.id === id && Math.floor(q.fold / FOLDS) === r)!;
          expect(p.fold).toBe(r * FOLDS + results.cv.foldOfTrainId[r][i]);
        }
      });
      const testIds = new Set(results.split.testIds);
      expect(m.oofPredictions.some((p) => testIds.has(p.id))).toBe(false);
    }
  });

  it('recompute each split AUC and the CV AUC mean of the best configuration', () => {
    for (const m of results.featureSets[0].models) {
      const best = m.cv.perConfig[m.bestConfigIndex];
      const aucs: number[] = [];
      for (let split = 0; split < FOLDS * REPEATS; split++) {
        const part = m.oofPredictions.filter((p) => p.fold === split);
        aucs.push(aucMannWhitney(part.map((p) => p.label), part.map((p) => p.probability)));
      }
      aucs.forEach((a, split) => expect(a).toBeCloseTo(best.foldAuc[split], 12));
      expect(aucs.reduce((s, a) => s + a, 0) / aucs.length).toBeCloseTo(m.cv.auc.mean, 12);
    }
  });

  it('differ between models (they are each model\'s own fits) and lie in [0, 1]', () => {
    const [a, b] = results.featureSets[0].models;
    expect(a.oofPredictions.map((p) => p.probability)).not.toEqual(b.oofPredictions.map((p) => p.probability));
    for (const m of results.featureSets[0].models) for (const p of m.oofPredictions) expect(p.probability >= 0 && p.probability <= 1).toBe(true);
  });
});
