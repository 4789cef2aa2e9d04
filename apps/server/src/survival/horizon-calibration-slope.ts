import type { HorizonCalibrationSlope } from '@radsweep/api-contract';
import { survivalCalibrationSlope } from '@radsweep/metrics';

/**
 * The calibration slope at horizon h: the Cox calibration slope of the risk score (survivalCalibrationSlope,
 * R coef(coxph(Surv(time, event) ~ lp))) on the patients' follow-up administratively censored at h
 * (time min(t, h), event only when it happened by h). Null slope when no event falls by h or the risk score
 * does not vary among the patients at risk (no slope exists).
 */
export function calibrationSlopeAtHorizon(time: Float64Array, event: Uint8Array, score: Float64Array, horizon: number): HorizonCalibrationSlope {
  const t = Float64Array.from(time, (v) => Math.min(v, horizon));
  const e = Uint8Array.from(event, (v, i) => Number(v === 1 && time[i] <= horizon));
  if (!e.some((v) => v === 1)) return { horizon, slope: null, stdErr: null };
  try {
    const fit = survivalCalibrationSlope(t, e, score);
    return { horizon, slope: fit.slope, stdErr: fit.stdErr };
  } catch {
    return { horizon, slope: null, stdErr: null };
  }
}
