import { describe, expect, it } from 'vitest';
import { IMAGE_TYPES } from '../../libs/pipeline/src/synthetic';
import { cohortFromCsv } from './synthetic-support';

/** The identities are checked on values read back from the CSV text, i.e. as a user gets them. */
const c = () => cohortFromCsv({ patients: 197, seed: 42 });
const get = (name: string) => c().columns.get(name)!;
const n = 197;
const relClose = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));

const withClass = (cls: string) => IMAGE_TYPES.filter((t) => t.classes.includes(cls as never)).map((t) => t.name);

describe('synthetic cohort: pyradiomics identities', () => {
  it('SumAverage = 2 JointAverage exactly (every image type with glcm)', () => {
    for (const t of withClass('glcm')) {
      const sa = get(`${t}_glcm_SumAverage`);
      const ja = get(`${t}_glcm_JointAverage`);
      for (let i = 0; i < n; i++) expect(sa[i]).toBe(2 * ja[i]);
    }
  });

  it('Range = Maximum - Minimum exactly (every image type)', () => {
    for (const t of withClass('firstorder')) {
      const [range, max, min] = ['Range', 'Maximum', 'Minimum'].map((f) => get(`${t}_firstorder_${f}`));
      for (let i = 0; i < n; i++) expect(range[i]).toBe(max[i] - min[i]);
    }
  });

  it('shape: SurfaceVolumeRatio = SurfaceArea / MeshVolume, Minor = Major x Elongation, Least = Major x Flatness, exactly', () => {
    const s = (f: string) => get(`original_shape_${f}`);
    for (let i = 0; i < n; i++) {
      expect(s('SurfaceVolumeRatio')[i]).toBe(s('SurfaceArea')[i] / s('MeshVolume')[i]);
      expect(s('MinorAxisLength')[i]).toBe(s('MajorAxisLength')[i] * s('Elongation')[i]);
      expect(s('LeastAxisLength')[i]).toBe(s('MajorAxisLength')[i] * s('Flatness')[i]);
      expect(Math.abs(s('VoxelVolume')[i] / s('MeshVolume')[i] - 1)).toBeLessThan(0.05);
    }
  });

  it('TotalEnergy = Energy x voxel volume, one voxel volume per patient, and VoxelVolume = voxel count x voxel volume', () => {
    const voxelVolume = get('original_shape_VoxelVolume');
    const dnu = get('original_gldm_DependenceNonUniformity');
    const dnn = get('original_gldm_DependenceNonUniformityNormalized');
    for (let i = 0; i < n; i++) {
      const perVoxel = get('original_firstorder_TotalEnergy')[i] / get('original_firstorder_Energy')[i];
      for (const t of withClass('firstorder')) {
        expect(relClose(get(`${t}_firstorder_TotalEnergy`)[i] / get(`${t}_firstorder_Energy`)[i], perVoxel)).toBe(true);
      }
      const voxels = Math.round(dnu[i] / dnn[i]); // gldm: DependenceNonUniformity = N_p x normalised
      expect(Math.abs(dnu[i] / dnn[i] - voxels)).toBeLessThan(1e-6);
      expect(relClose(voxelVolume[i], voxels * perVoxel, 1e-12)).toBe(true);
    }
  });

  it('first order: RootMeanSquared^2 = Mean^2 + Variance and Energy = N_p x RootMeanSquared^2', () => {
    for (let i = 0; i < n; i++) {
      const voxels = Math.round(get('original_gldm_DependenceNonUniformity')[i] / get('original_gldm_DependenceNonUniformityNormalized')[i]);
      for (const t of withClass('firstorder')) {
        const f = (name: string) => get(`${t}_firstorder_${name}`)[i];
        expect(relClose(f('RootMeanSquared') ** 2, f('Mean') ** 2 + f('Variance'), 1e-12)).toBe(true);
        expect(relClose(f('Energy'), voxels * (f('Mean') ** 2 + f('Variance')), 1e-12)).toBe(true);
      }
    }
  });

  it('non-uniformities = count x normalised value, one count per matrix (runs, zones, voxels)', () => {
    for (let i = 0; i < n; i++) {
      const voxels = Math.round(get('original_gldm_DependenceNonUniformity')[i] / get('original_gldm_DependenceNonUniformityNormalized')[i]);
      for (const t of withClass('glrlm')) {
        const f = (name: string) => get(`${t}_glrlm_${name}`)[i];
        const runs = f('GrayLevelNonUniformity') / f('GrayLevelNonUniformityNormalized');
        expect(relClose(f('RunLengthNonUniformity') / f('RunLengthNonUniformityNormalized'), runs)).toBe(true);
        expect(relClose(runs, f('RunPercentage') * voxels)).toBe(true);
      }
      for (const t of withClass('glszm')) {
        const f = (name: string) => get(`${t}_glszm_${name}`)[i];
        const zones = f('GrayLevelNonUniformity') / f('GrayLevelNonUniformityNormalized');
        expect(relClose(f('SizeZoneNonUniformity') / f('SizeZoneNonUniformityNormalized'), zones)).toBe(true);
        expect(relClose(zones, f('ZonePercentage') * voxels)).toBe(true);
      }
      for (const t of withClass('gldm')) {
        // gldm GrayLevelNonUniformity = N_p x first-order Uniformity of the same image
        expect(relClose(get(`${t}_gldm_GrayLevelNonUniformity`)[i], voxels * get(`${t}_firstorder_Uniformity`)[i])).toBe(true);
      }
    }
  });
});
