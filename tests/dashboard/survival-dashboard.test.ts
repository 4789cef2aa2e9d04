import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { delta, num, pValue } from '../../apps/dashboard/src/format';
import { estimateWithCi } from '../../apps/dashboard/src/survival/leaderboard-columns';
import { timeTicks } from '../../apps/dashboard/src/survival/time-ticks';
import { pngInfo } from '../../apps/dashboard/src/figures/png-dpi';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { darkPixelsAtBottom, exportedFile, parsedSvg } from './support/figure-files';
import { startStubServer, StubServer } from './support/stub-api-server';
import { HORIZONS, MODELS, RUN_ID, survivalFixture } from './support/survival-fixture';
import { screenshot } from './support/screenshots';

/** The view is ready: a heading, not loading, every chart created and every numbers-at-risk table placed under its ticks. */
const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c)) && [...document.querySelectorAll('.at-risk')].every((t) => t.classList.contains('aligned'))`;

const chart = (canvasId: string) => `Chart.getChart(document.getElementById('${canvasId}'))`;
const datasetLabels = (canvasId: string) => `${chart(canvasId)}.data.datasets.map((d) => d.label)`;
/** Per cell of figure `id`'s numbers-at-risk table: its centre minus its x tick's pixel on the page (0 = right under the tick). */
const tickOffsets = (id: string) => `(() => {
  const c = ${chart(`${id}-chart`)};
  const left = c.canvas.getBoundingClientRect().left;
  return [...document.querySelectorAll('#${id}-at-risk [data-tick]')].map((cell) => {
    const r = cell.getBoundingClientRect();
    return r.left + r.width / 2 - (left + c.scales.x.getPixelForValue(c.scales.x.ticks[Number(cell.dataset.tick)].value));
  });
})()`;
const points = (canvasId: string, label: string) => `${chart(canvasId)}.data.datasets.find((d) => d.label === ${JSON.stringify(label)}).data.map((p) => [p.x, p.y])`;

/**
 * The survival views in Chromium, served by the real dashboard assets and security headers, against a stub
 * of the survival API whose answers are typed by libs/api-contract and computed with libs/metrics on a
 * seeded cohort (the server's survival storage is built on another branch; no run is stored here).
 */
describe('survival dashboard in Chromium against a typed stub of the survival API', () => {
  const fx = survivalFixture();
  const [a1, a2, a3] = MODELS.map((m) => m.id);
  let server: StubServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const experiment = { id: 'e1', name: 'crlm-survival', version: 1, description: null, createdAt: '2026-12-04T05:00:00Z', spec: { endpoints: [{ name: 'recurrence' }, { name: 'death' }] } };
    const run = { id: RUN_ID, experimentId: 'e1', datasetId: 'd1', status: 'succeeded', seed: 1, tasksDone: 2, tasksTotal: 2, error: null, createdAt: '2026-12-04T05:00:00Z', startedAt: null, finishedAt: null };
    [server, browser] = await Promise.all([
      startStubServer((path, q) => {
        if (path === '/auth/me') return { status: 200, body: { id: 'u1', username: 'admin', displayName: 'Admin', isAdmin: true, hasPassword: false } };
        if (path === '/experiments') return { status: 200, body: [experiment] };
        if (path === '/experiments/e1') return { status: 200, body: { ...experiment, projectId: null } };
        if (path === '/datasets') return { status: 200, body: [{ id: 'd1', name: 'crlm', fileName: 'crlm.csv', rowCount: 480 }] };
        if (path === '/runs') return { status: 200, body: [run] };
        if (path === `/runs/${RUN_ID}/survival/leaderboard`) return { status: 200, body: fx.leaderboard };
        if (path === `/runs/${RUN_ID}`) return { status: 200, body: { ...run, projectId: null, fitsDone: 2, fitsTotal: 2, tasks: [] } };
        if (/^\/survival\/results\/[0-9a-f-]+\/locked-models$/.test(path)) return { status: 200, body: [] }; // the record's External validation section: nothing locked
        if (path === `/runs/${RUN_ID}/curation`) return { status: 200, body: { id: RUN_ID, name: null, notes: '', tags: [], archivedAt: null, finalModels: [], allowed: [] } };
        const rec = /^\/survival\/results\/([0-9a-f-]+)$/.exec(path);
        if (rec && fx.records.has(rec[1])) return { status: 200, body: fx.records.get(rec[1]) };
        if (path === '/survival/compare' && fx.records.has(q.get('a')!) && fx.records.has(q.get('b')!)) return { status: 200, body: fx.compare(q.get('a')!, q.get('b')!) };
        return undefined;
      }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = pageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(hash: string): Promise<void> {
    await page.goto(`${server.url}/${hash}`);
    await waitFor(page, READY);
  }

  const rowIds = () => page.evaluate<string[]>(`[...document.querySelectorAll('#survival-leaderboard tbody tr')].map((tr) => tr.dataset.id)`);
  const cells = (key: string) => page.evaluate<string[]>(`[...document.querySelectorAll('#survival-leaderboard td[data-key="${key}"]')].map((td) => td.textContent)`);

  it('links a run of an experiment with survival endpoints to its survival leaderboards', async () => {
    await open('#/runs');
    expect(await page.evaluate<string>(`document.querySelector('#runs tbody tr a').getAttribute('href')`)).toBe(`#/survival?runId=${RUN_ID}`);
    await open('#/survival');
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#survival-runs td')].map((td) => td.textContent).slice(0, 3)`)).toEqual([RUN_ID.slice(0, 8), 'crlm-survival v1', 'recurrence, death']);
  });

  it('leaderboard: a tab per endpoint; C-indices, td-AUC at each horizon, IBS beside the null IBS, calibration slope; best by CV marked; sorts both ways', async () => {
    await open(`#/survival?runId=${RUN_ID}`);
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('[role=tab]')].map((t) => t.textContent + ':' + t.getAttribute('aria-selected'))`)).toEqual(['recurrence:true', 'death:false']);
    const rows = fx.leaderboard.endpoints[0].rows;
    expect(await rowIds()).toEqual([a1, a2, a3]); // by mean CV C-index
    expect(await cells('harrellC')).toEqual(rows.map((r) => estimateWithCi(r.testHarrellC)));
    for (const [k, h] of HORIZONS.entries()) expect(await cells(`tdAuc@${h}`)).toEqual(rows.map((r) => estimateWithCi(r.tdAuc[k])));
    expect(await cells('ibs')).toEqual(rows.map((r) => `${num(r.ibs!.estimate)} (${num(r.ibs!.nullEstimate)})`));
    expect(await cells('calibrationSlope')).toEqual(rows.map((r) => num(r.calibrationSlope!.slope, 2)));
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#survival-leaderboard tr.best')].map((tr) => tr.dataset.id + ' ' + tr.querySelector('.badge.best').textContent)`)).toEqual([`${a1} best by CV of all`, `${a3} best by CV of shape`]);
    expect(await page.evaluate<string>(`document.getElementById('competing-events').textContent`)).toBe('4 competing events: censored at their time (cause-specific).');
    await screenshot(page, 'survival-leaderboard', { fullPage: true });

    const byIbs = [...rows].sort((x, y) => x.ibs!.estimate - y.ibs!.estimate).map((r) => r.id);
    await page.click('#sort-ibs');
    await waitFor(page, `document.querySelector('#sort-ibs').closest('th').getAttribute('aria-sort') === 'ascending'`);
    expect(await rowIds()).toEqual(byIbs); // lower IBS first
    await page.click('#sort-ibs');
    await waitFor(page, `document.querySelector('#sort-ibs').closest('th').getAttribute('aria-sort') === 'descending'`);
    expect(await rowIds()).toEqual([...byIbs].reverse());
    const byAuc = [...rows].sort((x, y) => y.tdAuc[2].estimate - x.tdAuc[2].estimate).map((r) => r.id);
    await page.click('#sort-tdAuc\\@1826');
    await waitFor(page, `document.querySelector('[id="sort-tdAuc@1826"]').closest('th').getAttribute('aria-sort') === 'descending'`);
    expect(await rowIds()).toEqual(byAuc);
    expect(new URL(page.url()).hash).toContain('sort=tdAuc%401826');

    await page.click('#endpoint-tab-death');
    await waitFor(page, `document.querySelector('#endpoint-tab-death').getAttribute('aria-selected') === 'true'`);
    expect(await rowIds()).toEqual(['6f1c1f2e-0000-4000-8000-0000000000b1']);
    expect(await cells('ibs')).toEqual(['–']);
    expect(await cells('tdAuc@365')).toEqual(['–']);
    expect(await page.evaluate<string>(`document.querySelector('[data-flag=at-horizon]').textContent`)).toBe('classifier at 1096: 17 censored before it left out');

    // keyboard: the arrow keys move between the endpoint tabs (focus follows)
    await page.keyboard.press('ArrowLeft');
    await waitFor(page, `document.querySelector('#endpoint-tab-recurrence').getAttribute('aria-selected') === 'true' && document.activeElement.id === 'endpoint-tab-recurrence'`);
    expect(await page.evaluate<number[]>(`[...document.querySelectorAll('[role=tab]')].map((t) => t.tabIndex)`)).toEqual([0, -1]);
    await waitFor(page, `document.querySelectorAll('#survival-leaderboard tbody tr').length === 3`);
    await page.check(`tr[data-id="${a1}"] input[type=checkbox]`);
    await page.check(`tr[data-id="${a2}"] input[type=checkbox]`);
    await page.click('#compare-selected');
    await waitFor(page, `location.hash === '#/survival-compare?models=${a1},${a2}'`);
  });

  it('model record: KM step curves of the risk groups with intervals, numbers at risk (time >= tick) under each x tick, log-rank p', async () => {
    await open(`#/survival-model/${a1}`);
    const rec = fx.records.get(a1)!;
    const { time } = fx.test;
    const groups = fx.built[0].groups;
    expect(await page.evaluate<string>(`document.querySelector('main h1').textContent`)).toBe('Cox PH on all · recurrence');
    expect(await page.evaluate<string>(`document.querySelector('nav a[aria-current=page]').textContent`)).toBe('Survival');
    expect(await page.evaluate<string>(`document.getElementById('log-rank').textContent`)).toContain(`p = ${pValue(rec.riskGroups!.logRank!.pValue)}.`);
    expect(rec.riskGroups!.logRank!.pValue).toBeLessThan(0.05); // the fixture's groups differ, so the p shown is a real one

    // x ticks: exactly timeTicks of the last follow-up, on the chart's axis and in the table's header
    const end = Math.max(...time);
    const ticks = timeTicks(end);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(await page.evaluate<number[]>(`${chart('km-chart')}.scales.x.ticks.map((t) => t.value)`)).toEqual(ticks);
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#km-at-risk [role=columnheader][data-tick]')].map((c) => c.textContent)`)).toEqual(ticks.map(String));
    // counts: patients of each group with time >= tick, counted here from the patients themselves
    for (const g of [0, 1]) {
      const expected = ticks.map((t) => time.filter((x, i) => groups[i] === g && x >= t).length);
      expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#km-at-risk [role=cell][data-group="${g}"]')].map((c) => c.textContent)`), `group ${g}`).toEqual(expected.map(String));
      expect(expected[0]).toBe(rec.riskGroups!.groups[g].n);
    }
    // each count sits under its tick: the cell's centre at the tick's pixel (canvas left + the scale's pixel)
    const offsets = await page.evaluate<number[]>(tickOffsets('km'));
    expect(offsets).toHaveLength(3 * ticks.length);
    for (const o of offsets) expect(Math.abs(o)).toBeLessThan(1.5);
    // the group labels fit in the y axis' margin (not cut), left of the first tick's count
    const labelFit = await page.evaluate<boolean[]>(`[...document.querySelectorAll('#km-at-risk .at-risk-label')].map((l) => l.scrollWidth <= l.clientWidth && l.getBoundingClientRect().right < document.querySelector('#km-at-risk [data-tick="0"]').getBoundingClientRect().left)`);
    expect(labelFit).toEqual([true, true, true]);
    // the table sits below the chart
    expect(await page.evaluate<number>(`document.querySelector('#km-at-risk').getBoundingClientRect().top - ${chart('km-chart')}.canvas.getBoundingClientRect().bottom`)).toBeGreaterThanOrEqual(0);

    // the step curves: level S(t_{j-1}) up to each event time t_j, then S(t_j); interval bands below each curve
    const labels = await page.evaluate<string[]>(datasetLabels('km-chart'));
    const g0 = rec.riskGroups!.groups[0];
    const curveLabel = `${g0.label} (n = ${g0.n}, ${g0.events} events)`;
    expect(labels).toEqual(rec.riskGroups!.groups.flatMap((g) => [`${g.label} (n = ${g.n}, ${g.events} events)`].flatMap((l) => [`${l} lower`, `${l} upper`, l])));
    const curve = await page.evaluate<[number, number][]>(points('km-chart', curveLabel));
    const key = (p: [number, number]) => `${p[0]}:${p[1].toFixed(12)}`;
    const drawn = new Set(curve.map(key));
    for (let j = 1; j < g0.time.length; j++) {
      if (g0.survival[j] === g0.survival[j - 1]) continue; // censorings only
      expect(drawn.has(key([g0.time[j], g0.survival[j - 1]])) && drawn.has(key([g0.time[j], g0.survival[j]])), `step at ${g0.time[j]}`).toBe(true);
    }
    expect(curve[0]).toEqual([0, 1]);
    expect(curve.at(-1)![0]).toBe(end); // carried to the last follow-up
    expect(await page.evaluate<string>(`${chart('km-chart')}.data.datasets[1].fill`)).toBe('-1');
    // beside the plot: each group's survival at the horizons, read from its curve (here: by hand, the last time <= h)
    const beside = await page.evaluate<string[][]>(`[...document.querySelectorAll('#km-table tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent))`);
    for (const [g, curveG] of rec.riskGroups!.groups.entries()) {
      const at = HORIZONS.map((h) => curveG.time.reduce((k, t, j) => (t <= h ? j : k), 0));
      expect(beside[g]).toEqual([curveG.label, String(curveG.n), String(curveG.events), ...at.map((k) => `${num(curveG.survival[k])} (${num(curveG.lower[k])}–${num(curveG.upper[k])})`)]);
    }
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#features-table tr')].map((tr) => tr.textContent)`)).toEqual(['featureunivariate_coxlasso_cox', 'x12.50001.2000']);
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#brier-table tbody tr')].map((tr) => tr.children[1].textContent)`)).toEqual(rec.brier.map((b) => estimateWithCi(b.brier)));
    await screenshot(page, 'survival-model', { fullPage: true });
    await screenshot(page.locator('#km'), 'survival-km');
  });

  it('model record: td-AUC over time with its interval, calibration and decision curve at each horizon', async () => {
    await open(`#/survival-model/${a1}`);
    const rec = fx.records.get(a1)!;
    const name = 'Cox PH on all';
    expect(await page.evaluate<[number, number][]>(points('auc-time-chart', name))).toEqual(rec.aucOverTime.map((p) => [p.time, p.estimate]));
    expect(await page.evaluate<[number, number][]>(points('auc-time-chart', `${name} lower`))).toEqual(rec.aucOverTime.map((p) => [p.time, p.lower]));
    for (const h of HORIZONS) {
      const cal = rec.calibration.find((c) => c.horizon === h)!;
      expect(await page.evaluate<string[]>(datasetLabels(`calibration-${h}-chart`))).toEqual([name, 'perfect calibration']);
      expect(await page.evaluate<[number, number][]>(points(`calibration-${h}-chart`, name))).toEqual(cal.points.map((p) => [p.meanPredictedRisk, p.observedRisk]));
      expect(await page.evaluate<[number, number][]>(points(`calibration-${h}-chart`, 'perfect calibration'))).toEqual([[0, 0], [1, 1]]);
      const dc = rec.decisionCurves.find((d) => d.horizon === h)!;
      expect(await page.evaluate<string[]>(datasetLabels(`decision-${h}-chart`))).toEqual([name, 'treat all', 'treat none']);
      expect(await page.evaluate<[number, number][]>(points(`decision-${h}-chart`, name))).toEqual(dc.points.map((p) => [p.threshold, p.model]));
      expect(await page.evaluate<[number, number][]>(points(`decision-${h}-chart`, 'treat all'))).toEqual(dc.points.map((p) => [p.threshold, p.treatAll]));
      expect(await page.evaluate<[number, number][]>(points(`decision-${h}-chart`, 'treat none'))).toEqual([[0.01, 0], [0.99, 0]]);
    }
  });

  it('compare: the C-index difference against model 1 with its paired bootstrap interval from the API, and overlays of every curve', async () => {
    await open(`#/survival-compare?models=${a1},${a2},${a3}`);
    expect(server.requests).toContain(`/survival/compare?a=${a2}&b=${a1}`);
    expect(server.requests).toContain(`/survival/compare?a=${a3}&b=${a1}`);
    const table = await page.evaluate<string[][]>(`[...document.querySelectorAll('#survival-compare-table tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent))`);
    expect(table[0][4]).toBe('reference');
    for (const [i, id] of [a2, a3].entries()) {
      const c = fx.compare(id, a1);
      expect(table[i + 1].slice(4, 7)).toEqual([delta(c.difference), `${delta(c.bootstrap.lower)} to ${delta(c.bootstrap.upper)}`, `${pValue(c.bootstrap.pValue)} (2000 resamples, seed 1)`]);
    }
    // KM: a line per model and risk group (colour = model, dash = group), no bands; numbers at risk for each
    const km = await page.evaluate<{ label: string; colour: string; dash: number[] }[]>(`${chart('compare-km-chart')}.data.datasets.map((d) => ({ label: d.label, colour: d.borderColor, dash: d.borderDash ?? [] }))`);
    expect(km).toHaveLength(6);
    expect(new Set(km.map((d) => d.colour)).size).toBe(3);
    expect(km.filter((d) => d.label.endsWith('low (<= median)')).every((d) => d.dash.length === 0)).toBe(true);
    expect(km.filter((d) => d.label.endsWith('high (> median)')).every((d) => d.dash.length > 0)).toBe(true);
    expect(await page.evaluate<number>(`document.querySelectorAll('#compare-km-at-risk [role=row][data-group]').length`)).toBe(6);
    // td-AUC: interval and curve per model, the chance line
    expect(await page.evaluate<number>(`${chart('compare-auc-time-chart')}.data.datasets.length`)).toBe(3 * 3 + 1);
    for (const h of HORIZONS) {
      expect(await page.evaluate<number>(`${chart(`compare-calibration-${h}-chart`)}.data.datasets.length`)).toBe(3 + 1);
      // one treat-all line: the models were tested on the same patients
      expect((await page.evaluate<string[]>(datasetLabels(`compare-decision-${h}-chart`))).slice(3)).toEqual(['treat all', 'treat none']);
    }
    const third = fx.records.get(a3)!.decisionCurves[0];
    const name3 = `3. LASSO Cox · shape · recurrence (run ${RUN_ID.slice(0, 8)})`;
    expect(await page.evaluate<[number, number][]>(points(`compare-decision-${HORIZONS[0]}-chart`, name3))).toEqual(third.points.map((p) => [p.threshold, p.model]));
    await screenshot(page, 'survival-compare', { fullPage: true });
    await screenshot(page.locator('#compare-km'), 'survival-compare-km');
  });

  it('compare exports: td-AUC and calibration overlays as SVG paths and CSV rows equal to each model\'s stored points; the table\'s numbers as CSV', async () => {
    const ids = [a1, a2, a3];
    await open(`#/survival-compare?models=${ids.join(',')}`);
    const files = `survival-compare-${ids.map((id) => id.slice(0, 8)).join('-')}`;
    const rows = (text: string) => text.trim().split('\n').map((l) => l.split(','));
    const value = (c: string) => (c === '' ? null : Number(c));
    const names = ids.map((id, i) => `${i + 1}. ${fx.records.get(id)!.row.label} · ${fx.records.get(id)!.row.featureSet} · recurrence (run ${RUN_ID.slice(0, 8)})`);

    const auc = await exportedFile(page, 'compare-auc-time-export-svg');
    expect(auc.name).toBe(`${files}-td-auc.svg`);
    const aucSvg = await parsedSvg(page, auc.bytes.toString('utf8'));
    const aucCsv = rows((await exportedFile(page, 'compare-auc-time-export-csv')).bytes.toString('utf8'));
    expect(aucCsv[0]).toEqual(['model', 'time', 'td_auc', 'lower', 'upper']);
    for (const [i, id] of ids.entries()) {
      const stored = fx.records.get(id)!.aucOverTime;
      expect(aucCsv.slice(1).filter((r) => r[0] === names[i]).map((r) => r.slice(1).map(value))).toEqual(stored.map((p) => [p.time, p.estimate, p.lower, p.upper]));
      const path = aucSvg.series.find((x) => x.label === names[i])!;
      const span = aucSvg.xRange[1] - aucSvg.xRange[0];
      expect(path.points).toHaveLength(stored.length);
      path.points.forEach(([x, y], k) => {
        expect(Math.abs(x - stored[k].time)).toBeLessThan(1e-3 * span);
        expect(y).toBeCloseTo(stored[k].estimate, 3);
      });
    }
    const h0 = HORIZONS[0];
    const calCsv = rows((await exportedFile(page, `compare-calibration-${h0}-export-csv`)).bytes.toString('utf8'));
    expect(calCsv[0]).toEqual(['model', 'horizon', 'group', 'patients', 'mean_predicted_risk', 'observed_risk', 'observed_lower', 'observed_upper', 'calibration_slope']);
    const calSvg = await parsedSvg(page, (await exportedFile(page, `compare-calibration-${h0}-export-svg`)).bytes.toString('utf8'));
    for (const [i, id] of ids.entries()) {
      const cal = fx.records.get(id)!.calibration.find((c) => c.horizon === h0)!;
      expect(calCsv.slice(1).filter((r) => r[0] === names[i]).map((r) => r.slice(1).map(value))).toEqual(cal.points.map((p) => [h0, p.group, p.n, p.meanPredictedRisk, p.observedRisk, p.observedLower, p.observedUpper, cal.slope.slope]));
      const path = calSvg.series.find((x) => x.label === names[i])!;
      path.points.forEach(([x, y], k) => {
        expect(x).toBeCloseTo(cal.points[k].meanPredictedRisk as number, 3);
        expect(y).toBeCloseTo(cal.points[k].observedRisk as number, 3);
      });
    }
    const png = pngInfo(new Uint8Array((await exportedFile(page, 'compare-km-export-png')).bytes));
    expect([png.width, png.dpiX, png.dpiY]).toEqual([1050, 300, 300]);

    const table = await exportedFile(page, 'survival-compare-table-csv');
    expect(table.name).toBe(`${files}-models.csv`);
    const t = rows(table.bytes.toString('utf8'));
    const col = (name: string) => t[0].indexOf(name);
    expect(t.slice(1).map((r) => r[col('model_result_id')])).toEqual(ids);
    for (const [i, id] of ids.entries()) {
      const r = t[i + 1];
      const row = fx.records.get(id)!.row;
      expect([value(r[col('harrell_c')]), value(r[col('harrell_c_lower')]), value(r[col('cv_c_index')]), value(r[col('ibs')])]).toEqual([row.testHarrellC!.estimate, row.testHarrellC!.lower, row.cvCIndex, row.ibs!.estimate]);
      const c = i === 0 ? null : fx.compare(id, a1);
      expect([value(r[col('difference_c')]), value(r[col('difference_lower')]), value(r[col('difference_upper')]), value(r[col('difference_p')])]).toEqual(c ? [c.difference, c.bootstrap.lower, c.bootstrap.upper, c.bootstrap.pValue] : [null, null, null, null]);
    }
  });

  it('fits a 390 px phone: no sideways scrolling, the numbers at risk still under their ticks', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 800 } });
    const phoneErrors = pageErrors(phone);
    try {
      for (const [hash, km] of [[`#/survival-model/${a1}`, 'km'], [`#/survival-compare?models=${a1},${a2}`, 'compare-km']]) {
        await phone.goto(`${server.url}/${hash}`);
        await waitFor(phone, READY);
        expect(await phone.evaluate<number>(`document.documentElement.scrollWidth`), hash).toBeLessThanOrEqual(390);
        const offsets = await phone.evaluate<number[]>(tickOffsets(km));
        expect(offsets.length).toBeGreaterThan(0);
        for (const o of offsets) expect(Math.abs(o)).toBeLessThan(1.5);
      }
      await screenshot(phone.locator('#compare-km'), 'survival-compare-km-phone');
      expect(phoneErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('exports: each survival figure as an SVG whose line paths pass through the chart\'s points, and a 300 dpi PNG', async () => {
    await open(`#/survival-model/${a1}`);
    const figures = await page.evaluate<string[]>(`[...document.querySelectorAll('figure.figure')].map((f) => f.id)`);
    expect(figures).toEqual(expect.arrayContaining(['km', 'auc-time', `calibration-${HORIZONS[0]}`, `decision-${HORIZONS[0]}`]));
    for (const id of figures) {
      const svg = await parsedSvg(page, (await exportedFile(page, `${id}-export-svg`)).bytes.toString('utf8'));
      expect(svg.images).toBe(0);
      const span = [svg.xRange[1] - svg.xRange[0]];
      const lines = await page.evaluate<{ label: string; points: [number, number][] }[]>(`${chart(`${id}-chart`)}.data.datasets.filter((d) => d.borderWidth !== 0).map((d) => ({ label: d.label, points: d.data.filter((p) => p.y !== null).map((p) => [p.x, p.y]) }))`);
      for (const line of lines) {
        const path = svg.series.find((s) => s.label === line.label);
        expect(path, `${id}: ${line.label}`).toBeDefined();
        // every plotted point is a vertex of the path (a step line has the corners between them as well)
        for (const [x, y] of line.points) expect(path!.points.some(([px, py]) => Math.abs(px - x) <= 2e-3 * span[0] && Math.abs(py - y) <= 2e-3)).toBe(true);
      }
    }
    const km = pngInfo(new Uint8Array((await exportedFile(page, 'km-export-png')).bytes));
    expect([km.width, km.dpiX, km.dpiY]).toEqual([1050, 300, 300]);
    const decision = await page.evaluate<[number, number]>(`[${chart(`decision-${HORIZONS[0]}-chart`)}.scales.y.min, ${chart(`decision-${HORIZONS[0]}-chart`)}.scales.y.max]`);
    const first = fx.records.get(a1)!.decisionCurves[0].points[0];
    const risk = first.treatAll * (1 - first.threshold) + first.threshold; // treat all = r - (1 - r) t / (1 - t)
    expect(decision[1]).toBeCloseTo(risk, 10);
    expect(decision[0]).toBeCloseTo(Math.max(-0.05, -risk / 2), 10);
  });

  it('KM exports carry the numbers-at-risk table: under each tick in the SVG, under the plot in the PNG, as rows of the CSV; the counts are the patients\' (time >= tick)', async () => {
    await open(`#/survival-model/${a1}`);
    const rec = fx.records.get(a1)!;
    const { time } = fx.test;
    const ticks = timeTicks(Math.max(...time));
    // counted here from the test patients themselves, per risk group
    const expected = (g: number, groups: ArrayLike<number>) => ticks.map((t) => time.filter((x, i) => groups[i] === g && x >= t).length);
    const file = `${RUN_ID.slice(0, 8)}-all-${rec.row.model}-recurrence-km`;
    const svgFile = await exportedFile(page, 'km-export-svg');
    expect(svgFile.name).toBe(`${file}.svg`);
    const svg = await parsedSvg(page, svgFile.bytes.toString('utf8'));
    expect(svg.atRisk.map((r) => r.label)).toEqual(rec.riskGroups!.groups.map((g) => g.label));
    for (const [g, row] of svg.atRisk.entries()) {
      expect(row.counts.map((c) => c.value), `group ${g}`).toEqual(expected(g, fx.built[0].groups));
      expect(row.counts.map((c) => c.time)).toEqual(ticks);
      // each count centred under its tick (within 0.01 pt of the plot's width in data units)
      for (const c of row.counts) expect(Math.abs(c.x - c.time)).toBeLessThan(1e-4 * (svg.xRange[1] - svg.xRange[0]) + 0.02);
    }
    // the CSV: each group's stored curve point by point, then the table's rows
    const [head, ...lines] = (await exportedFile(page, 'km-export-csv')).bytes.toString('utf8').trim().split('\n').map((l) => l.split(','));
    expect(head).toEqual(['row', 'model', 'group', 'time', 'survival', 'lower', 'upper', 'at_risk']);
    const value = (c: string) => (c === '' ? null : Number(c));
    for (const [g, curve] of rec.riskGroups!.groups.entries()) {
      const mine = lines.filter((l) => l[2] === curve.label);
      expect(mine.filter((l) => l[0] === 'curve').map((l) => l.slice(3).map(value))).toEqual(curve.time.map((t, j) => [t, curve.survival[j], curve.lower[j], curve.upper[j], curve.nRisk[j]]));
      expect(mine.filter((l) => l[0] === 'at-risk').map((l) => [value(l[3]), value(l[7])])).toEqual(ticks.map((t, k) => [t, expected(g, fx.built[0].groups)[k]]));
      // the stored counts at 0 and each horizon (atRiskTimes) agree with the same rule
      expect(curve.atRisk).toEqual(rec.riskGroups!.atRiskTimes.map((t) => time.filter((x, i) => fx.built[0].groups[i] === g && x >= t).length));
    }
    // the PNG: the table adds (groups + 1) rows of 16 CSS px and 8 px under the chart, at 2.5 px per CSS px, with text drawn there
    const png = (await exportedFile(page, 'km-export-png')).bytes;
    const info = pngInfo(new Uint8Array(png));
    const tableCss = (rec.riskGroups!.groups.length + 1) * 16 + 8;
    const tableRows = Math.floor(tableCss * 2.5);
    expect([info.width, info.height, info.dpiX]).toEqual([1050, Math.floor((Math.round(420 * 0.75) + tableCss) * 2.5), 300]); // the canvas' pixels: CSS px x 2.5, rounded down
    expect(await darkPixelsAtBottom(page, png, tableRows - 20)).toBeGreaterThan(200);

    // compare: a row per model and group, each named
    await open(`#/survival-compare?models=${a1},${a2}`);
    const cmp = await parsedSvg(page, (await exportedFile(page, 'compare-km-export-svg')).bytes.toString('utf8'));
    expect(cmp.atRisk.map((r) => r.label)).toEqual([a1, a2].flatMap((id, i) => fx.records.get(id)!.riskGroups!.groups.map((g) => `model ${i + 1} · ${g.label}`)));
    for (const [i, b] of fx.built.slice(0, 2).entries()) for (const g of [0, 1]) expect(cmp.atRisk[i * 2 + g].counts.map((c) => c.value)).toEqual(expected(g, b.groups));
  });

  it('raised no page error and no Content-Security-Policy violation', () => {
    expect(errors).toEqual([]);
  });
});
