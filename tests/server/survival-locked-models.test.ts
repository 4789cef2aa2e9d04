import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortIds, lockedModelInput, predictLocked, readLockedModel, readTable, survivalCohortMetrics, validateCohort } from '@radsweep/pipeline';
import type { LockedSurvivalPrediction } from '@radsweep/pipeline';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { api, authHeaders, authorizeAdmin, countRows, testConfig, until, uploadTo, waitForRun } from './support/api';
import { ROTTERDAM, countHarrellC, survivalSpec } from './support/survival';

/** Every 15th Rotterdam patient from `offset`, as CSV text; with `centres`, a centre column (odd rows 'A', even rows 'B'). */
function rotterdamRows(offset: number, centres = false, drop?: string): string {
  const [header, ...rows] = readFileSync(ROTTERDAM, 'utf8').trimEnd().split('\n');
  const cols = header.split(',');
  const keep = cols.map((c) => c.replace(/"/g, '') !== drop);
  const line = (cells: string[], centre: string) => [...cells.filter((_, j) => keep[j]), ...(centres ? [centre] : [])].join(',');
  const picked = rows.filter((_, i) => i % 15 === offset);
  return [line(cols, 'centre'), ...picked.map((r, i) => line(r.split(','), i % 2 ? 'A' : 'B'))].join('\n') + '\n';
}

const bits = (v: ArrayLike<number>) => Array.from(new BigUint64Array(Float64Array.from(v).buffer), String);

/** The development cohort (the run's data) and the external two-centre cohort: other Rotterdam patients. */
const DEVELOPMENT = rotterdamRows(0);
const EXTERNAL = rotterdamRows(7, true);

describe.each(BACKENDS)('survival models locked and validated through the server on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let base: string;
  const ids: Record<string, string> = {};
  let lockedText = '';
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-surv-locked-'));

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig(), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
    ids.project = (await api(base, 'POST', '/projects', { name: 'Survival locking' })).body.id;
    ids.dataset = (await uploadTo(base, ids.project, 'rotterdam.csv', DEVELOPMENT)).body.id;
    // one endpoint x feature set (one task); Cox PH's chosen configuration may be its second (task seeds follow the grid index)
    const spec = survivalSpec({ featureSets: [{ name: 'clinical', include: ['age', 'size', 'grade', 'nodes', 'pgr', 'er'] }] });
    ids.experiment = (await api(base, 'POST', `/experiments?projectId=${ids.project}`, { spec })).body.id;
    ids.run = (await api(base, 'POST', '/runs', { experimentId: ids.experiment, datasetId: ids.dataset })).body.id;
    expect((await waitForRun(base, ids.run, 600_000)).status).toBe('succeeded');
    const board = (await api(base, 'GET', `/runs/${ids.run}/survival/leaderboard`)).body;
    const rows = board.endpoints[0].rows;
    ids.cox = rows.find((r: any) => r.model === 'cox_ph').id;
    ids.lasso = rows.find((r: any) => r.model === 'lasso_cox').id;
  }, 900_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('locks a survival model: the file predicts the stored risk scores and survival at the horizons bit for bit; audited; immutable', async () => {
    const res = await api(base, 'POST', `/runs/${ids.run}/models/${ids.cox}/lock`, { name: 'Cox v1' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name: 'Cox v1', runId: ids.run, modelResultId: ids.cox, projectId: ids.project, model: 'cox_ph', featureSet: 'clinical', endpointType: 'survival' });
    expect(res.body.verification).toMatchObject({ refitEqualsRun: true, lockedFileEqualsRun: true, comparedBits: "float64, every test patient's risk score and survival at 1096, 1826" });
    ids.locked = res.body.id;
    const file = await fetch(`${base}/api/locked-models/${ids.locked}/file`, { headers: authHeaders(base) });
    lockedText = await file.text();
    expect(file.headers.get('x-content-sha256')).toBe(createHash('sha256').update(lockedText).digest('hex'));
    const locked = readLockedModel(lockedText, 'download');
    expect(locked.endpoint).toMatchObject({ type: 'survival', name: 'rfs', horizons: [1096, 1826] });
    expect(locked.source).toMatchObject({ model: 'cox_ph', featureSet: 'clinical', seed: 11 });
    expect(locked.training.datasetSha256).toBe(createHash('sha256').update(DEVELOPMENT).digest('hex'));

    // the engine's reader and predictor on the CSV, against what the run stored for its test patients
    const csv = join(dir, 'rotterdam.csv');
    writeFileSync(csv, DEVELOPMENT);
    const table = await readTable(csv);
    const record = (await api(base, 'GET', `/survival/results/${ids.cox}`)).body;
    expect(res.body.verification.testPatients).toBe(record.predictions.length);
    const p = predictLocked(locked, lockedModelInput(locked, table, ['id']).x, record.predictedAt) as LockedSurvivalPrediction;
    const row = new Map(cohortIds(table, 'id').map((id, r) => [id, r]));
    const K = record.predictedAt.length;
    const stored = record.predictions as { id: string; linearPredictor: number; survival: number[] }[];
    expect(bits(stored.map((s) => p.linearPredictor[row.get(s.id)!]))).toEqual(bits(stored.map((s) => s.linearPredictor)));
    expect(bits(stored.flatMap((s) => Array.from(p.survival.subarray(row.get(s.id)! * K, (row.get(s.id)! + 1) * K))))).toEqual(bits(stored.flatMap((s) => s.survival)));

    expect((await api(base, 'GET', `/survival/results/${ids.cox}/locked-models`)).body.map((l: any) => l.id)).toEqual([ids.locked]);
    expect((await api(base, 'GET', `/survival/results/${ids.lasso}/locked-models`)).body).toEqual([]);
    const audit = (await api(base, 'GET', `/projects/${ids.project}/audit`)).body;
    expect(audit.find((e: any) => e.action === 'locked')).toMatchObject({ entity: 'locked_model', entityId: ids.locked, details: { modelResultId: ids.cox, endpoint: 'rfs', sha256: locked.sha256 } });
    await expect(db.dataSource.query(`UPDATE "locked_models" SET "name" = 'other' WHERE "id" = $1`, [ids.locked])).rejects.toThrow(/immutable/);
    await expect(db.dataSource.query(`DELETE FROM "locked_models" WHERE "id" = $1`, [ids.locked])).rejects.toThrow(/immutable/);
    // exactly one source row: a survival locked model has no binary model result
    const [stored1] = await db.dataSource.query(`SELECT "model_result_id", "survival_model_result_id" FROM "locked_models" WHERE "id" = $1`, [ids.locked]);
    expect(stored1).toEqual({ model_result_id: null, survival_model_result_id: ids.cox });
  }, 300_000);

  it('refuses a survival lock whose refit does not reproduce one stored survival value, naming the patient; nothing stored', async () => {
    // the LASSO-Cox model's stored S(1826) of its third test patient, one bit off
    const [{ ids: testIds }] = await db.dataSource.query(`SELECT "ids" FROM "survival_prediction_sets" WHERE "model_result_id" = $1 AND "kind" = 'test'`, [ids.lasso]);
    await db.dataSource.query(
      `UPDATE "survival_prediction_sets" SET "survival"[6] = CASE WHEN "survival"[6] = 0 THEN 5e-324 ELSE "survival"[6] * (1 - 2.3e-16) END WHERE "model_result_id" = $1 AND "kind" = 'test'`,
      [ids.lasso],
    );
    const before = await countRows(db.dataSource, 'locked_models');
    const res = await api(base, 'POST', `/runs/${ids.run}/models/${ids.lasso}/lock`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.message).toContain(`the refit of model 'lasso_cox' (rfs/clinical) does not reproduce the run: test patient '${testIds[2]}' is predicted risk `);
    expect(res.body.message).toMatch(/S\(1826\) .* nothing was locked$/);
    expect(await countRows(db.dataSource, 'locked_models')).toBe(before);
    expect((await api(base, 'POST', `/runs/${ids.run}/models/00000000-0000-0000-0000-000000000000/lock`, {})).status).toBe(404);
  }, 300_000);

  it("validates the locked survival model per centre and pooled as a queue task: the engine's numbers with the asked seed, recomputable from the stored predictions", async () => {
    const upload = await uploadTo(base, ids.project, 'other-patients.csv', EXTERNAL);
    expect(upload.status).toBe(201);
    ids.external = upload.body.id;
    const launched = await api(base, 'POST', `/locked-models/${ids.locked}/validations`, { datasetId: ids.external, centreColumn: 'centre', seed: 7 });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect(launched.body).toMatchObject({ lockedModelId: ids.locked, centreColumn: 'centre', seed: 7, status: 'queued' });
    const v = await until('validation done', async () => {
      const r = await api(base, 'GET', `/validations/${launched.body.id}`);
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    }, 300_000);
    expect(v.error).toBeNull();
    expect(v.report.settings.seed).toBe(7);

    const file = join(dir, 'other-patients.csv');
    writeFileSync(file, EXTERNAL);
    const dev = join(dir, 'rotterdam.csv');
    writeFileSync(dev, DEVELOPMENT);
    const lockedModel = readLockedModel(lockedText, 'download');
    const engine = validateCohort(lockedModel, await readTable(file), { centreColumn: 'centre', bootstrap: 1000, seed: 7, development: { table: await readTable(dev), name: 'rotterdam.csv' }, name: 'other-patients.csv' });
    const r = engine.results as Extract<typeof engine.results, { kind: 'survival' }>;
    const { predictions: _p, ...metrics } = r;
    expect(v.report.results).toEqual(JSON.parse(JSON.stringify(metrics)));
    expect(v.report.transportability.report).toEqual(JSON.parse(JSON.stringify(engine.transportability!.report)));
    expect(v.report.transportability.report.membership.seed).toBe(7);
    const centres = v.report.results.centres;
    expect(centres.map((c: any) => [c.centre, c.n])).toEqual([['A', r.centres[0].n], ['B', r.centres[1].n]]);
    for (const c of [v.report.results.pooled, ...centres.map((x: any) => x.metrics)]) {
      expect(c.atHorizon.map((h: any) => h.horizon)).toEqual([1096, 1826]);
      for (const h of c.atHorizon) expect([h.auc.estimate, h.brier.estimate, h.calibration.length > 0]).toEqual([expect.any(Number), expect.any(Number), true]);
      expect(c.ibs.estimate).toEqual(expect.any(Number));
      expect(c.unoC.estimate).toEqual(expect.any(Number));
    }

    // the stored predictions are the engine's; each centre's metrics recompute from them
    const ext = v.predictions.find((p: any) => p.kind === 'external');
    expect(ext.ids).toEqual(r.predictions.map((p) => p.id));
    expect(bits(ext.linearPredictors)).toEqual(bits(r.predictions.map((p) => p.linearPredictor)));
    expect(ext.survivalTimes).toEqual(r.times);
    const pred: LockedSurvivalPrediction = { kind: 'survival', linearPredictor: Float64Array.from(ext.linearPredictors), times: ext.survivalTimes, survival: Float64Array.from(ext.survival) };
    const time = Float64Array.from(ext.times);
    const event = Uint8Array.from(ext.events);
    const ep = lockedModel.endpoint as Extract<typeof lockedModel.endpoint, { type: 'survival' }>;
    for (const centre of ['A', 'B']) {
      const rows = ext.ids.map((_: string, i: number) => i).filter((i: number) => ext.centres[i] === centre);
      const reported = centres.find((c: any) => c.centre === centre).metrics;
      expect(JSON.parse(JSON.stringify(survivalCohortMetrics(ep, rows, time, event, pred, v.report.settings.calibrationBins)))).toEqual(reported);
      // Harrell's C counted pair by pair, independently of the engine
      expect(countHarrellC(rows.map((i: number) => time[i]), rows.map((i: number) => event[i]), rows.map((i: number) => pred.linearPredictor[i]))).toBeCloseTo(reported.harrellC.estimate, 12);
    }
  }, 400_000);

  it('asks for a valid seed (default 42) and refuses a cohort the survival model cannot be validated on, storing nothing', async () => {
    const before = await countRows(db.dataSource, 'external_validations');
    for (const seed of [-1, 1.5, 2 ** 31, 'x']) {
      const res = await api(base, 'POST', `/locked-models/${ids.locked}/validations`, { datasetId: ids.external, seed });
      expect(res.status, String(seed)).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(/seed must be an integer/);
    }
    const noNodes = await uploadTo(base, ids.project, 'no-nodes.csv', rotterdamRows(7, true, 'nodes'));
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [noNodes.body.id, {}, /lacks the model's feature column 'nodes'/],
      [ids.external, { recalibration: { method: 'intercept', fitOn: { column: 'centre', value: 'A' } } }, /recalibration is for binary endpoints only/],
      [ids.dataset, { centreColumn: 'centre' }, /centre column 'centre' not found/],
    ];
    for (const [datasetId, body, message] of cases) {
      const res = await api(base, 'POST', `/locked-models/${ids.locked}/validations`, { datasetId, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.message).toMatch(message);
    }
    expect(await countRows(db.dataSource, 'external_validations')).toBe(before);
    const plain = await api(base, 'POST', `/locked-models/${ids.locked}/validations`, { datasetId: ids.external, bootstrap: 0 });
    expect(plain.body.seed).toBe(42);
    const v = await until('validation done', async () => {
      const r = await api(base, 'GET', `/validations/${plain.body.id}`);
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    }, 300_000);
    expect([v.status, v.seed, v.report.settings.seed]).toEqual(['done', 42, 42]);
  }, 400_000);

  it('serves the same sealed file and metadata after a restart (a new server on the same store)', async () => {
    await server.close();
    server = await startServer(testConfig(), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
    const file = await fetch(`${base}/api/locked-models/${ids.locked}/file`, { headers: authHeaders(base) });
    expect(await file.text()).toBe(lockedText);
    expect((await api(base, 'GET', `/locked-models/${ids.locked}`)).body).toMatchObject({ endpointType: 'survival', modelResultId: ids.cox });
  }, 120_000);
});
