import { RadSweepInputError } from '@radsweep/core';
import type { ParsedExperimentFile } from './experiment-file';
import type { ResolvedSurvivalEndpoint } from './resolved';
import type { ExperimentSpec } from './spec';
import { forEachStep } from './step-entries';

/** Steps that score features against a binary label: no survival meaning, so refused for survival endpoints. */
const BINARY_LABEL_STEPS = ['welch_ttest', 'lasso'];

/**
 * Checks what a survival experiment cannot have and resolves its endpoints. Refused, each naming its key:
 * a binary label beside the endpoints (dataset.labelColumn / positiveClass), a sampler (resampling
 * censored follow-up has no defined meaning), the t-test and LASSO selectors (they need a binary label;
 * cox_univariate is the survival filter),
 * scoring roc_auc, two endpoints of one name, and horizons that do not increase.
 */
export function resolveSurvivalEndpoints(spec: ExperimentSpec, file: ParsedExperimentFile): ResolvedSurvivalEndpoint[] {
  const endpoints = spec.endpoints ?? [];
  for (const key of ['labelColumn', 'positiveClass'] as const) {
    if (spec.dataset[key] !== undefined) {
      throw new RadSweepInputError(`a survival experiment takes its outcomes from endpoints; remove dataset.${key}`, file.where(['dataset', key]));
    }
  }
  if (spec.sampler !== undefined && spec.sampler !== 'none') {
    throw new RadSweepInputError('samplers are not defined for survival endpoints (resampling would duplicate or drop follow-up); remove the sampler or set it to none', file.where(['sampler']));
  }
  forEachStep(spec, (id, path) => {
    if (BINARY_LABEL_STEPS.includes(id)) {
      throw new RadSweepInputError(
        `step '${id}' selects features against a binary label; with survival endpoints use cox_univariate (univariate Cox p-value) instead`,
        file.where(path),
      );
    }
  });
  if (spec.scoring === 'roc_auc') {
    throw new RadSweepInputError("scoring roc_auc needs a binary endpoint; survival endpoints are scored by harrell_c", file.where(['scoring']));
  }
  const seen = new Map<string, number>();
  return endpoints.map((e, i) => {
    const earlier = seen.get(e.name);
    if (earlier !== undefined) throw new RadSweepInputError(`endpoint name '${e.name}' is already used by endpoints[${earlier}]`, file.where(['endpoints', i, 'name']));
    seen.set(e.name, i);
    if (e.time === e.event) throw new RadSweepInputError(`time and event are the same column '${e.time}'`, file.where(['endpoints', i, 'event']));
    e.horizons.forEach((h, k) => {
      if (k > 0 && !(h > e.horizons[k - 1])) {
        throw new RadSweepInputError(`horizons must increase: ${h} follows ${e.horizons[k - 1]}`, file.where(['endpoints', i, 'horizons', k]));
      }
    });
    return {
      name: e.name,
      time: e.time,
      event: e.event,
      eventCodes: e.eventCodes ?? [1],
      horizons: e.horizons,
      riskGroups: e.riskGroups ?? 'median',
      where: file.where(['endpoints', i]),
    };
  });
}

/** A binary experiment cannot use the survival filter: refused naming the step. */
export function refuseSurvivalSteps(spec: ExperimentSpec, file: ParsedExperimentFile): void {
  forEachStep(spec, (id, path) => {
    if (id === 'cox_univariate') {
      throw new RadSweepInputError("step 'cox_univariate' needs a survival endpoint (time and event); a binary label is filtered by welch_ttest or lasso", file.where(path));
    }
  });
}
