import { RadSweepInputError } from '@radsweep/core';
import { SAMPLER_IDS, SAMPLER_REGISTRY, SamplerId, createSampler } from '../samplers';

/**
 * Checks a sampler entry against the sampler registry (id, parameter names and
 * values) by building it once; errors name `where` (file:line: sampler.<id>).
 */
export function checkSamplerSpec(id: string, params: Record<string, unknown>, seed: number, where: string): void {
  if (!SAMPLER_REGISTRY.has(id as SamplerId)) {
    throw new RadSweepInputError(`unknown sampler '${id}'; known: ${SAMPLER_IDS.join(', ')}`, where);
  }
  try {
    createSampler(id as SamplerId, params, seed);
  } catch (e) {
    if (!(e instanceof RadSweepInputError)) throw e;
    const param = e.where?.split('.').pop();
    throw new RadSweepInputError(e.reason, param && param !== id ? `${where}.${param}` : where);
  }
}
