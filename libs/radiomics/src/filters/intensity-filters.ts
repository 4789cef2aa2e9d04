import type { Vec3 } from '../io/volume';

/** pyradiomics' voxel-wise filters, applied to the whole image (their scale comes from its largest |value|). */
export const INTENSITY_FILTERS = ['square', 'squareroot', 'logarithm', 'exponential'] as const;

export type IntensityFilter = (typeof INTENSITY_FILTERS)[number];

function maxAbs(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}

/**
 * pyradiomics' getSquareImage ((x / sqrt(max|x|))^2), getSquareRootImage (sign(x) sqrt(|x| max|x|)),
 * getLogarithmImage (sign(x) log(|x| + 1), rescaled to the original max|x|) and getExponentialImage
 * (exp(x log(max|x|) / max|x|)).
 */
export function intensityFilter(data: ArrayLike<number>, filter: IntensityFilter): Float64Array {
  const n = data.length;
  const out = Float64Array.from(data as ArrayLike<number>);
  const max = maxAbs(data);
  if (filter === 'square') {
    const coeff = 1 / Math.sqrt(max);
    for (let i = 0; i < n; i++) out[i] = (coeff * out[i]) ** 2;
  } else if (filter === 'squareroot') {
    for (let i = 0; i < n; i++) {
      const v = out[i];
      if (v > 0) out[i] = Math.sqrt(v * max);
      else if (v < 0) out[i] = -Math.sqrt(-v * max);
    }
  } else if (filter === 'logarithm') {
    for (let i = 0; i < n; i++) {
      const v = out[i];
      if (v > 0) out[i] = Math.log(v + 1);
      else if (v < 0) out[i] = -Math.log(-(v - 1));
    }
    const scale = max / maxAbs(out);
    for (let i = 0; i < n; i++) out[i] = out[i] * scale;
  } else {
    const coeff = Math.log(max) / max;
    for (let i = 0; i < n; i++) out[i] = Math.exp(coeff * out[i]);
  }
  return out;
}

/**
 * ITK's GradientMagnitudeImageFilter (pyradiomics' getGradientImage, gradientUseSpacing true): central
 * differences (f(x + 1) - f(x - 1)) / (2 spacing) along each axis, the edge voxel repeated beyond the border
 * (zero-flux Neumann), then the Euclidean norm.
 */
export function gradientMagnitude(data: ArrayLike<number>, size: Vec3, spacing: Vec3, useSpacing = true): Float64Array {
  const [nx, ny, nz] = size;
  const out = new Float64Array(nx * ny * nz);
  const strides = [1, nx, nx * ny];
  const coeff = [0, 1, 2].map((d) => 0.5 / (useSpacing ? spacing[d] : 1));
  let i = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        const idx = [x, y, z];
        let sum = 0;
        for (let d = 0; d < 3; d++) {
          const before = idx[d] > 0 ? i - strides[d] : i;
          const after = idx[d] < size[d] - 1 ? i + strides[d] : i;
          const g = -coeff[d] * data[before] + 0 * data[i] + coeff[d] * data[after];
          sum += g * g;
        }
        out[i] = Math.sqrt(sum);
      }
  return out;
}
