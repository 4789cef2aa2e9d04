/**
 * Prints, for the tied/collinear WDBC cohort's scikit-learn 1.2.1 plain references
 * (tests/fixtures/tied/wdbc-tied-plain-*.json, made by scripts/reference/tied-plain.py), each model's
 * |test AUC difference| and max |probability difference| to scikit-learn, and the declared exceptions.
 *   node -r @swc-node/register scripts/tied-parity-report.ts
 */
import { MODEL_REGISTRY } from '@radsweep/classifiers';
import { TIED_FEATURE_SETS, compareToSklearn, tiedFixture } from '../tests/parity/tied-support';

for (const fs of TIED_FEATURE_SETS) {
  const fx = tiedFixture(fs);
  const reference = `wdbc-tied-plain-${fs}`;
  console.log(`\n${reference} (${fx.features.length} features): model, |AUC diff|, max |p diff|`);
  let maxAuc = 0;
  let maxP = 0;
  for (const ref of [...fx.ref.models, ...fx.ref.knn_variants]) {
    const c = compareToSklearn(fx, ref);
    const declared = MODEL_REGISTRY.get(ref.model)!.parityExceptions?.some((e) => e.reference === reference) ? '  (declared exception)' : '';
    const name = ref === fx.ref.models.find((m: any) => m.model === ref.model) ? ref.model : `${ref.model} ${JSON.stringify(ref.params)}`;
    console.log(`  ${name.padEnd(48)} ${c.aucDiff.toExponential(2)}  ${c.pDiff.toExponential(2)}${declared}`);
    maxAuc = Math.max(maxAuc, c.aucDiff);
    maxP = Math.max(maxP, c.pDiff);
  }
  console.log(`  largest: |AUC diff| ${maxAuc.toExponential(2)}, |p diff| ${maxP.toExponential(2)}`);
}
