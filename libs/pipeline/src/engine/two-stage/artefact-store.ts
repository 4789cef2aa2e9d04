import { createHash } from 'node:crypto';

/**
 * Where the two-stage sweep keeps what one task hands to the next (a prepared fold, a batch's fit
 * outcomes, a model's result), content-addressed: the key is the sha256 of the bytes, so every worker
 * that reads a key gets exactly what was written, and a read whose bytes no longer hash to their key
 * (a truncated or altered file) is refused. Writing the same bytes twice (a retried task) stores them once.
 */
export interface ArtefactStore {
  /** Stores `bytes` and returns their key (lower-case hex sha256). */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes stored under `key`, verified against it; rejects when absent or corrupt. */
  get(key: string): Promise<Uint8Array>;
  /** Removes the artefacts (those absent are ignored). */
  remove(keys: string[]): Promise<void>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const KEY = /^[0-9a-f]{64}$/;

/** Refuses a key that is not a sha256 in hex (it is also a file name: nothing else may reach the path). */
export function checkArtefactKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`artefact key '${key}' is not a lower-case hex sha256`);
}

/** Refuses bytes that do not hash to their key. */
export function verifyArtefact(key: string, bytes: Uint8Array, where: string): Uint8Array {
  const actual = sha256Hex(bytes);
  if (actual !== key) throw new Error(`artefact ${key} at ${where} is corrupt: its content hashes to ${actual}`);
  return bytes;
}

/** An in-memory store (one process: the engine's own two-stage driver and tests). */
export class MemoryArtefactStore implements ArtefactStore {
  readonly items = new Map<string, Uint8Array>();

  async put(bytes: Uint8Array): Promise<string> {
    const key = sha256Hex(bytes);
    if (!this.items.has(key)) this.items.set(key, Uint8Array.from(bytes));
    return key;
  }

  async get(key: string): Promise<Uint8Array> {
    checkArtefactKey(key);
    const bytes = this.items.get(key);
    if (!bytes) throw new Error(`artefact ${key} is not in the store`);
    return verifyArtefact(key, bytes, 'memory');
  }

  async remove(keys: string[]): Promise<void> {
    for (const k of keys) this.items.delete(k);
  }
}
