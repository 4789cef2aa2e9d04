import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';

/** Whether a file of a DICOM folder belongs to the series: not hidden, not a DICOMDIR index. */
export const isSeriesFileName = (name: string): boolean => !name.startsWith('.') && name.toUpperCase() !== 'DICOMDIR';

/**
 * The files of a DICOM series folder, by name: its regular files at the top level, hidden files and DICOMDIR
 * left out (subfolders are not searched). The reader and the input hash (inputSha256) both use this list.
 */
export function seriesFolderFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new RadSweepInputError(`cannot list the DICOM folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, dir);
  }
  return names
    .filter((n) => isSeriesFileName(n) && statSync(join(dir, n)).isFile())
    .sort();
}
