import { Params, RadSweepInputError, resolveParams } from '@radsweep/core';
import { SavedSurvivalModel, SurvivalModel } from './survival-model';
import { SurvivalModelSpec } from './survival-model-spec';
import { coxModels } from './cox';
import { coxnetModels } from './coxnet';
import { forestModels } from './forest';
import { boostingModels } from './boosting';

const specs: SurvivalModelSpec[] = [...coxModels, ...coxnetModels, ...forestModels, ...boostingModels];

/** The one registry of survival models by id: validator, CLI and the conformance suite read it. */
export const SURVIVAL_MODEL_REGISTRY: ReadonlyMap<string, SurvivalModelSpec> = new Map(specs.map((s) => [s.id, s]));

export function listSurvivalModels(): SurvivalModelSpec[] {
  return [...SURVIVAL_MODEL_REGISTRY.values()];
}

export function getSurvivalModelSpec(id: string, where?: string): SurvivalModelSpec {
  const spec = SURVIVAL_MODEL_REGISTRY.get(id);
  if (!spec) {
    throw new RadSweepInputError(`unknown survival model id '${id}'; known: ${[...SURVIVAL_MODEL_REGISTRY.keys()].join(', ')}`, where);
  }
  return spec;
}

/** Checks a partial parameter set against the model's rules (libs/core's one checker) and fills in defaults. */
export function resolveSurvivalParams(id: string, params: Partial<Params>, where?: string): Params {
  return resolveParams(getSurvivalModelSpec(id, where), params, { kind: 'survival model', where });
}

export function createSurvivalModel(id: string, params: Partial<Params> = {}, seed = 0): SurvivalModel {
  return getSurvivalModelSpec(id).create(resolveSurvivalParams(id, params), seed);
}

/** Rebuilds a fitted model from `toJSON()` output (round trip: predicts the same). */
export function restoreSurvivalModel(saved: SavedSurvivalModel): SurvivalModel {
  const model = createSurvivalModel(saved.id, saved.params, saved.seed) as SurvivalModel & { loadJSON?: (s: SavedSurvivalModel) => SurvivalModel };
  if (typeof model.loadJSON !== 'function') throw new Error(`survival model '${saved.id}' cannot be restored`);
  return model.loadJSON(saved);
}
