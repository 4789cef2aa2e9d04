/**
 * MLP fit timings (the seed sweep's slowest model): median wall and CPU ms of `fit` over 5
 * runs after one JIT warm-up run, for hidden_layer_sizes [32] and [64, 32] (seed 42, the
 * study's defaults otherwise: relu, adam, batch min(200, rows), up to 500 epochs) on
 * - random 256 x 42: a fold-sized problem after SMOTE (standard normal, y = i mod 2,
 *   the first five columns shifted by 0.4 when y = 1; core Rng seed 1);
 * - wdbc: train = ids not in shared/reference/wdbc-test-ids.txt, median-imputed and
 *   z-scored on the training rows (tests/support/shared `plainFixture`).
 * All configurations run with the JS kernel first, then with the WebAssembly SIMD kernel (JS
 * first: once the wasm kernel has run, the network's kernel call sites are polymorphic and the
 * JS kernel measures ~20 % slower than in a process of its own), then the CPU ratios. Also prints the epochs run and the sum of the fitted
 * probabilities on the training rows, and a fingerprint (SHA-256 of the bits of every fitted
 * model's probabilities, both kernels): equal fingerprints = the same networks, bit for bit.
 * Run: node -r @swc-node/register benchmarks/mlp.bench.ts
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { Matrix, Rng, matrix } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import type { MlpClassifier } from '../libs/classifiers/src/neural';
import { plainFixture } from '../tests/support/shared';
import { median } from './support/median';

export interface MlpProblem {
  name: string;
  x: Matrix;
  y: Uint8Array;
}

/** The fold-sized random problem described above. */
export function randomFoldProblem(rows = 256, cols = 42): MlpProblem {
  const rng = new Rng(1);
  const x = matrix(rows, cols);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = i % 2;
    for (let j = 0; j < cols; j++) x.data[i * cols + j] = rng.normal() + (y[i] === 1 && j < 5 ? 0.4 : 0);
  }
  return { name: `random ${rows} x ${cols}`, x, y };
}

export function wdbcTrainProblem(): MlpProblem {
  const fx = plainFixture('wdbc');
  return { name: `wdbc train ${fx.xTrain.rows} x ${fx.xTrain.cols}`, x: fx.xTrain, y: fx.yTrain };
}

export interface FitTiming {
  wallMs: number;
  cpuMs: number;
  epochs: number;
  probabilitySum: number;
  probabilities: Float64Array;
}


/** Median wall and CPU ms of `runs` fits of `fit` (after one warm-up fit); predictions are made after the timing. */
export function timeFit(fit: () => { epochs: number; predict: () => Float64Array }, runs = 5): FitTiming {
  const wall: number[] = [];
  const cpu: number[] = [];
  let last = fit();
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = fit();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const probabilities = last.predict();
  let probabilitySum = 0;
  for (const v of probabilities) probabilitySum += v;
  return { wallMs: median(wall), cpuMs: median(cpu), epochs: last.epochs, probabilitySum, probabilities };
}

export const MLP_BENCH_LAYERS: number[][] = [[32], [64, 32]];

function main(): void {
  const problems = [randomFoldProblem(), wdbcTrainProblem()];
  const cpu = new Map<string, number>();
  const hash = createHash('sha256');
  for (const kernel of ['js', 'wasm'] as const) {
    for (const problem of problems) {
      console.log(`${problem.name}, ${kernel} kernel`);
      for (const layers of MLP_BENCH_LAYERS) {
        const t = timeFit(() => {
          const m = createClassifier('mlp', { hidden_layer_sizes: layers }, 42) as MlpClassifier;
          m.kernel = kernel;
          m.fit(problem.x, problem.y);
          return { epochs: m.epochs, predict: () => m.predictProba(problem.x) };
        });
        cpu.set(`${kernel} ${problem.name} ${JSON.stringify(layers)}`, t.cpuMs);
        hash.update(Buffer.from(t.probabilities.buffer, t.probabilities.byteOffset, t.probabilities.byteLength));
        console.log(
          `  mlp ${JSON.stringify(layers).padEnd(8)} fit wall ${t.wallMs.toFixed(0).padStart(6)} ms  cpu ${t.cpuMs.toFixed(0).padStart(6)} ms  ` +
            `epochs ${String(t.epochs).padStart(3)}  sum p ${t.probabilitySum.toFixed(9)}`,
        );
      }
    }
  }
  for (const problem of problems) {
    for (const layers of MLP_BENCH_LAYERS) {
      const key = `${problem.name} ${JSON.stringify(layers)}`;
      console.log(`cpu js / wasm  ${key.padEnd(32)} ${(cpu.get(`js ${key}`)! / cpu.get(`wasm ${key}`)!).toFixed(2)}x`);
    }
  }
  console.log(`fingerprint of all predictions ${hash.digest('hex').slice(0, 16)}; load average ${loadavg()[0].toFixed(1)}`);
}

if (require.main === module) main();
