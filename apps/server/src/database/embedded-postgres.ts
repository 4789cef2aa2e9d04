import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { batchSocketMessages } from './batched-socket-handler';
import { privateDir, privateUmask, restrictTree } from './private-files';

/**
 * An embedded PostgreSQL: PGlite in a data folder, served over the PostgreSQL wire
 * protocol on a unix socket in a 0700 folder (each connection's Parse..Sync queued
 * as one unit: see batched-socket-handler.ts), so that TypeORM, pg-boss and worker
 * processes of the same user use the ordinary `pg` driver exactly as against a real
 * server, and nobody else can connect: there is no TCP port and no password to
 * leak, the socket's folder is the access control (as for a local PostgreSQL's
 * peer authentication). Every socket connection shares one backend session; the
 * socket server serialises transactions, so callers must keep free of named
 * prepared statements, session SETs and LISTEN/NOTIFY (none of our code or
 * pg-boss's uses them).
 */
export interface EmbeddedPostgres {
  /** postgres://... URL of the socket server (its host is the socket's folder; no password). */
  url: string;
  /** The folder holding the socket `.s.PGSQL.5432`. */
  socketDir: string;
  db: PGlite;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Data folder (created 0700 with its parents), or 'memory://'. */
  dataDir: string;
  /** A gzipped data-folder dump to start from (tests: one template per run instead of an initdb per file). */
  loadDataDir?: Blob;
  /** A 0700 folder of this process for the socket; default (and when its path is too long for a socket) a new one in the temp folder, removed on stop. */
  socketDir?: string;
  /** Simultaneous client connections (the sum of every pool that connects). */
  maxConnections?: number;
}

/** libpq's socket file name for the default port: `pg` connects to `<host>/.s.PGSQL.5432`. */
const SOCKET_NAME = '.s.PGSQL.5432';
/** Longest unix socket path Linux and macOS accept (sun_path less the terminating NUL). */
const MAX_SOCKET_PATH = 103;

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  batchSocketMessages();
  const inMemory = options.dataDir.startsWith('memory://');
  // PGlite's initdb and its later files follow the umask; what it chmods itself is put right below.
  const restoreUmask = inMemory ? () => undefined : privateUmask();
  let db: PGlite | null = null;
  let ownSocketDir: string | null = null;
  try {
    if (!inMemory) {
      // Parents made here are private, existing ones are left as they are; the data folder must be ours.
      mkdirSync(dirname(options.dataDir), { recursive: true, mode: 0o700 });
      privateDir(options.dataDir);
    }
    db = await PGlite.create({
      ...(inMemory ? {} : { dataDir: options.dataDir }),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    if (!inMemory) restrictTree(options.dataDir);
    let socketDir = options.socketDir;
    if (!socketDir || join(socketDir, SOCKET_NAME).length > MAX_SOCKET_PATH) {
      socketDir = ownSocketDir = mkdtempSync(join(tmpdir(), 'radsweep-pg-')); // created 0700
    }
    const socketPath = join(socketDir, SOCKET_NAME);
    rmSync(socketPath, { force: true }); // left by a killed owner; callers hold the folder exclusively
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: options.maxConnections ?? 100 });
    await server.start();
    const started = db;
    const tempDir = ownSocketDir;
    return {
      url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`,
      socketDir,
      db: started,
      async stop() {
        try {
          await server.stop();
          await started.close();
        } finally {
          if (tempDir) rmSync(tempDir, { recursive: true, force: true });
          restoreUmask();
        }
      },
    };
  } catch (e) {
    await db?.close().catch(() => undefined);
    if (ownSocketDir) rmSync(ownSocketDir, { recursive: true, force: true });
    restoreUmask();
    throw e;
  }
}
