import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../apps/server/src/config/request-limits';
import { validateSpec } from '../../apps/server/src/experiments/spec-resolver';

/** validation.external names files: the tracking server refuses it (it would read files on the server) instead of running it. */
describe('the tracking server and validation.external', () => {
  const spec = {
    name: 'x',
    seed: 1,
    dataset: { path: 'data.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
    featureSets: [{ name: 'all', include: ['*'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.2 }, cv: { type: 'stratified_kfold', folds: 3 } },
    models: [{ id: 'gaussian_nb' }],
  };
  it('accepts the spec without external cohorts', () => {
    expect(validateSpec(spec, DEFAULT_LIMITS).resolved.external).toEqual([]);
  });
  it('refuses external cohorts with an input error naming validation.external', () => {
    const withExternal = { ...spec, validation: { ...spec.validation, external: [{ name: 'b', path: '/etc/passwd' }] } };
    expect(() => validateSpec(withExternal, DEFAULT_LIMITS)).toThrow(/validation.external is not run by the tracking server/);
  });
});
