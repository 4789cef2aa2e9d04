/// <reference lib="dom" />
import type { CalibrationAtHorizon, DecisionCurveAtHorizon, RiskGroupCurve, SurvivalEstimate } from '@radsweep/api-contract';
import { lineFigure } from '../charts.js';
import { netBenefitRange, rateFromTreatAll } from '../figures/decision-range.js';
import { thresholdRangeControl } from '../figures/threshold-range-control.js';
import { table } from '../dom.js';
import { num } from '../format.js';
import { PALETTE } from '../series.js';
import { numbersAtRisk } from './numbers-at-risk.js';
import { aucOverTimeSeries, calibrationSeries, decisionSeries, Named, riskGroupSeries } from './overlay.js';
import { alignRiskTable, riskTable, riskTableLabelWidth } from './risk-table.js';
import { survivalAtTimes } from './survival-at.js';
import { timeTicks } from './time-ticks.js';

/**
 * The figures of survival models, for one model (its record) or several overlaid (compare): each chart
 * beside a table of its numbers. `models` name the models; with several, tables gain a model column.
 * `file` names the exported files (`<file>.svg`, `.png`, `.csv`; default: the figure's id); their CSV
 * has the numbers unrounded, each row with its model's name.
 */

/** A time as a table shows it: whole, or to one decimal (the integrated Brier score's times may be fractions of a day). */
const time = (t: number) => (Number.isInteger(t) ? String(t) : t.toFixed(1));
/** `0.100–0.300`, or an en dash when a limit is undefined (null, NaN). */
const interval = (lower: number | null, upper: number | null) => (lower === null || upper === null || Number.isNaN(lower) || Number.isNaN(upper) ? '–' : `${num(lower)}–${num(upper)}`);

const modelColumn = (models: Named<unknown>[]) => (models.length > 1 ? ['model'] : []);
const modelCell = (models: Named<unknown>[], i: number) => (models.length > 1 ? [i + 1] : []);

/**
 * Kaplan-Meier curves of the risk groups (step plots; one model: with 95 % intervals) on x ticks 0, step,
 * ... (timeTicks), with the numbers at risk at those ticks under the plot, each under its tick, the group
 * labels in the y axis' margin (widened to fit them); beside it each group's survival at the horizons.
 * Its SVG and PNG draw the numbers-at-risk table under the plot as well; its CSV has each group's stored
 * curve (`curve` rows: time, survival, interval, number at risk) and the table (`at-risk` rows: tick, count).
 */
export function kaplanMeierFigure(id: string, caption: string, models: Named<RiskGroupCurve[]>[], timeLabel: string, horizons: number[], file?: string): HTMLElement {
  const end = Math.max(0, ...models.flatMap((m) => m.data.map((g) => g.time[g.time.length - 1] ?? 0)));
  const ticks = timeTicks(end);
  const single = models.length === 1;
  const groups = models.flatMap((m, i) => m.data.map((g) => ({ m, i, g, counts: numbersAtRisk(g, ticks) })));
  const rows = groups.map(({ m, i, g, counts }) => ({ label: single ? g.label : `${m.name} · ${g.label}`, colour: PALETTE[(single ? g.group : i) % PALETTE.length], counts }));
  const atRisk = riskTable(`${id}-at-risk`, ticks, rows, timeLabel);
  const beside = table(
    null,
    [...modelColumn(models), 'group', 'patients', 'events', ...horizons.map((t) => `S(${t}) (95 % CI)`)],
    groups.map(({ i, g }) => [...modelCell(models, i), g.label, g.n, g.events, ...survivalAtTimes(g, horizons).map((s) => `${num(s.survival)} (${interval(s.lower, s.upper)})`)]),
  );
  return lineFigure(id, caption, riskGroupSeries(models, end), { x: timeLabel, y: 'Survival probability', xMin: 0, xMax: end, yMin: 0, yMax: 1 }, beside, {
    xTicks: ticks,
    file,
    // the exported files carry the numbers at risk too: under the plot in the SVG and PNG, as rows of the CSV
    atRisk: { title: 'Number at risk', ticks, rows },
    numbers: {
      header: ['row', 'model', 'group', 'time', 'survival', 'lower', 'upper', 'at_risk'],
      rows: groups.flatMap(({ m, g, counts }) => [
        ...g.time.map((t, j) => ['curve', m.name, g.label, t, g.survival[j], g.lower[j], g.upper[j], g.nRisk[j]]),
        ...ticks.map((t, k) => ['at-risk', m.name, g.label, t, null, null, null, counts[k]]),
      ]),
    },
    // room for the group labels, at most 40 % of the width (on a phone long labels are cut with an ellipsis)
    yAxisWidth: () => Math.min(riskTableLabelWidth(atRisk), 0.4 * atRisk.clientWidth),
    under: atRisk,
    onLayout: (chart) => alignRiskTable(atRisk, chart, ticks),
  });
}

/** td-AUC (cumulative/dynamic) over time with its 95 % interval. */
export function aucOverTimeFigure(id: string, models: Named<({ time: number } & SurvivalEstimate)[]>[], timeLabel: string, file?: string): HTMLElement {
  return lineFigure(
    id,
    'Time-dependent AUC (cumulative/dynamic, IPCW) over time, 95 % interval shaded',
    aucOverTimeSeries(models),
    { x: timeLabel, y: 'td-AUC', yMax: 1 },
    table(null, [...modelColumn(models), 'time', 'td-AUC', 'lower', 'upper'], models.flatMap((m, i) => m.data.map((p) => [...modelCell(models, i), time(p.time), num(p.estimate), num(p.lower), num(p.upper)])), { tall: true }),
    { file, numbers: { header: ['model', 'time', 'td_auc', 'lower', 'upper'], rows: models.flatMap((m) => m.data.map((p) => [m.name, p.time, p.estimate, p.lower, p.upper])) } },
  );
}

/** Calibration at a horizon: mean predicted risk vs observed 1 - KM per risk group, with the diagonal. */
export function calibrationFigure(id: string, horizon: number, models: Named<CalibrationAtHorizon | undefined>[], file?: string): HTMLElement {
  const slopes = models.flatMap((m, i) => (m.data ? [`${models.length > 1 ? `${i + 1}: ` : ''}${num(m.data.slope.slope, 2)}`] : []));
  return lineFigure(
    id,
    `Calibration at ${horizon}: predicted risk vs observed risk (1 − Kaplan-Meier) by risk group · calibration slope ${slopes.join(', ') || '–'}`,
    calibrationSeries(models),
    { x: `Mean predicted risk of an event by ${horizon}`, y: 'Observed risk (1 − KM)', xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
    table(
      null,
      [...modelColumn(models), 'group', 'patients', 'predicted', 'observed', 'observed 95 % CI'],
      models.flatMap((m, i) => (m.data?.points ?? []).map((p) => [...modelCell(models, i), p.group, p.n, num(p.meanPredictedRisk), num(p.observedRisk), interval(p.observedLower, p.observedUpper)])),
      { tall: true },
    ),
    {
      file,
      numbers: {
        header: ['model', 'horizon', 'group', 'patients', 'mean_predicted_risk', 'observed_risk', 'observed_lower', 'observed_upper', 'calibration_slope'],
        rows: models.flatMap((m) => (m.data?.points ?? []).map((p) => [m.name, horizon, p.group, p.n, p.meanPredictedRisk, p.observedRisk, p.observedLower, p.observedUpper, m.data!.slope.slope])),
      },
    },
  );
}

/**
 * Decision curve at a horizon: net benefit of the model(s), treat all and treat none, drawn from
 * max(-0.05, -risk/2) up to the risk of an event by the horizon (the highest of the models' test patients),
 * with a threshold range control; the table keeps every value.
 */
export function decisionFigure(id: string, horizon: number, models: Named<DecisionCurveAtHorizon | undefined>[], file?: string): HTMLElement {
  const series = decisionSeries(models);
  const rates = models.flatMap((m) => (m.data?.points.length ? [rateFromTreatAll(m.data.points[0].threshold, m.data.points[0].treatAll)] : []));
  const range = netBenefitRange(Math.max(0, ...rates));
  return lineFigure(
    id,
    `Decision curve at ${horizon}: net benefit against treat all and treat none (Kaplan-Meier for censoring)`,
    series,
    { x: `Risk threshold (event by ${horizon})`, y: 'Net benefit', xMin: 0, xMax: 1, ...range },
    table(
      null,
      [...modelColumn(models), 'threshold', 'model', 'treat all', 'treat none'],
      models.flatMap((m, i) => (m.data?.points ?? []).map((p) => [...modelCell(models, i), num(p.threshold, 2), num(p.model, 4), num(p.treatAll, 4), num(0, 1)])),
      { tall: true },
    ),
    {
      file,
      controls: thresholdRangeControl(id),
      numbers: {
        header: ['model', 'threshold', 'net_benefit_model', 'net_benefit_treat_all', 'net_benefit_treat_none'],
        rows: models.flatMap((m) => (m.data?.points ?? []).map((p) => [m.name, p.threshold, p.model, p.treatAll, 0])),
      },
    },
  );
}
