import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../apps/server/src/database/database';
import { DatasetEntity } from '../../apps/server/src/datasets/dataset.entity';
import { DatasetFileEntity } from '../../apps/server/src/datasets/dataset-file.entity';
import { ExperimentEntity } from '../../apps/server/src/experiments/experiment.entity';
import { RunEntity } from '../../apps/server/src/runs/run.entity';
import { RunTaskEntity } from '../../apps/server/src/runs/run-task.entity';
import { FeatureSetResultEntity } from '../../apps/server/src/results/feature-set-result.entity';
import { ModelResultEntity } from '../../apps/server/src/results/model-result.entity';
import { PredictionSetEntity } from '../../apps/server/src/results/prediction-set.entity';
import { MIGRATIONS } from '../../migrations';
import { BACKENDS, openTestDatabase } from './support/databases';

const TABLES = ['datasets', 'dataset_files', 'experiments', 'runs', 'run_tasks', 'feature_set_results', 'model_results', 'prediction_sets'];
/** Access control's tables (migration 1733000000000). */
const ACCESS_TABLES = ['users', 'api_tokens', 'sessions', 'login_links', 'projects', 'project_members', 'run_shares', 'audit_log'];
/** Survival results' tables (migration 1735000000000; round-tripped in survival-store.test.ts). */
const SURVIVAL_TABLES = ['survival_endpoints', 'survival_feature_set_results', 'survival_model_results', 'survival_prediction_sets'];
/** Radiomics extraction's tables (migration 1735200000000). */
const EXTRACTION_TABLES = ['extractions', 'extraction_cases'];
/** Locked models' tables (migration 1735400000000). */
const LOCKED_TABLES = ['locked_models', 'external_validations', 'external_predictions'];
/** Run curation's table (migration 1735500000000; its columns on runs are checked on the way down). */
const CURATION_TABLES = ['run_final_models'];
/** The two-stage batches' fit-cost means (migration 1736000000000). */
const FIT_COST_TABLES = ['fit_cost_means'];
const ALL_TABLES = [...TABLES, ...ACCESS_TABLES, 'dataset_chunks', ...SURVIVAL_TABLES, ...EXTRACTION_TABLES, ...LOCKED_TABLES, ...CURATION_TABLES, ...FIT_COST_TABLES].sort();

async function tables(db: Database): Promise<string[]> {
  const rows: { table_name: string }[] = await db.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'radsweep_migrations' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe.each(BACKENDS)('store schema on %s', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('migrates up to exactly the entities (no schema difference), down to nothing, and up again', async () => {
    expect(await tables(db)).toEqual([]);
    await db.dataSource.runMigrations();
    expect(await tables(db)).toEqual(ALL_TABLES);
    const diff = await db.dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    const columns = async (table: string) =>
      ((await db.dataSource.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1`, [table])) as { column_name: string }[]).map((r) => r.column_name);
    for (let i = MIGRATIONS.length; i > 0; i--) {
      if (MIGRATIONS[i - 1].name === 'FeatureSetSteps1736200000000') {
        expect(await columns('feature_set_results')).toContain('steps');
        await db.dataSource.undoLastMigration();
        expect(await columns('feature_set_results')).not.toContain('steps');
        expect(await tables(db)).toEqual(ALL_TABLES);
      } else if (MIGRATIONS[i - 1].name === 'SurvivalFeatureSetSteps1736100000000') {
        expect(await columns('survival_feature_set_results')).toContain('steps');
        await db.dataSource.undoLastMigration();
        expect(await columns('survival_feature_set_results')).not.toContain('steps');
        expect(await tables(db)).toEqual(ALL_TABLES);
      } else if (MIGRATIONS[i - 1].name === 'FitCostMeans1736000000000') {
        await db.dataSource.undoLastMigration();
        expect(await tables(db)).toEqual(ALL_TABLES.filter((t) => !FIT_COST_TABLES.includes(t)));
      } else if (MIGRATIONS[i - 1].name === 'TwoStageTasks1735600000000') {
        expect(await columns('run_tasks')).toEqual(expect.arrayContaining(['stage', 'part', 'stage_spec', 'depends_on', 'artefact']));
        await db.dataSource.undoLastMigration();
        expect(await columns('run_tasks')).not.toContain('stage');
      } else if (MIGRATIONS[i - 1].name === 'RunCuration1735500000000') {
        expect(await columns('runs')).toEqual(expect.arrayContaining(['name', 'notes', 'tags', 'archived_at']));
        await db.dataSource.undoLastMigration();
        expect(await tables(db)).toEqual([...TABLES, ...ACCESS_TABLES, 'dataset_chunks', ...SURVIVAL_TABLES, ...EXTRACTION_TABLES, ...LOCKED_TABLES].sort());
        for (const c of ['name', 'notes', 'tags', 'archived_at']) expect(await columns('runs')).not.toContain(c);
      } else if (MIGRATIONS[i - 1].name === 'LockedModels1735400000000') {
        await db.dataSource.undoLastMigration();
        expect(await tables(db)).toEqual([...TABLES, ...ACCESS_TABLES, 'dataset_chunks', ...SURVIVAL_TABLES, ...EXTRACTION_TABLES].sort());
        const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'locked_models_immutable'`);
        expect(n).toBe(0);
      } else if (MIGRATIONS[i - 1].name === 'RadiomicsExtractions1735200000000') {
        expect(await columns('datasets')).toContain('provenance');
        await db.dataSource.undoLastMigration();
        expect(await tables(db)).toEqual([...TABLES, ...ACCESS_TABLES, 'dataset_chunks', ...SURVIVAL_TABLES].sort());
        expect(await columns('datasets')).not.toContain('provenance');
      } else if (MIGRATIONS[i - 1].name === 'ExperimentVersionPerProject1734000000000') {
        // the same name, version 1 in two projects: back to one numbering per name, in creation order
        const [p1, p2] = await db.dataSource.query(`INSERT INTO "projects" ("name") VALUES ('one'), ('two') RETURNING "id"`);
        for (const p of [p1, p2]) await db.dataSource.query(`INSERT INTO "experiments" ("project_id", "name", "version", "spec") VALUES ($1, 'same', 1, '{}')`, [p.id]);
        await db.dataSource.undoLastMigration();
        const versions = await db.dataSource.query(`SELECT "project_id", "version" FROM "experiments" ORDER BY "created_at", "id"`);
        expect(versions.map((v: any) => v.version).sort()).toEqual([1, 2]);
        await db.dataSource.query(`DELETE FROM "experiments"`);
        await db.dataSource.query(`DELETE FROM "projects"`);
      } else if (MIGRATIONS[i - 1].name === 'DatasetChunks1733600000000') {
        await db.dataSource.undoLastMigration();
        expect(await tables(db)).toEqual([...TABLES, ...ACCESS_TABLES].sort());
      } else if (MIGRATIONS[i - 1].name === 'AccessControl1733000000000') {
        for (const t of ['datasets', 'experiments', 'runs']) expect(await columns(t)).toContain('project_id');
        await db.dataSource.undoLastMigration();
        expect(await tables(db)).toEqual([...TABLES].sort());
        for (const t of ['datasets', 'experiments', 'runs']) expect(await columns(t)).not.toContain('project_id');
      } else if (MIGRATIONS[i - 1].name === 'OofHeartbeatsFolds1732500000000') {
        expect(await columns('prediction_sets')).toContain('folds');
        await db.dataSource.undoLastMigration();
        expect(await columns('prediction_sets')).not.toContain('folds');
        expect(await columns('run_tasks')).not.toContain('heartbeat_at');
        expect(await columns('runs')).not.toContain('fold_assignment');
      } else {
        await db.dataSource.undoLastMigration();
      }
    }
    expect(await tables(db)).toEqual([]);
    await db.dataSource.runMigrations();
    expect(await tables(db)).toEqual(ALL_TABLES);
  });

  it('round-trips every entity, NaN-free numbers, arrays, bytea and jsonb intact', async () => {
    const m = db.dataSource.manager;
    const ds = await m.save(DatasetEntity, {
      name: 'cohort',
      fileName: 'cohort.csv',
      format: 'csv',
      sourceSha256: 'a'.repeat(64),
      arrowSha256: 'b'.repeat(64),
      sourceBytes: 1234,
      arrowBytes: 2345,
      rowCount: 3,
      columns: [{ name: 'x', kind: 'number', missing: 1 }],
      labelColumn: 'label',
      classBalance: { '0': 2, '1': 1 },
    });
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await m.save(DatasetFileEntity, { datasetId: ds.id, arrow: bytes });
    const exp = await m.save(ExperimentEntity, { name: 'e', version: 1, description: null, spec: { seed: 42, models: [{ id: 'knn' }] } });
    const run = await m.save(RunEntity, {
      experimentId: exp.id,
      datasetId: ds.id,
      status: 'queued',
      seed: 42,
      testIds: ['p3'],
      foldAssignment: { p1: 0, p2: 1 },
      split: { type: 'test_ids', trainIds: ['p1', 'p2'], testIds: ['p3'] },
      cv: { type: 'stratified_kfold', foldsPerRepeat: 2, repeats: 1, foldOfTrainId: [[0, 1]] },
      header: null,
      software: { node: process.version },
      tasksTotal: 1,
      error: null,
      startedAt: null,
      finishedAt: null,
    });
    const task = await m.save(RunTaskEntity, { runId: run.id, featureSet: 'all', position: 0, status: 'queued', jobId: null, worker: null, error: null, startedAt: null, finishedAt: null });
    const fsr = await m.save(FeatureSetResultEntity, {
      runId: run.id,
      name: 'all',
      position: 0,
      features: ['x'],
      classBalance: { train: { n: 2, positives: 1 } },
      selection: { steps: [] },
      folds: [{ fold: 0 }],
      timings: { totalMs: 1.5 },
    });
    const mr = await m.save(ModelResultEntity, {
      runId: run.id,
      featureSetResultId: fsr.id,
      featureSet: 'all',
      model: 'knn',
      label: 'k-NN',
      position: 0,
      bestParams: { n_neighbors: 3 },
      cvAucMean: 0.75,
      cvAucSd: 0.125,
      testAuc: 0.8125,
      testAucLower: 0.5,
      testAucUpper: 1,
      accuracy: 2 / 3,
      recall: null,
      specificity: 1,
      f1: 0.5,
      brier: 0.1,
      record: { model: 'knn', cv: { perConfig: [{ foldAuc: [0.5, 1] }] } },
      error: null,
    });
    await m.save(PredictionSetEntity, { modelResultId: mr.id, kind: 'test', ids: ['p3', 'p"4,'], labels: [1, 0], probabilities: [0.1 + 0.2, 1e-300], folds: null });
    await m.save(PredictionSetEntity, { modelResultId: mr.id, kind: 'oof', ids: ['p1', 'p2'], labels: [1, 0], probabilities: [0.75, 0.25], folds: [0, 1] });

    expect(await m.findOneByOrFail(DatasetEntity, { id: ds.id })).toMatchObject({ columns: [{ name: 'x', kind: 'number', missing: 1 }], classBalance: { '0': 2, '1': 1 }, sourceBytes: 1234 });
    expect(Buffer.compare((await m.findOneByOrFail(DatasetFileEntity, { datasetId: ds.id })).arrow, bytes)).toBe(0);
    expect((await m.findOneByOrFail(ExperimentEntity, { id: exp.id })).spec).toEqual({ seed: 42, models: [{ id: 'knn' }] });
    const runBack = await m.findOneByOrFail(RunEntity, { id: run.id });
    expect(runBack).toMatchObject({ testIds: ['p3'], foldAssignment: { p1: 0, p2: 1 }, tasksDone: 0, cv: { foldOfTrainId: [[0, 1]] } });
    expect(runBack.createdAt).toBeInstanceOf(Date);
    expect(await m.findOneByOrFail(RunTaskEntity, { id: task.id })).toMatchObject({ attempts: 0, fitsDone: 0, status: 'queued' });
    expect((await m.findOneByOrFail(FeatureSetResultEntity, { id: fsr.id })).timings).toEqual({ totalMs: 1.5 });
    expect(await m.findOneByOrFail(ModelResultEntity, { id: mr.id })).toMatchObject({ accuracy: 2 / 3, recall: null, testAuc: 0.8125 });
    const preds = await m.findOneByOrFail(PredictionSetEntity, { modelResultId: mr.id, kind: 'test' });
    expect(preds).toMatchObject({ ids: ['p3', 'p"4,'], labels: [1, 0], probabilities: [0.1 + 0.2, 1e-300], folds: null });
    expect(await m.findOneByOrFail(PredictionSetEntity, { modelResultId: mr.id, kind: 'oof' })).toMatchObject({ ids: ['p1', 'p2'], folds: [0, 1] });

    // A run's results go with it; a dataset used by a run cannot be deleted.
    await expect(m.delete(DatasetEntity, { id: ds.id })).rejects.toThrow();
    await m.delete(RunEntity, { id: run.id });
    expect(await m.countBy(ModelResultEntity, { runId: run.id })).toBe(0);
    expect(await m.countBy(PredictionSetEntity, { modelResultId: mr.id })).toBe(0);
  });
});
