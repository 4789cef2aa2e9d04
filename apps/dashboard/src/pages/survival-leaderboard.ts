/// <reference lib="dom" />
import type { RunCuration, SurvivalEndpointLeaderboard, SurvivalLeaderboardResponse, SurvivalLeaderboardRow } from '@radsweep/api-contract';
import { deleteJson, Experiment, getAll, getJson, putJson, query, RunSummary } from '../api.js';
import { h, replace, table } from '../dom.js';
import { lockedVersionsOfMarks } from '../locked-versions.js';
import { params, shortId } from '../format.js';
import type { PageContext } from '../main.js';
import { DEFAULT_SORT, SortOrder, sortSurvivalRows, SurvivalColumn, survivalColumns } from '../survival/leaderboard-columns.js';

/** Whether an experiment spec names survival endpoints (its runs have survival leaderboards). */
export function hasSurvivalEndpoints(spec: Record<string, unknown>): boolean {
  return Array.isArray(spec.endpoints) && spec.endpoints.length > 0;
}

/**
 * Survival leaderboards of a run (`#/survival?runId=…[&endpoint=…&sort=…&order=…&params=…]`): a tab per endpoint,
 * each a table of its models with Harrell's and Uno's C, td-AUC at every horizon, IBS beside the null
 * model's, calibration slope; the row chosen by mean CV C-index in each feature set marked best; sorted
 * by any column (in the browser: the API sends an endpoint's rows whole); rows filtered by their chosen
 * hyper-parameters (on the server, as the binary leaderboards); rows selectable for Compare.
 * The endpoint's pre-specified final model is flagged (with its locked versions, once locked); whoever may curate the run (owner, data scientist)
 * marks one per endpoint from its row, or removes the mark (a mark only: the choice stays the CV one).
 * Without a run: the runs of experiments with survival endpoints.
 */
export async function survivalLeaderboardPage(ctx: PageContext): Promise<HTMLElement> {
  const runId = ctx.params.get('runId');
  if (!runId) return survivalRuns();
  const state = new URLSearchParams(ctx.params);
  // `params`: conditions on the rows' chosen hyper-parameters, as on the binary leaderboards (the server checks them: 422 naming a bad one)
  const load = (filter: string | null) => getJson<SurvivalLeaderboardResponse>(`/runs/${encodeURIComponent(runId)}/survival/leaderboard${query({ params: filter })}`);
  let refused = '';
  const [first, curation] = await Promise.all([
    // refused on opening (a URL with a bad filter): the leaderboards without it, and the reason
    load(state.get('params')).catch((e) => {
      if (!state.has('params')) throw e;
      refused = `${e instanceof Error ? e.message : String(e)} (hyper-parameter filter removed)`;
      state.delete('params');
      return load(null);
    }),
    getJson<RunCuration>(`/runs/${encodeURIComponent(runId)}/curation`).catch((): RunCuration | null => null),
  ]);
  let data = first;
  let marks = curation?.finalModels ?? [];
  const lockedVersions = lockedVersionsOfMarks();
  const curate = curation?.allowed.includes('curate') ?? false;
  const message = h('p', { role: 'status', id: 'survival-message' });
  const filterStatus = h('p', { role: 'status', id: 'survival-filter-status' }, refused);
  const paramsInput = h('input', {
    id: 'survival-filter-params',
    type: 'text',
    size: 24,
    value: state.get('params') ?? '',
    placeholder: 'l2>=0.1, n_estimators<=500',
    title: "name>=number, name<=number or name=value, separated by commas (the chosen configuration's parameters)",
    onchange: () => void filter(paramsInput.value.trim()),
  });
  const panel = h('div', { id: 'survival-panel', role: 'tabpanel' });
  // the endpoint tabs: one tab stop, the arrow keys (Home, End) move to another endpoint (WAI-ARIA tabs pattern)
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Endpoints', onkeydown: (ev: Event) => arrowKey(ev as KeyboardEvent) });
  const selected = new Set<string>();
  const compareButton = h('button', { type: 'button', id: 'compare-selected', disabled: true, onclick: () => (location.hash = `#/survival-compare?models=${[...selected].join(',')}`) }, 'Compare selected');

  function current(): SurvivalEndpointLeaderboard | undefined {
    return data.endpoints.find((e) => e.endpoint.name === state.get('endpoint')) ?? data.endpoints[0];
  }

  function render(focusId?: string): void {
    ctx.setParams(state);
    const board = current();
    replace(
      tabs,
      data.endpoints.map((e) =>
        h('button', { type: 'button', role: 'tab', id: `endpoint-tab-${e.endpoint.name}`, 'aria-selected': String(e === board), 'aria-controls': 'survival-panel', tabindex: e === board ? 0 : -1, onclick: () => show(e.endpoint.name) }, e.endpoint.name),
      ),
    );
    if (!board) {
      replace(panel, h('p', { class: 'muted' }, 'This run stored no survival endpoints.'));
      return;
    }
    panel.setAttribute('aria-labelledby', `endpoint-tab-${board.endpoint.name}`);
    replace(panel, ...endpointView(board));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  /** Reads the leaderboards with the hyper-parameter filter `text` ('' none); a refused filter keeps the rows shown and says why. */
  async function filter(text: string): Promise<void> {
    try {
      data = await load(text);
    } catch (e) {
      filterStatus.textContent = e instanceof Error ? e.message : String(e);
      return;
    }
    if (text) state.set('params', text);
    else state.delete('params');
    filterStatus.textContent = '';
    selected.clear();
    updateCompare();
    render('survival-filter-params');
  }

  function arrowKey(ev: KeyboardEvent): void {
    const names = data.endpoints.map((e) => e.endpoint.name);
    const at = names.indexOf(current()?.endpoint.name ?? '');
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: names.length - 1 }[ev.key];
    if (to === undefined || names.length === 0) return;
    ev.preventDefault();
    show(names[(to + names.length) % names.length]);
  }

  function show(endpoint: string): void {
    state.set('endpoint', endpoint);
    state.delete('sort');
    state.delete('order');
    selected.clear();
    updateCompare();
    render(`endpoint-tab-${endpoint}`);
  }

  function endpointView(board: SurvivalEndpointLeaderboard): (HTMLElement | null)[] {
    const e = board.endpoint;
    const columns = survivalColumns(e.horizons);
    const column = columns.find((c) => c.key === state.get('sort')) ?? columns.find((c) => c.key === DEFAULT_SORT)!;
    const order: SortOrder = state.get('order') === 'asc' || state.get('order') === 'desc' ? (state.get('order') as SortOrder) : column.ascending ? 'asc' : 'desc';
    const rows = sortSurvivalRows(board.rows, column, order);
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, h('span', { class: 'muted' }, 'Select')),
      columns.map((c) =>
        h(
          'th',
          { scope: 'col', class: c.numeric ? 'num' : undefined, 'aria-sort': c === column ? (order === 'asc' ? 'ascending' : 'descending') : 'none' },
          h('button', { type: 'button', class: 'sort', id: `sort-${c.key}`, onclick: () => sortBy(c, column, order) }, c.head),
        ),
      ),
      h('th', { scope: 'col' }, 'Flags'),
      h('th', { scope: 'col' }, 'Best parameters'),
    );
    const body = rows.map((r) => rowView(r, columns, e.name));
    return [
      h(
        'p',
        { id: 'endpoint-facts' },
        `Time column ${e.timeColumn}, event column ${e.eventColumn} = ${e.eventCodes.join(' or ')}; horizons ${e.horizons.join(', ')}. `,
        `Cohort ${e.cohort.n} patients (${e.cohort.events} events), test ${e.test.n} (${e.test.events} events). `,
        e.competingEvents.count > 0 ? h('strong', { id: 'competing-events' }, `${e.competingEvents.count} competing events: ${e.competingEvents.handling}.`) : 'No competing events.',
      ),
      h('p', { id: 'ranking-note' }, board.note),
      h('div', { class: 'controls' }, compareButton),
      message,
      rows.length === 0 && state.has('params') ? h('p', { class: 'muted', id: 'survival-filter-empty' }, `No model of ${e.name} meets the hyper-parameter filter.`) : null,
      h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': `Survival leaderboard of ${e.name}` }, h('table', { id: 'survival-leaderboard', class: 'wrap-heads' }, h('thead', {}, head), h('tbody', {}, body))),
    ];
  }

  /** Marks `r` as its endpoint's pre-specified final model, or removes the endpoint's mark; the answer is the run's marks after it. */
  async function mark(r: SurvivalLeaderboardRow, endpoint: string, on: boolean): Promise<void> {
    try {
      const c = on ? await putJson<RunCuration>(`/runs/${runId}/final-model`, { modelId: r.id }) : await deleteJson<RunCuration>(`/runs/${runId}/final-model?endpoint=${encodeURIComponent(endpoint)}`);
      marks = c.finalModels;
      render(on ? `unmark-final-${r.id}` : `mark-final-${r.id}`);
      message.textContent = on ? `${r.label} on ${r.featureSet} marked as the pre-specified final model for ${endpoint}.` : `Mark for ${endpoint} removed.`;
    } catch (err) {
      message.textContent = err instanceof Error ? err.message : String(err);
    }
  }

  function finalFlag(r: SurvivalLeaderboardRow, endpoint: string): (HTMLElement | null)[] {
    const m = marks.find((x) => x.survival && x.endpoint === endpoint);
    if (m?.modelId === r.id) {
      return [
        h('span', { class: 'badge', 'data-flag': 'final', title: `marked by ${m.markedBy} on ${m.markedAt.slice(0, 10)}` }, `pre-specified final model for ${endpoint}`),
        lockedVersions.of(m),
        curate ? h('button', { type: 'button', class: 'secondary small', id: `unmark-final-${r.id}`, onclick: () => void mark(r, endpoint, false) }, 'Unmark') : null,
      ];
    }
    if (m || !curate || r.error) return [];
    // the accessible name starts with the visible text (WCAG 2.5.3, axe label-content-name-mismatch), then says which model
    const name = `Mark as final: ${r.label} on ${r.featureSet}, the pre-specified final model for ${endpoint}`;
    return [h('button', { type: 'button', class: 'secondary small', id: `mark-final-${r.id}`, 'aria-label': name, onclick: () => void mark(r, endpoint, true) }, 'Mark as final')];
  }

  function rowView(r: SurvivalLeaderboardRow, columns: SurvivalColumn[], endpoint: string): HTMLElement {
    const box = h('input', { type: 'checkbox', 'aria-label': `select ${r.label} on ${r.featureSet}`, checked: selected.has(r.id), onchange: (ev: Event) => toggle(r.id, (ev.target as HTMLInputElement).checked) });
    return h(
      'tr',
      { class: r.best ? 'best' : undefined, 'data-id': r.id },
      h('td', {}, box),
      columns.map((c) => h('td', { class: c.numeric ? 'num' : undefined, 'data-key': c.key }, c.key === 'model' ? h('a', { href: `#/survival-model/${r.id}` }, c.text(r)) : c.numeric ? twoLines(c.text(r)) : c.text(r))),
      h(
        'td',
        {},
        r.best ? h('span', { class: 'badge best', title: 'highest mean CV C-index of its endpoint, feature set and test set' }, `best by CV of ${r.featureSet}`) : null,
        r.atHorizon ? h('span', { class: 'badge', 'data-flag': 'at-horizon' }, `classifier at ${r.atHorizon.horizon}: ${r.atHorizon.excludedCensored} censored before it left out`) : null,
        r.error ? h('span', { class: 'badge warn', title: r.error }, 'failed') : null,
        ...finalFlag(r, endpoint),
      ),
      h('td', {}, params(r.bestParams)),
    );
  }

  function sortBy(c: SurvivalColumn, current: SurvivalColumn, order: SortOrder): void {
    state.set('sort', c.key);
    state.set('order', c === current ? (order === 'asc' ? 'desc' : 'asc') : c.ascending ? 'asc' : 'desc');
    render(`sort-${c.key}`);
  }

  function toggle(id: string, on: boolean): void {
    if (on) selected.add(id);
    else selected.delete(id);
    updateCompare();
  }

  function updateCompare(): void {
    compareButton.disabled = selected.size < 2;
    compareButton.textContent = selected.size ? `Compare selected (${selected.size})` : 'Compare selected';
  }

  render();
  return h(
    'section',
    {},
    h('h1', {}, `Survival leaderboards of run ${shortId(runId)}`),
    h('p', {}, h('a', { href: '#/survival' }, 'All survival runs'), ' · ', h('a', { href: `/api/runs/${runId}/survival/predictions.csv`, download: `survival-predictions-${shortId(runId)}.csv` }, 'predictions.csv'), ' · ', h('a', { href: `#/checklist/${runId}`, id: 'run-checklist' }, 'Reporting checklists'), ` · dataset sha256 ${data.datasetSha256.slice(0, 12)}`),
    h('div', { class: 'controls', id: 'survival-filters' }, h('label', {}, 'Hyper-parameters', paramsInput)),
    filterStatus,
    tabs,
    panel,
  );
}

/** A metric's text with its interval (or the null model's value) on a second, smaller line: `0.642 (0.536–0.749)`; the text stays whole. */
function twoLines(text: string): (HTMLElement | string)[] {
  const at = text.indexOf(' (');
  return at < 0 ? [text] : [text.slice(0, at), h('span', { class: 'ci' }, text.slice(at))];
}

/** The runs of experiments that name survival endpoints, each linking to its leaderboards. */
async function survivalRuns(): Promise<HTMLElement> {
  const [experiments, runs] = await Promise.all([getAll<Experiment>('/experiments'), getAll<RunSummary>('/runs')]);
  const survival = new Map(experiments.filter((e) => hasSurvivalEndpoints(e.spec)).map((e) => [e.id, e]));
  const mine = runs.filter((r) => survival.has(r.experimentId));
  return h(
    'section',
    {},
    h('h1', {}, 'Survival leaderboards'),
    mine.length
      ? table(null, ['Run', 'Experiment', 'Endpoints', 'Status', 'Created'], mine.map((r) => {
          const e = survival.get(r.experimentId)!;
          const endpoints = (e.spec.endpoints as { name?: string }[]).map((x, i) => x.name ?? `endpoint ${i + 1}`).join(', ');
          return [h('a', { href: `#/survival?runId=${r.id}` }, shortId(r.id)), `${e.name} v${e.version}`, endpoints, r.status, r.createdAt];
        }), { id: 'survival-runs' })
      : h('p', { class: 'muted' }, 'No run of an experiment with survival endpoints yet.'),
  );
}
