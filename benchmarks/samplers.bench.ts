/**
 * Sampler timings: each sampler with its defaults on synthetic standard-normal data
 * (2,000 rows x 1,000 columns; 20 % and 40 % positives) and on the crlm-like shape
 * (158 x 995, 30 positives). Prints the median of 5 runs in ms.
 * Run: node -r @swc-node/register benchmarks/samplers.bench.ts
 */
import { Rng, matrix } from '@radsweep/core';
import { SAMPLER_IDS, createSampler } from '../libs/pipeline/src/samplers';

function data(rows: number, cols: number, positives: number, seed: number) {
  const rng = new Rng(seed);
  const x = matrix(rows, cols, Float64Array.from({ length: rows * cols }, () => rng.normal()));
  const y = Uint8Array.from({ length: rows }, (_, i) => (i < positives ? 1 : 0));
  return { x, y };
}

const shapes = [
  { name: '2000 x 1000, 400 positives', ...data(2000, 1000, 400, 1) },
  { name: '2000 x 1000, 800 positives', ...data(2000, 1000, 800, 2) },
  { name: '158 x 995, 30 positives (crlm training part)', ...data(158, 995, 30, 3) },
];

for (const shape of shapes) {
  console.log(shape.name);
  for (const id of SAMPLER_IDS) {
    if (id === 'none') continue;
    const times: number[] = [];
    let rowsOut = 0;
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      rowsOut = createSampler(id, {}, 42)!.fitResample(shape.x, shape.y).x.rows;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`  ${id.padEnd(17)} ${times[2].toFixed(1).padStart(8)} ms  (median of 5; ${rowsOut} rows out)`);
  }
}
