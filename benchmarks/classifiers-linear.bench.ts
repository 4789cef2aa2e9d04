/**
 * Fit + predict timings (ms, median of 7 runs after one JIT warm-up) of the linear,
 * discriminant, naive Bayes, k-NN and calibrated-SVM models at the reference's fixed
 * configurations, beside scikit-learn 1.2's `fit_predict_ms` from the same reference file
 * (shared/reference/*-plain.json; recorded on another run of a shared machine: read ratios
 * under 2x as parity). Data: tests/support/shared `plainFixture` (train rows median-imputed
 * and z-scored; wdbc 455 x 30, crlm-synthetic original_* 157 x 107).
 * Also logistic regression on wide data (157 x 1000 random normal, conjugate-gradient path).
 * Run: node -r @swc-node/register benchmarks/classifiers-linear.bench.ts
 */
import { Rng, matrix } from '@radsweep/core';
import { Params, createClassifier } from '@radsweep/classifiers';
import { aucMannWhitney, plainFixture } from '../tests/support/shared';

const MODELS = ['logistic_regression', 'lda', 'qda', 'gaussian_nb', 'bernoulli_nb', 'knn', 'calibrated_svm'];
const RUNS = 7;

function medianMs(run: () => Float64Array): { ms: number; p: Float64Array } {
  let p = run();
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    p = run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { ms: ms[RUNS >> 1], p };
}

for (const name of ['wdbc', 'crlm'] as const) {
  const fx = plainFixture(name);
  console.log(`${name} (${fx.xTrain.rows} train x ${fx.xTrain.cols}, ${fx.xTest.rows} test)`);
  for (const id of MODELS) {
    const ref = (fx.ref.models as any[]).find((m) => m.model === id);
    const params = ref.params as Params;
    const { ms, p } = medianMs(() => createClassifier(id, params, 42).fit(fx.xTrain, fx.yTrain).predictProba(fx.xTest));
    const auc = aucMannWhitney(fx.yTest, p);
    console.log(
      `  ${`${id} ${JSON.stringify(params)}`.padEnd(58)} ${ms.toFixed(2).padStart(8)} ms  scikit-learn ${String(ref.fit_predict_ms).padStart(7)} ms` +
        `  AUC ${auc.toFixed(4)} (scikit-learn ${ref.test_auc.toFixed(4)})`,
    );
  }
}

const rng = new Rng(1);
const n = 157, p = 1000;
const x = matrix(n, p);
const y = new Uint8Array(n);
for (let i = 0; i < n; i++) {
  y[i] = i % 5 === 0 ? 1 : 0;
  for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() + (y[i] && j < 10 ? 0.5 : 0);
}
for (const C of [0.01, 1, 10]) {
  const { ms } = medianMs(() => createClassifier('logistic_regression', { C }, 0).fit(x, y).predictProba(x));
  console.log(`wide ${n} x ${p}: logistic_regression C=${C}  ${ms.toFixed(1)} ms`);
}
