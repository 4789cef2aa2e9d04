import type { SurvivalEndpointResult, SurvivalExperimentResults, SurvivalFeatureSetResult, SurvivalModelResult } from '@radsweep/pipeline';
import { externalTransportLines } from './transportability-lines';
import { EXTERNAL_NOTE, externalNames, f3, formatParams, table, truncate } from './leaderboard';

/**
 * One leaderboard per survival endpoint and feature set, read only from the results: rows sorted by
 * mean CV Harrell's C (what chose the configurations; the test part only reports).
 */
export function formatSurvivalLeaderboards(results: SurvivalExperimentResults): string {
  const parts: string[] = [];
  if (results.leaky) parts.push(`!! ${results.leakyNote ?? 'LEAKY run'}`);
  for (const endpoint of results.endpoints) for (const fs of endpoint.featureSets) parts.push(formatFeatureSet(results, endpoint, fs));
  return parts.join('\n\n') + '\n';
}

function formatFeatureSet(results: SurvivalExperimentResults, endpoint: SurvivalEndpointResult, fs: SurvivalFeatureSetResult): string {
  const { train, test } = fs.events;
  const horizon = endpoint.horizons[endpoint.horizons.length - 1];
  const competing = endpoint.competingEvents.count > 0 ? ` ${endpoint.competingEvents.count} competing events ${endpoint.competingEvents.handling}.` : '';
  const lines = [
    `Endpoint '${endpoint.name}', feature set '${fs.name}'${results.leaky ? ' [LEAKY]' : ''}: ${fs.features.length} columns, ${fs.selection.selectedFeatures.length} kept by the chain refit on the training part`,
    `Event: ${endpoint.eventColumn} in {${endpoint.eventCodes.join(', ')}}, time: ${endpoint.timeColumn}. Train: ${train.events} events of ${train.n}; test: ${test.events} events of ${test.n}.${competing}`,
  ];
  const cohorts = externalNames(fs.models);
  const header = ['Model', 'Best params', 'CV C-index (mean ± sd)', 'Test C-index [95 % CI]', `td-AUC@${horizon}`, 'IBS (null)', 'Cal. slope', 'Log-rank p', ...cohorts.map((c) => `${c} C-index [95 % CI]`), 'Flag'];
  const ranked = [...fs.models].sort(byCvC);
  const chosen = Number.isFinite(ranked[0]?.cv.cIndex.mean) ? ranked[0] : null;
  const rows = ranked.map((m) => {
    const r = row(m, m === chosen);
    return [...r.slice(0, -1), ...cohorts.map((c) => externalC(m, c)), r[r.length - 1]];
  });
  lines.push(table([header, ...rows]));
  if (cohorts.length > 0) lines.push(...externalTransportLines(chosen), EXTERNAL_NOTE);
  const classifiers = fs.models.find((m) => m.atHorizon)?.atHorizon;
  if (classifiers) {
    lines.push(`Classifiers (at horizon): event by ${classifiers.horizon} = 1; ${classifiers.excludedCensored.refit} training patients censored before it left out of the refit (per CV split: ${classifiers.excludedCensored.cvSplits.join(', ')}).`);
  }
  lines.push(`BEST = chosen by mean CV Harrell's C on the training part; the test metrics of the other rows are for reference, not for choosing. C-index CI: Wald with the infinitesimal-jackknife SE; td-AUC at the last horizon; IBS up to ${horizon}; log-rank across risk groups cut at the training cohort's ${rowsSplit(fs)}.`);
  return lines.join('\n');
}

function rowsSplit(fs: SurvivalFeatureSetResult): string {
  return fs.models.find((m) => m.test)?.test?.riskGroups.split ?? 'median';
}

/** Highest mean CV C first (a stable sort: ties in spec order); a model without one last. */
function byCvC(a: SurvivalModelResult, b: SurvivalModelResult): number {
  const key = (m: SurvivalModelResult) => (Number.isFinite(m.cv.cIndex.mean) ? m.cv.cIndex.mean : -Infinity);
  return key(b) - key(a);
}

function externalC(m: SurvivalModelResult, cohort: string): string {
  const e = m.external?.find((x) => x.name === cohort);
  if (!e || e.results.kind !== 'survival') return '-';
  const c = e.results.pooled.harrellC;
  return `${f3(c.estimate)} [${f3(c.lower)}, ${f3(c.upper)}]`;
}

function row(m: SurvivalModelResult, chosen: boolean): string[] {
  const params = m.bestParams ? formatParams(m.bestParams) : '-';
  const cv = Number.isFinite(m.cv.cIndex.mean) ? `${f3(m.cv.cIndex.mean)} ± ${f3(m.cv.cIndex.sd)}` : '-';
  if (!m.test) return [m.label, params, cv, '-', '-', '-', '-', '-', `FAILED: ${truncate(m.error ?? 'no result', 60)}`];
  const t = m.test;
  const c = `${f3(t.harrellC.estimate)} [${f3(t.harrellC.lower)}, ${f3(t.harrellC.upper)}]`;
  const lastAuc = t.atHorizon[t.atHorizon.length - 1];
  // A classifier at a horizon is scored at its own (first) horizon only: say which.
  const auc = m.atHorizon ? `${f3(lastAuc.auc.estimate)} (@${lastAuc.horizon})` : f3(lastAuc.auc.estimate);
  const p = t.riskGroups.logRank ? t.riskGroups.logRank.pValue.toExponential(1) : 'n/a';
  return [m.label, params, cv, c, auc, t.ibs ? `${f3(t.ibs.estimate)} (${f3(t.ibs.nullEstimate)})` : 'n/a', f3(t.calibrationSlope.slope), p, chosen ? 'BEST (CV)' : ''];
}
