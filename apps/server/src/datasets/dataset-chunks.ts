import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { DataSource } from 'typeorm';

/**
 * Bytes per stored chunk: small enough that one statement never holds the
 * store (or memory) for long. The embedded store runs in the API process, so
 * this bounds how long one write keeps a GET waiting (1 MiB: up to ~0.5 s on a loaded machine).
 */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Stores a file's bytes as dataset_chunks rows under `sha256`, one statement per
 * chunk (no transaction: on the embedded store a transaction would hold the one
 * connection for the whole file). Chunks already stored are kept, so an
 * interrupted write is completed by the next one; a dataset row is written only
 * after all its chunks.
 */
export async function writeChunks(db: DataSource, sha256: string, path: string): Promise<number> {
  let seq = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    await db.query(`INSERT INTO "dataset_chunks" ("arrow_sha256", "seq", "bytes") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [sha256, seq++, chunk]);
  }
  return seq;
}

/**
 * Writes the chunks stored under `sha256` to `path` (0600, created), one chunk
 * in memory at a time; returns the sha256 of what was written, or null when
 * nothing is stored under it (a dataset from before chunked storage).
 */
export async function readChunks(db: DataSource, sha256: string, path: string): Promise<string | null> {
  const hash = createHash('sha256');
  const out = await open(path, 'wx', 0o600);
  try {
    for (let seq = 0; ; seq++) {
      const rows: { bytes: Buffer }[] = await db.query(`SELECT "bytes" FROM "dataset_chunks" WHERE "arrow_sha256" = $1 AND "seq" = $2`, [sha256, seq]);
      if (rows.length === 0) return seq === 0 ? null : hash.digest('hex');
      hash.update(rows[0].bytes);
      await out.write(rows[0].bytes);
    }
  } finally {
    await out.close();
  }
}
