/**
 * `radsweep extract` end to end (as a user runs it, in a child process with 2 worker threads): a manifest of
 * pyradiomics' breast1 case under two ids with a clinical column, a case whose label is absent and a case
 * whose image is missing. The CSV holds the two good cases with pyradiomics' baseline values; the failures
 * are reported naming the case and the file, and the others are kept.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { radsweep } from '../cli/cli-support';
import { csvCells, imagePath, labelPath, readBaseline } from './support/radiomics-data';

const dir = mkdtempSync(join(tmpdir(), 'radiomics-extract-'));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('radsweep extract', () => {
  it('extracts every case of the manifest, keeps the others when one fails, records provenance', async () => {
    writeFileSync(
      join(dir, 'cases.csv'),
      [
        'id,image,mask,label,age',
        `p1,${imagePath('breast1')},${labelPath('breast1')},,61`,
        `p2,${imagePath('breast1')},${labelPath('breast1')},1,"70"`,
        `p3,${imagePath('breast1')},${labelPath('breast1')},7,55`,
        `p4,missing_image.nrrd,${labelPath('breast1')},,40`,
      ].join('\n'),
    );
    // pyradiomics' default test configuration (its baseline column "breast1")
    writeFileSync(join(dir, 'params.yaml'), 'setting:\n  binWidth: 25\n  voxelArrayShift: 2000\n  minimumROIDimensions: 1\n');
    const run = await radsweep(['extract', '--manifest', join(dir, 'cases.csv'), '--params', join(dir, 'params.yaml'), '--out', join(dir, 'out', 'features.csv'), '--workers', '2']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/error: case p3: .*breast1_label\.nrrd: label 7 is not present in the mask \(labels found: 1\)/);
    expect(run.stderr).toMatch(/error: case p4: .*missing_image\.nrrd: cannot read the file \(ENOENT\)/);
    expect(run.stderr).toMatch(/2 of 4 cases extracted \(107 features\)/);

    const lines = readFileSync(join(dir, 'out', 'features.csv'), 'utf8').trim().split('\n').map(csvCells);
    const header = lines[0];
    expect(header.slice(0, 2)).toEqual(['id', 'age']);
    expect(lines.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['p1', '61'],
      ['p2', '70'],
    ]);
    let compared = 0;
    for (const cls of ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm']) {
      const ref = readBaseline(cls).find((c) => c.column === 'breast1')!;
      for (const [name, value] of ref.features) {
        const got = Number(lines[1][header.indexOf(name)]);
        expect(Math.abs(got / value - 1), name).toBeLessThanOrEqual(1e-6);
        expect(lines[2][header.indexOf(name)]).toBe(lines[1][header.indexOf(name)]);
        compared++;
      }
    }
    expect(compared).toBe(107);

    const provenance = JSON.parse(readFileSync(join(dir, 'out', 'features.csv.provenance.json'), 'utf8'));
    expect(provenance.params.sha256).toBe(sha256(join(dir, 'params.yaml')));
    expect(provenance.cases[0].sha256).toEqual({ image: sha256(imagePath('breast1')), mask: sha256(labelPath('breast1')) });
    expect(provenance.cases[3].error).toMatch(/missing_image\.nrrd/);
  });

  it('named ROIs give prefixed feature families, Wavelet adds the 8 decompositions, LoG one image per sigma; a bad parameter file is refused by name (exit 2)', async () => {
    writeFileSync(join(dir, 'one.csv'), `id,image,mask\nq1,${imagePath('breast1')},${labelPath('breast1')}\n`);
    writeFileSync(join(dir, 'rois.yaml'), 'imageType:\n  Original: {}\n  Wavelet: {}\n  LoG: {sigma: [1.0, 2.0]}\nfeatureClass:\n  firstorder:\nrois:\n  lesion: 1\n');
    const run = await radsweep(['extract', '--manifest', join(dir, 'one.csv'), '--params', join(dir, 'rois.yaml'), '--out', join(dir, 'rois.csv'), '--workers', '0', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const header = readFileSync(join(dir, 'rois.csv'), 'utf8').split('\n')[0].split(',');
    expect(header.length).toBe(1 + 11 * 18);
    expect(header.slice(1).filter((h) => /^lesion_log-sigma-[12]-0-mm-3D_firstorder_/.test(h)).length).toBe(2 * 18);
    expect(header.slice(1).filter((h) => h.startsWith('lesion_original_firstorder_')).length).toBe(18);
    expect(header.slice(1).filter((h) => /^lesion_wavelet-[LH]{3}_firstorder_/.test(h)).length).toBe(8 * 18);

    writeFileSync(join(dir, 'bad.yaml'), 'setting:\n  binWidth: -1\n');
    const bad = await radsweep(['extract', '--manifest', join(dir, 'one.csv'), '--params', join(dir, 'bad.yaml'), '--out', join(dir, 'bad.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml: settings\.binWidth: must be > 0, got -1/);
    writeFileSync(join(dir, 'haar.yaml'), 'imageType:\n  Wavelet: {wavelet: haar}\n');
    const haar = await radsweep(['extract', '--manifest', join(dir, 'one.csv'), '--params', join(dir, 'haar.yaml'), '--out', join(dir, 'haar.csv')]);
    expect(haar.code).toBe(2);
    expect(haar.stderr).toMatch(/haar\.yaml: imageType: Wavelet option wavelet: "haar" is not supported/);
  });
});
