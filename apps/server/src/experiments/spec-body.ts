import { RadSweepInputError } from '@radsweep/core';
import type { SpecInput } from './spec-resolver';

/**
 * The spec of a request body ({spec} or {specText}, documented by SpecBody),
 * checked by hand instead of by the DTO pipe: class-transformer copies a body
 * recursively on the API thread, which a spec nested thousands deep turned
 * into a stack overflow (500) after a long freeze.
 */
export function specOfBody(body: unknown): SpecInput {
  const b = (body ?? {}) as { spec?: unknown; specText?: unknown };
  if (b.specText !== undefined) {
    if (typeof b.specText !== 'string') throw new RadSweepInputError('specText must be a string');
    return b.specText;
  }
  if (b.spec === null || typeof b.spec !== 'object' || Array.isArray(b.spec)) {
    throw new RadSweepInputError("give the experiment as 'spec' (an object) or 'specText' (YAML or JSON text)");
  }
  return b.spec as Record<string, unknown>;
}
