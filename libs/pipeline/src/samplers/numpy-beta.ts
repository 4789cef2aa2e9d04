import { NumpyRandomState } from '@radsweep/core';

/**
 * numpy's legacy `RandomState.beta(a, b)` for a, b > 1 (numpy/random/src/legacy:
 * legacy_beta = Ga / (Ga + Gb) with Ga, Gb from legacy_standard_gamma, the
 * Marsaglia & Tsang (2000) squeeze/rejection method on legacy_gauss, the polar method
 * with one cached value). Used by Borderline-SMOTE-2's split of the synthetic rows.
 */
export function numpyBeta(rs: NumpyRandomState, a: number, b: number): number {
  if (!(a > 1 && b > 1)) throw new RangeError(`numpyBeta: only a, b > 1 are replayed, got ${a}, ${b}`);
  const gauss = polarGauss(rs);
  const ga = standardGamma(rs, a, gauss);
  const gb = standardGamma(rs, b, gauss);
  return ga / (ga + gb);
}

function polarGauss(rs: NumpyRandomState): () => number {
  let cached = NaN;
  return () => {
    if (!Number.isNaN(cached)) {
      const v = cached;
      cached = NaN;
      return v;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * rs.uniform() - 1;
      x2 = 2 * rs.uniform() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    cached = f * x1;
    return f * x2;
  };
}

function standardGamma(rs: NumpyRandomState, shape: number, gauss: () => number): number {
  const b = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * b);
  for (;;) {
    let x: number, v: number;
    do {
      x = gauss();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rs.uniform();
    if (u < 1 - 0.0331 * (x * x) * (x * x)) return b * v;
    if (Math.log(u) < 0.5 * x * x + b * (1 - v + Math.log(v))) return b * v;
  }
}
