import { describe, expect, it } from 'vitest';
import { Matrix, RadSweepInputError, Rng, matrix, takeRows } from '@radsweep/core';
import { CombatStep, RowContext, harmoniseNewBatch } from '@radsweep/pipeline';

/**
 * ComBat on simulated data with known batch effects: per batch b and feature j,
 * x = mu_j + beta_j g + loc_bj + scale_bj eps, with a biological group g (0/1) whose share differs
 * between batches (20 %, 50 %, 80 %) so that removing batch effects without preserving g would also remove
 * part of its effect.
 */
const P = 12;
const SIZES = [500, 500, 500];
const GROUP_SHARE = [0.2, 0.5, 0.8];

function simulate(seed: number, sizes = SIZES, shares = GROUP_SHARE, batchNames = ['b0', 'b1', 'b2']) {
  const rng = new Rng(seed);
  const mu = Float64Array.from({ length: P }, (_, j) => 10 + j);
  const beta = Float64Array.from({ length: P }, (_, j) => (j % 2 === 0 ? 2.0 : -1.5));
  const loc = sizes.map((_, b) => Float64Array.from({ length: P }, (_, j) => (b === 0 ? 0 : (b === 1 ? 2 : -1.5) * (1 + 0.1 * j))));
  const scale = sizes.map((_, b) => Float64Array.from({ length: P }, (_, j) => trueScale(b, j)));
  const n = sizes.reduce((s, x) => s + x, 0);
  const x = matrix(n, P);
  const batch: string[] = [];
  const group: string[] = [];
  const g = new Float64Array(n);
  let i = 0;
  sizes.forEach((size, b) => {
    for (let k = 0; k < size; k++, i++) {
      g[i] = rng.next() < shares[b] ? 1 : 0;
      batch.push(batchNames[b]);
      group.push(g[i] === 1 ? 'case' : 'control');
      for (let j = 0; j < P; j++) x.data[i * P + j] = mu[j] + beta[j] * g[i] + loc[b][j] + scale[b][j] * rng.normal();
    }
  });
  return { x, batch, group, g, beta, context: { batch, group } as RowContext };
}

/** Per batch and feature: mean and SD of x - beta_j g (the group effect removed: `beta` as ComBat fitted it). */
function batchMoments(x: Matrix, batch: string[], g: Float64Array, beta: ArrayLike<number>) {
  const levels = [...new Set(batch)];
  return levels.map((level) => {
    const rows = batch.flatMap((b, i) => (b === level ? [i] : []));
    const mean = new Float64Array(P);
    const sd = new Float64Array(P);
    for (let j = 0; j < P; j++) {
      const v = rows.map((i) => x.data[i * P + j] - beta[j] * g[i]);
      const m = v.reduce((s, a) => s + a, 0) / v.length;
      mean[j] = m;
      sd[j] = Math.sqrt(v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1));
    }
    return { mean, sd };
  });
}

/** Least-squares slope of feature j on g within each batch, averaged over batches (batch-adjusted effect). */
function groupEffect(x: Matrix, batch: string[], g: Float64Array, j: number): number {
  const levels = [...new Set(batch)];
  let total = 0;
  for (const level of levels) {
    const rows = batch.flatMap((b, i) => (b === level ? [i] : []));
    const m1 = rows.filter((i) => g[i] === 1).map((i) => x.data[i * P + j]);
    const m0 = rows.filter((i) => g[i] === 0).map((i) => x.data[i * P + j]);
    total += m1.reduce((s, a) => s + a, 0) / m1.length - m0.reduce((s, a) => s + a, 0) / m0.length;
  }
  return total / levels.length;
}

const y = (n: number) => new Uint8Array(n);

/** Scanner scale of batch b on feature j: 1, 2 or 0.5, varied by feature (+-40 %) so the EB prior on the scales is wide. */
function trueScale(b: number, j: number): number {
  return [1, 2, 0.5][b % 3] * (1 + 0.4 * Math.cos(j * (b + 1)));
}

describe('combat removes known batch effects', () => {
  const sim = simulate(7);
  const step = new CombatStep({ batch: 'batch', categorical: ['group'] });
  const out = step.fitWithContext(sim.x, y(sim.x.rows), sim.context).transformWithContext(sim.x, sim.context);

  // the fitted group effect ('control' is the reference level): covariate-adjusted moments are what ComBat equalises
  const fittedBeta = Float64Array.from({ length: P }, (_, j) => -step.model.covariateBeta[j]);

  it('before: batch means differ by over 1 SD; after: every batch mean within 0.05 SD of the grand mean, SDs within 5 % of the pooled SD', () => {
    const before = batchMoments(sim.x, sim.batch, sim.g, fittedBeta);
    const after = batchMoments(out, sim.batch, sim.g, fittedBeta);
    let worstBefore = 0;
    for (let j = 0; j < P; j++) {
      const target = Math.sqrt(step.model.varPooled[j]);
      const grand = step.model.grandMean[j] + step.model.covariateBeta[j]; // the reference level 'case' is level 0
      worstBefore = Math.max(worstBefore, Math.abs(before[1].mean[j] - before[0].mean[j]) / target);
      for (let b = 0; b < after.length; b++) {
        expect(Math.abs(after[b].mean[j] - grand) / target, `feature ${j} batch ${b} mean`).toBeLessThan(0.05);
        expect(Math.abs(after[b].sd[j] / target - 1), `feature ${j} batch ${b} sd`).toBeLessThan(0.05);
      }
    }
    expect(worstBefore).toBeGreaterThan(1);
  });

  it('recovers the simulated location and scale: gamma* sqrt(var) and sqrt(delta*) differences match loc and scale', () => {
    const model = step.model;
    const [b0, b1, b2] = model.batches;
    for (let j = 0; j < P; j++) {
      const sdj = Math.sqrt(model.varPooled[j]);
      const shift1 = (b1.gammaStar[j] - b0.gammaStar[j]) * sdj;
      const shift2 = (b2.gammaStar[j] - b0.gammaStar[j]) * sdj;
      expect(Math.abs(shift1 - 2 * (1 + 0.1 * j)), `feature ${j} loc b1`).toBeLessThan(0.35);
      expect(Math.abs(shift2 + 1.5 * (1 + 0.1 * j)), `feature ${j} loc b2`).toBeLessThan(0.35);
      const ratio1 = Math.sqrt(b1.deltaStar[j] / b0.deltaStar[j]);
      const ratio2 = Math.sqrt(b2.deltaStar[j] / b0.deltaStar[j]);
      expect(Math.abs(ratio1 / (trueScale(1, j) / trueScale(0, j)) - 1), `feature ${j} scale b1`).toBeLessThan(0.15);
      expect(Math.abs(ratio2 / (trueScale(2, j) / trueScale(0, j)) - 1), `feature ${j} scale b2`).toBeLessThan(0.15);
    }
  });

  it('preserves the biological group effect when it is a covariate, and attenuates it when not', () => {
    const plain = new CombatStep({ batch: 'batch' });
    const without = plain.fitWithContext(sim.x, y(sim.x.rows), sim.context).transformWithContext(sim.x, sim.context);
    for (let j = 0; j < P; j++) {
      const kept = groupEffect(out, sim.batch, sim.g, j);
            expect(Math.abs(kept / sim.beta[j] - 1), `feature ${j}: ${kept} vs ${sim.beta[j]}`).toBeLessThan(0.1);
    }
    // The pooled (overall) group difference: with the covariate it stays near beta; without it shrinks.
    const pooled = (m: Matrix, j: number) => {
      const v1 = [...sim.g.keys()].filter((i) => sim.g[i] === 1).map((i) => m.data[i * P + j]);
      const v0 = [...sim.g.keys()].filter((i) => sim.g[i] === 0).map((i) => m.data[i * P + j]);
      return v1.reduce((s, a) => s + a, 0) / v1.length - v0.reduce((s, a) => s + a, 0) / v0.length;
    };
    for (let j = 0; j < P; j++) {
      expect(Math.abs(pooled(out, j) - sim.beta[j])).toBeLessThan(Math.abs(pooled(without, j) - sim.beta[j]));
    }
  });

  it('labels are never read: the fit is the same whatever labels it is handed', () => {
    const a = new CombatStep({ batch: 'batch', categorical: ['group'] }).fitWithContext(sim.x, y(sim.x.rows), sim.context);
    const ones = new Uint8Array(sim.x.rows).fill(1);
    const b = new CombatStep({ batch: 'batch', categorical: ['group'] }).fitWithContext(sim.x, ones, sim.context);
    expect(b.transformWithContext(sim.x, sim.context).data).toEqual(a.transformWithContext(sim.x, sim.context).data);
  });

  it('an external centre harmonised from its own rows lands on the training distribution', () => {
    // a fourth scanner: loc +3, scale x1.5 relative to batch b0's scale
    const ext = simulate(99, [400], [0.5], ['ext']);
    for (let i = 0; i < ext.x.rows; i++) for (let j = 0; j < P; j++) ext.x.data[i * P + j] = 10 + j + 3 + (ext.x.data[i * P + j] - 10 - j) * 1.5;
    const { x: harmonised, parameters } = harmoniseNewBatch(step, ext.x, ext.context, 'ext');
    expect(parameters.rows).toBe(400);
    const before = batchMoments(ext.x, ext.batch, ext.g, fittedBeta)[0];
    const extMoments = batchMoments(harmonised, ext.batch, ext.g, fittedBeta)[0];
    for (let j = 0; j < P; j++) {
      const target = Math.sqrt(step.model.varPooled[j]);
      const grand = step.model.grandMean[j] + step.model.covariateBeta[j];
      expect(Math.abs(before.mean[j] - grand) / target, `feature ${j} mean before`).toBeGreaterThan(1);
      expect(Math.abs(extMoments.mean[j] - grand) / target, `feature ${j} mean`).toBeLessThan(0.05);
      expect(Math.abs(extMoments.sd[j] / target - 1), `feature ${j} sd`).toBeLessThan(0.05);
    }
  });
});

describe('combat refuses bad input with clear errors', () => {
  const sim = simulate(3, [20, 20, 20]);
  const fit = (x: Matrix, context: RowContext, params: Record<string, unknown> = {}) =>
    new CombatStep({ batch: 'batch', ...params }).fitWithContext(x, y(x.rows), context);

  it('a batch with fewer than 2 rows', () => {
    const rows = [...Array(40).keys(), 40];
    const x = takeRows(sim.x, rows);
    const batch = rows.map((i) => sim.batch[i]);
    expect(() => fit(x, { batch })).toThrow(RadSweepInputError);
    expect(() => fit(x, { batch })).toThrow(/batch 'b2' has 1 row .* at least 2 rows per batch/);
  });

  it('a feature constant within a batch', () => {
    const x = matrix(sim.x.rows, P, sim.x.data.slice());
    for (let i = 20; i < 40; i++) x.data[i * P + 4] = 7.5;
    expect(() => fit(x, sim.context)).toThrow(/feature column 5 .* is constant \(7\.5\) within batch 'b1'/);
  });

  it('a missing batch column, a missing batch value, an unknown covariate column', () => {
    expect(() => fit(sim.x, { group: sim.group })).toThrow(/column 'batch' is not in the data/);
    const holed = sim.batch.map((b, i) => (i === 5 ? null : b));
    expect(() => fit(sim.x, { batch: holed })).toThrow(/batch value is missing in row 6/);
    expect(() => fit(sim.x, sim.context, { continuous: ['age'] })).toThrow(/column 'age' is not in the data/);
    expect(() => new CombatStep({} as never)).toThrow(/^combat: missing required parameter 'batch' for step 'combat'$/);
  });

  it('NaN in the features (fit and transform)', () => {
    const x = matrix(sim.x.rows, P, sim.x.data.slice());
    x.data[3 * P + 2] = NaN;
    expect(() => fit(x, sim.context)).toThrow(/feature column 3 of row 4 is missing or not finite \(put median_imputer before combat\)/);
    const step = fit(sim.x, sim.context);
    expect(() => step.transformWithContext(x, sim.context)).toThrow(/feature column 3 of row 4 is missing/);
  });

  it('a covariate confounded with the batch; an unseen covariate level; one external row', () => {
    expect(() => fit(sim.x, { batch: sim.batch, site: sim.batch }, { categorical: ['site'] })).toThrow(/design .* is singular/);
    const step = fit(sim.x, sim.context, { categorical: ['group'] });
    const other = sim.group.map((g, i) => (i === 0 ? 'unknown' : g));
    expect(() => step.transformWithContext(sim.x, { batch: sim.batch, group: other })).toThrow(/covariate 'group' has level 'unknown' in row 1, not among the training levels \('case', 'control'\)/);
    const one = takeRows(sim.x, [0]);
    expect(() => harmoniseNewBatch(step, one, { batch: ['x'], group: ['case'] }, 'x')).toThrow(/batch 'x' has 1 row; .* at least 2/);
  });

  it('empirical Bayes with one feature asks for eb: false, which works', () => {
    const x = matrix(sim.x.rows, 1, Float64Array.from({ length: sim.x.rows }, (_, i) => sim.x.data[i * P]));
    expect(() => fit(x, sim.context)).toThrow(/at least 2 features .* set eb: false/);
    expect(fit(x, sim.context, { eb: false }).fitted).toBe(true);
  });

  it('one training batch: training rows unchanged, new batches mapped onto it', () => {
    const rows = [...Array(20).keys()];
    const x = takeRows(sim.x, rows);
    const context = { batch: rows.map(() => 'b0') };
    const step = fit(x, context);
    const same = step.transformWithContext(x, context);
    for (let k = 0; k < x.data.length; k++) expect(same.data[k]).toBeCloseTo(x.data[k], 10);
  });
});

describe('combat preserves a continuous covariate effect (age) whose distribution differs between batches', () => {
  // x_ij = 10 + j + slope_j (age_i - 60) + loc_bj + scale_bj eps; mean age 50, 60, 70 in the three batches
  const rng = new Rng(21);
  const slope = Float64Array.from({ length: P }, (_, j) => (j % 3 === 0 ? 0.2 : j % 3 === 1 ? -0.15 : 0.1));
  const batch: string[] = [];
  const age: number[] = [];
  const rows: number[][] = [];
  SIZES.forEach((size, b) => {
    for (let k = 0; k < size; k++) {
      const a = 50 + 10 * b + 8 * rng.normal();
      batch.push(`b${b}`);
      age.push(a);
      rows.push(Array.from({ length: P }, (_, j) => 10 + j + slope[j] * (a - 60) + (b === 0 ? 0 : b === 1 ? 2 : -1.5) + trueScale(b, j) * rng.normal()));
    }
  });
  const x = matrix(rows.length, P, Float64Array.from(rows.flat()));
  const context: RowContext = { batch, age: Float64Array.from(age) };
  const harmonise = (params: { continuous?: string[] }) => {
    const step = new CombatStep({ batch: 'batch', ...params });
    return { step, out: step.fitWithContext(x, y(x.rows), context).transformWithContext(x, context) };
  };
  /** Least-squares slope of column j on age over every row. */
  const pooledSlope = (m: Matrix, j: number) => {
    const n = m.rows;
    const ma = age.reduce((s, a) => s + a, 0) / n;
    let mx = 0;
    for (let i = 0; i < n; i++) mx += m.data[i * P + j] / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (age[i] - ma) * (m.data[i * P + j] - mx);
      sxx += (age[i] - ma) ** 2;
    }
    return sxy / sxx;
  };

  it('with age as a covariate: the age slope over all rows within 10 % of the simulated one and of the fitted one; without it the slope is distorted', () => {
    // (batch means within 0.05 SD: the first describe; here the shifts are alike across features, so the EB prior
    // shrinks each batch's per-feature shift towards their mean more, which is ComBat's design, not a covariate matter)
    const { step, out } = harmonise({ continuous: ['age'] });
    const { out: without } = harmonise({});
    for (let j = 0; j < P; j++) {
      expect(Math.abs(pooledSlope(out, j) / slope[j] - 1), `feature ${j} slope with age`).toBeLessThan(0.1);
      expect(Math.abs(pooledSlope(out, j) / step.model.covariateBeta[j] - 1), `feature ${j} vs the fitted age coefficient`).toBeLessThan(0.1);
      expect(Math.abs(pooledSlope(without, j) - slope[j])).toBeGreaterThan(Math.abs(pooledSlope(out, j) - slope[j]));
    }
  });
});
