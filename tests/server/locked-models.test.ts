import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brierScore, rocAuc } from '@radsweep/metrics';
import { cohortIds, lockedModelInput, predictLocked, readLockedModel, readTable, validateCohort } from '@radsweep/pipeline';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { WDBC, api, authHeaders, authorizeAdmin, countRows, smallSpec, testConfig, until, uploadTo, waitForRun, wdbcBytes } from './support/api';
import { lockRemoteCommand, validateRemoteCommand } from '../../apps/server/src/cli/locked-remote';

/** WDBC as an "external" cohort of two centres: odd rows centre A, even rows centre B with a scanner-like shift of mean_texture; `edit` changes cells. */
function cohortCsv(edit: (header: string[], row: string[], i: number) => string[] = (_h, r) => r, dropColumn?: string): string {
  const [head, ...lines] = wdbcBytes().toString('utf8').trim().split('\n');
  const header = [...head.split(','), 'centre'];
  const tex = header.indexOf('mean_texture');
  const rows = lines.map((line, i) => {
    const r = [...line.split(','), i % 2 === 1 ? 'A' : 'B'];
    if (i % 2 === 0) r[tex] = String(Number(r[tex]) * 1.1);
    return edit(header, r, i);
  });
  const keep = header.map((h) => h !== dropColumn);
  return [header, ...rows].map((r) => r.filter((_, j) => keep[j]).join(',')).join('\n') + '\n';
}

describe.each(BACKENDS)('locked models and external validation on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let base: string;
  const ids: Record<string, string> = {};
  let lockedText = '';
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-locked-'));

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig(), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
    ids.project = (await api(base, 'POST', '/projects', { name: 'Locking' })).body.id;
    ids.dataset = (await uploadTo(base, ids.project, 'wdbc.csv', wdbcBytes().toString('utf8'))).body.id;
    const spec = smallSpec({ featureSets: [{ name: 'mean', include: ['mean_*'] }], metrics: { threshold: 0.5, bootstrap: 50, calibrationBins: 5 } });
    ids.experiment = (await api(base, 'POST', `/experiments?projectId=${ids.project}`, { spec })).body.id;
    ids.run = (await api(base, 'POST', '/runs', { experimentId: ids.experiment, datasetId: ids.dataset })).body.id;
    expect((await waitForRun(base, ids.run, 180_000)).status).toBe('succeeded');
    const board = (await api(base, 'GET', `/runs/${ids.run}/leaderboard`)).body.items;
    ids.lr = board.find((r: any) => r.model === 'logistic_regression').id;
    ids.nb = board.find((r: any) => r.model === 'gaussian_nb').id;
  }, 240_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('locks a model of a finished run: the downloaded file reads back and predicts the stored test predictions bit for bit', async () => {
    const res = await api(base, 'POST', `/runs/${ids.run}/models/${ids.lr}/lock`, { name: 'LR v1' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name: 'LR v1', runId: ids.run, modelResultId: ids.lr, projectId: ids.project, model: 'logistic_regression', featureSet: 'mean', endpointType: 'binary', formatVersion: 1 });
    ids.locked = res.body.id;
    const file = await fetch(`${base}/api/locked-models/${ids.locked}/file`, { headers: authHeaders(base) });
    expect(file.status).toBe(200);
    lockedText = await file.text();
    expect(file.headers.get('x-content-sha256')).toBe(createHash('sha256').update(lockedText).digest('hex'));
    const locked = readLockedModel(lockedText, 'download');
    expect(file.headers.get('x-radsweep-sha256')).toBe(locked.sha256);
    expect(res.body.sha256).toBe(locked.sha256);
    expect(locked.source).toMatchObject({ model: 'logistic_regression', featureSet: 'mean', seed: 7 });
    expect(locked.training.datasetSha256).toBe(createHash('sha256').update(wdbcBytes()).digest('hex'));

    // the engine's reader and predictor on the original CSV, against the predictions the run stored
    const table = await readTable(WDBC);
    const p = predictLocked(locked, lockedModelInput(locked, table, ['id']).x) as { probability: Float64Array };
    const row = new Map(cohortIds(table, 'id').map((id, r) => [id, r]));
    const stored = (await api(base, 'GET', `/results/${ids.lr}`)).body.predictions as { id: string; probability: number }[];
    expect(stored.length).toBeGreaterThan(100);
    const bits = (v: number[]) => Array.from(new BigUint64Array(Float64Array.from(v).buffer), String);
    expect(bits(stored.map((s) => p.probability[row.get(s.id)!]))).toEqual(bits(stored.map((s) => s.probability)));

    // one byte changed: refused by its sha256
    const i = lockedText.indexOf('"threshold":0.5') + '"threshold":0.'.length;
    const changed = lockedText.slice(0, i) + '4' + lockedText.slice(i + 1);
    expect(() => readLockedModel(changed, 'changed')).toThrow(/sha256 mismatch/);
  }, 120_000);

  it('lists and shows locked models; the store refuses to change or delete one', async () => {
    const list = await api(base, 'GET', `/projects/${ids.project}/locked-models`);
    expect(list.body.map((l: any) => l.id)).toEqual([ids.locked]);
    expect(list.body[0]).not.toHaveProperty('text');
    const one = await api(base, 'GET', `/locked-models/${ids.locked}`);
    expect(one.body).toEqual(list.body[0]);
    expect((await api(base, 'GET', `/results/${ids.lr}/locked-models`)).body).toEqual(list.body);
    expect((await api(base, 'GET', `/results/${ids.nb}/locked-models`)).body).toEqual([]);
    const audit = await api(base, 'GET', `/projects/${ids.project}/audit`);
    expect(audit.body.find((e: any) => e.action === 'locked')).toMatchObject({ entity: 'locked_model', entityId: ids.locked, details: { sha256: one.body.sha256 } });
    await expect(db.dataSource.query(`UPDATE "locked_models" SET "name" = 'other' WHERE "id" = $1`, [ids.locked])).rejects.toThrow(/immutable/);
    await expect(db.dataSource.query(`DELETE FROM "locked_models" WHERE "id" = $1`, [ids.locked])).rejects.toThrow(/immutable/);
    expect((await api(base, 'GET', `/locked-models/${ids.locked}`)).body.name).toBe('LR v1');
  });

  it('refuses to lock a model whose refit does not reproduce the stored predictions, storing nothing', async () => {
    // the stored test predictions of the NB model altered in their last bit: the refit no longer matches them
    await db.dataSource.query(
      `UPDATE "prediction_sets" SET "probabilities"[1] = CASE WHEN "probabilities"[1] = 0 THEN 5e-324 ELSE "probabilities"[1] * (1 + 2.3e-16) END WHERE "model_result_id" = $1 AND "kind" = 'test'`,
      [ids.nb],
    );
    const before = await countRows(db.dataSource, 'locked_models');
    const res = await api(base, 'POST', `/runs/${ids.run}/models/${ids.nb}/lock`, {});
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/does not reproduce the run: test patient '[^']+' is predicted .* nothing was locked/);
    expect(await countRows(db.dataSource, 'locked_models')).toBe(before);
    const wrongRun = await api(base, 'POST', `/runs/${ids.run}/models/00000000-0000-0000-0000-000000000000/lock`, {});
    expect(wrongRun.status).toBe(404);
  }, 120_000);

  it('validates the locked model on an uploaded two-centre cohort as a queue task: the engine\'s numbers, recomputable from the stored predictions', async () => {
    const csv = cohortCsv();
    const upload = await uploadTo(base, ids.project, 'external.csv', csv);
    expect(upload.status).toBe(201);
    ids.external = upload.body.id;
    const launched = await api(base, 'POST', `/locked-models/${ids.locked}/validations`, {
      datasetId: upload.body.id,
      centreColumn: 'centre',
      recalibration: { method: 'intercept-slope', fitOn: { column: 'centre', value: 'A' } },
      bootstrap: 50,
    });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect(launched.body).toMatchObject({ lockedModelId: ids.locked, datasetId: upload.body.id, centreColumn: 'centre', bootstrap: 50 });
    ids.validation = launched.body.id;
    const v = await until('validation done', async () => {
      const r = await api(base, 'GET', `/validations/${launched.body.id}`);
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    }, 120_000);
    expect(v.error).toBeNull();
    expect(v.status).toBe('done');
    expect((await api(base, 'GET', `/locked-models/${ids.locked}/validations`)).body.map((x: any) => x.id)).toEqual([launched.body.id]);

    // the engine, run here on the downloaded file and the CSV files
    const file = join(dir, 'external.csv');
    writeFileSync(file, csv);
    const engine = validateCohort(readLockedModel(lockedText, 'download'), await readTable(file), {
      centreColumn: 'centre',
      recalibrate: { kind: 'slope', rows: { column: 'centre', value: 'A' } },
      bootstrap: 50,
      development: { table: await readTable(WDBC), name: 'wdbc.csv' },
      name: 'external.csv',
    });
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
    const r = engine.results as Extract<typeof engine.results, { kind: 'binary' }>;
    const { predictions: _p, recalibration, ...metrics } = r;
    const { predictions: _q, ...recal } = recalibration!;
    expect(v.report.results).toEqual(plain({ ...metrics, recalibration: recal }));
    expect(v.report.results.centres.map((c: any) => [c.centre, c.n])).toEqual([['A', 284], ['B', 285]]);
    expect(v.report.transportability.report).toEqual(plain(engine.transportability!.report));
    expect(v.report.transportability.development).toMatchObject({ source: 'wdbc.csv', matchesTraining: true });
    expect(v.report.model.sha256).toBe(readLockedModel(lockedText, 'x').sha256);

    // the stored external predictions: the engine's, and the report's metrics recompute from them
    const ext = v.predictions.find((p: any) => p.kind === 'external');
    expect(ext.ids).toEqual(r.predictions.map((p) => p.id));
    expect(ext.probabilities).toEqual(r.predictions.map((p) => p.probability));
    for (const centre of ['A', 'B']) {
      const rows = ext.ids.map((_: string, i: number) => i).filter((i: number) => ext.centres[i] === centre);
      const y = Uint8Array.from(rows, (i: number) => ext.labels[i]);
      const p = Float64Array.from(rows, (i: number) => ext.probabilities[i]);
      const reported = v.report.results.centres.find((c: any) => c.centre === centre).metrics.test;
      expect(rocAuc(y, p)).toBe(reported.auc);
      expect(brierScore(y, p)).toBe(reported.brier);
    }
    expect(rocAuc(Uint8Array.from(ext.labels), Float64Array.from(ext.probabilities))).toBe(v.report.results.pooled.test.auc);
    const recalibrated = v.predictions.find((p: any) => p.kind === 'recalibrated');
    expect(recalibrated.ids).toHaveLength(285);
    expect(rocAuc(Uint8Array.from(recalibrated.labels), Float64Array.from(recalibrated.probabilities))).toBe(v.report.results.recalibration.recalibrated.test.auc);
  }, 180_000);

  it('refuses a cohort it cannot validate with 422 naming the problem, storing nothing', async () => {
    const before = await countRows(db.dataSource, 'external_validations');
    const cases: [string, string, Record<string, unknown>, RegExp][] = [
      ['no-feature.csv', cohortCsv(undefined, 'mean_area'), { centreColumn: 'centre' }, /lacks the model's feature column 'mean_area'/],
      ['three-classes.csv', cohortCsv((h, r, i) => (i === 3 ? r.map((c, j) => (h[j] === 'label' ? '2' : c)) : r)), {}, /label column 'label' holds other classes/],
      ['one-centre.csv', cohortCsv((h, r) => r.map((c, j) => (h[j] === 'centre' ? 'A' : c))), { centreColumn: 'centre' }, /centre column 'centre' holds one centre only/],
      ['no-fit-rows.csv', cohortCsv(), { recalibration: { method: 'intercept', fitOn: { column: 'centre', value: 'Z' } } }, /no row of the cohort matches centre=Z/],
    ];
    for (const [name, csv, body, message] of cases) {
      const up = await uploadTo(base, ids.project, name, csv);
      expect(up.status, name).toBe(201);
      const res = await api(base, 'POST', `/locked-models/${ids.locked}/validations`, { datasetId: up.body.id, ...body });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.body.message).toMatch(message);
    }
    const bad = await api(base, 'POST', `/locked-models/${ids.locked}/validations`, { datasetId: ids.dataset, recalibration: { method: 'logistic' } });
    expect(bad).toMatchObject({ status: 400, body: { message: expect.stringMatching(/recalibration\.method/) } });
    expect(await countRows(db.dataSource, 'external_validations')).toBe(before);
    expect(await countRows(db.dataSource, 'external_predictions')).toBe(2);
  }, 120_000);

  it('keeps the locked model unchanged across a restart (a new server on the same store)', async () => {
    await server.close();
    server = await startServer(testConfig(), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
    const file = await fetch(`${base}/api/locked-models/${ids.locked}/file`, { headers: authHeaders(base) });
    expect(await file.text()).toBe(lockedText);
    expect((await api(base, 'GET', `/projects/${ids.project}/locked-models`)).body.map((l: any) => l.id)).toEqual([ids.locked]);
    expect(readFileSync(WDBC).length).toBeGreaterThan(0);
  }, 60_000);

  it('`radsweep lock --server` and `radsweep validate --server` do the same from the command line', async () => {
    const token = await authorizeAdmin(base, db.dataSource);
    const saved = process.env.RADSWEEP_TOKEN;
    process.env.RADSWEEP_TOKEN = token;
    try {
      const out = join(dir, 'cli-model.json');
      expect(await lockRemoteCommand([ids.run, ids.lr, '--server', base, '--name', 'LR v2', '--out', out, '--retry-seconds', '0'])).toBe(0);
      const text = readFileSync(out, 'utf8');
      const list = (await api(base, 'GET', `/projects/${ids.project}/locked-models`)).body;
      expect(list.map((l: any) => l.name)).toEqual(['LR v2', 'LR v1']);
      expect(readLockedModel(text, out).sha256).toBe(list[0].sha256);
      const report = join(dir, 'cli-report.json');
      expect(await validateRemoteCommand([list[0].id, '--server', base, '--dataset', ids.external, '--centre-column', 'centre', '--bootstrap', '0', '--out', report])).toBe(0);
      const first = (await api(base, 'GET', `/validations/${ids.validation}`)).body;
      const again = JSON.parse(readFileSync(report, 'utf8'));
      // a second lock of the same model predicts the same bits: the same external predictions and AUCs
      expect(again.predictions.find((p: any) => p.kind === 'external').probabilities).toEqual(first.predictions.find((p: any) => p.kind === 'external').probabilities);
      expect(again.report.results.centres.map((c: any) => c.metrics.test.auc)).toEqual(first.report.results.centres.map((c: any) => c.metrics.test.auc));
      await expect(lockRemoteCommand([ids.run, '--server', base])).rejects.toThrow(/takes a run id and a model result id/);
    } finally {
      if (saved === undefined) delete process.env.RADSWEEP_TOKEN;
      else process.env.RADSWEEP_TOKEN = saved;
    }
  }, 120_000);
});
