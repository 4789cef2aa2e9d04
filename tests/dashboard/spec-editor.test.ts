import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import * as yaml from 'yaml';
import { describe, expect, it } from 'vitest';
import { EXPERIMENT_SCHEMA } from '@radsweep/pipeline';
import { type SchemaObject, validateAgainstSchema } from '../../apps/dashboard/src/spec-schema';
import { FORM_MODELS, FORM_STEPS, parseFeatureSets, specFromForm } from '../../apps/dashboard/src/spec-form';
import { checkSpecText, type YamlModule } from '../../apps/dashboard/src/spec-text';
import { REPO } from '../server/support/api';

const schema = EXPERIMENT_SCHEMA as unknown as SchemaObject;
const seedText = readFileSync(join(REPO, 'examples/seed-protocol.yaml'), 'utf8');
const check = (text: string) => checkSpecText(yaml as unknown as YamlModule, schema, text);
/** The server's validator (Ajv on the same schema), for the verdict on each spec. */
const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: true }).compile(EXPERIMENT_SCHEMA);

/** Edits of the seed protocol, each making one thing wrong (the line it is on), as a person typing would. */
const BROKEN: { edit: (t: string) => string; path: string; message: RegExp; line: number }[] = [
  { edit: (t) => t.replace('testSize: 0.2', 'testSize: 2'), path: 'validation.split.testSize', message: /must be < 1, got 2/, line: 32 },
  { edit: (t) => t.replace('folds: 5}', 'folds: five}'), path: 'validation.cv.folds', message: /expected integer, got "five"/, line: 33 },
  { edit: (t) => t.replace('  idColumn: id\n', '  idColumn: id\n  idColumns: [id]\n'), path: 'dataset.idColumns', message: /unknown key 'idColumns'; allowed here: path, idColumn, labelColumn, positiveClass/, line: 20 },
  { edit: (t) => t.replace('type: stratified_holdout', 'type: holdout'), path: 'validation.split.type', message: /^expected one of "stratified_holdout", "test_ids", got "holdout"$/, line: 32 },
  { edit: (t) => t.replace('grid: {C: [0.01, 0.1, 1, 10]}', 'grid: {C: 1}'), path: 'models[0].grid.C', message: /expected array, got 1/, line: 50 },
  { edit: (t) => t.replace('seed: 42', 'seed: -1'), path: 'seed', message: /must be >= 0, got -1/, line: 14 },
  { edit: (t) => t.replace(/^featureSets:[\s\S]*?(?=\nvalidation:)/m, ''), path: '(top level)', message: /missing required key 'featureSets'/, line: 9 },
  { edit: (t) => t.replace('  - median_imputer: {}', '  - median_imputer: {}\n    standard_scaler: {}'), path: 'steps[0]', message: /a step is written as one key/, line: 37 },
  { edit: (t) => t.replace('modelSeeds: same', 'modelSeeds: random'), path: 'modelSeeds', message: /expected one of "derived", "same", got "random"/, line: 15 },
];

describe('experiment editor: YAML and JSON-Schema checks in the browser', () => {
  it('the seed protocol and the form\'s spec pass, as they do on the server', () => {
    expect(check(seedText).errors).toEqual([]);
    expect(ajv(yaml.parse(seedText))).toBe(true);
    const spec = specFromForm({
      name: 'wdbc-form',
      description: '',
      seed: 7,
      datasetPath: 'wdbc.csv',
      idColumn: 'id',
      labelColumn: 'label',
      positiveClass: '1',
      featureSets: 'mean: mean_*\nworst: worst_*, mean_radius',
      testSize: 0.25,
      folds: 5,
      steps: Object.keys(FORM_STEPS),
      models: Object.keys(FORM_MODELS),
    });
    expect(validateAgainstSchema(schema, spec)).toEqual([]);
    expect(ajv(spec)).toBe(true);
    expect((spec.dataset as { positiveClass: unknown }).positiveClass).toBe(1); // a number label stays a number
    expect(check(yaml.stringify(spec)).errors).toEqual([]);
  });

  it.each(BROKEN.map((b, i) => [i, b] as const))('broken spec %i names the path, the problem and the line; Ajv rejects it too', (_i, b) => {
    const text = b.edit(seedText);
    expect(text).not.toBe(seedText);
    const { errors } = check(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ path: b.path, line: b.line });
    expect(errors[0].message).toMatch(b.message);
    expect(ajv(yaml.parse(text))).toBe(false);
    expect(errors.filter((e) => e.path === b.path)).toHaveLength(1); // said once
  });

  it('a YAML syntax error is reported alone with its line and column, and no spec', () => {
    const text = seedText.replace('seed: 42', 'seed: [42');
    const result = check(text);
    expect(result.spec).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].path).toMatch(/^line \d+, column \d+$/);
    expect(result.errors[0].line).toBeGreaterThanOrEqual(14);
    expect(check('name: a\nname: b\n').errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/unique/i) });
    expect(check('- a list\n').errors[0]).toMatchObject({ path: '(top level)', message: expect.stringMatching(/expected a mapping/) });
  });

  it('a oneOf without a discriminator: a value of no allowed form says what is allowed', () => {
    const errors = validateAgainstSchema(schema, { ...yaml.parse(seedText), sampler: 5 });
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('sampler');
    expect(errors[0].message).toMatch(/^5 is not allowed here \(Resampling of the training rows only/);
    // a step's parameter names are the schema's, their values the step registry's (libs/core's rules, checked
    // by the server on save): an unknown parameter is named here, a bad value only by the server
    const lasso = (params: unknown) => validateAgainstSchema(schema, { ...yaml.parse(seedText), steps: [{ lasso: params }] });
    expect(lasso({ alpha: 0.1 })).toEqual([]);
    expect(lasso({ alpha: 'cv' })).toEqual([]);
    expect(lasso({ alpah: 'cv' })[0].path).toMatch(/^steps\[0\]\.lasso/);
  });

  it('feature set lines: name and globs, unnamed lines numbered', () => {
    expect(parseFeatureSets('radiomics: original_*, wavelet-*\n\n lesion_*  \n')).toEqual([
      { name: 'radiomics', include: ['original_*', 'wavelet-*'] },
      { name: 'set2', include: ['lesion_*'] },
    ]);
  });
});
