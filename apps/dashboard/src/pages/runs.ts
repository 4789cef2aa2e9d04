/// <reference lib="dom" />
import { Dataset, Experiment, getJson, postJson, RunProgress, RunSummary, TERMINAL } from '../api.js';
import { launchForm } from '../launch-form.js';
import { errorBox, h, replace, table } from '../dom.js';
import { shortId } from '../format.js';
import { progressFigures, timeLeft } from '../run-progress.js';
import type { PageContext } from '../main.js';
import { can, type Permission, type ProjectWithRole } from '../roles.js';
import { hasSurvivalEndpoints } from './survival-leaderboard.js';

type InProject = { projectId: string | null };

/**
 * Experiments and their runs: launch a run (experiment x dataset), live progress
 * of unfinished runs over server-sent events (tasks and fits done, time left,
 * failures), cancel and resume, and runs selectable for Compare.
 */
export async function runsPage(ctx: PageContext): Promise<HTMLElement> {
  const [experiments, datasets, runs, projects] = await Promise.all([getJson<(Experiment & InProject)[]>('/experiments'), getJson<(Dataset & InProject)[]>('/datasets'), getJson<RunSummary[]>('/runs'), ctx.me.isAdmin ? [] : getJson<ProjectWithRole[]>('/projects')]); // an administrator passes every project check
  // Controls follow the role: launch, cancel and resume only where the API would accept them.
  const projectById = new Map(projects.map((p) => [p.id, p]));
  const allowed = (projectId: string | null | undefined, permission: Permission) => can(ctx.me, projectId ? projectById.get(projectId) : null, permission);
  const projectOfExperiment = new Map(experiments.map((e) => [e.id, e.projectId]));
  const launchable = experiments.filter((e) => allowed(e.projectId, 'run.launch'));
  const launchData = datasets.filter((d) => allowed(d.projectId, 'run.launch'));
  const expName = new Map(experiments.map((e) => [e.id, `${e.name} v${e.version}`]));
  const survival = new Set(experiments.filter((e) => hasSurvivalEndpoints(e.spec)).map((e) => e.id));
  /** A run's leaderboards: the survival ones (a tab per endpoint) for an experiment with survival endpoints. */
  const leaderboardOf = (run: RunSummary) => (survival.has(run.experimentId) ? `#/survival?runId=${run.id}` : `#/leaderboard?runId=${run.id}`);
  const dsName = new Map(datasets.map((d) => [d.id, d.name]));
  const selected = new Set<string>();
  const message = h('p', { role: 'status', id: 'runs-message' });
  const compareButton = h('button', { type: 'button', id: 'compare-runs', disabled: true, onclick: () => (location.hash = `#/compare?runs=${[...selected].join(',')}`) }, 'Compare selected runs');

  const launch = launchForm('launch', message, (run) => {
    message.textContent = `Run ${shortId(run.id)} queued.`;
    addRow(run, true);
  });
  launch.offer(launchable, launchData);

  const tbody = h('tbody', {});
  const rowOf = new Map<string, HTMLTableRowElement>();

  function addRow(run: RunSummary | RunProgress, top = false): void {
    const tr = h('tr', { 'data-run': run.id });
    rowOf.set(run.id, tr);
    if (top) tbody.prepend(tr);
    else tbody.append(tr);
    fill(run);
    if (!TERMINAL.includes(run.status)) follow(run.id);
  }

  function fill(run: RunSummary | RunProgress): void {
    const tr = rowOf.get(run.id);
    if (!tr) return;
    const p = 'fitsTotal' in run ? run : null;
    const failedTasks = p ? p.tasks.filter((t) => t.status === 'failed' || t.error).length : 0;
    const figures = progressFigures(p ?? run);
    const control = allowed(projectOfExperiment.get(run.experimentId), 'run.control');
    const canCancel = control && (run.status === 'queued' || run.status === 'running');
    const canResume = control && (run.status === 'cancelled' || run.status === 'failed');
    const box = h('input', { type: 'checkbox', 'aria-label': `select run ${shortId(run.id)}`, checked: selected.has(run.id), onchange: (e: Event) => toggle(run.id, (e.target as HTMLInputElement).checked) });
    replace(
      tr,
      h('td', {}, box),
      h('td', {}, h('a', { href: leaderboardOf(run) }, shortId(run.id))),
      h('td', {}, expName.get(run.experimentId) ?? shortId(run.experimentId)),
      h('td', {}, dsName.get(run.datasetId) ?? shortId(run.datasetId)),
      h('td', { 'data-status': run.status }, run.status),
      h('td', {}, h('progress', { max: figures.max, value: figures.value, 'aria-label': `progress of run ${shortId(run.id)}` }), ` ${figures.text}`),
      h('td', {}, p ? timeLeft(p, Date.now()) : '–'),
      h('td', { class: run.error || failedTasks ? 'error' : undefined }, run.error ?? (failedTasks ? `${failedTasks} task(s) failed` : '')),
      h(
        'td',
        {},
        canCancel ? h('button', { type: 'button', class: 'secondary', onclick: () => act(run.id, 'cancel') }, 'Cancel') : null,
        canResume ? h('button', { type: 'button', class: 'secondary', onclick: () => act(run.id, 'resume') }, 'Resume') : null,
      ),
    );
  }

  /** Live progress: one EventSource per unfinished run, closed when the run ends or the page is left. */
  function follow(id: string): void {
    const es = new EventSource(`/api/runs/${id}/events`);
    const close = () => es.close();
    ctx.onLeave(close);
    es.addEventListener('progress', (e) => {
      const p = JSON.parse((e as MessageEvent).data) as RunProgress;
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
    h('div', { class: 'controls' }, compareButton),
    h(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Runs' },
      h('table', { id: 'runs' }, h('thead', {}, h('tr', {}, ['Select', 'Run', 'Experiment', 'Dataset', 'Status', 'Progress', 'Time left', 'Failures', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))), tbody),
    ),
    h('h2', {}, 'Experiments'),
    table(null, ['Experiment', 'Version', 'Description', 'Runs', 'Models'], experiments.map((e) => [h('a', { href: `#/leaderboard?experimentId=${e.id}` }, e.name), e.version, e.description ?? '', runsPerExperiment(e.id), ((e.spec.models as { id: string }[] | undefined) ?? []).map((m) => m.id).join(', ')])),
  );
}
