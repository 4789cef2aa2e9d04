import { Rng } from '@radsweep/core';
import { checkPerPatient, checkSurvival, harrellC, percentileOfSorted } from '@radsweep/metrics';

/** The paired bootstrap of a difference of Harrell's C (see pairedBootstrapCIndex). */
export interface PairedBootstrapCIndex {
  /** C(a) - C(b) on the patients as given (not resampled). */
  difference: number;
  resamples: number;
  seed: number;
  /** Resamples without a comparable pair (C undefined): left out. */
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
 * A draw is rated as the patients weighted by how often they were drawn (weightedHarrellC), which is Harrell's C
 * of the drawn cohort without building it. Reference: Efron & Tibshirani, An Introduction to the Bootstrap,
 * 1993, ch. 13 and 16.
 */
export function pairedBootstrapCIndex(time: Float64Array, event: Uint8Array, riskA: Float64Array, riskB: Float64Array, resamples: number, seed: number): PairedBootstrapCIndex {
  const n = time.length;
  checkSurvival('pairedBootstrapCIndex', time, event);
  checkPerPatient('pairedBootstrapCIndex', 'riskA', riskA, n);
  checkPerPatient('pairedBootstrapCIndex', 'riskB', riskB, n);
  const difference = harrellC(time, event, riskA).concordance - harrellC(time, event, riskB).concordance;
  const a = new ConcordanceCounter(time, event, riskA);
  const b = new ConcordanceCounter(time, event, riskB);
  const rng = new Rng(seed);
  const drawn = new Float64Array(n);
  const diffs: number[] = [];
  let skipped = 0;
  for (let r = 0; r < resamples; r++) {
    drawn.fill(0);
    for (let i = 0; i < n; i++) drawn[rng.int(n)]++;
    const d = a.concordance(drawn) - b.concordance(drawn);
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
    lower: m > 0 ? percentileOfSorted(sorted, 2.5) : NaN,
    upper: m > 0 ? percentileOfSorted(sorted, 97.5) : NaN,
    pValue: m > 0 ? Math.min(1, 2 * Math.min(below, above)) : NaN,
  };
}

/**
 * Harrell's C of one risk score on a cohort whose patients count `weight[i]` times (a bootstrap draw), with
 * survival::concordance's conventions as harrellC: a pair (i, j) is comparable when i has the event and j is
 * followed longer (or as long, censored); concordant when i's risk is higher, tied risks count 1/2. Two
 * copies of one patient are never comparable (same time, both events or both censored). The time order and
 * risk ranks are computed once; each weighting is one pass with a Fenwick tree over the risk ranks.
 */
export class ConcordanceCounter {
  private readonly order: Int32Array;
  /** [start, end) in `order` of each distinct time, latest first. */
  private readonly groups: [number, number][] = [];
  private readonly rank: Int32Array;
  private readonly tree: Float64Array;

  constructor(
    time: Float64Array,
    private readonly event: Uint8Array,
    risk: Float64Array,
  ) {
    const n = time.length;
    this.order = Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => time[j] - time[i]);
    for (let a = 0; a < n; ) {
      let b = a + 1;
      while (b < n && time[this.order[b]] === time[this.order[a]]) b++;
      this.groups.push([a, b]);
      a = b;
    }
    const unique = [...new Set(risk)].sort((u, v) => u - v);
    const rankOf = new Map(unique.map((v, k) => [v, k + 1]));
    this.rank = Int32Array.from(risk, (v) => rankOf.get(v)!);
    this.tree = new Float64Array(unique.length + 1);
  }

  /** C of the cohort weighted by `weight` (one weight per patient); NaN without a comparable pair. */
  concordance(weight: Float64Array): number {
    const { order, rank, tree, event } = this;
    tree.fill(0);
    let total = 0;
    let concordant = 0;
    let discordant = 0;
    let tied = 0;
    const add = (r: number, w: number) => {
      for (let k = r; k < tree.length; k += k & -k) tree[k] += w;
      total += w;
    };
    const below = (r: number) => {
      let s = 0;
      for (let k = r - 1; k > 0; k -= k & -k) s += tree[k];
      return s;
    };
    for (const [a, b] of this.groups) {
      // censored at this time: followed as long as the events at it
      for (let k = a; k < b; k++) if (event[order[k]] === 0 && weight[order[k]] > 0) add(rank[order[k]], weight[order[k]]);
      for (let k = a; k < b; k++) {
        const p = order[k];
        const w = weight[p];
        if (event[p] !== 1 || w === 0) continue;
        const lower = below(rank[p]);
        const equal = below(rank[p] + 1) - lower;
        concordant += w * lower;
        tied += w * equal;
        discordant += w * (total - lower - equal);
      }
      for (let k = a; k < b; k++) if (event[order[k]] === 1 && weight[order[k]] > 0) add(rank[order[k]], weight[order[k]]);
    }
    const comparable = concordant + discordant + tied;
    if (!(comparable > 0)) return NaN;
    return ((concordant - discordant) / comparable + 1) / 2;
  }
}

/** pairedBootstrapCIndex as a request-work thread job (one input object). */
export function pairedBootstrapCIndexJob(job: { time: Float64Array; event: Uint8Array; riskA: Float64Array; riskB: Float64Array; resamples: number; seed: number }): PairedBootstrapCIndex {
  return pairedBootstrapCIndex(job.time, job.event, job.riskA, job.riskB, job.resamples, job.seed);
}
