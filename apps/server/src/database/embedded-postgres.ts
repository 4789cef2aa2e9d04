import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { batchSocketMessages } from './batched-socket-handler';

/**
 * An embedded PostgreSQL: PGlite in a data folder, served over the PostgreSQL wire
 * protocol on a free 127.0.0.1 port (each connection's Parse..Sync queued as one unit:
 * see batched-socket-handler.ts), so that TypeORM, pg-boss and other processes
 * use the ordinary `pg` driver exactly as against a real server. Every socket
 * connection shares one backend session; the socket server serialises
 * transactions, so callers must keep free of named prepared statements, session
 * SETs and LISTEN/NOTIFY (none of our code or pg-boss's uses them).
 */
export interface EmbeddedPostgres {
  /** postgres://... URL of the socket server. */
  url: string;
  db: PGlite;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Data folder (created with its parents), or 'memory://'. */
  dataDir: string;
  /** A gzipped data-folder dump to start from (tests: one template per run instead of an initdb per file). */
  loadDataDir?: Blob;
  /** Port to listen on; 0 = a free one. */
  port?: number;
  /** Simultaneous client connections (the sum of every pool that connects). */
  maxConnections?: number;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  batchSocketMessages();
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dirname(options.dataDir), { recursive: true }); // PGlite does not create parents
  const db = await PGlite.create({
    ...(inMemory ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: options.maxConnections ?? 100 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  return {
    url,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
