import { extname } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';

/** Accepted upload formats (the CLI's readers). */
export function checkUploadName(fileName: string): void {
  const ext = extname(fileName).toLowerCase();
  if (!['.csv', '.arrow', '.feather', '.ipc', '.parquet'].includes(ext)) {
    throw new RadSweepInputError(`unsupported file type '${ext || '(none)'}': expected .csv, .arrow, .feather, .ipc or .parquet`, fileName);
  }
}
