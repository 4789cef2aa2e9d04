import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * A binary feature set's own preprocessing chain (`featureSets[].steps` of the spec, when it replaced the
 * experiment's steps), stored with its results so the exported results file is the CLI's. NULL for a
 * feature set on the experiment's steps. A revert drops the column: its values are counted as stored data.
 */
export class FeatureSetSteps1736200000000 implements RevertibleMigration {
  readonly name = 'FeatureSetSteps1736200000000';
  readonly drops: MigrationDrops = { tables: [], columns: [{ table: 'feature_set_results', column: 'steps', key: ['id'] }] };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "feature_set_results" ADD COLUMN "steps" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "feature_set_results" DROP COLUMN "steps"`);
  }
}
