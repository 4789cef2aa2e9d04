/**
 * The full seed protocol through the two-stage path (stage 1 per fold, stage 2 batches, combine) in a seeded
 * random task order against the single-task engine: prints whether the results (minus timings) are identical,
 * and exits 1 when they are not. Two whole seed sweeps: run by hand, not in CI
 * (`node -r @swc-node/register scripts/verify-two-stage-seed.ts`); tests/engine/two-stage.test.ts checks the same
 * property on a reduced protocol in every CI run.
 */
import { join, resolve } from 'node:path';
import { loadExperiment, runExperiment, runExperimentTwoStage, seededPick } from '@radsweep/pipeline';

const strip = (value: unknown) => JSON.stringify(value, (key, v) => (key === 'timings' || key === 'ms' || key === 'workers' || key.endsWith('Ms') ? undefined : v));

async function main(): Promise<void> {
  const exp = loadExperiment(join(resolve(__dirname, '..'), 'examples/seed-protocol.yaml'));
  const single = await runExperiment(exp, { workers: 2 });
  const split = await runExperimentTwoStage(exp, { pick: seededPick(11), batchMs: 500 });
  const same = strip(single) === strip(split);
  process.stdout.write(`two-stage vs single-task on the seed protocol: ${same ? 'identical' : 'DIFFERENT'} (${strip(single).length} characters)\n`);
  process.exit(same ? 0 : 1);
}

void main();
