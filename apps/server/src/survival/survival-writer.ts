import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { SurvivalEndpointResult, SurvivalFeatureSetResult, SurvivalModelResult } from '@radsweep/pipeline';
import { SurvivalEndpointEntity, SurvivalFeatureSetResultEntity, SurvivalModelResultEntity, SurvivalPredictionSetEntity } from './survival.entities';
import { survivalCurves } from './survival-curves';

/** A number for a float8 column: NaN, Infinity and undefined (undefined metrics) are stored as NULL. */
const num = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** sha256 (hex) of the sorted test ids, one a line: equal for two endpoints tested on the same patients. */
export function testSetSha256(testIds: string[]): string {
  return createHash('sha256').update([...testIds].sort().join('\n')).digest('hex');
}

/** An endpoint's row as the launch fixes it (its split, folds and cohort counts come from checking the data). */
export function endpointRow(runId: string, position: number, e: Omit<SurvivalEndpointResult, 'featureSets'>): Omit<SurvivalEndpointEntity, 'id' | 'run'> {
  return {
    runId,
    name: e.name,
    position,
    timeColumn: e.timeColumn,
    eventColumn: e.eventColumn,
    eventCodes: e.eventCodes,
    horizons: e.horizons,
    competingEvents: e.competingEvents,
    cohort: e.cohort,
    testSetSha256: testSetSha256(e.split.testIds),
    split: e.split,
    cv: e.cv,
  };
}

/**
 * Inserts one endpoint x feature set's results (the feature set's summary, every model's leaderboard numbers,
 * curves and record, its test and out-of-fold predictions) with the caller's transaction manager: a task's
 * results are written together or not at all.
 */
export async function insertSurvivalFeatureSetResult(m: EntityManager, endpoint: SurvivalEndpointEntity, position: number, fs: SurvivalFeatureSetResult, modelOrder: string[]): Promise<void> {
  const fsRow = await m.save(SurvivalFeatureSetResultEntity, {
    runId: endpoint.runId,
    endpointId: endpoint.id,
    name: fs.name,
    position,
    features: fs.features,
    steps: (fs.steps ?? null) as unknown as Record<string, unknown>[] | null,
    events: fs.events as unknown as Record<string, unknown>,
    selection: fs.selection as unknown as Record<string, unknown>,
    folds: fs.folds as unknown as Record<string, unknown>[],
    timings: fs.timings as unknown as Record<string, unknown>,
  });
  for (const model of fs.models) {
    const row = await m.save(SurvivalModelResultEntity, modelColumns(endpoint, fsRow.id, fs.name, modelOrder.indexOf(model.model), model));
    const { predictions, oofPredictions, predictedAt } = model;
    await m.insert(SurvivalPredictionSetEntity, [
      {
        modelResultId: row.id,
        kind: 'test',
        ids: predictions.map((p) => p.id),
        times: predictions.map((p) => p.time),
        events: predictions.map((p) => p.event),
        linearPredictors: predictions.map((p) => p.linearPredictor),
        predictedAt,
        survival: predictions.flatMap((p) => p.survival),
        folds: null,
      },
      {
        modelResultId: row.id,
        kind: 'oof',
        ids: oofPredictions.map((p) => p.id),
        times: oofPredictions.map((p) => p.time),
        events: oofPredictions.map((p) => p.event),
        linearPredictors: oofPredictions.map((p) => p.linearPredictor),
        predictedAt: [],
        survival: [],
        folds: oofPredictions.map((p) => p.fold),
      },
    ]);
  }
}

function modelColumns(endpoint: SurvivalEndpointEntity, fsId: string, featureSet: string, position: number, model: SurvivalModelResult) {
  const { predictions: _p, oofPredictions: _o, ...record } = model;
  const t = model.test;
  const derived = survivalCurves(model, endpoint.horizons);
  return {
    runId: endpoint.runId,
    endpointId: endpoint.id,
    featureSetResultId: fsId,
    endpoint: endpoint.name,
    featureSet,
    model: model.model,
    label: model.label,
    position,
    bestParams: model.bestParams as Record<string, unknown> | null,
    cvCMean: num(model.cv.cIndex.mean),
    cvCSd: num(model.cv.cIndex.sd),
    testHarrellC: num(t?.harrellC.estimate),
    testHarrellCSe: num(t?.harrellC.stdErr),
    testHarrellCLower: num(t?.harrellC.lower),
    testHarrellCUpper: num(t?.harrellC.upper),
    testUnoC: num(t?.unoC.estimate),
    testUnoCSe: num(t?.unoC.stdErr),
    testUnoCLower: num(t?.unoC.lower),
    testUnoCUpper: num(t?.unoC.upper),
    unoTau: num(t?.unoC.tau),
    ibs: num(t?.ibs?.estimate),
    nullIbs: num(t?.ibs?.nullEstimate),
    calibrationSlope: num(t?.calibrationSlope.slope),
    calibrationSlopeSe: num(t?.calibrationSlope.stdErr),
    classifierHorizon: model.atHorizon?.horizon ?? null,
    excludedCensored: model.atHorizon?.excludedCensored.refit ?? null,
    atHorizons: toJson(derived?.atHorizons ?? []) as Record<string, unknown>[],
    curves: derived ? (toJson(derived.curves) as Record<string, unknown>) : null,
    // JSON has no NaN: stored (and exported) as null, as JSON.stringify writes the CLI's --out file.
    record: toJson(record) as Record<string, unknown>,
    error: model.error ?? null,
  };
}

const toJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
