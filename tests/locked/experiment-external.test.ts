import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment, runExperiment, runSurvivalExperiment } from '@radsweep/pipeline';
import { hasShared, sharedPath } from '../support/shared';
import { cli, readCsvRecords, tempDir, writeCsv } from './support';

/**
 * validation.external: after the sweep every model is also scored on each external cohort, exactly as
 * `radsweep lock` + `radsweep validate` score it; the leaderboard prints internal and external side by
 * side; CV choices and internal results are those of the same experiment without external cohorts.
 */
describe.skipIf(!hasShared)('experiments with external cohorts (binary)', () => {
  const dir = tempDir('radsweep-ext-');
  const base = {
    name: 'ext',
    seed: 42,
    dataset: { path: 'develop.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
    featureSets: [{ name: 'all', include: ['*'] }, { name: 'mean', include: ['mean_*'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.3 }, cv: { type: 'stratified_kfold', folds: 3 } } as Record<string, unknown>,
    steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05 } }],
    models: [{ id: 'logistic_regression', grid: { C: [0.1, 1] } }, { id: 'gaussian_nb' }, { id: 'decision_tree', params: { max_depth: 3 } }],
    metrics: { threshold: 0.5, bootstrap: 30, calibrationBins: 10 },
  };
  let header: string[];
  let external: Record<string, string>[];
  let withExt: any;
  let without: any;
  beforeAll(async () => {
    const rows = readCsvRecords(sharedPath('data', 'wdbc.csv'));
    header = Object.keys(rows[0]);
    writeCsv(join(dir, 'develop.csv'), header, rows.slice(0, 200));
    external = rows.slice(200).map((r, i) => ({ ...r, site: i % 2 === 0 ? 'north' : 'south' }));
    writeCsv(join(dir, 'external.csv'), [...header, 'site'], external);
    writeFileSync(join(dir, 'plain.yaml'), stringify(base));
    writeFileSync(join(dir, 'ext.yaml'), stringify({ ...base, validation: { ...base.validation, external: [{ name: 'other', path: 'external.csv', centreColumn: 'site' }] } }));
    withExt = JSON.parse(JSON.stringify(await runExperiment(loadExperiment(join(dir, 'ext.yaml')), { workers: 0 })));
    without = JSON.parse(JSON.stringify(await runExperiment(loadExperiment(join(dir, 'plain.yaml')), { workers: 0 })));
  }, 300_000);

  it('every model of every feature set is scored on the cohort, pooled and per centre', () => {
    for (const fs of withExt.featureSets) {
      for (const m of fs.models) {
        expect(m.external).toHaveLength(1);
        const e = m.external[0];
        expect(e).toMatchObject({ name: 'other', rows: 369, centreColumn: 'site' });
        expect(e.results.kind).toBe('binary');
        expect(e.results.predictions).toHaveLength(369);
        expect(e.results.centres.map((c: any) => [c.centre, c.n])).toEqual([['north', 185], ['south', 184]]);
        expect(e.results.pooled.test.auc).toBeGreaterThan(0.8);
        expect(m.kept).toBeUndefined();
      }
    }
  });

  it('CV choices and internal results do not change with external cohorts (nothing is chosen on them)', () => {
    // fit times (foldFitMs) are measurements, not results
    const cvOf = (cv: any) => ({ ...cv, perConfig: cv.perConfig.map(({ foldFitMs: _, ...c }: any) => c) });
    const strip = (r: any) => r.featureSets.map((fs: any) => fs.models.map((m: any) => ({ best: m.bestConfigIndex, cv: cvOf(m.cv), test: m.test, predictions: m.predictions })));
    expect(strip(withExt)).toEqual(strip(without));
    expect(without.featureSets[0].models[0].external).toBeUndefined();
  });

  it('the external results are what radsweep lock + radsweep validate give for that model', async () => {
    const exp = join(dir, 'ext.yaml');
    expect((await cli(['run', exp, '--out', join(dir, 'results.json'), '--keep-models', join(dir, 'kept'), '--workers', '0', '--quiet'])).code).toBe(0);
    expect((await cli(['lock', join(dir, 'results.json'), '--model', 'logistic_regression', '--feature-set', 'mean', '--out', join(dir, 'lr.json')])).code).toBe(0);
    const v = await cli(['validate', join(dir, 'lr.json'), '--data', join(dir, 'external.csv'), '--centre-column', 'site', '--bootstrap', '30', '--out', join(dir, 'report.json')]);
    expect(v.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const inRun = withExt.featureSets[1].models.find((m: any) => m.model === 'logistic_regression').external[0];
    expect(inRun.results.predictions).toEqual(report.results.predictions);
    expect(inRun.results.pooled).toEqual(report.results.pooled);
    expect(inRun.results.centres).toEqual(report.results.centres);
  });

  it('the leaderboard prints the external AUC beside the internal test AUC', async () => {
    const r = await cli(['run', join(dir, 'ext.yaml'), '--workers', '0', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Test AUC \[95 % CI\].*other AUC \[DeLong CI\]/);
    expect(r.stdout).toMatch(/never used to choose/);
  });

  it('a cohort missing a feature column stops the run naming the cohort and the column; duplicate cohort names are refused', async () => {
    writeCsv(join(dir, 'lacking.csv'), [...header, 'site'].filter((c) => c !== 'mean_radius'), external);
    writeFileSync(join(dir, 'lacking.yaml'), stringify({ ...base, validation: { ...base.validation, external: [{ name: 'bad', path: 'lacking.csv' }] } }));
    await expect(runExperiment(loadExperiment(join(dir, 'lacking.yaml')), { workers: 0 })).rejects.toThrow(/validation.external 'bad'.*lacks the model's feature column 'mean_radius'/);
    writeFileSync(join(dir, 'twice.yaml'), stringify({ ...base, validation: { ...base.validation, external: [{ name: 'a', path: 'external.csv' }, { name: 'a', path: 'external.csv' }] } }));
    expect(() => loadExperiment(join(dir, 'twice.yaml'))).toThrow(/external cohort name 'a' is used twice/);
  });
});

describe.skipIf(!hasShared)('experiments with external cohorts (survival)', () => {
  it('Cox developed on Rotterdam is scored on GBSG beside its internal test, C-index and td-AUC per horizon', async () => {
    const dir = tempDir('radsweep-extsurv-');
    const spec = {
      name: 'ext-surv',
      seed: 42,
      dataset: { path: sharedPath('data', 'survival', 'rotterdam.csv'), idColumn: 'id' },
      endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', horizons: [1096, 1826] }],
      featureSets: [{ name: 'clinical', include: ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.2 }, cv: { type: 'stratified_kfold', folds: 3 }, external: [{ name: 'gbsg', path: sharedPath('data', 'survival', 'gbsg.csv') }] },
      models: [{ id: 'cox_ph' }],
    };
    writeFileSync(join(dir, 'exp.yaml'), stringify(spec));
    const results = await runSurvivalExperiment(loadExperiment(join(dir, 'exp.yaml')), { workers: 0 });
    const m = results.endpoints[0].featureSets[0].models[0];
    const e = m.external![0];
    if (e.results.kind !== 'survival') throw new Error('expected survival');
    expect(e.rows).toBe(686);
    expect(e.results.pooled.harrellC.estimate).toBeGreaterThan(0.6);
    expect(e.results.pooled.atHorizon.map((h) => h.horizon)).toEqual([1096, 1826]);
    const r = await cli(['run', join(dir, 'exp.yaml'), '--workers', '0', '--quiet']);
    expect(r.stdout).toMatch(/gbsg C-index \[95 % CI\]/);
  }, 300_000);
});
