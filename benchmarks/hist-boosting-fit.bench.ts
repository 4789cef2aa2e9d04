/**
 * Histogram gradient boosting (lightgbm) fits as the seed sweep runs them, for speed work
 * that must not change a bit: CPU ms (process.cpuUsage, minimum of --repeats runs after a
 * warm-up) of fit + predictProba per data set over the seed protocol's lightgbm grid
 * (max_iter 100/200 x learning_rate 0.05/0.1 x max_leaf_nodes 7/15) plus min_samples_leaf 5
 * and max_depth 3, and a fingerprint (SHA-256 of every prediction's bits) that a change
 * must leave as it is. Data: random fold-like 210 x 30 and 256 x 42 (standard normal,
 * class 1 shifted by 0.4 in five columns: distinct values), wdbc's training rows (ties).
 * Each fit starts fresh (max_iter checkpoints cleared before it: the grower's own speed);
 * the line "grid shared" runs the grid as one worker thread does (checkpoints cleared per
 * repeat only: max_iter 200 continues 100) and its fingerprint must equal the fresh one.
 * Run: node -r @swc-node/register benchmarks/hist-boosting-fit.bench.ts [--repeats 5]
 */
import { createHash } from 'node:crypto';
import type { Matrix } from '@radsweep/core';
import type { Params } from '@radsweep/classifiers';
import { boostingModels } from '../libs/classifiers/src/boosting';
import { clearStageCheckpoints } from '../libs/classifiers/src/boosting/stage-checkpoints';
import { plainFixture } from '../tests/support/shared';
import { foldProblem } from './support/fold-problem';

const r = process.argv.indexOf('--repeats');
const REPEATS = r >= 0 ? Number(process.argv[r + 1]) : 5;

const spec = boostingModels.find((m) => m.id === 'lightgbm')!;
const grid: Partial<Params>[] = [];
for (const max_iter of [100, 200]) {
  for (const learning_rate of [0.05, 0.1]) {
    for (const max_leaf_nodes of [7, 15]) grid.push({ max_iter, learning_rate, max_leaf_nodes });
  }
}
grid.push({ max_iter: 100, min_samples_leaf: 5 }, { max_iter: 100, max_depth: 3, max_leaf_nodes: 31 });

const wdbc = plainFixture('wdbc');
const small = foldProblem(210, 30, 7);
const large = foldProblem(256, 42, 1);
const sets: [string, Matrix, Uint8Array][] = [
  ['random 210 x 30', small.x, small.y],
  ['random 256 x 42', large.x, large.y],
  [`wdbc ${wdbc.xTrain.rows} x ${wdbc.xTrain.cols}`, wdbc.xTrain, wdbc.yTrain],
];
/** Minimum CPU ms over the repeats of the grid on one data set; hashes the first run's predictions. */
function gridCpu(x: Matrix, y: Uint8Array, hash: ReturnType<typeof createHash>, shared: boolean): number {
  let best = Infinity;
  for (let rep = 0; rep <= REPEATS; rep++) {
    clearStageCheckpoints();
    const c0 = process.cpuUsage();
    for (const params of grid) {
      if (!shared) clearStageCheckpoints();
      const p = spec.create({ ...spec.defaults, ...params }, 1).fit(x, y).predictProba(x);
      if (rep === 0) hash.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
    }
    const c = process.cpuUsage(c0);
    if (rep > 0) best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

const fresh = createHash('sha256');
const shared = createHash('sha256');
let total = 0;
let totalShared = 0;
for (const [name, x, y] of sets) {
  const best = gridCpu(x, y, fresh, false);
  const bestShared = gridCpu(x, y, shared, true);
  total += best;
  totalShared += bestShared;
  console.log(`  ${name.padEnd(20)} ${grid.length} fits  cpu ${best.toFixed(1).padStart(8)} ms, grid shared ${bestShared.toFixed(1).padStart(8)} ms (min of ${REPEATS})`);
}
console.log(`total cpu ${total.toFixed(1)} ms, grid shared ${totalShared.toFixed(1)} ms; fingerprint of all predictions ${fresh.digest('hex').slice(0, 16)}, grid shared ${shared.digest('hex').slice(0, 16)}`);
