import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_IDS } from '@radsweep/classifiers';
import { cohortFeatures, cohortIds, predictLocked, readLockedModel, readTable } from '@radsweep/pipeline';
import { hasShared, sharedPath } from '../support/shared';
import { REPO, bits, cli, radsweep, readCsvRecords, tempDir } from './support';

/**
 * issue 11: a locked model reproduces its run's test predictions bit for bit, for all fifteen
 * classifiers (a 200-patient WDBC subset, one configuration each, imputer + scaler + t-test + SMOTE)
 * and for the survival models (Rotterdam, each of cox_ph, lasso_cox, random_survival_forest, cox_boost,
 * and a classifier at a horizon). The run and one lock are child processes (an earlier process writes
 * the files this process loads); the locked file is read back from disk with no training data in reach
 * but the file it names. Then every locked file, copied with the cohort into a folder of its own, is
 * loaded by `radsweep predict` in a fresh node process (fresh-process-cli.ts): the stand-in for a
 * restarted server or another machine.
 */
const SURVIVAL_MODELS = ['cox_ph', 'lasso_cox', 'random_survival_forest', 'cox_boost', 'logistic_regression'];

/**
 * Copies the locked files and the cohort into a new folder (no results file, no kept models, no training
 * file beside them) and runs `radsweep predict` on each in one fresh node process; returns each model's
 * prediction CSV as records.
 */
async function predictInFreshProcess(dir: string, modelFiles: Record<string, string>, cohort: string): Promise<Record<string, Record<string, string>[]>> {
  const elsewhere = join(dir, 'elsewhere');
  mkdirSync(elsewhere, { recursive: true });
  copyFileSync(cohort, join(elsewhere, 'cohort.csv'));
  const commands = Object.entries(modelFiles).map(([id, file]) => {
    copyFileSync(file, join(elsewhere, `${id}.locked.json`));
    return ['predict', `${id}.locked.json`, '--data', 'cohort.csv', '--out', `${id}.predictions.csv`];
  });
  const run = await new Promise<{ code: number; stderr: string }>((done) =>
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', join(REPO, 'tests/locked/fresh-process-cli.ts'), JSON.stringify(commands)],
      { cwd: elsewhere, maxBuffer: 64 << 20, env: { ...process.env, SWC_NODE_PROJECT: join(REPO, 'tsconfig.json'), NODE_PATH: join(REPO, 'node_modules') } },
      (error, _stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
    ),
  );
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr.match(/predictions written to/g)).toHaveLength(commands.length);
  return Object.fromEntries(Object.keys(modelFiles).map((id) => [id, readCsvRecords(join(elsewhere, `${id}.predictions.csv`))]));
}

/** Locks each model of `dir/results.json` (in this process) to `dir/fresh-<id>.json`. */
async function lockEach(dir: string, ids: readonly string[]): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const id of ids) {
    files[id] = join(dir, `fresh-${id}.json`);
    expect((await cli(['lock', join(dir, 'results.json'), '--model', id, '--out', files[id]])).code).toBe(0);
  }
  return files;
}

async function lockedPredictions(modelFile: string, dataFile: string) {
  const locked = readLockedModel(readFileSync(modelFile, 'utf8'), modelFile);
  const table = await readTable(dataFile);
  const { x } = cohortFeatures(table, locked.preprocessing.features, [locked.training.idColumn]);
  const ids = cohortIds(table, locked.training.idColumn);
  return { locked, ids, pred: predictLocked(locked, x) };
}

describe.skipIf(!hasShared)('a locked classifier predicts its run\'s test patients bit for bit', () => {
  const dir = tempDir('radsweep-lock15-');
  const data = join(dir, 'wdbc200.csv');
  let results: any;
  beforeAll(async () => {
    writeFileSync(data, readFileSync(sharedPath('data', 'wdbc.csv'), 'utf8').split('\n').slice(0, 201).join('\n') + '\n');
    const fast: Record<string, object> = { random_forest: { n_estimators: 20 }, extra_trees: { n_estimators: 20 }, gradient_boosting: { n_estimators: 20 }, lightgbm: { max_iter: 20 } };
    const spec = {
      name: 'lock15',
      seed: 42,
      dataset: { path: 'wdbc200.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
      featureSets: [{ name: 'all', include: ['*'] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.3 }, cv: { type: 'stratified_kfold', folds: 3 } },
      steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05 } }],
      sampler: { smote: { k_neighbors: 5 } },
      models: MODEL_IDS.map((id) => ({ id, ...(fast[id] ? { params: fast[id] } : {}) })),
      metrics: { threshold: 0.5, bootstrap: 20, calibrationBins: 10 },
    };
    writeFileSync(join(dir, 'exp.yaml'), stringify(spec));
    const run = await radsweep(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'results.json'), '--keep-models', join(dir, 'kept'), '--workers', '1', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lock = await radsweep(['lock', join(dir, 'results.json'), '--model', 'random_forest', '--out', join(dir, 'random_forest.json')]);
    expect(lock.code).toBe(0);
    results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  }, 600_000);

  it('the results file lists every model\'s kept refit and holds no fitted state itself', () => {
    expect(results.keptModels.files.map((f: any) => f.model).sort()).toEqual([...MODEL_IDS].sort());
    expect(results.featureSets[0].models.filter((m: any) => 'kept' in m).length).toBe(0);
  });

  for (const id of MODEL_IDS) {
    it(`${id}: every test probability, bit for bit`, async () => {
      const file = join(dir, `${id}.json`);
      if (id !== 'random_forest') expect((await cli(['lock', join(dir, 'results.json'), '--model', id, '--out', file])).code).toBe(0);
      const { locked, ids, pred } = await lockedPredictions(file, data);
      expect(locked.model.saved.id).toBe(id);
      expect(locked.sampler).toMatchObject({ id: 'smote', trainingOnly: true });
      const m = results.featureSets[0].models.find((r: any) => r.model === id);
      expect(m.predictions.length).toBe(60);
      const row = new Map(ids.map((v, i) => [v, i]));
      const p = (pred as { probability: Float64Array }).probability;
      for (const t of m.predictions) expect(bits(p[row.get(t.id)!])).toBe(bits(t.probability));
    }, 120_000);
  }

  it('every locked classifier, loaded in a fresh process from its file alone, predicts the run\'s test probabilities bit for bit', async () => {
    const files = await lockEach(dir, MODEL_IDS);
    const written = await predictInFreshProcess(dir, files, data);
    expect(Object.keys(written)).toHaveLength(15);
    for (const id of MODEL_IDS) {
      const csv = new Map(written[id].map((rec) => [rec.id, rec.probability]));
      const m = results.featureSets[0].models.find((x: any) => x.model === id);
      expect(m.predictions.length).toBe(60);
      for (const t of m.predictions) expect(bits(Number(csv.get(String(t.id)))), `${id} ${t.id}`).toBe(bits(t.probability));
    }
  }, 600_000);

  it('radsweep predict writes the same probabilities (text that parses to the same doubles); extra columns ignored, and said', async () => {
    const r = await cli(['predict', join(dir, 'random_forest.json'), '--data', data, '--out', join(dir, 'rf.csv')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/column\(s\) the model does not use were ignored/);
    const csv = new Map(readCsvRecords(join(dir, 'rf.csv')).map((rec) => [rec.id, rec.probability]));
    const m = results.featureSets[0].models.find((x: any) => x.model === 'random_forest');
    for (const t of m.predictions) expect(bits(Number(csv.get(t.id)))).toBe(bits(t.probability));
  });
});

describe.skipIf(!hasShared)('a locked survival model predicts its run\'s test patients bit for bit', () => {
  const dir = tempDir('radsweep-locksurv-');
  const data = sharedPath('data', 'survival', 'rotterdam.csv');
  let results: any;
  beforeAll(async () => {
    const spec = {
      name: 'surv-lock',
      seed: 42,
      dataset: { path: data, idColumn: 'id' },
      endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', horizons: [1096, 1826] }],
      featureSets: [{ name: 'clinical', include: ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.2 }, cv: { type: 'stratified_kfold', folds: 3 } },
      steps: [{ median_imputer: {} }, { standard_scaler: {} }, { cox_univariate: { alpha: 0.05, fallbackK: 8 } }],
      models: [
        { id: 'cox_ph' },
        { id: 'lasso_cox', params: { cv_folds: 3 } },
        { id: 'random_survival_forest', params: { n_estimators: 10 } },
        { id: 'cox_boost' },
        { id: 'logistic_regression' },
      ],
    };
    writeFileSync(join(dir, 'exp.yaml'), stringify(spec));
    const run = await radsweep(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'results.json'), '--keep-models', join(dir, 'kept'), '--workers', '1', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  }, 600_000);

  for (const id of SURVIVAL_MODELS) {
    it(`${id}: every test linear predictor and survival at each horizon, bit for bit`, async () => {
      const file = join(dir, `${id}.json`);
      expect((await cli(['lock', join(dir, 'results.json'), '--model', id, '--out', file])).code).toBe(0);
      const { locked, ids, pred } = await lockedPredictions(file, data);
      expect(locked.endpoint.type).toBe('survival');
      expect(locked.model.kind).toBe(id === 'logistic_regression' ? 'classifier_at_horizon' : 'survival');
      if (pred.kind !== 'survival') throw new Error('expected survival predictions');
      const m = results.endpoints[0].featureSets[0].models.find((r: any) => r.model === id);
      expect(pred.times).toEqual(m.predictedAt);
      const row = new Map(ids.map((v, i) => [v, i]));
      const K = pred.times.length;
      expect(m.predictions.length).toBe(597);
      for (const t of m.predictions) {
        const i = row.get(t.id)!;
        expect(bits(pred.linearPredictor[i])).toBe(bits(t.linearPredictor));
        t.survival.forEach((s: number, k: number) => expect(bits(pred.survival[i * K + k])).toBe(bits(s)));
      }
    }, 120_000);
  }

  it('every locked survival model, loaded in a fresh process from its file alone, predicts the run\'s linear predictors and survival bit for bit', async () => {
    const files = await lockEach(dir, SURVIVAL_MODELS);
    const written = await predictInFreshProcess(dir, files, data);
    for (const id of SURVIVAL_MODELS) {
      const m = results.endpoints[0].featureSets[0].models.find((r: any) => r.model === id);
      const byId = new Map(written[id].map((rec) => [rec.id, rec]));
      expect(m.predictions.length).toBe(597);
      for (const t of m.predictions) {
        const rec = byId.get(String(t.id))!;
        expect(bits(Number(rec.linear_predictor)), `${id} ${t.id}`).toBe(bits(t.linearPredictor));
        m.predictedAt.forEach((h: number, k: number) => expect(bits(Number(rec[`survival_at_${h}`]))).toBe(bits(t.survival[k])));
      }
    }
  }, 600_000);
});
