import { glcmAngleWeights } from './angle-weights';
import { angleTotals, mergeAngles, nonEmptyAngles } from './merge-angles';
import { levelIndex, textureAngles, type TextureInput } from './texture-input';

/**
 * Grey level co-occurrence matrices, one per angle, over the grey levels present in the ROI, each
 * normalised to sum 1: `p[a * n * n + i * n + j]`. Empty angles are dropped (when more than one).
 */
export interface GlcmMatrix {
  readonly p: Float64Array;
  /** Number of grey levels present (matrix side). */
  readonly n: number;
  readonly angles: number;
  /** The grey level of each row/column. */
  readonly grey: Float64Array;
  /** Highest grey level in the ROI (pyradiomics' Ng). */
  readonly ng: number;
}

/** pyradiomics' calculate_glcm + _calculateMatrix: counts, symmetrised, optionally merged across angles, normalised. */
export function glcmMatrix(input: TextureInput): GlcmMatrix {
  const { roi, size, settings } = input;
  const [nx, ny, nz] = size;
  const angles = textureAngles(input, false);
  const naAll = angles.length / 3;
  const index = levelIndex(input);
  const n = roi.present.length;
  const nn = n * n;
  let counts: Float64Array = new Float64Array(naAll * nn);
  const levels = roi.levels;
  for (let a = 0; a < naAll; a++) {
    const dz = angles[a * 3];
    const dy = angles[a * 3 + 1];
    const dx = angles[a * 3 + 2];
    const step = dx + nx * (dy + ny * dz);
    const base = a * nn;
    const z0 = Math.max(0, -dz);
    const z1 = Math.min(nz, nz - dz);
    const y0 = Math.max(0, -dy);
    const y1 = Math.min(ny, ny - dy);
    const x0 = Math.max(0, -dx);
    const x1 = Math.min(nx, nx - dx);
    for (let z = z0; z < z1; z++) {
      for (let y = y0; y < y1; y++) {
        let i = x0 + nx * (y + ny * z);
        for (let x = x0; x < x1; x++, i++) {
          const gi = levels[i];
          if (gi === 0) continue;
          const gj = levels[i + step];
          if (gj === 0) continue;
          counts[base + index[gi] * n + index[gj]]++;
        }
      }
    }
  }
  if (settings.symmetricalGLCM) {
    for (let a = 0; a < naAll; a++) {
      const base = a * nn;
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          const s = counts[base + i * n + j] + counts[base + j * n + i];
          counts[base + i * n + j] = s;
          counts[base + j * n + i] = s;
        }
      }
    }
  }
  let na = naAll;
  if (settings.weightingNorm !== null) {
    counts = mergeAngles(counts, nn, glcmAngleWeights(angles, input.spacing, settings.weightingNorm));
    na = 1;
  }
  return { ...normaliseAngles(counts, nn, na), n, grey: Float64Array.from(roi.present), ng: roi.ng };
}

/** Drops all-zero angles (when there is more than one) and divides each angle's matrix by its sum (0 -> NaN). */
export function normaliseAngles(counts: Float64Array, cells: number, na: number): { p: Float64Array; angles: number } {
  const sums = angleTotals(counts, cells, na);
  const keep = nonEmptyAngles(sums);
  const p = new Float64Array(keep.length * cells);
  keep.forEach((a, k) => {
    const s = sums[a] === 0 ? NaN : sums[a];
    for (let c = 0; c < cells; c++) p[k * cells + c] = counts[a * cells + c] / s;
  });
  return { p, angles: keep.length };
}
