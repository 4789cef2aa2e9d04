/**
 * Preprocessing as pyradiomics: ROI checks and crop (bounding boxes and voxel counts against the baselines'
 * diagnostics), whole-image normalisation, resegmentation, and the bin edges of its documentation's example.
 */
import { describe, expect, it } from 'vitest';
import { binEdges, discretise, normalizeIntensities, prepareRoi, readVolume, resolveSettings, type Volume } from '@radsweep/radiomics';
import { CASES, imagePath, labelPath, readBaseline } from './support/radiomics-data';

const firstOrder = readBaseline('firstorder');
const image = readVolume(imagePath('breast1'));
const mask = readVolume(labelPath('breast1'));
const withData = (v: Volume, data: Volume['data'], source = v.source): Volume => ({ ...v, data, source });

describe('ROI checks and crop', () => {
  for (const c of CASES) {
    it(`${c}: crop to the bounding box of pyradiomics' diagnostics, same voxel count`, () => {
      const roi = prepareRoi(readVolume(imagePath(c)), readVolume(labelPath(c)), resolveSettings());
      const ref = firstOrder.find((col) => col.column === c)!;
      // (x, y, z lower index, x, y, z size)
      const box = ref.diagnostics.get('diagnostics_Mask-original_BoundingBox')!.replace(/[()]/g, '').split(',').map(Number);
      expect(roi.size).toEqual(box.slice(3));
      expect(roi.voxelCount).toBe(Number(ref.diagnostics.get('diagnostics_Mask-original_VoxelNum')));
      expect(roi.mask.reduce((s, m) => s + m, 0)).toBe(roi.voxelCount);
    });
  }

  it('refuses a mask on another grid, naming both files', () => {
    const shifted = { ...mask, origin: [mask.origin[0] + 1, mask.origin[1], mask.origin[2]] as const, source: 'shifted_label.nrrd' };
    expect(() => prepareRoi(image, shifted, resolveSettings())).toThrow(/shifted_label\.nrrd \(mask of .*breast1_image\.nrrd\): mask origin/);
    const small = { ...mask, size: [45, 120, 20] as const, data: mask.data.subarray(0, 45 * 120 * 20) };
    expect(() => prepareRoi(image, small, resolveSettings())).toThrow(/mask size 45x120x20 differs from image size 45x120x21/);
  });

  it('refuses an absent label (listing those present) and an empty mask', () => {
    expect(() => prepareRoi(image, mask, resolveSettings({ label: 2 }))).toThrow(/breast1_label\.nrrd: label 2 is not present in the mask \(labels found: 1\)/);
    expect(() => prepareRoi(image, withData(mask, new Int16Array(mask.data.length)), resolveSettings())).toThrow(/breast1_label\.nrrd: the mask is empty/);
  });

  it('refuses a one-voxel ROI, too few dimensions and a too small ROI', () => {
    const one = new Int16Array(mask.data.length);
    one[1000] = 1;
    expect(() => prepareRoi(image, withData(mask, one), resolveSettings())).toThrow(/label 1\): the ROI is a single voxel/);
    const line = new Int16Array(mask.data.length);
    line[1000] = line[1001] = 1;
    expect(() => prepareRoi(image, withData(mask, line), resolveSettings({ minimumROIDimensions: 2 }))).toThrow(/spans 1 dimension\(s\), fewer than minimumROIDimensions = 2/);
    expect(() => prepareRoi(image, mask, resolveSettings({ minimumROISize: 143 }))).toThrow(/has 143 voxels, not more than minimumROISize = 143/);
  });

  it('refuses NaN voxels inside the ROI, naming the image file', () => {
    const data = Float64Array.from(image.data);
    const inside = Array.from(mask.data).indexOf(1);
    data[inside] = NaN;
    expect(() => prepareRoi(withData(image, data, 'nan_image.nrrd'), mask, resolveSettings())).toThrow(/nan_image\.nrrd: the image has NaN voxels inside the ROI/);
  });

  it('resegmentation (sigma mode) keeps the voxels within mean +- sd; shape keeps the label before it', () => {
    const full = prepareRoi(image, mask, resolveSettings());
    const values = Array.from(full.image).filter((_, i) => full.mask[i]);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    const expected = values.filter((v) => v >= mean - sd && v <= mean + sd).length;
    const roi = prepareRoi(image, mask, resolveSettings({ resegmentRange: [-1, 1], resegmentMode: 'sigma' }));
    const kept = Array.from(roi.image).filter((_, i) => roi.mask[i]);
    expect(kept.length).toBe(expected);
    expect(kept.length).toBeLessThan(values.length);
    for (const v of kept) expect(Math.abs(v - mean)).toBeLessThanOrEqual(sd);
    expect(roi.shapeMask.reduce((s, m) => s + m, 0)).toBeGreaterThan(kept.length);
    expect(() => prepareRoi(image, mask, resolveSettings({ resegmentRange: [1e6] }))).toThrow(/resegmentation .* left 0 voxel\(s\)/);
  });

  it('refuses unsupported or malformed resampling settings, by name', () => {
    expect(() => resolveSettings({ interpolator: 'sitkLinear' })).toThrow('settings.interpolator: must be "sitkBSpline" (the one interpolator supported) or null, got "sitkLinear"');
    expect(() => resolveSettings({ resampledPixelSpacing: [2, 2] })).toThrow('settings.resampledPixelSpacing: must be 3 spacings >= 0 (x y z; 0 keeps an axis) or null, got [2,2]');
    expect(() => resolveSettings({ resampledPixelSpacing: [2, -1, 2] })).toThrow(/settings\.resampledPixelSpacing: must be 3 spacings >= 0 .*, got \[2,-1,2\]/);
    expect(resolveSettings({ resampledPixelSpacing: [2, 0, 2] }).resampledPixelSpacing).toEqual([2, 0, 2]);
    expect(resolveSettings({ interpolator: null }).interpolator).toBeNull();
    expect(() => resolveSettings({ preCrop: true })).toThrow(/settings\.preCrop: setting "preCrop" is not supported yet/);
    expect(() => resolveSettings({ binwidth: 10 })).toThrow(/settings\.binwidth: unknown setting "binwidth"/);
    expect(resolveSettings({ additionalInfo: true }).binWidth).toBe(25);
  });

  it('refuses out-of-range binning and an unknown mode, by name (libs/core\'s parameter checker)', () => {
    expect(() => resolveSettings({ binWidth: -1 })).toThrow('settings.binWidth: must be > 0, got -1');
    expect(() => resolveSettings({ binWidth: 0, binCount: 8 })).toThrow('settings.binWidth: must be > 0, got 0');
    expect(() => resolveSettings({ binCount: 0 })).toThrow('settings.binCount: must be an integer > 0, got 0');
    expect(() => resolveSettings({ binCount: 2.5 })).toThrow('settings.binCount: expected an integer, got 2.5');
    expect(() => resolveSettings({ mode: 'IBSI' })).toThrow('settings.mode: expected one of "pyradiomics", "ibsi", got "IBSI"');
    expect(resolveSettings({ binCount: 16, mode: 'ibsi' })).toMatchObject({ binCount: 16, mode: 'ibsi', binWidth: 25 });
  });

  it('resampling to 2 mm: the grid covers the ROI plus padDistance voxels of 2 mm, as pyradiomics', () => {
    const roi = prepareRoi(image, mask, resolveSettings({ resampledPixelSpacing: [2, 2, 2] }));
    expect(roi.spacing).toEqual([2, 2, 2]);
    // breast1's ROI spans 9 x 12 x 3 voxels of 0.664 x 0.664 x 2.1 mm: 6.0 x 8.0 x 6.3 mm, so at most 4 x 5 x 4 voxels of 2 mm
    for (let d = 0; d < 3; d++) expect(roi.size[d]).toBeLessThanOrEqual([4, 5, 4][d]);
    expect(roi.voxelCount).toBeGreaterThan(1);
  });
});

describe('normalisation', () => {
  it('whole image to mean 0 and sample sd = normalizeScale', () => {
    const out = normalizeIntensities(image.data, 100, null);
    const n = out.length;
    const mean = out.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(out.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    expect(mean).toBeCloseTo(0, 9);
    expect(sd).toBeCloseTo(100, 9);
    const clipped = normalizeIntensities(image.data, 1, 2);
    expect(Math.max(...clipped)).toBe(2);
    expect(Math.min(...clipped)).toBeGreaterThanOrEqual(-2);
  });
});

describe('discretisation', () => {
  it("pyradiomics' documented example: values 54..166, bin width 25 -> edges 50, 75, ..., 175", () => {
    expect(Array.from(binEdges(54, 166, resolveSettings()))).toEqual([50, 75, 100, 125, 150, 175, 200]);
    // IBSI counts the edges from the ROI minimum
    expect(Array.from(binEdges(54, 166, resolveSettings({ mode: 'ibsi' })))).toEqual([54, 79, 104, 129, 154, 179, 204]);
  });

  it('bins are half-open [lower, upper): a value on an edge goes up; levels start at 1', () => {
    const values = Float64Array.of(54, 74.999, 75, 100, 166);
    const inRoi = new Uint8Array(5).fill(1);
    const d = discretise(values, inRoi, resolveSettings());
    expect(Array.from(d.levels)).toEqual([1, 1, 2, 3, 5]);
    expect(Array.from(d.present)).toEqual([1, 2, 3, 5]);
    expect(d.ng).toBe(5);
    const negative = discretise(Float64Array.of(-30, -26, -25, 10), new Uint8Array(4).fill(1), resolveSettings());
    expect(Array.from(negative.levels)).toEqual([1, 1, 2, 3]);
  });

  it('fixed bin count: equal bins from min to max, the maximum in the top bin', () => {
    const values = Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    const d = discretise(values, new Uint8Array(11).fill(1), resolveSettings({ binCount: 5 }));
    expect(Array.from(d.levels)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5]);
  });
});
