import { Matrix, RadSweepInputError, firstNonFinite } from '@radsweep/core';

/** Validated survival outcome: follow-up times (>= 0) and event indicators (1 event, 0 censored). */
export interface SurvivalOutcome {
  readonly time: Float64Array;
  readonly event: Uint8Array;
  /** Number of rows with event = 1. */
  readonly events: number;
}

/**
 * Checks a training set (x, time, event) and names what is wrong: the argument
 * (`x`, `time`, `event`) and the row. `model` prefixes the place, e.g. `cox_ph.time`.
 */
export function checkSurvivalData(x: Matrix, time: ArrayLike<number>, event: ArrayLike<number>, model: string): SurvivalOutcome {
  if (time.length !== x.rows) throw new RadSweepInputError(`${time.length} times for ${x.rows} rows of x`, `${model}.time`);
  if (event.length !== x.rows) throw new RadSweepInputError(`${event.length} event codes for ${x.rows} rows of x`, `${model}.event`);
  if (x.rows === 0) throw new RadSweepInputError('no training rows', `${model}.x`);
  checkFeatures(x, model);
  const t = new Float64Array(x.rows);
  const e = new Uint8Array(x.rows);
  let events = 0;
  for (let i = 0; i < x.rows; i++) {
    const ti = time[i];
    if (ti === null || ti === undefined || Number.isNaN(ti)) throw new RadSweepInputError(`missing time at row ${i}`, `${model}.time`);
    if (!Number.isFinite(ti)) throw new RadSweepInputError(`infinite time at row ${i}`, `${model}.time`);
    if (ti < 0) throw new RadSweepInputError(`negative time ${ti} at row ${i}`, `${model}.time`);
    const ei = event[i];
    if (ei !== 0 && ei !== 1) {
      const what = ei === null || ei === undefined || Number.isNaN(ei) ? 'missing event code' : `event code ${ei}`;
      throw new RadSweepInputError(`${what} at row ${i}: expected 1 (event) or 0 (censored)`, `${model}.event`);
    }
    t[i] = ti;
    e[i] = ei;
    events += ei;
  }
  if (events === 0) throw new RadSweepInputError(`no events among the ${x.rows} training rows: a survival model cannot be fitted`, `${model}.event`);
  return { time: t, event: e, events };
}

/** Refuses NaN or infinite features, naming row and column. */
export function checkFeatures(x: Matrix, model: string): void {
  const bad = firstNonFinite(x);
  if (bad >= 0) {
    const r = Math.floor(bad / x.cols);
    throw new RadSweepInputError(`non-finite value (NaN or infinity) at row ${r}, column ${bad - r * x.cols}: impute first`, `${model}.x`);
  }
}

/** Checks prediction times: finite and >= 0. */
export function checkTimes(times: ArrayLike<number>, model: string): Float64Array {
  const out = new Float64Array(times.length);
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    if (!Number.isFinite(t) || t < 0) throw new RadSweepInputError(`prediction time ${t} at position ${k} is not a finite time >= 0`, `${model}.times`);
    out[k] = t;
  }
  return out;
}
