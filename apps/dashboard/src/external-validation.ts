import type { ValidationReport } from '@radsweep/api-contract';
import type { Series } from './series.js';

/** One row of a forest plot: a centre (or the pooled cohort) with its discrimination and interval. */
export interface ForestRow {
  label: string;
  /** Patients (null only if the report's count was not a number, as JSON allows). */
  n: number | null;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Why there is no estimate (e.g. one class in this centre). */
  note?: string;
}

/**
 * The forest plot's rows of a validation report, pooled first then each centre: binary models their AUC
 * with its bootstrap interval when computed (else DeLong's), survival models Harrell's C with its interval.
 */
export function forestRows(report: ValidationReport): { metric: string; interval: string; rows: ForestRow[] } {
  const r = report.results;
  if (r.kind === 'binary') {
    const boot = r.pooled.test.aucCi.bootstrap !== null;
    const row = (label: string, n: number | null, m: (typeof r)['pooled'] | null, note?: string): ForestRow => {
      const ci = m ? (boot ? m.test.aucCi.bootstrap : m.test.aucCi.delong) : null;
      return { label, n, estimate: m?.test.auc ?? null, lower: ci?.lower ?? null, upper: ci?.upper ?? null, ...(note ? { note } : {}) };
    };
    return {
      metric: 'AUC',
      interval: boot ? `95 % percentile bootstrap (${r.pooled.test.aucCi.bootstrap!.resamples} resamples)` : '95 % DeLong',
      rows: [row('pooled', r.pooled.test.n, r.pooled), ...r.centres.map((c) => row(c.centre, c.n, c.metrics, c.error))],
    };
  }
  const row = (label: string, n: number | null, m: (typeof r)['pooled'] | null, note?: string): ForestRow => ({
    label,
    n,
    estimate: m?.harrellC.estimate ?? null,
    lower: m?.harrellC.lower ?? null,
    upper: m?.harrellC.upper ?? null,
    ...(note ? { note } : {}),
  });
  return { metric: "Harrell's C", interval: '95 % (infinitesimal jackknife SE)', rows: [row('pooled', r.pooled.n, r.pooled), ...r.centres.map((c) => row(c.centre, c.n, c.metrics, c.error))] };
}

/**
 * The forest plot as line series: per row a horizontal segment from lower to upper at height
 * (rows - position) and a point at the estimate, so the pooled row is on top; rows without an estimate are left out.
 */
export function forestSeries(rows: ForestRow[]): Series[] {
  const out: Series[] = [];
  rows.forEach((r, i) => {
    if (r.estimate === null) return;
    const y = rows.length - i;
    if (r.lower !== null && r.upper !== null) out.push({ label: `${r.label} interval`, x: [r.lower, r.upper], y: [y, y] });
    out.push({ label: r.label, x: [r.estimate], y: [y], points: true });
  });
  return out;
}

/**
 * Calibration curves per centre (and pooled) to overlay: binary models their uniform bins (mean predicted
 * vs observed; empty bins left out), survival models the first horizon's risk groups (mean predicted risk
 * vs Kaplan-Meier observed risk).
 */
export function calibrationCurves(report: ValidationReport): { caption: string; curves: { label: string; x: number[]; y: number[] }[] } {
  const r = report.results;
  const pairs = (xs: (number | null)[], ys: (number | null)[]) => {
    const keep = xs.map((x, i) => i).filter((i) => xs[i] !== null && ys[i] !== null);
    return { x: keep.map((i) => xs[i]!), y: keep.map((i) => ys[i]!) };
  };
  if (r.kind === 'binary') {
    const curve = (label: string, m: (typeof r)['pooled'] | null) => (m ? [{ label, ...pairs(m.calibration.meanPredicted, m.calibration.observed) }] : []);
    return { caption: 'mean predicted probability vs observed fraction positive, per bin', curves: [...curve('pooled', r.pooled), ...r.centres.flatMap((c) => curve(c.centre, c.metrics))] };
  }
  const horizon = r.pooled.atHorizon[0]?.horizon;
  const curve = (label: string, m: (typeof r)['pooled'] | null) => {
    const cal = m?.atHorizon[0]?.calibration;
    return cal ? [{ label, ...pairs(cal.map((g) => g.meanPredictedRisk), cal.map((g) => g.observedRisk)) }] : [];
  };
  return { caption: `predicted vs observed (Kaplan-Meier) risk by ${horizon}, per risk group`, curves: [...curve('pooled', r.pooled), ...r.centres.flatMap((c) => curve(c.centre, c.metrics))] };
}

/** The transportability table: each selected feature and clinical variable, ranked by |SMD| (largest first), with its missingness. */
export function transportRows(report: ValidationReport): { name: string; role: string; development: string; external: string; smd: number | null; missing: string }[] {
  const t = report.transportability?.report;
  if (!t) return [];
  const missing = new Map(t.missingness.map((m) => [m.column, m]));
  const summary = (s: { n: number | null; mean?: number | null; sd?: number | null }) => (s.mean === undefined ? `n ${s.n}` : `${fmt(s.mean)} ± ${fmt(s.sd)} (n ${s.n})`);
  return [...t.variables]
    .sort((a, b) => Math.abs(b.smd ?? -1) - Math.abs(a.smd ?? -1))
    .map((v) => {
      const m = missing.get(v.name);
      return {
        name: v.name,
        role: v.role,
        development: summary(v.development),
        external: summary(v.external),
        smd: v.smd,
        missing: m ? `${m.development.missing} / ${m.external.missing}` : '–',
      };
    });
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toFixed(3);
}
