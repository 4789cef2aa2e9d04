/**
 * The dashboard's Extractions page in Chromium (CSP on, no inline script or style): launch an extraction from
 * an allowed folder and from an uploaded .tar.gz with the parameter file pasted, then follow each case's
 * status until the extraction has made its dataset; the failing case shows its error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { api, authorizeAdmin, testConfig } from '../server/support/api';
import { openTestDatabase } from '../server/support/databases';
import { makeStudy, STUDY_PARAMS } from '../server/support/extraction-study';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { screenshot } from './support/screenshots';

const root = mkdtempSync(join(tmpdir(), 'radsweep-dashboard-images-'));
process.env.RADSWEEP_IMAGE_ROOTS = root;
makeStudy(join(root, 'study'));

describe('Extractions page in Chromium', () => {
  let database: Database;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let projectId: string;

  beforeAll(async () => {
    database = await openTestDatabase('embedded');
    server = await startServer(testConfig({ concurrency: 1, threads: 1 }), { database });
    await authorizeAdmin(server.url, database.dataSource);
    projectId = (await api(server.url, 'POST', '/projects', { name: 'Radiomics study' })).body.id;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = pageErrors(page);
    const me = (await api(server.url, 'GET', '/auth/me')).body;
    const link = (await api(server.url, 'POST', `/users/${me.id}/login-link`)).body.loginLink;
    await page.goto(`${server.url}${link}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  /** Waits on the case page until the extraction has finished; returns each case row's [case, status]. */
  async function finishedCases(): Promise<string[][]> {
    await waitFor(page, `location.hash.startsWith('#/extractions/') && document.querySelector('#extraction [data-status]')`, 60_000);
    await waitFor(page, `['succeeded', 'failed'].includes(document.querySelector('#extraction [data-status]').textContent)`, 600_000);
    expect(await page.evaluate(`document.querySelector('#extraction [data-status]').textContent`)).toBe('succeeded');
    return page.evaluate<string[][]>(`[...document.querySelectorAll('#extraction-cases tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent))`);
  }

  it('launches from an allowed folder and shows each case, the bad one with its error', async () => {
    await page.goto(`${server.url}/#/extractions?projectId=${projectId}`);
    await waitFor(page, `document.querySelector('main h1')?.textContent === 'Extractions' && !document.getElementById('view').hasAttribute('aria-busy')`);
    expect(await page.evaluate(`document.getElementById('extraction-folder').value`)).toBe(`${root}/`);
    await page.fill('#extraction-folder', join(root, 'study'));
    await page.fill('#extraction-params', STUDY_PARAMS);
    await page.fill('#extraction-name', 'folder study');
    await page.click('#launch-extraction');
    const rows = await finishedCases();
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['b2', 'done'],
      ['bad', 'failed'],
      ['br', 'done'],
    ]);
    expect(rows[1][6]).toMatch(/^case bad: .*bad_image\.nrrd/);
    await screenshot(page, 'extraction', { fullPage: true });
  });

  it('launches from an uploaded archive and lists both in the project', async () => {
    const archive = join(mkdtempSync(join(tmpdir(), 'radsweep-dashboard-tar-')), 'small-study.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', join(root, 'study'), 'small.csv', 'images/bad_image.nrrd', 'images/breast1_image.nrrd', 'images/breast1_label.nrrd']);
    await page.goto(`${server.url}/#/extractions?projectId=${projectId}`);
    await waitFor(page, `document.querySelector('main h1')?.textContent === 'Extractions' && !document.getElementById('view').hasAttribute('aria-busy')`);
    await page.selectOption('#extraction-source', 'upload');
    expect(await page.evaluate(`document.getElementById('extraction-folder').closest('label').hidden`)).toBe(true);
    await page.setInputFiles('#extraction-archive', archive);
    await page.fill('#extraction-params', STUDY_PARAMS);
    await page.click('#launch-extraction');
    const rows = await finishedCases();
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['bad', 'failed'],
      ['br', 'done'],
    ]);
    expect(rows[0][6]).toMatch(/^case bad: small-study\.tar\.gz: images\/bad_image\.nrrd/);
    await page.click('a[href="#/extractions"]');
    await waitFor(page, `document.querySelectorAll('#extraction-list tbody tr').length === 2`);
    expect(errors).toEqual([]);
  });
});
