import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { spawnWorkerProcess } from './support/worker-process';
import { artefactFiles, untilNoArtefacts, untilReleased } from './support/artefacts';
import { api, authorizeAdmin, cliResults, comparable, smallSpec, testConfig, until, upload, waitForRun, wdbcBytes } from './support/api';
import { tempDir } from '../engine/support';

/**
 * Scheduling of two-stage runs (the default: RADSWEEP_TWO_STAGE unset) on one worker process (one task
 * at a time, --threads 1): runs queued together take turns, the fits recorded feed the store's fit-cost
 * means, and a cancelled run's artefacts are released (a resume then runs its unfinished feature sets
 * again, to the same numbers).
 */
describe.each(BACKENDS)('two-stage scheduling on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let datasetId: string;
  const artefactDir = tempDir('radsweep-artefacts-');
  let worker: (ChildProcess & { ready: Promise<void> }) | null = null;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig({ concurrency: 0, heartbeatSeconds: 0.25, taskLostSeconds: 5, artefactDir }), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    datasetId = (await upload(server.url, 'wdbc.csv', wdbcBytes())).body.id;
  }, 600_000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await server?.close();
    await db?.close();
  });

  const launch = async (spec: Record<string, unknown>) => {
    const exp = await api(server.url, 'POST', '/experiments', { spec });
    return (await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
  };

  it('alternates between two queued runs, and records every fit in the fit-cost means', async () => {
    const a = await launch(smallSpec({ name: 'wdbc-a', seed: 7 }));
    const b = await launch(smallSpec({ name: 'wdbc-b', seed: 8 }));
    // Progress counts every fit from the launch: 2 feature sets x (2 models x 2 configurations x 3 CV splits + 2 refits)
    expect([a.fitsDone, a.fitsTotal, b.fitsTotal]).toEqual([0, 28, 28]);
    // Both runs are queued before the one worker starts: its picks are the queue's order, not launch timing.
    const { child, ready } = spawnWorkerProcess(server.database.url, { RADSWEEP_POLL_S: '0.5', RADSWEEP_HEARTBEAT_S: '0.25', RADSWEEP_ARTEFACT_DIR: artefactDir });
    worker = Object.assign(child, { ready });
    await worker.ready;
    expect((await waitForRun(server.url, a.id, 300_000)).status).toBe('succeeded');
    expect((await waitForRun(server.url, b.id, 300_000)).status).toBe('succeeded');
    const order: { run_id: string }[] = await db.dataSource.query(`SELECT run_id FROM run_tasks WHERE run_id = ANY($1::uuid[]) ORDER BY started_at, id`, [[a.id, b.id]]);
    // Each run's 8 prepare tasks were queued at launch; without fair priorities the worker took all of a's first.
    expect(order.slice(0, 8).map((r) => (r.run_id === a.id ? 'a' : 'b')).join('')).toBe('abababab');
    const means: { model_id: string; fits: number; ms_per_unit: number }[] = await db.dataSource.query(`SELECT model_id, fits, ms_per_unit FROM fit_cost_means ORDER BY model_id`);
    // 2 runs x 2 feature sets x 2 configurations x 3 CV splits of each model
    expect(means.map((m) => [m.model_id, m.fits])).toEqual([
      ['gaussian_nb', 24],
      ['logistic_regression', 24],
    ]);
    expect(means.every((m) => Number(m.ms_per_unit) > 0)).toBe(true);
    await untilNoArtefacts(artefactDir);
  }, 600_000);

  it("releases a cancelled run's artefacts; a resume runs its unfinished work again to the uninterrupted numbers", async () => {
    const spec = smallSpec({ name: 'wdbc-forest', models: [{ id: 'random_forest', grid: { n_estimators: [100], max_depth: [null, 4] } }, { id: 'gaussian_nb', grid: { var_smoothing: [1e-9] } }] });
    const run = await launch(spec);
    await until(
      'a fit batch done',
      async () => (await db.dataSource.query(`SELECT 1 FROM run_tasks WHERE run_id = $1 AND stage = 'fit' AND status = 'done'`, [run.id]))[0],
      300_000,
    );
    expect(artefactFiles(artefactDir).length).toBeGreaterThan(0);
    expect((await api(server.url, 'POST', `/runs/${run.id}/cancel`)).body.status).toBe('cancelled');
    await untilReleased((sql, params) => db.dataSource.query(sql, params), artefactDir, run.id);
    expect((await api(server.url, 'POST', `/runs/${run.id}/resume`)).status).toBeLessThan(300);
    const done = await waitForRun(server.url, run.id, 600_000);
    expect(done.status).toBe('succeeded');
    expect(done.tasksDone).toBe(done.tasksTotal);
    const exported = await api(server.url, 'GET', `/runs/${run.id}/results.json`);
    expect(comparable(exported.body)).toEqual(comparable(await cliResults(spec)));
    await untilNoArtefacts(artefactDir);
  }, 900_000);
});
