import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { AccessScope } from '../auth/principal';
import { ScopedListQuery, scopedList } from '../auth/scoped-list';
import { keys, KeysetOrder, ListPage } from '../database/keyset-page';
import { DEFAULT_LIMITS, REQUEST_LIMITS, RequestLimits } from '../config/request-limits';
import { NotFoundError } from '../http/not-found.error';
import { renamingPaths } from '../http/input-error-text';
import { OffloadPool } from '../offload/offload-pool';
import { readChunks, writeChunks } from './dataset-chunks';
import { DatasetDirs } from './dataset-dirs';
import { DatasetFileEntity } from './dataset-file.entity';
import { DatasetEntity } from './dataset.entity';
import { UploadSummary, readUpload } from './upload-reader';
import { checkUploadName } from './upload-name';

export { checkUploadName } from './upload-name';

/** Newest first; the id orders datasets stored at the same instant. */
const DATASET_ORDER = new KeysetOrder([keys.createdAt('d'), keys.id('d')]);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An upload on disk: its path, the client's name for it, and (when the storage hashed it) the sha256 of its bytes. */
export interface Upload {
  path: string;
  fileName: string;
  sha256?: string;
}

export interface IngestOptions {
  name?: string;
  labelColumn?: string;
  projectId?: string | null;
  /** Where the table came from (an extraction's parameter file, software, inputs' sha256): stored with it; such a dataset is never shared with an earlier upload of the same bytes. */
  provenance?: Record<string, unknown>;
  /** Runs in the transaction that stores the dataset's row (a throw stores nothing). */
  onStored?: (m: EntityManager, dataset: DatasetEntity) => Promise<void>;
}

/** Stores uploaded tables (as Arrow IPC) with their summary, and hands workers a local copy to run on. */
@Injectable()
export class DatasetsService {
  constructor(
    private readonly db: DataSource,
    private readonly dirs: DatasetDirs,
    @Optional() private readonly pool?: OffloadPool,
    @Optional() @Inject(REQUEST_LIMITS) private readonly limits: RequestLimits = DEFAULT_LIMITS,
  ) {}

  /**
   * Reads an uploaded file (already streamed to disk) with the CLI's readers in
   * a request-work thread, summarises it, stores its Arrow form in chunks, then
   * its row. The
   * same bytes sent again to the same project (same label column) give back the
   * dataset stored the first time instead of a copy. `fileName` is the client's
   * name for the file: its extension picks the format and messages name it.
   */
  async ingest(upload: Upload, options: IngestOptions): Promise<DatasetEntity> {
    const { path, fileName } = upload;
    checkUploadName(fileName);
    const same = (sourceSha256: string) =>
      this.db.manager.findOne(DatasetEntity, {
        where: { sourceSha256, projectId: options.projectId ?? IsNull(), labelColumn: options.labelColumn ?? IsNull() },
        order: { createdAt: 'ASC' },
      });
    const reuse = !options.provenance; // a dataset with its own provenance (an extraction's) is never another's
    const earlier = reuse && upload.sha256 ? await same(upload.sha256) : null;
    if (earlier) return earlier;
    const arrowPath = this.dirs.uploadPath('.arrow');
    try {
      const job = { path, labelColumn: options.labelColumn, arrowPath, limits: this.limits };
      const summary: UploadSummary = await renamingPaths({ [path]: fileName }, () => (this.pool ? this.pool.run('readUpload', job) : readUpload(job)));
      const again = !reuse || upload.sha256 ? null : await same(summary.sourceSha256);
      if (again) return again;
      await writeChunks(this.db, summary.arrowSha256, arrowPath);
      const sourceBytes = lstatSync(path).size;
      const ds = await this.db.transaction(async (m) => {
        const saved = await m.save(DatasetEntity, {
          projectId: options.projectId ?? null,
          name: options.name?.trim() || fileName.replace(/\.[^.]*$/, ''),
          fileName,
          format: summary.format,
          sourceSha256: summary.sourceSha256,
          arrowSha256: summary.arrowSha256,
          sourceBytes,
          arrowBytes: summary.arrowBytes,
          rowCount: summary.rowCount,
          columns: summary.columns,
          labelColumn: options.labelColumn ?? null,
          classBalance: summary.classBalance,
          provenance: options.provenance ?? null,
        });
        await options.onStored?.(m, saved);
        return saved;
      });
      renameSync(arrowPath, this.cachePath(summary.arrowSha256)); // the first local copy, ready for a launch
      return ds;
    } finally {
      rmSync(arrowPath, { force: true });
    }
  }

  /** The datasets the caller may read (an admin: all), newest first, paged in the database (`after`: the previous page's X-Next-Cursor). */
  list(scope: AccessScope, q: ScopedListQuery = {}): Promise<ListPage<DatasetEntity>> {
    return scopedList(this.db.manager.createQueryBuilder(DatasetEntity, 'd'), 'datasets', DATASET_ORDER, scope, q);
  }

  async get(id: string): Promise<DatasetEntity> {
    const ds = isUuid(id) ? await this.db.manager.findOneBy(DatasetEntity, { id }) : null;
    if (!ds) throw new NotFoundError('dataset', id);
    return ds;
  }

  /**
   * The dataset as a local Arrow file (cached by content hash, so each machine
   * fetches a dataset once); what the engine reads in a task. A cached file is
   * used only if its bytes still have the stored sha256: an altered or planted
   * file is deleted and fetched again from the store.
   */
  async localFile(id: string): Promise<string> {
    const ds = await this.get(id);
    const file = this.cachePath(ds.arrowSha256);
    if ((await cachedSha256(file)) === ds.arrowSha256) return file;
    rmSync(file, { force: true });
    const partial = this.dirs.uploadPath('.arrow');
    try {
      const written = (await readChunks(this.db, ds.arrowSha256, partial)) ?? (await this.writeFileRow(id, partial));
      if (written !== ds.arrowSha256) throw new Error(`dataset ${id}: stored bytes do not match their sha256`);
      renameSync(partial, file);
    } finally {
      rmSync(partial, { force: true });
    }
    return file;
  }

  /** A dataset stored before chunked storage: its one dataset_files row, written to `path`; returns its sha256. */
  private async writeFileRow(id: string, path: string): Promise<string> {
    rmSync(path, { force: true });
    const row = await this.db.manager.findOneByOrFail(DatasetFileEntity, { datasetId: id });
    await writeFile(path, row.arrow, { mode: 0o600, flag: 'wx' });
    return sha256(row.arrow);
  }

  private cachePath(arrowSha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(arrowSha256)) throw new Error(`not a sha256: '${arrowSha256}'`);
    return join(this.dirs.datasets, `${arrowSha256}.arrow`);
  }
}

/** The sha256 of a regular file's bytes (streamed); null when there is no such regular file. */
async function cachedSha256(file: string): Promise<string | null> {
  try {
    if (!lstatSync(file).isFile()) return null; // a link or folder planted in its place is never followed
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
