import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * Radiomics extraction on the server: `extractions` (source, parameter file, status, the dataset made) and
 * `extraction_cases` (one queue task per case: status, error, input sha256, features until the dataset is
 * made), and `datasets.provenance` (an extraction's dataset: parameter file, software, each input's sha256).
 * An uploaded archive's image and mask files are stored in dataset_chunks under their sha256.
 * A revert drops the two tables and the column (`radsweep migrate --down` counts their rows and refuses
 * without --force); the datasets made stay, as plain datasets.
 */
export class RadiomicsExtractions1735200000000 implements RevertibleMigration {
  readonly name = 'RadiomicsExtractions1735200000000';
  readonly drops: MigrationDrops = {
    tables: ['extraction_cases', 'extractions'],
    columns: [{ table: 'datasets', column: 'provenance', key: ['id'] }],
  };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "datasets" ADD "provenance" jsonb`);
    await q.query(`CREATE TABLE "extractions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "project_id" uuid,
      "name" text NOT NULL,
      "source" text NOT NULL,
      "location" text NOT NULL,
      "archive_sha256" text,
      "params_text" text NOT NULL,
      "params_sha256" text NOT NULL,
      "software" text NOT NULL,
      "extra_columns" jsonb NOT NULL,
      "label_column" text,
      "status" text NOT NULL,
      "cases_total" integer NOT NULL,
      "cases_done" integer NOT NULL DEFAULT 0,
      "cases_failed" integer NOT NULL DEFAULT 0,
      "dataset_id" uuid,
      "error" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "finished_at" timestamptz,
      CONSTRAINT "extractions_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "extractions_project_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT,
      CONSTRAINT "extractions_dataset_fk" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT)`);
    await q.query(`CREATE INDEX "extractions_project_idx" ON "extractions" ("project_id")`);
    await q.query(`CREATE TABLE "extraction_cases" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "extraction_id" uuid NOT NULL,
      "position" integer NOT NULL,
      "case_id" text NOT NULL,
      "label" integer,
      "extra" jsonb NOT NULL,
      "image" text NOT NULL,
      "mask" text NOT NULL,
      "image_path" text,
      "mask_path" text,
      "image_sha256" text,
      "mask_sha256" text,
      "status" text NOT NULL,
      "attempts" integer NOT NULL DEFAULT 0,
      "job_id" text,
      "worker" text,
      "heartbeat_at" timestamptz,
      "error" text,
      "features" jsonb,
      "started_at" timestamptz,
      "finished_at" timestamptz,
      CONSTRAINT "extraction_cases_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "extraction_cases_extraction_fk" FOREIGN KEY ("extraction_id") REFERENCES "extractions"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "extraction_cases_case_key" ON "extraction_cases" ("extraction_id", "case_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // An upload's image and mask bytes no dataset uses go with the tables that name them.
    await q.query(
      `DELETE FROM "dataset_chunks" c
        WHERE c."arrow_sha256" IN (SELECT "image_sha256" FROM "extraction_cases" UNION SELECT "mask_sha256" FROM "extraction_cases")
          AND NOT EXISTS (SELECT 1 FROM "datasets" d WHERE d."arrow_sha256" = c."arrow_sha256")`,
    );
    await q.query(`DROP TABLE "extraction_cases"`);
    await q.query(`DROP TABLE "extractions"`);
    await q.query(`ALTER TABLE "datasets" DROP COLUMN "provenance"`);
  }
}
