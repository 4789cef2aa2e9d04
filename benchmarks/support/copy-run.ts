/** A query function of the store (`dataSource.query`). */
type Query = (sql: string, params?: unknown[]) => Promise<any>;

/**
 * Stores `copies` copies of a run's rows (run, feature sets, model results; not
 * its predictions) under new run ids in one statement, test AUC and Brier jittered
 * so sorts differ, then ANALYZE: a store of many runs without running them.
 */
export async function copyRun(q: Query, runId: string, copies: number): Promise<void> {
  await q(
    `WITH copies AS (INSERT INTO runs (experiment_id, dataset_id, status, seed, test_ids, split, cv, header, software, tasks_total, tasks_done, started_at, finished_at)
       SELECT experiment_id, dataset_id, status, seed, test_ids, split, cv, header, software, tasks_total, tasks_done, started_at, finished_at
       FROM runs, generate_series(1, $2) WHERE id = $1 RETURNING id),
     sets AS (INSERT INTO feature_set_results (run_id, name, position, features, class_balance, selection, folds, timings)
       SELECT c.id, s.name, s.position, s.features, s.class_balance, s.selection, s.folds, s.timings FROM copies c CROSS JOIN feature_set_results s WHERE s.run_id = $1
       RETURNING id, name, run_id)
     INSERT INTO model_results (run_id, feature_set_result_id, feature_set, model, label, position, best_params, cv_auc_mean, cv_auc_sd, test_auc,
       test_auc_lower, test_auc_upper, accuracy, recall, specificity, f1, brier, record, error)
       SELECT s.run_id, s.id, m.feature_set, m.model, m.label, m.position, m.best_params, m.cv_auc_mean, m.cv_auc_sd, m.test_auc - random() * 0.02,
         m.test_auc_lower, m.test_auc_upper, m.accuracy, m.recall, m.specificity, m.f1, m.brier + random() * 0.01, m.record, m.error
       FROM sets s JOIN model_results m ON m.feature_set = s.name AND m.run_id = $1`,
    [runId, copies],
  );
  await q('ANALYZE');
}
