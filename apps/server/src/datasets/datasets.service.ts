import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { readTable } from '@radsweep/pipeline';
import { NotFoundError } from '../http/not-found.error';
import { renamingPaths } from '../http/input-error-text';
import { DatasetFileEntity } from './dataset-file.entity';
import { DatasetEntity } from './dataset.entity';
import { classBalance, columnSummaries } from './dataset-summary';
import { tableToArrowIpc } from './table-to-arrow';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Stores uploaded tables (as Arrow IPC) with their summary, and hands workers a local copy to run on. */
@Injectable()
export class DatasetsService {
  constructor(private readonly db: DataSource) {}

  /**
   * Reads an uploaded file (already streamed to `path` on disk) with the CLI's
   * readers, summarises it and stores it in one transaction. `fileName` is the
   * client's name for it: its extension picks the format and messages name it.
   */
  async ingest(path: string, fileName: string, options: { name?: string; labelColumn?: string }): Promise<DatasetEntity> {
    const table = await renamingPaths({ [path]: fileName }, () => readTable(path));
    const balance = options.labelColumn ? classBalance(table, options.labelColumn) : null;
    const arrow = tableToArrowIpc(table);
    const sourceBytes = statSync(path).size;
    return this.db.transaction(async (m) => {
      const ds = await m.save(DatasetEntity, {
        name: options.name?.trim() || fileName.replace(/\.[^.]*$/, ''),
        fileName,
        format: table.format,
        sourceSha256: table.sha256,
        arrowSha256: sha256(arrow),
        sourceBytes,
        arrowBytes: arrow.byteLength,
        rowCount: table.rowCount,
        columns: columnSummaries(table),
        labelColumn: options.labelColumn ?? null,
        classBalance: balance,
      });
      await m.insert(DatasetFileEntity, { datasetId: ds.id, arrow: Buffer.from(arrow.buffer, arrow.byteOffset, arrow.byteLength) });
      return ds;
    });
  }

  list(): Promise<DatasetEntity[]> {
    return this.db.manager.find(DatasetEntity, { order: { createdAt: 'DESC' } });
  }

  async get(id: string): Promise<DatasetEntity> {
    const ds = isUuid(id) ? await this.db.manager.findOneBy(DatasetEntity, { id }) : null;
    if (!ds) throw new NotFoundError('dataset', id);
    return ds;
  }

  /**
   * The dataset as a local Arrow file (cached by content hash, so each machine
   * fetches a dataset once); what the engine reads in a task.
   */
  async localFile(id: string): Promise<string> {
    const ds = await this.get(id);
    const dir = join(tmpdir(), 'radsweep-datasets');
    const file = join(dir, `${ds.arrowSha256}.arrow`);
    if (existsSync(file)) return file;
    const row = await this.db.manager.findOneByOrFail(DatasetFileEntity, { datasetId: id });
    if (sha256(row.arrow) !== ds.arrowSha256) throw new Error(`dataset ${id}: stored bytes do not match their sha256`);
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}`;
    writeFileSync(partial, row.arrow);
    renameSync(partial, file);
    return file;
  }
}

/** Accepted upload formats (the CLI's readers). */
export function checkUploadName(fileName: string): void {
  const ext = extname(fileName).toLowerCase();
  if (!['.csv', '.arrow', '.feather', '.ipc', '.parquet'].includes(ext)) {
    throw new RadSweepInputError(`unsupported file type '${ext || '(none)'}': expected .csv, .arrow, .feather, .ipc or .parquet`, fileName);
  }
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
