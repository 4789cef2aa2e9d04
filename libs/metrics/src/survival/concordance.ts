import { RadSweepInputError } from '@radsweep/core';
import { censoringKaplanMeier, survivalBefore } from './kaplan-meier';
import { checkHorizon, checkPerPatient, checkSurvival, orderByTime } from './survival-input';

/**
 * A concordance index with its counts and standard error. Counts are weighted by the time weight of
 * the pair's event time (1 for Harrell's C).
 */
export interface Concordance {
  /** (concordant + tiedRisk / 2) / comparable. */
  readonly concordance: number;
  /** Infinitesimal-jackknife standard error (survival::concordance's sqrt(var)). */
  readonly stdErr: number;
  /** Comparable pairs in which the patient with the event has the higher risk. */
  readonly concordant: number;
  readonly discordant: number;
  /** Comparable pairs with equal risk (each counts 1/2). */
  readonly tiedRisk: number;
  /** concordant + discordant + tiedRisk. */
  readonly comparable: number;
}

/**
 * Harrell's C for a risk score (higher = earlier event, e.g. a Cox linear predictor), with R's
 * survival::concordance conventions (`reverse = TRUE`): a pair (i, j) is comparable when i has an event at
 * t_i and j is still under observation after it (t_j > t_i, or t_j = t_i with j censored); pairs of events
 * at the same time are not comparable; pairs tied on the risk count 1/2.
 * C = (concordant + tied / 2) / comparable. Standard error: the infinitesimal jackknife of survival 3.5,
 * dfbeta_k = ((C_k - D_k) - (C_k + D_k + T_k) (C - D) / P) / (2 P), var = sum_k dfbeta_k^2, where C_k,
 * D_k, T_k are the concordant, discordant and tied pairs patient k takes part in and P the comparable pairs.
 * Reference: Harrell et al., JAMA 247, 1982; Therneau & Atkinson, "The concordance statistic" (survival
 * vignette); R survival::concordance (concordance.R, concordance3.c). R's `timefix` (aeqSurv) merging of
 * near-equal times is not applied: times are compared exactly.
 */
export function harrellC(time: Float64Array, event: Uint8Array, risk: Float64Array): Concordance {
  checkSurvival('harrellC', time, event);
  checkPerPatient('harrellC', 'risk', risk, time.length);
  return weightedConcordance(time, event, risk, () => 1);
}

/**
 * Uno's C truncated at tau: Harrell's pairs, each weighted by 1 / G(t_i-)^2 at the event time t_i, and 0
 * when t_i > tau, with G the Kaplan-Meier estimate of the censoring distribution (censoringKaplanMeier).
 * Standard error as for harrellC, with G held fixed.
 * Reference: Uno et al., Statistics in Medicine 30, 2011; R survival::concordance(timewt = "n/G2",
 * ymax = tau, reverse = TRUE) (survival 3.5; G from its fastkm1). With fewer than two events R falls back
 * to weight 1, and so does this.
 */
export function unoC(time: Float64Array, event: Uint8Array, risk: Float64Array, tau: number): Concordance {
  const events = checkSurvival('unoC', time, event);
  checkPerPatient('unoC', 'risk', risk, time.length);
  checkHorizon('unoC', tau, time, 'tau');
  if (events < 2) return weightedConcordance(time, event, risk, (t) => (t > tau ? 0 : 1));
  const g = censoringKaplanMeier(time, event);
  return weightedConcordance(time, event, risk, (t) => (t > tau ? 0 : 1 / survivalBefore(g, t) ** 2));
}

/** A Fenwick tree of weights over risk ranks 0..size-1. */
class RankTree {
  private readonly sums: Float64Array;
  private readonly node: Float64Array;
  total = 0;
  constructor(size: number) {
    this.sums = new Float64Array(size + 1);
    this.node = new Float64Array(size);
  }
  add(rank: number, w: number): void {
    this.node[rank] += w;
    this.total += w;
    for (let k = rank + 1; k < this.sums.length; k += k & -k) this.sums[k] += w;
  }
  /** Weight at ranks < rank. */
  below(rank: number): number {
    let s = 0;
    for (let k = rank; k > 0; k -= k & -k) s += this.sums[k];
    return s;
  }
  /** [below, equal, above] the rank. */
  split(rank: number): [number, number, number] {
    const below = this.below(rank);
    const equal = this.node[rank];
    return [below, equal, this.total - below - equal];
  }
}

/** The pair counts and influence of every patient in O(n log n), `weight(t)` the weight of an event at t. */
function weightedConcordance(time: Float64Array, event: Uint8Array, risk: Float64Array, weight: (t: number) => number): Concordance {
  const n = time.length;
  const unique = Float64Array.from(new Set(risk)).sort();
  const rankOf = new Map(Array.from(unique, (r, k) => [r, k]));
  const rank = Int32Array.from(risk, (r) => rankOf.get(r)!);
  const order = orderByTime(time, event);
  const groups: Array<[number, number]> = [];
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && time[order[j]] === time[order[i]]) j++;
    groups.push([i, j]);
    i = j;
  }
  // weighted pairs each patient takes part in: concordant, discordant, tied on risk
  const con = new Float64Array(n);
  const dis = new Float64Array(n);
  const tie = new Float64Array(n);
  let concordant = 0;
  let discordant = 0;
  let tiedRisk = 0;
  // the patient with the event against the risk set after its time (latest times first); censorings
  // at the event time are in the risk set, other events at that time are not
  const atRisk = new RankTree(unique.length);
  for (let g = groups.length - 1; g >= 0; g--) {
    const [a, b] = groups[g];
    for (let k = a; k < b; k++) if (event[order[k]] === 0) atRisk.add(rank[order[k]], 1);
    for (let k = a; k < b; k++) {
      const p = order[k];
      if (event[p] === 0) continue;
      const w = weight(time[p]);
      const [below, equal, above] = atRisk.split(rank[p]);
      con[p] += w * below;
      dis[p] += w * above;
      tie[p] += w * equal;
      concordant += w * below;
      discordant += w * above;
      tiedRisk += w * equal;
    }
    for (let k = a; k < b; k++) if (event[order[k]] === 1) atRisk.add(rank[order[k]], 1);
  }
  // the patient under observation against the earlier events (earliest times first): an event sees the
  // events strictly before it, a censoring also those at its own time
  const earlier = new RankTree(unique.length);
  const survivorSide = (p: number) => {
    const [below, equal, above] = earlier.split(rank[p]);
    con[p] += above;
    dis[p] += below;
    tie[p] += equal;
  };
  for (const [a, b] of groups) {
    for (let k = a; k < b; k++) if (event[order[k]] === 1) survivorSide(order[k]);
    for (let k = a; k < b; k++) if (event[order[k]] === 1) earlier.add(rank[order[k]], weight(time[order[k]]));
    for (let k = a; k < b; k++) if (event[order[k]] === 0) survivorSide(order[k]);
  }
  const comparable = concordant + discordant + tiedRisk;
  if (!(comparable > 0)) {
    throw new RadSweepInputError('concordance: no comparable pair (no event followed by a longer follow-up)', 'event');
  }
  const somers = (concordant - discordant) / comparable;
  let variance = 0;
  for (let p = 0; p < n; p++) {
    const dfbeta = (con[p] - dis[p] - (con[p] + dis[p] + tie[p]) * somers) / (2 * comparable);
    variance += dfbeta * dfbeta;
  }
  return {
    concordance: (somers + 1) / 2,
    stdErr: Math.sqrt(variance),
    concordant,
    discordant,
    tiedRisk,
    comparable,
  };
}
