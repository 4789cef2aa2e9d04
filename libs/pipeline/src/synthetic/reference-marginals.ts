import { readFileSync } from 'node:fs';
import { RadSweepInputError } from '@radsweep/core';
import { roundSignificant } from './marginal-value';

/**
 * The empirical marginal of each column of a reference cohort: its observed values,
 * sorted ascending, missing values left out. Used to make a synthetic cohort reproduce a
 * real (or shared) cohort's marginals, heavy tails included.
 */
export type ReferenceMarginals = Map<string, Float64Array>;

/**
 * Reads the numeric columns of a CSV (header line, numbers, empty cell = missing) as
 * reference marginals. `source` names the file in errors.
 */
export function referenceMarginalsFromCsv(text: string, source: string): ReferenceMarginals {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length < 3) throw new RadSweepInputError(`needs a header and at least 2 rows, got ${lines.length} lines`, source);
  const header = lines[0].split(',');
  const values = header.map(() => [] as number[]);
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    if (cells.length !== header.length) {
      throw new RadSweepInputError(`line ${i + 1} has ${cells.length} cells, the header ${header.length}`, source);
    }
    for (let j = 0; j < header.length; j++) {
      if (cells[j] === '') continue;
      const v = Number(cells[j]);
      if (!Number.isFinite(v)) throw new RadSweepInputError(`line ${i + 1}, column "${header[j]}": not a number: "${cells[j]}"`, source);
      values[j].push(v);
    }
  }
  return new Map(header.map((h, j) => [h, Float64Array.from(values[j]).sort()]));
}

/** referenceMarginalsFromCsv on a file. */
export function readReferenceMarginals(path: string): ReferenceMarginals {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RadSweepInputError(`cannot read the reference cohort: ${(e as Error).message}`, path);
  }
  return referenceMarginalsFromCsv(text, path);
}

/**
 * The reference's quantile at probability p in [0, 1]: linear interpolation between
 * order statistics (numpy's default, "type 7").
 */
export function referenceQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Share of the gap to the neighbouring order statistic that a value drawn near a
 * reference value may move: small, so each reference value keeps its share of the mass
 * (moments and tails stay those of the reference), not zero, so a cohort larger than the
 * reference has distinct values rather than ties.
 */
const SPREAD = 0.2;

/**
 * The reference value at probability p in (0, 1) for resampling: with h = p m - 1/2, the
 * nearest order statistic k = round(h) (each of the m values owns a 1/m slice of p, the
 * extremes included), moved towards its neighbour by SPREAD x |h - k| of the gap. Unlike
 * plain interpolation this keeps the tails: the mass of the largest value stays near it
 * instead of spreading evenly down to the second largest.
 */
export function referenceResample(sorted: Float64Array, p: number): number {
  const h = sorted.length * p - 0.5;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.round(h)));
  const frac = h - k;
  const neighbour = frac >= 0 ? Math.min(sorted.length - 1, k + 1) : Math.max(0, k - 1);
  return sorted[k] + SPREAD * Math.abs(frac) * (sorted[neighbour] - sorted[k]);
}

/**
 * Replaces column j (an index into each row) of `rows`, in place, by the reference
 * marginal `sorted` at the same ranks: the patient of rank r (0-based, ties broken by
 * row order) among n gets referenceResample(sorted, (r + 1/2) / n): a cohort as large
 * as the reference gets exactly its values, a larger one about n / m copies of each,
 * spread a little. Ranks are kept, so the cohort's rank correlations
 * are unchanged; missing values stay missing. Values are rounded to 8 significant digits,
 * as measured values are (roundSignificant).
 */
export function mapColumnToReference(rows: Float64Array[], j: number, sorted: Float64Array): void {
  const present: number[] = [];
  for (let i = 0; i < rows.length; i++) if (!Number.isNaN(rows[i][j])) present.push(i);
  present.sort((a, b) => rows[a][j] - rows[b][j] || a - b);
  const n = present.length;
  for (let r = 0; r < n; r++) rows[present[r]][j] = roundSignificant(referenceResample(sorted, (r + 0.5) / n));
}
