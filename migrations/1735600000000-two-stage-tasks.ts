import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * The two-stage task graph of a run (issue 15): a run's tasks can be stage tasks besides whole feature
 * sets. `stage` ('sweep' = a whole feature set, as before; 'prepare' = one fold's preprocessing chain;
 * 'fit' = a batch of CV fits; 'combine' = one model's choice, refit and test scores), `part` (the fold,
 * batch or model index within the feature set), `stage_spec` (what the task does: its fold, its fits),
 * `depends_on` (the tasks whose artefacts it reads: it is queued when they are done; until then its
 * status is 'waiting') and `artefact` (the sha256 key of what it stored). A feature set now has many
 * rows, so its unique key gains the stage and the part.
 * A revert deletes the stage rows (a run made of them cannot be run by the older code) and the columns.
 */
export class TwoStageTasks1735600000000 implements RevertibleMigration {
  readonly name = 'TwoStageTasks1735600000000';
  readonly drops: MigrationDrops = {
    tables: [],
    // stage and part hold their defaults on every row a revert keeps; stage_spec is set on exactly the stage rows it deletes.
    columns: [
      { table: 'run_tasks', column: 'stage_spec', key: ['id'] },
      { table: 'run_tasks', column: 'depends_on', key: ['id'] },
      { table: 'run_tasks', column: 'artefact', key: ['id'] },
    ],
  };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "run_tasks" ADD "stage" text NOT NULL DEFAULT 'sweep'`);
    await q.query(`ALTER TABLE "run_tasks" ADD "part" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "run_tasks" ADD "stage_spec" jsonb`);
    await q.query(`ALTER TABLE "run_tasks" ADD "depends_on" uuid array`);
    await q.query(`ALTER TABLE "run_tasks" ADD "artefact" text`);
    await q.query(`DROP INDEX "run_tasks_run_feature_set_key"`);
    await q.query(`CREATE UNIQUE INDEX "run_tasks_run_feature_set_key" ON "run_tasks" ("run_id", "feature_set", "stage", "part")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "run_tasks" WHERE "stage" <> 'sweep'`);
    await q.query(`DROP INDEX "run_tasks_run_feature_set_key"`);
    await q.query(`CREATE UNIQUE INDEX "run_tasks_run_feature_set_key" ON "run_tasks" ("run_id", "feature_set")`);
    for (const c of ['artefact', 'depends_on', 'stage_spec', 'part', 'stage']) await q.query(`ALTER TABLE "run_tasks" DROP COLUMN "${c}"`);
  }
}
