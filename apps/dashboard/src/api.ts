/// <reference lib="dom" />
import type {
  ClassBalance,
  ComparedModel,
  ComparisonGroup,
  DashboardLeaderboardPage,
  DashboardLeaderboardRow as LeaderboardRow,
  Dataset as DatasetOf,
  Experiment as ExperimentOf,
  ModelComparison,
  ModelRecord,
  ModelView as ModelViewOf,
  Prediction,
  RunComparison,
  RunListItem,
  RunProgress as RunProgressOf,
  RunStatus,
  TestMetrics,
} from '@radsweep/api-contract';

/** The lists' next-page header (the API contract's NEXT_CURSOR_HEADER; the browser loads no server module). */
const NEXT_CURSOR_HEADER = 'X-Next-Cursor';
import { ApiError } from './api-error.js';
import { SignInNeeded } from './session.js';

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
  const { body, next } = await getPaged<T[]>(path);
  return { items: body, next };
}

/** A paged route's answer (a list, or a page object such as the leaderboard's) and the X-Next-Cursor header (null on the last page). */
export async function getPaged<T>(path: string): Promise<{ body: T; next: string | null }> {
  let next: string | null = null;
  const body = await send<T>('GET', path, undefined, (res) => (next = res.headers.get(NEXT_CURSOR_HEADER)));
  return { body, next };
}

/** Every row of a list the server pages (datasets, experiments, runs, locked versions, validations): pages of 500, following X-Next-Cursor to the last. `path` may hold filters. */
export async function getAll<T>(path: string): Promise<T[]> {
  const rows: T[] = [];
  const join = path.includes('?') ? '&' : '?';
  for (let after: string | null = ''; after !== null; ) {
    const page: { items: T[]; next: string | null } = await getPage<T>(`${path}${join}limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    rows.push(...page.items);
    after = page.next;
  }
  return rows;
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

export const TERMINAL: RunStatus[] = ['succeeded', 'failed', 'cancelled'];

// The API's answers, as the contract types them; times are ISO text in the browser.
export type { ClassBalance, ComparedModel, ComparisonGroup, LeaderboardRow, ModelComparison, ModelRecord, Prediction, RunComparison, RunStatus, TestMetrics };
export type Experiment = ExperimentOf<string>;
export type Dataset = DatasetOf<string>;
/** A row of the runs list (the progress stream sends the fields of RunProgress, without the curation ones). */
export type RunSummary = RunListItem;
export type RunProgress = RunProgressOf<string>;
/** GET /api/dashboard/leaderboard. */
export type LeaderboardPage = DashboardLeaderboardPage;
export type ModelView = ModelViewOf<string>;
