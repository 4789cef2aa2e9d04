import { availableParallelism } from 'node:os';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { DEFAULT_LIMITS, RequestLimits, limitsFromEnv } from './request-limits';

/** Everything the server, a worker and `migrate` need to know, from the environment and command-line options. */
export interface ServerConfig {
  /** PostgreSQL URL; null = embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  /** Folder of the embedded database (used only without databaseUrl); 'memory://' keeps it in memory. */
  dataDir: string;
  host: string;
  port: number;
  /** Largest accepted upload, bytes. */
  uploadLimitBytes: number;
  /** Tasks a process works on at once (0 = API only, no in-process workers). */
  concurrency: number;
  /** Engine worker threads per task (0 = in the event-loop thread). */
  threads: number;
  /** A task not finished after this long is given to another worker, whatever its heartbeats (the hard limit). */
  taskTimeoutSeconds: number;
  /** How often a worker running a task proves it is alive (and learns whether the run was cancelled). */
  heartbeatSeconds: number;
  /** A running task without a heartbeat for this long lost its worker (killed, crashed): it is retried elsewhere. */
  taskLostSeconds: number;
  /** How often a queue worker looks for tasks, and how often expired tasks are swept. */
  pollSeconds: number;
  maintenanceSeconds: number;
  /** Caps on fits per run, spec bytes, table columns and rows (RADSWEEP_MAX_*; see request-limits.ts). */
  limits: RequestLimits;
  /**
   * Where two-stage runs keep their artefacts (RADSWEEP_ARTEFACT_DIR): a folder every worker of the
   * database can read and write; default `<dataDir>/artefacts`.
   */
  artefactDir?: string;
}

/** The artefact folder of a configuration (an in-memory data dir keeps them in the system's temporary folder). */
export function artefactDirOf(config: Pick<ServerConfig, 'dataDir' | 'artefactDir'>): string {
  if (config.artefactDir) return config.artefactDir;
  return config.dataDir.startsWith('memory://') ? join(tmpdir(), 'radsweep-artefacts') : join(config.dataDir, 'artefacts');
}

export const DEFAULT_CONFIG: ServerConfig = {
  databaseUrl: null,
  dataDir: resolve('.radsweep/data'),
  host: '127.0.0.1',
  port: 8080,
  uploadLimitBytes: 200 * 1024 * 1024,
  concurrency: 1,
  threads: availableParallelism(),
  taskTimeoutSeconds: 3600,
  heartbeatSeconds: 10,
  taskLostSeconds: 60,
  pollSeconds: 1,
  maintenanceSeconds: 30,
  limits: DEFAULT_LIMITS,
};

/** The configuration from environment variables (RADSWEEP_*, DATABASE_URL) over the defaults, then `overrides`. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const num = (name: string, fallback: number, min: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const v = Number(text);
    if (!Number.isFinite(v) || v < min) throw new RadSweepInputError(`expected a number >= ${min}, got '${text}'`, name);
    return v;
  };
  return {
    databaseUrl: env.DATABASE_URL ? env.DATABASE_URL : DEFAULT_CONFIG.databaseUrl,
    dataDir: env.RADSWEEP_DATA_DIR ? resolve(env.RADSWEEP_DATA_DIR) : DEFAULT_CONFIG.dataDir,
    host: env.RADSWEEP_HOST ?? DEFAULT_CONFIG.host,
    port: num('RADSWEEP_PORT', DEFAULT_CONFIG.port, 0),
    uploadLimitBytes: num('RADSWEEP_UPLOAD_LIMIT_MB', DEFAULT_CONFIG.uploadLimitBytes / 1048576, 0) * 1048576,
    concurrency: num('RADSWEEP_CONCURRENCY', DEFAULT_CONFIG.concurrency, 0),
    threads: num('RADSWEEP_THREADS', DEFAULT_CONFIG.threads, 0),
    taskTimeoutSeconds: num('RADSWEEP_TASK_TIMEOUT_S', DEFAULT_CONFIG.taskTimeoutSeconds, 1),
    heartbeatSeconds: num('RADSWEEP_HEARTBEAT_S', DEFAULT_CONFIG.heartbeatSeconds, 0.1),
    taskLostSeconds: num('RADSWEEP_TASK_LOST_S', DEFAULT_CONFIG.taskLostSeconds, 0.5),
    pollSeconds: num('RADSWEEP_POLL_S', DEFAULT_CONFIG.pollSeconds, 0.5),
    maintenanceSeconds: num('RADSWEEP_MAINTENANCE_S', DEFAULT_CONFIG.maintenanceSeconds, 1),
    limits: limitsFromEnv(env),
    ...(env.RADSWEEP_ARTEFACT_DIR ? { artefactDir: resolve(env.RADSWEEP_ARTEFACT_DIR) } : {}),
    ...overrides,
  };
}
