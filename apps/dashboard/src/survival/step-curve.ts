/** A Kaplan-Meier curve as stored: S after the events at each time, with its interval (null where undefined, e.g. once S = 0). */
export interface StoredSurvivalCurve {
  time: number[];
  survival: number[];
  lower?: (number | null)[] | null;
  upper?: (number | null)[] | null;
}

/** Vertices of a step plot: draw them with straight segments (no chart-side stepping). */
export interface StepCurve {
  x: number[];
  y: number[];
  /** The interval's vertices at the same x (empty when the curve has no interval). */
  lower: (number | null)[];
  upper: (number | null)[];
}

/**
 * The vertices of a Kaplan-Meier step plot, right-continuous as survfit draws it: from (start, 1), at each
 * time t_j where S (or its interval) changes a horizontal segment to (t_j, S_{j-1}) then a vertical one to
 * (t_j, S_j); times where nothing changes (censorings only) add no vertex; the last level is carried to
 * `end` (default the last time, so the curve reaches the last follow-up even when that is a censoring).
 * The interval steps at the same x; before the first time it is [1, 1]. Times before `start` are an error
 * (a curve starts at time 0 or later).
 */
export function kaplanMeierSteps(curve: StoredSurvivalCurve, options: { start?: number; end?: number } = {}): StepCurve {
  const { time, survival } = curve;
  if (survival.length !== time.length) throw new Error(`kaplanMeierSteps: ${time.length} times but ${survival.length} survival values`);
  const hasCi = Boolean(curve.lower && curve.upper);
  for (const [name, band] of [['lower', curve.lower], ['upper', curve.upper]] as const) {
    if (band && band.length !== time.length) throw new Error(`kaplanMeierSteps: ${time.length} times but ${band.length} ${name} values`);
  }
  const start = options.start ?? 0;
  const out: StepCurve = { x: [start], y: [1], lower: hasCi ? [1] : [], upper: hasCi ? [1] : [] };
  let s = 1;
  let lo: number | null = hasCi ? 1 : null;
  let hi: number | null = hasCi ? 1 : null;
  for (let j = 0; j < time.length; j++) {
    const t = time[j];
    if (t < start) throw new Error(`kaplanMeierSteps: time ${t} at index ${j} lies before the start ${start}`);
    if (j > 0 && !(t > time[j - 1])) throw new Error(`kaplanMeierSteps: times must increase (index ${j}: ${t} after ${time[j - 1]})`);
    const nextLo = hasCi ? (curve.lower![j] ?? null) : null;
    const nextHi = hasCi ? (curve.upper![j] ?? null) : null;
    if (survival[j] === s && nextLo === lo && nextHi === hi) continue;
    // horizontal to t at the old level, then down to the new one
    push(out, hasCi, t, s, lo, hi);
    s = survival[j];
    lo = nextLo;
    hi = nextHi;
    push(out, hasCi, t, s, lo, hi);
  }
  const end = options.end ?? (time.length ? time[time.length - 1] : start);
  if (end > out.x[out.x.length - 1]) push(out, hasCi, end, s, lo, hi);
  return out;
}

function push(c: StepCurve, hasCi: boolean, x: number, y: number, lo: number | null, hi: number | null): void {
  c.x.push(x);
  c.y.push(y);
  if (hasCi) {
    c.lower.push(lo);
    c.upper.push(hi);
  }
}
