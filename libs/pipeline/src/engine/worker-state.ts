import { createClassifier } from '@radsweep/classifiers';
import { ChainParts } from './preprocessing-chain';
import { FeatureSetData, PreparedFold, prepareFold } from './prepare-fold';
import { fitAtHorizonTask, fitSurvivalTask } from './survival-fit';
import { ChainSpec, FitResult, FitTask, GroupFitOutcome, WorkerRequest } from './worker-protocol';

/** Builds a fresh, unfitted chain for a fold (the default reads the experiment's steps; tests may instrument it). */
export type ChainPartsFactory = (spec: ChainSpec) => ChainParts;

/** One feature set as a worker holds it: its data (null for a 'foldSet') and its prepared folds by fold index. */
interface LiveFeatureSet {
  data: FeatureSetData | null;
  folds: Map<number, PreparedFold>;
}

/**
 * What one worker holds (or the main thread, when running without workers):
 * the data and prepared folds of each feature set that is live (announced and
 * not yet released). Handles one request at a time.
 */
export class WorkerState {
  private readonly sets = new Map<number, LiveFeatureSet>();

  constructor(private readonly makeParts: ChainPartsFactory) {}

  handle(request: WorkerRequest): unknown {
    switch (request.type) {
      case 'featureSet':
        this.sets.set(request.set, { data: request.data, folds: new Map() });
        return null;
      case 'prepare':
        return prepareFold(this.dataOf(request.set), request.plan, this.makeParts(request.chain), request.chain.leakyRows);
      case 'folds':
        for (const f of request.folds) this.live(request.set).folds.set(f.fold, f);
        return null;
      case 'foldSet':
        this.sets.set(request.set, { data: null, folds: new Map(request.folds.map((f) => [f.fold, f])) });
        return null;
      case 'fit':
        return this.fit(this.live(request.set), request.task);
      case 'fitGroup':
        return this.fitGroup(this.live(request.set), request.tasks);
      case 'fitSurvival':
        return fitSurvivalTask(this.fold(this.live(request.set), request.task.fold), request.task);
      case 'fitAtHorizon':
        return fitAtHorizonTask(this.fold(this.live(request.set), request.task.fold), request.task);
      case 'release':
        this.sets.delete(request.set);
        return null;
    }
  }

  private fold(live: LiveFeatureSet, fold: number): PreparedFold {
    const prepared = live.folds.get(fold);
    if (!prepared) throw new Error(`worker has no prepared fold ${fold}`);
    return prepared;
  }

  private fit(live: LiveFeatureSet, task: FitTask): FitResult {
    return fitOnFold(this.fold(live, task.fold), task);
  }

  private fitGroup(live: LiveFeatureSet, tasks: FitTask[]): GroupFitOutcome[] {
    return tasks.map((task) => {
      try {
        const { proba, fitMs } = this.fit(live, task);
        return { ok: true, proba, fitMs };
      } catch (e) {
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    });
  }

  private dataOf(set: number): FeatureSetData {
    const data = this.live(set).data;
    if (!data) throw new Error(`worker holds only prepared folds of feature set ${set}`);
    return data;
  }

  private live(set: number): LiveFeatureSet {
    const live = this.sets.get(set);
    if (!live) throw new Error(`worker received no data for feature set ${set}`);
    return live;
  }
}

/** Fits a classifier on a prepared fold's (sampled) training rows and predicts its held-out rows. */
export function fitOnFold(fold: PreparedFold, task: FitTask): FitResult {
  const started = performance.now();
  const model = createClassifier(task.modelId, task.params, task.seed).fit(fold.fitX, fold.fitY);
  const proba = clampRoundOff(model.predictProba(fold.heldX), task.modelId);
  return { proba, fitMs: performance.now() - started, ...(task.keepModel ? { model: model.toJSON() } : {}) };
}

/**
 * Averaged probabilities can leave [0, 1] by a few ulps (e.g. 1.0000000000000007 from
 * a forest's mean of tree votes); those are clamped. Anything further out is a
 * model bug and is refused.
 */
export function clampRoundOff(p: Float64Array, modelId: string): Float64Array {
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (v >= 0 && v <= 1) continue;
    if (v > 1 && v < 1 + 1e-9) p[i] = 1;
    else if (v < 0 && v > -1e-9) p[i] = 0;
    else throw new Error(`model '${modelId}' returned probability ${v} at row ${i}, outside [0, 1]`);
  }
  return p;
}
