import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEADERBOARD_SORTS } from '../../apps/server/src/results/leaderboard-sql';
import { BACKENDS } from './support/databases';
import { AccessApp, startAccessApp } from './support/access';
import { buildWorld, World } from './support/access-fixture';

/**
 * One compare and one predictions export behind every route that serves them:
 * the dashboard's routes are aliases of the API's, the runs compare is the
 * models compare per row, and each answers with worked values; every
 * leaderboard route takes the one list of sort keys.
 */
describe.each(BACKENDS)('one compare and one predictions export on %s', (backend) => {
  let server: AccessApp;
  let world: World;
  let ids: Record<string, string>;

  beforeAll(async () => {
    server = await startAccessApp(backend);
    world = await buildWorld(server.url, server.dataSource);
    ids = world.ids;
    // the unshared run's model: other numbers on the same two test patients (the shared one: CV 0.75, test AUC 1, Brier 0.1; predictions 0.2, 0.8)
    await server.dataSource.query(`UPDATE "model_results" SET "cv_auc_mean" = 0.625, "test_auc" = 0.5, "brier" = 0.35 WHERE "id" = $1`, [ids.resU]);
    await server.dataSource.query(`UPDATE "prediction_sets" SET "probabilities" = $1 WHERE "model_result_id" = $2`, [[0.6, 0.4], ids.resU]);
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it('compares models: the dashboard route answers as /compare?models=, with the deltas against the first', async () => {
    const api = await world.call(world.who.pi, 'GET', `/compare?models=${ids.resS},${ids.resU}`);
    expect(api.status, api.text).toBe(200);
    const dashboard = await world.call(world.who.pi, 'GET', `/dashboard/compare?ids=${ids.resS},${ids.resU}`);
    expect(dashboard.body).toEqual(api.body);
    const [first, second] = api.body.models;
    expect([first.deltaCvAuc, first.deltaTestAuc, first.deltaBrier, first.delong]).toEqual([0, 0, 0, null]);
    expect(second.deltaCvAuc).toBeCloseTo(0.625 - 0.75, 15);
    expect(second.deltaTestAuc).toBeCloseTo(0.5 - 1, 15);
    expect(second.deltaBrier).toBeCloseTo(0.35 - 0.1, 15);
    expect(second.sameTestPatients).toBe(true);
    expect(api.body.experiments.map((e: { id: string }) => e.id)).toEqual([ids.E]);
  });

  it('compares runs: each row is the models compare of the matching models', async () => {
    const runs = await world.call(world.who.pi, 'GET', `/compare?runs=${ids.runS},${ids.runU}`);
    expect(runs.status, runs.text).toBe(200);
    const models = (await world.call(world.who.pi, 'GET', `/compare?models=${ids.resS},${ids.resU}`)).body.models;
    expect(runs.body.runs).toEqual([ids.runS, ids.runU]);
    expect(runs.body.rows).toHaveLength(1);
    const row = runs.body.rows[0];
    expect([row.featureSet, row.model]).toEqual(['all', 'gaussian_nb']);
    row.runs.forEach((entry: Record<string, unknown>, i: number) => {
      const m = models[i];
      expect(entry).toEqual({ runId: m.runId, present: true, modelResultId: m.id, cvAuc: m.cvAuc, testAuc: m.testAuc, deltaCvAuc: m.deltaCvAuc, deltaTestAuc: m.deltaTestAuc, sameTestPatients: m.sameTestPatients, delong: m.delong });
    });
    // a run without the first run's model is shown absent
    await server.dataSource.query(`UPDATE "model_results" SET "model" = 'logistic_regression' WHERE "id" = $1`, [ids.resU]);
    const absent = (await world.call(world.who.pi, 'GET', `/compare?runs=${ids.runS},${ids.runU}`)).body.rows[0].runs[1];
    await server.dataSource.query(`UPDATE "model_results" SET "model" = 'gaussian_nb' WHERE "id" = $1`, [ids.resU]);
    expect(absent).toEqual({ runId: ids.runU, present: false });
  });

  it('refuses what cannot be compared, naming the parameter; the access rule covers runs and models', async () => {
    const both = await world.call(world.who.pi, 'GET', `/compare?runs=${ids.runS},${ids.runU}&models=${ids.resS},${ids.resU}`);
    expect(both.status).toBe(400);
    expect((await world.call(world.who.pi, 'GET', `/compare?models=${ids.resS}`)).body.message).toMatch(/^models: give at least two model result ids/);
    expect((await world.call(world.who.pi, 'GET', `/compare?runs=${ids.runS}`)).body.message).toMatch(/^runs: give at least two run ids/);
    expect((await world.call(world.who.pi, 'GET', '/compare')).status).toBe(400);
    expect((await world.call(world.who.reviewer, 'GET', `/compare?models=${ids.resS},${ids.resU}`)).status).toBe(403);
    expect((await world.call(world.who.reviewer, 'GET', `/dashboard/compare?ids=${ids.resS},${ids.resU}`)).status).toBe(403);
  });

  it("exports predictions once: the dashboard's per-model file is the run's export of that model", async () => {
    const run = await world.call(world.who.pi, 'GET', `/runs/${ids.runS}/predictions.csv`);
    expect(run.status).toBe(200);
    expect(run.text).toBe('feature_set,model,id,label,probability\nall,gaussian_nb,3,0,0.2\nall,gaussian_nb,4,1,0.8\n');
    expect(run.headers.get('content-disposition')).toBe(`attachment; filename="${ids.runS.slice(0, 8)}-predictions.csv"`);
    const one = await world.call(world.who.pi, 'GET', `/runs/${ids.runS}/predictions.csv?model=${ids.resS}`);
    const dashboard = await world.call(world.who.pi, 'GET', `/dashboard/results/${ids.resS}/predictions.csv`);
    expect(dashboard.text).toBe(one.text);
    expect(one.text).toBe(run.text); // the run has one model
    expect(dashboard.headers.get('content-disposition')).toBe(`attachment; filename="${ids.runS.slice(0, 8)}-all-gaussian_nb-predictions.csv"`);
    // a model of another run is not this run's: 404, nothing written
    const other = await world.call(world.who.pi, 'GET', `/runs/${ids.runS}/predictions.csv?model=${ids.resU}`);
    expect(other.status).toBe(404);
    expect((await world.call(world.who.pi, 'GET', `/runs/${ids.runS}/predictions.csv?kind=train`)).status).toBe(400);
  });

  it('sorts every leaderboard route by the one list of keys, and refuses any other naming sort', async () => {
    for (const route of ['/leaderboard', '/dashboard/leaderboard']) {
      for (const sort of Object.keys(LEADERBOARD_SORTS)) {
        const res = await world.call(world.who.pi, 'GET', `${route}?experimentId=${ids.E}&sort=${sort}`);
        expect(`${route} ${sort}: ${res.status}`).toBe(`${route} ${sort}: 200`);
      }
      // test AUC 0.5 (the unshared run's model) before 1 ascending, after it descending; Brier ascends by default
      const rowsSorted = async (q: string) => (await world.call(world.who.pi, 'GET', `${route}?experimentId=${ids.E}&${q}`)).body.items.map((r: { id: string }) => r.id);
      expect(await rowsSorted('sort=testAuc&order=asc')).toEqual([ids.resU, ids.resS]);
      expect(await rowsSorted('sort=testAuc')).toEqual([ids.resS, ids.resU]);
      expect(await rowsSorted('sort=brier')).toEqual([ids.resS, ids.resU]);
      const bad = await world.call(world.who.pi, 'GET', `${route}?experimentId=${ids.E}&sort=nope`);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^sort: unknown sort key 'nope'/);
    }
  });
});
