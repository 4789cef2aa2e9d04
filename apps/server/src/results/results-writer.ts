import type { EntityManager } from 'typeorm';
import type { FeatureSetResult, ModelResult } from '@radsweep/pipeline';
import { FeatureSetResultEntity } from './feature-set-result.entity';
import { ModelResultEntity } from './model-result.entity';
import { PredictionSetEntity } from './prediction-set.entity';

/** A number for a float8 column: the engine's NaN (undefined metric) is stored as NULL. */
const num = (v: number | null | undefined): number | null => (v === null || v === undefined || Number.isNaN(v) ? null : v);

/**
 * Inserts one feature set's results (its summary, every model's record, its test
 * predictions and its out-of-fold predictions) with the caller's transaction manager: a task's results are
 * written together or not at all.
 */
export async function insertFeatureSetResult(m: EntityManager, runId: string, position: number, fs: FeatureSetResult, modelOrder: string[]): Promise<void> {
  const fsRow = await m.save(FeatureSetResultEntity, {
    runId,
    name: fs.name,
    position,
    features: fs.features,
    steps: (fs.steps ?? null) as unknown as Record<string, unknown>[] | null,
    classBalance: fs.classBalance as unknown as Record<string, unknown>,
    selection: fs.selection as unknown as Record<string, unknown>,
    folds: fs.folds as unknown as Record<string, unknown>[],
    timings: fs.timings as unknown as Record<string, unknown>,
  });
  for (const model of fs.models) {
    const { predictions, oofPredictions, ...record } = model;
    const row = await m.save(ModelResultEntity, modelColumns(runId, fsRow.id, fs.name, modelOrder.indexOf(model.model), model, record));
    await m.insert(PredictionSetEntity, [
      {
        modelResultId: row.id,
        kind: 'test',
        ids: predictions.map((p) => p.id),
        labels: predictions.map((p) => p.label),
        probabilities: predictions.map((p) => p.probability),
        folds: null,
      },
      {
        modelResultId: row.id,
        kind: 'oof',
        ids: oofPredictions.map((p) => p.id),
        labels: oofPredictions.map((p) => p.label),
        probabilities: oofPredictions.map((p) => p.probability),
        folds: oofPredictions.map((p) => p.fold),
      },
    ]);
  }
}

function modelColumns(runId: string, fsId: string, featureSet: string, position: number, model: ModelResult, record: Omit<ModelResult, 'predictions' | 'oofPredictions'>) {
  const t = model.test;
  const ci = t?.aucCi.bootstrap ?? t?.aucCi.delong ?? null;
  return {
    runId,
    featureSetResultId: fsId,
    featureSet,
    model: model.model,
    label: model.label,
    position,
    bestParams: model.bestParams as Record<string, unknown> | null,
    cvAucMean: num(model.cv.auc.mean),
    cvAucSd: num(model.cv.auc.sd),
    testAuc: num(t?.auc),
    testAucLower: num(ci?.lower),
    testAucUpper: num(ci?.upper),
    accuracy: num(t?.accuracy),
    recall: num(t?.recall),
    specificity: num(t?.specificity),
    f1: num(t?.f1),
    brier: num(t?.brier),
    // JSON has no NaN: stored (and exported) as null, as JSON.stringify writes the CLI's --out file.
    record: JSON.parse(JSON.stringify(record)) as Record<string, unknown>,
    error: model.error ?? null,
  };
}
