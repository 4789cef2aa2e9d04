/**
 * CPU ms (user + system, median of 5 after one warm-up) of one calibrated_svm fit
 * (CalibratedClassifierCV(LinearSVC), cv = 3) for the seed grid (C = 0.1 and 1, sigmoid and
 * isotonic) on a seeded random 2,600 x 50 problem (the size of a large-cohort fold after
 * selection and SMOTE), a random 204 x 23 one (a seed fold after SMOTE) and on wdbc's training
 * rows (455 x 30), with the dual solver's pass in the WebAssembly SIMD kernel and in JavaScript
 * (linear-svc-dual.ts, `svmDualKernel`). Then a fingerprint (SHA-256 of the bits of every
 * fitted model's probabilities on its training rows, both kernels) that a speed change must leave as it is.
 * Each timed fit starts with an empty inner-SVM cache (inner-svm-cache.ts), so it fits its SVMs; the
 * last lines time the seed grid's four fits in grid order with the cache as a sweep's thread has it.
 * Run: node -r @swc-node/register benchmarks/calibrated-svm.bench.ts
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { Matrix, Rng, matrix } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { plainFixture } from '../tests/support/shared';
import { setSvmDualKernel } from '../libs/classifiers/src/svm/dual-pass-kernel';
import { innerSvmCache } from '../libs/classifiers/src/svm/inner-svm-cache';

const RUNS = 5;

function cpuMs(run: () => void): number {
  run();
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.cpuUsage();
    run();
    const d = process.cpuUsage(t0);
    ms.push((d.user + d.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  return ms[RUNS >> 1];
}

/** Two overlapping classes: y = [x . beta + noise > 0.8], beta dense, 30% positives or so. */
function randomProblem(n: number, p: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const beta = Float64Array.from({ length: p }, () => rng.normal() / Math.sqrt(p));
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += beta[j] * (x.data[i * p + j] = rng.normal());
    y[i] = s + 0.7 * rng.normal() > 0.8 ? 1 : 0;
  }
  return { x, y };
}

const wdbc = plainFixture('wdbc');
const problems = {
  'random 2600 x 50': randomProblem(2600, 50, 7),
  'random 204 x 23': randomProblem(204, 23, 3),
  'wdbc 455 x 30': { x: wdbc.xTrain, y: wdbc.yTrain },
};
const hash = createHash('sha256');
const total = { wasm: 0, js: 0 };
for (const [name, { x, y }] of Object.entries(problems)) {
  for (const C of [0.1, 1]) {
    for (const method of ['sigmoid', 'isotonic']) {
      const line = [`${name}  C = ${C} ${method}`.padEnd(36)];
      for (const kernel of ['wasm', 'js'] as const) {
        setSvmDualKernel(kernel);
        const fit = () => {
          innerSvmCache.clear();
          return createClassifier('calibrated_svm', { C, method }, 0).fit(x, y);
        };
        const ms = cpuMs(() => fit());
        total[kernel] += ms;
        const p = fit().predictProba(x);
        hash.update(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
        line.push(`${kernel} ${ms.toFixed(1).padStart(8)} ms`);
      }
      console.log(line.join('   '));
    }
  }
}
setSvmDualKernel('auto');
for (const [name, { x, y }] of Object.entries(problems)) {
  const grid = (cached: boolean) => {
    innerSvmCache.clear();
    for (const C of [0.1, 1]) {
      for (const method of ['sigmoid', 'isotonic']) {
        if (!cached) innerSvmCache.clear();
        createClassifier('calibrated_svm', { C, method }, 0).fit(x, y);
      }
    }
  };
  console.log(`${name}  the 4 seed configurations: ${cpuMs(() => grid(false)).toFixed(1)} ms each fitting its SVMs, ${cpuMs(() => grid(true)).toFixed(1)} ms sharing them`);
}
console.log(
  `total cpu wasm ${total.wasm.toFixed(1)} ms, js ${total.js.toFixed(1)} ms; fingerprint of all predictions ${hash.digest('hex').slice(0, 16)}; load average ${loadavg()[0].toFixed(1)}`,
);
