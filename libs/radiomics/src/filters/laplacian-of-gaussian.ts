import type { Vec3 } from '../io/volume';

/** Deriche's 4th-order recursive approximation of a Gaussian (or its 2nd derivative) along one axis, as ITK's RecursiveGaussianImageFilter. */
class RecursiveGaussian {
  n = [1, 1, 1, 1];
  d = [0, 0, 0, 0];
  m = [0, 0, 0, 0];
  bn = [0, 0, 0, 0];
  bm = [0, 0, 0, 0];

  constructor(sigma: number, spacing: number, order: 0 | 2, normalizeAcrossScale: boolean) {
    const sigmad = sigma / Math.abs(spacing);
    const W1 = 0.6681;
    const L1 = -1.3932;
    const W2 = 2.0787;
    const L2 = -1.3732;
    const cos1 = Math.cos(W1 / sigmad);
    const cos2 = Math.cos(W2 / sigmad);
    const exp1 = Math.exp(L1 / sigmad);
    const exp2 = Math.exp(L2 / sigmad);
    const d4 = exp1 * exp1 * exp2 * exp2;
    let d3 = -2 * cos1 * exp1 * exp2 * exp2;
    d3 += -2 * cos2 * exp2 * exp1 * exp1;
    let d2 = 4 * cos2 * cos1 * exp1 * exp2;
    d2 += exp1 * exp1 + exp2 * exp2;
    const d1 = -2 * (exp2 * cos2 + exp1 * cos1);
    this.d = [d1, d2, d3, d4];
    const SD = 1 + d1 + d2 + d3 + d4;
    const DD = d1 + 2 * d2 + 3 * d3 + 4 * d4;
    const ED = d1 + 4 * d2 + 9 * d3 + 16 * d4;
    const nCoefficients = (A1: number, B1: number, A2: number, B2: number) => {
      const sin1 = Math.sin(W1 / sigmad);
      const sin2 = Math.sin(W2 / sigmad);
      const N0 = A1 + A2;
      let N1 = exp2 * (B2 * sin2 - (A2 + 2 * A1) * cos2);
      N1 += exp1 * (B1 * sin1 - (A1 + 2 * A2) * cos1);
      let N2 = (A1 + A2) * cos2 * cos1;
      N2 -= B1 * cos2 * sin1 + B2 * cos1 * sin2;
      N2 *= 2 * exp1 * exp2;
      N2 += A2 * exp1 * exp1 + A1 * exp2 * exp2;
      let N3 = exp2 * exp1 * exp1 * (B2 * sin2 - A2 * cos2);
      N3 += exp1 * exp2 * exp2 * (B1 * sin1 - A1 * cos1);
      return { N: [N0, N1, N2, N3], SN: N0 + N1 + N2 + N3, DN: N1 + 2 * N2 + 3 * N3, EN: N1 + 4 * N2 + 9 * N3 };
    };
    const zero = nCoefficients(1.353, 1.8151, -0.3531, 0.0902);
    if (order === 0) {
      const alpha0 = (2 * zero.SN) / SD - zero.N[0];
      this.n = zero.N.map((v) => v * (1 / alpha0));
    } else {
      const second = nCoefficients(-1.3563, 5.2318, 0.3446, -2.2355);
      const beta = -(2 * second.SN - SD * second.N[0]) / (2 * zero.SN - SD * zero.N[0]);
      const N = second.N.map((v, k) => v + beta * zero.N[k]);
      const SN = second.SN + beta * zero.SN;
      const DN = second.DN + beta * zero.DN;
      const EN = second.EN + beta * zero.EN;
      let alpha2 = EN * SD * SD - ED * SN * SD - 2 * DN * DD * SD + 2 * DD * DD * SN;
      alpha2 /= SD * SD * SD;
      const scale = normalizeAcrossScale ? sigma * sigma : 1;
      this.n = N.map((v) => v * (scale / alpha2));
    }
    const [n0, n1, n2, n3] = this.n;
    this.m = [n1 - d1 * n0, n2 - d2 * n0, n3 - d3 * n0, -d4 * n0];
    const SN = n0 + n1 + n2 + n3;
    const SM = this.m[0] + this.m[1] + this.m[2] + this.m[3];
    this.bn = this.d.map((v) => (v * SN) / SD);
    this.bm = this.d.map((v) => (v * SM) / SD);
  }

  /** ITK's FilterDataArray: causal and anti-causal passes with the border values extended to infinity. */
  filterLine(data: Float64Array, outs: Float64Array, s2: Float64Array, ln: number): void {
    const [n0, n1, n2, n3] = this.n;
    const [d1, d2, d3, d4] = this.d;
    const [m1, m2, m3, m4] = this.m;
    const [bn1, bn2, bn3, bn4] = this.bn;
    const [bm1, bm2, bm3, bm4] = this.bm;
    const s1 = outs;
    const v1 = data[0];
    s1[0] = v1 * n0 + v1 * n1 + v1 * n2 + v1 * n3;
    s1[1] = data[1] * n0 + v1 * n1 + v1 * n2 + v1 * n3;
    s1[2] = data[2] * n0 + data[1] * n1 + v1 * n2 + v1 * n3;
    s1[3] = data[3] * n0 + data[2] * n1 + data[1] * n2 + v1 * n3;
    s1[0] -= v1 * bn1 + v1 * bn2 + v1 * bn3 + v1 * bn4;
    s1[1] -= s1[0] * d1 + v1 * bn2 + v1 * bn3 + v1 * bn4;
    s1[2] -= s1[1] * d1 + s1[0] * d2 + v1 * bn3 + v1 * bn4;
    s1[3] -= s1[2] * d1 + s1[1] * d2 + s1[0] * d3 + v1 * bn4;
    for (let i = 4; i < ln; i++) {
      s1[i] = data[i] * n0 + data[i - 1] * n1 + data[i - 2] * n2 + data[i - 3] * n3;
      s1[i] -= s1[i - 1] * d1 + s1[i - 2] * d2 + s1[i - 3] * d3 + s1[i - 4] * d4;
    }
    const v2 = data[ln - 1];
    s2[ln - 1] = v2 * m1 + v2 * m2 + v2 * m3 + v2 * m4;
    s2[ln - 2] = data[ln - 1] * m1 + v2 * m2 + v2 * m3 + v2 * m4;
    s2[ln - 3] = data[ln - 2] * m1 + data[ln - 1] * m2 + v2 * m3 + v2 * m4;
    s2[ln - 4] = data[ln - 3] * m1 + data[ln - 2] * m2 + data[ln - 1] * m3 + v2 * m4;
    s2[ln - 1] -= v2 * bm1 + v2 * bm2 + v2 * bm3 + v2 * bm4;
    s2[ln - 2] -= s2[ln - 1] * d1 + v2 * bm2 + v2 * bm3 + v2 * bm4;
    s2[ln - 3] -= s2[ln - 2] * d1 + s2[ln - 1] * d2 + v2 * bm3 + v2 * bm4;
    s2[ln - 4] -= s2[ln - 3] * d1 + s2[ln - 2] * d2 + s2[ln - 1] * d3 + v2 * bm4;
    for (let i = ln - 4; i > 0; i--) {
      s2[i - 1] = data[i] * m1 + data[i + 1] * m2 + data[i + 2] * m3 + data[i + 3] * m4;
      s2[i - 1] -= s2[i] * d1 + s2[i + 1] * d2 + s2[i + 2] * d3 + s2[i + 3] * d4;
    }
    for (let i = 0; i < ln; i++) outs[i] += s2[i];
  }
}

/** Filters every line along `axis` (0 = x, 1 = y, 2 = z) of a grid of `size`, storing float32 as ITK's internal images. */
function filterAxis(input: ArrayLike<number>, size: Vec3, axis: number, filter: RecursiveGaussian): Float32Array {
  const [nx, ny, nz] = size;
  const ln = size[axis];
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const out = new Float32Array(nx * ny * nz);
  const line = new Float64Array(ln);
  const outs = new Float64Array(ln);
  const scratch = new Float64Array(ln);
  const lines = (nx * ny * nz) / ln;
  for (let l = 0; l < lines; l++) {
    const base = axis === 0 ? l * nx : axis === 1 ? (l % nx) + Math.floor(l / nx) * nx * ny : l;
    for (let k = 0; k < ln; k++) line[k] = input[base + k * stride];
    filter.filterLine(line, outs, scratch, ln);
    for (let k = 0; k < ln; k++) out[base + k * stride] = outs[k];
  }
  return out;
}

/**
 * ITK's LaplacianRecursiveGaussianImageFilter with NormalizeAcrossScale (pyradiomics' LoG): for each axis, the
 * second-derivative recursive Gaussian along it and smoothing along the others (float32 intermediates),
 * divided by the spacing squared and summed (in float32). Needs at least 4 voxels along every axis.
 */
export function laplacianOfGaussian(data: ArrayLike<number>, size: Vec3, spacing: Vec3, sigma: number): Float32Array {
  const cumulative = new Float32Array(size[0] * size[1] * size[2]);
  for (let dim = 0; dim < 3; dim++) {
    let image: Float32Array = filterAxis(data, size, dim, new RecursiveGaussian(sigma, spacing[dim], 2, true));
    for (let other = 0; other < 3; other++) {
      if (other !== dim) image = filterAxis(image, size, other, new RecursiveGaussian(sigma, spacing[other], 0, true));
    }
    const inverse = 1 / (spacing[dim] * spacing[dim]);
    for (let i = 0; i < cumulative.length; i++) cumulative[i] = cumulative[i] + image[i] * inverse;
  }
  return cumulative;
}
