import { RadSweepInputError } from '@radsweep/core';

/**
 * Checks right-censored survival data for the metric named `metric`: `time` and `event` of the same
 * non-zero length, every time finite and >= 0, every event 0 (censored) or 1 (event of interest).
 * Returns the number of events. Throws RadSweepInputError naming the element, e.g. `time[17]`.
 */
export function checkSurvival(metric: string, time: Float64Array, event: Uint8Array): number {
  if (time.length !== event.length) {
    throw new RadSweepInputError(`${metric}: ${time.length} times but ${event.length} event indicators`, 'event');
  }
  if (time.length === 0) throw new RadSweepInputError(`${metric}: no patients (empty time)`, 'time');
  let events = 0;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (!Number.isFinite(t)) throw new RadSweepInputError(`${metric}: ${t} is not a finite time`, `time[${i}]`);
    if (t < 0) throw new RadSweepInputError(`${metric}: negative time ${t}`, `time[${i}]`);
    const e = event[i];
    if (e > 1) throw new RadSweepInputError(`${metric}: event ${e}, expected 0 (censored) or 1 (event)`, `event[${i}]`);
    events += e;
  }
  return events;
}

/** Checks one value per patient (`name`, e.g. a risk score), all finite. */
export function checkPerPatient(metric: string, name: string, values: Float64Array, n: number): void {
  if (values.length !== n) throw new RadSweepInputError(`${metric}: ${n} patients but ${values.length} ${name}`, name);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new RadSweepInputError(`${metric}: ${values[i]} is not a finite number`, `${name}[${i}]`);
  }
}

/** Checks predicted probabilities (risk or survival at a horizon), each in [0, 1]. */
export function checkProbabilities(metric: string, name: string, values: Float64Array, n: number): void {
  checkPerPatient(metric, name, values, n);
  for (let i = 0; i < n; i++) {
    if (values[i] < 0 || values[i] > 1) throw new RadSweepInputError(`${metric}: ${values[i]} is not a probability in [0, 1]`, `${name}[${i}]`);
  }
}

/**
 * Checks a horizon: finite, > 0 and not past the last follow-up time (beyond it nobody is observed, so
 * IPCW weights and Kaplan-Meier values are undefined). `name` is the argument's name ('horizon', 'tau').
 */
export function checkHorizon(metric: string, horizon: number, time: Float64Array, name = 'horizon'): void {
  if (!Number.isFinite(horizon) || horizon <= 0) throw new RadSweepInputError(`${metric}: ${name} ${horizon} must be a positive finite time`, name);
  let last = -Infinity;
  for (let i = 0; i < time.length; i++) if (time[i] > last) last = time[i];
  if (horizon > last) {
    throw new RadSweepInputError(`${metric}: ${name} ${horizon} is past the last follow-up time ${last}`, name);
  }
}

/** Patient indices sorted by increasing time; at tied times events come before censorings (R's order(time, -status)). */
export function orderByTime(time: Float64Array, event: Uint8Array): Int32Array {
  const idx = Int32Array.from({ length: time.length }, (_, i) => i);
  return idx.sort((a, b) => time[a] - time[b] || event[b] - event[a] || a - b);
}
