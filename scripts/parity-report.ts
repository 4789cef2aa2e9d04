/**
 * Prints, for the three scikit-learn reference sweeps in ../shared/reference, each model's test AUC
 * and CV AUC from RadSweep (pinned to scikit-learn's chosen configuration, as tests/parity does)
 * beside scikit-learn's, and the largest absolute differences.
 *   node -r @swc-node/register scripts/parity-report.ts
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { MODEL_IDS } from '@radsweep/classifiers';
import { loadExperiment, runExperiment } from '@radsweep/pipeline';

const REPO = resolve(__dirname, '..');
const SHARED = resolve(REPO, '..', 'shared');
const cases = [
  ['wdbc-sweep.json', 'examples/wdbc.yaml', 'wdbc.csv', 'all'],
  ['crlm-synthetic-radiomics-sweep.json', 'examples/seed-protocol.yaml', 'crlm-synthetic.csv', 'radiomics'],
  ['crlm-synthetic-radiomics-clinical-sweep.json', 'examples/seed-protocol.yaml', 'crlm-synthetic.csv', 'radiomics_clinical'],
] as const;
const ourParams = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k === 'estimator__C' ? 'C' : k, v]));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-parity-'));
  for (const [refFile, experiment, data, featureSet] of cases) {
    const ref = JSON.parse(readFileSync(join(SHARED, 'reference', refFile), 'utf8'));
    const spec = parse(readFileSync(join(REPO, experiment), 'utf8'));
    spec.dataset.path = join(SHARED, 'data', data);
    spec.featureSets = spec.featureSets.filter((f: any) => f.name === featureSet);
    spec.models = spec.models.map((m: any, i: number) => {
      const r = ref.models[i];
      const algorithm = m.id === 'adaboost' ? { algorithm: String(r.estimator_params.algorithm).replace(/'/g, '') } : {};
      return { id: m.id, params: { ...(m.params ?? {}), ...ourParams(r.best_params), ...algorithm } };
    });
    const file = join(dir, `${featureSet}.yaml`);
    writeFileSync(file, stringify(spec));
    const results = await runExperiment(loadExperiment(file));
    console.log(`\n${refFile}: model, test AUC ours / scikit-learn, CV AUC ours / scikit-learn`);
    let maxTest = 0;
    let maxCv = 0;
    MODEL_IDS.forEach((id, i) => {
      const r = ref.models[i];
      const ours = results.featureSets[0].models.find((m) => m.model === id)!;
      const refCv = r.cv_results.find((c: any) => JSON.stringify(ourParams(c.params)) === JSON.stringify(ourParams(r.best_params)));
      const dt = Math.abs(ours.test!.auc - r.test.metrics.auc);
      const dc = Math.abs(ours.cv.auc.mean - refCv.mean_auc);
      maxTest = Math.max(maxTest, dt);
      maxCv = Math.max(maxCv, dc);
      console.log(`  ${id.padEnd(20)} ${ours.test!.auc.toFixed(4)} / ${r.test.metrics.auc.toFixed(4)}  ${ours.cv.auc.mean.toFixed(4)} / ${refCv.mean_auc.toFixed(4)}`);
    });
    console.log(`  largest |difference|: test AUC ${maxTest.toExponential(2)}, CV AUC ${maxCv.toExponential(2)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
