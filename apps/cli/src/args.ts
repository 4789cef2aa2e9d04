import { RadSweepInputError, intOption, parseOptions } from '@radsweep/core';

/** The parsed command line of `radsweep`. */
export type Command =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'validate'; experiment: string; data?: string; testIds?: string }
  | {
      command: 'run';
      experiment: string;
      data?: string;
      testIds?: string;
      out?: string;
      workers?: number;
      keepModels?: string;
      quiet: boolean;
    };

/** The usage of each command (`radsweep <command> --help`); USAGE lists them all. */
export const COMMAND_USAGE: Record<string, string> = {
  run: `  radsweep run <experiment.yaml|json> [--data <file>] [--test-ids <file>] [--out <results.json> [--keep-models <dir>]] [--workers N] [--quiet]
  radsweep run <experiment.yaml|json> --server <url> [--project <id>] [--data <file>] [--out <results.json>] [--retry-seconds N] [--quiet]
`,
  validate: `  radsweep validate <experiment.yaml|json> [--data <file>] [--test-ids <file>]
  radsweep validate <model.json> --data <cohort> [--centre-column <column>] [--recalibrate intercept|slope --recalibration-rows <column>=<value>|ids:<file>] [--bootstrap N] --out <report.json>
`,
  lock: `  radsweep lock <results.json> --model <id> [--feature-set <name>] [--endpoint <name>] --out <model.json>
`,
  predict: `  radsweep predict <model.json> --data <file> --out <predictions.csv>
`,
  checklist: `  radsweep checklist <results.json> --out <checklists.md|.html> [--data <file>] [--format md|html]
`,
  results: `  radsweep results <run id> --server <url> --out <results.json> [--retry-seconds N]
`,
  serve: `  radsweep serve [--port N] [--host H] [--data-dir DIR] [--workers N] [--threads N] [--upload-limit-mb N]
`,
  worker: `  radsweep worker [--concurrency N] [--threads N] [--data-dir DIR]
`,
  migrate: `  radsweep migrate [--down [--force] [--backup <file.json>]] [--data-dir DIR]
`,
  user: `  radsweep user create --username NAME [--admin] [--display-name TEXT] [--data-dir DIR]
`,
  extract: `  radsweep extract --manifest <cases.csv> --out <features.csv> [--params <params.yaml>] [--workers N] [--quiet]
`,
};

export const USAGE = `Usage:
${Object.values(COMMAND_USAGE).join('')}  radsweep --help | --version | <command> --help

Commands:
  run        run the experiment: preprocessing per CV fold, grid search of every model,
             refit of the best configuration, test metrics; prints a leaderboard per feature set
  validate   check the experiment file and its data (columns, patterns, ids) without fitting;
             with a locked model: every metric with CIs on an external cohort, per centre and pooled
  lock       one model of a finished run (run with --keep-models) as a locked model file (sha256-sealed)
  checklist  TRIPOD+AI and CLAIM reporting checklists of a finished run, filled from its results (Markdown or HTML)
  predict    a locked model's predictions (probabilities, or survival at its horizons) for a data file
  results    fetch the results file of a finished run from a server
  serve      the tracking server: REST API under /api (OpenAPI at /api/docs) with in-process queue workers;
             embedded PostgreSQL (PGlite) in .radsweep/data unless DATABASE_URL is set
  worker     a queue worker alone, against DATABASE_URL (or the embedded server's URL on this machine)
  migrate    apply the database migrations, or with --down revert the last one; a revert that would
             drop stored rows refuses unless --force (--backup <file> first writes them as JSON)
  user create  an account (--admin: an administrator); asks for the password on a terminal
  extract    radiomics features (pyradiomics' names and values) of every case of a manifest into one CSV
             (radsweep extract --help for the manifest and parameter file)
  run --server <url>   submit the run to a server and follow it instead of running it here
             (API token in RADSWEEP_TOKEN; --project <id>: the project the data and experiment go into)

Options:
  --data <file>      data file (CSV, Arrow IPC or Parquet) instead of the experiment's dataset.path
  --test-ids <file>  test patients (one id per line) instead of the experiment's split
  --out <file>       write the results (metrics, curves, selected features, every test prediction) as JSON
  --keep-models <dir>  (run, with --out) keep each model's fitted refit in <dir> for 'radsweep lock'
  --workers N        worker threads (default: one per core; 0 = run in this thread)
  --retry-seconds N  (with --server) how long to keep retrying while the server cannot be reached (default 300)
  --quiet            no progress on stderr
  -h, --help         this text (after a command: that command's usage)
`;

/** `<command> --help` (or -h, or `help <command>`): the command whose usage to print, if any. */
export function helpTopic(argv: string[]): string | null {
  if (argv[0] === 'help' && argv[1] && COMMAND_USAGE[argv[1]]) return argv[1];
  if (COMMAND_USAGE[argv[0]] && argv.slice(1).some((a) => a === '--help' || a === '-h')) return argv[0];
  return null;
}

const VALUE_OPTIONS: Record<string, string[]> = {
  run: ['--data', '--test-ids', '--out', '--workers', '--keep-models'],
  validate: ['--data', '--test-ids'],
};
const FLAG_OPTIONS: Record<string, string[]> = { run: ['--quiet'], validate: [] };

/** Parses argv (without node and the script). Misuse is a RadSweepInputError naming the argument. */
export function parseArgs(argv: string[]): Command {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-V') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command !== 'run' && command !== 'validate') {
    throw new RadSweepInputError(`unknown command '${command}'; expected one of ${Object.keys(COMMAND_USAGE).join(', ')} (see radsweep --help)`);
  }
  const { values, flags, positional } = parseOptions(rest, command, VALUE_OPTIONS[command], FLAG_OPTIONS[command]);
  if (positional.length !== 1) {
    throw new RadSweepInputError(positional.length === 0 ? `'${command}' needs an experiment file` : `'${command}' takes one experiment file, got ${positional.length}: ${positional.join(' ')}`);
  }
  const base = { experiment: positional[0], data: values['--data'], testIds: values['--test-ids'] };
  if (command === 'validate') return { command, ...base };
  const workers = intOption(values, '--workers', 0);
  if (values['--keep-models'] !== undefined && values['--out'] === undefined) {
    throw new RadSweepInputError('--keep-models needs --out: the results file records where each kept model is', '--keep-models');
  }
  return { command, ...base, out: values['--out'], workers, keepModels: values['--keep-models'], quiet: flags.has('--quiet') };
}
