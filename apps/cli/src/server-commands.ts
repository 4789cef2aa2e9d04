/**
 * The CLI's only door into server code: each server command by name, loaded on
 * first use so the offline CLI starts without NestJS/TypeORM. Every path is a
 * string literal the compiler checks (a wrong path or export name fails tsc).
 */
export type ServerCommand = (argv: string[]) => Promise<number>;

export const SERVER_COMMANDS = {
  serve: () => (require('../../server/src/cli/serve') as typeof import('../../server/src/cli/serve')).serveCommand,
  worker: () => (require('../../server/src/cli/worker') as typeof import('../../server/src/cli/worker')).workerCommand,
  migrate: () => (require('../../server/src/cli/migrate') as typeof import('../../server/src/cli/migrate')).migrateCommand,
  user: () => (require('../../server/src/cli/user') as typeof import('../../server/src/cli/user')).userCommand,
  results: () => (require('../../server/src/cli/results') as typeof import('../../server/src/cli/results')).resultsCommand,
  submit: () => (require('../../server/src/cli/submit') as typeof import('../../server/src/cli/submit')).submitCommand,
  lockRemote: () => (require('../../server/src/cli/locked-remote') as typeof import('../../server/src/cli/locked-remote')).lockRemoteCommand,
  validateRemote: () => (require('../../server/src/cli/locked-remote') as typeof import('../../server/src/cli/locked-remote')).validateRemoteCommand,
} satisfies Record<string, () => ServerCommand>;

export type ServerCommandName = keyof typeof SERVER_COMMANDS;

export function runServerCommand(name: ServerCommandName, argv: string[]): Promise<number> {
  const command: ServerCommand = SERVER_COMMANDS[name]();
  return command(argv);
}
