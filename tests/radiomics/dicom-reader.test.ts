/**
 * DICOM reader: CT series (implicit, explicit and deflated VR little endian; signed and unsigned; 16 and 8 bits)
 * and DICOM-SEG (BINARY and FRACTIONAL), read from tests/fixtures/dicom (made by
 * scripts/reference/make-dicom-fixtures.py with pydicom from pyradiomics' brain1, an oblique geometry and files
 * named out of slice order). The series must give the reference NRRD crop's voxels and geometry, and the crop
 * must be brain1's own voxels; bad inputs give errors naming the file.
 */
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMask, readDicomSeg, readVolume, type Volume } from '@radsweep/radiomics';
import { imagePath } from './support/radiomics-data';

const FIXTURES = join(__dirname, '..', 'fixtures', 'dicom');
const fixture = (...p: string[]) => join(FIXTURES, ...p);
const tmp = mkdtempSync(join(tmpdir(), 'radiomics-dicom-'));
const reference = readVolume(fixture('reference', 'image.nrrd'));

function expectSameGeometry(got: Volume, want: Volume): void {
  expect(got.size).toEqual(want.size);
  got.spacing.forEach((s, i) => expect(s).toBeCloseTo(want.spacing[i], 7)); // positions are 10-digit decimal strings
  got.origin.forEach((s, i) => expect(s).toBeCloseTo(want.origin[i], 6));
  got.direction.forEach((s, i) => expect(s).toBeCloseTo(want.direction[i], 8));
}

function expectSameVoxels(got: Volume, want: Volume): void {
  expect(got.data.length).toBe(want.data.length);
  let differ = 0;
  for (let i = 0; i < want.data.length; i++) if (got.data[i] !== want.data[i]) differ++;
  expect(differ).toBe(0);
}

/**
 * An implicit-VR file's top-level text element `group,element` set to `text` (padded to even length): the
 * element's 4-byte length and value are replaced in place, so a test can change a slice's geometry.
 */
function setImplicitText(file: string, group: number, element: number, text: string): void {
  const bytes = readFileSync(file);
  const tagBytes = Buffer.alloc(4);
  tagBytes.writeUInt16LE(group, 0);
  tagBytes.writeUInt16LE(element, 2);
  const at = bytes.indexOf(tagBytes, 132 + 12); // after the preamble and the meta group's start
  const length = bytes.readUInt32LE(at + 4);
  const value = Buffer.from(text.length % 2 ? `${text} ` : text, 'latin1');
  const head = Buffer.alloc(8);
  tagBytes.copy(head, 0);
  head.writeUInt32LE(value.length, 4);
  writeFileSync(file, Buffer.concat([bytes.subarray(0, at), head, value, bytes.subarray(at + 8 + length)]));
}

/** A slice's file, by its index along the normal, in a folder copied from a fixture series. */
function sliceFile(dir: string, k: number): string {
  const z0 = reference.origin[2] + k * reference.spacing[2] * reference.direction[8];
  return join(dir, readdirSync(dir).find((f) => Math.abs(readVolume(join(dir, f)).origin[2] - z0) < 1e-3)!);
}

/** A copy of a fixture series folder in tmp, to damage. */
function copySeries(name: string, as: string): string {
  const dir = join(tmp, as);
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

describe('DICOM series reader', () => {
  it('the reference crop is brain1 itself (the crop offsets of the fixture script) with an oblique direction', () => {
    const brain = readVolume(imagePath('brain1'));
    const [nx, ny, nz] = reference.size;
    const [x0, y0, z0] = [158, 80, 9];
    let differ = 0;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          if (reference.data[i + nx * (j + ny * k)] !== brain.data[x0 + i + brain.size[0] * (y0 + j + brain.size[1] * (z0 + k))]) differ++;
        }
    expect(differ).toBe(0);
    expect(Math.abs(reference.direction[1])).toBeGreaterThan(0.2); // not an axis-aligned grid
  });

  for (const variant of ['ct-implicit', 'ct-explicit', 'ct-deflated']) {
    it(`${variant}: the reference crop's voxels and geometry, slices sorted by position (not by file name)`, () => {
      const files = readdirSync(fixture(variant)).sort();
      expect(files.length).toBe(reference.size[2]);
      const got = readVolume(fixture(variant));
      expectSameGeometry(got, reference);
      expectSameVoxels(got, reference);
      expect(got.source).toBe(fixture(variant));
    });
  }

  it('8-bit unsigned with an intercept: stored value + intercept, columns fastest', () => {
    const got = readVolume(fixture('ct8'));
    expect(got.size).toEqual([4, 3, 3]);
    for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 4; i++) expect(got.data[i + 4 * (j + 3 * k)]).toBe(i + 4 * j + 12 * k + 7 - 100);
  });

  it('a single DICOM file is a one-slice volume', () => {
    const one = readdirSync(fixture('ct-implicit')).sort()[0];
    const got = readVolume(fixture('ct-implicit', one));
    expect(got.size).toEqual([reference.size[0], reference.size[1], 1]);
    expect(got.spacing[2]).toBeCloseTo(6.5, 9);
  });

  it('a missing slice is refused naming the neighbouring files and the gap', () => {
    const dir = copySeries('ct-implicit', 'missing-slice');
    const positions = readdirSync(dir).map((f) => {
      const s = readVolume(join(dir, f));
      return { f, z: s.origin[0] * s.direction[2] + s.origin[1] * s.direction[5] + s.origin[2] * s.direction[8] };
    });
    positions.sort((a, b) => a.z - b.z);
    rmSync(join(dir, positions[4].f));
    expect(() => readVolume(dir)).toThrow(
      new RegExp(`missing-slice: missing slice: a gap of 13 mm between ${positions[3].f} and ${positions[5].f} where slices are 6.5 mm apart \\(1 slice missing\\)`),
    );
  });

  it('a truncated file is refused naming it', () => {
    const dir = copySeries('ct-explicit', 'truncated');
    const victim = join(dir, readdirSync(dir).sort()[3]);
    const bytes = readFileSync(victim);
    writeFileSync(victim, bytes.subarray(0, bytes.length - 1000));
    expect(() => readVolume(dir)).toThrow(`${victim}: truncated file: element (7FE0,0010)'s value of 8736 bytes at byte`);
  });

  it('a compressed transfer syntax is refused naming the file and the syntax', () => {
    const dir = copySeries('ct-implicit', 'jpeg');
    copyFileSync(fixture('bad', 'jpeg-baseline.dcm'), join(dir, 'jpeg.dcm'));
    expect(() => readVolume(dir)).toThrow(`${join(dir, 'jpeg.dcm')}: transfer syntax JPEG Baseline (1.2.840.10008.1.2.4.50) is not supported`);
  });

  it('mixed orientation, two slices at one position, unequal steps and an in-plane shift are refused naming the files', () => {
    const ipp = (k: number, along = 0) => [0, 1, 2].map((r) => reference.origin[r] + (k * reference.spacing[2] + along) * reference.direction[r * 3 + 2]).join('\\');
    const mixed = copySeries('ct-implicit', 'mixed-orientation');
    const turned = sliceFile(mixed, 6);
    const iop = [0, 1].flatMap((c) => [0, 1, 2].map((r) => reference.direction[r * 3 + c]));
    setImplicitText(turned, 0x0020, 0x0037, [...iop.slice(3), ...iop.slice(0, 3)].join('\\')); // rows and columns swapped
    expect(() => readVolume(mixed)).toThrow(new RegExp(`${turned}: mixed orientation in the series: ImageOrientationPatient \\(.*\\) differs from`));
    const twice = copySeries('ct-implicit', 'same-position');
    setImplicitText(sliceFile(twice, 6), 0x0020, 0x0032, ipp(5));
    expect(() => readVolume(twice)).toThrow(/same-position: two slices at the same position \(.*\): IM\d+\.dcm and IM\d+\.dcm/);
    const uneven = copySeries('ct-implicit', 'uneven');
    setImplicitText(sliceFile(uneven, 6), 0x0020, 0x0032, ipp(6, 1.5));
    expect(() => readVolume(uneven)).toThrow(/uneven: non-uniform slice spacing: steps from 5 to 8 mm \(largest between IM\d+\.dcm and IM\d+\.dcm\)/);
    const tilted = copySeries('ct-implicit', 'tilted');
    const shifted = sliceFile(tilted, 6);
    const p = ipp(6).split('\\').map(Number);
    setImplicitText(shifted, 0x0020, 0x0032, p.map((x, r) => x + 2 * reference.direction[r * 3]).join('\\')); // 2 mm along the rows
    expect(() => readVolume(tilted)).toThrow(`${shifted}: slice at`);
    expect(() => readVolume(tilted)).toThrow(/is shifted in-plane from IM\d+\.dcm \(gantry tilt or sheared stack is not supported\)/);
  });

  it('mixed series and a non-DICOM file are refused; hidden files are ignored', () => {
    const mixed = copySeries('ct-implicit', 'mixed');
    copyFileSync(fixture('ct-explicit', 'IM0000.dcm'), join(mixed, 'other.dcm'));
    expect(() => readVolume(mixed)).toThrow(/mixed: the folder holds 2 series \(.*: 11 files; .*: 1 files\); put one series per folder/);
    const text = copySeries('ct-implicit', 'with-text');
    writeFileSync(join(text, 'notes.txt'), 'hello');
    expect(() => readVolume(text)).toThrow(`${join(text, 'notes.txt')}: not a DICOM Part 10 file`);
    writeFileSync(join(text, '.DS_Store'), 'x'); // hidden files are ignored
    rmSync(join(text, 'notes.txt'));
    expect(readVolume(text).size).toEqual(reference.size);
  });
});

describe('DICOM-SEG reader', () => {
  const image = readVolume(fixture('ct-implicit'));

  it('each segment is its own label map on the image grid (overlapping segments stay whole)', () => {
    const seg = readDicomSeg(readFileSync(fixture('seg.dcm')), fixture('seg.dcm'), image);
    expect(seg.segments).toEqual([
      { number: 1, label: 'lesion' },
      { number: 2, label: 'surround' },
    ]);
    for (const n of [1, 2]) {
      const want = readVolume(fixture('reference', `segment-${n}.nrrd`));
      const got = seg.maskFor(n);
      expectSameGeometry(got, want);
      expectSameVoxels(got, want);
    }
    // the SEG placed on any image with the series' grid: the reference NRRD gives the same label map
    expectSameVoxels(openMask(fixture('seg.dcm'), reference).forLabel(2), readVolume(fixture('reference', 'segment-2.nrrd')));
    expect(() => seg.maskFor(3)).toThrow(`${fixture('seg.dcm')}: label 3 is not a segment of this segmentation (segments: 1 "lesion", 2 "surround")`);
  });

  it('FRACTIONAL: a voxel is in the segment when its value is at least half the maximum', () => {
    const got = openMask(fixture('seg-fractional.dcm'), image).forLabel(1);
    expectSameVoxels(got, readVolume(fixture('reference', 'segment-1.nrrd')));
  });

  it('a frame off the image grid is refused naming the frame and where it falls', () => {
    expect(() => openMask(fixture('bad', 'seg-off-grid.dcm'), image)).toThrow(
      /seg-off-grid\.dcm: frame 2 \(segment 1\) at \(.*\) is not on the image grid of .*ct-implicit: it falls at voxel \(0\.5, 0, \d+\)/,
    );
  });

  it('a SEG on another grid (the 8-bit series) is refused', () => {
    expect(() => openMask(fixture('seg.dcm'), readVolume(fixture('ct8')))).toThrow(/seg\.dcm: frame 1 \(segment 2\) at .* is not on the image grid of .*ct8/);
  });

  it('a DICOM image used as a mask is refused: a DICOM mask must be a SEG', () => {
    const file = fixture('ct-implicit', 'IM0000.dcm');
    expect(() => openMask(file, image)).toThrow(`${file}: not a DICOM Segmentation (SOP class 1.2.840.10008.5.1.4.1.1.2); a DICOM mask must be a DICOM-SEG`);
  });
});
