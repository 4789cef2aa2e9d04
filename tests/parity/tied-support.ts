import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClassifier, MODEL_REGISTRY } from '@radsweep/classifiers';
import { aucMannWhitney, loadSimpleCsv, plainSplit } from '../support/shared';

/** The tied/collinear WDBC cohort (scripts/reference/tied-cohort.py) and its scikit-learn 1.2.1 plain references. */
export const TIED = resolve(__dirname, '../fixtures/tied');
export const TIED_FEATURE_SETS = ['all', 'clinical', 'low15'] as const;

export function tiedFixture(featureSet: (typeof TIED_FEATURE_SETS)[number]) {
  const ref = JSON.parse(readFileSync(resolve(TIED, `wdbc-tied-plain-${featureSet}.json`), 'utf8'));
  return plainSplit(ref, loadSimpleCsv(resolve(TIED, 'wdbc-tied.csv')), ref.features);
}

/** Row-major running sum, as the reference script's `x_train_sum`. */
export function runningSum(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

/** Our model at the reference's configuration against scikit-learn: |AUC diff| and max |p - p_sklearn|. */
export function compareToSklearn(fx: ReturnType<typeof tiedFixture>, ref: any): { auc: number; aucDiff: number; pDiff: number; p: Float64Array } {
  const byId = new Map<number, number>(ref.predictions.map((r: any) => [r.id, r.probability]));
  const expected = Float64Array.from(fx.testIds, (id) => byId.get(id)!);
  const p = createClassifier(ref.model, { ...ref.params }, 42).fit(fx.xTrain, fx.yTrain).predictProba(fx.xTest);
  let pDiff = 0;
  for (let i = 0; i < p.length; i++) pDiff = Math.max(pDiff, Math.abs(p[i] - expected[i]));
  const auc = aucMannWhitney(fx.yTest, p);
  return { auc, aucDiff: Math.abs(auc - ref.test_auc), pDiff, p };
}

export const registered = (id: string) => MODEL_REGISTRY.has(id);
