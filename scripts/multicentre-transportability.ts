/**
 * The external-validation story of examples/multicentre.yaml in numbers, with the engine functions only:
 * develop on centre A, then for centres B and C (other scanners) print the transportability report
 * (membership AUC, largest |SMD| features, outcome rate, reverse-KM median follow-up) and a logistic
 * model's external AUC and calibration in the large, without and with ComBat (fitted on A; each external
 * centre harmonised from its own unlabelled feature rows).
 *   node -r @swc-node/register scripts/multicentre-transportability.ts
 */
import { join } from 'node:path';
import { Matrix, matrix } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { rocAuc } from '@radsweep/metrics';
import { CombatStep, StandardScaler, TransportCohort, harmoniseNewBatch, readTable, transportCohortFromTable, transportabilityReport } from '../libs/pipeline/src';

const DATA = join(__dirname, '../examples/data');
const SEED = 42;

async function cohort(centre: string): Promise<TransportCohort> {
  const table = await readTable(join(DATA, `multicentre-centre-${centre}.csv`));
  return transportCohortFromTable(table, `centre ${centre}`, { label: 'label', positiveClass: 1 });
}

function featureMatrix(c: TransportCohort, features: string[]): Matrix {
  const n = c.columns[features[0]].length;
  const x = matrix(n, features.length);
  features.forEach((f, j) => {
    const col = c.columns[f] as Float64Array;
    for (let i = 0; i < n; i++) x.data[i * features.length + j] = col[i];
  });
  return x;
}

function withFeatures(c: TransportCohort, features: string[], x: Matrix): TransportCohort {
  const columns = { ...c.columns };
  features.forEach((f, j) => (columns[f] = Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j])));
  return { ...c, columns };
}

async function main(): Promise<void> {
  const dev = await cohort('A');
  const features = Object.keys(dev.columns).filter((c) => c.startsWith('lesion_') || c.startsWith('liver_'));
  const label = (c: TransportCohort) => (c.outcome as { label: Uint8Array }).label;
  const xDev = featureMatrix(dev, features);
  const combat = new CombatStep({ batch: 'centre', continuous: ['age'], categorical: ['sex'] }).fitWithContext(xDev, label(dev), dev.columns);
  const xDevH = combat.transformWithContext(xDev, dev.columns);
  const fitModel = (x: Matrix) => {
    const scaler = new StandardScaler().fit(x, label(dev));
    const model = createClassifier('logistic_regression', { C: 0.1, max_iter: 1000 }, SEED).fit(scaler.transform(x), label(dev));
    return (xe: Matrix) => model.predictProba(scaler.transform(xe));
  };
  const plain = fitModel(xDev);
  const harmonisedModel = fitModel(xDevH);
  console.log(`development: centre A, ${xDev.rows} patients, ${features.length} features; membership model: ${'5-fold CV L2 logistic regression'}`);
  for (const centre of ['B', 'C']) {
    const ext = await cohort(centre);
    const xExt = featureMatrix(ext, features);
    const { x: xExtH } = harmoniseNewBatch(combat, xExt, ext.columns, centre);
    const raw = transportabilityReport(dev, ext, { features, clinical: ['age', 'sex', 'cea'], seed: SEED });
    const harm = transportabilityReport(withFeatures(dev, features, xDevH), withFeatures(ext, features, xExtH), { features, seed: SEED });
    const y = label(ext);
    const rate = y.reduce((s, v) => s + v, 0) / y.length;
    const mean = (p: Float64Array) => p.reduce((s, v) => s + v, 0) / p.length;
    const pRaw = plain(xExt);
    const pHarm = harmonisedModel(xExtH);
    const top = (r: typeof raw) => r.featureShift.slice(0, 3).map((f) => `${f.name} ${f.smd!.toFixed(2)}`).join(', ');
    const o = raw.outcome!;
    console.log(`\ncentre ${centre} (${xExt.rows} patients)`);
    if (o.type === 'binary') console.log(`  outcome rate: development ${o.development.rate.toFixed(3)}, external ${o.external.rate.toFixed(3)}`);
    console.log(`  clinical SMD: ${raw.variables.filter((v) => v.role === 'clinical').map((v) => `${v.name} ${v.smd?.toFixed(2)}`).join(', ')}; cea missing ${raw.missingness.find((m) => m.column === 'cea')!.external.missing}`);
    console.log(`  membership AUC: raw ${raw.membership.auc.toFixed(3)}, after ComBat ${harm.membership.auc.toFixed(3)}`);
    console.log(`  largest |SMD|: raw ${top(raw)}; after ComBat ${top(harm)}`);
    console.log(`  logistic model (C = 0.1): external AUC raw ${rocAuc(y, pRaw).toFixed(3)}, with ComBat ${rocAuc(y, pHarm).toFixed(3)}; mean predicted risk raw ${mean(pRaw).toFixed(3)}, with ComBat ${mean(pHarm).toFixed(3)} (observed ${rate.toFixed(3)})`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
