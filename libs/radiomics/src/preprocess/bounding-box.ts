import { RadSweepInputError } from '@radsweep/core';
import type { Vec3 } from '../io/volume';

/** Inclusive voxel bounds of an ROI: lower and upper index per axis (x, y, z), and its voxel count. */
export interface BoundingBox {
  readonly lower: Vec3;
  readonly upper: Vec3;
  readonly count: number;
}

/** Bounding box of the voxels where `inRoi[i]` is non-zero on a grid of `size`; null when there are none. */
export function boundingBox(inRoi: Uint8Array, size: Vec3): BoundingBox | null {
  const [nx, ny, nz] = size;
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  let count = 0;
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!inRoi[i]) continue;
        count++;
        if (x < lo[0]) lo[0] = x;
        if (x > hi[0]) hi[0] = x;
        if (y < lo[1]) lo[1] = y;
        if (y > hi[1]) hi[1] = y;
        if (z < lo[2]) lo[2] = z;
        if (z > hi[2]) hi[2] = z;
      }
    }
  }
  if (count === 0) return null;
  return { lower: lo as unknown as Vec3, upper: hi as unknown as Vec3, count };
}

/**
 * pyradiomics' checkMask rules: the ROI must span more than one voxel, at least `minimumDimensions` axes
 * of size > 1, and more than `minimumSize` voxels when that is set.
 */
export function checkRoiExtent(box: BoundingBox, minimumDimensions: number, minimumSize: number | null, where: string): void {
  const dims = [0, 1, 2].filter((d) => box.upper[d] > box.lower[d]).length;
  if (dims === 0) throw new RadSweepInputError('the ROI is a single voxel; features need at least two', where);
  if (dims < minimumDimensions) {
    throw new RadSweepInputError(`the ROI spans ${dims} dimension(s), fewer than minimumROIDimensions = ${minimumDimensions}`, where);
  }
  if (minimumSize !== null && box.count <= minimumSize) {
    throw new RadSweepInputError(`the ROI has ${box.count} voxels, not more than minimumROISize = ${minimumSize}`, where);
  }
}
