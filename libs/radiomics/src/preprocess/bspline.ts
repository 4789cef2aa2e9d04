import type { Vec3 } from '../io/volume';

/** The cubic B-spline's pole (Unser 1993). */
const POLE = Math.sqrt(3) - 2;
/** ITK's BSplineDecompositionImageFilter tolerance for the initial causal coefficient. */
const TOLERANCE = 1e-10;

/** In-place cubic B-spline prefilter of `c[start + k * stride]`, k < n, with mirror boundaries (ITK's DataToCoefficients1D). */
function prefilterLine(c: Float64Array, start: number, stride: number, n: number): void {
  if (n === 1) return;
  const z = POLE;
  const gain = (1 - z) * (1 - 1 / z);
  const at = (k: number) => start + k * stride;
  for (let k = 0; k < n; k++) c[at(k)] *= gain;
  // initial causal coefficient
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
  if (horizon < n) {
    let zn = z;
    let sum = c[at(0)];
    for (let k = 1; k < horizon; k++) {
      sum += zn * c[at(k)];
      zn *= z;
    }
    c[at(0)] = sum;
  } else {
    let zn = z;
    const iz = 1 / z;
    let z2n = Math.pow(z, n - 1);
    let sum = c[at(0)] + z2n * c[at(n - 1)];
    z2n *= z2n * iz;
    for (let k = 1; k <= n - 2; k++) {
      sum += (zn + z2n) * c[at(k)];
      zn *= z;
      z2n *= iz;
    }
    c[at(0)] = sum / (1 - zn * zn);
  }
  for (let k = 1; k < n; k++) c[at(k)] += z * c[at(k - 1)];
  // initial anti-causal coefficient
  c[at(n - 1)] = (z / (z * z - 1)) * (z * c[at(n - 2)] + c[at(n - 1)]);
  for (let k = n - 2; k >= 0; k--) c[at(k)] = z * (c[at(k + 1)] - c[at(k)]);
}

/** Cubic B-spline coefficients of a whole image (separable prefilter along x, y, z), as ITK's BSplineDecompositionImageFilter. */
export function bsplineCoefficients(data: ArrayLike<number>, size: Vec3): Float64Array {
  const [nx, ny, nz] = size;
  const c = Float64Array.from(data as ArrayLike<number>);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) prefilterLine(c, nx * (y + ny * z), 1, nx);
  for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) prefilterLine(c, x + nx * ny * z, nx, ny);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) prefilterLine(c, x + nx * y, nx * ny, nz);
  return c;
}

/** Mirror-boundary index as ITK's BSplineInterpolateImageFunction. */
function mirror(k: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let m = k < 0 ? -k - period * Math.floor(-k / period) : k - period * Math.floor(k / period);
  if (m >= n) m = period - m;
  return m;
}

/** Cubic B-spline weights and first support index along one axis at continuous index `x`, written into `w`. */
function weights(x: number, w: Float64Array): number {
  const first = Math.floor(x) - 1;
  const t = x - (first + 1);
  w[3] = (t * t * t) / 6;
  w[0] = 1 / 6 + 0.5 * t * (t - 1) - w[3];
  w[2] = t + w[0] - 2 * w[3];
  w[1] = 1 - w[0] - w[2] - w[3];
  return first;
}

/** Evaluates cubic B-splines with coefficients `c` on a grid of `size` at continuous indices (x, y, z). */
export class BSplineEvaluator {
  private readonly wx = new Float64Array(4);
  private readonly wy = new Float64Array(4);
  private readonly wz = new Float64Array(4);
  private readonly ix = new Int32Array(4);
  private readonly iy = new Int32Array(4);
  private readonly iz = new Int32Array(4);

  constructor(
    private readonly c: Float64Array,
    private readonly size: Vec3,
  ) {}

  at(x: number, y: number, z: number): number {
    const [nx, ny, nz] = this.size;
    const fx = weights(x, this.wx);
    const fy = weights(y, this.wy);
    const fz = weights(z, this.wz);
    for (let k = 0; k < 4; k++) {
      this.ix[k] = mirror(fx + k, nx);
      this.iy[k] = mirror(fy + k, ny);
      this.iz[k] = mirror(fz + k, nz);
    }
    let sum = 0;
    for (let c = 0; c < 4; c++) {
      for (let b = 0; b < 4; b++) {
        const wzy = this.wz[c] * this.wy[b];
        const row = nx * (this.iy[b] + ny * this.iz[c]);
        for (let a = 0; a < 4; a++) sum += this.wx[a] * wzy * this.c[row + this.ix[a]];
      }
    }
    return sum;
  }
}
