import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, authHeaders, until, WDBC, wdbcBytes } from '../server/support/api';
import { storedRun, storedSurvivalResult } from '../server/support/access-fixture';
import { makeStudy, STUDY_PARAMS } from '../server/support/extraction-study';
import { axeFindings, describeFinding } from './support/axe';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { StoredStudy, storedStudy } from './support/study';

/** The page is drawn: a heading, not loading, every chart created. */
const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c))`;
/** The two widths issue #13 names: a laptop and a phone. */
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

// an allowed image folder holding the extraction study (three cases, one failing): read when the server starts
const imageRoot = mkdtempSync(join(tmpdir(), 'radsweep-accessibility-images-'));
process.env.RADSWEEP_IMAGE_ROOTS = imageRoot;
makeStudy(join(imageRoot, 'study'));

type Role = 'anonymous' | 'newcomer' | 'admin' | 'ds' | 'pi' | 'reviewer';

/**
 * axe-core on every dashboard page at 1280 and 390 px, each page as the roles that see it, against a real server
 * (embedded store) holding two real WDBC sweeps in a project with a data scientist, a PI and a reviewer, a locked
 * model with a finished two-centre validation, two stored survival results and a finished radiomics extraction
 * (one case failing): no serious or critical violation.
 */
describe('accessibility of every dashboard page (axe-core, Chromium, 1280 and 390 px)', () => {
  let study: StoredStudy;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const pages = {} as Record<Role, Page>;
  const errors: string[] = [];
  const ids: Record<string, string> = {};

  /** A browser of its own for a user, signed in through a one-time login link (which lands on #/set-password). */
  async function signIn(role: Role, userId: string | null): Promise<void> {
    const context = await browser.newContext({ viewport: VIEWPORTS[0] });
    contexts.push(context);
    const page = await context.newPage();
    const own = pageErrors(page);
    page.on('close', () => errors.push(...own.map((e) => `${role}: ${e}`)));
    if (userId) await page.goto(`${base}${(await api(base, 'POST', `/users/${userId}/login-link`)).body.loginLink}`);
    pages[role] = page;
  }

  beforeAll(async () => {
    [study, browser] = await Promise.all([storedStudy(), launchChromium()]);
    base = study.server.url;
    const me = (await api(base, 'GET', '/auth/me')).body;
    ids.P = (await api(base, 'POST', '/projects', { name: 'Breast cytology' })).body.id;
    for (const table of ['datasets', 'experiments', 'runs']) await study.database.dataSource.query(`UPDATE "${table}" SET "project_id" = $1`, [ids.P]);
    for (const [name, role] of [['ds', 'data_scientist'], ['pi', 'pi'], ['reviewer', 'reviewer']]) {
      ids[name] = (await api(base, 'POST', '/users', { username: name, displayName: `Dr ${name.toUpperCase()}`, password: `pw-${name}-accessibility-check` })).body.user.id;
      expect((await api(base, 'PUT', `/projects/${ids.P}/members/${ids[name]}`, { role })).status).toBe(200);
    }
    expect((await api(base, 'PUT', `/runs/${study.runA}/shares/${ids.reviewer}`)).status).toBe(204);
    ids.newcomer = (await api(base, 'POST', '/users', { username: 'newcomer' })).body.user.id;
    const board = (await api(base, 'GET', `/runs/${study.runA}/leaderboard`)).body.items;
    [ids.modelA, ids.modelA2] = board.map((r: { id: string }) => r.id);
    ids.modelB = (await api(base, 'GET', `/runs/${study.runB}/leaderboard`)).body.items[0].id;
    // a locked model validated on a two-centre copy of WDBC: the model record's forest plot and transportability table
    const locked = await api(base, 'POST', `/runs/${study.runA}/models/${ids.modelA}/lock`, { name: 'pre-registered' });
    expect(locked.status, JSON.stringify(locked.body)).toBe(201);
    const [head, ...lines] = wdbcBytes().toString('utf8').trim().split('\n');
    const form = new FormData();
    form.append('file', new Blob([[`${head},centre`, ...lines.map((l, i) => `${l},${i % 2 ? 'North' : 'South'}`)].join('\n') + '\n']), 'two-centres.csv');
    const cohort = (await (await fetch(`${base}/api/datasets?projectId=${ids.P}`, { method: 'POST', body: form, headers: authHeaders(base) })).json()) as { id: string };
    const launched = await api(base, 'POST', `/locked-models/${locked.body.id}/validations`, { datasetId: cohort.id, centreColumn: 'centre', bootstrap: 50 });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    await until('validation done', async () => {
      const v = (await api(base, 'GET', `/validations/${launched.body.id}`)).body;
      return v.status === 'done' || v.status === 'failed' ? v : null;
    }, 300_000);
    ids.survival = await storedSurvivalResult(study.database.dataSource, study.runB);
    // a second one, in a run of its own on the same dataset (same endpoint and test set): the two compare
    const [{ experiment_id: experimentId }] = await study.database.dataSource.query(`SELECT "experiment_id" FROM "runs" WHERE "id" = $1`, [study.runB]);
    const third = await storedRun(study.database.dataSource, ids.P, experimentId, study.datasetId);
    ids.survival2 = await storedSurvivalResult(study.database.dataSource, third.runId);
    // a radiomics extraction from the allowed folder, finished (two cases done, one failed): its detail page
    const extraction = await api(base, 'POST', `/extractions?projectId=${ids.P}`, { folder: join(imageRoot, 'study'), params: STUDY_PARAMS, name: 'study folder' });
    expect(extraction.status, JSON.stringify(extraction.body)).toBe(201);
    ids.extraction = extraction.body.id;
    await until('extraction done', async () => {
      const x = (await api(base, 'GET', `/extractions/${ids.extraction}`)).body;
      return x.status === 'succeeded' || x.status === 'failed' ? x : null;
    }, 600_000);
    await Promise.all([signIn('anonymous', null), signIn('newcomer', ids.newcomer), signIn('admin', me.id), signIn('ds', ids.ds), signIn('pi', ids.pi), signIn('reviewer', ids.reviewer)]);
  }, 900_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await study?.close();
  });

  /** The page's state after `act`: what a user has done there (a dialog open, a form answered). */
  const act = {
    confirmDelete: async (page: Page) => {
      await page.click('#delete-run');
      await waitFor(page, `!document.getElementById('confirm-delete').hidden`);
    },
    columnChooser: async (page: Page) => {
      await page.click('.column-chooser summary');
      await page.check('input[data-column="Best parameters"]');
    },
    oneTimeLink: async (page: Page) => {
      await page.click('[data-link-user="pi"]');
      await waitFor(page, `document.getElementById('login-link')`);
    },
    newToken: async (page: Page) => {
      await page.fill('#token-name', 'laptop');
      await page.click('#token-create');
      await waitFor(page, `document.getElementById('new-token')`);
    },
    uploadAndInvalidYaml: async (page: Page) => {
      await page.setInputFiles('#dataset-file', WDBC);
      await waitFor(page, `document.getElementById('class-balance-table')`);
      await page.fill('#spec-feature-sets', 'mean: mean_*');
      await page.click('#spec-from-form');
      await waitFor(page, `document.getElementById('spec-valid')`);
      await page.fill('#spec-yaml', (await page.evaluate<string>(`document.getElementById('spec-yaml').value`)).replace(/testSize: 0\.2/, 'testSize: 2'));
      await waitFor(page, `document.querySelector('#spec-error-list li')`);
    },
  };

  /** Every page, with who opens it and, where the page fills a part later, what else to wait for. */
  const routes = (): { role: Role; hash: string; heading?: RegExp; ready?: string; then?: (page: Page) => Promise<void> }[] => [
    { role: 'anonymous', hash: '#/runs', heading: /^Sign in$/ },
    { role: 'newcomer', hash: '#/set-password', heading: /^Set your password$/ },
    { role: 'admin', hash: '#/runs' },
    { role: 'admin', hash: `#/run/${study.runA}` },
    { role: 'admin', hash: `#/leaderboard?runId=${study.runA}` },
    { role: 'admin', hash: '#/leaderboard' },
    { role: 'admin', hash: `#/model/${ids.modelA}`, ready: `document.querySelector('#external-validation [data-validation]')` },
    { role: 'admin', hash: `#/compare?runs=${study.runA},${study.runB}` },
    { role: 'admin', hash: `#/compare?models=${ids.modelA},${ids.modelA2},${ids.modelB}` },
    { role: 'admin', hash: `#/checklist/${study.runA}` },
    { role: 'admin', hash: `#/survival?runId=${study.runB}` },
    { role: 'admin', hash: `#/survival-model/${ids.survival}` },
    { role: 'admin', hash: `#/survival-compare?models=${ids.survival},${ids.survival2}`, ready: `document.querySelector('#survival-compare-table') && !document.querySelector('#survival-compare-table .error')` },
    { role: 'admin', hash: '#/extractions' },
    { role: 'admin', hash: `#/extractions/${ids.extraction}`, ready: `document.querySelector('#extraction-cases tbody tr')` },
    { role: 'admin', hash: '#/users' },
    { role: 'admin', hash: '#/users', then: act.oneTimeLink },
    { role: 'admin', hash: `#/run/${study.runB}`, then: act.confirmDelete },
    { role: 'admin', hash: `#/compare?models=${ids.modelA},${ids.modelA2},${ids.modelB}`, then: act.columnChooser },
    { role: 'admin', hash: '#/projects' },
    { role: 'admin', hash: `#/projects/${ids.P}` },
    { role: 'admin', hash: '#/account' },
    { role: 'ds', hash: '#/runs' },
    { role: 'ds', hash: `#/run/${study.runB}` },
    { role: 'ds', hash: `#/setup?projectId=${ids.P}` },
    { role: 'ds', hash: '#/account' },
    { role: 'ds', hash: '#/account', then: act.newToken },
    { role: 'ds', hash: `#/setup?projectId=${ids.P}`, then: act.uploadAndInvalidYaml },
    { role: 'pi', hash: `#/run/${study.runA}` },
    { role: 'pi', hash: `#/model/${ids.modelB}` },
    { role: 'pi', hash: '#/projects' },
    { role: 'reviewer', hash: '#/runs' },
    { role: 'reviewer', hash: `#/leaderboard?runId=${study.runA}` },
    { role: 'reviewer', hash: `#/model/${ids.modelA}`, ready: `document.querySelector('#external-validation [data-validation]')` },
    { role: 'reviewer', hash: '#/setup' },
  ];

  it('no page has a serious or critical violation at either width', async () => {
    const failures: string[] = [];
    for (const { role, hash, heading, ready, then } of routes()) {
      const page = pages[role];
      await page.setViewportSize(VIEWPORTS[0]);
      await page.goto(`${base}/${hash}`);
      await waitFor(page, `${READY}${ready ? ` && ${ready}` : ''}`, 60_000);
      const h1 = await page.evaluate<string>(`document.querySelector('main h1').textContent`);
      expect(h1, `${role} ${hash}`).toMatch(heading ?? /^(?!Sign in$|Set your password$)/);
      expect(await page.evaluate<number>(`document.querySelectorAll('#view > .error').length`), `${role} ${hash}: ${h1}`).toBe(0);
      await then?.(page);
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        await waitFor(page, READY);
        for (const f of await axeFindings(page)) failures.push(`${role} ${hash}${then ? ` (${then.name})` : ''} at ${viewport.width} px: ${describeFinding(f)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it('the pages loaded without a script error', async () => {
    for (const c of contexts) for (const p of c.pages()) await p.close();
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
