import type { EntityManager } from 'typeorm';
import { isUuid } from '../datasets/datasets.service';
import { NotFoundError } from '../http/not-found.error';
import { ModelResultEntity } from '../results/model-result.entity';
import { PredictionSetEntity } from '../results/prediction-set.entity';
import type { RunEntity } from '../runs/run.entity';
import { SurvivalEndpointEntity, SurvivalModelResultEntity, SurvivalPredictionSetEntity } from '../survival/survival.entities';
import type { LockRefitInput } from './lock-refit';
import type { StoredTestPredictions } from './lock-verification';

/** The model result a lock names, as far as locking needs it. */
export interface LockTarget {
  kind: 'binary' | 'survival';
  id: string;
  /** A survival model's endpoint. */
  endpoint?: string;
  model: string;
  featureSet: string;
  record: Record<string, unknown>;
  error: string | null;
  cvMean: number | null;
  /** The split and CV folds the run fixed at launch (a survival model: its endpoint's). */
  splitAndFolds: Pick<LockRefitInput, 'split' | 'foldOfTrainId'>;
}

/** The model result of the run a lock names: binary (model_results) or survival (survival_model_results, with its endpoint's split and folds). */
export async function lockTarget(m: EntityManager, run: RunEntity, id: string): Promise<LockTarget> {
  const binary = isUuid(id) ? await m.findOneBy(ModelResultEntity, { id, runId: run.id }) : null;
  if (binary) {
    return { kind: 'binary', id, model: binary.model, featureSet: binary.featureSet, record: binary.record, error: binary.error, cvMean: binary.cvAucMean, splitAndFolds: { split: { testIds: run.split.testIds }, foldOfTrainId: run.cv.foldOfTrainId } };
  }
  const survival = isUuid(id) ? await m.findOneBy(SurvivalModelResultEntity, { id, runId: run.id }) : null;
  if (!survival) throw new NotFoundError(`model result (binary or survival) of run ${run.id}`, id);
  const endpoint = await m.findOneByOrFail(SurvivalEndpointEntity, { id: survival.endpointId });
  return {
    kind: 'survival',
    id,
    endpoint: endpoint.name,
    model: survival.model,
    featureSet: survival.featureSet,
    record: survival.record,
    error: survival.error,
    cvMean: survival.cvCMean,
    splitAndFolds: { split: { testIds: endpoint.split.testIds }, foldOfTrainId: endpoint.cv.foldOfTrainId },
  };
}

/** The run's stored test predictions of the model to lock (null: none stored). */
export async function storedTestPredictions(m: EntityManager, t: LockTarget): Promise<StoredTestPredictions | null> {
  if (t.kind === 'binary') {
    const p = await m.findOneBy(PredictionSetEntity, { modelResultId: t.id, kind: 'test' });
    return p && { kind: 'binary', ids: p.ids, probabilities: p.probabilities, cvMean: t.cvMean, cvMetric: 'AUC' };
  }
  const p = await m.findOneBy(SurvivalPredictionSetEntity, { modelResultId: t.id, kind: 'test' });
  return p && { kind: 'survival', ids: p.ids, predictedAt: p.predictedAt, linearPredictors: p.linearPredictors, survival: p.survival, cvMean: t.cvMean, cvMetric: "Harrell's C" };
}
