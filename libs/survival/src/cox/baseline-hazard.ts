import { TimeGroups } from '../time-groups';
import { TieMethod } from './partial-likelihood';

/** A baseline cumulative hazard: H0 jumps at each event time (knots), for risk exp(eta). */
export interface BaselineHazard {
  /** Distinct event times, ascending. */
  times: Float64Array;
  /** H0 just after each time. */
  cumhaz: Float64Array;
}

/**
 * The baseline cumulative hazard of R's `survfit.coxph` (survival 3.5, `agsurv`): at an event
 * time with d events, risk-set sum S0 = sum exp(eta) and event sum D0,
 *   Breslow (ctype 1): dH0 = d / S0;
 *   Efron   (ctype 2): dH0 = sum_{k<d} 1 / (S0 - (k / d) D0),
 * so H(t | x) = H0(t) exp(eta_x) for the same `eta` scale (shifted the same way).
 */
export function coxBaselineHazard(eta: Float64Array, event: Uint8Array, groups: TimeGroups, ties: TieMethod): BaselineHazard {
  const { order, start, deaths } = groups;
  const nGroups = start.length - 1;
  const inc = new Float64Array(nGroups);
  let s0 = 0;
  for (let g = nGroups - 1; g >= 0; g--) {
    let d0 = 0;
    for (let k = start[g]; k < start[g + 1]; k++) {
      const r = Math.exp(eta[order[k]]);
      s0 += r;
      if (event[order[k]]) d0 += r;
    }
    const nd = deaths[g];
    if (ties === 'breslow') inc[g] = nd / s0;
    else for (let k = 0; k < nd; k++) inc[g] += 1 / (s0 - (k / nd) * d0);
  }
  const times: number[] = [];
  const cumhaz: number[] = [];
  let h = 0;
  for (let g = 0; g < nGroups; g++) {
    if (deaths[g] === 0) continue;
    h += inc[g];
    times.push(groups.times[g]);
    cumhaz.push(h);
  }
  return { times: Float64Array.from(times), cumhaz: Float64Array.from(cumhaz) };
}
