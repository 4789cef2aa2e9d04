import { describe, expect, it } from 'vitest';
import { RadSweepInputError } from '@radsweep/core';
import { getSurvivalModelSpec, listSurvivalModels, resolveSurvivalParams } from '@radsweep/survival';
import { simulateSurvival } from './support/synthetic';

/** Bad survival outcomes are refused by every registered model with a RadSweepInputError naming the argument and row. */
const { x, time, event } = simulateSurvival(40, 3, 9);

const cases: { name: string; time?: (t: Float64Array) => ArrayLike<number>; event?: (e: Uint8Array) => ArrayLike<number>; message: RegExp }[] = [
  { name: 'a negative time', time: (t) => t.map((v, i) => (i === 4 ? -3 : v)), message: /\.time: negative time -3 at row 4/ },
  { name: 'a missing time (NaN)', time: (t) => t.map((v, i) => (i === 6 ? NaN : v)), message: /\.time: missing time at row 6/ },
  { name: 'an infinite time', time: (t) => t.map((v, i) => (i === 2 ? Infinity : v)), message: /\.time: infinite time at row 2/ },
  { name: 'an event code that is not 0/1', event: (e) => Array.from(e, (v, i) => (i === 7 ? 2 : v)), message: /\.event: event code 2 at row 7: expected 1 \(event\) or 0 \(censored\)/ },
  { name: 'a missing event code', event: (e) => Array.from(e, (v, i) => (i === 1 ? NaN : v)), message: /\.event: missing event code at row 1/ },
  { name: 'no events in the training data', event: (e) => new Uint8Array(e.length), message: /\.event: no events among the 40 training rows/ },
  { name: 'fewer times than rows', time: (t) => t.slice(0, 39), message: /\.time: 39 times for 40 rows of x/ },
];

for (const spec of listSurvivalModels()) {
  describe(`bad survival input: ${spec.id}`, () => {
    for (const c of cases) {
      it(`refuses ${c.name}`, () => {
        const m = spec.create(resolveSurvivalParams(spec.id, spec.conformanceParams ?? {}), 1);
        const t = c.time ? c.time(time.slice()) : time;
        const e = c.event ? c.event(event.slice()) : event;
        let thrown: unknown;
        try {
          m.fit(x, t, e);
        } catch (err) {
          thrown = err;
        }
        expect(thrown).toBeInstanceOf(RadSweepInputError);
        expect((thrown as Error).message).toMatch(new RegExp(`^${spec.id}${c.message.source}`));
        expect(m.fitted).toBe(false);
      });
    }
  });
}

describe('bad covariates for Cox PH', () => {
  it('a constant covariate is refused by name unless a ridge penalty makes the fit unique', () => {
    const xc = { ...x, data: x.data.map((v, k) => (k % x.cols === 1 ? 5 : v)) };
    const make = (l2: number) => getSurvivalModelSpec('cox_ph').create(resolveSurvivalParams('cox_ph', { l2 }), 1);
    expect(() => make(0).fit(xc, time, event)).toThrow(/^cox_ph\.x: the Cox information matrix is singular/);
    expect(make(1).fit(xc, time, event).predictRisk(xc).every(Number.isFinite)).toBe(true);
  });
});
