/**
 * The seed grid's tree ensembles (random forest and extra trees: n_estimators 100 / 300 x max_depth
 * null / 5, max_features sqrt; bagging: n_estimators 10 / 50) on fold 0 of the seed protocol (197
 * patients, radiomics set) or, with --patients N, of an N-patient cohort as large-cohort.bench.ts
 * makes it. Each fit is fitted on the fold's prepared training rows and predicts its held-out rows,
 * in the order the sweep queues them (longest first: the 300-tree fits before the 100-tree ones).
 * Prints CPU ms (process.cpuUsage, user + system; minimum over --repeats runs of the whole grid)
 * per fit and a fingerprint of every prediction (equal fingerprints = the same bits).
 * --fresh forgets the forest checkpoints before every fit (ensemble/forest-checkpoints.ts), so
 * every fit grows all its trees. --adaboost adds the seed grid's AdaBoost fits (n_estimators 100 / 50 x
 * learning_rate 0.5 / 1, also CART); --only ID keeps one model's fits.
 *   node -r @swc-node/register benchmarks/forest-grid.bench.ts [--patients N] [--repeats 5] [--fresh] [--adaboost] [--only ID]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Params, createClassifier } from '@radsweep/classifiers';
import { loadExperiment, prepareFoldStage, prepareStudy, readReferenceMarginals, writeCohortCsv } from '../libs/pipeline/src';
import { clearForestCheckpoints } from '../libs/classifiers/src/ensemble/forest-checkpoints';

function argValue(name: string): number | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : undefined;
}

async function main(): Promise<void> {
  const patients = argValue('--patients');
  const repeats = argValue('--repeats') ?? 5;
  const fresh = process.argv.includes('--fresh');
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-forest-grid-'));
  try {
    let dataPath: string | undefined;
    if (patients !== undefined) {
      dataPath = join(dir, 'cohort.csv');
      writeCohortCsv(dataPath, { patients, seed: 42, marginals: readReferenceMarginals(join(__dirname, '..', '..', 'shared', 'data', 'crlm-synthetic.csv')) });
    }
    const exp0 = loadExperiment(join(__dirname, '..', 'examples', 'seed-protocol.yaml'), dataPath ? { dataPath } : {});
    const exp = { ...exp0, featureSets: exp0.featureSets.filter((f) => f.name === 'radiomics') };
    const fold = prepareFoldStage(exp, await prepareStudy(exp), 0, 0);
    console.log(
      `fold 0 of ${patients ?? 'the seed'} patients: ${fold.fitX.rows} x ${fold.fitX.cols} training rows, ${fold.heldX.rows} held out; ` +
        `${fresh ? 'fresh fits' : 'checkpoints kept'}; load average ${loadavg()[0].toFixed(1)}`,
    );
    const forestGrid = (id: string) =>
      [300, 100].flatMap((n_estimators) => [null, 5].map((max_depth): [string, Partial<Params>] => [id, { n_estimators, max_depth, max_features: 'sqrt' }]));
    const adaBoostGrid = [100, 50].flatMap((n_estimators) => [0.5, 1].map((learning_rate): [string, Partial<Params>] => ['adaboost', { n_estimators, learning_rate }]));
    const only = process.argv.indexOf('--only') >= 0 ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
    const all: [string, Partial<Params>][] = [
      ...forestGrid('random_forest'),
      ...forestGrid('extra_trees'),
      ['bagging', { n_estimators: 50 }],
      ['bagging', { n_estimators: 10 }],
      ...(process.argv.includes('--adaboost') ? adaBoostGrid : []),
    ];
    const fits = all.filter(([id]) => only === undefined || id === only);
    const best = fits.map(() => Infinity);
    let fingerprint = '';
    for (let r = 0; r < repeats; r++) {
      clearForestCheckpoints(); // every repeat starts as a worker thread does
      const hash = createHash('sha256');
      fits.forEach(([id, params], i) => {
        if (fresh) clearForestCheckpoints();
        const c0 = process.cpuUsage();
        const proba = createClassifier(id, params, 42).fit(fold.fitX, fold.fitY).predictProba(fold.heldX);
        const c = process.cpuUsage(c0);
        best[i] = Math.min(best[i], (c.user + c.system) / 1000);
        hash.update(Buffer.from(proba.buffer, proba.byteOffset, proba.byteLength));
      });
      const digest = hash.digest('hex').slice(0, 16);
      if (r > 0 && digest !== fingerprint) throw new Error(`repeat ${r} gave fingerprint ${digest}, repeat 0 ${fingerprint}`);
      fingerprint = digest;
    }
    fits.forEach(([id, params], i) => console.log(`  ${id.padEnd(14)} ${JSON.stringify(params).padEnd(58)} cpu ${best[i].toFixed(1).padStart(8)} ms`));
    const total = best.reduce((s, v) => s + v, 0);
    console.log(`total cpu ${total.toFixed(1)} ms (sum of minima over ${repeats} repeats); fingerprint of all predictions ${fingerprint}; load average ${loadavg()[0].toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
