import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { api, authorizeAdmin, smallSpec, testConfig, upload, waitForRun, wdbcBytes } from '../server/support/api';
import { openTestDatabase } from '../server/support/databases';
import { rotterdamSubset, survivalSpec } from '../server/support/survival';
import { axeAtBothWidths } from './support/axe';
import { screenshot } from './support/screenshots';
import { launchChromium, signedInPage, waitFor } from './support/chromium';

const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy')`;

/** The run page's pre-specified final model links to its locked versions once it is locked (binary and survival; real runs, embedded store). */
describe("the final-model mark and the marked model's locked versions", () => {
  let db: Database;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const runs = { binary: '', survival: '' };
  const models = { binary: '', survival: '' };

  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig(), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    const launch = async (spec: Record<string, unknown>, datasetId: string) => {
      const exp = await api(server.url, 'POST', '/experiments', { spec });
      const run = await api(server.url, 'POST', '/runs', { experimentId: exp.body.id, datasetId });
      expect(run.status, JSON.stringify(run.body)).toBe(201);
      return run.body.id as string;
    };
    const wdbc = await upload(server.url, 'wdbc.csv', wdbcBytes());
    const rotterdam = await upload(server.url, 'rotterdam.csv', rotterdamSubset());
    runs.binary = await launch(smallSpec({ featureSets: [{ name: 'mean', include: ['mean_*'] }], models: [{ id: 'logistic_regression', grid: { C: [1] } }] }), wdbc.body.id);
    runs.survival = await launch(survivalSpec({ featureSets: [{ name: 'nodes', include: ['nodes', 'size'] }], models: [{ id: 'cox_ph' }] }), rotterdam.body.id);
    for (const id of Object.values(runs)) expect((await waitForRun(server.url, id, 600_000)).status).toBe('succeeded');
    models.binary = (await api(server.url, 'GET', `/runs/${runs.binary}/leaderboard`)).body.items[0].id;
    models.survival = (await api(server.url, 'GET', `/runs/${runs.survival}/survival/leaderboard`)).body.endpoints[0].rows[0].id;
    for (const kind of ['binary', 'survival'] as const) expect((await api(server.url, 'PUT', `/runs/${runs[kind]}/final-model`, { modelId: models[kind] })).status).toBe(200);
    browser = await launchChromium();
    ({ page, errors } = await signedInPage(browser, server.url, (method, path) => api(server.url, method, path)));
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  /** The run page with its marks' locked versions read. */
  async function openRun(runId: string): Promise<void> {
    const url = `${server.url}/#/run/${runId}`;
    if (page.url() === url) await page.reload(); // the same hash: a fresh page, not a no-op navigation
    else await page.goto(url);
    await waitFor(page, `${READY} && document.querySelector('#final-models [data-locked-for]') && document.querySelector('#final-models [data-locked-for]').textContent`, 30_000);
  }

  for (const kind of ['binary', 'survival'] as const) {
    it(`${kind}: no link before the marked model is locked; after a lock, a link to its record and its file with the version's name and sha256 prefix`, async () => {
      await openRun(runs[kind]);
      expect(await page.evaluate<number>(`document.querySelectorAll('#final-models [data-locked-link]').length`)).toBe(0);
      expect(await page.evaluate<string>(`document.querySelector('#final-models [data-locked-for]').textContent`)).toBe('· not locked yet ');
      const locked = await api(server.url, 'POST', `/runs/${runs[kind]}/models/${models[kind]}/lock`, { name: `${kind} final v1` });
      expect(locked.status, JSON.stringify(locked.body)).toBe(201);
      await openRun(runs[kind]);
      const links = await page.evaluate<[string, string | null][]>(`[...document.querySelectorAll('#final-models a[data-locked-link], #final-models a[data-locked-file]')].map((a) => [a.textContent, a.getAttribute('href')])`);
      expect(links).toEqual([
        [`${kind} final v1, sha256 ${locked.body.sha256.slice(0, 12)}…`, `#/${kind === 'survival' ? 'survival-model' : 'model'}/${models[kind]}`],
        [`${kind} final v1 file, JSON`, `/api/locked-models/${locked.body.id}/file`],
      ]);
      if (kind === 'survival') {
        // the survival leaderboard's flag of the marked row carries the same link
        await page.goto(`${server.url}/#/survival?runId=${runs.survival}`);
        await waitFor(page, `${READY} && document.querySelector('#survival-leaderboard [data-locked-for] a')`, 30_000);
        expect(await page.evaluate<string | null>(`document.querySelector('tr[data-id="${models.survival}"] [data-locked-link="${locked.body.id}"]').getAttribute('href')`)).toBe(`#/survival-model/${models.survival}`);
        expect(await axeAtBothWidths(page)).toEqual([]);
        await openRun(runs[kind]);
      }
      await screenshot(page.locator('#final-models'), `final-model-locked-${kind}`);
      // the link leads to the record whose External validation part holds that version
      await page.click(`[data-locked-link="${locked.body.id}"]`);
      await waitFor(page, `document.querySelector('#external-validation [data-locked-file="${locked.body.id}"]')`, 60_000);
      await openRun(runs[kind]);
      expect(await axeAtBothWidths(page)).toEqual([]);
      expect(errors).toEqual([]);
    }, 300_000);
  }
});
