import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCommand } from '../../apps/server/src/cli/migrate';
import { Database } from '../../apps/server/src/database/database';
import { startServer } from '../../apps/server/src/server';
import { MIGRATIONS } from '../../migrations';
import { oofFoldsOf } from '../../migrations/oof-folds';
import { BACKENDS, openTestDatabase } from './support/databases';
import { api, authorizeAdmin, smallSpec, testConfig, upload, waitForRun, wdbcBytes } from './support/api';
import { useSingleTaskRuns } from './support/single-task-runs';

/** Everything a finished run serves: its results file, both prediction exports, the leaderboard and one model's record. */
async function served(base: string, runId: string): Promise<Record<string, unknown>> {
  const got: Record<string, unknown> = {};
  const board = await api(base, 'GET', `/runs/${runId}/leaderboard?limit=1000`);
  for (const path of [`/runs/${runId}/results.json`, `/runs/${runId}/predictions.csv?kind=oof`, `/runs/${runId}/predictions.csv?kind=test`, `/results/${board.body.items[0].id}`]) {
    const res = await api(base, 'GET', path);
    expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
    got[path] = res.body;
  }
  got.leaderboard = board.body;
  return got;
}

useSingleTaskRuns(); // the run here is a single-task one: reverting the two-stage migration drops none of its rows

describe('OOF fold numbers recomputed from a run\'s folds', () => {
  it('cuts the entries into splits (repeat x folds + fold) and checks each id is held out there', () => {
    const trainIds = ['a', 'b', 'c', 'd'];
    const foldOfTrainId = [
      [0, 1, 1, 0],
      [1, 0, 0, 1],
    ];
    expect(oofFoldsOf(['d', 'a', 'b', 'c', 'b', 'c', 'a', 'd'], trainIds, foldOfTrainId, 2)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(oofFoldsOf(['a', 'b', 'c', 'd'], trainIds, foldOfTrainId, 2)).toBeNull(); // b is not held out in split 0
    expect(oofFoldsOf(['a', 'd', 'b', 'c', 'b', 'c', 'a', 'd', 'a'], trainIds, foldOfTrainId, 2)).toBeNull(); // more entries than splits hold
  });
});

describe.each(BACKENDS)('migrate --down on a populated store (%s)', (backend) => {
  let db: Database;
  let runId: string;
  let before: Record<string, unknown>;
  const out: string[] = [];
  // migrate closes what it opened: here the test's store stays open.
  const migrate = (...argv: string[]) => migrateCommand(argv, { open: async () => ({ ...db, close: async () => undefined }), out: (s) => void out.push(s) });
  const tables = async () => (await db.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'radsweep_migrations'`))[0].n;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    const server = await startServer(testConfig(), { database: db });
    try {
      await authorizeAdmin(server.url, db.dataSource);
      const ds = await upload(server.url, 'wdbc.csv', wdbcBytes());
      const spec = smallSpec({ validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'repeated_stratified_kfold', folds: 3, repeats: 2 } } });
      const exp = await api(server.url, 'POST', '/experiments', { spec });
      runId = (await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id })).body.id;
      expect((await waitForRun(server.url, runId)).status).toBe('succeeded');
      before = await served(server.url, runId);
    } finally {
      await server.close();
    }
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  it('reverts the newest migrations without --force: they drop nothing here (no feature set with its own steps, no survival locked model or validation, no one-time link session, no two-stage run, no run curated, no locked model, extraction or survival run stored; an index; dataset chunks move back to dataset_files)', async () => {
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM dataset_chunks`);
    expect(n).toBeGreaterThan(0);
    await migrate('--down'); // FeatureSetSteps1736200000000: the run's feature sets are on the experiment's steps, so its steps column holds nothing
    await migrate('--down'); // SurvivalFeatureSetSteps1736100000000: no survival feature set stored here, so its steps column holds nothing
    await migrate('--down'); // FitCostMeans1736000000000: a cache of fit times (its table goes, nothing counted)
    await migrate('--down'); // SurvivalLocksValidationHeartbeats1735800000000: no locked model or validation here
    await migrate('--down'); // PasswordResetSessions1735700000000: no session came from a one-time link
    await migrate('--down'); // TwoStageTasks1735600000000: the run here is a single-task one (stage_spec null); no table goes
    await migrate('--down'); // RunCuration1735500000000: no run named, annotated, tagged, archived or marked here
    await migrate('--down'); // LockedModels1735400000000: no locked model or validation stored here
    expect(await tables()).toBe(23);
    await migrate('--down'); // RadiomicsExtractions1735200000000: its tables and datasets.provenance are empty
    expect(await tables()).toBe(21);
    await migrate('--down'); // the survival tables: no survival run here, so nothing is lost (survival-store.test.ts reverts them with rows)
    expect(await tables()).toBe(17);
    await migrate('--down');
    await migrate('--down');
    const [{ files }] = await db.dataSource.query(`SELECT count(*)::int AS files FROM dataset_files`);
    expect(files).toBe(1); // the wdbc upload, whole again
    expect(await tables()).toBe(16);
  });

  it('refuses to drop users, the audit log and projects without --force, naming each with its row count', async () => {
    const [{ users }] = await db.dataSource.query(`SELECT count(*)::int AS users FROM users`);
    const [{ audit }] = await db.dataSource.query(`SELECT count(*)::int AS audit FROM audit_log`);
    expect(audit).toBeGreaterThan(0);
    await expect(migrate('--down')).rejects.toThrow(
      new RegExp(`reverting AccessControl1733000000000 drops stored data: table audit_log \\(${audit} rows?\\), .*table users \\(${users} rows?\\).*--backup <file.json>.*--force.*Nothing was changed`),
    );
    expect(await tables()).toBe(16);
  });

  it('--backup writes the rows it would drop as JSON; --force reverts and says what it dropped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'radsweep-backup-')), 'access.json');
    await expect(migrate('--down', '--backup', file)).rejects.toThrow(/Backup written/);
    const backup = JSON.parse(readFileSync(file, 'utf8'));
    expect(backup.migration).toBe('AccessControl1733000000000');
    const users = await db.dataSource.query(`SELECT id, username FROM users ORDER BY username`);
    expect(backup.tables.users.map((u: any) => ({ id: u.id, username: u.username })).sort((a: any, b: any) => a.username.localeCompare(b.username))).toEqual(users);
    expect(backup.tables.audit_log.length).toBeGreaterThan(0);
    expect(Object.keys(backup.columns)).toEqual(['datasets.project_id', 'experiments.project_id', 'runs.project_id']);
    out.length = 0;
    await migrate('--down', '--force');
    expect(out.join('')).toMatch(/reverted AccessControl1733000000000; dropped table audit_log \(\d+ rows?\)/);
    expect(await tables()).toBe(8);
  });

  it('the second revert (OOF folds) also refuses without --force; up after both serves every result and export as before', async () => {
    await expect(migrate('--down')).rejects.toThrow(/column prediction_sets\.folds \(\d+ values\).*recomputed/);
    await migrate('--down', '--force');
    out.length = 0;
    await migrate();
    expect(out.join('')).toBe(
      'radsweep: applied OofHeartbeatsFolds1732500000000\nradsweep: applied AccessControl1733000000000\n' +
        'radsweep: applied DatasetChunks1733600000000\nradsweep: applied ExperimentVersionPerProject1734000000000\n' +
        'radsweep: applied SurvivalResults1735000000000\n' +
        'radsweep: applied RadiomicsExtractions1735200000000\nradsweep: applied LockedModels1735400000000\n' +
        'radsweep: applied RunCuration1735500000000\nradsweep: applied TwoStageTasks1735600000000\n' +
        'radsweep: applied PasswordResetSessions1735700000000\nradsweep: applied SurvivalLocksValidationHeartbeats1735800000000\n' +
        'radsweep: applied FitCostMeans1736000000000\nradsweep: applied SurvivalFeatureSetSteps1736100000000\n' +
        'radsweep: applied FeatureSetSteps1736200000000\n',
    );
    const server = await startServer(testConfig({ concurrency: 0 }), { database: db });
    try {
      await authorizeAdmin(server.url, db.dataSource); // the accounts went with access control: a new administrator
      expect(await served(server.url, runId)).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('reverts down to the base with --force, then says there is nothing to revert', async () => {
    for (const _ of MIGRATIONS) await migrate('--down', '--force');
    expect(await tables()).toBe(0);
    out.length = 0;
    await migrate('--down');
    expect(out.join('')).toBe('radsweep: nothing to revert: no migration is applied\n');
    await expect(migrate('--force')).rejects.toThrow(/--force and --backup go with --down/);
  });
});
