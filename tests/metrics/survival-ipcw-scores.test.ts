import { describe, expect, it } from 'vitest';
import { brierScoreAt, integratedBrierScore, nullBrierScoreAt, timeDependentAuc } from '@radsweep/metrics';
import { efronSurvival, externalCohort, HORIZON, reference } from './survival-reference';

/**
 * Time-dependent AUC, Brier score and integrated Brier score against riskRegression 2022.11.28
 * (shared/reference/survival/rotterdam-gbsg.json): Score(cens.model = "km") on GBSG with the reference Cox
 * model's predicted risks; se from riskRegression's influence functions. Issue 10 asks 1e-4; the port
 * agrees to about 1e-15, so the test holds it to 1e-9 (a tie convention in G alone moves the Brier 7e-5). The
 * predicted survival at the 60 IBS times comes from the reference coefficients (survival-reference.ts),
 * checked first against R's 5-year predictions.
 */
const TOL = 1e-9;
const external = externalCohort();

function expectScore(got: { estimate: number; stdErr: number; lower: number; upper: number }, want: any, key: string) {
  expect(Math.abs(got.estimate - want[key])).toBeLessThanOrEqual(TOL);
  expect(Math.abs(got.stdErr - want.se)).toBeLessThanOrEqual(TOL);
  expect(Math.abs(got.lower - want.lower)).toBeLessThanOrEqual(TOL);
  expect(Math.abs(got.upper - want.upper)).toBeLessThanOrEqual(TOL);
}

describe('IPCW scores at 5 years on GBSG against riskRegression::Score', () => {
  it('time-dependent AUC (cumulative/dynamic) with its 95 % CI', () => {
    expectScore(timeDependentAuc(external.time, external.event, external.risk5y, HORIZON), reference.auc_5y, 'AUC');
  });
  it('the AUC depends only on the ranking: the linear predictor gives the same value and SE', () => {
    const a = timeDependentAuc(external.time, external.event, external.risk5y, HORIZON);
    const b = timeDependentAuc(external.time, external.event, external.linearPredictor, HORIZON);
    expect(b.estimate).toBeCloseTo(a.estimate, 12);
    expect(b.stdErr).toBeCloseTo(a.stdErr, 12);
  });
  it('Brier score of the Cox model with its 95 % CI', () => {
    expectScore(brierScoreAt(external.time, external.event, external.risk5y, HORIZON), reference.brier_5y.cox, 'Brier');
  });
  it('Brier score of the null (Kaplan-Meier) model with its 95 % CI', () => {
    expectScore(nullBrierScoreAt(external.time, external.event, HORIZON), reference.brier_5y['Null model'], 'Brier');
  });
});

describe('integrated Brier score over 30..1800 days', () => {
  const times: number[] = reference.ibs.times;
  it('the survival predictions rebuilt from the reference coefficients equal R at 5 years (1e-6)', () => {
    const [s5] = efronSurvival(external.linearPredictor, [HORIZON]);
    let worst = 0;
    for (let i = 0; i < s5.length; i++) worst = Math.max(worst, Math.abs(s5[i] - external.survival5y[i]));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });
  it('IBS of the Cox model and of the null model', () => {
    const risks = efronSurvival(external.linearPredictor, times).map((s) => s.map((v) => 1 - v));
    const ibs = integratedBrierScore(external.time, external.event, risks, times);
    expect(Math.abs(ibs.ibs - reference.ibs.cox)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(ibs.nullIbs - reference.ibs.null)).toBeLessThanOrEqual(TOL);
    expect(ibs.ibs).toBeLessThan(ibs.nullIbs);
  });
});
