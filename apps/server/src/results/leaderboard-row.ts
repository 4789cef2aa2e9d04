import type { LeaderboardRow } from './results.service';
import { groupKey } from './leaderboard-sql';

/** The metric columns a leaderboard row shares between the results API and the dashboard. */
export type ModelResultColumns = Pick<
  LeaderboardRow,
  'featureSet' | 'model' | 'label' | 'bestParams' | 'cvAuc' | 'cvAucSd' | 'testAuc' | 'testAucLower' | 'testAucUpper' | 'accuracy' | 'recall' | 'specificity' | 'f1' | 'brier'
>;

/** A model_results SQL row (snake_case columns) as the leaderboard's camelCase fields, from feature set to Brier score. */
export function modelResultColumns(r: Record<string, any>): ModelResultColumns {
  return {
    featureSet: r.feature_set,
    model: r.model,
    label: r.label,
    bestParams: r.best_params,
    cvAuc: r.cv_auc_mean,
    cvAucSd: r.cv_auc_sd,
    testAuc: r.test_auc,
    testAucLower: r.test_auc_lower,
    testAucUpper: r.test_auc_upper,
    accuracy: r.accuracy,
    recall: r.recall,
    specificity: r.specificity,
    f1: r.f1,
    brier: r.brier,
  };
}

/** The fields every leaderboard route's row has: ids, comparison group, rank by CV, the metric columns and the error. */
export function rankedRowColumns(r: Record<string, any>): Omit<LeaderboardRow, 'datasetId'> {
  return {
    id: r.id,
    runId: r.run_id,
    experimentId: r.experiment_id,
    datasetSha256: r.dataset_sha256,
    testSet: r.test_set,
    group: groupKey(r),
    cvRank: r.cv_rank,
    best: r.cv_rank === 1,
    ...modelResultColumns(r),
    error: r.error,
  };
}
