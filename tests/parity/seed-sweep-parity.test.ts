import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { MODEL_IDS, MODEL_REGISTRY } from '@radsweep/classifiers';
import { ExperimentResults, loadExperiment, runExperiment } from '@radsweep/pipeline';
import { REPO, tempDir } from '../engine/support';
import { readJson, sharedPath } from '../support/shared';

/**
 * The seed protocol against scikit-learn 1.2 + imbalanced-learn 0.10 (issue #2): the shipped
 * experiments (examples/seed-protocol.yaml, examples/wdbc.yaml) run on the reference data with every
 * model pinned to the configuration scikit-learn's grid search chose, so "the same split, steps and
 * hyper-parameters" hold. Our stratified holdout, CV folds and SMOTE replay numpy's draws, so the split,
 * the selection and every sampled row are scikit-learn's. Then every model's test AUC and mean CV AUC
 * must be within 1e-12 of scikit-learn's, and every test probability within PROBABILITY_TOLERANCE, unless
 * the model's spec declares an exception for that sweep (`parityExceptions`: both bounds and the reason;
 * logistic regression, the calibrated SVM and AdaBoost SAMME.R have such gaps in their probabilities).
 * The issue asked for 0.01 / 0.03; the replay is exact, so anything looser would hide a regression.
 */
const AUC_TOLERANCE = 1e-12;
const PROBABILITY_TOLERANCE = 1e-9;
const cases = [
  { ref: 'wdbc-sweep.json', experiment: 'examples/wdbc.yaml', data: 'wdbc.csv', featureSet: 'all' },
  { ref: 'crlm-synthetic-radiomics-sweep.json', experiment: 'examples/seed-protocol.yaml', data: 'crlm-synthetic.csv', featureSet: 'radiomics' },
  { ref: 'crlm-synthetic-radiomics-clinical-sweep.json', experiment: 'examples/seed-protocol.yaml', data: 'crlm-synthetic.csv', featureSet: 'radiomics_clinical' },
] as const;

/** scikit-learn's parameter names in the reference -> ours (the calibrated SVM's C is flattened). */
function ourParams(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) out[k === 'estimator__C' ? 'C' : k] = v;
  return out;
}

function pinnedExperiment(c: (typeof cases)[number], ref: any, dir: string): string {
  const spec = parse(readFileSync(join(REPO, c.experiment), 'utf8'));
  spec.dataset.path = sharedPath('data', c.data);
  spec.featureSets = spec.featureSets.filter((f: any) => f.name === c.featureSet);
  spec.models = spec.models.map((m: any, i: number) => {
    const refModel = ref.models[i];
    // The sweeps were made with scikit-learn 1.2, whose AdaBoost default was SAMME.R (ours: SAMME, as 1.6+).
    const algorithm = m.id === 'adaboost' ? { algorithm: String(refModel.estimator_params.algorithm).replace(/'/g, '') } : {};
    return { id: m.id, params: { ...(m.params ?? {}), ...ourParams(refModel.best_params), ...algorithm } };
  });
  const file = join(dir, `${c.featureSet}.yaml`);
  writeFileSync(file, stringify(spec));
  return file;
}

const refReason = (ref: string) => ref.replace(/\.json$/, '');

for (const c of cases) {
  describe(`seed protocol vs scikit-learn: ${c.ref}`, () => {
    const ref = readJson('reference', c.ref);
    let results: ExperimentResults;

    beforeAll(async () => {
      const file = pinnedExperiment(c, ref, tempDir('radsweep-parity-'));
      results = await runExperiment(loadExperiment(file), { workers: 2 });
    }, 600_000);

    it('replays scikit-learn\'s split and selects the same features on the training part', () => {
      expect(results.split.testIds.map(Number).sort((a, b) => a - b)).toEqual([...ref.split.test_ids].sort((a: number, b: number) => a - b));
      const fs = results.featureSets[0];
      const ours = fs.selection.selectedFeatures.map((f) => f.name).sort();
      expect(ours).toEqual([...ref.selection_on_training_part.selected].sort());
    });

    it('lists the models in the reference\'s order', () => {
      expect(results.featureSets[0].models.map((m) => m.model)).toEqual([...MODEL_IDS]);
    });

    MODEL_IDS.forEach((id, i) => {
      it(`${id}: test AUC and CV AUC at scikit-learn's chosen configuration`, () => {
        const refModel = ref.models[i];
        const ours = results.featureSets[0].models.find((m) => m.model === id)!;
        const spec = MODEL_REGISTRY.get(id)!;
        const exception = spec.parityExceptions?.find((e) => e.reference === refReason(c.ref));
        const tol = exception?.aucTolerance ?? AUC_TOLERANCE;
        const pTol = exception?.probabilityTolerance ?? PROBABILITY_TOLERANCE;
        const refCv = refModel.cv_results.find((r: any) => JSON.stringify(ourParams(r.params)) === JSON.stringify(ourParams(refModel.best_params)));
        const detail = `ours: test ${ours.test!.auc.toFixed(4)}, cv ${ours.cv.auc.mean.toFixed(4)}; scikit-learn: test ${refModel.test.metrics.auc.toFixed(4)}, cv ${refCv.mean_auc.toFixed(4)}`;
        expect(Math.abs(ours.test!.auc - refModel.test.metrics.auc), detail).toBeLessThanOrEqual(tol);
        expect(Math.abs(ours.cv.auc.mean - refCv.mean_auc), detail).toBeLessThanOrEqual(tol);
        // Every test patient's probability, in the reference's order of test ids.
        const byId = new Map(ours.predictions.map((p) => [String(p.id), p.probability]));
        const gaps = (ref.split.test_ids as number[]).map((tid, k) => Math.abs(byId.get(String(tid))! - refModel.test_proba[k]));
        const worst = Math.max(...gaps);
        expect(worst, `${id}: largest probability gap ${worst.toExponential(2)}`).toBeLessThanOrEqual(pTol);
      });
    });
  });
}
