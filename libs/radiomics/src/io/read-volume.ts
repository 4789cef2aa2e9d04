import { existsSync, readFileSync, statSync } from 'node:fs';
import { RadSweepInputError } from '@radsweep/core';
import { readDicomFiles, readDicomSeries } from './dicom/dicom-series';
import { hasDicomMarker } from './dicom/parse-dicom';
import { readNifti } from './nifti-reader';
import { readNrrd } from './nrrd-reader';
import type { Volume } from './volume';

/** The bytes of `file`, or an error naming it. */
export function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new RadSweepInputError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file);
  }
}

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // the read below names the file and the reason
  }
};

/**
 * Reads an image into a Volume: a folder is a DICOM series (readDicomSeries); a file is NRRD (.nrrd), NIfTI
 * (.nii, .nii.gz) or a single DICOM image (.dcm, or any name with the DICOM Part 10 marker). Errors name the file.
 */
export function readVolume(file: string): Volume {
  if (isFolder(file)) return readDicomSeries(file);
  const lower = file.toLowerCase();
  const reader = lower.endsWith('.nrrd') ? readNrrd : lower.endsWith('.nii') || lower.endsWith('.nii.gz') ? readNifti : null;
  if (reader) return reader(readBytes(file), file);
  if (lower.endsWith('.dcm') || (existsSync(file) && hasDicomMarker(readBytes(file)))) return readDicomFiles([file], file);
  throw new RadSweepInputError('unknown image format: expected .nrrd, .nii, .nii.gz, a DICOM file or a folder of DICOM files', file);
}
