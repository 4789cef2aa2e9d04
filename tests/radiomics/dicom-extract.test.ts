/**
 * Extraction from DICOM: a CT series folder with a two-segment DICOM-SEG gives, per segment, the features the
 * same voxels give from the reference NRRD image and label maps (tests/fixtures/dicom, made by
 * scripts/reference/make-dicom-fixtures.py); named ROIs pick segments by number; bad DICOM cases (truncated
 * file, compressed transfer syntax, missing slice, SEG frame off the grid, absent segment) fail naming the case
 * and the file while the batch goes on. The first batch runs on a worker thread as the CLI and the server do.
 */
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures, inputSha256, parseParams, readManifest, readVolume, runExtractionBatch, type CaseResult } from '@radsweep/radiomics';

const FIXTURES = join(__dirname, '..', 'fixtures', 'dicom');
const fixture = (...p: string[]) => join(FIXTURES, ...p);
const tmp = mkdtempSync(join(tmpdir(), 'radiomics-dicom-extract-'));
const CLASSES = ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'] as const;
const SETTINGS = { binWidth: 25 };

/** Reference features of segment `n` from the NRRD files. */
function referenceFeatures(n: number): Record<string, number> {
  const image = readVolume(fixture('reference', 'image.nrrd'));
  const mask = readVolume(fixture('reference', `segment-${n}.nrrd`));
  return extractFeatures(image, mask, { ...SETTINGS, label: n }, [...CLASSES], ['original']);
}

function expectSameFeatures(got: Record<string, number>, want: Record<string, number>, prefix = ''): void {
  const names = Object.keys(want);
  expect(names.length).toBeGreaterThan(90);
  for (const name of names) {
    const g = got[prefix + name];
    const w = want[name];
    // Positions and direction cosines are 10-digit decimal strings in the DICOM files: spacing agrees to ~1e-10.
    expect(Math.abs(g - w), name).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(w)));
  }
}

/** Folder copies of a series, damaged in one way each. */
function damagedSeries(): Record<string, string> {
  const copy = (as: string) => {
    const dir = join(tmp, as);
    cpSync(fixture('ct-explicit'), dir, { recursive: true });
    return dir;
  };
  const truncated = copy('truncated');
  const victim = join(truncated, 'IM0003.dcm');
  writeFileSync(victim, readFileSync(victim).subarray(0, 5000));
  const jpeg = copy('jpeg');
  copyFileSync(fixture('bad', 'jpeg-baseline.dcm'), join(jpeg, 'IM0003.dcm'));
  const missing = copy('missing');
  // the file of slice 5: its z is the series origin's plus 5 steps along the normal
  const series = readVolume(fixture('ct-explicit'));
  const z5 = series.origin[2] + 5 * series.spacing[2] * series.direction[8];
  rmSync(join(missing, readdirSync(missing).find((f) => Math.abs(readVolume(join(missing, f)).origin[2] - z5) < 1e-3)!));
  return { truncated, jpeg, missing };
}

/** A manifest's cases run as the CLI runs them; `workers` 0 runs in this process. */
const runCases = async (manifest: string, paramsText: string, workers: number): Promise<CaseResult[]> => {
  const params = parseParams(paramsText, 'params.yaml');
  const { cases } = readManifest(manifest);
  return runExtractionBatch(cases, { settings: params.settings, classes: params.classes, imageTypes: params.imageTypes, rois: params.rois }, { workers });
};

describe('extraction from DICOM series and DICOM-SEG', () => {
  it('each segment gives the NRRD reference features; bad cases fail naming case and file, the others complete', async () => {
    const bad = damagedSeries();
    const seg = fixture('seg.dcm');
    writeFileSync(
      join(tmp, 'cases.csv'),
      [
        'id,image,mask,label',
        `lesion,${fixture('ct-implicit')},${seg},1`,
        `truncated,${bad.truncated},${seg},1`,
        `surround,${fixture('ct-deflated')},${seg},2`,
        `jpeg,${bad.jpeg},${seg},1`,
        `missing,${bad.missing},${seg},1`,
        `offgrid,${fixture('ct-implicit')},${fixture('bad', 'seg-off-grid.dcm')},1`,
        `absent,${fixture('ct-implicit')},${seg},3`,
        `explicit,${fixture('ct-explicit')},${seg},1`,
      ].join('\n'),
    );
    const results = await runCases(join(tmp, 'cases.csv'), 'setting:\n  binWidth: 25\n', 1);
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ['lesion', true],
      ['truncated', false],
      ['surround', true],
      ['jpeg', false],
      ['missing', false],
      ['offgrid', false],
      ['absent', false],
      ['explicit', true],
    ]);
    const error = (id: string) => {
      const r = results.find((x) => x.id === id)!;
      return r.ok ? '' : r.error;
    };
    expect(error('truncated')).toMatch(`case truncated: ${join(bad.truncated, 'IM0003.dcm')}: truncated file: element (7FE0,0010)'s value of 8736 bytes at byte 672 needs 8736 bytes, 3942 left`);
    expect(error('jpeg')).toMatch(`case jpeg: ${join(bad.jpeg, 'IM0003.dcm')}: transfer syntax JPEG Baseline (1.2.840.10008.1.2.4.50) is not supported`);
    expect(error('missing')).toMatch(new RegExp(`^case missing: ${bad.missing}: missing slice: a gap of 13 mm between IM\\d+\\.dcm and IM\\d+\\.dcm`));
    expect(error('offgrid')).toMatch(/^case offgrid: .*bad\/seg-off-grid\.dcm: frame 2 \(segment 1\) at .* is not on the image grid/);
    expect(error('absent')).toBe(`case absent: ${seg}: label 3 is not a segment of this segmentation (segments: 1 "lesion", 2 "surround")`);

    const lesion = referenceFeatures(1);
    for (const id of ['lesion', 'explicit']) {
      const r = results.find((x) => x.id === id)!;
      if (r.ok) expectSameFeatures(r.features, lesion);
    }
    const surround = results.find((x) => x.id === 'surround')!;
    if (surround.ok) {
      expectSameFeatures(surround.features, referenceFeatures(2));
      // a folder's hash is its listing's: equal for equal files, different for another series
      expect(surround.sha256.image).toBe(inputSha256(fixture('ct-deflated')));
      expect(surround.sha256.image).not.toBe(inputSha256(fixture('ct-implicit')));
      expect(surround.sha256.mask).toBe(inputSha256(seg));
    }
    const copy = join(tmp, 'copy-of-deflated');
    cpSync(fixture('ct-deflated'), copy, { recursive: true });
    expect(inputSha256(copy)).toBe(inputSha256(fixture('ct-deflated')));
  });

  it('named ROIs select segments by number: lesion_* and surround_* from one SEG', async () => {
    writeFileSync(join(tmp, 'rois.csv'), `id,image,mask\np1,${fixture('ct-implicit')},${fixture('seg.dcm')}\n`);
    // a second worker-thread batch in this process (once a crash of swc's native addon, fixed by keepSwcLoaded in run-batch.ts)
    const [r] = await runCases(join(tmp, 'rois.csv'), 'setting:\n  binWidth: 25\nrois:\n  lesion: 1\n  surround: 2\n', 1);
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
    if (!r.ok) return;
    expectSameFeatures(r.features, referenceFeatures(1), 'lesion_');
    expectSameFeatures(r.features, referenceFeatures(2), 'surround_');
    expect(r.features.lesion_original_shape_VoxelVolume).toBeLessThan(r.features.surround_original_shape_VoxelVolume);
  });
});
