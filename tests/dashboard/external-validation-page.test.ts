import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { api, authorizeAdmin, smallSpec, testConfig, until, upload, waitForRun, wdbcBytes } from '../server/support/api';
import { openTestDatabase } from '../server/support/databases';
import { launchChromium, signedInPage, waitFor } from './support/chromium';
import { screenshot } from './support/screenshots';

const READY = `document.querySelector('#external-validation [data-validation]') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c))`;

describe('the model record\'s External validation part against the real server (embedded store)', () => {
  let db: Database;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let resultId: string;
  let validation: any;

  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig(), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    const ds = await upload(server.url, 'wdbc.csv', wdbcBytes());
    const spec = smallSpec({ featureSets: [{ name: 'mean', include: ['mean_*'] }], models: [{ id: 'logistic_regression', grid: { C: [1] } }] });
    const exp = await api(server.url, 'POST', '/experiments', { spec });
    const run = await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id });
    expect((await waitForRun(server.url, run.body.id, 300_000)).status).toBe('succeeded');
    resultId = (await api(server.url, 'GET', `/runs/${run.body.id}/leaderboard`)).body.items[0].id;
    const locked = await api(server.url, 'POST', `/runs/${run.body.id}/models/${resultId}/lock`, {});
    expect(locked.status, JSON.stringify(locked.body)).toBe(201);
    const [head, ...lines] = wdbcBytes().toString('utf8').trim().split('\n');
    const cohort = await upload(server.url, 'two-centres.csv', [`${head},centre`, ...lines.map((l, i) => `${l},${i % 2 ? 'North' : 'South'}`)].join('\n') + '\n');
    const launched = await api(server.url, 'POST', `/locked-models/${locked.body.id}/validations`, { datasetId: cohort.body.id, centreColumn: 'centre', bootstrap: 50 });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    validation = await until('validation done', async () => {
      const v = (await api(server.url, 'GET', `/validations/${launched.body.id}`)).body;
      return v.status === 'done' || v.status === 'failed' ? v : null;
    }, 300_000);
    expect(validation.status).toBe('done');
    browser = await launchChromium();
    ({ page, errors } = await signedInPage(browser, server.url, (method, path) => api(server.url, method, path)));
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  it('shows the locked version, the forest plot per centre, the calibration curves and the transportability table', async () => {
    await page.goto(`${server.url}/#/model/${resultId}`);
    await waitFor(page, READY, 60_000);
    await screenshot(page.locator('#external-validation'), 'external-validation');
    const short = validation.id.slice(0, 8);
    const forest = await page.evaluate<string[][]>(`[...document.querySelectorAll('#forest-${short}-table tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent))`);
    const r = validation.report.results;
    expect(forest.map((row) => row.slice(0, 3))).toEqual([
      ['pooled', '569', r.pooled.test.auc.toFixed(3)],
      ['North', String(r.centres[0].n), r.centres[0].metrics.test.auc.toFixed(3)],
      ['South', String(r.centres[1].n), r.centres[1].metrics.test.auc.toFixed(3)],
    ]);
    // chart.js draws the forest (a segment and a point per row) and one calibration curve per centre and pooled
    expect(await page.evaluate<number>(`Chart.getChart(document.getElementById('forest-${short}-chart')).data.datasets.length`)).toBe(6);
    expect(await page.evaluate<string[]>(`Chart.getChart(document.getElementById('calibration-${short}-chart')).data.datasets.map((d) => d.label)`)).toEqual(['pooled', 'North', 'South', 'perfect calibration']);
    const transport = await page.evaluate<number>(`document.querySelectorAll('#transport-${short} tbody tr').length`);
    expect(transport).toBe(validation.report.transportability.report.variables.length);
    expect(await page.evaluate<string>(`document.querySelector('[data-locked-file]').getAttribute('href')`)).toMatch(/^\/api\/locked-models\/[0-9a-f-]{36}\/file$/);
    expect(errors).toEqual([]);
  }, 120_000);
});
