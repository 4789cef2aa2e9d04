import { describe, expect, it } from 'vitest';
import { censoringKaplanMeier, chiSquareUpperTail, kaplanMeier, kaplanMeierAt, logRankTest, normalCdf, survivalAt, survivalBefore } from '@radsweep/metrics';
import { externalCohort, linearPredictor, readCohort, reference } from './survival-reference';

/**
 * Kaplan-Meier and the log-rank test against R survival 3.5.3 (shared/reference/survival/rotterdam-gbsg.json):
 * `km_external` is summary(survfit(Surv(time, event) ~ 1, gbsg), times = ...) with conf.type "log";
 * `logrank_external` is survdiff on GBSG split at the median linear predictor of the Rotterdam cohort.
 * Tolerances: 1e-9 for the Kaplan-Meier values and CIs, 1e-6 for the chi-square (issue 10).
 */
const KM_TOL = 1e-9;
const external = externalCohort();

describe('Kaplan-Meier on the GBSG cohort (R survfit, conf.type "log")', () => {
  const km = kaplanMeier(external.time, external.event);
  const ref = reference.km_external;
  (ref.time as number[]).forEach((t, k) => {
    it(`at ${t} days: S, std.err, 95 % CI and number at risk`, () => {
      const p = kaplanMeierAt(km, t);
      expect(p.nRisk).toBe(ref.n_risk[k]);
      expect(Math.abs(p.survival - ref.surv[k])).toBeLessThanOrEqual(KM_TOL);
      expect(Math.abs(p.stdErr - ref.se[k])).toBeLessThanOrEqual(KM_TOL);
      expect(Math.abs(p.lower - ref.lower[k])).toBeLessThanOrEqual(KM_TOL);
      expect(Math.abs(p.upper - ref.upper[k])).toBeLessThanOrEqual(KM_TOL);
    });
  });

  it('is a right-continuous step function: S(t-) excludes the events at t', () => {
    const k = km.nEvent.findIndex((d) => d > 0);
    const t = km.time[k];
    expect(survivalBefore(km, t)).toBe(k === 0 ? 1 : km.survival[k - 1]);
    expect(survivalAt(km, t)).toBe(km.survival[k]);
    expect(survivalAt(km, 0)).toBe(1);
  });
});

describe('Kaplan-Meier by hand', () => {
  // times 1 2 2 3 4 with events 1 1 0 1 0: S = 4/5, 4/5 * 2/3, then * 1/2
  const time = Float64Array.from([1, 2, 2, 3, 4]);
  const event = Uint8Array.from([1, 1, 0, 1, 0]);
  it('product-limit values and Greenwood variance', () => {
    const km = kaplanMeier(time, event);
    expect(Array.from(km.time)).toEqual([1, 2, 3, 4]);
    expect(Array.from(km.nRisk)).toEqual([5, 4, 2, 1]);
    expect(km.survival[1]).toBeCloseTo((4 / 5) * (3 / 4), 15);
    expect(km.survival[2]).toBeCloseTo((4 / 5) * (3 / 4) * (1 / 2), 15);
    expect(km.stdErrLog[2] ** 2).toBeCloseTo(1 / 20 + 1 / 12 + 1 / 2, 14);
  });
  it('the censoring distribution swaps the roles; at a tie the events leave the risk set first (prodlim reverse)', () => {
    const g = censoringKaplanMeier(time, event);
    // censorings at 2 (4 with time >= 2, the event at 2 leaves first: 1 - 1/3) and 4 (1 at risk)
    expect(survivalAt(g, 1)).toBe(1);
    expect(survivalAt(g, 2)).toBeCloseTo(2 / 3, 15);
    expect(survivalAt(g, 4)).toBe(0);
  });
});

describe('log-rank test of risk groups (R survdiff)', () => {
  const train = linearPredictor(readCohort('rotterdam.csv'));
  const sorted = Float64Array.from(train).sort();
  const m = sorted.length;
  const median = m % 2 ? sorted[(m - 1) / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
  const ref = reference.logrank_external;

  it('the cut is the median linear predictor of the Rotterdam cohort', () => {
    expect(Math.abs(median - ref.cut_linear_predictor)).toBeLessThanOrEqual(1e-9);
  });
  it('chi-square within 1e-6 and its p-value', () => {
    const group = Int32Array.from(external.linearPredictor, (x) => (x > ref.cut_linear_predictor ? 1 : 0));
    expect(group.reduce((a, b) => a + b, 0)).toBe(ref.n_high);
    const test = logRankTest(external.time, external.event, group);
    expect(test.df).toBe(1);
    expect(Math.abs(test.chiSquare - ref.chisq)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(test.pValue - ref.p) / ref.p).toBeLessThanOrEqual(1e-6);
    const total = test.observed.reduce((a, b) => a + b, 0);
    expect(test.expected.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 9);
  });
});

describe('chi-square upper tail', () => {
  it('df = 1 equals the two-sided normal tail; df = 2 is exp(-x / 2)', () => {
    for (const x of [0.5, 3.84, 10, 52.2375748192111]) {
      const normal = 2 * normalCdf(-Math.sqrt(x));
      expect(Math.abs(chiSquareUpperTail(x, 1) - normal) / normal).toBeLessThan(1e-12);
      expect(Math.abs(chiSquareUpperTail(x, 2) - Math.exp(-x / 2)) / Math.exp(-x / 2)).toBeLessThan(1e-12);
    }
  });
});
