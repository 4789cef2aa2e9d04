import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RadSweepInputError } from '@radsweep/core';
import {
  CLINICAL_COLUMNS, HETEROGENEITY_FEATURES, IMAGE_TYPES, PYRADIOMICS_FEATURES, cohortCsv, generateCohort, radiomicsColumns,
} from '../../libs/pipeline/src/synthetic';
import { aucMannWhitney, hasShared, sharedPath } from '../support/shared';
import { cohortFromCsv, median, skewness, spearman } from './synthetic-support';

const EXAMPLE = resolve(__dirname, '../../examples/data/crlm-synthetic-radsweep.csv');
const study = () => cohortFromCsv({ patients: 197, seed: 42 });
const large = () => cohortFromCsv({ patients: 2000, seed: 7 });
const col = (c: ReturnType<typeof study>, name: string) => c.columns.get(name)!;
const mean = (x: ArrayLike<number>, keep: (i: number) => boolean = () => true) => {
  let s = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) if (keep(i) && !Number.isNaN(x[i])) { s += x[i]; n++; }
  return s / n;
};

describe('synthetic cohort: layout', () => {
  it('has id, label, 14 clinical and 995 radiomics columns in pyradiomics order', () => {
    const { header } = study();
    expect(header.length).toBe(1011);
    expect(header.slice(0, 16)).toEqual(['id', 'label', ...CLINICAL_COLUMNS]);
    const radiomics = header.slice(16);
    expect(new Set(radiomics).size).toBe(995);
    expect(radiomics.filter((h) => h.startsWith('original_shape_')).length).toBe(14);
    expect(radiomics.filter((h) => h.startsWith('log-sigma-3-0-mm-3D_')).length).toBe(48);
    // within a class, features sorted by pyradiomics' getter names
    const glcm = radiomics.filter((h) => h.startsWith('original_glcm_')).map((h) => h.slice('original_glcm_'.length));
    expect(glcm.indexOf('MCC')).toBeLessThan(glcm.indexOf('MaximumProbability'));
    expect(glcm.length).toBe(PYRADIOMICS_FEATURES.glcm.length);
    expect(IMAGE_TYPES.length).toBe(12);
  });

  it.skipIf(!hasShared)('matches the header of shared/data/crlm-synthetic.csv exactly', () => {
    const shared = readFileSync(sharedPath('data', 'crlm-synthetic.csv'), 'utf8').split('\n', 1)[0].split(',');
    expect(['id', 'label', ...CLINICAL_COLUMNS, ...radiomicsColumns().map((c) => c.name)]).toEqual(shared);
  });

  it('has 197 patients with 37 positives, ids 1..n, and CEA and clinrisk missing together for 29 (14.7 %)', () => {
    const c = study();
    expect(c.ids).toEqual(Array.from({ length: 197 }, (_, i) => i + 1));
    expect(c.label.reduce((s, v) => s + v, 0)).toBe(37);
    const cea = col(c, 'carcinoembryonic_antigen');
    const risk = col(c, 'clinrisk_stratified');
    for (let i = 0; i < 197; i++) expect(Number.isNaN(cea[i])).toBe(Number.isNaN(risk[i]));
    expect(cea.filter(Number.isNaN).length).toBe(29);
    const othersMissing = c.header.filter((h) => h !== 'carcinoembryonic_antigen' && h !== 'clinrisk_stratified' && col(c, h).some(Number.isNaN));
    expect(othersMissing).toEqual([]);
  });

  it('honours an explicit number of positives', () => {
    const c = generateCohort({ patients: 50, positives: 20, seed: 3 });
    expect(c.rows.reduce((s, r) => s + r[1], 0)).toBe(20);
  });

  it('refuses bad options with a RadSweepInputError naming the option', () => {
    expect(() => generateCohort({ patients: 1, seed: 1 })).toThrow(RadSweepInputError);
    expect(() => generateCohort({ patients: 10, positives: 10, seed: 1 })).toThrow(/positives/);
    expect(() => generateCohort({ patients: 10, seed: 0.5 })).toThrow(/seed/);
  });
});

describe('synthetic cohort: reproducibility', () => {
  it('gives byte-identical CSV for the same seed and a different cohort for another seed', () => {
    const a = cohortCsv(generateCohort({ patients: 40, seed: 11 }));
    expect(cohortCsv(generateCohort({ patients: 40, seed: 11 }))).toBe(a);
    const b = generateCohort({ patients: 40, seed: 12 });
    const first = generateCohort({ patients: 40, seed: 11 });
    let differing = 0;
    for (let i = 0; i < 40; i++) for (let j = 16; j < b.header.length; j++) if (b.rows[i][j] !== first.rows[i][j]) differing++;
    expect(differing / (40 * 995)).toBeGreaterThan(0.95);
  });

  it('the committed examples/data file is what the generator writes for 197 patients, seed 42', () => {
    expect(readFileSync(EXAMPLE, 'utf8')).toBe(study().text);
  });
});

describe('synthetic cohort: clinical variables follow the study Table 1', () => {
  it('has category shares close to the table (2,000 patients)', () => {
    const c = large();
    const share = (name: string, test: (v: number) => boolean) => {
      const x = col(c, name).filter((v) => !Number.isNaN(v));
      return x.filter(test).length / x.length;
    };
    const expected: [string, (v: number) => boolean, number][] = [
      ['sex', (v) => v === 1, 118 / 197],
      ['age', (v) => v < 60, 106 / 197],
      ['body_mass_index', (v) => v < 24, 58 / 197],
      ['body_mass_index', (v) => v > 28, 62 / 197],
      ['major_comorbidity', (v) => v === 1, 70 / 197],
      ['node_positive_primary', (v) => v === 1, 126 / 197],
      ['synchronous_crlm', (v) => v === 1, 98 / 197],
      ['multiple_metastases', (v) => v === 1, 104 / 197],
      ['clinrisk_stratified', (v) => v === 1, 47 / 168],
      ['carcinoembryonic_antigen', (v) => v < 5, 84 / 168],
      ['max_tumor_size', (v) => v < 5, 150 / 197],
      ['bilobar_disease', (v) => v === 1, 76 / 197],
      ['chemo_before_liver_resection', (v) => v === 1, 129 / 197],
      ['preoperative_pve', (v) => v === 1, 19 / 197],
      ['NASH_yesno', (v) => v === 1, 41 / 197],
    ];
    for (const [name, test, target] of expected) expect([name, Math.abs(share(name, test) - target) < 0.06]).toEqual([name, true]);
  });
});

describe('synthetic cohort: label association', () => {
  it('positives had chemotherapy more often, larger tumours and more heterogeneous texture (2,000 patients)', () => {
    const c = large();
    const pos = (i: number) => c.label[i] === 1;
    const neg = (i: number) => c.label[i] === 0;
    const chemo = col(c, 'chemo_before_liver_resection');
    expect(mean(chemo, pos) - mean(chemo, neg)).toBeGreaterThan(0.15);
    const logSize = col(c, 'max_tumor_size').map(Math.log);
    expect(mean(logSize, pos) - mean(logSize, neg)).toBeGreaterThan(0.25);
    // a heterogeneity score from the features that load on the latent factor, signs as declared
    const score = new Float64Array(c.ids.length);
    for (const [name, sign] of HETEROGENEITY_FEATURES) {
      const x = col(c, name);
      const m = mean(x);
      const sd = Math.sqrt(mean(x.map((v) => (v - m) ** 2)));
      x.forEach((v, i) => (score[i] += (sign * (v - m)) / sd));
    }
    expect(aucMannWhitney(c.label, score)).toBeGreaterThan(0.62);
    // ... and it is weak: no single clinical variable separates the classes well
    expect(aucMannWhitney(c.label, chemo)).toBeLessThan(0.75);
    // age plays no part
    expect(Math.abs(aucMannWhitney(c.label, col(c, 'age')) - 0.5)).toBeLessThan(0.05);
  });
});

describe('synthetic cohort: radiomics distributions', () => {
  const heavy = /_(firstorder_(Energy|TotalEnergy)|shape_(MeshVolume|VoxelVolume)|glszm_(LargeArea\w*|ZoneVariance|GrayLevelNonUniformity|SizeZoneNonUniformity)|glcm_ClusterProminence|glrlm_(GrayLevelNonUniformity|RunLengthNonUniformity)|gldm_(DependenceNonUniformity|GrayLevelNonUniformity))$/;

  it('has heavy right tails for size- and energy-like features', () => {
    const c = study();
    const heavyCols = c.header.filter((h) => heavy.test(h));
    expect(heavyCols.length).toBe(149);
    const skewed = heavyCols.filter((h) => skewness(col(c, h)) > 2);
    expect(skewed.length / heavyCols.length).toBeGreaterThan(0.8);
    const allSkewed = c.header.slice(16).filter((h) => skewness(col(c, h)) > 2);
    expect(allSkewed.length).toBeGreaterThan(250);
  });

  it('spans very different scales (medians from ~1e-3 to ~1e8)', () => {
    const c = study();
    const medians = c.header.slice(16).map((h) => Math.abs(median(Array.from(col(c, h)))));
    expect(Math.min(...medians)).toBeLessThan(2e-3);
    expect(Math.max(...medians)).toBeGreaterThan(1e8);
    expect(medians.filter((m) => m > 1e6).length).toBeGreaterThan(10);
  });

  it('is correlated inside an image type x class block, much less across blocks', () => {
    const c = study();
    const names = (prefix: string) => c.header.filter((h) => h.startsWith(prefix));
    const absRho = (a: string[], b: string[], same: boolean) => {
      const out: number[] = [];
      a.forEach((x, i) => b.forEach((y, j) => { if (!same || j > i) out.push(Math.abs(spearman(col(c, x), col(c, y)))); }));
      return median(out);
    };
    const glcm = names('wavelet-HLH_glcm_');
    const otherBlocks = c.header.slice(16).filter((h) => !h.startsWith('wavelet-HLH_') && !h.includes('_glcm_'));
    expect(absRho(glcm, glcm, true)).toBeGreaterThan(0.35);
    expect(absRho(glcm, otherBlocks, false)).toBeLessThan(0.1);
  });

  it('shape and volume-like features track max_tumor_size', () => {
    const c = study();
    const size = col(c, 'max_tumor_size');
    for (const name of ['original_shape_Maximum3DDiameter', 'original_shape_MeshVolume', 'original_firstorder_Energy', 'wavelet-LLL_glrlm_RunLengthNonUniformity']) {
      expect([name, spearman(size, col(c, name)) > 0.6]).toEqual([name, true]);
    }
  });
});
