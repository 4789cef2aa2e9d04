import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
