import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_DIR, DOCS_SCREENSHOTS } from './support/screenshots';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every test file of the browser suite, read once: where the screenshot(…, '<name>') calls are. */
const testSources = readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(join(__dirname, f), 'utf8'));

/**
 * docs/screenshots holds exactly the listed screenshots, each one written by a browser test (so
 * `RADSWEEP_DOCS_SCREENSHOTS=1 npx vitest run tests/dashboard` remakes them all) and small enough for the repository.
 */
describe('docs/screenshots', () => {
  it('holds exactly the screenshots listed in tests/dashboard/support/screenshots.ts', () => {
    const files = readdirSync(DOCS_DIR).sort();
    expect(files).toEqual(DOCS_SCREENSHOTS.map((n) => `${n}.png`).sort());
  });

  it('each listed screenshot is taken by a browser test through screenshot()', () => {
    const untaken = DOCS_SCREENSHOTS.filter((name) => !testSources.some((src) => new RegExp(`screenshot\\([^;]*'${name}'`).test(src)));
    expect(untaken).toEqual([]);
  });

  it('each is a PNG under 600 KB, all together under 4 MB', () => {
    let total = 0;
    for (const name of DOCS_SCREENSHOTS) {
      const file = join(DOCS_DIR, `${name}.png`);
      expect(readFileSync(file).subarray(0, 8).equals(PNG_SIGNATURE), name).toBe(true);
      const size = statSync(file).size;
      expect(size, name).toBeLessThan(600 * 1024);
      total += size;
    }
    expect(total).toBeLessThan(4 * 1024 * 1024);
  });
});
