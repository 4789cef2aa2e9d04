import { TimeGroups } from '../time-groups';

/**
 * Negative gradient of the Breslow negative log partial likelihood with respect to each row's
 * linear predictor f_i (the martingale residuals):
 *   u_i = event_i - exp(f_i) sum_{event times t_k <= t_i} d_k / sum_{t_l >= t_k} exp(f_l).
 * (mboost's `CoxPH()` family `ngradient`.) O(n) given the time groups.
 */
export function coxNegativeGradient(f: Float64Array, event: Uint8Array, groups: TimeGroups, out: Float64Array): Float64Array {
  const { order, start, deaths } = groups;
  const nGroups = start.length - 1;
  const riskSum = new Float64Array(nGroups);
  let s = 0;
  for (let g = nGroups - 1; g >= 0; g--) {
    for (let k = start[g]; k < start[g + 1]; k++) s += Math.exp(f[order[k]]);
    riskSum[g] = s;
  }
  let h = 0;
  for (let g = 0; g < nGroups; g++) {
    if (deaths[g] > 0) h += deaths[g] / riskSum[g];
    for (let k = start[g]; k < start[g + 1]; k++) {
      const i = order[k];
      out[i] = event[i] - Math.exp(f[i]) * h;
    }
  }
  return out;
}
