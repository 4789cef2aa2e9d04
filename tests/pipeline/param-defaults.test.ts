import { describe, expect, it } from 'vitest';
import { ParamSpec, checkParam } from '@radsweep/core';
import { listModels } from '@radsweep/classifiers';
import { listSurvivalModels } from '@radsweep/survival';
import { SAMPLER_REGISTRY, STEP_REGISTRY } from '@radsweep/pipeline';

/**
 * Defaults and rules checked against each other, in every registry that uses libs/core's parameter
 * vocabulary: each default satisfies its rule, each rule has a default unless it is required, and nothing
 * has a default without a rule (it could never be set).
 */
const registries: Record<string, ParamSpec[]> = {
  classifiers: listModels(),
  'survival models': listSurvivalModels(),
  samplers: [...SAMPLER_REGISTRY.values()],
  steps: [...STEP_REGISTRY.values()],
};

for (const [kind, specs] of Object.entries(registries)) {
  describe(`${kind}: defaults and rules agree`, () => {
    for (const spec of specs) {
      it(spec.id, () => {
        const required = spec.required ?? [];
        for (const [name, value] of Object.entries(spec.defaults)) {
          expect(spec.rules[name], `${spec.id}.${name} has a default but no rule`).toBeDefined();
          expect(() => checkParam(spec.rules[name], value, `${spec.id}.${name}`)).not.toThrow();
          expect(required, `${spec.id}.${name} is required and has a default`).not.toContain(name);
        }
        for (const name of Object.keys(spec.rules)) {
          expect(name in spec.defaults || required.includes(name), `${spec.id}.${name} has neither a default nor is required`).toBe(true);
        }
      });
    }
  });
}
