import { expect } from 'vitest';
import { ParamRule, RadSweepInputError } from '@radsweep/core';

/**
 * Values a rule must refuse, derived from the rule itself (a conformance suite's "rejects bad params" cases):
 * the bound just outside each end, a fraction for an integer, the wrong type, an option not listed. For
 * `anyOf`, the candidates of every branch that no branch accepts, judged from the branch rules' own bounds.
 */
export function badValuesFor(rule: ParamRule): unknown[] {
  switch (rule.kind) {
    case 'number': {
      const out: unknown[] = ['not-a-number', Number.NaN];
      if (rule.min !== undefined) out.push(rule.exclusiveMin ? rule.min : rule.min - 1);
      if (rule.max !== undefined) out.push(rule.exclusiveMax ? rule.max : rule.max + 1);
      if (rule.integer) out.push((rule.min ?? 0) + 1.5);
      if (!rule.nullable) out.push(null);
      return out;
    }
    case 'enum':
      return ['__not_an_option__', 12345].filter((v) => !rule.values.includes(v as never));
    case 'boolean':
      return ['yes', 1, null];
    case 'string':
      return ['', 5, null];
    case 'stringArray':
      return ['one-text', [5], ['']];
    case 'intArray':
      return ['x', [1.5]];
    case 'numberArray': {
      const out: unknown[] = ['x', ['1'], [Number.NaN]];
      if (rule.length !== undefined) out.push(new Array(rule.length + 1).fill(rule.min ?? 0));
      if (rule.min !== undefined) out.push(new Array(rule.length ?? 1).fill(rule.min - 1));
      return out;
    }
    case 'anyOf': {
      const candidates = rule.rules.flatMap(badValuesFor);
      return candidates.filter((v) => rule.rules.every((r) => refuses(r, v)));
    }
  }
}

/** Whether `rule` refuses `v`, read from the rule's own fields (not from the checker under test). */
function refuses(rule: ParamRule, v: unknown): boolean {
  switch (rule.kind) {
    case 'number':
      if (v === null) return !rule.nullable;
      if (typeof v !== 'number' || !Number.isFinite(v)) return true;
      if (rule.integer && !Number.isInteger(v)) return true;
      if (rule.min !== undefined && (rule.exclusiveMin ? v <= rule.min : v < rule.min)) return true;
      return rule.max !== undefined && (rule.exclusiveMax ? v >= rule.max : v > rule.max);
    case 'enum':
      return !rule.values.includes(v as never);
    case 'boolean':
      return typeof v !== 'boolean';
    case 'string':
      return typeof v !== 'string' || v === '';
    case 'stringArray':
      return !Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '');
    case 'intArray':
      return !Array.isArray(v) || v.some((x) => !Number.isInteger(x));
    case 'numberArray':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) return true;
      if (rule.length !== undefined && v.length !== rule.length) return true;
      return rule.min !== undefined && v.some((x) => x < rule.min!);
    case 'anyOf':
      return rule.rules.every((r) => refuses(r, v));
  }
}

/**
 * Asserts that building with each of the rule's bad values (`build(v)`) is refused by an input error whose
 * message starts with the parameter's place (`place: `) and shows the value refused.
 */
export function expectBadValuesRefused(rule: ParamRule, place: string, build: (value: unknown) => unknown): void {
  const bad = badValuesFor(rule);
  expect(bad.length).toBeGreaterThan(0);
  for (const v of bad) {
    let error: unknown;
    try {
      build(v);
    } catch (e) {
      error = e;
    }
    expect(error, `${place} = ${JSON.stringify(v)}`).toBeInstanceOf(RadSweepInputError);
    expect((error as Error).message.startsWith(`${place}: `), (error as Error).message).toBe(true);
    expect((error as Error).message).toContain(`got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
  }
}
