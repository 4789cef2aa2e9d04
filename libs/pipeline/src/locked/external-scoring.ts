import { RadSweepInputError } from '@radsweep/core';
import { Table, readTable } from '../io';
import type { ResolvedExperiment } from '../experiment/resolved';
import type { ExperimentResults } from '../engine/results';
import type { SurvivalExperimentResults } from '../engine/survival-results';
import { stepContextColumns } from '../engine/row-context';
import { BinaryValidation, SurvivalValidation, validateCohort } from './cohort-validation';
import type { CohortTransportability } from './cohort-transportability';
import { canonicalJson } from './exact-json';
import type { KeptModel } from './kept-model';
import { lockedModelBody } from './lock-model';
import { lockedModelText, readLockedModel } from './locked-file';

/** One model scored on one external cohort of the experiment (validation.external). */
export interface ExternalCohortResult {
  name: string;
  path: string;
  sha256: string;
  rows: number;
  centreColumn: string | null;
  /** sha256 of the model as `radsweep lock` would lock it (locked at 'run'). */
  lockedSha256: string;
  columnRule: string;
  results: BinaryValidation | SurvivalValidation;
  /** The cohort's case mix against the development data set, for this model's selected features (and combat, if any). */
  transportability?: CohortTransportability;
  /** Why there is no transportability report (e.g. fewer rows than the membership model's folds). */
  transportabilityError?: string;
}

/** The development data set, read again for the transportability reports (only when there are external cohorts). */
export async function readDevelopmentTable(exp: ResolvedExperiment): Promise<Table | undefined> {
  return exp.external.length > 0 ? readTable(exp.dataset.file) : undefined;
}

/** Clinical variables of an experiment's transportability reports: every combat step's covariates (batch columns excluded). */
export function experimentClinicalColumns(exp: Pick<ResolvedExperiment, 'steps' | 'featureSets'>): string[] {
  const wanted = [...stepContextColumns(exp.steps), ...exp.featureSets.flatMap((fs) => (fs.steps ? stepContextColumns(fs.steps) : []))];
  return [...new Set(wanted.filter((w) => !w.where.endsWith('.batch')).map((w) => w.column))];
}

/** Reads every external cohort of the experiment (before the sweep, so a bad path fails at once). */
export async function readExternalCohorts(exp: ResolvedExperiment): Promise<Table[]> {
  const tables: Table[] = [];
  for (const c of exp.external) tables.push(await readTable(c.file));
  return tables;
}

type ScoredModel = { model: string; kept?: KeptModel; external?: ExternalCohortResult[] };

/**
 * Scores every model with a kept refit on each external cohort, as `radsweep lock` + `radsweep validate`
 * would (the same locked model, the same metrics, pooled and per centre), and records the result in
 * the model's `external`. Nothing here chooses anything: the chosen model stays the one chosen by CV.
 * An input error (a cohort missing a model's feature, a bad label) stops the run, naming the cohort.
 */
export function scoreExternalCohorts(results: ExperimentResults | SurvivalExperimentResults, exp: ResolvedExperiment, tables: Table[], development?: Table): void {
  const clinical = experimentClinicalColumns(exp);
  // Models of one feature set share their chain's state, hence their transportability report: computed once.
  const reports = new Map<string, CohortTransportability>();
  const groups: { endpoint?: string; featureSet: string; models: ScoredModel[] }[] =
    'endpoints' in results
      ? results.endpoints.flatMap((e) => e.featureSets.map((fs) => ({ endpoint: e.name, featureSet: fs.name, models: fs.models as ScoredModel[] })))
      : results.featureSets.map((fs) => ({ featureSet: fs.name, models: fs.models as ScoredModel[] }));
  for (const g of groups) {
    for (const m of g.models) {
      if (!m.kept) continue;
      const locked = readLockedModel(lockedModelText(lockedModelBody(results, { model: m.model, featureSet: g.featureSet, endpoint: g.endpoint }, m.kept, 'run')), 'run');
      m.external = exp.external.map((cohort, k) => {
        try {
          const key = `${k}\u0000${canonicalJson(locked.preprocessing)}\u0000${JSON.stringify(locked.endpoint)}`;
          const known = reports.get(key);
          const report = validateCohort(locked, tables[k], {
            centreColumn: cohort.centreColumn,
            bootstrap: exp.metrics.bootstrap,
            seed: exp.seed,
            calibrationBins: exp.metrics.calibrationBins,
            ...(development && !known ? { development: { table: development, name: exp.dataset.shown }, clinical, name: cohort.name } : {}),
          });
          const transportability = known ?? report.transportability;
          if (transportability) reports.set(key, transportability);
          return {
            name: cohort.name,
            path: cohort.shown,
            sha256: report.cohort.sha256,
            rows: report.cohort.rows,
            centreColumn: report.centreColumn,
            lockedSha256: locked.sha256,
            columnRule: report.cohort.columnRule,
            results: report.results,
            ...(transportability ? { transportability } : {}),
            ...(report.transportabilityError ? { transportabilityError: report.transportabilityError } : {}),
          };
        } catch (e) {
          if (e instanceof RadSweepInputError) throw new RadSweepInputError(`${e.message} (model '${m.model}', feature set '${g.featureSet}')`, `validation.external '${cohort.name}'`);
          throw e;
        }
      });
    }
  }
}

/** Drops the kept refits from the results (when the caller did not ask to keep them). */
export function dropKeptModels(results: ExperimentResults | SurvivalExperimentResults): void {
  const all = 'endpoints' in results ? results.endpoints.flatMap((e) => e.featureSets.flatMap((fs) => fs.models)) : results.featureSets.flatMap((fs) => fs.models);
  for (const m of all) delete (m as { kept?: unknown }).kept;
}
