/**
 * CART split search (random forest, bagging, AdaBoost, decision tree: the 'best' splitter) on
 * matrices the size of the seed sweep's CV folds, plus wdbc (tied values): CPU time of the fits
 * (process.cpuUsage, the steadier figure on a shared machine) and a fingerprint of every
 * predicted probability, to check a speed change leaves every bit of the results as it was.
 * Run: node -r @swc-node/register benchmarks/cart-split-sort.bench.ts [--repeats 3]
 */
import { createHash } from 'node:crypto';
import { Params, createClassifier } from '@radsweep/classifiers';
import { plainFixture } from '../tests/support/shared';
import { Split, randomSplit } from './support/random-split';

const repeatsArg = process.argv.indexOf('--repeats');
const repeats = repeatsArg >= 0 ? Number(process.argv[repeatsArg + 1]) : 3;

// About a seed-sweep fold after SMOTE (126 training rows -> ~210) with the LASSO's ~20 features.
const tasks: [string, Split][] = [
  ['fold-like 210 x 20', randomSplit(260, 20, 210, 7)],
  ['fold-like 210 x 40', randomSplit(260, 40, 210, 8)],
  ['wdbc (tied)', plainFixture('wdbc')],
];
const models: [string, Partial<Params>][] = [
  ['random_forest', { n_estimators: 300, max_features: 'sqrt' }],
  ['random_forest', { n_estimators: 100, max_features: 'sqrt', max_depth: 5 }],
  ['bagging', { n_estimators: 50 }],
  ['adaboost', { n_estimators: 100, learning_rate: 0.5 }],
  ['decision_tree', { min_samples_leaf: 5 }],
];

const hash = createHash('sha256');
let cpuTotal = 0;
for (const [taskName, task] of tasks) {
  for (const [id, params] of models) {
    let best = Infinity;
    for (let r = 0; r < repeats; r++) {
      const c0 = process.cpuUsage();
      const p = createClassifier(id, params, 42).fit(task.xTrain, task.yTrain).predictProba(task.xTest);
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1000);
      if (r === 0) hash.update(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    }
    cpuTotal += best;
    console.log(`${taskName.padEnd(20)} ${id.padEnd(14)} ${JSON.stringify(params).padEnd(58)} cpu ${best.toFixed(1).padStart(8)} ms (min of ${repeats})`);
  }
}
console.log(`total cpu ${cpuTotal.toFixed(1)} ms; fingerprint of all predictions ${hash.digest('hex').slice(0, 16)}`);
