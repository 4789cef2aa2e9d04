import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { api, authHeaders, authorizeAdmin, testConfig } from '../server/support/api';
import { openTestDatabase } from '../server/support/databases';
import { storedRun, storedSurvivalResult, TINY_CSV, tinySpec } from '../server/support/access-fixture';
import { SurvivalModelResultEntity } from '../../apps/server/src/survival/survival.entities';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { screenshot } from './support/screenshots';

const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy')`;

/** The run ids of the runs table, top to bottom. */
const listed = (page: Page) => page.evaluate<string[]>(`[...document.querySelectorAll('#runs tbody tr')].map((tr) => tr.dataset.run)`);

describe('run curation in the browser (real server, embedded store): rename, tag, notes, filter, archive, delete; controls by role', () => {
  let db: Database;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const runs: string[] = [];
  const users: Record<string, string> = {};
  /** The project, dataset and experiment of the runs. */
  const study: Record<'P' | 'D' | 'E', string> = { P: '', D: '', E: '' };

  /** A page signed in as `userId` through a one-time login link (a browser context of its own). */
  async function signedIn(userId: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors = pageErrors(page);
    const link = (await api(server.url, 'POST', `/users/${userId}/login-link`)).body.loginLink;
    await page.goto(`${server.url}${link}`);
    return { page, errors };
  }

  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig({ concurrency: 0 }), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    const P = (await api(server.url, 'POST', '/projects', { name: 'Curation study' })).body.id;
    for (const [name, role] of [['dana', 'data_scientist'], ['pat', 'pi']]) {
      users[name] = (await api(server.url, 'POST', '/users', { username: name })).body.user.id;
      expect((await api(server.url, 'PUT', `/projects/${P}/members/${users[name]}`, { role })).status).toBe(200);
    }
    users.admin = (await api(server.url, 'GET', '/auth/me')).body.id;
    const form = new FormData();
    form.append('file', new Blob([TINY_CSV]), 'tiny.csv');
    const D = (await (await fetch(`${server.url}/api/datasets?projectId=${P}`, { method: 'POST', body: form, headers: authHeaders(server.url) })).json()).id;
    const E = (await api(server.url, 'POST', `/experiments?projectId=${P}`, { spec: tinySpec() })).body.id;
    Object.assign(study, { P, D, E });
    for (const cv of [0.9, 0.7, 0.8]) {
      const { runId } = await storedRun(db.dataSource, P, E, D);
      await db.dataSource.query(`UPDATE "model_results" SET "cv_auc_mean" = $2 WHERE "run_id" = $1`, [runId, cv]);
      runs.push(runId);
    }
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  it('a data scientist renames, tags and annotates a run (notes rendered without HTML), filters by tag and CV AUC with the URL round-trip, and archives', async () => {
    const [r1, , r3] = runs;
    const { page, errors } = await signedIn(users.dana);
    await page.goto(`${server.url}/#/run/${r1}`);
    await waitFor(page, READY);
    expect(await page.evaluate(`!!document.getElementById('delete-run')`)).toBe(false); // only the owner deletes
    await page.fill('#run-name', 'LASSO baseline');
    await page.click('#rename');
    await waitFor(page, `document.querySelector('main h1').textContent === 'LASSO baseline'`);
    await page.fill('#new-tag', 'baseline');
    await page.click('#add-tag');
    await waitFor(page, `document.querySelector('#run-tags [data-tag="baseline"]')`);
    await page.fill('#new-tag', 'bad tag');
    await page.click('#add-tag');
    await waitFor(page, `/422: tag 'bad tag' may hold only/.test(document.getElementById('run-message').textContent)`);
    const notes = '# Plan\n**Bold** claim.\n\n<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>\n\n[evil](javascript:window.__pwned=3) and [fine](https://example.org)';
    await page.fill('#notes-edit', notes);
    await page.click('#save-notes');
    await waitFor(page, `document.querySelector('#notes-view strong')`);
    expect(await page.evaluate(`document.querySelector('#notes-view h3').textContent`)).toBe('Plan');
    expect(await page.evaluate(`document.querySelectorAll('#notes-view img, #notes-view script').length`)).toBe(0);
    expect(await page.evaluate(`[...document.querySelectorAll('#notes-view a')].map((a) => a.getAttribute('href'))`)).toEqual(['https://example.org']);
    expect(await page.evaluate(`document.getElementById('notes-view').textContent`)).toContain('<img src=x onerror="window.__pwned = 1">');
    expect(await page.evaluate(`[...document.querySelectorAll('#notes-view *')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on'))`)).toEqual([]);
    expect(await page.evaluate(`window.__pwned === undefined`)).toBe(true);
    await screenshot(page, 'run-curation', { fullPage: true });

    // the runs list: the name and tag show; a tag filter goes into the URL and survives a reload
    await page.goto(`${server.url}/#/runs`);
    await waitFor(page, READY);
    expect((await listed(page)).sort()).toEqual([...runs].sort());
    expect(await page.evaluate(`document.querySelector('#runs tr[data-run="${r1}"] .run-name').textContent`)).toBe('LASSO baseline');
    await page.fill('#filter-tag', 'baseline');
    await page.click('#apply-filters');
    await waitFor(page, `location.hash === '#/runs?tag=baseline' && document.querySelectorAll('#runs tbody tr').length === 1`);
    expect(await listed(page)).toEqual([r1]);
    await page.reload();
    await waitFor(page, READY);
    expect(await page.evaluate(`document.getElementById('filter-tag').value`)).toBe('baseline');
    expect(await listed(page)).toEqual([r1]);
    // a CV AUC range instead: r1 (0.9) and r3 (0.8), newest first
    await page.fill('#filter-tag', '');
    await page.fill('#filter-minCvAuc', '0.75');
    await page.click('#apply-filters');
    await waitFor(page, `location.hash === '#/runs?minCvAuc=0.75' && document.querySelectorAll('#runs tbody tr').length === 2`);
    expect(await listed(page)).toEqual([r3, r1]);
    await screenshot(page, 'runs-filtered', { fullPage: true });

    // archive r1: it leaves the list; "Shown too" brings it back, marked, and the URL says so
    await page.click(`#runs tr[data-run="${r1}"] button[data-action="archive"]`);
    await waitFor(page, `!document.querySelector('#runs tr[data-run="${r1}"]')`);
    expect(await listed(page)).toEqual([r3]);
    await page.selectOption('#filter-archived', 'all');
    await page.click('#apply-filters');
    await waitFor(page, `location.hash === '#/runs?archived=all&minCvAuc=0.75' && document.querySelectorAll('#runs tbody tr').length === 2`);
    expect(await page.evaluate(`document.querySelector('#runs tr[data-run="${r1}"]').textContent`)).toContain('(archived)');
    await screenshot(page, 'runs-archived', { fullPage: true });
    await page.goto(`${server.url}/#/runs?archived=true`);
    await waitFor(page, `${READY} && document.getElementById('filter-archived').value === 'true'`);
    expect(await listed(page)).toEqual([r1]);
    // the leaderboard takes the same filters from its URL, and writes a changed one back
    const boardIds = async (expectedRows: number) => {
      await waitFor(page, `${READY} && document.querySelectorAll('#leaderboard tbody tr[data-id]').length === ${expectedRows}`);
      return page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard tbody tr[data-id]')].map((tr) => tr.dataset.id)`);
    };
    const modelOf = async (runId: string) => (await db.dataSource.query(`SELECT "id" FROM "model_results" WHERE "run_id" = $1`, [runId]))[0].id as string;
    await page.goto(`${server.url}/#/leaderboard?tag=baseline&archived=all`);
    expect(await boardIds(1)).toEqual([await modelOf(r1)]);
    expect(await page.evaluate(`document.getElementById('filter-tag').value`)).toBe('baseline');
    await page.goto(`${server.url}/#/leaderboard?archived=all`);
    expect((await boardIds(3)).length).toBe(3);
    await page.fill('#filter-min-cv', '0.75');
    await page.locator('#filter-min-cv').blur();
    await waitFor(page, `location.hash === '#/leaderboard?archived=all&minCvAuc=0.75'`);
    expect(await boardIds(2)).toEqual([await modelOf(r1), await modelOf(r3)]); // by CV AUC: 0.9, 0.8
    await page.goto(`${server.url}/#/leaderboard`);
    expect(await boardIds(2)).toEqual([await modelOf(r3), await modelOf(runs[1])]); // archived r1 hidden by default

    const curation = (await api(server.url, 'GET', `/runs/${r1}/curation`)).body;
    expect(curation).toMatchObject({ name: 'LASSO baseline', tags: ['baseline'], notes });
    expect(curation.archivedAt).not.toBeNull();
    expect(errors.filter((e) => !/422/.test(e))).toEqual([]); // the refused tag's 422 is the only failed request
  });

  it('filters the leaderboard and the runs list by chosen hyper-parameters, kept in the URL; an unknown name is refused by name, the page kept', async () => {
    const [r1, r2, r3] = runs;
    const smoothing: [string, number][] = [[r1, 1e-9], [r2, 1e-5], [r3, 1e-3]];
    for (const [run, v] of smoothing) await db.dataSource.query(`UPDATE "model_results" SET "best_params" = $2::jsonb WHERE "run_id" = $1`, [run, JSON.stringify({ var_smoothing: v })]);
    const modelOf = async (runId: string) => (await db.dataSource.query(`SELECT "id" FROM "model_results" WHERE "run_id" = $1`, [runId]))[0].id as string;
    const { page, errors } = await signedIn(users.dana);
    const boardIds = async (expectedRows: number) => {
      await waitFor(page, `${READY} && document.querySelectorAll('#leaderboard tbody tr[data-id]').length === ${expectedRows}`);
      return page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard tbody tr[data-id]')].map((tr) => tr.dataset.id)`);
    };
    await page.goto(`${server.url}/#/leaderboard?archived=all`);
    expect(await boardIds(3)).toHaveLength(3);
    await page.fill('#filter-params', 'var_smoothing>=1e-6, var_smoothing<=1e-4');
    await page.locator('#filter-params').blur();
    const wanted = new URLSearchParams({ archived: 'all', params: 'var_smoothing>=1e-6, var_smoothing<=1e-4' }).toString();
    await waitFor(page, `location.hash === '#/leaderboard?${wanted}'`);
    expect(await boardIds(1)).toEqual([await modelOf(r2)]);
    await page.reload();
    expect(await boardIds(1)).toEqual([await modelOf(r2)]);
    expect(await page.evaluate(`document.getElementById('filter-params').value`)).toBe('var_smoothing>=1e-6, var_smoothing<=1e-4');
    await screenshot(page, 'leaderboard-param-filter', { fullPage: true });
    // a name no model takes: the server's 422 names it; the rows and controls stay to correct it
    await page.fill('#filter-params', 'smoothing>=1');
    await page.locator('#filter-params').blur();
    await waitFor(page, `/422: params: unknown hyper-parameter 'smoothing'/.test(document.getElementById('leaderboard-status').textContent)`);
    expect(await boardIds(1)).toEqual([await modelOf(r2)]);
    // a shared URL with such a filter opens without it, saying why
    await page.goto(`${server.url}/#/leaderboard?archived=all&params=${encodeURIComponent('smoothing>=1')}`);
    await page.reload(); // a fresh load of that URL (the page's own URL already held the refused filter)
    expect(await boardIds(3)).toHaveLength(3);
    expect(await page.evaluate(`document.getElementById('leaderboard-status').textContent`)).toMatch(/^422: params: unknown hyper-parameter 'smoothing'.*\(hyper-parameter filter removed\)$/);
    expect(await page.evaluate(`location.hash`)).toBe('#/leaderboard?archived=all');
    // the runs list: a model and a parameter range, from the form into the URL
    await page.goto(`${server.url}/#/runs?archived=all`);
    await waitFor(page, READY);
    await page.selectOption('#filter-model', 'gaussian_nb');
    await page.fill('#filter-params', 'var_smoothing>=1e-6');
    await page.click('#apply-filters');
    await waitFor(page, `location.hash.includes('model=gaussian_nb') && ${READY} && document.querySelectorAll('#runs tbody tr').length === 2`);
    expect((await listed(page)).sort()).toEqual([r2, r3].sort());
    expect(errors.filter((e) => !/422/.test(e))).toEqual([]); // the refused filter's 422 is the only failed request
  });

  it('a PI sees the run and its notes but no curation control; an administrator marks the final model and deletes after confirming', async () => {
    const [r1, r2] = runs;
    const pi = await signedIn(users.pat);
    await pi.page.goto(`${server.url}/#/run/${r1}`);
    await waitFor(pi.page, READY);
    expect(await pi.page.evaluate(`document.querySelector('main h1').textContent`)).toBe('LASSO baseline');
    expect(await pi.page.evaluate(`['rename-form', 'tag-form', 'notes-form', 'final-form', 'archive-run', 'restore-run', 'delete-run'].filter((id) => document.getElementById(id))`)).toEqual([]);
    expect(await pi.page.evaluate(`document.querySelector('#notes-view strong').textContent`)).toBe('Bold');
    await pi.page.goto(`${server.url}/#/runs`);
    await waitFor(pi.page, READY);
    expect(await pi.page.evaluate(`document.querySelectorAll('#runs button').length`)).toBe(0);
    expect(pi.errors).toEqual([]);

    const admin = await signedIn(users.admin);
    await admin.page.goto(`${server.url}/#/run/${r2}`);
    await waitFor(admin.page, READY);
    await admin.page.selectOption('#final-model', { index: 0 });
    await admin.page.click('#mark-final');
    await waitFor(admin.page, `document.querySelector('#final-models li')`);
    await admin.page.click('#delete-run');
    await waitFor(admin.page, `!document.getElementById('confirm-delete').hidden`);
    expect((await api(server.url, 'GET', `/runs/${r2}`)).status).toBe(200); // nothing happens before the confirmation
    await screenshot(admin.page, 'run-delete-confirm', { fullPage: true });
    await admin.page.click('#confirm-delete-yes');
    await waitFor(admin.page, `location.hash === '#/runs' && ${READY} && document.querySelectorAll('#runs tbody tr').length > 0`);
    expect(await listed(admin.page)).not.toContain(r2);
    expect((await api(server.url, 'GET', `/runs/${r2}`)).status).toBe(404);
    expect(admin.errors).toEqual([]);
  });

  it('a data scientist marks a survival model as the final model of its endpoint on the survival leaderboard and on the run page; a PI sees the mark only', async () => {
    const { runId } = await storedRun(db.dataSource, study.P, study.E, study.D);
    const s1 = await storedSurvivalResult(db.dataSource, runId);
    // a second model of the endpoint, better by CV: the leaderboard's choice stays it, whatever is marked
    const first = await db.dataSource.manager.findOneByOrFail(SurvivalModelResultEntity, { id: s1 });
    const { id: _, ...copy } = first;
    const s2 = (await db.dataSource.manager.save(SurvivalModelResultEntity, { ...copy, model: 'coxnet', label: 'LASSO Cox', position: 1, cvCMean: 0.8 })).id;
    const { page, errors } = await signedIn(users.dana);
    const rowsShown = `document.querySelectorAll('#survival-leaderboard tbody tr').length === 2`;
    await page.goto(`${server.url}/#/survival?runId=${runId}`);
    await waitFor(page, `${READY} && ${rowsShown}`);
    expect(await page.evaluate(`document.querySelector('#survival-leaderboard tr.best').dataset.id`)).toBe(s2);
    expect(await page.evaluate(`[...document.querySelectorAll('#survival-leaderboard button[id^=mark-final-]')].map((b) => b.id).sort()`)).toEqual([`mark-final-${s1}`, `mark-final-${s2}`].sort());
    await page.click(`#mark-final-${s1}`);
    await waitFor(page, `document.querySelector('tr[data-id="${s1}"] [data-flag=final]')`);
    expect(await page.evaluate(`document.querySelector('tr[data-id="${s1}"] [data-flag=final]').textContent`)).toBe('pre-specified final model for rfs');
    expect(await page.evaluate(`document.querySelectorAll('#survival-leaderboard button[id^=mark-final-]').length`)).toBe(0); // one per endpoint
    expect(await page.evaluate(`document.querySelector('#survival-leaderboard tr.best').dataset.id`)).toBe(s2); // a mark, not a choice
    const marked = (await api(server.url, 'GET', `/runs/${runId}/curation`)).body;
    expect(marked.finalModels).toMatchObject([{ endpoint: 'rfs', modelId: s1, survival: true, model: 'cox_ph', markedBy: 'dana' }]);
    await page.reload();
    await waitFor(page, `${READY} && ${rowsShown} && document.querySelector('tr[data-id="${s1}"] [data-flag=final]')`);
    await screenshot(page, 'survival-final-model', { fullPage: true });
    await page.click(`#unmark-final-${s1}`);
    await waitFor(page, `document.querySelectorAll('#survival-leaderboard button[id^=mark-final-]').length === 2`);
    expect((await api(server.url, 'GET', `/runs/${runId}/curation`)).body.finalModels).toEqual([]);

    // the run page: a picker per survival endpoint (best CV C-index first) beside the binary one
    await page.goto(`${server.url}/#/run/${runId}`);
    await waitFor(page, `${READY} && document.getElementById('final-form-rfs')`);
    expect(await page.evaluate(`[...document.querySelectorAll('#final-model-rfs option')].map((o) => o.value)`)).toEqual([s2, s1]);
    expect(await page.evaluate(`!!document.getElementById('final-form')`)).toBe(true);
    await page.selectOption('#final-model-rfs', s2);
    await page.click('#mark-final-rfs');
    await waitFor(page, `document.querySelector('#final-models li a[href="#/survival-model/${s2}"]')`);
    expect(await page.evaluate(`document.querySelector('#final-models li').textContent`)).toMatch(/^rfs: coxnet \(all\) marked by dana/);
    expect(await page.evaluate(`!!document.getElementById('final-form-rfs')`)).toBe(false);
    expect(errors).toEqual([]);

    // a PI reads the mark on the leaderboard, with no control
    const pi = await signedIn(users.pat);
    await pi.page.goto(`${server.url}/#/survival?runId=${runId}`);
    await waitFor(pi.page, `${READY} && document.querySelector('tr[data-id="${s2}"] [data-flag=final]')`);
    expect(await pi.page.evaluate(`document.querySelectorAll('#survival-leaderboard button[id*=mark-final-]').length`)).toBe(0);
    expect(pi.errors).toEqual([]);
  });
});
