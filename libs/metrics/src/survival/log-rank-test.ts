import { RadSweepInputError } from '@radsweep/core';
import { chiSquareUpperTail } from './chi-square';
import { checkSurvival, orderByTime } from './survival-input';

/** The log-rank test of equal survival across groups. */
export interface LogRankTest {
  /** Group labels, increasing; the vectors below follow this order. */
  readonly groups: number[];
  readonly n: Float64Array;
  /** Observed events per group. */
  readonly observed: Float64Array;
  /** Expected events per group under equal hazards. */
  readonly expected: Float64Array;
  readonly chiSquare: number;
  /** Degrees of freedom: groups - 1. */
  readonly df: number;
  readonly pValue: number;
}

/**
 * Log-rank test (R survival::survdiff, rho = 0). At each distinct event time t with n_t at risk and d_t
 * events, group g has n_gt at risk and d_gt events: O_g = sum d_gt, E_g = sum d_t n_gt / n_t,
 * V_gh = sum_{n_t > 1} d_t (n_t - d_t) / (n_t - 1) * (n_gt / n_t) (1[g = h] - n_ht / n_t).
 * chi-square = (O - E)' V^- (O - E) over the first G - 1 groups (V has rank G - 1), df = G - 1.
 * Reference: Mantel, Cancer Chemother Rep 50, 1966; Peto & Peto, JRSS A 135, 1972; survdiff (survival 3.5).
 */
export function logRankTest(time: Float64Array, event: Uint8Array, group: Int32Array): LogRankTest {
  checkSurvival('logRankTest', time, event);
  const n = time.length;
  if (group.length !== n) throw new RadSweepInputError(`logRankTest: ${n} patients but ${group.length} group labels`, 'group');
  const groups = Array.from(new Set(group)).sort((a, b) => a - b);
  const G = groups.length;
  if (G < 2) throw new RadSweepInputError(`logRankTest: needs at least two groups, got ${G}`, 'group');
  const slot = new Map(groups.map((g, k) => [g, k]));
  const order = orderByTime(time, event);
  const atRisk = new Float64Array(G);
  const size = new Float64Array(G);
  for (let i = 0; i < n; i++) size[slot.get(group[i])!]++;
  atRisk.set(size);
  const observed = new Float64Array(G);
  const expected = new Float64Array(G);
  const v = new Float64Array(G * G);
  const deaths = new Float64Array(G);
  const leaving = new Float64Array(G);
  let nt = n;
  for (let i = 0; i < n; ) {
    const t = time[order[i]];
    deaths.fill(0);
    leaving.fill(0);
    let d = 0;
    let j = i;
    for (; j < n && time[order[j]] === t; j++) {
      const g = slot.get(group[order[j]])!;
      leaving[g]++;
      if (event[order[j]] === 1) {
        deaths[g]++;
        d++;
      }
    }
    if (d > 0) {
      const spread = nt > 1 ? (d * (nt - d)) / (nt - 1) : 0;
      for (let g = 0; g < G; g++) {
        observed[g] += deaths[g];
        expected[g] += (d * atRisk[g]) / nt;
        for (let h = 0; h < G; h++) v[g * G + h] += spread * (atRisk[g] / nt) * ((g === h ? 1 : 0) - atRisk[h] / nt);
      }
    }
    for (let g = 0; g < G; g++) atRisk[g] -= leaving[g];
    nt -= j - i;
    i = j;
  }
  const m = G - 1;
  const diff = Array.from({ length: m }, (_, g) => observed[g] - expected[g]);
  const solved = solveSymmetric(
    Array.from({ length: m }, (_, g) => Array.from({ length: m }, (_, h) => v[g * G + h])),
    diff,
  );
  let chiSquare = 0;
  for (let g = 0; g < m; g++) chiSquare += diff[g] * solved[g];
  return { groups, n: size, observed, expected, chiSquare, df: m, pValue: chiSquareUpperTail(chiSquare, m) };
}

/** Solves A x = b for a small symmetric positive-definite A by Cholesky. */
function solveSymmetric(a: number[][], b: number[]): number[] {
  const m = b.length;
  const l = a.map((row) => row.slice());
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < j; k++) l[j][j] -= l[j][k] * l[j][k];
    if (!(l[j][j] > 0)) throw new RadSweepInputError('logRankTest: a group has no patient at risk at any event time', 'group');
    l[j][j] = Math.sqrt(l[j][j]);
    for (let i = j + 1; i < m; i++) {
      for (let k = 0; k < j; k++) l[i][j] -= l[i][k] * l[j][k];
      l[i][j] /= l[j][j];
    }
  }
  const y = b.slice();
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < i; k++) y[i] -= l[i][k] * y[k];
    y[i] /= l[i][i];
  }
  for (let i = m - 1; i >= 0; i--) {
    for (let k = i + 1; k < m; k++) y[i] -= l[k][i] * y[k];
    y[i] /= l[i][i];
  }
  return y;
}
