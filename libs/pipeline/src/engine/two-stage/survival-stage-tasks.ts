import type { ResolvedExperiment } from '../../experiment/resolved';
import { createChainParts } from '../chain-factory';
import { taskError } from '../fit-schedule';
import { PreparedFold, REFIT_FOLD, prepareFold } from '../prepare-fold';
import { pickBest, splitPrepared } from '../result-assembly';
import type { SurvivalModelResult } from '../survival-results';
import type { SurvivalStudy } from '../survival-study';
import {
  SurvivalCvOutcome,
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
import { FitItem, batchFits, cvFitItems, cvFoldsOf } from './fit-batches';
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
  const plan = unit.es.plans.find((p) => p.fold === fold);
  if (!plan) throw new Error(`endpoint '${unit.es.endpoint.name}' has no fold ${fold}`);
  const chain = survivalChain(exp, study, unit);
  return prepareFold(survivalFeatureSetData(study, unit), plan, makeParts(chain), chain.leakyRows);
}

/** A survival CV fit's outcome as stage 2 stores it. */
export interface SurvivalFitItemOutcome extends FitItem, SurvivalCvOutcome {}

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
    let outcome: SurvivalCvOutcome;
    try {
      outcome = survivalCvOutcome(unit, fold, runSurvivalFit(fold, survivalFitRequest(exp, unit, item.fold, exp.models[item.modelIndex], item.configIndex, [], false)));
    } catch (e) {
      outcome = failedSurvivalCvOutcome(e, item.fold);
    }
    onFit?.();
    return { ...item, ...outcome };
  });
}

/**
 * Combine: once every CV fit of a model on a unit is done, its configurations' CV C-indexes, the choice
 * on them (never on test data), the chosen configuration's refit on the whole training part and its
 * test scores. `prepared` holds the unit's folds in plan order (the CV splits and the refit).
 */
export function combineSurvivalModelStage(
  exp: ResolvedExperiment,
  study: SurvivalStudy,
  unit: SurvivalUnit,
  set: number,
  modelIndex: number,
  outcomes: SurvivalFitItemOutcome[],
  prepared: PreparedFold[],
  keepModels: boolean,
): SurvivalModelResult {
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
      refit = { ok: true, result: runSurvivalFit(refitFold, survivalFitRequest(exp, unit, REFIT_FOLD, model, best, unit.times, keepModels)) };
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

/** Each unit's stage-2 batches (unit order), packed by the fits' measured cost to about `targetMs` each. */
export function planSurvivalFitBatches(exp: ResolvedExperiment, units: SurvivalUnit[], targetMs: number, measured: MsPerUnit = {}): FitItem[][][] {
  const cost = measuredFitCost(exp, survivalFitShapes(units), msPerUnitTable(measured));
  return units.map((u, set) => batchFits(cvFitItems(exp, cvFoldsOf(u.es), set), cost, targetMs));
}
