/// <reference lib="dom" />
import { getJson, LeaderboardPage, LeaderboardRow, query } from '../api.js';
import { toCsv } from '../csv.js';
import { errorBox, h, replace } from '../dom.js';
import { aucWithCi, num, params, shortId } from '../format.js';
import type { PageContext } from '../main.js';

const PAGE_SIZE = 50;

/** Sortable columns: key (the server's sort key), header, and how a row shows it. */
const COLUMNS: { key: string; head: string; cell: (r: LeaderboardRow) => string; numeric?: boolean }[] = [
  { key: 'featureSet', head: 'Feature set', cell: (r) => r.featureSet },
  { key: 'model', head: 'Model', cell: (r) => r.label },
  { key: 'testAuc', head: 'Test AUC (95 % CI)', cell: (r) => aucWithCi(r.testAuc, r.testAucLower, r.testAucUpper), numeric: true },
  { key: 'cvAuc', head: 'CV AUC ± SD', cell: (r) => (r.cvAuc === null ? '–' : `${num(r.cvAuc)} ± ${num(r.cvAucSd)}`), numeric: true },
  { key: 'accuracy', head: 'Accuracy', cell: (r) => num(r.accuracy), numeric: true },
  { key: 'recall', head: 'Sensitivity', cell: (r) => num(r.recall), numeric: true },
  { key: 'specificity', head: 'Specificity', cell: (r) => num(r.specificity), numeric: true },
  { key: 'f1', head: 'F1', cell: (r) => num(r.f1), numeric: true },
  { key: 'brier', head: 'Brier', cell: (r) => num(r.brier), numeric: true },
  { key: 'calibrationSlope', head: 'Cal. slope', cell: (r) => num(r.calibrationSlope, 2), numeric: true },
];

const FILTER_KEYS = ['runId', 'experimentId', 'featureSet', 'model', 'sort', 'order'] as const;

/** Test class balance and positive class, e.g. "test 143 (53 positive, class 1)". */
function balance(r: LeaderboardRow): string {
  const t = r.classBalance?.test;
  return t ? `${t.n} (${t.positives} pos.)` : '–';
}

/**
 * Leaderboard of one run (`runId`) or across runs: one row per feature set x
 * model, sorted and paged on the server, filters by feature set and model,
 * the best row per feature set highlighted, CSV export, rows selectable for Compare.
 */
export async function leaderboardPage(ctx: PageContext): Promise<HTMLElement> {
  const state = new URLSearchParams();
  for (const k of [...FILTER_KEYS, 'offset']) {
    const v = ctx.params.get(k);
    if (v) state.set(k, v);
  }
  const selected = new Set<string>();
  const body = h('div', {});
  const status = h('p', { class: 'muted', role: 'status' });
  const compareButton = h('button', { type: 'button', id: 'compare-selected', disabled: true, onclick: () => (location.hash = `#/compare?models=${[...selected].join(',')}`) }, 'Compare selected');
  const csvButton = h('button', { type: 'button', class: 'secondary', id: 'export-csv', onclick: () => void exportCsv(state, status) }, 'Export CSV');

  async function render(focusId?: string): Promise<void> {
    ctx.setParams(state);
    let page: LeaderboardPage;
    try {
      page = await getJson<LeaderboardPage>(`/dashboard/leaderboard${query({ ...Object.fromEntries(state), limit: PAGE_SIZE })}`);
    } catch (e) {
      replace(body, errorBox(e));
      return;
    }
    replace(body, ...view(page));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function setState(k: string, v: string | null, focusId?: string): void {
    if (v) state.set(k, v);
    else state.delete(k);
    if (k !== 'offset') state.delete('offset');
    void render(focusId);
  }

  function view(page: LeaderboardPage): HTMLElement[] {
    const runScope = state.get('runId');
    const first = page.items[0];
    const context = first
      ? h(
          'p',
          { id: 'class-balance' },
          `Positive class: `,
          h('strong', {}, String(first.positiveClass ?? '–')),
          ` · class balance: train ${first.classBalance.train.n} (${first.classBalance.train.positives} positive), test ${first.classBalance.test.n} (${first.classBalance.test.positives} positive)`,
          runScope ? '' : h('span', { class: 'muted' }, ' (of the first row; each row states its own test balance)'),
        )
      : h('p', { class: 'muted' }, 'No stored model results match.');
    const filters = h(
      'div',
      { class: 'controls' },
      h('label', {}, 'Feature set', h('select', { id: 'filter-feature-set', onchange: (e: Event) => setState('featureSet', (e.target as HTMLSelectElement).value, 'filter-feature-set') }, h('option', { value: '' }, 'all'), page.featureSets.map((f) => h('option', { value: f, selected: state.get('featureSet') === f }, f)))),
      h('label', {}, 'Model', h('select', { id: 'filter-model', onchange: (e: Event) => setState('model', (e.target as HTMLSelectElement).value, 'filter-model') }, h('option', { value: '' }, 'all'), page.models.map((m) => h('option', { value: m.id, selected: state.get('model') === m.id }, m.label)))),
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
      h('th', { scope: 'col' }, 'Flags'),
      runScope ? null : h('th', { scope: 'col' }, 'Run'),
      h('th', { scope: 'col' }, 'Best parameters'),
    );
    const rows = page.items.map((r) => {
      const best = page.bestByFeatureSet[r.featureSet] === r.id;
      const box = h('input', { type: 'checkbox', 'aria-label': `select ${r.label} on ${r.featureSet}`, checked: selected.has(r.id), onchange: (e: Event) => toggle(r.id, (e.target as HTMLInputElement).checked) });
      return h(
        'tr',
        { class: best ? 'best' : undefined, 'data-id': r.id },
        h('td', {}, box),
        COLUMNS.map((c) => h('td', { class: c.numeric ? 'num' : undefined, 'data-key': c.key }, c.key === 'model' ? h('a', { href: `#/model/${r.id}` }, c.cell(r)) : c.cell(r))),
        h('td', { class: 'num' }, balance(r)),
        h(
          'td',
          {},
          best ? h('span', { class: 'badge best' }, `best of ${r.featureSet}`) : null,
          r.singleClassPrediction !== null ? h('span', { class: 'badge warn', 'data-flag': 'one-class' }, `predicts class ${r.singleClassPrediction} for everyone`) : null,
          r.error ? h('span', { class: 'badge warn', title: r.error }, 'failed') : null,
        ),
        runScope ? null : h('td', {}, h('a', { href: `#/leaderboard?runId=${r.runId}` }, shortId(r.runId)), h('span', { class: 'muted' }, ` ${r.experiment}`)),
        h('td', {}, params(r.bestParams)),
      );
    });
    const from = page.total === 0 ? 0 : page.offset + 1;
    const to = page.offset + page.items.length;
    const pager = h(
      'div',
      { class: 'pager' },
      h('button', { type: 'button', class: 'secondary', id: 'page-prev', disabled: page.offset === 0, onclick: () => setState('offset', String(Math.max(0, page.offset - PAGE_SIZE)), 'page-prev') }, '← Previous'),
      h('span', { id: 'page-status' }, `${from}–${to} of ${page.total}`),
      h('button', { type: 'button', class: 'secondary', id: 'page-next', disabled: to >= page.total, onclick: () => setState('offset', String(page.offset + PAGE_SIZE), 'page-next') }, 'Next →'),
    );
    return [context, filters, status, h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Leaderboard' }, h('table', { id: 'leaderboard' }, h('thead', {}, head), h('tbody', {}, rows))), pager];
  }

  function sortBy(key: string, current: string, order: string): void {
    state.set('sort', key);
    if (key === current) state.set('order', order === 'asc' ? 'desc' : 'asc');
    else state.delete('order'); // the server's default direction for that metric
    state.delete('offset');
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
    runId ? h('p', {}, h('a', { href: '#/leaderboard' }, 'All runs'), ' · ', h('a', { href: `/api/runs/${runId}/results.json`, download: `results-${shortId(runId)}.json` }, 'results.json'), ' · ', h('a', { href: `/api/runs/${runId}/predictions.csv`, download: `predictions-${shortId(runId)}.csv` }, 'predictions.csv')) : null,
    body,
  );
}

/** Every row matching the filters (paged through the server 500 at a time) as a CSV download. */
async function exportCsv(state: URLSearchParams, status: HTMLElement): Promise<void> {
  const rows: LeaderboardRow[] = [];
  status.textContent = 'Preparing CSV…';
  try {
    for (let offset = 0; ; offset += 500) {
      const page = await getJson<LeaderboardPage>(`/dashboard/leaderboard${query({ ...Object.fromEntries(state), offset, limit: 500 })}`);
      rows.push(...page.items);
      if (offset + 500 >= page.total) break;
    }
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
    return;
  }
  const csv = toCsv(
    ['run_id', 'experiment', 'feature_set', 'model', 'test_auc', 'test_auc_lower', 'test_auc_upper', 'cv_auc', 'cv_auc_sd', 'accuracy', 'sensitivity', 'specificity', 'f1', 'brier', 'calibration_slope', 'positive_class', 'test_n', 'test_positives', 'single_class_prediction', 'best_params', 'error'],
    rows.map((r) => [r.runId, r.experiment, r.featureSet, r.model, r.testAuc, r.testAucLower, r.testAucUpper, r.cvAuc, r.cvAucSd, r.accuracy, r.recall, r.specificity, r.f1, r.brier, r.calibrationSlope, r.positiveClass === null ? null : String(r.positiveClass), r.classBalance?.test.n, r.classBalance?.test.positives, r.singleClassPrediction, r.bestParams ? JSON.stringify(r.bestParams) : null, r.error]),
  );
  const a = h('a', { href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: 'leaderboard.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  status.textContent = `CSV of ${rows.length} rows downloaded.`;
}
