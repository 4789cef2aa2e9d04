import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateCommand } from '../../apps/server/src/cli/migrate';
import { MIGRATIONS } from '../../migrations';
import { resultsCommand } from '../../apps/server/src/cli/results';
import { submitCommand } from '../../apps/server/src/cli/submit';
import { embeddedUrlFile, openDatabase } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { openTestDatabase, pgliteTemplate } from './support/databases';
import { WDBC, api, authorize, authorizeAdmin, cliResults, comparable, smallSpec, testConfig, upload, waitForRun, wdbcBytes } from './support/api';

describe('radsweep migrate', () => {
  it('applies the migrations to DATABASE_URL, reports up to date, and reverts with --down', async () => {
    const db = await openTestDatabase('postgres', { migrate: false });
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
    try {
      await migrateCommand([]);
      await migrateCommand([]);
      const tables = async () => (await db.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'radsweep_migrations'`))[0].n;
      expect(await tables()).toBe(28);
      await migrateCommand(['--down']); // binary feature sets' own steps: a column (empty)
      expect(await tables()).toBe(28);
      await migrateCommand(['--down']); // survival feature sets' own steps: a column (empty)
      expect(await tables()).toBe(28);
      await migrateCommand(['--down']); // fit-cost means: a table
      expect(await tables()).toBe(27);
      await migrateCommand(['--down']); // survival locks, validation seeds and heartbeats: columns (empty)
      expect(await tables()).toBe(27);
      await migrateCommand(['--down']); // password-reset sessions: a column
      expect(await tables()).toBe(27);
      await migrateCommand(['--down']); // two-stage tasks: run_tasks columns
      expect(await tables()).toBe(27);
      await migrateCommand(['--down']); // run curation's table and runs columns (empty)
      expect(await tables()).toBe(26);
      await migrateCommand(['--down']); // locked models' 3 tables (empty)
      expect(await tables()).toBe(23);
      await migrateCommand(['--down']); // radiomics extractions' 2 tables (empty)
      expect(await tables()).toBe(21);
      await migrateCommand(['--down']); // the survival results' 4 tables (empty)
      expect(await tables()).toBe(17);
      await migrateCommand(['--down']); // experiment versions per project: an index only
      expect(await tables()).toBe(17);
      await migrateCommand(['--down']); // dataset_chunks
      expect(await tables()).toBe(16);
      await migrateCommand(['--down']); // then access control's 8 tables
      expect(await tables()).toBe(8);
      for (const _ of MIGRATIONS.slice(0, 2)) await migrateCommand(['--down']); // the oof columns, then the initial schema
      expect(await tables()).toBe(0);
      await expect(migrateCommand(['--sideways'])).rejects.toThrow(/unknown option '--sideways'/);
    } finally {
      process.stdout.write = write;
      process.env.DATABASE_URL = saved;
      await db.close();
    }
    expect(out.join('')).toMatch(/applied InitialSchema1732000000000\nradsweep: applied OofHeartbeatsFolds1732500000000\nradsweep: applied AccessControl1733000000000[\s\S]*up to date[\s\S]*reverted/);
  });
});

describe('embedded server in a data folder', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'radsweep-serve-')), 'data');
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  });

  it('keeps queued runs across a restart and finishes them; `run --server` gives the local results', async () => {
    // First start: API only, so the run stays queued; the folder starts from the initdb template.
    const first = await openDatabase({ databaseUrl: null, dataDir }, { loadDataDir: await pgliteTemplate() });
    const stderr: string[] = [];
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => stderr.push(s) > 0) as typeof process.stderr.write;
    let s1: RunningServer;
    try {
      s1 = await startServer(testConfig({ concurrency: 0, dataDir }), { database: first });
    } finally {
      process.stderr.write = writeErr;
    }
    expect(readFileSync(embeddedUrlFile(dataDir), 'utf8').trim()).toBe(first.url);
    // first start of an empty store: a local admin and a one-time login link that signs the browser in once
    const link = new RegExp(`${s1.url}/api/auth/link\\?token=\\S+`).exec(stderr.join(''))?.[0];
    expect(link, stderr.join('')).toBeTruthy();
    const signIn = await fetch(link!, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('set-cookie')).toMatch(/radsweep_session=/);
    expect((await fetch(link!, { redirect: 'manual' })).status).toBe(401);
    expect((await api(s1.url, 'GET', '/runs')).status).toBe(401);
    const token = await authorizeAdmin(s1.url, first.dataSource);
    const ds = await upload(s1.url, 'wdbc.csv', wdbcBytes());
    const exp = await api(s1.url, 'POST', '/experiments', { spec: smallSpec() });
    const run = await api(s1.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id });
    expect(run.body.status).toBe('queued');
    await s1.close();
    await first.close();
    expect(existsSync(embeddedUrlFile(dataDir))).toBe(false);

    // Restart on the same folder with a worker: the queued run completes.
    const s2 = await startServer(testConfig({ concurrency: 1, dataDir }));
    closers.push(() => s2.close());
    authorize(s2.url, token); // the token is in the store, so it outlives the restart
    expect(await waitForRun(s2.url, run.body.id)).toMatchObject({ status: 'succeeded' });

    // The CLI's remote mode on the same server.
    const dir = mkdtempSync(join(tmpdir(), 'radsweep-submit-'));
    const file = join(dir, 'experiment.yaml');
    writeFileSync(file, stringify({ ...smallSpec(), dataset: { ...smallSpec().dataset, path: WDBC } }));
    const out = join(dir, 'results.json');
    const stdout: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => stdout.push(s) > 0) as typeof process.stdout.write;
    const savedToken = process.env.RADSWEEP_TOKEN;
    try {
      delete process.env.RADSWEEP_TOKEN;
      await expect(submitCommand([file, '--server', s2.url, '--out', out, '--quiet'])).rejects.toThrow(/set RADSWEEP_TOKEN/);
      process.env.RADSWEEP_TOKEN = token;
      expect(await submitCommand([file, '--server', s2.url, '--out', out, '--quiet'])).toBe(0);
    } finally {
      process.stdout.write = write;
      if (savedToken === undefined) delete process.env.RADSWEEP_TOKEN;
      else process.env.RADSWEEP_TOKEN = savedToken;
    }
    expect(stdout.join('')).toMatch(/Logistic regression/i);
    expect(comparable(JSON.parse(readFileSync(out, 'utf8')))).toEqual(comparable(await cliResults(smallSpec())));

    // `radsweep results <run>` fetches the same results file again
    const runId = /^Run (\S+) on /m.exec(stdout.join(''))![1];
    const again = join(dir, 'again.json');
    process.env.RADSWEEP_TOKEN = token;
    const writeErr2 = process.stderr.write.bind(process.stderr);
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await resultsCommand([runId, '--server', s2.url, '--out', again])).toBe(0);
    } finally {
      process.stderr.write = writeErr2;
      if (savedToken === undefined) delete process.env.RADSWEEP_TOKEN;
      else process.env.RADSWEEP_TOKEN = savedToken;
    }
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });
});
