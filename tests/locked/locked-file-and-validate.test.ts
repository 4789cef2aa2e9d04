import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyLogisticRecalibration, fitLogisticRecalibration, rocAuc } from '@radsweep/metrics';
import { LOCKED_MODEL_VERSION, binaryCohortMetrics, canonicalJson, canonicalSha256, parseExactJson } from '@radsweep/pipeline';
import { hasShared, sharedPath } from '../support/shared';
import { bits, cli, readCsvRecords, tempDir, writeCsv } from './support';

describe('exact JSON', () => {
  it('keeps every double\'s bits, NaN, the infinities and -0 included', () => {
    const values = [0.1 + 0.2, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, 1 / 3, NaN, Infinity, -Infinity, -0, 0];
    const back = parseExactJson(canonicalJson({ v: values, t: Float64Array.from(values) })) as { v: number[]; t: number[] };
    expect(back.v.map(bits)).toEqual(values.map(bits));
    expect(back.t.map(bits)).toEqual(values.map(bits));
  });
  it('is canonical: key order does not change the text or the sha256', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3] } })).toBe('{"a":{"c":[3],"d":2},"b":1}');
    expect(canonicalSha256({ b: 1, a: 2 })).toBe(canonicalSha256({ a: 2, b: 1 }));
  });
});

/**
 * A logistic regression developed on the first 200 WDBC patients, locked, and validated on the other
 * 369 as an external cohort split into three centres (A, B, C by row order).
 */
describe.skipIf(!hasShared)('locked file checks and radsweep validate on a binary cohort', () => {
  const dir = tempDir('radsweep-lockval-');
  const model = join(dir, 'model.json');
  let header: string[];
  let external: Record<string, string>[];
  let cohort: string;
  beforeAll(async () => {
    const rows = readCsvRecords(sharedPath('data', 'wdbc.csv'));
    header = Object.keys(rows[0]);
    writeCsv(join(dir, 'develop.csv'), header, rows.slice(0, 200));
    external = rows.slice(200).map((r, i) => ({ ...r, centre: ['A', 'B', 'C'][i % 3] }));
    cohort = writeCsv(join(dir, 'external.csv'), [...header, 'centre'], external);
    const spec = {
      name: 'lr',
      seed: 42,
      dataset: { path: 'develop.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
      featureSets: [{ name: 'all', include: ['*'] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.3 }, cv: { type: 'stratified_kfold', folds: 3 } },
      steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05 } }],
      models: [{ id: 'logistic_regression', params: { C: 0.1 } }],
      metrics: { threshold: 0.5, bootstrap: 50, calibrationBins: 10 },
    };
    writeFileSync(join(dir, 'exp.yaml'), stringify(spec));
    expect((await cli(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'results.json'), '--keep-models', join(dir, 'kept'), '--workers', '0', '--quiet'])).code).toBe(0);
    expect((await cli(['lock', join(dir, 'results.json'), '--model', 'logistic_regression', '--out', model])).code).toBe(0);
  }, 300_000);

  /** Runs `validate` expecting an input error: exit 2, a message matching `pattern`, and no report written. */
  async function refused(args: string[], pattern: RegExp) {
    const out = join(dir, `refused-${Math.random().toString(36).slice(2)}.json`);
    const r = await cli([...args, '--out', out]);
    expect(r.stderr).toMatch(pattern);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  }

  it('the file matches its schema\'s format and seals itself with its sha256', () => {
    const locked = JSON.parse(readFileSync(model, 'utf8'));
    expect(locked.format).toBe('radsweep-locked-model');
    expect(locked.formatVersion).toBe(1);
    const { sha256, ...body } = parseExactJson(readFileSync(model, 'utf8')) as Record<string, unknown>;
    expect(canonicalSha256(body)).toBe(sha256);
    expect(locked.training.trainingRows).toBe(140);
    expect(locked.training.datasetSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(locked.preprocessing.features.length).toBeGreaterThan(0);
    expect(locked.preprocessing.steps.map((s: any) => s.id)).toEqual(['median_imputer', 'standard_scaler']);
  });

  it('one changed byte (a digit of a fitted value) is refused: sha256 mismatch, exit 2, nothing written', async () => {
    const text = readFileSync(model, 'utf8');
    const at = text.indexOf('"mean":[') + 9;
    const digit = text.slice(at).search(/[0-8]/) + at;
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, text.slice(0, digit) + String(Number(text[digit]) + 1) + text.slice(digit + 1));
    await refused(['validate', changed, '--data', cohort], /sha256 mismatch.*modified and is refused/);
    const p = await cli(['predict', changed, '--data', cohort, '--out', join(dir, 'p.csv')]);
    expect(p.code).toBe(2);
    expect(existsSync(join(dir, 'p.csv'))).toBe(false);
  });

  it('a byte added outside the values (whitespace) is refused too', async () => {
    const text = readFileSync(model, 'utf8');
    const spaced = join(dir, 'spaced.json');
    writeFileSync(spaced, text.replace('{"calibration"', '{ "calibration"'));
    await refused(['validate', spaced, '--data', cohort], /not byte for byte the canonical form/);
  });

  it('a newer format version is refused with a clear message, even with a valid sha256', async () => {
    const { sha256: _old, ...body } = parseExactJson(readFileSync(model, 'utf8')) as Record<string, unknown>;
    const newer = { ...body, formatVersion: LOCKED_MODEL_VERSION + 1 };
    const file = join(dir, 'newer.json');
    writeFileSync(file, canonicalJson({ ...newer, sha256: canonicalSha256(newer) }) + '\n');
    await refused(['validate', file, '--data', cohort], new RegExp(`format version ${LOCKED_MODEL_VERSION + 1} is newer than this RadSweep reads \\(version ${LOCKED_MODEL_VERSION}\\)`));
  });

  it('an external cohort missing a selected feature is refused, naming the column', async () => {
    const locked = JSON.parse(readFileSync(model, 'utf8'));
    const gone: string = locked.preprocessing.features[1];
    const file = writeCsv(join(dir, 'missing.csv'), [...header, 'centre'].filter((c) => c !== gone), external);
    await refused(['validate', model, '--data', file], new RegExp(`lacks the model's feature column '${gone}'`));
  });

  it('a feature column with text (an unseen category) is refused, naming the column and cell', async () => {
    const locked = JSON.parse(readFileSync(model, 'utf8'));
    const f: string = locked.preprocessing.features[0];
    const file = writeCsv(join(dir, 'text.csv'), [...header, 'centre'], external.map((r, i) => (i === 5 ? { ...r, [f]: 'large' } : r)));
    await refused(['validate', model, '--data', file], new RegExp(`feature column '${f}' is not numeric.*"large"`));
  });

  it('a label with other classes than the positive one and one other is refused', async () => {
    const file = writeCsv(join(dir, 'classes.csv'), [...header, 'centre'], external.map((r, i) => (i % 10 === 0 ? { ...r, label: '2' } : r)));
    await refused(['validate', model, '--data', file], /label column 'label' holds other classes than the model's two/);
  });

  it('a centre column with one centre is refused', async () => {
    const file = writeCsv(join(dir, 'one-centre.csv'), [...header, 'centre'], external.map((r) => ({ ...r, centre: 'A' })));
    await refused(['validate', model, '--data', file, '--centre-column', 'centre'], /centre column 'centre' holds one centre only/);
  });

  describe('the validation report', () => {
    let report: any;
    let stdout: string;
    beforeAll(async () => {
      const r = await cli(['validate', model, '--data', cohort, '--centre-column', 'centre', '--recalibrate', 'slope', '--recalibration-rows', 'centre=A', '--bootstrap', '200', '--out', join(dir, 'report.json')]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      stdout = r.stdout;
      report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    }, 120_000);

    it('states the column rule and the ignored columns', () => {
      expect(report.cohort.rows).toBe(369);
      expect(report.cohort.columnRule).toMatch(/every other column is ignored/);
      expect(report.cohort.ignoredColumns.length).toBeGreaterThan(0);
      expect(stdout).toMatch(/pooled\s+n=369/);
    });

    it('every pooled and per-centre metric recomputes from the stored predictions', () => {
      const preds: any[] = report.results.predictions;
      const settings = { threshold: 0.5, bootstrap: report.settings.bootstrap, calibrationBins: report.settings.calibrationBins };
      const score = (rows: any[]) => JSON.parse(JSON.stringify(binaryCohortMetrics(Uint8Array.from(rows, (p) => p.label), Float64Array.from(rows, (p) => p.probability), settings, report.settings.seed)));
      expect(score(preds)).toEqual(report.results.pooled);
      expect(report.results.centres.map((c: any) => c.centre)).toEqual(['A', 'B', 'C']);
      for (const c of report.results.centres) {
        expect(c.metrics).toEqual(score(preds.filter((p) => p.centre === c.centre)));
        expect(c.n).toBe(123);
      }
    });

    it('pooled: AUC with its DeLong CI, calibration in the large and slope with bootstrap CIs, calibration curve, Brier, decision curve', () => {
      const m = report.results.pooled;
      const preds: any[] = report.results.predictions;
      expect(m.test.auc).toBe(rocAuc(Uint8Array.from(preds, (p) => p.label), Float64Array.from(preds, (p) => p.probability)));
      expect(m.test.aucCi.delong.lower).toBeLessThan(m.test.auc);
      expect(m.test.aucCi.delong.upper).toBeGreaterThanOrEqual(m.test.auc);
      for (const k of ['brier', 'calibrationIntercept', 'calibrationSlope']) {
        expect(m.ci[k].lower).toBeLessThanOrEqual(m.test[k]);
        expect(m.ci[k].upper).toBeGreaterThanOrEqual(m.test[k]);
      }
      expect(m.calibration.count.reduce((s: number, c: number) => s + c, 0)).toBe(369);
      expect(m.decisionCurve).toHaveLength(99);
    });

    it('recalibration is fitted on centre A only and reported separately on the other rows', () => {
      const rc = report.results.recalibration;
      expect(rc.kind).toBe('slope');
      expect(rc.rule).toBe('centre=A');
      expect(rc.fitRows).toBe(123);
      expect(rc.evaluatedRows).toBe(246);
      expect(rc.note).toMatch(/fitted on the 123 rows of centre=A and evaluated on the other 246 rows; the locked model itself is unchanged/);
      // the fitted recalibration is the maximum-likelihood one on the A rows: there its slope is 1 and its intercept 0
      const a = report.results.predictions.filter((p: any) => p.centre === 'A');
      const y = Uint8Array.from(a, (p: any) => p.label);
      const q = applyLogisticRecalibration(Float64Array.from(a, (p: any) => p.probability), rc.coefficients);
      // (refitted on the recalibration's own clipped logit scale: the calibration metrics are undefined when a q is exactly 0 or 1)
      const refit = fitLogisticRecalibration(y, q, 'slope');
      expect(Math.abs(refit.b - 1)).toBeLessThan(1e-6);
      expect(Math.abs(refit.a)).toBeLessThan(1e-6);
      // its predictions are of the B and C rows only, and the pooled results are the model's own
      expect(rc.predictions.map((p: any) => p.id).sort()).toEqual(report.results.predictions.filter((p: any) => p.centre !== 'A').map((p: any) => p.id).sort());
      expect(rc.original.test.n).toBe(246);
      expect(rc.recalibrated.test.n).toBe(246);
    });
  });
});
