import { describe, expect, it } from 'vitest';
import { loadExperiment } from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { experimentErrorOf, reducedSpec, tempDir, writeExperiment } from './support';

/**
 * Spec keys are camelCase; the snake_case spelling of each is an accepted alias (README, "Experiment keys").
 * Model and sampler parameters keep scikit-learn's and imbalanced-learn's names and are never renamed.
 */
const WDBC = sharedPath('data', 'wdbc.csv');

/** `spec` with every key the schema names spelled snake_case (model and sampler parameters untouched). */
function snakeCased(): Record<string, any> {
  const s = reducedSpec(WDBC);
  return {
    name: s.name,
    seed: s.seed,
    model_seeds: 'same',
    dataset: { path: WDBC, id_column: 'id', label_column: 'label', positive_class: 1 },
    feature_sets: s.featureSets,
    validation: { split: { type: 'stratified_holdout', test_size: 0.2 }, cv: s.validation.cv },
    steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05, fallback_k: 8 } }, { lasso: { alpha: 'cv', cv: 10, n_alphas: 100, max_iter: 1000 } }],
    sampler: s.sampler,
    models: [{ id: 'logistic_regression', params: { max_iter: 1000 }, grid: { C: [0.01, 0.1] } }],
    metrics: { threshold: 0.5, bootstrap: 200, calibration_bins: 10 },
    limits: { max_configurations: 100 },
    leaky_replicate_as_published: false,
  };
}

function camelCased(): Record<string, any> {
  const s = reducedSpec(WDBC);
  return {
    ...s,
    modelSeeds: 'same',
    steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05, fallbackK: 8 } }, { lasso: { alpha: 'cv', cv: 10, nAlphas: 100, maxIter: 1000 } }],
    models: [{ id: 'logistic_regression', params: { max_iter: 1000 }, grid: { C: [0.01, 0.1] } }],
    limits: { maxConfigurations: 100 },
    leakyReplicateAsPublished: false,
  };
}

const load = (spec: unknown) => loadExperiment(writeExperiment(tempDir(), spec));
const errorOf = (spec: unknown) => experimentErrorOf(spec);

describe('spec key spelling: camelCase, snake_case accepted as an alias', () => {
  it('a spec written in snake_case resolves to exactly the camelCase one', () => {
    const { file: _a, ...fromSnake } = load(snakeCased());
    const { file: _b, ...fromCamel } = load(camelCased());
    expect(fromSnake).toEqual(fromCamel);
    expect(fromSnake.steps[3]).toEqual({ id: 'lasso', params: { alpha: 'cv', cv: 10, nAlphas: 100, maxIter: 1000 } });
    expect(fromSnake.maxConfigurations).toBe(100);
  });

  it('model parameters keep scikit-learn\'s names: max_iter stays, maxIter is an unknown parameter', () => {
    expect(load(camelCased()).models[0].configs[0].params.max_iter).toBe(1000);
    const spec = camelCased();
    spec.models[0].params = { maxIter: 1000 };
    expect(errorOf(spec)).toMatch(/models\[0\]\.params\.maxIter: unknown parameter 'maxIter' for model 'logistic_regression'; known: .*max_iter/);
  });

  it('sampler parameters keep imbalanced-learn\'s names', () => {
    const spec = camelCased();
    spec.sampler = { smote: { kNeighbors: 5 } };
    expect(errorOf(spec)).toMatch(/sampler\.smote\.kNeighbors: unknown parameter 'kNeighbors' for sampler 'smote'/);
  });

  it('both spellings of one key are refused, naming the alias and its line', () => {
    const spec = camelCased();
    spec.dataset.id_column = 'id';
    expect(errorOf(spec)).toMatch(/experiment\.yaml:\d+: dataset\.id_column: 'id_column' is the snake_case alias of 'idColumn', which is also given; write one/);
  });

  it('an error in an aliased key names the key as written, at its line', () => {
    const spec = snakeCased();
    spec.steps[2].welch_ttest.fallback_k = 0;
    const text = JSON.stringify(spec, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"fallback_k"')) + 1;
    const msg = errorOf(text);
    expect(msg).toMatch(new RegExp(`experiment\\.yaml:${line}: steps\\[2\\]\\.welch_ttest\\.fallback_k: must be an integer >= 1, got 0$`));
  });
});
