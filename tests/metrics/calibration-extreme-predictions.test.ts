import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '@radsweep/classifiers';
import { calibrationIntercept, calibrationSlope, logisticCalibration } from '@radsweep/metrics';
import { computeTestMetrics } from '@radsweep/pipeline';
import { plainFixture } from '../support/shared';

/**
 * The rule for calibration slope and intercept when predictions reach 0 or 1 (issue 14 item 9): undefined
 * (NaN in the engine, null in the results file and API) with `calibrationUndefined` saying why, never a
 * clipped number. Checked on decision trees with pure leaves, against R 4.2.2's glm where the fit exists
 * (tests/fixtures/calibration/glm.json, scripts/reference/calibration-glm.R on the scikit-learn 1.2.1 tree
 * predictions of scripts/reference/calibration-pure-leaves.py), and where R's glm stops with an error.
 */
const FIXTURES = resolve(__dirname, '../fixtures/calibration');
const glm = JSON.parse(readFileSync(resolve(FIXTURES, 'glm.json'), 'utf8'));
const csv = readFileSync(resolve(FIXTURES, 'tree-predictions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
/** R's glm at epsilon 1e-14 against our Newton iterations to 1e-12: both exact to far below this. */
const GLM = 1e-8;

function treePredictions(model: string) {
  const rows = csv.filter((r) => r[0] === model);
  return {
    params: Object.fromEntries(rows[0][1].split(';').map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])])) as Record<string, number>,
    ids: rows.map((r) => Number(r[2])),
    y: Uint8Array.from(rows, (r) => Number(r[3])),
    p: Float64Array.from(rows, (r) => Number(r[4])),
  };
}

describe('calibration slope and intercept when predictions reach 0 or 1', () => {
  const fx = plainFixture('wdbc');

  for (const ref of glm.values as any[]) {
    describe(`${ref.model} (${ref.predictions_at_0_or_1} of ${ref.n} test predictions at 0 or 1)`, () => {
      const t = treePredictions(ref.model);

      it('our decision tree gives scikit-learn\'s test predictions on the same split', () => {
        expect(t.ids).toEqual(fx.testIds);
        const { random_state: _, ...params } = t.params;
        const ours = createClassifier('decision_tree', params, 42).fit(fx.xTrain, fx.yTrain).predictProba(fx.xTest);
        expect(Array.from(ours)).toEqual(Array.from(t.p));
      });

      if (ref.calibration_slope === null) {
        it(`is undefined, as R's glm refuses ("${ref.calibration_slope_error}")`, () => {
          expect(ref.predictions_at_0_or_1).toBeGreaterThan(0);
          const c = logisticCalibration(t.y, t.p);
          expect(c.slope).toBeNaN();
          expect(c.intercept).toBeNaN();
          expect(c.undefined).toEqual({ slope: 'prediction-at-0-or-1', intercept: 'prediction-at-0-or-1' });
          expect(calibrationSlope(t.y, t.p)).toBeNaN();
          expect(calibrationIntercept(t.y, t.p)).toBeNaN();
        });
      } else {
        it('equals R\'s glm slope and intercept', () => {
          const c = logisticCalibration(t.y, t.p);
          expect(c.undefined).toEqual({ slope: null, intercept: null });
          expect(Math.abs(c.slope - ref.calibration_slope)).toBeLessThanOrEqual(GLM);
          expect(Math.abs(c.intercept - ref.calibration_intercept)).toBeLessThanOrEqual(GLM);
          expect(calibrationSlope(t.y, t.p)).toBe(c.slope);
          expect(calibrationIntercept(t.y, t.p)).toBe(c.intercept);
        });
      }
    });
  }

  it('covers a tree whose leaves are all pure, one with some pure leaves, and one with none', () => {
    expect((glm.values as any[]).map((v) => [v.predictions_at_0_or_1 === v.n, v.predictions_at_0_or_1 > 0])).toEqual([
      [true, true],
      [false, true],
      [false, false],
    ]);
  });

  it('reaches the results file as null with the reason, through the engine\'s test metrics', () => {
    const t = treePredictions('tree_depth3');
    const { test } = computeTestMetrics(t.y, t.p, { threshold: 0.5, bootstrap: 0, calibrationBins: 10 }, 42);
    const written = JSON.parse(JSON.stringify(test));
    expect(written.calibrationSlope).toBeNull();
    expect(written.calibrationIntercept).toBeNull();
    expect(written.calibrationUndefined).toEqual({ slope: 'prediction-at-0-or-1', intercept: 'prediction-at-0-or-1' });
    const defined = treePredictions('tree_leaf100');
    const ok = computeTestMetrics(defined.y, defined.p, { threshold: 0.5, bootstrap: 0, calibrationBins: 10 }, 42).test;
    expect(ok.calibrationUndefined).toEqual({ slope: null, intercept: null });
    expect(Math.abs(ok.calibrationIntercept - glm.values[2].calibration_intercept)).toBeLessThanOrEqual(GLM);
  });

  it('one positive patient predicted 0 makes the intercept undefined, not log(eps) (-33.6 with eps = 1e-15 before)', () => {
    const y = Uint8Array.from([0, 0, 1, 1, 0, 1]);
    const p = Float64Array.from([0.2, 0.4, 0.6, 0.7, 0.3, 0]);
    expect(logisticCalibration(y, p).undefined.intercept).toBe('prediction-at-0-or-1');
    // the same patient at p = 0.01 instead: finite, and what glm(y ~ 1 + offset(qlogis(p))) gives by its score equation
    p[5] = 0.01;
    const a = calibrationIntercept(y, p);
    let score = 0;
    for (let i = 0; i < y.length; i++) score += y[i] - 1 / (1 + Math.exp(-(a + Math.log(p[i] / (1 - p[i])))));
    expect(Math.abs(score)).toBeLessThan(1e-12);
  });

  it('separated interior predictions: slope undefined (separated), intercept defined', () => {
    const y = Uint8Array.from([0, 0, 1, 1]);
    const c = logisticCalibration(y, Float64Array.from([0.1, 0.2, 0.8, 0.9]));
    expect(c.undefined).toEqual({ slope: 'separated', intercept: null });
    expect(c.slope).toBeNaN();
    expect(Number.isFinite(c.intercept)).toBe(true);
  });
});
