import { readTar, type TarFile } from './tar-reader';
import { readZip } from './zip-reader';

/** An uploaded archive's regular files: a .zip by readZip, anything else (.tar, .tar.gz, .tgz) by readTar. */
export function readArchive(bytes: Uint8Array, archive: string): TarFile[] {
  return /\.zip$/i.test(archive) ? readZip(bytes, archive) : readTar(bytes, archive);
}
