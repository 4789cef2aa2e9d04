import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * The running mean of each model's measured fit time per unit (libs/pipeline two-stage fit-costs.ts),
 * refreshed by every stage-2 batch a worker finishes: what the next launch sizes its batches from.
 * A revert drops it; it is a cache of timings (the committed table takes over, later runs measure again),
 * so its rows are not counted as stored data.
 */
export class FitCostMeans1736000000000 implements RevertibleMigration {
  readonly name = 'FitCostMeans1736000000000';
  readonly drops: MigrationDrops = { tables: [], columns: [] };

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "fit_cost_means" ("model_id" text NOT NULL, "ms_per_unit" double precision NOT NULL, "fits" integer NOT NULL, ` +
        `"updated_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "fit_cost_means_pkey" PRIMARY KEY ("model_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "fit_cost_means"`);
  }
}
