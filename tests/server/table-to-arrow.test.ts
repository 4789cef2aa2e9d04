import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '@radsweep/pipeline';
import { tableToArrowIpc, writeArrowIpcFile } from '../../apps/server/src/datasets/table-to-arrow';

describe('writeArrowIpcFile (the upload reader streams the Arrow copy to disk)', () => {
  it('writes the bytes tableToArrowIpc builds in memory, 0600, with their sha256 and size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'radsweep-arrow-write-'));
    const csv = join(dir, 'cohort.csv');
    const rows = Array.from({ length: 5000 }, (_, r) => `${r},${r % 2},${(r * 0.1).toFixed(1)},${r % 3 === 0 ? '' : `"n, ${r}"`}`);
    writeFileSync(csv, ['id,label,x,note', ...rows].join('\r\n'));
    const table = await readTable(csv);
    const path = join(dir, 'cohort.arrow');
    const written = await writeArrowIpcFile(table, path);
    const expected = tableToArrowIpc(table);
    const bytes = readFileSync(path);
    expect(Buffer.compare(bytes, Buffer.from(expected))).toBe(0);
    expect(written).toEqual({ sha256: createHash('sha256').update(expected).digest('hex'), bytes: expected.byteLength });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const back = await readTable(path);
    expect(back.columns).toEqual(table.columns);
  });
});
