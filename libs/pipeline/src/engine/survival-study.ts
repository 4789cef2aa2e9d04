import { RadSweepInputError } from '@radsweep/core';
import { Dataset, SurvivalOutcomeData, readSurvivalOutcome } from '../io';
import { ResolvedExperiment, ResolvedSurvivalEndpoint } from '../experiment/resolved';
import type { RowContext } from '../step';
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
  /** Non-feature columns the steps read per row (combat), every row; absent when none. */
  context?: RowContext;
  loadMs: number;
}

/**
 * The survival counterpart of `prepareStudy`: reads the data once (every endpoint's time and event
 * columns kept out of the features), then per endpoint reads and checks its outcome and splits it.
 * Refused, naming the endpoint: a CV split or the training part without an event among its training
 * rows (no model can be fitted), a held-out part or the test part without an event (no C-index), and
 * a horizon the test part cannot score (see checkHorizonOnTest).
 */
export async function prepareSurvivalStudy(exp: ResolvedExperiment): Promise<SurvivalStudy> {
  const started = performance.now();
  const endpoints = exp.endpoints ?? [];
  const outcomeColumns = endpoints.flatMap((e) => [e.time, e.event]);
  const { table, dataset, featureSets, context } = await loadStudyData(exp, outcomeColumns);
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
    endpoint.horizons.forEach((h, k) => checkHorizonOnTest(h, `${endpoint.where}.horizons[${k}]`, parts.testRows, outcome, endpoint.name));
    return { endpoint, outcome, ...parts };
  });
  return { dataset, featureSets, endpoints: studies, ...(context ? { context } : {}), loadMs: performance.now() - started };
}

/**
 * A horizon is scored on the test part (td-AUC, Brier, calibration): it needs a test patient with an
 * event by then (a case) and one still event-free after it (a control), so it lies within follow-up.
 */
function checkHorizonOnTest(h: number, where: string, testRows: Int32Array, outcome: SurvivalOutcomeData, endpoint: string): void {
  let cases = 0;
  let controls = 0;
  let last = -Infinity;
  for (const r of testRows) {
    const t = outcome.time[r];
    if (outcome.event[r] === 1 && t <= h) cases++;
    if (t > h) controls++;
    last = Math.max(last, t);
  }
  if (h > last) throw new RadSweepInputError(`horizon ${h} is past the last follow-up time ${last} of the test part of endpoint '${endpoint}'`, where);
  if (cases === 0) throw new RadSweepInputError(`no test patient of endpoint '${endpoint}' has an event by horizon ${h}: nothing to score there; use a later horizon`, where);
  if (controls === 0) throw new RadSweepInputError(`no test patient of endpoint '${endpoint}' is followed beyond horizon ${h}: nothing to score there; use an earlier horizon`, where);
}
