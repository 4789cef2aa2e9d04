import { RadSweepInputError } from '@radsweep/core';
import { configFromEnv } from '../config/server-config';
import { Database, openDatabase } from '../database/database';
import { parseOptions } from './options';
import { describeLoss, planRevert, writeBackup } from './revert-plan';

/** How the command reaches the store and where it reports (tests pass their own). */
export interface MigrateCommandIo {
  open?: () => Promise<Database>;
  out?: (text: string) => void;
}

/**
 * `radsweep migrate`: applies the pending migrations, or with --down reverts the
 * last one. A revert that would drop stored rows (tables, or columns holding
 * values) names each with its count and refuses unless --force; --backup <file>
 * first writes those rows as JSON. At the base there is nothing to revert.
 */
export async function migrateCommand(argv: string[], io: MigrateCommandIo = {}): Promise<number> {
  const { values, flags } = parseOptions(argv, 'migrate', ['--data-dir', '--backup'], ['--down', '--force']);
  const down = flags.has('--down');
  if (!down && (flags.has('--force') || values['--backup'])) throw new RadSweepInputError('--force and --backup go with --down', flags.has('--force') ? '--force' : '--backup');
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const env = { ...process.env };
  if (values['--data-dir']) env.RADSWEEP_DATA_DIR = values['--data-dir'];
  const database = io.open ? await io.open() : await openDatabase(configFromEnv(env), { migrate: false });
  try {
    if (down) await revertLast(database, { force: flags.has('--force'), backup: values['--backup'] }, out);
    else {
      const applied = await database.dataSource.runMigrations({ transaction: 'each' });
      out(applied.length ? applied.map((m) => `radsweep: applied ${m.name}\n`).join('') : 'radsweep: the database is up to date\n');
    }
  } finally {
    await database.close();
  }
  return 0;
}

async function revertLast(database: Database, options: { force: boolean; backup?: string }, out: (text: string) => void): Promise<void> {
  const plan = await planRevert(database.dataSource);
  if (!plan) {
    out('radsweep: nothing to revert: no migration is applied\n');
    return;
  }
  const loss = describeLoss(plan);
  if (options.backup) out(`radsweep: wrote what reverting ${plan.migration} drops (${plan.total} rows and values) to ${await writeBackup(database.dataSource, plan, options.backup)}\n`);
  if (plan.total > 0 && !options.force) {
    throw new RadSweepInputError(
      `reverting ${plan.migration} drops stored data: ${loss}${plan.drops.restoredOnUp ? ` (on the next 'migrate': ${plan.drops.restoredOnUp})` : ''}. ` +
        `${options.backup ? 'Backup written; run' : 'Back it up with --backup <file.json> and run'} 'radsweep migrate --down --force' to revert. Nothing was changed.`,
      '--down',
    );
  }
  await database.dataSource.undoLastMigration({ transaction: 'all' });
  out(`radsweep: reverted ${plan.migration}${loss ? `; dropped ${loss}` : ' (it held no data)'}\n`);
}
