/**
 * How much of the engine threads' fit-cache reuse survives when a feature set's fit batches are shared by
 * worker processes (each process has its own caches), for the old packing (batchFits: fits longest first,
 * a model's configurations on one fold spread over batches) and the fold-group packing (batchFoldGroups).
 * Counts, not times (load-independent): the queue hand-out is simulated (each free worker takes the next
 * batch; a batch lasts its estimated cost), then per process the gradient boosting stages that no
 * n_estimators checkpoint covers, the calibrated SVM grid's inner SVM fits the inner-SVM cache does not
 * answer, and the tree fits that find their fold's root sort memo cold (4 data sets kept per thread).
 * Run: node -r @swc-node/register benchmarks/fit-cache-reuse.bench.ts [--feature-set radiomics]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { FitItem, MIN_BATCH_MS, MIN_BATCHES_PER_SET, batchFits, batchFoldGroups, cvFitItems, cvFoldsOf, fitShapes, measuredFitCost, msPerUnitTable, prepareStudy } from '@radsweep/pipeline';
import { resolveForRun } from '../apps/server/src/experiments/spec-resolver';

const REPO = resolve(__dirname, '..');
const args = process.argv.slice(2);
const setName = args.includes('--feature-set') ? args[args.indexOf('--feature-set') + 1] : 'radiomics';
const TREE_MODELS = new Set(['decision_tree', 'random_forest', 'extra_trees', 'bagging', 'adaboost', 'gradient_boosting']);
const MEMO_DATA_SETS = 4; // trees/full-node-sort-memo.ts

async function main(): Promise<void> {
  const specFile = join(REPO, 'examples/seed-protocol.yaml');
  const spec = parse(readFileSync(specFile, 'utf8'));
  spec.featureSets = spec.featureSets.filter((f: { name: string }) => f.name === setName);
  const resolved = resolveForRun(spec, join(REPO, 'examples', spec.dataset.path), {});
  const study = await prepareStudy(resolved);
  const cost = measuredFitCost(resolved, fitShapes(study), msPerUnitTable({}));
  const items = cvFitItems(resolved, cvFoldsOf(study), 0);
  const total = items.reduce((s, i) => s + cost(i), 0);
  const target = Math.min(2000, Math.max(MIN_BATCH_MS, total / MIN_BATCHES_PER_SET)); // spreadFits' target
  const plans: [string, FitItem[][]][] = [
    ['batchFits (before)', batchFits(items, cost, target)],
    ['batchFoldGroups (after)', batchFoldGroups(items, cost, target)],
  ];
  for (const [name, batches] of plans) {
    for (const workers of [1, 2, 4]) {
      const busyUntil = new Array<number>(workers).fill(0);
      const sequences: FitItem[][] = Array.from({ length: workers }, () => []);
      for (const batch of batches) {
        const w = busyUntil.indexOf(Math.min(...busyUntil));
        busyUntil[w] += batch.reduce((s, i) => s + cost(i), 0);
        sequences[w].push(...batch);
      }
      let stages = 0;
      let allStages = 0;
      let svmFits = 0;
      let svmAll = 0;
      let coldMemo = 0;
      for (const sequence of sequences) {
        const checkpoints = new Map<string, number>();
        const svms = new Set<string>();
        const memo: number[] = [];
        for (const item of sequence) {
          const model = resolved.models[item.modelIndex];
          const p = model.configs[item.configIndex].params as Record<string, number>;
          if (model.id === 'gradient_boosting') {
            const key = `${item.fold}|${JSON.stringify({ ...p, n_estimators: 0 })}`;
            const kept = checkpoints.get(key) ?? 0;
            allStages += p.n_estimators;
            if (kept < p.n_estimators) {
              stages += p.n_estimators - kept;
              checkpoints.set(key, p.n_estimators);
            }
          }
          if (model.id === 'calibrated_svm') {
            svmAll++;
            const key = `${item.fold}|${p.C}`;
            if (!svms.has(key)) svmFits++;
            svms.add(key);
          }
          if (TREE_MODELS.has(model.id)) {
            const at = memo.indexOf(item.fold);
            if (at >= 0) memo.splice(at, 1);
            else coldMemo++;
            memo.unshift(item.fold);
            if (memo.length > MEMO_DATA_SETS) memo.pop();
          }
        }
      }
      process.stdout.write(
        `${name}: ${batches.length} batches, ${workers} worker process(es): boosting stages fitted ${stages} of ${allStages}; calibrated SVM grids fitting their inner SVMs ${svmFits} of ${svmAll}; tree fits with a cold root sort memo ${coldMemo}; estimated makespan ${(Math.max(...busyUntil) / 1000).toFixed(1)} s of ${(total / 1000).toFixed(1)} s\n`,
      );
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
  },
);
