import { describe, expect, it } from 'vitest';
import { RadSweepInputError } from '@radsweep/core';
import { generateCohort, readReferenceMarginals, referenceMarginalsFromCsv } from '../../libs/pipeline/src/synthetic';
import { hasShared, loadSimpleCsv, sharedPath } from '../support/shared';
import { median, skewness, spearman } from './synthetic-support';

/**
 * The generator given the marginals of shared/data/crlm-synthetic.csv reproduces its heavy
 * tails. These tests need ../shared and FAIL (they are not skipped) when it is missing.
 */
const SHARED_CSV = sharedPath('data', 'crlm-synthetic.csv');
const requireShared = () => expect(hasShared, `${SHARED_CSV}: the shared data directory is missing`).toBe(true);

let reference: ReturnType<typeof loadSimpleCsv> | undefined;
const shared = () => (reference ??= loadSimpleCsv(SHARED_CSV));
const radiomics = (header: string[]) => header.slice(16);
const column = (rows: Float64Array[], j: number) => Float64Array.from(rows, (r) => r[j]);

describe('synthetic cohort with the shared cohort\'s marginals', () => {
  it('a 2,000-patient cohort has the shared file\'s per-column skewness distribution', () => {
    requireShared();
    const ref = shared();
    const c = generateCohort({ patients: 2000, seed: 7, marginals: readReferenceMarginals(SHARED_CSV) });
    const names = radiomics(ref.header);
    expect(radiomics(c.header)).toEqual(names);
    const refSkew = names.map((h) => skewness(ref.columns.get(h)!));
    const genSkew = names.map((_, k) => skewness(column(c.rows, 16 + k)));
    const refHeavy = refSkew.filter((s) => s > 5).length;
    expect(refHeavy).toBe(134); // as issue 15 says
    const genHeavy = genSkew.filter((s) => s > 5).length;
    expect(Math.abs(genHeavy - refHeavy)).toBeLessThanOrEqual(0.1 * refHeavy);
    const refMedian = median(refSkew.map(Math.abs));
    expect(Math.abs(median(genSkew.map(Math.abs)) - refMedian)).toBeLessThanOrEqual(0.2 * refMedian);
    // column by column too, not only in distribution: most columns keep their skewness within 25 %
    const close = names.filter((_, k) => Math.abs(genSkew[k] - refSkew[k]) <= 0.25 * Math.max(1, Math.abs(refSkew[k]))).length;
    expect(close / names.length).toBeGreaterThan(0.9);
    // and the built-in marginals do not (what this option is for)
    const builtIn = generateCohort({ patients: 197, seed: 42 });
    expect(radiomics(builtIn.header).filter((_, k) => skewness(column(builtIn.rows, 16 + k)) > 5).length).toBeLessThan(0.6 * refHeavy);
  });

  it('a cohort as large as the reference holds exactly the reference\'s values in every radiomics column', () => {
    requireShared();
    const ref = shared();
    const c = generateCohort({ patients: ref.ids.length, seed: 3, marginals: readReferenceMarginals(SHARED_CSV) });
    radiomics(c.header).forEach((h, k) => {
      const gen = column(c.rows, 16 + k).sort();
      const want = Float64Array.from(ref.columns.get(h)!).sort();
      expect([h, Array.from(gen)]).toEqual([h, Array.from(want)]);
    });
  });

  it('keeps the generated ranks (so rank correlations, label and clinical columns are those of the built-in cohort)', () => {
    requireShared();
    const opts = { patients: 300, seed: 5 };
    const plain = generateCohort(opts);
    const mapped = generateCohort({ ...opts, marginals: readReferenceMarginals(SHARED_CSV) });
    for (const j of [0, 1, 2, 10, 15]) expect(column(mapped.rows, j)).toEqual(column(plain.rows, j));
    for (const j of [16, 40, 300, 700, 1010]) expect(spearman(column(mapped.rows, j), column(plain.rows, j))).toBe(1);
    expect(spearman(column(mapped.rows, 30), column(mapped.rows, 31))).toBeCloseTo(spearman(column(plain.rows, 30), column(plain.rows, 31)), 12);
  });

  it('is deterministic for a seed', () => {
    requireShared();
    const m = readReferenceMarginals(SHARED_CSV);
    const a = generateCohort({ patients: 120, seed: 9, marginals: m });
    const b = generateCohort({ patients: 120, seed: 9, marginals: m });
    expect(a.rows.map((r) => Array.from(r))).toEqual(b.rows.map((r) => Array.from(r)));
  });
});

describe('reference marginals: bad input', () => {
  it('names the file, line and column of a non-numeric cell', () => {
    expect(() => referenceMarginalsFromCsv('id,a\n1,2\n2,x\n', 'ref.csv')).toThrow(RadSweepInputError);
    expect(() => referenceMarginalsFromCsv('id,a\n1,2\n2,x\n', 'ref.csv')).toThrow(/^ref\.csv: line 3, column "a": not a number/);
    expect(() => referenceMarginalsFromCsv('id,a\n1,2\n2\n', 'ref.csv')).toThrow(/line 3 has 1 cells/);
    expect(() => readReferenceMarginals('/nonexistent/ref.csv')).toThrow(/cannot read the reference cohort/);
  });

  it('leaves missing values out and sorts', () => {
    const m = referenceMarginalsFromCsv('id,a\n1,3\n2,\n3,1\n', 'ref.csv');
    expect(Array.from(m.get('a')!)).toEqual([1, 3]);
  });
});
