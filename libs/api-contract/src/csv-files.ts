import type { SurvivalPredictionsCsvColumn } from './survival';

/** `GET /api/runs/:id/predictions.csv` (`?kind=test`, the default) and `/api/dashboard/results/:id/predictions.csv`: the header row. */
export const TEST_PREDICTIONS_CSV_COLUMNS = ['feature_set', 'model', 'id', 'label', 'probability'] as const;

/** `GET /api/runs/:id/predictions.csv?kind=oof`: the header row (each model's best configuration, every CV split). */
export const OOF_PREDICTIONS_CSV_COLUMNS = ['feature_set', 'model', 'fold', 'id', 'label', 'probability'] as const;

/** `GET /api/runs/:id/survival/predictions.csv`: the header row's first columns, then `survival_at_<h>` per horizon. */
export const SURVIVAL_PREDICTIONS_CSV_COLUMNS: readonly SurvivalPredictionsCsvColumn[] = ['endpoint', 'feature_set', 'model', 'id', 'time', 'event', 'linear_predictor'];

/**
 * `GET /api/runs/:id/survival/leaderboard.csv`: the header row, a row per endpoint x feature set x model, where
 * `td_auc_at_<h>` stands for one column per td-AUC horizon of the run, ascending (survivalLeaderboardCsvColumns).
 */
export const SURVIVAL_LEADERBOARD_CSV_COLUMNS = [
  'endpoint', 'feature_set', 'model', 'best_by_cv', 'cv_c_index', 'cv_c_index_sd', 'test_harrell_c', 'test_harrell_c_lower', 'test_harrell_c_upper',
  'test_uno_c', 'uno_tau', 'td_auc_at_<h>', 'ibs', 'ibs_null', 'calibration_slope', 'trained_at_horizon', 'excluded_censored', 'error',
] as const;

/** The survival leaderboard CSV's header row for these horizons (ascending): `td_auc_at_<h>` spelled out per horizon. */
export function survivalLeaderboardCsvColumns(horizons: readonly number[]): string[] {
  return SURVIVAL_LEADERBOARD_CSV_COLUMNS.flatMap((c) => (c === 'td_auc_at_<h>' ? horizons.map((h) => `td_auc_at_${h}`) : [c]));
}

/**
 * Where a CSV answer's header row differs from the contract's `columns` (then, when `each` is given, any number of
 * columns matching it, e.g. /^survival_at_\d/): one sentence per difference, none when it matches.
 */
export function csvHeaderProblems(csv: string, columns: readonly string[], each?: RegExp): string[] {
  const header = csv.slice(0, csv.indexOf('\n') < 0 ? csv.length : csv.indexOf('\n')).split(',');
  const problems = columns.flatMap((c, i) => (header[i] === c ? [] : [`column ${i + 1} is '${header[i] ?? '(none)'}', the contract says '${c}'`]));
  for (const [i, c] of header.slice(columns.length).entries()) {
    if (!each?.test(c)) problems.push(`column ${columns.length + i + 1} '${c}' is not a column of the contract`);
  }
  return problems;
}
