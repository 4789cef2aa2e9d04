import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

type Version = [number, number, number];

function parse(text: string): Version {
  const [a, b, c] = text.replace(/^v/, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  return [a ?? 0, b ?? 0, c ?? 0];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** npm's `engines.node` ranges as the lock file has them (comparators, ^, x-ranges, ||). */
function satisfies(version: Version, range: string): boolean {
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/([<>]=?)\s+/g, '$1')
      .split(/\s+/)
      .every((c) => {
        if (c === '*' || c === '') return true;
        const m = /^(\^|~|>=|<=|>|<|=)?(.*)$/.exec(c)!;
        const op = m[1] ?? '=';
        const v = parse(m[2]);
        const wildcard = /[x*]/.test(m[2]) || m[2].split('.').length < 3;
        if (op === '^') return compare(version, v) >= 0 && version[0] === v[0];
        if (op === '~') return compare(version, v) >= 0 && version[0] === v[0] && version[1] === v[1];
        if (op === '>=') return compare(version, v) >= 0;
        if (op === '>') return compare(version, v) > 0;
        if (op === '<=') return compare(version, v) <= 0;
        if (op === '<') return compare(version, v) < 0;
        return wildcard ? version[0] === v[0] : compare(version, v) === 0;
      }),
  );
}

describe('production dependencies and the Node version the project states', () => {
  it('checks ranges as npm does', () => {
    expect(satisfies(parse('20.19.0'), '>=20')).toBe(true);
    expect(satisfies(parse('20.19.0'), '>=22')).toBe(false);
    expect(satisfies(parse('20.19.0'), '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies(parse('20.19.0'), '6.* || 8.* || >= 10.*')).toBe(true);
    expect(satisfies(parse('20.19.0'), '^18.18.0 || >= 21')).toBe(false);
  });

  it('every production package runs on the oldest Node the README and package.json allow (no EBADENGINE on npm ci)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const oldest = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(pkg.engines.node)?.[1];
    expect(oldest, `package.json engines.node '${pkg.engines.node}'`).toBeTruthy();
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`Node.js ${oldest!.split('.')[0]}`);
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    const needNewer = Object.entries<any>(lock.packages)
      .filter(([path, p]) => path !== '' && !p.dev && !p.optional && p.engines?.node && !satisfies(parse(oldest!), p.engines.node))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} needs node ${p.engines.node}`);
    expect(needNewer).toEqual([]);
  });
});
