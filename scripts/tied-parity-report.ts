/**
 * Prints, for the tied/collinear WDBC cohort's scikit-learn 1.2.1 references, each model's |test AUC difference|
 * and max |probability difference| to scikit-learn, and the declared exceptions: the plain configurations
 * (tests/fixtures/tied/wdbc-tied-plain-*.json, scripts/reference/tied-plain.py) and, with --sweep, the seed
 * protocol's sweep at scikit-learn's chosen configurations (wdbc-tied-sweep-*.json, scripts/reference/tied-sweep.py;
 * also |CV AUC difference|; a few minutes).
 *   node -r @swc-node/register scripts/tied-parity-report.ts [--sweep]
 */
import { MODEL_IDS, MODEL_REGISTRY } from '@radsweep/classifiers';
import { TIED_FEATURE_SETS, compareToSklearn, tiedFixture } from '../tests/parity/tied-support';
import { tiedSweepCase } from '../tests/parity/tied-sweep-cases';
import { modelGap, readReference, referenceName, runPinnedSweep } from '../tests/parity/seed-sweep-support';

const declared = (model: string, reference: string) =>
  MODEL_REGISTRY.get(model)!.parityExceptions?.some((e) => e.reference === reference) ? '  (declared exception)' : '';

function plainReport(): void {
  for (const fs of TIED_FEATURE_SETS) {
    const fx = tiedFixture(fs);
    const reference = `wdbc-tied-plain-${fs}`;
    console.log(`\n${reference} (${fx.features.length} features): model, |AUC diff|, max |p diff|`);
    let maxAuc = 0;
    let maxP = 0;
    for (const ref of [...fx.ref.models, ...fx.ref.knn_variants]) {
      const c = compareToSklearn(fx, ref);
      const name = ref === fx.ref.models.find((m: any) => m.model === ref.model) ? ref.model : `${ref.model} ${JSON.stringify(ref.params)}`;
      console.log(`  ${name.padEnd(48)} ${c.aucDiff.toExponential(2)}  ${c.pDiff.toExponential(2)}${declared(ref.model, reference)}`);
      maxAuc = Math.max(maxAuc, c.aucDiff);
      maxP = Math.max(maxP, c.pDiff);
    }
    console.log(`  largest: |AUC diff| ${maxAuc.toExponential(2)}, |p diff| ${maxP.toExponential(2)}`);
  }
}

async function sweepReport(): Promise<void> {
  for (const fs of TIED_FEATURE_SETS) {
    const c = tiedSweepCase(fs);
    const reference = referenceName(c);
    const ref = readReference(c);
    const results = await runPinnedSweep(c, ref);
    console.log(`\n${reference} (${ref.feature_set.n_features} columns, ${ref.selection_on_training_part.n_selected} selected): model at scikit-learn's choice, |test AUC diff|, |CV AUC diff|, max |p diff|`);
    MODEL_IDS.forEach((id, i) => {
      const g = modelGap(ref, results, id, i);
      const choice = JSON.stringify(ref.models[i].best_params);
      console.log(`  ${`${id} ${choice}`.padEnd(72)} ${g.testAucDiff.toExponential(2)}  ${g.cvAucDiff.toExponential(2)}  ${g.pDiff.toExponential(2)}${declared(id, reference)}`);
    });
  }
}

plainReport();
if (process.argv.includes('--sweep')) void sweepReport();
