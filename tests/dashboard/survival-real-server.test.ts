import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { SurvivalLeaderboardResponse, SurvivalModelRecord } from '@radsweep/api-contract';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { api, authorizeAdmin, testConfig, upload, waitForRun } from '../server/support/api';
import { openTestDatabase } from '../server/support/databases';
import { rotterdamSubset, survivalSpec } from '../server/support/survival';
import { timeTicks } from '../../apps/dashboard/src/survival/time-ticks';
import { axeAtBothWidths, axeFindings, describeFinding } from './support/axe';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { screenshot } from './support/screenshots';

const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c)) && [...document.querySelectorAll('.at-risk')].every((t) => t.classList.contains('aligned'))`;

describe('survival dashboard against the real server (a real survival run on the embedded store)', () => {
  let db: Database;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let runId: string;

  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig(), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    const ds = await upload(server.url, 'rotterdam.csv', rotterdamSubset());
    const spec = survivalSpec({ endpoints: [
      { name: 'rfs', type: 'survival', time: 'time', event: 'event', eventCodes: [1], horizons: [1096, 1826], riskGroups: 'median' },
      { name: 'rfs3', type: 'survival', time: 'time', event: 'event', eventCodes: [1], horizons: [365, 1096], riskGroups: 'tertiles' },
    ] });
    const exp = await api(server.url, 'POST', '/experiments', { spec });
    expect(exp.status, JSON.stringify(exp.body)).toBe(201);
    const run = await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id });
    runId = run.body.id;
    const done = await waitForRun(server.url, runId, 600_000);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = pageErrors(page);
    const me = (await api(server.url, 'GET', '/auth/me')).body;
    const link = (await api(server.url, 'POST', `/users/${me.id}/login-link`)).body.loginLink;
    await page.goto(`${server.url}${link}`);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  it('renders every survival view of a real run', async () => {
    const board = (await api(server.url, 'GET', `/runs/${runId}/survival/leaderboard`)).body as SurvivalLeaderboardResponse;
    await page.goto(`${server.url}/#/runs`);
    await waitFor(page, READY);
    expect(await page.evaluate<string>(`document.querySelector('#runs tbody tr a').getAttribute('href')`)).toBe(`#/survival?runId=${runId}`);
    await page.goto(`${server.url}/#/survival?runId=${runId}`);
    await waitFor(page, READY);
    await screenshot(page, 'real-survival-leaderboard', { fullPage: true });
    expect(await page.evaluate<number>(`document.querySelectorAll('#survival-leaderboard tbody tr').length`)).toBe(board.endpoints[0].rows.length);
    await page.click('#endpoint-tab-rfs3');
    await waitFor(page, `document.querySelector('#endpoint-tab-rfs3').getAttribute('aria-selected') === 'true'`);
    const ids = board.endpoints[0].rows.map((r) => r.id);
    const rec = (await api(server.url, 'GET', `/survival/results/${ids[0]}`)).body as SurvivalModelRecord;
    await page.goto(`${server.url}/#/survival-model/${ids[0]}`);
    await waitFor(page, READY);
    await screenshot(page, 'real-survival-model', { fullPage: true });
    await screenshot(page.locator('#km'), 'real-survival-km');
    // the table's counts at 0 and the horizons agree with the server's atRisk where a tick falls on them
    const end = Math.max(...rec.riskGroups!.groups.map((g) => g.time.at(-1)!));
    const ticks = timeTicks(end);
    const shown = await page.evaluate<string[][]>(`[...document.querySelectorAll('#km-at-risk [role=row][data-group]')].map((r) => [...r.querySelectorAll('[role=cell]')].map((c) => c.textContent))`);
    for (const [g, grp] of rec.riskGroups!.groups.entries()) {
      expect(shown[g][0]).toBe(String(grp.atRisk[rec.riskGroups!.atRiskTimes.indexOf(0)]));
      expect(Number(shown[g][0])).toBe(grp.n);
    }
    const r3 = board.endpoints[1].rows.map((r) => r.id);
    await page.goto(`${server.url}/#/survival-model/${r3[0]}`);
    await waitFor(page, READY);
    await screenshot(page.locator('#km'), 'real-survival-km-tertiles');
    // a record with curves and three risk groups (line colours include orange #D55E00): no serious or critical axe finding
    expect(await axeAtBothWidths(page)).toEqual([]);
    await page.goto(`${server.url}/#/survival-compare?models=${ids.slice(0, 3).join(',')}`);
    await waitFor(page, READY);
    await screenshot(page, 'real-survival-compare', { fullPage: true });
    expect(await axeAtBothWidths(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("the run's reporting checklists open from its survival leaderboard, as the API gives them, with no serious axe finding at 1280 and 390 px", async () => {
    await page.goto(`${server.url}/#/survival?runId=${runId}`);
    await waitFor(page, `${READY} && document.getElementById('run-checklist')`);
    await page.click('#run-checklist');
    await waitFor(page, `${READY} && document.querySelector('main h1').textContent.startsWith('Reporting checklists')`);
    const fromApi = (await api(server.url, 'GET', `/runs/${runId}/checklist`)).body;
    const shown = await page.evaluate<{ guideline: string; ids: string[]; answers: string[] }[]>(`[...document.querySelectorAll('section[data-guideline]')].map((s) => ({
      guideline: s.dataset.guideline,
      ids: [...s.querySelectorAll('tbody tr')].map((tr) => tr.cells[0].textContent),
      answers: [...s.querySelectorAll('tbody tr')].map((tr) => tr.cells[3].textContent),
    }))`);
    expect(shown.map((s) => s.guideline)).toEqual(['TRIPOD+AI (2024)', 'CLAIM (2024)']);
    for (const [i, c] of fromApi.checklists.entries()) {
      expect(shown[i].ids).toEqual(c.items.map((it: any) => it.id));
      expect(shown[i].answers).toEqual(c.items.map((it: any) => it.answer));
    }
    expect(shown[0].answers.join(' ')).toMatch(/rfs \/ clinical: best by CV .* rfs3 \/ clinical: best by CV/);
    const hrefs = await page.evaluate<string[]>(`[...document.querySelectorAll('section[data-guideline] tbody a')].map((a) => a.getAttribute('href'))`);
    expect(new Set(hrefs)).toEqual(new Set(Object.values(fromApi.links)));
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await waitFor(page, READY);
      expect((await axeFindings(page)).map(describeFinding), `at ${width} px`).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    // a model evidence link opens that survival model's record
    await page.goto(`${server.url}${hrefs.find((h) => h.startsWith('/#/survival-model/'))}`);
    await waitFor(page, READY);
    expect(await page.evaluate<string>(`document.querySelector('main h1').textContent`)).not.toMatch(/error|not found/i);
    expect(errors).toEqual([]);
  });
});
