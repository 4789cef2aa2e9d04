/**
 * Tracking-server benchmark. Prints:
 *  1. the sweep's wall time through the server (API + queue) with 1 and with 2
 *     standalone worker processes, against the CLI engine in one process for the
 *     same sweep (all with the same total thread budget: --threads per process);
 *  2. leaderboard latency (p50, p99 of 200 requests) over 1,000 stored runs
 *     (copies of the sweep's stored run), across runs and filtered;
 *  3. rows and bytes stored per run (pg_column_size of every row of the run).
 * Run: node -r @swc-node/register benchmarks/server.bench.ts [--quick] [--spec file.yaml] [--threads N]
 *   default spec: examples/seed-protocol.yaml (minutes); --quick: a small WDBC study (seconds).
 *   Embedded PGlite unless DATABASE_URL is set (then that database must be empty or radsweep's).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadExperiment, runExperiment } from '@radsweep/pipeline';
import { DEFAULT_CONFIG } from '../apps/server/src/config/server-config';
import { startServer } from '../apps/server/src/server';

const REPO = resolve(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const threadsArg = args.indexOf('--threads');
const threads = threadsArg >= 0 ? Number(args[threadsArg + 1]) : availableParallelism();
const specArg = args.indexOf('--spec');
const specFile = resolve(specArg >= 0 ? args[specArg + 1] : join(REPO, 'examples/seed-protocol.yaml'));

function studySpec(): { spec: Record<string, any>; dataFile: string } {
  if (quick) {
    return {
      dataFile: join(REPO, 'examples/data/wdbc.csv'),
      spec: {
        name: 'wdbc-quick',
        seed: 7,
        dataset: { path: 'wdbc.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
        featureSets: [{ name: 'mean', include: ['mean_*'] }, { name: 'worst', include: ['worst_*'] }],
        validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 5 } },
        steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05 } }],
        models: [
          { id: 'logistic_regression', grid: { C: [0.1, 1, 10] } },
          { id: 'knn', grid: { n_neighbors: [5, 9] } },
          { id: 'random_forest', grid: { n_estimators: [100] } },
        ],
        metrics: { bootstrap: 1000 },
      },
    };
  }
  const spec = parse(readFileSync(specFile, 'utf8'));
  return { spec, dataFile: resolve(dirname(specFile), spec.dataset.path) };
}

async function http(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}/api${path}`, {
    method,
    ...(body instanceof FormData ? { body } : body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const out: any = await res.json();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${out.message}`);
  return out;
}

function spawnWorker(url: string, threadsEach: number): ChildProcess {
  return spawn(process.execPath, ['-r', join(REPO, 'libs/core/src/swc-cache/register.js'), join(REPO, 'apps/server/src/cli/worker-main.ts'), '--threads', String(threadsEach)], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: url, SWC_NODE_PROJECT: join(REPO, 'tsconfig.json'), RADSWEEP_POLL_S: '0.5' },
    stdio: 'ignore',
  });
}

async function sweepThroughServer(base: string, url: string, experimentId: string, datasetId: string, processes: number): Promise<{ ms: number; runId: string }> {
  const workers = Array.from({ length: processes }, () => spawnWorker(url, Math.max(1, Math.floor(threads / processes))));
  await new Promise((r) => setTimeout(r, 3000)); // let the workers load before the clock starts
  const t0 = performance.now();
  let run = await http(base, 'POST', '/runs', { experimentId, datasetId });
  while (!['succeeded', 'failed', 'cancelled'].includes(run.status)) {
    await new Promise((r) => setTimeout(r, 250));
    run = await http(base, 'GET', `/runs/${run.id}`);
  }
  const ms = performance.now() - t0;
  for (const w of workers) w.kill('SIGTERM');
  if (run.status !== 'succeeded') throw new Error(`run ${run.status}: ${run.error}`);
  return { ms, runId: run.id };
}

/** 1,000 stored runs: copies of one run's rows under new ids, in SQL. */
async function cloneRuns(query: (sql: string, params?: unknown[]) => Promise<any>, runId: string, copies: number): Promise<void> {
  for (let i = 0; i < copies; i++) {
    await query(
      `WITH r AS (INSERT INTO runs (experiment_id, dataset_id, status, seed, test_ids, split, cv, header, software, tasks_total, tasks_done, started_at, finished_at)
         SELECT experiment_id, dataset_id, status, seed, test_ids, split, cv, header, software, tasks_total, tasks_done, started_at, finished_at FROM runs WHERE id = $1 RETURNING id),
       f AS (INSERT INTO feature_set_results (run_id, name, position, features, class_balance, selection, folds, timings)
         SELECT r.id, name, position, features, class_balance, selection, folds, timings FROM feature_set_results, r WHERE run_id = $1 RETURNING id, name, run_id)
       INSERT INTO model_results (run_id, feature_set_result_id, feature_set, model, label, position, best_params, cv_auc_mean, cv_auc_sd, test_auc,
         test_auc_lower, test_auc_upper, accuracy, recall, specificity, f1, brier, record, error)
         SELECT f.run_id, f.id, m.feature_set, m.model, m.label, m.position, m.best_params, m.cv_auc_mean + random() * 0.01, m.cv_auc_sd, m.test_auc - random() * 0.01,
           m.test_auc_lower, m.test_auc_upper, m.accuracy, m.recall, m.specificity, m.f1, m.brier, m.record, m.error
         FROM model_results m JOIN f ON f.name = m.feature_set WHERE m.run_id = $1`,
      [runId],
    );
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function latency(base: string, path: string, n = 200): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await http(base, 'GET', path);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return `p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const { spec, dataFile } = studySpec();
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-bench-'));
  const file = join(dir, 'experiment.yaml');
  writeFileSync(file, stringify({ ...spec, dataset: { ...spec.dataset, path: dataFile } }));
  console.log(`study: ${spec.name} (${quick ? 'quick' : specFile}), thread budget ${threads}`);

  const t0 = performance.now();
  await runExperiment(loadExperiment(file), { workers: threads });
  console.log(`CLI engine, ${threads} thread(s):               ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const server = await startServer({ ...DEFAULT_CONFIG, dataDir: 'memory://', databaseUrl: process.env.DATABASE_URL ?? null, port: 0, concurrency: 0 });
  try {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(dataFile)]), basename(dataFile));
    const ds = await http(server.url, 'POST', '/datasets', form);
    const exp = await http(server.url, 'POST', '/experiments', { spec: { ...spec, dataset: { ...spec.dataset, path: basename(dataFile) } } });
    let runId = '';
    for (const processes of [1, 2]) {
      const r = await sweepThroughServer(server.url, server.database.url, exp.id, ds.id, processes);
      runId = r.runId;
      console.log(`server, ${processes} worker process(es), ${Math.max(1, Math.floor(threads / processes))} thread(s) each: ${(r.ms / 1000).toFixed(1)} s`);
    }

    const q = (sql: string, params?: unknown[]) => server.database.dataSource.query(sql, params);
    const perRun: { t: string; rows: number; bytes: number }[] = await q(
      `SELECT 'runs' AS t, count(*)::int AS rows, sum(pg_column_size(x.*))::int AS bytes FROM runs x WHERE id = $1
       UNION ALL SELECT 'run_tasks', count(*)::int, sum(pg_column_size(x.*))::int FROM run_tasks x WHERE run_id = $1
       UNION ALL SELECT 'feature_set_results', count(*)::int, sum(pg_column_size(x.*))::int FROM feature_set_results x WHERE run_id = $1
       UNION ALL SELECT 'model_results', count(*)::int, sum(pg_column_size(x.*))::int FROM model_results x WHERE run_id = $1
       UNION ALL SELECT 'prediction_sets', count(*)::int, sum(pg_column_size(p.*))::int FROM prediction_sets p JOIN model_results m ON m.id = p.model_result_id WHERE m.run_id = $1`,
      [runId],
    );
    console.log('stored per run (rows, bytes as pg_column_size, before TOAST compression):');
    for (const r of perRun) console.log(`  ${r.t.padEnd(20)} ${String(r.rows).padStart(5)} rows ${String(r.bytes ?? 0).padStart(10)} bytes`);
    console.log(`  ${'total'.padEnd(20)} ${String(perRun.reduce((s, r) => s + r.rows, 0)).padStart(5)} rows ${String(perRun.reduce((s, r) => s + (r.bytes ?? 0), 0)).padStart(10)} bytes`);

    const [{ n }] = await q(`SELECT count(*)::int AS n FROM runs`);
    const t1 = performance.now();
    await cloneRuns(q, runId, 1000 - n);
    const [{ runs, models }] = await q(`SELECT (SELECT count(*)::int FROM runs) AS runs, (SELECT count(*)::int FROM model_results) AS models`);
    console.log(`stored ${runs} runs (${models} model results) in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    await q('ANALYZE');
    console.log(`leaderboard across runs, top 50 by test AUC:       ${await latency(server.url, '/leaderboard?sort=testAuc&limit=50')}`);
    console.log(`leaderboard across runs, one model, page 3, by CV: ${await latency(server.url, `/leaderboard?model=${spec.models[0].id}&sort=cvAuc&limit=50&offset=100`)}`);
    console.log(`leaderboard of one run:                            ${await latency(server.url, `/runs/${runId}/leaderboard?sort=testAuc`)}`);
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
