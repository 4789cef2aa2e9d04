import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Matrix, NumpyRandomState, RadSweepInputError, Rng, fromRows, matrix } from '@radsweep/core';
import { SAMPLER_IDS, SAMPLER_REGISTRY, createSampler, kNearestNeighbours } from '../../libs/pipeline/src/samplers';
import { numpyBeta } from '../../libs/pipeline/src/samplers/numpy-beta';
import { loadSimpleCsv, sharedPath } from '../support/shared';

/**
 * wdbc training rows (ids not in wdbc-test-ids.txt) in id order, features z-scored with the
 * training mean and population sd: the rows scripts/reference/imblearn-samplers.py resamples.
 */
function wdbcTraining(): { x: Matrix; y: Uint8Array } {
  const csv = loadSimpleCsv(sharedPath('data', 'wdbc.csv'));
  const testIds = new Set(readFileSync(sharedPath('reference', 'wdbc-test-ids.txt'), 'utf8').split(/\s+/).filter(Boolean).map(Number));
  const rows = csv.ids.flatMap((id, i) => (testIds.has(id) ? [] : [i]));
  const features = csv.header.filter((h) => h !== 'id' && h !== 'label');
  const x = matrix(rows.length, features.length);
  features.forEach((f, j) => {
    const col = rows.map((r) => csv.columns.get(f)![r]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    col.forEach((v, i) => (x.data[i * x.cols + j] = (v - mean) / sd));
  });
  return { x, y: Uint8Array.from(rows, (r) => csv.label[r]) };
}

const train = wdbcTraining();
const ref = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/imblearn-samplers.json'), 'utf8'));
const OVERSAMPLERS = ['smote', 'borderline_smote', 'adasyn', 'random_over'] as const;

const row = (m: Matrix, i: number) => m.data.subarray(i * m.cols, (i + 1) * m.cols);
const count = (y: Uint8Array, label: number) => y.reduce((a, v) => a + (v === label ? 1 : 0), 0);

/** Independent brute-force k nearest (sorting every distance), own row excluded; returns row indices. */
function nearest(x: Matrix, q: number, among: number[], k: number): number[] {
  const d = (r: number) => row(x, q).reduce((a, v, j) => a + (v - x.data[r * x.cols + j]) ** 2, 0);
  return among.filter((r) => r !== q).map((r) => [d(r), r]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, k).map((e) => e[1]);
}

/** Is s on the segment a -> b (s = a + u (b - a), 0 <= u < 1, to rounding)? */
function onSegment(s: Float64Array, a: Float64Array, b: Float64Array, maxU = 1): boolean {
  let num = 0;
  let den = 0;
  for (let j = 0; j < s.length; j++) {
    num += (s[j] - a[j]) * (b[j] - a[j]);
    den += (b[j] - a[j]) ** 2;
  }
  const u = den > 0 ? num / den : 0;
  if (u < -1e-12 || u > maxU + 1e-12) return false;
  for (let j = 0; j < s.length; j++) if (Math.abs(a[j] + u * (b[j] - a[j]) - s[j]) > 1e-9) return false;
  return true;
}

describe('kNearestNeighbours (brute force, blocked by 16 queries)', () => {
  it('equals a sort of all distances, over several query blocks, own row excluded', () => {
    const all = Array.from({ length: train.y.length }, (_, i) => i);
    const queries = all.filter((i) => i % 9 === 0);
    const got = kNearestNeighbours(train.x, Int32Array.from(queries), Int32Array.from(all), 7);
    queries.forEach((q, i) => expect(Array.from(got.subarray(i * 7, i * 7 + 7)), `query ${q}`).toEqual(nearest(train.x, q, all, 7)));
  });

  it('breaks distance ties by the lower candidate position', () => {
    // Row 0 at the origin; rows 1..4 all at distance 1; row 5 further away.
    const x = fromRows([[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1], [3, 3]]);
    const all = Int32Array.from([0, 1, 2, 3, 4, 5]);
    expect(Array.from(kNearestNeighbours(x, Int32Array.of(0), all, 3))).toEqual([1, 2, 3]);
    expect(Array.from(kNearestNeighbours(x, Int32Array.of(0), Int32Array.from([5, 4, 3, 2, 1, 0]), 3))).toEqual([1, 2, 3]);
  });
});

describe('oversamplers keep every original row and only append minority rows', () => {
  for (const id of OVERSAMPLERS) {
    it(id, () => {
      const out = createSampler(id, {}, 42)!.fitResample(train.x, train.y);
      expect(out.x.cols).toBe(train.x.cols);
      expect(out.x.data.subarray(0, train.x.data.length)).toEqual(train.x.data);
      expect(out.y.subarray(0, train.y.length)).toEqual(train.y);
      expect(out.y.subarray(train.y.length).every((v) => v === 1)).toBe(true);
      expect(out.x.rows).toBeGreaterThan(train.x.rows);
    });
  }
});

describe('class counts after each sampler on the wdbc training rows (170 positives, 285 negatives)', () => {
  it('SMOTE, Borderline-SMOTE-1 and random over-sampling with sampling_strategy auto: minority == majority', () => {
    for (const id of ['smote', 'borderline_smote', 'random_over'] as const) {
      const { y } = createSampler(id, {}, 42)!.fitResample(train.x, train.y);
      expect([count(y, 0), count(y, 1)], id).toEqual([285, 285]);
    }
  });

  it('random under-sampling: majority down to the minority count, rows drawn without replacement', () => {
    const { x, y } = createSampler('random_under', {}, 42)!.fitResample(train.x, train.y);
    expect([count(y, 0), count(y, 1)]).toEqual([170, 170]);
    const keys = new Set(Array.from({ length: x.rows }, (_, i) => row(x, i).join(',')));
    expect(keys.size).toBe(340);
  });

  it('ADASYN: n_minority + sum_i rint(r_i * G), r_i = share of majority rows among minority row i\'s 5 nearest, normalised; G = 285 - 170', () => {
    const all = Array.from({ length: train.y.length }, (_, i) => i);
    const minority = all.filter((i) => train.y[i] === 1);
    const r = minority.map((i) => nearest(train.x, i, all, 5).filter((j) => train.y[j] === 0).length / 5);
    const sum = r.reduce((a, b) => a + b, 0);
    // round half to even, as numpy's rint
    const rint = (v: number) => (Math.abs(v - Math.trunc(v)) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v));
    const expected = 170 + r.reduce((a, ri) => a + rint((ri / sum) * 115), 0);
    const { y } = createSampler('adasyn', {}, 42)!.fitResample(train.x, train.y);
    expect(count(y, 0)).toBe(285);
    expect(count(y, 1)).toBe(expected);
    expect(expected).toBe(ref.n_minority + ref.adasyn_per_row.reduce((a: number, b: number) => a + b, 0));
  });

  it('sampling_strategy 0.8 brings the minority to trunc(0.8 * 285) = 228', () => {
    const { y } = createSampler('smote', { sampling_strategy: 0.8 }, 42)!.fitResample(train.x, train.y);
    expect(count(y, 1)).toBe(228);
    expect(() => createSampler('smote', { sampling_strategy: 0.5 }, 42)!.fitResample(train.x, train.y)).toThrow(/fewer minority rows \(142\) than there are \(170\)/);
  });
});

describe('synthetic rows lie between a minority row and one of its k nearest minority neighbours', () => {
  const minority = Array.from({ length: train.y.length }, (_, i) => i).filter((i) => train.y[i] === 1);
  const knn = new Map(minority.map((i) => [i, nearest(train.x, i, minority, 5)]));
  const onSomeSegment = (s: Float64Array, bases: number[]) => bases.some((a) => knn.get(a)!.some((b) => onSegment(s, row(train.x, a), row(train.x, b))));

  for (const id of ['smote', 'adasyn', 'borderline_smote'] as const) {
    it(id, () => {
      const out = createSampler(id, {}, 42)!.fitResample(train.x, train.y);
      for (let s = train.x.rows; s < out.x.rows; s++) expect(onSomeSegment(row(out.x, s), minority), `synthetic row ${s}`).toBe(true);
    });
  }

  it('and a point off every segment is rejected by the check', () => {
    const off = Float64Array.from(row(train.x, minority[0]), (v) => v + 0.5);
    expect(onSomeSegment(off, minority)).toBe(false);
  });

  it('borderline-1 only starts from rows in danger: 5 <= majority rows among their 10 nearest < 10', () => {
    const all = Array.from({ length: train.y.length }, (_, i) => i);
    const danger = minority.filter((i) => {
      const m = nearest(train.x, i, all, 10).filter((j) => train.y[j] === 0).length;
      return m >= 5 && m < 10;
    });
    expect(danger.length).toBeGreaterThan(0);
    expect(danger.length).toBeLessThan(minority.length);
    const out = createSampler('borderline_smote', {}, 42)!.fitResample(train.x, train.y);
    for (let s = train.x.rows; s < out.x.rows; s++) expect(onSomeSegment(row(out.x, s), danger), `synthetic row ${s}`).toBe(true);
  });
});

describe('same rows as imbalanced-learn 0.10 with random_state=42 (numpy replay, scripts/reference/imblearn-samplers.py)', () => {
  const synthetic = (id: string) => {
    const out = createSampler(id as 'smote', {}, 42)!.fitResample(train.x, train.y);
    return Array.from({ length: out.x.rows - train.x.rows }, (_, i) => Array.from(row(out.x, train.x.rows + i)));
  };
  const close = (a: number[][], b: number[][]) => {
    expect(a.length).toBe(b.length);
    let worst = 0;
    a.forEach((r, i) => r.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j])))));
    expect(worst).toBeLessThan(1e-12);
  };

  it('SMOTE synthetic rows', () => close(synthetic('smote'), ref.smote));
  it('ADASYN synthetic rows', () => close(synthetic('adasyn'), ref.adasyn));

  it('random over-sampling appends the same minority rows', () => {
    const out = createSampler('random_over', {}, 42)!.fitResample(train.x, train.y);
    const expected = ref.random_over_rows.map((r: number) => Array.from(row(train.x, r)));
    close(synthetic('random_over'), expected);
    expect(out.x.rows).toBe(train.x.rows + ref.random_over_rows.length);
  });

  it('random under-sampling keeps the same rows in the same order', () => {
    const out = createSampler('random_under', {}, 42)!.fitResample(train.x, train.y);
    close(Array.from({ length: out.x.rows }, (_, i) => Array.from(row(out.x, i))), ref.random_under_rows.map((r: number) => Array.from(row(train.x, r))));
  });

  it('Borderline-SMOTE-2 splits the synthetic rows by f = RandomState(42).beta(10, 10)', () => {
    // numpy 2.4: RandomState(s).beta(10, 10) for s = 0, 42, 123
    expect(numpyBeta(new NumpyRandomState(0), 10, 10)).toBeCloseTo(0.5971578369693008, 14);
    expect(numpyBeta(new NumpyRandomState(42), 10, 10)).toBeCloseTo(0.5499465562958551, 14);
    expect(numpyBeta(new NumpyRandomState(123), 10, 3)).toBeCloseTo(0.589215343802272, 14);
    const f = 0.5499465562958551;
    const { y } = createSampler('borderline_smote', { kind: 'borderline-2' }, 42)!.fitResample(train.x, train.y);
    expect(count(y, 1)).toBe(170 + Math.floor(f * 116) + Math.floor((1 - f) * 115));
  });
});

describe('seeds', () => {
  for (const id of ['smote', 'borderline_smote', 'adasyn', 'random_over', 'random_under'] as const) {
    it(`${id}: same seed, same rows; another seed, other rows`, () => {
      const a = createSampler(id, {}, 7)!.fitResample(train.x, train.y);
      expect(createSampler(id, {}, 7)!.fitResample(train.x, train.y)).toEqual(a);
      expect(createSampler(id, {}, 8)!.fitResample(train.x, train.y).x.data).not.toEqual(a.x.data);
    });
  }
});

describe('errors', () => {
  const tiny = { x: fromRows([[0, 0], [1, 0], [0, 1], [1, 1], [5, 5], [6, 5], [5, 6], [2, 2], [3, 3], [4, 4], [7, 7], [8, 8]]), y: Uint8Array.of(0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0) };

  it('fewer minority rows than k_neighbors + 1 names the sampler, the count and k', () => {
    for (const [id, param] of [['smote', 'k_neighbors'], ['borderline_smote', 'k_neighbors'], ['adasyn', 'n_neighbors']] as const) {
      expect(() => createSampler(id, {}, 1)!.fitResample(tiny.x, tiny.y), id).toThrow(
        new RegExp(`^sampler\\.${id}: ${param} = 5 needs at least 6 rows of the minority class \\(label 1\\), got 3`),
      );
    }
    const ok = createSampler('smote', { k_neighbors: 2 }, 1)!.fitResample(tiny.x, tiny.y);
    expect(count(ok.y, 1)).toBe(9);
  });

  it('unknown ids and parameters, bad values, NaN and non-binary labels are RadSweepInputErrors naming them', () => {
    expect(() => createSampler('smot' as 'smote', {}, 1)).toThrow(/unknown sampler "smot"; known: none, smote/);
    expect(() => createSampler('smote', { k: 5 }, 1)).toThrow(/sampler\.smote\.k: unknown parameter 'k' for sampler 'smote'; known: k_neighbors, sampling_strategy/);
    expect(() => createSampler('smote', { k_neighbors: 0 }, 1)).toThrow(/sampler\.smote\.k_neighbors: must be an integer >= 1, got 0/);
    expect(() => createSampler('borderline_smote', { kind: 'borderline-3' }, 1)).toThrow(/sampler\.borderline_smote\.kind: expected one of "borderline-1", "borderline-2", got "borderline-3"/);
    expect(() => createSampler('adasyn', { sampling_strategy: 1.5 }, 1)).toThrow(/sampler\.adasyn\.sampling_strategy: must be 'auto' or a minority\/majority ratio in \(0, 1\], got 1\.5/);
    expect(() => createSampler('smote', {}, 1.5)).toThrow(RadSweepInputError);
    const nan = fromRows([[0, NaN], [1, 1]]);
    expect(() => createSampler('random_over', {}, 1)!.fitResample(nan, Uint8Array.of(0, 1))).toThrow(/row 0, column 1 is NaN/);
    expect(() => createSampler('random_over', {}, 1)!.fitResample(tiny.x, tiny.y.map((v) => v * 2))).toThrow(/labels must be 0 or 1/);
    expect(() => createSampler('random_over', {}, 1)!.fitResample(tiny.x, new Uint8Array(12))).toThrow(/both classes/);
  });

  it('the registry lists every id with its defaults; none gives no sampler', () => {
    expect([...SAMPLER_REGISTRY.keys()]).toEqual([...SAMPLER_IDS]);
    expect(SAMPLER_REGISTRY.get('smote')!.defaults).toEqual({ k_neighbors: 5, sampling_strategy: 'auto' });
    expect(createSampler('none', {}, 1)).toBeNull();
    expect(() => createSampler('none', { k_neighbors: 5 }, 1)).toThrow(/it takes none/);
  });
});

it('SMOTE runs on 2,000 x 1,000 rows (timing: benchmarks/samplers.bench.ts)', () => {
  const rng = new Rng(3);
  const x = matrix(2000, 1000, Float64Array.from({ length: 2_000_000 }, () => rng.normal()));
  const y = Uint8Array.from({ length: 2000 }, (_, i) => (i % 5 === 0 ? 1 : 0));
  const out = createSampler('smote', {}, 42)!.fitResample(x, y);
  expect([out.x.rows, count(out.y, 1)]).toEqual([3200, 1600]);
});
