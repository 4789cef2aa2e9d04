import { RadSweepInputError } from '@radsweep/core';
import type { DicomDataset } from './dicom-dataset';
import { TAGS } from './dicom-tags';

/**
 * The stored values of a single-frame grey image (SamplesPerPixel 1, BitsAllocated 8 or 16), `count` of them,
 * as numbers: signed when PixelRepresentation is 1, bits above BitsStored masked off (sign-extended when signed).
 */
export function storedPixelValues(ds: DicomDataset, count: number): Int32Array {
  const file = ds.file;
  const samples = ds.uint16(TAGS.SamplesPerPixel) ?? 1;
  if (samples !== 1) throw new RadSweepInputError(`SamplesPerPixel is ${samples}: only grey-scale images (1 sample) are read`, file);
  const bits = ds.requireUint16(TAGS.BitsAllocated, 'BitsAllocated');
  if (bits !== 8 && bits !== 16) throw new RadSweepInputError(`BitsAllocated ${bits} is not supported for images (8 and 16 are)`, file);
  const stored = ds.uint16(TAGS.BitsStored) ?? bits;
  if (stored < 1 || stored > bits) throw new RadSweepInputError(`BitsStored ${stored} does not fit BitsAllocated ${bits}`, file);
  const signed = (ds.uint16(TAGS.PixelRepresentation) ?? 0) === 1;
  const pixels = ds.bytes(TAGS.PixelData);
  if (!pixels) throw new RadSweepInputError('the file has no PixelData (7FE0,0010)', file);
  const need = (count * bits) / 8;
  if (pixels.length < need) throw new RadSweepInputError(`truncated PixelData: ${pixels.length} bytes for ${count} pixels of ${bits} bits (${need} needed)`, file);
  const out = new Int32Array(count);
  const shift = 32 - stored;
  for (let i = 0; i < count; i++) {
    const raw = bits === 16 ? pixels[2 * i] | (pixels[2 * i + 1] << 8) : pixels[i];
    out[i] = signed ? (raw << shift) >> shift : stored === 32 ? raw : raw & ((1 << stored) - 1);
  }
  return out;
}
