import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rocAuc } from '@radsweep/metrics';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { api, authHeaders, authorizeAdmin, cliResults, comparable, smallSpec, testConfig, upload, waitForRun, wdbcBytes } from './support/api';
import { useSingleTaskRuns } from './support/single-task-runs';

async function count(db: Database, table: string): Promise<number> {
  const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

useSingleTaskRuns(); // this file asserts one task per feature set

describe.each(BACKENDS)('REST API on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let base: string;
  let datasetId: string;
  let experimentId: string;
  let runId: string;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig(), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('serves its OpenAPI document', async () => {
    const { status, body } = await api(base, 'GET', '/docs/json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/datasets', '/api/runs/{id}/events', '/api/leaderboard', '/api/compare']));
    // the token scheme is declared and required on every route but sign-in
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(body.paths['/api/runs/{id}'].get.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(body.paths['/api/datasets'].post.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(body.paths['/api/auth/login'].post.security).toEqual([]);
  });

  it('uploads a CSV and summarises it (rows, sha256, class balance, missingness)', async () => {
    const csv = wdbcBytes().toString('utf8').replace(/^(\d+,[01]),[^,]+,/m, '$1,,'); // one missing mean_radius
    const { status, body } = await upload(base, 'wdbc.csv', csv, { labelColumn: 'label', name: 'WDBC' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'WDBC', format: 'csv', rowCount: 569, classBalance: { '0': 357, '1': 212 } });
    expect(body.columns.find((c: any) => c.name === 'mean_radius')).toEqual({ name: 'mean_radius', kind: 'number', missing: 1 });
    expect(body.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    const clean = await upload(base, 'wdbc.csv', wdbcBytes(), { labelColumn: 'label' });
    datasetId = clean.body.id;
    expect((await api(base, 'GET', `/datasets/${datasetId}`)).body.rowCount).toBe(569);
    expect((await api(base, 'GET', '/datasets')).body).toHaveLength(2);
  });

  it('refuses bad uploads with a 4xx that says why, storing nothing', async () => {
    const before = await count(db, 'datasets');
    const chunksBefore = await count(db, 'dataset_chunks');
    const ragged = await upload(base, 'bad.csv', 'id,label,x\n1,0,2\n2,1\n');
    expect(ragged.status).toBe(400);
    expect(ragged.body.message).toMatch(/bad\.csv/);
    expect(ragged.body.message).not.toMatch(/radsweep-uploads/);
    const truncated = await upload(base, 'cut.parquet', new Uint8Array([80, 65, 82, 49, 0, 0, 1]));
    expect(truncated.status).toBe(400);
    expect(truncated.body.message).toMatch(/cut\.parquet/);
    const kind = await upload(base, 'table.xlsx', 'x');
    expect(kind).toMatchObject({ status: 400, body: { message: expect.stringMatching(/unsupported file type '\.xlsx'/) } });
    const big = await upload(base, 'big.csv', 'id,label\n' + '1,0\n'.repeat(300_000));
    expect(big).toMatchObject({ status: 413, body: { message: expect.stringMatching(/size limit/) } });
    const badLabel = await upload(base, 'wdbc.csv', wdbcBytes(), { labelColumn: 'diagnosis' });
    expect(badLabel).toMatchObject({ status: 400, body: { message: expect.stringMatching(/label column 'diagnosis' not found/) } });
    expect(await count(db, 'datasets')).toBe(before);
    expect(await count(db, 'dataset_chunks')).toBe(chunksBefore);
  });

  it('answers 404 for unknown ids, 400 for what is not an id', async () => {
    const unknown = '00000000-0000-0000-0000-000000000000';
    for (const path of [`/datasets/${unknown}`, `/experiments/${unknown}`, `/runs/${unknown}`, `/results/${unknown}`, `/runs/${unknown}/results.json`]) {
      const { status, body } = await api(base, 'GET', path);
      expect(status, path).toBe(404);
      expect(body.message).toMatch(/not found/);
    }
    // the access guard looks ids up before any handler: a malformed one never reaches the store
    for (const path of ['/experiments/nope', '/results/x', '/runs/x/results.json']) {
      const { status, body } = await api(base, 'GET', path);
      expect(status, path).toBe(400);
      expect(body.message).toMatch(/must be an id \(uuid\)/);
    }
  });

  it('validates and versions experiments', async () => {
    const check = await api(base, 'POST', '/experiments/validate', { spec: smallSpec() });
    expect(check).toMatchObject({ status: 200, body: { valid: true, featureSets: 2, models: 2, configurations: 4, cvSplits: 3 } });
    const bad = await api(base, 'POST', '/experiments/validate', { spec: smallSpec({ models: [{ id: 'logistic_regression', grid: { C: [-1] } }] }) });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^spec:\d+: models\[0\]\.grid\.C\[0\]/);
    const unknown = await api(base, 'POST', '/experiments', { specText: 'name: x\nseed: 1\n' });
    expect(unknown.status).toBe(400);
    expect(await count(db, 'experiments')).toBe(0);
    const v1 = await api(base, 'POST', '/experiments', { spec: smallSpec() });
    const v2 = await api(base, 'POST', '/experiments', { specText: stringify(smallSpec({ description: 'edited' })) });
    expect([v1.status, v1.body.version, v2.status, v2.body.version]).toEqual([201, 1, 201, 2]);
    experimentId = v1.body.id;
    expect((await api(base, 'GET', '/experiments?name=wdbc-small')).body.map((e: any) => e.version)).toEqual([2, 1]);
  });

  it('refuses a run on a dataset lacking the spec\'s columns, storing no run', async () => {
    const other = await upload(base, 'other.csv', 'id,label,age\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 2},${50 + i}`).join('\n') + '\n');
    const res = await api(base, 'POST', '/runs', { experimentId, datasetId: other.body.id });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/mean_\*/);
    expect(res.body.message).toMatch(/other\.csv/);
    const badBody = await api(base, 'POST', '/runs', { experimentId: 'x' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.message).toMatch(/experimentId must be an id \(uuid\)/);
    expect(await count(db, 'runs')).toBe(0);
  });

  it('runs an experiment on the queue with the CLI engine\'s exact numbers', async () => {
    const launched = await api(base, 'POST', '/runs', { experimentId, datasetId });
    expect(launched.status).toBe(201);
    runId = launched.body.id;
    expect(launched.body).toMatchObject({ status: 'queued', tasksTotal: 2 });
    const done = await waitForRun(base, runId);
    expect(done).toMatchObject({ status: 'succeeded', tasksDone: 2, error: null });
    expect(done.fitsDone).toBe(done.fitsTotal);
    const exported = await api(base, 'GET', `/runs/${runId}/results.json`);
    expect(exported.status).toBe(200);
    const cli = await cliResults(smallSpec());
    expect(comparable(exported.body)).toEqual(comparable(cli));
    expect(exported.body.dataset.path).toBe('wdbc.csv');
  });

  it('reports progress as server-sent events until the run ends', async () => {
    const res = await fetch(`${base}/api/runs/${runId}/events`, { headers: authHeaders(base) });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
    expect(events.at(-1)).toMatchObject({ id: runId, status: 'succeeded' });
  });

  it('serves leaderboards, one model\'s record, predictions CSV and comparisons', async () => {
    const board = await api(base, 'GET', `/runs/${runId}/leaderboard?sort=cvAuc&order=desc`);
    expect(board.body.total).toBe(4);
    const cv = board.body.items.map((r: any) => r.cvAuc);
    expect(cv).toEqual([...cv].sort((a, b) => b - a));
    const first = await fetch(`${base}/api/leaderboard?runId=${runId}&featureSet=worst&limit=1&sort=brier`, { headers: authHeaders(base) });
    const next = first.headers.get('x-next-cursor');
    expect(next).toBeTruthy();
    const paged = await api(base, 'GET', `/leaderboard?runId=${runId}&featureSet=worst&limit=1&sort=brier&after=${next}`);
    expect(paged.body).toMatchObject({ total: 2, limit: 1 });
    expect(paged.body.items[0].featureSet).toBe('worst');
    expect(paged.body.items[0].id).not.toBe((await first.json()).items[0].id);
    expect((await api(base, 'GET', '/leaderboard?sort=nonsense')).status).toBe(400);

    const record = await api(base, 'GET', `/results/${board.body.items[0].id}`);
    expect(record.body.cv.perConfig).toHaveLength(2);
    expect(record.body.cv.perConfig[0].foldAuc).toHaveLength(3);
    expect(record.body.predictions).toHaveLength(record.body.test.n);
    // A reviewer recomputes the stored test AUC from the stored predictions.
    const y = Uint8Array.from(record.body.predictions, (p: any) => p.label);
    const p = Float64Array.from(record.body.predictions, (q: any) => q.probability);
    expect(rocAuc(y, p)).toBe(record.body.test.auc);
    expect(board.body.items[0].testAuc).toBe(record.body.test.auc);

    const csv = await api(base, 'GET', `/runs/${runId}/predictions.csv`);
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toBe('feature_set,model,id,label,probability');
    expect(lines).toHaveLength(1 + 4 * record.body.test.n);

    // A second run of the same version: same patients, same numbers; DeLong p = 1 on identical scores.
    const again = await api(base, 'POST', '/runs', { experimentId, datasetId });
    await waitForRun(base, again.body.id);
    const cmp = await api(base, 'GET', `/compare?runs=${runId},${again.body.id}`);
    expect(cmp.body.rows).toHaveLength(4);
    for (const row of cmp.body.rows) {
      expect(row.runs[1]).toMatchObject({ present: true, deltaTestAuc: 0, deltaCvAuc: 0, sameTestPatients: true });
      expect(row.runs[1].delong.pValue).toBe(1);
    }
    const across = await api(base, 'GET', `/leaderboard?experimentId=${experimentId}&model=gaussian_nb`);
    expect(across.body.total).toBe(4);
    expect((await api(base, 'GET', `/compare?runs=${runId}`)).status).toBe(400);
  });

  it('ranks, sorts and marks best by the CV score, not the test AUC (the test AUC only estimates the chosen model)', async () => {
    const rows = (await api(base, 'GET', `/runs/${runId}/leaderboard?featureSet=mean`)).body.items;
    expect(rows).toHaveLength(2);
    const [byCv, lastByCv] = [...rows].sort((a: any, b: any) => b.cvAuc - a.cvAuc);
    expect(byCv.cvAuc).toBeGreaterThan(lastByCv.cvAuc);
    // the stored results of a model last by CV but first by test AUC (as the Bernoulli NB of the issue: CV 0.534, test 0.840)
    const [{ test_auc: original }] = await db.dataSource.query('SELECT test_auc FROM model_results WHERE id = $1', [lastByCv.id]);
    await db.dataSource.query('UPDATE model_results SET test_auc = 0.999 WHERE id = $1', [lastByCv.id]);
    try {
      const board = (await api(base, 'GET', `/runs/${runId}/leaderboard`)).body;
      expect(board).toMatchObject({ sort: 'cvAuc', order: 'desc', ranking: { sort: 'cvAuc', scoring: 'roc_auc' } });
      expect(board.ranking.note).toMatch(/chosen by mean CV AUC .* test metrics of the chosen model are the estimate/);
      const cv = board.items.map((r: any) => r.cvAuc);
      expect(cv).toEqual([...cv].sort((a, b) => b - a));
      const best = board.items.filter((r: any) => r.best);
      expect(best.map((r: any) => r.featureSet).sort()).toEqual(['mean', 'worst']);
      expect(best.find((r: any) => r.featureSet === 'mean').id).toBe(byCv.id);
      expect(board.items.find((r: any) => r.id === lastByCv.id)).toMatchObject({ best: false, cvRank: 2, testAuc: 0.999 });
      // sorting by the test AUC shows it first, but the choice stays with CV
      const byTest = (await api(base, 'GET', `/runs/${runId}/leaderboard?sort=testAuc&featureSet=mean`)).body.items;
      expect(byTest.map((r: any) => [r.id, r.best])).toEqual([[lastByCv.id, false], [byCv.id, true]]);
      expect(board.groups.find((g: any) => g.featureSet === 'mean').bestId).toBe(byCv.id);
    } finally {
      await db.dataSource.query('UPDATE model_results SET test_auc = $2 WHERE id = $1', [lastByCv.id, original]);
    }
  });

  it('runs on fixed test ids given at launch, and refuses unknown ones', async () => {
    const ids = wdbcBytes().toString('utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    const testIds = ids.filter((_, i) => i % 4 === 1);
    const runs = await count(db, 'runs');
    const bad = await api(base, 'POST', '/runs', { experimentId, datasetId, testIds: [...testIds.slice(0, 3), 'no-such-patient'] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/no-such-patient/);
    expect(await count(db, 'runs')).toBe(runs);
    const launched = await api(base, 'POST', '/runs', { experimentId, datasetId, testIds });
    expect(launched.status).toBe(201);
    expect(await waitForRun(base, launched.body.id)).toMatchObject({ status: 'succeeded' });
    const exported = (await api(base, 'GET', `/runs/${launched.body.id}/results.json`)).body;
    expect([...exported.split.testIds].sort()).toEqual([...testIds].sort());
    expect(exported.featureSets[0].models[0].predictions).toHaveLength(testIds.length);
  });

  it('cancels a run and resumes it to the same results', async () => {
    const launched = await api(base, 'POST', '/runs', { experimentId, datasetId });
    const id = launched.body.id;
    const cancelled = await api(base, 'POST', `/runs/${id}/cancel`);
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect((await api(base, 'POST', `/runs/${id}/cancel`)).status).toBe(409);
    await new Promise((r) => setTimeout(r, 1500)); // a task already running ends and is discarded
    expect((await api(base, 'GET', `/runs/${id}`)).body.status).toBe('cancelled');
    const resumed = await api(base, 'POST', `/runs/${id}/resume`);
    expect(resumed.status).toBe(200);
    expect(await waitForRun(base, id)).toMatchObject({ status: 'succeeded' });
    const a = await api(base, 'GET', `/runs/${id}/results.json`);
    const b = await api(base, 'GET', `/runs/${runId}/results.json`);
    expect(comparable(a.body)).toEqual(comparable(b.body));
  });

  it('groups the cross-run leaderboard by dataset sha256, experiment, test patients and feature set, with one best by CV and the class balance of each', async () => {
    // the same experiment on other data (WDBC without its last 69 patients): same feature-set names, another sha256
    const lines = wdbcBytes().toString('utf8').trim().split('\n');
    const smaller = await upload(base, 'wdbc-500.csv', lines.slice(0, 501).join('\n') + '\n', { labelColumn: 'label' });
    expect(smaller.status).toBe(201);
    const other = await api(base, 'POST', '/runs', { experimentId, datasetId: smaller.body.id });
    expect(await waitForRun(base, other.body.id)).toMatchObject({ status: 'succeeded' });
    const [full, small] = [(await api(base, 'GET', `/datasets/${datasetId}`)).body.sourceSha256, smaller.body.sourceSha256];

    // an administrator reads the whole leaderboard without any filter (README: GET /leaderboard?...)
    const all = await api(base, 'GET', '/leaderboard?limit=1000');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(await count(db, 'model_results'));
    const board = (await api(base, 'GET', `/leaderboard?experimentId=${experimentId}&limit=1000`)).body;
    expect(new Set(board.items.map((r: any) => r.datasetSha256))).toEqual(new Set([full, small]));
    // runs of the spec's seeded split share their test patients; the run on fixed test ids and the smaller dataset do not
    expect(new Set(board.items.map((r: any) => `${r.datasetSha256}/${r.testSet}`)).size).toBe(3);
    expect(board.note).toMatch(/^These rows come from 3 different test sets \(2 datasets by sha256\)/);
    expect(board.groups).toHaveLength(3 * 2);
    for (const g of board.groups) {
      const members = board.items.filter((r: any) => r.group === g.key);
      expect(members.every((r: any) => r.datasetSha256 === g.datasetSha256 && r.testSet === g.testSet && r.featureSet === g.featureSet && r.experimentId === experimentId)).toBe(true);
      expect(members).toHaveLength(g.rows);
      // exactly one best per group: the highest CV AUC (first in spec order on ties), whatever the test AUC
      const top = Math.max(...members.map((r: any) => r.cvAuc));
      const best = members.filter((r: any) => r.best);
      expect(best).toHaveLength(1);
      expect(best[0].id).toBe(g.bestId);
      expect(best[0].cvAuc).toBe(top);
      // the class balance is the group's own: that of the test patients its best model was tested on
      const record = (await api(base, 'GET', `/results/${g.bestId}`)).body;
      expect(g.classBalance.test).toEqual({ n: record.test.n, positives: record.test.positives });
    }
    const smallGroups = board.groups.filter((g: any) => g.datasetSha256 === small);
    expect(smallGroups.map((g: any) => g.classBalance.test.n + g.classBalance.train.n)).toEqual([500, 500]);
    // filtered to one dataset by its sha256: one test set, no warning
    const one = (await api(base, 'GET', `/leaderboard?datasetSha256=${small}`)).body;
    expect(one).toMatchObject({ total: 4, note: null });
    expect(one.items.every((r: any) => r.runId === other.body.id)).toBe(true);
    expect((await api(base, 'GET', '/leaderboard?datasetSha256=abc')).body.message).toMatch(/datasetSha256 must be 64 hex digits/);
    // comparing the runs on the two datasets says the test AUCs come from different patients
    const cmp = (await api(base, 'GET', `/compare?runs=${runId},${other.body.id}`)).body;
    expect(cmp.rows.map((r: any) => [r.runs[1].sameTestPatients, r.runs[1].delong])).toEqual(cmp.rows.map(() => [false, null]));
  });
});
