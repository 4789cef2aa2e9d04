/**
 * The survival compare's paired bootstrap (GET /api/survival/compare): wall time of pairedBootstrapCIndex
 * with the default 2000 resamples for test sets of 200, 600 (Rotterdam's 20 % test part) and 2000 patients
 * (synthetic follow-up, two correlated risk scores). The server runs it in a request-work thread.
 *
 *   node -r @swc-node/register benchmarks/survival-compare.bench.ts
 */
import { Rng } from '@radsweep/core';
import { pairedBootstrapCIndex } from '../apps/server/src/survival/paired-bootstrap-c-index';
import { medianMinMax } from './support/median';

const rng = new Rng(3);
for (const n of [200, 600, 2000]) {
  const risk = Float64Array.from({ length: n }, () => rng.normal());
  const time = Float64Array.from(risk, (r) => Math.max(1, Math.round(-Math.log(rng.next() + 1e-12) * 1000 * Math.exp(-0.7 * r))));
  const event = Uint8Array.from({ length: n }, () => Number(rng.next() < 0.6));
  const other = Float64Array.from(risk, (r) => r + 0.8 * rng.normal());
  const ms: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    pairedBootstrapCIndex(time, event, risk, other, 2000, 1);
    ms.push(performance.now() - t0);
  }
  process.stdout.write(`paired bootstrap of the C-index difference, n = ${n}, 2000 resamples: ${medianMinMax(ms)}\n`);
}
