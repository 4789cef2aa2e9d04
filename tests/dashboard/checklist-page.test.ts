import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api } from '../server/support/api';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { StoredStudy, storedStudy } from './support/study';
import { screenshot } from './support/screenshots';

const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy')`;

describe('the reporting checklist page in Chromium', () => {
  let study: StoredStudy;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let base: string;

  beforeAll(async () => {
    [study, browser] = await Promise.all([storedStudy(), launchChromium()]);
    base = study.server.url;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = pageErrors(page);
    const me = (await api(base, 'GET', '/auth/me')).body;
    await page.goto(`${base}${(await api(base, 'POST', `/users/${me.id}/login-link`)).body.loginLink}`);
  });
  afterAll(async () => {
    await browser?.close();
    await study?.close();
  });

  it('opens from the run leaderboard and shows every item of both guidelines with the API\'s answers and links', async () => {
    await page.goto(`${base}/#/leaderboard?runId=${study.runA}`);
    await waitFor(page, `${READY} && document.getElementById('run-checklist')`);
    await page.click('#run-checklist');
    await waitFor(page, `${READY} && document.querySelector('main h1').textContent.startsWith('Reporting checklists')`);
    const api_ = (await api(base, 'GET', `/runs/${study.runA}/checklist`)).body;
    const shown = await page.evaluate<{ guideline: string; rows: string[][]; topics: string[] }[]>(`[...document.querySelectorAll('section[data-guideline]')].map((s) => ({
      guideline: s.dataset.guideline,
      rows: [...s.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].slice(0, 4).map((td) => td.textContent)),
      topics: [...s.querySelectorAll('tbody tr')].map((tr) => tr.cells[1].firstChild.firstChild.textContent),
    }))`);
    expect(shown.map((s) => s.guideline)).toEqual(['TRIPOD+AI (2024)', 'CLAIM (2024)']);
    for (const [i, c] of api_.checklists.entries()) {
      expect(shown[i].rows.map((r) => r[0])).toEqual(c.items.map((it: any) => it.id));
      expect(shown[i].rows.map((r) => r[3])).toEqual(c.items.map((it: any) => it.answer));
      expect(shown[i].topics).toEqual(c.items.map((it: any) => it.topic));
    }
    const hrefs = await page.evaluate<string[]>(`[...document.querySelectorAll('section[data-guideline] tbody a')].map((a) => a.getAttribute('href'))`);
    expect(new Set(hrefs)).toEqual(new Set(Object.values(api_.links)));
    await screenshot(page, 'checklist');
  });

  it('a model evidence link opens that model\'s record; the exports are served', async () => {
    const modelLink = await page.evaluate<string>(`document.querySelector('section[data-guideline] tbody a[href^="/#/model/"]').getAttribute('href')`);
    await page.goto(`${base}${modelLink}`);
    await waitFor(page, READY);
    expect(await page.evaluate<string>(`document.querySelector('main h1').textContent`)).not.toMatch(/error|not found/i);
    for (const suffix of ['checklist.md', 'checklist.html']) {
      expect(await page.evaluate<number>(`fetch('/api/runs/${study.runA}/${suffix}').then((r) => r.status)`)).toBe(200);
    }
    expect(errors).toEqual([]);
  });
});
