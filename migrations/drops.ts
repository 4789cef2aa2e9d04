import type { MigrationInterface } from 'typeorm';

/** A column that reverting a migration drops from a table that stays; `key` names a row in a backup. */
export interface DroppedColumn {
  table: string;
  column: string;
  key: string[];
}

/**
 * What reverting (`down`) a migration drops, so `radsweep migrate --down` can
 * count the stored rows it would lose, refuse without --force and back them up
 * first. `restoredOnUp` says what the migration's `up` recomputes from other rows.
 */
export interface MigrationDrops {
  tables: string[];
  columns: DroppedColumn[];
  restoredOnUp?: string;
}

/** A migration of this project: its up and down, and what the down drops. */
export interface RevertibleMigration extends MigrationInterface {
  readonly name: string;
  readonly drops: MigrationDrops;
}
