import { readFileSync } from 'node:fs';
import { RadSweepInputError } from '@radsweep/core';
import { readNifti } from './nifti-reader';
import { readNrrd } from './nrrd-reader';
import type { Volume } from './volume';

/** Reads a .nrrd, .nii or .nii.gz file (chosen by its name) into a Volume; errors name the file. */
export function readVolume(file: string): Volume {
  const lower = file.toLowerCase();
  const reader = lower.endsWith('.nrrd') ? readNrrd : lower.endsWith('.nii') || lower.endsWith('.nii.gz') ? readNifti : null;
  if (!reader) throw new RadSweepInputError('unknown image format: expected .nrrd, .nii or .nii.gz', file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new RadSweepInputError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file);
  }
  return reader(bytes, file);
}
