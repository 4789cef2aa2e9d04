import { RadSweepInputError } from '@radsweep/core';
import type { Volume } from '../volume';
import type { DicomDataset } from './dicom-dataset';
import { SEGMENTATION_STORAGE, TAGS } from './dicom-tags';
import { dot, fmt, sameAxes, sub } from './geometry';
import { parseDicom } from './parse-dicom';

/** A segment as the SEG describes it. */
export interface SegmentInfo {
  readonly number: number;
  readonly label: string;
}

/** A DICOM-SEG placed on its image's grid: its segments, and each one as a label map. */
export interface Segmentation {
  readonly segments: readonly SegmentInfo[];
  /** Segment `number` as a label map on the image's grid: `number` inside, 0 outside (error when absent). */
  maskFor(number: number): Volume;
}

/** FRACTIONAL segmentations: a voxel is in the segment when its value is at least this share of MaximumFractionalValue. */
export const FRACTIONAL_THRESHOLD = 0.5;

/** Off-grid tolerance in voxels: positions are decimal strings, so exact equality cannot be asked. */
const GRID_TOLERANCE = 1e-3;

/**
 * Reads a DICOM Segmentation (BINARY: 1 bit per pixel, packed LSB first across frames; FRACTIONAL: 8 bits,
 * thresholded at FRACTIONAL_THRESHOLD x MaximumFractionalValue) and places every frame on `image`'s grid by its
 * PlanePositionSequence: the frame's orientation and pixel spacing must be the image's, and its position an
 * image voxel (within GRID_TOLERANCE) with the whole frame inside the image, else an error naming the frame.
 * Each segment (SegmentIdentificationSequence's ReferencedSegmentNumber) becomes its own label map, so
 * overlapping segments (a lesion inside its liver) stay whole.
 */
export function readDicomSeg(bytes: Uint8Array, file: string, image: Volume): Segmentation {
  const { dataset: ds } = parseDicom(bytes, file);
  const sopClass = ds.string(TAGS.SOPClassUID);
  if (sopClass !== SEGMENTATION_STORAGE) throw new RadSweepInputError(`not a DICOM Segmentation (SOP class ${sopClass ?? 'missing'}); a DICOM mask must be a DICOM-SEG`, file);
  const segments = ds.items(TAGS.SegmentSequence).map((item) => ({
    number: item.requireUint16(TAGS.SegmentNumber, 'SegmentNumber'),
    label: item.string(TAGS.SegmentLabel) ?? '',
  }));
  if (segments.length === 0) throw new RadSweepInputError('the segmentation has no SegmentSequence (0062,0002) items', file);
  const rows = ds.requireUint16(TAGS.Rows, 'Rows');
  const columns = ds.requireUint16(TAGS.Columns, 'Columns');
  const frames = ds.numbers(TAGS.NumberOfFrames)?.[0] ?? 1;
  const isOn = frameValueTest(ds);
  const pixels = ds.bytes(TAGS.PixelData);
  if (!pixels) throw new RadSweepInputError('the segmentation has no PixelData (7FE0,0010)', file);
  const bits = ds.requireUint16(TAGS.BitsAllocated, 'BitsAllocated');
  const need = Math.ceil((frames * rows * columns * bits) / 8);
  if (pixels.length < need) throw new RadSweepInputError(`truncated PixelData: ${pixels.length} bytes for ${frames} frames of ${columns}x${rows} (${need} needed)`, file);

  const shared = ds.items(TAGS.SharedFunctionalGroupsSequence)[0];
  const perFrame = ds.items(TAGS.PerFrameFunctionalGroupsSequence);
  if (perFrame.length !== frames) throw new RadSweepInputError(`PerFrameFunctionalGroupsSequence has ${perFrame.length} items for ${frames} frames`, file);
  const [nx, ny, nz] = image.size;
  const axis = (c: number) => [image.direction[c], image.direction[3 + c], image.direction[6 + c]];
  const [ax, ay, az] = [axis(0), axis(1), axis(2)];
  const voxels = new Map<number, Uint8Array>(segments.map((s) => [s.number, new Uint8Array(nx * ny * nz)]));
  const perPixel = rows * columns;

  perFrame.forEach((group, f) => {
    const where = `frame ${f + 1}`;
    const pick = (t: number) => group.items(t)[0] ?? shared?.items(t)[0];
    const segment = pick(TAGS.SegmentIdentificationSequence)?.uint16(TAGS.ReferencedSegmentNumber) ?? (segments.length === 1 ? segments[0].number : undefined);
    if (segment === undefined) throw new RadSweepInputError(`${where} has no SegmentIdentificationSequence / ReferencedSegmentNumber`, file);
    const target = voxels.get(segment);
    if (!target) throw new RadSweepInputError(`${where} refers to segment ${segment}, which the SegmentSequence does not define`, file);
    const orientation = pick(TAGS.PlaneOrientationSequence)?.numbers(TAGS.ImageOrientationPatient);
    if (orientation && !sameAxes(orientation, [...ax, ...ay])) {
      throw new RadSweepInputError(`${where}: orientation ${fmt(orientation)} differs from the image's ${fmt([...ax, ...ay])} (${image.source}); resampling a segmentation is not supported`, file);
    }
    const spacing = pick(TAGS.PixelMeasuresSequence)?.numbers(TAGS.PixelSpacing);
    if (spacing && (Math.abs(spacing[1] - image.spacing[0]) > 1e-4 * image.spacing[0] || Math.abs(spacing[0] - image.spacing[1]) > 1e-4 * image.spacing[1])) {
      throw new RadSweepInputError(`${where}: PixelSpacing ${spacing.join('\\')} differs from the image's ${image.spacing[1]}\\${image.spacing[0]} (${image.source})`, file);
    }
    const position = pick(TAGS.PlanePositionSequence)?.numbers(TAGS.ImagePositionPatient);
    if (!position || position.length !== 3) throw new RadSweepInputError(`${where} has no PlanePositionSequence / ImagePositionPatient`, file);
    const offset = sub(position, image.origin);
    const at = [dot(offset, ax) / image.spacing[0], dot(offset, ay) / image.spacing[1], dot(offset, az) / image.spacing[2]];
    const index = at.map(Math.round);
    const offGrid = at.some((x, i) => Math.abs(x - index[i]) > GRID_TOLERANCE);
    const outside = index[0] < 0 || index[1] < 0 || index[2] < 0 || index[0] + columns > nx || index[1] + rows > ny || index[2] >= nz;
    if (offGrid || outside) {
      throw new RadSweepInputError(
        `${where} (segment ${segment}) at ${fmt(position)} is not on the image grid of ${image.source}: it falls at voxel ${fmt(at)}` +
          (outside && !offGrid ? ` and its ${columns}x${rows} pixels leave the ${nx}x${ny}x${nz} image` : ''),
        file,
      );
    }
    const base = index[2] * nx * ny;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        if (isOn(pixels, f * perPixel + r * columns + c)) target[base + (index[1] + r) * nx + index[0] + c] = 1;
      }
    }
  });

  return {
    segments,
    maskFor(number: number): Volume {
      const bitsOf = voxels.get(number);
      if (!bitsOf) {
        const list = segments.map((s) => `${s.number}${s.label ? ` "${s.label}"` : ''}`).join(', ');
        throw new RadSweepInputError(`label ${number} is not a segment of this segmentation (segments: ${list})`, file);
      }
      const data = number <= 255 ? new Uint8Array(bitsOf.length) : new Uint16Array(bitsOf.length);
      for (let i = 0; i < bitsOf.length; i++) if (bitsOf[i]) data[i] = number;
      return { data, size: image.size, spacing: image.spacing, origin: image.origin, direction: image.direction, source: file };
    },
  };
}

/** Whether pixel n (counted over all frames) is in its segment: a set bit (BINARY) or a value over the threshold (FRACTIONAL). */
function frameValueTest(ds: DicomDataset): (pixels: Uint8Array, n: number) => boolean {
  const type = (ds.string(TAGS.SegmentationType) ?? '').toUpperCase();
  const bits = ds.requireUint16(TAGS.BitsAllocated, 'BitsAllocated');
  if (type === 'BINARY') {
    if (bits !== 1) throw new RadSweepInputError(`a BINARY segmentation must have BitsAllocated 1, found ${bits}`, ds.file);
    return (p, n) => (p[n >> 3] & (1 << (n & 7))) !== 0;
  }
  if (type === 'FRACTIONAL') {
    if (bits !== 8) throw new RadSweepInputError(`a FRACTIONAL segmentation must have BitsAllocated 8, found ${bits}`, ds.file);
    const max = ds.uint16(TAGS.MaximumFractionalValue) ?? 255;
    const cut = FRACTIONAL_THRESHOLD * max;
    return (p, n) => p[n] >= cut;
  }
  throw new RadSweepInputError(`SegmentationType "${type}" is not supported (BINARY or FRACTIONAL)`, ds.file);
}
