import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import type { Vec3, Volume } from '../volume';
import type { DicomDataset } from './dicom-dataset';
import { SEGMENTATION_STORAGE, TAGS } from './dicom-tags';
import { dot, fmt, orientationAxes, sameAxes, sub } from './geometry';
import { parseDicom } from './parse-dicom';
import { storedPixelValues } from './pixel-values';
import { seriesFolderFiles } from './series-files';

/** One image file of a series with the geometry the stacking needs. */
interface Slice {
  readonly file: string;
  readonly ds: DicomDataset;
  readonly position: number[];
  /** Position along the slice normal (mm). */
  readonly along: number;
}

/** Two slice distances this close (relative to the slice spacing) count as equal; GDCM/ITK's tolerance is similar. */
const SPACING_TOLERANCE = 1e-3;

/**
 * Reads a DICOM series folder (one file per slice; see seriesFolderFiles) into a Volume with ITK's geometry:
 * i along the rows' direction cosine, j along the columns', k along their cross product (the slice normal),
 * slices sorted by ImagePositionPatient projected on the normal, origin = the first slice's position, spacing
 * = PixelSpacing (column, row) and the distance between slices, voxels = stored value x RescaleSlope +
 * RescaleIntercept. DICOM's patient space is LPS, as the Volume's. A DICOM-SEG in the folder is left out.
 * Refused with an error naming the file: several series, mixed orientation or size, two slices at one
 * position, a gap (missing slice), unequal slice spacing, slices not stacked along the normal (gantry tilt).
 */
export function readDicomSeries(dir: string): Volume {
  const names = seriesFolderFiles(dir);
  if (names.length === 0) throw new RadSweepInputError('the DICOM folder holds no files', dir);
  return readDicomFiles(names.map((n) => join(dir, n)), dir);
}

/** The series made of `files` (see readDicomSeries); `where` names the folder in errors. */
export function readDicomFiles(files: readonly string[], where: string): Volume {
  const bySeries = new Map<string, DicomDataset[]>();
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new RadSweepInputError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file);
    }
    const { dataset } = parseDicom(bytes, file);
    if (dataset.string(TAGS.SOPClassUID) === SEGMENTATION_STORAGE || !dataset.has(TAGS.PixelData)) continue;
    const uid = dataset.string(TAGS.SeriesInstanceUID) ?? '';
    bySeries.set(uid, [...(bySeries.get(uid) ?? []), dataset]);
  }
  if (bySeries.size === 0) throw new RadSweepInputError('no DICOM image file in the folder (only segmentations or files without pixel data)', where);
  if (bySeries.size > 1) {
    const list = [...bySeries].map(([uid, d]) => `${uid || '(no SeriesInstanceUID)'}: ${d.length} files`).join('; ');
    throw new RadSweepInputError(`the folder holds ${bySeries.size} series (${list}); put one series per folder`, where);
  }
  return stackSlices([...bySeries.values()][0], where);
}

function stackSlices(datasets: DicomDataset[], where: string): Volume {
  const first = datasets[0];
  const iop = first.requireNumbers(TAGS.ImageOrientationPatient, 'ImageOrientationPatient', 6);
  const { row, col, normal } = orientationAxes(iop);
  const rows = first.requireUint16(TAGS.Rows, 'Rows');
  const columns = first.requireUint16(TAGS.Columns, 'Columns');
  const pixelSpacing = first.requireNumbers(TAGS.PixelSpacing, 'PixelSpacing', 2);
  const slices: Slice[] = datasets.map((ds) => {
    const frames = ds.numbers(TAGS.NumberOfFrames)?.[0] ?? 1;
    if (frames !== 1) throw new RadSweepInputError(`multi-frame images (${frames} frames) are not supported; export one file per slice`, ds.file);
    const own = ds.requireNumbers(TAGS.ImageOrientationPatient, 'ImageOrientationPatient', 6);
    if (!sameAxes(own, iop)) throw new RadSweepInputError(`mixed orientation in the series: ImageOrientationPatient ${fmt(own)} differs from ${fmt(iop)} (${basename(first.file)})`, ds.file);
    if (ds.requireUint16(TAGS.Rows, 'Rows') !== rows || ds.requireUint16(TAGS.Columns, 'Columns') !== columns) {
      throw new RadSweepInputError(`slice size ${ds.uint16(TAGS.Columns)}x${ds.uint16(TAGS.Rows)} differs from ${columns}x${rows} (${basename(first.file)})`, ds.file);
    }
    const ps = ds.requireNumbers(TAGS.PixelSpacing, 'PixelSpacing', 2);
    if (!sameAxes(ps, pixelSpacing, 1e-6 * Math.max(...pixelSpacing))) throw new RadSweepInputError(`PixelSpacing ${ps.join('\\')} differs from ${pixelSpacing.join('\\')} (${basename(first.file)})`, ds.file);
    const position = ds.requireNumbers(TAGS.ImagePositionPatient, 'ImagePositionPatient', 3);
    return { file: ds.file, ds, position, along: dot(position, normal) };
  });
  slices.sort((a, b) => a.along - b.along);
  const dz = checkStacking(slices, row, col, where);

  const perSlice = rows * columns;
  const rescale = slices.map((s) => [s.ds.numbers(TAGS.RescaleSlope)?.[0] ?? 1, s.ds.numbers(TAGS.RescaleIntercept)?.[0] ?? 0]);
  const integral = rescale.every(([m, b]) => Number.isInteger(m) && Number.isInteger(b));
  const data = integral ? new Int32Array(perSlice * slices.length) : new Float64Array(perSlice * slices.length);
  slices.forEach((s, k) => {
    const [m, b] = rescale[k];
    const stored = storedPixelValues(s.ds, perSlice);
    for (let i = 0; i < perSlice; i++) data[k * perSlice + i] = stored[i] * m + b;
  });
  const direction = [row[0], col[0], normal[0], row[1], col[1], normal[1], row[2], col[2], normal[2]];
  return {
    data,
    size: [columns, rows, slices.length],
    spacing: [pixelSpacing[1], pixelSpacing[0], dz],
    origin: slices[0].position as unknown as Vec3,
    direction,
    source: where,
  };
}

/**
 * The distance between slices, after checking they form one regular stack: no two at one position, no gap,
 * equal steps, and each slice's position differing from the first only along the normal.
 */
function checkStacking(slices: Slice[], row: readonly number[], col: readonly number[], where: string): number {
  const name = (s: Slice) => basename(s.file);
  for (const s of slices.slice(1)) {
    const shift = sub(s.position, slices[0].position);
    if (Math.abs(dot(shift, row)) > 1e-3 || Math.abs(dot(shift, col)) > 1e-3) {
      throw new RadSweepInputError(`slice at ${fmt(s.position)} is shifted in-plane from ${name(slices[0])} (gantry tilt or sheared stack is not supported)`, s.file);
    }
  }
  if (slices.length === 1) {
    const only = slices[0].ds;
    return only.numbers(TAGS.SpacingBetweenSlices)?.[0] ?? only.numbers(TAGS.SliceThickness)?.[0] ?? 1;
  }
  const steps = slices.slice(1).map((s, i) => s.along - slices[i].along);
  steps.forEach((d, i) => {
    if (d < 1e-6) throw new RadSweepInputError(`two slices at the same position ${fmt(slices[i].position)}: ${name(slices[i])} and ${name(slices[i + 1])}`, where);
  });
  const smallest = Math.min(...steps);
  const largest = Math.max(...steps);
  if (largest - smallest > SPACING_TOLERANCE * smallest) {
    const at = steps.indexOf(largest);
    const missing = Math.round(largest / smallest) - 1;
    if (missing >= 1 && Math.abs(largest / smallest - (missing + 1)) < 0.05) {
      throw new RadSweepInputError(
        `missing slice: a gap of ${+largest.toFixed(4)} mm between ${name(slices[at])} and ${name(slices[at + 1])} where slices are ${+smallest.toFixed(4)} mm apart (${missing} slice${missing > 1 ? 's' : ''} missing)`,
        where,
      );
    }
    throw new RadSweepInputError(`non-uniform slice spacing: steps from ${+smallest.toFixed(4)} to ${+largest.toFixed(4)} mm (largest between ${name(slices[at])} and ${name(slices[at + 1])})`, where);
  }
  return (slices[slices.length - 1].along - slices[0].along) / (slices.length - 1);
}
