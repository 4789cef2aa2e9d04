import { sharedPath } from '../support/shared';
import { SweepCase } from './seed-sweep-support';
import { describeSweepParity } from './seed-sweep-suite';

/**
 * The seed protocol against scikit-learn 1.2 + imbalanced-learn 0.10 (issue #2): the shipped
 * experiments (examples/seed-protocol.yaml, examples/wdbc.yaml) run on the reference data with every
 * model pinned to the configuration scikit-learn's grid search chose (seed-sweep-support.ts). Our
 * stratified holdout, CV folds and SMOTE replay numpy's draws, so the split, the selection and every
 * sampled row are scikit-learn's. Then every model's test AUC and mean CV AUC must be within 1e-12 of
 * scikit-learn's, and every test probability within 1e-9, unless the model's spec declares an exception
 * for that sweep (`parityExceptions`: both bounds and the reason; logistic regression and the calibrated
 * SVM have such gaps in their probabilities: their solvers stop at a tolerance).
 * The issue asked for 0.01 / 0.03; the replay is exact, so anything looser would hide a regression.
 */
const cases: SweepCase[] = [
  { referenceFile: sharedPath('reference', 'wdbc-sweep.json'), experiment: 'examples/wdbc.yaml', data: sharedPath('data', 'wdbc.csv'), featureSet: 'all' },
  { referenceFile: sharedPath('reference', 'crlm-synthetic-radiomics-sweep.json'), experiment: 'examples/seed-protocol.yaml', data: sharedPath('data', 'crlm-synthetic.csv'), featureSet: 'radiomics' },
  { referenceFile: sharedPath('reference', 'crlm-synthetic-radiomics-clinical-sweep.json'), experiment: 'examples/seed-protocol.yaml', data: sharedPath('data', 'crlm-synthetic.csv'), featureSet: 'radiomics_clinical' },
];

for (const c of cases) describeSweepParity(c, { auc: 1e-12, probability: 1e-9 });
