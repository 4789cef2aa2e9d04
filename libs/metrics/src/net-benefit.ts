import { RadSweepInputError } from '@radsweep/core';
import { checkLabels, checkLabelsAndScores } from './validate';

function checkThreshold(metric: string, t: number): void {
  if (!(t >= 0 && t < 1)) throw new RadSweepInputError(`${metric}: threshold probability ${t} must lie in [0, 1)`, 'threshold');
}

/**
 * Net benefit of treating the patients with p >= t: NB(t) = TP/n - FP/n * t / (1 - t), where the odds
 * t / (1 - t) weigh a false positive against a true positive at threshold probability t.
 * Reference: Vickers & Elkin, Medical Decision Making 26, 2006 (decision curve analysis).
 */
export function netBenefit(y: Uint8Array, p: Float64Array, t: number): number {
  checkLabelsAndScores('netBenefit', y, p);
  checkThreshold('netBenefit', t);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < y.length; i++) {
    if (p[i] >= t) {
      if (y[i] === 1) tp++;
      else fp++;
    }
  }
  const n = y.length;
  return tp / n - (fp / n) * (t / (1 - t));
}

/** Net benefit of treating everyone: prevalence - (1 - prevalence) t / (1 - t). Treat-none is 0. Vickers & Elkin 2006. */
export function netBenefitTreatAll(y: Uint8Array, t: number): number {
  checkThreshold('netBenefitTreatAll', t);
  const counts = checkLabels('netBenefitTreatAll', y);
  const prevalence = counts.positives / counts.n;
  return prevalence - (1 - prevalence) * (t / (1 - t));
}

/** One point of a decision curve. */
export interface DecisionCurvePoint {
  readonly threshold: number;
  readonly model: number;
  readonly treatAll: number;
  readonly treatNone: 0;
}

/** The decision curve: net benefit of the model, of treat-all and of treat-none at each threshold. Vickers & Elkin 2006. */
export function decisionCurve(y: Uint8Array, p: Float64Array, thresholds: ArrayLike<number>): DecisionCurvePoint[] {
  const out: DecisionCurvePoint[] = [];
  for (let k = 0; k < thresholds.length; k++) {
    const t = thresholds[k];
    out.push({ threshold: t, model: netBenefit(y, p, t), treatAll: netBenefitTreatAll(y, t), treatNone: 0 });
  }
  return out;
}
