/**
 * Writes a seeded synthetic study-shaped cohort as CSV.
 *   node -r @swc-node/register scripts/generate-cohort.ts --patients 197 --seed 42 --out examples/data/crlm-synthetic-radsweep.csv
 * Options: --patients N (default 197), --positives K (default 18.8 % of N), --seed S (default 42), --out FILE (required),
 * --marginals-from CSV (reproduce that cohort's radiomics marginals, heavy tails included, e.g.
 * ../shared/data/crlm-synthetic.csv; see CohortOptions.marginals and scripts/marginal-tails-report.ts).
 */
import { RadSweepInputError } from '@radsweep/core';
import { readReferenceMarginals, writeCohortCsv } from '../libs/pipeline/src/synthetic';

function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let k = 0; k < argv.length; k += 2) {
    const key = argv[k];
    if (!key.startsWith('--') || argv[k + 1] === undefined) throw new RadSweepInputError(`expected --option value, got "${key}"`, 'arguments');
    args[key.slice(2)] = argv[k + 1];
  }
  for (const key of Object.keys(args)) {
    if (!['patients', 'positives', 'seed', 'out', 'marginals-from'].includes(key)) throw new RadSweepInputError(`unknown option --${key}`, 'arguments');
  }
  return args;
}

function integer(args: Record<string, string>, key: string, fallback?: number): number | undefined {
  if (args[key] === undefined) return fallback;
  const v = Number(args[key]);
  if (!Number.isInteger(v)) throw new RadSweepInputError(`must be an integer, got "${args[key]}"`, `--${key}`);
  return v;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!args.out) throw new RadSweepInputError('is required (the CSV file to write)', '--out');
  const marginals = args['marginals-from'] ? readReferenceMarginals(args['marginals-from']) : undefined;
  const opts = { patients: integer(args, 'patients', 197)!, positives: integer(args, 'positives'), seed: integer(args, 'seed', 42)!, marginals };
  const start = process.hrtime.bigint();
  const { cohort, bytes } = writeCohortCsv(args.out, opts);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const positives = cohort.rows.reduce((s, r) => s + r[1], 0);
  console.log(`${args.out}: ${cohort.rows.length} patients (${positives} positive) x ${cohort.header.length} columns, ${bytes} bytes, seed ${opts.seed}${marginals ? `, marginals of ${args['marginals-from']}` : ''}, ${ms.toFixed(0)} ms`);
}

try {
  main();
} catch (e) {
  if (e instanceof RadSweepInputError) {
    console.error(`generate-cohort: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
