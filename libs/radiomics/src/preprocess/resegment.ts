import { RadSweepInputError } from '@radsweep/core';
import type { VoxelArray } from '../io/volume';

/**
 * pyradiomics' resegmentMask: keeps ROI voxels with value >= lower (and <= upper when two thresholds are
 * given). Thresholds are absolute, relative to the ROI maximum, or mean + k * sd (population sd) in sigma mode.
 * Returns a new 0/1 mask.
 */
export function resegment(
  image: ArrayLike<number> | VoxelArray,
  inRoi: Uint8Array,
  range: readonly number[],
  mode: 'absolute' | 'relative' | 'sigma',
  where: string,
): Uint8Array {
  if (range.length < 1 || range.length > 2) throw new RadSweepInputError(`resegmentRange must hold 1 or 2 thresholds, got ${range.length}`, where);
  const sorted = [...range].sort((a, b) => a - b);
  let thresholds = sorted;
  if (mode !== 'absolute') {
    let n = 0;
    let sum = 0;
    let max = -Infinity;
    for (let i = 0; i < inRoi.length; i++) {
      if (!inRoi[i]) continue;
      n++;
      sum += image[i];
      if (image[i] > max) max = image[i];
    }
    if (mode === 'relative') thresholds = sorted.map((t) => max * t);
    else {
      const mean = sum / n;
      let ss = 0;
      for (let i = 0; i < inRoi.length; i++) if (inRoi[i]) ss += (image[i] - mean) ** 2;
      const sd = Math.sqrt(ss / n);
      thresholds = sorted.map((t) => mean + sd * t);
    }
  }
  const out = new Uint8Array(inRoi.length);
  let kept = 0;
  for (let i = 0; i < inRoi.length; i++) {
    if (!inRoi[i]) continue;
    const v = image[i];
    if (v >= thresholds[0] && (thresholds.length === 1 || v <= thresholds[1])) {
      out[i] = 1;
      kept++;
    }
  }
  if (kept <= 1) throw new RadSweepInputError(`resegmentation (range ${range.join(', ')}, ${mode}) left ${kept} voxel(s) in the ROI`, where);
  return out;
}
