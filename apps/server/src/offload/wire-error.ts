import { RadSweepInputError } from '@radsweep/core';
import { LimitExceededError } from '../http/limit.error';

/** An error as it crosses from a request-work thread to the API thread (class and fields kept, so the HTTP mapping is the same). */
export type WireError =
  | { kind: 'input'; message: string; where?: string }
  | { kind: 'limit'; status: 413 | 422; message: string }
  | { kind: 'other'; message: string; stack?: string };

export function errorToWire(e: unknown): WireError {
  if (e instanceof RadSweepInputError) return { kind: 'input', message: e.message, where: e.where };
  if (e instanceof LimitExceededError) return { kind: 'limit', status: e.status, message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'other', message: err.message, stack: err.stack };
}

export function wireToError(w: WireError): Error {
  if (w.kind === 'limit') return new LimitExceededError(w.status, w.message);
  if (w.kind === 'input') {
    const e = new RadSweepInputError(w.message);
    // The message already starts with `where: `; keep `where` readable as it was thrown.
    Object.defineProperty(e, 'where', { value: w.where, enumerable: true });
    return e;
  }
  const e = new Error(w.message);
  if (w.stack) e.stack = w.stack;
  return e;
}
