import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadExperiment, runSurvivalExperiment, SurvivalExperimentResults } from '@radsweep/pipeline';
import { REPO } from './api';

export const ROTTERDAM = join(REPO, 'examples/data/rotterdam.csv');

/**
 * Every 15th patient of the Rotterdam cohort (examples/data; 199 patients, 112 events), as CSV text: small
 * enough for server tests. (The file is ordered: its first rows are nearly all censored.)
 */
export function rotterdamSubset(): string {
  const [header, ...rows] = readFileSync(ROTTERDAM, 'utf8').trimEnd().split('\n');
  return [header, ...rows.filter((_, i) => i % 15 === 0)].join('\n') + '\n';
}

/** A small survival study: one endpoint, two feature sets (two tasks), Cox PH and LASSO-Cox, 3-fold CV. */
export function survivalSpec(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    name: 'rotterdam-small',
    description: 'server survival tests',
    seed: 11,
    dataset: { path: 'rotterdam.csv', idColumn: 'id' },
    endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', eventCodes: [1], horizons: [1096, 1826], riskGroups: 'median' }],
    featureSets: [
      { name: 'clinical', include: ['age', 'size', 'grade', 'nodes', 'pgr', 'er'] },
      { name: 'nodes', include: ['nodes', 'size'] },
    ],
    validation: { split: { type: 'stratified_holdout', testSize: 0.3 }, cv: { type: 'stratified_kfold', folds: 3 } },
    steps: [{ median_imputer: {} }, { standard_scaler: {} }],
    models: [
      { id: 'cox_ph', grid: { ties: ['efron', 'breslow'] } },
      { id: 'lasso_cox', params: { cv_folds: 3 }, grid: { alpha: [1] } },
    ],
    scoring: 'harrell_c',
    ...overrides,
  };
}

/** The CLI engine's results of `spec` on `csv` (written next to the experiment file): what the server must reproduce. */
export async function localSurvivalResults(spec: Record<string, unknown>, csv: string): Promise<SurvivalExperimentResults> {
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-surv-'));
  writeFileSync(join(dir, 'rotterdam.csv'), csv);
  const file = join(dir, 'experiment.yaml');
  writeFileSync(file, stringify(spec));
  const exp = loadExperiment(file);
  return runSurvivalExperiment(exp, { workers: 0 });
}
