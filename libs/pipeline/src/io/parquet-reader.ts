import { RadSweepInputError } from '@radsweep/core';
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import type { Table } from './table';
import { checkColumnNames, columnFromValues } from './table-column';

/** Reads Apache Parquet bytes (flat schema; uncompressed or snappy) into a typed Table, with hyparquet. */
export async function parquetTable(bytes: Uint8Array, source: string, sha256: string): Promise<Table> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let names: string[];
  let rowCount: number;
  const cells = new Map<string, unknown[]>();
  try {
    const metadata = parquetMetadata(buffer);
    names = parquetSchema(metadata).children.map((c) => c.element.name);
    rowCount = Number(metadata.num_rows);
    for (const name of names) cells.set(name, new Array<unknown>(rowCount));
    await parquetRead({
      file: buffer,
      metadata,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const target = cells.get(columnName)!;
        for (let k = 0; k < columnData.length; k++) target[rowStart + k] = columnData[k];
      },
    });
  } catch (e) {
    throw new RadSweepInputError(`not a readable Parquet file: ${(e as Error).message}`, source);
  }
  if (names.length === 0) throw new RadSweepInputError('the Parquet file has no columns', source);
  checkColumnNames(names, source);
  if (rowCount === 0) throw new RadSweepInputError('the Parquet file has columns but no rows', source);
  const columns = names.map((name) => columnFromValues(name, cells.get(name)!));
  return { source, format: 'parquet', sha256, rowCount, columns, rowLabel: (row) => `${source}: row ${row}` };
}
