import { RadSweepInputError } from '../errors';
import type { ParamRule } from './param-rule';

/**
 * Checks one value against its rule; a refusal is a RadSweepInputError at `at` (the parameter's key
 * path, e.g. `models[0].grid.C[1]` or `sampler.smote.k_neighbors`) saying what was expected and what came.
 */
export function checkParam(rule: ParamRule, v: unknown, at: string): void {
  switch (rule.kind) {
    case 'anyOf': {
      const reasons: string[] = [];
      for (const r of rule.rules) {
        try {
          checkParam(r, v, at);
          return;
        } catch (e) {
          reasons.push(e instanceof RadSweepInputError && e.where === at ? e.reason : (e as Error).message);
        }
      }
      if (rule.summary) throw new RadSweepInputError(`must be ${rule.summary}, got ${shown(v)}`, at);
      throw new RadSweepInputError(`no accepted form matches ${shown(v)} (${reasons.join('; or ')})`, at);
    }
    case 'number': {
      if (v === null && rule.nullable) return;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RadSweepInputError(`expected a number${rule.nullable ? ' or null' : ''}, got ${shown(v)}`, at);
      if (rule.integer && !Number.isInteger(v)) throw new RadSweepInputError(`expected an integer, got ${v}`, at);
      const kind = rule.integer ? 'an integer ' : '';
      if (rule.min !== undefined && (rule.exclusiveMin ? v <= rule.min : v < rule.min)) {
        throw new RadSweepInputError(`must be ${kind}${rule.exclusiveMin ? '>' : '>='} ${rule.min}, got ${v}`, at);
      }
      if (rule.max !== undefined && (rule.exclusiveMax ? v >= rule.max : v > rule.max)) {
        throw new RadSweepInputError(`must be ${kind}${rule.exclusiveMax ? '<' : '<='} ${rule.max}, got ${v}`, at);
      }
      return;
    }
    case 'enum':
      if (!rule.values.some((x) => x === v)) throw new RadSweepInputError(`expected one of ${rule.values.map((x) => shown(x)).join(', ')}, got ${shown(v)}`, at);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') throw new RadSweepInputError(`expected true or false, got ${shown(v)}`, at);
      return;
    case 'string':
      if (typeof v !== 'string' || v === '') throw new RadSweepInputError(`expected a non-empty text, got ${shown(v)}`, at);
      return;
    case 'stringArray':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) {
        throw new RadSweepInputError(`expected a list of non-empty texts, got ${shown(v)}`, at);
      }
      return;
    case 'intArray': {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x))) {
        throw new RadSweepInputError(`expected a list of integers, got ${shown(v)}`, at);
      }
      if (rule.minLength !== undefined && v.length < rule.minLength) throw new RadSweepInputError(`expected at least ${rule.minLength} values`, at);
      if (rule.maxLength !== undefined && v.length > rule.maxLength) throw new RadSweepInputError(`expected at most ${rule.maxLength} values`, at);
      if (rule.min !== undefined && v.some((x) => (x as number) < rule.min!)) throw new RadSweepInputError(`values must be >= ${rule.min}`, at);
      return;
    }
    case 'numberArray':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
        throw new RadSweepInputError(`expected a list of numbers, got ${shown(v)}`, at);
      }
      if (rule.length !== undefined && v.length !== rule.length) throw new RadSweepInputError(`expected ${rule.length} values, got ${shown(v)}`, at);
      if (rule.min !== undefined && v.some((x) => (x as number) < rule.min!)) throw new RadSweepInputError(`values must be >= ${rule.min}, got ${shown(v)}`, at);
      return;
  }
}

/** A value as a message shows it: JSON, except NaN and infinities, also inside a list (JSON would print them as null). */
function shown(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(shown).join(',')}]`;
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v);
}
