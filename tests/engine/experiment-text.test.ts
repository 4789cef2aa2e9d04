import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RadSweepInputError } from '@radsweep/core';
import { loadExperiment, parseExperimentText, prepareStudy, resolveExperiment, validateExperimentSchema } from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { reducedSpec, tempDir, writeExperiment } from './support';

/** Experiments given as text (the server's path): same resolution as a file, messages naming the given name. */
const WDBC = sharedPath('data', 'wdbc.csv');
const fromText = (text: string, overrides = {}) => {
  const parsed = parseExperimentText(text, 'spec');
  return resolveExperiment(validateExperimentSchema(parsed), parsed, overrides);
};
const wdbcIds = () => readFileSync(WDBC, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);

function inputError(fn: () => unknown): RadSweepInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RadSweepInputError) return e;
    throw e;
  }
  throw new Error('expected a RadSweepInputError');
}

describe('parseExperimentText', () => {
  it('resolves to what the same file resolves to', () => {
    const spec = reducedSpec(WDBC);
    const file = loadExperiment(writeExperiment(tempDir(), spec));
    const text = fromText(stringify(spec));
    expect({ ...text, file: '' }).toEqual({ ...file, file: '' });
    expect(text.file).toBe('spec');
  });

  it('names the given name and the line in schema errors', () => {
    const spec = reducedSpec(WDBC);
    spec.models[0].grid.C[1] = 'big';
    const e = inputError(() => fromText(stringify(spec)));
    expect(e.message).toMatch(/^spec:\d+: models\[0\]\.grid\.C\[1\]/);
    expect(inputError(() => parseExperimentText('name: [unclosed', 'spec')).message).toMatch(/^spec(:\d+)?: not valid YAML/);
    expect(inputError(() => parseExperimentText('  ', 'spec')).message).toMatch(/^spec: experiment file is empty/);
  });
});

describe('inline test ids and fold assignment', () => {
  it('take the place of the spec split and CV, through to the study', async () => {
    const ids = wdbcIds();
    const testIds = ids.slice(0, 100);
    const foldOfId = new Map(ids.slice(100).map((id, i) => [id, i % 3]));
    const exp = fromText(stringify(reducedSpec(WDBC)), { testIds: { ids: testIds, shown: 'testIds' }, foldAssignment: { foldOfId, shown: 'foldAssignment' } });
    const study = await prepareStudy(exp);
    expect(Array.from(study.testRows, (r) => study.dataset.ids[r]).sort()).toEqual([...testIds].sort());
    expect(study.foldsPerRepeat).toBe(3);
    const trainIds = Array.from(study.trainRows, (r) => study.dataset.ids[r]);
    expect(Array.from(study.foldAssignments[0])).toEqual(trainIds.map((id) => foldOfId.get(id)));
  });

  it('name unknown ids and the list they came from', async () => {
    const ids = wdbcIds();
    const foldOfId = new Map(ids.slice(100).map((id, i) => [id, i % 3]));
    foldOfId.set('no-such-patient', 0);
    const exp = fromText(stringify(reducedSpec(WDBC)), { testIds: { ids: ids.slice(0, 100), shown: 'testIds' }, foldAssignment: { foldOfId, shown: 'foldAssignment' } });
    await expect(prepareStudy(exp)).rejects.toThrow(/foldAssignment.*not training rows: .*no-such-patient/);
    const badTest = fromText(stringify(reducedSpec(WDBC)), { testIds: { ids: ['ghost-1', ids[0]], shown: 'testIds' } });
    await expect(prepareStudy(badTest)).rejects.toThrow(/testIds.*not in the data: .*ghost-1/);
  });

  it('refuse a bad fold number or a single fold up front', () => {
    expect(inputError(() => fromText(stringify(reducedSpec(WDBC)), { foldAssignment: { foldOfId: new Map([['a', 0], ['b', 1.5]]), shown: 'foldAssignment' } })).message).toMatch(/foldAssignment: fold of 'b' must be an integer >= 0, got 1.5/);
    expect(inputError(() => fromText(stringify(reducedSpec(WDBC)), { foldAssignment: { foldOfId: new Map([['a', 0], ['b', 0]]), shown: 'foldAssignment' } })).message).toMatch(/fewer than 2 folds/);
  });
});
