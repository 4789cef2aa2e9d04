import { existsSync, openSync, closeSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { Database, openDatabase } from '../../../apps/server/src/database/database';

/** The two back ends every store test runs against. */
export const BACKENDS = ['embedded', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

/** The PostgreSQL 15 of this machine kind (trust auth); RADSWEEP_TEST_PG_URL overrides it. */
export const PG_ADMIN_URL = process.env.RADSWEEP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const TEMPLATE = join(tmpdir(), 'radsweep-pglite-0.5.14-template.tgz');

/**
 * A freshly initialised PGlite data folder, dumped once and shared by every test
 * file of the run (an initdb costs 6-7 s; loading the dump under 1 s). The first
 * file to need it builds it under an exclusive lock file; the others wait.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const lock = `${TEMPLATE}.lock`;
  for (let waited = 0; !existsSync(TEMPLATE); waited += 200) {
    let fd: number | null = null;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      if (waited > 60_000) rmSync(lock, { force: true }); // a builder died: take over
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      const db = await PGlite.create();
      const dump = await db.dumpDataDir('gzip');
      await db.close();
      const partial = `${TEMPLATE}.${process.pid}`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, TEMPLATE);
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
  return new Blob([readFileSync(TEMPLATE)]);
}

/**
 * A store of its own for one test file: an in-memory PGlite from the template, or
 * a new database on the PostgreSQL server (dropped again by `close`).
 */
export async function openTestDatabase(backend: Backend, options: { migrate?: boolean } = {}): Promise<Database> {
  if (backend === 'embedded') {
    return openDatabase({ databaseUrl: null, dataDir: 'memory://' }, { ...options, loadDataDir: await pgliteTemplate() });
  }
  const name = `radsweep_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' }, options);
  return {
    ...db,
    async close() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
