import type { ExperimentResults, ModelResult } from '../engine/results';

/** Missing cells per column of the run's dataset (the server's dataset summary, or counted by the CLI). */
export interface DataProfile {
  columns: { name: string; missing: number }[];
}

/** One feature set's numbers a reporting checklist cites. */
export interface FeatureSetFacts {
  name: string;
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
  /** The model with the highest mean CV AUC (the run's choice, never a test-set choice). */
  bestByCv: { model: string; label: string; cvAuc: number; cvSd: number; test: ModelResult['test'] } | null;
  /** Missing cells in this feature set's candidate columns (null: no data profile given). */
  missingCells: number | null;
  columnsWithMissing: number | null;
}

/** What a sweep's stored results can evidence, computed once for every checklist item. */
export interface StudyFacts {
  experiment: string;
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
  threshold: number;
  bootstrap: number;
  calibrationBins: number;
  models: { id: string; label: string; configurations: number }[];
  fits: number;
  featureSets: FeatureSetFacts[];
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
  const featureSets = results.featureSets.map((fs): FeatureSetFacts => {
    for (const m of fs.models) fits += m.cv.perConfig.length * folds * repeats + (m.test ? 1 : 0);
    const ranked = fs.models.filter((m) => m.test && Number.isFinite(m.cv.auc.mean)).sort((a, b) => b.cv.auc.mean - a.cv.auc.mean);
    const best = ranked[0];
    let missingCells: number | null = null;
    let columnsWithMissing: number | null = null;
    if (missingOf) {
      missingCells = 0;
      columnsWithMissing = 0;
      for (const f of fs.features) {
        const n = missingOf.get(f) ?? 0;
        missingCells += n;
        if (n > 0) columnsWithMissing++;
      }
    }
    const trainEvents = fs.classBalance.train.positives;
    const selected = fs.selection.selectedFeatures.length;
    return {
      name: fs.name,
      ...(fs.steps ? { ownSteps: fs.steps.map((s) => ({ id: s.id, params: s.params as Record<string, unknown> })) } : {}),
      candidateFeatures: fs.features.length,
      selectedFeatures: selected,
      trainN: fs.classBalance.train.n,
      trainEvents,
      testN: fs.classBalance.test.n,
      testEvents: fs.classBalance.test.positives,
      eventsPerCandidate: fs.features.length ? trainEvents / fs.features.length : Number.NaN,
      eventsPerSelected: selected ? trainEvents / selected : Number.NaN,
      bestByCv: best ? { model: best.model, label: best.label, cvAuc: best.cv.auc.mean, cvSd: best.cv.auc.sd, test: best.test } : null,
      missingCells,
      columnsWithMissing,
    };
  });
  const steps = results.settings.steps;
  return {
    experiment: results.experiment.name,
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
    software: results.software,
  };
}
