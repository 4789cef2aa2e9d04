import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { REPO, api, cliResults, comparable, smallSpec, testConfig, upload, waitForRun, wdbcBytes } from './support/api';

/** A standalone worker process (what `radsweep worker` runs) on the test's database. */
function spawnWorker(url: string): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', join(REPO, 'apps/server/src/cli/worker-main.ts'), '--concurrency', '1', '--threads', '1'], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: url, SWC_NODE_PROJECT: join(REPO, 'tsconfig.json'), RADSWEEP_POLL_S: '0.5', RADSWEEP_MAINTENANCE_S: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(BACKENDS)('queue workers on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let datasetId: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    // API only: the tasks go to the worker processes below. A task active for 3 s without finishing is retried.
    server = await startServer(testConfig({ concurrency: 0, taskTimeoutSeconds: 3 }), { database: db });
    datasetId = (await upload(server.url, 'wdbc.csv', wdbcBytes())).body.id;
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await server?.close();
    await db?.close();
  });

  it('retries the task of a worker killed mid-task elsewhere, and the run ends with the uninterrupted numbers', async () => {
    const exp = await api(server.url, 'POST', '/experiments', { spec: smallSpec() });
    const victim = spawnWorker(server.database.url);
    children.push(victim);
    const run = (await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
    const task = await until('the worker to start a task', async () => {
      const [row] = await db.dataSource.query(`SELECT id, status FROM run_tasks WHERE run_id = $1 AND worker LIKE $2`, [run.id, `%:${victim.pid}`]);
      return row;
    });
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    const rescuer = spawnWorker(server.database.url);
    children.push(rescuer);
    const done = await waitForRun(server.url, run.id, 90_000);
    expect(done.status).toBe('succeeded');
    const [after] = await db.dataSource.query(`SELECT attempts, status, worker FROM run_tasks WHERE id = $1`, [task.id]);
    expect(after.status).toBe('done');
    expect(after.attempts).toBeGreaterThanOrEqual(2);
    expect(after.worker).toMatch(new RegExp(`:${rescuer.pid}$`));
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM model_results WHERE run_id = $1`, [run.id]);
    expect(n).toBe(4);
    const exported = await api(server.url, 'GET', `/runs/${run.id}/results.json`);
    expect(comparable(exported.body)).toEqual(comparable(await cliResults(smallSpec())));
  });

  it('runs concurrent runs of different experiments to their own exact results', async () => {
    const other = smallSpec({ name: 'wdbc-other', seed: 8 });
    const a = await api(server.url, 'POST', '/experiments', { spec: smallSpec() });
    const b = await api(server.url, 'POST', '/experiments', { spec: other });
    const second = spawnWorker(server.database.url);
    children.push(second);
    const [ra, rb] = await Promise.all([
      api(server.url, 'POST', '/runs', { experimentId: a.body.id, datasetId }),
      api(server.url, 'POST', '/runs', { experimentId: b.body.id, datasetId }),
    ]);
    const [da, dbRun] = await Promise.all([waitForRun(server.url, ra.body.id), waitForRun(server.url, rb.body.id)]);
    expect([da.status, dbRun.status]).toEqual(['succeeded', 'succeeded']);
    const [ea, eb] = await Promise.all([api(server.url, 'GET', `/runs/${ra.body.id}/results.json`), api(server.url, 'GET', `/runs/${rb.body.id}/results.json`)]);
    expect(comparable(ea.body)).toEqual(comparable(await cliResults(smallSpec())));
    expect(comparable(eb.body)).toEqual(comparable(await cliResults(other)));
    expect(comparable(ea.body)).not.toEqual(comparable(eb.body));
  });
});
