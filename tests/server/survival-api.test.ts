import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harrellC } from '@radsweep/metrics';
import type { SurvivalCompareResponse, SurvivalLeaderboardResponse, SurvivalModelRecord } from '@radsweep/api-contract';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { api, authorizeAdmin, comparable, testConfig, upload, waitForRun } from './support/api';
import { localSurvivalResults, rotterdamSubset, survivalSpec } from './support/survival';

describe.each(BACKENDS)('survival runs through the API on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let base: string;
  let runId: string;
  const csv = rotterdamSubset();

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig(), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('runs a survival experiment as queue tasks and exports the engine\'s own results file', async () => {
    const ds = await upload(base, 'rotterdam.csv', csv);
    expect(ds.status).toBe(201);
    const exp = await api(base, 'POST', '/experiments', { spec: survivalSpec() });
    expect(exp.status, JSON.stringify(exp.body)).toBe(201);
    const run = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.tasks.map((t: any) => t.featureSet)).toEqual(['rfs/clinical', 'rfs/nodes']);
    runId = run.body.id;
    const done = await waitForRun(base, runId, 300_000);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    const exported = await api(base, 'GET', `/runs/${runId}/results.json`);
    expect(exported.status).toBe(200);
    const local = await localSurvivalResults(survivalSpec(), csv);
    expect(comparable(exported.body)).toEqual(comparable(local));
  });
});
