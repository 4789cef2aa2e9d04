import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ExperimentResults } from '@radsweep/pipeline';
import { formatLeaderboards } from '../../apps/cli/src/leaderboard';
import { readJson, sharedPath } from '../support/shared';
import { tempDir } from '../engine/support';
import { CliRun, radsweep } from './cli-support';

/**
 * End to end through the CLI: a reduced seed protocol (four deterministic models with
 * the protocol's grids, the full chain with LASSO and SMOTE) on WDBC, compared with
 * scikit-learn 1.2's sweep:
 * - with the reference's test ids (--test-ids) and CV folds (a fold assignment): the
 *   training rows are then in file order, not in train_test_split's shuffled order,
 *   so LassoCV's unshuffled inner folds differ and numbers agree to about 0.01;
 * - with the experiment's own stratified holdout (seed 42), which replays
 *   train_test_split and StratifiedKFold draw for draw: every fold AUC equals
 *   scikit-learn's to 1e-9.
 */
const ref = readJson('reference', 'wdbc-sweep.json');
const dir = tempDir('radsweep-e2e-');
const foldCsv = join(dir, 'folds.csv');
writeFileSync(foldCsv, ['id,fold', ...ref.split.train_ids.map((id: number, i: number) => `${id},${ref.split.cv_fold_of_train_id[i]}`)].join('\n') + '\n');
const MODELS: Record<string, { label: string; grid: unknown }> = {
  logistic_regression: { label: 'Logistic Regression', grid: { C: [0.01, 0.1, 1, 10] } },
  lda: { label: 'Linear Discriminant Analysis', grid: [{ solver: ['svd'] }, { solver: ['lsqr'], shrinkage: ['auto'] }] },
  gaussian_nb: { label: 'Gaussian NB', grid: { var_smoothing: [1e-9, 1e-6, 1e-3] } },
  knn: { label: 'K-Nearest Neighbors', grid: { n_neighbors: [3, 5, 7, 9, 11], weights: ['uniform', 'distance'] } },
};
/** Random models replay scikit-learn's draws at the same seed (modelSeeds: same, the default): checked on the split replay only. */
const REPLAY_ONLY: Record<string, { label: string; grid: unknown }> = {
  decision_tree: { label: 'Decision Tree', grid: { max_depth: [3, 5, null], min_samples_leaf: [1, 5] } },
};
const spec = (cv: unknown, models: Record<string, { grid: unknown }>) =>
  stringify({
    name: 'wdbc-reduced',
    seed: 42,
    dataset: { path: sharedPath('data', 'wdbc.csv'), idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
    featureSets: [{ name: 'all', include: ['mean_*', '*_error', 'worst_*'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.2 }, cv },
    steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05 } }, { lasso: { alpha: 'cv', cv: 10, nAlphas: 100 } }],
    sampler: { smote: { k_neighbors: 5 } },
    models: Object.entries(models).map(([id, m]) => ({ id, grid: m.grid })),
  });
const experiment = join(dir, 'wdbc-reduced.yaml');
writeFileSync(experiment, spec({ type: 'fold_assignment', file: 'folds.csv' }, MODELS));
const replayExperiment = join(dir, 'wdbc-replay.yaml');
writeFileSync(replayExperiment, spec({ type: 'stratified_kfold', folds: 5 }, { ...MODELS, ...REPLAY_ONLY }));
const out = join(dir, 'results.json');
const replayOut = join(dir, 'replay.json');
let run: CliRun;
let results: ExperimentResults;
let replay: ExperimentResults;

beforeAll(async () => {
  const runs = await Promise.all([
    radsweep(['run', experiment, '--test-ids', sharedPath('reference', 'wdbc-test-ids.txt'), '--out', out, '--workers', '1']),
    radsweep(['run', replayExperiment, '--out', replayOut, '--workers', '1', '--quiet']),
  ]);
  run = runs[0];
  expect(runs[1].code, runs[1].stderr).toBe(0);
  results = JSON.parse(readFileSync(out, 'utf8'));
  replay = JSON.parse(readFileSync(replayOut, 'utf8'));
}, 600_000);

describe('radsweep run on WDBC with the reference test ids', () => {
  it('exits 0 and prints the leaderboard with the positive class and class balance', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Feature set 'all': 30 columns");
    expect(run.stdout).toContain('Positive class: label = 1. Train: 170 positive of 455 (37.4 %); test: 42 positive of 114 (36.8 %).');
    for (const m of ['Logistic Regression', 'Linear Discriminant Analysis', 'Gaussian Naive Bayes', 'K-Nearest Neighbors']) expect(run.stdout).toMatch(new RegExp(`^${m}`, 'm'));
    expect(run.stderr).toContain('results written to');
  });

  it('uses exactly the reference test patients and CV folds', () => {
    expect(results.split.testIds).toEqual(ref.split.test_ids.map(String));
    const foldOf = new Map(ref.split.train_ids.map((id: number, i: number) => [String(id), ref.split.cv_fold_of_train_id[i]]));
    expect(results.cv.foldOfTrainId[0]).toEqual(results.split.trainIds.map((id) => foldOf.get(id)));
  });

  for (const [id, m] of Object.entries(MODELS)) {
    it(`${m.label}: every configuration's CV AUC and the test AUC within 0.01 of scikit-learn's`, () => {
      const mine = results.featureSets[0].models.find((r) => r.model === id)!;
      const theirs = (ref.models as any[]).find((r) => r.model === m.label);
      expect(mine.cv.perConfig.map((c) => c.params)).toEqual(theirs.cv_results.map((c: any) => c.params));
      mine.cv.perConfig.forEach((c, i) => expect(Math.abs(c.mean - theirs.cv_results[i].mean_auc)).toBeLessThanOrEqual(0.01));
      expect(Math.abs(mine.test!.auc - theirs.test.metrics.auc)).toBeLessThanOrEqual(0.01);
    });
  }

  it('the split replay reproduces the reference split and every fold AUC, best configuration and test AUC of scikit-learn', () => {
    expect(replay.split.testIds).toEqual(ref.split.test_ids.map(String));
    expect(replay.split.trainIds).toEqual(ref.split.train_ids.map(String));
    expect(replay.cv.foldOfTrainId[0]).toEqual(ref.split.cv_fold_of_train_id);
    const sel = replay.featureSets[0].selection.selectedFeatures.map((f) => f.name);
    expect(sel).toEqual(ref.selection_on_training_part.selected);
    for (const [id, m] of Object.entries({ ...MODELS, ...REPLAY_ONLY })) {
      const mine = replay.featureSets[0].models.find((r) => r.model === id)!;
      const theirs = (ref.models as any[]).find((r) => r.model === m.label);
      mine.cv.perConfig.forEach((c, i) => c.foldAuc.forEach((auc, f) => expect(auc, `${id} config ${i} fold ${f}`).toBeCloseTo(theirs.cv_results[i].fold_auc[f], 9)));
      expect(mine.bestParams, id).toEqual(theirs.best_params);
      expect(mine.test!.auc, id).toBeCloseTo(theirs.test.metrics.auc, 9);
      expect(mine.test!.accuracy, id).toBeCloseTo(theirs.test.metrics.accuracy, 9);
      mine.predictions.forEach((p, i) => expect(Math.abs(p.probability - theirs.test_proba[i]), id).toBeLessThan(1e-3));
    }
  });

  it('flags a model that predicts one class for every test patient', () => {
    const edited: ExperimentResults = JSON.parse(JSON.stringify(results));
    edited.featureSets[0].models[2].test!.singleClassPrediction = 0;
    const text = formatLeaderboards(edited);
    const line = text.split('\n').find((l) => l.startsWith(edited.featureSets[0].models[2].label))!;
    expect(line).toContain('ONE CLASS (all negative)');
    expect(formatLeaderboards(results)).not.toContain('ONE CLASS (all');
  });
});
