import { RadSweepInputError } from '@radsweep/core';
import type { VoxelArray } from './volume';

/** Element types both readers know, by their byte width and constructor. */
export type VoxelType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';

export const VOXEL_BYTES: Record<VoxelType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float32: 4,
  float64: 8,
};

/**
 * Copies `count` voxels of `type` from `bytes` (starting at `offset`) into a typed array of the same kind;
 * 64-bit integers become Float64Array (exact up to 2^53). Throws a RadSweepInputError naming `file` when
 * the data are shorter than the header promises.
 */
export function decodeVoxels(
  bytes: Uint8Array,
  offset: number,
  type: VoxelType,
  count: number,
  littleEndian: boolean,
  file: string,
): VoxelArray {
  const width = VOXEL_BYTES[type];
  const need = count * width;
  if (bytes.length - offset < need) {
    throw new RadSweepInputError(
      `truncated voxel data: expected ${need} bytes for ${count} ${type} voxels, found ${Math.max(0, bytes.length - offset)}`,
      file,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, need);
  const [Out, get] = DECODERS[type];
  const out = new Out(count);
  for (let i = 0; i < count; i++) out[i] = get(view, i * width, littleEndian);
  return out;
}

type Getter = (view: DataView, at: number, le: boolean) => number;

/** Output array kind and element getter per type; 64-bit integers become doubles (exact up to 2^53). */
const DECODERS: Record<VoxelType, [new (n: number) => VoxelArray, Getter]> = {
  int8: [Int8Array, (v, at) => v.getInt8(at)],
  uint8: [Uint8Array, (v, at) => v.getUint8(at)],
  int16: [Int16Array, (v, at, le) => v.getInt16(at, le)],
  uint16: [Uint16Array, (v, at, le) => v.getUint16(at, le)],
  int32: [Int32Array, (v, at, le) => v.getInt32(at, le)],
  uint32: [Uint32Array, (v, at, le) => v.getUint32(at, le)],
  int64: [Float64Array, (v, at, le) => Number(v.getBigInt64(at, le))],
  uint64: [Float64Array, (v, at, le) => Number(v.getBigUint64(at, le))],
  float32: [Float32Array, (v, at, le) => v.getFloat32(at, le)],
  float64: [Float64Array, (v, at, le) => v.getFloat64(at, le)],
};
