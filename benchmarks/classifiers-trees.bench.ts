/**
 * Tree-model timings (fit + predict, wall and CPU ms, median of 5 runs after two warm-ups;
 * one run on the large matrix), beside
 * scikit-learn 1.2's on the same task (shared/notes/ml-libraries.md):
 * - wdbc: train = rows not in shared/reference/wdbc-test-ids.txt, median-imputed and
 *   z-scored on the training rows (tests/support/shared `plainFixture`), predict the test rows;
 * - a random 5,000 x 200 matrix (standard normal; y = 1 when the sum of the first five
 *   columns plus unit noise is > 0), 4,000 rows to fit, 1,000 to predict.
 * Run: node -r @swc-node/register benchmarks/classifiers-trees.bench.ts
 */
import { Params, createClassifier } from '@radsweep/classifiers';
import { aucMannWhitney, plainFixture } from '../tests/support/shared';
import { Split, randomSplit } from './support/random-split';
import { median } from './support/median';

interface Timing {
  ms: number;
  cpuMs: number;
  auc: number;
}

/** Median wall and CPU (user + system) time; CPU time is the steadier one on a shared machine. */
function time(id: string, params: Partial<Params>, task: Split, runs: number): Timing {
  let auc = NaN;
  const wall: number[] = [];
  const cpu: number[] = [];
  const warmUps = runs === 0 ? 0 : 2; // optimising JIT tiers need a few calls
  for (let r = 0; r < runs + warmUps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const p = createClassifier(id, params, 42).fit(task.xTrain, task.yTrain).predictProba(task.xTest);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (r >= warmUps) {
      wall.push(ms);
      cpu.push((c.user + c.system) / 1000);
    }
    auc = aucMannWhitney(task.yTest, p);
  }
  return { ms: median(wall), cpuMs: median(cpu), auc };
}

const report = (name: string, r: Timing, sklearnMs: number) =>
  console.log(
    `  ${name.padEnd(22)} wall ${r.ms.toFixed(1).padStart(8)} ms  cpu ${r.cpuMs.toFixed(1).padStart(8)} ms  ` +
      `scikit-learn ${String(sklearnMs).padStart(5)} ms  cpu/sklearn ${(r.cpuMs / sklearnMs).toFixed(2)}  test AUC ${r.auc.toFixed(4)}`,
  );

const wdbc = plainFixture('wdbc');
const wdbcRuns: [string, string, Partial<Params>, number][] = [
  ['decision_tree', 'decision_tree', {}, 4],
  ['random_forest (100)', 'random_forest', { n_estimators: 100 }, 150],
  ['extra_trees (100)', 'extra_trees', { n_estimators: 100 }, 77],
  ['bagging (10)', 'bagging', { n_estimators: 10 }, 41],
  ['adaboost (50)', 'adaboost', { n_estimators: 50 }, 115],
];
for (const [, id, params] of wdbcRuns) time(id, params, wdbc, 1); // the shared tree code is optimised before any timing
console.log(`wdbc (${wdbc.xTrain.rows} train x ${wdbc.xTrain.cols}, ${wdbc.xTest.rows} test)`);
for (const [name, id, params, sklearnMs] of wdbcRuns) report(name, time(id, params, wdbc, 5), sklearnMs);

const big = randomSplit(5000, 200, 4000, 7);
console.log(`random ${big.xTrain.rows} train + ${big.xTest.rows} test x ${big.xTrain.cols}`);
report('random_forest (200)', time('random_forest', { n_estimators: 200 }, big, 1), 9700);
report('extra_trees (200)', time('extra_trees', { n_estimators: 200 }, big, 1), 1900);
report('decision_tree', time('decision_tree', {}, big, 1), 1300);
