import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationBins } from '../../apps/dashboard/src/figures/calibration-bins';
import { rocBootstrapBand, tprAt } from '../../apps/dashboard/src/figures/roc-band';
import { seededRandom } from '../../apps/dashboard/src/figures/seeded-random';
import { wilsonInterval } from '../../apps/dashboard/src/figures/wilson';
import { REPO } from '../server/support/api';

/** R's values (scripts/reference/figures-reference.R: prop.test Wilson intervals, pROC ci.se bands, calibration bins). */
const REF = JSON.parse(readFileSync(join(REPO, 'tests/fixtures/figures/reference.json'), 'utf8'));
const SHARED = (name: string) => JSON.parse(readFileSync(join(REPO, '../shared/reference', name), 'utf8'));
const predictionsOf = (set: string, model: string): { label: number; probability: number }[] => SHARED(set).models.find((m: { model: string }) => m.model === model).predictions;

describe('figure intervals against independent values', () => {
  it('Wilson intervals equal R prop.test(correct = FALSE) and the values published by Newcombe (1998, table I)', () => {
    for (const r of REF.wilson) {
      const ci = wilsonInterval(r.x, r.n, r.level)!;
      expect(ci.lower).toBeCloseTo(r.lower, 12);
      expect(ci.upper).toBeCloseTo(r.upper, 12);
    }
    // Newcombe, Stat Med 1998;17:857-872, table I, method 3 (score without continuity correction), 4 decimals
    for (const [x, n, lo, hi] of [[81, 263, 0.2553, 0.3662], [15, 148, 0.0624, 0.1605], [0, 20, 0, 0.1611], [1, 29, 0.0061, 0.1718]]) {
      const ci = wilsonInterval(x, n)!;
      expect([Number(ci.lower.toFixed(4)), Number(ci.upper.toFixed(4))]).toEqual([lo, hi]);
    }
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(/0 <= x <= n, got x=3, n=2/);
    expect(() => wilsonInterval(1, 4, 0.8)).toThrow(/confidence level 0.8/);
  });

  it('calibration bins: edges k/10, counts, events and Wilson intervals equal R on the shared reference predictions', () => {
    for (const m of REF.models) {
      const preds = predictionsOf(m.set, m.model);
      const bins = calibrationBins(preds.map((p) => p.label), preds.map((p) => p.probability), 10);
      expect(bins.map((b) => [b.lower, b.upper].map((e) => Number(e.toFixed(12))))).toEqual(Array.from({ length: 10 }, (_, k) => [k / 10, (k + 1) / 10]));
      expect(bins.map((b) => [b.count, b.positives])).toEqual(m.calibration.map((b: { count: number; positives: number }) => [b.count, b.positives]));
      bins.forEach((b, k) => {
        const r = m.calibration[k];
        if (!b.count) return expect([b.ciLower, b.ciUpper, b.observed]).toEqual([null, null, null]);
        expect(b.ciLower).toBeCloseTo(r.lower, 12);
        expect(b.ciUpper).toBeCloseTo(r.upper, 12);
      });
    }
    // a probability exactly on an inner edge belongs to the bin below it (first bin [0, 0.2], then (0.2, 0.4], ...)
    const edge = calibrationBins([1, 0, 1, 0], [0, 0.2, 0.2000001, 1], 5);
    expect(edge.map((b) => b.count)).toEqual([2, 1, 0, 0, 1]);
    expect(() => calibrationBins([1], [1.2], 10)).toThrow(/probability 1.2 of patient 1 is outside \[0, 1\]/);
  });

  it('ROC band: the seeded stratified bootstrap matches pROC ci.se (stratified, 10 000 resamples) to Monte Carlo error', () => {
    for (const m of REF.models) {
      const preds = predictionsOf(m.set, m.model);
      const band = rocBootstrapBand(preds.map((p) => p.label), preds.map((p) => p.probability), { resamples: 10000, seed: 7, grid: m.roc_band.fpr });
      const diffs = [...band.lower.map((v, i) => v - m.roc_band.lower[i]), ...band.upper.map((v, i) => v - m.roc_band.upper[i])].map(Math.abs);
      // two generators: percentiles of a discrete distribution (40 patients) move by a step of it at most
      expect(Math.max(...diffs)).toBeLessThan(0.07);
      expect(diffs.reduce((a, b) => a + b, 0) / diffs.length).toBeLessThan(0.01);
    }
  });

  it('ROC band: reproducible from the seed, ordered, holds the curve; a perfect classifier has no width above FPR 0', () => {
    const preds = predictionsOf('crlm-synthetic-original-plain.json', 'logistic_regression');
    const y = preds.map((p) => p.label);
    const p = preds.map((q) => q.probability);
    const a = rocBootstrapBand(y, p, { resamples: 500, seed: 42 });
    expect(rocBootstrapBand(y, p, { resamples: 500, seed: 42 })).toEqual(a);
    expect(rocBootstrapBand(y, p, { resamples: 500, seed: 43 }).lower).not.toEqual(a.lower);
    a.lower.forEach((lo, i) => expect(lo).toBeLessThanOrEqual(a.upper[i]));
    expect(a.fpr).toHaveLength(101);
    const perfect = rocBootstrapBand([0, 0, 1, 1, 0, 1], [0.1, 0.2, 0.8, 0.9, 0.3, 0.7], { resamples: 200, seed: 1 });
    expect(perfect.lower.slice(1)).toEqual(new Array(100).fill(1));
    expect(() => rocBootstrapBand([1, 1], [0.2, 0.3], { resamples: 10, seed: 1 })).toThrow(/needs both classes \(2 positive, 0 negative\)/);
  });

  it('tprAt: top of a vertical segment at its FPR, linear between points', () => {
    const fpr = [0, 0, 0.5, 0.5, 1];
    const tpr = [0, 0.4, 0.6, 0.8, 1];
    expect(tprAt(fpr, tpr, [0, 0.25, 0.5, 0.75, 1])).toEqual([0.4, 0.5, 0.8, 0.9, 1]);
  });

  it('seededRandom: uniform on [0, 1) (mean and spread of 100 000 draws), same sequence for the same seed', () => {
    const r = seededRandom(123);
    const xs = Array.from({ length: 100000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 2);
    expect(xs.filter((x) => x < 0.1).length / xs.length).toBeCloseTo(0.1, 2);
    const again = seededRandom(123);
    expect([again(), again()]).toEqual(xs.slice(0, 2));
  });
});
