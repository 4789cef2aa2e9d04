import { describe, expect, it } from 'vitest';
import { compileGlob } from '@radsweep/pipeline';

/** The shell's meaning of each pattern, written as an equivalent RegExp (the reference for benign patterns). */
const CASES: [glob: string, regex: RegExp][] = [
  ['mean_*', /^mean_.*$/s],
  ['*_mean', /^.*_mean$/s],
  ['wavelet-?HL_*', /^wavelet-.HL_.*$/s],
  ['original_[fg]*', /^original_[fg].*$/s],
  ['x[a-c]y', /^x[a-c]y$/s],
  ['x[!a-c]y', /^x[^a-c]y$/s],
  ['x[^a-c]y', /^x[^a-c]y$/s],
  ['a[b', /^a\[b$/s],
  ['[]x]*', /^[\]x].*$/s],
  ['[-a]z', /^[-a]z$/s],
  ['**', /^.*$/s],
  ['a*b*c', /^a.*b.*c$/s],
  ['exact.name', /^exact\.name$/s],
  ['', /^$/s],
];
const NAMES = ['', 'mean_radius', 'radius_mean', 'wavelet-LHL_glcm', 'wavelet-HL_x', 'original_firstorder', 'original_shape', 'xay', 'xdy', 'x-y', 'a[b', 'ab', ']abc', 'xabc', '-z', 'az', 'bz', 'abc', 'aXbYc', 'acb', 'exact.name', 'exactXname', 'line\nbreak'];

describe('glob patterns', () => {
  it('match exactly the names the equivalent regular expression matches', () => {
    for (const [glob, regex] of CASES) {
      const m = compileGlob(glob);
      for (const name of NAMES) expect([glob, name, m.test(name)]).toEqual([glob, name, regex.test(name)]);
    }
  });

  it('match a pathological pattern against a long name in a bounded number of steps', () => {
    // A backtracking matcher takes ~ n^k steps here (the server froze for seconds on such a pattern).
    const pattern = '*a'.repeat(40) + 'b';
    const name = 'a'.repeat(20_000);
    const m = compileGlob(pattern);
    expect(m.test(name)).toBe(false);
    const tokens = 81;
    expect(m.lastSteps).toBeGreaterThan(0);
    expect(m.lastSteps).toBeLessThanOrEqual((name.length + 1) * (tokens + 1));
    expect(m.test(name + 'b')).toBe(true);
    expect(m.lastSteps).toBeLessThanOrEqual((name.length + 2) * (tokens + 1));
  });
});
