import { describe, expect, it } from 'vitest';
import { RadSweepInputError } from '@radsweep/core';
import {
  brierScoreAt,
  calibrationAtHorizon,
  harrellC,
  integratedBrierScore,
  kaplanMeier,
  logRankTest,
  riskGroupCutoffs,
  survivalDecisionCurve,
  timeDependentAuc,
  unoC,
} from '@radsweep/metrics';

/** Bad survival input gets a RadSweepInputError whose `where` names the argument (and element). */
const time = Float64Array.from([5, 8, 12, 20, 25, 30]);
const event = Uint8Array.from([1, 0, 1, 1, 0, 1]);
const risk = Float64Array.from([0.9, 0.2, 0.7, 0.5, 0.1, 0.3]);

function expectInputError(run: () => unknown, where: string, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RadSweepInputError);
  expect((caught as RadSweepInputError).where).toBe(where);
  expect((caught as Error).message).toMatch(message);
}

describe('survival metrics refuse bad input by name', () => {
  it('a negative time', () => {
    const bad = Float64Array.from(time);
    bad[2] = -1;
    expectInputError(() => kaplanMeier(bad, event), 'time[2]', /negative time -1/);
    expectInputError(() => harrellC(bad, event, risk), 'time[2]', /harrellC: negative time/);
  });
  it('a missing (NaN) or infinite time', () => {
    const bad = Float64Array.from(time);
    bad[4] = NaN;
    expectInputError(() => brierScoreAt(bad, event, risk, 10), 'time[4]', /brierScoreAt: NaN is not a finite time/);
    bad[4] = Infinity;
    expectInputError(() => timeDependentAuc(bad, event, risk, 10), 'time[4]', /not a finite time/);
  });
  it('an event code other than 0/1', () => {
    const bad = Uint8Array.from(event);
    bad[1] = 2;
    expectInputError(() => unoC(time, bad, risk, 20), 'event[1]', /event 2, expected 0 \(censored\) or 1 \(event\)/);
    expectInputError(() => logRankTest(time, bad, Int32Array.from([0, 0, 0, 1, 1, 1])), 'event[1]', /logRankTest/);
  });
  it('a horizon past the last follow-up', () => {
    expectInputError(() => brierScoreAt(time, event, risk, 31), 'horizon', /horizon 31 is past the last follow-up time 30/);
    expectInputError(() => timeDependentAuc(time, event, risk, 100), 'horizon', /past the last follow-up/);
    expectInputError(() => calibrationAtHorizon(time, event, risk, 40), 'horizon', /past the last follow-up/);
    expectInputError(() => survivalDecisionCurve(time, event, risk, 40, [0.1]), 'horizon', /past the last follow-up/);
    expectInputError(() => unoC(time, event, risk, 45), 'tau', /tau 45 is past the last follow-up/);
    expectInputError(() => integratedBrierScore(time, event, [risk, risk], [10, 35]), 'times[1]', /times\[1\] 35 is past/);
  });
  it('a horizon that is not a positive time', () => {
    expectInputError(() => brierScoreAt(time, event, risk, 0), 'horizon', /must be a positive finite time/);
    expectInputError(() => timeDependentAuc(time, event, risk, NaN), 'horizon', /must be a positive finite time/);
  });
  it('predictions of the wrong length, not finite, or not probabilities', () => {
    expectInputError(() => harrellC(time, event, risk.subarray(1)), 'risk', /6 patients but 5 risk/);
    const nan = Float64Array.from(risk);
    nan[3] = NaN;
    expectInputError(() => harrellC(time, event, nan), 'risk[3]', /not a finite number/);
    const big = Float64Array.from(risk);
    big[0] = 1.5;
    expectInputError(() => brierScoreAt(time, event, big, 10), 'risk[0]', /not a probability/);
    expectInputError(() => kaplanMeier(time, event.subarray(1)), 'event', /6 times but 5 event indicators/);
  });
  it('data that cannot give the metric: no event, no case or control at the horizon, one group', () => {
    expectInputError(() => harrellC(time, new Uint8Array(6), risk), 'event', /no comparable pair/);
    expectInputError(() => timeDependentAuc(time, event, risk, 3), 'horizon', /no event by the horizon 3/);
    expectInputError(() => timeDependentAuc(time, event, risk, 30), 'horizon', /nobody is followed beyond the horizon 30/);
    expectInputError(() => logRankTest(time, event, new Int32Array(6)), 'group', /needs at least two groups/);
    expectInputError(() => riskGroupCutoffs(risk, 'quartiles' as never), 'split', /'median' or 'tertiles'/);
  });
});
