import { RadSweepInputError, checkParam } from '@radsweep/core';
import { ParamValue, Params } from '../classifier';
import { ParamRule } from '../model-spec';
import { CartOptions } from './cart-builder';

/**
 * Number of features drawn per split, as scikit-learn resolves `max_features`:
 * null -> all; 'sqrt' -> max(1, floor(sqrt(p))); 'log2' -> max(1, floor(log2(p)));
 * an integer >= 1 -> itself (at most p); a fraction in (0, 1) -> max(1, floor(f * p)).
 * JavaScript cannot tell 1 from 1.0, so 1 means one feature (scikit-learn's int
 * reading); pass null for all features.
 */
export function resolveMaxFeatures(v: ParamValue, p: number, where: string): number {
  if (v === null) return p;
  if (v === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(p)));
  if (v === 'log2') return Math.max(1, Math.floor(Math.log2(p)));
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
    if (v < 1) return Math.max(1, Math.floor(v * p));
    if (Number.isInteger(v)) return Math.min(v, p);
  }
  throw new RadSweepInputError(`max_features must be null, 'sqrt', 'log2', an integer >= 1 or a fraction in (0, 1), got ${JSON.stringify(v)}`, where);
}

/** Tree-growth parameters with scikit-learn's names and defaults (DecisionTreeClassifier). */
export const TREE_GROWTH_DEFAULTS = {
  max_depth: null,
  min_samples_split: 2,
  min_samples_leaf: 1,
  min_impurity_decrease: 0,
} satisfies Params;

export const TREE_GROWTH_RULES: Record<string, ParamRule> = {
  max_depth: { kind: 'number', min: 1, integer: true, nullable: true },
  min_samples_split: { kind: 'number', min: 2, integer: true },
  min_samples_leaf: { kind: 'number', min: 1, integer: true },
  min_impurity_decrease: { kind: 'number', min: 0 },
  // The registry's rules hold no "string or number" kind: the spec accepts the named
  // settings; the classes themselves also take an integer or a fraction.
  max_features: { kind: 'enum', values: [null, 'sqrt', 'log2'] },
};

/** Turns the scikit-learn-named parameters into the builder's options for data with p features. */
export function cartOptions(params: Readonly<Params>, p: number, splitter: CartOptions['splitter'], where: string): CartOptions {
  // A model built directly (not through the registry) is checked by the same rules.
  const int = (k: string): number => {
    checkParam(TREE_GROWTH_RULES[k], params[k], `${where}.${k}`);
    return params[k] as number;
  };
  const depth = params.max_depth ?? null;
  const decrease = params.min_impurity_decrease ?? 0;
  checkParam(TREE_GROWTH_RULES.min_impurity_decrease, decrease, `${where}.min_impurity_decrease`);
  return {
    maxDepth: depth === null ? Infinity : int('max_depth'),
    minSamplesSplit: int('min_samples_split'),
    minSamplesLeaf: int('min_samples_leaf'),
    minImpurityDecrease: decrease as number,
    maxFeatures: resolveMaxFeatures(params.max_features ?? null, p, `${where}.max_features`),
    splitter,
  };
}
