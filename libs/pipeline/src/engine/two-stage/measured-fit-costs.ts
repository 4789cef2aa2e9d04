/**
 * ms of one CV fit per unit (fit-costs.ts: rows x features x the model's relative size), by model id,
 * printed by benchmarks/fit-costs.bench.ts (every CV fit of the seed sweep, one thread) on a 2-core
 * machine shared with other jobs (load average 11-16: the absolute values are high; batches only need
 * the models' relative costs right, and the server's running means replace them with its own).
 */
// seed sweep (197 patients; feature sets radiomics 125.6 rows x 995 columns, radiomics_clinical 125.6 rows x 999 columns), 1 thread, 183 s, load average 11.2 at the start, 16.4 at the end
export const MEASURED_MS_PER_UNIT: Record<string, number> = {
  adaboost: 0.00000326, // 40 fits
  bagging: 0.0000120, // 20 fits
  bernoulli_nb: 0.00000258, // 20 fits
  calibrated_svm: 0.0000111, // 40 fits
  decision_tree: 0.0000132, // 60 fits
  extra_trees: 0.00000849, // 40 fits
  gaussian_nb: 0.00000523, // 30 fits
  gradient_boosting: 0.00000432, // 80 fits
  knn: 0.00000503, // 100 fits
  lda: 0.000154, // 20 fits
  lightgbm: 0.0000154, // 80 fits
  logistic_regression: 0.0000142, // 40 fits
  mlp: 0.0000585, // 40 fits
  qda: 0.000184, // 30 fits
  random_forest: 0.00000682, // 40 fits
};
