import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MULTICENTRE_CENTRES, generateMulticentreCohort, multicentreCsv, multicentreFeatures } from '@radsweep/pipeline';

/** The shipped multicentre example files are what the seeded generator writes (scripts/generate-multicentre.ts, seed 11). */
const DATA = resolve(__dirname, '../../examples/data');
const cohort = generateMulticentreCohort({ seed: 11 });

describe('multicentre synthetic cohort', () => {
  it('regenerating gives the shipped files byte for byte (pooled and per centre)', () => {
    expect(multicentreCsv(cohort)).toBe(readFileSync(resolve(DATA, 'multicentre.csv'), 'utf8'));
    for (const c of MULTICENTRE_CENTRES) expect(multicentreCsv(cohort, [c.id]), c.id).toBe(readFileSync(resolve(DATA, `multicentre-centre-${c.id}.csv`), 'utf8'));
    expect(Buffer.byteLength(multicentreCsv(cohort))).toBeLessThan(2_000_000);
  });

  it('another seed gives another sample, the same seed the same one', () => {
    expect(multicentreCsv(generateMulticentreCohort({ seed: 12 }))).not.toBe(multicentreCsv(cohort));
    expect(multicentreCsv(generateMulticentreCohort({ seed: 11 }))).toBe(multicentreCsv(cohort));
  });

  it('has the centre column, lesion and liver families, binary and time-to-event outcomes', () => {
    const h = cohort.header;
    expect(h.slice(0, 8)).toEqual(['id', 'centre', 'age', 'sex', 'cea', 'label', 'time', 'event']);
    expect(h.filter((c) => c.startsWith('lesion_'))).toHaveLength(18);
    expect(h.filter((c) => c.startsWith('liver_'))).toHaveLength(15);
    expect(new Set(cohort.rows.map((r) => r[1]))).toEqual(new Set(['A', 'B', 'C']));
    const events = cohort.rows.filter((r) => r[7] === '1').length;
    const positives = cohort.rows.filter((r) => r[5] === '1').length;
    expect(events / cohort.rows.length).toBeGreaterThan(0.3);
    expect(positives / cohort.rows.length).toBeGreaterThan(0.15);
    expect(cohort.rows.filter((r) => r[1] === 'B' && r[4] === '').length).toBeGreaterThan(5);
  });

  it('each centre\'s scanner shifts location and scale of its feature families, in both ROIs, as planned', () => {
    const features = multicentreFeatures();
    const ref = MULTICENTRE_CENTRES[0];
    const values = (centre: string, j: number) => cohort.rows.filter((r) => r[1] === centre).map((r) => Number(r[8 + j]));
    for (const centre of MULTICENTRE_CENTRES.slice(1)) {
      for (const roi of ['lesion', 'liver'] as const) {
        for (const family of ['firstorder', 'glcm', 'glrlm'] as const) {
          const idx = features.flatMap((f, j) => (f.roi === roi && f.family === family ? [j] : []));
          // location: mean over the family's features of (centre mean - reference mean) / feature SD
          const shift = mean(idx.map((j) => (mean(values(centre.id, j)) - mean(values(ref.id, j))) / features[j].sd));
          const ratio = mean(idx.map((j) => sd(values(centre.id, j)) / sd(values(ref.id, j))));
          const planned = centre.scanner[family];
          expect(Math.abs(shift - planned.loc), `${centre.id} ${roi} ${family} location ${shift}`).toBeLessThan(0.2);
          expect(Math.abs(ratio / planned.scale - 1), `${centre.id} ${roi} ${family} scale ${ratio}`).toBeLessThan(0.15);
        }
      }
      const shape = features.flatMap((f, j) => (f.family === 'shape' ? [j] : []));
      const shapeShift = mean(shape.map((j) => (mean(values(centre.id, j)) - mean(values(ref.id, j))) / features[j].sd));
      expect(Math.abs(shapeShift), `${centre.id} shape`).toBeLessThan(0.2);
    }
  });
});

function mean(v: number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}

function sd(v: number[]): number {
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) * (x - m), 0) / (v.length - 1));
}
