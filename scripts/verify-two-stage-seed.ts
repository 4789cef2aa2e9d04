/**
 * The full seed protocol through the two-stage path (stage 1 per fold, stage 2 batches, combine) in a seeded
 * random task order against the single-task engine: prints whether the results (minus timings) are identical,
 * and exits 1 when they are not. Two whole seed sweeps: run by hand, not in CI
 * (`node -r @swc-node/register scripts/verify-two-stage-seed.ts`); tests/engine/two-stage.test.ts checks the same
 * property on a reduced protocol in every CI run.
 */
import { join, resolve } from 'node:path';
import { loadExperiment, runExperiment, runExperimentTwoStage } from '@radsweep/pipeline';

const strip = (value: unknown) => JSON.stringify(value, (key, v) => (key === 'timings' || key === 'ms' || key === 'workers' || key.endsWith('Ms') ? undefined : v));

/** A seeded choice among n ready tasks (mulberry32). */
function seededPick(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

async function main(): Promise<void> {
  const exp = loadExperiment(join(resolve(__dirname, '..'), 'examples/seed-protocol.yaml'));
  const single = await runExperiment(exp, { workers: 2 });
  const split = await runExperimentTwoStage(exp, { pick: seededPick(11), batchMs: 500 });
  const same = strip(single) === strip(split);
  process.stdout.write(`two-stage vs single-task on the seed protocol: ${same ? 'identical' : 'DIFFERENT'} (${strip(single).length} characters)\n`);
  process.exit(same ? 0 : 1);
}

void main();
