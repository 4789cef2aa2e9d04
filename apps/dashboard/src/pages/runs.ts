/// <reference lib="dom" />
import type { RunCuration, RunEventPayloads } from '@radsweep/api-contract';
import { Dataset, Experiment, getAll, getJson, getPage, postJson, query, RunProgress, RunSummary, TERMINAL } from '../api.js';
import { launchForm } from '../launch-form.js';
import { errorBox, h, replace, table } from '../dom.js';
import { num, shortId } from '../format.js';
import { progressFigures, timeLeft } from '../run-progress.js';
import type { PageContext } from '../main.js';
import { can, type Permission, type ProjectWithRole } from '../roles.js';
import { hasSurvivalEndpoints } from './survival-leaderboard.js';

/** The runs list's filters, as the URL's query and the API's (the API filters and pages in SQL). */
export const RUN_FILTERS = ['experimentId', 'datasetId', 'tag', 'status', 'archived', 'minCvAuc', 'maxCvAuc', 'model', 'params'] as const;
const PAGE_SIZE = 50;

/**
 * Experiments and their runs: launch a run (experiment x dataset), live progress
 * of unfinished runs over server-sent events (tasks and fits done, time left,
 * failures), cancel and resume, archive and restore, and runs selectable for Compare.
 * Filters (experiment, dataset, tag, status, archived, best CV AUC range, a model
 * and conditions on its chosen hyper-parameters) live in the URL's query; pages come from the database ("More runs" follows the cursor).
 */
export async function runsPage(ctx: PageContext): Promise<HTMLElement> {
  const filters = Object.fromEntries(RUN_FILTERS.map((k) => [k, ctx.params.get(k) ?? '']));
  const [experiments, datasets, first, projects] = await Promise.all([
    getAll<Experiment>('/experiments'),
    getAll<Dataset>('/datasets'),
    // a refused filter (422: an unknown hyper-parameter) leaves the form to correct it, with the server's reason
    getPage<RunSummary>(`/runs${query({ ...filters, limit: PAGE_SIZE })}`).catch((e: unknown) => ({ items: [] as RunSummary[], next: null, refused: e instanceof Error ? e.message : String(e) })),
    ctx.me.isAdmin ? [] : getJson<ProjectWithRole[]>('/projects'), // an administrator passes every project check
  ]);
  const runs = first.items;
  let next = first.next;
  /** The list row of each run shown: the progress stream updates status and counts, the curation fields stay. */
  const summaryOf = new Map<string, RunSummary>();
  // Controls follow the role: launch where the API would accept it; cancel, resume and curation by the run's own `allowed`.
  const projectById = new Map(projects.map((p) => [p.id, p]));
  const allowed = (projectId: string | null | undefined, permission: Permission) => can(ctx.me, projectId ? projectById.get(projectId) : null, permission);
  const launchable = experiments.filter((e) => allowed(e.projectId, 'run.launch'));
  const launchData = datasets.filter((d) => allowed(d.projectId, 'run.launch'));
  const expName = new Map(experiments.map((e) => [e.id, `${e.name} v${e.version}`]));
  const survival = new Set(experiments.filter((e) => hasSurvivalEndpoints(e.spec)).map((e) => e.id));
  /** A run's leaderboards: the survival ones (a tab per endpoint) for an experiment with survival endpoints. */
  const leaderboardOf = (run: RunSummary) => (survival.has(run.experimentId) ? `#/survival?runId=${run.id}` : `#/leaderboard?runId=${run.id}`);
  const dsName = new Map(datasets.map((d) => [d.id, d.name]));
  const selected = new Set<string>();
  const message = h('p', { role: 'status', id: 'runs-message' }, 'refused' in first ? first.refused : '');
  const compareButton = h('button', { type: 'button', id: 'compare-runs', disabled: true, onclick: () => (location.hash = `#/compare?runs=${[...selected].join(',')}`) }, 'Compare selected runs');

  const launch = launchForm('launch', message, (run) => {
    message.textContent = `Run ${shortId(run.id)} queued.`;
    addRow({ ...run, name: null, projectId: null, tags: [], archivedAt: null, hasNotes: false, bestCvAuc: null, allowed: ['curate', 'control'] }, true); // the launcher may launch: a data scientist, an owner or an admin
  });
  launch.offer(launchable, launchData);

  const tbody = h('tbody', {});
  const rowOf = new Map<string, HTMLTableRowElement>();

  function addRow(run: RunSummary, top = false): void {
    summaryOf.set(run.id, run);
    const tr = h('tr', { 'data-run': run.id });
    rowOf.set(run.id, tr);
    if (top) tbody.prepend(tr);
    else tbody.append(tr);
    fill(run);
    if (!TERMINAL.includes(run.status)) follow(run.id);
  }

  function fill(update: RunSummary | RunProgress): void {
    const tr = rowOf.get(update.id);
    const listed = summaryOf.get(update.id);
    if (!tr || !listed) return;
    const run: RunSummary = { ...listed, ...update };
    summaryOf.set(run.id, run);
    const p = 'fitsTotal' in update ? update : null;
    const failedTasks = p ? p.tasks.filter((t) => t.status === 'failed' || t.error).length : 0;
    const figures = progressFigures(p ?? run);
    const control = (run.allowed ?? []).includes('control');
    const curate = (run.allowed ?? []).includes('curate');
    const canCancel = control && (run.status === 'queued' || run.status === 'running');
    const canResume = control && (run.status === 'cancelled' || run.status === 'failed');
    const label = run.name ?? shortId(run.id);
    const box = h('input', { type: 'checkbox', 'aria-label': `select run ${shortId(run.id)}`, checked: selected.has(run.id), onchange: (e: Event) => toggle(run.id, (e.target as HTMLInputElement).checked) });
    replace(
      tr,
      h('td', {}, box),
      h('td', {}, h('a', { href: leaderboardOf(run), class: 'run-name' }, label), ' ', h('a', { href: `#/run/${run.id}`, class: 'run-details', 'aria-label': `details of ${label}: name, tags and notes` }, 'details'), run.archivedAt ? h('span', { class: 'muted' }, ' (archived)') : null),
      h('td', {}, expName.get(run.experimentId) ?? shortId(run.experimentId)),
      h('td', {}, dsName.get(run.datasetId) ?? shortId(run.datasetId)),
      h('td', { 'data-status': run.status }, run.status),
      h('td', { class: 'tags' }, (run.tags ?? []).map((t) => h('a', { class: 'tag', href: `#/runs${query({ ...filters, tag: t })}` }, t))),
      h('td', { class: 'num' }, num(run.bestCvAuc)),
      h('td', {}, h('progress', { max: figures.max, value: figures.value, 'aria-label': `progress of run ${shortId(run.id)}` }), ` ${figures.text}`),
      h('td', {}, p ? timeLeft(p, Date.now()) : '–'),
      h('td', { class: run.error || failedTasks ? 'error' : undefined }, run.error ?? (failedTasks ? `${failedTasks} task(s) failed` : '')),
      h(
        'td',
        {},
        canCancel ? h('button', { type: 'button', class: 'secondary', onclick: () => act(run.id, 'cancel') }, 'Cancel') : null,
        canResume ? h('button', { type: 'button', class: 'secondary', onclick: () => act(run.id, 'resume') }, 'Resume') : null,
        curate ? h('button', { type: 'button', class: 'secondary', 'data-action': run.archivedAt ? 'restore' : 'archive', onclick: () => archive(run) }, run.archivedAt ? 'Restore' : 'Archive') : null,
      ),
    );
  }

  /** Live progress: one EventSource per unfinished run, closed when the run ends or the page is left. */
  function follow(id: string): void {
    const es = new EventSource(`/api/runs/${id}/events`);
    const close = () => es.close();
    ctx.onLeave(close);
    es.addEventListener('progress', (e) => {
      const p = JSON.parse((e as MessageEvent).data) as RunEventPayloads<string>['progress'];
      fill(p);
      if (TERMINAL.includes(p.status)) close();
    });
    es.onerror = close;
  }

  async function act(id: string, what: 'cancel' | 'resume'): Promise<void> {
    try {
      const p = await postJson<RunProgress>(`/runs/${id}/${what}`);
      fill(p);
      message.textContent = `Run ${shortId(id)}: ${what === 'cancel' ? 'cancelled' : 'resumed'}.`;
      if (!TERMINAL.includes(p.status)) follow(id);
    } catch (err) {
      message.textContent = err instanceof Error ? err.message : String(err);
    }
  }

  /** Archives or restores a run; it leaves the list when the filter no longer shows it. */
  async function archive(run: RunSummary): Promise<void> {
    const what = run.archivedAt ? 'restore' : 'archive';
    try {
      const c = await postJson<RunCuration>(`/runs/${run.id}/${what}`);
      const shown = (filters.archived || 'false') === 'all' || (filters.archived === 'true') === (c.archivedAt !== null);
      if (shown) fill({ ...run, archivedAt: c.archivedAt });
      else rowOf.get(run.id)?.remove();
      message.textContent = `${run.name ?? `Run ${shortId(run.id)}`}: ${what === 'archive' ? 'archived' : 'restored'}.`;
    } catch (err) {
      message.textContent = err instanceof Error ? err.message : String(err);
    }
  }

  const moreButton = h('button', { type: 'button', id: 'more-runs', class: 'secondary', hidden: !next, onclick: () => void more() }, 'More runs');
  /** The next page from the database, after the last run shown. */
  async function more(): Promise<void> {
    if (!next) return;
    const page = await getPage<RunSummary>(`/runs${query({ ...filters, limit: PAGE_SIZE, after: next })}`);
    for (const r of page.items) addRow(r);
    next = page.next;
    moreButton.hidden = !next;
  }

  // new filters: a new URL (kept in history, shareable), and the page reads the list again from it
  const filterForm = runFilterForm(filters, experiments, datasets, (changed) => (location.hash = `#/runs${query(changed)}`));

  function toggle(id: string, on: boolean): void {
    if (on) selected.add(id);
    else selected.delete(id);
    compareButton.disabled = selected.size < 2;
  }

  for (const r of runs) addRow(r);
  const runsPerExperiment = (id: string) => runs.filter((r) => r.experimentId === id).length;
  return h(
    'section',
    {},
    h('h1', {}, 'Runs'),
    projects.some((p) => allowed(p.id, 'run.launch')) || (ctx.me.isAdmin && experiments.length)
      ? [h('h2', {}, 'Launch a run'), launchable.length && launchData.length ? launch.form : errorBox('Upload a dataset and create an experiment on the Set-up page (or with `radsweep run --server`) first.')]
      : null,
    message,
    h('h2', {}, 'Runs'),
    filterForm,
    h('div', { class: 'controls' }, compareButton),
    h(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Runs' },
      h('table', { id: 'runs' }, h('thead', {}, h('tr', {}, ['Select', 'Run', 'Experiment', 'Dataset', 'Status', 'Tags', 'Best CV AUC', 'Progress', 'Time left', 'Failures', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))), tbody),
    ),
    runs.length ? null : h('p', { class: 'muted', id: 'no-runs' }, 'No run matches these filters.'),
    moreButton,
    h('h2', {}, 'Experiments'),
    table(null, ['Experiment', 'Version', 'Description', 'Runs', 'Models'], experiments.map((e) => [h('a', { href: `#/leaderboard?experimentId=${e.id}` }, e.name), e.version, e.description ?? '', runsPerExperiment(e.id), ((e.spec.models as { id: string }[] | undefined) ?? []).map((m) => m.id).join(', ')])),
  );
}

/** The filter form: experiment, dataset, tag, status, archived, best CV AUC range, model and hyper-parameters; `apply` gets the new values. */
function runFilterForm(current: Record<string, string>, experiments: Experiment[], datasets: Dataset[], apply: (f: Record<string, string>) => void): HTMLElement {
  // the models of the experiments listed (and the URL's own, if another)
  const models = [...new Set([...experiments.flatMap((e) => ((e.spec.models as { id: string }[] | undefined) ?? []).map((m) => m.id)), ...(current.model ? [current.model] : [])])].sort();
  const select = (name: string, label: string, options: [string, string][]) =>
    h('label', { for: `filter-${name}` }, label, h('select', { id: `filter-${name}`, name }, options.map(([v, t]) => h('option', { value: v, selected: current[name] === v }, t))));
  const input = (name: string, label: string, attrs: Record<string, string | number>) => h('label', { for: `filter-${name}` }, label, h('input', { id: `filter-${name}`, name, value: current[name], ...attrs }));
  const form = h(
    'form',
    {
      class: 'controls',
      id: 'run-filters',
      'aria-label': 'Filter runs',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        apply(Object.fromEntries(RUN_FILTERS.map((k) => [k, String(data.get(k) ?? '').trim()])));
      },
    },
    select('experimentId', 'Experiment', [['', 'All'], ...experiments.map((e): [string, string] => [e.id, `${e.name} v${e.version}`])]),
    select('datasetId', 'Dataset', [['', 'All'], ...datasets.map((d): [string, string] => [d.id, d.name])]),
    input('tag', 'Tag', { type: 'text', maxlength: 40, size: 12 }),
    select('status', 'Status', [['', 'Any'], ...['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((v): [string, string] => [v, v])]),
    select('archived', 'Archived', [['', 'Hidden'], ['true', 'Only archived'], ['all', 'Shown too']]),
    input('minCvAuc', 'Best CV AUC ≥', { type: 'number', min: 0, max: 1, step: 0.01, size: 5 }),
    input('maxCvAuc', 'Best CV AUC ≤', { type: 'number', min: 0, max: 1, step: 0.01, size: 5 }),
    select('model', 'Model', [['', 'Any'], ...models.map((m): [string, string] => [m, m])]),
    input('params', 'Hyper-parameters', { type: 'text', size: 24, placeholder: 'C>=0.1, C<=10, max_depth<=5', title: 'runs with a model whose chosen configuration meets every condition: name>=number, name<=number or name=value, separated by commas' }),
    h('button', { type: 'submit', id: 'apply-filters' }, 'Apply filters'),
  );
  return form;
}
