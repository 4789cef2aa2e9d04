import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { spawnWorkerProcess } from './support/worker-process';
import { untilNoArtefacts } from './support/artefacts';
import { api, authorizeAdmin, cliResults, comparable, smallSpec, testConfig, until, upload, waitForRun, wdbcBytes } from './support/api';
import { tempDir } from '../engine/support';

const HEARTBEAT_S = 0.25;
const TASK_LOST_S = 2;


/**
 * Runs as the two-stage task graph (RADSWEEP_TWO_STAGE=1 when launched): prepare tasks per fold, batches
 * of fits, a combine per model; the stored results are the single-task engine's, on both databases.
 */
describe.each(BACKENDS)('two-stage runs on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let datasetId: string;
  const artefactDir = tempDir('radsweep-artefacts-');
  let workers: (ChildProcess & { ready: Promise<void> })[] = [];
  const previous = process.env.RADSWEEP_TWO_STAGE;

  beforeAll(async () => {
    process.env.RADSWEEP_TWO_STAGE = '1';
    db = await openTestDatabase(backend);
    // API only: the tasks go to two worker processes (one thread each) sharing the artefact folder.
    server = await startServer(testConfig({ concurrency: 0, heartbeatSeconds: HEARTBEAT_S, taskLostSeconds: TASK_LOST_S, artefactDir }), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    datasetId = (await upload(server.url, 'wdbc.csv', wdbcBytes())).body.id;
    const spawn = () => {
      const { child, ready } = spawnWorkerProcess(server.database.url, {
        RADSWEEP_POLL_S: '0.5',
        RADSWEEP_MAINTENANCE_S: '1',
        RADSWEEP_HEARTBEAT_S: String(HEARTBEAT_S),
        RADSWEEP_TASK_LOST_S: String(TASK_LOST_S),
        RADSWEEP_ARTEFACT_DIR: artefactDir,
      });
      return Object.assign(child, { ready });
    };
    workers = [spawn(), spawn()];
    for (const w of workers) await w.ready;
  }, 600_000);
  afterAll(async () => {
    if (previous === undefined) delete process.env.RADSWEEP_TWO_STAGE;
    else process.env.RADSWEEP_TWO_STAGE = previous;
    for (const c of workers) if (c.exitCode === null) c.kill('SIGKILL');
    await server?.close();
    await db?.close();
  });

  it('stores the single-task engine\'s results, counts every fit, and removes the run\'s artefacts', async () => {
    const spec = smallSpec({ steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05 } }], sampler: { smote: { k_neighbors: 5 } } });
    const exp = await api(server.url, 'POST', '/experiments', { spec });
    const run = (await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
    const done = await waitForRun(server.url, run.id, 300_000);
    expect(done.status).toBe('succeeded');
    const rows: { stage: string; status: string; fits_done: number; fits_total: number; artefact: string | null }[] = await db.dataSource.query(
      `SELECT stage, status, fits_done, fits_total, artefact FROM run_tasks WHERE run_id = $1`,
      [run.id],
    );
    const count = (stage: string) => rows.filter((r) => r.stage === stage).length;
    // 2 feature sets x (3 CV splits + the refit) prepare tasks, a combine per model and feature set, batches of the 2 x 2 x 2 x 3 CV fits.
    expect([count('prepare'), count('combine'), count('sweep')]).toEqual([8, 4, 0]);
    expect(count('fit')).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'done' && r.artefact && /^[0-9a-f]{64}$/.test(r.artefact))).toBe(true);
    expect(done.tasksDone).toBe(rows.length);
    expect([done.fitsDone, done.fitsTotal]).toEqual([2 * (2 * 2 * 3 + 2), 2 * (2 * 2 * 3 + 2)]);
    await untilNoArtefacts(artefactDir);
    const exported = await api(server.url, 'GET', `/runs/${run.id}/results.json`);
    expect(comparable(exported.body)).toEqual(comparable(await cliResults(spec)));
  }, 600_000);

  // The kill-and-retry path is the queue's (pg-boss on either store): tested on PostgreSQL, the multi-machine set-up.
  if (backend === 'postgres') it('retries only the task of a worker killed mid-batch, and the run ends with the uninterrupted numbers', async () => {
    const spec = smallSpec({ name: 'wdbc-forest', models: [{ id: 'random_forest', grid: { n_estimators: [200], max_depth: [null, 4] } }, { id: 'gaussian_nb', grid: { var_smoothing: [1e-9] } }] });
    const exp = await api(server.url, 'POST', '/experiments', { spec });
    const run = (await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
    const busy = await until(
      'a worker to be mid-batch',
      async () => (await db.dataSource.query(`SELECT id, worker FROM run_tasks WHERE run_id = $1 AND stage = 'fit' AND status = 'running'`, [run.id]))[0],
      300_000,
    );
    const victim = workers.find((w) => busy.worker.endsWith(`:${w.pid}`))!;
    victim.kill('SIGKILL');
    await new Promise((r) => (victim.exitCode === null && victim.signalCode === null ? victim.once('exit', r) : r(null)));
    const done = await waitForRun(server.url, run.id, 600_000);
    expect(done.status).toBe('succeeded');
    const retried: { id: string; stage: string; error: string }[] = await db.dataSource.query(`SELECT id, stage, error FROM run_tasks WHERE run_id = $1 AND attempts >= 2`, [run.id]);
    // The one task the victim held is retried; every other task (done before, or by the rescuer) ran once.
    expect(retried).toHaveLength(1);
    expect(retried[0].error).toMatch(new RegExp(`worker \\S+:${victim.pid} sent no heartbeat`));
    const exported = await api(server.url, 'GET', `/runs/${run.id}/results.json`);
    expect(comparable(exported.body)).toEqual(comparable(await cliResults(spec)));
  }, 900_000);
});
