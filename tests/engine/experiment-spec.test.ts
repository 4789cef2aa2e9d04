import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { MODEL_IDS } from '@radsweep/classifiers';
import { EXPERIMENT_SCHEMA, countGrid, expandGrid, loadExperiment } from '@radsweep/pipeline';
import { readJson, sharedPath } from '../support/shared';
import { REPO, experimentErrorOf, reducedSpec, tempDir, writeExperiment } from './support';

const WDBC = sharedPath('data', 'wdbc.csv');

const errorOf = experimentErrorOf;

describe('grid expansion in scikit-learn ParameterGrid order', () => {
  // The reference's cv_results list configurations in the order GridSearchCV evaluated them.
  const ref = readJson('reference', 'wdbc-sweep.json');
  for (const m of ref.models as any[]) {
    it(`${m.model}: ${m.n_configs} configurations in the reference's order`, () => {
      const expected = (m.cv_results as any[]).map((c) => c.params);
      expect(expandGrid(m.grid)).toEqual(expected);
      expect(countGrid(m.grid)).toBe(m.n_configs);
    });
  }

  it('a model without grid has one configuration; fixed params are not grid params', () => {
    expect(expandGrid(undefined)).toEqual([{}]);
  });
});

describe('the shipped experiments', () => {
  it('examples/seed-protocol.yaml has the fifteen models and the 68 configurations of the seed protocol', () => {
    const exp = loadExperiment(join(REPO, 'examples/seed-protocol.yaml'));
    expect(exp.models.map((m) => m.id)).toEqual([...MODEL_IDS]);
    const perModel = Object.fromEntries(exp.models.map((m) => [m.id, m.configs.length]));
    expect(perModel).toEqual({
      logistic_regression: 4, lda: 2, qda: 3, gaussian_nb: 3, bernoulli_nb: 2, knn: 10, decision_tree: 6, random_forest: 4,
      extra_trees: 4, bagging: 2, adaboost: 4, gradient_boosting: 8, lightgbm: 8, calibrated_svm: 4, mlp: 4,
    });
    expect(exp.featureSets.map((f) => f.name)).toEqual(['radiomics', 'radiomics_clinical']);
    expect(exp.seed).toBe(42);
    expect(exp.steps.map((s) => s.id)).toEqual(['median_imputer', 'standard_scaler', 'welch_ttest', 'lasso']);
    expect(exp.sampler).toEqual({ id: 'smote', params: { k_neighbors: 5 } });
    expect(exp.dataset.file).toBe(join(REPO, 'examples/data/crlm-synthetic-radsweep.csv'));
  });

  it('docs/experiment.schema.json is the schema the validator uses', () => {
    const published = JSON.parse(readFileSync(join(REPO, 'docs/experiment.schema.json'), 'utf8'));
    expect(published).toEqual(EXPERIMENT_SCHEMA);
    expect(published.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});

describe('experiment errors name the file, line and key path', () => {
  const base = () => reducedSpec(WDBC);

  it('a bad grid value names models[i].grid.param[j]', () => {
    const spec = base();
    spec.models[0].grid.C = [0.1, 'x'];
    const msg = errorOf(spec);
    expect(msg).toMatch(/experiment\.yaml:\d+: models\[0\]\.grid\.C\[1\]: /);
    expect(msg).toContain('expected a number');
  });

  it('an unknown model id lists the known ids', () => {
    const spec = base();
    spec.models[2].id = 'xgboost';
    const msg = errorOf(spec);
    expect(msg).toContain('models[2].id');
    expect(msg).toContain("unknown model id 'xgboost'");
    for (const id of MODEL_IDS) expect(msg).toContain(id);
  });

  it('an unknown parameter lists the model\'s parameters', () => {
    const spec = base();
    spec.models[1].grid = { smoothing: [1] };
    const msg = errorOf(spec);
    expect(msg).toContain('models[1].grid.smoothing[0]');
    expect(msg).toContain("unknown parameter 'smoothing'");
    expect(msg).toContain('var_smoothing');
  });

  it('an unknown key lists the allowed keys', () => {
    const spec = base();
    spec.validation.cv.fold = 5;
    const msg = errorOf(spec);
    expect(msg).toContain('validation.cv');
    expect(msg).toContain("unknown key 'fold'");
  });

  it('a missing required key is named', () => {
    const spec = base();
    delete spec.dataset.labelColumn;
    expect(errorOf(spec)).toMatch(/dataset: missing required key 'labelColumn'/);
  });

  it('an unknown split type lists the allowed ones', () => {
    const spec = base();
    spec.validation.split = { type: 'random', testSize: 0.2 };
    const msg = errorOf(spec);
    expect(msg).toContain('validation.split');
    expect(msg).toContain('stratified_holdout');
    expect(msg).toContain('test_ids');
  });

  it('an unknown step names the steps', () => {
    const spec = base();
    spec.steps.push({ pca: {} });
    const msg = errorOf(spec);
    expect(msg).toContain('steps[4]');
    expect(msg).toContain("unknown key 'pca'");
    expect(msg).toContain('welch_ttest');
  });

  it('an unknown sampler parameter is named with the known ones', () => {
    const spec = base();
    spec.sampler = { smote: { k: 5 } };
    const msg = errorOf(spec);
    expect(msg).toContain('sampler.smote');
    expect(msg).toContain('k_neighbors');
  });

  it('a model listed twice is refused', () => {
    const spec = base();
    spec.models.push({ id: 'gaussian_nb' });
    expect(errorOf(spec)).toContain("model 'gaussian_nb' is already listed at models[1]");
  });

  it('a grid above the configuration limit reports the count', () => {
    const spec = base();
    spec.limits = { maxConfigurations: 40 };
    // (4 + 3 + 2) configurations x 5 folds = 45
    const msg = errorOf(spec);
    expect(msg).toContain('9 configurations x 5 CV splits = 45 fits');
    expect(msg).toContain('limit of 40');
    expect(msg).toContain('limits.maxConfigurations');
  });

  it('an empty file, a non-mapping and broken YAML are input errors naming the file', () => {
    expect(errorOf('   \n')).toMatch(/experiment\.yaml: experiment file is empty/);
    expect(errorOf('- a\n- b\n')).toMatch(/experiment\.yaml: expected a mapping/);
    expect(errorOf('name: [unclosed\n')).toMatch(/experiment\.yaml(:\d+)?: not valid YAML/);
  });

  it('a missing experiment file and a missing test-id file are named', () => {
    expect(() => loadExperiment('/nonexistent/exp.yaml')).toThrow(/exp\.yaml: experiment file not found/);
    const spec = base();
    spec.validation.split = { type: 'test_ids', file: 'missing-ids.txt' };
    expect(errorOf(spec)).toMatch(/missing-ids\.txt: test-id file not found/);
  });

  it('JSON experiments are read the same way', () => {
    const dir = tempDir();
    const path = writeExperiment(dir, JSON.stringify(base(), null, 2), 'experiment.json');
    const exp = loadExperiment(path);
    expect(exp.models[0].configs.map((c) => c.gridParams)).toEqual([{ C: 0.01 }, { C: 0.1 }, { C: 1 }, { C: 10 }]);
    expect(exp.models[0].configs[0].params.max_iter).toBe(1000); // registry default filled in
  });
});
