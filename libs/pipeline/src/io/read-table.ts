import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { arrowTable } from './arrow-reader';
import { csvTable } from './csv-reader';
import { parquetTable } from './parquet-reader';
import type { Table } from './table';

const FORMATS = '.csv, .arrow, .feather, .ipc, .parquet';

/**
 * Reads a data file into typed columns, choosing the format by extension:
 * .csv (RFC 4180, header required), .arrow / .feather / .ipc (Apache Arrow IPC
 * file or stream), .parquet. The Table carries the sha256 of the file's bytes so
 * a result can name exactly the data it came from.
 */
export async function readTable(path: string): Promise<Table> {
  const ext = extname(path).toLowerCase();
  if (!['.csv', '.arrow', '.feather', '.ipc', '.parquet'].includes(ext)) {
    throw new RadSweepInputError(`unsupported file type '${ext || '(none)'}': expected one of ${FORMATS}`, path);
  }
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new RadSweepInputError('is not a file', path);
    if (info.size === 0) throw new RadSweepInputError('the file is empty (0 bytes)', path);
    // A CSV is streamed (csv-reader.ts); the binary formats' readers take the whole file.
    if (ext === '.csv') return await csvTable(path, path);
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof RadSweepInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new RadSweepInputError(code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? (e as Error).message})`, path);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (ext === '.parquet') return parquetTable(bytes, path, sha256);
  return arrowTable(bytes, path, sha256);
}
