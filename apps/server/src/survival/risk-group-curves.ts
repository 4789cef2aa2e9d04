import type { RiskGroupCurve, RiskGroupsRecord } from '@radsweep/api-contract';
import { assignRiskGroups, kaplanMeierOf, normalQuantile } from '@radsweep/metrics';
import type { SurvivalTestMetrics } from '@radsweep/pipeline';

/**
 * The model record's risk-group curves: the test patients split at the TRAINING cohort's cut-offs of the risk
 * score (the engine's `riskGroups.cutoffs`; score > cut-off = higher group, as the engine groups them), each
 * group's Kaplan-Meier curve from time 0 with its log-transformed Greenwood 95 % interval (R survfit,
 * conf.type "log"), and the numbers at risk (time >= t) at 0 and at each horizon for the table under the plot.
 */
export function riskGroupCurves(time: Float64Array, event: Uint8Array, score: Float64Array, groups: SurvivalTestMetrics['riskGroups'], horizons: number[]): RiskGroupsRecord {
  const cutoffs = Float64Array.from(groups.cutoffs);
  const group = assignRiskGroups(score, cutoffs);
  const atRiskTimes = [0, ...horizons];
  const z = normalQuantile(0.975);
  const labels = groupLabels(groups.split, cutoffs.length + 1);
  const curves: RiskGroupCurve[] = [];
  for (let g = 0; g <= cutoffs.length; g++) {
    const rows: number[] = [];
    group.forEach((v, i) => v === g && rows.push(i));
    if (rows.length === 0) continue;
    const km = kaplanMeierOf(time, event, rows);
    const curve: RiskGroupCurve = { group: g, label: labels[g], n: rows.length, events: rows.reduce((s, i) => s + event[i], 0), time: [0], survival: [1], lower: [1], upper: [1], nRisk: [rows.length], atRisk: [] };
    km.time.forEach((t, j) => {
      const s = km.survival[j];
      const se = km.stdErrLog[j];
      const defined = s > 0 && Number.isFinite(se);
      curve.time.push(t);
      curve.survival.push(s);
      curve.lower.push(defined ? s * Math.exp(-z * se) : null);
      curve.upper.push(defined ? Math.min(1, s * Math.exp(z * se)) : null);
      curve.nRisk.push(km.nRisk[j]);
    });
    curve.atRisk = atRiskTimes.map((t) => rows.reduce((s, i) => s + Number(time[i] >= t), 0));
    curves.push(curve);
  }
  return { split: groups.split, cutoffs: groups.cutoffs, atRiskTimes, groups: curves, logRank: groups.logRank };
}

function groupLabels(split: 'median' | 'tertiles', count: number): string[] {
  if (split === 'median' && count === 2) return ['low (<= training median)', 'high (> training median)'];
  if (split === 'tertiles' && count === 3) return ['low (<= 1st training tertile)', 'middle', 'high (> 2nd training tertile)'];
  return Array.from({ length: count }, (_, g) => `group ${g + 1}`);
}
