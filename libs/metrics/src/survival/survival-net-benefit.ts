import { RadSweepInputError } from '@radsweep/core';
import { kaplanMeier, kaplanMeierOf, survivalAt } from './kaplan-meier';
import { checkHorizon, checkProbabilities, checkSurvival } from './survival-input';

/** One point of a decision curve at a horizon. */
export interface SurvivalDecisionCurvePoint {
  readonly threshold: number;
  readonly model: number;
  readonly treatAll: number;
  readonly treatNone: 0;
}

/**
 * Net benefit at horizon t of treating the patients whose predicted risk exceeds the threshold p_t,
 * with the Kaplan-Meier estimate for censored follow-up (Vickers' stdca):
 * NB = P(r > p_t) (1 - KM_{r > p_t}(t)) - P(r > p_t) KM_{r > p_t}(t) p_t / (1 - p_t),
 * KM_{r > p_t} the Kaplan-Meier curve of those patients. Treat-all: (1 - KM(t)) - KM(t) p_t / (1 - p_t);
 * treat-none: 0. When nobody's risk exceeds p_t, stdca reports "not calculable"; this returns 0, the value
 * of treating nobody. Reference: Vickers, Cronin, Elkin & Gonen, BMC Med Inform Decis Mak 8:53, 2008;
 * stdca.R (MSKCC decision curve analysis).
 */
export function survivalDecisionCurve(
  time: Float64Array,
  event: Uint8Array,
  risk: Float64Array,
  horizon: number,
  thresholds: ArrayLike<number>,
): SurvivalDecisionCurvePoint[] {
  checkSurvival('survivalDecisionCurve', time, event);
  checkProbabilities('survivalDecisionCurve', 'risk', risk, time.length);
  checkHorizon('survivalDecisionCurve', horizon, time);
  const n = time.length;
  const everyone = 1 - survivalAt(kaplanMeier(time, event), horizon);
  const out: SurvivalDecisionCurvePoint[] = [];
  for (let k = 0; k < thresholds.length; k++) {
    const p = thresholds[k];
    if (!(p >= 0 && p < 1)) throw new RadSweepInputError(`survivalDecisionCurve: threshold ${p} must lie in [0, 1)`, `thresholds[${k}]`);
    const odds = p / (1 - p);
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (risk[i] > p) rows.push(i);
    let model = 0;
    if (rows.length > 0) {
      const treated = rows.length / n;
      const s = survivalAt(kaplanMeierOf(time, event, rows), horizon);
      model = treated * (1 - s) - treated * s * odds;
    }
    out.push({ threshold: p, model, treatAll: everyone - (1 - everyone) * odds, treatNone: 0 });
  }
  return out;
}
