import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { RadSweepInputError } from '@radsweep/core';
import { Table, readTable } from '../../libs/pipeline/src/io';

const dir = mkdtempSync(join(tmpdir(), 'radsweep-io-formats-'));
const write = (name: string, bytes: Uint8Array | ArrayBuffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);
  return path;
};

// The same small table three ways: ids, a 0/1 label, a float column with a missing value, a text column.
const CSV = 'id,label,size,site\n1,0,1.5,liver\n2,1,,lung\n3,1,-0.25,liver\n4,0,3e2,\n';
const ids = [1, 2, 3, 4];
const label = [0, 1, 1, 0];
const size = [1.5, null, -0.25, 300];
const site = ['liver', 'lung', 'liver', null];

function comparable(t: Table) {
  return t.columns.map((c) => ({ name: c.name, kind: c.kind, values: Array.from(c.values as ArrayLike<unknown>) }));
}

describe('readTable: Arrow and Parquet read back equal to the CSV', () => {
  it('Arrow IPC file and stream formats, including Int64 ids', async () => {
    const csv = await readTable(write('t.csv', new TextEncoder().encode(CSV)));
    const arrow = tableFromArrays({
      id: BigInt64Array.from(ids.map(BigInt)),
      label: Int32Array.from(label),
      size: size as (number | null)[],
      site: site as (string | null)[],
    });
    for (const [name, format] of [['t.arrow', 'file'], ['t.feather', 'file'], ['t.ipc', 'stream']] as const) {
      const t = await readTable(write(name, tableToIPC(arrow, format)));
      expect(t.format).toBe('arrow');
      expect(t.rowCount).toBe(4);
      expect(comparable(t)).toEqual(comparable(csv));
    }
  });

  it('Parquet (hyparquet-writer), including INT64 ids', async () => {
    const csv = await readTable(write('p.csv', new TextEncoder().encode(CSV)));
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: ids.map(BigInt), type: 'INT64' },
        { name: 'label', data: label, type: 'INT32' },
        { name: 'size', data: size, type: 'DOUBLE' },
        { name: 'site', data: site, type: 'STRING' },
      ],
    });
    const t = await readTable(write('t.parquet', bytes));
    expect(t.format).toBe('parquet');
    expect(comparable(t)).toEqual(comparable(csv));
    expect(t.rowLabel(2)).toMatch(/t\.parquet: row 2$/);
  });

  it('refuses unreadable Arrow and Parquet bytes, naming the file', async () => {
    const junk = new TextEncoder().encode('this is not a columnar file at all');
    for (const name of ['bad.arrow', 'bad.parquet']) {
      const path = write(name, junk);
      const err = await readTable(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RadSweepInputError);
      expect((err as RadSweepInputError).where).toBe(path);
      expect((err as Error).message).toMatch(/not a readable (Apache Arrow IPC|Parquet) file/);
    }
  });
});
