import { readFileSync } from 'node:fs';
import { RadSweepInputError } from '@radsweep/core';
import {
  ExperimentResults,
  ExperimentSpec,
  cohortIds,
  lockedModelBody,
  lockedModelInput,
  lockedModelText,
  predictLocked,
  readLockedModel,
  runExperiment,
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
  /** The split and folds fixed at the run's launch: the refit must use the same. */
  split: { testIds: string[] };
  foldOfTrainId: number[][];
  experiment: { name: string; description?: string; file: string };
  featureSet: string;
  model: string;
  bestConfigIndex: number;
  lockedAt: string;
}

export interface LockRefitOutput {
  text: string;
  /** The refit's test predictions (ids in the engine's order) and the locked file's predictions of the same patients. */
  ids: string[];
  refit: number[];
  locked: number[];
  cvMean: number;
}

/**
 * Refits one model of a finished run exactly as its run did (the same spec, data, split, folds and
 * seed; only that model's chosen configuration, whose task seeds depend on its grid index, not on the
 * other configurations) with the refit kept, seals it as a locked model file, reads the file back
 * (sha256, schema) and predicts the run's test patients from it. The caller compares both predictions
 * with the run's stored ones. Runs in a request-work thread (a few seconds of CPU).
 */
export async function lockRefit(input: LockRefitInput): Promise<LockRefitOutput> {
  const resolved = resolveForRun(input.spec, input.dataset.arrowPath, { ...(input.testIds ? { testIds: input.testIds } : {}), ...(input.foldAssignment ? { foldAssignment: input.foldAssignment } : {}) });
  if (resolved.endpoints) throw new RadSweepInputError('this run has survival endpoints: lock its models from their survival results', 'modelResultId');
  const featureSet = resolved.featureSets.find((f) => f.name === input.featureSet);
  const model = resolved.models.find((m) => m.id === input.model);
  const config = model?.configs.find((c) => c.index === input.bestConfigIndex);
  if (!featureSet || !model || !config) throw new RadSweepInputError(`the run's experiment has no feature set '${input.featureSet}' with model '${input.model}' configuration ${input.bestConfigIndex}`, 'modelResultId');
  const only = { ...resolved, featureSets: [featureSet], models: [{ ...model, configs: [config] }], external: [] };
  const results: ExperimentResults = await runExperiment(only, { workers: 0, keepModels: true });
  if (JSON.stringify(results.split.testIds) !== JSON.stringify(input.split.testIds) || JSON.stringify(results.cv.foldOfTrainId) !== JSON.stringify(input.foldOfTrainId)) {
    throw new Error("the refit's split or folds differ from the ones fixed at the run's launch");
  }
  results.experiment = input.experiment;
  results.dataset = { ...results.dataset, path: input.dataset.fileName, sha256: input.dataset.sourceSha256 };
  const m = results.featureSets[0].models[0];
  if (m.error || !m.kept) throw new RadSweepInputError(`the refit of model '${input.model}' (${input.featureSet}) failed: ${m.error ?? 'no fitted state kept'}`, 'modelResultId');
  const text = lockedModelText(lockedModelBody(results, { model: input.model, featureSet: input.featureSet }, m.kept, input.lockedAt));
  const locked = readLockedModel(text, 'locked model'); // what is stored must read back
  const table = storedDatasetTable(readFileSync(input.dataset.arrowPath), input.dataset);
  const all = predictLocked(locked, lockedModelInput(locked, table, [locked.training.idColumn]).x);
  if (all.kind !== 'binary') throw new Error('a binary run locked as a survival model');
  const rowOf = new Map(cohortIds(table, locked.training.idColumn).map((id, r) => [id, r]));
  const ids = m.predictions.map((p) => p.id);
  return { text, ids, refit: m.predictions.map((p) => p.probability), locked: ids.map((id) => all.probability[rowOf.get(id)!]), cvMean: m.cv.auc.mean };
}
