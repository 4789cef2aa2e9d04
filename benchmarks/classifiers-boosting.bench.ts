/**
 * Boosting and MLP timings: fit + predict in one process, median wall and CPU ms over
 * 5 runs after a JIT warm-up (a single run on the large matrix), beside scikit-learn 1.2's
 * figures from shared/notes/ml-libraries.md (same machine kind, not measured side by side).
 * - wdbc: train = rows not in shared/reference/wdbc-test-ids.txt, median-imputed and
 *   z-scored on the training rows (tests/support/shared `plainFixture`), predict the test rows;
 * - random 5,000 x 200 (standard normal; y = 1 when the first five columns plus unit
 *   noise sum above 0): fit 4,000 rows, predict 1,000.
 * Run: node -r @swc-node/register benchmarks/classifiers-boosting.bench.ts [--skip-large]
 */
import { Params, createClassifier } from '@radsweep/classifiers';
import { aucMannWhitney, plainFixture } from '../tests/support/shared';
import { Split, randomSplit } from './support/random-split';
import { median } from './support/median';

function measure(label: string, id: string, params: Partial<Params>, data: Split, runs: number, sklearnMs: number): void {
  const wall: number[] = [];
  const cpu: number[] = [];
  let auc = NaN;
  const warmUp = runs > 1 ? 1 : 0; // with several runs, run 0 only warms up the JIT
  for (let r = 0; r < runs + warmUp; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const p = createClassifier(id, params, 42).fit(data.xTrain, data.yTrain).predictProba(data.xTest);
    const t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (r >= warmUp) {
      wall.push(t);
      cpu.push((c.user + c.system) / 1000);
    }
    auc = aucMannWhitney(data.yTest, p);
  }
  console.log(
    `  ${label.padEnd(28)} wall ${median(wall).toFixed(0).padStart(7)} ms  cpu ${median(cpu).toFixed(0).padStart(7)} ms  ` +
      `scikit-learn ${String(sklearnMs).padStart(6)} ms  cpu/sklearn ${(median(cpu) / sklearnMs).toFixed(2)}  test AUC ${auc.toFixed(4)}`,
  );
}

const wdbc = plainFixture('wdbc');
console.log(`wdbc (${wdbc.xTrain.rows} train x ${wdbc.xTrain.cols}, ${wdbc.xTest.rows} test)`);
measure('gradient_boosting (100)', 'gradient_boosting', {}, wdbc, 5, 330);
measure('lightgbm (100, 31 leaves)', 'lightgbm', {}, wdbc, 5, 203);
measure('mlp [100]', 'mlp', { hidden_layer_sizes: [100] }, wdbc, 5, 200);
measure('mlp [32]', 'mlp', { hidden_layer_sizes: [32] }, wdbc, 5, 227);

if (!process.argv.includes('--skip-large')) {
  const large = randomSplit(5000, 200, 4000, 11);
  console.log('random 5,000 x 200 (4,000 train, 1,000 test)');
  measure('lightgbm (200)', 'lightgbm', { max_iter: 200 }, large, 1, 4600);
  measure('gradient_boosting (200)', 'gradient_boosting', { n_estimators: 200 }, large, 1, 47600);
  measure('mlp [64, 32]', 'mlp', { hidden_layer_sizes: [64, 32] }, large, 1, NaN);
}
