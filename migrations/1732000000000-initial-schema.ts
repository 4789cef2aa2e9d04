import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/** Every table, in the order a revert drops them (dependents first). */
const TABLES = ['prediction_sets', 'model_results', 'feature_set_results', 'run_tasks', 'runs', 'experiments', 'dataset_files', 'datasets'];

/** The tracking store: datasets, experiments (versioned), runs and their tasks, results and predictions. */
export class InitialSchema1732000000000 implements RevertibleMigration {
  name = 'InitialSchema1732000000000';
  readonly drops: MigrationDrops = { tables: TABLES, columns: [] };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "datasets" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "file_name" text NOT NULL,
      "format" text NOT NULL,
      "source_sha256" text NOT NULL,
      "arrow_sha256" text NOT NULL,
      "source_bytes" integer NOT NULL,
      "arrow_bytes" integer NOT NULL,
      "row_count" integer NOT NULL,
      "columns" jsonb NOT NULL,
      "label_column" text,
      "class_balance" jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "datasets_pkey" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "dataset_files" (
      "dataset_id" uuid NOT NULL,
      "arrow" bytea NOT NULL,
      CONSTRAINT "dataset_files_pkey" PRIMARY KEY ("dataset_id"),
      CONSTRAINT "dataset_files_dataset_fk" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE TABLE "experiments" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "version" integer NOT NULL,
      "description" text,
      "spec" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "experiments_pkey" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "experiments_name_version_key" ON "experiments" ("name", "version")`);
    await q.query(`CREATE TABLE "runs" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "experiment_id" uuid NOT NULL,
      "dataset_id" uuid NOT NULL,
      "status" text NOT NULL,
      "seed" integer NOT NULL,
      "test_ids" jsonb,
      "split" jsonb NOT NULL,
      "cv" jsonb NOT NULL,
      "header" jsonb,
      "software" jsonb,
      "tasks_total" integer NOT NULL,
      "tasks_done" integer NOT NULL DEFAULT 0,
      "error" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "started_at" timestamptz,
      "finished_at" timestamptz,
      CONSTRAINT "runs_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "runs_experiment_fk" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE RESTRICT,
      CONSTRAINT "runs_dataset_fk" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT)`);
    await q.query(`CREATE INDEX "runs_experiment_idx" ON "runs" ("experiment_id")`);
    await q.query(`CREATE INDEX "runs_dataset_idx" ON "runs" ("dataset_id")`);
    await q.query(`CREATE TABLE "run_tasks" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "run_id" uuid NOT NULL,
      "feature_set" text NOT NULL,
      "position" integer NOT NULL,
      "status" text NOT NULL,
      "attempts" integer NOT NULL DEFAULT 0,
      "job_id" text,
      "worker" text,
      "fits_done" integer NOT NULL DEFAULT 0,
      "fits_total" integer NOT NULL DEFAULT 0,
      "error" text,
      "started_at" timestamptz,
      "finished_at" timestamptz,
      CONSTRAINT "run_tasks_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "run_tasks_run_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "run_tasks_run_feature_set_key" ON "run_tasks" ("run_id", "feature_set")`);
    await q.query(`CREATE TABLE "feature_set_results" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "run_id" uuid NOT NULL,
      "name" text NOT NULL,
      "position" integer NOT NULL,
      "features" jsonb NOT NULL,
      "class_balance" jsonb NOT NULL,
      "selection" jsonb NOT NULL,
      "folds" jsonb NOT NULL,
      "timings" jsonb NOT NULL,
      CONSTRAINT "feature_set_results_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "feature_set_results_run_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "feature_set_results_run_name_key" ON "feature_set_results" ("run_id", "name")`);
    await q.query(`CREATE TABLE "model_results" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "run_id" uuid NOT NULL,
      "feature_set_result_id" uuid NOT NULL,
      "feature_set" text NOT NULL,
      "model" text NOT NULL,
      "label" text NOT NULL,
      "position" integer NOT NULL,
      "best_params" jsonb,
      "cv_auc_mean" float8,
      "cv_auc_sd" float8,
      "test_auc" float8,
      "test_auc_lower" float8,
      "test_auc_upper" float8,
      "accuracy" float8,
      "recall" float8,
      "specificity" float8,
      "f1" float8,
      "brier" float8,
      "record" jsonb NOT NULL,
      "error" text,
      CONSTRAINT "model_results_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "model_results_run_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE,
      CONSTRAINT "model_results_feature_set_fk" FOREIGN KEY ("feature_set_result_id") REFERENCES "feature_set_results"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "model_results_run_idx" ON "model_results" ("run_id")`);
    await q.query(`CREATE INDEX "model_results_test_auc_idx" ON "model_results" ("test_auc")`);
    await q.query(`CREATE UNIQUE INDEX "model_results_fs_model_key" ON "model_results" ("feature_set_result_id", "model")`);
    await q.query(`CREATE TABLE "prediction_sets" (
      "model_result_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "ids" text[] NOT NULL,
      "labels" smallint[] NOT NULL,
      "probabilities" float8[] NOT NULL,
      CONSTRAINT "prediction_sets_pkey" PRIMARY KEY ("model_result_id", "kind"),
      CONSTRAINT "prediction_sets_model_result_fk" FOREIGN KEY ("model_result_id") REFERENCES "model_results"("id") ON DELETE CASCADE)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TABLE "${table}"`);
  }
}
