import type { Vec3, VoxelArray } from '../io/volume';
import type { BoundingBox } from './bounding-box';

/** The grid of `box` grown by `pad` voxels on each side, clipped to the image (pyradiomics' cropToTumorMask). */
export function cropGrid(box: BoundingBox, size: Vec3, pad: number): { lower: Vec3; size: Vec3 } {
  const lower = [0, 1, 2].map((d) => Math.max(0, box.lower[d] - pad));
  const upper = [0, 1, 2].map((d) => Math.min(size[d] - 1, box.upper[d] + pad));
  return { lower: lower as unknown as Vec3, size: [0, 1, 2].map((d) => upper[d] - lower[d] + 1) as unknown as Vec3 };
}

/** Copies the sub-grid (`lower`, `cropSize`) of an array on a grid of `size` into `out` (x fastest). */
export function cropInto<T extends VoxelArray | Float64Array>(
  data: ArrayLike<number>,
  size: Vec3,
  lower: Vec3,
  cropSize: Vec3,
  out: T,
): T {
  const [nx, ny] = size;
  const [cx, cy, cz] = cropSize;
  let o = 0;
  for (let z = 0; z < cz; z++) {
    for (let y = 0; y < cy; y++) {
      const row = lower[0] + nx * (lower[1] + y + ny * (lower[2] + z));
      for (let x = 0; x < cx; x++) out[o++] = data[row + x];
    }
  }
  return out;
}
