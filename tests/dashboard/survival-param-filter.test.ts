import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, authHeaders, startAdminServer } from '../server/support/api';
import { storedRun, TINY_CSV, tinySpec } from '../server/support/access-fixture';
import { storedSurvivalConfigurations } from '../server/support/survival-configurations';
import { axeAtBothWidths } from './support/axe';
import { screenshot } from './support/screenshots';
import { launchChromium, signedInPage, waitFor } from './support/chromium';

const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy')`;

/** The survival leaderboard page's hyper-parameter filter against the real server (embedded store): rows, the URL, refusals. */
describe('survival leaderboard: filter by chosen hyper-parameters in the browser', () => {
  let server: Awaited<ReturnType<typeof startAdminServer>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let runId: string;
  /** model result ids: cox_ph, lasso_cox, random_survival_forest, cox_boost, logistic_regression */
  let ids: string[];

  beforeAll(async () => {
    server = await startAdminServer('embedded');
    const P = (await api(server.base, 'POST', '/projects', { name: 'Survival filter' })).body.id;
    const form = new FormData();
    form.append('file', new Blob([TINY_CSV]), 'tiny.csv');
    const D = (await (await fetch(`${server.base}/api/datasets?projectId=${P}`, { method: 'POST', body: form, headers: authHeaders(server.base) })).json()).id;
    const E = (await api(server.base, 'POST', `/experiments?projectId=${P}`, { spec: tinySpec() })).body.id;
    runId = (await storedRun(server.db.dataSource, P, E, D)).runId;
    ids = await storedSurvivalConfigurations(server.db.dataSource, runId);
    browser = await launchChromium();
    ({ page, errors } = await signedInPage(browser, server.base, (method, path) => api(server.base, method, path)));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const rows = () => page.evaluate<string[]>(`[...document.querySelectorAll('#survival-leaderboard tbody tr')].map((tr) => tr.dataset.id)`);
  const hashParams = () => page.evaluate<string | null>(`new URLSearchParams(location.hash.split('?')[1]).get('params')`);
  const status = () => page.evaluate<string>(`document.getElementById('survival-filter-status').textContent`);
  it('filters the rows on the server, keeps the filter in the URL, and a reload shows the same rows', async () => {
    await page.goto(`${server.base}/#/survival?runId=${runId}`);
    await waitFor(page, `${READY} && document.querySelector('#survival-leaderboard tbody tr')`);
    expect((await rows()).sort()).toEqual([...ids].sort());
    await page.fill('#survival-filter-params', 'n_estimators>=100');
    await page.press('#survival-filter-params', 'Tab');
    await waitFor(page, `document.querySelectorAll('#survival-leaderboard tbody tr').length === 2`);
    // the forest and the boosting model, in the unfiltered order (by mean CV C-index); the forest keeps its mark best by CV
    expect(await rows()).toEqual([ids[2], ids[3]]);
    expect(await page.evaluate<boolean>(`document.querySelector('tr[data-id="${ids[2]}"]').classList.contains('best')`)).toBe(true);
    expect(await hashParams()).toBe('n_estimators>=100');
    await screenshot(page, 'survival-leaderboard-params-filter', { fullPage: true });
    expect(await axeAtBothWidths(page)).toEqual([]);
    await page.reload();
    await waitFor(page, `${READY} && document.querySelector('#survival-leaderboard tbody tr')`);
    expect(await rows()).toEqual([ids[2], ids[3]]);
    expect(await page.evaluate<string>(`document.getElementById('survival-filter-params').value`)).toBe('n_estimators>=100');
    // nothing meets it: said so, the table empty
    await page.fill('#survival-filter-params', 'l2>=0,n_estimators>=1');
    await page.press('#survival-filter-params', 'Tab');
    await waitFor(page, `document.getElementById('survival-filter-empty')`);
    expect(await rows()).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  it("a refused filter keeps the rows shown with the server's reason; opened from a URL it is removed, with the reason", async () => {
    await page.goto(`${server.base}/#/survival?runId=${runId}&params=${encodeURIComponent('ties=efron')}`);
    await waitFor(page, `${READY} && document.querySelector('#survival-leaderboard tbody tr')`);
    expect(await rows()).toEqual([ids[0]]);
    await page.fill('#survival-filter-params', 'ties=efron,depth<=3');
    await page.press('#survival-filter-params', 'Tab');
    await waitFor(page, `document.getElementById('survival-filter-status').textContent`);
    expect(await status()).toMatch(/unknown hyper-parameter 'depth'/);
    expect(await rows()).toEqual([ids[0]]);
    expect(await hashParams()).toBe('ties=efron');
    await page.goto(`${server.base}/#/survival?runId=${runId}&params=${encodeURIComponent('l2<=big')}`);
    await waitFor(page, `${READY} && document.querySelectorAll('#survival-leaderboard tbody tr').length === ${ids.length}`);
    expect(await status()).toMatch(/the bound of 'l2<=' must be a number, got 'big'.*\(hyper-parameter filter removed\)/);
    expect(await hashParams()).toBe(null);
    expect(await axeAtBothWidths(page)).toEqual([]);
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  }, 120_000);
});
