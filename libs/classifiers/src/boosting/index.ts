import { ModelSpec } from '../model-spec';
import { GRADIENT_BOOSTING_DEFAULTS, GradientBoostingClassifier, GradientBoostingParams } from './gradient-boosting';
import { HIST_GRADIENT_BOOSTING_DEFAULTS, HistGradientBoostingClassifier, HistGradientBoostingParams } from './hist-gradient-boosting';

export { GradientBoostingClassifier } from './gradient-boosting';
export { HistGradientBoostingClassifier } from './hist-gradient-boosting';

const gradientBoosting: ModelSpec = {
  id: 'gradient_boosting',
  label: 'Gradient Boosting',
  sklearn: 'sklearn.ensemble.GradientBoostingClassifier',
  defaults: GRADIENT_BOOSTING_DEFAULTS,
  rules: {
    loss: { kind: 'enum', values: ['log_loss'] },
    n_estimators: { kind: 'number', min: 1, integer: true },
    learning_rate: { kind: 'number', min: 0, exclusiveMin: true },
    max_depth: { kind: 'number', min: 1, integer: true, nullable: true },
    min_samples_split: { kind: 'number', min: 2, integer: true },
    min_samples_leaf: { kind: 'number', min: 1, integer: true },
    subsample: { kind: 'number', min: 0, exclusiveMin: true, max: 1 },
    max_features: { kind: 'enum', values: [null, 'sqrt', 'log2'] },
  },
  deterministic: false,
  notes:
    'min_samples_split and min_samples_leaf are counts only (no fractions); max_features is null, sqrt or log2 (no count or fraction). ' +
    "Replays scikit-learn 1.2's trees (float32 features, its per-stage feature-draw stream, its introsort's order of tied rows, first-found tie rule, pairwise leaf sums), " +
    'so seed s gives the probabilities of random_state=s.',
  create: (params, seed) => new GradientBoostingClassifier({ ...GRADIENT_BOOSTING_DEFAULTS, ...params } as GradientBoostingParams, seed),
};

const histGradientBoosting: ModelSpec = {
  id: 'lightgbm',
  label: 'LightGBM-style histogram boosting',
  sklearn: 'sklearn.ensemble.HistGradientBoostingClassifier',
  defaults: HIST_GRADIENT_BOOSTING_DEFAULTS,
  rules: {
    loss: { kind: 'enum', values: ['log_loss'] },
    max_iter: { kind: 'number', min: 1, integer: true },
    learning_rate: { kind: 'number', min: 0, exclusiveMin: true },
    max_leaf_nodes: { kind: 'number', min: 2, integer: true, nullable: true },
    max_depth: { kind: 'number', min: 1, integer: true, nullable: true },
    min_samples_leaf: { kind: 'number', min: 1, integer: true },
    l2_regularization: { kind: 'number', min: 0 },
    max_bins: { kind: 'number', min: 2, max: 255, integer: true },
    early_stopping: { kind: 'enum', values: [false] },
  },
  deterministic: true,
  notes:
    "early_stopping is false only (scikit-learn's default 'auto' is off below 10,000 training rows); no categorical features, " +
    'no monotonic constraints, no missing-value bin (inputs are imputed first); binning always uses every row (scikit-learn subsamples above 200,000).',
  create: (params, seed) => new HistGradientBoostingClassifier({ ...HIST_GRADIENT_BOOSTING_DEFAULTS, ...params } as HistGradientBoostingParams, seed),
};

/** Model specs of the boosting family. */
export const boostingModels: ModelSpec[] = [gradientBoosting, histGradientBoosting];
