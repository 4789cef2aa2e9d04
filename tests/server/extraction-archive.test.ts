/**
 * The server's tar reader on archives made by GNU tar (gzip or not; GNU long names and POSIX pax paths for
 * names over 100 characters), and what it refuses: links, `..` and absolute names, a cut archive, a bad header.
 * And the allowed-folder check: a link out of the root and `..` are caught, a missing file resolves in place.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPathText, resolveInsideRoots } from '../../apps/server/src/extraction/image-roots';
import { readTar } from '../../apps/server/src/extraction/tar-reader';
import { tarOf } from './support/extraction-study';

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
