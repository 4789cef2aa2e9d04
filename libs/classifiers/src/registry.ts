import { ParamSpec, RadSweepInputError, resolveParams as resolveCoreParams } from '@radsweep/core';
import { Classifier, Params, SavedModel } from './classifier';
import { ModelSpec } from './model-spec';
import { linearModels } from './linear';
import { bayesModels } from './bayes';
import { neighborsModels } from './neighbors';
import { svmModels } from './svm';
import { neuralModels } from './neural';
import { treesModels } from './trees';
import { ensembleModels } from './ensemble';
import { boostingModels } from './boosting';

/** The protocol's fifteen model ids, in the study's order. */
export const MODEL_IDS = [
  'logistic_regression', 'lda', 'qda', 'gaussian_nb', 'bernoulli_nb', 'knn', 'decision_tree', 'random_forest',
  'extra_trees', 'bagging', 'adaboost', 'gradient_boosting', 'lightgbm', 'calibrated_svm', 'mlp',
] as const;

const specs: ModelSpec[] = [
  ...linearModels, ...bayesModels, ...neighborsModels, ...treesModels, ...ensembleModels,
  ...boostingModels, ...svmModels, ...neuralModels,
];

/** The one registry of classifiers by id: validator, grid search, CLI and tests all read it. */
export const MODEL_REGISTRY: ReadonlyMap<string, ModelSpec> = new Map(specs.map((s) => [s.id, s]));

export function listModels(): ModelSpec[] {
  return [...MODEL_REGISTRY.values()];
}

export function getModelSpec(id: string, where?: string): ModelSpec {
  const spec = MODEL_REGISTRY.get(id);
  if (!spec) {
    throw new RadSweepInputError(`unknown model id '${id}'; known: ${[...MODEL_REGISTRY.keys()].join(', ')}`, where);
  }
  return spec;
}

/** Checks a partial parameter set against the model's rules and fills in defaults. */
export function resolveParams(id: string, params: Partial<Params>, where?: string): Params {
  return resolveSpecParams(getModelSpec(id, where), params, where);
}

/** `resolveParams` for any registry entry with defaults and rules (libs/core's one checker; messages name `model 'id'`). */
export function resolveSpecParams(spec: ParamSpec, params: Partial<Params>, where?: string): Params {
  return resolveCoreParams(spec, params, { kind: 'model', where });
}

export function createClassifier(id: string, params: Partial<Params> = {}, seed = 0): Classifier {
  return getModelSpec(id).create(resolveParams(id, params), seed);
}

/** Rebuilds a fitted classifier from `toJSON()` output (round trip: predicts the same). */
export function restoreClassifier(saved: SavedModel): Classifier {
  const model = createClassifier(saved.id, saved.params, saved.seed) as Classifier & { loadJSON?: (s: SavedModel) => Classifier };
  if (typeof model.loadJSON !== 'function') throw new Error(`model '${saved.id}' cannot be restored`);
  return model.loadJSON(saved);
}
