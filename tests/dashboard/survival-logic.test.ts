import { describe, expect, it } from 'vitest';
import type { DecisionCurveAtHorizon, RiskGroupCurve, SurvivalLeaderboardRow } from '@radsweep/api-contract';
import { DEFAULT_SORT, sortSurvivalRows, survivalColumns } from '../../apps/dashboard/src/survival/leaderboard-columns';
import { numbersAtRisk } from '../../apps/dashboard/src/survival/numbers-at-risk';
import { aucOverTimeSeries, calibrationSeries, decisionSeries, GROUP_DASHES, horizonsOf, riskGroupSeries } from '../../apps/dashboard/src/survival/overlay';
import { kaplanMeierSteps } from '../../apps/dashboard/src/survival/step-curve';
import { survivalAtTimes } from '../../apps/dashboard/src/survival/survival-at';
import { timeTicks } from '../../apps/dashboard/src/survival/time-ticks';
import { PALETTE } from '../../apps/dashboard/src/series';

/**
 * Five patients (time, event): (2, 1), (3, 1), (3, 0), (5, 1), (8, 0). By hand: S(2) = 4/5 = 0.8,
 * S(3) = 0.8 * 3/4 = 0.6 (4 at risk, 1 event, 1 censored), S(5) = 0.6 * 1/2 = 0.3, S(8) = 0.3 (a censoring);
 * at risk (time >= t): 5 at 0 and 2, 4 at 3, 2 at 5, 1 at 8. Stored as the contract says: from time 0 with S = 1.
 */
const FIVE = { time: [0, 2, 3, 5, 8], survival: [1, 0.8, 0.6, 0.3, 0.3], nRisk: [5, 5, 4, 2, 1] };

function group(g: number, label: string, overrides: Partial<RiskGroupCurve> = {}): RiskGroupCurve {
  return { group: g, label, n: 5, events: 3, ...FIVE, lower: [1, 0.5, 0.3, 0.1, 0.1], upper: [1, 1, 0.9, 0.7, 0.7], atRisk: [5, 1], ...overrides };
}

describe('Kaplan-Meier step curve', () => {
  it('steps right-continuously: horizontal at the old level to each event time, then down; censor-only times add nothing; carried to the last time', () => {
    const s = kaplanMeierSteps(FIVE);
    expect(s.x).toEqual([0, 2, 2, 3, 3, 5, 5, 8]);
    expect(s.y).toEqual([1, 1, 0.8, 0.8, 0.6, 0.6, 0.3, 0.3]);
    expect(s.lower).toEqual([]); // no interval stored
    expect(kaplanMeierSteps(FIVE, { end: 10 }).x.at(-1)).toBe(10);
    expect(kaplanMeierSteps(FIVE, { end: 10 }).y.at(-1)).toBe(0.3);
  });

  it('steps the interval at the same x, [1, 1] before the first event; a null limit (S = 0) stays null', () => {
    const s = kaplanMeierSteps({ time: [0, 2, 4], survival: [1, 0.5, 0], lower: [1, 0.2, null], upper: [1, 0.9, null] });
    expect(s.x).toEqual([0, 2, 2, 4, 4]);
    expect(s.y).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(s.lower).toEqual([1, 1, 0.2, 0.2, null]);
    expect(s.upper).toEqual([1, 1, 0.9, 0.9, null]);
  });

  it('refuses times that do not increase, lie before the start, or arrays of other lengths', () => {
    expect(() => kaplanMeierSteps({ time: [0, 3, 3], survival: [1, 0.5, 0.4] })).toThrow(/times must increase \(index 2/);
    expect(() => kaplanMeierSteps({ time: [-1, 3], survival: [1, 0.5] })).toThrow(/time -1 at index 0 lies before the start 0/);
    expect(() => kaplanMeierSteps({ time: [0, 3], survival: [1] })).toThrow(/2 times but 1 survival values/);
    expect(() => kaplanMeierSteps({ time: [0, 3], survival: [1, 0.5], lower: [1], upper: [1, 1] })).toThrow(/2 times but 1 lower values/);
  });
});

describe('survival read at times', () => {
  it('is the value at the last stored time <= t (events at t counted), 1 before any, the last value carried past the end', () => {
    const curve = { ...FIVE, lower: [1, 0.5, 0.3, 0.1, 0.1], upper: [1, 1, 0.9, 0.7, 0.7] };
    expect(survivalAtTimes(curve, [0, 1.5, 2, 4, 5, 8, 20]).map((r) => [r.survival, r.lower, r.upper])).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [0.8, 0.5, 1],
      [0.6, 0.3, 0.9],
      [0.3, 0.1, 0.7],
      [0.3, 0.1, 0.7],
      [0.3, 0.1, 0.7],
    ]);
    expect(survivalAtTimes({ time: [3], survival: [0.5] }, [1, 3])).toEqual([{ time: 1, survival: 1, lower: 1, upper: 1 }, { time: 3, survival: 0.5, lower: null, upper: null }]);
  });
});

describe('numbers at risk (survminer: patients with time >= tick)', () => {
  it('counts the patients with time >= each tick, the patients exactly at a tick included, 0 past the last time', () => {
    // by hand from the five times 2, 3, 3, 5, 8
    expect(numbersAtRisk(FIVE, [0, 2, 2.5, 3, 5, 6, 8, 9])).toEqual([5, 5, 4, 4, 2, 1, 1, 0]);
  });

  it('refuses a curve whose arrays differ in length', () => {
    expect(() => numbersAtRisk({ time: [0, 1], nRisk: [3] }, [0])).toThrow(/2 times but 1 numbers at risk/);
  });
});

describe('time ticks', () => {
  it('are 0 and multiples of a 1, 2, 2.5 or 5 step up to the maximum, at most six intervals', () => {
    expect(timeTicks(1826)).toEqual([0, 500, 1000, 1500]); // 1826 / 6 = 304 -> step 500
    expect(timeTicks(2400)).toEqual([0, 500, 1000, 1500, 2000]); // 400 -> 500
    expect(timeTicks(10)).toEqual([0, 2, 4, 6, 8, 10]); // 1.67 -> 2, 10 included
    expect(timeTicks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(timeTicks(1200)).toEqual([0, 200, 400, 600, 800, 1000, 1200]); // exactly 200 = 1200 / 6
    expect(timeTicks(0)).toEqual([0]);
    expect(timeTicks(7, 3)).toEqual([0, 2.5, 5]); // 7 / 3 = 2.33 -> 2.5; 7.5 would pass the maximum
    expect(() => timeTicks(-1)).toThrow(/max -1/);
  });
});

describe('overlay datasets', () => {
  it('one model: per risk group its interval (lower, upper) and curve in the group colour; several: model colour, group dash, no interval', () => {
    const one = riskGroupSeries([{ name: 'Cox', data: [group(0, 'low'), group(1, 'high')] }], 10);
    expect(one.map((s) => [s.label, s.band ?? 'curve', s.colour])).toEqual([
      ['low (n = 5, 3 events) lower', 'lower', PALETTE[0]],
      ['low (n = 5, 3 events) upper', 'upper', PALETTE[0]],
      ['low (n = 5, 3 events)', 'curve', PALETTE[0]],
      ['high (n = 5, 3 events) lower', 'lower', PALETTE[1]],
      ['high (n = 5, 3 events) upper', 'upper', PALETTE[1]],
      ['high (n = 5, 3 events)', 'curve', PALETTE[1]],
    ]);
    expect(one[2].x).toEqual([0, 2, 2, 3, 3, 5, 5, 10]);
    expect(one[0].y).toEqual([1, 1, 0.5, 0.5, 0.3, 0.3, 0.1, 0.1]);
    const two = riskGroupSeries([
      { name: 'Cox', data: [group(0, 'low'), group(1, 'high')] },
      { name: 'RSF', data: [group(0, 'low'), group(1, 'high')] },
    ]);
    expect(two.map((s) => [s.label, s.colour, s.dash, s.band])).toEqual([
      ['Cox · low', PALETTE[0], GROUP_DASHES[0], undefined],
      ['Cox · high', PALETTE[0], GROUP_DASHES[1], undefined],
      ['RSF · low', PALETTE[1], GROUP_DASHES[0], undefined],
      ['RSF · high', PALETTE[1], GROUP_DASHES[1], undefined],
    ]);
  });

  it('td-AUC over time: each model its interval and curve in its colour, then the 0.5 line over the times shown; a model without points is skipped', () => {
    const pts = (shift: number) => [100, 200].map((time, k) => ({ time, estimate: 0.7 + shift + k / 100, stdErr: 0.02, lower: 0.6 + shift, upper: 0.8 + shift }));
    const s = aucOverTimeSeries([{ name: 'A', data: pts(0) }, { name: 'B', data: [] }, { name: 'C', data: pts(0.05) }]);
    expect(s.map((x) => [x.label, x.colour, x.band])).toEqual([
      ['A lower', PALETTE[0], 'lower'],
      ['A upper', PALETTE[0], 'upper'],
      ['A', PALETTE[0], undefined],
      ['C lower', PALETTE[2], 'lower'],
      ['C upper', PALETTE[2], 'upper'],
      ['C', PALETTE[2], undefined],
      ['chance (0.5)', '#888888', undefined],
    ]);
    expect(s[5].y).toEqual([0.75, 0.76]);
    expect(s[3].y).toEqual([0.65, 0.65]);
    expect(s[6]).toMatchObject({ x: [100, 200], y: [0.5, 0.5] });
    expect(aucOverTimeSeries([{ name: 'A', data: [] }])).toEqual([]);
  });

  it('calibration: predicted vs observed risk per model at a horizon, the diagonal last; a model without that horizon is left out', () => {
    const cal = { horizon: 365, points: [{ group: 1, n: 10, meanPredictedRisk: 0.1, observedRisk: 0.12, observedLower: 0.02, observedUpper: 0.3 }, { group: 2, n: 10, meanPredictedRisk: 0.4, observedRisk: 0.35, observedLower: 0.2, observedUpper: 0.5 }], slope: { horizon: 365, slope: 0.9, stdErr: 0.1 } };
    const s = calibrationSeries([{ name: 'A', data: undefined }, { name: 'B', data: cal }]);
    cal.points.splice(1, 0, { group: 2, n: 0, meanPredictedRisk: NaN, observedRisk: NaN, observedLower: NaN, observedUpper: NaN }); // an empty group: no point
    expect(calibrationSeries([{ name: 'A', data: undefined }, { name: 'B', data: cal }])).toEqual(s);
    expect(s).toEqual([
      { label: 'B', x: [0.1, 0.4], y: [0.12, 0.35], colour: PALETTE[1], points: true },
      { label: 'perfect calibration', x: [0, 1], y: [0, 1], colour: '#888888', dashed: true },
    ]);
  });

  it('decision curves: one treat-all line for models on the same patients, one per model when the patients differ; treat none at 0', () => {
    const dc = (treatAll: number[]): DecisionCurveAtHorizon => ({ horizon: 1826, points: [0.1, 0.2].map((threshold, k) => ({ threshold, model: [0.3, 0.2][k], treatAll: treatAll[k] })) });
    const same = decisionSeries([{ name: 'A', data: dc([0.25, 0.15]) }, { name: 'B', data: dc([0.25, 0.15]) }]);
    expect(same.map((s) => s.label)).toEqual(['A', 'B', 'treat all', 'treat none']);
    expect(same[0].y).toEqual([0.3, 0.2]);
    expect(same[2].y).toEqual([0.25, 0.15]);
    expect(same[3]).toMatchObject({ x: [0.1, 0.2], y: [0, 0] });
    const other = decisionSeries([{ name: 'A', data: dc([0.25, 0.15]) }, { name: 'B', data: undefined }, { name: 'C', data: dc([0.2, 0.1]) }]);
    expect(other.map((s) => [s.label, s.colour])).toEqual([
      ['A', PALETTE[0]],
      ['C', PALETTE[2]],
      ['treat all (patients of A)', PALETTE[0]],
      ['treat all (patients of C)', PALETTE[2]],
      ['treat none', '#000000'],
    ]);
    expect(decisionSeries([{ name: 'A', data: undefined }])).toEqual([]);
  });

  it('horizonsOf lists each horizon once, increasing', () => {
    expect(horizonsOf([[{ horizon: 1826 }, { horizon: 365 }], [{ horizon: 365 }, { horizon: 1096 }], []])).toEqual([365, 1096, 1826]);
  });
});

describe('survival leaderboard sort', () => {
  const row = (id: string, featureSet: string, cv: number, ibs: number | null, auc365: number | null): SurvivalLeaderboardRow => ({
    id, runId: 'r', endpoint: 'recurrence', featureSet, model: id, label: id.toUpperCase(), bestParams: null, cvCIndex: cv, cvCIndexSd: 0.01,
    testHarrellC: null, testUnoC: null,
    tdAuc: auc365 === null ? [] : [{ horizon: 365, estimate: auc365, stdErr: 0.02, lower: auc365 - 0.04, upper: auc365 + 0.04 }],
    ibs: ibs === null ? null : { estimate: ibs, nullEstimate: 0.2 }, calibrationSlope: null, calibrationSlopeAtHorizon: [], atHorizon: null, best: false, error: null,
  });
  const rows = [row('a', 'all', 0.7, 0.15, 0.72), row('b', 'all', 0.68, null, 0.75), row('c', 'shape', 0.7, 0.14, null), row('d', 'shape', 0.6, 0.15, 0.72)];
  const cols = survivalColumns([365, 1826]);
  const col = (key: string) => cols.find((c) => c.key === key)!;

  it('has a td-AUC column per horizon, and IBS (lower is better) sorts ascending first', () => {
    expect(cols.map((c) => c.key)).toEqual(['featureSet', 'model', 'cvCIndex', 'harrellC', 'unoC', 'tdAuc@365', 'tdAuc@1826', 'ibs', 'calibrationSlope']);
    expect(col('ibs').ascending).toBe(true);
    expect(col(DEFAULT_SORT).ascending).toBe(false);
    expect(col('ibs').text(rows[0])).toBe('0.150 (0.200)');
    expect(col('tdAuc@365').text(rows[0])).toBe('0.720 (0.680–0.760)');
    expect(col('tdAuc@1826').text(rows[0])).toBe('–');
  });

  it('sorts by a column either way, missing values last both ways, equal values in the order they came', () => {
    const ids = (key: string, order: 'asc' | 'desc') => sortSurvivalRows(rows, col(key), order).map((r) => r.id);
    expect(ids('ibs', 'asc')).toEqual(['c', 'a', 'd', 'b']);
    expect(ids('ibs', 'desc')).toEqual(['a', 'd', 'c', 'b']);
    expect(ids('tdAuc@365', 'desc')).toEqual(['b', 'a', 'd', 'c']);
    expect(ids('tdAuc@365', 'asc')).toEqual(['a', 'd', 'b', 'c']);
    expect(ids('cvCIndex', 'desc')).toEqual(['a', 'c', 'b', 'd']);
    expect(ids('model', 'desc')).toEqual(['d', 'c', 'b', 'a']);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']); // not sorted in place
  });
});

describe('numbers at risk against a direct count', () => {
  it('equal the count of patients with time >= tick on a seeded cohort with ties, read from the Kaplan-Meier curve of libs/metrics', async () => {
    const { kaplanMeier } = await import('@radsweep/metrics');
    let state = 2024;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const time = Float64Array.from({ length: 300 }, () => 1 + Math.floor(next() * 400)); // days 1..400, many ties
    const event = Uint8Array.from({ length: 300 }, () => (next() < 0.6 ? 1 : 0));
    const km = kaplanMeier(time, event);
    const curve = { time: [...km.time], nRisk: [...km.nRisk] };
    const ticks = [0, 1, 50, 100, 137, 200, 250.5, 300, 399, 400, 401];
    expect(numbersAtRisk(curve, ticks)).toEqual(ticks.map((t) => time.filter((x) => x >= t).length));
  });
});
