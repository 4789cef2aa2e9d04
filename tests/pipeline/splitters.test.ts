import { describe, expect, it } from 'vitest';
import { RadSweepInputError, Rng } from '@radsweep/core';
import {
  foldsFromAssignment,
  holdoutFromIds,
  kFold,
  repeatedStratifiedKFold,
  stratifiedHoldout,
  stratifiedKFold,
} from '../../libs/pipeline/src/splitters';
import { loadSimpleCsv, readJson, sharedPath } from '../support/shared';

const datasets = [
  { name: 'wdbc', csv: 'wdbc.csv', ref: 'wdbc-sweep.json' },
  { name: 'crlm-synthetic', csv: 'crlm-synthetic.csv', ref: 'crlm-synthetic-radiomics-sweep.json' },
].map((d) => {
  const csv = loadSimpleCsv(sharedPath('data', d.csv));
  const ref = readJson('reference', d.ref);
  return { ...d, y: csv.label, ids: csv.ids.map(String), split: ref.split as { test_ids: number[]; train_ids: number[]; cv_fold_of_train_id: number[] } };
});

/** Random 0/1 labels with a given positive share. */
function randomLabels(n: number, share: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length: n }, () => (rng.next() < share ? 1 : 0));
}

function classCounts(y: Uint8Array, rows: ArrayLike<number>): [number, number] {
  let ones = 0;
  for (let i = 0; i < rows.length; i++) ones += y[rows[i]];
  return [rows.length - ones, ones];
}

describe('scikit-learn parity of the split and the CV folds', () => {
  for (const d of datasets) {
    it(`${d.name}: stratifiedHoldout(y, 0.2, 42) gives train_test_split's test and train ids, in its order`, () => {
      const s = stratifiedHoldout(d.y, 0.2, 42);
      expect(Array.from(s.testSplitOrder, (r) => Number(d.ids[r]))).toEqual(d.split.test_ids);
      expect(Array.from(s.trainSplitOrder, (r) => Number(d.ids[r]))).toEqual(d.split.train_ids);
    });

    it(`${d.name}: stratifiedKFold(5, seed 42) on the training rows in split order gives StratifiedKFold's folds`, () => {
      const s = stratifiedHoldout(d.y, 0.2, 42);
      const yTrain = Uint8Array.from(s.trainSplitOrder, (r) => d.y[r]);
      expect(Array.from(stratifiedKFold(yTrain, 5, 42))).toEqual(d.split.cv_fold_of_train_id);
    });

    it(`${d.name}: holdoutFromIds and foldsFromAssignment reproduce the reference split and folds`, () => {
      const h = holdoutFromIds(d.ids, d.split.test_ids.map(String), 'test-ids.txt');
      expect(Array.from(h.test, (r) => Number(d.ids[r]))).toEqual([...d.split.test_ids].sort((a, b) => a - b));
      expect(Array.from(h.train, (r) => Number(d.ids[r]))).toEqual([...d.split.train_ids].sort((a, b) => a - b));
      const foldOf = new Map(d.split.train_ids.map((id, i) => [String(id), d.split.cv_fold_of_train_id[i]]));
      const trainIds = d.split.train_ids.map(String);
      expect(Array.from(foldsFromAssignment(trainIds, foldOf, 'folds.csv'))).toEqual(d.split.cv_fold_of_train_id);
    });
  }
});

describe('stratifiedHoldout properties', () => {
  const cases = [
    { n: 197, share: 0.19, testSize: 0.2 },
    { n: 569, share: 0.37, testSize: 0.25 },
    { n: 50, share: 0.5, testSize: 0.3 },
    { n: 1001, share: 0.07, testSize: 0.1 },
  ];
  for (const c of cases) {
    it(`n=${c.n}, positives ~${c.share}, testSize ${c.testSize}: sizes, disjoint cover, class ratio, sorted, determinism`, () => {
      const y = randomLabels(c.n, c.share, c.n);
      const s = stratifiedHoldout(y, c.testSize, 7);
      const nTest = Math.ceil(c.n * c.testSize);
      expect(s.test.length).toBe(nTest);
      expect(s.train.length).toBe(c.n - nTest);
      const seen = new Uint8Array(c.n);
      for (const r of [...s.train, ...s.test]) seen[r]++;
      expect(seen.every((v) => v === 1)).toBe(true);
      for (const a of [s.train, s.test]) for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]);
      const all = classCounts(y, Int32Array.from({ length: c.n }, (_, i) => i));
      const test = classCounts(y, s.test);
      for (const k of [0, 1]) expect(Math.abs(test[k] - (all[k] * nTest) / c.n)).toBeLessThan(1);
      expect(stratifiedHoldout(y, c.testSize, 7)).toEqual(s);
      expect(Array.from(stratifiedHoldout(y, c.testSize, 8).test)).not.toEqual(Array.from(s.test));
    });
  }

  it('refuses bad input with a RadSweepInputError saying what is wrong', () => {
    const y = randomLabels(40, 0.4, 1);
    expect(() => stratifiedHoldout(y, 0, 1)).toThrow(/testSize must lie strictly between 0 and 1, got 0/);
    expect(() => stratifiedHoldout(y, 1.2, 1)).toThrow(RadSweepInputError);
    expect(() => stratifiedHoldout(Uint8Array.of(0, 1, 2, 0), 0.5, 1)).toThrow(/row 2 has 2/);
    expect(() => stratifiedHoldout(Uint8Array.of(0, 0, 0, 1), 0.5, 1)).toThrow(/3 of label 0 and 1 of label 1/);
    expect(() => stratifiedHoldout(y, 0.2, -1)).toThrow(/seed/);
  });
});

describe('stratifiedKFold properties', () => {
  for (const [n, share, k] of [[197, 0.19, 5], [455, 0.37, 10], [60, 0.5, 3], [31, 0.3, 4]] as const) {
    it(`n=${n}, positives ~${share}, k=${k}: every row in one fold, per-class fold sizes differ by <= 1, seeded`, () => {
      const y = randomLabels(n, share, n + k);
      const folds = stratifiedKFold(y, k, 42);
      for (const cls of [0, 1]) {
        const perFold = new Array(k).fill(0);
        folds.forEach((f, i) => y[i] === cls && perFold[f]++);
        expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
      }
      expect(folds.every((f) => f >= 0 && f < k)).toBe(true);
      expect(stratifiedKFold(y, k, 42)).toEqual(folds);
      expect(Array.from(stratifiedKFold(y, k, 43))).not.toEqual(Array.from(folds));
    });
  }

  it('without shuffle, each class fills folds 0..k-1 in row order whatever the seed', () => {
    const y = Uint8Array.of(1, 0, 0, 1, 0, 1, 0, 0, 1, 0);
    const folds = stratifiedKFold(y, 2, 1, false);
    expect(Array.from(folds)).toEqual(Array.from(stratifiedKFold(y, 2, 99, false)));
    // label 1 (appears first): 4 rows -> folds 0,0,1,1; label 0: 6 rows -> 0,0,0,1,1,1.
    expect(Array.from(folds)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('refuses a class with fewer rows than folds, naming the counts', () => {
    const y = Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1);
    expect(() => stratifiedKFold(y, 5, 1)).toThrow(/at least 5 rows of each class, got 6 of label 0 and 4 of label 1/);
    expect(() => stratifiedKFold(y, 1, 1)).toThrow(RadSweepInputError);
  });

  it('repeatedStratifiedKFold: repeat 0 equals stratifiedKFold, repeats differ, each is stratified', () => {
    const y = randomLabels(120, 0.3, 5);
    const reps = repeatedStratifiedKFold(y, 5, 3, 42);
    expect(reps).toHaveLength(3);
    expect(reps[0]).toEqual(stratifiedKFold(y, 5, 42));
    expect(Array.from(reps[1])).not.toEqual(Array.from(reps[0]));
    expect(Array.from(reps[2])).not.toEqual(Array.from(reps[1]));
    for (const folds of reps) {
      const pos = new Array(5).fill(0);
      folds.forEach((f, i) => y[i] && pos[f]++);
      expect(Math.max(...pos) - Math.min(...pos)).toBeLessThanOrEqual(1);
    }
    expect(repeatedStratifiedKFold(y, 5, 3, 42)).toEqual(reps);
  });
});

describe('kFold (unshuffled, as KFold)', () => {
  it('contiguous blocks, the first n % k one larger', () => {
    expect(Array.from(kFold(10, 3))).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const f = kFold(197, 10);
    const sizes = new Array(10).fill(0);
    f.forEach((v) => sizes[v]++);
    expect(sizes).toEqual([20, 20, 20, 20, 20, 20, 20, 19, 19, 19]);
    for (let i = 1; i < f.length; i++) expect(f[i] - f[i - 1]).toBeGreaterThanOrEqual(0);
    expect(() => kFold(3, 5)).toThrow(/at least 5 rows, got 3/);
  });
});

describe('given splits refuse bad id lists', () => {
  const ids = Array.from({ length: 30 }, (_, i) => `P${i}`);

  it('holdoutFromIds: unknown ids listed (at most 10) with their count; duplicates refused', () => {
    const unknown = Array.from({ length: 12 }, (_, i) => `X${i}`);
    let err: unknown;
    try {
      holdoutFromIds(ids, ['P1', ...unknown], 'split.txt');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RadSweepInputError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^split\.txt: 12 test id\(s\) are not in the data/);
    expect(msg).toContain('"X9"');
    expect(msg).not.toContain('"X10"');
    expect(() => holdoutFromIds(ids, ['P1', 'P2', 'P1'], 'split.txt')).toThrow(/1 test id\(s\) are listed more than once: "P1"/);
    expect(() => holdoutFromIds(ids, [], 'split.txt')).toThrow(/empty/);
    expect(() => holdoutFromIds(ids, ids, 'split.txt')).toThrow(/no training rows/);
  });

  it('foldsFromAssignment: missing ids, foreign ids and gaps in fold numbers are errors', () => {
    const full = new Map(ids.map((id, i) => [id, i % 3]));
    expect(Array.from(foldsFromAssignment(ids, full, 'folds.csv'))).toEqual(ids.map((_, i) => i % 3));
    const missing = new Map(full);
    missing.delete('P4');
    expect(() => foldsFromAssignment(ids, missing, 'folds.csv')).toThrow(/folds\.csv: 1 training id\(s\) have no fold: "P4"/);
    expect(() => foldsFromAssignment(ids, new Map([...full, ['T1', 0]]), 'folds.csv')).toThrow(/not training rows: "T1"/);
    expect(() => foldsFromAssignment(ids, new Map(ids.map((id, i) => [id, i % 2 ? 3 : 0])), 'folds.csv')).toThrow(/empty: 1, 2/);
  });
});
