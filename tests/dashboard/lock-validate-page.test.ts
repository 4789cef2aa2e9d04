import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { api, authorizeAdmin, smallSpec, testConfig, until, upload, waitForRun, wdbcBytes } from '../server/support/api';
import { openTestDatabase } from '../server/support/databases';
import { rotterdamSubset, survivalSpec } from '../server/support/survival';
import { launchChromium, signedInPage, waitFor } from './support/chromium';

/** Locking a model and validating it on an uploaded two-centre cohort from the model record (binary and survival), as a data scientist would. */
describe('lock and validate from the model record (embedded store)', () => {
  let db: Database;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let resultId: string;
  let plainId: string;
  let cohortId: string;
  let survivalResultId: string;
  let survivalCohortId: string;

  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig(), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    const ds = await upload(server.url, 'wdbc.csv', wdbcBytes());
    plainId = ds.body.id;
    const spec = smallSpec({ featureSets: [{ name: 'mean', include: ['mean_*'] }], models: [{ id: 'logistic_regression', grid: { C: [1] } }] });
    const exp = await api(server.url, 'POST', '/experiments', { spec });
    const run = await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id });
    expect((await waitForRun(server.url, run.body.id, 300_000)).status).toBe('succeeded');
    resultId = (await api(server.url, 'GET', `/runs/${run.body.id}/leaderboard`)).body.items[0].id;
    const [head, ...lines] = wdbcBytes().toString('utf8').trim().split('\n');
    cohortId = (await upload(server.url, 'two-centres.csv', [`${head},centre`, ...lines.map((l, i) => `${l},${i % 2 ? 'North' : 'South'}`)].join('\n') + '\n')).body.id;
    // a survival run (Cox PH on one feature set) and its development data as a two-centre cohort
    const rotterdam = rotterdamSubset();
    const sds = await upload(server.url, 'rotterdam.csv', rotterdam);
    const sexp = await api(server.url, 'POST', '/experiments', { spec: survivalSpec({ featureSets: [{ name: 'nodes', include: ['nodes', 'size'] }], models: [{ id: 'cox_ph' }] }) });
    const srun = await api(server.url, 'POST', '/runs', { experimentId: sexp.body.id, datasetId: sds.body.id });
    expect((await waitForRun(server.url, srun.body.id, 300_000)).status).toBe('succeeded');
    survivalResultId = (await api(server.url, 'GET', `/runs/${srun.body.id}/survival/leaderboard`)).body.endpoints[0].rows[0].id;
    const [shead, ...slines] = rotterdam.trim().split('\n');
    survivalCohortId = (await upload(server.url, 'rotterdam-centres.csv', [`${shead},centre`, ...slines.map((l, i) => `${l},${i % 2 ? 'East' : 'West'}`)].join('\n') + '\n')).body.id;
    browser = await launchChromium();
    ({ page, errors } = await signedInPage(browser, server.url, (method, path) => api(server.url, method, path)));
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  it('the lock button stores a sealed version verified against the run', async () => {
    await page.goto(`${server.url}/#/model/${resultId}`);
    await waitFor(page, `document.getElementById('lock-model')`, 60_000);
    await page.fill('#lock-name', 'final model, pre-registered');
    await page.click('#lock-model');
    await waitFor(page, `document.querySelector('[data-locked-file]')`, 120_000);
    const stored = (await api(server.url, 'GET', `/results/${resultId}/locked-models`)).body;
    expect(stored.map((l: any) => l.name)).toEqual(['final model, pre-registered']);
    expect(await page.evaluate<string>(`document.querySelector('#external-validation h3').textContent`)).toContain('final model, pre-registered');
  }, 180_000);

  it('a cohort without the centre column is refused with the server\'s reason; the two-centre cohort validates per centre', async () => {
    const locked = (await api(server.url, 'GET', `/results/${resultId}/locked-models`)).body[0];
    const key = locked.id.slice(0, 8);
    await page.selectOption(`#validate-dataset-${key}`, plainId);
    await page.fill(`#validate-centre-${key}`, 'centre');
    await page.click(`#validate-${key}`);
    await waitFor(page, `document.getElementById('validate-status-${key}').textContent.length > 0`, 60_000);
    expect(await page.evaluate<string>(`document.getElementById('validate-status-${key}').textContent`)).toMatch(/centre/);
    expect((await api(server.url, 'GET', `/locked-models/${locked.id}/validations`)).body).toEqual([]);
    await page.selectOption(`#validate-dataset-${key}`, cohortId);
    await page.click(`#validate-${key}`);
    await waitFor(page, `document.querySelector('#external-validation [data-validation]') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c))`, 300_000);
    const [v] = (await api(server.url, 'GET', `/locked-models/${locked.id}/validations`)).body;
    const detail = (await api(server.url, 'GET', `/validations/${v.id}`)).body;
    const rows = await page.evaluate<string[][]>(`[...document.querySelectorAll('#forest-${v.id.slice(0, 8)}-table tbody tr')].map((tr) => [...tr.children].slice(0, 3).map((td) => td.textContent))`);
    expect(rows.map((r) => r[0])).toEqual(['pooled', 'North', 'South']);
    expect(rows[0][2]).toBe(detail.report.results.pooled.test.auc.toFixed(3));
    expect(await page.evaluate<string>(`document.querySelector('[data-validation="${v.id}"] [data-validation-settings]').textContent`)).toBe('Bootstrap 1000 resamples, seed 42');
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  }, 400_000);

  it('a validation launched with seed 7 is stored with seed 7 and says so in its report header', async () => {
    const locked = (await api(server.url, 'GET', `/results/${resultId}/locked-models`)).body[0];
    const key = locked.id.slice(0, 8);
    const before = new Set((await api(server.url, 'GET', `/locked-models/${locked.id}/validations`)).body.map((v: any) => v.id));
    expect(await page.evaluate<string>(`document.getElementById('validate-seed-${key}').value`)).toBe('42');
    await page.selectOption(`#validate-dataset-${key}`, cohortId);
    await page.fill(`#validate-centre-${key}`, 'centre');
    await page.fill(`#validate-seed-${key}`, '7');
    await page.click(`#validate-${key}`);
    const v = await until('the seed-7 validation', async () => (await api(server.url, 'GET', `/locked-models/${locked.id}/validations`)).body.find((x: any) => !before.has(x.id)));
    await waitFor(page, `document.querySelector('[data-validation="${v.id}"] [data-validation-settings]')`, 300_000);
    expect((await api(server.url, 'GET', `/validations/${v.id}`)).body).toMatchObject({ status: 'done', seed: 7, report: { settings: { seed: 7 } } });
    expect(await page.evaluate<string>(`document.querySelector('[data-validation="${v.id}"] [data-validation-settings]').textContent`)).toBe('Bootstrap 1000 resamples, seed 7');
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  }, 400_000);

  it("a survival model's record locks and validates the same way: a forest plot of Harrell's C per centre", async () => {
    await page.goto(`${server.url}/#/survival-model/${survivalResultId}`);
    // the survival record (its log-rank line) with its own lock form, not the binary page's still on screen
    await waitFor(page, `document.getElementById('log-rank') && document.getElementById('lock-model') && !document.querySelector('[data-locked-file]')`, 60_000);
    await page.click('#lock-model');
    await waitFor(page, `document.querySelector('[data-locked-file]')`, 120_000);
    const [locked] = (await api(server.url, 'GET', `/survival/results/${survivalResultId}/locked-models`)).body;
    expect(locked).toMatchObject({ endpointType: 'survival', modelResultId: survivalResultId, verification: { refitEqualsRun: true, lockedFileEqualsRun: true } });
    const key = locked.id.slice(0, 8);
    await page.selectOption(`#validate-dataset-${key}`, survivalCohortId);
    await page.fill(`#validate-centre-${key}`, 'centre');
    await page.click(`#validate-${key}`);
    await waitFor(page, `document.querySelector('#external-validation [data-validation]') && [...document.querySelectorAll('#external-validation canvas')].every((c) => Chart.getChart(c))`, 300_000);
    const [v] = (await api(server.url, 'GET', `/locked-models/${locked.id}/validations`)).body;
    const detail = (await api(server.url, 'GET', `/validations/${v.id}`)).body;
    expect(detail.status).toBe('done');
    const caption = await page.evaluate<string>(`document.querySelector('#forest-${v.id.slice(0, 8)}').closest('figure').textContent`);
    expect(caption).toContain("Harrell's C per centre");
    const rows = await page.evaluate<string[][]>(`[...document.querySelectorAll('#forest-${v.id.slice(0, 8)}-table tbody tr')].map((tr) => [...tr.children].slice(0, 5).map((td) => td.textContent))`);
    const r = detail.report.results;
    const expected = [['pooled', r.pooled], ...r.centres.map((c: any) => [c.centre, c.metrics])].map(([label, m]: any) => [label, m.n, m.harrellC.estimate, m.harrellC.lower, m.harrellC.upper]);
    expect(rows).toEqual(expected.map(([label, n, ...c]) => [label, String(n), ...c.map((x: number) => x.toFixed(3))]));
    expect(rows.map((row) => row[0])).toEqual(['pooled', 'East', 'West']);
    expect(await page.evaluate<string>(`document.querySelector('[data-validation="${v.id}"] [data-validation-settings]').textContent`)).toBe('Seed 42; intervals from standard errors (no bootstrap)');
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  }, 600_000);
});
