import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * Experiment versions count per project: version n of a name is the n-th
 * experiment of that name IN ITS PROJECT, so a number no longer tells how many
 * experiments of that name other projects hold. Unique per (project, name,
 * version); experiments outside any project (null) count among themselves.
 */
export class ExperimentVersionPerProject1734000000000 implements RevertibleMigration {
  readonly name = 'ExperimentVersionPerProject1734000000000';
  /** Only an index changes; versions are renumbered, nothing is dropped. */
  readonly drops: MigrationDrops = { tables: [], columns: [] };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "experiments_name_version_key"`);
    await q.query(`CREATE UNIQUE INDEX "experiments_project_name_version_key" ON "experiments" ("project_id", "name", "version") NULLS NOT DISTINCT`);
  }

  /** Back to one numbering per name: versions renumbered in creation order, as the global counter would have given them. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "experiments_project_name_version_key"`);
    await q.query(
      `UPDATE "experiments" e SET "version" = n."global_version"
         FROM (SELECT "id", row_number() OVER (PARTITION BY "name" ORDER BY "created_at", "version", "id") AS "global_version" FROM "experiments") n
        WHERE n."id" = e."id" AND e."version" <> n."global_version"`,
    );
    await q.query(`CREATE UNIQUE INDEX "experiments_name_version_key" ON "experiments" ("name", "version")`);
  }
}
