import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { attemptStart, startAttempt } from '../../apps/server/src/queue/attempt-start';
import { RunTaskEntity, TaskStatus } from '../../apps/server/src/runs/run-task.entity';
import { BACKENDS, openTestDatabase } from './support/databases';
import { storedRun } from './support/stored-run';
import { api, authorizeAdmin, smallSpec, testConfig, upload, wdbcBytes } from './support/api';

/**
 * An attempt starts only on the row as its worker read it: a task declared lost is handed to another worker
 * while its first attempt may still finish; the late starter must not turn the done row back to running (its
 * finish was then counted twice: tasks_done past tasks_total). Rows written straight to the store.
 */
describe.each(BACKENDS)('starting an attempt on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let runId: string;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig({ concurrency: 0 }), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    const datasetId = (await upload(server.url, 'wdbc.csv', wdbcBytes())).body.id;
    const experimentId = (await api(server.url, 'POST', '/experiments', { spec: smallSpec() })).body.id;
    runId = await storedRun(db.dataSource, experimentId, datasetId, 'running', 4, 0);
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  let part = 0;
  const taskRow = async (status: TaskStatus, attempts: number) => {
    const row = await db.dataSource.manager.save(RunTaskEntity, {
      runId,
      featureSet: 'mean',
      position: 0,
      stage: 'fit',
      part: part++,
      status,
      artefact: status === 'done' ? 'k' : null,
      attempts,
      fitsTotal: 4,
      fitsDone: status === 'done' ? 4 : 0,
    });
    return row.id;
  };
  const start = (id: string, attemptsRead: number, worker = 'w2') =>
    startAttempt(db.dataSource, RunTaskEntity, id, attemptsRead, { ...attemptStart(worker, attemptsRead + 1, null), fitsDone: 0 });
  const read = (id: string) => db.dataSource.manager.findOneByOrFail(RunTaskEntity, { id });

  it('starts a queued row as read, and a running row whose worker died (pg-boss redelivery)', async () => {
    const queued = await taskRow('queued', 1);
    expect(await start(queued, 1)).toBe(true);
    expect(await read(queued)).toMatchObject({ status: 'running', attempts: 2, worker: 'w2' });
    const stale = await taskRow('running', 1);
    expect(await start(stale, 1)).toBe(true);
    expect(await read(stale)).toMatchObject({ status: 'running', attempts: 2 });
  });

  it.each<TaskStatus>(['done', 'failed', 'cancelled'])('leaves a row finished since it was read (%s) as it is', async (status) => {
    const id = await taskRow(status, 1);
    const before = await read(id);
    expect(await start(id, 1)).toBe(false);
    expect(await read(id)).toEqual(before);
  });

  it('refuses a row another attempt took since it was read, and of two starters with the same read exactly one wins', async () => {
    const taken = await taskRow('running', 2); // read with attempts 1, then handed on and started by attempt 2
    expect(await start(taken, 1)).toBe(false);
    expect((await read(taken)).attempts).toBe(2);
    const raced = await taskRow('queued', 1);
    const won = await Promise.all([start(raced, 1, 'a'), start(raced, 1, 'b')]);
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await read(raced)).toMatchObject({ status: 'running', attempts: 2, worker: won[0] ? 'a' : 'b' });
  });
});
