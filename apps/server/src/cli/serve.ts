import { createServer } from 'node:net';
import { configFromEnv } from '../config/server-config';
import { DataDirLockedError, dataDirHolder } from '../database/data-dir-lock';
import { embeddedUrlFile } from '../database/database';
import { startServer } from '../server';
import { intOption, parseOptions, untilSignal } from './options';

/**
 * `radsweep serve`: runs until SIGINT/SIGTERM; returns the exit code. A data
 * directory owned by a live process or a port already taken is refused with exit
 * code 1 before anything is opened or written.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, 'serve', ['--port', '--host', '--data-dir', '--workers', '--threads', '--upload-limit-mb']);
  const env = { ...process.env };
  if (values['--data-dir']) env.RADSWEEP_DATA_DIR = values['--data-dir'];
  const config = configFromEnv(env);
  const port = intOption(values, '--port', 0);
  const workers = intOption(values, '--workers', 0);
  const threads = intOption(values, '--threads', 0);
  const limit = intOption(values, '--upload-limit-mb', 1);
  const host = values['--host'] ?? config.host;
  const listenPort = port ?? config.port;
  const refused = (message: string) => {
    process.stderr.write(`radsweep: error: ${message}\n`);
    return 1;
  };
  const holder = config.databaseUrl ? null : dataDirHolder(config.dataDir);
  if (holder) return refused(new DataDirLockedError(config.dataDir, holder).message);
  const busy = await portProblem(host, listenPort);
  if (busy) return refused(busy);
  let server;
  try {
    server = await startServer({
      ...config,
      host,
      port: listenPort,
      ...(workers !== undefined ? { concurrency: workers } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(limit !== undefined ? { uploadLimitBytes: limit * 1048576 } : {}),
    });
  } catch (e) {
    if (e instanceof DataDirLockedError) return refused(e.message); // a server started between the check and the lock
    throw e;
  }
  server.database.lock?.record({ command: 'serve', port: (server.app.getHttpServer().address() as { port: number }).port });
  const where = config.databaseUrl ? 'DATABASE_URL' : `embedded database in ${config.dataDir} (workers on this machine find it through ${embeddedUrlFile(config.dataDir)})`;
  process.stderr.write(`radsweep: serving ${server.url}/api (docs ${server.url}/api/docs) on ${where}\n`);
  await untilSignal();
  await server.close();
  return 0;
}

/** Why `host:port` cannot be listened on (in use, not allowed), or null when it can; port 0 always can. */
function portProblem(host: string, port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? 'is already in use (another radsweep serve?)' : `cannot be listened on (${e.code ?? e.message})`;
      resolve(`port ${port} on ${host} ${why}; choose another with --port or RADSWEEP_PORT`);
    });
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}
