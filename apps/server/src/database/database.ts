import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSource } from 'typeorm';
import type { ServerConfig } from '../config/server-config';
import { createDataSource } from './data-source';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

/** An open tracking store: the URL other processes (workers) connect to, the ORM, and how to close both. */
export interface Database {
  url: string;
  dataSource: DataSource;
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/**
 * Opens the store: `databaseUrl` when set, else the embedded PGlite in `dataDir`
 * (its URL is written next to the data folder, `<dataDir>.url`, so a `worker` on
 * the same machine finds it). Applies pending migrations unless told not to.
 */
export async function openDatabase(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>,
  options: { migrate?: boolean; loadDataDir?: Blob } = {},
): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, loadDataDir: options.loadDataDir });
    url = embedded.url;
    if (!config.dataDir.startsWith('memory://')) {
      mkdirSync(dirname(config.dataDir), { recursive: true });
      writeFileSync(embeddedUrlFile(config.dataDir), url + '\n');
    }
  }
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw e;
  }
  return {
    url,
    dataSource,
    embedded,
    async close() {
      await dataSource.destroy();
      if (embedded) {
        await embedded.stop();
        if (!config.dataDir.startsWith('memory://')) rmSync(embeddedUrlFile(config.dataDir), { force: true });
      }
    },
  };
}

/** Where a running embedded database publishes its URL. */
export function embeddedUrlFile(dataDir: string): string {
  return `${dataDir.replace(/\/+$/, '')}.url`;
}
