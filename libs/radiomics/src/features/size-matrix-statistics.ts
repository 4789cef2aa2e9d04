import { EPS } from './texture-input';

/**
 * The statistics GLSZM and GLDM share, for a (grey level x size) count matrix `p[i * ns + s]` with grey levels
 * `grey` and sizes `size` (zone sizes, or dependence counts): pyradiomics' formulas with Nz = sum of p.
 */
export interface SizeMatrixStatistics {
  readonly smallEmphasis: number;
  readonly largeEmphasis: number;
  readonly greyNonUniformity: number;
  readonly greyNonUniformityNormalized: number;
  readonly sizeNonUniformity: number;
  readonly sizeNonUniformityNormalized: number;
  readonly greyVariance: number;
  readonly sizeVariance: number;
  readonly entropy: number;
  readonly lowGreyEmphasis: number;
  readonly highGreyEmphasis: number;
  readonly smallLowGreyEmphasis: number;
  readonly smallHighGreyEmphasis: number;
  readonly largeLowGreyEmphasis: number;
  readonly largeHighGreyEmphasis: number;
  /** Nz: the matrix total. */
  readonly total: number;
  /** Np: sum of size x count. */
  readonly voxels: number;
}

export function sizeMatrixStatistics(p: Float64Array, grey: Float64Array, size: Float64Array): SizeMatrixStatistics {
  const n = grey.length;
  const ns = size.length;
  const pg = new Float64Array(n);
  const ps = new Float64Array(ns);
  let total = 0;
  let entropyRaw = 0;
  let sl = 0;
  let sh = 0;
  let ll = 0;
  let lh = 0;
  for (let i = 0; i < n; i++) {
    const i2 = grey[i] * grey[i];
    for (let s = 0; s < ns; s++) {
      const v = p[i * ns + s];
      pg[i] += v;
      ps[s] += v;
      total += v;
      const j2 = size[s] * size[s];
      sl += v / (i2 * j2);
      sh += (v * i2) / j2;
      ll += (v * j2) / i2;
      lh += v * i2 * j2;
    }
  }
  const nz = total === 0 ? 1 : total;
  for (let k = 0; k < n * ns; k++) {
    const q = p[k] / nz;
    entropyRaw -= q * Math.log2(q + EPS);
  }
  let small = 0;
  let large = 0;
  let sizeNu = 0;
  let voxels = 0;
  let uj = 0;
  for (let s = 0; s < ns; s++) {
    const j = size[s];
    small += ps[s] / (j * j);
    large += ps[s] * j * j;
    sizeNu += ps[s] * ps[s];
    voxels += ps[s] * j;
    uj += (ps[s] / nz) * j;
  }
  let sizeVar = 0;
  for (let s = 0; s < ns; s++) sizeVar += (ps[s] / nz) * (size[s] - uj) ** 2;
  let greyNu = 0;
  let ui = 0;
  let low = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    greyNu += pg[i] * pg[i];
    ui += (pg[i] / nz) * grey[i];
    low += pg[i] / (grey[i] * grey[i]);
    high += pg[i] * grey[i] * grey[i];
  }
  let greyVar = 0;
  for (let i = 0; i < n; i++) greyVar += (pg[i] / nz) * (grey[i] - ui) ** 2;
  return {
    smallEmphasis: small / nz,
    largeEmphasis: large / nz,
    greyNonUniformity: greyNu / nz,
    greyNonUniformityNormalized: greyNu / (nz * nz),
    sizeNonUniformity: sizeNu / nz,
    sizeNonUniformityNormalized: sizeNu / (nz * nz),
    greyVariance: greyVar,
    sizeVariance: sizeVar,
    entropy: entropyRaw,
    lowGreyEmphasis: low / nz,
    highGreyEmphasis: high / nz,
    smallLowGreyEmphasis: sl / nz,
    smallHighGreyEmphasis: sh / nz,
    largeLowGreyEmphasis: ll / nz,
    largeHighGreyEmphasis: lh / nz,
    total: nz,
    voxels: voxels === 0 ? 1 : voxels,
  };
}
