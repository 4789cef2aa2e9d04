import type { Params } from '@radsweep/classifiers';

/**
 * Relative cost of one fit (scikit-learn 1.2 fit times on the same data, in ms,
 * per unit of the model's size parameter), used only to start the longest tasks
 * first so that no worker is left with a long task at the end (LPT scheduling).
 * It orders work; it never changes a result.
 */
const COST: Record<string, { base: number; per?: string; perUnit?: number }> = {
  random_forest: { base: 5, per: 'n_estimators', perUnit: 1.5 },
  extra_trees: { base: 5, per: 'n_estimators', perUnit: 0.8 },
  bagging: { base: 2, per: 'n_estimators', perUnit: 4 },
  adaboost: { base: 2, per: 'n_estimators', perUnit: 2.3 },
  gradient_boosting: { base: 2, per: 'n_estimators', perUnit: 3.3 },
  lightgbm: { base: 5, per: 'max_iter', perUnit: 2 },
  mlp: { base: 200 },
  calibrated_svm: { base: 30 },
  knn: { base: 3 },
  logistic_regression: { base: 3 },
};

export function estimateTaskCost(modelId: string, params: Params): number {
  const c = COST[modelId];
  if (!c) return 1;
  const units = c.per && typeof params[c.per] === 'number' ? (params[c.per] as number) : 0;
  const depth = typeof params.max_depth === 'number' ? Math.max(1, params.max_depth / 3) : 1;
  return (c.base + units * (c.perUnit ?? 0)) * (modelId === 'gradient_boosting' ? depth : 1);
}

/**
 * Queue priorities of the engine's requests, higher first. Every preprocessing
 * chain goes before any fit: a chain gates a fold's fits and is the longest single
 * piece of work (LassoCV: 0.3-1.5 s); chains run in submission order (feature set
 * by feature set, each one's refit chain first). Then refits (each ends a model,
 * the last ones end a feature set and free its folds), then CV fits, each group
 * longest first. Fit costs stay far below 1e9.
 */
export const CHAIN_PRIORITY = 2e9;

export function refitPriority(modelId: string, params: Params): number {
  return 1e9 + estimateTaskCost(modelId, params);
}
