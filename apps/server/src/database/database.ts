import { rmSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import type { ServerConfig } from '../config/server-config';
import { DataDirLock, lockDataDir } from './data-dir-lock';
import { createDataSource } from './data-source';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { writePrivateFile } from './private-files';

/** An open tracking store: the URL other processes (workers) connect to, the ORM, and how to close both. */
export interface Database {
  url: string;
  dataSource: DataSource;
  embedded: EmbeddedPostgres | null;
  /** This process's exclusive hold on the embedded data directory (null: external PostgreSQL or in memory). */
  lock: DataDirLock | null;
  close(): Promise<void>;
}

/**
 * Opens the store: `databaseUrl` when set, else the embedded PGlite in `dataDir`,
 * which this process then owns alone (`<dataDir>.run/lock`: a second server or a
 * migration on a live directory is refused, naming the owner). The embedded
 * database listens on a unix socket in that 0700 folder; its URL (no password) is
 * written 0600 next to the data folder, `<dataDir>.url`, so a `worker` of the same
 * user on this machine finds it. Applies pending migrations unless told not to.
 */
export async function openDatabase(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>,
  options: { migrate?: boolean; loadDataDir?: Blob; command?: string } = {},
): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let lock: DataDirLock | null = null;
  let url = config.databaseUrl;
  const onDisk = !url && !config.dataDir.startsWith('memory://');
  // Only the lock's holder gets here on disk: a refused process never removes the owner's files.
  const release = async () => {
    try {
      await embedded?.stop();
    } finally {
      if (lock) rmSync(embeddedUrlFile(config.dataDir), { force: true });
      lock?.release();
    }
  };
  if (!url) {
    if (onDisk) lock = lockDataDir(config.dataDir, options.command);
    try {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, loadDataDir: options.loadDataDir, socketDir: lock?.runDir });
      url = embedded.url;
      if (onDisk) writePrivateFile(embeddedUrlFile(config.dataDir), url + '\n');
    } catch (e) {
      await release();
      throw e;
    }
  }
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await release();
    throw e;
  }
  return {
    url,
    dataSource,
    embedded,
    lock,
    async close() {
      await dataSource.destroy();
      await release();
    },
  };
}

/** Where a running embedded database publishes its URL. */
export function embeddedUrlFile(dataDir: string): string {
  return `${dataDir.replace(/\/+$/, '')}.url`;
}
