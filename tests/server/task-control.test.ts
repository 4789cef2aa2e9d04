import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { aucMannWhitney } from '../support/shared';
import { BACKENDS, openTestDatabase } from './support/databases';
import { api, authorizeAdmin, cliResults, comparable, slowSpec, smallSpec, testConfig, until, upload, waitForRun, wdbcBytes } from './support/api';
import { useSingleTaskRuns } from './support/single-task-runs';

async function rowsOfRun(db: Database, runId: string): Promise<number> {
  const [{ n }] = await db.dataSource.query(
    `SELECT (SELECT count(*) FROM model_results WHERE run_id = $1) + (SELECT count(*) FROM feature_set_results WHERE run_id = $1) AS n`,
    [runId],
  );
  return Number(n);
}

useSingleTaskRuns(); // this file asserts one task per feature set

describe.each(BACKENDS)('out-of-fold predictions, inline folds and cancel on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let base: string;
  let datasetId: string;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig(), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
    datasetId = (await upload(base, 'wdbc.csv', wdbcBytes())).body.id;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('stores and exports every out-of-fold prediction; they recompute the stored CV AUC of the best configuration', async () => {
    const exp = await api(base, 'POST', '/experiments', { spec: smallSpec() });
    const run = (await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
    expect((await waitForRun(base, run.id)).status).toBe('succeeded');
    const csv = (await api(base, 'GET', `/runs/${run.id}/predictions.csv?kind=oof`)).body as string;
    const [header, ...lines] = csv.trim().split('\n');
    expect(header).toBe('feature_set,model,fold,id,label,probability');
    const trainIds = run.split?.trainIds ?? (await api(base, 'GET', `/runs/${run.id}/results.json`)).body.split.trainIds;
    expect(lines).toHaveLength(2 * 2 * trainIds.length); // feature sets x models x training patients (one repeat)
    const board = (await api(base, 'GET', `/runs/${run.id}/leaderboard`)).body.items as any[];
    expect(board).toHaveLength(4);
    for (const row of board) {
      const mine = lines.map((l) => l.split(',')).filter((c) => c[0] === row.featureSet && c[1] === row.model);
      expect(new Set(mine.map((c) => c[3])).size).toBe(trainIds.length);
      const folds = [...new Set(mine.map((c) => Number(c[2])))].sort();
      expect(folds).toEqual([0, 1, 2]);
      const aucs = folds.map((f) => {
        const part = mine.filter((c) => Number(c[2]) === f);
        return aucMannWhitney(part.map((c) => Number(c[4])), part.map((c) => Number(c[5])));
      });
      expect(aucs.reduce((s, a) => s + a, 0) / aucs.length).toBeCloseTo(row.cvAuc, 12);
    }
    const exported = (await api(base, 'GET', `/runs/${run.id}/results.json`)).body;
    expect(exported.featureSets[0].models[0].oofPredictions).toHaveLength(trainIds.length);
    expect(comparable(exported)).toEqual(comparable(await cliResults(smallSpec())));
    expect((await api(base, 'GET', `/runs/${run.id}/predictions.csv?kind=train`)).body.message).toMatch(/^kind: kind must be 'test' or 'oof'/);
  });

  it('takes the fold assignment at launch, and names bad ids with a 400 storing nothing', async () => {
    const ids = wdbcBytes().toString('utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    const testIds = ids.filter((_, i) => i % 4 === 0);
    const trainIds = ids.filter((_, i) => i % 4 !== 0);
    const foldAssignment = Object.fromEntries(trainIds.map((id, i) => [id, i % 3]));
    const spec = smallSpec({ name: 'wdbc-given-folds', validation: { split: { type: 'test_ids', file: 'test-ids.txt' }, cv: { type: 'fold_assignment', file: 'folds.csv' } } });
    const exp = await api(base, 'POST', '/experiments', { spec });
    expect(exp.status).toBe(201);
    const runsBefore = (await api(base, 'GET', '/runs')).body.length;
    const noFolds = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId, testIds });
    expect(noFolds).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^foldAssignment: .*give 'foldAssignment'/) } });
    const stranger = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId, testIds, foldAssignment: { ...foldAssignment, 'no-such-patient': 1 } });
    expect(stranger).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^foldAssignment: 1 id\(s\) .*not training rows: .*no-such-patient/) } });
    const missing = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId, testIds, foldAssignment: { ...foldAssignment, [trainIds[5]]: undefined } });
    expect(missing).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^foldAssignment: 1 training id\(s\) have no fold: .*/) } });
    const badFold = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId, testIds, foldAssignment: { ...foldAssignment, [trainIds[0]]: -1 } });
    expect(badFold).toMatchObject({ status: 400, body: { message: expect.stringMatching(new RegExp(`^foldAssignment: 1 fold\\(s\\) are not integers >= 0: '${trainIds[0]}': -1`)) } });
    const ghostTest = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId, testIds: [...testIds, 'ghost'], foldAssignment });
    expect(ghostTest).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^testIds: 1 test id\(s\) are not in the data: .*ghost/) } });
    expect((await api(base, 'GET', '/runs')).body).toHaveLength(runsBefore);

    const run = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId, testIds, foldAssignment });
    expect(run.status).toBe(201);
    expect((await waitForRun(base, run.body.id)).status).toBe('succeeded');
    const exported = (await api(base, 'GET', `/runs/${run.body.id}/results.json`)).body;
    expect(exported.cv.type).toBe('fold_assignment');
    expect(exported.cv.foldOfTrainId[0]).toEqual(exported.split.trainIds.map((id: string) => foldAssignment[id]));
    for (const p of exported.featureSets[0].models[0].oofPredictions) expect(p.fold).toBe(foldAssignment[p.id]);
  });

  it('cancel aborts the task running in this process: it stops mid-task and stores no result', async () => {
    const exp = await api(base, 'POST', '/experiments', { spec: slowSpec() });
    const run = (await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId })).body;
    await until('a fit to finish', async () => (await db.dataSource.query(`SELECT 1 FROM run_tasks WHERE run_id = $1 AND fits_done > 0`, [run.id]))[0]);
    const cancelled = await api(base, 'POST', `/runs/${run.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const task = await until('the running task to stop', async () => (await db.dataSource.query(`SELECT * FROM run_tasks WHERE run_id = $1 AND error LIKE 'cancelled after%'`, [run.id]))[0]);
    const [, done, total] = /cancelled after (\d+) of (\d+) fits/.exec(task.error)!.map(Number);
    expect(done).toBeLessThan(total);
    expect(task.status).toBe('cancelled');
    // The other task never started; nothing of the run was stored, and the worker is free for the next run.
    expect((await db.dataSource.query(`SELECT status FROM run_tasks WHERE run_id = $1 ORDER BY position`, [run.id])).map((t: any) => t.status)).toEqual(['cancelled', 'cancelled']);
    expect(await rowsOfRun(db, run.id)).toBe(0);
    const next = (await api(base, 'POST', '/runs', { experimentId: (await api(base, 'POST', '/experiments', { spec: smallSpec() })).body.id, datasetId })).body;
    expect((await waitForRun(base, next.id)).status).toBe('succeeded');
    expect(await rowsOfRun(db, run.id)).toBe(0);
  });
});
