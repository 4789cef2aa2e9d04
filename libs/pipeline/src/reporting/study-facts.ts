import type { ExperimentResults } from '../engine/results';
import type { SurvivalExperimentResults } from '../engine/survival-results';
import { num } from './evidence-sentences';
import { externalCohortsText, type ScoredBest } from './external-cohorts';
import { survivalTestLine } from './survival-test-summary';

/** Missing cells per column of the run's dataset (the server's dataset summary, or counted by the CLI). */
export interface DataProfile {
  columns: { name: string; missing: number }[];
}

/** One feature set's numbers a reporting checklist cites. */
export interface FeatureSetFacts {
  /** The feature set's name; for a survival run `<endpoint> / <feature set>`. */
  name: string;
  /** Survival runs: the endpoint and the feature set's own name (evidence links need both). */
  endpoint?: string;
  featureSet: string;
  /** The feature set's own preprocessing chain when it replaced the experiment's. */
  ownSteps?: { id: string; params: Record<string, unknown> }[];
  candidateFeatures: number;
  selectedFeatures: number;
  trainN: number;
  trainEvents: number;
  testN: number;
  testEvents: number;
  /** Training events per candidate feature (the usual sample-size heuristic; < 10 is a warning sign). */
  eventsPerCandidate: number;
  /** Training events per feature kept by the selection chain refit on the whole training part. */
  eventsPerSelected: number;
  /** The model with the highest mean CV score (the run's choice, never a test-set choice) and its test estimates in words. */
  bestByCv: { model: string; label: string; cvScore: number; cvSd: number; testLine: string } | null;
  /** Missing cells in this feature set's candidate columns (null: no data profile given). */
  missingCells: number | null;
  columnsWithMissing: number | null;
}

/** What a sweep's stored results can evidence, computed once for every checklist item. */
export interface StudyFacts {
  kind: 'binary' | 'survival';
  experiment: string;
  /** The predicted outcome in words ("label = 1", or each endpoint with its columns, events and horizons). */
  outcome: string;
  /** What picks configurations and models: "AUC" or "C-index" (Harrell's). */
  cvMetric: string;
  /** Survival runs: each endpoint's horizons, events of interest, patients and competing events (censored at their time: `competingHandling`). */
  endpoints?: { name: string; horizons: number[]; events: number; n: number; competing: number; competingHandling: string }[];
  rows: number;
  positives: number;
  positiveClass: string;
  labelColumn: string;
  datasetSha256: string;
  split: string;
  testFraction: number;
  cv: string;
  folds: number;
  repeats: number;
  leaky: boolean;
  seed: number;
  steps: { id: string; params: Record<string, unknown> }[];
  imputer: string | null;
  sampler: { id: string; params: Record<string, unknown> } | null;
  scoring: string;
  /** Binary runs: the fixed classification threshold and the bootstrap resamples of the test AUC CI (survival: null). */
  threshold: number | null;
  bootstrap: number | null;
  calibrationBins: number;
  models: { id: string; label: string; configurations: number }[];
  fits: number;
  featureSets: FeatureSetFacts[];
  /** The external cohorts every model was scored on (validation.external), in words; null without any. */
  external: string | null;
  software: Record<string, string>;
}

/** Facts of a binary-outcome run's results (the CLI's results file, or the server's export of it). */
export function studyFacts(results: ExperimentResults, profile?: DataProfile): StudyFacts {
  const missingOf = profile ? new Map(profile.columns.map((c) => [c.name, c.missing])) : null;
  const firstModels = results.featureSets[0]?.models ?? [];
  const folds = results.cv.foldsPerRepeat;
  const repeats = results.cv.repeats;
  const trainN = results.split.trainIds.length;
  const testN = results.split.testIds.length;
  let fits = 0;
  const scored: ScoredBest[] = [];
  const featureSets = results.featureSets.map((fs): FeatureSetFacts => {
    for (const m of fs.models) fits += m.cv.perConfig.length * folds * repeats + (m.test ? 1 : 0);
    const ranked = fs.models.filter((m) => m.test && Number.isFinite(m.cv.auc.mean)).sort((a, b) => b.cv.auc.mean - a.cv.auc.mean);
    const best = ranked[0];
    if (best) scored.push({ name: fs.name, label: best.label, external: best.external });
    const trainEvents = fs.classBalance.train.positives;
    const selected = fs.selection.selectedFeatures.length;
    return {
      name: fs.name,
      featureSet: fs.name,
      ...(fs.steps ? { ownSteps: fs.steps.map((s) => ({ id: s.id, params: s.params as Record<string, unknown> })) } : {}),
      candidateFeatures: fs.features.length,
      selectedFeatures: selected,
      trainN: fs.classBalance.train.n,
      trainEvents,
      testN: fs.classBalance.test.n,
      testEvents: fs.classBalance.test.positives,
      eventsPerCandidate: fs.features.length ? trainEvents / fs.features.length : Number.NaN,
      eventsPerSelected: selected ? trainEvents / selected : Number.NaN,
      bestByCv: best ? { model: best.model, label: best.label, cvScore: best.cv.auc.mean, cvSd: best.cv.auc.sd, testLine: binaryTestLine(best.test) } : null,
      ...missingIn(fs.features, missingOf),
    };
  });
  const steps = results.settings.steps;
  return {
    kind: 'binary',
    experiment: results.experiment.name,
    outcome: `${results.dataset.labelColumn} = ${results.dataset.positiveClass}`,
    cvMetric: 'AUC',
    rows: results.dataset.rows,
    positives: results.dataset.positives,
    positiveClass: String(results.dataset.positiveClass),
    labelColumn: results.dataset.labelColumn,
    datasetSha256: results.dataset.sha256,
    split: results.split.type,
    testFraction: trainN + testN ? testN / (trainN + testN) : 0,
    cv: results.cv.type,
    folds,
    repeats,
    leaky: results.leaky,
    seed: results.seed,
    steps,
    imputer: steps.find((s) => s.id.includes('imput'))?.id ?? null,
    sampler: results.settings.sampler,
    scoring: results.settings.scoring,
    threshold: results.settings.metrics.threshold,
    bootstrap: results.settings.metrics.bootstrap,
    calibrationBins: results.settings.metrics.calibrationBins,
    models: firstModels.map((m) => ({ id: m.model, label: m.label, configurations: m.cv.perConfig.length })),
    fits,
    featureSets,
    external: externalCohortsText(scored),
    software: results.software,
  };
}

function binaryTestLine(t: ExperimentResults['featureSets'][number]['models'][number]['test']): string {
  if (!t) return 'no test result';
  const ci = t.aucCi.bootstrap ? ` (95 % CI ${num(t.aucCi.bootstrap.lower)}-${num(t.aucCi.bootstrap.upper)})` : '';
  const cal = Number.isFinite(t.calibrationSlope) && t.calibrationSlope !== null ? `, calibration slope ${num(t.calibrationSlope, 2)}, intercept ${num(t.calibrationIntercept, 2)}` : ', calibration slope undefined';
  return `test AUC ${num(t.auc)}${ci}, Brier ${num(t.brier)}${cal}`;
}

/** Missing cells in `features` by the profile, or nulls without one. */
function missingIn(features: string[], missingOf: Map<string, number> | null): { missingCells: number | null; columnsWithMissing: number | null } {
  if (!missingOf) return { missingCells: null, columnsWithMissing: null };
  let missingCells = 0;
  let columnsWithMissing = 0;
  for (const f of features) {
    const n = missingOf.get(f) ?? 0;
    missingCells += n;
    if (n > 0) columnsWithMissing++;
  }
  return { missingCells, columnsWithMissing };
}

/**
 * Facts of a survival run: one feature-set entry per endpoint x feature set (events of interest as the
 * events), Harrell's C as the CV score, and the test part's C-indices, td-AUC and Brier at each horizon.
 */
export function survivalStudyFacts(results: SurvivalExperimentResults, profile?: DataProfile): StudyFacts {
  const missingOf = profile ? new Map(profile.columns.map((c) => [c.name, c.missing])) : null;
  const first = results.endpoints[0];
  let fits = 0;
  const scored: ScoredBest[] = [];
  const featureSets: FeatureSetFacts[] = [];
  for (const ep of results.endpoints) {
    const folds = ep.cv.foldsPerRepeat * ep.cv.repeats;
    for (const fs of ep.featureSets) {
      for (const m of fs.models) fits += m.cv.perConfig.length * folds + (m.test ? 1 : 0);
      const best = fs.models.filter((m) => m.test && Number.isFinite(m.cv.cIndex.mean)).sort((a, b) => b.cv.cIndex.mean - a.cv.cIndex.mean)[0];
      if (best) scored.push({ name: `${ep.name} / ${fs.name}`, label: best.label, external: best.external });
      const trainEvents = fs.events.train.events;
      const selected = fs.selection.selectedFeatures.length;
      const testLine = best?.test ? survivalTestLine(best.test) : 'no test result';
      featureSets.push({
        name: `${ep.name} / ${fs.name}`,
        endpoint: ep.name,
        featureSet: fs.name,
        ...(fs.steps ? { ownSteps: fs.steps.map((s) => ({ id: s.id, params: s.params as Record<string, unknown> })) } : {}),
        candidateFeatures: fs.features.length,
        selectedFeatures: selected,
        trainN: fs.events.train.n,
        trainEvents,
        testN: fs.events.test.n,
        testEvents: fs.events.test.events,
        eventsPerCandidate: fs.features.length ? trainEvents / fs.features.length : Number.NaN,
        eventsPerSelected: selected ? trainEvents / selected : Number.NaN,
        bestByCv: best ? { model: best.model, label: best.label, cvScore: best.cv.cIndex.mean, cvSd: best.cv.cIndex.sd, testLine } : null,
        ...missingIn(fs.features, missingOf),
      });
    }
  }
  const trainN = first?.split.trainIds.length ?? 0;
  const testN = first?.split.testIds.length ?? 0;
  const steps = results.settings.steps;
  const models = first?.featureSets[0]?.models ?? [];
  return {
    kind: 'survival',
    experiment: results.experiment.name,
    outcome: results.endpoints
      .map((ep) => `${ep.name} (time ${ep.timeColumn}, event ${ep.eventColumn} in {${ep.eventCodes.join(', ')}}, horizons ${ep.horizons.join(', ')}; ${ep.cohort.events} events of interest in ${ep.cohort.n} patients, ${ep.competingEvents.count} competing events ${ep.competingEvents.handling})`)
      .join('; '),
    cvMetric: "Harrell's C",
    endpoints: results.endpoints.map((ep) => ({ name: ep.name, horizons: ep.horizons, events: ep.cohort.events, n: ep.cohort.n, competing: ep.competingEvents.count, competingHandling: ep.competingEvents.handling })),
    rows: results.dataset.rows,
    positives: first?.cohort.events ?? 0,
    positiveClass: 'event',
    labelColumn: first?.eventColumn ?? '',
    datasetSha256: results.dataset.sha256,
    split: first?.split.type ?? 'none',
    testFraction: trainN + testN ? testN / (trainN + testN) : 0,
    cv: first?.cv.type ?? 'none',
    folds: first?.cv.foldsPerRepeat ?? 0,
    repeats: first?.cv.repeats ?? 0,
    leaky: results.leaky,
    seed: results.seed,
    steps,
    imputer: steps.find((s) => s.id.includes('imput'))?.id ?? null,
    sampler: null,
    scoring: results.settings.scoring,
    threshold: null,
    bootstrap: null,
    calibrationBins: results.settings.metrics.calibrationBins,
    models: models.map((m) => ({ id: m.model, label: m.label, configurations: m.cv.perConfig.length })),
    fits,
    featureSets,
    external: externalCohortsText(scored),
    software: results.software,
  };
}
