import { describe, expect, it } from 'vitest';
import { ParamRule, RadSweepInputError, camelCaseKey, checkParam, resolveParams, snakeCaseKey } from '@radsweep/core';

/** libs/core's one parameter checker, by worked cases: what it accepts and the exact words of each refusal. */
const refusal = (rule: ParamRule, v: unknown): string => {
  try {
    checkParam(rule, v, 'm.p');
  } catch (e) {
    expect(e).toBeInstanceOf(RadSweepInputError);
    return (e as Error).message;
  }
  return 'accepted';
};

describe('checkParam', () => {
  it('numbers: type, integer, inclusive and exclusive bounds, null when nullable', () => {
    const r: ParamRule = { kind: 'number', min: 0, exclusiveMin: true, max: 1, integer: false };
    expect(refusal(r, 0.5)).toBe('accepted');
    expect(refusal(r, 1)).toBe('accepted');
    expect(refusal(r, 0)).toBe('m.p: must be > 0, got 0');
    expect(refusal(r, 1.5)).toBe('m.p: must be <= 1, got 1.5');
    expect(refusal({ kind: 'number', max: 1, exclusiveMax: true }, 1)).toBe('m.p: must be < 1, got 1');
    expect(refusal({ kind: 'number', min: 2, integer: true }, 1)).toBe('m.p: must be an integer >= 2, got 1');
    expect(refusal({ kind: 'number', min: 2, integer: true }, 2.5)).toBe('m.p: expected an integer, got 2.5');
    expect(refusal(r, '0.5')).toBe('m.p: expected a number, got "0.5"');
    expect(refusal(r, Number.NaN)).toBe('m.p: expected a number, got NaN');
    expect(refusal(r, null)).toBe('m.p: expected a number, got null');
    expect(refusal({ kind: 'number', nullable: true }, null)).toBe('accepted');
  });

  it('enum, boolean, text and lists', () => {
    expect(refusal({ kind: 'enum', values: ['a', 1] }, 1)).toBe('accepted');
    expect(refusal({ kind: 'enum', values: ['a', 1] }, 'b')).toBe('m.p: expected one of "a", 1, got "b"');
    expect(refusal({ kind: 'boolean' }, 'true')).toBe('m.p: expected true or false, got "true"');
    expect(refusal({ kind: 'string' }, '')).toBe('m.p: expected a non-empty text, got ""');
    expect(refusal({ kind: 'stringArray' }, ['age', 'sex'])).toBe('accepted');
    expect(refusal({ kind: 'stringArray' }, ['age', 3])).toBe('m.p: expected a list of non-empty texts, got ["age",3]');
    expect(refusal({ kind: 'intArray', minLength: 1, min: 1 }, [])).toBe('m.p: expected at least 1 values');
    expect(refusal({ kind: 'intArray', min: 1 }, [3, 0])).toBe('m.p: values must be >= 1');
    const spacing: ParamRule = { kind: 'numberArray', length: 3, min: 0 };
    expect(refusal(spacing, [0.5, 0, 2])).toBe('accepted');
    expect(refusal(spacing, [1, 'a', 2])).toBe('m.p: expected a list of numbers, got [1,"a",2]');
    expect(refusal(spacing, [1, Number.NaN, 2])).toBe('m.p: expected a list of numbers, got [1,NaN,2]');
    expect(refusal(spacing, [2, 2])).toBe('m.p: expected 3 values, got [2,2]');
    expect(refusal(spacing, [1, -0.5, 2])).toBe('m.p: values must be >= 0, got [1,-0.5,2]');
    expect(refusal({ kind: 'numberArray' }, [])).toBe('accepted');
  });

  it('anyOf: any branch accepts; a refusal gives every reason, or the rule\'s summary', () => {
    const either: ParamRule = { kind: 'anyOf', rules: [{ kind: 'enum', values: ['auto'] }, { kind: 'number', min: 0, max: 1 }] };
    expect(refusal(either, 'auto')).toBe('accepted');
    expect(refusal(either, 0.3)).toBe('accepted');
    expect(refusal(either, 2)).toBe('m.p: no accepted form matches 2 (expected one of "auto", got 2; or must be <= 1, got 2)');
    expect(refusal({ ...either, summary: "'auto' or a ratio in [0, 1]" }, 2)).toBe("m.p: must be 'auto' or a ratio in [0, 1], got 2");
  });
});

describe('resolveParams', () => {
  const spec = { id: 'demo', defaults: { k: 5, mode: 'a' }, rules: { k: { kind: 'number', min: 1, integer: true }, mode: { kind: 'enum', values: ['a', 'b'] }, column: { kind: 'string' } }, required: ['column'] } as const;

  it('fills defaults without touching the spec, and takes undefined as not given', () => {
    expect(resolveParams(spec, { column: 'c', k: 3, mode: undefined }, { kind: 'step' })).toEqual({ k: 3, mode: 'a', column: 'c' });
    expect(spec.defaults).toEqual({ k: 5, mode: 'a' });
  });

  it('names the unknown parameter, the known ones, the missing required one, and the place', () => {
    expect(() => resolveParams(spec, { column: 'c', kk: 1 }, { kind: 'step', where: 'steps[0].demo' })).toThrow("steps[0].demo.kk: unknown parameter 'kk' for step 'demo'; known: k, mode, column");
    expect(() => resolveParams(spec, {}, { kind: 'step' })).toThrow("demo: missing required parameter 'column' for step 'demo'");
    expect(() => resolveParams({ id: 'none', defaults: {}, rules: {} }, { x: 1 }, { kind: 'sampler' })).toThrow("none.x: unknown parameter 'x' for sampler 'none'; it takes none");
    expect(() => resolveParams(spec, { column: 'c', k: 0 }, { kind: 'step' })).toThrow('demo.k: must be an integer >= 1, got 0');
  });
});

it('spec key spellings: camelCase <-> snake_case', () => {
  expect(['id_column', 'fallback_k', 'n_alphas', 'leaky_replicate_as_published'].map(camelCaseKey)).toEqual(['idColumn', 'fallbackK', 'nAlphas', 'leakyReplicateAsPublished']);
  expect(['idColumn', 'fallbackK', 'nAlphas', 'seed'].map(snakeCaseKey)).toEqual(['id_column', 'fallback_k', 'n_alphas', 'seed']);
});
