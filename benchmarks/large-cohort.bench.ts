/**
 * The seed protocol's radiomics feature set on a 2,000-patient cohort made by the
 * synthetic generator (seed 42) in a temporary directory, with the radiomics marginals
 * (heavy tails included) of ../shared/data/crlm-synthetic.csv, as issue 15 asks
 * (CohortOptions.marginals; checked by scripts/marginal-tails-report.ts).
 *   node -r @swc-node/register benchmarks/large-cohort.bench.ts [--workers N] [--patients N] [--reference FILE | --built-in-marginals]
 * For the whole process tree's wall time, CPU and peak RSS, run it under `/usr/bin/time -v`
 * (worker threads live in this process, so its maxRSS and CPU times include them).
 * scikit-learn 1.2 on this machine kind (2 cores, n_jobs=2): 1854 s refitting the chain
 * per configuration, 262 s with the chain cached per fold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReferenceMarginals, writeCohortCsv } from '../libs/pipeline/src/synthetic';
import { benchSweep } from './sweep-bench-support';

async function main(): Promise<void> {
  const p = process.argv.indexOf('--patients');
  const patients = p >= 0 ? Number(process.argv[p + 1]) : 2000;
  const r = process.argv.indexOf('--reference');
  const reference = r >= 0 ? process.argv[r + 1] : join(__dirname, '..', '..', 'shared', 'data', 'crlm-synthetic.csv');
  const marginals = process.argv.includes('--built-in-marginals') ? undefined : readReferenceMarginals(reference);
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-large-'));
  try {
    const csv = join(dir, `cohort-${patients}.csv`);
    const t0 = performance.now();
    writeCohortCsv(csv, { patients, seed: 42, marginals });
    console.log(`generated ${patients} patients (${marginals ? `marginals of ${reference}` : 'built-in marginals'}) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${csv}`);
    await benchSweep(`seed protocol, radiomics feature set, ${patients} synthetic patients`, join(__dirname, '..', 'examples', 'seed-protocol.yaml'), { dataPath: csv }, (exp) => ({
      ...exp,
      featureSets: exp.featureSets.filter((f) => f.name === 'radiomics'),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
