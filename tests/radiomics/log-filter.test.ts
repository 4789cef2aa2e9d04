/**
 * LoG filter against ITK 5.2's LaplacianRecursiveGaussianImageFilter (normalised across scale, what pyradiomics'
 * getLoGImage runs through SimpleITK): scripts/reference/log-reference.cxx, compiled against Debian's
 * libinsighttoolkit5-dev, printed breast1's filtered values at its ROI voxels for sigma 1, 3 and 5 mm
 * (tests/radiomics/fixtures/log-reference-breast1.txt).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures, laplacianOfGaussian, logImageName, readVolume } from '@radsweep/radiomics';
import { imagePath, labelPath } from './support/radiomics-data';

const image = readVolume(imagePath('breast1'));
const label = readVolume(labelPath('breast1'));

/** The reference file: "sigma s" headers, then one value per ROI voxel (x fastest). */
function reference(): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let current: number[] = [];
  for (const line of readFileSync(join(__dirname, 'fixtures', 'log-reference-breast1.txt'), 'utf8').trim().split('\n')) {
    if (line.startsWith('sigma ')) out.set(Number(line.slice(6)), (current = []));
    else current.push(Number(line));
  }
  return out;
}

describe('Laplacian of Gaussian as ITK', () => {
  const roiVoxels = Array.from(label.data.keys()).filter((i) => label.data[i] === 1);

  for (const [sigma, values] of reference()) {
    it(`sigma ${sigma} mm: the ${values.length} ROI voxels equal ITK's (float32 intermediates, bit for bit)`, () => {
      const filtered = laplacianOfGaussian(image.data, image.size, image.spacing, sigma);
      expect(values.length).toBe(roiVoxels.length);
      values.forEach((want, k) => expect(filtered[roiVoxels[k]], `voxel ${roiVoxels[k]}`).toBe(want));
    });
  }

  it('extractFeatures with LoG: image types named as pyradiomics, 93 features each, no shape', () => {
    const f = extractFeatures(image, label, { sigma: [1, 2.5] }, undefined, ['original', 'log']);
    expect(logImageName(1)).toBe('log-sigma-1-0-mm-3D');
    expect(logImageName(2.5)).toBe('log-sigma-2-5-mm-3D');
    expect(Object.keys(f).filter((k) => k.startsWith('log-sigma-1-0-mm-3D_')).length).toBe(93);
    expect(Object.keys(f).filter((k) => k.startsWith('log-sigma-2-5-mm-3D_')).length).toBe(93);
    expect(Object.keys(f).some((k) => k.startsWith('log-') && k.includes('_shape_'))).toBe(false);
    expect(() => extractFeatures(image, label, { sigma: [-1] }, undefined, ['log'])).toThrow(/settings\.sigma: LoG sigma must be > 0/);
  });
});
