import type { StoredSurvivalCurve } from './step-curve.js';

/** A stored Kaplan-Meier curve read at one time. */
export interface SurvivalReading {
  time: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

/**
 * A stored Kaplan-Meier curve read at each of `times`: S and its interval at the last stored time <= t
 * (right-continuous: the events at t counted), 1 with interval [1, 1] before the first stored time.
 * Past the last stored time the last values are carried, as survfit's summary(extend = TRUE) does.
 */
export function survivalAtTimes(curve: StoredSurvivalCurve, times: number[]): SurvivalReading[] {
  return times.map((t) => {
    let lo = 0;
    let hi = curve.time.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (curve.time[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    const k = lo - 1;
    if (k < 0) return { time: t, survival: 1, lower: 1, upper: 1 };
    return { time: t, survival: curve.survival[k], lower: curve.lower?.[k] ?? null, upper: curve.upper?.[k] ?? null };
  });
}
