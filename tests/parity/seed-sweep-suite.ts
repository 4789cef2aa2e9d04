import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_IDS } from '@radsweep/classifiers';
import { ExperimentResults } from '@radsweep/pipeline';
import { SweepCase, SweepTolerances, modelGap, readReference, referenceName, runPinnedSweep, tolerancesFor } from './seed-sweep-support';

/**
 * The parity suite of one reference sweep (seed-sweep-support.ts): the split and the selection are scikit-learn's, and every model's test
 * AUC and mean CV AUC are within `defaults.auc` of scikit-learn's and every test probability within
 * `defaults.probability`, unless the model's spec declares an exception for that reference (`parityExceptions`:
 * both bounds and the reason).
 */
export function describeSweepParity(c: SweepCase, defaults: SweepTolerances): void {
  const reference = referenceName(c);
  describe(`seed protocol vs scikit-learn: ${reference}`, () => {
    const ref = readReference(c);
    let results: ExperimentResults;

    beforeAll(async () => {
      results = await runPinnedSweep(c, ref);
    }, 600_000);

    it('replays scikit-learn\'s split and selects the same features on the training part', () => {
      expect(results.split.testIds.map(Number).sort((a, b) => a - b)).toEqual([...ref.split.test_ids].sort((a: number, b: number) => a - b));
      const ours = results.featureSets[0].selection.selectedFeatures.map((f) => f.name).sort();
      expect(ours).toEqual([...ref.selection_on_training_part.selected].sort());
    });

    it('lists the models in the reference\'s order', () => {
      expect(results.featureSets[0].models.map((m) => m.model)).toEqual([...MODEL_IDS]);
      expect(ref.models.length).toBe(MODEL_IDS.length);
    });

    MODEL_IDS.forEach((id, i) => {
      const tol = tolerancesFor(id, reference, defaults);
      it(`${id}: test AUC and CV AUC within ${tol.auc}, probabilities within ${tol.probability} at scikit-learn's chosen configuration`, () => {
        const gap = modelGap(ref, results, id, i);
        expect(gap.testAucDiff, gap.detail).toBeLessThanOrEqual(tol.auc);
        expect(gap.rankAucDiff, `rank-formula AUC; ${gap.detail}`).toBeLessThanOrEqual(tol.auc);
        expect(gap.cvAucDiff, gap.detail).toBeLessThanOrEqual(tol.auc);
        expect(gap.pDiff, `${id}: largest probability gap ${gap.pDiff.toExponential(2)}`).toBeLessThanOrEqual(tol.probability);
      });
    });
  });
}
