/** The subcommands' option parser is shared with the offline CLI (libs/core/src/command-options.ts). */
export { intOption, parseOptions } from '@radsweep/core';

/** Resolves when the process is asked to stop (Ctrl-C or a service manager's TERM). */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}
