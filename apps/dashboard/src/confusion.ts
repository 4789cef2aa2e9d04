/** Counts and rates of the confusion matrix at one threshold. */
export interface ConfusionAt {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  accuracy: number;
  sensitivity: number;
  specificity: number;
  ppv: number;
  npv: number;
  f1: number;
}

/**
 * The confusion matrix of stored test predictions at threshold t (positive when
 * p > t: the engine's rule, scikit-learn's `predict` at 0.5; see libs/metrics
 * confusion.ts, which this browser module cannot import), with accuracy, sensitivity (recall), specificity,
 * PPV (precision), NPV and F1 = 2TP / (2TP + FP + FN). Rates with an empty
 * denominator are NaN. Counted in the browser so the threshold control is instant.
 */
export function confusionAt(labels: ArrayLike<number>, probabilities: ArrayLike<number>, t: number): ConfusionAt {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const positive = probabilities[i] > t;
    if (labels[i] === 1) positive ? tp++ : fn++;
    else positive ? fp++ : tn++;
  }
  const rate = (a: number, b: number) => (b === 0 ? NaN : a / b);
  return {
    threshold: t,
    tp,
    fp,
    tn,
    fn,
    accuracy: rate(tp + tn, tp + fp + tn + fn),
    sensitivity: rate(tp, tp + fn),
    specificity: rate(tn, tn + fp),
    ppv: rate(tp, tp + fp),
    npv: rate(tn, tn + fn),
    f1: rate(2 * tp, 2 * tp + fp + fn),
  };
}
