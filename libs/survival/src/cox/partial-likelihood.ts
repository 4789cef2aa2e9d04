import { TimeGroups } from '../time-groups';

export type TieMethod = 'efron' | 'breslow';

/** Log partial likelihood with its gradient (score) and information matrix (minus the Hessian). */
export interface CoxLikelihood {
  loglik: number;
  /** d loglik / d beta, length p. */
  score: Float64Array;
  /** -d2 loglik / d beta2, p x p row-major (full, symmetric). */
  information: Float64Array;
}

/**
 * Cox log partial likelihood at linear predictor `eta` (= x beta, any constant shift gives
 * the same value), with Efron's or Breslow's handling of tied event times, as in R's
 * `survival` (coxfit6.c). For a time with d events, risk-set sums S0 = sum exp(eta),
 * S1 = sum x exp(eta), S2 = sum x x' exp(eta) and the same sums D0, D1, D2 over the d events:
 *
 *   loglik += sum_events eta - sum_{k<d} log(S0 - f_k D0),
 *   score  += sum_events x - sum_{k<d} a_k,           a_k = (S1 - f_k D1) / (S0 - f_k D0),
 *   info   += sum_{k<d} (S2 - f_k D2) / (S0 - f_k D0) - a_k a_k',
 *
 * with f_k = k / d for Efron and f_k = 0 for Breslow.
 * Reference: Therneau & Grambsch, Modeling Survival Data (2000), §3.3; Efron, JASA 1977.
 *
 * `x` is row-major n x p; with `withDerivatives` false only `loglik` is filled.
 */
export function coxPartialLikelihood(x: Float64Array, p: number, eta: Float64Array, event: Uint8Array, groups: TimeGroups, ties: TieMethod, withDerivatives = true): CoxLikelihood {
  const { order, start } = groups;
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const d1 = new Float64Array(p);
  const d2 = new Float64Array(p * p);
  const a = new Float64Array(p);
  let s0 = 0;
  let loglik = 0;
  for (let g = start.length - 2; g >= 0; g--) {
    let d0 = 0;
    let nd = 0;
    if (withDerivatives) {
      d1.fill(0);
      d2.fill(0);
    }
    for (let k = start[g]; k < start[g + 1]; k++) {
      const i = order[k];
      const r = Math.exp(eta[i]);
      s0 += r;
      const o = i * p;
      if (withDerivatives) {
        for (let u = 0; u < p; u++) {
          const xu = x[o + u] * r;
          s1[u] += xu;
          for (let v = 0; v <= u; v++) s2[u * p + v] += xu * x[o + v];
        }
      }
      if (event[i]) {
        nd++;
        d0 += r;
        loglik += eta[i];
        if (withDerivatives) {
          for (let u = 0; u < p; u++) {
            const xu = x[o + u] * r;
            score[u] += x[o + u];
            d1[u] += xu;
            for (let v = 0; v <= u; v++) d2[u * p + v] += xu * x[o + v];
          }
        }
      }
    }
    for (let k = 0; k < nd; k++) {
      const f = ties === 'efron' ? k / nd : 0;
      const den = s0 - f * d0;
      loglik -= Math.log(den);
      if (!withDerivatives) continue;
      for (let u = 0; u < p; u++) {
        a[u] = (s1[u] - f * d1[u]) / den;
        score[u] -= a[u];
      }
      for (let u = 0; u < p; u++) {
        for (let v = 0; v <= u; v++) information[u * p + v] += (s2[u * p + v] - f * d2[u * p + v]) / den - a[u] * a[v];
      }
    }
  }
  for (let u = 0; u < p; u++) for (let v = 0; v < u; v++) information[v * p + u] = information[u * p + v];
  return { loglik, score, information };
}
