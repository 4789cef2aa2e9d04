import type { ResolvedExperiment } from '../../experiment/resolved';
import { createChainParts } from '../chain-factory';
import { taskError } from '../fit-schedule';
import { FoldPlan, PreparedFold, REFIT_FOLD, prepareFold } from '../prepare-fold';
import { pickBest, splitPrepared } from '../result-assembly';
import type { SurvivalModelResult } from '../survival-results';
import type { SurvivalStudy } from '../survival-study';
import {
  SurvivalCvOutcome,
  SurvivalFitRequest,
  SurvivalRefit,
  SurvivalUnit,
  failedSurvivalCvOutcome,
  runSurvivalFit,
  survivalChain,
  survivalConfigRun,
  survivalCvOutcome,
  survivalFeatureSetData,
  survivalFitRequest,
  survivalModelResult,
  survivalUnit,
} from '../survival-unit';
import type { ChainPartsFactory } from '../worker-state';
import type { SurvivalFitResult } from '../worker-protocol';
import { FitItem, cvFitItems, cvFoldsOf, spreadFits } from './fit-batches';
import { FitShape, MsPerUnit, measuredFitCost, msPerUnitTable } from './fit-costs';

/**
 * The two-stage tasks of a survival run. A unit is one endpoint x feature set (`unit = endpoint x
 * featureSets + featureSet`, FitItem.set holds it); each task is a pure function of the experiment,
 * the study and stored artefacts, built from the pieces the one-task engine uses (survival-unit.ts),
 * so the numbers are runSurvivalExperiment's bit for bit whatever the order and the batches.
 */

/** Every endpoint x feature set of a study, endpoint-major (the results' order). */
export function survivalUnits(study: SurvivalStudy): SurvivalUnit[] {
  return study.endpoints.flatMap((es) => study.featureSets.map((fs) => survivalUnit(study, es, fs)));
}

/** Stage 1: one CV split's (or REFIT_FOLD's) preprocessing chain of a unit, fitted and applied. */
export function prepareSurvivalFoldStage(exp: ResolvedExperiment, study: SurvivalStudy, unit: SurvivalUnit, fold: number, makeParts: ChainPartsFactory = createChainParts): PreparedFold {
  const plan = survivalFoldPlan(unit, fold);
  const chain = survivalChain(exp, study, unit);
  return prepareFold(survivalFeatureSetData(study, unit), plan, makeParts(chain), chain.leakyRows);
}

/** A unit's plan of one CV split (or REFIT_FOLD). */
export function survivalFoldPlan(unit: SurvivalUnit, fold: number): FoldPlan {
  const plan = unit.es.plans.find((p) => p.fold === fold);
  if (!plan) throw new Error(`endpoint '${unit.es.endpoint.name}' has no fold ${fold}`);
  return plan;
}

/** A survival CV fit's outcome as stage 2 stores it. */
export interface SurvivalFitItemOutcome extends FitItem, SurvivalCvOutcome {}

/** The fit request of a stage-2 item: a CV fit of its model's configuration on its fold (its seed derived as in the one-task engine). */
export function survivalFitItemRequest(exp: ResolvedExperiment, unit: SurvivalUnit, item: FitItem): SurvivalFitRequest {
  return survivalFitRequest(exp, unit, item.fold, exp.models[item.modelIndex], item.configIndex, [], false);
}

/** A stage-2 item's outcome from its fit's result (scored on its fold's held-out rows), or from its error (recorded against the fit). */
export function survivalFitItemOutcome(unit: SurvivalUnit, item: FitItem, fold: PreparedFold, fit: () => SurvivalFitResult): SurvivalFitItemOutcome;
export function survivalFitItemOutcome(unit: SurvivalUnit, item: FitItem, fold: PreparedFold, fit: () => Promise<SurvivalFitResult>): Promise<SurvivalFitItemOutcome>;
export function survivalFitItemOutcome(
  unit: SurvivalUnit,
  item: FitItem,
  fold: PreparedFold,
  fit: () => SurvivalFitResult | Promise<SurvivalFitResult>,
): SurvivalFitItemOutcome | Promise<SurvivalFitItemOutcome> {
  const failed = (e: unknown): SurvivalFitItemOutcome => ({ ...item, ...failedSurvivalCvOutcome(e, item.fold) });
  const done = (r: SurvivalFitResult): SurvivalFitItemOutcome => {
    try {
      return { ...item, ...survivalCvOutcome(unit, fold, r) };
    } catch (e) {
      return failed(e);
    }
  };
  let r: SurvivalFitResult | Promise<SurvivalFitResult>;
  try {
    r = fit();
  } catch (e) {
    return failed(e);
  }
  return r instanceof Promise ? r.then(done, failed) : done(r);
}

/** Stage 2 in this thread: a batch of CV fits of a unit's models, each on its stored fold; a failing fit is recorded against it. */
export function survivalFitBatchStage(
  exp: ResolvedExperiment,
  unit: SurvivalUnit,
  items: FitItem[],
  foldOf: (fold: number) => PreparedFold,
  onFit?: () => void,
): SurvivalFitItemOutcome[] {
  return items.map((item) => {
    const fold = foldOf(item.fold);
    const outcome = survivalFitItemOutcome(unit, item, fold, () => runSurvivalFit(fold, survivalFitItemRequest(exp, unit, item)));
    onFit?.();
    return outcome;
  });
}

/**
 * Combine: once every CV fit of a model on a unit is done, its configurations' CV C-indexes, the choice
 * on them (never on test data), the chosen configuration's refit on the whole training part and its
 * test scores. `prepared` holds the unit's folds in plan order (the CV splits and the refit); `fit`
 * runs the refit (default: in this thread; a worker's engine threads otherwise).
 */
export async function combineSurvivalModelStage(
  exp: ResolvedExperiment,
  study: SurvivalStudy,
  unit: SurvivalUnit,
  set: number,
  modelIndex: number,
  outcomes: SurvivalFitItemOutcome[],
  prepared: PreparedFold[],
  keepModels: boolean,
  fit: (fold: PreparedFold, request: SurvivalFitRequest) => SurvivalFitResult | Promise<SurvivalFitResult> = runSurvivalFit,
): Promise<SurvivalModelResult> {
  const model = exp.models[modelIndex];
  const { cvFolds, refitFold } = splitPrepared(prepared);
  const byKey = new Map(outcomes.filter((o) => o.set === set && o.modelIndex === modelIndex).map((o) => [`${o.configIndex}:${o.fold}`, o]));
  const perConfig = model.configs.map((_, c) =>
    survivalConfigRun(
      model,
      c,
      cvFolds.map((f) => {
        const o = byKey.get(`${c}:${f.fold}`);
        if (!o) throw new Error(`combine of model '${model.id}' on ${unit.label}: no outcome for configuration ${c} on fold ${f.fold}`);
        return { c: o.c, risk: o.risk, fitMs: o.fitMs, error: o.error };
      }),
    ),
  );
  const best = pickBest(perConfig);
  let refit: SurvivalRefit = null;
  if (best >= 0) {
    try {
      refit = { ok: true, result: await fit(refitFold, survivalFitRequest(exp, unit, REFIT_FOLD, model, best, unit.times, keepModels)) };
    } catch (e) {
      refit = { ok: false, error: taskError(e, 'refit') };
    }
  }
  return survivalModelResult(exp, study, unit, model, perConfig, best, refit, cvFolds, refitFold);
}

/** Each unit's fit shape (fit-costs.ts): its endpoint's mean CV training rows and its feature set's columns. */
export function survivalFitShapes(units: SurvivalUnit[]): FitShape[] {
  return units.map((u) => {
    const cv = u.es.plans.filter((p) => p.fold !== REFIT_FOLD);
    return { rows: cv.length > 0 ? cv.reduce((s, p) => s + p.fitRows.length, 0) / cv.length : 0, features: u.fs.features.length };
  });
}

/** Each unit's stage-2 batches (unit order), packed by the fits' measured cost to about `targetMs` each (spreadFits). */
export function planSurvivalFitBatches(exp: ResolvedExperiment, units: SurvivalUnit[], targetMs: number, measured: MsPerUnit = {}): FitItem[][][] {
  const cost = measuredFitCost(exp, survivalFitShapes(units), msPerUnitTable(measured));
  return units.map((u, set) => spreadFits(cvFitItems(exp, cvFoldsOf(u.es), set), cost, targetMs));
}
