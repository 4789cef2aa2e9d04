import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { stringify } from 'yaml';
import { loadExperiment, runExperiment } from '@radsweep/pipeline';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { DEFAULT_CONFIG, ServerConfig } from '../../../apps/server/src/config/server-config';
import { createAdminToken } from './access';
import type { Database } from '../../../apps/server/src/database/database';
import { startServer } from '../../../apps/server/src/server';
import { Backend, openTestDatabase } from './databases';

export const REPO = resolve(__dirname, '../../..');
export const WDBC = join(REPO, 'examples/data/wdbc.csv');

/** A small, fast study on WDBC: two feature sets (two tasks), two models, 3-fold CV, a short bootstrap. */
export function smallSpec(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    name: 'wdbc-small',
    description: 'server tests',
    seed: 7,
    dataset: { path: 'wdbc.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
    featureSets: [
      { name: 'mean', include: ['mean_*'] },
      { name: 'worst', include: ['worst_*'] },
    ],
    validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
    steps: [{ median_imputer: {} }, { standard_scaler: {} }],
    models: [
      { id: 'logistic_regression', grid: { C: [0.1, 1] } },
      { id: 'gaussian_nb', grid: { var_smoothing: [1e-9, 1e-3] } },
    ],
    metrics: { threshold: 0.5, bootstrap: 100, calibrationBins: 5 },
    ...overrides,
  };
}

/** A sweep slow enough (forests of hundreds of trees, 18 fits per feature set on one thread) to be cancelled mid-task. */
export function slowSpec(): Record<string, any> {
  return smallSpec({ name: 'wdbc-slow', models: [{ id: 'random_forest', grid: { n_estimators: [300, 500], max_depth: [null, 8, 4] } }] });
}

/** Server settings for tests: a free port, fast polling and maintenance. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...DEFAULT_CONFIG, port: 0, concurrency: 1, threads: 1, pollSeconds: 0.5, maintenanceSeconds: 1, uploadLimitBytes: 1024 * 1024, ...overrides };
}

/** The API token api() and upload() send to each server (by its base URL). */
const TOKENS = new Map<string, string>();

/** From now on api() and upload() call `base` with `authorization: Bearer <token>`. */
export function authorize(base: string, token: string): void {
  TOKENS.set(base, token);
}

/** An administrator's API token in the server's store, sent by default to `base` (admins pass every project check); returns it. */
export async function authorizeAdmin(base: string, dataSource: DataSource): Promise<string> {
  const token = await createAdminToken(dataSource, `test-admin-${TOKENS.size + 1}`);
  authorize(base, token);
  return token;
}

/** A test server on a fresh database of `backend`, its administrator's token sent by default; close() stops both. */
export async function startAdminServer(backend: Backend): Promise<{ db: Database; base: string; close(): Promise<void> }> {
  const db = await openTestDatabase(backend);
  const server = await startServer(testConfig(), { database: db });
  await authorizeAdmin(server.url, db.dataSource);
  return { db, base: server.url, close: async () => (await server.close(), await db.close()) };
}

/** The Authorization header of `base`'s default token (none when the test has not signed in). */
export function authHeaders(base: string): Record<string, string> {
  const token = TOKENS.get(base);
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** A JSON call to the API (with the server's default token, if any); returns status and parsed body. */
export async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { ...authHeaders(base), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV and other text bodies stay text
  }
  return { status: res.status, body: parsed };
}

/** A multipart upload of CSV `text` named `fileName` into a project. */
export async function uploadTo(base: string, projectId: string, fileName: string, text: string) {
  const form = new FormData();
  form.append('file', new Blob([text]), fileName);
  const res = await fetch(`${base}/api/datasets?projectId=${projectId}`, { method: 'POST', body: form, headers: authHeaders(base) });
  return { status: res.status, body: (await res.json()) as any };
}

/** How many rows a table of the store holds. */
export async function countRows(dataSource: DataSource, table: string): Promise<number> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

/** A multipart upload of `bytes` named `fileName`. */
export async function upload(base: string, fileName: string, bytes: Uint8Array | string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), fileName);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await fetch(`${base}/api/datasets`, { method: 'POST', body: form, headers: authHeaders(base) });
  return { status: res.status, body: (await res.json()) as any };
}

export function wdbcBytes(): Buffer {
  return readFileSync(WDBC);
}

/** Polls a run until it reaches a final status (or the time runs out). */
export async function waitForRun(base: string, runId: string, timeoutMs = 90_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api(base, 'GET', `/runs/${runId}`);
    if (['succeeded', 'failed', 'cancelled'].includes(body.status)) return body;
    if (Date.now() > until) throw new Error(`run ${runId} still ${body.status} after ${timeoutMs} ms: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** What legitimately differs between two executions of the same run: timings, worker counts, software, file names. */
export function comparable(results: any): any {
  const clean = JSON.parse(JSON.stringify(results, (key, v) => (key === 'timings' || key === 'ms' || key === 'workers' || key === 'software' || key === 'run' || key.endsWith('Ms') ? undefined : v)));
  delete clean.experiment;
  delete clean.dataset.path;
  return clean;
}

/** The CLI engine's results for the same spec on the same file: what the server must reproduce. */
export async function cliResults(spec: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-cli-'));
  const file = join(dir, 'experiment.yaml');
  writeFileSync(file, stringify({ ...spec, dataset: { ...(spec.dataset as object), path: WDBC } }));
  return runExperiment(loadExperiment(file), { workers: 0 });
}

/** Polls `fn` every 100 ms until it returns something truthy (or the time runs out). */
export async function until<T>(what: string, fn: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
