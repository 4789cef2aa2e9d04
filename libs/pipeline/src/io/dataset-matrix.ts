import { Matrix, RadSweepInputError, matrix } from '@radsweep/core';
import type { Dataset } from './dataset';

/**
 * The given feature columns (and rows, default all, in the order given) as a
 * row-major matrix copy; missing cells stay NaN for the imputer.
 */
export function datasetMatrix(ds: Dataset, features: string[], rows?: ArrayLike<number>): Matrix {
  const cols = features.map((f) => {
    const c = ds.columns.get(f);
    if (!c) throw new RadSweepInputError(`'${f}' is not a numeric column of the data set`, ds.source);
    return c;
  });
  const n = rows ? rows.length : ds.ids.length;
  const p = cols.length;
  const out = matrix(n, p);
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    if (!(r >= 0 && r < ds.ids.length)) throw new RangeError(`datasetMatrix: row ${r} is out of range 0..${ds.ids.length - 1}`);
    const base = i * p;
    for (let j = 0; j < p; j++) out.data[base + j] = cols[j][r];
  }
  return out;
}
