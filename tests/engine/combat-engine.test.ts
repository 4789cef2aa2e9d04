import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, RadSweepInputError, fromRows } from '@radsweep/core';
import { ChainSpec, CombatStep, ExperimentResults, RowContext, createChainParts, harmoniseNewBatch, loadExperiment, runExperiment, runSurvivalExperiment } from '@radsweep/pipeline';
import { REPO, tempDir, writeExperiment } from './support';

/**
 * The combat step inside a sweep: a spy CombatStep records the rows (through a `rowtag` context column:
 * the row's position in the file) and the labels each fit receives. Each CV split's combat must be fitted
 * on exactly that split's training rows and the final one on the training part, never on a held-out or
 * test row; the external centre (C, not in the development file) is harmonised afterwards from its own
 * rows without changing the fitted parameters.
 */
const dir = tempDir();
const lines = readFileSync(join(REPO, 'examples/data/multicentre.csv'), 'utf8').trim().split('\n');
const header = lines[0].split(',');
const dev = lines.slice(1).filter((l) => !l.startsWith('C-'));
const external = lines.slice(1).filter((l) => l.startsWith('C-'));
const devCsv = join(dir, 'dev.csv');
writeFileSync(devCsv, [`${lines[0]},rowtag`, ...dev.map((l, i) => `${l},${i}`)].join('\n') + '\n');
const devIds = dev.map((l) => l.split(',')[0]);
const devLabels = dev.map((l) => Number(l.split(',')[header.indexOf('label')]));

function spec(steps: unknown[]): Record<string, unknown> {
  return {
    name: 'combat-sweep',
    seed: 42,
    dataset: { path: devCsv, idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
    featureSets: [{ name: 'roi', include: ['lesion_*', 'liver_*'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
    steps,
    models: [{ id: 'logistic_regression', grid: { C: [0.1, 1] } }],
    metrics: { bootstrap: 50 },
  };
}

interface Seen {
  rows: number[];
  labels: number[];
  step: SpyCombat;
}

class SpyCombat extends CombatStep {
  constructor(private readonly seen: Seen[]) {
    super({ batch: 'centre', continuous: ['age'], categorical: ['sex'] });
  }
  override fitWithContext(x: Matrix, y: Uint8Array, context: RowContext): this {
    this.seen.push({ rows: Array.from(context.rowtag as Float64Array), labels: Array.from(y), step: this });
    return super.fitWithContext(x, y, context);
  }
}

describe('combat in a sweep is fitted on training rows only', () => {
  let results: ExperimentResults;
  const seen: Seen[] = [];
  beforeAll(async () => {
    // rowtag is listed as a covariate only so that the chain hands it to the spy; the spy's ComBat ignores it
    const exp = loadExperiment(writeExperiment(dir, spec([{ combat: { batch: 'centre', continuous: ['age', 'rowtag'], categorical: ['sex'] } }, { standard_scaler: {} }])));
    const chainFactory = (chain: ChainSpec) => {
      const parts = createChainParts(chain);
      return { steps: [new SpyCombat(seen), ...parts.steps.slice(1)], sampler: parts.sampler };
    };
    results = await runExperiment(exp, { chainFactory });
  }, 120_000);

  it('each CV split\'s combat sees exactly that split\'s training rows, the final one the training part; never a test row', () => {
    const { split, cv } = results;
    const idsOf = (s: Seen) => new Set(s.rows.map((r) => devIds[r]));
    expect(seen).toHaveLength(cv.foldsPerRepeat + 1);
    const folds = cv.foldOfTrainId[0];
    for (let f = 0; f < cv.foldsPerRepeat; f++) {
      const fit = new Set(split.trainIds.filter((_, i) => folds[i] !== f));
      const matching = seen.filter((s) => s.rows.length === fit.size && [...idsOf(s)].every((id) => fit.has(id)));
      expect(matching, `split ${f}`).toHaveLength(1);
    }
    const test = new Set(split.testIds);
    for (const s of seen) for (const id of idsOf(s)) expect(test.has(id)).toBe(false);
    const train = new Set(split.trainIds);
    expect(seen.filter((s) => s.rows.length === train.size && [...idsOf(s)].every((id) => train.has(id)))).toHaveLength(1);
  });

  it('the labels a fit receives are those of its own training rows (and ComBat does not read them)', () => {
    for (const s of seen) expect(s.labels).toEqual(s.rows.map((r) => devLabels[r]));
  });

  it('the sweep ran with both development centres as batches', () => {
    const refit = seen.find((s) => s.rows.length === results.split.trainIds.length)!;
    expect(refit.step.model.batches.map((b) => b.batch)).toEqual(['A', 'B']);
    expect(results.featureSets[0].models[0].test?.auc).toBeGreaterThan(0.6);
  });

  it('harmonising the external centre from its own rows leaves the fitted step unchanged', () => {
    const refit = seen.find((s) => s.rows.length === results.split.trainIds.length)!.step;
    const before = JSON.stringify(refit.model, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
    const featureCols = header.flatMap((h, j) => (h.startsWith('lesion_') || h.startsWith('liver_') ? [j] : []));
    const cells = external.map((l) => l.split(','));
    const x = fromRows(cells.map((c) => featureCols.map((j) => Number(c[j]))));
    const context = { age: Float64Array.from(cells, (c) => Number(c[header.indexOf('age')])), sex: cells.map((c) => c[header.indexOf('sex')]) };
    const { parameters } = harmoniseNewBatch(refit, x, context, 'C');
    expect(parameters.rows).toBe(external.length);
    expect(JSON.stringify(refit.model, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(before);
  });
});

describe('combat in an experiment: clear errors', () => {
  it('a batch column missing from the data names the step key', async () => {
    const exp = loadExperiment(writeExperiment(dir, spec([{ combat: { batch: 'scanner' } }]), 'missing.yaml'));
    const run = runExperiment(exp, { workers: 0 });
    await expect(run).rejects.toThrow(RadSweepInputError);
    await expect(runExperiment(exp, { workers: 0 })).rejects.toThrow(/steps\[0\]\.combat\.batch: column 'scanner' is not in the data file/);
  });

  it('the label as a covariate is refused (a covariate must be known at prediction)', async () => {
    const exp = loadExperiment(writeExperiment(dir, spec([{ combat: { batch: 'centre', categorical: ['label'] } }]), 'label.yaml'));
    await expect(runExperiment(exp, { workers: 0 })).rejects.toThrow(/steps\[0\]\.combat\.categorical\[0\]: 'label' is an outcome column/);
  });

  it('the schema refuses combat without a batch and unknown keys', () => {
    expect(() => loadExperiment(writeExperiment(dir, spec([{ combat: {} }]), 'nobatch.yaml'))).toThrow(/batch/);
    expect(() => loadExperiment(writeExperiment(dir, spec([{ combat: { batch: 'centre', parametric: false } }]), 'extra.yaml'))).toThrow(/parametric/);
  });
});

describe('a feature set with its own steps (examples/multicentre.yaml: with and without combat)', () => {
  it('runs each feature set with its own chain; one development centre: combat leaves the rows as they are', async () => {
    const exp = loadExperiment(join(REPO, 'examples/multicentre.yaml'));
    expect(exp.featureSets.map((f) => f.steps?.map((s) => s.id))).toEqual([['combat', 'standard_scaler', 'welch_ttest'], undefined]);
    const results = await runExperiment(exp, { workers: 2 });
    const [combat, plain] = results.featureSets;
    expect(combat.steps?.[0]).toEqual({ id: 'combat', params: { batch: 'centre', continuous: ['age'], categorical: ['sex'], eb: true } });
    expect(plain.steps).toBeUndefined();
    expect(results.settings.steps.map((s) => s.id)).toEqual(['standard_scaler', 'welch_ttest']);
    // one batch harmonised to itself is the identity: the same selection and the same CV AUCs
    expect(combat.selection.selectedFeatures.map((f) => f.name)).toEqual(plain.selection.selectedFeatures.map((f) => f.name));
    combat.models.forEach((m, k) => expect(m.cv.auc.mean).toBeCloseTo(plain.models[k].cv.auc.mean, 10));
  }, 120_000);

  it('a feature set\'s steps are checked like the experiment\'s (a binary-label selector with a survival endpoint)', () => {
    const s = spec([]);
    delete (s.dataset as Record<string, unknown>).labelColumn;
    delete (s.dataset as Record<string, unknown>).positiveClass;
    s.endpoints = [{ name: 'os', type: 'survival', time: 'time', event: 'event', horizons: [24] }];
    s.models = [{ id: 'cox_ph' }];
    s.featureSets = [{ name: 'roi', include: ['lesion_*'], steps: [{ combat: { batch: 'centre' } }, { welch_ttest: {} }] }];
    expect(() => loadExperiment(writeExperiment(dir, s, 'surv.yaml'))).toThrow(/featureSets\[0\]\.steps\[1\]\.welch_ttest.*selects features against a binary label/);
  });
});

describe('combat with a survival endpoint', () => {
  it('a Cox sweep on the pooled multicentre cohort harmonises by centre (time and event refused as covariates)', async () => {
    const s = spec([{ combat: { batch: 'centre', continuous: ['age'] } }, { standard_scaler: {} }]);
    s.dataset = { path: join(REPO, 'examples/data/multicentre.csv'), idColumn: 'id' };
    s.endpoints = [{ name: 'os', type: 'survival', time: 'time', event: 'event', horizons: [24] }];
    s.models = [{ id: 'cox_ph' }];
    s.featureSets = [{ name: 'lesion', include: ['lesion_*'] }];
    const results = await runSurvivalExperiment(loadExperiment(writeExperiment(dir, s, 'surv-combat.yaml')), { workers: 0 });
    const model = results.endpoints[0].featureSets[0].models[0];
    expect(model.cv.cIndex.mean).toBeGreaterThan(0.6);
    s.steps = [{ combat: { batch: 'centre', continuous: ['time'] } }];
    await expect(runSurvivalExperiment(loadExperiment(writeExperiment(dir, s, 'surv-time.yaml')), { workers: 0 })).rejects.toThrow(/steps\[0\]\.combat\.continuous\[0\]: 'time' is an outcome column/);
  }, 120_000);
});
