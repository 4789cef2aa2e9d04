import { rocAuc } from '@radsweep/metrics';
import { ResolvedExperiment, ResolvedModel } from '../experiment/resolved';
import { displayPath } from '../experiment/experiment-file';
import { PreparedFold, REFIT_FOLD } from './prepare-fold';
import { ConfigResult, ExperimentResults, FeatureSetResult, LEAKY_NOTE, ModelResult, OofPrediction, SelectedFeature, SelectionSummary } from './results';
import { softwareVersions } from './software-versions';
import { Study } from './study';
import { computeTestMetrics } from './test-metrics';
import { FitResult } from './worker-protocol';

/*
 * Result assembly: from what the sweep's fits gave back (held-out probabilities, refits, prepared folds) to the
 * results document: each configuration's CV scores, the configuration GridSearchCV would choose, the chosen
 * one's test metrics and predictions, each feature set's selection and folds, and the file around them.
 * Pure functions of their inputs, so the schedule (fit-schedule.ts) and the two-stage tasks give the same bits.
 */

/** A configuration's CV outcome as the engine keeps it until the best one is picked. */
export type ConfigRun = ConfigResult & { fitMs: number; foldProba: (Float64Array | null)[] };

/** One CV fit's outcome: its held-out probabilities and time, or why it failed. */
export interface CvFitOutcome {
  proba: Float64Array | null;
  fitMs: number;
  error?: string;
}

/** A model's refit: its fit on the whole training part, or why it failed. */
export type RefitOutcome = { ok: true; result: FitResult } | { ok: false; error: string };

/** A configuration's CV run from its fits' outcomes, one per CV split in plan order (the split's AUC on its held-out rows). */
export function configRun(config: ResolvedModel['configs'][number], cvFolds: PreparedFold[], outcomes: CvFitOutcome[]): ConfigRun {
  const scored = outcomes.map((o, i) => ({ ...o, score: o.proba ? rocAuc(cvFolds[i].heldY, o.proba) : NaN }));
  const { scores: foldAuc, ...summary } = foldSummary(scored);
  const foldFitMs = outcomes.map((o) => o.fitMs);
  return { index: config.index, params: config.gridParams, foldAuc, foldFitMs, ...summary, foldProba: outcomes.map((o) => o.proba) };
}

/** A configuration's CV splits summed up: each split's score, their mean and sd (NaN when a split failed, with its error) and the fit time. */
export function foldSummary(outcomes: { score: number; fitMs: number; error?: string }[]) {
  const scores = outcomes.map((o) => o.score);
  const error = outcomes.find((o) => o.error)?.error;
  const { mean, sd } = meanSd(scores);
  return {
    scores,
    mean: error ? NaN : mean,
    sd: error ? NaN : sd,
    ...(error ? { error } : {}),
    fitMs: outcomes.reduce((s, o) => s + o.fitMs, 0),
  };
}

/** GridSearchCV's choice: highest mean CV AUC, the first in grid order on ties; failed configurations are skipped. */
export function pickBest(perConfig: { mean: number }[]): number {
  let best = -1;
  perConfig.forEach((c, i) => {
    if (!Number.isNaN(c.mean) && (best < 0 || c.mean > perConfig[best].mean)) best = i;
  });
  return best;
}

/** A model's CV configurations, the chosen one and its refit, as the schedule hands them over. */
export interface ModelRun {
  model: ResolvedModel;
  perConfig: ConfigRun[];
  best: number;
  refit: RefitOutcome | null;
}

/** Every model's result, in the experiment's order (whatever order their fits finished in). */
export function modelResults(exp: ResolvedExperiment, study: Study, modelRuns: ModelRun[], refitFold: PreparedFold, cvFolds: PreparedFold[], selectedFeatures: SelectedFeature[]): ModelResult[] {
  const byModelOrder = new Map(modelRuns.map((r) => [r.model.id, r]));
  return exp.models.map((m) => {
    const r = byModelOrder.get(m.id)!;
    return modelResult(exp, study, r.model, r.perConfig, r.best, r.refit, refitFold, cvFolds, selectedFeatures);
  });
}

export function modelResult(
  exp: ResolvedExperiment,
  study: Study,
  model: ResolvedModel,
  perConfig: ConfigRun[],
  best: number,
  refit: RefitOutcome | null,
  refitFold: PreparedFold,
  cvFolds: PreparedFold[],
  selectedFeatures: SelectedFeature[],
): ModelResult {
  const cvFitMs = perConfig.reduce((s, c) => s + c.fitMs, 0);
  const configs: ConfigResult[] = perConfig.map(({ fitMs: _fitMs, foldProba: _foldProba, ...c }) => c);
  const base: ModelResult = {
    ...chosenConfiguration(model, best),
    cv: { auc: bestMeanSd(configs, best), perConfig: configs },
    test: null,
    roc: null,
    calibration: null,
    selectedFeatures,
    predictions: [],
    oofPredictions: best >= 0 ? outOfFold(study, cvFolds, perConfig[best].foldProba) : [],
    timings: { cvFitMs, refitMs: refit?.ok ? refit.result.fitMs : 0 },
  };
  const failed = failure(configs, best, refit);
  if (failed || !refit?.ok) return { ...base, error: failed ?? 'refit failed' };
  const proba = refit.result.proba;
  const ds = study.dataset;
  const metrics = computeTestMetrics(refitFold.heldY, proba, exp.metrics, exp.seed);
  return {
    ...base,
    ...metrics,
    predictions: Array.from(refitFold.heldRows, (r, i) => ({ id: ds.ids[r], label: ds.label[r], probability: proba[i] })),
    ...(refit.result.model && refitFold.preprocessing ? { kept: { kind: 'classifier' as const, preprocessing: refitFold.preprocessing!, model: refit.result.model } } : {}),
  };
}

/** Which model and configuration a result is about: the grid's values and every parameter of the refit (null when every configuration failed). */
export function chosenConfiguration(model: ResolvedModel, best: number) {
  return {
    model: model.id,
    label: model.label,
    bestParams: best >= 0 ? model.configs[best].gridParams : null,
    bestConfigIndex: best,
    refitParams: best >= 0 ? model.configs[best].params : null,
  };
}

/** The chosen configuration's mean and sd over CV splits (NaN when none succeeded). */
export function bestMeanSd(configs: { mean: number; sd: number }[], best: number): { mean: number; sd: number } {
  return best >= 0 ? { mean: configs[best].mean, sd: configs[best].sd } : { mean: NaN, sd: NaN };
}

/** Why a model has no test result (every configuration failed, or its refit did), or null. */
export function failure(configs: { error?: string }[], best: number, refit: { ok: true } | { ok: false; error: string } | null): string | null {
  if (best < 0) return `every configuration failed; first error: ${configs[0]?.error ?? 'none'}`;
  if (!refit || !refit.ok) return refit?.error ?? 'refit failed';
  return null;
}

/**
 * The best configuration's held-out probabilities from its CV fits (the ones its CV
 * AUCs were computed from), split by split, each split's rows in held-out order.
 */
function outOfFold(study: Study, cvFolds: PreparedFold[], foldProba: (Float64Array | null)[]): OofPrediction[] {
  const ds = study.dataset;
  const out: OofPrediction[] = [];
  cvFolds.forEach((f, i) => {
    const proba = foldProba[i]!; // the best configuration has no failed fold
    f.heldRows.forEach((r, j) => out.push({ id: ds.ids[r], fold: f.fold, label: ds.label[r], probability: proba[j] }));
  });
  return out;
}

export function summarizeSelection(fold: PreparedFold): SelectionSummary {
  const scores = new Map<string, Record<string, number>>(fold.features.map((f) => [f, {}]));
  for (const s of fold.selections) {
    for (const k of s.kept) {
      const entry = scores.get(k.name);
      if (entry) entry[`${s.step}.${s.scoreKind}`] = k.score;
    }
  }
  return {
    steps: fold.selections.map((s) => ({
      step: s.step,
      scoreKind: s.scoreKind,
      fallbackUsed: s.fallbackUsed,
      inputCount: s.inputCount,
      keptCount: s.kept.length,
      ...(s.details ? { details: s.details } : {}),
    })),
    selectedFeatures: fold.features.map((name) => ({ name, scores: scores.get(name)! })),
  };
}

/** Mean and population sd (numpy's std, as GridSearchCV's std_test_score). */
export function meanSd(values: number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  return { mean, sd };
}

/** What every results file starts with: the experiment, the leaky flag (with its note) and the seeds. */
export function resultsHeader(exp: ResolvedExperiment) {
  return {
    experiment: { name: exp.name, description: exp.description, file: displayPath(exp.file) },
    leaky: exp.leaky,
    ...(exp.leaky ? { leakyNote: LEAKY_NOTE } : {}),
    seed: exp.seed,
    modelSeeds: exp.modelSeeds,
  };
}

/** The CV splits' prepared folds (in plan order) and the refit's. */
export function splitPrepared(prepared: PreparedFold[]): { cvFolds: PreparedFold[]; refitFold: PreparedFold } {
  return { cvFolds: prepared.filter((f) => f.fold !== REFIT_FOLD), refitFold: prepared.find((f) => f.fold === REFIT_FOLD)! };
}

/** A feature set's result from its prepared folds (in plan order) and its models' results (in the experiment's order). */
export function featureSetResult(
  exp: ResolvedExperiment,
  study: Study,
  set: number,
  prepared: PreparedFold[],
  models: ModelResult[],
  timings: FeatureSetResult['timings'],
): FeatureSetResult {
  const ds = study.dataset;
  const fs = study.featureSets[set];
  const { cvFolds, refitFold } = splitPrepared(prepared);
  const trainPositives = study.trainRows.reduce((s, r) => s + ds.label[r], 0);
  const testPositives = study.testRows.reduce((s, r) => s + ds.label[r], 0);
  return {
    name: fs.name,
    features: fs.features,
    ...(exp.featureSets[set]?.steps ? { steps: exp.featureSets[set].steps } : {}),
    classBalance: {
      train: { n: study.trainRows.length, positives: trainPositives },
      test: { n: study.testRows.length, positives: testPositives },
    },
    selection: summarizeSelection(refitFold),
    folds: cvFolds.map((f) => ({
      fold: f.fold,
      trainRows: f.fitRowsBeforeSampling,
      sampledRows: f.fitY.length,
      heldRows: f.heldY.length,
      nFeatures: f.features.length,
      ms: f.ms,
    })),
    models,
    timings,
  };
}

/** The results file around its feature sets: the experiment, data set, split, folds, settings and software. */
export function experimentResults(exp: ResolvedExperiment, study: Study, featureSets: FeatureSetResult[], workers: number, totalMs: number): ExperimentResults {
  const ds = study.dataset;
  return {
    format: 'radsweep-results',
    formatVersion: 1,
    ...resultsHeader(exp),
    dataset: {
      path: exp.dataset.shown,
      sha256: ds.sha256,
      rows: ds.ids.length,
      positives: ds.positives,
      positiveClass: exp.dataset.positiveClass,
      idColumn: exp.dataset.idColumn,
      labelColumn: exp.dataset.labelColumn,
    },
    split: {
      type: exp.split.type,
      testIds: Array.from(study.testRows, (r) => ds.ids[r]),
      trainIds: Array.from(study.trainRows, (r) => ds.ids[r]),
    },
    cv: {
      type: exp.cv.type,
      foldsPerRepeat: study.foldsPerRepeat,
      repeats: study.foldAssignments.length,
      foldOfTrainId: study.foldAssignments.map((a) => Array.from(a)),
    },
    settings: {
      steps: exp.steps,
      sampler: exp.sampler,
      scoring: 'roc_auc',
      metrics: exp.metrics,
    },
    software: softwareVersions(),
    workers,
    featureSets,
    timings: { loadMs: study.loadMs, totalMs },
  };
}
