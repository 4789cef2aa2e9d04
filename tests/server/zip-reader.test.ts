/**
 * The server's zip reader on archives made by other writers (tests/fixtures/zip, made by
 * scripts/reference/make-zip-fixtures.py with Info-ZIP zip 3.0 and Python's zipfile): deflated, stored, streamed
 * (data descriptors) and commented archives give the files' bytes; links, `..` and absolute names, another
 * compression method, zip64, a truncated archive and a damaged entry are refused naming the archive and entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../../apps/server/src/extraction/read-archive';
import { readZip } from '../../apps/server/src/extraction/zip-reader';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'zip', name));
const FILES: Record<string, Buffer> = {
  'manifest.csv': Buffer.from('id,image,mask\np1,images/a.txt,images/b.bin\n'),
  'images/a.txt': Buffer.from('radiomics '.repeat(200)),
  'images/b.bin': Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
};

describe('readZip', () => {
  for (const name of ['infozip.zip', 'infozip-stored.zip', 'streamed.zip', 'python-deflate.zip']) {
    it(`${name}: every file with its bytes, folders skipped`, () => {
      const files = readZip(fixture(name), name);
      expect(files.map((f) => f.name).sort()).toEqual(Object.keys(FILES).sort());
      for (const f of files) expect(Buffer.from(f.data).equals(FILES[f.name]), f.name).toBe(true);
    });
  }

  it('readArchive picks the zip reader by the .zip name', () => {
    expect(readArchive(fixture('infozip.zip'), 'study.ZIP').length).toBe(3);
    expect(() => readArchive(fixture('infozip.zip'), 'study.tar')).toThrow(/study\.tar: entry header at byte 0: bad checksum/);
  });

  it('refuses links, .. and absolute names, other methods, naming the archive and the entry', () => {
    expect(() => readZip(fixture('link.zip'), 'link.zip')).toThrow('link.zip: passwd-link: a link or special file is not accepted');
    expect(() => readZip(fixture('dotdot.zip'), 'dotdot.zip')).toThrow("dotdot.zip: ../evil.txt: entry names may not be absolute or contain '..'");
    expect(() => readZip(fixture('absolute.zip'), 'absolute.zip')).toThrow("absolute.zip: /etc/evil.txt: entry names may not be absolute or contain '..'");
    expect(() => readZip(fixture('bzip2.zip'), 'bzip2.zip')).toThrow('bzip2.zip: manifest.csv: compression method 12 is not supported (stored and deflate are)');
  });

  it('refuses a truncated archive, a damaged entry, zip64 and a file that is not a zip', () => {
    const whole = fixture('infozip.zip');
    expect(() => readZip(whole.subarray(0, whole.length - 30), 'cut.zip')).toThrow('cut.zip: not a zip archive, or a truncated one (no end of central directory record)');
    expect(() => readZip(Buffer.from('not a zip at all, just some text of a reasonable length'), 'x.zip')).toThrow(/x\.zip: not a zip archive/);
    // flip a byte inside a.txt's deflated data (Info-ZIP writes manifest.csv first, images/ then its files)
    const stored = Buffer.from(fixture('infozip-stored.zip'));
    const at = stored.indexOf('radiomics radiomics');
    stored[at + 5] ^= 0x20;
    expect(() => readZip(stored, 'bad.zip')).toThrow('bad.zip: images/a.txt: CRC-32 mismatch: the entry is damaged');
    const zip64 = Buffer.from(whole);
    const end = zip64.lastIndexOf(Buffer.from([0x50, 0x4b, 5, 6]));
    zip64.writeUInt32LE(0xffffffff, end + 16);
    expect(() => readZip(zip64, 'big.zip')).toThrow('big.zip: zip64 archives (over 4 GB or 65,535 entries) are not supported; use .tar.gz');
  });
});
