import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Out-of-fold predictions carry each patient's CV split (`prediction_sets.folds`,
 * null for test predictions); a running task's worker proves it is alive
 * (`run_tasks.heartbeat_at`); a run keeps the fold assignment given at its launch
 * (`runs.fold_assignment`, {id: fold}).
 */
export class OofHeartbeatsFolds1732500000000 implements MigrationInterface {
  name = 'OofHeartbeatsFolds1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "prediction_sets" ADD COLUMN "folds" smallint[]`);
    await q.query(`ALTER TABLE "run_tasks" ADD COLUMN "heartbeat_at" timestamptz`);
    await q.query(`ALTER TABLE "runs" ADD COLUMN "fold_assignment" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "runs" DROP COLUMN "fold_assignment"`);
    await q.query(`ALTER TABLE "run_tasks" DROP COLUMN "heartbeat_at"`);
    await q.query(`ALTER TABLE "prediction_sets" DROP COLUMN "folds"`);
  }
}
