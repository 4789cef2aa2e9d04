import { RadSweepInputError } from './errors';

/** A subcommand's command line split into positional arguments, `--name value` options and flags. */
export interface ParsedOptions {
  positional: string[];
  values: Record<string, string>;
  flags: Set<string>;
}

/**
 * Parses the arguments of one `radsweep` subcommand (the offline CLI's and the server's alike): options
 * written `--name value` or `--name=value` (`valued`), flags written `--name` (`flags`), everything not
 * starting with `--` positional, in order. Refused with a RadSweepInputError naming the argument: an
 * unknown option (listing the known ones), a flag given a value, and an option without a value (missing,
 * empty, or the next option taken for it: `--out --quiet`). A repeated option keeps its last value.
 */
export function parseOptions(argv: readonly string[], command: string, valued: readonly string[], flags: readonly string[] = []): ParsedOptions {
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
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new RadSweepInputError(`option ${name} needs a value`, name);
      values[name] = value;
    } else if (flags.includes(name) && eq < 0) {
      seen.add(name);
    } else {
      throw new RadSweepInputError(`unknown option '${arg}' for '${command}'; known: ${[...valued, ...flags].join(', ')}`, arg);
    }
  }
  return { values, flags: seen, positional };
}

/** An integer option >= min, or undefined when absent; anything else is refused naming the option. */
export function intOption(values: Record<string, string>, name: string, min: number): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) throw new RadSweepInputError(`expected an integer >= ${min}, got '${text}'`, name);
  return Number(text);
}
