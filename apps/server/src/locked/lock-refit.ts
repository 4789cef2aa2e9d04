import { readFileSync } from 'node:fs';
import { RadSweepInputError } from '@radsweep/core';
import {
  ExperimentResults,
  ExperimentSpec,
  LockedModel,
  ResolvedExperiment,
  SurvivalExperimentResults,
  Table,
  cohortIds,
  lockedModelBody,
  lockedModelInput,
  lockedModelText,
  predictLocked,
  readLockedModel,
  runExperiment,
  runSurvivalExperiment,
} from '@radsweep/pipeline';
import { resolveForRun } from '../experiments/spec-resolver';
import { storedDatasetTable } from './stored-dataset-table';

/** What locking needs of a stored run (plain data: it crosses to a request-work thread). */
export interface LockRefitInput {
  spec: ExperimentSpec;
  /** The run's dataset: its local Arrow copy, and the name and sha256 it was uploaded with. */
  dataset: { arrowPath: string; fileName: string; sourceSha256: string };
  testIds: string[] | null;
  foldAssignment: Record<string, number> | null;
  /** The split and folds fixed at the run's launch (a survival model: its endpoint's): the refit must use the same. */
  split: { testIds: string[] };
  foldOfTrainId: number[][];
  experiment: { name: string; description?: string; file: string };
  /** A survival model's endpoint; absent for a binary model. */
  endpoint?: string;
  featureSet: string;
  model: string;
  bestConfigIndex: number;
  lockedAt: string;
}

/** A survival model's test predictions: the risk score and the survival at `predictedAt` (row-major, patients x times). */
export interface SurvivalPredictions {
  linearPredictors: number[];
  survival: number[];
}

/** The sealed file, the refit's test predictions (ids in the engine's order) and the locked file's predictions of the same patients. */
export type LockRefitOutput = { text: string; ids: string[]; cvMean: number } & (
  | { kind: 'binary'; refit: number[]; locked: number[] }
  | { kind: 'survival'; predictedAt: number[]; refit: SurvivalPredictions; locked: SurvivalPredictions }
);

/**
 * Refits one model of a finished run exactly as its run did (the same spec, data, split, folds and
 * seed; only that model's chosen configuration, whose task seeds depend on its grid index, not on the
 * other configurations) with the refit kept, seals it as a locked model file, reads the file back
 * (sha256, schema) and predicts the run's test patients from it: probabilities of a binary model; the
 * risk score and the survival at the stored horizons of a survival model (of one endpoint x feature set,
 * the run's task). The caller compares both predictions with the run's stored ones. Runs in a
 * request-work thread (a few seconds of CPU).
 */
export async function lockRefit(input: LockRefitInput): Promise<LockRefitOutput> {
  const resolved = resolveForRun(input.spec, input.dataset.arrowPath, { ...(input.testIds ? { testIds: input.testIds } : {}), ...(input.foldAssignment ? { foldAssignment: input.foldAssignment } : {}) });
  if (Boolean(resolved.endpoints) !== (input.endpoint !== undefined)) {
    throw new RadSweepInputError(resolved.endpoints ? 'this run has survival endpoints: lock one of its survival model results' : 'this run has no survival endpoints', 'modelResultId');
  }
  const only = onlyTheModel(resolved, input);
  const table = storedDatasetTable(readFileSync(input.dataset.arrowPath), input.dataset);
  const what = `model '${input.model}' (${input.endpoint ? `${input.endpoint}/` : ''}${input.featureSet})`;
  if (input.endpoint === undefined) {
    const results: ExperimentResults = await runExperiment(only, { workers: 0, keepModels: true });
    sameSplit(results.split.testIds, results.cv.foldOfTrainId, input);
    const m = results.featureSets[0].models[0];
    if (m.error || !m.kept) throw new RadSweepInputError(`the refit of ${what} failed: ${m.error ?? 'no fitted state kept'}`, 'modelResultId');
    const { text, locked, rowOf } = seal(named(results, input), input, m.kept, table);
    const all = predictLocked(locked, lockedModelInput(locked, table, [locked.training.idColumn]).x);
    if (all.kind !== 'binary') throw new Error('a binary run locked as a survival model');
    const ids = m.predictions.map((p) => p.id);
    return { kind: 'binary', text, ids, refit: m.predictions.map((p) => p.probability), locked: ids.map((id) => all.probability[rowOf.get(id)!]), cvMean: m.cv.auc.mean };
  }
  const results: SurvivalExperimentResults = await runSurvivalExperiment(only, { workers: 0, keepModels: true, only: { endpoint: input.endpoint, featureSet: input.featureSet } });
  const e = results.endpoints[0];
  sameSplit(e.split.testIds, e.cv.foldOfTrainId, input);
  const m = e.featureSets[0].models[0];
  if (m.error || !m.kept) throw new RadSweepInputError(`the refit of ${what} failed: ${m.error ?? 'no fitted state kept'}`, 'modelResultId');
  const { text, locked, rowOf } = seal(named(results, input), input, m.kept, table);
  const all = predictLocked(locked, lockedModelInput(locked, table, [locked.training.idColumn]).x, m.predictedAt);
  if (all.kind !== 'survival') throw new Error('a survival run locked as a binary model');
  const ids = m.predictions.map((p) => p.id);
  const K = m.predictedAt.length;
  const rows = ids.map((id) => rowOf.get(id)!);
  return {
    kind: 'survival',
    text,
    ids,
    predictedAt: m.predictedAt,
    refit: { linearPredictors: m.predictions.map((p) => p.linearPredictor), survival: m.predictions.flatMap((p) => p.survival) },
    locked: { linearPredictors: rows.map((r) => all.linearPredictor[r]), survival: rows.flatMap((r) => Array.from(all.survival.subarray(r * K, (r + 1) * K))) },
    cvMean: m.cv.cIndex.mean,
  };
}

/** The run's experiment cut down to the one feature set, model and configuration to refit (no external cohorts). */
function onlyTheModel(resolved: ResolvedExperiment, input: LockRefitInput): ResolvedExperiment {
  const featureSet = resolved.featureSets.find((f) => f.name === input.featureSet);
  const model = resolved.models.find((m) => m.id === input.model);
  const config = model?.configs.find((c) => c.index === input.bestConfigIndex);
  const endpoint = input.endpoint === undefined || resolved.endpoints?.some((e) => e.name === input.endpoint);
  if (!featureSet || !model || !config || !endpoint) {
    throw new RadSweepInputError(
      `the run's experiment has no ${input.endpoint === undefined ? '' : `endpoint '${input.endpoint}' with `}feature set '${input.featureSet}' with model '${input.model}' configuration ${input.bestConfigIndex}`,
      'modelResultId',
    );
  }
  return { ...resolved, featureSets: [featureSet], models: [{ ...model, configs: [config] }], external: [] };
}

function sameSplit(testIds: string[], foldOfTrainId: number[][], input: LockRefitInput): void {
  if (JSON.stringify(testIds) !== JSON.stringify(input.split.testIds) || JSON.stringify(foldOfTrainId) !== JSON.stringify(input.foldOfTrainId)) {
    throw new Error("the refit's split or folds differ from the ones fixed at the run's launch");
  }
}

/** The refit's results named as the run's tasks name them (TaskRunner): the locked file's source says the same. */
function named<R extends ExperimentResults | SurvivalExperimentResults>(results: R, input: LockRefitInput): R {
  results.experiment = input.experiment;
  results.dataset = { ...results.dataset, path: input.dataset.fileName, sha256: input.dataset.sourceSha256 };
  return results;
}

/** Seals the kept refit as a locked model file and reads it back (what is stored must read back), with each cohort row's index by id. */
function seal(
  results: ExperimentResults | SurvivalExperimentResults,
  input: LockRefitInput,
  kept: Parameters<typeof lockedModelBody>[2],
  table: Table,
): { text: string; locked: LockedModel; rowOf: Map<string, number> } {
  const text = lockedModelText(lockedModelBody(results, { model: input.model, featureSet: input.featureSet, ...(input.endpoint ? { endpoint: input.endpoint } : {}) }, kept, input.lockedAt));
  const locked = readLockedModel(text, 'locked model');
  return { text, locked, rowOf: new Map(cohortIds(table, locked.training.idColumn).map((id, r) => [id, r])) };
}
