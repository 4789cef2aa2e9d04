import { Matrix, Rng, matrix } from '@radsweep/core';

/**
 * Seeded proportional-hazards data: x ~ N(0, 1), hazard exp(x0 - 0.5 x1) (the other columns are
 * noise), exponential event times, independent exponential censoring, times rounded up to whole
 * days so that tied times occur.
 */
export function simulateSurvival(n: number, p: number, seed: number): { x: Matrix; time: Float64Array; event: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal();
    const rate = Math.exp(x.data[i * p] - (p > 1 ? 0.5 * x.data[i * p + 1] : 0)) / 300;
    const t = -Math.log(1 - rng.next()) / rate;
    const c = -Math.log(1 - rng.next()) / (1 / 500);
    time[i] = Math.ceil(Math.min(t, c));
    event[i] = t <= c ? 1 : 0;
  }
  return { x, time, event };
}
