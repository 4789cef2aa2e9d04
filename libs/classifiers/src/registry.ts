import { RadSweepInputError } from '@radsweep/core';
import { Classifier, ParamValue, Params, SavedModel } from './classifier';
import { ModelSpec, ParamRule } from './model-spec';
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

/** `resolveParams` for any registry entry with defaults and rules (libs/survival's too). */
export function resolveSpecParams(spec: Pick<ModelSpec, 'id' | 'defaults' | 'rules'>, params: Partial<Params>, where?: string): Params {
  const id = spec.id;
  const out: Params = { ...spec.defaults };
  for (const [k, v] of Object.entries(params)) {
    const at = where ? `${where}.${k}` : `${id}.${k}`;
    const rule = spec.rules[k];
    if (!rule) {
      throw new RadSweepInputError(`unknown parameter '${k}' for model '${id}'; known: ${Object.keys(spec.rules).join(', ')}`, at);
    }
    checkRule(rule, v as ParamValue, at);
    out[k] = v as ParamValue;
  }
  return out;
}

export function createClassifier(id: string, params: Partial<Params> = {}, seed = 0): Classifier {
  return getModelSpec(id).create(resolveParams(id, params), seed);
}

function checkRule(rule: ParamRule, v: ParamValue, at: string): void {
  switch (rule.kind) {
    case 'anyOf': {
      const reasons: string[] = [];
      for (const r of rule.rules) {
        try {
          checkRule(r, v, at);
          return;
        } catch (e) {
          reasons.push((e as Error).message.replace(`${at}: `, ''));
        }
      }
      throw new RadSweepInputError(`no accepted form matches ${JSON.stringify(v)} (${reasons.join('; or ')})`, at);
    }
    case 'number': {
      if (v === null && rule.nullable) return;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RadSweepInputError(`expected a number${rule.nullable ? ' or null' : ''}, got ${JSON.stringify(v)}`, at);
      if (rule.integer && !Number.isInteger(v)) throw new RadSweepInputError(`expected an integer, got ${v}`, at);
      if (rule.min !== undefined && (rule.exclusiveMin ? v <= rule.min : v < rule.min)) {
        throw new RadSweepInputError(`must be ${rule.exclusiveMin ? '>' : '>='} ${rule.min}, got ${v}`, at);
      }
      if (rule.max !== undefined && v > rule.max) throw new RadSweepInputError(`must be <= ${rule.max}, got ${v}`, at);
      return;
    }
    case 'enum':
      if (!rule.values.some((x) => x === v)) throw new RadSweepInputError(`expected one of ${rule.values.map((x) => JSON.stringify(x)).join(', ')}, got ${JSON.stringify(v)}`, at);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') throw new RadSweepInputError(`expected true or false, got ${JSON.stringify(v)}`, at);
      return;
    case 'intArray': {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x))) {
        throw new RadSweepInputError(`expected a list of integers, got ${JSON.stringify(v)}`, at);
      }
      if (rule.minLength !== undefined && v.length < rule.minLength) throw new RadSweepInputError(`expected at least ${rule.minLength} values`, at);
      if (rule.maxLength !== undefined && v.length > rule.maxLength) throw new RadSweepInputError(`expected at most ${rule.maxLength} values`, at);
      if (rule.min !== undefined && v.some((x) => (x as number) < rule.min!)) throw new RadSweepInputError(`values must be >= ${rule.min}`, at);
      return;
    }
  }
}

/** Rebuilds a fitted classifier from `toJSON()` output (round trip: predicts the same). */
export function restoreClassifier(saved: SavedModel): Classifier {
  const model = createClassifier(saved.id, saved.params, saved.seed) as Classifier & { loadJSON?: (s: SavedModel) => Classifier };
  if (typeof model.loadJSON !== 'function') throw new Error(`model '${saved.id}' cannot be restored`);
  return model.loadJSON(saved);
}
