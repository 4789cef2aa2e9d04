/**
 * A binary model's record, comparisons and the results file (/api/results/:id, /api/compare,
 * /api/runs/:id/results.json, /api/dashboard/results/:id, /api/dashboard/compare), as JSON. The model
 * record is the engine's (libs/pipeline ModelResult, type-only) as JSON: a number the engine leaves NaN (an
 * undefined calibration slope, an empty calibration bin) is null.
 */
import type { ModelResult, SelectionSummary, TestMetrics as EngineTestMetrics } from '@radsweep/pipeline';
import type { AsJson } from './as-json';
import type { DashboardLeaderboardRow } from './leaderboard';
import type { RunStatus } from './runs';

/** A model's test metrics as JSON (undefined metrics null). */
export type TestMetrics = AsJson<EngineTestMetrics>;

/** GET /api/results/:id: one model's full record (every configuration's fold AUCs, CIs, curves, selected features, predictions). */
export type ModelResultRecord = { id: string; runId: string; featureSet: string } & AsJson<Omit<ModelResult, 'kept'>>;

/** GET /api/runs/:id/results.json: the results file in the CLI's `--out` format (the engine's ExperimentResults or SurvivalExperimentResults). */
export type ResultsFile = Record<string, unknown>;

/** A pair of models' DeLong test on the test patients they share. */
export interface PairedDelong {
  patients: number;
  z: number;
  pValue: number;
}

/** GET /api/compare?runs=a,b[,c]: metric deltas against the first run and DeLong's paired test on shared test patients. */
export interface RunComparison {
  runs: string[];
  rows: {
    featureSet: string;
    model: string;
    runs: (
      | { runId: string; present: false }
      | { runId: string; present: true; modelResultId: string; cvAuc: number | null; testAuc: number | null; deltaCvAuc: number | null; deltaTestAuc: number | null; sameTestPatients: boolean; delong: PairedDelong | null }
    )[];
  }[];
}

export type ClassBalance = DashboardLeaderboardRow['classBalance'];

/** The stored model record: the results file's without its predictions (kept apart: `ModelView.predictions`); `kept` never leaves the engine. */
export type ModelRecord = AsJson<Omit<ModelResult, 'predictions' | 'oofPredictions' | 'kept'>>;

export interface Prediction {
  id: string;
  label: number;
  probability: number;
}

/** GET /api/dashboard/results/:id: a model's record with what produced it (run settings, seed, dataset hash, software) and server-computed curves. */
export interface ModelView<D = Date> {
  id: string;
  runId: string;
  featureSet: { name: string; features: string[]; classBalance: ClassBalance; selection: AsJson<SelectionSummary> };
  run: {
    id: string;
    status: RunStatus;
    seed: number;
    createdAt: D;
    dataset: { path: string; sha256: string; rows: number; positives: number; positiveClass: string | number; idColumn: string; labelColumn: string } | null;
    settings: { steps: { id: string; params: Record<string, unknown> }[]; sampler: { id: string; params: Record<string, unknown> } | null; scoring: string; metrics: { threshold: number; bootstrap: number; calibrationBins: number } } | null;
    split: { type: string; train: number; test: number };
    cv: { type: string; foldsPerRepeat: number; repeats: number };
    modelSeeds: string | null;
    leaky: boolean;
    leakyNote: string | null;
    software: Record<string, string> | null;
  };
  experiment: { id: string; name: string; version: number } | null;
  /** The model's rank by CV among the models of its run's feature set (1 = chosen; null: no CV score), and what that means. */
  ranking: { cvRank: number | null; of: number; note: string };
  record: ModelRecord;
  predictions: Prediction[];
  decisionCurve: { threshold: number[]; model: number[]; treatAll: number[]; treatNone: number[] } | null;
  histogram: { edges: number[]; counts: number[] } | null;
}

export interface ComparedModel {
  id: string;
  runId: string;
  experimentId: string;
  experiment: string;
  featureSet: string;
  model: string;
  label: string;
  bestParams: Record<string, unknown> | null;
  test: TestMetrics | null;
  cvAuc: number | null;
  testAuc: number | null;
  roc: ModelRecord['roc'];
  calibration: ModelRecord['calibration'];
  deltaTestAuc: number | null;
  deltaCvAuc: number | null;
  deltaBrier: number | null;
  /** Tested on the same patients as the first model (else its deltas mix model and test-set differences). */
  sameTestPatients: boolean;
  delong: PairedDelong | null;
}

/** GET /api/dashboard/compare?ids=a,b[,c]: models side by side with deltas and DeLong p against the first, and the specs they came from. */
export interface ModelComparison {
  models: ComparedModel[];
  experiments: { id: string; name: string; version: number; spec: Record<string, unknown> }[];
}

/** GET /api/compare: `?runs=a,b` answers a RunComparison, `?models=a,b` a ModelComparison (the dashboard's compare). */
export type Comparison = RunComparison | ModelComparison;
