/**
 * Tree fits on one CV fold of the 2,000-patient cohort (radiomics set, as large-cohort.bench.ts
 * makes it: seed 42, the marginals of ../shared/data/crlm-synthetic.csv), where many features hold
 * a few tied values (clipped tails), so every node's sort runs scikit-learn's introsort
 * (trees/node-row-sorter.ts). Fits the seed grid of exact gradient boosting, and AdaBoost and a
 * random forest once, on fold 0's prepared training rows (SMOTE-balanced) and predicts its held-out
 * rows. Prints CPU ms (process.cpuUsage, user + system) per fit and a fingerprint of every
 * prediction (equal fingerprints = the same bits).
 *   node -r @swc-node/register benchmarks/large-fold-trees.bench.ts [--patients N] [--quick]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Params, createClassifier } from '@radsweep/classifiers';
import { loadExperiment, prepareFoldStage, prepareStudy, readReferenceMarginals, writeCohortCsv } from '../libs/pipeline/src';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--patients');
  const patients = at >= 0 ? Number(process.argv[at + 1]) : 2000;
  const quick = process.argv.includes('--quick');
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-large-fold-'));
  try {
    const csv = join(dir, 'cohort.csv');
    writeCohortCsv(csv, { patients, seed: 42, marginals: readReferenceMarginals(join(__dirname, '..', '..', 'shared', 'data', 'crlm-synthetic.csv')) });
    const exp0 = loadExperiment(join(__dirname, '..', 'examples', 'seed-protocol.yaml'), { dataPath: csv });
    const exp = { ...exp0, featureSets: exp0.featureSets.filter((f) => f.name === 'radiomics') };
    const fold = prepareFoldStage(exp, await prepareStudy(exp), 0, 0);
    console.log(`fold 0 of ${patients} patients: ${fold.fitX.rows} x ${fold.fitX.cols} training rows, ${fold.heldX.rows} held out; load average ${loadavg()[0].toFixed(1)}`);
    const grid = [2, 3].flatMap((max_depth) => [100, 200].flatMap((n_estimators) => [0.05, 0.1].map((learning_rate) => ({ n_estimators, learning_rate, max_depth }))));
    const fits: [string, Partial<Params>][] = [
      ...(quick ? grid.slice(-1) : grid).map((p): [string, Partial<Params>] => ['gradient_boosting', p]),
      ['adaboost', { n_estimators: 100, learning_rate: 1 }],
      ['random_forest', { n_estimators: 100, max_features: 'sqrt' }],
    ];
    const hash = createHash('sha256');
    let total = 0;
    for (const [id, params] of fits) {
      const c0 = process.cpuUsage();
      const proba = createClassifier(id, params, 42).fit(fold.fitX, fold.fitY).predictProba(fold.heldX);
      const c = process.cpuUsage(c0);
      const ms = (c.user + c.system) / 1000;
      total += ms;
      hash.update(Buffer.from(proba.buffer, proba.byteOffset, proba.byteLength));
      console.log(`  ${id} ${JSON.stringify(params)}: cpu ${ms.toFixed(0)} ms`);
    }
    console.log(`total cpu ${total.toFixed(0)} ms; fingerprint of all predictions ${hash.digest('hex').slice(0, 16)}; load average ${loadavg()[0].toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
