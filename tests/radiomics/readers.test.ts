/**
 * NRRD and NIfTI readers. Voxel data are checked against the SHA-1 hashes SimpleITK (sitk.Hash) recorded in
 * pyradiomics' baselines for the same files, geometry against the headers and the baselines' spacing
 * diagnostics; raw, big-endian, RAS and uncompressed variants are written here from the decoded files.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readNifti, readNrrd, readVolume } from '@radsweep/radiomics';
import { CASES, imagePath, labelPath, phantomPath, readBaseline } from './support/radiomics-data';

const sha1 = (a: ArrayBufferView) => createHash('sha1').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const firstOrder = readBaseline('firstorder');
const tmp = mkdtempSync(join(tmpdir(), 'radiomics-readers-'));

/** The header of a NRRD file (up to and including the blank line) and its gunzipped payload. */
function splitNrrd(file: string): { header: string; payload: Buffer } {
  const bytes = readFileSync(file);
  const end = bytes.indexOf('\n\n') + 2;
  return { header: bytes.toString('latin1', 0, end), payload: gunzipSync(bytes.subarray(end)) };
}

describe('NRRD reader', () => {
  for (const c of CASES) {
    it(`${c}: voxels hash as SimpleITK's, spacing as pyradiomics' diagnostics`, () => {
      const image = readVolume(imagePath(c));
      const mask = readVolume(labelPath(c));
      const ref = firstOrder.find((col) => col.column === c)!;
      expect(sha1(image.data)).toBe(ref.diagnostics.get('diagnostics_Image-original_Hash'));
      // pyradiomics' tests read the mask cast to UInt32
      expect(sha1(Uint32Array.from(mask.data))).toBe(ref.diagnostics.get('diagnostics_Mask-original_Hash'));
      const spacing = ref.diagnostics.get('diagnostics_Image-original_Spacing')!.replace(/[()]/g, '').split(',').map(Number);
      image.spacing.forEach((s, d) => expect(s).toBeCloseTo(spacing[d], 12));
      expect(mask.size).toEqual(image.size);
    });
  }

  it('brain1 geometry: space directions give spacing and direction, space origin the origin (LPS)', () => {
    const v = readVolume(imagePath('brain1'));
    expect(v.size).toEqual([256, 256, 25]);
    expect(v.direction).toEqual([1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(v.origin).toEqual([-99.609374999999986, 99.609374999999986, -77.999999999999957]);
    expect(v.data).toBeInstanceOf(Int16Array);
  });

  it('raw and big-endian encodings read the same voxels; a RAS space is flipped to LPS', () => {
    const { header, payload } = splitNrrd(imagePath('breast1'));
    const gz = readVolume(imagePath('breast1'));
    const raw = readNrrd(Buffer.concat([Buffer.from(header.replace('encoding: gzip', 'encoding: raw'), 'latin1'), payload]), 'raw.nrrd');
    expect(raw.data).toEqual(gz.data);
    const swapped = Buffer.from(payload);
    swapped.swap16();
    const big = readNrrd(
      Buffer.concat([Buffer.from(header.replace('encoding: gzip', 'encoding: raw').replace('endian: little', 'endian: big'), 'latin1'), swapped]),
      'big.nrrd',
    );
    expect(big.data).toEqual(gz.data);
    const ras = readNrrd(
      Buffer.concat([Buffer.from(header.replace('encoding: gzip', 'encoding: raw').replace('left-posterior-superior', 'right-anterior-superior'), 'latin1'), payload]),
      'ras.nrrd',
    );
    expect(ras.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(ras.origin).toEqual([116.54304, 48.14465400000001, 9.4500000000000295]);
  });

  it('a truncated file is refused with an error naming it', () => {
    const bytes = readFileSync(imagePath('breast1'));
    const cut = join(tmp, 'cut.nrrd');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 5000));
    expect(() => readVolume(cut)).toThrow(/cut\.nrrd.*(truncated|decompress)/);
    const { header, payload } = splitNrrd(imagePath('breast1'));
    const shortRaw = join(tmp, 'short-raw.nrrd');
    writeFileSync(shortRaw, Buffer.concat([Buffer.from(header.replace('encoding: gzip', 'encoding: raw'), 'latin1'), payload.subarray(0, 1000)]));
    expect(() => readVolume(shortRaw)).toThrow(/short-raw\.nrrd: truncated voxel data: expected 226800 bytes/);
  });

  it('refuses a non-NRRD file, an unknown extension and a missing file by name', () => {
    const bogus = join(tmp, 'bogus.nrrd');
    writeFileSync(bogus, 'hello\n\n');
    expect(() => readVolume(bogus)).toThrow(/bogus\.nrrd: not a NRRD file/);
    expect(() => readVolume(join(tmp, 'image.mha'))).toThrow(/image\.mha: unknown image format/);
    expect(() => readVolume(join(tmp, 'absent.nrrd'))).toThrow(/absent\.nrrd: cannot read the file \(ENOENT\)/);
  });
});

describe('NIfTI-1 reader', () => {
  // The IBSI digital phantom as numpy prints it (z, y, x): its documented 5 x 4 x 4 grid of grey levels.
  const PHANTOM_FIRST_SLICE = [1, 4, 4, 1, 1, 1, 4, 6, 1, 1, 4, 1, 6, 4, 1, 4, 4, 6, 4, 1];

  it('reads the IBSI digital phantom (.nii.gz): 5 x 4 x 4 voxels of 2 mm, LPS geometry from the sform', () => {
    const v = readVolume(phantomPath('phantom.nii.gz'));
    expect(v.size).toEqual([5, 4, 4]);
    expect(v.spacing).toEqual([2, 2, 2]);
    expect(Array.from(v.data.subarray(0, 20))).toEqual(PHANTOM_FIRST_SLICE);
    // sform diag(-2, -2, 2) in RAS is the identity in LPS
    expect(v.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(v.origin).toEqual([0, 0, 0]);
    const mask = readVolume(phantomPath('mask.nii.gz'));
    expect(Array.from(mask.data).reduce((s, x) => s + x, 0)).toBe(74);
  });

  it('uncompressed .nii reads the same; the qform gives the same geometry when the sform is absent', () => {
    const bytes = gunzipSync(readFileSync(phantomPath('phantom.nii.gz')));
    const gz = readVolume(phantomPath('phantom.nii.gz'));
    const plain = join(tmp, 'phantom.nii');
    writeFileSync(plain, bytes);
    expect(readVolume(plain)).toEqual({ ...gz, source: plain });
    const noSform = Buffer.from(bytes);
    noSform.writeInt16LE(0, 254); // sform_code = 0
    const q = readNifti(noSform, 'qform.nii');
    expect(q.direction).toEqual(gz.direction);
    expect(q.origin).toEqual(gz.origin);
  });

  it('refuses a truncated image and a non-NIfTI file by name', () => {
    const bytes = gunzipSync(readFileSync(phantomPath('phantom.nii.gz')));
    const cut = join(tmp, 'cut.nii');
    writeFileSync(cut, bytes.subarray(0, 400));
    expect(() => readVolume(cut)).toThrow(/cut\.nii: truncated voxel data/);
    const header = join(tmp, 'header.nii');
    writeFileSync(header, bytes.subarray(0, 100));
    expect(() => readVolume(header)).toThrow(/header\.nii: truncated NIfTI header/);
    const other = join(tmp, 'other.nii.gz');
    writeFileSync(other, readFileSync(imagePath('breast1')).subarray(0, 400));
    expect(() => readVolume(other)).toThrow(/other\.nii\.gz: not a NIfTI-1 file/);
  });
});
