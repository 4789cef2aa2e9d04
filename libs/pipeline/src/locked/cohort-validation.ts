import { RadSweepInputError } from '@radsweep/core';
import { applyLogisticRecalibration, fitLogisticRecalibration } from '@radsweep/metrics';
import type { Table, TableColumn } from '../io';
import { readSurvivalOutcome } from '../io';
import { suggestNames } from '../io/close-names';
import { computeSurvivalTestMetrics } from '../engine/survival-test-metrics';
import type { SurvivalTestMetrics } from '../engine/survival-results';
import { DEFAULT_METRICS } from '../experiment/spec';
import { BinaryCohortMetrics, binaryCohortMetrics } from './binary-cohort-metrics';
import { cohortIds } from './cohort-features';
import { CohortTransportability, DevelopmentCohort, lockedTransportability } from './cohort-transportability';
import { lockedModelInput } from './harmonised-input';
import type { LockedModel, SurvivalEndpoint } from './locked-model';
import { LockedSurvivalPrediction, predictLocked } from './locked-predictor';

/** Which rows of the cohort a recalibration is fitted on: those whose `column` equals `value`, or those whose id is listed. */
export type RowRule = { column: string; value: string } | { ids: ReadonlySet<string>; file: string };

export interface CohortValidationOptions {
  /** A column naming each patient's centre: metrics per centre and pooled. */
  centreColumn?: string;
  /** Logistic recalibration (binary endpoints) fitted on `rows` and evaluated on the other rows. */
  recalibrate?: { kind: 'intercept' | 'slope'; rows: RowRule };
  /** Bootstrap resamples of the CIs (default 1000) and their seed (default 42); calibration curve bins (default 10). */
  bootstrap?: number;
  seed?: number;
  calibrationBins?: number;
  /** The development cohort: with it the report has the cohort's transportability (lockedTransportability). */
  development?: DevelopmentCohort;
  /** Clinical variables of the transportability report (default: the model's combat covariates). */
  clinical?: string[];
  /** The cohort's name in the transportability report (default: its file). */
  name?: string;
}

export const VALIDATION_REPORT_FORMAT = 'radsweep-validation' as const;

export interface CentreResult<M> {
  centre: string;
  n: number;
  metrics: M | null;
  /** Why this centre has no metrics (e.g. one class only). */
  error?: string;
}

export interface BinaryValidation {
  kind: 'binary';
  pooled: BinaryCohortMetrics;
  centres: CentreResult<BinaryCohortMetrics>[];
  predictions: { id: string; centre?: string; label: number; probability: number }[];
  recalibration?: Recalibration;
}

export interface Recalibration {
  kind: 'intercept' | 'slope';
  rule: string;
  note: string;
  fitRows: number;
  coefficients: { a: number; b: number };
  evaluatedRows: number;
  /** The locked model's own predictions on the evaluated rows, for comparison. */
  original: BinaryCohortMetrics;
  recalibrated: BinaryCohortMetrics;
  predictions: { id: string; label: number; probability: number }[];
}

export interface SurvivalValidation {
  kind: 'survival';
  /** Times of `predictions[].survival`: the horizons and the integrated Brier score's times. */
  times: number[];
  pooled: SurvivalTestMetrics;
  centres: CentreResult<SurvivalTestMetrics>[];
  predictions: { id: string; centre?: string; time: number; event: number; linearPredictor: number; survival: number[] }[];
}

export interface ValidationReport {
  format: typeof VALIDATION_REPORT_FORMAT;
  formatVersion: 1;
  model: { sha256: string; experiment: string; featureSet: string; model: string; label: string; endpoint: string };
  cohort: { source: string; sha256: string; rows: number; columnRule: string; ignoredColumns: string[] };
  centreColumn: string | null;
  settings: { bootstrap: number; seed: number; calibrationBins: number };
  results: BinaryValidation | SurvivalValidation;
  /** The cohort's case mix against the development cohort (when one was given). */
  transportability?: CohortTransportability;
  /** Why the transportability report could not be made (e.g. fewer rows than the membership model's folds); the metrics stand. */
  transportabilityError?: string;
}

/**
 * Scores a locked model on an external cohort: its predictions of every patient, every leaderboard
 * metric with CIs pooled and per centre, and (binary endpoints, when asked) a logistic recalibration
 * fitted on a named part of the cohort and reported separately on the remaining rows. Refused with a
 * RadSweepInputError naming the column: a missing or non-numeric feature, a missing outcome column, a
 * label with other classes than the positive one and one other, a centre column with one centre.
 */
export function validateCohort(locked: LockedModel, table: Table, options: CohortValidationOptions = {}): ValidationReport {
  const settings = { bootstrap: options.bootstrap ?? DEFAULT_METRICS.bootstrap, seed: options.seed ?? 42, calibrationBins: options.calibrationBins ?? DEFAULT_METRICS.calibrationBins };
  const ep = locked.endpoint;
  const keys = [locked.training.idColumn, ...(options.centreColumn ? [options.centreColumn] : []), ...(ep.type === 'binary' ? [ep.labelColumn] : [ep.timeColumn, ep.eventColumn])];
  const input = lockedModelInput(locked, table, keys);
  const { x, ignored } = input;
  const ids = cohortIds(table, locked.training.idColumn);
  const centres = options.centreColumn ? centreOf(table, options.centreColumn) : null;
  if (options.recalibrate && ep.type !== 'binary') {
    throw new RadSweepInputError('recalibration is for binary endpoints only (a survival model is reported as it is)', '--recalibrate');
  }
  const header = {
    format: VALIDATION_REPORT_FORMAT as typeof VALIDATION_REPORT_FORMAT,
    formatVersion: 1 as const,
    model: { sha256: locked.sha256, experiment: locked.source.experiment, featureSet: locked.source.featureSet, model: locked.source.model, label: locked.source.label, endpoint: ep.type === 'binary' ? ep.labelColumn : ep.name },
    cohort: {
      source: table.source,
      sha256: table.sha256,
      rows: table.rowCount,
      columnRule: 'the model\'s feature columns are read by name; every other column is ignored (listed in ignoredColumns)',
      ignoredColumns: ignored,
    },
    centreColumn: options.centreColumn ?? null,
    settings,
    ...(options.development ? transportabilityOf(locked, options.development, { table, name: options.name ?? table.source, input }, settings.seed, options.clinical) : {}),
  };
  if (ep.type === 'binary') {
    const y = binaryLabel(table, ep.labelColumn, ep.positiveClass);
    const p = (predictLocked(locked, x) as { probability: Float64Array }).probability;
    const metricSettings = { threshold: ep.threshold, bootstrap: settings.bootstrap, calibrationBins: settings.calibrationBins };
    const score = (rows: number[]) => binaryCohortMetrics(Uint8Array.from(rows, (r) => y[r]), Float64Array.from(rows, (r) => p[r]), metricSettings, settings.seed);
    const all = ids.map((_, i) => i);
    const results: BinaryValidation = {
      kind: 'binary',
      pooled: score(all),
      centres: perCentre(centres, score),
      predictions: ids.map((id, i) => ({ id, ...(centres ? { centre: centres[i] } : {}), label: y[i], probability: p[i] })),
    };
    if (options.recalibrate) results.recalibration = recalibrate(table, ids, y, p, options.recalibrate, (yy, pp) => binaryCohortMetrics(yy, pp, metricSettings, settings.seed));
    return { ...header, results };
  }
  const outcome = readSurvivalOutcome(table, { time: ep.timeColumn, event: ep.eventColumn, eventCodes: ep.eventCodes, horizons: ep.horizons, where: 'locked model endpoint' });
  const times = [...new Set([...ep.horizons, ...ep.ibsTimes])].sort((a, b) => a - b);
  const pred = predictLocked(locked, x, times) as LockedSurvivalPrediction;
  const score = (rows: number[]) => survivalCohortMetrics(ep, rows, outcome.time, outcome.event, pred, settings.calibrationBins);
  const all = ids.map((_, i) => i);
  const K = times.length;
  return {
    ...header,
    results: {
      kind: 'survival',
      times,
      pooled: score(all),
      centres: perCentre(centres, score),
      predictions: ids.map((id, i) => ({
        id,
        ...(centres ? { centre: centres[i] } : {}),
        time: outcome.time[i],
        event: outcome.event[i],
        linearPredictor: pred.linearPredictor[i],
        survival: Array.from(pred.survival.subarray(i * K, (i + 1) * K)),
      })),
    },
  };
}

/** The transportability report, or (an input error: too few rows, a clinical column missing) why there is none. */
function transportabilityOf(
  locked: LockedModel,
  development: DevelopmentCohort,
  external: Parameters<typeof lockedTransportability>[2],
  seed: number,
  clinical: string[] | undefined,
): { transportability: CohortTransportability } | { transportabilityError: string } {
  try {
    return { transportability: lockedTransportability(locked, development, external, { seed, clinical }) };
  } catch (e) {
    if (!(e instanceof RadSweepInputError)) throw e;
    return { transportabilityError: e.message };
  }
}

/** The survival metrics of some rows from a locked model's predictions (the run's test metrics, with its risk-group cut-offs). */
export function survivalCohortMetrics(ep: SurvivalEndpoint, rows: number[], time: Float64Array, event: Uint8Array, pred: LockedSurvivalPrediction, calibrationBins: number): SurvivalTestMetrics {
  const K = pred.times.length;
  const survival = new Float64Array(rows.length * K);
  rows.forEach((r, i) => survival.set(pred.survival.subarray(r * K, (r + 1) * K), i * K));
  return computeSurvivalTestMetrics({
    time: Float64Array.from(rows, (r) => time[r]),
    event: Uint8Array.from(rows, (r) => event[r]),
    risk: Float64Array.from(rows, (r) => pred.linearPredictor[r]),
    survival,
    times: pred.times,
    horizons: ep.horizons,
    ibsTimes: ep.ibsTimes,
    riskGroupCutoffs: Float64Array.from(ep.riskGroups.cutoffs),
    riskGroups: ep.riskGroups.split,
    calibrationBins,
  });
}

function perCentre<M>(centres: string[] | null, score: (rows: number[]) => M): CentreResult<M>[] {
  if (!centres) return [];
  const rowsOf = new Map<string, number[]>();
  centres.forEach((c, i) => (rowsOf.get(c) ?? rowsOf.set(c, []).get(c)!).push(i));
  return [...rowsOf.keys()].sort().map((centre) => {
    const rows = rowsOf.get(centre)!;
    try {
      return { centre, n: rows.length, metrics: score(rows) };
    } catch (e) {
      if (!(e instanceof RadSweepInputError) && !(e instanceof RangeError)) throw e;
      return { centre, n: rows.length, metrics: null, error: (e as Error).message };
    }
  });
}

function column(table: Table, name: string, role: string): TableColumn {
  const col = table.columns.find((c) => c.name === name);
  if (!col) throw new RadSweepInputError(`${role} column '${name}' not found; ${suggestNames(name, table.columns.map((c) => c.name))}`, table.source);
  return col;
}

function cell(col: TableColumn, r: number): string | null {
  if (col.kind === 'number') return Number.isNaN(col.values[r]) ? null : String(col.values[r]);
  const v = col.values[r]?.trim();
  return v === undefined || v === '' ? null : v;
}

/** Each row's centre (text); refuses a missing cell and a column with one centre only. */
function centreOf(table: Table, name: string): string[] {
  const col = column(table, name, 'centre');
  const out = Array.from({ length: table.rowCount }, (_, r) => {
    const v = cell(col, r);
    if (v === null) throw new RadSweepInputError(`centre column '${name}' is empty in this row`, table.rowLabel(r));
    return v;
  });
  const distinct = new Set(out);
  if (distinct.size < 2) {
    throw new RadSweepInputError(`centre column '${name}' holds one centre only ('${out[0]}'): per-centre results would repeat the pooled ones; leave out --centre-column`, table.source);
  }
  return out;
}

/** The label as 0/1: the positive class is 1, the one other value 0; refuses a missing label, a third value, and a column without both. */
function binaryLabel(table: Table, name: string, positiveClass: string | number): Uint8Array {
  const col = column(table, name, 'label');
  const positive = String(positiveClass).trim();
  const y = new Uint8Array(table.rowCount);
  const others = new Set<string>();
  let positives = 0;
  for (let r = 0; r < table.rowCount; r++) {
    const v = cell(col, r);
    if (v === null) throw new RadSweepInputError(`label column '${name}' is missing in this row`, table.rowLabel(r));
    if (sameClass(v, positive)) {
      y[r] = 1;
      positives++;
    } else others.add(v);
  }
  if (others.size > 1) {
    throw new RadSweepInputError(
      `label column '${name}' holds other classes than the model's two: the positive class '${positive}' and ${[...others].slice(0, 10).map((o) => `'${o}'`).join(', ')}; a binary model is validated on its positive class and one other`,
      table.source,
    );
  }
  if (positives === 0 || others.size === 0) {
    throw new RadSweepInputError(`label column '${name}' has one class only (${positives} rows of the positive class '${positive}' of ${table.rowCount}); validation needs both`, table.source);
  }
  return y;
}

function sameClass(cellText: string, positive: string): boolean {
  if (cellText === positive) return true;
  const a = Number(cellText);
  const b = Number(positive);
  return cellText !== '' && positive !== '' && Number.isFinite(a) && Number.isFinite(b) && a === b;
}

function ruleText(rule: RowRule): string {
  return 'column' in rule ? `${rule.column}=${rule.value}` : `ids listed in ${rule.file}`;
}

function recalibrate(
  table: Table,
  ids: string[],
  y: Uint8Array,
  p: Float64Array,
  options: NonNullable<CohortValidationOptions['recalibrate']>,
  score: (y: Uint8Array, p: Float64Array) => BinaryCohortMetrics,
): Recalibration {
  const rule = options.rows;
  let inFit: (i: number) => boolean;
  if ('column' in rule) {
    const col = column(table, rule.column, 'recalibration');
    inFit = (i) => cell(col, i) === rule.value;
  } else {
    const unknown = [...rule.ids].filter((id) => !ids.includes(id));
    if (unknown.length > 0) throw new RadSweepInputError(`${unknown.length} listed id(s) are not in the cohort, e.g. '${unknown[0]}'`, rule.file);
    inFit = (i) => rule.ids.has(ids[i]);
  }
  const fit = ids.map((_, i) => i).filter(inFit);
  const evaluated = ids.map((_, i) => i).filter((i) => !inFit(i));
  if (fit.length === 0) throw new RadSweepInputError(`no row of the cohort matches ${ruleText(rule)}`, '--recalibration-rows');
  if (evaluated.length === 0) throw new RadSweepInputError(`every row matches ${ruleText(rule)}: no row is left to evaluate the recalibration on`, '--recalibration-rows');
  const take = (rows: number[]) => ({ y: Uint8Array.from(rows, (r) => y[r]), p: Float64Array.from(rows, (r) => p[r]) });
  const f = take(fit);
  const fy = f.y.reduce((s, v) => s + v, 0);
  if (fy === 0 || fy === f.y.length) throw new RadSweepInputError(`the recalibration rows (${ruleText(rule)}) hold one class only`, '--recalibration-rows');
  const coefficients = fitLogisticRecalibration(f.y, f.p, options.kind);
  if (!Number.isFinite(coefficients.a) || !Number.isFinite(coefficients.b)) {
    throw new RadSweepInputError(`the logistic recalibration on ${ruleText(rule)} did not converge (labels separated by the predictions?)`, '--recalibration-rows');
  }
  const e = take(evaluated);
  const recalibrated = applyLogisticRecalibration(e.p, coefficients);
  return {
    kind: options.kind,
    rule: ruleText(rule),
    note: `logistic recalibration (${options.kind === 'intercept' ? 'intercept only, slope fixed at 1' : 'intercept and slope'}) fitted on the ${fit.length} rows of ${ruleText(rule)} and evaluated on the other ${evaluated.length} rows; the locked model itself is unchanged`,
    fitRows: fit.length,
    coefficients,
    evaluatedRows: evaluated.length,
    original: score(e.y, e.p),
    recalibrated: score(e.y, recalibrated),
    predictions: evaluated.map((r, i) => ({ id: ids[r], label: y[r], probability: recalibrated[i] })),
  };
}
