import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO, cli, readCsvRecords, runAndLock, tempDir, writeCsv } from './support';

/**
 * issue 11, "bad input: clear errors, nothing stored", on the experiment path: `radsweep run` with a
 * `validation.external` cohort that lacks a selected feature, whose label has other classes, or whose
 * centre column holds one centre stops with exit 2 and a message naming the cohort, and writes neither
 * the results file nor the kept models. (`radsweep validate` on a locked model: locked-file-and-validate.test.ts.)
 */
const A = join(REPO, 'examples/data/multicentre-centre-A.csv');
const B = join(REPO, 'examples/data/multicentre-centre-B.csv');

function spec(external: object) {
  return {
    name: 'bad-external',
    seed: 3,
    dataset: { path: A, idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
    featureSets: [{ name: 'lesion', include: ['lesion_firstorder_*'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 }, external: [external] },
    steps: [{ standard_scaler: {} }],
    models: [{ id: 'gaussian_nb' }],
    metrics: { bootstrap: 10 },
  };
}

describe('radsweep run refuses a bad external cohort and writes nothing', () => {
  const dir = tempDir('radsweep-bad-external-');
  const records = readCsvRecords(B);
  const header = Object.keys(records[0]);

  async function refusedRun(name: string, external: object, pattern: RegExp) {
    const sub = join(dir, name);
    mkdirSync(sub);
    writeFileSync(join(sub, 'exp.yaml'), stringify(spec(external)));
    const out = join(sub, 'results.json');
    const r = await cli(['run', join(sub, 'exp.yaml'), '--out', out, '--keep-models', join(sub, 'kept'), '--workers', '1', '--quiet']);
    expect(r.stderr).toMatch(pattern);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(sub, 'kept'))).toBe(false);
  }

  it('a cohort missing a selected feature', async () => {
    const file = writeCsv(join(dir, 'no-mean.csv'), header.filter((h) => h !== 'lesion_firstorder_Mean'), records);
    await refusedRun('missing', { name: 'centre-B', path: file }, /validation.external 'centre-B'.*lacks the model's feature column 'lesion_firstorder_Mean'/);
  }, 120_000);

  it('a label with other classes', async () => {
    const file = writeCsv(join(dir, 'classes.csv'), header, records.map((r, i) => (i % 9 === 0 ? { ...r, label: '2' } : r)));
    await refusedRun('classes', { name: 'centre-B', path: file }, /validation.external 'centre-B'.*label column 'label' holds other classes than the model's two/);
  }, 120_000);

  it('a centre column with one centre', async () => {
    await refusedRun('one-centre', { name: 'centre-B', path: B, centreColumn: 'centre' }, /validation.external 'centre-B'.*centre column 'centre' holds one centre only \('B'\)/);
  }, 120_000);

  it('the same experiment with a good cohort runs (the refusals are the cohorts\' faults)', async () => {
    const sub = join(dir, 'good');
    mkdirSync(sub);
    const results = await runAndLock(sub, spec({ name: 'centre-B', path: B }), ['lesion'], ['gaussian_nb'], () => join(sub, 'model.json'));
    expect(results.featureSets[0].models[0].external[0].results.pooled.test.n).toBe(160);
    expect(existsSync(join(sub, 'model.json'))).toBe(true);
  }, 120_000);
});
