/**
 * Two worker-thread extraction batches one after the other in one process (as the server runs one batch
 * per case). Regression: the second batch used to kill the vitest fork, because the first batch's last
 * worker unloaded @swc/core's native addon and the second batch's workers loaded it again.
 */
import { describe, expect, it } from 'vitest';
import { extractCase, runExtractionBatch, type CaseParams, type ManifestCase } from '@radsweep/radiomics';
import { imagePath, labelPath, phantomPath } from './support/radiomics-data';

const params: CaseParams = { settings: { binWidth: 25 }, classes: ['firstorder'], imageTypes: ['original'], rois: null };
const cases: ManifestCase[] = [
  { id: 'breast1', image: imagePath('breast1'), mask: labelPath('breast1'), label: null, extra: {} },
  { id: 'phantom', image: phantomPath('phantom.nii.gz'), mask: phantomPath('mask.nii.gz'), label: null, extra: {} },
];

describe('runExtractionBatch, twice in one process', () => {
  it('a second (and third) batch on worker threads completes with the same features as in-process extraction', async () => {
    const expected = cases.map((c) => extractCase(c, params));
    for (const r of expected) expect(r.ok, r.ok ? '' : r.error).toBe(true);
    for (const workers of [2, 1, 2]) {
      const results = await runExtractionBatch(cases, params, { workers });
      expect(results).toEqual(expected);
    }
  });
});
