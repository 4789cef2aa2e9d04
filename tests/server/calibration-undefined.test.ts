import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases';
import { api, smallSpec, startAdminServer, upload, waitForRun, wdbcBytes } from './support/api';

/**
 * The calibration rule for predictions of exactly 0 or 1 (issue 14 item 9) across the boundary: a fully grown
 * decision tree (every leaf pure, so every test prediction is 0 or 1) has no calibration slope or intercept;
 * the results file and the model record carry null with `calibrationUndefined`, and the dashboard's
 * leaderboard row carries the reason beside the null slope. Logistic regression keeps both numbers.
 */
describe.each(BACKENDS)('calibration undefined at predictions of 0 or 1, through the API, on %s', (backend) => {
  let app: Awaited<ReturnType<typeof startAdminServer>> | undefined;
  let base: string;
  let runId: string;

  beforeAll(async () => {
    app = await startAdminServer(backend);
    base = app.base;
    const dataset = await upload(base, 'wdbc.csv', wdbcBytes(), { labelColumn: 'label' });
    const spec = smallSpec({
      name: 'wdbc-pure-leaves',
      featureSets: [{ name: 'mean', include: ['mean_*'] }],
      models: [
        { id: 'decision_tree', grid: { max_depth: [null] } },
        { id: 'logistic_regression', grid: { C: [1] } },
      ],
    });
    const experiment = await api(base, 'POST', '/experiments', { spec });
    const launched = await api(base, 'POST', '/runs', { experimentId: experiment.body.id, datasetId: dataset.body.id });
    runId = launched.body.id;
    expect(await waitForRun(base, runId)).toMatchObject({ status: 'succeeded' });
  }, 300_000);
  afterAll(() => app?.close());

  it('results file: null slope and intercept with the reason for the tree, numbers for logistic regression', async () => {
    const results = (await api(base, 'GET', `/runs/${runId}/results.json`)).body;
    const models = results.featureSets[0].models;
    const tree = models.find((m: any) => m.model === 'decision_tree');
    expect(tree.predictions.every((q: any) => q.probability === 0 || q.probability === 1)).toBe(true);
    expect(tree.test).toMatchObject({
      calibrationSlope: null,
      calibrationIntercept: null,
      calibrationUndefined: { slope: 'prediction-at-0-or-1', intercept: 'prediction-at-0-or-1' },
    });
    const logistic = models.find((m: any) => m.model === 'logistic_regression');
    expect(logistic.test.calibrationUndefined).toEqual({ slope: null, intercept: null });
    expect(Number.isFinite(logistic.test.calibrationSlope)).toBe(true);
  });

  it('dashboard leaderboard row and model record carry the reason', async () => {
    const board = (await api(base, 'GET', `/dashboard/leaderboard?runId=${runId}`)).body;
    const tree = board.items.find((r: any) => r.model === 'decision_tree');
    expect(tree.calibrationSlope).toBeNull();
    expect(tree.calibrationUndefined).toEqual({ slope: 'prediction-at-0-or-1', intercept: 'prediction-at-0-or-1' });
    const logistic = board.items.find((r: any) => r.model === 'logistic_regression');
    expect(logistic.calibrationUndefined).toEqual({ slope: null, intercept: null });
    const record = (await api(base, 'GET', `/dashboard/results/${tree.id}`)).body;
    expect(record.record.test.calibrationUndefined).toEqual({ slope: 'prediction-at-0-or-1', intercept: 'prediction-at-0-or-1' });
  });
});
