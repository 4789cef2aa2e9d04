import { RadSweepInputError } from '@radsweep/core';
import { checkUploadName } from '../datasets/upload-name';

/** An extraction's archive (multipart field `archive`): .zip, .tar, .tar.gz or .tgz. */
export function checkArchiveName(fileName: string): void {
  if (!/\.(zip|tar|tar\.gz|tgz)$/i.test(fileName)) throw new RadSweepInputError('unsupported archive: expected .zip, .tar, .tar.gz or .tgz', fileName);
}

/** What the server's upload storage accepts: an extraction's archive in the field `archive`, a table anywhere else. */
export function checkAcceptedUpload(fileName: string, field: string): void {
  if (field === 'archive') checkArchiveName(fileName);
  else checkUploadName(fileName);
}
