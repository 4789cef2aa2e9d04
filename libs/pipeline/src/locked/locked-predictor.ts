import { Matrix, RadSweepInputError } from '@radsweep/core';
import { restoreClassifier } from '@radsweep/classifiers';
import { restoreSurvivalModel } from '@radsweep/survival';
import { clampRoundOff } from '../engine/worker-state';
import { logit } from '../engine/survival-fit';
import { applyPreprocessing } from './preprocessing-state';
import type { LockedModel } from './locked-model';

export interface BinaryPrediction {
  kind: 'binary';
  /** P(positive) per row. */
  probability: Float64Array;
}

export interface LockedSurvivalPrediction {
  kind: 'survival';
  /** Risk score per row (Cox models: the linear predictor; a classifier at a horizon: logit of P(event by it)). */
  linearPredictor: Float64Array;
  times: number[];
  /** S(times[k] | x_i) at [i * times.length + k]. */
  survival: Float64Array;
}

/**
 * Predicts rows holding the locked model's `preprocessing.features` in order (raw values, NaN =
 * missing) with exactly the run's arithmetic: the stored preprocessing, then the restored model (a
 * classifier's probabilities clamped as the engine clamps them). Survival at `times` (default: the
 * model's horizons).
 */
export function predictLocked(locked: LockedModel, x: Matrix, times?: number[]): BinaryPrediction | LockedSurvivalPrediction {
  const xp = applyPreprocessing(locked.preprocessing, x);
  const { kind, saved } = locked.model;
  if (kind === 'classifier') {
    const model = restoreClassifier(saved);
    return { kind: 'binary', probability: clampRoundOff(model.predictProba(xp), saved.id) };
  }
  if (locked.endpoint.type !== 'survival') throw new RadSweepInputError(`a ${kind} model needs a survival endpoint`, 'locked model');
  const at = times ?? locked.endpoint.horizons;
  if (kind === 'classifier_at_horizon') {
    const horizon = locked.endpoint.horizons[0];
    if (at.some((t) => t !== horizon)) {
      throw new RadSweepInputError(`this classifier predicts the event by ${horizon} only, not at ${at.join(', ')}`, 'locked model');
    }
    const p = restoreClassifier(saved).predictProba(xp);
    const survival = new Float64Array(p.length * at.length);
    p.forEach((v, i) => at.forEach((_, k) => (survival[i * at.length + k] = 1 - v)));
    return { kind: 'survival', linearPredictor: p.map(logit), times: at, survival };
  }
  const model = restoreSurvivalModel(saved);
  const linearPredictor = model.predictRisk(xp);
  const survival = at.length > 0 ? Float64Array.from(model.predictSurvival(xp, at).data) : new Float64Array(0);
  return { kind: 'survival', linearPredictor, times: at, survival };
}
