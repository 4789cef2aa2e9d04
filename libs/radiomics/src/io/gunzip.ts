import { gunzipSync } from 'node:zlib';
import { RadSweepInputError } from '@radsweep/core';

/** Gunzips `bytes`, turning zlib's errors (truncated stream, bad header) into an error naming `file`. */
export function gunzipNamed(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new RadSweepInputError(`cannot decompress gzip data (${(e as Error).message}); the file may be truncated`, file);
  }
}
