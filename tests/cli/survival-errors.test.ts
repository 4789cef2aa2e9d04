import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from '../engine/support';
import { DEFAULT_LIMITS } from '../../apps/server/src/config/request-limits';
import { validateSpec } from '../../apps/server/src/experiments/spec-resolver';
import { CliRun, inBatches, radsweep } from './cli-support';

/**
 * Bad survival input through the real command line (issue 10): exit 2, a message naming the column or
 * key (and file:line), never a stack trace.
 */
const dir = tempDir('radsweep-survival-cli-');
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

// 30 patients, follow-up 100..390 days; events (code 1) at ids 1-3 and 25 (day 340, in the test part), a competing code 2 at id 10.
const row = (i: number, time: string = String(90 + 10 * i), code: string = [1, 2, 3, 25].includes(i) ? '1' : i === 10 ? '2' : '0') =>
  `${i},${(i * 7) % 11},${(i * 3) % 13},${time},${code}`;
const csv = (edit: (i: number) => string = (i) => row(i)) => ['id,f1,f2,months,status', ...Array.from({ length: 30 }, (_, k) => edit(k + 1))].join('\n') + '\n';
file('good.csv', csv());
file('test-ids.txt', ['25', '26', '27', '28', '29', '30'].join('\n') + '\n');
// Every training event (ids 1-3) in fold 0: the training rows of CV split 0 hold none.
file('folds.csv', ['id,fold', ...Array.from({ length: 24 }, (_, k) => `${k + 1},${Math.floor(k / 8)}`)].join('\n') + '\n');

function experiment(name: string, edit: (spec: any) => void = () => {}, data = 'good.csv'): string {
  const spec: any = {
    name,
    seed: 1,
    dataset: { path: data, idColumn: 'id' },
    endpoints: [{ name: 'relapse', type: 'survival', time: 'months', event: 'status', horizons: [350] }],
    featureSets: [{ name: 'all', include: ['f*'] }],
    validation: { split: { type: 'test_ids', file: 'test-ids.txt' }, cv: { type: 'stratified_kfold', folds: 2 } },
    steps: [{ median_imputer: {} }, { standard_scaler: {} }],
    models: [{ id: 'cox_ph' }],
  };
  edit(spec);
  return file(`${name}.yaml`, stringify(spec));
}

const cases: { name: string; args: () => string[]; message: RegExp }[] = [
  {
    name: 'a negative time',
    args: () => ['validate', experiment('negative', () => {}, file('negative.csv', csv((i) => (i === 4 ? row(i, '-5') : row(i)))))],
    message: /negative\.csv:5: time column 'months' holds -5; follow-up times must be finite and >= 0/,
  },
  {
    name: 'a missing time',
    args: () => ['validate', experiment('missing', () => {}, file('missing.csv', csv((i) => (i === 7 ? row(i, '') : row(i)))))],
    message: /missing\.csv:8: time column 'months' is missing in this row/,
  },
  {
    name: 'a missing event code',
    args: () => ['validate', experiment('no-code', () => {}, file('no-code.csv', csv((i) => (i === 2 ? row(i, '110', '') : row(i)))))],
    message: /no-code\.csv:3: event column 'status' is missing in this row/,
  },
  {
    name: 'an event code that never occurs',
    args: () => ['validate', experiment('code', (s) => (s.endpoints[0].eventCodes = [1, 3]))],
    message: /code\.yaml:\d+: endpoints\[0\]\.eventCodes\[1\]: event code 3 never occurs in column 'status' \(codes seen: 0, 1, 2\)/,
  },
  {
    name: 'a horizon past the last follow-up',
    args: () => ['validate', experiment('horizon', (s) => (s.endpoints[0].horizons = [350, 400]))],
    message: /horizon\.yaml:\d+: endpoints\[0\]\.horizons\[1\]: horizon 400 is past the last follow-up time 390 of column 'months'/,
  },
  {
    name: 'a horizon before any test event',
    args: () => ['validate', experiment('early', (s) => (s.endpoints[0].horizons = [100, 350]))],
    message: /early\.yaml:\d+: endpoints\[0\]\.horizons\[0\]: no test patient of endpoint 'relapse' has an event by horizon 100/,
  },
  {
    name: 'no events in a training fold',
    args: () => ['validate', experiment('fold', (s) => (s.validation.cv = { type: 'fold_assignment', file: 'folds.csv' }))],
    message: /fold\.yaml:\d+: endpoints\[0\]\.event: the training rows of CV split 0 of endpoint 'relapse' hold no event among 16 patients/,
  },
  {
    name: 'a missing time column',
    args: () => ['validate', experiment('column', (s) => (s.endpoints[0].time = 'month'))],
    message: /column\.yaml:\d+: endpoints\[0\]\.time: time column 'month' not found .*did you mean 'months'/,
  },
  {
    name: 'a sampler',
    args: () => ['validate', experiment('sampler', (s) => (s.sampler = { smote: { k_neighbors: 5 } }))],
    message: /sampler\.yaml:\d+: sampler: samplers are not defined for survival endpoints/,
  },
  {
    name: 'a t-test selector',
    args: () => ['validate', experiment('ttest', (s) => s.steps.push({ welch_ttest: { alpha: 0.05 } }))],
    message: /ttest\.yaml:\d+: steps\[2\]\.welch_ttest: step 'welch_ttest' selects features against a binary label/,
  },
  {
    name: 'an unknown model id',
    args: () => ['validate', experiment('model', (s) => (s.models = [{ id: 'random_survival' }]))],
    message: /model\.yaml:\d+: models\[0\]\.id: unknown model id 'random_survival'; survival models: cox_ph, .*; classifiers \(fitted at the first horizon\): .*random_forest/,
  },
  {
    name: 'the survival filter in a binary experiment',
    args: () => [
      'validate',
      experiment('binary-cox', (s) => {
        delete s.endpoints;
        s.dataset = { ...s.dataset, labelColumn: 'status', positiveClass: 1 };
        s.steps.push({ cox_univariate: { alpha: 0.05 } });
      }),
    ],
    message: /binary-cox\.yaml:\d+: steps\[2\]\.cox_univariate: step 'cox_univariate' needs a survival endpoint/,
  },
  {
    name: 'a binary label beside the endpoints',
    args: () => ['validate', experiment('label', (s) => (s.dataset.labelColumn = 'status'))],
    message: /label\.yaml:\d+: dataset\.labelColumn: a survival experiment takes its outcomes from endpoints/,
  },
  {
    name: 'horizons that do not increase',
    args: () => ['validate', experiment('order', (s) => (s.endpoints[0].horizons = [300, 200]))],
    message: /order\.yaml:\d+: endpoints\[0\]\.horizons\[1\]: horizons must increase: 200 follows 300/,
  },
];

describe('survival endpoints: bad input exits 2 naming the column or key', () => {
  let runs: CliRun[];
  beforeAll(async () => {
    runs = await inBatches(cases.map((c) => () => radsweep(c.args())), 2);
  }, 600_000);

  cases.forEach((c, i) =>
    it(c.name, () => {
      expect(runs[i].stderr).toMatch(c.message);
      expect(runs[i].stderr).not.toMatch(/\n\s+at /);
      expect(runs[i].code).toBe(2);
    }),
  );

  it('the good experiment validates, counting the competing event', async () => {
    const run = await radsweep(['validate', experiment('good')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/endpoint 'relapse' \(survival\): 4 events, 1 competing; split 24 train \/ 6 test; horizons 350/);
  }, 120_000);
});

describe('the tracking server validates survival experiments (it stores them: tests/server/survival-*.test.ts)', () => {
  const spec = (endpoints: number) =>
    stringify({
      name: 's',
      seed: 1,
      dataset: { path: 'x.csv', idColumn: 'id' },
      endpoints: Array.from({ length: endpoints }, (_, k) => ({ name: `e${k}`, type: 'survival', time: 't', event: 'e', horizons: [365] })),
      featureSets: [{ name: 'all', include: ['*'] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.2 }, cv: { type: 'stratified_kfold', folds: 3 } },
      models: [{ id: 'cox_ph', grid: { ties: ['efron', 'breslow'] } }],
    });

  it('validateSpec accepts one; the fit cap counts every endpoint (422 naming them)', () => {
    expect(validateSpec(spec(1), DEFAULT_LIMITS).resolved.endpoints).toHaveLength(1);
    // 2 configurations x 3 CV splits = 6 fits per endpoint
    expect(() => validateSpec(spec(2), { ...DEFAULT_LIMITS, maxFitsPerRun: 11 })).toThrow(/2 endpoints x 1 feature sets x 2 configurations x 3 CV splits/);
    expect(validateSpec(spec(2), { ...DEFAULT_LIMITS, maxFitsPerRun: 12 }).resolved.endpoints).toHaveLength(2);
  });
});
