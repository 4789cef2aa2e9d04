/**
 * pyradiomics parity: every feature of every baseline configuration (pyradiomics' own test data: brain1,
 * brain2, breast1; baseline_<class>.csv; configurations default, 2d, FBN, combined, flatRegion, normalization,
 * resampling, resegmentation) within 1e-6 relative, with the configuration's settings read from its
 * diagnostics column; and the texture matrices equal pyradiomics' intermediate <case>_<class>.npy.
 */
import { describe, expect, it } from 'vitest';
import {
  extractFeatures,
  glcmMatrix,
  gldmMatrix,
  glrlmMatrix,
  glszmMatrix,
  ngtdmMatrix,
  prepareRoi,
  readVolume,
  resolveSettings,
  textureInput,
  type FeatureClass,
  type Volume,
} from '@radsweep/radiomics';
import { readNpy } from './support/npy';
import { baselineSettings, CASES, imagePath, labelPath, pyradiomicsPath, readBaseline, type CaseName } from './support/radiomics-data';

const TOLERANCE = 1e-6;

/**
 * Features whose baseline this extractor does not reach within 1e-6, each with its tolerance and reason.
 * brain1's mesh (pyradiomics 2.0.1b1 made the shape baseline in 2018): its volume and area differ by 1.2e-4
 * and 7.9e-4 from the marching cubes of pyradiomics' current cshape.c, which this port follows (same table,
 * same vertices: its diameters agree to 1e-15, and brain2's and breast1's meshes to 1e-12); the two features
 * derived from them follow. pyradiomics' own test suite accepts 3%.
 */
const DECLARED: Record<string, { tolerance: number; reason: string }> = {
  'brain1 original_shape_MeshVolume': { tolerance: 2e-4, reason: 'brain1 mesh differs from the 2018 baseline' },
  'brain1 original_shape_SurfaceArea': { tolerance: 1e-3, reason: 'brain1 mesh differs from the 2018 baseline' },
  'brain1 original_shape_SurfaceVolumeRatio': { tolerance: 1e-3, reason: 'from MeshVolume and SurfaceArea' },
  'brain1 original_shape_Sphericity': { tolerance: 1e-3, reason: 'from MeshVolume and SurfaceArea' },
};

const volumes = new Map<CaseName, { image: Volume; mask: Volume }>();
function caseVolumes(c: CaseName) {
  if (!volumes.has(c)) volumes.set(c, { image: readVolume(imagePath(c)), mask: readVolume(labelPath(c)) });
  return volumes.get(c)!;
}

const CLASSES: FeatureClass[] = ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'];
const columns = CLASSES.flatMap((cls) =>
  readBaseline(cls)
    .filter((col) => (CASES as readonly string[]).includes(col.testCase))
    .map((col) => ({ cls, col })),
);

describe('pyradiomics baselines, every feature within 1e-6 relative', () => {
  for (const { cls, col } of columns) {
    it(`${col.column} ${cls} (${col.features.size} features)`, () => {
      const { image, mask } = caseVolumes(col.testCase);
      const got = extractFeatures(image, mask, baselineSettings(col), [cls]);
      expect(Object.keys(got).sort()).toEqual([...col.features.keys()].sort());
      for (const [name, ref] of col.features) {
        const declared = DECLARED[`${col.column} ${name}`];
        const rel = ref === 0 ? Math.abs(got[name]) : Math.abs(got[name] / ref - 1);
        expect(rel, `${name}: got ${got[name]}, pyradiomics ${ref}${declared ? ` (${declared.reason})` : ''}`).toBeLessThanOrEqual(declared?.tolerance ?? TOLERANCE);
      }
    });
  }
});

describe('shape2D baselines (pyradiomics\' 2-D test masks: slice 16 of brain1\'s label, slice 9 of breast1\'s)', () => {
  for (const col of readBaseline('shape2D').filter((c) => c.column === 'brain1_shape2D' || c.column === 'breast1_shape2D')) {
    const c = col.column.split('_')[0] as CaseName;
    const slice = c === 'brain1' ? 16 : 9;
    it(`${col.column} (${col.features.size} features)`, () => {
      const { image, mask } = caseVolumes(c);
      const [nx, ny] = mask.size;
      const data = new Uint8Array(mask.data.length);
      for (let i = slice * nx * ny; i < (slice + 1) * nx * ny; i++) data[i] = mask.data[i] === 1 ? 1 : 0;
      const voxels = data.reduce((s, v) => s + v, 0);
      expect(voxels).toBe(Number(col.diagnostics.get('diagnostics_Mask-original_VoxelNum')));
      const got = extractFeatures(image, { ...mask, data }, baselineSettings(col), ['shape2D']);
      expect(Object.keys(got).sort()).toEqual([...col.features.keys()].sort());
      for (const [name, ref] of col.features) expect(Math.abs(got[name] / ref - 1), `${name}: got ${got[name]}, pyradiomics ${ref}`).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});

describe('shape2D refusals', () => {
  it('needs force2D and an ROI one slice thick', () => {
    const { image, mask } = caseVolumes('breast1');
    expect(() => extractFeatures(image, mask, {}, ['shape2D'])).toThrow(/settings\.force2D: shape2D features need force2D: true/);
    expect(() => extractFeatures(image, mask, { force2D: true }, ['shape2D'])).toThrow(/one voxel thick along dimension 0, it spans 3/);
  });
});

describe("texture matrices equal pyradiomics' baseline .npy", () => {
  const equalWithin = (got: number, ref: number, what: string) => expect(Math.abs(got - ref), what).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref)));

  for (const c of CASES) {
    const { image, mask } = caseVolumes(c);
    const settings = resolveSettings({});
    const texture = textureInput(prepareRoi(image, mask, settings), settings);

    it(`${c} GLCM (levels x levels x angles, normalised per angle)`, () => {
      const ref = readNpy(pyradiomicsPath(`baseline/${c}_glcm.npy`));
      const m = glcmMatrix(texture);
      expect(ref.shape).toEqual([m.n, m.n, m.angles]);
      for (let i = 0; i < m.n; i++)
        for (let j = 0; j < m.n; j++)
          for (let a = 0; a < m.angles; a++) equalWithin(m.p[a * m.n * m.n + i * m.n + j], ref.data[(i * m.n + j) * m.angles + a], `(${i}, ${j}, ${a})`);
    });

    it(`${c} GLRLM (levels x run lengths x angles, counts)`, () => {
      const ref = readNpy(pyradiomicsPath(`baseline/${c}_glrlm.npy`));
      const m = glrlmMatrix(texture);
      expect(ref.shape).toEqual([m.n, m.nr, m.angles]);
      for (let i = 0; i < m.n; i++)
        for (let r = 0; r < m.nr; r++)
          for (let a = 0; a < m.angles; a++) equalWithin(m.p[a * m.n * m.nr + i * m.nr + r], ref.data[(i * m.nr + r) * m.angles + a], `(${i}, ${r}, ${a})`);
    });

    it(`${c} GLSZM and GLDM (levels x sizes / dependences)`, () => {
      const szm = glszmMatrix(texture);
      const refSz = readNpy(pyradiomicsPath(`baseline/${c}_glszm.npy`));
      expect(refSz.shape).toEqual([szm.n, szm.ns]);
      szm.p.forEach((v, k) => equalWithin(v, refSz.data[k], `glszm ${k}`));
      const dm = gldmMatrix(texture);
      const refDm = readNpy(pyradiomicsPath(`baseline/${c}_gldm.npy`));
      expect(refDm.shape).toEqual([dm.n, dm.nd]);
      dm.p.forEach((v, k) => equalWithin(v, refDm.data[k], `gldm ${k}`));
    });

    it(`${c} NGTDM (levels x [count, sum of differences, level])`, () => {
      const m = ngtdmMatrix(texture);
      const ref = readNpy(pyradiomicsPath(`baseline/${c}_ngtdm.npy`));
      expect(ref.shape).toEqual([m.count.length, 3]);
      for (let i = 0; i < m.count.length; i++) {
        equalWithin(m.count[i], ref.data[3 * i], `count ${i}`);
        equalWithin(m.sumDiff[i], ref.data[3 * i + 1], `s ${i}`);
        equalWithin(m.grey[i], ref.data[3 * i + 2], `level ${i}`);
      }
    });
  }
});
