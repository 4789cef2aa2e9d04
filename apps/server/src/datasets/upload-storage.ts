import { createHash } from 'node:crypto';
import { createWriteStream, rm } from 'node:fs';
import { extname } from 'node:path';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import type { DatasetDirs } from './dataset-dirs';
import { checkUploadName } from './upload-name';

/** An uploaded file as the storage leaves it: on disk (0600) with the sha256 of its bytes, computed while it streamed in. */
export interface StoredUpload {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Multer storage streaming each upload (its name accepted by `checkName`) to a 0600 file in the server's uploads
 * folder (never in memory), hashing it on the way; a refused, aborted or failed
 * upload leaves no file behind.
 */
export function uploadStorage(dirs: DatasetDirs, checkName: (fileName: string, field: string) => void = checkUploadName): StorageEngine {
  return {
    _handleFile(_req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<Express.Multer.File> & StoredUpload) => void) {
      try {
        checkName(file.originalname, file.fieldname); // refused before a byte is written
      } catch (e) {
        file.stream.resume();
        return cb(e);
      }
      const path = dirs.uploadPath(extname(file.originalname).toLowerCase());
      const out = createWriteStream(path, { mode: 0o600, flags: 'wx' });
      const hash = createHash('sha256');
      let size = 0;
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        out.destroy();
        rm(path, { force: true }, () => cb(e));
      };
      file.stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      file.stream.on('error', fail);
      out.on('error', fail);
      out.on('finish', () => {
        if (settled) return;
        settled = true;
        cb(null, { path, size, sha256: hash.digest('hex') });
      });
      file.stream.pipe(out);
    },
    _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void) {
      rm(file.path, { force: true }, () => cb(null));
    },
  };
}
