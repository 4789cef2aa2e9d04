import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harrellC } from '@radsweep/metrics';
import type { SurvivalExperimentResults, SurvivalModelResult } from '@radsweep/pipeline';
import type { SurvivalCompareResponse, SurvivalLeaderboardResponse, SurvivalModelRecord } from '@radsweep/api-contract';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { api, authHeaders, authorizeAdmin, comparable, testConfig, upload, waitForRun } from './support/api';
import { useSingleTaskRuns } from './support/single-task-runs';
import { countHarrellC, handMadeCohort, handMadeSpec, localSurvivalResults, rotterdamSubset, survivalSpec } from './support/survival';

const csv = rotterdamSubset();
let local: Promise<SurvivalExperimentResults> | null = null;
/** The engine's own results of survivalSpec() on the subset (computed once for both back ends). */
const engineResults = () => (local ??= localSurvivalResults(survivalSpec(), csv));

describe.each(BACKENDS)('survival runs through the API on %s', (backend) => {
  // The one-task path (RADSWEEP_TWO_STAGE=0); the two-stage default is covered by survival-two-stage.test.ts.
  useSingleTaskRuns();
  let db: Database;
  let server: RunningServer;
  let base: string;
  let datasetId: string;
  let runId: string;
  let board: SurvivalLeaderboardResponse;

  /** Stores `spec` as an experiment and runs it on `dataset` to the end. */
  async function runToEnd(spec: Record<string, unknown>, dataset: string): Promise<string> {
    const exp = await api(base, 'POST', '/experiments', { spec });
    expect(exp.status, JSON.stringify(exp.body)).toBe(201);
    const run = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId: dataset });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    const done = await waitForRun(base, run.body.id, 600_000);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    return run.body.id;
  }

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig(), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
    const ds = await upload(base, 'rotterdam.csv', csv);
    expect(ds.status).toBe(201);
    datasetId = ds.body.id;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it("runs as one queue task per endpoint x feature set and exports the engine's own results file", async () => {
    const exp = await api(base, 'POST', '/experiments', { spec: survivalSpec() });
    const launched = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect(launched.body.tasks.map((t: { featureSet: string }) => t.featureSet)).toEqual(['rfs/clinical', 'rfs/nodes']);
    runId = launched.body.id;
    expect((await waitForRun(base, runId, 600_000)).status).toBe('succeeded');
    const exported = await api(base, 'GET', `/runs/${runId}/results.json`);
    expect(exported.status).toBe(200);
    expect(exported.body.kind).toBe('survival');
    expect(comparable(exported.body)).toEqual(comparable(await engineResults()));
  });

  it("gives the engine's numbers on the leaderboard, the best chosen by mean CV C-index only", async () => {
    const res = await api(base, 'GET', `/runs/${runId}/survival/leaderboard`);
    expect(res.status).toBe(200);
    board = res.body;
    const engine = (await engineResults()).endpoints[0];
    expect(board.endpoints).toHaveLength(1);
    const [lb] = board.endpoints;
    expect(lb.endpoint).toMatchObject({ name: 'rfs', eventCodes: [1], horizons: [1096, 1826], competingEvents: { count: 0, handling: 'censored at their time (cause-specific)' } });
    expect(lb.endpoint.test).toEqual(engine.featureSets[0].events.test);
    expect(lb.group.testSetSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(lb.note).toMatch(/mean CV Harrell's C/);
    expect(lb.rows).toHaveLength(4);
    for (const fs of engine.featureSets) {
      const rows = lb.rows.filter((r) => r.featureSet === fs.name);
      // ranked by CV C-index, the first one best
      expect(rows.map((r) => r.cvCIndex)).toEqual([...rows.map((r) => r.cvCIndex)].sort((a, b) => b - a));
      expect(rows.map((r) => r.best)).toEqual([true, false]);
      for (const m of fs.models) {
        const row = rows.find((r) => r.model === m.model)!;
        const t = m.test!;
        expect(row.cvCIndex).toBe(m.cv.cIndex.mean);
        expect(row.cvCIndexSd).toBe(m.cv.cIndex.sd);
        expect(row.testHarrellC).toEqual({ estimate: t.harrellC.estimate, stdErr: t.harrellC.stdErr, lower: t.harrellC.lower, upper: t.harrellC.upper });
        expect(row.testUnoC).toEqual({ ...t.unoC });
        expect(row.tdAuc).toEqual(t.atHorizon.map((h) => ({ horizon: h.horizon, ...h.auc })));
        expect(row.ibs).toEqual({ estimate: t.ibs!.estimate, nullEstimate: t.ibs!.nullEstimate });
        expect(row.calibrationSlope).toEqual(t.calibrationSlope);
        expect(row.calibrationSlopeAtHorizon.map((c) => c.horizon)).toEqual([1096, 1826]);
        for (const c of row.calibrationSlopeAtHorizon) expect(Number.isFinite(c.slope)).toBe(true);
        expect(row.atHorizon).toBeNull();
      }
    }
    const one = await api(base, 'GET', `/runs/${runId}/survival/leaderboard?endpoint=rfs`);
    expect(one.body).toEqual(board);
    const unknown = await api(base, 'GET', `/runs/${runId}/survival/leaderboard?endpoint=os`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/endpoint.*'os'.*rfs/);
  });

  it('serves the model record: risk-group KM curves with CIs and numbers at risk, td-AUC over time, calibration, decision curves, predictions', async () => {
    const engine = (await engineResults()).endpoints[0].featureSets[0].models.find((m) => m.model === 'cox_ph')!;
    const row = board.endpoints[0].rows.find((r) => r.featureSet === 'clinical' && r.model === 'cox_ph')!;
    const res = await api(base, 'GET', `/survival/results/${row.id}`);
    expect(res.status).toBe(200);
    const record: SurvivalModelRecord = res.body;
    expect(record.row).toEqual(row);
    expect(record.predictions).toEqual(engine.predictions);
    expect(record.predictedAt).toEqual([1096, 1826]);
    expect(record.configurations.map((c) => c.params)).toEqual([{ ties: 'efron' }, { ties: 'breslow' }]);
    const rg = record.riskGroups!;
    expect(rg.cutoffs).toEqual(engine.test!.riskGroups.cutoffs);
    expect(rg.logRank).toEqual(engine.test!.riskGroups.logRank);
    expect(rg.atRiskTimes).toEqual([0, 1096, 1826]);
    for (const g of rg.groups) {
      const eg = engine.test!.riskGroups.groups[g.group];
      expect(g.n).toBe(eg.n);
      expect([g.time[0], g.survival[0], g.nRisk[0], g.atRisk[0]]).toEqual([0, 1, g.n, g.n]);
      expect(g.survival.slice(1)).toEqual(eg.km!.survival);
      // the numbers at risk at a horizon: the group's patients followed that long
      const members = record.predictions.filter((p) => (rg.cutoffs[0] < p.linearPredictor ? 1 : 0) === g.group);
      expect(g.atRisk).toEqual(rg.atRiskTimes.map((t) => members.filter((p) => p.time >= t).length));
      g.survival.forEach((s, j) => {
        if (g.lower[j] !== null) expect(g.lower[j]!).toBeLessThanOrEqual(s + 1e-12);
        if (g.upper[j] !== null) expect(g.upper[j]!).toBeGreaterThanOrEqual(s - 1e-12);
      });
    }
    expect(record.aucOverTime).toEqual(engine.test!.aucOverTime);
    expect(record.calibration.map((c) => c.points)).toEqual(engine.test!.atHorizon.map((h) => h.calibration));
    expect(record.decisionCurves.map((c) => c.points)).toEqual(engine.test!.atHorizon.map((h) => h.decisionCurve));
    expect(record.brier.map((b) => b.nullBrier)).toEqual(engine.test!.atHorizon.map((h) => h.nullBrier));
  });

  it('exports every test prediction as CSV (linear predictor and survival at each horizon)', async () => {
    const res = await fetch(`${base}/api/runs/${runId}/survival/predictions.csv`, { headers: authHeaders(base) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('endpoint,feature_set,model,id,time,event,linear_predictor,survival_at_1096,survival_at_1826');
    const engine = (await engineResults()).endpoints[0];
    const expected = engine.featureSets.flatMap((fs) =>
      fs.models.flatMap((m: SurvivalModelResult) => m.predictions.map((p) => ['rfs', fs.name, m.model, p.id, p.time, p.event, p.linearPredictor, ...p.survival].join(','))),
    );
    expect(lines.slice(1)).toEqual(expected);
  });

  it('exports the leaderboards as CSV: one row per endpoint x feature set x model, the numbers of the JSON leaderboard', async () => {
    const res = await fetch(`${base}/api/runs/${runId}/survival/leaderboard.csv`, { headers: authHeaders(base) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const [head, ...lines] = (await res.text()).trimEnd().split('\n');
    const cols = head.split(',');
    expect(cols.slice(0, 4)).toEqual(['endpoint', 'feature_set', 'model', 'best_by_cv']);
    expect(cols).toContain('td_auc_at_1096');
    const rows = board.endpoints.flatMap((e) => e.rows.map((r) => ({ e: e.endpoint.name, r })));
    expect(lines).toHaveLength(rows.length);
    lines.forEach((line, i) => {
      const cell = Object.fromEntries(line.split(',').map((v, k) => [cols[k], v]));
      const { e, r } = rows[i];
      expect([cell.endpoint, cell.feature_set, cell.model, cell.best_by_cv]).toEqual([e, r.featureSet, r.model, r.best ? '1' : '0']);
      const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
      expect(cell.cv_c_index).toBe(text(r.cvCIndex));
      expect(cell.test_harrell_c).toBe(text(r.testHarrellC?.estimate));
      expect(cell.td_auc_at_1096).toBe(text(r.tdAuc.find((a) => a.horizon === 1096)?.estimate));
      expect(cell.ibs_null).toBe(text(r.ibs?.nullEstimate));
      expect(cell.excluded_censored).toBe(text(r.atHorizon?.excludedCensored));
    });
  });

  it("compares two models on the same test patients: difference of the stored C-indices, seeded paired bootstrap", async () => {
    const rows = board.endpoints[0].rows.filter((r) => r.featureSet === 'clinical');
    const [a, b] = [rows.find((r) => r.model === 'cox_ph')!, rows.find((r) => r.model === 'lasso_cox')!];
    const first = await api(base, 'GET', `/survival/compare?a=${a.id}&b=${b.id}&resamples=300&seed=9`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const cmp: SurvivalCompareResponse = first.body;
    expect(cmp.difference).toBe(a.testHarrellC!.estimate - b.testHarrellC!.estimate);
    const recA: SurvivalModelRecord = (await api(base, 'GET', `/survival/results/${a.id}`)).body;
    const recB: SurvivalModelRecord = (await api(base, 'GET', `/survival/results/${b.id}`)).body;
    const c = (r: SurvivalModelRecord) => harrellC(Float64Array.from(r.predictions, (p) => p.time), Uint8Array.from(r.predictions, (p) => p.event), Float64Array.from(r.predictions, (p) => p.linearPredictor)).concordance;
    expect(cmp.difference).toBeCloseTo(c(recA) - c(recB), 12);
    expect(cmp).toMatchObject({ n: recA.predictions.length, a: { model: 'cox_ph' }, b: { model: 'lasso_cox' }, bootstrap: { resamples: 300, seed: 9 } });
    expect(cmp.bootstrap.lower).toBeLessThanOrEqual(cmp.bootstrap.upper);
    expect(cmp.bootstrap.pValue).toBeGreaterThanOrEqual(0);
    expect(cmp.bootstrap.pValue).toBeLessThanOrEqual(1);
    expect((await api(base, 'GET', `/survival/compare?a=${a.id}&b=${b.id}&resamples=300&seed=9`)).body).toEqual(cmp);
    const other = (await api(base, 'GET', `/survival/compare?a=${a.id}&b=${b.id}&resamples=300&seed=10`)).body as SurvivalCompareResponse;
    expect(other.difference).toBe(cmp.difference);
    expect([other.bootstrap.lower, other.bootstrap.upper]).not.toEqual([cmp.bootstrap.lower, cmp.bootstrap.upper]);
    // defaults: 2000 resamples, seed 1
    expect((await api(base, 'GET', `/survival/compare?a=${a.id}&b=${b.id}`)).body.bootstrap).toMatchObject({ resamples: 2000, seed: 1 });
    const bad = await api(base, 'GET', `/survival/compare?a=${a.id}&b=${b.id}&resamples=5`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/resamples/);
  });

  it('refuses to compare models of different comparison groups (422 naming what differs)', async () => {
    const other = await runToEnd(survivalSpec({ name: 'rotterdam-other-split', seed: 12, featureSets: [{ name: 'nodes', include: ['nodes', 'size'] }], models: [{ id: 'cox_ph' }] }), datasetId);
    const otherBoard: SurvivalLeaderboardResponse = (await api(base, 'GET', `/runs/${other}/survival/leaderboard`)).body;
    const a = board.endpoints[0].rows[0];
    const res = await api(base, 'GET', `/survival/compare?a=${a.id}&b=${otherBoard.endpoints[0].rows[0].id}`);
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/^b: .*test set differs/);
  });

  it('spot-check on a hand-made cohort: Harrell C equals a pair-by-pair count; competing events stored as censored; a classifier at a horizon', async () => {
    const { csv: hand, rows } = handMadeCohort();
    const ds = await upload(base, 'hand.csv', hand);
    const run = await runToEnd({ ...handMadeSpec(), models: [{ id: 'cox_ph' }, { id: 'logistic_regression' }] }, ds.body.id);
    const lb: SurvivalLeaderboardResponse = (await api(base, 'GET', `/runs/${run}/survival/leaderboard`)).body;
    expect(lb.endpoints[0].endpoint.competingEvents).toEqual({ count: rows.filter((r) => r.event === 2).length, handling: 'censored at their time (cause-specific)' });
    const row = lb.endpoints[0].rows.find((r) => r.model === 'cox_ph')!;
    // the classifier learns the status at the first horizon (300): training patients without the event and followed less long are left out
    const clf = lb.endpoints[0].rows.find((r) => r.model === 'logistic_regression')!;
    const trainIds: string[] = (await api(base, 'GET', `/runs/${run}/results.json`)).body.endpoints[0].split.trainIds;
    const unknownAt300 = rows.filter((r) => trainIds.includes(r.id) && r.event !== 1 && r.time < 300).length;
    expect(unknownAt300).toBeGreaterThan(0);
    expect(clf.atHorizon).toEqual({ horizon: 300, excludedCensored: unknownAt300 });
    expect(clf.tdAuc.map((h) => h.horizon)).toEqual([300]);
    expect(clf.ibs).toBeNull();
    const record: SurvivalModelRecord = (await api(base, 'GET', `/survival/results/${row.id}`)).body;
    const byId = new Map(rows.map((r) => [r.id, r]));
    // the stored event is 1 for code 1 only: competing (2) and censored (0) patients are 0
    for (const p of record.predictions) expect(p.event).toBe(byId.get(p.id)!.event === 1 ? 1 : 0);
    expect(record.predictions.some((p) => byId.get(p.id)!.event === 2)).toBe(true);
    const counted = countHarrellC(
      record.predictions.map((p) => byId.get(p.id)!.time),
      record.predictions.map((p) => byId.get(p.id)!.event),
      record.predictions.map((p) => p.linearPredictor),
    );
    expect(row.testHarrellC!.estimate).toBeCloseTo(counted, 12);
    const again = await api(base, 'GET', `/survival/compare?a=${row.id}&b=${board.endpoints[0].rows[0].id}`);
    expect(again.status).toBe(422);
    expect(again.body.message).toMatch(/dataset sha256 differs/);
  });

  it('refuses a bad survival spec with a 400 naming the key, storing nothing', async () => {
    const before = (await api(base, 'GET', '/experiments')).body.length;
    const cases: [Record<string, unknown>, RegExp][] = [
      [survivalSpec({ endpoints: [{ name: 'rfs', type: 'survival', event: 'event', eventCodes: [1], horizons: [1096] }] }), /endpoints\[0\].*time/],
      [survivalSpec({ endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', eventCodes: [1], horizons: [-5] }] }), /endpoints\[0\]\.horizons/],
      [survivalSpec({ sampler: { smote: {} } }), /sampler/],
    ];
    for (const [spec, key] of cases) {
      const res = await api(base, 'POST', '/experiments', { spec });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.message).toMatch(key);
    }
    expect((await api(base, 'GET', '/experiments')).body.length).toBe(before);
    // found only against the data, at launch: an event code that never occurs
    const exp = await api(base, 'POST', '/experiments', { spec: survivalSpec({ name: 'code-3', endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', eventCodes: [3], horizons: [1096] }] }) });
    expect(exp.status).toBe(201);
    const runs = (await api(base, 'GET', '/runs')).body.length;
    const launch = await api(base, 'POST', '/runs', { experimentId: exp.body.id, datasetId });
    expect(launch.status).toBe(400);
    expect(launch.body.message).toMatch(/eventCodes/);
    expect((await api(base, 'GET', '/runs')).body.length).toBe(runs);
  });
});
