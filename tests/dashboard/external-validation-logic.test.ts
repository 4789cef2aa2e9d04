import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ValidationReport } from '@radsweep/api-contract';
import { rocAuc } from '@radsweep/metrics';
import { loadExperiment, lockedModelBody, lockedModelText, readLockedModel, readTable, runExperiment, validateCohort } from '@radsweep/pipeline';
import { calibrationCurves, forestRows, forestSeries, transportRows } from '../../apps/dashboard/src/external-validation';
import { WDBC, smallSpec } from '../server/support/api';

/**
 * The External validation tab's rows from a real report: a model locked by the engine on WDBC, validated
 * on WDBC rows split into three centres (one with a shifted feature), as the server stores it (JSON).
 */
describe('external validation view logic', () => {
  let report: ValidationReport;
  let raw: ReturnType<typeof validateCohort>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'radsweep-ev-'));
    const file = join(dir, 'experiment.yaml');
    const spec = smallSpec({ featureSets: [{ name: 'mean', include: ['mean_*'] }], models: [{ id: 'logistic_regression', grid: { C: [1] } }], metrics: { threshold: 0.5, bootstrap: 0, calibrationBins: 5 } });
    writeFileSync(file, stringify({ ...spec, dataset: { ...spec.dataset, path: WDBC } }));
    const results = await runExperiment(loadExperiment(file), { workers: 0, keepModels: true });
    const m = results.featureSets[0].models[0];
    const locked = readLockedModel(lockedModelText(lockedModelBody(results, { model: m.model }, m.kept!)), 'test');
    const [head, ...lines] = (await import('node:fs')).readFileSync(WDBC, 'utf8').trim().split('\n');
    const tex = head.split(',').indexOf('mean_texture');
    const cohort = join(dir, 'cohort.csv');
    writeFileSync(cohort, [`${head},centre`, ...lines.map((l, i) => {
      const r = l.split(',');
      if (i % 3 === 2) r[tex] = String(Number(r[tex]) + 5);
      return `${r.join(',')},${'ABC'[i % 3]}`;
    })].join('\n') + '\n');
    raw = validateCohort(locked, await readTable(cohort), { centreColumn: 'centre', bootstrap: 100, development: { table: await readTable(WDBC) } });
    report = JSON.parse(JSON.stringify(raw)) as ValidationReport;
  }, 120_000);

  it('forest rows: pooled then each centre, AUC with its bootstrap interval, as the report has them', () => {
    const f = forestRows(report);
    expect(f.metric).toBe('AUC');
    expect(f.interval).toMatch(/bootstrap \(100 resamples\)/);
    expect(f.rows.map((r) => [r.label, r.n])).toEqual([['pooled', 569], ['A', 190], ['B', 190], ['C', 189]]);
    const r = raw.results as Extract<typeof raw.results, { kind: 'binary' }>;
    // the estimates are the AUCs of each centre's predictions
    for (const row of f.rows.slice(1)) {
      const mine = r.predictions.filter((p) => p.centre === row.label);
      expect(row.estimate).toBe(rocAuc(Uint8Array.from(mine, (p) => p.label), Float64Array.from(mine, (p) => p.probability)));
      expect(row.lower! <= row.estimate! && row.estimate! <= row.upper!).toBe(true);
    }
    // series: a segment and a point per row, the pooled row on top
    const s = forestSeries(f.rows);
    expect(s).toHaveLength(8);
    expect(s[1]).toEqual({ label: 'pooled', x: [f.rows[0].estimate!], y: [4], points: true });
    expect(s[0].x).toEqual([f.rows[0].lower, f.rows[0].upper]);
  });

  it('calibration curves per centre overlay the stored bins (empty bins left out)', () => {
    const c = calibrationCurves(report);
    expect(c.curves.map((x) => x.label)).toEqual(['pooled', 'A', 'B', 'C']);
    const r = raw.results as Extract<typeof raw.results, { kind: 'binary' }>;
    const a = r.centres[0].metrics!.calibration;
    const kept = a.meanPredicted.map((_, i) => i).filter((i) => !Number.isNaN(a.meanPredicted[i]) && !Number.isNaN(a.observed[i]));
    expect(c.curves[1]).toEqual({ label: 'A', x: kept.map((i) => a.meanPredicted[i]), y: kept.map((i) => a.observed[i]) });
  });

  it('the transportability table ranks variables by |SMD|, the shifted feature first', () => {
    const rows = transportRows(report);
    expect(rows.length).toBe(raw.transportability!.report.variables.length);
    expect(rows[0].name).toBe('mean_texture');
    const smds = rows.map((x) => Math.abs(x.smd ?? 0));
    expect([...smds].sort((a, b) => b - a)).toEqual(smds);
    expect(rows[0].missing).toBe('0 / 0');
  });
});
