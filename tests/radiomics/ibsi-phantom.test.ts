/**
 * IBSI 1 digital phantom (5 x 4 x 4 voxels of 2 mm, grey levels 1-6, no discretisation needed: bin width 1
 * counted from the ROI minimum is the identity): in `ibsi` mode every implemented feature with an IBSI
 * reference value of strong or very strong consensus is within its tolerance, or, where IBSI gives none,
 * equal to the reference at its 3 significant digits (IBSI's convention for the phantom).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFeatures, IBSI_AGGREGATION, IBSI_IDS, readVolume, type FeatureClass } from '@radsweep/radiomics';
import { sharedPath } from '../support/shared';
import { csvCells, phantomPath } from './support/radiomics-data';

interface Reference {
  feature: string;
  value: number;
  tolerance: number | null;
  consensus: string;
}

const rows = readFileSync(sharedPath('data', 'radiomics', 'ibsi', 'ibsi1_reference_values.csv'), 'utf8').trim().split(/\r?\n/).map(csvCells);
const header = rows[0];
const col = (name: string) => header.indexOf(name);
const phantomRows = rows.slice(1).filter((r) => r[col('dataset')] === 'digital phantom');

function reference(name: string): Reference | undefined {
  const cls = name.split('_')[1] as FeatureClass;
  const r = phantomRows.find((row) => row[col('ibsi_id')] === IBSI_IDS[name] && row[col('aggregation')] === IBSI_AGGREGATION[cls]);
  if (!r) return undefined;
  const tol = r[col('tolerance')];
  return { feature: r[col('feature')], value: Number(r[col('value')]), tolerance: tol === '' ? null : Number(tol), consensus: r[col('consensus')] };
}

/** Within the stated tolerance, or equal at the reference's 3 significant digits. */
function withinIbsi(got: number, ref: Reference): boolean {
  if (ref.tolerance !== null) return Math.abs(got - ref.value) <= ref.tolerance;
  return Math.abs(Number(got.toPrecision(3)) - ref.value) <= 1e-9 * Math.max(1, Math.abs(ref.value));
}

const image = readVolume(phantomPath('phantom.nii.gz'));
const mask = readVolume(phantomPath('mask.nii.gz'));
const ibsi = extractFeatures(image, mask, { mode: 'ibsi', binWidth: 1 });
const pyradiomics = extractFeatures(image, mask, { binWidth: 1 });
const compared = Object.keys(IBSI_IDS).filter((name) => {
  const ref = reference(name);
  return ref !== undefined && (ref.consensus === 'strong' || ref.consensus === 'very strong');
});

describe('IBSI 1 digital phantom, ibsi mode', () => {
  it('has a strong or very strong reference value for every mapped feature (102)', () => {
    expect(Object.keys(IBSI_IDS).filter((n) => !compared.includes(n))).toEqual([]);
    expect(compared.length).toBe(102);
  });

  for (const name of compared) {
    const ref = reference(name)!;
    it(`${name} = IBSI "${ref.feature}" ${ref.value}${ref.tolerance !== null ? ` +- ${ref.tolerance}` : ''}`, () => {
      expect(withinIbsi(ibsi[name], ref), `got ${ibsi[name]}`).toBe(true);
    });
  }

  it("pyradiomics mode differs exactly where documented: kurtosis (not excess) and the axis lengths' population covariance", () => {
    const off = compared.filter((name) => !withinIbsi(pyradiomics[name], reference(name)!));
    expect(off.sort()).toEqual(['original_firstorder_Kurtosis', 'original_shape_LeastAxisLength', 'original_shape_MinorAxisLength']);
    expect(pyradiomics.original_firstorder_Kurtosis - 3).toBeCloseTo(ibsi.original_firstorder_Kurtosis, 12);
    expect(ibsi.original_shape_MinorAxisLength / pyradiomics.original_shape_MinorAxisLength).toBeCloseTo(Math.sqrt(74 / 73), 12);
  });
});
