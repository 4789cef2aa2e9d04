import { describe, expect, it } from 'vitest';
import { aucCiBootstrap, brierScore, calibrationCurve, classificationMetrics, rocAuc, rocCurve } from '@radsweep/metrics';
import { loadSimpleCsv, readJson, sharedPath } from '../support/shared';

/**
 * libs/metrics against scikit-learn 1.2.1 (the seed-protocol sweeps in shared/reference): for every model,
 * the metrics are recomputed from its stored `test_proba` (aligned with split.test_ids) and the labels of
 * the CSV, and compared with what scikit-learn reported.
 *
 * Tolerance 1e-12 (absolute) wherever the formula is the same; only the order of floating-point sums can
 * differ (numpy sums pairwise). Counts and ROC lengths must be equal.
 *
 * The bootstrap CI cannot be reproduced exactly: the reference draws its resamples with numpy's
 * RandomState(42) (Mersenne Twister) and we draw them with our seeded xoshiro128** Rng. Both are the same
 * estimator (plain percentile bootstrap, 1000 resamples of the test rows, one-class resamples skipped),
 * so they differ by Monte Carlo error only:
 * - wdbc (42 positives, bootstrap sd <= 0.023): our default run (1000 resamples, seed 42) is within 0.03;
 * - every set: each reference bound must be a plausible 1000-resample percentile of our bootstrap
 *   distribution (20 000 resamples): the fraction of our AUCs below the bound must lie within
 *   4 binomial standard deviations of 2.5 % (97.5 %), sd = sqrt(q (1 - q) / 1000) (+ our own, / 20 000).
 *   On crlm (8 positives, bootstrap sd about 0.1 to 0.16) a 1000-resample percentile has a Monte Carlo
 *   error of about 0.015 to 0.02, so a fixed 0.03 would fail by chance (we saw up to 0.040 at 1000 resamples).
 */
const EXACT = 1e-12;
const SWEEPS = [
  { file: 'wdbc-sweep.json', csv: 'wdbc.csv', absoluteCi: 0.03 },
  { file: 'crlm-synthetic-radiomics-sweep.json', csv: 'crlm-synthetic.csv', absoluteCi: undefined },
  { file: 'crlm-synthetic-radiomics-clinical-sweep.json', csv: 'crlm-synthetic.csv', absoluteCi: undefined },
];

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** The reference's single_class_prediction: null, or a sentence starting "predicts 0" / "predicts 1". */
function parseSingleClass(s: string | null): null | 0 | 1 {
  if (s === null) return null;
  const m = /^predicts ([01])\b/.exec(s);
  if (!m) throw new Error(`unrecognised single_class_prediction: ${s}`);
  return Number(m[1]) as 0 | 1;
}

/** Is `x` a plausible q-quantile of a 1000-draw sample from the distribution `sorted` (B draws)? */
function rankBand(sorted: Float64Array, x: number, q: number): { below: number; atOrBelow: number; slack: number } {
  let below = 0;
  let atOrBelow = 0;
  for (const v of sorted) {
    if (v < x) below++;
    if (v <= x) atOrBelow++;
  }
  const slack = 4 * Math.sqrt((q * (1 - q)) / 1000) + 4 * Math.sqrt((q * (1 - q)) / sorted.length);
  return { below: below / sorted.length, atOrBelow: atOrBelow / sorted.length, slack };
}

for (const sweep of SWEEPS) {
  const ref = readJson('reference', sweep.file);
  const csv = loadSimpleCsv(sharedPath('data', sweep.csv));
  const rowOf = new Map(csv.ids.map((id, i) => [id, i]));
  const y = Uint8Array.from((ref.split.test_ids as number[]).map((id) => csv.label[rowOf.get(id)!]));

  describe(`${sweep.file}: ${ref.models.length} models, ${y.length} test patients`, () => {
    it('labels from the CSV match the reference class balance', () => {
      expect(y.reduce((s, v) => s + v, 0)).toBe(ref.class_balance.test_positives);
      expect(y.length).toBe(ref.class_balance.test_n);
    });

    for (const model of ref.models as any[]) {
      describe(model.model, () => {
        const p = Float64Array.from(model.test_proba as number[]);
        const expected = model.test.metrics;

        it('scikit-learn predicted p > 0.5 (the default rule)', () => expect(expected['predict_equals_proba_gt_0.5']).toBe(true));

        it('confusion counts, single-class flag and threshold metrics', () => {
          const m = classificationMetrics(y, p);
          expect(m.confusion).toEqual({ tp: expected.confusion.tp, fp: expected.confusion.fp, tn: expected.confusion.tn, fn: expected.confusion.fn });
          expect(m.nPredictedPositive).toBe(expected.n_predicted_positive);
          expect(m.singleClassPrediction).toBe(parseSingleClass(expected.single_class_prediction));
          for (const [ours, theirs] of [
            ['accuracy', 'accuracy'],
            ['precision', 'precision'],
            ['recall', 'recall'],
            ['sensitivity', 'sensitivity'],
            ['specificity', 'specificity'],
            ['f1', 'f1'],
            ['balancedAccuracy', 'balanced_accuracy'],
          ] as const) {
            expect(Math.abs(m[ours] - expected[theirs]), ours).toBeLessThanOrEqual(EXACT);
          }
        });

        it('ROC AUC and Brier score', () => {
          expect(Math.abs(rocAuc(y, p) - expected.auc)).toBeLessThanOrEqual(EXACT);
          expect(Math.abs(brierScore(y, p) - expected.brier)).toBeLessThanOrEqual(EXACT);
        });

        for (const [key, dropIntermediate] of [['roc_curve', true], ['roc_curve_full', false]] as const) {
          it(`${key} (dropIntermediate ${dropIntermediate})`, () => {
            const theirs = model.test[key];
            const ours = rocCurve(y, p, { dropIntermediate });
            expect(ours.fpr.length).toBe(theirs.fpr.length);
            expect(maxAbsDiff(ours.fpr, theirs.fpr)).toBeLessThanOrEqual(EXACT);
            expect(maxAbsDiff(ours.tpr, theirs.tpr)).toBeLessThanOrEqual(EXACT);
            expect(maxAbsDiff(ours.thresholds, theirs.thresholds)).toBeLessThanOrEqual(EXACT);
          });
        }

        it('calibration curve, 10 equal-width bins, empty bins kept', () => {
          const theirs = model.test.calibration_curve as any[];
          const ours = calibrationCurve(y, p);
          expect(ours.length).toBe(theirs.length);
          ours.forEach((bin, k) => {
            const t = theirs[k];
            expect([bin.bin, bin.count]).toEqual([t.bin, t.count]);
            expect(Math.abs(bin.lower - t.lower)).toBeLessThanOrEqual(EXACT);
            expect(Math.abs(bin.upper - t.upper)).toBeLessThanOrEqual(EXACT);
            if (t.count === 0) {
              expect([t.mean_predicted, t.observed_fraction]).toEqual([null, null]);
              expect([bin.meanPredicted, bin.observed]).toEqual([NaN, NaN]);
            } else {
              expect(Math.abs(bin.meanPredicted - t.mean_predicted)).toBeLessThanOrEqual(EXACT);
              expect(Math.abs(bin.observed - t.observed_fraction)).toBeLessThanOrEqual(EXACT);
            }
          });
        });

        if (sweep.absoluteCi !== undefined) {
          const tol = sweep.absoluteCi;
          it(`bootstrap 95 % CI (1000 plain resamples, seed 42) within ${tol} of scikit-learn's`, () => {
            const ci = aucCiBootstrap(y, p, { stratified: false });
            expect(ci.validResamples).toBe(expected.auc_ci95.n_valid_resamples);
            expect(Math.abs(ci.lower - expected.auc_ci95.lower)).toBeLessThanOrEqual(tol);
            expect(Math.abs(ci.upper - expected.auc_ci95.upper)).toBeLessThanOrEqual(tol);
          });
        }

        it('bootstrap CI bounds lie within the Monte Carlo band of our bootstrap distribution', () => {
          const ci = aucCiBootstrap(y, p, { stratified: false, resamples: 20_000 });
          for (const [bound, q] of [[expected.auc_ci95.lower, 0.025], [expected.auc_ci95.upper, 0.975]] as const) {
            const band = rankBand(ci.aucs, bound, q);
            expect(band.below, `fraction below ${bound}`).toBeLessThanOrEqual(q + band.slack);
            expect(band.atOrBelow, `fraction at or below ${bound}`).toBeGreaterThanOrEqual(q - band.slack);
          }
          expect(Math.abs(ci.bootstrapSd - expected.auc_ci95.bootstrap_sd)).toBeLessThanOrEqual(0.1 * expected.auc_ci95.bootstrap_sd + 1e-3);
        });
      });
    }
  });
}
