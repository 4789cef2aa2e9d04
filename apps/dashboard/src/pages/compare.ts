/// <reference lib="dom" />
import type { Comparison } from '@radsweep/api-contract';
import { ComparedModel, Experiment, getJson, ModelComparison, RunComparison, RunProgress } from '../api.js';
import { lineFigure, PALETTE } from '../charts.js';
import { definedX } from '../series.js';
import { h, replace, table } from '../dom.js';
import { aucWithCi, calibrationValue, delta, num, params, pValue, shortId } from '../format.js';
import type { PageContext } from '../main.js';
import { specDifferences } from '../spec-diff.js';
import { withColumnChooser } from '../column-chooser.js';
import { tableCsvButton } from '../table-export.js';
import { comparisonFileBase } from '../figures/export-files.js';

/**
 * Two or more models (`?models=a,b`) or runs (`?runs=a,b`) side by side:
 * overlaid ROC and calibration curves, metric deltas against the first,
 * DeLong's paired p on shared test patients, and what changed between the
 * experiment specs. For runs, pick which feature set x model to overlay.
 */
export async function comparePage(ctx: PageContext): Promise<HTMLElement> {
  const models = (ctx.params.get('models') ?? '').split(',').filter(Boolean);
  const runs = (ctx.params.get('runs') ?? '').split(',').filter(Boolean);
  if (runs.length >= 2) return compareRuns(runs);
  if (models.length >= 2) return h('section', {}, h('h1', {}, `Compare ${models.length} models`), await modelsView(models));
  return h('section', {}, h('h1', {}, 'Compare'), h('p', {}, 'Select two or more models on a ', h('a', { href: '#/leaderboard' }, 'leaderboard'), ', or two or more runs on the ', h('a', { href: '#/runs' }, 'Runs'), ' page.'));
}

/** `/compare?runs=` answers the runs' comparison (`?models=` would answer the models' one: the same route). */
function runComparison(c: Comparison): RunComparison {
  if (!('rows' in c)) throw new Error('the server answered a comparison of models where one of runs was asked for');
  return c;
}

async function compareRuns(runIds: string[]): Promise<HTMLElement> {
  const [cmp, progress] = await Promise.all([getJson<Comparison>(`/compare?runs=${runIds.join(',')}`).then(runComparison), Promise.all(runIds.map((id) => getJson<RunProgress>(`/runs/${id}`)))]);
  const head = ['Feature set', 'Model', ...runIds.flatMap((id, i) => (i === 0 ? [`${shortId(id)} test AUC`] : [`${shortId(id)} test AUC`, 'Δ test AUC', 'Δ CV AUC', 'DeLong p']))];
  const rows = cmp.rows.map((r) => [
    r.featureSet,
    r.model,
    ...r.runs.flatMap((x, i) => {
      if (!x.present) return i === 0 ? ['absent'] : ['absent', '–', '–', '–'];
      return i === 0 ? [num(x.testAuc)] : [num(x.testAuc), delta(x.deltaTestAuc), delta(x.deltaCvAuc), x.delong ? pValue(x.delong.pValue) : 'different patients'];
    }),
  ]);
  const curves = h('div', { id: 'curves' });
  const choices = cmp.rows.filter((r) => r.runs.filter((x) => x.present).length >= 2);
  const pick = h(
    'select',
    { id: 'compare-row', onchange: () => void show() },
    choices.map((r, i) => h('option', { value: String(i) }, `${r.featureSet} · ${r.model}`)),
  );
  async function show(): Promise<void> {
    const row = choices[Number(pick.value)];
    if (!row) return;
    const ids = row.runs.flatMap((x) => (x.present ? [x.modelResultId] : []));
    replace(curves, h('p', { class: 'muted' }, 'Loading…'));
    replace(curves, await modelsView(ids));
  }
  if (choices.length) await show();
  const seeds = progress.map((p) => p.seed);
  return h(
    'section',
    {},
    h('h1', {}, `Compare ${runIds.length} runs`),
    h('p', {}, 'Runs: ', runIds.map((id, i) => [i ? ', ' : '', h('a', { href: `#/leaderboard?runId=${id}` }, shortId(id))]).flat(), ` · seeds ${seeds.join(', ')}`),
    h('h2', {}, 'Test AUC by feature set and model (deltas and DeLong p against the first run)'),
    otherPatientsNote(cmp.rows.some((r) => r.runs.some((x) => x.present && !x.sameTestPatients && x.runId !== runIds[0])), 'runs'),
    withColumnChooser(table(null, head, rows, { id: 'run-compare-table' }), 'radsweep.compare-runs.columns', ['Δ CV AUC']),
    tableCsvButton('run-compare-table-csv', `${comparisonFileBase(runIds)}-runs`, () => ({
      header: ['feature_set', 'model', 'run_id', 'present', 'model_result_id', 'test_auc', 'cv_auc', 'delta_test_auc', 'delta_cv_auc', 'same_test_patients', 'delong_p', 'delong_patients'],
      rows: cmp.rows.flatMap((r) =>
        r.runs.map((x) => (x.present ? [r.featureSet, r.model, x.runId, 1, x.modelResultId, x.testAuc, x.cvAuc, x.deltaTestAuc, x.deltaCvAuc, x.sameTestPatients ? 1 : 0, x.delong?.pValue ?? null, x.delong?.patients ?? null] : [r.featureSet, r.model, x.runId, 0, null, null, null, null, null, null, null, null])),
      ),
    })),
    h('h2', {}, 'Curves'),
    choices.length ? h('div', { class: 'controls' }, h('label', { for: 'compare-row' }, 'Feature set and model', pick)) : h('p', { class: 'muted' }, 'No feature set x model is present in two of these runs.'),
    curves,
  );
}

/** The models view: summary with deltas and DeLong p, overlaid ROC and calibration curves, spec differences. */
async function modelsView(ids: string[]): Promise<HTMLElement> {
  const cmp = await getJson<ModelComparison>(`/dashboard/compare?ids=${ids.join(',')}`);
  const name = (m: ComparedModel, i: number) => `${i + 1}. ${m.label} · ${m.featureSet} · ${m.experiment} (run ${shortId(m.runId)})`;
  const summaryTable = table(
    'Deltas and DeLong p against model 1',
    ['Model', 'Test AUC (95 % CI)', 'CV AUC', 'Brier', 'Cal. slope', 'Δ test AUC', 'Δ CV AUC', 'Δ Brier', 'DeLong p', 'Best parameters'],
    cmp.models.map((m, i) => {
      const ci = m.test?.aucCi.bootstrap ?? m.test?.aucCi.delong ?? null;
      return [
        h('a', { href: `#/model/${m.id}` }, name(m, i)),
        aucWithCi(m.test?.auc, ci?.lower, ci?.upper),
        num(m.cvAuc),
        num(m.test?.brier),
        calibrationValue(m.test?.calibrationSlope, m.test?.calibrationUndefined?.slope),
        i === 0 ? 'reference' : delta(m.deltaTestAuc),
        i === 0 ? '' : delta(m.deltaCvAuc),
        i === 0 ? '' : delta(m.deltaBrier),
        i === 0 ? '' : m.delong ? `${pValue(m.delong.pValue)} (n = ${m.delong.patients})` : 'not the same test patients',
        params(m.bestParams),
      ];
    }),
    { id: 'model-compare-table' },
  );
  // key columns (model, test AUC with CI, CV AUC, delta test AUC, DeLong p) always; the rest on demand
  const summary = withColumnChooser(summaryTable, 'radsweep.compare.columns', ['Brier', 'Cal. slope', 'Δ CV AUC', 'Δ Brier', 'Best parameters']);
  const file = comparisonFileBase(ids);
  // the numbers behind the table, unrounded, with what identifies each model
  const summaryCsv = tableCsvButton('model-compare-table-csv', `${file}-models`, () => ({
    header: ['model', 'model_result_id', 'run_id', 'feature_set', 'experiment', 'test_auc', 'test_auc_lower', 'test_auc_upper', 'cv_auc', 'brier', 'calibration_slope', 'delta_test_auc', 'delta_cv_auc', 'delta_brier', 'same_test_patients', 'delong_p', 'delong_patients', 'best_params'],
    rows: cmp.models.map((m, i) => {
      const ci = m.test?.aucCi.bootstrap ?? m.test?.aucCi.delong ?? null;
      return [name(m, i), m.id, m.runId, m.featureSet, m.experiment, m.test?.auc ?? null, ci?.lower ?? null, ci?.upper ?? null, m.cvAuc, m.test?.brier ?? null, m.test?.calibrationSlope ?? null,
        m.deltaTestAuc, m.deltaCvAuc, m.deltaBrier, m.sameTestPatients ? 1 : 0, m.delong?.pValue ?? null, m.delong?.patients ?? null, m.bestParams ? JSON.stringify(m.bestParams) : null];
    }),
  }));
  const withRoc = cmp.models.filter((m) => m.roc);
  const roc = lineFigure(
    'compare-roc',
    'ROC curves, test sets',
    [
      ...cmp.models.flatMap((m, i) => (m.roc ? [{ label: `${name(m, i)} (AUC ${num(m.test?.auc)})`, ...definedX(m.roc.fpr, m.roc.tpr), colour: PALETTE[i % PALETTE.length] }] : [])),
      { label: 'chance', x: [0, 1], y: [0, 1], dashed: true, colour: '#888888' },
    ],
    { x: 'False positive rate', y: 'True positive rate', xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
    table(null, ['model', 'FPR', 'TPR', 'threshold'], withRoc.flatMap((m) => m.roc!.fpr.map((f, k) => [cmp.models.indexOf(m) + 1, num(f), num(m.roc!.tpr[k]), num(m.roc!.threshold[k], 4)])), { tall: true }),
    {
      square: true,
      file: `${file}-roc`,
      numbers: { header: ['model', 'fpr', 'tpr', 'threshold'], rows: withRoc.flatMap((m) => m.roc!.fpr.map((f, k) => [name(m, cmp.models.indexOf(m)), f, m.roc!.tpr[k], m.roc!.threshold[k]])) },
    },
  );
  const withCal = cmp.models.filter((m) => m.calibration);
  const calibration = lineFigure(
    'compare-calibration',
    'Calibration curves (stored bins)',
    [
      ...cmp.models.flatMap((m, i) => (m.calibration ? [{ label: name(m, i), ...definedX(m.calibration.meanPredicted, m.calibration.observed), points: true, colour: PALETTE[i % PALETTE.length] }] : [])),
      { label: 'perfect calibration', x: [0, 1], y: [0, 1], dashed: true, colour: '#888888' },
    ],
    { x: 'Mean predicted probability', y: 'Observed fraction positive', xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
    table(null, ['model', 'mean predicted', 'observed', 'patients'], withCal.flatMap((m) => m.calibration!.meanPredicted.map((p, k) => [cmp.models.indexOf(m) + 1, num(p), num(m.calibration!.observed[k]), m.calibration!.count[k]])), { tall: true }),
    {
      square: true,
      file: `${file}-calibration`,
      numbers: { header: ['model', 'mean_predicted', 'observed', 'patients'], rows: withCal.flatMap((m) => m.calibration!.meanPredicted.map((p, k) => [name(m, cmp.models.indexOf(m)), p, m.calibration!.observed[k], m.calibration!.count[k]])) },
    },
  );
  return h('div', {}, otherPatientsNote(cmp.models.some((m) => !m.sameTestPatients), 'models'), summary, summaryCsv, roc, calibration, h('h2', {}, 'Spec differences'), specSection(cmp));
}

/** The warning shown when some of the compared were tested on other patients than the first. */
function otherPatientsNote(shown: boolean, what: 'runs' | 'models'): HTMLElement | null {
  if (!shown) return null;
  return h('p', { class: 'warning', role: 'note', id: 'other-test-patients' }, `Some of these ${what} were tested on other patients than the first ('not the same test patients' / 'different patients'): their Δ test AUC mixes the difference between the models with the difference between the test sets, and no paired test applies.`);
}

function specSection(cmp: ModelComparison): HTMLElement {
  const exps = cmp.experiments;
  if (exps.length < 2) return h('p', { id: 'spec-diff' }, `All compared models come from one experiment version (${exps[0] ? `${exps[0].name} v${exps[0].version}` : '–'}): no spec differences.`);
  const diffs = specDifferences(exps.map((e) => e.spec));
  const show = (v: unknown) => (v === undefined ? h('span', { class: 'muted' }, 'absent') : h('code', {}, JSON.stringify(v)));
  return wrapping(table(
    `${diffs.length} setting(s) differ`,
    ['setting', ...exps.map((e: Pick<Experiment, 'name' | 'version'>) => `${e.name} v${e.version}`)],
    diffs.map((d) => [h('code', {}, d.path), ...d.values.map(show)]),
    { id: 'spec-diff' },
  ));
}

/** The spec differences table wraps long values (include lists, grids) instead of scrolling sideways. */
function wrapping(el: HTMLElement): HTMLElement {
  el.classList.add('wrap-cells');
  return el;
}
