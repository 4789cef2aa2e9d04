import { beforeAll, describe, expect, it } from 'vitest';
import { ExperimentResults, ProgressEvent, loadExperiment, runExperiment } from '@radsweep/pipeline';
import {
  aucByPairs, brierByDefinition, confusionByCount, delongByDefinition, fullRocPoints, logisticCalibrationByNewton, ratesFromCounts, trapezoidArea, uniformBinsByCount,
} from '../support/independent-metrics';
import { sharedPath } from '../support/shared';
import { reducedSpec, tempDir, withoutTimings, writeExperiment } from './support';

/**
 * The engine on a reduced seed protocol (3 models, 9 configurations, full chain with
 * SMOTE) on WDBC with two feature sets, which share the worker pool's queue: determinism
 * across worker counts, progress events, and every stored number recomputed from the
 * stored predictions with libs/metrics.
 */
const spec = reducedSpec(sharedPath('data', 'wdbc.csv'));
spec.featureSets = [{ name: 'all', include: ['*'] }, { name: 'worst', include: ['worst_*'] }];
const experimentPath = writeExperiment(tempDir(), spec);
let inline: ExperimentResults;
let oneWorker: ExperimentResults;
let twoWorkers: ExperimentResults;
const twoWorkerEvents: ProgressEvent[] = [];

beforeAll(async () => {
  const exp = loadExperiment(experimentPath);
  inline = await runExperiment(exp, { workers: 0 });
  oneWorker = await runExperiment(exp, { workers: 1 });
  twoWorkers = await runExperiment(exp, { workers: 2, onProgress: (e) => twoWorkerEvents.push(e) });
});

describe('determinism', () => {
  it('1 worker and 2 workers give identical results with two feature sets (timings aside)', () => {
    expect(twoWorkers.workers).toBe(2);
    expect(twoWorkers.featureSets.map((f) => f.name)).toEqual(['all', 'worst']);
    expect(withoutTimings(twoWorkers)).toEqual(withoutTimings(oneWorker));
  });

  it('the two feature sets really differ (columns, selection, test AUCs)', () => {
    const [all, worst] = oneWorker.featureSets;
    expect(worst.features.length).toBeLessThan(all.features.length);
    expect(worst.features.every((f) => f.startsWith('worst_'))).toBe(true);
    expect(worst.models.map((m) => m.model)).toEqual(all.models.map((m) => m.model));
    expect(worst.models.map((m) => m.test?.auc)).not.toEqual(all.models.map((m) => m.test?.auc));
  });

  it('running in this thread gives the same results as the worker pool', () => {
    expect(withoutTimings(inline)).toEqual(withoutTimings(oneWorker));
  });

  it('the results are not trivially equal: models differ and CV AUCs vary across folds', () => {
    const models = oneWorker.featureSets[0].models;
    expect(new Set(models.map((m) => m.test?.auc)).size).toBeGreaterThan(1);
    expect(new Set(models[0].cv.perConfig[0].foldAuc).size).toBeGreaterThan(1);
  });
});

describe('progress with overlapping feature sets', () => {
  const perFeatureSet = 9 * 5 + 3; // 9 configurations x 5 folds, plus one refit per model

  it('counts every fit once: done goes 1, 2, ... up to the total over both feature sets', () => {
    const total = twoWorkerEvents[0].total;
    expect(total).toBe(2 * perFeatureSet);
    const fits = twoWorkerEvents.filter((e, i) => i > 0 && e.done > twoWorkerEvents[i - 1].done);
    expect(fits.map((e) => e.done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(fits.filter((e) => e.featureSet === 'all')).toHaveLength(perFeatureSet);
  });

  it('each feature set goes through its phases in order', () => {
    for (const name of ['all', 'worst']) {
      const phases = twoWorkerEvents.filter((e) => e.featureSet === name).map((e) => e.phase);
      const changes = phases.filter((p, i) => i === 0 || p !== phases[i - 1]);
      expect(changes).toEqual(['preprocessing', 'tasks', 'metrics', 'done']);
    }
  });

  it('the second feature set starts before the first one is done (no drained pool between them)', () => {
    const firstDone = twoWorkerEvents.findIndex((e) => e.featureSet === 'all' && e.phase === 'done');
    const secondStarts = twoWorkerEvents.findIndex((e) => e.featureSet === 'worst' && e.phase === 'preprocessing');
    expect(secondStarts).toBeGreaterThanOrEqual(0);
    expect(secondStarts).toBeLessThan(firstDone);
  });
});

describe('results structure', () => {
  const fs = () => oneWorker.featureSets[0];

  it('records the data set, split, folds and class balance', () => {
    const r = oneWorker;
    expect(r.dataset).toMatchObject({ rows: 569, positives: 212, positiveClass: 1 });
    expect(r.dataset.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.split.testIds).toHaveLength(114);
    expect(r.split.trainIds).toHaveLength(455);
    expect(new Set([...r.split.testIds, ...r.split.trainIds]).size).toBe(569);
    expect(r.cv.foldOfTrainId[0]).toHaveLength(455);
    const testPositives = fs().models[0].predictions.filter((p) => p.label === 1).length;
    expect(fs().classBalance.test).toEqual({ n: 114, positives: testPositives });
    expect(fs().classBalance.train.positives + testPositives).toBe(212);
  });

  it('stores a prediction for every test patient, in the split\'s test order', () => {
    for (const m of fs().models) expect(m.predictions.map((p) => p.id)).toEqual(oneWorker.split.testIds);
  });

  it('stores the refit chain\'s selected features with their t-test p and LASSO coefficient', () => {
    const sel = fs().selection.selectedFeatures;
    expect(sel.length).toBeGreaterThan(0);
    for (const f of sel) {
      expect(f.scores['welch_ttest.p_value']).toBeLessThan(0.05);
      expect(f.scores['lasso.coefficient']).not.toBe(0);
    }
    expect(fs().models[0].selectedFeatures).toEqual(sel);
  });

  it('the best configuration has the highest mean CV AUC, the first one on ties', () => {
    for (const m of fs().models) {
      const means = m.cv.perConfig.map((c) => c.mean);
      const best = means.indexOf(Math.max(...means));
      expect(m.bestConfigIndex).toBe(best);
      expect(m.bestParams).toEqual(m.cv.perConfig[best].params);
      expect(m.cv.auc.mean).toBe(means[best]);
    }
  });
});

describe('every metric is reproducible from the stored predictions', () => {
  const close = (a: number | null, b: number) => (Number.isNaN(b) ? expect(a).toBeNull() : expect(a).toBeCloseTo(b, 12));
  // Through JSON, as a reader of the results file sees it (NaN is stored as null).
  const stored = () => JSON.parse(JSON.stringify(oneWorker)) as ExperimentResults;

  // Recomputed from the definitions (tests/support/independent-metrics.ts), not with libs/metrics.
  it('test metrics, ROC curve, calibration and CIs', () => {
    const settings = stored().settings.metrics;
    let calibrated = 0;
    for (const m of stored().featureSets[0].models) {
      const y = m.predictions.map((p) => p.label);
      const p = m.predictions.map((q) => q.probability);
      const t = m.test!;
      expect(t.auc).toBeCloseTo(aucByPairs(y, p), 12);
      const counts = confusionByCount(y, p, settings.threshold);
      expect(t.confusion).toEqual(counts);
      const rates = ratesFromCounts(counts);
      for (const k of ['accuracy', 'precision', 'recall', 'specificity', 'f1', 'balancedAccuracy', 'mcc'] as const) close(t[k], rates[k]);
      expect(t.singleClassPrediction).toBe(counts.tp + counts.fp === 0 ? 0 : counts.tn + counts.fn === 0 ? 1 : null);
      close(t.brier, brierByDefinition(y, p));
      if (p.every((v) => v > 0 && v < 1)) {
        const cal = logisticCalibrationByNewton(y, p);
        expect(t.calibrationSlope).toBeCloseTo(cal.slope, 8);
        expect(t.calibrationIntercept).toBeCloseTo(cal.intercept, 8);
        calibrated++;
      }
      const delong = delongByDefinition(y, p);
      close(t.aucCi.delong!.lower, delong.lower);
      close(t.aucCi.delong!.upper, delong.upper);
      // The bootstrap's draws are the engine's seeded stream: here only its bracket of the AUC.
      expect(t.aucCi.bootstrap!.lower).toBeLessThanOrEqual(t.auc);
      expect(t.aucCi.bootstrap!.upper).toBeGreaterThanOrEqual(t.auc);
      // Stored ROC points are points of the full curve, with the same area (dropped points are collinear).
      const full = fullRocPoints(y, p);
      const onFull = new Set(full.fpr.map((f, k) => `${f},${full.tpr[k]}`));
      m.roc!.fpr.forEach((f, k) => expect(onFull.has(`${f},${m.roc!.tpr[k]}`), `ROC point ${f}, ${m.roc!.tpr[k]}`).toBe(true));
      expect(trapezoidArea(m.roc!.fpr, m.roc!.tpr)).toBeCloseTo(trapezoidArea(full.fpr, full.tpr), 12);
      expect(trapezoidArea(full.fpr, full.tpr)).toBeCloseTo(t.auc, 12);
      const bins = uniformBinsByCount(y, p, settings.calibrationBins);
      expect(m.calibration!.count).toEqual(bins.map((b) => b.count));
      m.calibration!.observed.forEach((o, i) => close(o, bins[i].observed));
    }
    expect(calibrated, 'models with every prediction inside (0, 1)').toBeGreaterThan(0);
  });

  it('CV mean and sd from the per-fold AUCs (population sd, as GridSearchCV)', () => {
    for (const m of stored().featureSets[0].models) {
      for (const c of m.cv.perConfig) {
        const n = c.foldAuc.length;
        const mean = c.foldAuc.reduce((s, v) => s + v, 0) / n;
        close(c.mean, mean);
        close(c.sd, Math.sqrt(c.foldAuc.reduce((s, v) => s + (v - mean) ** 2, 0) / n));
      }
    }
  });
});
