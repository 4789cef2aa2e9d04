import { sigmoid } from '../linear/dense';

/**
 * Platt's sigmoid calibration as scikit-learn 1.2's `_sigmoid_calibration`:
 * P(y = 1 | f) = 1 / (1 + exp(A f + B)), (A, B) minimising the cross-entropy against the
 * smoothed targets t_i = (N+ + 1) / (N+ + 2) for positives and 1 / (N- + 2) for negatives,
 * started at (0, log((N- + 1) / (N+ + 1))). The problem is convex in (A, B): solved here by
 * damped Newton to |gradient| <= 1e-10 (scikit-learn: BFGS to 1e-5; same optimum).
 * Reference: J. Platt, "Probabilistic outputs for support vector machines...", 1999;
 * H.-T. Lin, C.-J. Lin, R. C. Weng, "A note on Platt's probabilistic outputs", 2007.
 */
export function fitPlatt(f: Float64Array, y: Uint8Array): { a: number; b: number } {
  const n = f.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i];
  const nNeg = n - nPos;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  // -t log P - (1 - t) log(1 - P), P = sigmoid(-z): t log1pExp(z) + (1 - t) log1pExp(-z), where both
  // softplus terms share one log1p(exp(-|z|)) (log1pExp(z) = z + that for z > 0, log1pExp(-z) = -z + that
  // for z <= 0; at z = +-0 both are log1p(1)), so each row costs one exp and one log1p, same bits.
  const loss = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = a * f[i] + b;
      const t = y[i] ? tPos : tNeg;
      if (z > 0) {
        const e = Math.log1p(Math.exp(-z));
        s += t * (z + e) + (1 - t) * e;
      } else {
        const e = Math.log1p(Math.exp(z));
        s += t * e + (1 - t) * (-z + e);
      }
    }
    return s;
  };
  let a = 0;
  let b = Math.log((nNeg + 1) / (nPos + 1));
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < n; i++) {
      const pr = sigmoid(-(a * f[i] + b));
      const r = (y[i] ? tPos : tNeg) - pr; // d loss / d z
      const h = pr * (1 - pr);
      ga += r * f[i];
      gb += r;
      haa += h * f[i] * f[i];
      hab += h * f[i];
      hbb += h;
    }
    if (Math.max(Math.abs(ga), Math.abs(gb)) <= 1e-10) break;
    // Newton step on the 2 x 2 system (ridge 1e-12 keeps it solvable when f is constant)
    haa += 1e-12;
    hbb += 1e-12;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    let step = 1;
    let moved = false;
    let same = false;
    for (let k = 0; k < 60; k++) {
      const ta = a + step * da;
      const tb = b + step * db;
      // a step too small to move (a, b) evaluates the loss where it already is: `current`, bit for bit
      same = Object.is(ta, a) && Object.is(tb, b);
      const trial = same ? current : loss(ta, tb);
      if (trial <= current + 1e-4 * step * (ga * da + gb * db)) {
        a = ta;
        b = tb;
        current = trial;
        moved = true;
        break;
      }
      step *= 0.5;
    }
    // Not moved, or accepted where it stood: the next iteration would repeat this one exactly, to the end.
    if (!moved || same) break;
  }
  return { a, b };
}

export function plattProbability(cal: { a: number; b: number }, f: number): number {
  return sigmoid(-(cal.a * f + cal.b));
}
