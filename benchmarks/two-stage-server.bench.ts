/**
 * The seed sweep through the tracking server as the two-stage task graph (the default), with 1 and then
 * 2 standalone worker processes (`radsweep worker --threads 1`, or `--threads N`), on an API-only
 * server. Prints each run's wall time from launch to success, the speed-up, the tasks by stage and their
 * summed busy time, the artefact bytes the run stored at its peak, and whether the stored results equal
 * the single-task path's (`--compare`: one more run with RADSWEEP_TWO_STAGE=0, 1 worker). Per run also the
 * CPU seconds of the server process (API, embedded database, this benchmark) and of each worker process (and
 * of the PostgreSQL processes), each worker's busy time and gaps, and when each stage ran.
 * Run: node -r @swc-node/register benchmarks/two-stage-server.bench.ts [--backend embedded|postgres]
 *   [--feature-set radiomics] [--compare] [--processes 1,2,1,2] [--threads 1] [--warm] [--cpu-prof DIR]
 *   (default: embedded, both feature sets of examples/seed-protocol.yaml)
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { parse } from 'yaml';
import { DEFAULT_CONFIG } from '../apps/server/src/config/server-config';
import { startServer } from '../apps/server/src/server';
import { Backend, openTestDatabase } from '../tests/server/support/databases';
import { createAdminToken } from '../tests/server/support/access';
import { spawnWorkerProcess } from '../tests/server/support/worker-process';
import { comparable } from '../tests/server/support/api';

const REPO = resolve(__dirname, '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const backend = arg('--backend', 'embedded') as Backend;
const onlySet = arg('--feature-set', '');
const compare = args.includes('--compare');
const processCounts = arg('--processes', '1,2').split(',').map(Number);
const threads = Number(arg('--threads', '1'));
/** `--cpu-prof DIR`: each worker process writes a V8 CPU profile there (its main thread and engine threads). */
const profileDir = arg('--cpu-prof', '');
/** `--warm`: each worker process set runs the sweep once before the measured run (long-lived workers, as `radsweep worker` is). */
const warm = args.includes('--warm');

/** CPU seconds (user + system, every thread) of a process so far, from /proc/<pid>/stat; 0 once it is gone. */
function procCpu(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime (fields 14, 15; clock ticks of 10 ms)
  } catch {
    return 0;
  }
}

/** CPU seconds of every PostgreSQL server process (the real database's backends; 0 on the embedded store). */
function postgresCpu(): number {
  let sum = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') sum += procCpu(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

/** This process's CPU seconds (the API server, its embedded database, and the benchmark's own polling). */
const selfCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface TaskRow {
  stage: string;
  worker: string;
  started: number;
  finished: number;
}

/**
 * Where the run's wall time went, from its tasks' rows (ms since the epoch): per worker its busy time and
 * the gaps between its tasks; the time at which every CV fit was done and what came after it (the tail).
 */
function timeline(tasks: TaskRow[], t0: number, t1: number): string {
  const workers = [...new Set(tasks.map((t) => t.worker))].sort();
  const lines = workers.map((w, i) => {
    const mine = tasks.filter((t) => t.worker === w).sort((a, b) => a.started - b.started);
    const busy = mine.reduce((s, t) => s + t.finished - t.started, 0);
    let gaps = 0;
    for (let k = 1; k < mine.length; k++) gaps += Math.max(0, mine[k].started - mine[k - 1].finished);
    return `    worker ${i + 1}: ${mine.length} tasks, busy ${(busy / 1000).toFixed(1)} s, gaps between tasks ${(gaps / 1000).toFixed(1)} s, first start +${((mine[0].started - t0) / 1000).toFixed(1)} s, last end ${((t1 - mine[mine.length - 1].finished) / 1000).toFixed(1)} s before the end`;
  });
  const lastOf = (stage: string) => Math.max(...tasks.filter((t) => t.stage === stage).map((t) => t.finished));
  const firstOf = (stage: string) => Math.min(...tasks.filter((t) => t.stage === stage).map((t) => t.started));
  const at = (ms: number) => `${((ms - t0) / 1000).toFixed(1)} s`;
  lines.push(
    `    prepare ${at(firstOf('prepare'))}-${at(lastOf('prepare'))}, fit ${at(firstOf('fit'))}-${at(lastOf('fit'))}, combine ${at(firstOf('combine'))}-${at(lastOf('combine'))}, run end ${at(t1)}`,
  );
  return lines.join('\n');
}

function dirBytes(dir: string): number {
  let sum = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) sum += e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return sum;
}

async function main(): Promise<void> {
  const specFile = join(REPO, 'examples/seed-protocol.yaml');
  const spec = parse(readFileSync(specFile, 'utf8'));
  const dataFile = resolve(dirname(specFile), spec.dataset.path);
  if (onlySet) spec.featureSets = spec.featureSets.filter((f: { name: string }) => f.name === onlySet);
  spec.dataset.path = 'seed.csv';
  const artefactDir = mkdtempSync(join(tmpdir(), 'radsweep-bench-artefacts-')); // not tests/engine/support's tempDir: that module loads vitest
  const db = await openTestDatabase(backend);
  const server = await startServer({ ...DEFAULT_CONFIG, port: 0, concurrency: 0, threads: 1, pollSeconds: 0.5, artefactDir }, { database: db });
  const headers = { authorization: `Bearer ${await createAdminToken(db.dataSource, 'bench-admin')}` };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as any;
  };
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(readFileSync(dataFile))]), 'seed.csv');
  const dataset = (await (await fetch(`${server.url}/api/datasets`, { method: 'POST', headers, body: form })).json()) as any;
  const experiment = await call('POST', '/experiments', { spec });
  // The warm-up run (--warm) has another seed: other folds, so the measured run finds nothing of it in the
  // engine threads' fit caches (boosting checkpoints, sort memos, inner SVMs are keyed by the fold's data).
  const warmExperiment = warm ? await call('POST', '/experiments', { spec: { ...spec, name: `${spec.name}-warm-up`, seed: spec.seed + 1 } }) : null;
  const results: Record<string, unknown> = {};
  const times: Record<string, number[]> = {};
  process.stdout.write(`seed sweep (${onlySet || 'both feature sets'}) on ${backend}, load average ${loadavg()[0].toFixed(1)} at the start\n`);
  try {
    const modes: [string, boolean, number][] = [
      ...processCounts.map((n) => ['two-stage', true, n] as [string, boolean, number]),
      ...(compare ? [['single-task', false, 1] as [string, boolean, number]] : []),
    ];
    /** Launches a run and follows it to its end; returns it and the artefact folder's peak size meanwhile. */
    const launch = async (experimentId = experiment.id) => {
      // Every run plans from the committed fit-cost table, not from the means the previous runs recorded (they
      // follow the machine's load): otherwise the runs compared are cut into different batches.
      await db.dataSource.query(`DELETE FROM fit_cost_means`);
      let peak = 0;
      const sample = setInterval(() => (peak = Math.max(peak, dirBytes(artefactDir))), 250);
      try {
        let run = await call('POST', '/runs', { experimentId, datasetId: dataset.id });
        while (!['succeeded', 'failed', 'cancelled'].includes(run.status)) {
          await new Promise((r) => setTimeout(r, 1000));
          run = await call('GET', `/runs/${run.id}`);
        }
        return { run, peak: Math.max(peak, dirBytes(artefactDir)) };
      } finally {
        clearInterval(sample);
      }
    };
    for (const [mode, twoStage, processes] of modes) {
      const workers = Array.from({ length: processes }, () => spawnWorkerProcess(server.database.url, { RADSWEEP_POLL_S: '0.5', RADSWEEP_ARTEFACT_DIR: artefactDir }, threads, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []));
      for (const w of workers) await w.ready;
      process.env.RADSWEEP_TWO_STAGE = twoStage ? '1' : '0';
      if (warmExperiment) await launch(warmExperiment.id); // the same worker processes run another seed first: past their start-up and JIT warm-up
      const cpu0 = { self: selfCpu(), pg: backend === 'postgres' ? postgresCpu() : 0, workers: workers.map((w) => procCpu(w.child.pid!)) };
      const wall0 = Date.now();
      const { run, peak } = await launch();
      // The run's own end (its last task's finished_at), not the next poll's: the benchmark follows the run as
      // `radsweep run --server` does (one GET a second), so its polling costs the server what a client's does.
      const [{ finished }]: { finished: Date }[] = await db.dataSource.query(`SELECT finished_at AS finished FROM runs WHERE id = $1`, [run.id]);
      const wall1 = run.status === 'succeeded' ? new Date(finished).getTime() : Date.now();
      const s = (wall1 - wall0) / 1000;
      const cpu = {
        self: selfCpu() - cpu0.self,
        pg: backend === 'postgres' ? postgresCpu() - cpu0.pg : 0,
        workers: workers.map((w, i) => procCpu(w.child.pid!) - cpu0.workers[i]),
      };
      for (const w of workers) w.child.kill('SIGTERM');
      if (run.status !== 'succeeded') throw new Error(`run ${run.status}: ${run.error}`);
      const key = `${mode} x${processes}`;
      (times[key] ??= []).push(s);
      results[key] = comparable(await call('GET', `/runs/${run.id}/results.json`)); // without timings, run ids, software
      const stages: { stage: string; n: number; busy: number }[] = await db.dataSource.query(
        `SELECT stage, count(*)::int AS n, sum(extract(epoch FROM finished_at - started_at))::float8 AS busy FROM run_tasks WHERE run_id = $1 GROUP BY stage ORDER BY stage`,
        [run.id],
      );
      process.stdout.write(
        `${key} worker process(es), ${threads} thread(s) each: ${s.toFixed(1)} s; tasks ${stages.map((t) => `${t.stage} ${t.n} (${t.busy.toFixed(1)} s busy)`).join(', ')}` +
          (twoStage ? `; artefacts at peak ${(peak / 1048576).toFixed(1)} MB, left after the run ${dirBytes(artefactDir)} bytes` : '') +
          `; load average ${loadavg()[0].toFixed(1)}\n`,
      );
      const workerCpu = cpu.workers.reduce((a, b) => a + b, 0);
      process.stdout.write(
        `  CPU s: server process (API${backend === 'embedded' ? ' + embedded database' : ''} + this benchmark's polling) ${cpu.self.toFixed(1)}` +
          (backend === 'postgres' ? `, PostgreSQL processes ${cpu.pg.toFixed(1)}` : '') +
          `, workers ${cpu.workers.map((c) => c.toFixed(1)).join(' + ')} = ${workerCpu.toFixed(1)}; server share ${((100 * (cpu.self + cpu.pg)) / (cpu.self + cpu.pg + workerCpu)).toFixed(0)} %, ` +
          `all processes ${((cpu.self + cpu.pg + workerCpu) / s).toFixed(2)} cores over the wall time\n`,
      );
      const rows: { stage: string; worker: string; started: Date; finished: Date }[] = await db.dataSource.query(
        `SELECT stage, worker, started_at AS started, finished_at AS finished FROM run_tasks WHERE run_id = $1`,
        [run.id],
      );
      const tasks = rows.map((r) => ({ stage: r.stage, worker: r.worker, started: new Date(r.started).getTime(), finished: new Date(r.finished).getTime() }));
      process.stdout.write(`${timeline(tasks, wall0, wall1)}\n`);
    }
    const same = (a: string, b: string) => JSON.stringify(results[a]) === JSON.stringify(results[b]);
    if (times['two-stage x1'] && times['two-stage x2']) {
      const [one, two] = [times['two-stage x1'], times['two-stage x2']];
      const pairs = one.slice(0, two.length).map((t, i) => `${(t / two[i]).toFixed(2)}x`);
      process.stdout.write(`speed-up of 2 workers over 1 (two-stage): ${pairs.join(', ')} by alternation; fastest of each ${(Math.min(...one) / Math.min(...two)).toFixed(2)}x\n`);
      process.stdout.write(`results: two-stage x1 = x2: ${same('two-stage x1', 'two-stage x2')}\n`);
    }
    if (compare) process.stdout.write(`results: two-stage x${processCounts[0]} = single-task: ${same(`two-stage x${processCounts[0]}`, 'single-task x1')}\n`);
  } finally {
    await server.close();
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
  },
);
