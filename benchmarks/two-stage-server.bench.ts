/**
 * The seed sweep through the tracking server as the two-stage task graph (the default), with 1 and then
 * 2 standalone worker processes (`radsweep worker --threads 1`, or `--threads N`), on an API-only
 * server. Prints each run's wall time from launch to success, the speed-up, the tasks by stage and their
 * summed busy time, the artefact bytes the run stored at its peak, and whether the stored results equal
 * the single-task path's (`--compare`: one more run with RADSWEEP_TWO_STAGE=0, 1 worker).
 * Run: node -r @swc-node/register benchmarks/two-stage-server.bench.ts [--backend embedded|postgres]
 *   [--feature-set radiomics] [--compare] [--processes 1,2] [--threads 1]
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
  const server = await startServer({ ...DEFAULT_CONFIG, port: 0, concurrency: 0, threads: 1, pollSeconds: 0.5, maintenanceSeconds: 1, artefactDir }, { database: db });
  const headers = { authorization: `Bearer ${await createAdminToken(db.dataSource, 'bench-admin')}` };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as any;
  };
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(readFileSync(dataFile))]), 'seed.csv');
  const dataset = (await (await fetch(`${server.url}/api/datasets`, { method: 'POST', headers, body: form })).json()) as any;
  const experiment = await call('POST', '/experiments', { spec });
  const results: Record<string, unknown> = {};
  const times: Record<string, number> = {};
  process.stdout.write(`seed sweep (${onlySet || 'both feature sets'}) on ${backend}, load average ${loadavg()[0].toFixed(1)} at the start\n`);
  try {
    const modes: [string, boolean, number][] = [
      ...processCounts.map((n) => ['two-stage', true, n] as [string, boolean, number]),
      ...(compare ? [['single-task', false, 1] as [string, boolean, number]] : []),
    ];
    for (const [mode, twoStage, processes] of modes) {
      const workers = Array.from({ length: processes }, () => spawnWorkerProcess(server.database.url, { RADSWEEP_POLL_S: '0.5', RADSWEEP_ARTEFACT_DIR: artefactDir }, threads));
      for (const w of workers) await w.ready;
      process.env.RADSWEEP_TWO_STAGE = twoStage ? '1' : '0';
      const t0 = performance.now();
      let peak = 0;
      let run = await call('POST', '/runs', { experimentId: experiment.id, datasetId: dataset.id });
      while (!['succeeded', 'failed', 'cancelled'].includes(run.status)) {
        await new Promise((r) => setTimeout(r, 250));
        peak = Math.max(peak, dirBytes(artefactDir));
        run = await call('GET', `/runs/${run.id}`);
      }
      const s = (performance.now() - t0) / 1000;
      for (const w of workers) w.child.kill('SIGTERM');
      if (run.status !== 'succeeded') throw new Error(`run ${run.status}: ${run.error}`);
      const key = `${mode} x${processes}`;
      times[key] = s;
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
    }
    const same = (a: string, b: string) => JSON.stringify(results[a]) === JSON.stringify(results[b]);
    if (times['two-stage x1'] && times['two-stage x2']) {
      process.stdout.write(`speed-up of 2 workers over 1 (two-stage): ${(times['two-stage x1'] / times['two-stage x2']).toFixed(2)}x\n`);
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
