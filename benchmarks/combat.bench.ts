/**
 * ComBat fit + transform on a radiomics-sized matrix: 2,000 rows x 995 features, 4 batches, age and sex
 * preserved (parametric EB). Prints the median of 5 runs.
 *   node -r @swc-node/register benchmarks/combat.bench.ts
 */
import { Rng, matrix } from '@radsweep/core';
import { CombatStep } from '../libs/pipeline/src';
import { medianMinMax } from './support/median';

const N = 2000;
const P = 995;
const rng = new Rng(1);
const x = matrix(N, P);
const batch: string[] = [];
const sex: string[] = [];
const age = new Float64Array(N);
for (let i = 0; i < N; i++) {
  const b = i % 4;
  batch.push(`scanner${b}`);
  sex.push(rng.next() < 0.5 ? 'F' : 'M');
  age[i] = 40 + Math.floor(40 * rng.next());
  for (let j = 0; j < P; j++) x.data[i * P + j] = 10 + b * 0.5 + (1 + 0.2 * b) * rng.normal() + 0.01 * age[i];
}
const context = { batch, sex, age };
const fitMs: number[] = [];
const transformMs: number[] = [];
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  const step = new CombatStep({ batch: 'batch', continuous: ['age'], categorical: ['sex'] }).fitWithContext(x, new Uint8Array(N), context);
  const t1 = performance.now();
  step.transformWithContext(x, context);
  transformMs.push(performance.now() - t1);
  fitMs.push(t1 - t0);
}
console.log(`combat ${N} x ${P}, 4 batches, 2 covariates: fit ${medianMinMax(fitMs)}; transform ${medianMinMax(transformMs)}`);
