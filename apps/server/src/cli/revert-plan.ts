import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import type { MigrationDrops, RevertibleMigration } from '../../../../migrations/drops';

/** One thing a revert drops and how many stored rows (tables) or non-null values (columns) it holds. */
export interface DroppedData {
  what: string;
  rows: number;
}

/** The last applied migration, what reverting it drops, and how much stored data that is. */
export interface RevertPlan {
  migration: string;
  drops: MigrationDrops;
  counts: DroppedData[];
  /** Rows and values lost in all. */
  total: number;
}

const MIGRATIONS_TABLE = 'radsweep_migrations';
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What `migrate --down` would revert now; null when no migration is applied (the store is at its base). */
export async function planRevert(db: DataSource): Promise<RevertPlan | null> {
  const [{ present }] = await db.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [MIGRATIONS_TABLE]);
  if (!present) return null;
  const last: { name: string }[] = await db.query(`SELECT "name" FROM ${q(MIGRATIONS_TABLE)} ORDER BY "timestamp" DESC LIMIT 1`);
  if (last.length === 0) return null;
  const migration = MIGRATIONS.map((M) => new M() as RevertibleMigration).find((m) => m.name === last[0].name);
  if (!migration) throw new Error(`the store's last migration ${last[0].name} is not one this version knows: revert it with the version that applied it`);
  const counts: DroppedData[] = [];
  for (const table of migration.drops.tables) {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ${q(table)}`);
    counts.push({ what: `table ${table}`, rows: n });
  }
  for (const { table, column } of migration.drops.columns) {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ${q(table)} WHERE ${q(column)} IS NOT NULL`);
    counts.push({ what: `column ${table}.${column}`, rows: n });
  }
  return { migration: migration.name, drops: migration.drops, counts, total: counts.reduce((s, c) => s + c.rows, 0) };
}

/** "table users (3 rows), column runs.project_id (2 values)": what a plan drops that holds data. */
export function describeLoss(plan: RevertPlan): string {
  return plan.counts
    .filter((c) => c.rows > 0)
    .map((c) => `${c.what} (${c.rows} ${c.what.startsWith('table') ? 'row' : 'value'}${c.rows === 1 ? '' : 's'})`)
    .join(', ');
}

/**
 * Writes every row a revert drops as JSON: whole tables (`tables.<name>`: each
 * row as PostgreSQL's to_jsonb gives it; bytea as \x hex) and dropped columns
 * (`columns.<table>.<column>`: the row's key and the value). Written row by row
 * to a temporary file renamed at the end, so a failed backup leaves no partial
 * file under the name. Returns the absolute path.
 */
export async function writeBackup(db: DataSource, plan: RevertPlan, file: string): Promise<string> {
  const path = resolve(file);
  const partial = `${path}.partial-${process.pid}`;
  const fd = openSync(partial, 'w', 0o600);
  try {
    writeSync(fd, `{"format":"radsweep-migration-backup","version":1,"migration":${JSON.stringify(plan.migration)},"createdAt":${JSON.stringify(new Date().toISOString())},\n"tables":{`);
    await writeSections(db, fd, plan.drops.tables.map((t) => ({ name: t, sql: `SELECT to_jsonb(t) AS row FROM ${q(t)} t` })));
    writeSync(fd, '},\n"columns":{');
    await writeSections(
      db,
      fd,
      plan.drops.columns.map(({ table, column, key }) => ({
        name: `${table}.${column}`,
        sql: `SELECT jsonb_build_object(${[...key, column].map((c) => `'${c}', ${q(c)}`).join(', ')}) AS row FROM ${q(table)} WHERE ${q(column)} IS NOT NULL`,
      })),
    );
    writeSync(fd, '}}\n');
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  return path;
}

async function writeSections(db: DataSource, fd: number, sections: { name: string; sql: string }[]): Promise<void> {
  for (const [i, { name, sql }] of sections.entries()) {
    writeSync(fd, `${i ? ',' : ''}\n${JSON.stringify(name)}:[`);
    const rows: { row: unknown }[] = await db.query(sql);
    rows.forEach(({ row }, j) => writeSync(fd, `${j ? ',' : ''}\n${JSON.stringify(row)}`));
    writeSync(fd, ']');
  }
}
