import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';
import { oofFoldsOf } from './oof-folds';

interface RunFolds {
  split: { trainIds: string[] };
  cv: { type: string; foldsPerRepeat: number; foldOfTrainId: number[][] };
}

/**
 * Out-of-fold predictions carry each patient's CV split (`prediction_sets.folds`,
 * null for test predictions); a running task's worker proves it is alive
 * (`run_tasks.heartbeat_at`); a run keeps the fold assignment given at its launch
 * (`runs.fold_assignment`, {id: fold}). On a store that had them before (up after
 * a down), all three are recomputed from the rows that stayed: folds and fold
 * assignments from each run's fixed split and folds (`runs.split`, `runs.cv`),
 * and a running task's heartbeat starts now.
 */
export class OofHeartbeatsFolds1732500000000 implements RevertibleMigration {
  name = 'OofHeartbeatsFolds1732500000000';
  readonly drops: MigrationDrops = {
    tables: [],
    columns: [
      { table: 'runs', column: 'fold_assignment', key: ['id'] },
      { table: 'run_tasks', column: 'heartbeat_at', key: ['id'] },
      { table: 'prediction_sets', column: 'folds', key: ['model_result_id', 'kind'] },
    ],
    restoredOnUp: 'OOF fold numbers and launch fold assignments are recomputed from runs.split and runs.cv; running tasks get a fresh heartbeat',
  };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "prediction_sets" ADD COLUMN "folds" smallint[]`);
    await q.query(`ALTER TABLE "run_tasks" ADD COLUMN "heartbeat_at" timestamptz`);
    await q.query(`ALTER TABLE "runs" ADD COLUMN "fold_assignment" jsonb`);
    await q.query(`UPDATE "run_tasks" SET "heartbeat_at" = now() WHERE "status" = 'running'`);
    const runs: ({ id: string } & RunFolds)[] = await q.query(`SELECT "id", "split", "cv" FROM "runs"`);
    for (const run of runs) {
      if (run.cv.type === 'fold_assignment') {
        const assignment = Object.fromEntries(run.split.trainIds.map((id, i) => [id, run.cv.foldOfTrainId[0][i]]));
        await q.query(`UPDATE "runs" SET "fold_assignment" = $1 WHERE "id" = $2`, [JSON.stringify(assignment), run.id]);
      }
      const sets: { model_result_id: string }[] = await q.query(
        `SELECT p."model_result_id" FROM "prediction_sets" p JOIN "model_results" m ON m."id" = p."model_result_id" WHERE m."run_id" = $1 AND p."kind" = 'oof'`,
        [run.id],
      );
      for (const { model_result_id } of sets) {
        const [{ ids }]: { ids: string[] }[] = await q.query(`SELECT "ids" FROM "prediction_sets" WHERE "model_result_id" = $1 AND "kind" = 'oof'`, [model_result_id]);
        const folds = oofFoldsOf(ids, run.split.trainIds, run.cv.foldOfTrainId, run.cv.foldsPerRepeat);
        if (!folds) throw new Error(`run ${run.id}: the out-of-fold predictions of model result ${model_result_id} do not match the run's folds; restore prediction_sets.folds from a backup`);
        await q.query(`UPDATE "prediction_sets" SET "folds" = $1 WHERE "model_result_id" = $2 AND "kind" = 'oof'`, [folds, model_result_id]);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "runs" DROP COLUMN "fold_assignment"`);
    await q.query(`ALTER TABLE "run_tasks" DROP COLUMN "heartbeat_at"`);
    await q.query(`ALTER TABLE "prediction_sets" DROP COLUMN "folds"`);
  }
}
