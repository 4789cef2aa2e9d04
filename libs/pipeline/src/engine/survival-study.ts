import { RadSweepInputError } from '@radsweep/core';
import { Dataset, SurvivalOutcomeData, readSurvivalOutcome } from '../io';
import { ResolvedExperiment, ResolvedSurvivalEndpoint } from '../experiment/resolved';
import { REFIT_FOLD } from './prepare-fold';
import { StudyParts, heldPartName, loadStudyData, splitAndFolds } from './study';

/** One survival endpoint's outcome and its own split and CV folds (stratified on its event indicator). */
export interface SurvivalEndpointStudy extends StudyParts {
  endpoint: ResolvedSurvivalEndpoint;
  outcome: SurvivalOutcomeData;
}

export interface SurvivalStudy {
  dataset: Dataset;
  featureSets: { name: string; features: string[] }[];
  endpoints: SurvivalEndpointStudy[];
  loadMs: number;
}

/**
 * The survival counterpart of `prepareStudy`: reads the data once (every endpoint's time and event
 * columns kept out of the features), then per endpoint reads and checks its outcome and splits it.
 * Refused, naming the endpoint: a CV split or the training part without an event among its training
 * rows (no model can be fitted), a held-out part or the test part without an event (no C-index), and
 * a horizon past the test part's last follow-up.
 */
export async function prepareSurvivalStudy(exp: ResolvedExperiment): Promise<SurvivalStudy> {
  const started = performance.now();
  const endpoints = exp.endpoints ?? [];
  const outcomeColumns = endpoints.flatMap((e) => [e.time, e.event]);
  const { table, dataset, featureSets } = await loadStudyData(exp, outcomeColumns);
  const studies = endpoints.map((endpoint) => {
    const outcome = readSurvivalOutcome(table, endpoint);
    const eventsIn = (rows: Int32Array) => rows.reduce((s, r) => s + outcome.event[r], 0);
    const parts = splitAndFolds(exp, dataset.ids, outcome.event, (plan) => {
      if (eventsIn(plan.fitRows) === 0) {
        const fitted = plan.fold === REFIT_FOLD ? 'the training part' : `the training rows of CV split ${plan.fold}`;
        throw new RadSweepInputError(`${fitted} of endpoint '${endpoint.name}' hold no event among ${plan.fitRows.length} patients: no survival model can be fitted`, `${endpoint.where}.event`);
      }
      if (eventsIn(plan.heldRows) === 0) {
        throw new RadSweepInputError(`${heldPartName(plan.fold)} of endpoint '${endpoint.name}' hold no event among ${plan.heldRows.length} patients: no C-index can be computed`, `${endpoint.where}.event`);
      }
    });
    const lastTest = parts.testRows.reduce((m, r) => Math.max(m, outcome.time[r]), -Infinity);
    endpoint.horizons.forEach((h, k) => {
      if (h > lastTest) {
        throw new RadSweepInputError(`horizon ${h} is past the last follow-up time ${lastTest} of the test part of endpoint '${endpoint.name}'`, `${endpoint.where}.horizons[${k}]`);
      }
    });
    return { endpoint, outcome, ...parts };
  });
  return { dataset, featureSets, endpoints: studies, loadMs: performance.now() - started };
}
