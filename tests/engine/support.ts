import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { expect } from 'vitest';
import { Matrix, RadSweepInputError } from '@radsweep/core';
import { Transformer, loadExperiment } from '@radsweep/pipeline';

export const REPO = resolve(__dirname, '../..');

/** A fresh temporary directory for one test's files. */
export function tempDir(prefix = 'radsweep-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A reduced seed protocol (a few fast models) as a plain object, ready to be edited by a test. */
export function reducedSpec(dataPath: string): Record<string, any> {
  return {
    name: 'reduced',
    seed: 42,
    dataset: { path: dataPath, idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
    featureSets: [{ name: 'all', include: ['*'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.2 }, cv: { type: 'stratified_kfold', folds: 5 } },
    steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05 } }, { lasso: { alpha: 'cv', cv: 10, nAlphas: 100 } }],
    sampler: { smote: { k_neighbors: 5 } },
    models: [
      { id: 'logistic_regression', grid: { C: [0.01, 0.1, 1, 10] } },
      { id: 'gaussian_nb', grid: { var_smoothing: [1e-9, 1e-6, 1e-3] } },
      { id: 'decision_tree', grid: { max_depth: [3, null] } },
    ],
    metrics: { threshold: 0.5, bootstrap: 200, calibrationBins: 10 },
  };
}

/** Writes `spec` as YAML (or `text` verbatim) into dir/name and returns the path. */
export function writeExperiment(dir: string, spec: unknown, name = 'experiment.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof spec === 'string' ? spec : stringify(spec));
  return path;
}

/** Loads `spec` written to a temp file; returns the input error's message (fails if none is thrown). */
export function experimentErrorOf(spec: unknown, name?: string): string {
  const path = writeExperiment(tempDir(), spec, name);
  try {
    loadExperiment(path);
  } catch (e) {
    expect(e).toBeInstanceOf(RadSweepInputError);
    return (e as Error).message;
  }
  throw new Error('expected a RadSweepInputError');
}

/** The results file without what legitimately differs between identical runs (timings, worker count). */
export function withoutTimings(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v) => (key === 'timings' || key === 'ms' || key === 'workers' || key.endsWith('Ms') ? undefined : v)),
  );
}

/** A leakage spy step: records the rows (through a `rowtag` column equal to the id) each chain is fitted on. */
export class RowSpy implements Transformer {
  readonly id = 'row_spy';
  fitted = false;
  constructor(
    private readonly tagColumn: number,
    private readonly seen: Set<string>[],
  ) {}
  fit(x: Matrix): this {
    const tags = new Set<string>();
    for (let i = 0; i < x.rows; i++) tags.add(String(x.data[i * x.cols + this.tagColumn]));
    this.seen.push(tags);
    this.fitted = true;
    return this;
  }
  transform(x: Matrix): Matrix {
    return x;
  }
}
