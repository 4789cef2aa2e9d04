import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases';
import { AccessApp, startAccessApp } from './support/access';
import { buildWorld, CallerName, World } from './support/access-fixture';

/** The callers with an account, and the projects whose datasets and experiments each may read (fixture: P's members, the outsider owns Q). */
const READS: Record<Exclude<CallerName, 'anonymous'>, 'P' | 'Q' | 'none' | 'all'> = { owner: 'P', ds: 'P', pi: 'P', reviewer: 'none', outsider: 'Q', admin: 'all' };

/**
 * The datasets and experiments lists on both stores, for every role, with more
 * rows than a page: the read scope is a predicate of the list's query and pages
 * are cut in the database, so following X-Next-Cursor gives every readable row
 * once, in order, and never a row of a project the caller is not in.
 */
describe.each(BACKENDS)('datasets and experiments lists paged in SQL on %s', (backend) => {
  let server: AccessApp;
  let world: World;
  let ids: Record<string, string>;
  /** Every page of a list as `who`, following X-Next-Cursor; each page's ids. */
  const pagesOf = async (who: Exclude<CallerName, 'anonymous'>, path: string, limit: number) => {
    const pages: string[][] = [];
    const projects = new Set<string | null>();
    let after = '';
    for (;;) {
      const res = await world.call(world.who[who], 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.length).toBeLessThanOrEqual(limit);
      pages.push(res.body.map((r: { id: string }) => r.id));
      for (const r of res.body as { projectId: string | null }[]) projects.add(r.projectId);
      const next = res.headers.get('x-next-cursor');
      if (!next) return { pages, projects };
      expect(res.body).toHaveLength(limit); // only a full page has a next one
      after = next;
    }
  };

  beforeAll(async () => {
    server = await startAccessApp(backend);
    world = await buildWorld(server.url, server.dataSource);
    ids = world.ids;
    const db = server.dataSource;
    // 32 more datasets in P (12 of them at one instant, microseconds included), 9 in Q, 3 outside any project: copies of D's row
    const copies = async (projectId: string | null, n: number, at: string | null) =>
      db.query(
        `INSERT INTO "datasets" ("project_id", "name", "file_name", "format", "source_sha256", "arrow_sha256", "source_bytes", "arrow_bytes", "row_count", "columns", "label_column", "class_balance", "created_at")
         SELECT $1::uuid, d."name" || '-' || i, d."file_name", d."format", d."source_sha256", d."arrow_sha256", d."source_bytes", d."arrow_bytes", d."row_count", d."columns", d."label_column", d."class_balance",
                coalesce($3::timestamptz, now() - i * interval '1 second')
           FROM "datasets" d, generate_series(1, $2::int) i WHERE d."id" = $4`,
        [projectId, n, at, ids.D],
      );
    await copies(ids.P, 12, '2026-03-04T05:06:07.654321Z');
    await copies(ids.P, 20, null);
    await copies(ids.Q, 9, null);
    await copies(null, 3, null);
    // experiments: 5 names x 6 versions in P, the same names again in Q (equal name and version in two projects: the id orders them), 2 outside any project
    const experiments = async (projectId: string | null, names: number, versions: number) =>
      db.query(
        `INSERT INTO "experiments" ("project_id", "name", "version", "description", "spec")
         SELECT $1::uuid, 'study-' || n, v, NULL, e."spec" FROM "experiments" e, generate_series(1, $2::int) n, generate_series(1, $3::int) v WHERE e."id" = $4`,
        [projectId, names, versions, ids.E],
      );
    await experiments(ids.P, 5, 6);
    await experiments(ids.Q, 3, 2);
    await experiments(null, 1, 2);
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  /** The rows of `table` a caller may read, in the list's order, straight from the store (by the fixture's memberships, not by the server's scope). */
  const expected = async (table: 'datasets' | 'experiments', reads: (typeof READS)[keyof typeof READS], filterProject?: string) => {
    const order = table === 'datasets' ? `"created_at" DESC, "id" DESC` : `"name" ASC, "version" DESC, "id" ASC`;
    const where = reads === 'all' ? 'true' : reads === 'none' ? 'false' : `"project_id" = '${ids[reads]}'`;
    const rows: { id: string }[] = await server.dataSource.query(`SELECT "id" FROM "${table}" WHERE ${where} ${filterProject ? `AND "project_id" = '${filterProject}'` : ''} ORDER BY ${order}`);
    return rows.map((r) => r.id);
  };

  for (const table of ['datasets', 'experiments'] as const) {
    it(`${table}: every role's pages are disjoint and complete, in order, and hold only rows of the caller's projects`, async () => {
      const total: number = (await server.dataSource.query(`SELECT count(*)::int AS n FROM "${table}"`))[0].n;
      expect(total).toBeGreaterThan(30); // more rows than the pages below
      for (const [who, reads] of Object.entries(READS) as [keyof typeof READS, (typeof READS)[keyof typeof READS]][]) {
        const want = await expected(table, reads);
        if (reads === 'P' || reads === 'all') expect(want.length, who).toBeGreaterThan(30);
        for (const limit of [1, 7, 30]) {
          if (limit === 1 && want.length > 20) continue; // single-row pages: only the short lists (keeps the test quick)
          const { pages, projects } = await pagesOf(who, `/${table}`, limit);
          const seen = pages.flat();
          expect(new Set(seen).size, `${who} ${table} limit ${limit}: a row on two pages`).toBe(seen.length);
          expect(seen, `${who} ${table} limit ${limit}`).toEqual(want);
          expect(pages.length, `${who} ${table} limit ${limit}`).toBe(Math.max(1, Math.ceil(want.length / limit))); // the last page knows it is the last
          if (reads === 'P') expect([...projects]).toEqual([ids.P]);
          if (reads === 'Q') expect([...projects]).toEqual([ids.Q]);
        }
      }
    });

    it(`${table}: a project filter narrows within the caller's scope; another project's filter shows nothing`, async () => {
      expect((await pagesOf('pi', `/${table}?projectId=${ids.P}`, 7)).pages.flat()).toEqual(await expected(table, 'P'));
      expect((await pagesOf('pi', `/${table}?projectId=${ids.Q}`, 7)).pages.flat()).toEqual([]);
      expect((await pagesOf('outsider', `/${table}?projectId=${ids.P}`, 7)).pages.flat()).toEqual([]);
      expect((await pagesOf('admin', `/${table}?projectId=${ids.Q}`, 4)).pages.flat()).toEqual(await expected(table, 'all', ids.Q));
    });
  }

  it('experiments: the name filter pages too; bad limits and cursors are 400s naming the parameter', async () => {
    const named = (await pagesOf('ds', '/experiments?name=study-2', 4)).pages.flat();
    const want: { id: string }[] = await server.dataSource.query(`SELECT "id" FROM "experiments" WHERE "project_id" = $1 AND "name" = 'study-2' ORDER BY "version" DESC`, [ids.P]);
    expect(named).toEqual(want.map((r) => r.id));
    for (const path of ['/datasets?limit=0', '/datasets?limit=501', '/experiments?limit=2.5', '/datasets?projectId=nope']) {
      expect((await world.call(world.who.pi, 'GET', path)).status, path).toBe(400);
    }
    for (const table of ['datasets', 'experiments']) {
      const bad = await world.call(world.who.pi, 'GET', `/${table}?after=garbage`);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/after.*not a cursor of this list/);
    }
    // a cursor of one list is not one of the other (different keys)
    const datasetsCursor = (await world.call(world.who.admin, 'GET', '/datasets?limit=1')).headers.get('x-next-cursor')!;
    expect((await world.call(world.who.admin, 'GET', `/experiments?after=${datasetsCursor}`)).status).toBe(400);
  });

  it('a created dataset, experiment and run are stored in the named project by their service; the interceptor only audits', async () => {
    const form = new FormData();
    form.append('file', new Blob(['id,label,x\n1,0,0.1\n2,1,0.9\n3,0,0.2\n4,1,0.8\n']), 'fresh.csv');
    const ds = await world.call(world.who.ds, 'POST', `/datasets?projectId=${ids.P}`, form);
    expect(ds.status, ds.text).toBe(201);
    expect(ds.body.projectId).toBe(ids.P);
    const exp = await world.call(world.who.ds, 'POST', `/experiments?projectId=${ids.P}`, { spec: { ...(await world.call(world.who.ds, 'GET', `/experiments/${ids.E}`)).body.spec, name: 'fresh' } });
    expect(exp.status, exp.text).toBe(201);
    expect(exp.body.projectId).toBe(ids.P);
    const run = await world.call(world.who.ds, 'POST', '/runs', { experimentId: ids.E, datasetId: ids.D });
    expect(run.status, run.text).toBe(201);
    expect(run.body.projectId).toBe(ids.P);
    for (const [table, id] of [['datasets', ds.body.id], ['experiments', exp.body.id], ['runs', run.body.id]]) {
      const [row] = await server.dataSource.query(`SELECT "project_id" FROM "${table}" WHERE "id" = $1`, [id]);
      expect(row.project_id, table).toBe(ids.P);
    }
    // the audit entries stay with the interceptor
    const audit: { entity: string }[] = await server.dataSource.query(`SELECT "entity" FROM "audit_log" WHERE "entity_id"::text = ANY($1::text[]) ORDER BY "entity"`, [[ds.body.id, exp.body.id, run.body.id]]);
    expect(audit.map((a) => a.entity)).toEqual(['dataset', 'experiment', 'run']);
  });
});
