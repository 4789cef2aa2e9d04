import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { MODEL_REGISTRY } from '@radsweep/classifiers';
import { ExperimentResults, loadExperiment, runExperiment } from '@radsweep/pipeline';
import { aucMannWhitney } from '../support/shared';

/**
 * The seed protocol against a scikit-learn 1.2 run of its whole sweep: the shipped experiment runs on the
 * reference's data with every model pinned to the configuration scikit-learn's grid search chose, so "the same
 * split, steps and hyper-parameters" hold (our stratified holdout, CV folds and SMOTE replay numpy's draws).
 * The suite is seed-sweep-suite.ts; scripts/tied-parity-report.ts prints the same gaps.
 */
export interface SweepCase {
  /** The reference JSON (scikit-learn's sweep); its base name is the `reference` of a parity exception. */
  referenceFile: string;
  /** The experiment whose steps, sampler and models are run (relative to the repository). */
  experiment: string;
  /** The data the reference was made on. */
  data: string;
  /** The experiment's feature set to keep, or (`columns: 'reference'`) the reference's columns as one feature set of that name. */
  featureSet: string;
  columns?: 'reference';
}

export interface SweepTolerances {
  auc: number;
  probability: number;
}

/** One model at scikit-learn's chosen configuration: ours minus theirs. */
export interface ModelGap {
  model: string;
  testAucDiff: number;
  cvAucDiff: number;
  /** max |p - p_sklearn| over the test patients. */
  pDiff: number;
  /** Test AUC recomputed from our probabilities by the rank formula (independent of the engine's metric). */
  rankAucDiff: number;
  detail: string;
}

/** The repository root (tests/engine/support.ts has the same, but imports vitest: scripts use this module too). */
const REPO = resolve(__dirname, '../..');

export const referenceName = (c: SweepCase) => c.referenceFile.replace(/^.*\//, '').replace(/\.json$/, '');

export function readReference(c: SweepCase): any {
  return JSON.parse(readFileSync(c.referenceFile, 'utf8'));
}

/** scikit-learn's parameter names in the reference -> ours (the calibrated SVM's C is flattened). */
function ourParams(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) out[k === 'estimator__C' ? 'C' : k] = v;
  return out;
}

function pinnedExperiment(c: SweepCase, ref: any, dir: string): string {
  const spec = parse(readFileSync(join(REPO, c.experiment), 'utf8'));
  spec.dataset.path = resolve(c.data);
  spec.featureSets = c.columns === 'reference'
    ? [{ name: c.featureSet, include: ref.feature_set.columns }]
    : spec.featureSets.filter((f: any) => f.name === c.featureSet);
  spec.models = spec.models.map((m: any, i: number) => {
    const refModel = ref.models[i];
    // The sweeps were made with scikit-learn 1.2, whose AdaBoost default was SAMME.R (ours: SAMME, as 1.6+).
    const algorithm = m.id === 'adaboost' ? { algorithm: String(refModel.estimator_params.algorithm).replace(/'/g, '') } : {};
    return { id: m.id, params: { ...(m.params ?? {}), ...ourParams(refModel.best_params), ...algorithm } };
  });
  const file = join(dir, `${c.featureSet}.yaml`);
  writeFileSync(file, stringify(spec));
  return file;
}

/** Runs the pinned experiment (one configuration per model, its CV folds and the refit). */
export async function runPinnedSweep(c: SweepCase, ref: any): Promise<ExperimentResults> {
  return runExperiment(loadExperiment(pinnedExperiment(c, ref, mkdtempSync(join(tmpdir(), 'radsweep-parity-')))), { workers: 2 });
}

/** Model `id` (the reference's i-th) of our run against scikit-learn's. */
export function modelGap(ref: any, results: ExperimentResults, id: string, i: number): ModelGap {
  const refModel = ref.models[i];
  const ours = results.featureSets[0].models.find((m) => m.model === id)!;
  const refCv = refModel.cv_results.find((r: any) => JSON.stringify(ourParams(r.params)) === JSON.stringify(ourParams(refModel.best_params)));
  // Every test patient's probability, in the reference's order of test ids.
  const byId = new Map(ours.predictions.map((p) => [String(p.id), p]));
  const testIds = ref.split.test_ids as number[];
  const gaps = testIds.map((tid, k) => Math.abs(byId.get(String(tid))!.probability - refModel.test_proba[k]));
  const rankAuc = aucMannWhitney(testIds.map((tid) => Number(byId.get(String(tid))!.label)), testIds.map((tid) => byId.get(String(tid))!.probability));
  return {
    model: id,
    testAucDiff: Math.abs(ours.test!.auc - refModel.test.metrics.auc),
    cvAucDiff: Math.abs(ours.cv.auc.mean - refCv.mean_auc),
    pDiff: Math.max(...gaps),
    rankAucDiff: Math.abs(rankAuc - refModel.test.metrics.auc),
    detail: `ours: test ${ours.test!.auc}, cv ${ours.cv.auc.mean}; scikit-learn: test ${refModel.test.metrics.auc}, cv ${refCv.mean_auc}`,
  };
}

/** The model's declared bounds for this reference, else the defaults. */
export function tolerancesFor(id: string, reference: string, defaults: SweepTolerances): SweepTolerances {
  const exception = MODEL_REGISTRY.get(id)!.parityExceptions?.find((e) => e.reference === reference);
  return { auc: exception?.aucTolerance ?? defaults.auc, probability: exception?.probabilityTolerance ?? defaults.probability };
}
