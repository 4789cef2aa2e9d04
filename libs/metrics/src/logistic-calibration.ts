import { checkLabelsAndScores, requireBothClasses } from './validate';

const MAX_ITERATIONS = 100;

/**
 * Why a calibration slope or intercept is undefined (reported as NaN in the engine, null in JSON):
 * - `prediction-at-0-or-1`: some prediction is exactly 0 or 1, so its logit is infinite and the logistic fit on
 *   logit(p) has no finite solution (R's glm(y ~ qlogis(p)) stops with "NA/NaN/Inf in 'x'"). We do not clip:
 *   with p clipped to [eps, 1 - eps] the answer is a function of eps (one 0 on a positive patient puts the
 *   intercept near log(eps), -33.6 for eps = 1e-15), not a property of the model.
 * - `separated`: (slope only) one threshold on p splits the classes, so the slope's estimate is infinite.
 * - `not-converged`: Newton's method did not converge in 100 iterations.
 */
export type CalibrationUndefinedReason = 'prediction-at-0-or-1' | 'separated' | 'not-converged';

/** Calibration slope and intercept of one set of predictions, each with why it is undefined (null when defined). */
export interface LogisticCalibration {
  slope: number;
  intercept: number;
  undefined: { slope: CalibrationUndefinedReason | null; intercept: CalibrationUndefinedReason | null };
}

/** x_i = logit(p_i) = log(p / (1 - p)), or null when some p_i is exactly 0 or 1 (an infinite logit). */
function logitOrNull(p: Float64Array): Float64Array | null {
  const x = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    if (p[i] <= 0 || p[i] >= 1) return null;
    x[i] = Math.log(p[i] / (1 - p[i]));
  }
  return x;
}

/** log(1 + e^t) without overflow. */
const softplus = (t: number): number => (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));

/** Log-likelihood of a logistic model with linear predictor a + b x_i. */
function logLikelihood(x: Float64Array, y: Uint8Array, a: number, b: number): number {
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const eta = a + b * x[i];
    ll += y[i] * eta - softplus(eta);
  }
  return ll;
}

/**
 * Maximum-likelihood fit of logit P(y = 1) = a + b x by Newton's method (iteratively reweighted least
 * squares) with step halving, from a = 0 and b = 0 (or b fixed at 1 when `fixedSlope`: x is then an offset).
 * Stops when the step is below 1e-12 (relative) in every parameter. Returns NaN for both when it does not
 * converge within 100 iterations or no halved step raises the likelihood (e.g. perfectly separated labels,
 * where the maximum likelihood does not exist).
 */
function fitLogistic(x: Float64Array, y: Uint8Array, fixedSlope: boolean): { a: number; b: number } {
  let a = 0;
  let b = fixedSlope ? 1 : 0;
  let ll = logLikelihood(x, y, a, b);
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    // gradient g and information matrix H of the log-likelihood
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let i = 0; i < x.length; i++) {
      const mu = 1 / (1 + Math.exp(-(a + b * x[i])));
      const r = y[i] - mu;
      const w = mu * (1 - mu);
      g0 += r;
      g1 += r * x[i];
      h00 += w;
      h01 += w * x[i];
      h11 += w * x[i] * x[i];
    }
    let da: number;
    let db: number;
    if (fixedSlope) {
      da = g0 / h00;
      db = 0;
    } else {
      const det = h00 * h11 - h01 * h01;
      da = (h11 * g0 - h01 * g1) / det;
      db = (h00 * g1 - h01 * g0) / det;
    }
    if (!Number.isFinite(da) || !Number.isFinite(db)) break;
    // step halving: never accept a step that lowers the likelihood
    let scale = 1;
    let next = logLikelihood(x, y, a + da, b + db);
    const worse = (v: number) => v < ll - 1e-12 * Math.abs(ll);
    while (worse(next) && scale > 1e-10) {
      scale /= 2;
      next = logLikelihood(x, y, a + scale * da, b + scale * db);
    }
    // no step improves: the likelihood is flat in floating point (separated labels push b to infinity)
    if (worse(next)) break;
    a += scale * da;
    b += scale * db;
    ll = next;
    if (Math.abs(scale * da) < 1e-12 * Math.max(1, Math.abs(a)) && Math.abs(scale * db) < 1e-12 * Math.max(1, Math.abs(b))) {
      return { a, b };
    }
  }
  return { a: NaN, b: NaN };
}

/**
 * Calibration slope and intercept (Cox 1958; Van Calster et al., J Clin Epidemiol 74, 2016), with the rule for
 * predictions of exactly 0 or 1: both are undefined (NaN, reason `prediction-at-0-or-1`), never clipped.
 * - slope: the coefficient b of logit(p) in logit P(y = 1) = a + b logit(p); 1 is ideal, b < 1 means predictions
 *   too extreme; R glm(y ~ qlogis(p), family = binomial). Undefined (`separated`) when one threshold on p splits
 *   the classes (R's glm warns and returns a large number).
 * - intercept (calibration-in-the-large): a in logit P(y = 1) = a + logit(p), logit(p) an offset; 0 is ideal,
 *   a > 0 means risks underestimated on average; R glm(y ~ 1 + offset(qlogis(p)), family = binomial).
 * Both fitted by Newton's method to a relative step of 1e-12; `not-converged` when that fails.
 */
export function logisticCalibration(y: Uint8Array, p: Float64Array): LogisticCalibration {
  requireBothClasses('logisticCalibration', checkLabelsAndScores('logisticCalibration', y, p));
  const x = logitOrNull(p);
  if (x === null) {
    return { slope: NaN, intercept: NaN, undefined: { slope: 'prediction-at-0-or-1', intercept: 'prediction-at-0-or-1' } };
  }
  const separated = isSeparated(x, y);
  const slope = separated ? NaN : fitLogistic(x, y, false).b;
  const intercept = fitLogistic(x, y, true).a;
  return {
    slope,
    intercept,
    undefined: {
      slope: separated ? 'separated' : Number.isNaN(slope) ? 'not-converged' : null,
      intercept: Number.isNaN(intercept) ? 'not-converged' : null,
    },
  };
}

/** The calibration slope of `logisticCalibration`: NaN when any p is 0 or 1, the classes are separated by p, or no convergence. */
export function calibrationSlope(y: Uint8Array, p: Float64Array): number {
  requireBothClasses('calibrationSlope', checkLabelsAndScores('calibrationSlope', y, p));
  const x = logitOrNull(p);
  return x === null || isSeparated(x, y) ? NaN : fitLogistic(x, y, false).b;
}

/**
 * True when one threshold on x splits the classes (all positives at or above every negative, or the reverse):
 * complete or quasi-complete separation, where the slope's maximum-likelihood estimate is infinite
 * (Albert & Anderson, Biometrika 71, 1984).
 */
function isSeparated(x: Float64Array, y: Uint8Array): boolean {
  let minPos = Infinity;
  let maxPos = -Infinity;
  let minNeg = Infinity;
  let maxNeg = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (y[i] === 1) {
      minPos = Math.min(minPos, x[i]);
      maxPos = Math.max(maxPos, x[i]);
    } else {
      minNeg = Math.min(minNeg, x[i]);
      maxNeg = Math.max(maxNeg, x[i]);
    }
  }
  return maxNeg <= minPos || maxPos <= minNeg;
}

/** The calibration intercept (calibration-in-the-large) of `logisticCalibration`: NaN when any p is 0 or 1 or no convergence. */
export function calibrationIntercept(y: Uint8Array, p: Float64Array): number {
  requireBothClasses('calibrationIntercept', checkLabelsAndScores('calibrationIntercept', y, p));
  const x = logitOrNull(p);
  return x === null ? NaN : fitLogistic(x, y, true).a;
}

/** Recalibration must map every prediction, 0 and 1 included, so it clips them (the calibration metrics above do not: they are undefined there). */
const RECALIBRATION_CLIP = 1e-15;

function clippedLogit(p: Float64Array): Float64Array {
  const x = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - RECALIBRATION_CLIP, Math.max(RECALIBRATION_CLIP, p[i]));
    x[i] = Math.log(q / (1 - q));
  }
  return x;
}

/**
 * Logistic recalibration of predicted probabilities: logit P(y = 1) = a + b logit(p), p clipped to
 * [1e-15, 1 - 1e-15], fitted by Newton's method; `intercept` fixes b = 1 (an offset: only a is fitted),
 * `slope` fits a and b. NaN coefficients when the fit does not converge (or the labels are separated, for `slope`).
 */
export function fitLogisticRecalibration(y: Uint8Array, p: Float64Array, kind: 'intercept' | 'slope'): { a: number; b: number } {
  requireBothClasses('fitLogisticRecalibration', checkLabelsAndScores('fitLogisticRecalibration', y, p));
  const x = clippedLogit(p);
  if (kind === 'slope' && isSeparated(x, y)) return { a: NaN, b: NaN };
  return fitLogistic(x, y, kind === 'intercept');
}

/** Applies a logistic recalibration: 1 / (1 + exp(-(a + b logit(p)))), p clipped as when fitting. */
export function applyLogisticRecalibration(p: Float64Array, coef: { a: number; b: number }): Float64Array {
  const x = clippedLogit(p);
  return x.map((v) => 1 / (1 + Math.exp(-(coef.a + coef.b * v))));
}
