import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * Survival models can be locked through the server, and validations get a heartbeat and a seed:
 * - `locked_models.survival_model_result_id` (the survival_model_results row a survival model was locked
 *   from); `model_result_id` becomes nullable, and a check keeps exactly one of the two set.
 * - `external_validations.seed` (the bootstrap's seed, 42 for the validations stored before it was asked)
 *   and `external_validations.heartbeat_at` (the running attempt's last heartbeat, the database's now():
 *   the lost-task sweep hands a silent validation to another worker).
 * A revert drops the three columns; `radsweep migrate --down --force` first deletes the survival locked
 * models (and their validations) with the immutability trigger suspended for that statement's transaction.
 */
export class SurvivalLocksValidationHeartbeats1735800000000 implements RevertibleMigration {
  readonly name = 'SurvivalLocksValidationHeartbeats1735800000000';
  readonly drops: MigrationDrops = {
    tables: [],
    columns: [
      { table: 'locked_models', column: 'survival_model_result_id', key: ['id'] },
      { table: 'external_validations', column: 'seed', key: ['id'] },
      { table: 'external_validations', column: 'heartbeat_at', key: ['id'] },
    ],
  };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "locked_models" ALTER COLUMN "model_result_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "locked_models" ADD COLUMN "survival_model_result_id" uuid NULL`);
    await q.query(
      `ALTER TABLE "locked_models" ADD CONSTRAINT "locked_models_survival_model_result_fk" FOREIGN KEY ("survival_model_result_id") REFERENCES "survival_model_results"("id") ON DELETE RESTRICT`,
    );
    await q.query(`ALTER TABLE "locked_models" ADD CONSTRAINT "locked_models_one_result" CHECK (num_nonnulls("model_result_id", "survival_model_result_id") = 1)`);
    await q.query(`CREATE INDEX "locked_models_survival_model_result_idx" ON "locked_models" ("survival_model_result_id")`);
    await q.query(`ALTER TABLE "external_validations" ADD COLUMN "seed" integer NOT NULL DEFAULT 42`);
    await q.query(`ALTER TABLE "external_validations" ADD COLUMN "heartbeat_at" timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "external_validations" DROP COLUMN "heartbeat_at"`);
    await q.query(`ALTER TABLE "external_validations" DROP COLUMN "seed"`);
    // Survival locked models cannot exist in the older schema (model_result_id NOT NULL): a forced revert removes them.
    await q.query(`DELETE FROM "external_validations" WHERE "locked_model_id" IN (SELECT "id" FROM "locked_models" WHERE "survival_model_result_id" IS NOT NULL)`);
    await q.query(`ALTER TABLE "locked_models" DISABLE TRIGGER "locked_models_immutable"`);
    await q.query(`DELETE FROM "locked_models" WHERE "survival_model_result_id" IS NOT NULL`);
    await q.query(`ALTER TABLE "locked_models" ENABLE TRIGGER "locked_models_immutable"`);
    await q.query(`DROP INDEX "locked_models_survival_model_result_idx"`);
    await q.query(`ALTER TABLE "locked_models" DROP CONSTRAINT "locked_models_one_result"`);
    await q.query(`ALTER TABLE "locked_models" DROP COLUMN "survival_model_result_id"`);
    await q.query(`ALTER TABLE "locked_models" ALTER COLUMN "model_result_id" SET NOT NULL`);
  }
}
