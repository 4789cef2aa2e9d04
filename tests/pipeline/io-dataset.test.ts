import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RadSweepInputError } from '@radsweep/core';
import { readJson, sharedPath } from '../support/shared';
import { Dataset, DatasetOptions, buildDataset, datasetMatrix, readTable, selectFeatures } from '../../libs/pipeline/src/io';

const dir = mkdtempSync(join(tmpdir(), 'radsweep-io-dataset-'));
let fileNo = 0;
async function dataset(csv: string, opts: Partial<DatasetOptions> = {}): Promise<Dataset> {
  const path = join(dir, `d${fileNo++}.csv`);
  writeFileSync(path, csv);
  return buildDataset(await readTable(path), { idColumn: 'id', labelColumn: 'label', positiveClass: 1, ...opts });
}
async function datasetError(csv: string, opts: Partial<DatasetOptions> = {}): Promise<RadSweepInputError> {
  const err = await dataset(csv, opts).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RadSweepInputError);
  return err as RadSweepInputError;
}

const RADIOMICS =
  'id,label,age,original_shape_Elongation,original_firstorder_Entropy,wavelet-LLH_glcm_Contrast,site,original_firstorder_Mean\n' +
  '10,1,61,0.5,3.1,12,liver,1\n11,0,55,0.7,2.9,,lung,2\n12,1,70,0.6,3.3,15,liver,3\n13,0,48,0.8,,11,liver,4\n';

describe('buildDataset', () => {
  it('maps the label to 0/1, keeps ids as text and numeric candidate columns in file order', async () => {
    const ds = await dataset(RADIOMICS, { positiveClass: '1' });
    expect(ds.ids).toEqual(['10', '11', '12', '13']);
    expect(Array.from(ds.label)).toEqual([1, 0, 1, 0]);
    expect(ds.positives).toBe(2);
    expect(ds.columnOrder).toEqual(['age', 'original_shape_Elongation', 'original_firstorder_Entropy', 'wavelet-LLH_glcm_Contrast', 'original_firstorder_Mean']);
    expect([...ds.columns.keys()]).toEqual(ds.columnOrder);
    expect(ds.nonNumeric.get('site')).toEqual({ where: `${ds.source}:2`, text: 'liver' });
    expect(Array.from(ds.columns.get('wavelet-LLH_glcm_Contrast')!)).toEqual([12, NaN, 15, 11]);
    expect(ds.rowLabel(3)).toBe(`${ds.source}:5`);
  });

  it('accepts a text positive class and numeric text that spells the same number', async () => {
    const ds = await dataset('id,label,x\na,M,1\nb,B,2\nc,M,3\n', { positiveClass: 'M' });
    expect(Array.from(ds.label)).toEqual([1, 0, 1]);
    const ds2 = await dataset('id,label,x\n1,1.0,1\n2,0,2\n', { positiveClass: 1 });
    expect(Array.from(ds2.label)).toEqual([1, 0]);
  });

  it('names the row of a missing label', async () => {
    const err = await datasetError('id,label,x\n1,1,1\n2,,2\n3,0,3\n');
    expect(err.where).toMatch(/:3$/);
    expect(err.message).toMatch(/label column 'label' is missing in this row \(id 2\)/);
  });

  it('refuses a label with one class, giving the counts', async () => {
    const err = await datasetError('id,label,x\n1,0,1\n2,0,2\n3,0,3\n');
    expect(err.message).toMatch(/only one class: 0 rows equal the positive class '1' and 3 do not/);
    const all = await datasetError('id,label,x\n1,yes,1\n2,yes,2\n', { positiveClass: 'yes' });
    expect(all.message).toMatch(/2 rows equal the positive class 'yes' and 0 do not/);
  });

  it('suggests close names for a missing id or label column', async () => {
    const err = await datasetError('ID,Label,x\n1,1,1\n2,0,2\n');
    expect(err.message).toMatch(/id column 'id' not found; did you mean 'ID'/);
    const err2 = await datasetError('id,lable,x\n1,1,1\n2,0,2\n');
    expect(err2.message).toMatch(/label column 'label' not found; did you mean 'lable'/);
  });

  it('names duplicate ids with their lines', async () => {
    const err = await datasetError('id,label,x\n7,1,1\n8,0,2\n7,0,3\n');
    expect(err.message).toMatch(/duplicate ids: '7' \(.*:2 and .*:4\)/);
  });
});

describe('selectFeatures', () => {
  it('matches names and globs, in include-list order (file order within an entry), without duplicates, minus excludes', async () => {
    const ds = await dataset(RADIOMICS);
    expect(selectFeatures(ds, ['original_*', 'age', 'original_firstorder_*'])).toEqual([
      'original_shape_Elongation',
      'original_firstorder_Entropy',
      'original_firstorder_Mean',
      'age',
    ]);
    expect(selectFeatures(ds, ['*'], ['site', '*_Mean'])).toEqual(['age', 'original_shape_Elongation', 'original_firstorder_Entropy', 'wavelet-LLH_glcm_Contrast']);
    // excluding the id or the label column is harmless (they are never features)
    expect(selectFeatures(ds, ['*'], ['id', 'label', 'site', '*_Mean'])).toEqual(['age', 'original_shape_Elongation', 'original_firstorder_Entropy', 'wavelet-LLH_glcm_Contrast']);
    expect(selectFeatures(ds, ['age'], ['lab*'])).toEqual(['age']);
    expect(selectFeatures(ds, ['wavelet-LL?_*', 'original_[fs]*_E*'])).toEqual(['wavelet-LLH_glcm_Contrast', 'original_shape_Elongation', 'original_firstorder_Entropy']);
    expect(selectFeatures(ds, ['original_[!s]*'])).toEqual(['original_firstorder_Entropy', 'original_firstorder_Mean']);
  });

  it('never matches the id or label columns', async () => {
    const ds = await dataset(RADIOMICS);
    expect(selectFeatures(ds, ['*'], ['site'])).not.toContain('id');
    expect(() => selectFeatures(ds, ['label'], [], 'exp.yaml: featureSets[0]')).toThrow(RadSweepInputError);
  });

  it('names a pattern that matches nothing and where it was given', async () => {
    const ds = await dataset(RADIOMICS);
    const err = (() => {
      try {
        selectFeatures(ds, ['age', 'orignal_shape_Elongation'], [], 'exp.yaml: featureSets[0]');
      } catch (e) {
        return e as RadSweepInputError;
      }
    })()!;
    expect(err).toBeInstanceOf(RadSweepInputError);
    expect(err.where).toBe('exp.yaml: featureSets[0].include[1]');
    expect(err.message).toMatch(/pattern 'orignal_shape_Elongation' matches no column.*did you mean 'original_shape_Elongation'/);
    expect(() => selectFeatures(ds, ['*'], ['texture_*'])).toThrow(/pattern 'texture_\*' matches no column/);
  });

  it('refuses a non-numeric column, naming its first non-numeric cell', async () => {
    const ds = await dataset(RADIOMICS);
    expect(() => selectFeatures(ds, ['*'])).toThrow(new RegExp(`column 'site' is not numeric: its cell at .*d\\d+\\.csv:2 is "liver"`));
  });
});

describe('datasetMatrix', () => {
  it('copies the chosen columns and rows row-major, NaN for missing', async () => {
    const ds = await dataset(RADIOMICS);
    const m = datasetMatrix(ds, ['wavelet-LLH_glcm_Contrast', 'age'], [3, 1]);
    expect([m.rows, m.cols]).toEqual([2, 2]);
    expect(Array.from(m.data)).toEqual([11, 48, NaN, 55]);
    m.data[0] = -1;
    expect(ds.columns.get('wavelet-LLH_glcm_Contrast')![3]).toBe(11);
    expect(datasetMatrix(ds, ['age']).rows).toBe(4);
    expect(() => datasetMatrix(ds, ['site'])).toThrow(RadSweepInputError);
  });
});

describe('selectFeatures on the study cohort', () => {
  it("gives the seed protocol's radiomics + clinical set in the reference's column order", async () => {
    const ref = readJson('reference', 'crlm-synthetic-radiomics-clinical-sweep.json');
    const ds = buildDataset(await readTable(sharedPath('data', 'crlm-synthetic.csv')), { idColumn: 'id', labelColumn: 'label', positiveClass: 1 });
    const include = ['original_*', 'wavelet-*', 'log-sigma-*', 'age', 'body_mass_index', 'max_tumor_size', 'chemo_before_liver_resection'];
    expect(selectFeatures(ds, include)).toEqual(ref.feature_set.columns);
  });
});
