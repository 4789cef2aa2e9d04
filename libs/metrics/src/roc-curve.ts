import { checkLabelsAndScores, requireBothClasses } from './validate';

/** Points of a ROC curve, in order of decreasing threshold. */
export interface RocCurve {
  /** False-positive rate FP / n- at each threshold. */
  readonly fpr: Float64Array;
  /** True-positive rate TP / n+ at each threshold. */
  readonly tpr: Float64Array;
  /** thresholds[k]: predicted positive when score >= thresholds[k]; thresholds[0] = max(score) + 1. */
  readonly thresholds: Float64Array;
}

export interface RocCurveOptions {
  /** Drop points that lie on a straight segment between their neighbours (default true, as scikit-learn). */
  readonly dropIntermediate?: boolean;
}

/**
 * The ROC curve exactly as sklearn.metrics.roc_curve (scikit-learn 1.2, `_binary_clf_curve`):
 * one point per distinct score in decreasing order (tied scores form one point), with
 * TP(t) = #{positives with score >= t}, FP(t) = #{negatives with score >= t}; with dropIntermediate,
 * keep the first and last point and every point where the second difference of FP or TP is non-zero;
 * then prepend the point (0, 0) with threshold max(score) + 1.
 * Reference: scikit-learn 1.2 sklearn/metrics/_ranking.py; Fawcett 2006.
 */
export function rocCurve(y: Uint8Array, s: Float64Array, options: RocCurveOptions = {}): RocCurve {
  requireBothClasses('rocCurve', checkLabelsAndScores('rocCurve', y, s, 'score'));
  const dropIntermediate = options.dropIntermediate ?? true;
  const n = y.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => s[b] - s[a]);

  // cumulative TP / FP at the last index of each distinct score (decreasing)
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  const thr = new Float64Array(n);
  let m = 0;
  let tp = 0;
  for (let i = 0; i < n; i++) {
    tp += y[order[i]];
    if (i === n - 1 || s[order[i + 1]] !== s[order[i]]) {
      tps[m] = tp;
      fps[m] = i + 1 - tp;
      thr[m] = s[order[i]];
      m++;
    }
  }

  const keep = new Uint8Array(m).fill(1);
  if (dropIntermediate && m > 2) {
    for (let k = 1; k < m - 1; k++) {
      const d2fp = fps[k + 1] - 2 * fps[k] + fps[k - 1];
      const d2tp = tps[k + 1] - 2 * tps[k] + tps[k - 1];
      keep[k] = d2fp !== 0 || d2tp !== 0 ? 1 : 0;
    }
  }
  let kept = 0;
  for (let k = 0; k < m; k++) kept += keep[k];

  const fpr = new Float64Array(kept + 1);
  const tpr = new Float64Array(kept + 1);
  const thresholds = new Float64Array(kept + 1);
  const totalFp = fps[m - 1];
  const totalTp = tps[m - 1];
  let out = 1;
  for (let k = 0; k < m; k++) {
    if (!keep[k]) continue;
    fpr[out] = fps[k] / totalFp;
    tpr[out] = tps[k] / totalTp;
    thresholds[out] = thr[k];
    out++;
  }
  thresholds[0] = thr[0] + 1;
  return { fpr, tpr, thresholds };
}
