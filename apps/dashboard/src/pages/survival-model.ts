/// <reference lib="dom" />
import type { SurvivalModelRecord } from '@radsweep/api-contract';
import { getJson } from '../api.js';
import { facts, h, table } from '../dom.js';
import { num, params, pValue, shortId } from '../format.js';
import type { PageContext } from '../main.js';
import { aucOverTimeFigure, calibrationFigure, decisionFigure, kaplanMeierFigure } from '../survival/figures.js';
import { estimateWithCi } from '../survival/leaderboard-columns.js';
import { externalValidationSection } from './external-validation-section.js';

/**
 * A survival model's record (`#/survival-model/<id>`): its C-indices, td-AUC, IBS and calibration slope;
 * Kaplan-Meier curves of the test patients' risk groups (cut at the training cohort's median or tertiles)
 * with numbers at risk under the plot and the log-rank p; td-AUC over time; calibration and decision
 * curve at each horizon; Brier at each horizon; every grid configuration's CV C-index; selected features;
 * its locked versions and their external validations (forest plot of Harrell's C per centre), the binary
 * model record's External validation part, with "Lock this model" and "Validate" for those who may.
 */
export async function survivalModelPage(ctx: PageContext): Promise<HTMLElement> {
  const id = ctx.path[1];
  if (!id) return h('p', {}, 'Open a model from a survival leaderboard.');
  const v = await getJson<SurvivalModelRecord>(`/survival/results/${encodeURIComponent(id)}`);
  const r = v.row;
  const e = v.endpoint;
  const timeLabel = `Time (${e.timeColumn})`;
  const name = `${r.label} on ${r.featureSet}`;
  /** Exported files: `<run>-<feature set>-<model>-<endpoint>-<figure>`, as the binary model page's. */
  const file = (figure: string) => `${shortId(r.runId)}-${r.featureSet}-${r.model}-${e.name}-${figure}`;
  return h(
    'article',
    {},
    h('h1', {}, `${name} · ${e.name}`),
    h('p', {}, 'Run ', h('a', { href: `#/survival?runId=${r.runId}&endpoint=${encodeURIComponent(e.name)}` }, shortId(r.runId)), ` · endpoint ${e.name}: time ${e.timeColumn}, event ${e.eventColumn} = ${e.eventCodes.join(' or ')} · `,
      h('a', { href: `/api/runs/${r.runId}/survival/predictions.csv?endpoint=${encodeURIComponent(e.name)}`, download: `survival-predictions-${e.name}.csv`, id: 'download-predictions' }, 'predictions of the endpoint (CSV)'),
    ),
    r.error ? h('p', { class: 'error' }, `No test result: ${r.error}`) : null,
    h('p', { id: 'ranking-note' }, r.best ? `Chosen by CV (highest mean CV C-index on ${r.featureSet} for ${e.name}): its test metrics are the estimate of its performance on new patients.` : `Not the model chosen by CV on ${r.featureSet} for ${e.name}: its test metrics are for reference, not for choosing.`),
    facts([
      ["Harrell's C (test, 95 % CI)", estimateWithCi(r.testHarrellC)],
      ["Uno's C (test, 95 % CI)", r.testUnoC ? `${estimateWithCi(r.testUnoC)}, truncated at τ = ${r.testUnoC.tau}` : '–'],
      ['CV C-index', `${num(r.cvCIndex)} ± ${num(r.cvCIndexSd)}`],
      ['td-AUC', r.tdAuc.length ? r.tdAuc.map((a) => `at ${a.horizon}: ${estimateWithCi(a)}`).join(' · ') : '–'],
      ['IBS (null Kaplan-Meier model)', r.ibs ? `${num(r.ibs.estimate)} (${num(r.ibs.nullEstimate)})` : '–'],
      ['Calibration slope', r.calibrationSlope ? `${num(r.calibrationSlope.slope, 2)} (SE ${num(r.calibrationSlope.stdErr, 2)})` : '–'],
      ['Patients', `cohort ${e.cohort.n} (${e.cohort.events} events) · test ${e.test.n} (${e.test.events} events)`],
      ['Competing events', e.competingEvents.count ? `${e.competingEvents.count}, ${e.competingEvents.handling}` : 'none'],
      ['Trained as', r.atHorizon ? `a binary classifier at ${r.atHorizon.horizon}: ${r.atHorizon.excludedCensored} training patients censored before it left out` : 'a survival model'],
      ['Best parameters (CV)', params(r.bestParams)],
    ]),
    h('h2', {}, 'Kaplan-Meier curves of the risk groups'),
    riskGroupsSection(v, timeLabel, file('km')),
    h('h2', {}, 'td-AUC over time'),
    v.aucOverTime.length ? aucOverTimeFigure('auc-time', [{ name, data: v.aucOverTime }], timeLabel, file('td-auc')) : h('p', { class: 'muted' }, 'No td-AUC over time (a classifier at a horizon predicts at that horizon only).'),
    h('h2', {}, 'Brier score at each horizon'),
    table(null, ['horizon', 'Brier (95 % CI)', 'null model (Kaplan-Meier)'], v.brier.map((b) => [b.horizon, estimateWithCi(b.brier), estimateWithCi(b.nullBrier)]), { id: 'brier-table' }),
    h('h2', {}, 'Calibration at each horizon'),
    v.calibration.length ? v.calibration.map((c) => calibrationFigure(`calibration-${c.horizon}`, c.horizon, [{ name, data: c }], file(`calibration-${c.horizon}`))) : h('p', { class: 'muted' }, 'No calibration stored.'),
    h('h2', {}, 'Decision curve at each horizon'),
    v.decisionCurves.length ? v.decisionCurves.map((d) => decisionFigure(`decision-${d.horizon}`, d.horizon, [{ name, data: d }], file(`decision-curve-${d.horizon}`))) : h('p', { class: 'muted' }, 'No decision curve stored.'),
    h('h2', {}, 'Cross-validation of every grid configuration'),
    cvSection(v),
    h('h2', {}, 'Selected features'),
    featuresSection(v),
    h('h2', { id: 'external-validation-heading' }, 'External validation'),
    externalValidationSection(r.id, { runId: r.runId, me: ctx.me }, 'survival'),
  );
}

function riskGroupsSection(v: SurvivalModelRecord, timeLabel: string, file: string): HTMLElement {
  const rg = v.riskGroups;
  if (!rg || rg.groups.length === 0) return h('p', { class: 'muted' }, 'No risk groups stored.');
  const lr = rg.logRank;
  const cut = rg.split === 'median' ? 'median' : 'tertiles';
  return h(
    'div',
    {},
    h(
      'p',
      { id: 'log-rank' },
      `Test patients split at the training cohort's ${cut} of the risk score (cut-off ${rg.cutoffs.map((c) => num(c, 3)).join(', ')}). `,
      lr ? `Log-rank χ² = ${num(lr.chiSquare, 2)} on ${lr.df} df, p = ${pValue(lr.pValue)}.` : 'Log-rank test: fewer than two non-empty groups.',
    ),
    kaplanMeierFigure('km', `Kaplan-Meier survival of the risk groups, 95 % intervals shaded${lr ? ` · log-rank p = ${pValue(lr.pValue)}` : ''}`, [{ name: v.row.label, data: rg.groups }], timeLabel, v.endpoint.horizons, file),
  );
}

/** The features the refit kept, with each selection step's score of them (as the results file has them). */
function featuresSection(v: SurvivalModelRecord): HTMLElement {
  const feats = v.selectedFeatures;
  if (!feats.length) return h('p', { class: 'muted' }, 'No selection step: every feature of the set was used.');
  const steps = [...new Set(feats.flatMap((f) => Object.keys(f.scores)))];
  const score = (x: number | undefined) => (x === undefined ? '–' : x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(2) : num(x, 4));
  return table(`${feats.length} features after selection`, ['feature', ...steps], feats.map((f) => [f.name, ...steps.map((k) => score(f.scores[k]))]), { tall: true, id: 'features-table' });
}

function cvSection(v: SurvivalModelRecord): HTMLElement {
  const folds = Math.max(0, ...v.configurations.map((c) => c.foldC.length));
  const canonical = (p: Record<string, unknown> | null) => JSON.stringify(Object.entries(p ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  const best = canonical(v.row.bestParams);
  return table(
    `${v.configurations.length} configuration(s), CV Harrell's C per split; the selected one is marked`,
    ['#', 'parameters', ...Array.from({ length: folds }, (_, i) => `split ${i + 1}`), 'mean', 'SD', ''],
    v.configurations.map((c) => [c.index, params(c.params), ...Array.from({ length: folds }, (_, i) => num(c.foldC[i])), num(c.mean), num(c.sd), c.error ? `failed: ${c.error}` : canonical(c.params) === best ? 'selected' : '']),
    { tall: true, id: 'cv-table' },
  );
}
