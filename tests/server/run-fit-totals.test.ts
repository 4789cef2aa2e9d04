import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { api, authorizeAdmin, smallSpec, testConfig, upload, waitForRun, wdbcBytes } from './support/api';
import { rotterdamSubset, survivalSpec } from './support/survival';
import { useSingleTaskRuns } from './support/single-task-runs';

useSingleTaskRuns(); // this file asserts one task per feature set

/**
 * A run's progress counts fits from its launch: every task's fit total is set from the launch plan
 * (configurations x CV splits + one refit per model), so queued tasks count too and the time left is
 * never "~0 s" while tasks wait; the engine's own count, reported when a task runs, is the same number.
 */
describe.each(BACKENDS)('fit totals from launch on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let base: string;

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

  it('a binary run: 2 feature sets x (2 models x 2 configurations x 3 folds + 2 refits) = 28 fits before any task runs, all done at the end', async () => {
    const datasetId = (await upload(base, 'wdbc.csv', wdbcBytes())).body.id;
    const exp = await api(base, 'POST', '/experiments', { spec: smallSpec() });
    const launched = (await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
    expect(launched.fitsTotal).toBe(28);
    expect(launched.tasks.map((t: any) => t.fitsTotal)).toEqual([14, 14]);
    expect((await waitForRun(base, launched.id)).status).toBe('succeeded');
    const done = (await api(base, 'GET', `/runs/${launched.id}`)).body;
    expect([done.fitsDone, done.fitsTotal]).toEqual([28, 28]);
  });

  it('a survival run: the plan per endpoint x feature set task equals what the engine counts', async () => {
    const datasetId = (await upload(base, 'rotterdam.csv', rotterdamSubset())).body.id;
    const exp = await api(base, 'POST', '/experiments', { spec: survivalSpec() });
    expect(exp.status, JSON.stringify(exp.body)).toBe(201);
    const launched = (await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
    const planned = launched.tasks.map((t: any) => t.fitsTotal);
    expect(planned.every((n: number) => n > 0)).toBe(true);
    expect(launched.fitsTotal).toBe(planned.reduce((s: number, n: number) => s + n, 0));
    expect((await waitForRun(base, launched.id, 600_000)).status).toBe('succeeded');
    const done = (await api(base, 'GET', `/runs/${launched.id}`)).body;
    expect(done.tasks.map((t: any) => [t.fitsDone, t.fitsTotal])).toEqual(planned.map((n: number) => [n, n]));
  });
});
