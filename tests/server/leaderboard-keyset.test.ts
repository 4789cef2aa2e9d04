import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEADERBOARD_SORTS } from '../../apps/server/src/results/leaderboard-sql';
import { BACKENDS } from './support/databases';
import { AccessApp, startAccessApp } from './support/access';
import { buildWorld, CallerName, World } from './support/access-fixture';

/** A model result as read straight from the store, with what every sort key and the rank order need. */
interface StoredRow {
  id: string;
  run_id: string;
  run_created: string;
  position: number;
  feature_set: string;
  label: string;
  record: { test?: { calibrationSlope?: number } };
  [column: string]: unknown;
}

/** API sort key -> the stored row's value (computed here, apart from the server's SQL). */
const VALUE: Record<string, (r: StoredRow) => number | string | null> = {
  featureSet: (r) => r.feature_set,
  model: (r) => r.label,
  cvAuc: (r) => r.cv_auc_mean as number | null,
  cvAucSd: (r) => r.cv_auc_sd as number | null,
  testAuc: (r) => r.test_auc as number | null,
  testAucLower: (r) => r.test_auc_lower as number | null,
  testAucUpper: (r) => r.test_auc_upper as number | null,
  accuracy: (r) => r.accuracy as number | null,
  recall: (r) => r.recall as number | null,
  specificity: (r) => r.specificity as number | null,
  f1: (r) => r.f1 as number | null,
  brier: (r) => r.brier as number | null,
  calibrationSlope: (r) => r.record?.test?.calibrationSlope ?? null,
  createdAt: (r) => r.run_created,
};
const ASCENDING_BY_DEFAULT = new Set(['brier', 'featureSet', 'model']);

/** a before b? NULLs last in either direction. */
function compareKey(a: number | string | null, b: number | string | null, desc: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = a < b ? -1 : 1;
  return desc ? -c : c;
}

/** The leaderboard's documented order, sorted here: the key, then mean CV AUC (desc), spec position, the run's age, the id. */
function expectedOrder(rows: StoredRow[], sort: string, desc: boolean): string[] {
  return [...rows]
    .sort(
      (a, b) =>
        compareKey(VALUE[sort](a), VALUE[sort](b), desc) ||
        compareKey(a.cv_auc_mean as number | null, b.cv_auc_mean as number | null, true) ||
        a.position - b.position ||
        compareKey(a.run_created, b.run_created, false) ||
        compareKey(a.id, b.id, false),
    )
    .map((r) => r.id);
}

/**
 * Keyset paging of every leaderboard route on both stores: more rows than a page, with many equal sort values
 * and NULLs, walked to the end in pages of several sizes by each role, for every sort key and direction: no
 * row repeated or missing, the order that of a full sort computed here, only rows of runs the caller may read;
 * a malformed, tampered or foreign cursor is a 400 naming `after`.
 */
describe.each(BACKENDS)('leaderboard keyset paging on %s', (backend) => {
  let server: AccessApp;
  let world: World;
  let ids: Record<string, string>;
  let stored: StoredRow[];

  /** Every page of `path` as `who`, following X-Next-Cursor: each page's ids, and the totals the pages reported. */
  const walk = async (who: CallerName, path: string, limit: number) => {
    const pages: string[][] = [];
    const totals = new Set<number>();
    let after = '';
    for (;;) {
      const res = await world.call(world.who[who], 'GET', `${path}&limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(res.status, `${path}: ${res.text}`).toBe(200);
      pages.push(res.body.items.map((r: { id: string }) => r.id));
      totals.add(res.body.total);
      const next = res.headers.get('x-next-cursor');
      if (!next) return { pages, totals };
      expect(res.body.items, 'only a full page has a next one').toHaveLength(limit);
      after = next;
    }
  };

  const expectWalk = async (who: CallerName, path: string, limit: number, want: string[]) => {
    const { pages, totals } = await walk(who, path, limit);
    const seen = pages.flat();
    expect(new Set(seen).size, `${who} ${path} limit ${limit}: a row on two pages`).toBe(seen.length);
    expect(seen, `${who} ${path} limit ${limit}`).toEqual(want);
    expect(pages.length, `${who} ${path} limit ${limit}: pages`).toBe(Math.max(1, Math.ceil(want.length / limit)));
    expect([...totals], `${who} ${path}: total`).toEqual([want.length]);
  };

  const readable = (runIds: string[]) => stored.filter((r) => runIds.includes(r.run_id));

  beforeAll(async () => {
    server = await startAccessApp(backend);
    world = await buildWorld(server.url, server.dataSource);
    ids = world.ids;
    const db = server.dataSource;
    // 45 more rows in each of the two runs, from a few values each (many ties) and NULLs in every nullable key
    const override: Record<string, string> = {
      feature_set: `(ARRAY['alpha', 'beta', 'all'])[i % 3 + 1]`,
      label: `(ARRAY['knn', 'lda', 'Gaussian NB'])[i % 3 + 1]`,
      model: `'model_' || i`, // (feature set result, model) is unique
      position: 'i % 2',
      cv_auc_mean: 'CASE WHEN i % 5 = 0 THEN NULL ELSE 0.5 + (i % 3) / 8.0 END',
      record: `CASE WHEN i % 4 = 0 THEN '{"model": "x"}'::jsonb ELSE jsonb_build_object('model', 'x', 'test', jsonb_build_object('calibrationSlope', (i % 3) * 0.5 - 0.5)) END`,
    };
    const metrics = ['cv_auc_sd', 'test_auc', 'test_auc_lower', 'test_auc_upper', 'accuracy', 'recall', 'specificity', 'f1', 'brier'];
    metrics.forEach((c, k) => (override[c] = `CASE WHEN (i + ${k}) % 6 = 0 THEN NULL ELSE ((i * ${k + 2}) % 4) / 4.0 END`));
    const cols: { name: string }[] = await db.query(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'model_results' AND column_name <> 'id' ORDER BY ordinal_position`,
    );
    for (const id of [ids.resS, ids.resU]) {
      await db.query(
        `INSERT INTO "model_results" (${cols.map((c) => `"${c.name}"`).join(', ')})
         SELECT ${cols.map((c) => override[c.name] ?? `t."${c.name}"`).join(', ')} FROM "model_results" t, generate_series(1, 45) i WHERE t."id" = $1`,
        [id],
      );
    }
    stored = await db.query(
      `SELECT m.*, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS run_created FROM "model_results" m JOIN "runs" r ON r.id = m.run_id WHERE r.experiment_id = $1`,
      [ids.E],
    );
    stored = stored.map((r) => ({ ...r, record: typeof r.record === 'string' ? JSON.parse(r.record) : r.record }));
    expect(stored).toHaveLength(92);
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it('walks every sort key in both directions to the end: each row once, in the full order', async () => {
    const all = readable([ids.runS, ids.runU]);
    const sizes = [7, 13, 50];
    let n = 0;
    for (const sort of Object.keys(LEADERBOARD_SORTS)) {
      for (const order of ['asc', 'desc']) {
        await expectWalk('pi', `/leaderboard?experimentId=${ids.E}&sort=${sort}&order=${order}`, sizes[n++ % sizes.length], expectedOrder(all, sort, order === 'desc'));
      }
    }
  });

  it('pages the per-run and dashboard leaderboards the same way, with each default direction', async () => {
    const ofRun = readable([ids.runU]);
    for (const sort of ['cvAuc', 'brier', 'calibrationSlope', 'model']) {
      const desc = !ASCENDING_BY_DEFAULT.has(sort);
      await expectWalk('pi', `/runs/${ids.runU}/leaderboard?sort=${sort}`, 9, expectedOrder(ofRun, sort, desc));
      await expectWalk('pi', `/dashboard/leaderboard?experimentId=${ids.E}&sort=${sort}`, 11, expectedOrder(readable([ids.runS, ids.runU]), sort, desc));
    }
  });

  it('shows each role only the rows of runs it may read, on every page', async () => {
    const cases: [CallerName, string[]][] = [
      ['admin', [ids.runS, ids.runU]],
      ['owner', [ids.runS, ids.runU]],
      ['reviewer', [ids.runS]],
      ['outsider', []],
    ];
    for (const [who, runs] of cases) {
      for (const route of ['/leaderboard', '/dashboard/leaderboard']) {
        await expectWalk(who, `${route}?sort=testAuc&order=asc`, 8, expectedOrder(readable(runs), 'testAuc', false));
      }
    }
  });

  it('refuses a malformed, tampered or foreign cursor with a 400 naming after, and the gone offset naming offset', async () => {
    const first = await world.call(world.who.pi, 'GET', `/leaderboard?experimentId=${ids.E}&sort=cvAuc&limit=5`);
    const cursor = first.headers.get('x-next-cursor')!;
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    expect(values[0]).toBe('cvAuc desc');
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const bad = [
      'garbage',
      encode([...values.slice(0, -1)]), // a key missing
      encode([values[0], 'not a number', ...values.slice(2)]), // the sort value not a float
      encode([...values.slice(0, -1), 'not-an-id']),
      encode(['cvAuc asc', ...values.slice(1)]), // another order's cursor
    ];
    for (const after of bad) {
      for (const route of ['/leaderboard', '/dashboard/leaderboard']) {
        const res = await world.call(world.who.pi, 'GET', `${route}?experimentId=${ids.E}&sort=cvAuc&limit=5&after=${after}`);
        expect(res.status, `${route} after=${after}`).toBe(400);
        expect(res.body.message).toMatch(/^after: /);
      }
    }
    // a well-formed cursor past the last row: an empty last page that still counts every row
    const end = encode(['cvAuc desc', null, null, '2147483647', '9999-12-31T23:59:59.999999Z', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);
    const past = await world.call(world.who.pi, 'GET', `/leaderboard?experimentId=${ids.E}&sort=cvAuc&limit=5&after=${end}`);
    expect(past.status, past.text).toBe(200);
    expect([past.body.items, past.body.total, past.headers.get('x-next-cursor')]).toEqual([[], 92, null]);
    // the offset pages are gone: a client still sending offset is told so, not served page 1 again
    for (const route of ['/leaderboard', `/runs/${ids.runS}/leaderboard`, '/dashboard/leaderboard']) {
      const res = await world.call(world.who.pi, 'GET', `${route}?offset=50`);
      expect([res.status, res.body.message], route).toEqual([400, expect.stringMatching(/^offset: leaderboards are paged by cursor/)]);
    }
    // the same cursor on another sort is refused, not misread
    const other = await world.call(world.who.pi, 'GET', `/leaderboard?experimentId=${ids.E}&sort=model&limit=5&after=${cursor}`);
    expect(other.status).toBe(400);
  });
});
