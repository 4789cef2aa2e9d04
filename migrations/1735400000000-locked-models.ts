import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * Locked models and their external validations: `locked_models` (a sealed locked-model file's exact text
 * and what it is; a trigger refuses any UPDATE or DELETE of a row, so a locked model never changes once
 * stored, whatever code path tries), `external_validations` (one queue task per validation: request,
 * status, the engine's report) and `external_predictions` (the external predictions, parallel arrays).
 * A revert drops the three tables (`radsweep migrate --down` counts their rows and refuses without --force).
 */
export class LockedModels1735400000000 implements RevertibleMigration {
  readonly name = 'LockedModels1735400000000';
  readonly drops: MigrationDrops = {
    tables: ['external_predictions', 'external_validations', 'locked_models'],
    columns: [],
  };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "locked_models" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "project_id" uuid,
      "run_id" uuid NOT NULL,
      "model_result_id" uuid NOT NULL,
      "name" text NOT NULL,
      "feature_set" text NOT NULL,
      "model" text NOT NULL,
      "endpoint_type" text NOT NULL,
      "sha256" text NOT NULL,
      "file_sha256" text NOT NULL,
      "format_version" integer NOT NULL,
      "verification" jsonb NOT NULL,
      "created_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "text" text NOT NULL,
      CONSTRAINT "locked_models_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "locked_models_project_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT,
      CONSTRAINT "locked_models_run_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE RESTRICT,
      CONSTRAINT "locked_models_model_result_fk" FOREIGN KEY ("model_result_id") REFERENCES "model_results"("id") ON DELETE RESTRICT)`);
    await q.query(`CREATE INDEX "locked_models_project_idx" ON "locked_models" ("project_id")`);
    await q.query(`CREATE INDEX "locked_models_model_result_idx" ON "locked_models" ("model_result_id")`);
    // A locked model never changes: the store itself refuses, not only the absence of an update route.
    await q.query(`CREATE FUNCTION "locked_models_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'locked model % is immutable: % refused', OLD."id", TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER "locked_models_immutable" BEFORE UPDATE OR DELETE ON "locked_models" FOR EACH ROW EXECUTE FUNCTION "locked_models_immutable"()`);
    await q.query(`CREATE TABLE "external_validations" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "project_id" uuid,
      "locked_model_id" uuid NOT NULL,
      "dataset_id" uuid NOT NULL,
      "centre_column" text,
      "recalibration" jsonb,
      "bootstrap" integer NOT NULL,
      "status" text NOT NULL,
      "attempts" integer NOT NULL DEFAULT 0,
      "job_id" text,
      "worker" text,
      "error" text,
      "report" jsonb,
      "created_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "started_at" TIMESTAMP WITH TIME ZONE,
      "finished_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "external_validations_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "external_validations_project_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT,
      CONSTRAINT "external_validations_locked_model_fk" FOREIGN KEY ("locked_model_id") REFERENCES "locked_models"("id") ON DELETE RESTRICT,
      CONSTRAINT "external_validations_dataset_fk" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT)`);
    await q.query(`CREATE INDEX "external_validations_locked_model_idx" ON "external_validations" ("locked_model_id")`);
    await q.query(`CREATE TABLE "external_predictions" (
      "validation_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "ids" text array NOT NULL,
      "centres" text array,
      "labels" smallint array,
      "probabilities" float8 array,
      "times" float8 array,
      "events" smallint array,
      "linear_predictors" float8 array,
      "survival_times" float8 array,
      "survival" float8 array,
      CONSTRAINT "external_predictions_pkey" PRIMARY KEY ("validation_id", "kind"),
      CONSTRAINT "external_predictions_validation_fk" FOREIGN KEY ("validation_id") REFERENCES "external_validations"("id") ON DELETE CASCADE)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "external_predictions"`);
    await q.query(`DROP TABLE "external_validations"`);
    await q.query(`DROP TABLE "locked_models"`);
    await q.query(`DROP FUNCTION "locked_models_immutable"()`);
  }
}
