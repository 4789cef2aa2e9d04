import { censoringKaplanMeier } from '@radsweep/metrics';

/**
 * Median follow-up by the reverse Kaplan-Meier method (Schemper & Smith, Control Clin Trials 17:343,
 * 1996): the median of the censoring distribution G(t) = P(C > t), censorings as events. At a time with
 * both, events leave the risk set first (prodlim's reverse = TRUE; metrics' censoringKaplanMeier). The
 * median is survfit's: the first time with G <= 0.5, or the midpoint to the next time when G equals 0.5
 * exactly there; null when G never reaches 0.5 (not reached).
 */
export function reverseKmMedianFollowUp(time: Float64Array, event: Uint8Array): number | null {
  const g = censoringKaplanMeier(time, event);
  for (let j = 0; j < g.time.length; j++) {
    const s = g.survival[j];
    if (Math.abs(s - 0.5) < 1e-12) {
      // survfit: a flat stretch at exactly 0.5 gives the midpoint to the next drop
      for (let k = j + 1; k < g.time.length; k++) if (g.survival[k] < s - 1e-12) return (g.time[j] + g.time[k]) / 2;
      return g.time[j];
    }
    if (s < 0.5) return g.time[j];
  }
  return null;
}
