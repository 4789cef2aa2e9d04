/**
 * Writes the seeded synthetic multicentre cohort (libs/pipeline/src/synthetic/multicentre-cohort.ts):
 * the pooled file and one file per centre, the files examples/multicentre.yaml runs on.
 *   node -r @swc-node/register scripts/generate-multicentre.ts [--seed 11] [--out-dir examples/data]
 * Writes <out-dir>/multicentre.csv and <out-dir>/multicentre-centre-<A|B|C>.csv.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MULTICENTRE_CENTRES, generateMulticentreCohort, multicentreCsv } from '../libs/pipeline/src/synthetic';

/** The seed of the shipped example files. */
export const MULTICENTRE_EXAMPLE_SEED = 11;

function main(): void {
  const argv = process.argv.slice(2);
  const arg = (key: string) => {
    const k = argv.indexOf(`--${key}`);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const seed = Number(arg('seed') ?? MULTICENTRE_EXAMPLE_SEED);
  const dir = arg('out-dir') ?? 'examples/data';
  const cohort = generateMulticentreCohort({ seed });
  const files: [string, string][] = [['multicentre.csv', multicentreCsv(cohort)]];
  for (const c of MULTICENTRE_CENTRES) files.push([`multicentre-centre-${c.id}.csv`, multicentreCsv(cohort, [c.id])]);
  for (const [name, text] of files) {
    writeFileSync(join(dir, name), text);
    console.log(`${join(dir, name)}: ${text.split('\n').length - 2} patients, ${Buffer.byteLength(text)} bytes, seed ${seed}`);
  }
}

main();
