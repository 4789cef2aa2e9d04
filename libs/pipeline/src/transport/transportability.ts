import { RadSweepInputError, matrix } from '@radsweep/core';
import type { Table } from '../io';
import { reverseKmMedianFollowUp } from './follow-up';
import { membershipAuc } from './membership-model';
import { LevelDifference, NumericSummary, SMD_DEFINITION, categoricalSmd, numericSummary, smdFromMoments } from './standardised-difference';

/** A column of a cohort: numbers (NaN = missing) or texts (null = missing). */
export type CohortColumn = Float64Array | (string | null)[];

export type CohortOutcome = { type: 'binary'; label: Uint8Array } | { type: 'survival'; time: Float64Array; event: Uint8Array };

export interface TransportCohort {
  name: string;
  columns: Record<string, CohortColumn>;
  outcome?: CohortOutcome;
}

export interface TransportabilityOptions {
  /** The model's features (e.g. its selected features): numeric; SMDs, missingness, membership model. */
  features: string[];
  /** Clinical variables (numeric or categorical): SMDs and missingness. */
  clinical?: string[];
  seed: number;
  /** Membership-model CV folds (default 5). */
  folds?: number;
}

export interface VariableDifference {
  name: string;
  role: 'feature' | 'clinical';
  type: 'numeric' | 'categorical';
  /** Numeric: n, mean, sd of the non-missing values; categorical: n observed. */
  development: NumericSummary | { n: number };
  external: NumericSummary | { n: number };
  smd: number | null;
  /** Categorical: proportions and SMD per level. */
  levels?: LevelDifference[];
}

export interface MissingCount {
  column: string;
  development: { missing: number; share: number };
  external: { missing: number; share: number };
}

export type OutcomeSummary =
  | { type: 'binary'; development: { n: number; positives: number; rate: number }; external: { n: number; positives: number; rate: number } }
  | {
      type: 'survival';
      /** Median follow-up by reverse Kaplan-Meier (null = not reached). */
      development: { n: number; events: number; medianFollowUp: number | null };
      external: { n: number; events: number; medianFollowUp: number | null };
    };

export interface TransportabilityReport {
  development: string;
  external: string;
  smdDefinition: string;
  variables: VariableDifference[];
  missingness: MissingCount[];
  outcome: OutcomeSummary | null;
  membership: { auc: number; folds: number; seed: number; model: string };
  /** The features ranked by |SMD|, largest first (undefined SMDs last). */
  featureShift: { name: string; smd: number | null }[];
}

/**
 * Case mix of an external cohort against the development cohort: SMD of every given feature and clinical
 * variable, missingness per column, outcome rate (binary) or events and reverse-KM median follow-up
 * (survival), a seeded cross-validated membership model's AUC, and the features ranked by |SMD|.
 * No model of the study is fitted or used; only the external cohort's outcome summary reads its outcome.
 */
export function transportabilityReport(dev: TransportCohort, ext: TransportCohort, options: TransportabilityOptions): TransportabilityReport {
  const clinical = options.clinical ?? [];
  const all = [...options.features.map((name) => ({ name, role: 'feature' as const })), ...clinical.map((name) => ({ name, role: 'clinical' as const }))];
  const devRows = rowCount(dev, all.map((c) => c.name));
  const extRows = rowCount(ext, all.map((c) => c.name));
  const variables = all.map(({ name, role }) => variableDifference(name, role, dev, ext));
  for (const v of variables) {
    if (v.role === 'feature' && v.type !== 'numeric') throw new RadSweepInputError(`feature '${v.name}' is not numeric in cohort '${dev.name}' or '${ext.name}'`, 'transportability');
  }
  const missingness = all.map(({ name }) => ({
    column: name,
    development: missingCount(dev.columns[name]),
    external: missingCount(ext.columns[name]),
  }));
  const p = options.features.length;
  const x = matrix(devRows + extRows, p);
  options.features.forEach((name, j) => {
    const d = dev.columns[name] as Float64Array;
    const e = ext.columns[name] as Float64Array;
    for (let i = 0; i < devRows; i++) x.data[i * p + j] = d[i];
    for (let i = 0; i < extRows; i++) x.data[(devRows + i) * p + j] = e[i];
  });
  const m = membershipAuc(x, devRows, { seed: options.seed, folds: options.folds });
  const featureShift = variables
    .filter((v) => v.role === 'feature')
    .map((v) => ({ name: v.name, smd: v.smd }))
    .sort((a, b) => (b.smd === null ? -1 : Math.abs(b.smd)) - (a.smd === null ? -1 : Math.abs(a.smd)));
  return {
    development: dev.name,
    external: ext.name,
    smdDefinition: SMD_DEFINITION,
    variables,
    missingness,
    outcome: outcomeSummary(dev, ext),
    membership: { auc: m.auc, folds: m.folds, seed: m.seed, model: m.model },
    featureShift,
  };
}

/** A cohort from a data table: every column, and the outcome columns named (label = positiveClass -> 1). */
export function transportCohortFromTable(
  table: Table,
  name: string,
  outcome?: { label: string; positiveClass: string | number } | { time: string; event: string },
): TransportCohort {
  const columns: Record<string, CohortColumn> = {};
  for (const c of table.columns) columns[c.name] = c.values;
  const col = (n: string) => {
    const c = columns[n];
    if (!c) throw new RadSweepInputError(`column '${n}' is not in ${table.source}`, 'transportability');
    return c;
  };
  if (!outcome) return { name, columns };
  if ('label' in outcome) {
    const c = col(outcome.label);
    const positive = String(outcome.positiveClass);
    const label = Uint8Array.from({ length: c.length }, (_, i) => (String(c[i]) === positive ? 1 : 0));
    return { name, columns, outcome: { type: 'binary', label } };
  }
  const time = col(outcome.time);
  const event = col(outcome.event);
  if (Array.isArray(time) || Array.isArray(event)) throw new RadSweepInputError(`time '${outcome.time}' and event '${outcome.event}' must be numeric`, table.source);
  return { name, columns, outcome: { type: 'survival', time, event: Uint8Array.from(event, (v) => (v === 1 ? 1 : 0)) } };
}

function variableDifference(name: string, role: 'feature' | 'clinical', dev: TransportCohort, ext: TransportCohort): VariableDifference {
  const d = dev.columns[name];
  const e = ext.columns[name];
  if (!Array.isArray(d) && !Array.isArray(e)) {
    const ds = numericSummary(d);
    const es = numericSummary(e);
    return { name, role, type: 'numeric', development: ds, external: es, smd: smdFromMoments(ds, es) };
  }
  const text = (c: CohortColumn) => (Array.isArray(c) ? c : Array.from(c, (v) => (Number.isNaN(v) ? null : String(v))));
  const dt = text(d);
  const et = text(e);
  const { smd, levels } = categoricalSmd(dt, et);
  const observed = (v: (string | null)[]) => v.filter((x) => x !== null).length;
  return { name, role, type: 'categorical', development: { n: observed(dt) }, external: { n: observed(et) }, smd, levels };
}

function missingCount(c: CohortColumn): { missing: number; share: number } {
  let missing = 0;
  for (let i = 0; i < c.length; i++) if (c[i] === null || (typeof c[i] === 'number' && Number.isNaN(c[i]))) missing++;
  return { missing, share: c.length === 0 ? 0 : missing / c.length };
}

function outcomeSummary(dev: TransportCohort, ext: TransportCohort): OutcomeSummary | null {
  const a = dev.outcome;
  const b = ext.outcome;
  if (!a || !b) return null;
  if (a.type === 'binary' && b.type === 'binary') {
    const rate = (l: Uint8Array) => {
      const positives = l.reduce((s, v) => s + v, 0);
      return { n: l.length, positives, rate: positives / l.length };
    };
    return { type: 'binary', development: rate(a.label), external: rate(b.label) };
  }
  if (a.type === 'survival' && b.type === 'survival') {
    const fu = (o: { time: Float64Array; event: Uint8Array }) => ({ n: o.time.length, events: o.event.reduce((s, v) => s + v, 0), medianFollowUp: reverseKmMedianFollowUp(o.time, o.event) });
    return { type: 'survival', development: fu(a), external: fu(b) };
  }
  throw new RadSweepInputError(`cohort '${dev.name}' has a ${a.type} outcome and '${ext.name}' a ${b.type} one`, 'transportability');
}

function rowCount(cohort: TransportCohort, names: string[]): number {
  let rows = -1;
  for (const name of names) {
    const c = cohort.columns[name];
    if (!c) throw new RadSweepInputError(`column '${name}' is not in cohort '${cohort.name}'`, 'transportability');
    if (rows >= 0 && c.length !== rows) throw new RangeError(`transportability: column '${name}' of cohort '${cohort.name}' has ${c.length} rows, others ${rows}`);
    rows = c.length;
  }
  if (rows < 0) throw new RadSweepInputError('no features given', 'transportability');
  return rows;
}
