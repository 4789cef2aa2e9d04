import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/** The survival tables, in the order a revert drops them (dependents first). */
const TABLES = ['survival_prediction_sets', 'survival_model_results', 'survival_feature_set_results', 'survival_endpoints'];

/**
 * Results of runs with time-to-event endpoints (issue 10): per run and endpoint its split, CV folds and
 * cohort counts (fixed at launch); per endpoint x feature set what the refit chain selected; per model the
 * leaderboard's numbers as columns, the model record's curves and the results file's record as jsonb; every
 * test patient's (and every out-of-fold) linear predictor and predicted survival. Competing events are
 * stored censored (`event` 0), as the engine treats them; `competing_events` says how many there were.
 * A revert drops these tables (their rows are counted and backed up first by `radsweep migrate --down`).
 */
export class SurvivalResults1735000000000 implements RevertibleMigration {
  readonly name = 'SurvivalResults1735000000000';
  readonly drops: MigrationDrops = { tables: TABLES, columns: [] };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "survival_endpoints" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "run_id" uuid NOT NULL,
      "name" text NOT NULL,
      "position" integer NOT NULL,
      "time_column" text NOT NULL,
      "event_column" text NOT NULL,
      "event_codes" jsonb NOT NULL,
      "horizons" jsonb NOT NULL,
      "competing_events" jsonb NOT NULL,
      "cohort" jsonb NOT NULL,
      "test_set_sha256" text NOT NULL,
      "split" jsonb NOT NULL,
      "cv" jsonb NOT NULL,
      CONSTRAINT "survival_endpoints_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "survival_endpoints_run_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "survival_endpoints_run_name_key" ON "survival_endpoints" ("run_id", "name")`);
    await q.query(`CREATE TABLE "survival_feature_set_results" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "run_id" uuid NOT NULL,
      "endpoint_id" uuid NOT NULL,
      "name" text NOT NULL,
      "position" integer NOT NULL,
      "features" jsonb NOT NULL,
      "events" jsonb NOT NULL,
      "selection" jsonb NOT NULL,
      "folds" jsonb NOT NULL,
      "timings" jsonb NOT NULL,
      CONSTRAINT "survival_feature_set_results_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "survival_feature_set_results_run_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE,
      CONSTRAINT "survival_feature_set_results_endpoint_fk" FOREIGN KEY ("endpoint_id") REFERENCES "survival_endpoints"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "survival_feature_set_results_endpoint_name_key" ON "survival_feature_set_results" ("endpoint_id", "name")`);
    await q.query(`CREATE TABLE "survival_model_results" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "run_id" uuid NOT NULL,
      "endpoint_id" uuid NOT NULL,
      "feature_set_result_id" uuid NOT NULL,
      "endpoint" text NOT NULL,
      "feature_set" text NOT NULL,
      "model" text NOT NULL,
      "label" text NOT NULL,
      "position" integer NOT NULL,
      "best_params" jsonb,
      "cv_c_mean" float8,
      "cv_c_sd" float8,
      "test_harrell_c" float8,
      "test_harrell_c_se" float8,
      "test_harrell_c_lower" float8,
      "test_harrell_c_upper" float8,
      "test_uno_c" float8,
      "test_uno_c_se" float8,
      "test_uno_c_lower" float8,
      "test_uno_c_upper" float8,
      "uno_tau" float8,
      "ibs" float8,
      "null_ibs" float8,
      "calibration_slope" float8,
      "calibration_slope_se" float8,
      "classifier_horizon" float8,
      "excluded_censored" integer,
      "at_horizons" jsonb NOT NULL,
      "curves" jsonb,
      "record" jsonb NOT NULL,
      "error" text,
      CONSTRAINT "survival_model_results_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "survival_model_results_run_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE,
      CONSTRAINT "survival_model_results_endpoint_fk" FOREIGN KEY ("endpoint_id") REFERENCES "survival_endpoints"("id") ON DELETE CASCADE,
      CONSTRAINT "survival_model_results_feature_set_fk" FOREIGN KEY ("feature_set_result_id") REFERENCES "survival_feature_set_results"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "survival_model_results_run_idx" ON "survival_model_results" ("run_id")`);
    await q.query(`CREATE UNIQUE INDEX "survival_model_results_fs_model_key" ON "survival_model_results" ("feature_set_result_id", "model")`);
    await q.query(`CREATE TABLE "survival_prediction_sets" (
      "model_result_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "ids" text[] NOT NULL,
      "times" float8[] NOT NULL,
      "events" smallint[] NOT NULL,
      "linear_predictors" float8[] NOT NULL,
      "predicted_at" float8[] NOT NULL,
      "survival" float8[] NOT NULL,
      "folds" smallint[],
      CONSTRAINT "survival_prediction_sets_pkey" PRIMARY KEY ("model_result_id", "kind"),
      CONSTRAINT "survival_prediction_sets_model_result_fk" FOREIGN KEY ("model_result_id") REFERENCES "survival_model_results"("id") ON DELETE CASCADE)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TABLE "${table}"`);
  }
}
