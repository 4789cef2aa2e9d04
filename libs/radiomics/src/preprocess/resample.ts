import type { Vec3, Volume, VoxelArray } from '../io/volume';
import type { BoundingBox } from './bounding-box';
import { BSplineEvaluator, bsplineCoefficients } from './bspline';

/** The integer range of an integer voxel array kind, or null for floating-point data. */
function integerRange(data: VoxelArray): [number, number] | null {
  if (data instanceof Int8Array) return [-128, 127];
  if (data instanceof Uint8Array) return [0, 255];
  if (data instanceof Int16Array) return [-32768, 32767];
  if (data instanceof Uint16Array) return [0, 65535];
  if (data instanceof Int32Array) return [-2147483648, 2147483647];
  if (data instanceof Uint32Array) return [0, 4294967295];
  return null;
}

/**
 * pyradiomics' resampleImage: a grid of `spacing` (0 keeps the mask's; axes where the ROI is one voxel thick
 * keep theirs) aligned on the mask's corner, covering the ROI's bounding box plus `pad` voxels; the image is
 * interpolated with cubic B-splines (ITK's BSplineInterpolateImageFunction, mirror boundaries) and cast back
 * to its voxel type (clamped, truncated as ITK's static_cast), the mask with nearest neighbour; points outside
 * the input are 0. The image (`intensities`, stored as `voxelKind`'s type when that is an integer array, else
 * as doubles) shares the mask's grid (checked before). Returns null when the spacing is already the requested one.
 */
export function resampleToSpacing(
  intensities: ArrayLike<number>,
  voxelKind: VoxelArray | null,
  mask: Volume,
  box: BoundingBox,
  requested: readonly number[],
  pad: number,
): { intensities: Float64Array; mask: Volume } | null {
  const sp = mask.spacing;
  const spacing = [0, 1, 2].map((d) => (requested[d] === 0 || box.upper[d] === box.lower[d] ? sp[d] : requested[d]));
  if (spacing.every((s, d) => Math.abs(s - sp[d]) <= 1e-8 + 1e-5 * Math.abs(sp[d]))) return null;
  const ratio = spacing.map((s, d) => sp[d] / s);
  const lower = [0, 1, 2].map((d) => Math.max(0, Math.floor((box.lower[d] - 0.5) * ratio[d] - pad)));
  const upper = [0, 1, 2].map((d) => Math.min(Math.ceil(mask.size[d] * ratio[d]) - 1, Math.ceil((box.upper[d] + 1 - 0.5) * ratio[d] + pad)));
  const size = [0, 1, 2].map((d) => upper[d] - lower[d] + 1) as unknown as Vec3;
  // continuous index in the input grid of output voxel 0, and the step per output voxel
  const start = [0, 1, 2].map((d) => (0.5 * (spacing[d] - sp[d])) / sp[d] + lower[d] / ratio[d]);
  const step = spacing.map((s, d) => s / sp[d]);
  const origin = [0, 1, 2].map((r) => {
    let o = mask.origin[r];
    for (let c = 0; c < 3; c++) o += mask.direction[r * 3 + c] * sp[c] * start[c];
    return o;
  }) as unknown as Vec3;

  const spline = new BSplineEvaluator(bsplineCoefficients(intensities, mask.size), mask.size);
  const range = voxelKind ? integerRange(voxelKind) : null;
  const [nx, ny, nz] = size;
  const [mx, my, mz] = mask.size;
  const out = new Float64Array(nx * ny * nz);
  const labels = new Uint32Array(nx * ny * nz);
  let i = 0;
  for (let z = 0; z < nz; z++) {
    const cz = start[2] + z * step[2];
    for (let y = 0; y < ny; y++) {
      const cy = start[1] + y * step[1];
      for (let x = 0; x < nx; x++, i++) {
        const cx = start[0] + x * step[0];
        if (cx < -0.5 || cx >= mx - 0.5 || cy < -0.5 || cy >= my - 0.5 || cz < -0.5 || cz >= mz - 0.5) continue;
        let v = spline.at(cx, cy, cz);
        if (range) v = Math.trunc(Math.min(range[1], Math.max(range[0], v)));
        out[i] = v;
        labels[i] = mask.data[Math.floor(cx + 0.5) + mx * (Math.floor(cy + 0.5) + my * Math.floor(cz + 0.5))];
      }
    }
  }
  const geometry = { size, spacing: spacing as unknown as Vec3, origin, direction: mask.direction };
  return {
    intensities: out,
    mask: { ...geometry, data: labels, source: mask.source },
  };
}
