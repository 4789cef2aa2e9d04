import { delongCovariance, delongPlacements } from './delong-placements';
import { normalQuantile } from './normal-distribution';
import { requireOpenInterval } from './validate';

/** An AUC with a confidence interval. */
export interface AucInterval {
  readonly auc: number;
  readonly lower: number;
  readonly upper: number;
  /** The confidence level, e.g. 0.95. */
  readonly level: number;
}

/** DeLong interval with its standard error. */
export interface DelongInterval extends AucInterval {
  /** sqrt of DeLong's variance of the AUC. */
  readonly se: number;
}

/**
 * Confidence interval of the ROC AUC by DeLong's variance: AUC -/+ z_{(1+level)/2} * sqrt(Var_DeLong),
 * truncated to [0, 1] as pROC does. Default level 0.95. Needs at least 2 positives and 2 negatives.
 * Reference: DeLong, DeLong & Clarke-Pearson, Biometrics 44, 1988; pROC::ci.auc(method = 'delong')
 * (Robin et al. 2011); placement values by Sun & Xu 2014.
 */
export function aucCiDelong(y: Uint8Array, s: Float64Array, level = 0.95): DelongInterval {
  requireOpenInterval('aucCiDelong', 'level', level, 0, 1);
  const v = delongPlacements(y, s, 'aucCiDelong');
  const se = Math.sqrt(delongCovariance(v, v));
  const z = normalQuantile((1 + level) / 2);
  const clip = (x: number) => Math.min(1, Math.max(0, x));
  return { auc: v.auc, lower: clip(v.auc - z * se), upper: clip(v.auc + z * se), level, se };
}
