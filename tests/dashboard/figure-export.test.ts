import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { pngInfo } from '../../apps/dashboard/src/figures/png-dpi';
import { api } from '../server/support/api';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { exportedFile, parsedSvg } from './support/figure-files';
import { StoredStudy, storedStudy } from './support/study';
import { screenshot } from './support/screenshots';

const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c))`;

describe('figure export in Chromium: SVG, 300 dpi PNG and CSV of a model page', () => {
  let study: StoredStudy;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let base: string;
  let modelId: string;
  let stored: { roc: { fpr: number[]; tpr: number[]; threshold: number[] }; calibration: { count: number[] }; predictions: { label: number; probability: number }[] };

  beforeAll(async () => {
    [study, browser] = await Promise.all([storedStudy(), launchChromium()]);
    base = study.server.url;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    errors = pageErrors(page);
    const me = (await api(base, 'GET', '/auth/me')).body;
    const link = (await api(base, 'POST', `/users/${me.id}/login-link`)).body.loginLink;
    await page.goto(`${base}${link}`);
    modelId = (await api(base, 'GET', `/runs/${study.runA}/leaderboard?featureSet=mean&model=logistic_regression`)).body.items[0].id;
    stored = (await api(base, 'GET', `/results/${modelId}`)).body;
    await page.goto(`${base}/#/model/${modelId}`);
    await waitFor(page, READY);
  }, 300_000); // two real sweeps on a machine shared by many processes
  afterAll(async () => {
    await browser?.close();
    await study?.close();
  });

  const exported = (buttonId: string) => exportedFile(page, buttonId);
  const parse = (text: string) => parsedSvg(page, text);

  it('ROC: a vector SVG whose curve path is the stored ROC, square, with the bootstrap band and a legend that shows each line style', async () => {
    const { name, bytes } = await exported('roc-export-svg');
    expect(name).toMatch(/^[0-9a-f]{8}-mean-.+-roc\.svg$/);
    const svg = await parse(bytes.toString('utf8'));
    expect(svg.images).toBe(0); // no embedded bitmap
    expect(svg.width).toBe('3.5in');
    expect(svg.box[2]).toBeCloseTo(svg.box[3], 1); // square plot area
    expect(svg.bands).toBe(1);
    const curve = svg.series.find((s) => s.label.startsWith('Logistic') || s.label.includes('AUC'))!;
    expect(curve.points).toHaveLength(stored.roc.fpr.length);
    curve.points.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(stored.roc.fpr[i], 3);
      expect(y).toBeCloseTo(stored.roc.tpr[i], 3);
    });
    const chance = svg.series.find((s) => s.label === 'chance')!;
    expect(chance.dash).toBe('6 4');
    expect(svg.legend.map((l) => [l.label, l.dash])).toEqual(svg.series.map((s) => [s.label, s.dash]));
    // the chart on screen (and so the PNG) draws the same dashes in its legend
    await screenshot(page.locator('#roc'), 'figure-export'); // the chart with its SVG / PNG / CSV buttons
    const legend = await page.evaluate<[string, number[]][]>(`Chart.getChart(document.getElementById('roc-chart')).legend.legendItems.map((i) => [i.text, i.lineDash])`);
    expect(legend).toEqual(svg.series.map((s) => [s.label, s.dash ? s.dash.split(' ').map(Number) : []]));
  });

  it('ROC: a PNG 1050 px wide (3.5 in) that says 300 dpi, and the numbers as CSV (curve points and band)', async () => {
    const { name, bytes } = await exported('roc-export-png');
    expect(name).toMatch(/-roc\.png$/);
    const info = pngInfo(new Uint8Array(bytes));
    expect(info).toMatchObject({ width: 1050, dpiX: 300, dpiY: 300, pixelsPerMetre: [11811, 11811] });
    expect(info.height).toBeGreaterThan(900); // square plot plus axes and legend
    const csv = (await exported('roc-export-csv')).bytes.toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('row,fpr,tpr,threshold,tpr_lower,tpr_upper');
    const curve = csv.filter((l) => l.startsWith('curve,')).map((l) => l.split(',').slice(1, 3).map(Number));
    expect(curve).toEqual(stored.roc.fpr.map((f, i) => [f, stored.roc.tpr[i]]));
    const band = csv.filter((l) => l.startsWith('band,')).map((l) => l.split(',').map(Number));
    expect(band).toHaveLength(101);
    for (const r of band) expect(r[4]).toBeLessThanOrEqual(r[5]);
  });

  it('calibration: whiskers per non-empty bin, rugs of positive and negative patients, bin edges in the CSV', async () => {
    const svg = await parse((await exported('calibration-export-svg')).bytes.toString('utf8'));
    expect(svg.whiskers).toEqual([stored.calibration.count.filter((n) => n > 0).length]);
    const positives = stored.predictions.filter((p) => p.label === 1).length;
    expect(svg.rugs).toEqual([
      { label: 'positive patients', ticks: positives },
      { label: 'negative patients', ticks: stored.predictions.length - positives },
    ]);
    const csv = (await exported('calibration-export-csv')).bytes.toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('bin,lower_edge,upper_edge,mean_predicted,observed,ci_lower,ci_upper,patients,positives');
    expect(csv.slice(1).map((l) => Number(l.split(',')[7]))).toEqual(stored.calibration.count);
    expect(Number(csv[1].split(',')[1])).toBe(0);
    expect(Number(csv[csv.length - 1].split(',')[2])).toBe(1);
  });

  it('decision curve: clipped net benefit range, the threshold range control sets the x range of chart and SVG', async () => {
    const chartY = await page.evaluate<number[]>(`(() => { const s = Chart.getChart(document.getElementById('decision-chart')).scales.y; return [s.min, s.max]; })()`);
    const prevalence = stored.predictions.filter((p) => p.label === 1).length / stored.predictions.length;
    expect(chartY[1]).toBeCloseTo(prevalence, 10);
    expect(chartY[0]).toBeCloseTo(Math.max(-0.05, -prevalence / 2), 10);
    await page.fill('#decision-threshold-from', '0.05');
    await page.fill('#decision-threshold-to', '0.6');
    await page.press('#decision-threshold-to', 'Enter');
    await page.dispatchEvent('#decision-threshold-from', 'change');
    await waitFor(page, `Chart.getChart(document.getElementById('decision-chart')).scales.x.max === 0.6 && Chart.getChart(document.getElementById('decision-chart')).scales.x.min === 0.05`);
    const svg = await parse((await exported('decision-export-svg')).bytes.toString('utf8'));
    expect(svg.xRange).toEqual([0.05, 0.6]);
    await page.fill('#decision-threshold-from', '0.7');
    await page.dispatchEvent('#decision-threshold-from', 'change');
    expect(await page.evaluate<string>(`document.getElementById('decision-threshold-error').textContent`)).toBe('Threshold range: "from" (0.7) must be below "to" (0.6).');
    await screenshot(page, 'model-figures', { fullPage: true });
  });

  it('compare page: the overlaid ROC and calibration export SVG paths and CSV rows equal to each model\'s stored points, a 300 dpi PNG, and the table\'s numbers as CSV', async () => {
    const idOf = async (run: string, model: string) => (await api(base, 'GET', `/runs/${run}/leaderboard?featureSet=mean&model=${model}`)).body.items[0].id as string;
    const ids = [modelId, await idOf(study.runA, 'knn'), await idOf(study.runB, 'gaussian_nb')];
    const records = await Promise.all(ids.map(async (id) => (await api(base, 'GET', `/results/${id}`)).body));
    const answer = (await api(base, 'GET', `/dashboard/compare?ids=${ids.join(',')}`)).body;
    await page.goto(`${base}/#/compare?models=${ids.join(',')}`);
    await waitFor(page, READY);
    const files = `compare-${ids.map((id) => id.slice(0, 8)).join('-')}`;

    const roc = await exported('compare-roc-export-svg');
    expect(roc.name).toBe(`${files}-roc.svg`);
    const rocSvg = await parse(roc.bytes.toString('utf8'));
    expect(rocSvg.images).toBe(0);
    for (const [i, rec] of records.entries()) {
      const path = rocSvg.series.find((x) => x.label.startsWith(`${i + 1}. `))!;
      expect(path.points).toHaveLength(rec.roc.fpr.length);
      path.points.forEach(([x, y], k) => {
        expect(x).toBeCloseTo(rec.roc.fpr[k], 3);
        expect(y).toBeCloseTo(rec.roc.tpr[k], 3);
      });
    }
    // the CSV: every stored point of every model at full precision, in order, the model named in each row
    const rows = (csv: string) => csv.trim().split('\n').map((l) => l.split(','));
    const value = (c: string) => (c === '' ? null : Number(c));
    const rocCsv = rows((await exported('compare-roc-export-csv')).bytes.toString('utf8'));
    expect(rocCsv[0]).toEqual(['model', 'fpr', 'tpr', 'threshold']);
    for (const [i, rec] of records.entries()) {
      const mine = rocCsv.slice(1).filter((r) => r[0].startsWith(`${i + 1}. `)).map((r) => r.slice(1).map(value));
      expect(mine).toEqual(rec.roc.fpr.map((f: number, k: number) => [f, rec.roc.tpr[k], rec.roc.threshold[k]]));
    }
    const png = pngInfo(new Uint8Array((await exported('compare-roc-export-png')).bytes));
    expect(png).toMatchObject({ width: 1050, dpiX: 300, dpiY: 300 });

    const calSvg = await parse((await exported('compare-calibration-export-svg')).bytes.toString('utf8'));
    const calCsv = rows((await exported('compare-calibration-export-csv')).bytes.toString('utf8'));
    expect(calCsv[0]).toEqual(['model', 'mean_predicted', 'observed', 'patients']);
    for (const [i, rec] of records.entries()) {
      const c = rec.calibration;
      expect(calCsv.slice(1).filter((r) => r[0].startsWith(`${i + 1}. `)).map((r) => r.slice(1).map(value))).toEqual(c.meanPredicted.map((p: number | null, k: number) => [p, c.observed[k], c.count[k]]));
      const drawn = c.meanPredicted.flatMap((p: number | null, k: number) => (p === null || c.observed[k] === null ? [] : [[p, c.observed[k]]]));
      const path = calSvg.series.find((x) => x.label.startsWith(`${i + 1}. `))!;
      expect(path.points.length).toBeGreaterThanOrEqual(drawn.length);
      for (const [x, y] of drawn) expect(path.points.some(([px, py]) => Math.abs(px - x) < 1e-3 && Math.abs(py - y) < 1e-3)).toBe(true);
    }

    // the summary table: stored test and CV AUCs, deltas against model 1, the server's DeLong p
    const table = await exported('model-compare-table-csv');
    expect(table.name).toBe(`${files}-models.csv`);
    const t = rows(table.bytes.toString('utf8'));
    const col = (name: string) => t[0].indexOf(name);
    expect(t.slice(1).map((r) => r[col('model_result_id')])).toEqual(ids);
    for (const [i, rec] of records.entries()) {
      const r = t[i + 1];
      expect(value(r[col('test_auc')])).toBe(rec.test.auc);
      expect(value(r[col('cv_auc')])).toBe(rec.cv.auc.mean);
      expect(value(r[col('test_auc_lower')])).toBe((rec.test.aucCi.bootstrap ?? rec.test.aucCi.delong).lower);
      expect(value(r[col('delta_test_auc')])).toBe(i === 0 ? 0 : rec.test.auc - records[0].test.auc);
      expect(value(r[col('delong_p')])).toBe(answer.models[i].delong?.pValue ?? null);
    }
    expect(value(t[2][col('delong_p')])).not.toBeNull(); // the same run's kNN: same test patients, a paired p
  });

  it('compare runs: the feature set x model table exports every run\'s stored test and CV AUC as CSV', async () => {
    await page.goto(`${base}/#/compare?runs=${study.runA},${study.runB}`);
    await waitFor(page, `${READY} && document.getElementById('run-compare-table-csv')`);
    const file = await exported('run-compare-table-csv');
    expect(file.name).toBe(`compare-${study.runA.slice(0, 8)}-${study.runB.slice(0, 8)}-runs.csv`);
    const [head, ...lines] = file.bytes.toString('utf8').trim().split('\n').map((l) => l.split(','));
    expect(head).toEqual(['feature_set', 'model', 'run_id', 'present', 'model_result_id', 'test_auc', 'cv_auc', 'delta_test_auc', 'delta_cv_auc', 'same_test_patients', 'delong_p', 'delong_patients']);
    const boards = new Map<string, { featureSet: string; model: string; testAuc: number; cvAuc: number }[]>();
    for (const run of [study.runA, study.runB]) boards.set(run, (await api(base, 'GET', `/runs/${run}/leaderboard?limit=1000`)).body.items);
    expect(lines.length).toBe(2 * boards.get(study.runA)!.length);
    for (const r of lines) {
      const stored = boards.get(r[2])!.find((x) => x.featureSet === r[0] && x.model === r[1])!;
      expect([Number(r[5]), Number(r[6])]).toEqual([stored.testAuc, stored.cvAuc]);
    }
  });

  it('every figure of the model page has the three export buttons, and nothing logged an error', async () => {
    await page.goto(`${base}/#/model/${modelId}`);
    await waitFor(page, READY);
    const ids = await page.evaluate<string[]>(`[...document.querySelectorAll('figure.figure')].map((f) => f.id)`);
    expect(ids).toEqual(['roc', 'calibration', 'histogram', 'decision']);
    for (const id of ids) for (const kind of ['svg', 'png', 'csv']) expect(await page.evaluate<boolean>(`!!document.getElementById('${id}-export-${kind}')`)).toBe(true);
    const histogram = await parse((await exported('histogram-export-svg')).bytes.toString('utf8'));
    const counts = await page.evaluate<number[]>(`Chart.getChart(document.getElementById('histogram-chart')).data.datasets[0].data`);
    expect(histogram.bars).toEqual(counts);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(stored.predictions.length);
    expect(errors).toEqual([]);
  });
});
