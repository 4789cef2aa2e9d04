import { RadSweepInputError } from '@radsweep/core';
import { normalQuantile } from '../normal-distribution';

/** A score at a horizon with its influence-function standard error and Wald interval. */
export interface ScoreAtHorizon {
  readonly horizon: number;
  readonly estimate: number;
  readonly stdErr: number;
  /** max(0, estimate - z se). */
  readonly lower: number;
  /** min(1, estimate + z se). */
  readonly upper: number;
}

/** The Wald interval estimate -/+ z_{(1+level)/2} se, clipped to [0, 1] (riskRegression's lower/upper). */
export function scoreWithCi(metric: string, horizon: number, estimate: number, stdErr: number, level: number): ScoreAtHorizon {
  if (!(level > 0 && level < 1)) throw new RadSweepInputError(`${metric}: level ${level} must lie strictly between 0 and 1`, 'level');
  const z = normalQuantile((1 + level) / 2);
  return { horizon, estimate, stdErr, lower: Math.max(0, estimate - z * stdErr), upper: Math.min(1, estimate + z * stdErr) };
}
