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

  it('every figure of the model page has the three export buttons, and nothing logged an error', async () => {
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
