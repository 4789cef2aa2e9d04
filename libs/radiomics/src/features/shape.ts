import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import type { Vec3 } from '../io/volume';
import type { ExtractionMode } from '../settings';
import { marchingCubes } from './marching-cubes';

export const SHAPE_FEATURES = [
  'MeshVolume',
  'VoxelVolume',
  'SurfaceArea',
  'SurfaceVolumeRatio',
  'Sphericity',
  'Maximum3DDiameter',
  'Maximum2DDiameterSlice',
  'Maximum2DDiameterColumn',
  'Maximum2DDiameterRow',
  'MajorAxisLength',
  'MinorAxisLength',
  'LeastAxisLength',
  'Elongation',
  'Flatness',
] as const;

export type ShapeFeature = (typeof SHAPE_FEATURES)[number];

/**
 * Eigenvalues (ascending) of the covariance of the ROI voxels' physical coordinates: population (/Np) as
 * pyradiomics, or sample (/(Np - 1)) as IBSI's reference values imply (their minor and least axis lengths of the
 * digital phantom are pyradiomics' times sqrt(74 / 73)).
 */
function principalMoments(mask: Uint8Array, size: Vec3, spacing: Vec3, sample: boolean): number[] {
  const [nx, ny, nz] = size;
  let n = 0;
  const mean = [0, 0, 0];
  let i = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        n++;
        mean[0] += z * spacing[2];
        mean[1] += y * spacing[1];
        mean[2] += x * spacing[0];
      }
  for (let d = 0; d < 3; d++) mean[d] /= n;
  const cov = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  i = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        const p = [z * spacing[2] - mean[0], y * spacing[1] - mean[1], x * spacing[0] - mean[2]];
        for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) cov[r][c] += (p[r] * p[c]) / (sample ? n - 1 : n);
      }
  const values = new EigenvalueDecomposition(new MlMatrix(cov), { assumeSymmetric: true }).realEigenvalues;
  // pyradiomics rounds tiny negative eigenvalues (machine error) to 0
  return values.map((v) => (v < 0 && v > -1e-10 ? 0 : v)).sort((a, b) => a - b);
}

/** Pads a 0/1 mask with one layer of zeros on every side (pyradiomics pads before marching cubes). */
function padMask(mask: Uint8Array, size: Vec3): { mask: Uint8Array; size: Vec3 } {
  const [nx, ny, nz] = size;
  const out: Vec3 = [nx + 2, ny + 2, nz + 2];
  const padded = new Uint8Array(out[0] * out[1] * out[2]);
  let i = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      const row = 1 + out[0] * (y + 1 + out[1] * (z + 1));
      for (let x = 0; x < nx; x++, i++) padded[row + x] = mask[i];
    }
  return { mask: padded, size: out };
}

/**
 * pyradiomics' 14 (non-deprecated) 3-D shape features of a 0/1 mask on a grid of `size` with `spacing` (x, y, z);
 * in `ibsi` mode the axis lengths use the sample covariance.
 */
export function shapeFeatures(mask: Uint8Array, size: Vec3, spacing: Vec3, mode: ExtractionMode = 'pyradiomics'): Record<ShapeFeature, number> {
  let np = 0;
  for (const m of mask) np += m;
  const padded = padMask(mask, size);
  const mesh = marchingCubes(padded.mask, padded.size, spacing);
  const ev = principalMoments(mask, size, spacing, mode === 'ibsi');
  const axis = (v: number) => (v < 0 ? NaN : Math.sqrt(v) * 4);
  const { surfaceArea: a, volume: v } = mesh;
  return {
    MeshVolume: v,
    VoxelVolume: np * spacing[0] * spacing[1] * spacing[2],
    SurfaceArea: a,
    SurfaceVolumeRatio: a / v,
    Sphericity: Math.cbrt(36 * Math.PI * v * v) / a,
    Maximum3DDiameter: mesh.diameters[3],
    Maximum2DDiameterSlice: mesh.diameters[0],
    Maximum2DDiameterColumn: mesh.diameters[1],
    Maximum2DDiameterRow: mesh.diameters[2],
    MajorAxisLength: axis(ev[2]),
    MinorAxisLength: axis(ev[1]),
    LeastAxisLength: axis(ev[0]),
    Elongation: ev[1] < 0 || ev[2] < 0 ? NaN : Math.sqrt(ev[1] / ev[2]),
    Flatness: ev[0] < 0 || ev[2] < 0 ? NaN : Math.sqrt(ev[0] / ev[2]),
  };
}
