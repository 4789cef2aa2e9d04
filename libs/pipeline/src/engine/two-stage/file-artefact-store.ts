import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtefactStore, checkArtefactKey, sha256Hex, verifyArtefact } from './artefact-store';

/**
 * Artefacts as files in a directory every worker can read (a local disk for one machine, a shared
 * mount for several): `<dir>/<first two hex digits>/<sha256>`. A file is written under a temporary
 * name and renamed, so a reader never sees half an artefact; the rename also makes two writers of the
 * same content harmless.
 */
export class FileArtefactStore implements ArtefactStore {
  constructor(readonly dir: string) {}

  pathOf(key: string): string {
    checkArtefactKey(key);
    return join(this.dir, key.slice(0, 2), key);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const key = sha256Hex(bytes);
    const path = this.pathOf(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
    return key;
  }

  async get(key: string): Promise<Uint8Array> {
    const path = this.pathOf(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw new Error(`artefact ${key} cannot be read from ${path}: ${(e as Error).message}`);
    }
    return verifyArtefact(key, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  }

  async remove(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.pathOf(k), { force: true })));
  }
}
