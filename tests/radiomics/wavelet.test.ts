/**
 * Wavelet filter against PyWavelets (scripts/reference/wavelet-reference.py: pyradiomics' _swt3 logic with
 * pywt 1.1.1, coif1, level 1): the 8 decompositions at breast1's ROI voxels (the ROI-block shortcut), and on a
 * small odd-sized image whose ROI is all of it (wrap padding and periodic boundaries).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures, prepareRoi, readVolume, resolveSettings, waveletDecompositions, waveletRois, type Volume } from '@radsweep/radiomics';
import { imagePath, labelPath } from './support/radiomics-data';

const ref = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'wavelet-reference.json'), 'utf8')) as Record<'breast1' | 'synthetic', Record<string, number[]>>;
const NAMES = ['HHH', 'HHL', 'HLH', 'HLL', 'LHH', 'LHL', 'LLH', 'LLL'];
const close = (got: number, want: number) => Math.abs(got - want) <= 1e-10 * Math.max(1, Math.abs(want));

describe('coif1 stationary wavelet as PyWavelets with pyradiomics padding', () => {
  it('odd-sized image, every voxel: 8 decompositions equal', () => {
    const data = Float64Array.from({ length: 210 }, (_, i) => (i * 37) % 11);
    const d = waveletDecompositions(data, [7, 6, 5]);
    expect([...d.keys()].sort()).toEqual(NAMES);
    for (const name of NAMES) {
      const got = d.get(name)!;
      ref.synthetic[name].forEach((want, i) => expect(close(got[i], want), `${name}[${i}]: ${got[i]} vs ${want}`).toBe(true));
    }
  });

  it('breast1: each decomposition at the ROI voxels equals PyWavelets on the whole image', () => {
    const roi = prepareRoi(readVolume(imagePath('breast1')), readVolume(labelPath('breast1')), resolveSettings());
    const rois = waveletRois(roi);
    for (const name of NAMES) {
      const filtered = rois.get(`wavelet-${name}`)!;
      const got = Array.from(filtered.image).filter((_, i) => filtered.mask[i]);
      expect(got.length).toBe(ref.breast1[name].length);
      ref.breast1[name].forEach((want, i) => expect(close(got[i], want), `${name}[${i}]: ${got[i]} vs ${want}`).toBe(true));
    }
  });

  it('an ROI at the image edge takes the whole-image path and still agrees', () => {
    const data = Float64Array.from({ length: 210 }, (_, i) => (i * 37) % 11);
    const geometry = { size: [7, 6, 5] as const, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const image: Volume = { ...geometry, data, source: 'synthetic' };
    const mask: Volume = { ...geometry, data: new Uint8Array(210).fill(1), source: 'synthetic mask' };
    const rois = waveletRois(prepareRoi(image, mask, resolveSettings()));
    for (const name of NAMES) {
      const got = rois.get(`wavelet-${name}`)!.image;
      ref.synthetic[name].forEach((want, i) => expect(close(got[i], want)).toBe(true));
    }
  });

  it('extractFeatures with wavelet: 8 x 93 texture and first-order features besides the 107 original ones', () => {
    const f = extractFeatures(readVolume(imagePath('breast1')), readVolume(labelPath('breast1')), {}, undefined, ['original', 'wavelet']);
    expect(Object.keys(f).length).toBe(107 + 8 * 93);
    expect(Object.keys(f).filter((k) => k.startsWith('wavelet-') && k.includes('_shape_'))).toEqual([]);
    expect(Object.values(f).every(Number.isFinite)).toBe(true);
  });
});
