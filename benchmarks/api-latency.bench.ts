/**
 * API latency under heavy requests (issue 8 item 2). Prints, for a cheap GET
 * (GET /api/experiments) sent back to back while each heavy request runs:
 * samples, p50, p99 and max in ms, and the heavy request's own status and time.
 * Heavy requests: a ~90 KB deeply nested spec to /experiments/validate, a
 * 1000 x 1000 grid, a launch whose glob `*a*a...*ab` meets long column names, a
 * ~34 MB CSV upload (different bytes each time, so none is a re-upload). The
 * server runs in its own process (embedded PGlite in a temporary data folder, or DATABASE_URL).
 * Run: node -r @swc-node/register benchmarks/api-latency.bench.ts [--repeat N]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BenchServer, call, quantile, spawnBenchServer } from './support/bench-server';

const REPO = resolve(__dirname, '..');
const args = process.argv.slice(2);
const repeat = args.includes('--repeat') ? Number(args[args.indexOf('--repeat') + 1]) : 3;

const wdbc = readFileSync(join(REPO, 'examples/data/wdbc.csv'), 'utf8').trim().split('\n');
const baseSpec = (over: Record<string, unknown> = {}) => ({
  name: 'latency',
  seed: 7,
  dataset: { path: 'x.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
  featureSets: [{ name: 'mean', include: ['mean_*'] }],
  validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
  models: [{ id: 'logistic_regression', grid: { C: [0.1, 1] } }],
  ...over,
});

/** A CSV of wdbc's rows repeated (ids renumbered) to about `bytes`. */
function bigCsv(bytes: number): string {
  const rows: string[] = [wdbc[0]];
  let size = wdbc[0].length;
  for (let i = 0; size < bytes; i++) {
    const row = wdbc[1 + (i % (wdbc.length - 1))].replace(/^[^,]+/, String(i + 1));
    rows.push(row);
    size += row.length + 1;
  }
  return rows.join('\n') + '\n';
}

/** Cheap GETs one after another until `heavy` settles; their latencies (ms). */
async function latenciesDuring(server: BenchServer, heavy: Promise<unknown>): Promise<number[]> {
  let done = false;
  void heavy.finally(() => (done = true));
  const times: number[] = [];
  while (!done) {
    const t = performance.now();
    const res = await call(server, 'GET', '/experiments');
    if (res.status !== 200) throw new Error(`cheap GET answered ${res.status}`);
    times.push(performance.now() - t);
  }
  return times;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-latency-'));
  const server = await spawnBenchServer({ RADSWEEP_DATA_DIR: join(dir, 'data'), RADSWEEP_UPLOAD_LIMIT_MB: '200' });
  let uploads = 0;
  try {
    // The launch scenario's data: 60 columns with 3,000-character names, and its experiment.
    const longNames = Array.from({ length: 60 }, (_, i) => 'a'.repeat(3000) + i);
    const globCsv = ['id,label,' + longNames.join(','), ...Array.from({ length: 40 }, (_, r) => `${r},${r % 2},` + longNames.map((_, c) => (r * c) % 7).join(','))].join('\n') + '\n';
    const form = new FormData();
    form.append('file', new Blob([globCsv]), 'long-names.csv');
    const dataset = await call(server, 'POST', '/datasets', form);
    const experiment = await call(server, 'POST', '/experiments', { spec: baseSpec({ featureSets: [{ name: 'glob', include: ['*a'.repeat(25) + 'b'] }] }) });
    if (dataset.status !== 201 || experiment.status !== 201) throw new Error(`setup failed: ${dataset.status} ${experiment.status}`);

    const depth = 15_000; // {"a":{"a":...}}: ~90 KB of JSON
    const nested = `{"spec":${JSON.stringify(baseSpec()).slice(0, -1)},"extra":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
    const thousand = Array.from({ length: 1000 }, (_, i) => i + 1);
    const grid = { spec: baseSpec({ models: [{ id: 'logistic_regression', grid: { C: thousand, tol: thousand.map((v) => v * 1e-6) } }], limits: { maxConfigurations: 1e9 } }) };
    const csv34 = bigCsv(34 * 1024 * 1024);
    const scenarios: [string, () => Promise<{ status: number }>][] = [
      ['idle (no heavy request)', () => new Promise((r) => setTimeout(() => r({ status: 0 }), 2000))],
      [`nested spec (${Math.round(nested.length / 1024)} KB) -> /experiments/validate`, () => call(server, 'POST', '/experiments/validate', nested)],
      ['1000 x 1000 grid -> /experiments/validate', () => call(server, 'POST', '/experiments/validate', grid)],
      ["glob '*a' x 25 + 'b' vs 60 names of 3,000 chars -> POST /runs", () => call(server, 'POST', '/runs', { experimentId: experiment.body.id, datasetId: dataset.body.id })],
      [`CSV upload (${(csv34.length / 1048576).toFixed(1)} MiB) -> POST /datasets`, () => {
        const f = new FormData();
        f.append('file', new Blob([csv34, `${1e9 + uploads++},0${',1'.repeat(30)}\n`]), 'big.csv');
        f.append('labelColumn', 'label');
        return call(server, 'POST', '/datasets', f);
      }],
    ];
    process.stdout.write(`cheap GET latency while each heavy request runs (${repeat} times in a row), server pid ${server.pid}\n`);
    process.stdout.write('scenario | heavy status | heavy ms (median) | GETs | p50 ms | p99 ms | max ms\n');
    for (const [name, heavy] of scenarios) {
      const statuses = new Set<number>();
      const heavyMs: number[] = [];
      const run = (async () => {
        for (let i = 0; i < repeat; i++) {
          const t = performance.now();
          statuses.add((await heavy()).status);
          heavyMs.push(performance.now() - t);
        }
      })();
      const times = await latenciesDuring(server, run);
      await run;
      const f = (v: number) => v.toFixed(1);
      process.stdout.write(`${name} | ${[...statuses].join(',')} | ${f(quantile(heavyMs, 0.5))} | ${times.length} | ${f(quantile(times, 0.5))} | ${f(quantile(times, 0.99))} | ${f(Math.max(...times))}\n`);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
