/**
 * The tracking server's locked models and external validations, as JSON. Types only: no runtime code, so
 * both the server (apps/server) and the dashboard (apps/dashboard) may import them.
 *
 * - A locked model is one model of a finished run, refitted as the run fitted it and sealed as the
 *   engine's locked-model file (canonical JSON carrying its own sha256; `GET /locked-models/:id/file`
 *   serves it byte for byte). It is stored only when the refit and the file reproduce the run's stored
 *   test predictions bit for bit (a binary model: its probabilities; a survival model: its risk scores
 *   and survival at the stored horizons), and never changes after.
 * - An external validation scores a locked model on an uploaded dataset (a queue task): every metric with
 *   CIs, pooled and per centre, plus the transportability report against the run's dataset.
 * - Ids are UUID strings; times are ISO 8601.
 */

import type {
  BinaryCohortMetrics as EngineBinaryCohortMetrics,
  CentreResult as EngineCentreResult,
  CohortTransportability,
  EstimateWithCi as EngineEstimateWithCi,
  PercentileCi,
  SurvivalTestMetrics,
  ValidationReport as EngineValidationReport,
} from '@radsweep/pipeline';
import type { AsJson } from './as-json';

/**
 * POST /runs/:runId/models/:modelResultId/lock. `modelResultId` is a binary model's result (GET /results/:id,
 * a leaderboard row's id) or a survival model's (GET /survival/results/:id, a survival leaderboard row's id);
 * the locked model's `endpointType` says which. 409 with the first test patient whose prediction differs.
 */
export interface LockRequest {
  /** Default: '<model> (<feature set>), run <first 8 characters of the run id>'. */
  name?: string;
}

/** A locked model (without its file): POST .../lock, GET /locked-models/:id, GET /projects/:id/locked-models. */
export interface LockedModelSummary {
  id: string;
  projectId: string | null;
  runId: string;
  /** The model result it was locked from: of GET /results/:id when `endpointType` is 'binary', of GET /survival/results/:id when 'survival'. */
  modelResultId: string;
  name: string;
  featureSet: string;
  model: string;
  endpointType: 'binary' | 'survival';
  /** The file's own "sha256" key (over every other key of its canonical content): what `radsweep validate` checks. */
  sha256: string;
  /** sha256 of the file's bytes as downloaded (header X-Content-Sha256). */
  fileSha256: string;
  formatVersion: number;
  verification: {
    testPatients: number;
    refitEqualsRun: true;
    lockedFileEqualsRun: true;
    comparedBits: string;
  };
  createdBy: string | null;
  createdAt: string;
}

/** POST /locked-models/:id/validations */
export interface ValidationRequest {
  /** An uploaded dataset of the locked model's project (the external cohort). */
  datasetId: string;
  /** A column naming each patient's centre: metrics per centre and pooled (refused if it holds one centre). */
  centreColumn?: string;
  /** Logistic recalibration (binary models), fitted on the rows where `fitOn.column` equals `fitOn.value`, reported separately on the other rows. */
  recalibration?: { method: 'intercept' | 'intercept-slope'; fitOn: { column: string; value: string | number } };
  /** Bootstrap resamples of the CIs (default 1000; 0: DeLong AUC CIs only). */
  bootstrap?: number;
  /** The bootstrap's seed (an integer 0 to 2^31 - 1; default 42), stored with the validation and in its report's settings. */
  seed?: number;
}

export type ValidationStatus = 'queued' | 'running' | 'done' | 'failed';

/** A validation without its report: POST .../validations, GET /locked-models/:id/validations. */
export interface ExternalValidationSummary {
  id: string;
  projectId: string | null;
  lockedModelId: string;
  datasetId: string;
  centreColumn: string | null;
  recalibration: { method: 'intercept' | 'intercept-slope'; fitOn: { column: string; value: string } } | null;
  bootstrap: number;
  /** The bootstrap's seed (the request's, else 42). */
  seed: number;
  status: ValidationStatus;
  attempts: number;
  /** Why it failed; while (and after) a retry, why the earlier attempt ended (e.g. its worker sent no heartbeat). */
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * The engine's reports as the server stores and serves them, derived from libs/pipeline's types (type-only): as
 * JSON, where an undefined metric (the engine's NaN) is null, and without the per-patient predictions, which
 * come apart in `ExternalValidationDetail.predictions`.
 */
export type PercentileInterval = AsJson<PercentileCi>;

/** Binary metrics of one cohort or centre: the run's test metrics, the decision curve, bootstrap CIs of Brier and calibration. */
export type BinaryCohortMetrics = AsJson<EngineBinaryCohortMetrics>;

/** An estimate with its standard error and 95 % interval (C-index, td-AUC, Brier). */
export type EstimateWithCi = AsJson<EngineEstimateWithCi>;

/** Survival metrics of one cohort or centre (the engine's SurvivalTestMetrics, as the survival model record has them). */
export type SurvivalCohortMetrics = AsJson<SurvivalTestMetrics>;

export type CentreResult<M> = Omit<AsJson<EngineCentreResult<never>>, 'metrics'> & { metrics: M | null };

/** The transportability report of an external cohort against the run's dataset. */
export type TransportabilityResult = AsJson<CohortTransportability>;

/** One variable of the transportability report: development vs external summaries and the standardised mean difference. */
export type TransportVariable = TransportabilityResult['report']['variables'][number];

/** A validation's results without the per-patient predictions (binary: nor the recalibration's). */
type StoredResults<R> = R extends { kind: 'binary'; recalibration?: infer C }
  ? Omit<R, 'predictions' | 'recalibration'> & { recalibration?: Omit<NonNullable<C>, 'predictions'> }
  : Omit<R, 'predictions'>;

/** The engine's validation report as stored (its predictions are in `ExternalValidationDetail.predictions`). */
export type ValidationReport = AsJson<Omit<EngineValidationReport, 'results'> & { results: StoredResults<EngineValidationReport['results']> }>;

/**
 * Stored predictions of a validation as parallel arrays: kind 'external' (the locked model on every
 * patient) or 'recalibrated' (the recalibrated model on the rows it was not fitted on). Binary: labels
 * (1 = positive class) and probabilities; survival: times, events, linear predictors and survival at
 * `survivalTimes` (row-major: patient i's value at survivalTimes[k] is survival[i * K + k]).
 */
export interface ExternalPredictionSet {
  kind: 'external' | 'recalibrated';
  ids: string[];
  centres: string[] | null;
  labels: number[] | null;
  probabilities: number[] | null;
  times: number[] | null;
  events: number[] | null;
  linearPredictors: number[] | null;
  survivalTimes: number[] | null;
  survival: number[] | null;
}

/** GET /validations/:id */
export interface ExternalValidationDetail extends ExternalValidationSummary {
  /** Null until done. */
  report: ValidationReport | null;
  predictions: ExternalPredictionSet[];
}
