import type { CalibrationAtHorizon, DecisionCurveAtHorizon, RiskGroupCurve, SurvivalEstimate } from '@radsweep/api-contract';
import { bandSeries, definedX, PALETTE } from '../series.js';
import type { Series } from '../series.js';
import { kaplanMeierSteps } from './step-curve.js';

/** Dash pattern of risk group g when models are overlaid (colour = model): solid, dashed, dotted, dash-dot. */
export const GROUP_DASHES: number[][] = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

/** The grey of reference lines (diagonal, treat none). */
export const REFERENCE_GREY = '#888888';

/** One model's curves of one kind, with its name in legends. */
export interface Named<T> {
  name: string;
  data: T;
}

/**
 * Series of the Kaplan-Meier curves of risk groups, as step-plot vertices (kaplanMeierSteps) carried to `end`.
 * One model: a colour per group, each with its 95 % interval shaded (lower, upper, then the curve).
 * Several: a colour per model and a dash per group, no intervals (they would hide each other).
 */
export function riskGroupSeries(models: Named<RiskGroupCurve[]>[], end?: number): Series[] {
  const single = models.length === 1;
  return models.flatMap((m, i) =>
    m.data.flatMap((g) => {
      const steps = kaplanMeierSteps(g, { end });
      const label = single ? `${g.label} (n = ${g.n}, ${g.events} events)` : `${m.name} · ${g.label}`;
      if (single) {
        const colour = PALETTE[g.group % PALETTE.length];
        return [...bandSeries(label, steps.x, steps.lower, steps.upper, colour), { label, x: steps.x, y: steps.y, colour }];
      }
      return [{ label, x: steps.x, y: steps.y, colour: PALETTE[i % PALETTE.length], dash: GROUP_DASHES[g.group % GROUP_DASHES.length] }];
    }),
  );
}

/** Series of td-AUC over time: per model its 95 % interval shaded and the curve (colour = model), with the chance line at 0.5. */
export function aucOverTimeSeries(models: Named<({ time: number } & SurvivalEstimate)[]>[]): Series[] {
  const withPoints = models.filter((m) => m.data.length > 0);
  const out = withPoints.flatMap((m) => {
    const i = models.indexOf(m);
    const colour = PALETTE[i % PALETTE.length];
    const x = m.data.map((p) => p.time);
    return [...bandSeries(m.name, x, m.data.map((p) => p.lower), m.data.map((p) => p.upper), colour), { label: m.name, x, y: m.data.map((p) => p.estimate), colour }];
  });
  if (withPoints.length === 0) return out;
  const times = withPoints.flatMap((m) => m.data.map((p) => p.time));
  return [...out, { label: 'chance (0.5)', x: [Math.min(...times), Math.max(...times)], y: [0.5, 0.5], colour: REFERENCE_GREY, dashed: true }];
}

/**
 * Series of calibration at one horizon: per model (absent: left out) its groups' mean predicted risk
 * against the observed risk 1 - KM, as points joined by a line, then the diagonal of perfect calibration.
 * Empty groups (tied risks put every patient of several quantiles in one group) have no point.
 */
export function calibrationSeries(models: Named<CalibrationAtHorizon | undefined>[]): Series[] {
  const out: Series[] = models.flatMap((m, i) => {
    if (!m.data) return [];
    const points = m.data.points.filter((p) => p.n > 0);
    return [{ label: m.name, ...definedX(points.map((p) => p.meanPredictedRisk), points.map((p) => p.observedRisk)), colour: PALETTE[i % PALETTE.length], points: true }];
  });
  return [...out, { label: 'perfect calibration', x: [0, 1], y: [0, 1], colour: REFERENCE_GREY, dashed: true }];
}

/**
 * Series of decision curves at one horizon: per model (absent: left out) its net benefit, then treat all
 * and treat none (0). Treat all depends only on the test patients, so models tested on the same patients
 * share one treat-all line; when their treat-all values differ (other patients), each model gets its own,
 * named after it, in its colour.
 */
export function decisionSeries(models: Named<DecisionCurveAtHorizon | undefined>[]): Series[] {
  const present = models.flatMap((m, i) => (m.data ? [{ name: m.name, i, points: m.data.points }] : []));
  const out: Series[] = present.map((m) => ({ label: m.name, x: m.points.map((p) => p.threshold), y: m.points.map((p) => p.model), colour: PALETTE[m.i % PALETTE.length] }));
  if (present.length === 0) return out;
  const key = (points: DecisionCurveAtHorizon['points']) => JSON.stringify(points.map((p) => [p.threshold, p.treatAll]));
  const shared = present.every((m) => key(m.points) === key(present[0].points));
  const treatAll: Series[] = shared
    ? [{ label: 'treat all', x: present[0].points.map((p) => p.threshold), y: present[0].points.map((p) => p.treatAll), colour: REFERENCE_GREY, dash: [6, 4] }]
    : present.map((m) => ({ label: `treat all (patients of ${m.name})`, x: m.points.map((p) => p.threshold), y: m.points.map((p) => p.treatAll), colour: PALETTE[m.i % PALETTE.length], dash: [6, 4] }));
  const thresholds = present.flatMap((m) => m.points.map((p) => p.threshold));
  const treatNone: Series = { label: 'treat none', x: [Math.min(...thresholds), Math.max(...thresholds)], y: [0, 0], colour: '#000000', dash: [2, 3] };
  return [...out, ...treatAll, treatNone];
}

/** Horizons of any of the models' per-horizon curves, increasing, each once. */
export function horizonsOf(lists: { horizon: number }[][]): number[] {
  return [...new Set(lists.flat().map((c) => c.horizon))].sort((a, b) => a - b);
}
