/**
 * A tracking server in a process of its own for the API benchmarks: configured
 * from the environment (RADSWEEP_*, DATABASE_URL), on a free port, with an
 * administrator's API token. Prints one JSON line {url, token} on stdout when
 * ready; stops on SIGTERM.
 */
import { configFromEnv } from '../../apps/server/src/config/server-config';
import { CredentialsService } from '../../apps/server/src/auth/credentials.service';
import { startServer } from '../../apps/server/src/server';
import { UsersService } from '../../apps/server/src/users/users.service';

async function main(): Promise<void> {
  // configFromEnv resolves RADSWEEP_DATA_DIR as a path: 'memory://' is given as an override.
  const memory = process.env.RADSWEEP_DATA_DIR === 'memory://';
  const server = await startServer(configFromEnv({ ...process.env, RADSWEEP_DATA_DIR: memory ? '' : process.env.RADSWEEP_DATA_DIR }, { port: 0, concurrency: 0, ...(memory ? { dataDir: 'memory://' } : {}) }));
  const user = await server.app.get(UsersService).create({ id: null, username: 'bench' }, { username: `bench-${process.pid}`, admin: true });
  const { token } = await server.app.get(CredentialsService).createToken(user.id, 'bench');
  process.stdout.write(JSON.stringify({ url: server.url, token }) + '\n');
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

void main().catch((e) => {
  process.stderr.write(`bench server: ${(e as Error).stack}\n`);
  process.exit(1);
});
