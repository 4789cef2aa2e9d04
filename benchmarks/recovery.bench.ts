/**
 * Recovery of a killed worker's task under CPU load. For each store (embedded
 * PGlite, PostgreSQL): an API-only server (its lost-task sweep runs in this
 * process) and two standalone worker processes, both started and waiting; a
 * one-task run starts on one of them; once it has done a fit, that worker is
 * killed with SIGKILL while `--hogs` busy-loop processes keep every core busy.
 * Prints, per repetition, the seconds from the kill until the task is declared
 * lost (back to queued) and until the other worker has picked it up, with the
 * heartbeat and lost-task settings used. With `--rescuer after-kill` the other
 * worker is only started after the kill (as tests/server/workers.test.ts does),
 * so the pick-up includes a worker process's start-up under that load.
 * Run: node -r @swc-node/register benchmarks/recovery.bench.ts [--backend embedded|postgres|both] [--hogs N] [--repeat N]
 *   [--heartbeat S] [--lost S] [--rescuer ready|after-kill]
 *   (defaults: both, 2 x cores, 3, 0.25, 2 — the settings of tests/server/workers.test.ts —, ready)
 *   PostgreSQL: a fresh database on RADSWEEP_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), dropped after.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG } from '../apps/server/src/config/server-config';
import { startServer } from '../apps/server/src/server';
import { Backend, openTestDatabase } from '../tests/server/support/databases';
import { createAdminToken } from '../tests/server/support/access';
import { spawnWorkerProcess } from '../tests/server/support/worker-process';
import { median } from './support/median';

const REPO = resolve(__dirname, '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const backends: Backend[] = arg('--backend', 'both') === 'both' ? ['embedded', 'postgres'] : [arg('--backend', 'both') as Backend];
const hogs = Number(arg('--hogs', String(2 * availableParallelism())));
const repeat = Number(arg('--repeat', '3'));
const heartbeatS = Number(arg('--heartbeat', '0.25'));
const lostS = Number(arg('--lost', '2'));
const rescuerReady = arg('--rescuer', 'ready') === 'ready';

/** One task (one feature set) of slow enough fits (forests) to be killed mid-task. */
const SPEC = {
  name: 'recovery-bench',
  seed: 7,
  dataset: { path: 'wdbc.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
  featureSets: [{ name: 'mean', include: ['mean_*'] }],
  validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
  steps: [{ median_imputer: {} }, { standard_scaler: {} }],
  models: [{ id: 'random_forest', grid: { n_estimators: [300, 500], max_depth: [null, 8, 4] } }],
  metrics: { threshold: 0.5, bootstrap: 100, calibrationBins: 5 },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const spawnWorker = (url: string) => spawnWorkerProcess(url, { RADSWEEP_POLL_S: '0.5', RADSWEEP_HEARTBEAT_S: String(heartbeatS), RADSWEEP_TASK_LOST_S: String(lostS) });

async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 600_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function measure(backend: Backend): Promise<{ lost: number[]; picked: number[] }> {
  const db = await openTestDatabase(backend);
  const server = await startServer(
    { ...DEFAULT_CONFIG, port: 0, concurrency: 0, threads: 1, pollSeconds: 0.5, maintenanceSeconds: 1, heartbeatSeconds: heartbeatS, taskLostSeconds: lostS },
    { database: db },
  );
  const headers = { authorization: `Bearer ${await createAdminToken(db.dataSource, 'bench-admin')}` };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as any;
  };
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(require('node:fs').readFileSync(join(REPO, 'examples/data/wdbc.csv')))]), 'wdbc.csv');
  const dataset = (await (await fetch(`${server.url}/api/datasets`, { method: 'POST', headers, body: form })).json()) as any;
  const experiment = await call('POST', '/experiments', { spec: SPEC });
  const row = async (sql: string, values: unknown[]) => (await db.dataSource.query(sql, values))[0];
  const lost: number[] = [];
  const picked: number[] = [];
  const children: ChildProcess[] = [];
  try {
    for (let r = 0; r < repeat; r++) {
      const first = spawnWorker(server.database.url);
      await first.ready;
      const second = rescuerReady ? spawnWorker(server.database.url) : null;
      await second?.ready;
      children.push(first.child, ...(second ? [second.child] : []));
      const run = await call('POST', '/runs', { experimentId: experiment.id, datasetId: dataset.id });
      const task = await until(() => row(`SELECT id, worker, attempts FROM run_tasks WHERE run_id = $1 AND status = 'running' AND fits_done > 0`, [run.id]), 'a fit to finish');
      const killed = [first.child, second?.child].find((w) => w && task.worker.endsWith(`:${w.pid}`))!;
      const hogProcs = Array.from({ length: hogs }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
      children.push(...hogProcs);
      await sleep(2000); // the load is on
      killed.kill('SIGKILL');
      const killedAt = Date.now();
      // Started after the kill: its start-up runs while the task is being declared lost.
      const started = second ? null : spawnWorker(server.database.url);
      if (started) {
        children.push(started.child);
        void started.ready.then(() => process.stdout.write(`  (the other worker was up ${((Date.now() - killedAt) / 1000).toFixed(2)} s after the kill)\n`));
      }
      const other = [first.child, second?.child, started?.child].find((w) => w && w !== killed)!;
      let lostAt: number | null = null;
      await until(async () => {
        const t = await row(`SELECT status, worker, attempts FROM run_tasks WHERE id = $1`, [task.id]);
        if (lostAt === null && t.attempts === task.attempts && t.status === 'queued') lostAt = Date.now();
        return t.attempts > task.attempts && t.worker.endsWith(`:${other.pid}`) ? t : undefined;
      }, 'the other worker to pick the task up');
      const pickedAt = Date.now();
      lost.push(((lostAt ?? pickedAt) - killedAt) / 1000);
      picked.push((pickedAt - killedAt) / 1000);
      process.stdout.write(`  ${backend} #${r + 1}: lost after ${lost[r].toFixed(2)} s, picked up after ${picked[r].toFixed(2)} s\n`);
      for (const h of hogProcs) h.kill('SIGKILL');
      await call('POST', `/runs/${run.id}/cancel`);
      other.kill('SIGTERM');
      await new Promise((r) => (other.exitCode === null ? other.once('exit', r) : r(null)));
    }
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await server.close();
    await db.close();
  }
  return { lost, picked };
}

async function main(): Promise<void> {
  process.stdout.write(
    `recovery of a SIGKILLed worker's task: heartbeat ${heartbeatS} s, lost after ${lostS} s, ${hogs} CPU hogs on ${availableParallelism()} cores, ` +
      `${repeat} repetitions, the other worker ${rescuerReady ? 'already waiting' : 'started after the kill'}\n`,
  );
  for (const backend of backends) {
    const { lost, picked } = await measure(backend);
    process.stdout.write(`${backend}: lost after median ${median(lost).toFixed(2)} s (max ${Math.max(...lost).toFixed(2)}), picked up after median ${median(picked).toFixed(2)} s (max ${Math.max(...picked).toFixed(2)})\n`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
  },
);
