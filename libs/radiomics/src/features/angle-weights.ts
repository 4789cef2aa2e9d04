import type { WeightingNorm } from '../settings';
import type { Vec3 } from '../io/volume';

/**
 * pyradiomics' weights for merging per-angle matrices: distance of each (dz, dy, dx) offset in mm under the
 * norm. GLCM uses exp(-distance^2), GLRLM the distance itself; `no_weighting` gives 1.
 */
export function angleDistances(angles: Int32Array, spacingXyz: Vec3, norm: WeightingNorm): Float64Array {
  const spacingZyx = [spacingXyz[2], spacingXyz[1], spacingXyz[0]];
  const na = angles.length / 3;
  const out = new Float64Array(na);
  for (let a = 0; a < na; a++) {
    const mm = [0, 1, 2].map((d) => Math.abs(angles[a * 3 + d]) * spacingZyx[d]);
    if (norm === 'infinity') out[a] = Math.max(...mm);
    else if (norm === 'euclidean') out[a] = Math.hypot(...mm);
    else if (norm === 'manhattan') out[a] = mm[0] + mm[1] + mm[2];
    else out[a] = 1;
  }
  return out;
}

/** GLCM weights: exp(-d^2) (pyradiomics squares the distance; euclidean's square root cancels), 1 without weighting. */
export function glcmAngleWeights(angles: Int32Array, spacingXyz: Vec3, norm: WeightingNorm): Float64Array {
  const d = angleDistances(angles, spacingXyz, norm);
  return d.map((x) => (norm === 'no_weighting' ? 1 : Math.exp(-(x * x))));
}
