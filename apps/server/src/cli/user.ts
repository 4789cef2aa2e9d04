import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { RadSweepInputError } from '@radsweep/core';
import { AuditService } from '../audit/audit.service';
import { DEFAULT_ACCESS_OPTIONS } from '../auth/access-options';
import { USERNAME } from '../auth/auth.dto';
import { configFromEnv } from '../config/server-config';
import { Database, openDatabase } from '../database/database';
import { checkPassword } from '../users/password-policy';
import { UsersService } from '../users/users.service';
import { parseOptions } from './options';

export const USER_USAGE = `radsweep user create --username NAME [--admin] [--display-name TEXT] [--data-dir DIR]
  Creates an account. On a terminal it asks for the password (twice, not echoed); otherwise it
  generates one, prints it once, and it should be changed after the first sign-in.
`;

/** How the command reaches the store and the person (tests pass their own). */
export interface UserCommandIo {
  open?: () => Promise<Database>;
  /** Asks for a password without echo; null when not on a terminal. */
  askPassword?: ((prompt: string) => Promise<string>) | null;
  out?: (text: string) => void;
}

/** `radsweep user create`: returns the exit code. Nothing is printed but the generated password (when one is generated). */
export async function userCommand(argv: string[], io: UserCommandIo = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw new RadSweepInputError(`unknown 'user' command '${sub ?? ''}'; usage:\n${USER_USAGE}`, 'user');
  const { values, flags } = parseOptions(rest, 'user create', ['--username', '--display-name', '--data-dir'], ['--admin']);
  const username = values['--username'];
  if (!username || !USERNAME.test(username)) throw new RadSweepInputError("give --username: lower-case letters, digits, '.', '_' and '-', 2 to 63 characters", '--username');
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const ask = io.askPassword === undefined ? (process.stdin.isTTY ? askHidden : null) : io.askPassword;
  let password: string;
  let generated = false;
  if (ask) {
    password = await ask(`password for ${username}: `);
    checkPassword(password, 'password', username);
    if ((await ask('again: ')) !== password) throw new RadSweepInputError('the two passwords differ', 'password');
  } else {
    password = randomBytes(15).toString('base64url');
    generated = true;
  }
  const env = { ...process.env };
  if (values['--data-dir']) env.RADSWEEP_DATA_DIR = values['--data-dir'];
  const database = io.open ? await io.open() : await openDatabase(configFromEnv(env));
  try {
    const users = new UsersService(database.dataSource, new AuditService(database.dataSource), DEFAULT_ACCESS_OPTIONS);
    const user = await users.create({ id: null, username: 'radsweep-cli' }, { username, displayName: values['--display-name'] ?? null, admin: flags.has('--admin'), password });
    out(`radsweep: created ${user.isAdmin ? 'administrator' : 'user'} '${user.username}'\n`);
    if (generated) out(`radsweep: one-time password (shown only now; change it after signing in): ${password}\n`);
  } finally {
    await database.close();
  }
  return 0;
}

/** Reads a line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
