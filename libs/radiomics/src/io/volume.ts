/** Voxel storage as read from a file; the element type is the file's own. */
export type VoxelArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export type Vec3 = readonly [number, number, number];

/**
 * A 3-D image with its physical geometry in ITK/SimpleITK's convention (LPS space, millimetres).
 * Voxel (i, j, k) is `data[i + size[0] * (j + size[1] * k)]` (x fastest, as numpy's (z, y, x) C order).
 * Physical point = origin + direction * (spacing .* index); `direction` is row-major 3x3 whose columns
 * are the unit vectors of the i, j and k axes.
 */
export interface Volume {
  readonly data: VoxelArray;
  readonly size: Vec3;
  readonly spacing: Vec3;
  readonly origin: Vec3;
  readonly direction: readonly number[];
  /** The file it was read from (named in errors). */
  readonly source: string;
}

export const voxelCount = (size: Vec3): number => size[0] * size[1] * size[2];
