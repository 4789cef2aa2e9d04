import type { BrierAtHorizon, CalibrationAtHorizon, DecisionCurveAtHorizon, HorizonAuc, HorizonCalibrationSlope, RiskGroupsRecord, SurvivalEstimate } from '@radsweep/api-contract';
import type { SurvivalModelResult } from '@radsweep/pipeline';
import { calibrationSlopeAtHorizon } from './horizon-calibration-slope';
import { riskGroupCurves } from './risk-group-curves';

/** What is stored per horizon of a model: its td-AUC and calibration slope there. */
export interface StoredAtHorizon {
  horizon: number;
  auc: HorizonAuc;
  calibrationSlope: HorizonCalibrationSlope;
}

/** The model record's curves, as stored (survival_model_results.curves). */
export interface StoredCurves {
  riskGroups: RiskGroupsRecord;
  aucOverTime: ({ time: number } & SurvivalEstimate)[];
  brier: BrierAtHorizon[];
  calibration: CalibrationAtHorizon[];
  decisionCurves: DecisionCurveAtHorizon[];
}

/**
 * Everything the leaderboard and the model record show beyond the engine's numbers, computed once when a
 * model's results are stored, from its test predictions: risk-group curves with CIs and numbers at risk, and
 * the calibration slope at each horizon. Null for a model without test metrics (failed).
 */
export function survivalCurves(model: SurvivalModelResult, horizons: number[]): { atHorizons: StoredAtHorizon[]; curves: StoredCurves } | null {
  const test = model.test;
  if (!test) return null;
  const time = Float64Array.from(model.predictions, (p) => p.time);
  const event = Uint8Array.from(model.predictions, (p) => p.event);
  const score = Float64Array.from(model.predictions, (p) => p.linearPredictor);
  const slopes = new Map(test.atHorizon.map((h) => [h.horizon, calibrationSlopeAtHorizon(time, event, score, h.horizon)]));
  return {
    atHorizons: test.atHorizon.map((h) => ({ horizon: h.horizon, auc: { horizon: h.horizon, ...h.auc }, calibrationSlope: slopes.get(h.horizon)! })),
    curves: {
      riskGroups: riskGroupCurves(time, event, score, test.riskGroups, horizons),
      aucOverTime: test.aucOverTime,
      brier: test.atHorizon.map((h) => ({ horizon: h.horizon, brier: h.brier, nullBrier: h.nullBrier })),
      calibration: test.atHorizon.map((h) => ({ horizon: h.horizon, points: h.calibration, slope: slopes.get(h.horizon)! })),
      decisionCurves: test.atHorizon.map((h) => ({ horizon: h.horizon, points: h.decisionCurve })),
    },
  };
}
