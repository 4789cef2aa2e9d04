import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileArtefactStore } from '@radsweep/pipeline';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { FeatureSetResultEntity } from '../../apps/server/src/results/feature-set-result.entity';
import { RunEntity, RunStatus } from '../../apps/server/src/runs/run.entity';
import { RunTaskEntity, TaskStage, TaskStatus } from '../../apps/server/src/runs/run-task.entity';
import { endedRunsHoldingArtefacts, releaseEndedRunArtefacts } from '../../apps/server/src/runs/two-stage/run-artefacts';
import { BACKENDS, openTestDatabase } from './support/databases';
import { storedRun } from './support/stored-run';
import { api, authorizeAdmin, smallSpec, testConfig, upload, wdbcBytes } from './support/api';
import { tempDir } from '../engine/support';

/**
 * Releasing a failed or cancelled run's artefacts, on rows written straight to the store: files removed
 * but those another unfinished run holds, done stage tasks of feature sets without results back to
 * 'waiting' (tasks_done lowered), finished feature sets left done, nothing done to a run in flight.
 */
describe.each(BACKENDS)("release of an ended run's artefacts on %s", (backend) => {
  let db: Database;
  let server: RunningServer;
  let experimentId: string;
  let datasetId: string;
  const store = new FileArtefactStore(tempDir('radsweep-artefacts-'));

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig({ concurrency: 0 }), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    datasetId = (await upload(server.url, 'wdbc.csv', wdbcBytes())).body.id;
    experimentId = (await api(server.url, 'POST', '/experiments', { spec: smallSpec() })).body.id;
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const run = (status: RunStatus, tasksTotal: number, tasksDone: number) => storedRun(db.dataSource, experimentId, datasetId, status, tasksTotal, tasksDone);
  const task = (runId: string, position: number, stage: TaskStage, status: TaskStatus, artefact: string | null) => ({
    runId,
    featureSet: ['mean', 'worst'][position],
    position,
    stage,
    part: 0,
    status,
    artefact,
    fitsTotal: stage === 'fit' ? 4 : 0,
    fitsDone: status === 'done' && stage === 'fit' ? 4 : 0,
  });

  it('removes what no unfinished run holds, resets unfinished feature sets, and is idempotent', async () => {
    const [k1, k2, k3, k4] = await Promise.all([1, 2, 3, 4].map((i) => store.put(Uint8Array.from([i, i, i]))));
    const failed = await run('failed', 5, 4);
    const inFlight = await run('running', 2, 1);
    const m = db.dataSource.manager;
    await m.insert(RunTaskEntity, [
      task(failed, 0, 'prepare', 'done', k1),
      task(failed, 0, 'fit', 'done', k2),
      task(failed, 0, 'combine', 'done', k3),
      task(failed, 1, 'prepare', 'done', k4),
      task(failed, 1, 'fit', 'failed', null),
      task(inFlight, 1, 'prepare', 'done', k4), // the same content stored by a run still running
    ]);
    // feature set 'mean' (position 0) is finished: its results are stored
    await m.save(FeatureSetResultEntity, { runId: failed, name: 'mean', position: 0, features: [], classBalance: {}, selection: { steps: [] }, folds: [], timings: {} });

    expect(await endedRunsHoldingArtefacts(db.dataSource)).toEqual([failed]);
    expect(await releaseEndedRunArtefacts(db.dataSource, store, inFlight)).toEqual([]); // a running run is left alone
    expect((await releaseEndedRunArtefacts(db.dataSource, store, failed)).sort()).toEqual([k1, k2, k3].sort());
    expect([k1, k2, k3, k4].map((k) => existsSync(store.pathOf(k)))).toEqual([false, false, false, true]);
    const rows = await m.find(RunTaskEntity, { where: { runId: failed }, order: { position: 'ASC', stage: 'ASC' } });
    expect(rows.map((r) => [r.featureSet, r.stage, r.status, r.artefact, r.fitsDone])).toEqual([
      ['mean', 'combine', 'done', null, 0],
      ['mean', 'fit', 'done', null, 4],
      ['mean', 'prepare', 'done', null, 0],
      ['worst', 'fit', 'failed', null, 0],
      ['worst', 'prepare', 'waiting', null, 0], // run again on a resume
    ]);
    expect((await m.findOneByOrFail(RunEntity, { id: failed })).tasksDone).toBe(3);
    expect((await m.findOneByOrFail(RunTaskEntity, { runId: inFlight })).artefact).toBe(k4);
    expect(await endedRunsHoldingArtefacts(db.dataSource)).toEqual([]);
    expect(await releaseEndedRunArtefacts(db.dataSource, store, failed)).toEqual([]);
    expect((await m.findOneByOrFail(RunEntity, { id: failed })).tasksDone).toBe(3);
  });
});
