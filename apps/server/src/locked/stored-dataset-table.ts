import { Table, arrowTable } from '@radsweep/pipeline';

/**
 * A stored dataset's table read from its local Arrow copy, named and hashed as it was uploaded (file name,
 * sha256 of the uploaded bytes): what a run records as its data set and a CLI user would see.
 */
export function storedDatasetTable(bytes: Uint8Array, dataset: { fileName: string; sourceSha256: string }): Table {
  return arrowTable(bytes, dataset.fileName, dataset.sourceSha256);
}
