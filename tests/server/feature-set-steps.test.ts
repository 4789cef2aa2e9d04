import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCommand } from '../../apps/server/src/cli/migrate';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { untilNoArtefacts } from './support/artefacts';
import { api, authorizeAdmin, cliResults, comparable, smallSpec, testConfig, upload, waitForRun, wdbcBytes } from './support/api';
import { tempDir } from '../engine/support';

/** Two feature sets, each replacing the experiment's steps with a chain of its own (one selects, one does not). */
const MEAN_STEPS = [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.01, fallbackK: 5 } }];
const WORST_STEPS = [{ median_imputer: {} }];
const spec = smallSpec({
  name: 'wdbc-own-steps',
  featureSets: [
    { name: 'mean', include: ['mean_*'], steps: MEAN_STEPS },
    { name: 'worst', include: ['worst_*'], steps: WORST_STEPS },
  ],
});

/**
 * A binary feature set's own `steps` are stored with its results (migration 1736200000000) on both task
 * paths, so the exported results file is the CLI's, steps included, where the CLI puts them (after
 * `features`); reverting the migration counts them as stored data.
 */
describe.each(BACKENDS)('binary feature sets with their own steps on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let datasetId: string;
  let experimentId: string;
  let cli: Awaited<ReturnType<typeof cliResults>>;
  const artefactDir = tempDir('radsweep-artefacts-');
  const previous = process.env.RADSWEEP_TWO_STAGE;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig({ artefactDir }), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    datasetId = (await upload(server.url, 'wdbc.csv', wdbcBytes())).body.id;
    const exp = await api(server.url, 'POST', '/experiments', { spec });
    expect(exp.status, JSON.stringify(exp.body)).toBe(201);
    experimentId = exp.body.id;
    cli = await cliResults(spec);
    // the CLI's file names each set's own chain (what the server must reproduce)
    expect(cli.featureSets.map((f) => f.steps?.map((s) => s.id))).toEqual([['median_imputer', 'standard_scaler', 'welch_ttest'], ['median_imputer']]);
  }, 300_000);
  afterAll(async () => {
    if (previous === undefined) delete process.env.RADSWEEP_TWO_STAGE;
    else process.env.RADSWEEP_TWO_STAGE = previous;
    await server?.close();
    await db?.close();
  });

  /** Launches a run on the given path and checks its exported file against the CLI's. */
  async function runAndCompare(twoStage: boolean): Promise<void> {
    process.env.RADSWEEP_TWO_STAGE = twoStage ? '1' : '0';
    const run = (await api(server.url, 'POST', '/runs', { experimentId, datasetId })).body;
    const done = await waitForRun(server.url, run.id, 300_000);
    expect(done.status, done.error).toBe('succeeded');
    const stages: { stage: string | null }[] = await db.dataSource.query(`SELECT DISTINCT stage FROM run_tasks WHERE run_id = $1`, [run.id]);
    expect(stages.some((s) => s.stage === 'combine')).toBe(twoStage);
    if (twoStage) await untilNoArtefacts(artefactDir);
    const exported = await api(server.url, 'GET', `/runs/${run.id}/results.json`);
    expect(exported.status).toBe(200);
    expect(comparable(exported.body)).toEqual(comparable(cli));
    // toEqual ignores key order: the file's feature-set keys and each step's keys are in the CLI's order
    expect(exported.body.featureSets.map((f: object) => Object.keys(f))).toEqual(cli.featureSets.map((f) => Object.keys(f)));
    expect(JSON.stringify(exported.body.featureSets.map((f: { steps: unknown }) => f.steps))).toBe(JSON.stringify(cli.featureSets.map((f) => f.steps)));
  }

  it("two-stage run (the combine task writes each feature set): the exported file is the CLI's, steps included", async () => {
    await runAndCompare(true);
  }, 600_000);

  it("one-task run (a task per feature set): the exported file is the CLI's, steps included", async () => {
    await runAndCompare(false);
  }, 600_000);

  it('migrate --down refuses to drop the stored steps without --force, naming the column and its values; --backup writes them; nothing changes', async () => {
    const out: string[] = [];
    const migrate = (...argv: string[]) => migrateCommand(argv, { open: async () => ({ ...db, close: async () => undefined }), out: (s) => void out.push(s) });
    await expect(migrate('--down')).rejects.toThrow(/reverting FeatureSetSteps1736200000000 drops stored data: column feature_set_results\.steps \(4 values\).*--force.*Nothing was changed/s);
    const file = join(mkdtempSync(join(tmpdir(), 'radsweep-backup-')), 'steps.json');
    await expect(migrate('--down', '--backup', file)).rejects.toThrow(/Backup written/);
    const backup = JSON.parse(readFileSync(file, 'utf8'));
    expect(backup.migration).toBe('FeatureSetSteps1736200000000');
    const rows: { id: string; name: string }[] = await db.dataSource.query(`SELECT id, name FROM feature_set_results ORDER BY id`);
    const saved = (backup.columns['feature_set_results.steps'] as { id: string; steps: unknown }[]).sort((a, b) => a.id.localeCompare(b.id));
    expect(saved.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(saved.map((r) => r.steps)).toEqual(rows.map((r) => cli.featureSets.find((f) => f.name === r.name)!.steps));
    const columns: { column_name: string }[] = await db.dataSource.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'feature_set_results' AND column_name = 'steps'`);
    expect(columns).toHaveLength(1);
  });
});
