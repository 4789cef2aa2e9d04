import { ExperimentSpec, cvSplitCount } from '@radsweep/pipeline';
import type { RequestLimits } from '../config/request-limits';
import { SpecText, specInput, validateSpec } from './spec-resolver';

/** What validating a spec tells the client (counts it would run): the API contract's. */
export type { SpecCheck } from '@radsweep/api-contract';
import type { SpecCheck } from '@radsweep/api-contract';

/** Validates a spec against the server's limits (run in a request-work thread: parsing and grid expansion are CPU work). */
export function checkSpec(job: { sent: SpecText; limits: RequestLimits }): { spec: ExperimentSpec; check: SpecCheck } {
  const { spec, resolved } = validateSpec(specInput(job.sent), job.limits);
  return {
    spec,
    check: {
      valid: true,
      name: resolved.name,
      featureSets: resolved.featureSets.length,
      models: resolved.models.length,
      configurations: resolved.models.reduce((s, m) => s + m.configs.length, 0),
      cvSplits: spec.validation.cv.type === 'fold_assignment' ? null : cvSplitCount(resolved.cv),
    },
  };
}
