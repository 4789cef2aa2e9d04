import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cohortCsv, generateCohort, type CohortOptions } from '../../libs/pipeline/src/synthetic';
import { loadSimpleCsv } from '../support/shared';

const cache = new Map<string, ReturnType<typeof loadSimpleCsv> & { text: string }>();

/** A generated cohort written as CSV and read back with the independent test reader (cached per options). */
export function cohortFromCsv(opts: CohortOptions) {
  const key = JSON.stringify(opts);
  if (!cache.has(key)) {
    const text = cohortCsv(generateCohort(opts));
    const path = join(mkdtempSync(join(tmpdir(), 'radsweep-cohort-')), 'cohort.csv');
    writeFileSync(path, text);
    cache.set(key, { ...loadSimpleCsv(path), text });
  }
  return cache.get(key)!;
}

/** Sample skewness (biased, as scipy.stats.skew). */
export function skewness(x: Float64Array): number {
  const n = x.length;
  let m = 0;
  for (const v of x) m += v;
  m /= n;
  let m2 = 0;
  let m3 = 0;
  for (const v of x) {
    m2 += (v - m) ** 2;
    m3 += (v - m) ** 3;
  }
  m2 /= n;
  m3 /= n;
  return m3 / m2 ** 1.5;
}

/** Ranks (ties averaged), for Spearman correlation. */
function ranks(x: Float64Array): Float64Array {
  const idx = Array.from(x, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(x.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

export function spearman(a: Float64Array, b: Float64Array): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length;
  return m % 2 ? s[(m - 1) / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
}
