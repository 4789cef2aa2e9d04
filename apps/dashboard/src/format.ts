/** Fixed-decimals number, or an en dash for missing values. */
export function num(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits);
}

/** Signed difference: +0.012 / −0.034. */
export function delta(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
}

/** A p-value: three significant decimals, "< 0.001" below that. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '–';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** AUC with its interval: 0.912 (0.871–0.953). */
export function aucWithCi(auc: number | null | undefined, lower: number | null | undefined, upper: number | null | undefined): string {
  if (auc === null || auc === undefined) return '–';
  return lower === null || lower === undefined || upper === null || upper === undefined ? num(auc) : `${num(auc)} (${num(lower)}–${num(upper)})`;
}

/** Parameters as `C=1, penalty=l2`. */
export function params(p: Record<string, unknown> | null | undefined): string {
  if (!p) return '–';
  const parts = Object.entries(p).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return parts.length ? parts.join(', ') : 'defaults';
}

/** Milliseconds as "1 h 2 min", "3 min 4 s" or "5 s". */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  const s = Math.round(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

/** Short form of a uuid for display. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** Why a calibration slope or intercept is undefined, in the reviewer's words (see libs/metrics logistic-calibration). */
const CALIBRATION_UNDEFINED: Record<string, string> = {
  'prediction-at-0-or-1': 'undefined: a prediction is exactly 0 or 1',
  separated: 'undefined: p separates the classes',
  'not-converged': 'undefined: fit did not converge',
};

/** A calibration slope or intercept, or why it is undefined (`reason` from the results' `calibrationUndefined`). */
export function calibrationValue(v: number | null | undefined, reason: string | null | undefined): string {
  return reason ? (CALIBRATION_UNDEFINED[reason] ?? `undefined: ${reason}`) : num(v, 2);
}
