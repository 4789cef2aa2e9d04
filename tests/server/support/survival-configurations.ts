import type { DataSource } from 'typeorm';
import { SurvivalModelResultEntity } from '../../../apps/server/src/survival/survival.entities';
import { storedSurvivalResult } from './access-fixture';

/** The survival run's models with their chosen hyper-parameters and mean CV C-index (one endpoint and feature set). */
export const SURVIVAL_CONFIGURATIONS: [string, Record<string, unknown>, number][] = [
  ['cox_ph', { ties: 'efron', l2: 0 }, 0.7],
  ['lasso_cox', { alpha: 1, lambda: 0.05, standardize: true }, 0.72],
  ['random_survival_forest', { n_estimators: 100, mtry: null, min_node_size: 5 }, 0.74],
  ['cox_boost', { n_estimators: 500, learning_rate: 0.1 }, 0.71],
  ['logistic_regression', { C: 1 }, 0.65], // a classifier at the first horizon
];

/**
 * Stores a survival leaderboard of SURVIVAL_CONFIGURATIONS in `runId` (endpoint rfs, feature set all: storedSurvivalResult's, then one
 * row per further model) for the hyper-parameter filter's tests; returns the model result id of each SURVIVAL_CONFIGURATIONS entry.
 */
export async function storedSurvivalConfigurations(ds: DataSource, runId: string): Promise<string[]> {
  const first = await storedSurvivalResult(ds, runId);
  const { id: _id, ...base } = await ds.manager.findOneByOrFail(SurvivalModelResultEntity, { id: first });
  const ids: string[] = [];
  for (const [k, [model, bestParams, cvCMean]] of SURVIVAL_CONFIGURATIONS.entries()) {
    // the first row is storedSurvivalResult's own (its id kept), the others new rows of its feature set
    ids.push((await ds.manager.save(SurvivalModelResultEntity, { ...base, ...(k === 0 ? { id: first } : {}), model, label: model, position: k, bestParams, cvCMean })).id);
  }
  return ids;
}
