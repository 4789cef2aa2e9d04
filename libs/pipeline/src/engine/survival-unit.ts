import { harrellC, riskGroupCutoffs } from '@radsweep/metrics';
import { datasetMatrix } from '../io';
import { ResolvedExperiment, ResolvedModel, featureSetSteps } from '../experiment/resolved';
import { FeatureSetData, PreparedFold, REFIT_FOLD } from './prepare-fold';
import { taskError } from './fit-schedule';
import { bestMeanSd, chosenConfiguration, failure, foldSummary, summarizeSelection } from './result-assembly';
import { fitAtHorizonTask, fitSurvivalTask } from './survival-fit';
import type { SurvivalEndpointStudy, SurvivalStudy } from './survival-study';
import type { SurvivalConfigResult, SurvivalFeatureSetResult, SurvivalModelResult } from './survival-results';
import { computeSurvivalTestMetrics } from './survival-test-metrics';
import { taskSeed } from './task-seed';
import type { ChainSpec, FitTask, HorizonFitTask, SurvivalFitResult, SurvivalFitTask } from './worker-protocol';

/**
 * One endpoint x feature set of a survival run, and the pure pieces its results are computed from:
 * the one-task engine (run-survival.ts) and the two-stage graph (two-stage/run-survival-two-stage.ts)
 * both build on them, so they give the same numbers bit for bit.
 */

/** Evenly spaced times, up to the last horizon, over which the integrated Brier score is taken (riskRegression's 60 in the reference). */
export const IBS_TIMES = 60;

export interface SurvivalUnit {
  es: SurvivalEndpointStudy;
  fs: { name: string; features: string[] };
  /** The feature set's index in the experiment (where its own steps are). */
  featureSetIndex: number;
  /** `endpoint/featureSet`: progress label and part of every fit's seed. */
  label: string;
  /** The endpoint's horizons and the IBS grid, sorted: where a refit predicts survival. */
  times: number[];
  ibsTimes: number[];
}

export function survivalUnit(study: SurvivalStudy, es: SurvivalEndpointStudy, fs: { name: string; features: string[] }): SurvivalUnit {
  const horizons = es.endpoint.horizons;
  const last = horizons[horizons.length - 1];
  const ibsTimes = Array.from({ length: IBS_TIMES }, (_, k) => (last * (k + 1)) / IBS_TIMES);
  const featureSetIndex = study.featureSets.findIndex((x) => x.name === fs.name);
  if (featureSetIndex < 0) throw new Error(`the study has no feature set '${fs.name}'`);
  return { es, fs, featureSetIndex, label: `${es.endpoint.name}/${fs.name}`, ibsTimes, times: [...new Set([...horizons, ...ibsTimes])].sort((a, b) => a - b) };
}

/** The chain's input: its label is the event indicator; with the follow-up times it is what a survival selector fits on. */
export function survivalFeatureSetData(study: SurvivalStudy, unit: SurvivalUnit): FeatureSetData {
  const { time, event } = unit.es.outcome;
  return { x: datasetMatrix(study.dataset, unit.fs.features), y: event, time, features: unit.fs.features, ...(study.context ? { context: study.context } : {}) };
}

export function survivalChain(exp: ResolvedExperiment, study: SurvivalStudy, unit: SurvivalUnit): ChainSpec {
  return {
    steps: featureSetSteps(exp, unit.featureSetIndex),
    sampler: null,
    seed: exp.seed,
    ...(exp.leaky ? { leakyRows: Int32Array.from({ length: study.dataset.ids.length }, (_, i) => i) } : {}),
  };
}

/** A classifier learns the status at the first horizon: the positions (in `rows`) of training patients not censored before it. */
function statusKnown(unit: SurvivalUnit, rows: Int32Array): number[] {
  const { time, event } = unit.es.outcome;
  const horizon = unit.es.endpoint.horizons[0];
  const known: number[] = [];
  rows.forEach((r, i) => (event[r] === 1 || time[r] >= horizon) && known.push(i));
  return known;
}

function fitRowsOf(unit: SurvivalUnit, fold: number): Int32Array {
  const plan = unit.es.plans.find((p) => p.fold === fold);
  if (!plan) throw new Error(`endpoint '${unit.es.endpoint.name}' has no fold ${fold}`);
  return plan.fitRows;
}

export type SurvivalFitRequest = { type: 'fitSurvival'; task: SurvivalFitTask } | { type: 'fitAtHorizon'; task: HorizonFitTask };

/** A fit of `model`'s configuration `config` on `fold` (REFIT_FOLD: the refit, which also predicts the training rows' risk); `times`: where to predict survival. */
export function survivalFitRequest(exp: ResolvedExperiment, unit: SurvivalUnit, fold: number, model: ResolvedModel, config: number, times: number[], keepModels: boolean): SurvivalFitRequest {
  const { time, event } = unit.es.outcome;
  const rows = fitRowsOf(unit, fold);
  const base: FitTask = { fold, modelId: model.id, params: model.configs[config].params, seed: taskSeed(exp.seed, unit.label, model.id, model.configs[config].index, fold, exp.modelSeeds) };
  const trainingRisk = fold === REFIT_FOLD;
  if (trainingRisk && keepModels) base.keepModel = true;
  if (model.atHorizon) {
    const horizon = unit.es.endpoint.horizons[0];
    const known = Int32Array.from(statusKnown(unit, rows));
    const labels = Uint8Array.from(known, (i) => Number(event[rows[i]] === 1 && time[rows[i]] <= horizon));
    return { type: 'fitAtHorizon', task: { ...base, rows: known, labels, trainingRisk } };
  }
  return { type: 'fitSurvival', task: { ...base, fitTime: Float64Array.from(rows, (r) => time[r]), fitEvent: Uint8Array.from(rows, (r) => event[r]), times, trainingRisk } };
}

/** Runs a survival fit in this thread on its prepared fold (what a worker does with the request). */
export function runSurvivalFit(fold: PreparedFold, request: SurvivalFitRequest): SurvivalFitResult {
  return request.type === 'fitAtHorizon' ? fitAtHorizonTask(fold, request.task) : fitSurvivalTask(fold, request.task);
}

/** A CV fit's outcome: Harrell's C of its held-out rows and their risks, or why it failed. */
export interface SurvivalCvOutcome {
  c: number;
  risk: Float64Array | null;
  fitMs: number;
  error?: string;
}

export function survivalCvOutcome(unit: SurvivalUnit, fold: PreparedFold, r: SurvivalFitResult): SurvivalCvOutcome {
  const { time, event } = unit.es.outcome;
  const c = harrellC(Float64Array.from(fold.heldRows, (row) => time[row]), Uint8Array.from(fold.heldRows, (row) => event[row]), r.risk).concordance;
  return { c, risk: r.risk, fitMs: r.fitMs, error: undefined };
}

export function failedSurvivalCvOutcome(e: unknown, fold: number): SurvivalCvOutcome {
  return { c: NaN, risk: null, fitMs: 0, error: taskError(e, `fold ${fold}`) };
}

export type SurvivalConfigRun = SurvivalConfigResult & { fitMs: number; foldRisk: (Float64Array | null)[] };

/** One configuration's CV result from its outcomes on every CV split (split order). */
export function survivalConfigRun(model: ResolvedModel, config: number, outcomes: SurvivalCvOutcome[]): SurvivalConfigRun {
  const { scores: foldC, ...summary } = foldSummary(outcomes.map((o) => ({ ...o, score: o.c })));
  return { index: model.configs[config].index, params: model.configs[config].gridParams, foldC, ...summary, foldRisk: outcomes.map((o) => o.risk) };
}

export type SurvivalRefit = { ok: true; result: SurvivalFitResult } | { ok: false; error: string } | null;

/** A model's result: its CV, its chosen configuration's refit scored on the test part (`cvFolds` and `refitFold`: the unit's prepared folds). */
export function survivalModelResult(
  exp: ResolvedExperiment,
  study: SurvivalStudy,
  unit: SurvivalUnit,
  model: ResolvedModel,
  perConfig: SurvivalConfigRun[],
  best: number,
  refit: SurvivalRefit,
  cvFolds: PreparedFold[],
  refitFold: PreparedFold,
): SurvivalModelResult {
  const ds = study.dataset;
  const { es, times, ibsTimes } = unit;
  const { time, event } = es.outcome;
  const horizons = es.endpoint.horizons;
  const classifierHorizon = horizons[0];
  const excludedCensored = (fold: number) => fitRowsOf(unit, fold).length - statusKnown(unit, fitRowsOf(unit, fold)).length;
  const configs = perConfig.map(({ fitMs: _fitMs, foldRisk: _foldRisk, ...c }) => c);
  const base: SurvivalModelResult = {
    ...chosenConfiguration(model, best),
    cv: { cIndex: bestMeanSd(configs, best), perConfig: configs },
    test: null,
    selectedFeatures: summarizeSelection(refitFold).selectedFeatures,
    predictions: [],
    predictedAt: model.atHorizon ? [classifierHorizon] : horizons,
    ...(model.atHorizon ? { atHorizon: { horizon: classifierHorizon, excludedCensored: { cvSplits: cvFolds.map((f) => excludedCensored(f.fold)), refit: excludedCensored(REFIT_FOLD) } } } : {}),
    oofPredictions: best >= 0 ? cvFolds.flatMap((f, i) => Array.from(f.heldRows, (r, j) => ({ id: ds.ids[r], fold: f.fold, time: time[r], event: event[r], linearPredictor: perConfig[best].foldRisk[i]![j] }))) : [],
    timings: { cvFitMs: perConfig.reduce((s, c) => s + c.fitMs, 0), refitMs: refit?.ok ? refit.result.fitMs : 0 },
  };
  const failed = failure(configs, best, refit);
  if (failed || !refit?.ok) return { ...base, error: failed ?? 'refit failed' };
  const { risk, survival, trainingRisk } = refit.result;
  const held = refitFold.heldRows;
  // A classifier predicted survival at its one horizon only: it is scored there, with no IBS.
  const predictedTimes = model.atHorizon ? [classifierHorizon] : times;
  const test = computeSurvivalTestMetrics({
    time: Float64Array.from(held, (r) => time[r]),
    event: Uint8Array.from(held, (r) => event[r]),
    risk,
    survival,
    times: predictedTimes,
    horizons: base.predictedAt,
    ibsTimes: model.atHorizon ? [] : ibsTimes,
    trainingRisk: trainingRisk!,
    riskGroups: es.endpoint.riskGroups,
    calibrationBins: exp.metrics.calibrationBins,
  });
  const at = base.predictedAt.map((h) => predictedTimes.indexOf(h));
  return {
    ...base,
    test,
    predictions: Array.from(held, (r, i) => ({
      id: ds.ids[r],
      time: time[r],
      event: event[r],
      linearPredictor: risk[i],
      survival: at.map((k) => survival[i * predictedTimes.length + k]),
    })),
    ...(refit.result.model && refitFold.preprocessing
      ? {
          kept: {
            kind: model.atHorizon ? ('classifier_at_horizon' as const) : ('survival' as const),
            preprocessing: refitFold.preprocessing!,
            model: refit.result.model,
            riskGroupCutoffs: Array.from(riskGroupCutoffs(trainingRisk!, es.endpoint.riskGroups)),
          },
        }
      : {}),
  };
}

/** The unit's feature-set result from its prepared folds and its models' results. */
export function survivalFeatureSetResult(
  exp: ResolvedExperiment,
  unit: SurvivalUnit,
  cvFolds: PreparedFold[],
  refitFold: PreparedFold,
  models: SurvivalModelResult[],
  timings: SurvivalFeatureSetResult['timings'],
): SurvivalFeatureSetResult {
  const { es, fs } = unit;
  const { event } = es.outcome;
  const count = (rows: Int32Array) => ({ n: rows.length, events: rows.reduce((s, r) => s + event[r], 0) });
  const steps = exp.featureSets[unit.featureSetIndex]?.steps;
  return {
    name: fs.name,
    features: fs.features,
    ...(steps ? { steps } : {}),
    events: { train: count(es.trainRows), test: count(es.testRows) },
    selection: summarizeSelection(refitFold),
    folds: cvFolds.map((f) => ({
      fold: f.fold,
      trainRows: f.fitRowsBeforeSampling,
      trainEvents: f.fitY.reduce((s, e) => s + e, 0),
      heldRows: f.heldY.length,
      nFeatures: f.features.length,
      ms: f.ms,
    })),
    models,
    timings,
  };
}
