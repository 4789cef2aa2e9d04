import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../support/shared';
import { cli, readCsvRecords, tempDir, writeCsv } from './support';

/** `radsweep lock` refuses what it cannot lock honestly: exit 2, a message naming the problem, no file. */
describe.skipIf(!hasShared)('radsweep lock: refusals', () => {
  const dir = tempDir('radsweep-lockerr-');
  beforeAll(async () => {
    const rows = readCsvRecords(sharedPath('data', 'wdbc.csv')).slice(0, 150);
    writeCsv(join(dir, 'd.csv'), Object.keys(rows[0]), rows);
    const spec = {
      name: 'two-sets',
      seed: 42,
      dataset: { path: 'd.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
      featureSets: [{ name: 'mean', include: ['mean_*'] }, { name: 'worst', include: ['worst_*'] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.3 }, cv: { type: 'stratified_kfold', folds: 3 } },
      steps: [{ standard_scaler: {} }],
      models: [{ id: 'gaussian_nb' }],
      metrics: { bootstrap: 0 },
    };
    writeFileSync(join(dir, 'exp.yaml'), stringify(spec));
    expect((await cli(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'kept.json'), '--keep-models', join(dir, 'models'), '--workers', '0', '--quiet'])).code).toBe(0);
    expect((await cli(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'plain.json'), '--workers', '0', '--quiet'])).code).toBe(0);
  }, 300_000);

  async function refused(args: string[], pattern: RegExp) {
    const out = join(dir, `m-${Math.random().toString(36).slice(2)}.json`);
    const r = await cli([...args, '--out', out]);
    expect(r.stderr).toMatch(pattern);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  }

  it('a model in several feature sets needs --feature-set', async () => {
    await refused(['lock', join(dir, 'kept.json'), '--model', 'gaussian_nb'], /in several places \(mean, worst\); name one with --feature-set/);
    const r = await cli(['lock', join(dir, 'kept.json'), '--model', 'gaussian_nb', '--feature-set', 'worst', '--out', join(dir, 'ok.json')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'ok.json'), 'utf8')).source.featureSet).toBe('worst');
  });

  it('an unknown model is refused', async () => {
    await refused(['lock', join(dir, 'kept.json'), '--model', 'lda'], /the results have no model 'lda'/);
  });

  it('results of a run without --keep-models say how to keep the refits', async () => {
    await refused(['lock', join(dir, 'plain.json'), '--model', 'gaussian_nb', '--feature-set', 'mean'], /run the experiment with --keep-models/);
  });

  it('a kept refit file changed since the run is refused (sha256)', async () => {
    const results = JSON.parse(readFileSync(join(dir, 'kept.json'), 'utf8'));
    const entry = results.keptModels.files.find((f: any) => f.featureSet === 'mean');
    const file = join(dir, 'models', entry.file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"mean":[', '"mean":[1e-300,'));
    await refused(['lock', join(dir, 'kept.json'), '--model', 'gaussian_nb', '--feature-set', 'mean'], /sha256 mismatch: the kept refit file changed/);
  });

  it('run --keep-models without --out is refused before running', async () => {
    const r = await cli(['run', join(dir, 'exp.yaml'), '--keep-models', join(dir, 'm2'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--keep-models needs --out/);
    expect(existsSync(join(dir, 'm2'))).toBe(false);
  });
});
