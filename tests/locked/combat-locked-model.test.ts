import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CombatStep,
  LockedModel,
  Table,
  TransportCohort,
  cohortFeatures,
  cohortIds,
  harmoniseNewBatch,
  lockedModelInput,
  predictLocked,
  readLockedModel,
  readTable,
  selectColumns,
  transportCohortFromTable,
  transportabilityReport,
} from '@radsweep/pipeline';
import { REPO, bits, cli, readCsvRecords, runAndLock, tempDir, writeCsv } from './support';

/**
 * issue 11, wiring: a locked model whose chain starts with `combat` stores the fitted ComBat and, on
 * predict / validate / validation.external, harmonises each centre it was not fitted on from that
 * centre's own feature rows (all of them at once), never from labels; every external result carries
 * the transportability report of its cohort. Data: the synthetic multicentre cohort (develop on centre A,
 * external centres B and C).
 */
const DATA = join(REPO, 'examples/data');
const A = join(DATA, 'multicentre-centre-A.csv');
const B = join(DATA, 'multicentre-centre-B.csv');
const C = join(DATA, 'multicentre-centre-C.csv');

describe('a locked model with a combat step', () => {
  const dir = tempDir('radsweep-combat-lock-');
  let results: any;
  const modelFile = (fs: string, id: string) => join(dir, `${fs}-${id}.json`);
  const load = (file: string): LockedModel => readLockedModel(readFileSync(file, 'utf8'), file);

  beforeAll(async () => {
    const spec = {
      name: 'combat-lock',
      seed: 42,
      dataset: { path: A, idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
      featureSets: [
        {
          name: 'roi_combat',
          include: ['lesion_*', 'liver_*'],
          steps: [{ combat: { batch: 'centre', continuous: ['age'], categorical: ['sex'], eb: true } }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05, fallbackK: 8 } }],
        },
        { name: 'roi', include: ['lesion_*', 'liver_*'] },
      ],
      validation: {
        split: { type: 'stratified_holdout', testSize: 0.25 },
        cv: { type: 'stratified_kfold', folds: 3 },
        external: [
          { name: 'centre-B', path: B },
          { name: 'centre-C', path: C },
        ],
      },
      steps: [{ standard_scaler: {} }, { welch_ttest: { alpha: 0.05, fallbackK: 8 } }],
      models: [{ id: 'logistic_regression', params: { C: 1, max_iter: 1000 } }, { id: 'gaussian_nb' }],
      metrics: { threshold: 0.5, bootstrap: 20, calibrationBins: 10 },
    };
    results = await runAndLock(dir, spec, ['roi_combat', 'roi'], ['logistic_regression', 'gaussian_nb'], modelFile);
  }, 600_000);

  const modelResult = (fs: string, id: string) => results.featureSets.find((f: any) => f.name === fs).models.find((m: any) => m.model === id);

  it('stores the fitted ComBat whole (every input column) and reproduces the run\'s test predictions bit for bit', async () => {
    const table = await readTable(A);
    for (const id of ['logistic_regression', 'gaussian_nb']) {
      const locked = load(modelFile('roi_combat', id));
      expect(locked.preprocessing.harmonisation?.id).toBe('combat');
      expect(locked.preprocessing.harmonisation?.params).toEqual({ batch: 'centre', continuous: ['age'], categorical: ['sex'], eb: true });
      expect(locked.preprocessing.harmonisation?.state.features).toBe(locked.preprocessing.inputFeatures.length);
      expect(locked.preprocessing.features.length).toBeLessThan(locked.preprocessing.inputFeatures.length);
      const ids = cohortIds(table, 'id');
      const row = new Map(ids.map((v, i) => [v, i]));
      const p = (predictLocked(locked, lockedModelInput(locked, table, ['id']).x) as { probability: Float64Array }).probability;
      const m = modelResult('roi_combat', id);
      expect(m.predictions.length).toBe(60);
      for (const t of m.predictions) expect(bits(p[row.get(t.id)!])).toBe(bits(t.probability));
    }
    expect(load(modelFile('roi', 'gaussian_nb')).preprocessing.harmonisation).toBeUndefined();
  });

  it('harmonises an external centre from its own rows only: the same bits alone or mixed with another centre, as harmoniseNewBatch computes them', async () => {
    const locked = load(modelFile('roi_combat', 'logistic_regression'));
    const b = await readTable(B);
    const recordsB = readCsvRecords(B);
    const recordsC = readCsvRecords(C);
    const header = Object.keys(recordsB[0]);
    const mixed = await readTable(writeCsv(join(dir, 'mixed.csv'), header, [...recordsC.slice(0, 70), ...recordsB, ...recordsC.slice(70)]));
    const alone = lockedModelInput(locked, b, ['id']);
    const together = lockedModelInput(locked, mixed, ['id']);
    const mixedRow = new Map(cohortIds(mixed, 'id').map((v, i) => [v, i]));
    const p = locked.preprocessing.features.length;
    cohortIds(b, 'id').forEach((id, i) => {
      const r = mixedRow.get(id)!;
      for (let j = 0; j < p; j++) expect(bits(together.x.data[r * p + j])).toBe(bits(alone.x.data[i * p + j]));
    });
    // independently: the combat engineer's harmoniseNewBatch on centre B's rows, then the model's columns
    const step = CombatStep.fromJSON(locked.preprocessing.harmonisation!);
    const raw = cohortFeatures(b, locked.preprocessing.inputFeatures, []).x;
    const context = { centre: b.columns.find((c) => c.name === 'centre')!.values, age: b.columns.find((c) => c.name === 'age')!.values, sex: b.columns.find((c) => c.name === 'sex')!.values };
    const direct = selectColumns(harmoniseNewBatch(step, raw, context, 'B').x, locked.preprocessing.inputFeatures, locked.preprocessing.features);
    expect(Array.from(alone.x.data, bits)).toEqual(Array.from(direct.data, bits));
  });

  it('never reads a label: shuffled labels or no label column give the same predictions, bit for bit', async () => {
    const records = readCsvRecords(B);
    const header = Object.keys(records[0]);
    const labels = records.map((r) => r.label);
    const shuffled = records.map((r, i) => ({ ...r, label: labels[(i * 37 + 11) % labels.length] }));
    expect(shuffled.map((r) => r.label)).not.toEqual(labels);
    const files = {
      original: B,
      shuffled: writeCsv(join(dir, 'b-shuffled.csv'), header, shuffled),
      unlabelled: writeCsv(join(dir, 'b-unlabelled.csv'), header.filter((h) => !['label', 'time', 'event'].includes(h)), records),
    };
    const out: Record<string, string[]> = {};
    for (const [name, file] of Object.entries(files)) {
      const r = await cli(['predict', modelFile('roi_combat', 'logistic_regression'), '--data', file, '--out', join(dir, `pred-${name}.csv`)]);
      expect(r.code, r.stderr).toBe(0);
      out[name] = readCsvRecords(join(dir, `pred-${name}.csv`)).map((x) => `${x.id}:${x.probability}`);
    }
    expect(out.shuffled).toEqual(out.original);
    expect(out.unlabelled).toEqual(out.original);
    // and the experiment's external scoring used exactly these predictions
    const ext = modelResult('roi_combat', 'logistic_regression').external.find((e: any) => e.name === 'centre-B');
    expect(ext.results.predictions.map((x: any) => `${x.id}:${x.probability}`)).toEqual(out.original);
  });

  it('refuses a cohort without the batch column, naming it and the combat step; nothing is written', async () => {
    const records = readCsvRecords(B);
    const file = writeCsv(join(dir, 'b-nocentre.csv'), Object.keys(records[0]).filter((h) => h !== 'centre'), records);
    for (const args of [
      ['predict', modelFile('roi_combat', 'gaussian_nb'), '--data', file, '--out', join(dir, 'never.csv')],
      ['validate', modelFile('roi_combat', 'gaussian_nb'), '--data', file, '--out', join(dir, 'never.json')],
    ]) {
      const r = await cli(args);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/column 'centre' is not in the data file/);
      expect(r.stderr).toMatch(/combat step \(combat\.batch\)/);
    }
    expect(() => readFileSync(join(dir, 'never.csv'))).toThrow();
    // the model without combat does not need it
    expect((await cli(['predict', modelFile('roi', 'gaussian_nb'), '--data', file, '--out', join(dir, 'plain.csv')])).code).toBe(0);
  });

  /** The transportability report computed directly by the engine function, on the model's selected features (harmonised with the stored ComBat when there is one). */
  function directReport(locked: LockedModel, dev: Table, ext: Table, clinical: string[]) {
    const outcome = { label: 'label', positiveClass: 1 };
    const cohort = (t: Table, name: string, harmonise: (raw: any, context: any) => any): TransportCohort => {
      const c = transportCohortFromTable(t, name, outcome);
      const pre = locked.preprocessing;
      if (!pre.harmonisation) return c;
      const raw = cohortFeatures(t, pre.inputFeatures, []).x;
      const x = selectColumns(harmonise(raw, { centre: c.columns.centre, age: c.columns.age, sex: c.columns.sex }), pre.inputFeatures, pre.features);
      const columns = { ...c.columns };
      pre.features.forEach((f, j) => (columns[f] = Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j])));
      return { ...c, columns };
    };
    const step = locked.preprocessing.harmonisation ? CombatStep.fromJSON(locked.preprocessing.harmonisation) : null;
    return transportabilityReport(
      cohort(dev, dev.source, (raw, ctx) => step!.transformWithContext(raw, ctx)),
      cohort(ext, ext.source, (raw, ctx) => harmoniseNewBatch(step!, raw, ctx, 'B').x),
      { features: [...locked.preprocessing.features], clinical, seed: 42 },
    );
  }

  it('radsweep validate reports the transportability that the engine function computes on the same data, briefly on stdout and whole in the JSON', async () => {
    const dev = await readTable(A);
    const ext = await readTable(B);
    for (const fs of ['roi_combat', 'roi']) {
      const out = join(dir, `validate-${fs}.json`);
      const r = await cli(['validate', modelFile(fs, 'logistic_regression'), '--data', B, '--development', A, '--clinical', 'age,sex,cea', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8'));
      const direct = directReport(load(modelFile(fs, 'logistic_regression')), dev, ext, ['age', 'sex', 'cea']);
      expect(report.transportability.report).toEqual(JSON.parse(JSON.stringify(direct)));
      expect(report.transportability.development).toMatchObject({ rows: 240, matchesTraining: true });
      expect(report.transportability.report.outcome.type).toBe('binary');
      const top5 = direct.featureShift.slice(0, 5).map((s) => `${s.name} ${s.smd!.toFixed(2)}`).join(', ');
      expect(r.stdout).toContain(`membership AUC ${direct.membership.auc.toFixed(3)}; largest |SMD|: ${top5}`);
    }
  });

  it('a cohort too small for the membership model is still validated; the report says why it has no transportability', async () => {
    const records = readCsvRecords(B);
    const four = [...records.filter((r) => r.label === '1').slice(0, 2), ...records.filter((r) => r.label === '0').slice(0, 2)];
    const file = writeCsv(join(dir, 'b-four.csv'), Object.keys(records[0]), four);
    const out = join(dir, 'validate-four.json');
    const r = await cli(['validate', modelFile('roi_combat', 'logistic_regression'), '--data', file, '--development', A, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.results.pooled.test.n).toBe(4);
    expect(report.transportability).toBeUndefined();
    expect(report.transportabilityError).toMatch(/membership model needs at least 5 rows per cohort \(development 240, external 4\)/);
    expect(r.stdout).toMatch(/transportability: not computed \(.*the membership model needs at least 5 rows/);
  });

  it('radsweep validate finds the development data by the locked model\'s training file when it is unchanged; the experiment\'s external results carry the same report', async () => {
    const out = join(dir, 'validate-default.json');
    const r = await cli(['validate', modelFile('roi_combat', 'gaussian_nb'), '--data', B, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.transportability.development.matchesTraining).toBe(true);
    expect(report.transportability.report.variables.filter((v: any) => v.role === 'clinical').map((v: any) => v.name)).toEqual(['age', 'sex']);
    const ext = modelResult('roi_combat', 'gaussian_nb').external.find((e: any) => e.name === 'centre-B');
    const names = (x: any) => ({ ...x, development: '', external: '' });
    expect(names(ext.transportability.report)).toEqual(names(report.transportability.report));
    // and equal to the engine function called directly (clinical: the experiment's combat covariates)
    const direct = directReport(load(modelFile('roi_combat', 'gaussian_nb')), await readTable(A), await readTable(B), ['age', 'sex']);
    expect(names(ext.transportability.report)).toEqual(names(JSON.parse(JSON.stringify(direct))));
  });
});

describe('a locked model with column-wise steps before combat (median_imputer, combat, scaler, t-test)', () => {
  const dir = tempDir('radsweep-combat-imputed-');
  let results: any;
  const data = join(dir, 'centre-A-gaps.csv');
  const model = join(dir, 'model.json');

  beforeAll(async () => {
    const records = readCsvRecords(A);
    // a few missing cells, for the imputer before combat to fill
    const gaps = records.map((r, i) => (i % 17 === 3 ? { ...r, lesion_firstorder_Mean: '', liver_glcm_Contrast: '' } : r));
    writeCsv(data, Object.keys(records[0]), gaps);
    const spec = {
      name: 'combat-imputed',
      seed: 7,
      dataset: { path: data, idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
      featureSets: [{ name: 'roi', include: ['lesion_*', 'liver_*'] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 }, external: [{ name: 'centre-B', path: B }] },
      steps: [{ median_imputer: {} }, { combat: { batch: 'centre', continuous: ['age'] } }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05, fallbackK: 8 } }],
      models: [{ id: 'logistic_regression', params: { C: 1, max_iter: 1000 } }],
      metrics: { threshold: 0.5, bootstrap: 20, calibrationBins: 10 },
    };
    writeFileSync(join(dir, 'exp.yaml'), stringify(spec));
    const run = await cli(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'results.json'), '--keep-models', join(dir, 'kept'), '--workers', '1', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const lock = await cli(['lock', join(dir, 'results.json'), '--model', 'logistic_regression', '--out', model]);
    expect(lock.code, lock.stderr).toBe(0);
  }, 600_000);

  it('stores the imputer on every input column before combat and reproduces the run\'s test predictions (rows with gaps included) bit for bit', async () => {
    const locked = readLockedModel(readFileSync(model, 'utf8'), model);
    expect(locked.preprocessing.inputSteps?.map((s) => s.id)).toEqual(['median_imputer']);
    expect((locked.preprocessing.inputSteps![0] as { medians: number[] }).medians).toHaveLength(locked.preprocessing.inputFeatures.length);
    expect(locked.preprocessing.steps.map((s) => s.id)).toEqual(['standard_scaler']);
    const table = await readTable(data);
    const ids = cohortIds(table, 'id');
    const row = new Map(ids.map((v, i) => [v, i]));
    const p = (predictLocked(locked, lockedModelInput(locked, table, ['id']).x) as { probability: Float64Array }).probability;
    const m = results.featureSets[0].models[0];
    expect(m.predictions.length).toBe(60);
    expect(m.predictions.some((t: any) => row.get(t.id)! % 17 === 3)).toBe(true); // a test row with gaps
    for (const t of m.predictions) expect(bits(p[row.get(t.id)!])).toBe(bits(t.probability));
    const ext = m.external[0];
    const pb = (predictLocked(locked, lockedModelInput(locked, await readTable(B), ['id']).x) as { probability: Float64Array }).probability;
    expect(ext.results.predictions.map((x: any) => bits(x.probability))).toEqual(Array.from(pb, bits));
    expect(ext.transportability.report.membership.auc).toBeLessThan(0.6);
  });
});
