import { readTable } from '@radsweep/pipeline';
import type { RequestLimits } from '../config/request-limits';
import { LimitExceededError } from '../http/limit.error';
import type { DatasetColumn } from './dataset.entity';
import { classBalance, columnSummaries } from './dataset-summary';
import { writeArrowIpcFile } from './table-to-arrow';

/** An uploaded table read and summarised; its cells are in the Arrow IPC file written next to it. */
export interface UploadSummary {
  format: string;
  sourceSha256: string;
  arrowSha256: string;
  arrowBytes: number;
  rowCount: number;
  columns: DatasetColumn[];
  classBalance: Record<string, number> | null;
}

/**
 * Reads an uploaded file with the CLI's readers, refuses it over the column
 * and row limits, summarises it and writes it as Arrow IPC to `arrowPath`
 * (0600). Run in a request-work thread: parsing a large table takes seconds.
 */
export async function readUpload(job: { path: string; labelColumn?: string; arrowPath: string; limits: RequestLimits }): Promise<UploadSummary> {
  // A CSV is streamed into typed columns (no size cap beyond the upload limit).
  const table = await readTable(job.path);
  if (table.columns.length > job.limits.maxColumns) throw LimitExceededError.of('maxColumns', job.limits, 'the number of columns', table.columns.length);
  if (table.rowCount > job.limits.maxRows) throw LimitExceededError.of('maxRows', job.limits, 'the number of rows', table.rowCount);
  const balance = job.labelColumn ? classBalance(table, job.labelColumn) : null;
  const arrow = await writeArrowIpcFile(table, job.arrowPath);
  return {
    format: table.format,
    sourceSha256: table.sha256,
    arrowSha256: arrow.sha256,
    arrowBytes: arrow.bytes,
    rowCount: table.rowCount,
    columns: columnSummaries(table),
    classBalance: balance,
  };
}
