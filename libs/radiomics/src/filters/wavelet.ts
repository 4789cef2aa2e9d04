import type { Vec3 } from '../io/volume';

/** Decomposition filters of PyWavelets' coif1 (pywt.Wavelet('coif1').dec_lo / dec_hi). */
const COIF1_LO = [
  -0.015655728135791993, -0.07273261951252645, 0.3848648468648578, 0.8525720202116004, 0.3378976624574818, -0.07273261951252645,
];
const COIF1_HI = [
  0.07273261951252645, 0.3378976624574818, -0.8525720202116004, 0.3848648468648578, 0.07273261951252645, -0.015655728135791993,
];

export const WAVELETS: Record<string, { lo: readonly number[]; hi: readonly number[] }> = { coif1: { lo: COIF1_LO, hi: COIF1_HI } };

/**
 * One level of PyWavelets' stationary (undecimated) transform along one axis of a grid of `size` (x, y, z):
 * out[k] = sum_m f[m] in[(k + L/2 - m) mod n] (periodic), as pywt.swt at level 1.
 */
function swtAxis(input: Float64Array, size: Vec3, axis: 0 | 1 | 2, filter: readonly number[]): Float64Array {
  const [nx, ny, nz] = size;
  const n = size[axis];
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const out = new Float64Array(input.length);
  const half = filter.length / 2;
  const lines = (nx * ny * nz) / n;
  for (let line = 0; line < lines; line++) {
    // the first voxel of the line: enumerate the other two axes
    let base: number;
    if (axis === 0) base = line * nx;
    else if (axis === 1) base = (line % nx) + Math.floor(line / nx) * nx * ny;
    else base = line;
    for (let k = 0; k < n; k++) {
      let sum = 0;
      for (let m = 0; m < filter.length; m++) {
        let j = (k + half - m) % n;
        if (j < 0) j += n;
        sum += filter[m] * input[base + j * stride];
      }
      out[base + k * stride] = sum;
    }
  }
  return out;
}

/** Copies `data` (grid `size`) into a grid one voxel larger on each odd axis, the extra layer wrapping around (numpy.pad 'wrap'). */
function padToEven(data: ArrayLike<number>, size: Vec3): { data: Float64Array; size: Vec3 } {
  const padded = size.map((n) => n + (n % 2)) as unknown as Vec3;
  const [px, py, pz] = padded;
  const out = new Float64Array(px * py * pz);
  let o = 0;
  for (let z = 0; z < pz; z++)
    for (let y = 0; y < py; y++) {
      const row = size[0] * ((y % size[1]) + size[1] * (z % size[2]));
      for (let x = 0; x < px; x++) out[o++] = data[row + (x % size[0])];
    }
  return { data: out, size: padded };
}

/** Crops a padded grid back to `size` (the first voxels of each axis). */
function cropTo(data: Float64Array, padded: Vec3, size: Vec3): Float64Array {
  const out = new Float64Array(size[0] * size[1] * size[2]);
  let o = 0;
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++) {
      const row = padded[0] * (y + padded[1] * z);
      for (let x = 0; x < size[0]; x++) out[o++] = data[row + x];
    }
  return out;
}

/**
 * pyradiomics' getWaveletImage with level 1, start level 0, 3-D: the image padded to even sizes by wrapping,
 * pywt.swtn along x, y and z, cropped back. Returns the 8 decompositions named as pyradiomics (letters for
 * x, y, z; L = low pass, H = high pass): LLH, LHL, ..., HHH and the approximation LLL.
 */
export function waveletDecompositions(data: ArrayLike<number>, size: Vec3, wavelet = 'coif1'): Map<string, Float64Array> {
  const filters = WAVELETS[wavelet];
  if (!filters) throw new Error(`wavelet "${wavelet}" is not available (${Object.keys(WAVELETS).join(', ')})`);
  const padded = padToEven(data, size);
  let stage = new Map<string, Float64Array>([['', padded.data]]);
  for (const axis of [0, 1, 2] as const) {
    const next = new Map<string, Float64Array>();
    for (const [name, values] of stage) {
      next.set(`${name}L`, swtAxis(values, padded.size, axis, filters.lo));
      next.set(`${name}H`, swtAxis(values, padded.size, axis, filters.hi));
    }
    stage = next;
  }
  const out = new Map<string, Float64Array>();
  for (const [name, values] of stage) out.set(name, cropTo(values, padded.size, size));
  return out;
}
