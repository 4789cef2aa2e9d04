import { describe, expect, it } from 'vitest';
import { Matrix, RadSweepInputError, Rng, matrix, takeRows } from '@radsweep/core';
import { EXPERIMENT_SCHEMA, RowContext, STEP_REGISTRY, StepDefinition, Transformer, createStep, isContextual, isSurvivalSelector } from '@radsweep/pipeline';
import { expectBadValuesRefused } from '../support/bad-param-values';

/**
 * The conformance suite every registered preprocessing step passes, generated from the step registry as
 * tests/classifiers/conformance.test.ts is from the classifiers': adding a step adds its checks. Steps make
 * no random choice (no seed): the same rows give the same fit.
 */
function cohort(n: number, seed: number) {
  const rng = new Rng(seed);
  const p = 6;
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const batch: string[] = [];
  for (let i = 0; i < n; i++) {
    y[i] = i % 3 === 0 ? 1 : 0;
    batch.push(i % 2 === 0 ? 'scanner_a' : 'scanner_b');
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() + (y[i] && j < 2 ? 1.5 : 0) + (batch[i] === 'scanner_b' ? 0.5 : 0);
    time[i] = 1 + rng.next() * 10 - (y[i] ? 0.5 : 0);
    event[i] = rng.next() < 0.7 ? 1 : 0;
  }
  return { x, y, time, event, context: { batch } as RowContext };
}

const train = cohort(60, 1);
const test = cohort(20, 2);
/** Parameters a step cannot be built without (its `required` ones), for the data above. */
const REQUIRED: Record<string, Record<string, unknown>> = { combat: { batch: 'batch' } };
const base = (spec: StepDefinition) => REQUIRED[spec.id] ?? {};

function fitted(spec: StepDefinition, params: Record<string, unknown> = base(spec)): Transformer {
  const step = createStep(spec.id, params);
  if (spec.outcome === 'survival' && isSurvivalSelector(step)) return step.fitSurvival(train.x, train.time, train.event);
  if (isContextual(step)) return step.fitWithContext(train.x, train.y, train.context);
  return step.fit(train.x, train.y);
}

function map(step: Transformer, rows: { x: Matrix; context: RowContext }): number[] {
  return Array.from((isContextual(step) ? step.transformWithContext(rows.x, rows.context) : step.transform(rows.x)).data);
}

const oneRow = (rows: typeof test, i: number) => ({ x: takeRows(rows.x, Int32Array.of(i)), context: { batch: [(rows.context.batch as string[])[i]] } as RowContext });

for (const spec of STEP_REGISTRY.values()) {
  describe(`step conformance: ${spec.id}`, () => {
    it('learns from the training rows only: mapping other rows changes nothing, and each row maps on its own', () => {
      const step = fitted(spec);
      const onTrain = map(step, train);
      const onTest = map(step, test);
      map(step, cohort(15, 3));
      expect(map(step, train)).toEqual(onTrain);
      expect(map(step, test)).toEqual(onTest);
      const width = onTest.length / test.x.rows;
      for (let i = 0; i < test.x.rows; i++) expect(map(step, oneRow(test, i))).toEqual(onTest.slice(i * width, (i + 1) * width));
    });

    it('is rebuilt from its params: the registry\'s defaults written out fit the same', () => {
      const written = { ...spec.defaults, ...base(spec) };
      expect(map(fitted(spec, written), test)).toEqual(map(fitted(spec), test));
    });

    it('makes no random choice: the same rows give the same fit', () => {
      expect(map(fitted(spec), test)).toEqual(map(fitted(spec), test));
    });

    for (const [name, rule] of Object.entries(spec.rules)) {
      it(`refuses bad values of ${name} with a message naming it`, () => {
        expectBadValuesRefused(rule, `${spec.id}.${name}`, (v) => createStep(spec.id, { ...base(spec), [name]: v }));
      });
    }

    for (const name of spec.required ?? []) {
      it(`refuses a missing ${name}, naming it`, () => {
        expect(() => createStep(spec.id, {})).toThrow(`missing required parameter '${name}' for step '${spec.id}'`);
      });
    }

    it('refuses an unknown parameter, listing the known ones', () => {
      const known = Object.keys(spec.rules);
      expect(() => createStep(spec.id, { ...base(spec), no_such_param: 1 })).toThrow(
        `${spec.id}.no_such_param: unknown parameter 'no_such_param' for step '${spec.id}'; ${known.length ? `known: ${known.join(', ')}` : 'it takes none'}`,
      );
    });

    it('the published schema lists exactly its parameters (names only; the rules check values)', () => {
      const entry = (EXPERIMENT_SCHEMA.properties.steps.items.properties as Record<string, { properties?: object; required?: string[] }>)[spec.id];
      expect(Object.keys(entry.properties ?? {})).toEqual(Object.keys(spec.rules));
      expect(entry.required ?? []).toEqual([...(spec.required ?? [])]);
    });
  });
}

it('the registry holds every step the schema names', () => {
  expect([...STEP_REGISTRY.keys()].sort()).toEqual(Object.keys(EXPERIMENT_SCHEMA.properties.steps.items.properties).sort());
});
