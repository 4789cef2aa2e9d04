/// <reference lib="dom" />
import type { ModelResult, TestMetrics } from '@radsweep/pipeline';
import type { ComparisonGroup, DashboardLeaderboardRow as LeaderboardRow, RunListItem } from '@radsweep/api-contract';

/** The runs list's next-page header (the API contract's NEXT_CURSOR_HEADER; the browser loads no server module). */
const NEXT_CURSOR_HEADER = 'X-Next-Cursor';
import { ApiError } from './api-error.js';
import { SignInNeeded } from './session.js';

export type { ComparisonGroup, LeaderboardRow, TestMetrics };

/** JSON from the server's API (under /api, with the session cookie); a non-2xx answer throws with the server's message (401: SignInNeeded). */
export async function getJson<T>(path: string): Promise<T> {
  return send<T>('GET', path);
}

export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  return send<T>('POST', path, body);
}

export async function putJson<T>(path: string, body?: unknown): Promise<T> {
  return send<T>('PUT', path, body);
}

export async function patchJson<T>(path: string, body?: unknown): Promise<T> {
  return send<T>('PATCH', path, body);
}

export async function deleteJson<T>(path: string): Promise<T> {
  return send<T>('DELETE', path);
}

/** A list page and the cursor of the next one (the X-Next-Cursor header; null on the last page). */
export async function getPage<T>(path: string): Promise<{ items: T[]; next: string | null }> {
  let next: string | null = null;
  const items = await send<T[]>('GET', path, undefined, (res) => (next = res.headers.get(NEXT_CURSOR_HEADER)));
  return { items, next };
}

/** A multipart form (a file upload) to the API; the browser sets the content type with its boundary. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return send<T>('POST', path, form);
}

async function send<T>(method: string, path: string, body?: unknown, onResponse?: (res: Response) => void): Promise<T> {
  const form = body instanceof FormData;
  const res = await fetch(`/api${path}`, {
    method,
    headers: body === undefined || form ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  onResponse?.(res);
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : null;
  if (res.status === 401) throw new SignInNeeded(parsed?.message ?? 'sign in');
  if (!res.ok) throw new ApiError(res.status, parsed?.message ?? text);
  return parsed as T;
}

/** Query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const TERMINAL: RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface Experiment {
  id: string;
  name: string;
  version: number;
  description: string | null;
  spec: Record<string, unknown>;
  createdAt: string;
}

export interface Dataset {
  id: string;
  name: string;
  fileName: string;
  rowCount: number;
}

/** A row of the runs list (the API contract's; the progress stream sends the fields below without the curation ones). */
export type RunSummary = RunListItem;

export interface RunProgress extends Pick<RunListItem, 'id' | 'experimentId' | 'datasetId' | 'status' | 'seed' | 'tasksDone' | 'tasksTotal' | 'error' | 'createdAt' | 'startedAt' | 'finishedAt'> {
  fitsDone: number;
  fitsTotal: number;
  tasks: { featureSet: string; status: string; attempts: number; fitsDone: number; fitsTotal: number; worker: string | null; error: string | null }[];
}

export type ClassBalance = LeaderboardRow['classBalance'];

export interface LeaderboardPage {
  total: number;
  limit: number;
  offset: number;
  sort: string;
  order: 'asc' | 'desc';
  /** How rows rank and the best is chosen (by CV), with the sentence saying what the test columns are. */
  ranking: { sort: string; scoring: string; note: string };
  /** Comparison groups (dataset sha256, experiment, test patients, feature set), each with its row chosen by CV. */
  groups: ComparisonGroup[];
  /** Set when the rows come from more than one test set. */
  note: string | null;
  featureSets: string[];
  models: { id: string; label: string }[];
  datasets: { sha256: string; name: string }[];
  experiments: { id: string; label: string }[];
  items: LeaderboardRow[];
}

export interface Roc {
  fpr: number[];
  tpr: number[];
  threshold: number[];
}

export interface Calibration {
  meanPredicted: number[];
  observed: number[];
  count: number[];
}

/** The results file's model record (shared with the engine; type-only, so nothing of it reaches the browser). */
export type ModelRecord = Omit<ModelResult, 'predictions'>;

export interface Prediction {
  id: string;
  label: number;
  probability: number;
}

export interface ModelView {
  id: string;
  runId: string;
  featureSet: { name: string; features: string[]; classBalance: ClassBalance; selection: { steps: { step: string; scoreKind: string; fallbackUsed: boolean; inputCount: number; keptCount: number }[] } };
  run: {
    id: string;
    status: RunStatus;
    seed: number;
    createdAt: string;
    dataset: { path: string; sha256: string; rows: number; positives: number; positiveClass: string | number; idColumn: string; labelColumn: string } | null;
    settings: { steps: { id: string; params: Record<string, unknown> }[]; sampler: { id: string; params: Record<string, unknown> } | null; scoring: string; metrics: { threshold: number; bootstrap: number; calibrationBins: number } } | null;
    split: { type: string; train: number; test: number };
    cv: { type: string; foldsPerRepeat: number; repeats: number };
    modelSeeds: string | null;
    leaky: boolean;
    leakyNote: string | null;
    software: Record<string, string> | null;
  };
  experiment: { id: string; name: string; version: number } | null;
  /** The model's rank by CV among the models of its run's feature set (1 = chosen; null: no CV score), and what that means. */
  ranking: { cvRank: number | null; of: number; note: string };
  record: ModelRecord;
  predictions: Prediction[];
  decisionCurve: { threshold: number[]; model: number[]; treatAll: number[]; treatNone: number[] } | null;
  histogram: { edges: number[]; counts: number[] } | null;
}

export interface ComparedModel {
  id: string;
  runId: string;
  experimentId: string;
  experiment: string;
  featureSet: string;
  model: string;
  label: string;
  bestParams: Record<string, unknown> | null;
  test: TestMetrics | null;
  cvAuc: number | null;
  roc: Roc | null;
  calibration: Calibration | null;
  deltaTestAuc: number | null;
  deltaCvAuc: number | null;
  deltaBrier: number | null;
  /** Tested on the same patients as the first model (else its deltas mix model and test-set differences). */
  sameTestPatients: boolean;
  delong: { patients: number; z: number; pValue: number } | null;
}

export interface ModelComparison {
  models: ComparedModel[];
  experiments: { id: string; name: string; version: number; spec: Record<string, unknown> }[];
}

export interface RunComparison {
  runs: string[];
  rows: {
    featureSet: string;
    model: string;
    runs: ({ runId: string; present: false } | { runId: string; present: true; modelResultId: string; cvAuc: number | null; testAuc: number | null; deltaCvAuc: number | null; deltaTestAuc: number | null; sameTestPatients: boolean; delong: { patients: number; z: number; pValue: number } | null })[];
  }[];
}
