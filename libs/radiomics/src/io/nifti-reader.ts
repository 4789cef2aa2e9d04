import { RadSweepInputError } from '@radsweep/core';
import { decodeVoxels, type VoxelType } from './decode-voxels';
import { gunzipNamed } from './gunzip';
import type { Vec3, Volume } from './volume';

const NIFTI_TYPES: Record<number, VoxelType> = {
  2: 'uint8',
  4: 'int16',
  8: 'int32',
  16: 'float32',
  64: 'float64',
  256: 'int8',
  512: 'uint16',
  768: 'uint32',
  1024: 'int64',
  1280: 'uint64',
};

const HEADER_BYTES = 348;

/** Rotation (row-major 3x3, columns = axis directions) from the qform quaternion, qfac folded into the k axis. */
function qformRotation(b: number, c: number, d: number, qfac: number): number[] {
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const r = [
    a * a + b * b - c * c - d * d,
    2 * (b * c - a * d),
    2 * (b * d + a * c),
    2 * (b * c + a * d),
    a * a + c * c - b * b - d * d,
    2 * (c * d - a * b),
    2 * (b * d - a * c),
    2 * (c * d + a * b),
    a * a + d * d - c * c - b * b,
  ];
  for (let row = 0; row < 3; row++) r[row * 3 + 2] *= qfac;
  return r;
}

/** The sform's 3x3 with unit columns, or null when it is not (close to) a rotation, as ITK then falls back to the qform. */
function sformRotation(srow: number[][]): number[] | null {
  const r = new Array<number>(9);
  for (let col = 0; col < 3; col++) {
    const norm = Math.hypot(srow[0][col], srow[1][col], srow[2][col]);
    if (norm === 0) return null;
    for (let row = 0; row < 3; row++) r[row * 3 + col] = srow[row][col] / norm;
  }
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) {
      const dot = r[i] * r[j] + r[3 + i] * r[3 + j] + r[6 + i] * r[6 + j];
      if (Math.abs(dot) > 1e-4) return null;
    }
  }
  return r;
}

/**
 * Reads a single-file NIfTI-1 image (.nii, or .nii.gz when `bytes` are gzipped) into a Volume with
 * SimpleITK's geometry: spacing from pixdim, orientation and origin from the sform when it is a rotation
 * (sform_code > 0), else from the qform, converted from NIfTI's RAS to ITK's LPS; scl_slope/scl_inter applied.
 */
export function readNifti(input: Uint8Array, file: string): Volume {
  const bytes = input[0] === 0x1f && input[1] === 0x8b ? gunzipNamed(input, file) : input;
  if (bytes.length < HEADER_BYTES) throw new RadSweepInputError(`truncated NIfTI header (${bytes.length} of ${HEADER_BYTES} bytes)`, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let le = true;
  if (view.getInt32(0, true) !== HEADER_BYTES) {
    if (view.getInt32(0, false) !== HEADER_BYTES) throw new RadSweepInputError('not a NIfTI-1 file (sizeof_hdr is not 348)', file);
    le = false;
  }
  const magic = Buffer.from(bytes.subarray(344, 347)).toString('latin1');
  if (magic !== 'n+1') throw new RadSweepInputError(`unsupported NIfTI magic "${magic}" (only single-file n+1 images are read)`, file);
  const i16 = (o: number) => view.getInt16(o, le);
  const f32 = (o: number) => view.getFloat32(o, le);
  const ndim = i16(40);
  if (ndim < 2 || ndim > 4) throw new RadSweepInputError(`NIfTI images of ${ndim} dimensions are not supported`, file);
  const dims = [1, 2, 3, 4].map((k) => (k <= ndim ? i16(40 + 2 * k) : 1));
  if (dims.some((d) => d < 1)) throw new RadSweepInputError(`invalid NIfTI dimensions ${dims.join('x')}`, file);
  if (dims[3] > 1) throw new RadSweepInputError(`4-D NIfTI images (${dims[3]} volumes) are not supported`, file);
  const code = i16(70);
  const type = NIFTI_TYPES[code];
  if (!type) throw new RadSweepInputError(`unsupported NIfTI datatype ${code}`, file);
  const pixdim = [0, 1, 2, 3].map((k) => f32(76 + 4 * k));
  const voxOffset = Math.max(HEADER_BYTES, Math.floor(f32(108)));
  const slope = f32(112);
  const inter = f32(116);
  const qformCode = i16(252);
  const sformCode = i16(254);
  const size: Vec3 = [dims[0], dims[1], dims[2]];
  const spacing: Vec3 = [Math.abs(pixdim[1]) || 1, Math.abs(pixdim[2]) || 1, ndim >= 3 ? Math.abs(pixdim[3]) || 1 : 1];

  let rotation = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  let origin = [0, 0, 0];
  const srow = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(280 + 16 * r + 4 * c)));
  const fromSform = sformCode > 0 ? sformRotation(srow) : null;
  if (fromSform) {
    rotation = fromSform;
    origin = [srow[0][3], srow[1][3], srow[2][3]];
  } else if (qformCode > 0) {
    rotation = qformRotation(f32(256), f32(260), f32(264), pixdim[0] < 0 ? -1 : 1);
    origin = [f32(268), f32(272), f32(276)];
  }
  // NIfTI world space is RAS; ITK's is LPS: negate the x and y rows.
  for (let col = 0; col < 3; col++) {
    rotation[col] = -rotation[col] || 0;
    rotation[3 + col] = -rotation[3 + col] || 0;
  }
  origin[0] = -origin[0] || 0;
  origin[1] = -origin[1] || 0;

  const raw = decodeVoxels(bytes, voxOffset, type, size[0] * size[1] * size[2], le, file);
  let data = raw;
  if (slope !== 0 && Number.isFinite(slope) && !(slope === 1 && inter === 0)) {
    data = Float64Array.from(raw, (v) => v * slope + inter);
  }
  return { data, size, spacing, origin: origin as unknown as Vec3, direction: rotation, source: file };
}
