import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brierScoreAt, harrellC, survivalDecisionCurve, timeDependentAuc } from '@radsweep/metrics';
import { ChainSpec, SurvivalExperimentResults, createChainParts, loadExperiment, runExperiment, runSurvivalExperiment } from '@radsweep/pipeline';
import { radsweep } from '../cli/cli-support';
import { REPO, RowSpy, tempDir, writeExperiment } from './support';

/**
 * Survival endpoints end to end: the example through the real command line (every stored test metric
 * recomputes from the stored predictions, the CV C-index from the out-of-fold risks), and a run with a
 * spy step (as leakage.test.ts) showing that no chain is fitted on a held-out or test row, with two
 * endpoints (one with a competing event code) each split on its own event indicator.
 */
const dir = tempDir('radsweep-survival-');

describe('examples/survival.yaml through the CLI', () => {
  let results: SurvivalExperimentResults;
  let stdout = '';
  beforeAll(async () => {
    const out = join(dir, 'survival.json');
    const run = await radsweep(['run', 'examples/survival.yaml', '--out', out, '--workers', '1', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    stdout = run.stdout;
    results = JSON.parse(readFileSync(out, 'utf8'));
  }, 300_000);

  it('prints one leaderboard for the endpoint, ranked by CV C-index', () => {
    expect(stdout).toContain("Endpoint 'rfs', feature set 'clinical'");
    const models = results.endpoints[0].featureSets[0].models;
    const order = [...models].sort((a, b) => b.cv.cIndex.mean - a.cv.cIndex.mean).map((m) => m.label);
    const printed = order.map((label) => stdout.indexOf(label));
    expect(printed.every((p, i) => p > 0 && (i === 0 || p > printed[i - 1]))).toBe(true);
  });

  it('every test metric recomputes from the stored predictions', () => {
    const endpoint = results.endpoints[0];
    expect(endpoint.horizons).toEqual([1096, 1826, 2557]);
    for (const m of endpoint.featureSets[0].models) {
      expect(m.error).toBeUndefined();
      const time = Float64Array.from(m.predictions, (p) => p.time);
      const event = Uint8Array.from(m.predictions, (p) => p.event);
      const lp = Float64Array.from(m.predictions, (p) => p.linearPredictor);
      const c = harrellC(time, event, lp);
      expect(m.test!.harrellC.estimate).toBe(c.concordance);
      expect(m.test!.harrellC.stdErr).toBe(c.stdErr);
      endpoint.horizons.forEach((h, k) => {
        const risk = Float64Array.from(m.predictions, (p) => Math.min(1, Math.max(0, 1 - p.survival[k])));
        expect(m.test!.atHorizon[k].auc.estimate).toBeCloseTo(timeDependentAuc(time, event, risk, h).estimate, 12);
        expect(m.test!.atHorizon[k].brier.estimate).toBeCloseTo(brierScoreAt(time, event, risk, h).estimate, 12);
        const curve = survivalDecisionCurve(time, event, risk, h, [0.1, 0.3]);
        expect(m.test!.atHorizon[k].decisionCurve[9].model).toBeCloseTo(curve[0].model, 12);
        expect(m.test!.atHorizon[k].decisionCurve[29].treatAll).toBeCloseTo(curve[1].treatAll, 12);
      });
      expect(m.test!.n).toBe(endpoint.split.testIds.length);
      // The curve's last point is the last horizon, where survival is stored: the same td-AUC.
      const last = m.test!.aucOverTime[m.test!.aucOverTime.length - 1];
      expect(last.time).toBe(2557);
      expect(last.estimate).toBeCloseTo(m.test!.atHorizon[2].auc.estimate, 12);
      expect(m.test!.aucOverTime.length).toBeGreaterThan(50);
    }
  });

  it('the CV C-index is the mean of Harrell\'s C over the out-of-fold risks, and test patients are never in them', () => {
    const endpoint = results.endpoints[0];
    const test = new Set(endpoint.split.testIds);
    for (const m of endpoint.featureSets[0].models) {
      const folds = [...new Set(m.oofPredictions.map((p) => p.fold))];
      const perFold = folds.map((f) => {
        const rows = m.oofPredictions.filter((p) => p.fold === f);
        return harrellC(Float64Array.from(rows, (p) => p.time), Uint8Array.from(rows, (p) => p.event), Float64Array.from(rows, (p) => p.linearPredictor)).concordance;
      });
      expect(perFold).toEqual(m.cv.perConfig[m.bestConfigIndex].foldC);
      expect(m.cv.cIndex.mean).toBeCloseTo(perFold.reduce((s, v) => s + v, 0) / perFold.length, 14);
      for (const p of m.oofPredictions) expect(test.has(p.id)).toBe(false);
    }
  });

  it('the cox_univariate filter is fitted on the training part and reported with its p-values', () => {
    const fs = results.endpoints[0].featureSets[0];
    expect(fs.selection.steps.map((s) => s.step)).toEqual(['cox_univariate']);
    expect(fs.selection.steps[0].inputCount).toBe(8);
    for (const f of fs.selection.selectedFeatures) expect(f.scores['cox_univariate.p_value']).toBeLessThan(0.05);
    for (const m of fs.models) expect(m.selectedFeatures).toEqual(fs.selection.selectedFeatures);
  });

  it('the split and the CV folds are stratified on the event indicator', () => {
    const endpoint = results.endpoints[0];
    const fs = endpoint.featureSets[0];
    const rate = (k: number, n: number) => k / n;
    expect(Math.abs(rate(fs.events.train.events, fs.events.train.n) - rate(fs.events.test.events, fs.events.test.n))).toBeLessThan(0.005);
    const eventsPerFold = fs.folds.map((f) => f.trainEvents);
    expect(Math.max(...eventsPerFold) - Math.min(...eventsPerFold)).toBeLessThanOrEqual(2);
  });
});

describe('two survival endpoints, no chain fitted on held-out or test rows', () => {
  let results: SurvivalExperimentResults;
  const seen: Set<string>[] = [];
  beforeAll(async () => {
    // Rotterdam with a second outcome: code 2 (a competing event) for the events of node-negative patients.
    const lines = readFileSync(join(REPO, 'examples/data/rotterdam.csv'), 'utf8').trim().split('\n');
    const csv = join(dir, 'rotterdam-tagged.csv');
    const header = lines[0].replace(/"/g, '').split(',');
    const at = (name: string) => header.indexOf(name);
    const body = lines.slice(1).map((l) => {
      const c = l.split(',');
      const status = c[at('event')] === '1' && c[at('nodes')] === '0' ? 2 : Number(c[at('event')]);
      return `${c.join(',')},${status},${c[0]}`;
    });
    writeFileSync(csv, [`${header.join(',')},status,rowtag`, ...body].join('\n') + '\n');
    const spec = {
      name: 'two-endpoints',
      seed: 7,
      dataset: { path: csv, idColumn: 'id' },
      endpoints: [
        { name: 'rfs', type: 'survival', time: 'time', event: 'event', horizons: [1826] },
        { name: 'node-positive', type: 'survival', time: 'time', event: 'status', eventCodes: [1], horizons: [1096, 1826], riskGroups: 'tertiles' },
      ],
      featureSets: [{ name: 'all', include: ['*'], exclude: ['time'] }], // excluding an outcome column is allowed and changes nothing
      validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
      steps: [{ median_imputer: {} }, { standard_scaler: {} }, { cox_univariate: { alpha: 0.05 } }],
      models: [{ id: 'cox_ph', grid: { ties: ['efron', 'breslow'] } }, { id: 'logistic_regression', grid: { C: [0.1, 1] } }],
    };
    const exp = loadExperiment(writeExperiment(dir, spec, 'two-endpoints.yaml'));
    const chainFactory = (chain: ChainSpec) => {
      const parts = createChainParts(chain);
      return { steps: [new RowSpy(8, seen), ...parts.steps], sampler: parts.sampler }; // rowtag follows the 8 features
    };
    results = await runSurvivalExperiment(exp, { chainFactory });
  }, 300_000);

  it('the binary engine refuses a survival experiment (what the tracking server runs)', async () => {
    await expect(runExperiment(loadExperiment(join(dir, 'two-endpoints.yaml')), { workers: 0 })).rejects.toThrow(/has survival endpoints: run it with runSurvivalExperiment/);
  });

  it('outcome columns are never features, even with include: [*] (and excluding one is harmless)', () => {
    for (const e of results.endpoints) expect(e.featureSets[0].features).toEqual(['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon', 'rowtag']);
  });

  it('each endpoint has its own split on its own event indicator; competing events are counted and censored', () => {
    const [rfs, nodePositive] = results.endpoints;
    expect(rfs.competingEvents.count).toBe(0);
    const competing = readFileSync(join(dir, 'rotterdam-tagged.csv'), 'utf8').trim().split('\n').slice(1).filter((l) => l.split(',')[11] === '2').length;
    expect(competing).toBeGreaterThan(100);
    expect(nodePositive.competingEvents).toEqual({ count: competing, handling: 'censored at their time (cause-specific)' });
    expect(nodePositive.cohort.events).toBe(rfs.cohort.events - competing);
    const m = nodePositive.featureSets[0].models[0];
    expect(m.predictions.every((p) => p.event === 0 || p.event === 1)).toBe(true);
    expect(m.test!.riskGroups.cutoffs).toHaveLength(2);
    expect(nodePositive.split.testIds).not.toEqual(rfs.split.testIds);
  });

  it('a classifier at the first horizon: censored-before-horizon training patients left out and counted; scored there only', () => {
    const endpoint = results.endpoints[0];
    const h = endpoint.horizons[0];
    const m = endpoint.featureSets[0].models.find((x) => x.model === 'logistic_regression')!;
    expect(m.label).toBe('Logistic Regression (at horizon)');
    expect(m.predictedAt).toEqual([h]);
    // Every training patient appears once in the out-of-fold predictions, with its follow-up.
    const censoredBefore = (rows: { time: number; event: number }[]) => rows.filter((p) => p.event === 0 && p.time < h).length;
    expect(m.atHorizon!.excludedCensored.refit).toBe(censoredBefore(m.oofPredictions));
    const folds = [...new Set(m.oofPredictions.map((p) => p.fold))];
    expect(m.atHorizon!.excludedCensored.cvSplits).toEqual(folds.map((f) => censoredBefore(m.oofPredictions.filter((p) => p.fold !== f))));
    expect(m.atHorizon!.excludedCensored.refit).toBeGreaterThan(0);
    for (const p of m.predictions) expect(p.survival[0]).toBeCloseTo(1 / (1 + Math.exp(p.linearPredictor)), 12);
    const c = harrellC(Float64Array.from(m.predictions, (p) => p.time), Uint8Array.from(m.predictions, (p) => p.event), Float64Array.from(m.predictions, (p) => p.linearPredictor));
    expect(m.test!.harrellC.estimate).toBe(c.concordance);
    expect(m.test!.atHorizon.map((a) => a.horizon)).toEqual([h]);
    expect(m.test!.ibs).toBeNull();
  });

  it("each CV split's chain is fitted on exactly its training rows, the final one on the training part, none on a test row", () => {
    expect(seen).toHaveLength(results.endpoints.length * 4); // 3 CV splits + the refit, per endpoint
    for (const e of results.endpoints) {
      const folds = e.cv.foldOfTrainId[0];
      const test = new Set(e.split.testIds);
      for (let f = 0; f < 3; f++) {
        const fit = new Set(e.split.trainIds.filter((_, i) => folds[i] !== f));
        expect(seen.filter((s) => s.size === fit.size && [...s].every((id) => fit.has(id))), `${e.name} split ${f}`).toHaveLength(1);
      }
      const train = new Set(e.split.trainIds);
      expect(seen.filter((s) => s.size === train.size && [...s].every((id) => train.has(id)))).toHaveLength(1);
      for (const s of seen.slice(results.endpoints.indexOf(e) * 4, results.endpoints.indexOf(e) * 4 + 4)) for (const id of test) expect(s.has(id)).toBe(false);
    }
  });
});
