/// <reference lib="dom" />
import type { ExternalValidationDetail, ExternalValidationSummary, LockedModelSummary } from '@radsweep/api-contract';
import { Dataset, Experiment, getAll, getJson, postJson, query, RunProgress } from '../api.js';
import { lineFigure, PALETTE } from '../charts.js';
import { errorBox, facts, h, replace, table } from '../dom.js';
import { calibrationCurves, forestRows, forestSeries, transportRows } from '../external-validation.js';
import { num, shortId } from '../format.js';
import { can, type ProjectWithRole } from '../roles.js';
import type { Me } from '../session.js';


/** What the section needs to offer locking and validation: the model's run and who is looking. */
export interface LockContext {
  runId: string;
  me: Me;
}

/** Which model result the section is about: a binary model's (GET /results/:id) or a survival model's (GET /survival/results/:id). */
export type ModelResultKind = 'binary' | 'survival';

/**
 * The model record's External validation part: the model's locked versions (sha256, how the lock was
 * verified, a link to the sealed file) and each one's finished validations: a forest plot of AUC or
 * C-index per centre with its interval, the centres' calibration curves overlaid, and the cohort's
 * transportability table. Loaded after the rest of the page.
 */
export function externalValidationSection(modelResultId: string, lock?: LockContext, kind: ModelResultKind = 'binary'): HTMLElement {
  const box = h('div', { id: 'external-validation' }, h('p', { class: 'muted' }, 'Loading locked versions…'));
  const listPath = `${kind === 'survival' ? '/survival' : ''}/results/${encodeURIComponent(modelResultId)}/locked-models`;
  // read once per record shown: who may lock and validate, and the project's datasets, do not change while it is on screen
  const offer = lockOffer(lock);
  const reload = () => void load(box, modelResultId, listPath, lock, offer, reload).catch((e) => replace(box, errorBox(e)));
  reload();
  return box;
}

/**
 * Whether the caller may lock and validate (the run's project role allows run.launch, as the API checks) and
 * the datasets of that project a validation may use; nothing offered to a PI, a reviewer or a non-member.
 */
async function lockOffer(lock: LockContext | undefined): Promise<{ datasets: Dataset[] } | null> {
  if (!lock) return null;
  try {
    const projects = lock.me.isAdmin ? [] : await getJson<ProjectWithRole[]>('/projects');
    // no project where they may launch (a reviewer, a PI): the experiment, which a reviewer may not read, is not asked for
    if (!lock.me.isAdmin && !projects.some((p) => can(lock.me, p, 'run.launch'))) return null;
    const run = await getJson<RunProgress>(`/runs/${encodeURIComponent(lock.runId)}`);
    const experiment = await getJson<Experiment>(`/experiments/${run.experimentId}`);
    const project = experiment.projectId ? projects.find((p) => p.id === experiment.projectId) : null;
    if (!can(lock.me, project, 'run.launch')) return null;
    const datasets = await getAll<Dataset>(`/datasets${query({ projectId: experiment.projectId })}`);
    return { datasets: datasets.filter((d) => d.projectId === experiment.projectId) };
  } catch {
    return null; // a reader who may not see the experiment may not lock either
  }
}

/** The whole section: drawn when it opens and after a lock (a new locked version); validations refresh on their own. */
async function load(box: HTMLElement, modelResultId: string, listPath: string, lock: LockContext | undefined, offerOnce: Promise<{ datasets: Dataset[] } | null>, reload: () => void): Promise<void> {
  const [locked, offer] = await Promise.all([getAll<LockedModelSummary>(listPath), offerOnce]);
  const parts: HTMLElement[] = [];
  if (offer && lock) parts.push(lockForm(lock.runId, modelResultId, reload));
  if (locked.length === 0) {
    parts.push(h('p', { class: 'muted' }, 'Not locked yet. Lock it here or with `radsweep lock --server <url> <run id> <model result id>`, then validate it on an uploaded cohort.'));
    replace(box, parts);
    return;
  }
  const lists = locked.map((l) => validationList(l.id));
  locked.forEach((l, i) => {
    parts.push(
      h('h3', {}, `${l.name} (locked ${l.createdAt.slice(0, 10)})`),
      facts([
        ['sha256', h('code', {}, l.sha256)],
        ['Verified', `refit and locked file reproduce the run's ${l.verification.testPatients} test predictions bit for bit`],
        ['File', h('a', { href: `/api/locked-models/${l.id}/file`, 'data-locked-file': l.id }, 'Download the locked model (JSON)')],
      ]),
    );
    if (offer) parts.push(validateForm(l.id, offer.datasets, lists[i].refresh));
    parts.push(lists[i].element);
  });
  await Promise.all(lists.map((v) => v.ready));
  replace(box, parts);
}

/** How often a queued or running validation is looked at again (ms). */
const POLL_MS = 1500;

/**
 * One locked version's validations, refreshed on their own while one is queued or running (every POLL_MS, while
 * on the page): only this list is redrawn, so the Validate form above keeps what is typed in it and its focus.
 * A finished validation's report is read and drawn once; a poll that changes nothing leaves the list untouched.
 */
function validationList(lockedId: string): { element: HTMLElement; ready: Promise<void>; refresh: () => void } {
  const element = h('div', { 'data-validations': lockedId });
  const drawn = new Map<string, HTMLElement>();
  let shown = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  async function update(): Promise<void> {
    clearTimeout(timer);
    const validations = await getAll<ExternalValidationSummary>(`/locked-models/${lockedId}/validations`);
    for (const v of validations) if (v.status === 'done' && !drawn.has(v.id)) drawn.set(v.id, validationView(await getJson<ExternalValidationDetail>(`/validations/${v.id}`)));
    const state = JSON.stringify(validations.map((v) => [v.id, v.status, v.error]));
    if (state !== shown) {
      shown = state;
      replace(
        element,
        validations.length === 0
          ? [h('p', { class: 'muted' }, 'No external validation yet.')]
          : validations.map((v) =>
              drawn.get(v.id) ??
              h('p', { class: v.status === 'failed' ? 'error' : 'muted' }, `Validation ${shortId(v.id)} on dataset ${shortId(v.datasetId)}: ${v.status}${v.error ? ` (${v.error})` : ''}`),
            ),
      );
    }
    // a queued or running validation: look again shortly, while the list is still on the page (or before it is first placed)
    if (validations.some((v) => v.status !== 'done' && v.status !== 'failed')) timer = setTimeout(() => (element.isConnected ? refresh() : undefined), POLL_MS);
  }
  const refresh = () => void update().catch((e) => replace(element, errorBox(e)));
  return { element, ready: update(), refresh };
}

/** Lock this model: the server refits it, checks it reproduces the run bit for bit, and seals it (409 says why not). */
function lockForm(runId: string, modelResultId: string, reload: () => void): HTMLElement {
  const name = h('input', { id: 'lock-name', type: 'text', maxlength: 120, placeholder: 'optional' });
  const status = h('p', { role: 'status', id: 'lock-status' });
  const button = h('button', { type: 'submit', id: 'lock-model' }, 'Lock this model');
  return h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Lock this model',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        button.disabled = true;
        status.textContent = 'Refitting and checking against the run…';
        try {
          await postJson(`/runs/${runId}/models/${modelResultId}/lock`, name.value.trim() ? { name: name.value.trim() } : {});
          reload();
        } catch (err) {
          status.textContent = err instanceof Error ? err.message : String(err);
          button.disabled = false;
        }
      },
    },
    h('label', { for: 'lock-name' }, 'Name of the locked version', name),
    button,
    status,
  );
}

/** The largest seed the server accepts (2^31 - 1, as for a run's seed). */
const MAX_SEED = 2147483647;

/**
 * Validate a locked version on a dataset of the run's project, per centre when a centre column is named, with the
 * bootstrap's seed (default 42, the server's; the browser refuses anything but an integer 0..2^31-1) (a queue task).
 */
function validateForm(lockedId: string, datasets: Dataset[], refreshList: () => void): HTMLElement {
  const key = lockedId.slice(0, 8);
  const dataset = h('select', { id: `validate-dataset-${key}` }, datasets.map((d) => h('option', { value: d.id }, `${d.name} (${d.rowCount} rows)`)));
  const centre = h('input', { id: `validate-centre-${key}`, type: 'text', placeholder: 'optional, e.g. centre' });
  const seed = h('input', { id: `validate-seed-${key}`, type: 'number', min: 0, max: MAX_SEED, step: 1, value: '42', required: true, size: 10 });
  const status = h('p', { role: 'status', id: `validate-status-${key}` });
  const button = h('button', { type: 'submit', id: `validate-${key}`, disabled: datasets.length === 0 }, 'Validate');
  return h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Validate on a cohort',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        button.disabled = true;
        try {
          const body = { datasetId: dataset.value, seed: Number(seed.value), ...(centre.value.trim() ? { centreColumn: centre.value.trim() } : {}) };
          await postJson(`/locked-models/${lockedId}/validations`, body);
          // the form stays as it was (another cohort may follow); only the list below it is read again
          status.textContent = 'Validation queued.';
          button.disabled = false;
          refreshList();
        } catch (err) {
          status.textContent = err instanceof Error ? err.message : String(err); // 422: what is wrong with the cohort
          button.disabled = false;
        }
      },
    },
    h('label', { for: `validate-dataset-${key}` }, 'External cohort', dataset),
    h('label', { for: `validate-centre-${key}` }, 'Centre column', centre),
    h('label', { for: `validate-seed-${key}` }, 'Bootstrap seed', seed),
    button,
    status,
  );
}

function validationView(v: ExternalValidationDetail): HTMLElement {
  const report = v.report!;
  const forest = forestRows(report);
  const cal = calibrationCurves(report);
  const transport = transportRows(report);
  const t = report.transportability?.report;
  const where = `${report.cohort.source} (${report.cohort.rows} patients${report.centreColumn ? `, centres by '${report.centreColumn}'` : ''})`;
  const { bootstrap, seed } = report.settings;
  return h(
    'section',
    { 'data-validation': v.id },
    h('h4', {}, `On ${where}`),
    h('p', { class: 'muted', 'data-validation-settings': '' }, `${settingsText(report.results.kind, bootstrap, seed)}${v.attempts > 1 ? ` · computed on attempt ${v.attempts}` : ''}`),
    lineFigure(
      `forest-${v.id.slice(0, 8)}`,
      `${forest.metric} per centre with ${forest.interval} intervals (top: pooled)`,
      forestSeries(forest.rows).map((s, i) => ({ ...s, colour: PALETTE[Math.floor(i / 2) % PALETTE.length] })),
      { x: forest.metric, y: 'centre (see table)', xMin: forestMin(forest.rows), xMax: 1, yMin: 0, yMax: forest.rows.length + 1 },
      table(null, ['centre', 'n', forest.metric, 'lower', 'upper', ''], forest.rows.map((r) => [r.label, r.n, num(r.estimate), num(r.lower), num(r.upper), r.note ?? ''])),
    ),
    lineFigure(
      `calibration-${v.id.slice(0, 8)}`,
      `Calibration per centre: ${cal.caption}`,
      [...cal.curves.map((c) => ({ ...c, points: true })), { label: 'perfect calibration', x: [0, 1], y: [0, 1], dashed: true, colour: '#888888' }],
      { x: 'Predicted', y: 'Observed', xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
      table(null, ['centre', 'predicted', 'observed'], cal.curves.flatMap((c) => c.x.map((x, i) => [c.label, num(x), num(c.y[i])])), { tall: true }),
    ),
    t
      ? h(
          'div',
          {},
          h('p', {}, `Transportability against ${report.transportability!.development.source}: membership model AUC ${num(t.membership.auc)} (0.5: the cohorts are indistinguishable); ${report.transportability!.featureValues}.`),
          table('Case mix, ranked by |SMD|', ['variable', 'role', 'development', 'external', 'SMD', 'missing (dev / ext)'], transport.map((r) => [r.name, r.role, r.development, r.external, num(r.smd), r.missing]), { tall: true, id: `transport-${v.id.slice(0, 8)}` }),
        )
      : h('p', { class: 'muted' }, `No transportability report${report.transportabilityError ? `: ${report.transportabilityError}` : ''}.`),
  );
}

/** The report header's settings: the seed always (it also seeds the membership model's folds); survival intervals come from standard errors, not the bootstrap. */
function settingsText(kind: 'binary' | 'survival', bootstrap: number | null, seed: number | null): string {
  return kind === 'binary' ? `Bootstrap ${bootstrap} resamples, seed ${seed}` : `Seed ${seed}; intervals from standard errors (no bootstrap)`;
}

/** The forest plot's left end: a tenth below the lowest bound shown (0.5 when all are above 0.6), never below 0. */
function forestMin(rows: { lower: number | null; estimate: number | null }[]): number {
  const low = Math.min(...rows.map((r) => r.lower ?? r.estimate ?? 1));
  return Math.max(0, Math.min(0.5, Math.floor((low - 0.1) * 10) / 10));
}
