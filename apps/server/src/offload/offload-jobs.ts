import { readUpload } from '../datasets/upload-reader';
import { planLaunch } from '../experiments/launch-plan';
import { checkSpec } from '../experiments/spec-check';
import { pairedBootstrapCIndexJob } from '../survival/paired-bootstrap-c-index';
import { archiveCases } from '../extraction/case-sources';
import { cohortValidationJob } from '../locked/cohort-validation-job';
import { lockRefit } from '../locked/lock-refit';

/** The jobs a request-work thread runs, by name (inputs and results are structured-cloned). */
export const OFFLOAD_JOBS = { checkSpec, planLaunch, readUpload, pairedBootstrapCIndexJob, readArchive: archiveCases, lockRefit, cohortValidationJob };

export type OffloadJobs = typeof OFFLOAD_JOBS;
export type OffloadJobName = keyof OffloadJobs;
