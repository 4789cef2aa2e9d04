import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases';
import { AccessApp, startAccessApp } from './support/access';
import { buildWorld, CallerName, World } from './support/access-fixture';

/**
 * A project's extractions, locked models and audit log on both stores, with more rows than a page (some
 * created at one instant, microseconds included): pages cut in the database and followed by X-Next-Cursor
 * are disjoint and complete, in the list's order, and hold only the project's rows the caller may read.
 */
describe.each(BACKENDS)("a project's extractions, locked models and audit log paged in SQL on %s", (backend) => {
  let server: AccessApp;
  let world: World;
  let ids: Record<string, string>;
  const AT = '2026-03-04T05:06:07.654321Z';

  /** Every page of a list as `who`, following X-Next-Cursor; each page's ids. */
  const pagesOf = async (who: Exclude<CallerName, 'anonymous'>, path: string, limit: number) => {
    const pages: string[][] = [];
    let after = '';
    for (;;) {
      const res = await world.call(world.who[who], 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(res.status, res.text).toBe(200);
      pages.push(res.body.map((r: { id: string }) => r.id));
      const next = res.headers.get('x-next-cursor');
      if (!next) return pages;
      expect(res.body).toHaveLength(limit); // only a full page has a next one
      after = next;
    }
  };

  /**
   * `n` copies of row `id` of `table` with `column` (the order's time) at `at`, or one second apart going back (every other
   * column as in the row, but those `set` gives as SQL).
   */
  const copies = async (table: string, id: string, n: number, column: string, at: string | null, projectId?: string, set: Record<string, string> = {}) => {
    const cols: { name: string }[] = await server.dataSource.query(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name NOT IN ('id', $2, 'project_id') ORDER BY ordinal_position`,
      [table, column],
    );
    const names = cols.map((c) => `"${c.name}"`).join(', ');
    await server.dataSource.query(
      `INSERT INTO "${table}" ("project_id", "${column}", ${names})
       SELECT coalesce($4::uuid, t."project_id"), coalesce($3::timestamptz, now() - i * interval '1 second'), ${cols.map((c) => set[c.name] ?? `t."${c.name}"`).join(', ')}
         FROM "${table}" t, generate_series(1, $2::int) i WHERE t."id" = $1`,
      [id, n, at, projectId ?? null],
    );
  };

  /** The ids of `table`'s rows of project P matching `where`, newest first (ties by id), straight from the store. */
  const expected = async (table: string, column: string, where = 'true') => {
    const rows: { id: string }[] = await server.dataSource.query(`SELECT "id" FROM "${table}" WHERE "project_id" = $1 AND ${where} ORDER BY "${column}" DESC, "id" DESC`, [ids.P]);
    return rows.map((r) => r.id);
  };

  const expectPaged = async (who: Exclude<CallerName, 'anonymous'>, path: string, want: string[]) => {
    expect(want.length).toBeGreaterThan(20); // more rows than the pages below
    for (const limit of [7, 20]) {
      const pages = await pagesOf(who, path, limit);
      const seen = pages.flat();
      expect(new Set(seen).size, `${who} ${path} limit ${limit}: a row on two pages`).toBe(seen.length);
      expect(seen, `${who} ${path} limit ${limit}`).toEqual(want);
      expect(pages.length).toBe(Math.ceil(want.length / limit));
    }
  };

  beforeAll(async () => {
    server = await startAccessApp(backend);
    world = await buildWorld(server.url, server.dataSource);
    ids = world.ids;
    const db = server.dataSource;
    const [x] = await db.query(
      `INSERT INTO "extractions" ("project_id", "name", "source", "location", "params_text", "params_sha256", "software", "extra_columns", "status", "cases_total")
       VALUES ($1, 'study', 'folder', '/images/study', 'x', 'sha', 'radsweep', '[]', 'succeeded', 3) RETURNING "id"`,
      [ids.P],
    );
    await copies('extractions', x.id, 10, 'created_at', AT);
    await copies('extractions', x.id, 15, 'created_at', null);
    await copies('extractions', x.id, 4, 'created_at', null, ids.Q);
    // locked models: copies of the one of a shared run (a reviewer reads them) and of the one of an unshared run
    await copies('locked_models', ids.LS, 10, 'created_at', AT);
    await copies('locked_models', ids.LS, 12, 'created_at', null);
    await copies('locked_models', ids.LU, 12, 'created_at', null);
    // a survival model's locked versions: copies of the shared one made a survival model's
    const survival = { model_result_id: 'NULL', survival_model_result_id: `'${ids.survS}'::uuid`, endpoint_type: `'survival'` };
    await copies('locked_models', ids.LS, 11, 'created_at', AT, undefined, survival);
    await copies('locked_models', ids.LS, 12, 'created_at', null, undefined, survival);
    // a locked model's external validations
    await copies('external_validations', ids.VS, 12, 'created_at', AT);
    await copies('external_validations', ids.VS, 12, 'created_at', null);
    const [entry] = await db.query(`SELECT "id" FROM "audit_log" WHERE "project_id" = $1 LIMIT 1`, [ids.P]);
    await copies('audit_log', entry.id, 9, 'at', AT);
    await copies('audit_log', entry.id, 20, 'at', null);
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it("extractions: a project's pages are disjoint and complete, newest first, without another project's", async () => {
    await expectPaged('pi', `/extractions?projectId=${ids.P}`, await expected('extractions', 'created_at'));
  });

  it('locked models: pages are disjoint and complete for each caller, holding only those of runs the caller may read', async () => {
    const all = await expected('locked_models', 'created_at');
    await expectPaged('pi', `/projects/${ids.P}/locked-models`, all);
    const [shared] = await server.dataSource.query(`SELECT "run_id" FROM "locked_models" WHERE "id" = $1`, [ids.LS]);
    const ofShared = await expected('locked_models', 'created_at', `"run_id" = '${shared.run_id}'`);
    expect(ofShared.length).toBeLessThan(all.length);
    await expectPaged('reviewer', `/projects/${ids.P}/locked-models`, ofShared);
  });

  it("a model's locked versions (binary and survival) and a locked model's validations: pages disjoint and complete, newest first", async () => {
    await expectPaged('reviewer', `/results/${ids.resS}/locked-models`, await expected('locked_models', 'created_at', `"model_result_id" = '${ids.resS}'`));
    await expectPaged('pi', `/survival/results/${ids.survS}/locked-models`, await expected('locked_models', 'created_at', `"survival_model_result_id" = '${ids.survS}'`));
    await expectPaged('pi', `/locked-models/${ids.LS}/validations`, await expected('external_validations', 'created_at', `"locked_model_id" = '${ids.LS}'`));
    // without a limit: the default page (100 rows) holds them all, with no next page
    const all = await world.call(world.who.pi, 'GET', `/locked-models/${ids.LS}/validations`);
    expect([all.body.length, all.headers.get('x-next-cursor')]).toEqual([25, null]);
    const bad = await world.call(world.who.pi, 'GET', `/survival/results/${ids.survS}/locked-models?after=garbage`);
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringMatching(/^after: /)]);
  });

  it('audit log: pages are disjoint and complete, newest first; bad limits and cursors are 400s naming the parameter', async () => {
    await expectPaged('owner', `/projects/${ids.P}/audit`, await expected('audit_log', 'at'));
    for (const path of [`/projects/${ids.P}/audit?limit=0`, `/projects/${ids.P}/audit?after=garbage`, `/projects/${ids.P}/locked-models?after=garbage`, `/extractions?projectId=${ids.P}&limit=501`]) {
      const res = await world.call(world.who.owner, 'GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.message, path).toMatch(/limit|after/);
    }
  });
});
