import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ExternalValidationSummary, LockedModelSummary } from '@radsweep/api-contract';
import { until } from '../server/support/api';
import { axeAtBothWidths } from './support/axe';
import { screenshot } from './support/screenshots';
import { launchChromium, pageErrors, waitFor } from './support/chromium';
import { startStubServer, StubServer } from './support/stub-api-server';
import { MODELS, RUN_ID, survivalFixture } from './support/survival-fixture';

const READY = `document.querySelector('main h1') && !document.getElementById('view').hasAttribute('aria-busy') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c))`;
const LOCKED_ID = '7a0c0de0-0000-4000-8000-0000000000c1';
const KEY = LOCKED_ID.slice(0, 8);
const VALIDATIONS = `/locked-models/${LOCKED_ID}/validations`;

/**
 * The model record's Validate form while a validation is running (a typed stub of the API that keeps it running):
 * the section polls only the validation list, so what a data scientist types stays, and the caller's projects, the
 * run, its experiment and the project's datasets are read once.
 */
describe('the Validate form survives the polling of a running validation (Chromium, stub API)', () => {
  const fx = survivalFixture();
  const model = MODELS[0].id;
  let server: StubServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let validation: ExternalValidationSummary;

  beforeAll(async () => {
    const experiment = { id: 'e1', name: 'crlm-survival', version: 1, description: null, createdAt: '2026-12-04T05:00:00Z', spec: { endpoints: [{ name: 'recurrence' }] }, projectId: 'p1' };
    const run = { id: RUN_ID, experimentId: 'e1', datasetId: 'd1', projectId: 'p1', status: 'succeeded', seed: 1, tasksDone: 1, tasksTotal: 1, fitsDone: 1, fitsTotal: 1, tasks: [], error: null, createdAt: '2026-12-04T05:00:00Z', startedAt: null, finishedAt: null };
    const datasets = [
      { id: 'd1', projectId: 'p1', name: 'crlm', fileName: 'crlm.csv', rowCount: 480 },
      { id: 'd2', projectId: 'p1', name: 'crlm-external', fileName: 'crlm-external.csv', rowCount: 212 },
    ];
    const locked: LockedModelSummary = {
      id: LOCKED_ID, projectId: 'p1', runId: RUN_ID, modelResultId: model, name: 'pre-registered', featureSet: 'clinical', model: 'cox_ph', endpointType: 'survival',
      sha256: 'ab'.repeat(32), fileSha256: 'cd'.repeat(32), formatVersion: 1,
      verification: { testPatients: 120, refitEqualsRun: true, lockedFileEqualsRun: true, comparedBits: 'float64' }, createdBy: 'u1', createdAt: '2026-12-04T06:00:00Z',
    };
    validation = {
      id: '7a0c0de0-0000-4000-8000-0000000000d1', projectId: 'p1', lockedModelId: LOCKED_ID, datasetId: 'd2', centreColumn: null, recalibration: null, bootstrap: 1000, seed: 42,
      status: 'running', attempts: 1, error: null, createdBy: 'u1', createdAt: '2026-12-04T06:01:00Z', startedAt: '2026-12-04T06:01:01Z', finishedAt: null,
    };
    [server, browser] = await Promise.all([
      startStubServer((path) => {
        if (path === '/auth/me') return { status: 200, body: { id: 'u1', username: 'dana', displayName: 'Dana', isAdmin: false, hasPassword: true } };
        if (path === '/projects') return { status: 200, body: [{ id: 'p1', name: 'CRLM', description: null, createdAt: '2026-12-04T05:00:00Z', role: 'data_scientist' }] };
        if (path === `/runs/${RUN_ID}`) return { status: 200, body: run };
        if (path === '/experiments/e1') return { status: 200, body: experiment };
        if (path === '/datasets') return { status: 200, body: datasets };
        if (path === `/survival/results/${model}`) return { status: 200, body: fx.records.get(model) };
        if (path === `/survival/results/${model}/locked-models`) return { status: 200, body: [locked] };
        if (path === VALIDATIONS) return { status: 200, body: [validation] };
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

  const requested = (path: string) => server.requests.filter((r) => r.split('?')[0] === path).length;
  const value = (id: string) => page.evaluate<string>(`document.getElementById('${id}').value`);

  it('keeps the typed dataset, centre column and seed (and the focus) over two polls, reading the offer once', async () => {
    await page.goto(`${server.url}/#/survival-model/${model}`);
    await waitFor(page, `${READY} && document.getElementById('validate-${KEY}') && document.getElementById('external-validation').textContent.includes(': running')`);
    await page.selectOption(`#validate-dataset-${KEY}`, 'd2');
    await page.fill(`#validate-centre-${KEY}`, 'hospital');
    await page.fill(`#validate-seed-${KEY}`, '7'); // focus stays in the seed field
    const before = requested(VALIDATIONS);
    await until('two more polls of the validation list', async () => requested(VALIDATIONS) >= before + 2, 30_000);
    expect([await value(`validate-dataset-${KEY}`), await value(`validate-centre-${KEY}`), await value(`validate-seed-${KEY}`)]).toEqual(['d2', 'hospital', '7']);
    expect(await page.evaluate<string>('document.activeElement.id')).toBe(`validate-seed-${KEY}`);
    await screenshot(page.locator('#external-validation'), 'validate-form-while-running');
    for (const path of ['/projects', `/runs/${RUN_ID}`, '/experiments/e1', '/datasets', `/survival/results/${model}/locked-models`]) expect(`${path}: ${requested(path)}`).toBe(`${path}: 1`);
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows the list change (the validation failed) without touching the form; no axe violation at 1280 and 390 px', async () => {
    validation = { ...validation, status: 'failed', error: 'worker sent no heartbeat' };
    await waitFor(page, `document.querySelector('#external-validation p.error')`, 30_000);
    expect(await page.evaluate<string>(`document.querySelector('#external-validation p.error').textContent`)).toMatch(/: failed \(worker sent no heartbeat\)$/);
    expect([await value(`validate-dataset-${KEY}`), await value(`validate-centre-${KEY}`), await value(`validate-seed-${KEY}`)]).toEqual(['d2', 'hospital', '7']);
    expect(await axeAtBothWidths(page, '#external-validation')).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
