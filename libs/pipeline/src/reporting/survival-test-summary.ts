import type { SurvivalTestMetrics } from '../engine/survival-results';
import { num } from './evidence-sentences';

/**
 * A survival model's test metrics in words, for the performance items: C-indices with CIs, and per horizon
 * td-AUC, Brier beside the null model's, calibration over the risk groups and the decision curve; then the
 * IBS beside the null Kaplan-Meier model's, the calibration slope and the risk groups with their log-rank test.
 */
export function survivalTestLine(t: SurvivalTestMetrics): string {
  const horizons = t.atHorizon.map(
    (h) => `at ${h.horizon}: td-AUC ${num(h.auc.estimate)} (${num(h.auc.lower)}-${num(h.auc.upper)}), Brier ${num(h.brier.estimate)} (null model ${num(h.nullBrier.estimate)}), ${horizonCalibration(h.calibration)}, ${decisionCurveText(h.decisionCurve)}`,
  );
  const ibs = t.ibs ? `integrated Brier score ${num(t.ibs.estimate)} (null Kaplan-Meier model ${num(t.ibs.nullEstimate)}) up to ${t.ibs.times[t.ibs.times.length - 1]}` : 'no integrated Brier score (a classifier at one horizon)';
  return (
    `test Harrell's C ${num(t.harrellC.estimate)} (95 % CI ${num(t.harrellC.lower)}-${num(t.harrellC.upper)}), Uno's C ${num(t.unoC.estimate)} (95 % CI ${num(t.unoC.lower)}-${num(t.unoC.upper)}, truncated at ${t.unoC.tau}); ` +
    `${horizons.join('; ')}; ${ibs}; calibration slope ${num(t.calibrationSlope.slope, 2)}; ${riskGroupsText(t.riskGroups)}`
  );
}

/**
 * Calibration at a horizon: per risk group the mean predicted risk against the observed risk
 * (1 - Kaplan-Meier): the largest gap and the groups whose observed 95 % interval misses the prediction.
 */
function horizonCalibration(groups: SurvivalTestMetrics['atHorizon'][number]['calibration']): string {
  const usable = groups.filter((g) => Number.isFinite(g.meanPredictedRisk) && Number.isFinite(g.observedRisk));
  if (!usable.length) return 'calibration not estimable';
  const gap = Math.max(...usable.map((g) => Math.abs(g.observedRisk - g.meanPredictedRisk)));
  const missed = usable.filter((g) => Number.isFinite(g.observedLower) && Number.isFinite(g.observedUpper) && (g.meanPredictedRisk < g.observedLower || g.meanPredictedRisk > g.observedUpper)).length;
  return `calibration over ${usable.length} risk groups: largest |observed - predicted risk| ${num(gap)}, ${missed} group${missed === 1 ? '' : 's'} with the prediction outside the observed 95 % CI`;
}

/** Where the model is worth using at a horizon: the risk thresholds at which its net benefit beats treating everyone and treating no one. */
function decisionCurveText(curve: SurvivalTestMetrics['atHorizon'][number]['decisionCurve']): string {
  if (!curve.length) return 'no decision curve';
  const better = curve.filter((p) => Number.isFinite(p.model) && p.model > Math.max(p.treatAll, 0));
  const range = better.length ? ` (lowest ${num(better[0].threshold, 2)}, highest ${num(better[better.length - 1].threshold, 2)})` : '';
  return `decision curve: net benefit above treating all and treating none at ${better.length} of ${curve.length} risk thresholds${range}`;
}

/** The test patients' risk groups (cut at the training cohort's risk) with their events and log-rank test. */
function riskGroupsText(rg: SurvivalTestMetrics['riskGroups']): string {
  const groups = rg.groups.map((g) => `${g.n} (${g.events} events)`).join(', ');
  const p = rg.logRank ? (rg.logRank.pValue < 0.001 ? 'p < 0.001' : `p ${num(rg.logRank.pValue)}`) : null;
  return `risk groups by the training cohort's ${rg.split === 'median' ? 'median' : 'tertiles'} of the risk score, lowest risk first: ${groups}${p ? `, log-rank ${p}` : ', no log-rank test'}`;
}
