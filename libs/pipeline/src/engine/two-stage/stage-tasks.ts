import type { ResolvedExperiment } from '../../experiment/resolved';
import { createChainParts } from '../chain-factory';
import { PreparedFold, prepareFold } from '../prepare-fold';
import { cvFitTask, featureSetInputs, refitTask, taskError } from '../fit-schedule';
import { CvFitOutcome, configRun, modelResult, pickBest, RefitOutcome, splitPrepared, summarizeSelection } from '../result-assembly';
import type { ModelResult } from '../results';
import type { Study } from '../study';
import { ChainPartsFactory, fitOnFold } from '../worker-state';
import type { FitItem } from './fit-batches';
import type { FitResult, FitTask } from '../worker-protocol';

/**
 * The three kinds of task of the two-stage sweep, each a pure function of the experiment, the study
 * and stored artefacts, so any worker can run any of them in any order and get the single-task
 * engine's numbers bit for bit (they are built from the same functions: fit-schedule.ts, result-assembly.ts).
 */

/** Stage 1: one CV split's (or, with REFIT_FOLD, the whole training part's) preprocessing chain, fitted and applied. */
export function prepareFoldStage(exp: ResolvedExperiment, study: Study, set: number, fold: number, makeParts: ChainPartsFactory = createChainParts): PreparedFold {
  const plan = study.plans.find((p) => p.fold === fold);
  if (!plan) throw new Error(`the study has no fold ${fold}`);
  const { data, chain } = featureSetInputs(exp, study, set);
  return prepareFold(data, plan, makeParts(chain), chain.leakyRows);
}

/** A CV fit's outcome as stage 2 stores it: which fit, and its held-out probabilities (or why it failed). */
export interface FitItemOutcome extends FitItem, CvFitOutcome {}

/** The fit task of a stage-2 item (its seed derived from where it is in the sweep, as in the single-task engine). */
export function fitItemTask(exp: ResolvedExperiment, study: Study, item: FitItem): FitTask {
  const model = exp.models[item.modelIndex];
  return cvFitTask(exp, study.featureSets[item.set].name, model.id, model.configs[item.configIndex], item.fold);
}

/** A stage-2 item's outcome from its fit's result, or from its error (recorded against the fit; a cancel or a lost thread is thrown on). */
export function fitItemOutcome(item: FitItem, fit: () => FitResult): FitItemOutcome;
export function fitItemOutcome(item: FitItem, fit: () => Promise<FitResult>): Promise<FitItemOutcome>;
export function fitItemOutcome(item: FitItem, fit: () => FitResult | Promise<FitResult>): FitItemOutcome | Promise<FitItemOutcome> {
  const failed = (e: unknown): FitItemOutcome => ({ ...item, proba: null, fitMs: 0, error: taskError(e, `fold ${item.fold}`) });
  const done = (r: FitResult): FitItemOutcome => ({ ...item, proba: r.proba, fitMs: r.fitMs });
  let r: FitResult | Promise<FitResult>;
  try {
    r = fit();
  } catch (e) {
    return failed(e);
  }
  return r instanceof Promise ? r.then(done, failed) : done(r);
}

/** Stage 2 in this thread: a batch of CV fits, each on its stored fold; a failing fit is recorded against it, as in the single-task engine. */
export function fitBatchStage(exp: ResolvedExperiment, study: Study, items: FitItem[], foldOf: (set: number, fold: number) => PreparedFold, onFit?: () => void): FitItemOutcome[] {
  return items.map((item) => {
    const outcome = fitItemOutcome(item, () => fitOnFold(foldOf(item.set, item.fold), fitItemTask(exp, study, item)));
    onFit?.();
    return outcome;
  });
}

/**
 * Combine: once every CV fit of a model is done, its configurations' CV scores, the choice on them
 * (never on test data), the chosen configuration's refit on the whole training part and its test
 * scores. `prepared` holds the feature set's folds in plan order (the CV splits and the refit); `fit`
 * runs the refit (default: in this thread; a worker's engine threads otherwise).
 */
export async function combineModelStage(
  exp: ResolvedExperiment,
  study: Study,
  set: number,
  modelIndex: number,
  outcomes: FitItemOutcome[],
  prepared: PreparedFold[],
  keepModel: boolean,
  fit: (fold: PreparedFold, task: FitTask) => FitResult | Promise<FitResult> = fitOnFold,
): Promise<{ result: ModelResult; refitMs: number }> {
  const model = exp.models[modelIndex];
  const { cvFolds, refitFold } = splitPrepared(prepared);
  const byKey = new Map(outcomes.filter((o) => o.set === set && o.modelIndex === modelIndex).map((o) => [`${o.configIndex}:${o.fold}`, o]));
  const perConfig = model.configs.map((config, configIndex) =>
    configRun(
      config,
      cvFolds,
      cvFolds.map((f) => {
        const o = byKey.get(`${configIndex}:${f.fold}`);
        if (!o) throw new Error(`combine of model '${model.id}': no outcome for configuration ${configIndex} on fold ${f.fold}`);
        return { proba: o.proba, fitMs: o.fitMs, ...(o.error !== undefined ? { error: o.error } : {}) };
      }),
    ),
  );
  const best = pickBest(perConfig);
  const refitStarted = performance.now();
  let refit: RefitOutcome | null = null;
  if (best >= 0) {
    try {
      refit = { ok: true, result: await fit(refitFold, refitTask(exp, study.featureSets[set].name, model, best, keepModel)) };
    } catch (e) {
      refit = { ok: false, error: taskError(e, 'refit') };
    }
  }
  const refitMs = performance.now() - refitStarted;
  const selected = summarizeSelection(refitFold).selectedFeatures;
  return { result: modelResult(exp, study, model, perConfig, best, refit, refitFold, cvFolds, selected), refitMs };
}
