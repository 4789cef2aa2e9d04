/**
 * The server's tar reader on archives made by GNU tar (gzip or not; GNU long names and POSIX pax paths for
 * names over 100 characters), and what it refuses: links, `..` and absolute names, a cut archive, a bad header.
 * And the allowed-folder check: a link out of the root and `..` are caught, a missing file resolves in place.
 * And an archive's DICOM series folder: stored as its files and their listing, hashed as the CLI hashes a folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveCases } from '../../apps/server/src/extraction/case-sources';
import { checkPathText, resolveInsideRoots } from '../../apps/server/src/extraction/image-roots';
import { readTar } from '../../apps/server/src/extraction/tar-reader';
import { inputSha256, parseFolderListing } from '@radsweep/radiomics';
import { tarOf, zipOf } from './support/extraction-study';

const dir = mkdtempSync(join(tmpdir(), 'radsweep-tar-reader-'));
const longFolder = `${'deep-folder-name-'.repeat(5)}x/${'another-long-folder-'.repeat(4)}y`;
mkdirSync(join(dir, 'src', longFolder), { recursive: true });
const payload = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 251));
writeFileSync(join(dir, 'src', longFolder, 'image.nrrd'), payload);
writeFileSync(join(dir, 'src', 'manifest.csv'), 'id,image,mask\n');

describe('readTar', () => {
  for (const [format, gzip] of [
    ['gnu', false],
    ['gnu', true],
    ['posix', true],
    ['ustar', false],
  ] as const) {
    it(`reads GNU tar's ${format} format${gzip ? ' gzipped' : ''}, long names included`, () => {
      const archive = join(dir, `a-${format}.tar${gzip ? '.gz' : ''}`);
      if (format === 'ustar') execFileSync('tar', ['--format=ustar', '-cf', archive, '-C', join(dir, 'src'), 'manifest.csv']);
      else execFileSync('tar', [`--format=${format}`, gzip ? '-czf' : '-cf', archive, '-C', join(dir, 'src'), 'manifest.csv', longFolder.split('/')[0]]);
      const files = readTar(readFileSync(archive), 'a.tar');
      const byName = new Map(files.map((f) => [f.name, Buffer.from(f.data)]));
      expect(byName.get('manifest.csv')?.toString()).toBe('id,image,mask\n');
      if (format !== 'ustar') {
        expect(`${longFolder}/image.nrrd`.length).toBeGreaterThan(100);
        expect(byName.get(`${longFolder}/image.nrrd`)?.equals(payload)).toBe(true);
      }
    });
  }

  it('refuses links, .. and absolute names, a cut archive and a damaged header, naming the archive and entry', () => {
    const link = join(dir, 'link.tar');
    symlinkSync('/etc/passwd', join(dir, 'src', 'passwd-link'));
    execFileSync('tar', ['-cf', link, '-C', join(dir, 'src'), 'passwd-link']);
    expect(() => readTar(readFileSync(link), 'link.tar')).toThrow(/link\.tar: passwd-link: entry type '2' \(a link or special file\) is not accepted/);
    expect(() => readTar(tarOf({ 'a/../../b.nrrd': 'x' }), 'up.tar')).toThrow(/up\.tar: a\/\.\.\/\.\.\/b\.nrrd: entry names may not be absolute or contain '\.\.'/);
    expect(() => readTar(tarOf({ '/etc/b.nrrd': 'x' }), 'abs.tar')).toThrow(/abs\.tar: \/etc\/b\.nrrd: entry names may not be absolute/);
    const whole = tarOf({ 'big.nrrd': 'y'.repeat(5000) });
    expect(() => readTar(whole.subarray(0, 2048), 'cut.tar')).toThrow(/cut\.tar: entry at byte 0 is cut short \(the archive is truncated\)/);
    const damaged = new Uint8Array(whole);
    damaged[10] ^= 0xff;
    expect(() => readTar(damaged, 'bad.tar')).toThrow(/bad\.tar: entry header at byte 0: bad checksum/);
    expect(() => readTar(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2]), 'x.tar.gz')).toThrow(/x\.tar\.gz: cannot decompress the archive/);
  });
});

describe('allowed image folders', () => {
  const root = mkdtempSync(join(tmpdir(), 'radsweep-roots-'));
  const outside = mkdtempSync(join(tmpdir(), 'radsweep-roots-out-'));
  writeFileSync(join(outside, 'secret.nrrd'), 'x');
  mkdirSync(join(root, 'in'));
  writeFileSync(join(root, 'in', 'ok.nrrd'), 'x');
  symlinkSync(join(outside, 'secret.nrrd'), join(root, 'in', 'leak.nrrd'));
  symlinkSync(join(root, 'in', 'ok.nrrd'), join(root, 'in', 'alias.nrrd'));

  it('accepts files inside (through a link that stays inside too) and missing files there; refuses links out, other folders, ..', () => {
    expect(resolveInsideRoots(join(root, 'in', 'ok.nrrd'), [root], 'image').real).toBe(join(root, 'in', 'ok.nrrd'));
    expect(resolveInsideRoots(join(root, 'in', 'alias.nrrd'), [root], 'image').real).toBe(join(root, 'in', 'ok.nrrd'));
    expect(resolveInsideRoots(join(root, 'in', 'not-yet.nrrd'), [root], 'image').real).toBe(join(root, 'in', 'not-yet.nrrd'));
    expect(() => resolveInsideRoots(join(root, 'in', 'leak.nrrd'), [root], 'image')).toThrow(/image: .*leak\.nrrd' is outside the folders this server allows/);
    expect(() => resolveInsideRoots(join(outside, 'secret.nrrd'), [root], 'image')).toThrow(/outside the folders/);
    expect(() => resolveInsideRoots(`${root}-sibling/x.nrrd`, [root], 'image')).toThrow(/outside the folders/); // a prefix is not a parent
    expect(() => resolveInsideRoots(join(root, 'in', 'ok.nrrd'), [], 'image')).toThrow(/no image folder is allowed on this server/);
    expect(() => checkPathText('in/../../etc/passwd', 'mask')).toThrow(/mask: 'in\/\.\.\/\.\.\/etc\/passwd': '\.\.' is not allowed/);
  });
});

describe('archive cases with a DICOM series folder', () => {
  const series = join(__dirname, '..', 'fixtures', 'dicom', 'ct-implicit');
  const entries: Record<string, Uint8Array | string> = { 'study/manifest.csv': 'id,image,mask\nd1,ct,seg.dcm\n', 'study/seg.dcm': 'seg' };
  for (const f of readdirSync(series)) entries[`study/ct/${f}`] = readFileSync(join(series, f));
  entries['study/ct/.DS_Store'] = 'hidden: not part of the series';
  entries['study/ct/nested/x.dcm'] = 'a subfolder: not part of the series';

  it("a folder stands as its files' listing, stored with each file; its sha256 is the folder's as the CLI hashes it", () => {
    for (const [archive, bytes] of [['s.zip', zipOf(entries)], ['s.tar', tarOf(entries)]] as const) {
      const work = mkdtempSync(join(tmpdir(), 'radsweep-archive-cases-'));
      writeFileSync(join(work, archive), bytes);
      const filesDir = mkdtempSync(join(tmpdir(), 'radsweep-archive-files-'));
      const source = archiveCases({ path: join(work, archive), fileName: archive, filesDir });
      const [c] = source.cases;
      expect([c.image, c.imageSha256], archive).toEqual(['study/ct', inputSha256(series)]);
      const listing = parseFolderListing(readFileSync(source.files[c.imageSha256!], 'utf8'))!;
      expect(listing.map((f) => f.name)).toEqual(readdirSync(series).sort());
      for (const f of listing) expect(readFileSync(source.files[f.sha256]).equals(readFileSync(join(series, f.name)))).toBe(true);
    }
  });

  it('an uploaded file that poses as a folder listing is refused; a missing folder leaves the case to fail', () => {
    const work = mkdtempSync(join(tmpdir(), 'radsweep-archive-cases-'));
    writeFileSync(join(work, 'fake.zip'), zipOf({ 'manifest.csv': 'id,image,mask\nx,list.txt,seg.dcm\n', 'list.txt': `radsweep folder listing v1\n${'0'.repeat(64)}  a.dcm\n` }));
    expect(() => archiveCases({ path: join(work, 'fake.zip'), fileName: 'fake.zip', filesDir: work })).toThrow('fake.zip: list.txt: this file looks like a RadSweep folder listing, which an archive may not hold');
    writeFileSync(join(work, 'none.zip'), zipOf({ 'manifest.csv': 'id,image,mask\nx,ct,seg.dcm\n' }));
    expect(archiveCases({ path: join(work, 'none.zip'), fileName: 'none.zip', filesDir: work }).cases[0].imageSha256).toBeNull();
  });
});
