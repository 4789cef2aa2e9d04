import { RadSweepInputError } from '@radsweep/core';
import { decodeVoxels, type VoxelType } from './decode-voxels';
import { gunzipNamed } from './gunzip';
import type { Vec3, Volume } from './volume';

const NRRD_TYPES: Record<string, VoxelType> = {
  'signed char': 'int8',
  int8: 'int8',
  int8_t: 'int8',
  uchar: 'uint8',
  'unsigned char': 'uint8',
  uint8: 'uint8',
  uint8_t: 'uint8',
  short: 'int16',
  'short int': 'int16',
  'signed short': 'int16',
  'signed short int': 'int16',
  int16: 'int16',
  int16_t: 'int16',
  ushort: 'uint16',
  'unsigned short': 'uint16',
  'unsigned short int': 'uint16',
  uint16: 'uint16',
  uint16_t: 'uint16',
  int: 'int32',
  'signed int': 'int32',
  int32: 'int32',
  int32_t: 'int32',
  uint: 'uint32',
  'unsigned int': 'uint32',
  uint32: 'uint32',
  uint32_t: 'uint32',
  longlong: 'int64',
  'long long': 'int64',
  'long long int': 'int64',
  'signed long long': 'int64',
  'signed long long int': 'int64',
  int64: 'int64',
  int64_t: 'int64',
  ulonglong: 'uint64',
  'unsigned long long': 'uint64',
  'unsigned long long int': 'uint64',
  uint64: 'uint64',
  uint64_t: 'uint64',
  float: 'float32',
  double: 'float64',
};

/** Spaces whose first two axes point the other way from ITK's LPS (ITK negates them on reading). */
const RAS_SPACES = new Set(['right-anterior-superior', 'ras', 'right-anterior-superior-time', 'scanner-xyz']);

function parseVector(text: string, field: string, file: string): number[] {
  const m = /^\(([^)]*)\)$/.exec(text.trim());
  if (!m) throw new RadSweepInputError(`NRRD field "${field}": expected a vector like (a,b,c), got "${text}"`, file);
  const v = m[1].split(',').map((s) => Number(s.trim()));
  if (v.some((x) => !Number.isFinite(x))) throw new RadSweepInputError(`NRRD field "${field}": not a numeric vector "${text}"`, file);
  return v;
}

/** The header's fields (lower-cased keys) and where the data start. */
function parseHeader(bytes: Uint8Array, file: string): { fields: Map<string, string>; dataStart: number } {
  const magic = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (!/^NRRD000[1-5]$/.test(magic)) throw new RadSweepInputError('not a NRRD file (no NRRD000x magic line)', file);
  const fields = new Map<string, string>();
  let pos = 0;
  for (;;) {
    const nl = bytes.indexOf(10, pos);
    if (nl < 0) throw new RadSweepInputError('NRRD header does not end (no blank line before the data)', file);
    const line = Buffer.from(bytes.subarray(pos, nl)).toString('latin1').replace(/\r$/, '');
    pos = nl + 1;
    if (line === '') break;
    if (line.startsWith('#') || line.startsWith('NRRD')) continue;
    const kv = line.indexOf(':=');
    const colon = line.indexOf(': ');
    if (kv >= 0 && (colon < 0 || kv < colon)) continue; // key/value pairs carry no geometry
    if (colon < 0) throw new RadSweepInputError(`malformed NRRD header line "${line}"`, file);
    fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 2).trim());
  }
  return { fields, dataStart: pos };
}

/**
 * Reads an attached-header NRRD (raw or gzip encoding, 2-D or 3-D) into a Volume with ITK's geometry:
 * spacing = norms of `space directions`, direction = their unit vectors, origin = `space origin`,
 * RAS spaces flipped to LPS as SimpleITK does.
 */
export function readNrrd(bytes: Uint8Array, file: string): Volume {
  const { fields, dataStart } = parseHeader(bytes, file);
  const need = (key: string): string => {
    const v = fields.get(key);
    if (v === undefined) throw new RadSweepInputError(`NRRD header lacks the required field "${key}"`, file);
    return v;
  };
  if (fields.has('data file') || fields.has('datafile')) {
    throw new RadSweepInputError('detached NRRD headers (data file:) are not supported; save as a single .nrrd', file);
  }
  const type = NRRD_TYPES[need('type').toLowerCase()];
  if (!type) throw new RadSweepInputError(`unsupported NRRD voxel type "${need('type')}"`, file);
  const dimension = Number(need('dimension'));
  if (dimension !== 2 && dimension !== 3) throw new RadSweepInputError(`only 2-D and 3-D NRRD images are supported (dimension: ${dimension})`, file);
  const sizes = need('sizes').split(/\s+/).map(Number);
  if (sizes.length !== dimension || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new RadSweepInputError(`NRRD sizes "${need('sizes')}" do not give ${dimension} positive integers`, file);
  }
  const size: Vec3 = [sizes[0], sizes[1], dimension === 3 ? sizes[2] : 1];

  const spacing = [1, 1, 1];
  const direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const directions = fields.get('space directions');
  if (directions !== undefined) {
    const vectors = directions.split(/\)\s+/).map((s, i, all) => (i < all.length - 1 ? `${s})` : s));
    if (vectors.length !== dimension) throw new RadSweepInputError(`NRRD "space directions" has ${vectors.length} entries for ${dimension} axes`, file);
    vectors.forEach((text, axis) => {
      if (text.trim() === 'none') throw new RadSweepInputError('NRRD "space directions" with a "none" axis (non-spatial axis) is not supported', file);
      const v = parseVector(text, 'space directions', file);
      const norm = Math.hypot(...v);
      if (norm === 0) throw new RadSweepInputError(`NRRD "space directions": axis ${axis} has zero length`, file);
      spacing[axis] = norm;
      for (let r = 0; r < Math.min(3, v.length); r++) direction[r * 3 + axis] = v[r] / norm;
      for (let r = v.length; r < 3; r++) direction[r * 3 + axis] = r === axis ? 1 : 0;
    });
  } else if (fields.has('spacings')) {
    fields
      .get('spacings')!
      .split(/\s+/)
      .forEach((s, axis) => (spacing[axis] = Number(s)));
  }
  const originText = fields.get('space origin');
  const origin = originText ? parseVector(originText, 'space origin', file) : [0, 0, 0];
  while (origin.length < 3) origin.push(0);
  if (RAS_SPACES.has((fields.get('space') ?? '').toLowerCase())) {
    for (let axis = 0; axis < 3; axis++) {
      direction[axis] = -direction[axis] + 0; // + 0 turns -0 into 0
      direction[3 + axis] = -direction[3 + axis] + 0;
    }
    origin[0] = -origin[0] + 0;
    origin[1] = -origin[1] + 0;
  }

  for (const f of ['line skip', 'lineskip', 'byte skip', 'byteskip']) {
    if (fields.has(f) && Number(fields.get(f)) !== 0) throw new RadSweepInputError(`NRRD "${f}" is not supported`, file);
  }
  const encoding = need('encoding').toLowerCase();
  let payload: Uint8Array;
  if (encoding === 'raw') payload = bytes.subarray(dataStart);
  else if (encoding === 'gzip' || encoding === 'gz') payload = gunzipNamed(bytes.subarray(dataStart), file);
  else throw new RadSweepInputError(`unsupported NRRD encoding "${encoding}" (raw and gzip are)`, file);
  const endian = (fields.get('endian') ?? 'little').toLowerCase();
  const data = decodeVoxels(payload, 0, type, size[0] * size[1] * size[2], endian !== 'big', file);
  return { data, size, spacing: spacing as unknown as Vec3, origin: origin.slice(0, 3) as unknown as Vec3, direction, source: file };
}
