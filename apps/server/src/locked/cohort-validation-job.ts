import { readFileSync } from 'node:fs';
import { ValidationReport, readLockedModel, validateCohort } from '@radsweep/pipeline';
import { storedDatasetTable } from './stored-dataset-table';

/** A stored dataset as a request-work thread reads it: its local Arrow copy, and its upload's name and sha256. */
export interface StoredDatasetFile {
  arrowPath: string;
  fileName: string;
  sourceSha256: string;
}

/** A validation request as the engine takes it (plain data: it crosses to a request-work thread). */
export interface CohortValidationInput {
  lockedText: string;
  cohort: StoredDatasetFile;
  /** The run's own dataset (the development cohort of the transportability report); none for a check. */
  development?: StoredDatasetFile;
  centreColumn?: string;
  recalibration?: { method: 'intercept' | 'intercept-slope'; fitOn: { column: string; value: string } };
  bootstrap: number;
  /** The bootstrap's seed (and the membership model's folds'). */
  seed: number;
}

/**
 * The engine's validation of a locked model on a stored dataset (validateCohort: per centre and pooled
 * metrics with CIs, calibration and decision curves, survival metrics, recalibration, transportability
 * against the run's dataset). With bootstrap 0 and no development cohort it is the cheap check of a
 * request at the edge: the same refusals (missing feature, other classes, one centre, no recalibration
 * row) as the task would meet. Runs in a worker thread.
 */
export function cohortValidationJob(input: CohortValidationInput): ValidationReport {
  const locked = readLockedModel(input.lockedText, 'locked model');
  const table = storedDatasetTable(readFileSync(input.cohort.arrowPath), input.cohort);
  const development = input.development ? storedDatasetTable(readFileSync(input.development.arrowPath), input.development) : undefined;
  const r = input.recalibration;
  return validateCohort(locked, table, {
    ...(input.centreColumn ? { centreColumn: input.centreColumn } : {}),
    ...(r ? { recalibrate: { kind: r.method === 'intercept' ? 'intercept' : 'slope', rows: { column: r.fitOn.column, value: r.fitOn.value } } } : {}),
    bootstrap: input.bootstrap,
    seed: input.seed,
    ...(development ? { development: { table: development }, name: input.cohort.fileName } : {}),
  });
}
