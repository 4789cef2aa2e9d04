import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { api, authHeaders, authorizeAdmin, testConfig, WDBC } from '../server/support/api';
import { openTestDatabase } from '../server/support/databases';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { screenshot } from './support/screenshots';

const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy')`;
const PASSWORD = 'Harbour-lantern-47-quiet';

/**
 * Set-up in the browser, walked as each role on a real server (embedded store, no worker: a launched run stays
 * queued, so its Cancel button can be looked for): the one-time link, the password, API tokens, users,
 * projects with members, sharing and the audit log, the dataset upload preview, the experiment editor, the
 * launch, and the controls each role does not get.
 */
describe('set-up, administration and role-following controls in Chromium', () => {
  let database: Database;
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  /** Filled as the flows go: the project and the run the later steps use. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await openTestDatabase('embedded');
    [server, browser] = await Promise.all([startServer(testConfig({ concurrency: 0, uploadLimitBytes: 8 * 1024 * 1024 }), { database }), launchChromium()]);
    base = server.url;
    await authorizeAdmin(base, database.dataSource);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  /** A fresh browser (its own cookies) at 1280 px; its page accepts confirmation dialogs. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    const own = pageErrors(page);
    page.on('close', () => errors.push(...own));
    return page;
  }

  async function open(page: Page, hash: string): Promise<void> {
    await page.goto(`${base}/${hash}`);
    await page.evaluate('new Promise((r) => setTimeout(r, 0))');
    await waitFor(page, READY);
  }

  /** Signs a browser in with a one-time link an administrator issued (the API's answer). */
  async function followLink(page: Page, loginLink: string): Promise<void> {
    await page.goto(`${base}${loginLink}`);
    await waitFor(page, READY);
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await open(page, '#/runs');
    await page.fill('#login-username', username);
    await page.fill('#login-password', PASSWORD);
    await page.click('#login-submit');
    await waitFor(page, `document.getElementById('account-name').textContent !== '' && ${READY}`);
  }

  const text = (page: Page, selector: string) => page.evaluate<string>(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`);
  const count = (page: Page, selector: string) => page.evaluate<number>(`document.querySelectorAll(${JSON.stringify(selector)}).length`);

  let dana: Page;

  it('first link -> set password (the policy\'s message shown) -> create a token shown once -> revoke it', async () => {
    const made = await api(base, 'POST', '/users', { username: 'dana', displayName: 'Dana Scientist' });
    expect(made.status).toBe(201);
    dana = await newPage();
    await followLink(dana, made.body.loginLink);
    expect(new URL(dana.url()).hash).toBe('#/set-password');
    expect(await text(dana, 'main h1')).toBe('Set your password');
    expect(await dana.evaluate<boolean>(`document.getElementById('no-password').hidden`)).toBe(false);
    await screenshot(dana, 'set-password', { fullPage: true });

    // the server's password policy speaks through the form; the two entries must match
    await dana.fill('#password-new', 'dana12345678');
    await dana.fill('#password-again', 'dana12345678');
    await dana.click('#password-submit');
    await waitFor(dana, `document.getElementById('password-status').textContent !== ''`);
    expect(await text(dana, '#password-status')).toMatch(/the password is the username/);
    await dana.fill('#password-new', PASSWORD);
    await dana.fill('#password-again', `${PASSWORD}x`);
    await dana.click('#password-submit');
    expect(await text(dana, '#password-status')).toBe('the two new passwords differ');
    await dana.fill('#password-again', PASSWORD);
    await dana.click('#password-submit');
    await waitFor(dana, `location.hash === '#/runs' && document.querySelector('main h1')?.textContent === 'Runs'`);
    expect(await dana.evaluate<boolean>(`document.getElementById('no-password').hidden`)).toBe(true);
    expect((await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dana', password: PASSWORD }) })).status).toBe(200);

    await open(dana, '#/account');
    await dana.fill('#token-name', 'laptop cli');
    await dana.selectOption('#token-days', '30');
    await dana.click('#token-create');
    await waitFor(dana, `document.getElementById('new-token')`);
    const token = await dana.evaluate<string>(`document.getElementById('new-token').value`);
    expect(token).toMatch(/^rsk_/);
    const listed = (await (await fetch(`${base}/api/auth/tokens`, { headers: { authorization: `Bearer ${token}` } })).json()) as { name: string; expiresAt: string; createdAt: string }[];
    expect(listed.map((t) => t.name)).toEqual(['laptop cli']);
    expect(Math.round((Date.parse(listed[0].expiresAt) - Date.parse(listed[0].createdAt)) / 86_400_000)).toBe(30);
    await waitFor(dana, `document.querySelector('[data-revoke="laptop cli"]')`);
    expect(await text(dana, '#tokens [data-token-state]')).toBe('active');
    await screenshot(dana, 'account-token', { fullPage: true });
    // shown once: after a reload the page has the token's prefix only, never the secret
    await dana.reload();
    await waitFor(dana, `${READY} && document.querySelector('[data-revoke]')`);
    expect(await count(dana, '#new-token')).toBe(0);
    expect(await dana.evaluate<boolean>(`document.body.innerHTML.includes(${JSON.stringify(token)})`)).toBe(false);
    await dana.click('[data-revoke="laptop cli"]');
    await waitFor(dana, `document.querySelector('#tokens [data-token-state]')?.dataset.tokenState === 'revoked'`);
    expect(await count(dana, '[data-revoke]')).toBe(0);
    expect((await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('an administrator creates a user (one-time link to copy), the link asks for a password; disabling ends their session', async () => {
    const me = (await api(base, 'GET', '/auth/me')).body;
    const admin = await newPage();
    await followLink(admin, (await api(base, 'POST', `/users/${me.id}/login-link`)).body.loginLink);
    expect(await admin.evaluate<boolean>(`document.querySelector('a[data-page=users]').hidden`)).toBe(false);
    expect(await dana.evaluate<boolean>(`document.querySelector('a[data-page=users]').hidden`)).toBe(true); // not an administrator
    await open(admin, '#/users');
    await admin.fill('#new-user-name', 'rita');
    await admin.fill('#new-user-display', 'Dr Rita Reviewer');
    await admin.click('#new-user-submit');
    await waitFor(admin, `document.getElementById('login-link') && [...document.querySelectorAll('#users td')].some((td) => td.textContent === 'rita')`);
    const link = await admin.evaluate<string>(`document.getElementById('login-link').value`);
    expect(link).toMatch(new RegExp(`^${base}/api/auth/link\\?token=rsl_`));
    await screenshot(admin, 'users', { fullPage: true });
    const rita = (await api(base, 'GET', '/users')).body.find((u: { username: string }) => u.username === 'rita');
    expect(rita).toMatchObject({ displayName: 'Dr Rita Reviewer', isAdmin: false, disabled: false, hasPassword: false });

    const ritaPage = await newPage();
    await ritaPage.goto(link);
    await waitFor(ritaPage, READY);
    expect(await text(ritaPage, 'main h1')).toBe('Set your password');
    expect(await text(ritaPage, '#set-password p')).toMatch(/^Welcome, Dr Rita Reviewer\./);

    await admin.click('[data-toggle-user="rita"]');
    await waitFor(admin, `[...document.querySelectorAll('#users tr')].find((tr) => tr.textContent.includes('rita'))?.querySelector('[data-user-state]').textContent === 'disabled'`);
    expect((await api(base, 'GET', '/users')).body.find((u: { username: string }) => u.username === 'rita').disabled).toBe(true);
    expect(await ritaPage.evaluate<number>(`fetch('/api/auth/me').then((r) => r.status)`)).toBe(401);
  });

  it('upload: the preview shows the detected columns, class balance and missing values; invalid YAML names the path; the run launches', async () => {
    await open(dana, '#/projects');
    await dana.fill('#project-name', 'Breast cytology');
    await dana.click('#project-create');
    await waitFor(dana, `location.hash.startsWith('#/projects/') && document.querySelector('main h1')?.textContent === 'Project Breast cytology'`);
    ids.project = new URL(dana.url()).hash.split('/')[2];

    await open(dana, `#/setup?projectId=${ids.project}`);
    expect(await dana.evaluate<string>(`document.getElementById('setup-project').selectedOptions[0].textContent`)).toBe('Breast cytology (Owner)');
    await dana.setInputFiles('#dataset-file', WDBC);
    await waitFor(dana, `document.getElementById('class-balance-table')`);
    expect(await text(dana, '#detected-id')).toBe('id');
    expect(await text(dana, '#detected-label')).toBe('label');
    const balance = await dana.evaluate<string[][]>(`[...document.querySelectorAll('#class-balance-table tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent))`);
    expect(balance).toEqual([['0', '357', '62.7 %'], ['1', '212', '37.3 %']]); // WDBC: 357 benign, 212 malignant
    expect(await text(dana, '#missing-summary')).toBe('No missing cell.');
    expect(await count(dana, '#missing-table tbody tr')).toBe(32); // id, label and 30 features
    await screenshot(dana, 'setup-upload-preview', { fullPage: true });
    await dana.click('#dataset-upload');
    await waitFor(dana, `/stored: 569 rows/.test(document.getElementById('dataset-status').textContent)`, 90_000); // a loaded machine's embedded store can take a while
    const datasets = (await api(base, 'GET', '/datasets')).body.filter((d: { projectId: string }) => d.projectId === ids.project);
    expect(datasets.map((d: { rowCount: number; labelColumn: string }) => [d.rowCount, d.labelColumn])).toEqual([[569, 'label']]);

    // the form fills the editor with a valid spec; an invalid edit names its path and line, and blocks saving
    await dana.fill('#spec-feature-sets', 'mean: mean_*');
    await dana.click('#spec-from-form');
    await waitFor(dana, `document.getElementById('spec-valid')`);
    const valid = await dana.evaluate<string>(`document.getElementById('spec-yaml').value`);
    expect(valid).toMatch(/idColumn: id/);
    const broken = valid.replace(/testSize: 0\.2/, 'testSize: 2');
    expect(broken).not.toBe(valid);
    await dana.fill('#spec-yaml', broken);
    await waitFor(dana, `document.querySelector('#spec-error-list li[data-path="validation.split.testSize"]')`);
    const line = broken.split('\n').findIndex((l) => l.includes('testSize: 2')) + 1;
    expect(await text(dana, '#spec-error-list li')).toBe(`validation.split.testSize (line ${line}): must be < 1, got 2`);
    expect(await dana.evaluate<boolean>(`document.getElementById('spec-save').disabled`)).toBe(true);
    await screenshot(dana, 'setup-yaml-error', { fullPage: true });
    await dana.fill('#spec-yaml', `${valid}unknownKey: 1\n`);
    await waitFor(dana, `document.querySelector('#spec-error-list li[data-path="unknownKey"]')`);
    await dana.fill('#spec-yaml', valid);
    await waitFor(dana, `document.getElementById('spec-valid') && !document.getElementById('spec-save').disabled`);
    await dana.click('#spec-save');
    await waitFor(dana, `/saved/.test(document.getElementById('spec-status').textContent)`, 60_000);
    expect(await dana.evaluate<string>(`document.getElementById('setup-launch-experiment').selectedOptions[0].textContent`)).toMatch(/^wdbc v1$/);
    await dana.click('#setup-launch');
    await waitFor(dana, `location.hash === '#/runs' && document.querySelector('main h1')?.textContent === 'Runs' && document.querySelector('#runs tbody tr')`, 60_000);
    const runs = (await api(base, 'GET', '/runs')).body;
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('queued');
    ids.run = runs[0].id;
    expect(await count(dana, `#runs tr[data-run="${ids.run}"] button:not([data-action])`)).toBe(1); // the owner may cancel it
    expect(await count(dana, `#runs tr[data-run="${ids.run}"] button[data-action="archive"]`)).toBe(1); // and curate it
  });

  it('the owner adds members by name, shares the run with a reviewer, and pages through the audit log', async () => {
    for (const username of ['pat', 'rev']) expect((await api(base, 'POST', '/users', { username, displayName: username === 'pat' ? 'Prof Pat' : 'Dr Rev', password: PASSWORD })).status).toBe(201);
    await open(dana, `#/projects/${ids.project}`);
    for (const [username, role] of [['pat', 'pi'], ['rev', 'reviewer']]) {
      await dana.fill('#member-username', username);
      await dana.selectOption('#member-role', role);
      await dana.click('#member-add');
      await waitFor(dana, `document.querySelector('[data-role-of="${username}"]')?.value === '${role}'`);
    }
    await dana.fill('#member-username', 'nobody');
    await dana.click('#member-add');
    await waitFor(dana, `document.getElementById('members-status').textContent === "user 'nobody' not found"`);
    expect(await dana.evaluate<string[]>(`[...document.querySelectorAll('#members tbody tr')].map((tr) => tr.cells[0].textContent)`)).toEqual(['Dana Scientist', 'Prof Pat', 'Dr Rev']);

    // sharing: only reviewers are offered, and ticking shares the run
    expect(await dana.evaluate<string[]>(`[...document.querySelectorAll('[data-share-with]')].map((b) => b.dataset.shareWith)`)).toEqual(['rev']);
    expect(await text(dana, '#share-run option')).toMatch(/^wdbc v1 on wdbc, /);
    await dana.click('[data-share-with="rev"]');
    await waitFor(dana, `document.getElementById('share-status').textContent === 'Shared with Dr Rev.'`);
    expect((await api(base, 'GET', `/runs/${ids.run}/shares`)).body.map((s: { username: string }) => s.username)).toEqual(['rev']);

    // enough entries for two pages: each role change is audited
    const pat = (await api(base, 'GET', `/projects/${ids.project}/members`)).body.find((m: { username: string }) => m.username === 'pat');
    for (let i = 0; i < 16; i++) expect((await api(base, 'PUT', `/projects/${ids.project}/members/${pat.userId}`, { role: i % 2 ? 'pi' : 'data_scientist' })).status).toBe(200);
    const all = (await api(base, 'GET', `/projects/${ids.project}/audit?limit=500`)).body as { id: string; action: string }[];
    expect(all.length).toBeGreaterThan(20);
    expect(all.length).toBeLessThanOrEqual(40);
    await dana.reload(); // the same hash: a reload shows the new entries
    await waitFor(dana, `document.querySelectorAll('#audit tbody tr').length === 20`);
    expect(await text(dana, '#audit-page')).toBe('Entries 1–20');
    expect(await dana.evaluate<boolean>(`document.getElementById('audit-newer').disabled`)).toBe(true);
    const firstPage = await dana.evaluate<string[][]>(`[...document.querySelectorAll('#audit tbody tr')].map((tr) => [...tr.cells].slice(1).map((c) => c.textContent))`);
    expect(firstPage.map(([who]) => who)).toEqual(all.slice(0, 20).map((e) => (e as unknown as { actorName: string }).actorName));
    expect(firstPage.filter(([, what]) => /^made Prof Pat (PI|Data scientist) \(was (PI|Data scientist)\)$/.test(what)).length).toBe(16); // names, not ids
    await screenshot(dana, 'project', { fullPage: true });
    await dana.click('#audit-older');
    await waitFor(dana, `document.getElementById('audit-page').textContent === 'Entries 21–${all.length}'`);
    expect(await count(dana, '#audit tbody tr')).toBe(all.length - 20);
    expect(await dana.evaluate<boolean>(`document.getElementById('audit-older').disabled`)).toBe(true);
    const first = await fetch(`${base}/api/projects/${ids.project}/audit?limit=20`, { headers: authHeaders(base) });
    const paged = (await api(base, 'GET', `/projects/${ids.project}/audit?limit=20&after=${first.headers.get('x-next-cursor')}`)).body as { id: string }[];
    expect(paged.map((e) => e.id)).toEqual(all.slice(20).map((e) => e.id)); // pages neither repeat nor skip
    expect(await text(dana, '#audit tbody tr:last-child td:nth-child(3)')).toBe('created project "Breast cytology"');
    expect((await api(base, 'GET', `/projects/${ids.project}/audit?limit=0`)).status).toBe(400);
  });

  it('a reviewer sees no upload box and no launch or cancel; a PI reads runs without launch or cancel', async () => {
    const rev = await newPage();
    await signIn(rev, 'rev');
    await open(rev, '#/setup');
    expect(await text(rev, '#setup-none')).toMatch(/for owners and data scientists.*Breast cytology: Reviewer/);
    expect(await count(rev, '#dataset-file, #spec-yaml, #setup-launch, input[type=file]')).toBe(0);
    await screenshot(rev, 'setup-reviewer', { fullPage: true });
    await open(rev, '#/runs');
    expect(await count(rev, `#runs tr[data-run="${ids.run}"]`)).toBe(1); // the shared run is there
    expect(await count(rev, '#launch, #launch-experiment, #runs button')).toBe(0);
    await open(rev, `#/projects/${ids.project}`);
    expect(await count(rev, '#member-add, [data-remove], select[data-role-of], #sharing, #audit-log')).toBe(0);
    await open(rev, '#/extractions');
    expect(await rev.evaluate<number>(`[...document.querySelectorAll('input[type=file]')].filter((i) => i.offsetParent !== null).length`)).toBe(0);

    const pi = await newPage();
    await signIn(pi, 'pat');
    await open(pi, '#/runs');
    expect(await count(pi, `#runs tr[data-run="${ids.run}"]`)).toBe(1);
    expect(await count(pi, '#launch, #runs button')).toBe(0);
    await open(pi, '#/setup');
    expect(await count(pi, '#dataset-file, #spec-yaml, #setup-launch')).toBe(0);
    await open(pi, '#/extractions');
    expect(await pi.evaluate<boolean>(`document.querySelector('form[aria-label="Launch an extraction"]').hidden`)).toBe(true);
    // and the API agrees with what is hidden
    expect(await pi.evaluate<number>(`fetch('/api/runs/${ids.run}/cancel', { method: 'POST' }).then((r) => r.status)`)).toBe(403);
  });

  it('no page error but the expected refusals', async () => {
    for (const c of contexts) for (const p of c.pages()) await p.close();
    // 4xx answers the flows provoke on purpose: the weak password, the unknown member, the disabled user's check, the PI's cancel
    expect(errors.filter((e) => !/status of 4(00|01|03|04)/.test(e))).toEqual([]);
  });
});
