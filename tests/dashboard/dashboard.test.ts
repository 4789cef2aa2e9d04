import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delongTest } from '@radsweep/metrics';
import { api } from '../server/support/api';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { StoredStudy, storedStudy } from './support/study';
import { screenshot } from './support/screenshots';

/** The page's rendered view is ready: a heading, not loading, and every chart of it created. */
const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c))`;

/** Points of a chart's dataset as [x, y] pairs. */
const chartPoints = (canvasId: string, dataset: number) => `Chart.getChart(document.getElementById('${canvasId}')).data.datasets[${dataset}].data.map((p) => [p.x, p.y])`;

describe('dashboard in Chromium against a server with two stored WDBC sweeps', () => {
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
    // sign in as the study's administrator: API token -> a one-time login link -> the session cookie
    const me = (await api(base, 'GET', '/auth/me')).body;
    const link = (await api(base, 'POST', `/users/${me.id}/login-link`)).body.loginLink;
    await page.goto(`${base}${link}`);
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await page.context().cookies()).map((c) => c.name)).toContain('radsweep_session');
  });
  afterAll(async () => {
    await browser?.close();
    await study?.close();
  });

  async function open(hash: string): Promise<void> {
    await page.goto(`${base}/${hash}`);
    await page.evaluate('new Promise((r) => setTimeout(r, 0))');
    await waitFor(page, READY);
  }

  it('an anonymous browser gets the sign-in page and no data; a password signs in, sign-out ends it', async () => {
    const anonymous = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const p = await anonymous.newPage();
      const anonymousErrors = pageErrors(p);
      await p.goto(`${base}/#/leaderboard?runId=${study.runA}`);
      await waitFor(p, `document.querySelector('main h1')?.textContent === 'Sign in' && !document.getElementById('view').hasAttribute('aria-busy')`);
      expect(await p.evaluate<boolean>(`document.querySelector('header nav').hidden && document.getElementById('account').hidden`)).toBe(true);
      expect(await p.evaluate<number>(`document.querySelectorAll('#leaderboard, table').length`)).toBe(0);
      expect(await p.evaluate<number>(`fetch('/api/runs/${study.runA}/leaderboard').then((r) => r.status)`)).toBe(401);
      await screenshot(p, 'sign-in', { fullPage: true });

      const password = `pw-${Math.random().toString(36).slice(2)}-dashboard`;
      expect((await api(base, 'POST', '/users', { username: 'reader', displayName: 'Dr Reader', password })).status).toBe(201);
      await p.fill('#login-username', 'reader');
      await p.fill('#login-password', 'not the password');
      await p.click('#login-submit');
      await waitFor(p, `document.getElementById('login-status').textContent === 'wrong username or password'`);
      await p.fill('#login-password', password);
      await p.press('#login-password', 'Enter');
      // signed in, the page asked for: a run outside the reader's projects is refused, not shown
      await waitFor(p, `document.getElementById('account-name').textContent === 'Dr Reader' && !document.getElementById('view').hasAttribute('aria-busy')`);
      expect(await p.evaluate<string>(`document.querySelector('#view .error').textContent`)).toMatch(/^403: /);
      await p.goto(`${base}/#/leaderboard`);
      await waitFor(p, READY);
      expect(await p.evaluate<number>(`document.querySelectorAll('#leaderboard tbody tr').length`)).toBe(0); // no runs of theirs
      await p.click('#sign-out');
      await waitFor(p, `document.querySelector('main h1')?.textContent === 'Sign in'`);
      expect(await p.evaluate<number>(`fetch('/api/auth/me').then((r) => r.status)`)).toBe(401);
      // the failed sign-in, the refused run and the signed-out check are the only errors (their 4xx loads)
      expect(anonymousErrors.every((e) => /status of 40[13]/.test(e))).toBe(true);
    } finally {
      await anonymous.close();
    }
  });

  /** Ids of the leaderboard's rows, top to bottom. */
  const rowIds = () => page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard tbody tr')].map((tr) => tr.dataset.id)`);

  it('leaderboard of a run: sorts by any metric (as the API does), highlights the best row per feature set, filters, states class balance', async () => {
    await open(`#/leaderboard?runId=${study.runA}`);
    const byCv = (await api(base, 'GET', `/runs/${study.runA}/leaderboard?sort=cvAuc`)).body.items;
    expect(byCv).toHaveLength(6);
    expect(await rowIds()).toEqual(byCv.map((r: any) => r.id)); // default order: the CV score
    await screenshot(page, 'leaderboard', { fullPage: true });

    await page.click('#sort-brier');
    await waitFor(page, `document.querySelector('#sort-brier').closest('th').getAttribute('aria-sort') === 'ascending'`);
    const byBrier = (await api(base, 'GET', `/runs/${study.runA}/leaderboard?sort=brier&order=asc`)).body.items;
    expect(await rowIds()).toEqual(byBrier.map((r: any) => r.id));
    const shown = await page.evaluate<number[]>(`[...document.querySelectorAll('#leaderboard td[data-key=brier]')].map((td) => Number(td.textContent))`);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(shown[0]).toBeCloseTo(byBrier[0].brier, 3);
    await page.click('#sort-brier');
    await waitFor(page, `document.querySelector('#sort-brier').closest('th').getAttribute('aria-sort') === 'descending'`);
    expect(await rowIds()).toEqual([...byBrier].reverse().map((r: any) => r.id));

    // best row per feature set = the highest CV AUC of that feature set in the API's own leaderboard
    const best = await page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard tr.best')].map((tr) => tr.dataset.id)`);
    const expected = ['mean', 'worst'].map((fs) => byCv.filter((r: any) => r.featureSet === fs)[0].id);
    expect(best.sort()).toEqual(expected.sort());

    expect(await page.evaluate<string>(`document.getElementById('class-balance').textContent`)).toMatch(/Positive class: 1 .*train 426 \(159 positive\), test 143 \(53 positive\)/);
    expect(await page.evaluate<number>(`document.querySelectorAll('#mixed-test-sets, #groups').length`)).toBe(0); // one run: one test set
    await page.evaluate(`(() => { const s = document.getElementById('filter-feature-set'); s.value = 'worst'; s.dispatchEvent(new Event('change')); })()`);
    await waitFor(page, `[...document.querySelectorAll('#leaderboard tbody tr')].length === 3`);
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard td[data-key=featureSet]')].map((td) => td.textContent)`)).toEqual(['worst', 'worst', 'worst']);
  });

  it('the best badge and the default order follow the CV score when the test AUC would pick another model', async () => {
    const rows = (await api(base, 'GET', `/runs/${study.runA}/leaderboard?featureSet=mean`)).body.items;
    const chosen = rows[0];
    const last = rows.at(-1);
    expect(chosen.cvAuc).toBeGreaterThan(last.cvAuc);
    // stored results where the last model by CV has the best test AUC
    const db = study.database.dataSource;
    const [{ test_auc: original }] = await db.query('SELECT test_auc FROM model_results WHERE id = $1', [last.id]);
    await db.query('UPDATE model_results SET test_auc = 0.999 WHERE id = $1', [last.id]);
    try {
      await open(`#/leaderboard?runId=${study.runA}&featureSet=mean`);
      expect(await rowIds()).toEqual(rows.map((r: any) => r.id));
      expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard tr.best')].map((tr) => tr.dataset.id)`)).toEqual([chosen.id]);
      expect(await page.evaluate<string>(`document.querySelector('#leaderboard tr.best .badge.best').textContent`)).toBe('best by CV of mean');
      expect(await page.evaluate<string>(`document.querySelector('#leaderboard tr:last-child td[data-key=testAuc]').textContent`)).toMatch(/^0\.999/);
      expect(await page.evaluate<string>(`document.getElementById('ranking-note').textContent`)).toMatch(/chosen by mean CV AUC .* test metrics of the chosen model are the estimate of its performance/);
      // sorted by the test AUC on request, the badge stays on the CV choice
      await page.click('#sort-testAuc');
      await waitFor(page, `document.querySelector('#leaderboard tbody tr').dataset.id === '${last.id}'`);
      expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard tr.best')].map((tr) => tr.dataset.id)`)).toEqual([chosen.id]);
      // the model records say which one CV chose and what its test metrics are
      await open(`#/model/${chosen.id}`);
      expect(await page.evaluate<string>(`document.getElementById('ranking-note').textContent`)).toMatch(/^Chosen by CV .*: its test metrics below are the estimate of its performance on new patients/);
      await open(`#/model/${last.id}`);
      expect(await page.evaluate<string>(`document.getElementById('ranking-note').textContent`)).toMatch(/^Rank 3 by mean CV AUC of the 3 models on mean in this run, not the model chosen/);
    } finally {
      await db.query('UPDATE model_results SET test_auc = $2 WHERE id = $1', [last.id, original]);
    }
  });

  it('flags a model that predicts one class for everyone, and only that one', async () => {
    await open(`#/leaderboard?runId=${study.runB}`);
    const rows = (await api(base, 'GET', `/runs/${study.runB}/leaderboard`)).body.items;
    const oneClass: string[] = [];
    for (const r of rows) if ((await api(base, 'GET', `/results/${r.id}`)).body.test?.singleClassPrediction !== null) oneClass.push(r.id);
    expect(oneClass.length).toBeGreaterThan(0); // logistic regression with C = 1e-6 predicts the majority class
    const flagged = await page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard tbody tr')].filter((tr) => tr.querySelector('[data-flag=one-class]')).map((tr) => tr.dataset.id)`);
    expect(flagged.sort()).toEqual(oneClass.sort());
  });

  it('cross-run leaderboard groups rows by dataset, experiment and test set, says when test sets differ, filters by experiment', async () => {
    await open('#/leaderboard');
    const page1 = (await api(base, 'GET', '/dashboard/leaderboard')).body;
    // two experiment versions split with different seeds: two test sets of one dataset, two feature sets each
    expect(await page.evaluate<string>(`document.getElementById('mixed-test-sets').textContent`)).toMatch(/^These rows come from 2 different test sets \(1 dataset by sha256\)/);
    expect(await page.evaluate<number>(`document.querySelectorAll('#class-balance').length`)).toBe(0); // no single balance for rows of different test sets
    const groups = await page.evaluate<{ key: string; balance: string }[]>(`[...document.querySelectorAll('#groups tbody tr')].map((tr) => ({ key: tr.dataset.group, balance: tr.querySelector('[data-key=class-balance]').textContent }))`);
    expect(groups.map((g) => g.key)).toEqual(page1.groups.map((g: any) => g.key));
    expect(groups).toHaveLength(4);
    for (const [i, g] of page1.groups.entries()) {
      const b = g.classBalance;
      expect(groups[i].balance).toBe(`train ${b.train.n} (${b.train.positives} positive), test ${b.test.n} (${b.test.positives} positive)`);
      // one best per group, on the CV winner of that group
      const members = page1.items.filter((r: any) => r.group === g.key);
      const best = await page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard tr.best')].map((tr) => tr.dataset.id)`);
      expect(best.filter((id) => members.some((r: any) => r.id === id))).toEqual([members.reduce((a: any, r: any) => (r.cvAuc > a.cvAuc ? r : a)).id]);
    }
    expect(await page.evaluate<number>(`document.querySelectorAll('#leaderboard tr.best').length`)).toBe(4);
    await screenshot(page, 'leaderboard-across-runs', { fullPage: true });
    // one experiment: one test set, its class balance, no warning
    const runA = (await api(base, 'GET', `/runs/${study.runA}`)).body;
    await page.evaluate(`(() => { const s = document.getElementById('filter-experiment'); s.value = '${runA.experimentId}'; s.dispatchEvent(new Event('change')); })()`);
    await waitFor(page, `document.getElementById('class-balance') && !document.getElementById('mixed-test-sets')`);
    expect(await page.evaluate<string>(`document.getElementById('page-status').textContent`)).toBe('1–6 of 6');
  });

  it('cross-run leaderboard is paged on the server and exports CSV of every matching row', async () => {
    await open('#/leaderboard');
    expect(await page.evaluate<string>(`document.getElementById('page-status').textContent`)).toBe('1–12 of 12');
    const csv = await page.evaluate<string>(`(async () => {
      let blob; const orig = URL.createObjectURL; URL.createObjectURL = (b) => { blob = b; return orig(b); };
      document.getElementById('export-csv').click();
      while (!blob) await new Promise((r) => setTimeout(r, 20));
      URL.createObjectURL = orig; return blob.text(); })()`);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^run_id,experiment,dataset_sha256,test_set,feature_set,model,cv_auc,cv_auc_sd,cv_rank,best_by_cv,test_auc,/);
    expect(lines).toHaveLength(13);
    expect(lines.slice(1).filter((l) => l.split(',')[9] === 'true')).toHaveLength(4); // one chosen per comparison group
  });

  it('cross-run leaderboard pages follow the server cursor: Next and Previous walk every row once, in the API order', async () => {
    const all = (await api(base, 'GET', '/dashboard/leaderboard?limit=500')).body.items.map((r: { id: string }) => r.id);
    expect(all).toHaveLength(12);
    await open('#/leaderboard?limit=5');
    const shown = () => page.evaluate<string[]>(`[...document.querySelectorAll('#leaderboard tbody tr')].map((tr) => tr.dataset.id)`);
    const status = () => page.evaluate<string>(`document.getElementById('page-status').textContent`);
    const click = async (id: string, want: string) => {
      await page.evaluate(`document.getElementById('${id}').click()`);
      await waitFor(page, `document.getElementById('page-status') && document.getElementById('page-status').textContent === '${want}'`);
    };
    const seen: string[] = [];
    expect(await status()).toBe('1–5 of 12');
    seen.push(...(await shown()));
    await click('page-next', '6–10 of 12');
    seen.push(...(await shown()));
    await click('page-next', '11–12 of 12');
    seen.push(...(await shown()));
    expect(await page.evaluate<boolean>(`document.getElementById('page-next').disabled`)).toBe(true);
    expect(seen).toEqual(all);
    await click('page-prev', '6–10 of 12');
    expect(await shown()).toEqual(all.slice(5, 10));
  });

  it('model record: ROC and calibration charts draw the stored points, threshold control changes the confusion matrix', async () => {
    const top = (await api(base, 'GET', `/runs/${study.runA}/leaderboard?featureSet=mean&model=logistic_regression`)).body.items[0];
    const stored = (await api(base, 'GET', `/results/${top.id}`)).body;
    await open(`#/model/${top.id}`);
    expect(await page.evaluate(chartPoints('roc-chart', 2))).toEqual(stored.roc.fpr.map((f: number, i: number) => [f, stored.roc.tpr[i]]));
    expect(await page.evaluate(chartPoints('calibration-chart', 0))).toEqual(stored.calibration.meanPredicted.map((m: number, i: number) => [m, stored.calibration.observed[i]]));
    const binCounts = await page.evaluate<number[]>(`[...document.querySelectorAll('#calibration-table tbody tr')].map((tr) => Number(tr.cells[5].textContent))`);
    expect(binCounts).toEqual(stored.calibration.count);
    const histogram = await page.evaluate<number[]>(`Chart.getChart(document.getElementById('histogram-chart')).data.datasets[0].data`);
    expect(histogram.reduce((a, b) => a + b, 0)).toBe(stored.predictions.length);
    expect(await page.evaluate<number>(`Chart.getChart(document.getElementById('decision-chart')).data.datasets.length`)).toBe(3);

    const cells = () => page.evaluate<Record<string, number>>(`Object.fromEntries([...document.querySelectorAll('#confusion [data-cell]')].map((td) => [td.dataset.cell, Number(td.textContent.split(' ')[1])]))`);
    expect(await page.evaluate(`document.getElementById('threshold').value`)).toBe('0.5');
    expect(await cells()).toEqual(stored.test.confusion); // the engine's matrix at 0.5
    await screenshot(page, 'model-record', { fullPage: true });

    await page.evaluate(`document.getElementById('threshold').focus()`);
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(`document.getElementById('threshold-value').textContent`)).toBe('0.80');
    const at = (t: number) => {
      const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
      for (const p of stored.predictions) {
        if (p.probability > t) p.label === 1 ? c.tp++ : c.fp++; // the engine's rule (libs/metrics confusion.ts)
        else p.label === 1 ? c.fn++ : c.tn++;
      }
      return c;
    };
    expect(at(0.8)).not.toEqual(at(0.5));
    expect(await cells()).toEqual(at(0.8));
    const recall = await page.evaluate<string>(`[...document.querySelectorAll('#threshold-metrics tr')].find((tr) => tr.cells[0].textContent.startsWith('sensitivity')).cells[1].textContent`);
    expect(Number(recall)).toBeCloseTo(at(0.8).tp / (at(0.8).tp + at(0.8).fn), 3);
    expect(await page.evaluate<string>(`document.getElementById('dataset-hash').textContent`)).toMatch(/^[0-9a-f]{64}$/);
    const csv = await page.evaluate<string>(`fetch(document.getElementById('download-predictions').href).then((r) => r.text())`);
    expect(csv.trim().split('\n')).toHaveLength(stored.predictions.length + 1);
  });

  it('compare two runs: two overlaid ROC curves of the stored points, deltas and DeLong p, spec differences', async () => {
    await open(`#/compare?runs=${study.runA},${study.runB}`);
    const cmp = (await api(base, 'GET', `/compare?runs=${study.runA},${study.runB}`)).body;
    const row = cmp.rows[0];
    const ids = row.runs.map((r: any) => r.modelResultId);
    const datasets = await page.evaluate<string[]>(`Chart.getChart(document.getElementById('compare-roc-chart')).data.datasets.map((d) => d.label)`);
    expect(datasets.filter((l) => l !== 'chance')).toHaveLength(2);
    for (const [i, id] of ids.entries()) {
      const roc = (await api(base, 'GET', `/results/${id}`)).body.roc;
      expect(await page.evaluate(chartPoints('compare-roc-chart', i))).toEqual(roc.fpr.map((f: number, k: number) => [f, roc.tpr[k]]));
    }
    // the two runs split with different seeds, so their test patients differ and no paired test applies
    expect(row.runs[1].delong).toBeNull();
    expect(await page.evaluate<string>(`document.querySelector('#model-compare-table tbody tr:nth-child(2)').cells[8].textContent`)).toBe('not the same test patients');
    expect(row.runs[1].sameTestPatients).toBe(false);
    expect(await page.evaluate<string>(`document.getElementById('other-test-patients').textContent`)).toMatch(/tested on other patients than the first/);
    const delta = await page.evaluate<string>(`document.querySelector('#model-compare-table tbody tr:nth-child(2)').cells[5].textContent`);
    expect(Number(delta.replace('−', '-'))).toBeCloseTo(row.runs[1].deltaTestAuc, 3);
    const diffs = await page.evaluate<string[]>(`[...document.querySelectorAll('#spec-diff tbody tr')].map((tr) => tr.cells[0].textContent)`);
    expect(diffs).toEqual(expect.arrayContaining(['seed', 'models[logistic_regression].grid.C']));
    await screenshot(page, 'compare', { fullPage: true });
  });

  it('compare models of one run (picked on the leaderboard): DeLong p on the shared test patients', async () => {
    await open(`#/leaderboard?runId=${study.runA}&featureSet=worst`);
    const ids = await rowIds();
    for (const id of ids.slice(0, 2)) await page.click(`tr[data-id="${id}"] input[type=checkbox]`);
    await page.click('#compare-selected');
    await waitFor(page, `location.hash.startsWith('#/compare?models=') && document.getElementById('compare-roc-chart') && !!Chart.getChart(document.getElementById('compare-roc-chart'))`);
    const [a, b] = await Promise.all(ids.slice(0, 2).map(async (id) => (await api(base, 'GET', `/results/${id}`)).body));
    const y = Uint8Array.from(a.predictions.map((p: any) => p.label));
    const byId = new Map(b.predictions.map((p: any) => [p.id, p.probability]));
    const expected = delongTest(y, Float64Array.from(a.predictions.map((p: any) => p.probability)), Float64Array.from(a.predictions.map((p: any) => byId.get(p.id))));
    const shown = await page.evaluate<string>(`document.querySelector('#model-compare-table tbody tr:nth-child(2)').cells[8].textContent`);
    expect(shown).toBe(`${expected.pValue < 0.001 ? '< 0.001' : expected.pValue.toFixed(3)} (n = ${y.length})`);
    expect(await page.evaluate<string>(`document.getElementById('spec-diff').textContent`)).toMatch(/one experiment version/);
    expect(await page.evaluate<number>(`document.querySelectorAll('#other-test-patients').length`)).toBe(0); // one run: the same patients
  });

  it('runs page: launches a run from the form, follows it live, cancels and resumes it', async () => {
    await open('#/runs');
    expect(await page.evaluate<number>(`document.querySelectorAll('#runs tbody tr').length`)).toBe(2);
    await page.evaluate(`document.getElementById('launch').focus()`);
    await page.keyboard.press('Enter');
    const id = await waitFor<string>(page, `document.querySelectorAll('#runs tbody tr').length === 3 && document.querySelector('#runs tbody tr').dataset.run`);
    await page.evaluate(`[...document.querySelector('#runs tbody tr').querySelectorAll('button')].find((b) => b.textContent === 'Cancel').click()`);
    await waitFor(page, `document.querySelector('#runs tbody tr [data-status]').textContent === 'cancelled'`);
    expect((await api(base, 'GET', `/runs/${id}`)).body.status).toBe('cancelled');
    await screenshot(page, 'runs', { fullPage: true });
    await page.evaluate(`[...document.querySelector('#runs tbody tr').querySelectorAll('button')].find((b) => b.textContent === 'Resume').click()`);
    await waitFor(page, `document.querySelector('#runs tbody tr [data-status]').textContent === 'succeeded'`, 60_000); // pushed over server-sent events
    // the bar counts fits (every task's, from launch), all done
    const fits = (await api(base, 'GET', `/runs/${id}`)).body.fitsTotal;
    expect(fits).toBeGreaterThan(2);
    expect(await page.evaluate<string>(`document.querySelector('#runs tbody tr progress').value + '/' + document.querySelector('#runs tbody tr progress').max`)).toBe(`${fits}/${fits}`);
  });

  it('is keyboard reachable with visible focus, and fits a 390 px phone', async () => {
    await open(`#/leaderboard?runId=${study.runA}`);
    const reached: string[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate<{ id: string; outline: string }>(`({ id: document.activeElement.id || document.activeElement.textContent.trim(), outline: getComputedStyle(document.activeElement).outlineStyle })`);
      reached.push(f.id);
      expect(f.outline, f.id).not.toBe('none');
    }
    expect(reached).toEqual(expect.arrayContaining(['filter-feature-set', 'filter-model', 'export-csv', 'sort-testAuc', 'sort-brier']));

    // a phone: 390 px mobile viewport with touch, the desktop page's cookies carried over
    const desktop = page;
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await desktop.context().storageState() });
    page = await phone.newPage();
    const phoneErrors = pageErrors(page);
    try {
      const top = (await api(base, 'GET', `/runs/${study.runA}/leaderboard`)).body.items[0];
      for (const [hash, name] of [[`#/model/${top.id}`, 'model-record-390'], [`#/leaderboard?runId=${study.runA}`, 'leaderboard-390']]) {
        await open(hash);
        expect(await page.evaluate<number>('document.documentElement.scrollWidth'), hash).toBeLessThanOrEqual(390);
        await screenshot(page, name, { fullPage: true });
      }
    } finally {
      await phone.close();
      page = desktop;
    }
    expect([...errors, ...phoneErrors]).toEqual([]);
  });
});
