/**
 * Dataset ingestion (issue 9 item 2). For CSVs of 50 MB and 200 MB (and 1 GB
 * with --gb) on the embedded store and on PostgreSQL (PG_URL, default
 * postgres://postgres@127.0.0.1:5432/test: a fresh database per case), prints
 * the upload's status, wall time (request sent -> response) and the server
 * process's peak RSS (VmHWM), each case on a fresh server process.
 * Run: node -r @swc-node/register benchmarks/ingest.bench.ts [--gb] [--sizes 50,200] [--stores embedded,postgres]
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { call, spawnBenchServer } from './support/bench-server';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sizes = (option('--sizes') ?? (args.includes('--gb') ? '50,200,1024' : '50,200')).split(',').map(Number);
const stores = (option('--stores') ?? 'embedded,postgres').split(',');
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A CSV of about `mb` MiB: id, a 0/1 label and 30 numeric features (seeded, so every run writes the same file). */
async function writeCsv(path: string, mb: number): Promise<void> {
  const out = createWriteStream(path);
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  out.write(`id,label,${Array.from({ length: 30 }, (_, i) => `f${i}`).join(',')}\n`);
  let written = 0;
  for (let row = 0; written < mb * 1048576; row++) {
    const line = `${row},${row % 2},${Array.from({ length: 30 }, () => (next() * 1000).toFixed(3)).join(',')}\n`;
    written += line.length;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-ingest-bench-'));
  try {
    process.stdout.write('store | CSV MiB | status | ingest s | peak RSS MiB (server process) | rows\n');
    for (const mb of sizes) {
      const csv = join(dir, `table-${mb}.csv`);
      await writeCsv(csv, mb);
      for (const store of stores) {
        const db = `radsweep_bench_${randomBytes(4).toString('hex')}`;
        const env: Record<string, string> = { RADSWEEP_UPLOAD_LIMIT_MB: '4096', RADSWEEP_MAX_ROWS: '100000000', RADSWEEP_DATA_DIR: join(dir, `data-${store}-${mb}`) };
        if (store === 'postgres') {
          await admin(`CREATE DATABASE "${db}"`);
          const url = new URL(PG_URL);
          url.pathname = `/${db}`;
          env.DATABASE_URL = url.toString();
        }
        const server = await spawnBenchServer(env);
        try {
          const form = new FormData();
          form.append('file', await openAsBlob(csv), `table-${mb}.csv`);
          form.append('labelColumn', 'label');
          const t = performance.now();
          const res = await call(server, 'POST', '/datasets', form);
          const seconds = (performance.now() - t) / 1000;
          const fileMiB = statSync(csv).size / 1048576;
          process.stdout.write(`${store} | ${fileMiB.toFixed(0)} | ${res.status} | ${seconds.toFixed(1)} | ${server.peakRssMiB().toFixed(0)} | ${res.body.rowCount ?? res.body.message}\n`);
        } finally {
          await server.stop();
          if (store === 'postgres') await admin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
        }
      }
      rmSync(csv, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
