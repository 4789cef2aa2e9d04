import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileArtefactStore, MemoryArtefactStore, SurvivalExperimentResults, loadExperiment, runSurvivalExperiment, runSurvivalTwoStage, seededPick } from '@radsweep/pipeline';
import { REPO, tempDir, withoutTimings, writeExperiment } from './support';

const same = (a: SurvivalExperimentResults, b: SurvivalExperimentResults) => expect(JSON.stringify(withoutTimings(b))).toBe(JSON.stringify(withoutTimings(a)));

/** Every other Rotterdam patient (1,491) with a second outcome: code 2 (a competing event) for the events of node-negative patients. */
function rotterdamWithCompetingEvents(dir: string): string {
  const [head, ...rows] = readFileSync(join(REPO, 'examples/data/rotterdam.csv'), 'utf8').trim().split('\n');
  const header = head.replace(/"/g, '').split(',');
  const event = header.indexOf('event');
  const nodes = header.indexOf('nodes');
  const body = rows.filter((_, i) => i % 2 === 0).map((l) => {
    const c = l.split(',');
    return `${l},${c[event] === '1' && c[nodes] === '0' ? 2 : Number(c[event])}`;
  });
  const csv = join(dir, 'rotterdam-status.csv');
  writeFileSync(csv, [`${header.join(',')},status`, ...body].join('\n') + '\n');
  return csv;
}

describe('survival two-stage run equals the one-task engine bit for bit', () => {
  it('two endpoints (one with competing events) x two feature sets (one with its own steps), a classifier at the horizon, a seeded forest, kept models: any task order, any batch size', async () => {
    const dir = tempDir('radsweep-survival-two-stage-');
    const spec = {
      name: 'survival-two-stage',
      seed: 11,
      dataset: { path: rotterdamWithCompetingEvents(dir), idColumn: 'id' },
      endpoints: [
        { name: 'rfs', type: 'survival', time: 'time', event: 'event', horizons: [1826] },
        { name: 'node-positive', type: 'survival', time: 'time', event: 'status', eventCodes: [1], horizons: [1096, 1826], riskGroups: 'tertiles' },
      ],
      featureSets: [
        { name: 'all', include: ['*'] },
        { name: 'tumour', include: ['size', 'grade', 'nodes', 'pgr', 'er'], steps: [{ median_imputer: {} }, { standard_scaler: {} }] },
      ],
      validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
      steps: [{ median_imputer: {} }, { standard_scaler: {} }, { cox_univariate: { alpha: 0.05 } }],
      models: [
        { id: 'cox_ph', grid: { ties: ['efron', 'breslow'] } },
        { id: 'logistic_regression', grid: { C: [0.1, 1] } },
        { id: 'random_survival_forest', params: { n_estimators: 8 }, grid: { min_node_size: [3, 15] } },
      ],
    };
    const exp = loadExperiment(writeExperiment(dir, spec, 'survival-two-stage.yaml'));
    const single = await runSurvivalExperiment(exp, { workers: 1, keepModels: true });
    const models = single.endpoints.flatMap((e) => e.featureSets.flatMap((f) => f.models));
    expect(models).toHaveLength(2 * 2 * 3);
    expect(models.every((m) => m.error === undefined && m.kept !== undefined)).toBe(true);
    // The feature set's own steps are used on every endpoint (no univariate Cox filter there).
    for (const e of single.endpoints) expect(e.featureSets[1].selection.selectedFeatures.map((f) => f.name)).toEqual(['size', 'grade', 'nodes', 'pgr', 'er']);
    // A tracking-server task runs one endpoint x feature set (`only`): the same numbers as the whole run's, its own steps included.
    const alone = await runSurvivalExperiment(exp, { workers: 0, keepModels: true, only: { endpoint: 'node-positive', featureSet: 'tumour' } });
    expect(JSON.stringify(withoutTimings(alone.endpoints[0].featureSets))).toBe(JSON.stringify(withoutTimings([single.endpoints[1].featureSets[1]])));
    const fits = models.reduce((s, m) => s + m.cv.perConfig.length * 3 + 1, 0);
    const runs: [number, number][] = [
      [1, 1], // a batch per fit
      [2, 40],
      [3, 1e9], // one batch per endpoint x feature set
    ];
    for (const [seed, batchMs] of runs) {
      const store = seed === 2 ? new FileArtefactStore(tempDir('radsweep-artefacts-')) : new MemoryArtefactStore();
      let done = 0;
      const split = await runSurvivalTwoStage(exp, { pick: seededPick(seed), batchMs, store, keepModels: true, onProgress: (p) => (done = p.done) });
      same(single, split);
      expect(done).toBe(fits);
      if (store instanceof MemoryArtefactStore) expect(store.items.size).toBe(0); // the run's artefacts are removed at its end
    }
  }, 600_000);
});
