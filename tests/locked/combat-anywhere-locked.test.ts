import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CombatStep,
  LockedModel,
  Table,
  canonicalJson,
  canonicalSha256,
  cohortFeatures,
  cohortIds,
  harmonisationStages,
  harmoniseNewBatch,
  lockedModelInput,
  parseExactJson,
  predictLocked,
  readLockedModel,
  readTable,
  selectColumns,
} from '@radsweep/pipeline';
import { REPO, bits, cli, readCsvRecords, runAndLock, tempDir, writeCsv } from './support';

/**
 * issue 11, task "every chain lockable": combat after a selector, and two combat steps in one chain,
 * locked (format version 2, `stages`) and predicting exactly what the run predicted. Development on
 * centres A and B together (so the fitted batches have real gamma*, delta*), centre C external: its batch
 * parameters in each stage come from C's own feature rows, and the outcome columns are never read (a
 * spy on the table's label, time and event columns).
 */
const lines = readFileSync(join(REPO, 'examples/data/multicentre.csv'), 'utf8').trim().split('\n');
const OUTCOMES = ['label', 'time', 'event'];

const CHAINS = {
  // combat after a selector (and a scaler after it)
  select_then_combat: [{ welch_ttest: { alpha: 0.05, fallbackK: 8 } }, { combat: { batch: 'centre', continuous: ['age'], categorical: ['sex'] } }, { standard_scaler: {} }],
  // two combat steps, the second after a scaler and a selector
  combat_twice: [
    { combat: { batch: 'centre', continuous: ['age'] } },
    { standard_scaler: {} },
    { welch_ttest: { alpha: 0.05, fallbackK: 8 } },
    { combat: { batch: 'centre', categorical: ['sex'] } },
  ],
};
const MODELS = ['logistic_regression', 'gaussian_nb'];

/** The table with its outcome columns' values behind a getter that records every read. */
function spiedTable(table: Table, reads: string[]): Table {
  const columns = table.columns.map((c) => {
    if (!OUTCOMES.includes(c.name)) return c;
    const spied = { ...c };
    Object.defineProperty(spied, 'values', {
      get: () => {
        reads.push(c.name);
        return c.values;
      },
    });
    return spied;
  });
  return { ...table, columns } as Table;
}

/** The cells of a context column, as the chain hands them to combat. */
const contextOf = (t: Table, names: string[]) => Object.fromEntries(names.map((n) => [n, t.columns.find((c) => c.name === n)!.values]));

describe('a locked model with combat anywhere in its chain', () => {
  const dir = tempDir('radsweep-combat-anywhere-');
  const devCsv = join(dir, 'centres-AB.csv');
  const extCsv = join(dir, 'centre-C.csv');
  const modelFile = (fs: string, id: string) => join(dir, `${fs}-${id}.json`);
  const load = (file: string): LockedModel => readLockedModel(readFileSync(file, 'utf8'), file);
  let results: any;

  beforeAll(async () => {
    writeFileSync(devCsv, [lines[0], ...lines.slice(1).filter((l) => !l.startsWith('C-'))].join('\n') + '\n');
    writeFileSync(extCsv, [lines[0], ...lines.slice(1).filter((l) => l.startsWith('C-'))].join('\n') + '\n');
    const spec = {
      name: 'combat-anywhere',
      seed: 11,
      dataset: { path: devCsv, idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
      featureSets: Object.entries(CHAINS).map(([name, steps]) => ({ name, include: ['lesion_*', 'liver_*'], steps })),
      validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 }, external: [{ name: 'centre-C', path: extCsv }] },
      models: [{ id: 'logistic_regression', params: { C: 1, max_iter: 1000 } }, { id: 'gaussian_nb' }],
      metrics: { threshold: 0.5, bootstrap: 20, calibrationBins: 10 },
    };
    results = await runAndLock(dir, spec, Object.keys(CHAINS), MODELS, modelFile);
  }, 600_000);

  const modelResult = (fs: string, id: string) => results.featureSets.find((f: any) => f.name === fs).models.find((m: any) => m.model === id);

  it('stores every fitted combat step as a stage (format version 2): its columns, the steps before it, pooled mean/variance, covariate design, gamma*/delta* of A and B', () => {
    const selected = load(modelFile('select_then_combat', 'logistic_regression'));
    expect(selected.formatVersion).toBe(2);
    expect(selected.preprocessing.harmonisation).toBeUndefined();
    const [stage] = selected.preprocessing.stages!;
    expect(selected.preprocessing.stages).toHaveLength(1);
    // the combat step maps the t-test's columns, not the feature set's
    expect(stage.features.length).toBe(selected.preprocessing.selection[0].keptCount);
    expect(stage.features.length).toBeLessThan(selected.preprocessing.inputFeatures.length);
    expect(stage.steps).toEqual([]);
    expect(selected.preprocessing.features).toEqual(stage.features);
    expect(selected.preprocessing.steps.map((s) => s.id)).toEqual(['standard_scaler']);
    const state = stage.combat.state;
    expect(state.features).toBe(stage.features.length);
    expect(state.batches.map((b) => [b.batch, b.rows])).toEqual([
      ['A', expect.any(Number)],
      ['B', expect.any(Number)],
    ]);
    expect(state.batches[0].rows + state.batches[1].rows).toBe(selected.training.trainingRows);
    expect(state.coding).toEqual({ continuous: ['age'], categorical: [{ name: 'sex', levels: ['F', 'M'] }], columns: 2 });
    expect(state.covariateBeta).toHaveLength(2 * stage.features.length);
    for (const b of state.batches) expect(b.gammaStar.some((g) => Math.abs(g) > 0.05)).toBe(true); // a real scanner shift was fitted

    const twice = load(modelFile('combat_twice', 'gaussian_nb'));
    expect(twice.formatVersion).toBe(2);
    const stages = twice.preprocessing.stages!;
    expect(stages).toHaveLength(2);
    expect(stages[0].features).toEqual(twice.preprocessing.inputFeatures);
    expect(stages[0].steps).toEqual([]);
    expect(stages[1].steps.map((s) => s.id)).toEqual(['standard_scaler']);
    expect((stages[1].steps[0] as { mean: number[] }).mean).toHaveLength(stages[1].features.length);
    expect(stages[1].features.length).toBeLessThan(stages[0].features.length);
    expect(stages.map((s) => s.combat.params)).toEqual([
      { batch: 'centre', continuous: ['age'] },
      { batch: 'centre', categorical: ['sex'] },
    ]);
  });

  it('reproduces the run\'s test predictions bit for bit, for every chain and model', async () => {
    const table = await readTable(devCsv);
    const row = new Map(cohortIds(table, 'id').map((v, i) => [v, i]));
    for (const fs of Object.keys(CHAINS)) {
      for (const id of MODELS) {
        const locked = load(modelFile(fs, id));
        const p = (predictLocked(locked, lockedModelInput(locked, table, ['id']).x) as { probability: Float64Array }).probability;
        const m = modelResult(fs, id);
        expect(m.predictions.length).toBe(100);
        for (const t of m.predictions) expect(bits(p[row.get(t.id)!]), `${fs}/${id} ${t.id}`).toBe(bits(t.probability));
      }
    }
  });

  it('radsweep predict writes the run\'s external predictions for centre C, bit for bit', async () => {
    for (const fs of Object.keys(CHAINS)) {
      const out = join(dir, `pred-${fs}.csv`);
      const r = await cli(['predict', modelFile(fs, 'logistic_regression'), '--data', extCsv, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const written = readCsvRecords(out).map((x) => `${x.id}:${x.probability}`);
      const ext = modelResult(fs, 'logistic_regression').external.find((e: any) => e.name === 'centre-C');
      expect(ext.results.predictions.map((x: any) => `${x.id}:${x.probability}`)).toEqual(written);
    }
  });

  it('harmonises centre C in each stage from its own rows, as harmoniseNewBatch computes it on that stage\'s columns', async () => {
    const c = await readTable(extCsv);
    const ctx = contextOf(c, ['centre', 'age', 'sex']);
    // one stage, after the t-test: C's raw values of the kept columns
    const selected = load(modelFile('select_then_combat', 'logistic_regression'));
    const [stage] = selected.preprocessing.stages!;
    const direct = harmoniseNewBatch(CombatStep.fromJSON(stage.combat), cohortFeatures(c, stage.features, []).x, ctx, 'C');
    expect(Array.from(lockedModelInput(selected, c, ['id']).x.data, bits)).toEqual(Array.from(direct.x.data, bits));
    // C's own parameters differ from both fitted centres'
    for (const b of stage.combat.state.batches) expect(Array.from(direct.parameters.gammaStar)).not.toEqual(b.gammaStar);

    // two stages: C harmonised from its own rows in stage 1, scaled, the kept columns harmonised again from C's rows
    const twice = load(modelFile('combat_twice', 'gaussian_nb'));
    const [s1, s2] = twice.preprocessing.stages!;
    const first = harmoniseNewBatch(CombatStep.fromJSON(s1.combat), cohortFeatures(c, s1.features, []).x, ctx, 'C').x;
    const scaler = s2.steps[0] as { mean: number[]; scale: number[] };
    const kept = selectColumns(first, s1.features, s2.features);
    const scaled = kept.data.map((v, k) => (v - scaler.mean[k % s2.features.length]) / scaler.scale[k % s2.features.length]);
    const second = harmoniseNewBatch(CombatStep.fromJSON(s2.combat), { ...kept, data: scaled }, ctx, 'C').x;
    expect(Array.from(lockedModelInput(twice, c, ['id']).x.data, bits)).toEqual(Array.from(selectColumns(second, s2.features, twice.preprocessing.features).data, bits));
  });

  it('never reads an outcome column of the cohort (spy), and mixing C with a fitted centre leaves C\'s values unchanged', async () => {
    const c = await readTable(extCsv);
    for (const fs of Object.keys(CHAINS)) {
      const locked = load(modelFile(fs, 'logistic_regression'));
      const reads: string[] = [];
      const spied = lockedModelInput(locked, spiedTable(c, reads), ['id']);
      expect(reads).toEqual([]);
      // the spy does see a read of an outcome column (so the empty list above means something)
      void spiedTable(c, reads).columns.find((col) => col.name === 'label')!.values;
      expect(reads).toEqual(['label']);
      expect(Array.from(spied.x.data, bits)).toEqual(Array.from(lockedModelInput(locked, c, ['id']).x.data, bits));
    }
    // C mixed with centre B rows (B: fitted parameters) gives C the same bits as alone
    const records = readCsvRecords(extCsv);
    const b = readCsvRecords(devCsv).filter((r) => r.centre === 'B').slice(0, 40);
    const mixed = await readTable(writeCsv(join(dir, 'mixed.csv'), Object.keys(records[0]), [...b.slice(0, 20), ...records, ...b.slice(20)]));
    const locked = load(modelFile('combat_twice', 'logistic_regression'));
    const alone = lockedModelInput(locked, c, ['id']).x;
    const together = lockedModelInput(locked, mixed, ['id']).x;
    const p = alone.cols;
    const at = new Map(cohortIds(mixed, 'id').map((v, i) => [v, i]));
    cohortIds(c, 'id').forEach((id, i) => {
      for (let j = 0; j < p; j++) expect(bits(together.data[at.get(id)! * p + j])).toBe(bits(alone.data[i * p + j]));
    });
  });

  it('a cohort without the second stage\'s covariate is refused naming that combat step; nothing written', async () => {
    const records = readCsvRecords(extCsv);
    const file = writeCsv(join(dir, 'c-nosex.csv'), Object.keys(records[0]).filter((h) => h !== 'sex'), records);
    const out = join(dir, 'never.csv');
    const r = await cli(['predict', modelFile('combat_twice', 'gaussian_nb'), '--data', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/combat step 2 of 2 \(combat\.categorical\[0\]\) on .*c-nosex.csv: column 'sex' is not in the data file/);
    expect(() => readFileSync(out)).toThrow();
  });

  it('a file declaring version 1 with stages is refused by the schema (the version is part of the layout)', async () => {
    const { sha256: _old, ...body } = parseExactJson(readFileSync(modelFile('select_then_combat', 'gaussian_nb'), 'utf8')) as Record<string, unknown>;
    const old = { ...body, formatVersion: 1 };
    const file = join(dir, 'stages-as-v1.json');
    writeFileSync(file, canonicalJson({ ...old, sha256: canonicalSha256(old) }) + '\n');
    expect(() => load(file)).toThrow(/does not match its schema at \/formatVersion/);
  });

  it('a chain whose combat step sees every input column is still written in format version 1', async () => {
    // the version 1 layout of the older files: harmonisation + inputSteps; harmonisationStages reads it as one stage
    const spec = {
      name: 'combat-first',
      seed: 11,
      dataset: { path: devCsv, idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
      featureSets: [{ name: 'roi', include: ['lesion_*', 'liver_*'] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
      steps: [{ standard_scaler: {} }, { combat: { batch: 'centre' } }, { welch_ttest: { alpha: 0.05, fallbackK: 8 } }],
      models: [{ id: 'gaussian_nb' }],
      metrics: { bootstrap: 20 },
    };
    writeFileSync(join(dir, 'first.yaml'), stringify(spec));
    expect((await cli(['run', join(dir, 'first.yaml'), '--out', join(dir, 'first.json'), '--keep-models', join(dir, 'kept-first'), '--workers', '1', '--quiet'])).code).toBe(0);
    expect((await cli(['lock', join(dir, 'first.json'), '--model', 'gaussian_nb', '--out', join(dir, 'first-model.json')])).code).toBe(0);
    const locked = load(join(dir, 'first-model.json'));
    expect(locked.formatVersion).toBe(1);
    expect(locked.preprocessing.stages).toBeUndefined();
    expect(locked.preprocessing.inputSteps?.map((s) => s.id)).toEqual(['standard_scaler']);
    const stages = harmonisationStages(locked.preprocessing);
    expect(stages).toHaveLength(1);
    expect(stages[0].features).toEqual(locked.preprocessing.inputFeatures);
    const table = await readTable(devCsv);
    const row = new Map(cohortIds(table, 'id').map((v, i) => [v, i]));
    const p = (predictLocked(locked, lockedModelInput(locked, table, ['id']).x) as { probability: Float64Array }).probability;
    const m = JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8')).featureSets[0].models[0];
    for (const t of m.predictions) expect(bits(p[row.get(t.id)!])).toBe(bits(t.probability));
  }, 300_000);
});

describe('a locked survival model with combat after a survival selector (cox_univariate, combat, scaler)', () => {
  const dir = tempDir('radsweep-combat-surv-');
  const devCsv = join(dir, 'centres-AB.csv');
  const model = join(dir, 'cox.json');
  let results: any;

  beforeAll(async () => {
    writeFileSync(devCsv, [lines[0], ...lines.slice(1).filter((l) => !l.startsWith('C-'))].join('\n') + '\n');
    const spec = {
      name: 'combat-survival',
      seed: 5,
      dataset: { path: devCsv, idColumn: 'id' },
      endpoints: [{ name: 'recurrence', type: 'survival', time: 'time', event: 'event', horizons: [12, 24] }],
      featureSets: [{ name: 'roi', include: ['lesion_*', 'liver_*'] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
      steps: [{ cox_univariate: { alpha: 0.05, fallbackK: 8 } }, { combat: { batch: 'centre', continuous: ['age'] } }, { standard_scaler: {} }],
      models: [{ id: 'cox_ph' }],
    };
    writeFileSync(join(dir, 'exp.yaml'), stringify(spec));
    const run = await cli(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'results.json'), '--keep-models', join(dir, 'kept'), '--workers', '1', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const lock = await cli(['lock', join(dir, 'results.json'), '--model', 'cox_ph', '--out', model]);
    expect(lock.code, lock.stderr).toBe(0);
    results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  }, 600_000);

  it('stores the stage after the selector and reproduces every test linear predictor and survival bit for bit', async () => {
    const locked = readLockedModel(readFileSync(model, 'utf8'), model);
    expect(locked.formatVersion).toBe(2);
    const [stage] = locked.preprocessing.stages!;
    expect(stage.features.length).toBe(locked.preprocessing.selection[0].keptCount);
    expect(locked.preprocessing.selection[0].step).toBe('cox_univariate');
    const table = await readTable(devCsv);
    const row = new Map(cohortIds(table, 'id').map((v, i) => [v, i]));
    const pred = predictLocked(locked, lockedModelInput(locked, table, ['id']).x);
    if (pred.kind !== 'survival') throw new Error('expected survival predictions');
    const m = results.endpoints[0].featureSets[0].models[0];
    expect(pred.times).toEqual(m.predictedAt);
    expect(m.predictions.length).toBe(100);
    const K = pred.times.length;
    for (const t of m.predictions) {
      const i = row.get(t.id)!;
      expect(bits(pred.linearPredictor[i])).toBe(bits(t.linearPredictor));
      t.survival.forEach((v: number, k: number) => expect(bits(pred.survival[i * K + k])).toBe(bits(v)));
    }
  });
});
