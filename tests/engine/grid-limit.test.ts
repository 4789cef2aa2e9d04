import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RadSweepInputError } from '@radsweep/core';
import { parseExperimentText, resolveExperiment, validateExperimentSchema } from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { reducedSpec } from './support';

describe('the configuration limit', () => {
  it('is checked from the grids list lengths before any grid is expanded', () => {
    // 4 parameters of 1000 values: 10^12 configurations, which expanding would never finish building.
    const spec = reducedSpec(sharedPath('data', 'wdbc.csv'));
    const values = Array.from({ length: 1000 }, (_, i) => i + 2);
    spec.models = [{ id: 'random_forest', grid: { n_estimators: values, max_depth: values, min_samples_split: values, min_samples_leaf: values } }];
    const parsed = parseExperimentText(stringify(spec), 'spec');
    let error: unknown;
    try {
      resolveExperiment(validateExperimentSchema(parsed), parsed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RadSweepInputError);
    expect((error as Error).message).toMatch(/^spec:\d+: models: 1000000000000 configurations x \d+ CV splits = .* above the limit of 1000/);
  });
});
