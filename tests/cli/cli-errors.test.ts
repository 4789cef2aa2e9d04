import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from '../engine/support';
import { CliRun, inBatches, radsweep } from './cli-support';

/**
 * Each bad input of issue #2 through the real command line: a non-zero exit (2 for
 * input errors), a message on stderr that names the file, column or key, and never
 * a stack trace.
 */
const dir = tempDir('radsweep-cli-');
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

// A small valid cohort: 40 patients, 3 features, 16 positives.
const rows = Array.from({ length: 40 }, (_, i) => `${i + 1},${i % 5 < 2 ? 1 : 0},${(i * 7) % 11},${(i * 3) % 13},${i % 4}`);
const goodCsv = file('good.csv', ['id,label,f1,f2,f3', ...rows].join('\n') + '\n');

function experiment(name: string, edit: (spec: any) => void = () => {}): string {
  const spec: any = {
    name,
    seed: 42,
    dataset: { path: 'good.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
    featureSets: [{ name: 'all', include: ['f*'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
    steps: [{ median_imputer: {} }, { standard_scaler: {} }],
    sampler: 'none',
    models: [{ id: 'gaussian_nb' }, { id: 'logistic_regression', grid: { C: [0.1, 1] } }],
    metrics: { bootstrap: 50 },
  };
  edit(spec);
  return file(`${name}.yaml`, stringify(spec));
}

function withData(name: string, csv: string): string {
  file(`${name}.csv`, csv);
  return experiment(name, (s) => (s.dataset.path = `${name}.csv`));
}

interface Case {
  name: string;
  args: string[];
  /** Fragments the message must contain (the file, the column or key, the reason). */
  expect: (string | RegExp)[];
}

const cases: Case[] = [
  { name: 'empty data file', args: ['validate', withData('empty', '')], expect: ['empty.csv', /empty/i] },
  { name: 'header without rows', args: ['validate', withData('header-only', 'id,label,f1,f2,f3\n')], expect: ['header-only.csv', /no (data )?rows/i] },
  {
    name: 'missing label column',
    args: ['validate', withData('no-label', ['id,outcome,f1,f2,f3', ...rows].join('\n'))],
    expect: ['no-label.csv', "'label'"],
  },
  {
    name: 'one-class label',
    args: ['validate', withData('one-class', ['id,label,f1,f2,f3', ...rows.map((r) => r.replace(/^(\d+),1,/, '$1,0,'))].join('\n'))],
    expect: ['one-class.csv', /one class|only one|single class/i],
  },
  {
    name: 'non-numeric feature cell',
    args: ['validate', withData('text-cell', ['id,label,f1,f2,f3', ...rows.slice(0, 7), '8,0,abc,1,2', ...rows.slice(8)].join('\n'))],
    expect: ['text-cell.csv:9', "'f1'", 'abc'],
  },
  {
    name: 'ragged row',
    args: ['validate', withData('ragged', ['id,label,f1,f2,f3', ...rows.slice(0, 4), '5,0,1,2', ...rows.slice(5)].join('\n'))],
    expect: ['ragged.csv:6', /4 (cells|fields|values)/],
  },
  {
    name: 'unknown model id',
    args: ['validate', experiment('bad-model', (s) => s.models.push({ id: 'svm_rbf' }))],
    expect: ['bad-model.yaml:', 'models[2].id', "'svm_rbf'", 'random_forest'],
  },
  {
    name: 'unknown model parameter',
    args: ['validate', experiment('bad-param', (s) => (s.models[1].grid = { C: [1], penalty: ['l1'] }))],
    expect: ['bad-param.yaml:', 'models[1].grid.penalty[0]', "unknown parameter 'penalty'", 'max_iter'],
  },
  {
    name: 'pattern matching nothing',
    args: ['validate', experiment('bad-pattern', (s) => (s.featureSets[0].include = ['f*', 'wavelet-*']))],
    expect: ['bad-pattern.yaml', 'featureSets[0].include[1]', "'wavelet-*'"],
  },
  {
    name: 'test-id file with unknown ids',
    args: ['run', experiment('ids'), '--test-ids', file('ids.txt', '1\n2\n999\n1000\n'), '--quiet'],
    expect: ['ids.txt', '2 test id(s) are not in the data', '"999"'],
  },
  {
    name: 'missing value without an imputer',
    args: [
      'validate',
      (() => {
        file('gap.csv', ['id,label,f1,f2,f3', ...rows.slice(0, 9), '10,0,,1,2', ...rows.slice(10)].join('\n'));
        return experiment('gap', (s) => {
          s.dataset.path = 'gap.csv';
          s.steps = [{ standard_scaler: {} }];
        });
      })(),
    ],
    expect: ['gap.yaml', 'featureSets[0]', "column 'f1' has 1 missing value(s)", 'gap.csv:11', 'median_imputer'],
  },
  { name: 'missing data file', args: ['validate', experiment('no-data', (s) => (s.dataset.path = 'nowhere.csv'))], expect: ['nowhere.csv', /not found|no such file|does not exist/i] },
  { name: 'missing experiment file', args: ['run', join(dir, 'missing.yaml')], expect: ['missing.yaml', 'not found'] },
  { name: 'empty experiment file', args: ['validate', file('blank.yaml', '\n')], expect: ['blank.yaml', 'empty'] },
  { name: 'unknown option', args: ['run', experiment('opt'), '--worker', '2'], expect: ["unknown option '--worker'", '--workers'] },
];

let results: CliRun[];
beforeAll(async () => {
  results = await inBatches(cases.map((c) => () => radsweep(c.args)), 3);
}, 600_000);

describe('bad input through the CLI: exit 2, a message naming the place, no stack trace', () => {
  cases.forEach((c, i) => {
    it(c.name, () => {
      const r = results[i];
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^radsweep: error: /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      for (const fragment of c.expect) {
        if (typeof fragment === 'string') expect(r.stderr).toContain(fragment);
        else expect(r.stderr).toMatch(fragment);
      }
      expect(r.stdout).toBe('');
    });
  });
});

describe('the good cohort', () => {
  it('validates (exit 0) with a summary', async () => {
    const r = await radsweep(['validate', experiment('good')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('valid');
    expect(r.stdout).toContain('40 rows, 16 positive');
    expect(r.stdout).toContain('configurations: 3');
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await radsweep(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('radsweep run <experiment');
    expect(r.stdout).toContain('--test-ids');
  });
});
