import { describe, expect, it } from 'vitest';
import { aucCiDelong, brierScore, calibrationIntercept, calibrationSlope, delongTest, netBenefit, rocAuc } from '@radsweep/metrics';
import { readJson } from '../support/shared';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * libs/metrics against R 4.2.2 / pROC 1.18.0 (shared/reference/metrics-reference.json), computed from the
 * stored `predictions` of three models in wdbc-plain.json and crlm-synthetic-original-plain.json.
 * Tolerances (absolute): 1e-9 for closed-form values (AUC, DeLong CI and test, Brier, net benefit);
 * 1e-6 for the calibration slope and intercept, because R's glm stops when the relative change of the
 * deviance is below 1e-8, so its coefficients carry an error of about 1e-8 (we iterate Newton to 1e-12).
 * The calibration slope and intercept follow the stated rule for predictions at 0 or 1 (no clipping; undefined
 * when a prediction is exactly 0 or 1), so they are checked against R's glm without clipping at epsilon 1e-14
 * (tests/fixtures/calibration/plain-glm.json, scripts/reference/calibration-glm.R), not against the shared
 * reference's values, which were computed with p clipped to [1e-15, 1 - 1e-15].
 */
const CLOSED_FORM = 1e-9;
const GLM = 1e-6;

const reference = readJson('reference', 'metrics-reference.json');
const unclippedGlm: any[] = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/calibration/plain-glm.json'), 'utf8')).values;
const TIGHT_GLM = 1e-8;
const plain: Record<string, any> = {
  wdbc: readJson('reference', 'wdbc-plain.json'),
  crlm: readJson('reference', 'crlm-synthetic-original-plain.json'),
};

function predictions(set: string, model: string): { y: Uint8Array; p: Float64Array } {
  const found = plain[set].models.find((m: any) => m.model === model);
  if (!found) throw new Error(`no model ${model} in the ${set} plain reference`);
  return {
    y: Uint8Array.from(found.predictions.map((r: any) => r.label)),
    p: Float64Array.from(found.predictions.map((r: any) => r.probability)),
  };
}

describe('R pROC reference values', () => {
  it('covers both sets, three models each, and one paired test per set', () => {
    const values = reference.values as any[];
    expect(values.filter((v) => v.model).length).toBe(6);
    expect(values.filter((v) => v.delong_test).length).toBe(2);
  });

  for (const v of (reference.values as any[]).filter((x) => x.model)) {
    describe(`${v.set} ${v.model} (n = ${v.n})`, () => {
      const { y, p } = predictions(v.set, v.model);

      it('has the reference number of patients', () => expect(y.length).toBe(v.n));
      it('AUC', () => expect(Math.abs(rocAuc(y, p) - v.auc)).toBeLessThanOrEqual(CLOSED_FORM));
      it('DeLong 95 % CI, truncated to [0, 1]', () => {
        const ci = aucCiDelong(y, p);
        expect(Math.abs(ci.lower - v.auc_ci_delong[0])).toBeLessThanOrEqual(CLOSED_FORM);
        expect(Math.abs(ci.upper - v.auc_ci_delong[1])).toBeLessThanOrEqual(CLOSED_FORM);
      });
      it('Brier score', () => expect(Math.abs(brierScore(y, p) - v.brier)).toBeLessThanOrEqual(CLOSED_FORM));
      const glm = unclippedGlm.find((g) => g.set === v.set && g.model === v.model);
      if (glm.calibration_slope === null) {
        it(`calibration slope and intercept undefined: ${glm.predictions_at_0_or_1} predictions at 0 or 1 (R's glm: ${glm.calibration_slope_error})`, () => {
          expect(calibrationSlope(y, p)).toBeNaN();
          expect(calibrationIntercept(y, p)).toBeNaN();
        });
      } else {
        it('calibration slope', () => expect(Math.abs(calibrationSlope(y, p) - glm.calibration_slope)).toBeLessThanOrEqual(TIGHT_GLM));
        it('calibration intercept (calibration-in-the-large)', () =>
          expect(Math.abs(calibrationIntercept(y, p) - glm.calibration_intercept)).toBeLessThanOrEqual(TIGHT_GLM));
        const clipChangesNothing = Math.min(...p) >= 1e-15 && Math.max(...p) <= 1 - 1e-15;
        if (clipChangesNothing) it('calibration as the shared (clipped) reference, where its clipping changes no prediction', () => {
          expect(Math.abs(calibrationSlope(y, p) - v.calibration_slope)).toBeLessThanOrEqual(GLM);
          expect(Math.abs(calibrationIntercept(y, p) - v.calibration_intercept)).toBeLessThanOrEqual(GLM);
        });
      }
      for (const [key, expected] of Object.entries(v.net_benefit as Record<string, number>)) {
        const t = Number(key.slice(1));
        it(`net benefit at t = ${t}`, () => expect(Math.abs(netBenefit(y, p, t) - expected)).toBeLessThanOrEqual(CLOSED_FORM));
      }
    });
  }

  for (const v of (reference.values as any[]).filter((x) => x.delong_test)) {
    it(`${v.set}: paired DeLong test, ${v.delong_test}`, () => {
      const a = predictions(v.set, 'logistic_regression');
      const b = predictions(v.set, 'random_forest');
      expect(Array.from(a.y)).toEqual(Array.from(b.y));
      const t = delongTest(a.y, a.p, b.p);
      expect(Math.abs(t.z - v.z)).toBeLessThanOrEqual(CLOSED_FORM);
      expect(Math.abs(t.pValue - v.p_value)).toBeLessThanOrEqual(CLOSED_FORM);
    });
  }
});
