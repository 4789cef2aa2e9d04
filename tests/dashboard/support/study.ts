import { Database } from '../../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../../apps/server/src/server';
import { api, authorizeAdmin, smallSpec, testConfig, upload, waitForRun, wdbcBytes } from '../../server/support/api';
import { openTestDatabase } from '../../server/support/databases';

export interface StoredStudy {
  server: RunningServer;
  database: Database;
  datasetId: string;
  /** Run of version 1: logistic regression (C 0.1, 1), Gaussian NB, kNN on two feature sets. */
  runA: string;
  /** Run of version 2: another seed, a one-model grid change (logistic regression C = 1e-6 predicts one class). */
  runB: string;
  /** An administrator's API token (api() sends it by default). */
  adminToken: string;
  close(): Promise<void>;
}

/** The models of the dashboard study: three fast ones, so a sweep takes a few seconds. */
export function dashboardSpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return smallSpec({
    name: 'wdbc-dashboard',
    models: [
      { id: 'logistic_regression', grid: { C: [0.1, 1] } },
      { id: 'gaussian_nb', grid: { var_smoothing: [1e-9, 1e-3] } },
      { id: 'knn', grid: { n_neighbors: [5, 15] } },
    ],
    ...overrides,
  });
}

/** A server on an embedded database (from the template) with WDBC uploaded and two real sweeps stored. */
export async function storedStudy(): Promise<StoredStudy> {
  const database = await openTestDatabase('embedded');
  const server = await startServer(testConfig({ concurrency: 1, threads: 2 }), { database });
  const base = server.url;
  const token = await authorizeAdmin(base, database.dataSource);
  const ds = await upload(base, 'wdbc.csv', wdbcBytes(), { labelColumn: 'label', name: 'WDBC' });
  if (ds.status !== 201) throw new Error(`upload: ${JSON.stringify(ds.body)}`);
  const runOf = async (spec: Record<string, unknown>) => {
    const exp = await api(base, 'POST', '/experiments', { spec });
    if (exp.status !== 201) throw new Error(`experiment: ${JSON.stringify(exp.body)}`);
    const run = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id });
    if (run.status !== 201) throw new Error(`run: ${JSON.stringify(run.body)}`);
    return run.body.id as string;
  };
  const runA = await runOf(dashboardSpec());
  const runB = await runOf(dashboardSpec({ seed: 11, models: [{ id: 'logistic_regression', grid: { C: [1e-6] } }, { id: 'gaussian_nb', grid: { var_smoothing: [1e-9, 1e-3] } }, { id: 'knn', grid: { n_neighbors: [5, 15] } }] }));
  for (const id of [runA, runB]) {
    const done = await waitForRun(base, id);
    if (done.status !== 'succeeded') throw new Error(`run ${id} ${done.status}: ${done.error}`);
  }
  return {
    server,
    database,
    datasetId: ds.body.id,
    runA,
    runB,
    adminToken: token,
    async close() {
      await server.close();
      await database.close();
    },
  };
}
