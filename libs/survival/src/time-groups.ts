/**
 * Rows grouped by distinct follow-up time, ascending: the risk set of group g is every
 * row of groups g, g+1, ... (time >= t_g). Cox likelihoods, baseline hazards and
 * log-rank splits all walk these groups.
 */
export interface TimeGroups {
  /** Row indices sorted by time ascending (ties keep input order). */
  readonly order: Int32Array;
  /** Group g holds order[start[g] .. start[g + 1]); length groups + 1. */
  readonly start: Int32Array;
  /** The distinct times, ascending. */
  readonly times: Float64Array;
  /** Events (event = 1 rows) in each group. */
  readonly deaths: Int32Array;
}

export function groupByTime(time: Float64Array, event: Uint8Array, rows?: ArrayLike<number>): TimeGroups {
  const n = rows ? rows.length : time.length;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = rows ? rows[k] : k;
  order.sort((a, b) => time[a] - time[b] || a - b);
  const start: number[] = [];
  const times: number[] = [];
  const deaths: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = time[order[k]];
    if (k === 0 || t !== times[times.length - 1]) {
      start.push(k);
      times.push(t);
      deaths.push(0);
    }
    deaths[deaths.length - 1] += event[order[k]];
  }
  start.push(n);
  return { order, start: Int32Array.from(start), times: Float64Array.from(times), deaths: Int32Array.from(deaths) };
}
