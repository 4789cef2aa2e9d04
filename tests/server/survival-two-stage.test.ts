import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { untilNoArtefacts, untilReleased } from './support/artefacts';
import { api, authorizeAdmin, comparable, testConfig, until, upload, waitForRun } from './support/api';
import { localSurvivalResults, rotterdamSubset, survivalSpec } from './support/survival';
import { tempDir } from '../engine/support';

/**
 * Survival runs as the two-stage task graph (RADSWEEP_TWO_STAGE=1 when launched): per endpoint x feature
 * set, a prepare task per fold, batches of fits, a combine per model; the stored results are the CLI
 * engine's, on both databases.
 */
describe.each(BACKENDS)('survival two-stage runs on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let datasetId: string;
  const csv = rotterdamSubset();
  const artefactDir = tempDir('radsweep-artefacts-');
  const previous = process.env.RADSWEEP_TWO_STAGE;

  beforeAll(async () => {
    process.env.RADSWEEP_TWO_STAGE = '1';
    db = await openTestDatabase(backend);
    server = await startServer(testConfig({ artefactDir }), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    datasetId = (await upload(server.url, 'rotterdam.csv', csv)).body.id;
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.RADSWEEP_TWO_STAGE;
    else process.env.RADSWEEP_TWO_STAGE = previous;
    await server?.close();
    await db?.close();
  });

  it("stores the CLI engine's results (feature sets with their own steps included), counts every fit, and removes the run's artefacts", async () => {
    // A classifier at the first horizon joins the Cox models; each feature set replaces the experiment's
    // steps with its own chain, which the exported file names as the CLI's does.
    const base = survivalSpec();
    const spec = survivalSpec({
      featureSets: [
        { ...base.featureSets[0], steps: [{ median_imputer: {} }, { standard_scaler: {} }, { cox_univariate: { alpha: 0.2 } }] },
        { ...base.featureSets[1], steps: [{ median_imputer: {} }] },
      ],
      models: [...base.models, { id: 'logistic_regression', grid: { C: [0.1, 1] } }],
    });
    const exp = await api(server.url, 'POST', '/experiments', { spec });
    expect(exp.status, JSON.stringify(exp.body)).toBe(201);
    const run = (await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
    const done = await waitForRun(server.url, run.id, 600_000);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    const rows: { feature_set: string; stage: string; status: string; artefact: string | null }[] = await db.dataSource.query(
      `SELECT feature_set, stage, status, artefact FROM run_tasks WHERE run_id = $1`,
      [run.id],
    );
    const count = (stage: string) => rows.filter((r) => r.stage === stage).length;
    // 1 endpoint x 2 feature sets: (3 CV splits + the refit) prepare tasks and a combine per model each.
    expect([count('prepare'), count('combine'), count('sweep')]).toEqual([8, 6, 0]);
    expect(count('fit')).toBeGreaterThan(0);
    expect([...new Set(rows.map((r) => r.feature_set))].sort()).toEqual(['rfs/clinical', 'rfs/nodes']);
    expect(rows.every((r) => r.status === 'done' && r.artefact && /^[0-9a-f]{64}$/.test(r.artefact))).toBe(true);
    expect(done.tasksDone).toBe(rows.length);
    // Per feature set: 2 + 1 + 2 configurations x 3 CV splits, and a refit per model.
    expect([done.fitsDone, done.fitsTotal]).toEqual([2 * (5 * 3 + 3), 2 * (5 * 3 + 3)]);
    await untilNoArtefacts(artefactDir);
    const exported = await api(server.url, 'GET', `/runs/${run.id}/results.json`);
    expect(exported.status).toBe(200);
    const cli = await localSurvivalResults(spec, csv);
    expect(cli.endpoints[0].featureSets.map((f) => f.steps?.map((x) => x.id))).toEqual([['median_imputer', 'standard_scaler', 'cox_univariate'], ['median_imputer']]);
    expect(comparable(exported.body)).toEqual(comparable(cli));
  }, 600_000);

  it("releases a cancelled run's artefacts; a resume runs its unfinished endpoint x feature sets again to the CLI's numbers", async () => {
    const spec = survivalSpec({ name: 'rotterdam-forest', models: [{ id: 'random_survival_forest', params: { n_estimators: 200 }, grid: { min_node_size: [3, 5, 10] } }, { id: 'cox_ph' }] });
    const exp = await api(server.url, 'POST', '/experiments', { spec });
    const run = (await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
    // Cancelled once the first endpoint x feature set's results are stored (the other has forest fits to go).
    await until('a unit stored', async () => (await db.dataSource.query(`SELECT 1 FROM survival_feature_set_results WHERE run_id = $1`, [run.id]))[0], 300_000);
    expect((await api(server.url, 'POST', `/runs/${run.id}/cancel`)).body.status).toBe('cancelled');
    await untilReleased((sql, params) => db.dataSource.query(sql, params), artefactDir, run.id);
    // Only the stage tasks of an endpoint x feature set whose results are stored stay done.
    const done: { feature_set: string }[] = await db.dataSource.query(`SELECT DISTINCT feature_set FROM run_tasks WHERE run_id = $1 AND status = 'done'`, [run.id]);
    const stored: { name: string }[] = await db.dataSource.query(
      `SELECT e.name || '/' || s.name AS name FROM survival_feature_set_results s JOIN survival_endpoints e ON e.id = s.endpoint_id WHERE s.run_id = $1`,
      [run.id],
    );
    expect(stored).toHaveLength(1);
    expect(done.map((r) => r.feature_set)).toEqual(stored.map((r) => r.name));
    expect((await api(server.url, 'POST', `/runs/${run.id}/resume`)).status).toBeLessThan(300);
    const finished = await waitForRun(server.url, run.id, 600_000);
    expect(finished.status).toBe('succeeded');
    expect(finished.tasksDone).toBe(finished.tasksTotal);
    const exported = await api(server.url, 'GET', `/runs/${run.id}/results.json`);
    expect(comparable(exported.body)).toEqual(comparable(await localSurvivalResults(spec, csv)));
    await untilNoArtefacts(artefactDir);
  }, 900_000);
});
