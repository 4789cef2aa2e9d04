import { readFileSync } from 'node:fs';
import { readJson, sharedPath } from '../support/shared';

/**
 * The Rotterdam (development) and GBSG (external) cohorts of ../shared/data/survival and the R reference
 * values of ../shared/reference/survival/rotterdam-gbsg.json, read independently of libs/survival.
 */
export const reference = readJson('reference', 'survival', 'rotterdam-gbsg.json');
export const FEATURES: string[] = reference.features;
export const HORIZON: number = reference.horizon_days;

export interface Cohort {
  readonly id: Float64Array;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  readonly columns: Map<string, Float64Array>;
}

export function readCohort(file: 'rotterdam.csv' | 'gbsg.csv'): Cohort {
  const lines = readFileSync(sharedPath('data', 'survival', file), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const columns = new Map(header.map((h, j) => [h, Float64Array.from(rows, (r) => r[j])]));
  return { id: columns.get('id')!, time: columns.get('time')!, event: Uint8Array.from(columns.get('event')!), columns };
}

/** x * beta with the reference's Efron coefficients, no centring (the reference's `baseline_note`). */
export function linearPredictor(cohort: Cohort): Float64Array {
  const lp = new Float64Array(cohort.time.length);
  for (const f of FEATURES) {
    const beta: number = reference.cox_efron.coef[f];
    const x = cohort.columns.get(f)!;
    for (let i = 0; i < lp.length; i++) lp[i] += beta * x[i];
  }
  return lp;
}

/** The GBSG patients in the order of the reference's `external_predictions`, with R's predictions. */
export function externalCohort() {
  const gbsg = readCohort('gbsg.csv');
  const row = new Map(Array.from(gbsg.id, (id, i) => [id, i]));
  const preds: any[] = reference.external_predictions;
  const rows = preds.map((p) => row.get(p.id)!);
  return {
    time: Float64Array.from(rows, (r) => gbsg.time[r]),
    event: Uint8Array.from(rows, (r) => gbsg.event[r]),
    linearPredictor: Float64Array.from(preds, (p) => p.linear_predictor),
    survival5y: Float64Array.from(preds, (p) => p.survival_5y),
    risk5y: Float64Array.from(preds, (p) => p.risk_5y),
  };
}

/**
 * Predicted survival of each patient at each of `times` from the reference Efron Cox fit on Rotterdam, as
 * R's survfit.coxph computes it for an Efron fit (ctype 2): H0(t) = sum over event times s <= t with d
 * events of sum_{k=0}^{d-1} 1 / (sum_{risk set} r - (k / d) sum_{events at s} r), r = exp(x beta),
 * S(t | x) = exp(-H0(t) exp(x beta)). Written here so the metrics are tested apart from libs/survival;
 * the test checks it reproduces the reference's 5-year survival.
 */
export function efronSurvival(lpNew: Float64Array, times: number[]): Float64Array[] {
  const train = readCohort('rotterdam.csv');
  const lp = linearPredictor(train);
  const n = lp.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => train.time[b] - train.time[a]);
  // walk from the latest time down, accumulating the risk set; record the hazard jump at each event time
  const jumps: Array<[number, number]> = [];
  let riskSum = 0;
  for (let i = 0; i < n; ) {
    const t = train.time[order[i]];
    let j = i;
    let deathRisk = 0;
    let d = 0;
    for (; j < n && train.time[order[j]] === t; j++) {
      const r = Math.exp(lp[order[j]]);
      riskSum += r;
      if (train.event[order[j]] === 1) {
        deathRisk += r;
        d++;
      }
    }
    if (d > 0) {
      let h = 0;
      for (let k = 0; k < d; k++) h += 1 / (riskSum - (k / d) * deathRisk);
      jumps.push([t, h]);
    }
    i = j;
  }
  jumps.reverse();
  return times.map((t) => {
    let h0 = 0;
    for (const [s, h] of jumps) if (s <= t) h0 += h;
    return Float64Array.from(lpNew, (x) => Math.exp(-h0 * Math.exp(x)));
  });
}
