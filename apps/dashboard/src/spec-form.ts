/**
 * The experiment form's answers as a spec (the same keys as an experiment file). The form covers the common
 * binary study: one or more feature sets by column globs, a stratified hold-out and k-fold CV, a chain of
 * preprocessing steps and models with small grids; anything else is written in the YAML editor, which the
 * form fills in.
 */
export interface SpecFormValues {
  name: string;
  description: string;
  seed: number;
  /** Name of the uploaded file, recorded as dataset.path (a launch on the server reads the chosen dataset). */
  datasetPath: string;
  idColumn: string;
  labelColumn: string;
  /** Text as typed: a number when it reads as one (labels 0/1), else the text. */
  positiveClass: string;
  /** One feature set per line: `name: glob, glob, ...`. */
  featureSets: string;
  testSize: number;
  folds: number;
  steps: string[];
  models: string[];
}

/** Default grids of the models the form offers (small, so a first sweep is quick). */
export const FORM_MODELS: Record<string, { label: string; grid: Record<string, unknown[]>; params?: Record<string, unknown> }> = {
  logistic_regression: { label: 'Logistic regression (L2)', grid: { C: [0.1, 1, 10] }, params: { max_iter: 1000 } },
  gaussian_nb: { label: 'Gaussian naive Bayes', grid: { var_smoothing: [1e-9, 1e-6] } },
  knn: { label: 'k nearest neighbours', grid: { n_neighbors: [5, 11] } },
  random_forest: { label: 'Random forest', grid: { n_estimators: [100, 300] }, params: { max_features: 'sqrt' } },
  gradient_boosting: { label: 'Gradient boosting', grid: { n_estimators: [100], learning_rate: [0.05, 0.1] } },
};

/** Preprocessing steps the form offers, in the order they are applied. */
export const FORM_STEPS: Record<string, { label: string; params: Record<string, unknown> }> = {
  median_imputer: { label: 'Median imputation', params: {} },
  standard_scaler: { label: 'z-score scaling', params: {} },
  welch_ttest: { label: 'Welch t-test (p < 0.05)', params: { alpha: 0.05, fallbackK: 8 } },
};

/** `radiomics: original_*, wavelet-*` lines -> feature sets; a line without a name is named `set<k>`. */
export function parseFeatureSets(text: string): { name: string; include: string[] }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, k) => {
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon).trim() : `set${k + 1}`;
      const include = (colon > 0 ? line.slice(colon + 1) : line)
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
      return { name, include };
    });
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function specFromForm(v: SpecFormValues): Record<string, unknown> {
  const positive = v.positiveClass.trim();
  return {
    name: v.name.trim(),
    ...(v.description.trim() ? { description: v.description.trim() } : {}),
    seed: v.seed,
    dataset: {
      path: v.datasetPath,
      idColumn: v.idColumn,
      labelColumn: v.labelColumn,
      ...(positive ? { positiveClass: NUMBER.test(positive) ? Number(positive) : positive } : {}),
    },
    featureSets: parseFeatureSets(v.featureSets),
    validation: { split: { type: 'stratified_holdout', testSize: v.testSize }, cv: { type: 'stratified_kfold', folds: v.folds } },
    steps: v.steps.map((id) => ({ [id]: FORM_STEPS[id]?.params ?? {} })),
    models: v.models.map((id) => ({ id, ...(FORM_MODELS[id]?.params ? { params: FORM_MODELS[id].params } : {}), grid: FORM_MODELS[id]?.grid ?? {} })),
    scoring: 'roc_auc',
  };
}
