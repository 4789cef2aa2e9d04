import { readFileSync } from 'node:fs';

/** A numpy array read from a .npy file (version 1/2/3 headers; little-endian float64, int64 or int32 only). */
export interface NpyArray {
  readonly shape: number[];
  readonly data: Float64Array;
}

/** Reads a .npy file (C or Fortran order, returned in C order), enough for pyradiomics' baseline matrices. */
export function readNpy(file: string): NpyArray {
  const bytes = readFileSync(file);
  if (bytes.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${file}: not a .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', headerStart, headerStart + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || fortran === undefined || shapeText === undefined) throw new Error(`${file}: unsupported .npy header ${header}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = headerStart + headerLength;
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (descr === '<f8') data[i] = bytes.readDoubleLE(offset + 8 * i);
    else if (descr === '<i8') data[i] = Number(bytes.readBigInt64LE(offset + 8 * i));
    else if (descr === '<i4') data[i] = bytes.readInt32LE(offset + 4 * i);
    else throw new Error(`${file}: unsupported dtype ${descr}`);
  }
  return { shape, data: fortran === 'True' ? fortranToC(data, shape) : data };
}

/** Reorders a column-major (first index fastest) array into row-major. */
function fortranToC(data: Float64Array, shape: number[]): Float64Array {
  const out = new Float64Array(data.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    for (let d = shape.length - 1; d >= 0; d--) f = f * shape[d] + index[d];
    out[c] = data[f];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}
