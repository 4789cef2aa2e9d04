/**
 * The best log-rank split of one node on one ordered variable, as ranger's `splitrule = "logrank"`
 * scores it (TreeSurvival::findBestSplitValueLogRank, ranger 0.14): for the split "x > v" into a
 * right child R, with Y_t, d_t the node's at-risk and event counts and Y1_t, d1_t the right child's,
 *
 *   L = |sum_t (d1_t - Y1_t d_t / Y_t)| / sqrt(sum_t (Y1_t / Y_t)(1 - Y1_t / Y_t)(Y_t - d_t)/(Y_t - 1) d_t),
 *
 * over the times with Y_t >= 2 (ranger stops there), both children at least `minNodeSize` rows.
 * Every split value is scored in one sweep from the largest x down: the numerator and the linear
 * part of the variance add up per row (through the node's Nelson-Aalen-like prefix sums), and the
 * quadratic part sum_t c_t Y1_t^2 / Y_t^2 is updated with two Fenwick trees, so a variable costs
 * O(m log m) instead of ranger's O(m x times).
 */
export interface NodeTimes {
  /** Local time index of each node row (0 = earliest time in the node). */
  timeId: Int32Array;
  /** Per local time: cumulative sums H (d/Y), A (c/Y), W (c/Y^2) with c = d (Y - d) / (Y - 1), zero where Y < 2. */
  h: Float64Array;
  a: Float64Array;
  w: Float64Array;
  /** 1 where Y >= 2 (events there count). */
  valid: Uint8Array;
}

/** Builds the node's time sums from the node rows' times and events. */
export function nodeTimes(rows: Int32Array, time: Float64Array, event: Uint8Array): NodeTimes {
  const m = rows.length;
  const order = Int32Array.from({ length: m }, (_, k) => k).sort((p, q) => time[rows[p]] - time[rows[q]]);
  const timeId = new Int32Array(m);
  const deaths: number[] = [];
  const counts: number[] = [];
  let prev = NaN;
  for (const k of order) {
    const t = time[rows[k]];
    if (t !== prev) {
      deaths.push(0);
      counts.push(0);
      prev = t;
    }
    const id = deaths.length - 1;
    timeId[k] = id;
    counts[id]++;
    deaths[id] += event[rows[k]];
  }
  const nt = deaths.length;
  const h = new Float64Array(nt);
  const a = new Float64Array(nt);
  const w = new Float64Array(nt);
  const valid = new Uint8Array(nt);
  let atRisk = m;
  let sh = 0;
  let sa = 0;
  let sw = 0;
  for (let t = 0; t < nt; t++) {
    const y = atRisk;
    const d = deaths[t];
    if (y >= 2) {
      valid[t] = 1;
      const c = (d * (y - d)) / (y - 1);
      sh += d / y;
      sa += c / y;
      sw += c / (y * y);
    }
    h[t] = sh;
    a[t] = sa;
    w[t] = sw;
    atRisk -= counts[t];
  }
  return { timeId, h, a, w, valid };
}

export interface SplitCandidate {
  statistic: number;
  value: number;
}

/**
 * Best split of the node rows on `column` (values of the node rows, same order as `rows`), or null.
 * Among equal statistics the smallest split value wins (ranger scans values upwards, strict >).
 */
export function bestLogRankSplit(values: Float64Array, nt: NodeTimes, event: Uint8Array, rows: Int32Array, minNodeSize: number): SplitCandidate | null {
  const m = values.length;
  if (m < 2 * minNodeSize) return null;
  const order = Int32Array.from({ length: m }, (_, k) => k).sort((p, q) => values[p] - values[q]);
  if (values[order[0]] === values[order[m - 1]]) return null;
  const L = nt.h.length;
  const fenW = new Float64Array(L + 1);
  const fenN = new Float64Array(L + 1);
  const add = (f: Float64Array, i: number, v: number) => {
    for (let k = i + 1; k <= L; k += k & -k) f[k] += v;
  };
  const prefix = (f: Float64Array, i: number) => {
    let s = 0;
    for (let k = i + 1; k > 0; k -= k & -k) s += f[k];
    return s;
  };
  let num = 0;
  let lin = 0;
  let quad = 0;
  let size = 0;
  let best: SplitCandidate | null = null;
  let pos = m - 1;
  while (pos > 0) {
    // move every row with the current largest value into the right child
    const v = values[order[pos]];
    while (pos >= 0 && values[order[pos]] === v) {
      const k = order[pos];
      const tau = nt.timeId[k];
      const wTau = nt.w[tau];
      const s = prefix(fenW, tau) + wTau * (size - prefix(fenN, tau));
      quad += 2 * s + wTau;
      num += (nt.valid[tau] ? event[rows[k]] : 0) - nt.h[tau];
      lin += nt.a[tau];
      add(fenW, tau, wTau);
      add(fenN, tau, 1);
      size++;
      pos--;
    }
    if (pos < 0) break;
    const right = size;
    const left = m - size;
    if (right < minNodeSize || left < minNodeSize) continue;
    const variance = lin - quad;
    if (!(variance > 1e-12 * lin)) continue;
    const stat = Math.abs(num) / Math.sqrt(variance);
    const lower = values[order[pos]];
    if (best === null || stat >= best.statistic) {
      // ranger's split value: the midpoint, or the lower value when the midpoint rounds to the upper
      let value = (lower + v) / 2;
      if (value === v) value = lower;
      best = { statistic: stat, value };
    }
  }
  return best;
}
