import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * Run curation (issue 13): a run's name, notes (Markdown), tags and archive time on `runs`; the
 * pre-specified final model of each run and endpoint in `run_final_models` (a mark, never used to
 * choose anything); an index on (created_at, id) for the runs list's keyset paging.
 * A revert drops the table and the columns (`radsweep migrate --down` counts them and refuses without --force).
 */
export class RunCuration1735500000000 implements RevertibleMigration {
  readonly name = 'RunCuration1735500000000';
  readonly drops: MigrationDrops = {
    tables: ['run_final_models'],
    columns: [
      { table: 'runs', column: 'name', key: ['id'] },
      { table: 'runs', column: 'notes', key: ['id'] },
      { table: 'runs', column: 'tags', key: ['id'] },
      { table: 'runs', column: 'archived_at', key: ['id'] },
    ],
  };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "runs" ADD "name" text`);
    // null when empty, so `migrate --down` counts only runs that hold notes or tags (revert-plan.ts counts non-null values)
    await q.query(`ALTER TABLE "runs" ADD "notes" text`);
    await q.query(`ALTER TABLE "runs" ADD "tags" jsonb`);
    await q.query(`ALTER TABLE "runs" ADD "archived_at" timestamptz`);
    await q.query(`CREATE INDEX "runs_created_at_id_idx" ON "runs" ("created_at", "id")`);
    await q.query(`CREATE TABLE "run_final_models" (
      "run_id" uuid NOT NULL,
      "endpoint" text NOT NULL,
      "model_result_id" uuid,
      "survival_model_result_id" uuid,
      "marked_by_id" uuid,
      "marked_by_name" text NOT NULL,
      "marked_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "run_final_models_pkey" PRIMARY KEY ("run_id", "endpoint"),
      CONSTRAINT "run_final_models_run_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE,
      CONSTRAINT "run_final_models_model_fk" FOREIGN KEY ("model_result_id") REFERENCES "model_results"("id") ON DELETE CASCADE,
      CONSTRAINT "run_final_models_survival_model_fk" FOREIGN KEY ("survival_model_result_id") REFERENCES "survival_model_results"("id") ON DELETE CASCADE)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "run_final_models"`);
    await q.query(`DROP INDEX "runs_created_at_id_idx"`);
    for (const column of ['archived_at', 'tags', 'notes', 'name']) await q.query(`ALTER TABLE "runs" DROP COLUMN "${column}"`);
  }
}
