import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fromRows, takeRows } from '@radsweep/core';
import { CombatCovariates, CombatStep, estimateNewBatch, fitCombat, harmoniseNewBatch } from '@radsweep/pipeline';

/**
 * ComBat against neuroCombat's algorithm (scripts/reference/combat-reference.py, a numpy reproduction of
 * neuroCombat.py, -> tests/fixtures/combat-reference.json): 3 sites, 60 rows, 10 features, age and sex.
 */
interface RefCase {
  data: number[][];
  batches: string[];
  grandMean: number[];
  varPooled: number[];
  gammaHat: number[][];
  deltaHat: number[][];
  gammaStar: number[][];
  deltaStar: number[][];
}
const ref = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/combat-reference.json'), 'utf8')) as {
  x: number[][];
  batch: string[];
  age: number[];
  sex: string[];
  cases: Record<'parametric' | 'noCovariates' | 'noEb' | 'meanOnly', RefCase>;
};
const x = fromRows(ref.x);
const covariates: CombatCovariates = { continuous: [{ name: 'age', values: Float64Array.from(ref.age) }], categorical: [{ name: 'sex', values: ref.sex }] };
const context = { site: ref.batch, age: Float64Array.from(ref.age), sex: ref.sex };
const TOL = 1e-10;

function expectClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    expect(Math.abs(actual[i] - expected[i]) / scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThan(TOL);
  }
}

describe('combat equals neuroCombat within 1e-10', () => {
  const cases = [
    { name: 'parametric' as const, cov: covariates, options: { eb: true, meanOnly: false, conv: 1e-4 } },
    { name: 'noCovariates' as const, cov: { continuous: [], categorical: [] }, options: { eb: true, meanOnly: false, conv: 1e-4 } },
    { name: 'noEb' as const, cov: covariates, options: { eb: false, meanOnly: false, conv: 1e-4 } },
    { name: 'meanOnly' as const, cov: covariates, options: { eb: true, meanOnly: true, conv: 1e-4 } },
  ];
  for (const c of cases) {
    it(`${c.name}: estimates and harmonised data`, () => {
      const r = ref.cases[c.name];
      const model = fitCombat(x, ref.batch, c.cov, c.options);
      expect(model.batches.map((b) => b.batch)).toEqual(r.batches);
      expectClose(model.grandMean, r.grandMean, 'grand mean');
      expectClose(model.varPooled, r.varPooled, 'pooled variance');
      model.batches.forEach((b, k) => {
        expectClose(b.gammaHat, r.gammaHat[k], `gamma_hat ${b.batch}`);
        expectClose(b.deltaHat, r.deltaHat[k], `delta_hat ${b.batch}`);
        expectClose(b.gammaStar, r.gammaStar[k], `gamma* ${b.batch}`);
        expectClose(b.deltaStar, r.deltaStar[k], `delta* ${b.batch}`);
      });
    });
  }

  it('the step (fit and transform with context) gives neuroCombat\'s harmonised data', () => {
    const step = new CombatStep({ batch: 'site', continuous: ['age'], categorical: ['sex'] });
    const y = new Uint8Array(x.rows);
    const out = step.fitWithContext(x, y, context).transformWithContext(x, context);
    expectClose(out.data, ref.cases.parametric.data.flat(), 'harmonised');
  });

  it('eb: false and meanOnly through the step', () => {
    for (const [name, params] of [['noEb', { eb: false }], ['meanOnly', { meanOnly: true }]] as const) {
      const step = new CombatStep({ batch: 'site', continuous: ['age'], categorical: ['sex'], ...params });
      const out = step.fitWithContext(x, new Uint8Array(x.rows), context).transformWithContext(x, context);
      expectClose(out.data, ref.cases[name].data.flat(), name);
    }
  });

  it('a new batch\'s parameters from its own rows equal what ComBat estimates for it as a training batch', () => {
    // The priors are per batch, across features: re-estimating siteC from its own rows with the fitted
    // location/scale model must give the training fit's siteC parameters and harmonised rows.
    const model = fitCombat(x, ref.batch, covariates);
    const rows = ref.batch.flatMap((b, i) => (b === 'siteC' ? [i] : []));
    const sub = { site: rows.map(() => 'siteC-again'), age: Float64Array.from(rows, (i) => ref.age[i]), sex: rows.map((i) => ref.sex[i]) };
    const fresh = estimateNewBatch(model, takeRows(x, rows), { continuous: [{ name: 'age', values: sub.age }], categorical: [{ name: 'sex', values: sub.sex }] }, 'siteC-again');
    const trained = model.batches.find((b) => b.batch === 'siteC')!;
    expectClose(fresh.gammaStar, Array.from(trained.gammaStar), 'gamma*');
    expectClose(fresh.deltaStar, Array.from(trained.deltaStar), 'delta*');

    const step = new CombatStep({ batch: 'site', continuous: ['age'], categorical: ['sex'] }).fitWithContext(x, new Uint8Array(x.rows), context);
    const harmonised = harmoniseNewBatch(step, takeRows(x, rows), sub, 'siteC-again');
    const expected = rows.flatMap((i) => ref.cases.parametric.data[i]);
    expectClose(harmonised.x.data, expected, 'harmonised siteC rows');
    // transform's rule for an unseen batch is the same estimate
    expectClose(step.transformWithContext(takeRows(x, rows), sub).data, expected, 'transform of an unseen batch');
  });
});

describe('a fitted combat step saved as JSON', () => {
  it('restores to a step that maps training and new-batch rows to the same bits', () => {
    const step = new CombatStep({ batch: 'site', continuous: ['age'], categorical: ['sex'] }).fitWithContext(x, new Uint8Array(x.rows), context);
    const restored = CombatStep.fromJSON(JSON.parse(JSON.stringify(step.toJSON())));
    expect(restored.transformWithContext(x, context).data).toEqual(step.transformWithContext(x, context).data);
    const renamed = { ...context, site: ref.batch.map((b) => (b === 'siteB' ? 'elsewhere' : b)) };
    expect(restored.transformWithContext(x, renamed).data).toEqual(step.transformWithContext(x, renamed).data);
    const bad = step.toJSON();
    bad.state.grandMean = bad.state.grandMean.slice(1);
    expect(() => CombatStep.fromJSON(bad)).toThrow(/grandMean must be 10 numbers/);
  });
});
