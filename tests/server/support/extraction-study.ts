import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { pyradiomicsPath as pyradiomics } from '../../radiomics/support/radiomics-data';

/** pyradiomics' default test settings (its baseline configuration) with one named ROI: columns `lesion_original_...`. */
export const STUDY_PARAMS = 'setting:\n  binWidth: 25\n  voxelArrayShift: 2000\n  minimumROIDimensions: 1\nrois:\n  lesion: 1\n';

/**
 * A study folder `dir`: images/ with brain2 and breast1 (image and label) and a copy of breast1's image
 * cut in half (`bad_image.nrrd`), manifest.csv listing b2, bad (the truncated image) and br with an `age`
 * column, small.csv listing bad and br; params.yaml holds STUDY_PARAMS.
 */
export function makeStudy(dir: string): { manifest: string; params: string; files: Record<string, string> } {
  mkdirSync(join(dir, 'images'), { recursive: true });
  const files: Record<string, string> = {};
  for (const name of ['brain2_image.nrrd', 'brain2_label.nrrd', 'breast1_image.nrrd', 'breast1_label.nrrd']) {
    files[name] = join(dir, 'images', name);
    copyFileSync(pyradiomics(name), files[name]);
  }
  const whole = readFileSync(pyradiomics('breast1_image.nrrd'));
  files['bad_image.nrrd'] = join(dir, 'images', 'bad_image.nrrd');
  writeFileSync(files['bad_image.nrrd'], whole.subarray(0, whole.length >> 1));
  const manifest = join(dir, 'manifest.csv');
  // breast1 and the bad case only: small enough for the tests' 1 MiB upload limit once archived
  writeFileSync(join(dir, 'small.csv'), ['id,image,mask,age', 'bad,images/bad_image.nrrd,images/breast1_label.nrrd,55', 'br,images/breast1_image.nrrd,images/breast1_label.nrrd,70'].join('\n') + '\n');
  writeFileSync(
    manifest,
    [
      'id,image,mask,age',
      'b2,images/brain2_image.nrrd,images/brain2_label.nrrd,61',
      'bad,images/bad_image.nrrd,images/breast1_label.nrrd,55',
      'br,images/breast1_image.nrrd,images/breast1_label.nrrd,70',
    ].join('\n') + '\n',
  );
  const params = join(dir, 'params.yaml');
  writeFileSync(params, STUDY_PARAMS);
  return { manifest, params, files };
}

/** A plain ustar archive of `entries` (name: bytes) written by hand, so a test can put any name in it (`../x`). */
export function tarOf(entries: Record<string, Uint8Array | string>): Uint8Array<ArrayBuffer> {
  const blocks: Uint8Array[] = [];
  for (const [name, content] of Object.entries(entries)) {
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const header = new Uint8Array(512);
    const put = (text: string, at: number) => header.set(new TextEncoder().encode(text), at);
    put(name, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(data.length.toString(8).padStart(11, '0') + '\0', 124);
    put('00000000000\0', 136);
    put('        ', 148);
    put('0', 156);
    put('ustar\x0000', 257);
    let sum = 0;
    for (const b of header) sum += b;
    put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return new Uint8Array(Buffer.concat(blocks));
}

/**
 * A DICOM study folder `dir` from tests/fixtures/dicom: ct/ (the implicit-VR series), seg.dcm (its two-segment
 * SEG), ct-cut/ (the explicit-VR series with IM0003.dcm cut to 5000 bytes) and manifest.csv listing d1 (ct with
 * seg.dcm) and bad (ct-cut with seg.dcm), with an `age` column.
 */
export function makeDicomStudy(dir: string): { manifest: string; files: string[] } {
  const fixtures = join(__dirname, '..', '..', 'fixtures', 'dicom');
  mkdirSync(dir, { recursive: true });
  cpSync(join(fixtures, 'ct-implicit'), join(dir, 'ct'), { recursive: true });
  cpSync(join(fixtures, 'ct-explicit'), join(dir, 'ct-cut'), { recursive: true });
  const cut = join(dir, 'ct-cut', 'IM0003.dcm');
  writeFileSync(cut, readFileSync(cut).subarray(0, 5000));
  copyFileSync(join(fixtures, 'seg.dcm'), join(dir, 'seg.dcm'));
  const manifest = join(dir, 'manifest.csv');
  writeFileSync(manifest, 'id,image,mask,age\nd1,ct,seg.dcm,50\nbad,ct-cut/,seg.dcm,60\n');
  return { manifest, files: ['manifest.csv', 'ct', 'ct-cut', 'seg.dcm'] };
}

/** A zip archive of `entries` (name: bytes), deflated, written by hand (the server's reader is checked on Info-ZIP's elsewhere). */
export function zipOf(entries: Record<string, Uint8Array | string>): Uint8Array<ArrayBuffer> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.from(typeof content === 'string' ? new TextEncoder().encode(content) : content);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc32(data) >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc32(data) >>> 0, 16);
    header.writeUInt32LE(packed.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, nameBytes);
    parts.push(local, nameBytes, packed);
    offset += local.length + nameBytes.length + packed.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, dir, end]));
}
