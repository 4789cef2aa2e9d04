/** The extraction pool: manifest order kept, and a worker that dies fails only its case and is replaced. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExtractionBatch, type ManifestCase } from '@radsweep/radiomics';

const cases: ManifestCase[] = ['a', 'crash', 'b', 'c', 'crash', 'd'].map((id) => ({ id, image: `${id}.nrrd`, mask: `${id}_mask.nrrd`, label: null, extra: {} }));

describe('runExtractionBatch', () => {
  it('a dying worker fails its case only; the others complete, in manifest order', async () => {
    const seen: string[] = [];
    const results = await runExtractionBatch(
      cases,
      { settings: {}, classes: ['firstorder'], imageTypes: ['original'], rois: null },
      { workers: 2, workerScript: join(__dirname, 'support', 'crashing-extract-worker.js'), onCase: (_, r) => seen.push(r.id) },
    );
    expect(results.map((r) => r.id)).toEqual(['a', 'crash', 'b', 'c', 'crash', 'd']);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true, false, true]);
    const failed = results.filter((r) => !r.ok);
    for (const f of failed) if (!f.ok) expect(f.error).toMatch(/^case crash: the extraction worker died \(exit code 3\)$/);
    results.forEach((r, i) => r.ok && expect(r.features.index).toBe(i));
    expect(seen.length).toBe(6);
  });
});
