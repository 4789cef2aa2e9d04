/**
 * LassoCV timings (LassoSelector with alpha = 'cv': 100 alphas x 10 folds, then the
 * refit) on the inputs the seed protocol gives it: the t-test-selected, z-scored
 * training part of wdbc (455 x 25) and crlm-synthetic radiomics (157 x 93), and a
 * grid-search training fold of the latter (its first 125 rows, 125 x 93). Prints
 * the median of 5 runs (wall and CPU time: the machine may be shared), the coordinate-descent sweeps done and how many
 * (fold, alpha) fits stopped at max_iter = 1000 (scikit-learn's ConvergenceWarning); then the CPU time of the
 * CV path alone (median and minimum of 5) with the Gram sweeps in the WebAssembly kernel and in the scalar JavaScript fallback.
 * Run: node -r @swc-node/register benchmarks/lasso-path.bench.ts
 */
import { Matrix, takeRows } from '@radsweep/core';
import { LassoSelector, MedianImputer, StandardScaler, WelchTTestSelector } from '../libs/pipeline/src/steps';
import { type GramKernel } from '../libs/pipeline/src/steps/lasso/gram-space';
import { alphaGrid, lassoCvMeanMse } from '../libs/pipeline/src/steps/lasso/lasso-path';
import { SWEEPS, sweepTrainingPart } from '../tests/pipeline/steps-reference-fixture';
import { median } from './support/median';

const RUNS = 5;
const cpuMs = (since: NodeJS.CpuUsage) => process.cpuUsage(since).user / 1000;

/** Median and minimum CPU time of the CV path alone (100 alphas x 10 folds) with the given Gram kernel. */
function cvPathCpu(x: Matrix, y: Uint8Array, gramKernel: GramKernel): string {
  const yf = Float64Array.from(y);
  const alphas = alphaGrid(x, yf, 100, 1e-3);
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const c0 = process.cpuUsage();
    lassoCvMeanMse(x, yf, alphas, 10, { maxIter: 1000, tol: 1e-4, gramKernel });
    cpu.push(cpuMs(c0));
  }
  return `${median(cpu).toFixed(0)} ms (min ${Math.min(...cpu).toFixed(0)})`;
}

async function lassoInput(sweep: (typeof SWEEPS)[number], rows?: number): Promise<{ x: Matrix; y: Uint8Array }> {
  const f = await sweepTrainingPart(sweep);
  const n = rows ?? f.x.rows;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const x0 = takeRows(f.x, idx);
  const y = f.y.subarray(0, n);
  const filled = new MedianImputer().fit(x0, y).transform(x0);
  const z = new StandardScaler().fit(filled, y).transform(filled);
  return { x: new WelchTTestSelector().fit(z, y).transform(z), y };
}

(async () => {
  const cases = [
    { name: 'wdbc training part', ...(await lassoInput(SWEEPS[0])) },
    { name: 'crlm radiomics training part', ...(await lassoInput(SWEEPS[1])) },
    { name: 'crlm radiomics, one grid-search fold', ...(await lassoInput(SWEEPS[1], 125)) },
  ];
  for (const c of cases) {
    const wall: number[] = [];
    const cpu: number[] = [];
    let details: Record<string, unknown> = {};
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const lasso = new LassoSelector().fit(c.x, c.y);
      cpu.push(cpuMs(c0));
      wall.push(performance.now() - t0);
      details = lasso.report().details ?? {};
    }
    console.log(
      `${c.name} (${c.x.rows} x ${c.x.cols}): median ${median(wall).toFixed(0)} ms (CPU ${median(cpu).toFixed(0)} ms); sweeps ${details.cvSweeps}, ` +
        `(fold, alpha) fits at max_iter ${details.cvNotConverged} of 1000; alpha ${Number(details.alpha).toPrecision(6)}, ${details.nonZero} kept`,
    );
    const kernels: GramKernel[] = ['wasm', 'js'];
    console.log(`  CV path CPU by Gram kernel: ${kernels.map((k) => `${k} ${cvPathCpu(c.x, c.y, k)}`).join(', ')}`);
  }
})();
