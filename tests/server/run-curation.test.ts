import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunCuration, RunListItem } from '@radsweep/api-contract';
import { BACKENDS } from './support/databases';
import { AccessApp, startAccessApp } from './support/access';
import { buildWorld, storedRun, World } from './support/access-fixture';

/** Run curation on both stores: each change with its audit entry, the edge's 422s, delete in one transaction, the runs list's SQL paging and filters. */
describe.each(BACKENDS)('run curation on %s', (backend) => {
  let server: AccessApp;
  let world: World;
  let ids: Record<string, string>;
  const auditOf = async (runId: string) =>
    (await server.dataSource.query(`SELECT "action", "actor_name", "details", "project_id" FROM "audit_log" WHERE "entity" = 'run' AND "entity_id" = $1 ORDER BY "at", "id"`, [runId])) as {
      action: string;
      actor_name: string;
      details: Record<string, unknown> | null;
      project_id: string | null;
    }[];
  /** Every page of GET /runs as `who`, following X-Next-Cursor. */
  const allPages = async (who: keyof World['who'], query: string, limit: number) => {
    const seen: RunListItem[] = [];
    let pages = 0;
    let after = '';
    for (;;) {
      const res = await world.call(world.who[who], 'GET', `/runs?limit=${limit}${query}${after ? `&after=${after}` : ''}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.length).toBeLessThanOrEqual(limit);
      seen.push(...res.body);
      pages++;
      const next = res.headers.get('x-next-cursor');
      if (!next) return { seen, pages };
      after = next;
    }
  };

  beforeAll(async () => {
    server = await startAccessApp(backend);
    world = await buildWorld(server.url, server.dataSource);
    ids = world.ids;
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it('renames, writes notes, tags, archives and restores, each with its audit entry; a PI reads it all and changes nothing', async () => {
    const run = ids.runU;
    const rename = await world.call(world.who.ds, 'PATCH', `/runs/${run}`, { name: 'LASSO baseline' });
    expect(rename.status, rename.text).toBe(200);
    expect((rename.body as RunCuration).name).toBe('LASSO baseline');
    expect((rename.body as RunCuration).allowed).toEqual(['curate', 'control']);
    const notes = '# Why\nBaseline with **LASSO**.\n\n<script>alert(1)</script>';
    expect((await world.call(world.who.owner, 'PATCH', `/runs/${run}`, { notes })).body.allowed).toEqual(['curate', 'delete', 'control']);
    expect((await world.call(world.who.ds, 'PUT', `/runs/${run}/tags/baseline`)).body.tags).toEqual(['baseline']);
    expect((await world.call(world.who.ds, 'PUT', `/runs/${run}/tags/lung:v2`)).body.tags).toEqual(['baseline', 'lung:v2']);
    expect((await world.call(world.who.ds, 'PUT', `/runs/${run}/tags/baseline`)).body.tags).toEqual(['baseline', 'lung:v2']); // no duplicate, not logged again
    expect((await world.call(world.who.ds, 'DELETE', `/runs/${run}/tags/lung:v2`)).body.tags).toEqual(['baseline']);
    expect((await world.call(world.who.ds, 'DELETE', `/runs/${run}/tags/never`)).status).toBe(404);
    const archived = await world.call(world.who.ds, 'POST', `/runs/${run}/archive`);
    expect(archived.status).toBe(200);
    expect(Date.parse(archived.body.archivedAt)).toBeGreaterThan(0);
    expect((await world.call(world.who.ds, 'POST', `/runs/${run}/archive`)).status).toBe(409);
    expect((await world.call(world.who.ds, 'POST', `/runs/${run}/restore`)).body.archivedAt).toBeNull();

    const read = await world.call(world.who.pi, 'GET', `/runs/${run}/curation`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: run, name: 'LASSO baseline', notes, tags: ['baseline'], archivedAt: null, finalModels: [], allowed: [] });
    expect((await world.call(world.who.pi, 'PATCH', `/runs/${run}`, { name: 'x' })).status).toBe(403);
    expect((await world.call(world.who.pi, 'PUT', `/runs/${run}/tags/x`)).status).toBe(403);

    const audit = await auditOf(run);
    expect(audit.map((a) => [a.action, a.actor_name, a.details])).toEqual([
      ['renamed', 'ds', { from: null, to: 'LASSO baseline' }],
      ['notes edited', 'owner', { characters: notes.length }],
      ['tagged', 'ds', { tag: 'baseline' }],
      ['tagged', 'ds', { tag: 'lung:v2' }],
      ['untagged', 'ds', { tag: 'lung:v2' }],
      ['archived', 'ds', null],
      ['restored', 'ds', null],
    ]);
    expect(new Set(audit.map((a) => a.project_id))).toEqual(new Set([ids.P]));
    // the owner reads the same entries through the API
    const log = await world.call(world.who.owner, 'GET', `/projects/${ids.P}/audit`);
    expect(log.body.filter((e: { entityId: string }) => e.entityId === run).map((e: { action: string }) => e.action).sort()).toEqual(audit.map((a) => a.action).sort());
    // clearing the name
    expect((await world.call(world.who.ds, 'PATCH', `/runs/${run}`, { name: '' })).body.name).toBeNull();
  });

  it('refuses bad names, tags, notes and model ids with a 422 that says what is wrong, and stores nothing', async () => {
    const run = ids.runS;
    const before = await auditOf(run);
    const cases: [string, string, unknown, RegExp][] = [
      ['PATCH', `/runs/${run}`, { name: 'n'.repeat(121) }, /name is 121 characters, above the limit of 120/],
      ['PATCH', `/runs/${run}`, { name: 'two\nlines' }, /control characters/],
      ['PATCH', `/runs/${run}`, { name: ' padded' }, /spaces/],
      ['PATCH', `/runs/${run}`, { name: 42 }, /name must be text/],
      ['PATCH', `/runs/${run}`, { notes: 'x'.repeat(20_001) }, /notes are 20001 characters, above the limit of 20000/],
      ['PATCH', `/runs/${run}`, {}, /send 'name' and\/or 'notes'/],
      ['PUT', `/runs/${run}/tags/${encodeURIComponent('has space')}`, undefined, /tag 'has space' may hold only letters, digits/],
      ['PUT', `/runs/${run}/tags/${'t'.repeat(41)}`, undefined, /a tag has 1 to 40 characters, got 41/],
      ['PUT', `/runs/${run}/tags/${encodeURIComponent('<b>')}`, undefined, /may hold only/],
      ['PUT', `/runs/${run}/final-model`, { modelId: ids.resU }, /is not a model of run/],
      ['PUT', `/runs/${run}/final-model`, { modelId: 'nope' }, /modelId must be the id/],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await world.call(world.who.ds, method, path, body);
      expect(`${method} ${path.slice(0, 60)}: ${res.status}`).toBe(`${method} ${path.slice(0, 60)}: 422`);
      expect(res.body.message).toMatch(message);
    }
    for (let i = 0; i < 20; i++) expect((await world.call(world.who.ds, 'PUT', `/runs/${run}/tags/t${i}`)).status).toBe(200);
    const over = await world.call(world.who.ds, 'PUT', `/runs/${run}/tags/t20`);
    expect(over.status).toBe(422);
    expect(over.body.message).toMatch(/at most 20 tags/);
    const after = await world.call(world.who.ds, 'GET', `/runs/${run}/curation`);
    expect(after.body.tags).toHaveLength(20);
    expect(after.body.name).toBeNull();
    expect((await auditOf(run)).length).toBe(before.length + 20); // the 20 tags; no entry for a refused change
    for (let i = 0; i < 20; i++) await world.call(world.who.ds, 'DELETE', `/runs/${run}/tags/t${i}`);
  });

  it('marks one final model per endpoint (a mark: the leaderboard still chooses by CV) and unmarks it', async () => {
    const { runId, resultId } = await storedRun(server.dataSource, ids.P, ids.E, ids.D);
    // a second model in the same run, better by CV: it stays the leaderboard's choice whatever is marked
    const [second] = await server.dataSource.query(
      `INSERT INTO "model_results" ("run_id", "feature_set_result_id", "feature_set", "model", "label", "position", "best_params", "cv_auc_mean", "cv_auc_sd", "record")
       SELECT "run_id", "feature_set_result_id", "feature_set", 'knn', 'k-NN', 1, '{}', 0.9, 0.05, '{"model":"knn"}' FROM "model_results" WHERE "id" = $1 RETURNING "id"`,
      [resultId],
    );
    const marked = await world.call(world.who.ds, 'PUT', `/runs/${runId}/final-model`, { modelId: resultId });
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body.finalModels).toMatchObject([{ endpoint: 'label', modelId: resultId, survival: false, featureSet: 'all', model: 'gaussian_nb', markedBy: 'ds' }]);
    const again = await world.call(world.who.owner, 'PUT', `/runs/${runId}/final-model`, { modelId: second.id });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already has a final model/);
    const board = await world.call(world.who.ds, 'GET', `/runs/${runId}/leaderboard`);
    expect(board.body.items.find((r: { best: boolean }) => r.best).id).toBe(second.id);
    // a survival model of the run is marked for its own endpoint
    const survival = await world.call(world.who.ds, 'PUT', `/runs/${ids.runU}/final-model`, { modelId: ids.survU });
    expect(survival.body.finalModels).toMatchObject([{ endpoint: 'rfs', modelId: ids.survU, survival: true, model: 'cox_ph' }]);
    expect((await world.call(world.who.ds, 'DELETE', `/runs/${runId}/final-model`)).body.finalModels).toEqual([]);
    expect((await world.call(world.who.ds, 'DELETE', `/runs/${ids.runU}/final-model?endpoint=rfs`)).body.finalModels).toEqual([]);
    expect((await auditOf(runId)).map((a) => [a.action, a.details])).toEqual([
      ['final model marked', { endpoint: 'label', modelId: resultId, featureSet: 'all', model: 'gaussian_nb' }],
      ['final model unmarked', { endpoint: 'label', modelId: resultId }],
    ]);
  });

  it('deletes a finished run and all its results for the owner only, keeping its name and id in the audit log', async () => {
    const { runId, resultId } = await storedRun(server.dataSource, ids.P, ids.E, ids.D);
    await world.call(world.who.ds, 'PATCH', `/runs/${runId}`, { name: 'to be deleted' });
    await world.call(world.who.ds, 'PUT', `/runs/${runId}/final-model`, { modelId: resultId });
    expect((await world.call(world.who.ds, 'DELETE', `/runs/${runId}`)).status).toBe(403);
    expect((await world.call(world.who.pi, 'DELETE', `/runs/${runId}`)).status).toBe(403);
    const res = await world.call(world.who.owner, 'DELETE', `/runs/${runId}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ id: runId, deleted: true });
    const count = async (table: string, column: string, id: string) => (await server.dataSource.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" = $1`, [id]))[0].n;
    expect(await count('runs', 'id', runId)).toBe(0);
    expect(await count('model_results', 'run_id', runId)).toBe(0);
    expect(await count('feature_set_results', 'run_id', runId)).toBe(0);
    expect(await count('prediction_sets', 'model_result_id', resultId)).toBe(0);
    expect(await count('run_final_models', 'run_id', runId)).toBe(0);
    expect((await world.call(world.who.owner, 'GET', `/runs/${runId}`)).status).toBe(404);
    const deleted = (await auditOf(runId)).find((a) => a.action === 'deleted')!;
    expect(deleted).toMatchObject({ actor_name: 'owner', project_id: ids.P, details: { name: 'to be deleted', experiment: 'tiny v1', status: 'succeeded', models: 1 } });
    // an unfinished run is cancelled first
    const queued = await world.call(world.who.ds, 'POST', '/runs', { experimentId: ids.E, datasetId: ids.D });
    const refused = await world.call(world.who.owner, 'DELETE', `/runs/${queued.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/cancel it before deleting it/);
  });

  it('deletes in one transaction: when the audit entry cannot be written, the run and every result stay', async () => {
    const { runId, resultId } = await storedRun(server.dataSource, ids.P, ids.E, ids.D);
    const q = (sql: string) => server.dataSource.query(sql);
    await q(`CREATE FUNCTION refuse_run_deletion_entry() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
               IF NEW."action" = 'deleted' THEN RAISE EXCEPTION 'audit log refuses the entry'; END IF; RETURN NEW; END $$`);
    await q(`CREATE TRIGGER refuse_run_deletion_entry BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION refuse_run_deletion_entry()`);
    try {
      const res = await world.call(world.who.owner, 'DELETE', `/runs/${runId}`);
      expect(res.status).toBe(500);
    } finally {
      await q(`DROP TRIGGER refuse_run_deletion_entry ON "audit_log"`);
      await q(`DROP FUNCTION refuse_run_deletion_entry()`);
    }
    const [row] = await server.dataSource.query(
      `SELECT (SELECT count(*) FROM "runs" WHERE "id" = $1)::int AS runs, (SELECT count(*) FROM "model_results" WHERE "run_id" = $1)::int AS models,
              (SELECT count(*) FROM "prediction_sets" WHERE "model_result_id" = $2)::int AS predictions`,
      [runId, resultId],
    );
    expect(row).toEqual({ runs: 1, models: 1, predictions: 1 });
    expect((await world.call(world.who.owner, 'DELETE', `/runs/${runId}`)).status).toBe(200); // and it goes once the log takes it
  });

  it('pages the runs list in SQL: no run repeated or missing across pages, even with equal created_at; the scope and filters in the query', async () => {
    const made: string[] = [];
    for (let i = 0; i < 23; i++) made.push((await storedRun(server.dataSource, ids.P, ids.E, ids.D)).runId);
    // 15 of them at one instant (microseconds included), the rest one second apart
    await server.dataSource.query(`UPDATE "runs" SET "created_at" = '2026-01-02T03:04:05.123456Z' WHERE "id" = ANY($1::uuid[])`, [made.slice(0, 15)]);
    for (const [i, id] of made.slice(15).entries()) await server.dataSource.query(`UPDATE "runs" SET "created_at" = $2 WHERE "id" = $1`, [id, `2026-01-02T03:04:${String(6 + i).padStart(2, '0')}.5Z`]);
    const expected: { id: string }[] = await server.dataSource.query(`SELECT "id" FROM "runs" WHERE "archived_at" IS NULL ORDER BY "created_at" DESC, "id" DESC`);
    for (const limit of [1, 4, 7]) {
      const { seen, pages } = await allPages('admin', '', limit);
      expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
      expect(pages).toBe(Math.ceil(expected.length / limit)); // the last page says it is the last (one row read ahead): no empty page
    }
    // the reviewer's scope is a predicate of the query: pages of 1 hold the shared run only, then end
    const reviewer = await allPages('reviewer', '', 1);
    expect(reviewer.seen.map((r) => r.id)).toEqual([ids.runS]);
    expect((await allPages('outsider', '', 2)).seen).toEqual([]);
    const pi = await allPages('pi', '', 5);
    expect(pi.seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(pi.seen.every((r) => r.allowed.length === 0)).toBe(true);
    expect((await allPages('ds', '', 50)).seen.every((r) => r.allowed.join() === 'curate,control')).toBe(true);

    // filter combinations: tag, archived, status, experiment, best CV AUC range
    const [a, b, c, d] = made.slice(15, 19);
    for (const id of [a, b, c]) await world.call(world.who.ds, 'PUT', `/runs/${id}/tags/combo`);
    await world.call(world.who.ds, 'POST', `/runs/${b}/archive`);
    await server.dataSource.query(`UPDATE "model_results" SET "cv_auc_mean" = 0.91 WHERE "run_id" = ANY($1::uuid[])`, [[a, b, d]]);
    await server.dataSource.query(`UPDATE "runs" SET "status" = 'failed' WHERE "id" = $1`, [c]);
    // among this test's runs (an earlier test stored a run with a 0.9 CV AUC model too)
    const list = async (q: string) => (await allPages('pi', q, 2)).seen.map((r) => r.id).filter((id) => made.includes(id)).sort();
    expect(await list('&tag=combo')).toEqual([a, c].sort());
    expect(await list('&tag=combo&archived=all')).toEqual([a, b, c].sort());
    expect(await list('&tag=combo&archived=true')).toEqual([b]);
    expect(await list('&tag=combo&status=failed')).toEqual([c]);
    expect(await list('&minCvAuc=0.9')).toEqual([a, d].sort());
    expect(await list('&minCvAuc=0.9&tag=combo&archived=all')).toEqual([a, b].sort());
    expect(await list(`&minCvAuc=0.7&maxCvAuc=0.8&experimentId=${ids.E}&tag=combo`)).toEqual([c]);
    expect(await list(`&datasetId=${ids.D}&archived=true`)).toEqual([b]);
    expect((await world.call(world.who.pi, 'GET', '/runs?status=done')).status).toBe(400);
    expect((await world.call(world.who.pi, 'GET', '/runs?after=garbage')).status).toBe(400);
    expect((await world.call(world.who.pi, 'GET', '/runs?limit=501')).status).toBe(400);
    // the same filters in the leaderboards: archived runs left out unless asked for, row ranges on the rows
    const boardRuns = async (path: string) => [...new Set((await world.call(world.who.pi, 'GET', path)).body.items.map((r: { runId: string }) => r.runId) as string[])].filter((id) => made.includes(id)).sort();
    expect(await boardRuns(`/leaderboard?experimentId=${ids.E}&tag=combo&limit=1000`)).toEqual([a, c].sort());
    expect(await boardRuns(`/leaderboard?experimentId=${ids.E}&tag=combo&archived=all&limit=1000`)).toEqual([a, b, c].sort());
    expect(await boardRuns(`/dashboard/leaderboard?experimentId=${ids.E}&minCvAuc=0.9&limit=500`)).toEqual([a, d].sort());
    expect(await boardRuns(`/dashboard/leaderboard?experimentId=${ids.E}&tag=combo&status=failed`)).toEqual([c]);
    expect(await boardRuns(`/runs/${b}/leaderboard`)).toEqual([b]); // a run named is shown, archived or not
  });
});
