/// <reference lib="dom" />
import type { SurvivalCompareResponse, SurvivalModelRecord } from '@radsweep/api-contract';
import { getJson } from '../api.js';
import { h, table } from '../dom.js';
import { delta, num, pValue, shortId } from '../format.js';
import type { PageContext } from '../main.js';
import { aucOverTimeFigure, calibrationFigure, decisionFigure, kaplanMeierFigure } from '../survival/figures.js';
import { estimateWithCi } from '../survival/leaderboard-columns.js';
import { horizonsOf } from '../survival/overlay.js';
import { comparisonFileBase } from '../figures/export-files.js';
import { tableCsvButton } from '../table-export.js';

/** The paired comparison of a model with model 1, or why there is none (another comparison group: the API's 422 message). */
type Paired = { ok: true; value: SurvivalCompareResponse } | { ok: false; message: string };

/**
 * Two or more survival models side by side (`#/survival-compare?models=a,b[,c]`): the difference of each
 * model's Harrell's C from model 1's with its paired bootstrap interval and p from the API (same test
 * patients only), and overlays of their Kaplan-Meier curves of risk groups (with numbers at risk),
 * td-AUC over time, calibration and decision curves at each horizon.
 */
export async function survivalComparePage(ctx: PageContext): Promise<HTMLElement> {
  const ids = (ctx.params.get('models') ?? '').split(',').filter(Boolean);
  if (ids.length < 2) return h('section', {}, h('h1', {}, 'Compare survival models'), h('p', {}, 'Select two or more models on a ', h('a', { href: '#/survival' }, 'survival leaderboard'), '.'));
  const records = await Promise.all(ids.map((id) => getJson<SurvivalModelRecord>(`/survival/results/${encodeURIComponent(id)}`)));
  // C(model i) - C(model 1): model i is `a`, model 1 is `b`
  const paired: Paired[] = await Promise.all(
    ids.slice(1).map((id) =>
      getJson<SurvivalCompareResponse>(`/survival/compare?a=${encodeURIComponent(id)}&b=${encodeURIComponent(ids[0])}`).then(
        (value): Paired => ({ ok: true, value }),
        (err: unknown): Paired => ({ ok: false, message: err instanceof Error ? err.message : String(err) }),
      ),
    ),
  );
  const names = records.map((v, i) => `${i + 1}. ${v.row.label} · ${v.row.featureSet} · ${v.endpoint.name} (run ${shortId(v.row.runId)})`);
  const named = <T>(data: (v: SurvivalModelRecord) => T) => records.map((v, i) => ({ name: names[i], data: data(v) }));
  const timeLabel = `Time (${[...new Set(records.map((v) => v.endpoint.timeColumn))].join(' / ')})`;
  const summary = table(
    "Differences in Harrell's C against model 1, paired bootstrap over the shared test patients",
    ['Model', "Harrell's C (95 % CI)", 'CV C-index', 'IBS (null KM)', 'Δ C vs model 1', 'Δ C 95 % CI (bootstrap)', 'p', 'patients (events)'],
    records.map((v, i) => {
      const r = v.row;
      const base = [h('a', { href: `#/survival-model/${r.id}` }, names[i]), estimateWithCi(r.testHarrellC), `${num(r.cvCIndex)} ± ${num(r.cvCIndexSd)}`, r.ibs ? `${num(r.ibs.estimate)} (${num(r.ibs.nullEstimate)})` : '–'];
      if (i === 0) return [...base, 'reference', '', '', `${v.endpoint.test.n} (${v.endpoint.test.events})`];
      const p = paired[i - 1];
      if (!p.ok) return [...base, h('span', { class: 'error' }, `no paired comparison: ${p.message}`), '', '', `${v.endpoint.test.n} (${v.endpoint.test.events})`];
      const c = p.value;
      return [...base, delta(c.difference), `${delta(c.bootstrap.lower)} to ${delta(c.bootstrap.upper)}`, `${pValue(c.bootstrap.pValue)} (${c.bootstrap.resamples} resamples, seed ${c.bootstrap.seed}${c.bootstrap.skipped ? `, ${c.bootstrap.skipped} skipped` : ''})`, `${c.n} (${c.events})`];
    }),
    { id: 'survival-compare-table' },
  );
  const file = `survival-${comparisonFileBase(ids)}`;
  // the numbers behind the table, unrounded: each model's C-indices and IBS, and its paired difference from model 1
  const summaryCsv = tableCsvButton('survival-compare-table-csv', `${file}-models`, () => ({
    header: ['model', 'model_result_id', 'run_id', 'endpoint', 'feature_set', 'harrell_c', 'harrell_c_lower', 'harrell_c_upper', 'cv_c_index', 'cv_c_index_sd', 'ibs', 'ibs_null',
      'difference_c', 'difference_lower', 'difference_upper', 'difference_p', 'bootstrap_resamples', 'bootstrap_seed', 'bootstrap_skipped', 'patients', 'events', 'no_paired_comparison'],
    rows: records.map((v, i) => {
      const r = v.row;
      const p = i === 0 ? null : paired[i - 1];
      const c = p?.ok ? p.value : null;
      return [names[i], r.id, r.runId, v.endpoint.name, r.featureSet, r.testHarrellC?.estimate ?? null, r.testHarrellC?.lower ?? null, r.testHarrellC?.upper ?? null, r.cvCIndex, r.cvCIndexSd, r.ibs?.estimate ?? null, r.ibs?.nullEstimate ?? null,
        c?.difference ?? null, c?.bootstrap.lower ?? null, c?.bootstrap.upper ?? null, c?.bootstrap.pValue ?? null, c?.bootstrap.resamples ?? null, c?.bootstrap.seed ?? null, c?.bootstrap.skipped ?? null,
        c ? c.n : v.endpoint.test.n, c ? c.events : v.endpoint.test.events, p && !p.ok ? p.message : null];
    }),
  }));
  // short names in the KM legend and numbers-at-risk table (model i + group: six long names would crowd the plot)
  const groups = records.map((v, i) => ({ name: `model ${i + 1}`, data: v.riskGroups?.groups ?? [] }));
  const calibrationHorizons = horizonsOf(records.map((v) => v.calibration));
  const decisionHorizons = horizonsOf(records.map((v) => v.decisionCurves));
  return h(
    'section',
    {},
    h('h1', {}, `Compare ${records.length} survival models`),
    summary,
    summaryCsv,
    h('h2', {}, 'Kaplan-Meier curves of the risk groups'),
    h('p', { class: 'muted' }, 'Colour: model; line style: risk group (solid lowest risk). Log-rank p: ', records.map((v, i) => `${i + 1}: ${pValue(v.riskGroups?.logRank?.pValue)}`).join(' · ')),
    groups.some((m) => m.data.length > 0) ? kaplanMeierFigure('compare-km', 'Kaplan-Meier survival of the risk groups of each model', groups, timeLabel, horizonsOf(records.map((v) => v.endpoint.horizons.map((horizon) => ({ horizon })))), `${file}-km`) : h('p', { class: 'muted' }, 'No risk groups stored.'),
    h('h2', {}, 'td-AUC over time'),
    aucOverTimeFigure('compare-auc-time', named((v) => v.aucOverTime), timeLabel, `${file}-td-auc`),
    h('h2', {}, 'Calibration at each horizon'),
    calibrationHorizons.map((hz) => calibrationFigure(`compare-calibration-${hz}`, hz, named((v) => v.calibration.find((c) => c.horizon === hz)), `${file}-calibration-${hz}`)),
    h('h2', {}, 'Decision curve at each horizon'),
    decisionHorizons.map((hz) => decisionFigure(`compare-decision-${hz}`, hz, named((v) => v.decisionCurves.find((d) => d.horizon === hz)), `${file}-decision-${hz}`)),
  );
}
