import { externalTransportLines } from './transportability-lines';
import { CHOSEN_BY_CV_NOTE, chosenByCvScore, rankByCvScore, type ExperimentResults, type FeatureSetResult, type ModelResult } from '@radsweep/pipeline';

/**
 * The leaderboard of each feature set as plain text, read only from the results
 * structure. Rows are sorted by mean CV AUC and the top one is marked BEST (what
 * chose the models; the test part only reports). A model that predicts one class
 * for every test patient is flagged.
 */
export function formatLeaderboards(results: ExperimentResults): string {
  const parts: string[] = [];
  if (results.leaky) parts.push(`!! ${results.leakyNote ?? 'LEAKY run'}`);
  for (const fs of results.featureSets) parts.push(formatFeatureSet(results, fs));
  return parts.join('\n\n') + '\n';
}

function formatFeatureSet(results: ExperimentResults, fs: FeatureSetResult): string {
  const { train, test } = fs.classBalance;
  const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;
  const lines = [
    `Feature set '${fs.name}'${results.leaky ? ' [LEAKY]' : ''}: ${fs.features.length} columns, ${fs.selection.selectedFeatures.length} kept by the chain refit on the training part`,
    `Positive class: ${results.dataset.labelColumn} = ${results.dataset.positiveClass}. ` +
      `Train: ${train.positives} positive of ${train.n} (${pct(train.positives, train.n)}); ` +
      `test: ${test.positives} positive of ${test.n} (${pct(test.positives, test.n)}).`,
  ];
  const cohorts = externalNames(fs.models);
  const header = ['Model', 'Best params', 'CV AUC (mean ± sd)', 'Test AUC [95 % CI]', 'Acc', 'Prec', 'Recall', 'Spec', 'Brier', ...cohorts.map((c) => `${c} AUC [DeLong CI]`), 'Flag'];
  const chosen = chosenByCvScore(fs.models);
  const rows = rankByCvScore(fs.models).map((m) => {
    const r = row(m, m === chosen);
    return [...r.slice(0, -1), ...cohorts.map((c) => externalAuc(m, c)), r[r.length - 1]];
  });
  lines.push(table([header, ...rows]));
  if (cohorts.length > 0) lines.push(...externalTransportLines(chosen), EXTERNAL_NOTE);
  lines.push(`BEST = chosen by CV. ${CHOSEN_BY_CV_NOTE} Test AUC CI: percentile bootstrap. ONE CLASS = the model predicts the same class for every test patient.`);
  return lines.join('\n');
}

function row(m: ModelResult, chosen: boolean): string[] {
  const params = m.bestParams ? formatParams(m.bestParams) : '-';
  const cv = Number.isFinite(m.cv.auc.mean) ? `${f3(m.cv.auc.mean)} ± ${f3(m.cv.auc.sd)}` : '-';
  if (!m.test) return [m.label, params, cv, '-', '-', '-', '-', '-', '-', `FAILED: ${truncate(m.error ?? 'no result', 60)}`];
  const t = m.test;
  const ci = t.aucCi.bootstrap ?? t.aucCi.delong;
  const auc = ci ? `${f3(t.auc)} [${f3(ci.lower)}, ${f3(ci.upper)}]` : f3(t.auc);
  const oneClass = t.singleClassPrediction !== null ? `ONE CLASS (all ${t.singleClassPrediction === 1 ? 'positive' : 'negative'})` : '';
  const flag = [chosen ? 'BEST (CV)' : '', oneClass].filter(Boolean).join(', ');
  return [m.label, params, cv, auc, f3(t.accuracy), f3(t.precision), f3(t.recall), f3(t.specificity), f3(t.brier), flag];
}

/** Under a leaderboard with external cohorts: what the external columns are and are not for. */
export const EXTERNAL_NOTE =
  'External columns: each model\'s refit, locked, scored on the external cohort (pooled over its centres; per-centre results in the results file). They are reported beside the internal test, never used to choose.';

/** The external cohorts' names in the order the models hold them. */
export function externalNames(models: { external?: { name: string }[] }[]): string[] {
  return models.find((m) => m.external)?.external?.map((e) => e.name) ?? [];
}

function externalAuc(m: ModelResult, cohort: string): string {
  const e = m.external?.find((x) => x.name === cohort);
  if (!e || e.results.kind !== 'binary') return '-';
  const t = e.results.pooled.test;
  const ci = t.aucCi.delong;
  return ci ? `${f3(t.auc)} [${f3(ci.lower)}, ${f3(ci.upper)}]` : f3(t.auc);
}

export function formatParams(p: Record<string, unknown>): string {
  const entries = Object.entries(p);
  if (entries.length === 0) return '(defaults)';
  return entries.map(([k, v]) => `${k}=${v === null ? 'None' : Array.isArray(v) ? `(${v.join(',')})` : String(v)}`).join(', ');
}

/** Three decimals; NaN (e.g. precision with no predicted positive) as 'n/a'. */
export function f3(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : 'n/a';
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Left-aligned text columns separated by two spaces, with a rule under the header. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => [...r[j]].length)));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
