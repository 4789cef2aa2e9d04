import { RadSweepInputError } from '@radsweep/core';

/** `--name value` / `--name=value` options and flags of a server subcommand; anything unknown is an input error. */
export function parseOptions(argv: string[], command: string, valued: string[], flags: string[] = []): { values: Record<string, string>; flags: Set<string>; positional: string[] } {
  const values: Record<string, string> = {};
  const seen = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (valued.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new RadSweepInputError(`option ${name} needs a value`, name);
      values[name] = value;
    } else if (flags.includes(name) && eq < 0) {
      seen.add(name);
    } else {
      throw new RadSweepInputError(`unknown option '${arg}' for '${command}'; known: ${[...valued, ...flags].join(', ')}`, arg);
    }
  }
  return { values, flags: seen, positional };
}

/** An integer option >= min, or undefined when absent. */
export function intOption(values: Record<string, string>, name: string, min: number): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new RadSweepInputError(`expected an integer >= ${min}, got '${text}'`, name);
  return Number(text);
}

/** Resolves when the process is asked to stop (Ctrl-C or a service manager's TERM). */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}
