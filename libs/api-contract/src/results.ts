/**
 * A binary model's record, comparisons and the results file (/api/results/:id, /api/compare,
 * /api/runs/:id/results.json, /api/dashboard/results/:id, /api/dashboard/compare), as JSON. The model
 * record is the engine's (libs/pipeline ModelResult, type-only): numbers the engine leaves NaN are null in JSON.
 */
import type { ModelResult, TestMetrics } from '@radsweep/pipeline';
import type { DashboardLeaderboardRow } from './leaderboard';
import type { RunStatus } from './runs';

export type { TestMetrics };

/** GET /api/results/:id: one model's full record (every configuration's fold AUCs, CIs, curves, selected features, predictions). */
export type ModelResultRecord = { id: string; runId: string; featureSet: string } & Omit<ModelResult, 'kept'>;

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

/** The results file's model record without its predictions (they come apart, in `ModelView.predictions`); `kept` never leaves the engine. */
export type ModelRecord = Omit<ModelResult, 'predictions' | 'kept'>;

export interface Prediction {
  id: string;
  label: number;
  probability: number;
}

/** GET /api/dashboard/results/:id: a model's record with what produced it (run settings, seed, dataset hash, software) and server-computed curves. */
export interface ModelView<D = Date> {
  id: string;
  runId: string;
  featureSet: { name: string; features: string[]; classBalance: ClassBalance; selection: { steps: { step: string; scoreKind: string; fallbackUsed: boolean; inputCount: number; keptCount: number }[] } };
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
  roc: ModelResult['roc'];
  calibration: ModelResult['calibration'];
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
