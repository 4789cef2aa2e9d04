import { configFromEnv } from '../config/server-config';
import { startServer } from '../server';
import { intOption, parseOptions, untilSignal } from './options';

/** `radsweep serve`: runs until SIGINT/SIGTERM; returns the exit code. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, 'serve', ['--port', '--host', '--data-dir', '--workers', '--threads', '--upload-limit-mb']);
  const env = { ...process.env };
  if (values['--data-dir']) env.RADSWEEP_DATA_DIR = values['--data-dir'];
  const config = configFromEnv(env);
  const port = intOption(values, '--port', 0);
  const workers = intOption(values, '--workers', 0);
  const threads = intOption(values, '--threads', 0);
  const limit = intOption(values, '--upload-limit-mb', 1);
  const server = await startServer({
    ...config,
    ...(values['--host'] ? { host: values['--host'] } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(workers !== undefined ? { concurrency: workers } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(limit !== undefined ? { uploadLimitBytes: limit * 1048576 } : {}),
  });
  const where = config.databaseUrl ? 'DATABASE_URL' : `embedded database in ${config.dataDir} (workers on this machine: ${server.database.url})`;
  process.stderr.write(`radsweep: serving ${server.url}/api (docs ${server.url}/api/docs) on ${where}\n`);
  await untilSignal();
  await server.close();
  return 0;
}
