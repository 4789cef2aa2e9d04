import { RadSweepInputError } from '@radsweep/core';

/** Class counts of a validated label vector. */
export interface ClassCounts {
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
}

/** What the scores are: any finite ranking score (ROC, AUC), or a probability in [0, 1]. */
export type ScoreKind = 'score' | 'probability';

/**
 * Checks a (labels, scores) pair for a metric named `metric`: same non-zero length, labels 0/1,
 * scores finite (and in [0, 1] for probabilities). Returns the class counts.
 * Throws RadSweepInputError naming the offending element, e.g. `probabilities[17]`.
 */
export function checkLabelsAndScores(metric: string, y: Uint8Array, s: Float64Array, kind: ScoreKind = 'probability'): ClassCounts {
  const what = kind === 'probability' ? 'probabilities' : 'scores';
  if (y.length !== s.length) {
    throw new RadSweepInputError(`${metric}: ${y.length} labels but ${s.length} ${what}`, what);
  }
  const counts = checkLabels(metric, y);
  for (let i = 0; i < s.length; i++) {
    const v = s[i];
    if (!Number.isFinite(v)) throw new RadSweepInputError(`${metric}: ${v} is not a finite number`, `${what}[${i}]`);
    if (kind === 'probability' && (v < 0 || v > 1)) {
      throw new RadSweepInputError(`${metric}: ${v} is not a probability in [0, 1]`, `${what}[${i}]`);
    }
  }
  return counts;
}

/** Checks that labels are non-empty and 0/1; returns the class counts. */
export function checkLabels(metric: string, y: Uint8Array): ClassCounts {
  if (y.length === 0) throw new RadSweepInputError(`${metric}: no patients (empty labels)`, 'labels');
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    if (label > 1) throw new RadSweepInputError(`${metric}: label ${label}, expected 0 or 1 (1 = positive class)`, `labels[${i}]`);
    positives += label;
  }
  return { n: y.length, positives, negatives: y.length - positives };
}

/** Throws unless both classes are present: AUC, ROC and DeLong need at least one positive and one negative. */
export function requireBothClasses(metric: string, counts: ClassCounts): void {
  if (counts.positives === 0 || counts.negatives === 0) {
    const only = counts.positives === 0 ? 'negatives (label 0)' : 'positives (label 1)';
    throw new RadSweepInputError(`${metric}: needs both classes, but all ${counts.n} patients are ${only}`, 'labels');
  }
}

/** Checks that `value` lies in the open interval (lo, hi). */
export function requireOpenInterval(metric: string, name: string, value: number, lo: number, hi: number): void {
  if (!(value > lo && value < hi)) throw new RadSweepInputError(`${metric}: ${name} = ${value} must lie strictly between ${lo} and ${hi}`, name);
}
