import { configFromEnv } from '../config/server-config';
import { openDatabase } from '../database/database';
import { parseOptions } from './options';

/** `radsweep migrate`: applies (or with --down reverts one) migration and prints what it did. */
export async function migrateCommand(argv: string[]): Promise<number> {
  const { values, flags } = parseOptions(argv, 'migrate', ['--data-dir'], ['--down']);
  const env = { ...process.env };
  if (values['--data-dir']) env.RADSWEEP_DATA_DIR = values['--data-dir'];
  const database = await openDatabase(configFromEnv(env), { migrate: false });
  try {
    if (flags.has('--down')) {
      await database.dataSource.undoLastMigration();
      process.stdout.write('radsweep: reverted the last migration\n');
    } else {
      const applied = await database.dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(applied.length ? applied.map((m) => `radsweep: applied ${m.name}\n`).join('') : 'radsweep: the database is up to date\n');
    }
  } finally {
    await database.close();
  }
  return 0;
}
