import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCommand } from '../../apps/server/src/cli/migrate';
import { Database } from '../../apps/server/src/database/database';
import { startServer } from '../../apps/server/src/server';
import { SurvivalEndpointEntity } from '../../apps/server/src/survival/survival.entities';
import { insertSurvivalFeatureSetResult } from '../../apps/server/src/survival/survival-writer';
import { BACKENDS, openTestDatabase } from './support/databases';
import { api, authorizeAdmin, testConfig, upload, waitForRun } from './support/api';
import { useSingleTaskRuns } from './support/single-task-runs';
import { handMadeCohort, handMadeSpec, localSurvivalResults } from './support/survival';

const SURVIVAL_TABLES = ['survival_endpoints', 'survival_feature_set_results', 'survival_model_results', 'survival_prediction_sets'];

describe.each(BACKENDS)('survival results in the store (%s)', (backend) => {
  // The run is stored by the one-task path: reverting TwoStageTasks below finds no stage task to drop.
  useSingleTaskRuns();
  let db: Database;
  let runId: string;
  const out: string[] = [];
  const migrate = (...argv: string[]) => migrateCommand(argv, { open: async () => ({ ...db, close: async () => undefined }), out: (s) => void out.push(s) });
  const counts = async () => {
    const got: Record<string, number> = {};
    for (const t of SURVIVAL_TABLES) got[t] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
    return got;
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    const server = await startServer(testConfig(), { database: db });
    try {
      await authorizeAdmin(server.url, db.dataSource);
      const ds = await upload(server.url, 'hand.csv', handMadeCohort().csv);
      const exp = await api(server.url, 'POST', '/experiments', { spec: handMadeSpec() });
      runId = (await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id })).body.id;
      expect((await waitForRun(server.url, runId, 300_000)).status).toBe('succeeded');
    } finally {
      await server.close();
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores a run: its endpoint (fixed at launch), feature set, model with curves and both prediction sets', async () => {
    expect(await counts()).toEqual({ survival_endpoints: 1, survival_feature_set_results: 1, survival_model_results: 1, survival_prediction_sets: 2 });
    const [m] = await db.dataSource.query(`SELECT test_harrell_c, cv_c_mean, ibs, null_ibs, jsonb_array_length(at_horizons) AS horizons, curves ? 'riskGroups' AS curves FROM survival_model_results`);
    expect(m).toMatchObject({ horizons: 2, curves: true });
    for (const v of [m.test_harrell_c, m.cv_c_mean, m.ibs, m.null_ibs]) expect(Number.isFinite(v)).toBe(true);
    // the stored event is 0/1 only: competing events (code 2) are stored censored
    const [{ codes }] = await db.dataSource.query(`SELECT array_agg(DISTINCT e ORDER BY e) AS codes FROM survival_prediction_sets, unnest(events) e`);
    expect(codes).toEqual([0, 1]);
  });

  it('writes one task in one transaction: a failure part-way (after a model and its predictions) leaves nothing', async () => {
    const before = await counts();
    const { csv } = handMadeCohort();
    const fs = (await localSurvivalResults(handMadeSpec(), csv)).endpoints[0].featureSets[0];
    const endpoint = await db.dataSource.manager.findOneByOrFail(SurvivalEndpointEntity, { runId });
    // the same model twice under a new feature-set name: the second model row breaks the (feature set, model) key
    const twice = { ...fs, name: 'xz-again', models: [fs.models[0], fs.models[0]] };
    await expect(db.dataSource.transaction((m) => insertSurvivalFeatureSetResult(m, endpoint, 1, twice, ['cox_ph']))).rejects.toThrow(/survival_model_results_fs_model_key|duplicate key/);
    expect(await counts()).toEqual(before);
  });

  it('migrate --down refuses to drop stored survival results without --force, naming each table and its rows; --force drops them, up restores the tables', async () => {
    await migrate('--down'); // FeatureSetSteps1736200000000, the newest: no binary feature set stored here
    await migrate('--down'); // SurvivalFeatureSetSteps1736100000000: the stored feature set runs on the experiment's steps (NULL)
    await migrate('--down'); // FitCostMeans1736000000000: a cache of fit times
    // a survival locked model (the immutable kind) with a validation: the older schema cannot hold it
    const [model] = await db.dataSource.query(`SELECT "id" FROM "survival_model_results"`);
    const [ds] = await db.dataSource.query(`SELECT "id" FROM "datasets"`);
    const [locked] = await db.dataSource.query(
      `INSERT INTO "locked_models" ("run_id", "survival_model_result_id", "name", "feature_set", "model", "endpoint_type", "sha256", "file_sha256", "format_version", "verification", "text")
       VALUES ($1, $2, 'cox', 'xz', 'cox_ph', 'survival', 'a', 'b', 1, '{}', '{}') RETURNING "id"`,
      [runId, model.id],
    );
    await db.dataSource.query(`INSERT INTO "external_validations" ("locked_model_id", "dataset_id", "bootstrap", "status") VALUES ($1, $2, 0, 'queued')`, [locked.id, ds.id]);
    await expect(db.dataSource.query(`INSERT INTO "locked_models" ("run_id", "name", "feature_set", "model", "endpoint_type", "sha256", "file_sha256", "format_version", "verification", "text") VALUES ($1, 'none', 'xz', 'cox_ph', 'survival', 'a', 'b', 1, '{}', '{}')`, [runId])).rejects.toThrow(/locked_models_one_result/);
    await expect(migrate('--down')).rejects.toThrow(
      /reverting SurvivalLocksValidationHeartbeats1735800000000 drops stored data: column locked_models\.survival_model_result_id \(1 value\), column external_validations\.seed \(1 value\)\..*Nothing was changed/s,
    );
    await migrate('--down', '--force'); // SurvivalLocksValidationHeartbeats1735800000000: removes the survival locked model past its trigger
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM "locked_models"`))[0].n).toBe(0);
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM "external_validations"`))[0].n).toBe(0);
    const [{ tgenabled }] = await db.dataSource.query(`SELECT tgenabled FROM pg_trigger WHERE tgname = 'locked_models_immutable'`);
    expect(tgenabled).toBe('O'); // the immutability trigger is on again
    await migrate('--down'); // PasswordResetSessions1735700000000: no session came from a one-time link
    await migrate('--down'); // TwoStageTasks1735600000000: no two-stage task here
    await migrate('--down'); // RunCuration1735500000000: no run curated here, so it drops nothing
    await migrate('--down'); // LockedModels1735400000000: no locked model here
    await migrate('--down'); // RadiomicsExtractions1735200000000: no extraction stored here, so it drops nothing
    await expect(migrate('--down')).rejects.toThrow(
      /reverting SurvivalResults1735000000000 drops stored data: table survival_prediction_sets \(2 rows\), table survival_model_results \(1 row\), table survival_feature_set_results \(1 row\), table survival_endpoints \(1 row\)\..*Nothing was changed/s,
    );
    expect(await counts()).toMatchObject({ survival_endpoints: 1 });
    await migrate('--down', '--force');
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'survival_%'`);
    expect(n).toBe(0);
    out.length = 0;
    await migrate();
    expect(out.join('')).toBe(
      'radsweep: applied SurvivalResults1735000000000\nradsweep: applied RadiomicsExtractions1735200000000\nradsweep: applied LockedModels1735400000000\n' +
        'radsweep: applied RunCuration1735500000000\nradsweep: applied TwoStageTasks1735600000000\nradsweep: applied PasswordResetSessions1735700000000\n' +
        'radsweep: applied SurvivalLocksValidationHeartbeats1735800000000\nradsweep: applied FitCostMeans1736000000000\n' +
        'radsweep: applied SurvivalFeatureSetSteps1736100000000\nradsweep: applied FeatureSetSteps1736200000000\n',
    );
    expect(await counts()).toEqual({ survival_endpoints: 0, survival_feature_set_results: 0, survival_model_results: 0, survival_prediction_sets: 0 });
  });
});
