import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Pool } from 'pg';
import { Database } from '../../apps/server/src/database/database';
import { openTestDatabase } from './support/databases';

describe('embedded database over the socket', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('embedded');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps concurrent parameterised queries and transactions of different pools apart', async () => {
    // Unpatched pglite-socket 0.2.17 fails this ("unnamed prepared statement does not exist", "portal \"\" does not exist").
    const pools = [new Pool({ connectionString: db.url, max: 5 }), new Pool({ connectionString: db.url, max: 5 })];
    const errors: string[] = [];
    for (const p of pools) p.on('error', (e) => errors.push(e.message));
    try {
      await pools[0].query('CREATE TABLE t (id int, v text)');
      const ok = await Promise.all(
        Array.from({ length: 600 }, async (_, i) => {
          const k = i % 3;
          if (k === 0) return (await pools[0].query('SELECT $1::int AS v', [i])).rows[0].v === i;
          if (k === 1) return (await pools[1].query('SELECT $1::int + $2::int AS v', [i, 1])).rows[0].v === i + 1;
          const c = await pools[1].connect();
          try {
            await c.query('BEGIN');
            await c.query('INSERT INTO t VALUES ($1, $2)', [i, 'x']);
            await c.query('COMMIT');
          } finally {
            c.release();
          }
          return true;
        }),
      );
      expect(ok.filter((x) => !x)).toHaveLength(0);
      expect((await pools[0].query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(200);
      expect(errors).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('isolates a transaction from another connection until it commits or rolls back', async () => {
    const a = new Client({ connectionString: db.url });
    const b = new Client({ connectionString: db.url });
    await a.connect();
    await b.connect();
    try {
      await a.query('CREATE TABLE iso (v int)');
      await a.query('BEGIN');
      await a.query('INSERT INTO iso VALUES (1)');
      const seen = b.query('SELECT count(*)::int AS n FROM iso'); // waits for a's transaction
      await a.query('ROLLBACK');
      expect((await seen).rows[0].n).toBe(0);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
