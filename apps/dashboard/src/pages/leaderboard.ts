/// <reference lib="dom" />
import { ComparisonGroup, getPaged, LeaderboardPage, LeaderboardRow, query } from '../api.js';
import { toCsv } from '../csv.js';
import { errorBox, h, replace } from '../dom.js';
import { aucWithCi, calibrationValue, num, params, shortId } from '../format.js';
import type { PageContext } from '../main.js';

const PAGE_SIZE = 50;

/** Sortable columns: key (the server's sort key), header, and how a row shows it. */
const COLUMNS: { key: string; head: string; cell: (r: LeaderboardRow) => string; numeric?: boolean }[] = [
  { key: 'featureSet', head: 'Feature set', cell: (r) => r.featureSet },
  { key: 'model', head: 'Model', cell: (r) => r.label },
  { key: 'cvAuc', head: 'CV AUC ± SD', cell: (r) => (r.cvAuc === null ? '–' : `${num(r.cvAuc)} ± ${num(r.cvAucSd)}`), numeric: true },
  { key: 'testAuc', head: 'Test AUC (95 % CI)', cell: (r) => aucWithCi(r.testAuc, r.testAucLower, r.testAucUpper), numeric: true },
  { key: 'accuracy', head: 'Accuracy', cell: (r) => num(r.accuracy), numeric: true },
  { key: 'recall', head: 'Sensitivity', cell: (r) => num(r.recall), numeric: true },
  { key: 'specificity', head: 'Specificity', cell: (r) => num(r.specificity), numeric: true },
  { key: 'f1', head: 'F1', cell: (r) => num(r.f1), numeric: true },
  { key: 'brier', head: 'Brier', cell: (r) => num(r.brier), numeric: true },
  { key: 'calibrationSlope', head: 'Cal. slope', cell: (r) => calibrationValue(r.calibrationSlope, r.calibrationUndefined?.slope), numeric: true },
];

const FILTER_KEYS = ['runId', 'experimentId', 'datasetSha256', 'featureSet', 'model', 'sort', 'order', 'tag', 'archived', 'minCvAuc', 'maxCvAuc', 'params'] as const;

/** Test class balance and positive class, e.g. "test 143 (53 positive, class 1)". */
function balance(r: LeaderboardRow): string {
  const t = r.classBalance?.test;
  return t ? `${t.n} (${t.positives} pos.)` : '–';
}

/** A dataset by its file name and the start of its sha256. */
function datasetLabel(name: string, sha256: string): string {
  return `${name || 'dataset'} (sha256 ${sha256.slice(0, 12)})`;
}

/** `train 426 (159 positive), test 143 (53 positive)`. */
function balanceText(b: ComparisonGroup['classBalance']): string {
  return b?.train && b.test ? `train ${b.train.n} (${b.train.positives} positive), test ${b.test.n} (${b.test.positives} positive)` : '–';
}

/**
 * What the rows are and how they rank: the sentence on CV ranking; with one test
 * set its positive class and class balance; with several, a warning and a table of
 * the comparison groups (dataset, experiment, test set, feature set) with the
 * balance and the model chosen by CV of each.
 */
function context(page: LeaderboardPage): HTMLElement[] {
  const ranking = h('p', { id: 'ranking-note' }, page.ranking.note);
  if (page.groups.length === 0) return [ranking, h('p', { class: 'muted' }, 'No stored model results match.')];
  if (!page.note) {
    const g = page.groups[0];
    return [ranking, h('p', { id: 'class-balance' }, 'Positive class: ', h('strong', {}, String(g.positiveClass ?? '–')), ` · class balance: ${balanceText(g.classBalance)} · ${datasetLabel(g.datasetName, g.datasetSha256)}, test set ${g.testSet}`)];
  }
  const groups = h(
    'table',
    { id: 'groups' },
    h('caption', {}, 'Comparison groups: models are ranked against each other only within one group'),
    h('thead', {}, h('tr', {}, ['Dataset', 'Experiment', 'Test set', 'Feature set', 'Positive class', 'Class balance', 'Rows', 'Chosen by CV'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      page.groups.map((g) =>
        h(
          'tr',
          { 'data-group': g.key },
          h('td', {}, datasetLabel(g.datasetName, g.datasetSha256)),
          h('td', {}, g.experiment),
          h('td', {}, g.testSet),
          h('td', {}, g.featureSet),
          h('td', {}, String(g.positiveClass ?? '–')),
          h('td', { 'data-key': 'class-balance' }, balanceText(g.classBalance)),
          h('td', { class: 'num' }, String(g.rows)),
          h('td', {}, g.bestId ? h('a', { href: `#/model/${g.bestId}` }, 'model record') : '–'),
        ),
      ),
    ),
  );
  return [ranking, h('p', { id: 'mixed-test-sets', class: 'warning', role: 'note' }, page.note), h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Comparison groups' }, groups)];
}

/**
 * Leaderboard of one run (`runId`) or across runs: one row per feature set x
 * model, sorted and paged on the server (by default by CV score), filters by
 * dataset, experiment, feature set and model, the row chosen by CV in each
 * comparison group marked best, CSV export, rows selectable for Compare.
 */
export async function leaderboardPage(ctx: PageContext): Promise<HTMLElement> {
  const state = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = ctx.params.get(k);
    if (v) state.set(k, v);
  }
  const selected = new Set<string>();
  const body = h('div', {});
  const status = h('p', { class: 'muted', role: 'status', id: 'leaderboard-status' });
  const compareButton = h('button', { type: 'button', id: 'compare-selected', disabled: true, onclick: () => (location.hash = `#/compare?models=${[...selected].join(',')}`) }, 'Compare selected');
  const csvButton = h('button', { type: 'button', class: 'secondary', id: 'export-csv', onclick: () => void exportCsv(state, status) }, 'Export CSV');

  // rows a page (`?limit=` in the page's address; the server checks it)
  const pageSize = Number(ctx.params.get('limit')) || PAGE_SIZE;
  // cursors[k]: where page k starts ('' the first), from the X-Next-Cursor of page k-1 (kept, so Previous goes back)
  let cursors: string[] = [''];
  let shownPage = 0;
  let hasNext = false;
  let shown: LeaderboardPage | null = null;
  async function render(focusId?: string, k = 0): Promise<void> {
    ctx.setParams(state);
    let page: LeaderboardPage;
    try {
      const answer = await getPaged<LeaderboardPage>(`/dashboard/leaderboard${query({ ...Object.fromEntries(state), limit: pageSize, after: cursors[k] || undefined })}`);
      page = answer.body;
      shownPage = k;
      hasNext = answer.next !== null;
      if (answer.next) cursors[k + 1] = answer.next;
    } catch (e) {
      // a refused filter (a 422 naming the unknown hyper-parameter) keeps the page and its controls, with the reason;
      // refused on opening (a URL with a bad filter): the page without that filter, and the reason
      const reason = e instanceof Error ? e.message : String(e);
      if (!shown && state.has('params')) {
        state.delete('params');
        await render(focusId);
        status.textContent = `${reason} (hyper-parameter filter removed)`;
      } else if (!shown) replace(body, errorBox(e));
      else {
        replace(body, ...view(shown));
        status.textContent = reason;
        if (focusId) document.getElementById(focusId)?.focus();
      }
      return;
    }
    shown = page;
    status.textContent = '';
    replace(body, ...view(page));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function setState(k: string, v: string | null, focusId?: string): void {
    if (v) state.set(k, v);
    else state.delete(k);
    cursors = [''];
    void render(focusId);
  }

  function view(page: LeaderboardPage): HTMLElement[] {
    const runScope = state.get('runId');
    const mixed = page.note !== null;
    const filters = h(
      'div',
      { class: 'controls' },
      runScope ? null : select('Dataset', 'filter-dataset', 'datasetSha256', page.datasets.map((d) => [d.sha256, datasetLabel(d.name, d.sha256)])),
      runScope ? null : select('Experiment', 'filter-experiment', 'experimentId', page.experiments.map((e) => [e.id, e.label])),
      select('Feature set', 'filter-feature-set', 'featureSet', page.featureSets.map((f) => [f, f])),
      select('Model', 'filter-model', 'model', page.models.map((m) => [m.id, m.label])),
      // run curation's filters: runs by tag and archive state, rows by CV AUC (a filter of the rows shown, never of the choice by CV)
      runScope ? null : field('Run tag', 'filter-tag', 'tag', { type: 'text', maxlength: 40, size: 10 }),
      runScope
        ? null
        : h('label', {}, 'Archived runs', h('select', { id: 'filter-archived', onchange: (e: Event) => setState('archived', (e.target as HTMLSelectElement).value, 'filter-archived') },
            ([['', 'hidden'], ['true', 'only'], ['all', 'shown too']] as const).map(([v, text]) => h('option', { value: v, selected: (state.get('archived') ?? '') === v }, text)))),
      field('CV AUC ≥', 'filter-min-cv', 'minCvAuc', { type: 'number', min: 0, max: 1, step: 0.01, size: 5 }),
      field('CV AUC ≤', 'filter-max-cv', 'maxCvAuc', { type: 'number', min: 0, max: 1, step: 0.01, size: 5 }),
      // conditions on the chosen hyper-parameters, checked by the server (an unknown name: 422 naming it)
      field('Hyper-parameters', 'filter-params', 'params', { type: 'text', size: 24, placeholder: 'C>=0.1, C<=10, max_depth<=5', title: 'name>=number, name<=number or name=value, separated by commas (the chosen configuration\'s parameters)' }),
      csvButton,
      compareButton,
    );
    const sortKey = page.sort;
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, h('span', { class: 'muted' }, 'Select')),
      COLUMNS.map((c) =>
        h(
          'th',
          { scope: 'col', class: c.numeric ? 'num' : undefined, 'aria-sort': c.key === sortKey ? (page.order === 'asc' ? 'ascending' : 'descending') : 'none' },
          h('button', { type: 'button', class: 'sort', id: `sort-${c.key}`, onclick: () => sortBy(c.key, sortKey, page.order) }, c.head),
        ),
      ),
      h('th', { scope: 'col' }, 'Test n (positives)'),
      mixed ? h('th', { scope: 'col' }, 'Test set') : null,
      h('th', { scope: 'col' }, 'Flags'),
      runScope ? null : h('th', { scope: 'col' }, 'Run'),
      h('th', { scope: 'col' }, 'Best parameters'),
    );
    const rows = page.items.map((r) => {
      const best = r.best;
      const box = h('input', { type: 'checkbox', 'aria-label': `select ${r.label} on ${r.featureSet}`, checked: selected.has(r.id), onchange: (e: Event) => toggle(r.id, (e.target as HTMLInputElement).checked) });
      return h(
        'tr',
        { class: best ? 'best' : undefined, 'data-id': r.id },
        h('td', {}, box),
        COLUMNS.map((c) => h('td', { class: c.numeric ? 'num' : undefined, 'data-key': c.key }, c.key === 'model' ? h('a', { href: `#/model/${r.id}` }, c.cell(r)) : c.cell(r))),
        h('td', { class: 'num' }, balance(r)),
        mixed ? h('td', { 'data-key': 'testSet' }, `${r.testSet} · ${r.datasetSha256.slice(0, 12)}`) : null,
        h(
          'td',
          {},
          best ? h('span', { class: 'badge best', title: 'highest mean CV AUC of its dataset, experiment, test set and feature set' }, mixed ? `best by CV of ${r.featureSet} · ${r.experiment} · test set ${r.testSet}` : `best by CV of ${r.featureSet}`) : null,
          r.singleClassPrediction !== null ? h('span', { class: 'badge warn', 'data-flag': 'one-class' }, `predicts class ${r.singleClassPrediction} for everyone`) : null,
          r.error ? h('span', { class: 'badge warn', title: r.error }, 'failed') : null,
        ),
        runScope ? null : h('td', {}, h('a', { href: `#/leaderboard?runId=${r.runId}` }, shortId(r.runId)), h('span', { class: 'muted' }, ` ${r.experiment}`)),
        h('td', {}, params(r.bestParams)),
      );
    });
    const first = shownPage * page.limit;
    const from = page.items.length === 0 ? 0 : first + 1;
    const to = first + page.items.length;
    const pager = h(
      'div',
      { class: 'pager' },
      h('button', { type: 'button', class: 'secondary', id: 'page-prev', disabled: shownPage === 0, onclick: () => void render('page-prev', shownPage - 1) }, '← Previous'),
      h('span', { id: 'page-status' }, `${from}–${to} of ${page.total}`),
      h('button', { type: 'button', class: 'secondary', id: 'page-next', disabled: !hasNext, onclick: () => void render('page-next', shownPage + 1) }, 'Next →'),
    );
    return [...context(page), filters, status, h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Leaderboard' }, h('table', { id: 'leaderboard' }, h('thead', {}, head), h('tbody', {}, rows))), pager];
  }

  /** A filter select over `choices` ([value, label]) that sets `key`. */
  function select(label: string, id: string, key: string, choices: [string, string][]): HTMLElement {
    return h('label', {}, label, h('select', { id, onchange: (e: Event) => setState(key, (e.target as HTMLSelectElement).value, id) }, h('option', { value: '' }, 'all'), choices.map(([v, text]) => h('option', { value: v, selected: state.get(key) === v }, text))));
  }

  function field(label: string, id: string, key: string, attrs: Record<string, string | number>): HTMLElement {
    return h('label', {}, label, h('input', { id, value: state.get(key) ?? '', ...attrs, onchange: (e: Event) => setState(key, (e.target as HTMLInputElement).value.trim(), id) }));
  }

  function sortBy(key: string, current: string, order: string): void {
    state.set('sort', key);
    if (key === current) state.set('order', order === 'asc' ? 'desc' : 'asc');
    else state.delete('order'); // the server's default direction for that metric
    cursors = [''];
    void render(`sort-${key}`);
  }

  function toggle(id: string, on: boolean): void {
    if (on) selected.add(id);
    else selected.delete(id);
    compareButton.disabled = selected.size < 2;
    compareButton.textContent = `Compare selected (${selected.size})`;
  }

  await render();
  const runId = state.get('runId');
  return h(
    'section',
    {},
    h('h1', {}, runId ? `Leaderboard of run ${shortId(runId)}` : 'Leaderboard across runs'),
    runId ? h('p', {}, h('a', { href: '#/leaderboard' }, 'All runs'), ' · ', h('a', { href: `/api/runs/${runId}/results.json`, download: `results-${shortId(runId)}.json` }, 'results.json'), ' · ', h('a', { href: `/api/runs/${runId}/predictions.csv`, download: `predictions-${shortId(runId)}.csv` }, 'predictions.csv'), ' · ', h('a', { href: `#/checklist/${runId}`, id: 'run-checklist' }, 'Reporting checklists')) : null,
    body,
  );
}

/** Every row matching the filters (paged through the server 500 at a time) as a CSV download. */
async function exportCsv(state: URLSearchParams, status: HTMLElement): Promise<void> {
  const rows: LeaderboardRow[] = [];
  status.textContent = 'Preparing CSV…';
  try {
    for (let after: string | null = ''; after !== null; ) {
      const page: { body: LeaderboardPage; next: string | null } = await getPaged<LeaderboardPage>(`/dashboard/leaderboard${query({ ...Object.fromEntries(state), limit: 500, after: after || undefined })}`);
      rows.push(...page.body.items);
      after = page.next;
    }
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
    return;
  }
  const csv = toCsv(
    ['run_id', 'experiment', 'dataset_sha256', 'test_set', 'feature_set', 'model', 'cv_auc', 'cv_auc_sd', 'cv_rank', 'best_by_cv', 'test_auc', 'test_auc_lower', 'test_auc_upper', 'accuracy', 'sensitivity', 'specificity', 'f1', 'brier', 'calibration_slope', 'calibration_slope_undefined', 'positive_class', 'test_n', 'test_positives', 'single_class_prediction', 'best_params', 'error'],
    rows.map((r) => [r.runId, r.experiment, r.datasetSha256, r.testSet, r.featureSet, r.model, r.cvAuc, r.cvAucSd, r.cvRank, r.best, r.testAuc, r.testAucLower, r.testAucUpper, r.accuracy, r.recall, r.specificity, r.f1, r.brier, r.calibrationSlope, r.calibrationUndefined?.slope ?? null, r.positiveClass === null ? null : String(r.positiveClass), r.classBalance?.test.n, r.classBalance?.test.positives, r.singleClassPrediction, r.bestParams ? JSON.stringify(r.bestParams) : null, r.error]),
  );
  const a = h('a', { href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: 'leaderboard.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  status.textContent = `CSV of ${rows.length} rows downloaded.`;
}
