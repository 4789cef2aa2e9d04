import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { startStubServer, StubServer } from './support/stub-api-server';
import { screenshot } from './support/screenshots';

const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c))`;

/** Four models of two experiment versions with long names and parameters: what made the comparison scroll sideways. */
const ids = ['11111111-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000002', '11111111-0000-4000-8000-000000000003', '11111111-0000-4000-8000-000000000004'];
const roc = { fpr: [0, 0.2, 0.5, 1], tpr: [0, 0.6, 0.85, 1], threshold: [Infinity, 0.7, 0.4, 0] };
const calibration = { meanPredicted: [0.1, 0.5, 0.9], observed: [0.15, 0.45, 0.8], count: [20, 15, 10] };
const model = (i: number) => ({
  id: ids[i],
  runId: `22222222-0000-4000-8000-00000000000${i}`,
  experimentId: i < 2 ? 'e1' : 'e2',
  experiment: 'colorectal-liver-metastases-early-recurrence-radiomics-plus-clinical',
  featureSet: 'radiomics_clinical_with_background_liver',
  model: ['gradient_boosting', 'random_forest', 'calibrated_svm', 'lightgbm'][i],
  label: ['Gradient Boosting', 'Random Forest', 'Calibrated Classifier (linear SVM)', 'LightGBM-style histogram boosting'][i],
  bestParams: { learning_rate: 0.05, max_depth: 3, n_estimators: 200, subsample: 0.8, max_features: 'sqrt', min_samples_leaf: 5 },
  test: { auc: 0.7 + i / 50, aucCi: { level: 0.95, bootstrap: { lower: 0.55, upper: 0.85 }, delong: null }, brier: 0.18, calibrationSlope: 0.9, calibrationIntercept: 0.1 },
  cvAuc: 0.68 + i / 100,
  roc,
  calibration,
  deltaTestAuc: i ? i / 50 : null,
  deltaCvAuc: i ? i / 100 : null,
  deltaBrier: i ? -0.01 : null,
  sameTestPatients: true,
  delong: i ? { patients: 40, z: 1.1, pValue: 0.27 } : null,
});
const spec = (version: number) => ({
  name: 'crlm',
  seed: version === 1 ? 42 : 7,
  models: version === 1 ? [{ id: 'gradient_boosting', grid: { n_estimators: [100, 200] } }, { id: 'random_forest' }] : [{ id: 'calibrated_svm', grid: { C: [0.1, 1] } }, { id: 'gradient_boosting', grid: { n_estimators: [100, 200, 400, 800, 1600] } }, { id: 'lightgbm' }, { id: 'random_forest' }],
  steps: version === 1 ? [{ median_imputer: {} }, { lasso: { alpha: 'cv' } }] : [{ median_imputer: {} }, { combat: { batchColumn: 'scanner_manufacturer_and_model_and_kernel' } }, { lasso: { alpha: 'cv' } }],
});

describe('the model comparison at 1280 and 390 px', () => {
  let stub: StubServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [stub, browser] = await Promise.all([
      startStubServer((path, q) => {
        if (path === '/auth/me') return { status: 200, body: { id: 'u1', username: 'pi', displayName: 'PI', isAdmin: false, hasPassword: true } };
        if (path === '/dashboard/compare' && q.get('ids') === ids.join(',')) {
          return { status: 200, body: { models: ids.map((_, i) => model(i)), experiments: [{ id: 'e1', name: 'crlm', version: 1, spec: spec(1) }, { id: 'e2', name: 'crlm', version: 2, spec: spec(2) }] } };
        }
        return undefined;
      }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = pageErrors(page);
    await page.goto(`${stub.url}/#/compare?models=${ids.join(',')}`);
    await waitFor(page, READY);
  });
  afterAll(async () => {
    await browser?.close();
    await stub?.close();
  });

  it('at 1280 px the key columns fit without horizontal scrolling; the others come from the column chooser', async () => {
    const visible = () => page.evaluate<string[]>(`[...document.querySelectorAll('#model-compare-table thead th')].filter((th) => !th.hidden).map((th) => th.textContent)`);
    expect(await visible()).toEqual(['Model', 'Test AUC (95 % CI)', 'CV AUC', 'Δ test AUC', 'DeLong p']);
    expect(await page.evaluate<boolean>(`(() => { const w = document.getElementById('model-compare-table'); return w.scrollWidth <= w.clientWidth; })()`)).toBe(true);
    await page.click('.column-chooser summary');
    await page.check('input[data-column="Best parameters"]');
    expect(await visible()).toContain('Best parameters');
    expect(await page.evaluate<string>(`localStorage.getItem('radsweep.compare.columns')`)).toBe('["Best parameters"]');
    await page.uncheck('input[data-column="Best parameters"]');
    expect(await visible()).not.toContain('Best parameters');
  });

  it('spec differences match models by id and steps by name, and wrap', async () => {
    const paths = await page.evaluate<string[]>(`[...document.querySelectorAll('#spec-diff tbody tr')].map((tr) => tr.cells[0].textContent)`);
    expect(paths).toEqual(['models[calibrated_svm].grid.C', 'models[calibrated_svm].id', 'models[gradient_boosting].grid.n_estimators', 'models[lightgbm].id', 'seed', 'steps[combat].batchColumn']);
    expect(await page.evaluate<boolean>(`(() => { const w = document.getElementById('spec-diff'); return w.scrollWidth <= w.clientWidth; })()`)).toBe(true);
    await screenshot(page, 'compare-1280', { fullPage: true });
  });

  it('at 390 px each compared model is a card: no header row, every shown cell labelled, nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await waitFor(page, READY);
    const layout = await page.evaluate<{ thead: string; labels: string[]; overflow: boolean }>(`(() => {
      const wrap = document.getElementById('model-compare-table');
      const first = wrap.querySelector('tbody tr');
      return {
        thead: getComputedStyle(wrap.querySelector('thead')).display,
        labels: [...first.cells].filter((td) => !td.hidden).map((td) => getComputedStyle(td, '::before').content.replace(/"/g, '')),
        overflow: document.documentElement.scrollWidth > window.innerWidth,
      };
    })()`);
    expect(layout.thead).toBe('none');
    expect(layout.labels).toEqual(['Model', 'Test AUC (95 % CI)', 'CV AUC', 'Δ test AUC', 'DeLong p']);
    expect(layout.overflow).toBe(false);
    await screenshot(page, 'compare-390', { fullPage: true });
    expect(errors).toEqual([]);
  });
});
