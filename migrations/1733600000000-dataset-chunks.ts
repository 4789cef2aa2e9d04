import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * Dataset cells (Arrow IPC files) stored as 256 KiB chunks keyed by the file's
 * sha256, written and read one chunk per statement: a 200 MB upload no longer
 * travels as one bytea parameter (gigabytes of memory, the embedded store busy
 * for minutes). Datasets stored before keep their dataset_files row.
 * A revert loses nothing: every chunked dataset goes back to one dataset_files row first.
 */
export class DatasetChunks1733600000000 implements RevertibleMigration {
  readonly name = 'DatasetChunks1733600000000';
  /** What `down` drops (read by `radsweep migrate --down`): nothing stored, the chunks move to dataset_files. */
  readonly drops: MigrationDrops = { tables: [], columns: [] };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "dataset_chunks" (
      "arrow_sha256" text NOT NULL,
      "seq" integer NOT NULL,
      "bytes" bytea NOT NULL,
      CONSTRAINT "dataset_chunks_pkey" PRIMARY KEY ("arrow_sha256", "seq"))`);
    // Stored out of line without compression: Arrow's float columns hardly compress, and trying costs the embedded store CPU.
    await q.query(`ALTER TABLE "dataset_chunks" ALTER COLUMN "bytes" SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO "dataset_files" ("dataset_id", "arrow")
       SELECT d."id", string_agg(c."bytes", ''::bytea ORDER BY c."seq")
         FROM "datasets" d JOIN "dataset_chunks" c ON c."arrow_sha256" = d."arrow_sha256"
        WHERE NOT EXISTS (SELECT 1 FROM "dataset_files" f WHERE f."dataset_id" = d."id")
        GROUP BY d."id"`,
    );
    await q.query(`DROP TABLE "dataset_chunks"`);
  }
}
