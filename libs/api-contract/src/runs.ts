/**
 * The runs list and run curation (GET /api/runs, GET /api/runs/:id/curation and the curation
 * routes: rename, notes, tags, archive/restore, delete, final-model mark), as JSON. Types and the
 * edge rules both sides check: the server refuses (422), the dashboard says so before sending.
 */

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What the caller may do to a run beyond reading it (the dashboard shows only these controls): curate, delete, cancel/resume. */
export type RunAction = 'curate' | 'delete' | 'control';

/** Limits of curation input (422 past them). */
export const RUN_NAME_MAX = 120;
export const RUN_NOTES_MAX_CHARS = 20_000;
export const RUN_TAG_MAX = 40;
export const RUN_TAGS_PER_RUN = 20;
/** A tag: letters, digits, '.', '_', '-', ':' and '/', starting with a letter or digit. */
export const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/** One row of GET /api/runs (newest first; the next page's cursor is in the X-Next-Cursor header). */
export interface RunListItem {
  id: string;
  /** The name a person gave (null: none). */
  name: string | null;
  projectId: string | null;
  experimentId: string;
  datasetId: string;
  status: RunStatus;
  seed: number;
  tasksDone: number;
  tasksTotal: number;
  error: string | null;
  tags: string[];
  /** ISO time it was archived, or null. */
  archivedAt: string | null;
  hasNotes: boolean;
  /** The best mean CV AUC among the run's binary models (null: none yet, or a survival run). */
  bestCvAuc: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  allowed: RunAction[];
}

/** Query of GET /api/runs: every filter optional; `archived`: 'false' (default), 'true' (only archived) or 'all'. */
export interface RunListQuery {
  projectId?: string;
  experimentId?: string;
  datasetId?: string;
  status?: string;
  tag?: string;
  archived?: 'false' | 'true' | 'all';
  minCvAuc?: number;
  maxCvAuc?: number;
  /** Runs with a model result of this model id (and, with `params`, one that meets them too). */
  model?: string;
  /** Runs with a model result whose chosen hyper-parameters meet every condition: `C>=0.1,C<=10,max_depth<=5,penalty=l1`. */
  params?: string;
  limit?: number;
  /** The X-Next-Cursor of the previous page. */
  after?: string;
}

export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';

/** A run's final-model mark: the model a person pre-specified for an endpoint ('label' for a binary run). */
export interface FinalModelMark {
  endpoint: string;
  /** The model result's id (GET /results/:id, or /survival/results/:id when `survival`). */
  modelId: string;
  survival: boolean;
  featureSet: string;
  model: string;
  markedBy: string;
  markedAt: string;
}

/** GET /api/runs/:id/curation, and the answer of every curation change. */
export interface RunCuration {
  id: string;
  name: string | null;
  notes: string;
  tags: string[];
  archivedAt: string | null;
  finalModels: FinalModelMark[];
  allowed: RunAction[];
}

/** PATCH /api/runs/:id: a new name (null or '' clears it) and/or new notes. */
export interface RunPatch {
  name?: string | null;
  notes?: string;
}

/** PUT /api/runs/:id/final-model. */
export interface FinalModelBody {
  modelId: string;
}

/** Checks a name, a tag or notes; the message says what is wrong (null: fine). Used by the server (422) and the dashboard. */
export function curationProblem(field: 'name' | 'tag' | 'notes', value: unknown): string | null {
  if (typeof value !== 'string') return `${field} must be text`;
  if (field === 'notes') return value.length > RUN_NOTES_MAX_CHARS ? `notes are ${value.length} characters, above the limit of ${RUN_NOTES_MAX_CHARS}` : null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${field} must not contain control characters (newlines, tabs)`;
  if (field === 'name') {
    if (value.trim() !== value) return 'name must not start or end with spaces';
    return value.length > RUN_NAME_MAX ? `name is ${value.length} characters, above the limit of ${RUN_NAME_MAX}` : null;
  }
  if (value.length === 0 || value.length > RUN_TAG_MAX) return `a tag has 1 to ${RUN_TAG_MAX} characters, got ${value.length}`;
  return TAG_PATTERN.test(value) ? null : `tag '${value}' may hold only letters, digits and . _ : / - (starting with a letter or digit)`;
}

/** POST /api/runs: experiment, dataset, and optionally the test ids and fold assignment a spec's files would give. */
export interface LaunchRequest {
  experimentId: string;
  datasetId: string;
  /** Fixed test patients instead of the spec's split (or the content of its test-id file). */
  testIds?: string[];
  /** Each training patient's CV fold ({id: fold}, folds 0..k-1) instead of the spec's CV or its fold-assignment file. */
  foldAssignment?: Record<string, number>;
}

/** A run with its tasks and its progress, as polling (GET /api/runs/:id) and server-sent events report it. `D`: Date on the server, ISO text in the browser. */
export interface RunProgress<D = Date> {
  id: string;
  /** The project the run belongs to (null: a run from before projects). */
  projectId: string | null;
  status: RunStatus;
  experimentId: string;
  datasetId: string;
  seed: number;
  error: string | null;
  tasksDone: number;
  tasksTotal: number;
  fitsDone: number;
  fitsTotal: number;
  createdAt: D;
  startedAt: D | null;
  finishedAt: D | null;
  tasks: { featureSet: string; status: string; attempts: number; fitsDone: number; fitsTotal: number; worker: string | null; error: string | null }[];
}

/** The `closed` event's payload: why the server ended a progress stream before the run ended. */
export interface RunStreamClosed {
  reason: string;
}

/**
 * GET /api/runs/:id/events (server-sent events): what each event's `data:` carries as JSON, by its `event:` name.
 * `progress`: the run's progress as GET /api/runs/:id answers it (at once, then on each change, the last when the
 * run ends); `closed`: the holder's access ended, no event follows. `D`: Date on the server, ISO text in the browser.
 */
export interface RunEventPayloads<D = Date> {
  progress: RunProgress<D>;
  closed: RunStreamClosed;
}

/** One event of the run's progress stream as the server writes it: its name (`type`) and its payload (`data`). */
export type RunEvent<D = Date> = { [K in keyof RunEventPayloads<D>]: { type: K; data: RunEventPayloads<D>[K] } }[keyof RunEventPayloads<D>];

/** DELETE /api/runs/:id */
export interface RunDeleted {
  id: string;
  deleted: true;
}
