/**
 * Live-progress streams benchmark. Prints the latency (p50, p99 of 300
 * sequential requests) of a cheap GET (/api/auth/me with an API token) with no
 * stream open, then with N progress streams open (default 500) on 10 running
 * runs whose progress changes every 200 ms, how many events the streams got,
 * how many database reads the one shared reader made per second, and the runs'
 * state afterwards (streams must never change it).
 * The server runs in this thread; the streams and the timed requests in a
 * worker thread (their own event loop), so client work does not count as server time.
 * Run: node -r @swc-node/register benchmarks/sse-streams.bench.ts [--streams N]
 *   Embedded PGlite in memory unless DATABASE_URL is set.
 */
import { Worker } from 'node:worker_threads';
import { DEFAULT_ACCESS_OPTIONS } from '../apps/server/src/auth/access-options';
import { AuditService } from '../apps/server/src/audit/audit.service';
import { CredentialsService } from '../apps/server/src/auth/credentials.service';
import { DEFAULT_CONFIG } from '../apps/server/src/config/server-config';
import { ProgressHub } from '../apps/server/src/runs/progress-hub';
import { RunEntity } from '../apps/server/src/runs/run.entity';
import { startServer } from '../apps/server/src/server';
import { UsersService } from '../apps/server/src/users/users.service';

const args = process.argv.slice(2);
const streamsArg = args.indexOf('--streams');
const STREAMS = streamsArg >= 0 ? Number(args[streamsArg + 1]) : 500;
const RUNS = 10;
const PROBES = 300;

/** The client side, in a worker thread: `probe` times PROBES GETs; `open` opens the streams and counts their events. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, token, runIds, streams, probes } = workerData;
const headers = { authorization: 'Bearer ' + token };
let events = 0, opened = 0, refused = 0;
const aborts = [];
async function probe() {
  const times = [];
  for (let i = 0; i < probes; i++) {
    const t0 = performance.now();
    const res = await fetch(base + '/api/auth/me', { headers });
    await res.text();
    if (res.status !== 200) throw new Error('GET /api/auth/me: ' + res.status);
    times.push(performance.now() - t0);
  }
  return times;
}
async function openStream(runId) {
  const abort = new AbortController();
  aborts.push(abort);
  const res = await fetch(base + '/api/runs/' + runId + '/events', { headers: { ...headers, accept: 'text/event-stream' }, signal: abort.signal });
  if (res.status !== 200) { refused++; await res.text(); return; }
  opened++;
  (async () => { try { for await (const chunk of res.body) events += (Buffer.from(chunk).toString().match(/event: progress/g) || []).length; } catch {} })();
}
parentPort.on('message', async (msg) => {
  if (msg === 'probe') parentPort.postMessage({ times: await probe() });
  if (msg === 'open') {
    await Promise.all(Array.from({ length: streams }, (_, i) => openStream(runIds[i % runIds.length])));
    parentPort.postMessage({ opened, refused });
  }
  if (msg === 'events') parentPort.postMessage({ events });
  if (msg === 'close') { for (const a of aborts) a.abort(); parentPort.postMessage({ closed: aborts.length }); }
});
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const summary = (times: number[]) => {
  const s = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1)} ms, p99 ${percentile(s, 99).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};

async function main(): Promise<void> {
  const access = { ...DEFAULT_ACCESS_OPTIONS, streams: { ...DEFAULT_ACCESS_OPTIONS.streams, perUser: STREAMS, total: STREAMS } };
  const server = await startServer({ ...DEFAULT_CONFIG, dataDir: 'memory://', databaseUrl: process.env.DATABASE_URL ?? null, port: 0, concurrency: 0 }, { access });
  const ds = server.database.dataSource;
  const admin = await new UsersService(ds, new AuditService(ds), access).create({ id: null, username: 'bench' }, { username: 'bench-admin', admin: true });
  const { token } = await new CredentialsService(ds, access).createToken(admin.id, 'bench');
  const auth = { authorization: `Bearer ${token}` };
  const form = new FormData();
  form.append('file', new Blob(['id,label,x\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 2},${i}`).join('\n') + '\n']), 'tiny.csv');
  const dataset = await (await fetch(`${server.url}/api/datasets`, { method: 'POST', headers: auth, body: form })).json();
  const spec = { name: 'bench', seed: 1, dataset: { path: 'tiny.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 }, featureSets: [{ name: 'all', include: ['x'] }], validation: { split: { type: 'stratified_holdout', testSize: 0.5 }, cv: { type: 'stratified_kfold', folds: 2 } }, models: [{ id: 'gaussian_nb' }] };
  const experiment = await (await fetch(`${server.url}/api/experiments`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ spec }) })).json();
  // Runs "in progress" written straight to the store (no engine): their tasks' fit counts move every 200 ms.
  const runIds: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await ds.manager.save(RunEntity, { experimentId: experiment.id, datasetId: dataset.id, status: 'running', seed: 1, testIds: null, foldAssignment: null, split: { type: 'x', trainIds: [], testIds: [] }, cv: { type: 'x', foldsPerRepeat: 2, repeats: 1, foldOfTrainId: [] }, header: null, software: null, tasksTotal: 1, error: null, startedAt: new Date(), finishedAt: null });
    await ds.query(`INSERT INTO "run_tasks" ("run_id", "feature_set", "position", "status", "fits_total") VALUES ($1, 'all', 0, 'running', 1000000)`, [run.id]);
    runIds.push(run.id);
  }
  const mover = setInterval(() => void ds.query(`UPDATE "run_tasks" SET "fits_done" = "fits_done" + 1 WHERE "run_id" = ANY($1::uuid[])`, [runIds]), 200);

  const worker = new Worker(CLIENT, { eval: true, workerData: { base: server.url, token, runIds, streams: STREAMS, probes: PROBES } });
  const ask = (msg: string) => new Promise<any>((resolve) => (worker.once('message', resolve), worker.postMessage(msg)));
  console.log(`store: ${server.database.embedded ? 'embedded PGlite' : 'PostgreSQL'}; ${RUNS} running runs, progress changing every 200 ms`);
  console.log(`GET /api/auth/me, no stream open:        ${summary((await ask('probe')).times)}`);
  const t0 = performance.now();
  const { opened, refused } = await ask('open');
  console.log(`opened ${opened} progress streams in ${((performance.now() - t0) / 1000).toFixed(1)} s (${refused} refused)`);
  const hub = server.app.get(ProgressHub);
  const ticks0 = hub.stats.ticks;
  const e0 = (await ask('events')).events;
  const t1 = performance.now();
  const withStreams = (await ask('probe')).times;
  const seconds = (performance.now() - t1) / 1000;
  const e1 = (await ask('events')).events;
  console.log(`GET /api/auth/me, ${hub.open} streams open: ${summary(withStreams)}`);
  console.log(`meanwhile: ${(e1 - e0).toLocaleString()} progress events sent in ${seconds.toFixed(1)} s; the shared reader made ${((hub.stats.ticks - ticks0) / seconds).toFixed(1)} progress queries/s (one per tick, for all streams)`);
  clearInterval(mover);
  await ask('close');
  const states = await ds.query(`SELECT "status", count(*)::int AS n FROM "runs" GROUP BY "status"`);
  console.log(`runs afterwards: ${states.map((r: any) => `${r.n} ${r.status}`).join(', ')} (all ${RUNS} were running)`);
  await worker.terminate();
  await server.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
