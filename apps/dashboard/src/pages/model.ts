/// <reference lib="dom" />
import { getJson, ModelView } from '../api.js';
import { bandSeries, barFigure, lineFigure, PALETTE } from '../charts.js';
import { definedX } from '../series.js';
import { confusionAt } from '../confusion.js';
import { facts, h, replace, table } from '../dom.js';
import { calibrationBins } from '../figures/calibration-bins.js';
import { netBenefitRange } from '../figures/decision-range.js';
import { rocBootstrapBand } from '../figures/roc-band.js';
import type { RocBand } from '../figures/roc-band.js';
import { thresholdRangeControl } from '../figures/threshold-range-control.js';
import { aucWithCi, calibrationValue, duration, num, params, shortId } from '../format.js';
import type { PageContext } from '../main.js';
import { externalValidationSection } from './external-validation-section.js';

/**
 * A model's record, what the reviewer opens: ROC, calibration (with bin counts
 * and the histogram of predicted probabilities), decision curve, the confusion
 * matrix at a movable threshold, every grid configuration's fold AUCs, selected
 * features, and the exact settings, seed, dataset hash and software behind it.
 * Every chart draws points stored (or computed) on the server, beside a table of them.
 */
export async function modelPage(ctx: PageContext): Promise<HTMLElement> {
  const id = ctx.path[1];
  if (!id) return h('p', {}, 'Open a model from a leaderboard.');
  const v = await getJson<ModelView>(`/dashboard/results/${encodeURIComponent(id)}`);
  const r = v.record;
  const t = r.test;
  const ci = t?.aucCi.bootstrap ?? t?.aucCi.delong ?? null;
  const ciKind = t?.aucCi.bootstrap ? `bootstrap, ${t.aucCi.bootstrap.validResamples} resamples` : t?.aucCi.delong ? 'DeLong' : '';
  const dataset = v.run.dataset;
  const balance = v.featureSet.classBalance;
  return h(
    'article',
    {},
    h('h1', {}, `${r.label} on ${v.featureSet.name}`),
    h(
      'p',
      {},
      'Run ',
      h('a', { href: `#/leaderboard?runId=${v.runId}` }, shortId(v.runId)),
      v.experiment ? ` · experiment ${v.experiment.name} v${v.experiment.version}` : '',
      ' · ',
      h('a', { href: `/api/dashboard/results/${v.id}/predictions.csv`, id: 'download-predictions' }, 'Download predictions (CSV)'),
    ),
    v.run.leaky ? h('p', { class: 'error' }, v.run.leakyNote ?? 'LEAKY run: scores are optimistic.') : null,
    r.error ? h('p', { class: 'error' }, `No test result: ${r.error}`) : null,
    t?.singleClassPrediction !== null && t?.singleClassPrediction !== undefined ? h('p', { class: 'badge warn', 'data-flag': 'one-class' }, `This model predicts class ${t.singleClassPrediction} for every test patient at threshold ${t.threshold}.`) : null,
    h('p', { id: 'ranking-note' }, chosenSentence(v)),
    facts([
      ['Test AUC', t ? `${aucWithCi(t.auc, ci?.lower, ci?.upper)} ${ci ? `(${Math.round((t.aucCi.level ?? 0.95) * 100)} % CI, ${ciKind})` : ''}` : '–'],
      ['CV AUC', `${num(r.cv.auc.mean)} ± ${num(r.cv.auc.sd)}`],
      ['Brier · calibration slope · intercept', t ? `${num(t.brier)} · ${calibrationValue(t.calibrationSlope, t.calibrationUndefined?.slope)} · ${calibrationValue(t.calibrationIntercept, t.calibrationUndefined?.intercept)}` : '–'],
      ['Positive class', String(dataset?.positiveClass ?? '–')],
      ['Class balance', `train ${balance.train.n} (${balance.train.positives} positive) · test ${balance.test.n} (${balance.test.positives} positive)`],
    ]),
    h('h2', {}, 'ROC curve'),
    rocSection(v),
    h('h2', {}, 'Calibration'),
    calibrationSection(v),
    h('h2', {}, 'Decision curve'),
    decisionSection(v),
    h('h2', { id: 'threshold-heading' }, 'Confusion matrix at a threshold'),
    thresholdSection(v),
    h('h2', {}, 'Cross-validation of every grid configuration'),
    cvSection(v),
    h('h2', {}, 'Selected features'),
    featuresSection(v),
    h('h2', {}, 'Provenance'),
    provenanceSection(v),
    h('h2', { id: 'external-validation-heading' }, 'External validation'),
    externalValidationSection(v.id, { runId: v.runId, me: ctx.me }),
  );
}

/** Base name of a model's exported figures: `<run>-<feature set>-<model>-<figure>`. */
const fileOf = (v: ModelView, figure: string) => `${shortId(v.runId)}-${v.featureSet.name}-${v.record.label}-${figure}`;

/** Bootstrap resamples of the ROC band: the run's AUC bootstrap count, at least 2000 (2.5 and 97.5 percentiles need that many to settle). */
const bandResamples = (v: ModelView) => Math.max(2000, v.run.settings?.metrics.bootstrap ?? 0);

/** The ROC band of the test predictions (null when the test set lacks a class). */
function rocBand(v: ModelView): RocBand | null {
  try {
    return rocBootstrapBand(v.predictions.map((p) => p.label), v.predictions.map((p) => p.probability), { resamples: bandResamples(v), seed: v.run.seed, level: v.record.test?.aucCi.level ?? 0.95 });
  } catch {
    return null;
  }
}

function rocSection(v: ModelView): HTMLElement {
  const roc = v.record.roc;
  if (!roc) return h('p', { class: 'muted' }, 'No ROC curve stored.');
  const t = v.record.test;
  const band = rocBand(v);
  const pct = band ? Math.round(band.level * 100) : 0;
  return lineFigure(
    'roc',
    `ROC, test set: AUC ${num(t?.auc)}${band ? `; shaded: ${pct} % pointwise bootstrap band (stratified, ${band.resamples} resamples, seed ${band.seed})` : ''}`,
    [
      ...(band ? bandSeries(`${pct} % CI`, band.fpr, band.lower, band.upper, PALETTE[0]) : []),
      { label: `${v.record.label} (AUC ${num(t?.auc)})`, ...definedX(roc.fpr, roc.tpr), colour: PALETTE[0] },
      { label: 'chance', x: [0, 1], y: [0, 1], dashed: true, colour: '#888888' },
    ],
    { x: 'False positive rate (1 − specificity)', y: 'True positive rate (sensitivity)', xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
    table(null, ['FPR', 'TPR', 'threshold'], roc.fpr.map((f, i) => [num(f), num(roc.tpr[i]), num(roc.threshold[i], 4)]), { tall: true }),
    {
      square: true,
      file: fileOf(v, 'roc'),
      numbers: {
        header: ['row', 'fpr', 'tpr', 'threshold', 'tpr_lower', 'tpr_upper'],
        rows: [...roc.fpr.map((f, i) => ['curve', f, roc.tpr[i], roc.threshold[i], null, null]), ...(band ? band.fpr.map((f, i) => ['band', f, null, null, band.lower[i], band.upper[i]]) : [])],
      },
    },
  );
}

function calibrationSection(v: ModelView): HTMLElement {
  const cal = v.record.calibration;
  const hist = v.histogram;
  const parts: HTMLElement[] = [];
  if (cal) {
    // edges, events and Wilson intervals recounted from the predictions with the engine's binning
    const bins = calibrationBins(v.predictions.map((p) => p.label), v.predictions.map((p) => p.probability), cal.count.length);
    const probabilities = (label: number) => v.predictions.filter((p) => p.label === label).map((p) => p.probability);
    const mean = cal.meanPredicted.map((m) => (m === null || Number.isNaN(m) ? null : m));
    parts.push(
      lineFigure(
        'calibration',
        'Calibration curve (stored bins: mean predicted probability vs observed fraction positive, 95 % Wilson intervals; ticks: predicted probabilities of positive patients at the top, negative at the bottom)',
        [
          { label: 'model (95 % Wilson CI)', x: mean as number[], y: cal.observed, points: true, colour: PALETTE[0], whiskers: { lower: bins.map((b) => b.ciLower), upper: bins.map((b) => b.ciUpper) } },
          { label: 'perfect calibration', x: [0, 1], y: [0, 1], dashed: true, colour: '#888888' },
          { label: 'positive patients', x: probabilities(1), y: [], rug: 'top', colour: PALETTE[1] },
          { label: 'negative patients', x: probabilities(0), y: [], rug: 'bottom', colour: PALETTE[2] },
        ],
        { x: 'Mean predicted probability', y: 'Observed fraction positive', xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
        table(
          null,
          ['bin', 'edges', 'mean predicted', 'observed', '95 % CI', 'patients', 'positive'],
          bins.map((b, i) => [i + 1, `${i === 0 ? '[' : '('}${num(b.lower, 2)}, ${num(b.upper, 2)}]`, num(cal.meanPredicted[i]), num(cal.observed[i]), b.count ? `${num(b.ciLower)}–${num(b.ciUpper)}` : '–', cal.count[i], b.positives]),
        ),
        {
          square: true,
          file: fileOf(v, 'calibration'),
          numbers: {
            header: ['bin', 'lower_edge', 'upper_edge', 'mean_predicted', 'observed', 'ci_lower', 'ci_upper', 'patients', 'positives'],
            rows: bins.map((b, i) => [i + 1, b.lower, b.upper, mean[i], cal.observed[i], b.ciLower, b.ciUpper, cal.count[i], b.positives]),
          },
        },
      ),
    );
  } else parts.push(h('p', { class: 'muted' }, 'No calibration curve stored.'));
  if (hist) {
    const labels = hist.counts.map((_, i) => `${hist.edges[i].toFixed(2)}–${hist.edges[i + 1].toFixed(2)}`);
    parts.push(
      barFigure('histogram', 'Predicted probabilities of the test patients', labels, hist.counts, { x: 'Predicted probability', y: 'Patients' }, table(null, ['probability', 'patients'], labels.map((l, i) => [l, hist.counts[i]])), {
        file: fileOf(v, 'histogram'),
        numbers: { header: ['lower_edge', 'upper_edge', 'patients'], rows: hist.counts.map((n, i) => [hist.edges[i], hist.edges[i + 1], n]) },
      }),
    );
  }
  return h('div', {}, parts);
}

function decisionSection(v: ModelView): HTMLElement {
  const d = v.decisionCurve;
  if (!d) return h('p', { class: 'muted' }, 'No decision curve: the test set lacks one of the classes.');
  const test = v.featureSet.classBalance.test;
  const prevalence = test.positives / test.n;
  const range = netBenefitRange(prevalence);
  return lineFigure(
    'decision',
    `Net benefit against treat-all and treat-none (Vickers & Elkin 2006); net benefit shown from ${num(range.yMin, 3)} to the prevalence ${num(prevalence, 3)} (the table has every value)`,
    [
      { label: v.record.label, x: d.threshold, y: d.model },
      { label: 'treat all', x: d.threshold, y: d.treatAll, colour: '#D55E00', dashed: true },
      { label: 'treat none', x: d.threshold, y: d.treatNone, colour: '#888888', dash: [2, 3] },
    ],
    { x: 'Threshold probability', y: 'Net benefit', xMin: 0, xMax: 1, ...range },
    table(null, ['threshold', 'model', 'treat all', 'treat none'], d.threshold.map((th, i) => [num(th, 2), num(d.model[i], 4), num(d.treatAll[i], 4), num(d.treatNone[i], 1)]), { tall: true }),
    {
      file: fileOf(v, 'decision-curve'),
      controls: thresholdRangeControl('decision'),
      numbers: { header: ['threshold', 'net_benefit_model', 'net_benefit_treat_all', 'net_benefit_treat_none'], rows: d.threshold.map((th, i) => [th, d.model[i], d.treatAll[i], d.treatNone[i]]) },
    },
  );
}

/** Whether CV chose this model among its run's feature set, and so what its test metrics are. */
function chosenSentence(v: ModelView): string {
  const { cvRank, of } = v.ranking;
  if (cvRank === null) return `No CV score: this model was not ranked. ${v.ranking.note}`;
  const where = `of the ${of} models on ${v.featureSet.name} in this run`;
  return cvRank === 1
    ? `Chosen by CV (highest mean CV AUC ${where}): its test metrics below are the estimate of its performance on new patients.`
    : `Rank ${cvRank} by mean CV AUC ${where}, not the model chosen: its test metrics are for reference, not for choosing.`;
}

/** Threshold slider (default: the run's threshold, 0.5 unless set) and the confusion matrix with its rates, counted from the stored predictions. */
function thresholdSection(v: ModelView): HTMLElement {
  const labels = v.predictions.map((p) => p.label);
  const probs = v.predictions.map((p) => p.probability);
  const initial = v.run.settings?.metrics.threshold ?? 0.5;
  const out = h('output', { id: 'threshold-value', for: 'threshold' }, initial.toFixed(2));
  const slider = h('input', { type: 'range', id: 'threshold', min: 0, max: 1, step: 0.01, value: initial, 'aria-describedby': 'threshold-value' });
  const matrix = h('div', { id: 'confusion' });
  const update = () => {
    const th = Number(slider.value);
    out.textContent = th.toFixed(2);
    const c = confusionAt(labels, probs, th);
    replace(
      matrix,
      h(
        'div',
        { class: 'grid2' },
        h(
          'div',
          { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Confusion matrix' },
          h(
            'table',
            { class: 'confusion' },
            h('caption', { class: 'muted' }, `Test patients, positive when p > ${th.toFixed(2)} (the engine's rule)`),
            h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'predicted positive'), h('th', { scope: 'col' }, 'predicted negative'))),
            h(
              'tbody',
              {},
              h('tr', {}, h('th', { scope: 'row' }, 'actually positive'), h('td', { 'data-cell': 'tp' }, `TP ${c.tp}`), h('td', { 'data-cell': 'fn' }, `FN ${c.fn}`)),
              h('tr', {}, h('th', { scope: 'row' }, 'actually negative'), h('td', { 'data-cell': 'fp' }, `FP ${c.fp}`), h('td', { 'data-cell': 'tn' }, `TN ${c.tn}`)),
            ),
          ),
        ),
        table(null, ['metric', 'value'], [
          ['accuracy', num(c.accuracy)],
          ['sensitivity (recall)', num(c.sensitivity)],
          ['specificity', num(c.specificity)],
          ['PPV (precision)', num(c.ppv)],
          ['NPV', num(c.npv)],
          ['F1', num(c.f1)],
        ], { id: 'threshold-metrics' }),
      ),
    );
  };
  slider.addEventListener('input', update);
  update();
  return h('div', {}, h('div', { class: 'controls' }, h('label', { for: 'threshold' }, 'Threshold', slider), out), matrix);
}

function cvSection(v: ModelView): HTMLElement {
  const configs = v.record.cv.perConfig;
  const folds = Math.max(0, ...configs.map((c) => c.foldAuc.length));
  return table(
    `${configs.length} configuration(s); the selected one is marked`,
    ['#', 'parameters', ...Array.from({ length: folds }, (_, i) => `fold ${i + 1}`), 'mean', 'SD', ''],
    configs.map((c) => [c.index, params(c.params), ...Array.from({ length: folds }, (_, i) => num(c.foldAuc[i])), num(c.mean), num(c.sd), c.index === v.record.bestConfigIndex ? 'selected' : c.error ? `failed: ${c.error}` : '']),
    { tall: true, id: 'cv-table' },
  );
}

function featuresSection(v: ModelView): HTMLElement {
  const feats = v.record.selectedFeatures.length ? v.record.selectedFeatures : [];
  if (!feats.length) return h('p', { class: 'muted' }, `No selection step: all ${v.featureSet.features.length} features of the set were used.`);
  const keys = [...new Set(feats.flatMap((f) => Object.keys(f.scores)))];
  return table(`${feats.length} features after selection`, ['feature', ...keys], feats.map((f) => [f.name, ...keys.map((k) => score(f.scores[k]))]), { tall: true, id: 'features-table' });
}

/** A selector's score of a feature: '–' when absent or undefined (null in JSON), tiny ones in exponent form. */
function score(s: number | null | undefined): string {
  return s === undefined || s === null ? '–' : Math.abs(s) < 1e-3 && s !== 0 ? s.toExponential(2) : num(s, 4);
}

function provenanceSection(v: ModelView): HTMLElement {
  const s = v.run.settings;
  const d = v.run.dataset;
  return h(
    'div',
    { class: 'grid2' },
    facts([
      ['Steps', s ? h('ol', {}, s.steps.map((st) => h('li', {}, h('code', {}, st.id), ' ', params(st.params)))) : '–'],
      ['Sampler', s?.sampler ? `${s.sampler.id} ${params(s.sampler.params)}` : 'none'],
      ['Best parameters (CV)', params(v.record.bestParams)],
      ['Refit parameters', params(v.record.refitParams)],
      ['Seed', `${v.run.seed} (model seeds ${v.run.modelSeeds ?? '–'})`],
      ['Validation', `${v.run.split.type}: ${v.run.split.train} train / ${v.run.split.test} test; ${v.run.cv.type}, ${v.run.cv.foldsPerRepeat} folds × ${v.run.cv.repeats}`],
      ['Fit time', `CV ${duration(v.record.timings.cvFitMs)}, refit ${duration(v.record.timings.refitMs)}`],
    ]),
    facts([
      ['Dataset', d ? `${d.path} (${d.rows} rows, ${d.positives} positive; id ${d.idColumn}, label ${d.labelColumn})` : '–'],
      ['Dataset SHA-256', d ? h('code', { id: 'dataset-hash' }, d.sha256) : '–'],
      ['Software', v.run.software ? h('ul', {}, Object.entries(v.run.software).map(([k, val]) => h('li', {}, `${k} ${val}`))) : '–'],
    ]),
  );
}
