/**
 * pyradiomics' voxel-wise filters against its own numpy code (scripts/reference/intensity-filters-reference.py,
 * on breast1 and on breast1 minus 100 for the negative branches) and the gradient magnitude against ITK 5.2's
 * GradientMagnitudeImageFilter (scripts/reference/log-reference.cxx): values at breast1's ROI voxels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures, gradientMagnitude, INTENSITY_FILTERS, intensityFilter, readVolume } from '@radsweep/radiomics';
import { imagePath, labelPath } from './support/radiomics-data';

const ref = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'intensity-filters-reference.json'), 'utf8')) as Record<string, number[]>;
const image = readVolume(imagePath('breast1'));
const label = readVolume(labelPath('breast1'));
const roiVoxels = Array.from(label.data.keys()).filter((i) => label.data[i] === 1);
const close = (got: number, want: number) => Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want));

describe("pyradiomics' voxel-wise filters", () => {
  for (const filter of INTENSITY_FILTERS) {
    it(`${filter}: breast1 and breast1 - 100 at the ROI voxels`, () => {
      const plain = intensityFilter(image.data, filter);
      const shifted = intensityFilter(Float64Array.from(image.data, (v) => v - 100), filter);
      roiVoxels.forEach((i, k) => {
        expect(close(plain[i], ref[filter][k]), `${filter}[${k}]: ${plain[i]} vs ${ref[filter][k]}`).toBe(true);
        expect(close(shifted[i], ref[`${filter}_shifted`][k]), `${filter} shifted[${k}]`).toBe(true);
      });
    });
  }

  it("gradient magnitude equals ITK's at the ROI voxels", () => {
    const want = readFileSync(join(__dirname, 'fixtures', 'gradient-reference-breast1.txt'), 'utf8').trim().split('\n').slice(1).map(Number);
    const got = gradientMagnitude(image.data, image.size, image.spacing);
    expect(want.length).toBe(roiVoxels.length);
    roiVoxels.forEach((i, k) => expect(close(got[i], want[k]), `gradient[${k}]`).toBe(true));
  });

  it('extractFeatures names the images as pyradiomics: square_, squareroot_, logarithm_, exponential_, gradient_', () => {
    const f = extractFeatures(image, label, {}, ['firstorder'], ['square', 'squareroot', 'logarithm', 'exponential', 'gradient']);
    for (const t of ['square', 'squareroot', 'logarithm', 'exponential', 'gradient']) {
      expect(Object.keys(f).filter((k) => k.startsWith(`${t}_firstorder_`)).length).toBe(18);
    }
  });
});
