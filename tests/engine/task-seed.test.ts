import { describe, expect, it } from 'vitest';
import { deriveSeed } from '@radsweep/core';
import { loadExperiment, stableHash, taskSeed } from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { reducedSpec, tempDir, writeExperiment } from './support';

describe('model seeds of tasks', () => {
  it("'same' (the default) gives every fit the experiment seed, as scikit-learn's random_state", () => {
    expect(taskSeed(42, 'radiomics', 'random_forest', 3, 1)).toBe(42);
    expect(taskSeed(42, 'radiomics_clinical', 'mlp', 0, -1, 'same')).toBe(42);
    const exp = loadExperiment(writeExperiment(tempDir(), reducedSpec(sharedPath('data', 'wdbc.csv'))));
    expect(exp.modelSeeds).toBe('same');
  });

  it("'derived' mixes the seed with what the task is, never with when it runs", () => {
    const a = taskSeed(42, 'radiomics', 'random_forest', 3, 1, 'derived');
    expect(a).toBe(deriveSeed(42, stableHash('radiomics\u0000random_forest\u00003\u00001')));
    expect(taskSeed(42, 'radiomics', 'random_forest', 3, 1, 'derived')).toBe(a);
    const others = [
      taskSeed(42, 'radiomics', 'random_forest', 3, 2, 'derived'),
      taskSeed(42, 'radiomics', 'random_forest', 2, 1, 'derived'),
      taskSeed(42, 'radiomics', 'extra_trees', 3, 1, 'derived'),
      taskSeed(42, 'radiomics_clinical', 'random_forest', 3, 1, 'derived'),
      taskSeed(43, 'radiomics', 'random_forest', 3, 1, 'derived'),
    ];
    expect(new Set([a, ...others]).size).toBe(6);
  });

  it('stableHash is FNV-1a (32-bit) of the UTF-16 code units', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(stableHash('foobar')).toBe(0xbf9cf968);
  });
});
