import { describe, expect, it } from 'vitest';
import { chosenByCvCIndex, rankByCvCIndex } from '@radsweep/pipeline';

const model = (name: string, mean: number) => ({ name, cv: { cIndex: { mean } } });

describe('survival models ranked by mean CV C-index (the tracking server\'s "best")', () => {
  it('sorts by CV C-index, keeps spec order on ties, puts a model without a CV score last and never chooses it', () => {
    const models = [model('a', 0.61), model('b', NaN), model('c', 0.7), model('d', 0.61)];
    expect(rankByCvCIndex(models).map((m) => m.name)).toEqual(['c', 'a', 'd', 'b']);
    expect(chosenByCvCIndex(models)?.name).toBe('c');
    expect(chosenByCvCIndex([model('x', NaN)])).toBeNull();
    expect(chosenByCvCIndex([])).toBeNull();
  });
});
