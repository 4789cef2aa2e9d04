import { Rng } from '@radsweep/core';
import { harrellC, percentileOfSorted } from '@radsweep/metrics';

/** The paired bootstrap of a difference of Harrell's C (see pairedBootstrapCIndex). */
export interface PairedBootstrapCIndex {
  /** C(a) - C(b) on the patients as given (not resampled). */
  difference: number;
  resamples: number;
  seed: number;
  /** Resamples without a comparable pair for one of the models (C undefined): left out. */
  skipped: number;
  /** Standard deviation of the resampled differences. */
  stdErr: number;
  /** Percentile 95 % interval of the resampled differences. */
  lower: number;
  upper: number;
  /** Two-sided: min(1, 2 * min(share of differences <= 0, share >= 0)). */
  pValue: number;
}

/**
 * Paired bootstrap of the difference of two risk scores' Harrell's C on the same patients: `resamples` times,
 * n patients are drawn with replacement (Rng(seed): one seed, one answer) and both scores are rated on the
 * same draw, so the interval accounts for the correlation of the two C-indices. Percentile interval
 * (2.5 %, 97.5 %, R's quantile type 7); two-sided p from the share of resampled differences on either side of 0.
 * Reference: Efron & Tibshirani, An Introduction to the Bootstrap, 1993, ch. 13 and 16.
 */
export function pairedBootstrapCIndex(time: Float64Array, event: Uint8Array, riskA: Float64Array, riskB: Float64Array, resamples: number, seed: number): PairedBootstrapCIndex {
  const n = time.length;
  const difference = harrellC(time, event, riskA).concordance - harrellC(time, event, riskB).concordance;
  const rng = new Rng(seed);
  const t = new Float64Array(n);
  const e = new Uint8Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const diffs: number[] = [];
  let skipped = 0;
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const k = rng.int(n);
      t[i] = time[k];
      e[i] = event[k];
      a[i] = riskA[k];
      b[i] = riskB[k];
    }
    const d = cIndexOrNaN(t, e, a) - cIndexOrNaN(t, e, b);
    if (Number.isFinite(d)) diffs.push(d);
    else skipped++;
  }
  const sorted = Float64Array.from(diffs).sort();
  const m = sorted.length;
  const mean = diffs.reduce((s, d) => s + d, 0) / m;
  const stdErr = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (m - 1));
  const below = diffs.filter((d) => d <= 0).length / m;
  const above = diffs.filter((d) => d >= 0).length / m;
  return {
    difference,
    resamples,
    seed,
    skipped,
    stdErr,
    lower: percentileOfSorted(sorted, 2.5),
    upper: percentileOfSorted(sorted, 97.5),
    pValue: Math.min(1, 2 * Math.min(below, above)),
  };
}

/** Harrell's C of a resample, NaN where it has no event or no comparable pair. */
function cIndexOrNaN(time: Float64Array, event: Uint8Array, risk: Float64Array): number {
  if (!event.some((v) => v === 1)) return NaN;
  try {
    return harrellC(time, event, risk).concordance;
  } catch {
    return NaN;
  }
}

/** pairedBootstrapCIndex as a request-work thread job (one input object). */
export function pairedBootstrapCIndexJob(job: { time: Float64Array; event: Uint8Array; riskA: Float64Array; riskB: Float64Array; resamples: number; seed: number }): PairedBootstrapCIndex {
  return pairedBootstrapCIndex(job.time, job.event, job.riskA, job.riskB, job.resamples, job.seed);
}
