/**
 * Radiomics extraction timings: the original-image vector (shape, first order, GLCM, GLRLM, GLSZM, GLDM, NGTDM;
 * 107 features, pyradiomics' default settings) and the full vector with the 8 coif1 wavelet decompositions and
 * LoG at sigma 1, 3 and 5 mm (1,130 features) for pyradiomics' brain1, brain2 and breast1 cases and
 * for a synthetic 3-D ROI of about 50,000 voxels (a ball of radius 23 voxels in a 64 x 64 x 64 image of
 * seeded noise, seed 7). Each case runs in its own process so that its peak memory (maxRSS) is its own;
 * prints the reading time, then the median of 5 extractions (wall and CPU: the machine may be shared) with a
 * per-class breakdown (CPU).
 * Run: node -r @swc-node/register benchmarks/radiomics-extract.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Rng } from '@radsweep/core';
import { extractFeatures, FEATURE_CLASSES, readVolume, type Volume } from '@radsweep/radiomics';
import { median } from './support/median';

const RUNS = 5;
const DATA = resolve(__dirname, '../../shared/data/radiomics/pyradiomics');
const CASES = ['brain1', 'brain2', 'breast1', 'ball50k'];

/** A 64^3 image (1 x 1 x 2 mm) of seeded noise around a smooth ramp, and a ball of radius 23 voxels (~51k voxels). */
function syntheticBall(): { image: Volume; mask: Volume } {
  const n = 64;
  const rng = new Rng(7);
  const image = new Int16Array(n * n * n);
  const mask = new Uint8Array(n * n * n);
  let i = 0;
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++, i++) {
        image[i] = Math.round(100 + 2 * x + 60 * rng.normal());
        mask[i] = (x - 31.5) ** 2 + (y - 31.5) ** 2 + (z - 31.5) ** 2 <= 23 * 23 ? 1 : 0;
      }
  const geometry = { size: [n, n, n] as const, spacing: [1, 1, 2] as const, origin: [0, 0, 0] as const, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  return { image: { ...geometry, data: image, source: 'synthetic image' }, mask: { ...geometry, data: mask, source: 'synthetic mask' } };
}

/** Median wall and CPU time (ms) of RUNS calls, and the last call's value. */
function timed<T>(fn: () => T): { wall: number; cpu: number; value: T } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let value!: T;
  for (let run = 0; run < RUNS; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = fn();
    wall.push(performance.now() - t0);
    cpu.push(process.cpuUsage(c0).user / 1000);
  }
  return { wall: median(wall), cpu: median(cpu), value };
}

function runCase(name: string): void {
  const r0 = performance.now();
  const { image, mask } =
    name === 'ball50k' ? syntheticBall() : { image: readVolume(`${DATA}/${name}_image.nrrd`), mask: readVolume(`${DATA}/${name}_label.nrrd`) };
  const readMs = performance.now() - r0;
  const all = timed(() => Object.keys(extractFeatures(image, mask)).length);
  const full = timed(() => Object.keys(extractFeatures(image, mask, { sigma: [1, 3, 5] }, FEATURE_CLASSES, ['original', 'wavelet', 'log'])).length);
  const perClass = FEATURE_CLASSES.map((cls) => `${cls} ${timed(() => extractFeatures(image, mask, {}, [cls])).cpu.toFixed(0)}`);
  let roi = 0;
  for (const m of mask.data) roi += m === 1 ? 1 : 0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${name.padEnd(8)} ${String(roi).padStart(6)} ROI voxels of ${image.size.join('x').padEnd(10)} read ${readMs.toFixed(0).padStart(4)} ms | ` +
      `extract ${all.value} features: ${all.wall.toFixed(0).padStart(5)} ms wall, ${all.cpu.toFixed(0).padStart(5)} ms CPU (median of ${RUNS}) | ` +
      `full vector with wavelet and LoG (${full.value} features): ${full.wall.toFixed(0)} ms wall, ${full.cpu.toFixed(0)} ms CPU | ` +
      `peak RSS ${maxRssMb.toFixed(0)} MB | per class (ms CPU, each including preparation): ${perClass.join(', ')}`,
  );
}

const only = process.argv.indexOf('--case');
if (only >= 0) runCase(process.argv[only + 1]);
else {
  for (const name of CASES) {
    process.stdout.write(execFileSync(process.execPath, [...process.execArgv, __filename, '--case', name], { encoding: 'utf8' }));
  }
}
