/**
 * The seed sweep (examples/seed-protocol.yaml: both feature sets, 15 models, 68
 * configurations x 5 folds) end to end with the default worker pool.
 *   node -r @swc-node/register benchmarks/seed-sweep.bench.ts [--workers N] [--data <csv>]
 * `--data ../shared/data/crlm-synthetic.csv` runs it on the cohort scikit-learn was timed on.
 * scikit-learn 1.2 on this machine kind (2 cores, n_jobs=2, shared/reference/timings.md):
 * radiomics 325 s, radiomics + clinical 350 s refitting the chain per configuration;
 * 40 s / 46 s with the chain cached per fold.
 */
import { join } from 'node:path';
import { benchSweep } from './sweep-bench-support';

const d = process.argv.indexOf('--data');
const dataPath = d >= 0 ? process.argv[d + 1] : undefined;
benchSweep('seed sweep (examples/seed-protocol.yaml)', join(__dirname, '..', 'examples', 'seed-protocol.yaml'), dataPath ? { dataPath } : {}).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
