import { RadSweepInputError } from '@radsweep/core';

/** A recalibration as a validation request asks it. */
export interface RecalibrationRequest {
  method: 'intercept' | 'intercept-slope';
  fitOn: { column: string; value: string };
}

/** Checks a request's `recalibration` (an object of unknown shape), naming the field that is wrong. */
export function recalibrationRequest(sent: object | undefined): RecalibrationRequest | undefined {
  if (sent === undefined || sent === null) return undefined;
  const raw = sent as Record<string, unknown>;
  const method = raw.method;
  if (method !== 'intercept' && method !== 'intercept-slope') {
    throw new RadSweepInputError(`expected 'intercept' or 'intercept-slope', got ${JSON.stringify(method)}`, 'recalibration.method');
  }
  const fitOn = raw.fitOn as Record<string, unknown> | undefined;
  if (!fitOn || typeof fitOn !== 'object' || typeof fitOn.column !== 'string' || fitOn.column === '') {
    throw new RadSweepInputError('name the rows the recalibration is fitted on: {column, value}', 'recalibration.fitOn');
  }
  const value = fitOn.value;
  if (typeof value !== 'string' && typeof value !== 'number') throw new RadSweepInputError('expected a text or number value', 'recalibration.fitOn.value');
  const extra = Object.keys(raw).filter((k) => k !== 'method' && k !== 'fitOn');
  if (extra.length > 0) throw new RadSweepInputError(`unknown key${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`, 'recalibration');
  return { method, fitOn: { column: fitOn.column, value: String(value) } };
}
