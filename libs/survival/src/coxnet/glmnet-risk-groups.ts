import { RadSweepInputError } from '@radsweep/core';
import { singletonSortOrder } from './singleton-sort';

/**
 * glmnet's Breslow risk sets (Fortran `groups`, glmnet 4.1): rows sorted by time with
 * `singletonSortOrder`; rows before the first event time dropped; group k holds the sorted rows
 * from the first event at the k-th event time up to the row before the first event at the next
 * one. The risk set of event time k is groups k..K. A censored row tied with an event time falls
 * in that time's risk set only when the sort put it after the time's first event (glmnet's +100 eps
 * nudge on censored times is lost to rounding for times above ~0.5), which is why the order matters.
 */
export interface GlmnetRiskGroups {
  /** Kept rows (0-based), in glmnet's sorted order. */
  order: Int32Array;
  /** Group k is order[end[k - 1] .. end[k]) (end[-1] = 0); length = number of event times. */
  end: Int32Array;
  /** Weighted events per group (weights q summing to 1: events / n). */
  deaths: Float64Array;
}

export function glmnetRiskGroups(time: Float64Array, event: Uint8Array, q: Float64Array, where: string): GlmnetRiskGroups {
  const sorted = singletonSortOrder(time);
  const rows: number[] = [];
  for (const r of sorted) if (q[r] > 0) rows.push(r);
  const nj = rows.length;
  let first = 0;
  while (first < nj && !event[rows[first]]) first++;
  if (first >= nj - 2) throw new RadSweepInputError('fewer than 3 rows at or after the first event time: glmnet cannot fit a Cox model', where);
  const t0 = time[rows[first]];
  let drop = first;
  while (drop > 0 && time[rows[drop - 1]] >= t0) drop--;
  const order = Int32Array.from(rows.slice(drop));
  const n = order.length;
  const end: number[] = [];
  let yk = t0;
  let j = 1;
  for (;;) {
    while (j < n && !(event[order[j]] && time[order[j]] > yk)) j++;
    end.push(j);
    if (j >= n) break;
    if (j === n - 1) {
      end.push(n);
      break;
    }
    yk = time[order[j]];
    j++;
  }
  const deaths = new Float64Array(end.length);
  let lo = 0;
  end.forEach((hi, k) => {
    for (let s = lo; s < hi; s++) deaths[k] += event[order[s]] * q[order[s]];
    lo = hi;
  });
  return { order, end: Int32Array.from(end), deaths };
}

/** Risk-set sums u_k = sum of e over groups k..K, accumulated from the last row backwards (glmnet's `usk`). */
export function riskSetSums(g: GlmnetRiskGroups, e: Float64Array): Float64Array {
  const u = new Float64Array(g.end.length);
  let h = 0;
  for (let k = g.end.length - 1; k >= 0; k--) {
    const lo = k > 0 ? g.end[k - 1] : 0;
    for (let s = g.end[k] - 1; s >= lo; s--) h += e[g.order[s]];
    u[k] = h;
  }
  return u;
}

/**
 * glmnet's weighted Breslow log partial likelihood (`risk`): sum_i q_i d_i f_i - sum_k dk_k log u_k,
 * with e_i = q_i exp(f_i).
 */
export function glmnetLogLik(g: GlmnetRiskGroups, dq: Float64Array, f: Float64Array, e: Float64Array): number {
  const u = riskSetSums(g, e);
  let s = 0;
  for (let i = 0; i < f.length; i++) s += dq[i] * f[i];
  for (let k = 0; k < u.length; k++) s -= g.deaths[k] * Math.log(u[k]);
  return s;
}

/**
 * The working weights and residuals of the quadratic approximation (glmnet's `outer`): for a row
 * in group k, b = sum_{k' <= k} dk / u, c = sum_{k' <= k} dk / u^2, w = e (b - e c), wr = d q - e b.
 * Rows outside the kept set keep w = wr = 0.
 */
export function workingResponse(g: GlmnetRiskGroups, dq: Float64Array, e: Float64Array, w: Float64Array, wr: Float64Array, where: string): void {
  const u = riskSetSums(g, e);
  let b = 0;
  let c = 0;
  let lo = 0;
  for (let k = 0; k < u.length; k++) {
    b += g.deaths[k] / u[k];
    c += g.deaths[k] / (u[k] * u[k]);
    for (let s = lo; s < g.end[k]; s++) {
      const i = g.order[s];
      w[i] = e[i] * (b - e[i] * c);
      if (!(w[i] > 0)) throw new RadSweepInputError('a Cox working weight underflowed to 0 (a patient with a near-infinite risk score): use a larger lambda', where);
      wr[i] = dq[i] - e[i] * b;
    }
    lo = g.end[k];
  }
}
