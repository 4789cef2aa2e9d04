import { checkParam } from '@radsweep/core';
import { getStepSpec, resolveStepParams } from '../steps/step-registry';
import type { ParsedExperimentFile } from './experiment-file';
import type { ExperimentSpec } from './spec';

/** Every step of the experiment's chain and of each feature set's own chain, with its key path. */
export function forEachStep(spec: ExperimentSpec, visit: (id: string, path: (string | number)[], params: Record<string, unknown>) => void): void {
  const visitChain = (steps: ExperimentSpec['steps'], at: (string | number)[]) =>
    (steps ?? []).forEach((step, i) => {
      const [id, params] = Object.entries(step)[0];
      visit(id, [...at, i, id], params ?? {});
    });
  visitChain(spec.steps, ['steps']);
  spec.featureSets.forEach((fs, f) => visitChain(fs.steps, ['featureSets', f, 'steps']));
}

/**
 * Checks every step's parameters with the step registry's rules (libs/core's one checker); a refusal names
 * `file:line: steps[i].<id>.<parameter>`. The schema has already refused unknown step ids and parameter names.
 */
export function checkStepEntries(spec: ExperimentSpec, file: ParsedExperimentFile): void {
  forEachStep(spec, (id, path, params) => {
    const rules = getStepSpec(id, file.where(path)).rules;
    // Each value at its own line (`file:line: steps[i].lasso.alpha`), then the set as a whole (names, required ones).
    for (const [name, value] of Object.entries(params)) if (rules[name]) checkParam(rules[name], value, file.where([...path, name]));
    resolveStepParams(id, params, file.where(path));
  });
}
