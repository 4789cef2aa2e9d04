import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ExperimentResults,
  FileArtefactStore,
  MemoryArtefactStore,
  batchFits,
  batchFoldGroups,
  spreadFits,
  MIN_BATCHES_PER_SET,
  MIN_BATCH_MS,
  decodeArtefact,
  measuredFitCost,
  meanMsPerUnit,
  encodeArtefact,
  loadExperiment,
  runExperiment,
  runExperimentTwoStage,
  seededPick,
  sha256Hex,
} from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { reducedSpec, tempDir, withoutTimings, writeExperiment } from './support';

const same = (a: ExperimentResults, b: ExperimentResults) => expect(JSON.stringify(withoutTimings(b))).toBe(JSON.stringify(withoutTimings(a)));

describe('artefact encoding', () => {
  it('gives back typed arrays byte for byte and the numbers JSON cannot hold', () => {
    const base = new Float64Array([1, 2, 3, 4, 5]);
    const value = {
      m: { rows: 2, cols: 2, data: base.subarray(1, 5) }, // a view at an offset
      y: Uint8Array.from([1, 0, 1]),
      rows: Int32Array.from([7, -3]),
      odd: [NaN, Infinity, -Infinity, -0, 0.1 + 0.2, 5e-324],
      nested: { empty: new Float64Array(0), text: 'a "quoted" é' },
    };
    const back = decodeArtefact<typeof value>(encodeArtefact(value));
    expect(back.m.data).toBeInstanceOf(Float64Array);
    expect(Array.from(back.m.data)).toEqual([2, 3, 4, 5]);
    expect(back.y).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.y)).toEqual([1, 0, 1]);
    expect(Array.from(back.rows)).toEqual([7, -3]);
    expect(Number.isNaN(back.odd[0])).toBe(true);
    expect(back.odd.slice(1, 3)).toEqual([Infinity, -Infinity]);
    expect(Object.is(back.odd[3], -0)).toBe(true);
    expect(back.odd[4]).toBe(0.1 + 0.2);
    expect(back.odd[5]).toBe(5e-324);
    expect(back.nested.empty).toHaveLength(0);
    expect(back.nested.text).toBe('a "quoted" é');
  });

  it('refuses bytes that are not an artefact, or cut short', () => {
    expect(() => decodeArtefact(new TextEncoder().encode('{"a":1}'))).toThrow(/bad magic/);
    const bytes = encodeArtefact({ x: new Float64Array(100) });
    expect(() => decodeArtefact(bytes.subarray(0, bytes.length - 16))).toThrow(/truncated array 0/);
  });
});

describe('file artefact store', () => {
  it('keys content by its sha256, stores equal content once, verifies on read and removes', async () => {
    const dir = tempDir('radsweep-artefacts-');
    const store = new FileArtefactStore(dir);
    const bytes = encodeArtefact({ x: Float64Array.from([1.5, -2]) });
    const key = await store.put(bytes);
    expect(key).toBe(sha256Hex(bytes));
    expect(await store.put(Uint8Array.from(bytes))).toBe(key);
    expect(readdirSync(join(dir, key.slice(0, 2)))).toEqual([key]); // no temporary file left
    expect(Buffer.from(await store.get(key)).equals(Buffer.from(bytes))).toBe(true);

    const altered = Uint8Array.from(bytes);
    altered[altered.length - 1] ^= 1;
    writeFileSync(store.pathOf(key), altered);
    await expect(store.get(key)).rejects.toThrow(/is corrupt: its content hashes to/);
    await store.remove([key]);
    await expect(store.get(key)).rejects.toThrow(/cannot be read/);
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a lower-case hex sha256/);
  });

  it('memory store verifies too', async () => {
    const store = new MemoryArtefactStore();
    const key = await store.put(Uint8Array.from([1, 2, 3]));
    store.items.get(key)![0] = 9;
    await expect(store.get(key)).rejects.toThrow(/corrupt/);
  });
});

describe('stage-2 batches', () => {
  const items = Array.from({ length: 12 }, (_, i) => ({ set: 0, modelIndex: i % 4, configIndex: 0, fold: i % 3 }));
  const cost = (it: { modelIndex: number }) => [100, 1, 30, 5][it.modelIndex];

  it('hold every fit once, longest first, each within the target unless a single fit exceeds it', () => {
    const batches = batchFits(items, cost, 60);
    expect(batches.flat().sort((a, b) => a.modelIndex - b.modelIndex || a.fold - b.fold)).toEqual(
      [...items].sort((a, b) => a.modelIndex - b.modelIndex || a.fold - b.fold),
    );
    const sums = batches.map((b) => b.reduce((s, it) => s + cost(it), 0));
    for (const [i, b] of batches.entries()) expect(b.length === 1 || sums[i] <= 60).toBe(true);
    expect(batches.slice(0, 3).map((b) => b.map((it) => it.modelIndex))).toEqual([[0], [0], [0]]); // the 100 ms fits first, alone
    expect(sums).toEqual([...sums].sort((a, b) => b - a));
    expect(batchFits(items, cost, 1e9)).toHaveLength(1);
    expect(() => batchFits(items, cost, 0)).toThrow(/must be > 0/);
  });

  it('a small feature set is spread over at least MIN_BATCHES_PER_SET batches (none planned under MIN_BATCH_MS); a large one keeps the target', () => {
    const fits = (n: number) => Array.from({ length: n }, (_, i) => ({ set: 0, modelIndex: i, configIndex: 0, fold: 0 }));
    const flat = (ms: number) => () => ms;
    // 40 fits of 175 ms = 7 s: with a 2 s target batchFits alone gives 4 batches; spread, 875 ms each -> 8 batches of 5 fits
    expect(batchFits(fits(40), flat(175), 2000)).toHaveLength(4);
    const small = spreadFits(fits(40), flat(175), 2000);
    expect(small.map((b) => b.length)).toEqual(Array(MIN_BATCHES_PER_SET).fill(5));
    expect(small.flat()).toEqual(fits(40));
    // 40 fits of 10 ms = 400 ms: 8 batches would be 50 ms each, so batches of MIN_BATCH_MS (25 fits, then 15)
    expect(spreadFits(fits(40), flat(10), 2000).map((b) => b.length)).toEqual([MIN_BATCH_MS / 10, 40 - MIN_BATCH_MS / 10]);
    // 400 fits of 175 ms = 70 s: the 2 s target holds (11 fits a batch, 37 batches)
    const large = spreadFits(fits(400), flat(175), 2000);
    expect(large).toEqual(batchFits(fits(400), flat(175), 2000));
    expect(large[0]).toHaveLength(11);
  });

  it('are sized from measured ms per unit (rows x features x model size), by hand', () => {
    // knn: size 3 (task-cost.ts); random_forest: 5 + 1.5 per tree -> 20 (10 trees), 155 (100 trees); qda: not in the table
    const exp = {
      models: [
        { id: 'knn', configs: [{ params: {} }] },
        { id: 'random_forest', configs: [{ params: { n_estimators: 10 } }, { params: { n_estimators: 100 } }] },
      ],
    } as unknown as Parameters<typeof measuredFitCost>[0];
    const shapes = [{ rows: 100, features: 10 }];
    const cost = measuredFitCost(exp, shapes, { knn: 0.1, random_forest: 0.01 });
    // 1000 cells: knn 0.1 x 1000 x 3 = 300 ms, 10 trees 0.01 x 1000 x 20 = 200 ms, 100 trees 0.01 x 1000 x 155 = 1550 ms
    const fit = (modelIndex: number, configIndex: number, fold: number) => ({ set: 0, modelIndex, configIndex, fold });
    expect([cost(fit(0, 0, 0)), cost(fit(1, 0, 0)), cost(fit(1, 1, 2))].map((ms) => Math.round(ms * 1e6) / 1e6)).toEqual([300, 200, 1550]);
    const items = [0, 1, 2].map((f) => fit(0, 0, f)).concat([0, 1, 2].map((f) => fit(1, 0, f)), [0, 1, 2].map((f) => fit(1, 1, f)));
    // Longest first, closed before passing 2000 ms: 1550 | 1550 | 1550 + 300 | 300 + 300 + 200 + 200 + 200
    expect(batchFits(items, cost, 2000)).toEqual([
      [fit(1, 1, 0)],
      [fit(1, 1, 1)],
      [fit(1, 1, 2), fit(0, 0, 0)],
      [fit(0, 0, 1), fit(0, 0, 2), fit(1, 0, 0), fit(1, 0, 1), fit(1, 0, 2)],
    ]);
    // A model the table lacks costs the table's median: of {0.1, 0.01} the lower middle one, 0.01
    const unknown = measuredFitCost({ models: [{ id: 'qda', configs: [{ params: {} }] }] } as unknown as typeof exp, shapes, { knn: 0.1, random_forest: 0.01 });
    expect(unknown(fit(0, 0, 0))).toBeCloseTo(0.01 * 1000, 9);
  });

  it('by fold group: a model\'s configurations on one fold share a batch (the per-thread fit caches hit), groups and their fits longest first', () => {
    // 3 models x 4 configurations x 3 folds; configuration c of model m costs (m + 1) x (c + 1) ms
    const grid = Array.from({ length: 36 }, (_, i) => ({ set: 0, modelIndex: Math.floor(i / 12), configIndex: Math.floor(i / 3) % 4, fold: i % 3 }));
    const ms = (it: { modelIndex: number; configIndex: number }) => (it.modelIndex + 1) * (it.configIndex + 1);
    const batches = batchFoldGroups(grid, ms, 25);
    const key = (it: { modelIndex: number; fold: number }) => `${it.modelIndex}/${it.fold}`;
    expect(batches.flat().map((it) => `${key(it)}/${it.configIndex}`).sort()).toEqual(grid.map((it) => `${key(it)}/${it.configIndex}`).sort());
    for (const k of new Set(grid.map(key))) expect(batches.filter((b) => b.some((it) => key(it) === k))).toHaveLength(1);
    // groups cost 10 (model 0), 20 (model 1), 30 (model 2) per fold: 30 | 30 | 30 | 20 | 20 | 20 | 10 + 10 (then 30 > 25) | 10
    expect(batches.map((b) => b.reduce((s, it) => s + ms(it), 0))).toEqual([30, 30, 30, 20, 20, 20, 20, 10]);
    expect(batches[6].map((it) => [it.fold, it.configIndex])).toEqual([[0, 3], [0, 2], [0, 1], [0, 0], [1, 3], [1, 2], [1, 1], [1, 0]]);
    // The seed grid's boosting: n_estimators 200 and 100 of equal other parameters on one fold in one batch, the 200 first
    const gb = [100, 200].flatMap((n, ni) => [2, 3].flatMap((d, di) => [0, 1, 2, 3, 4].map((fold) => ({ set: 0, modelIndex: 0, configIndex: ni * 2 + di, fold, n, d }))));
    const gbBatches = spreadFits(gb, (it) => (it as (typeof gb)[number]).n * (it as (typeof gb)[number]).d, 2000);
    expect(gbBatches).toHaveLength(5);
    for (const b of gbBatches) expect(b.map((it) => (it as (typeof gb)[number]).n)).toEqual([200, 200, 100, 100]);
    // One fit per group: exactly batchFits
    const singles = Array.from({ length: 30 }, (_, i) => ({ set: 0, modelIndex: i, configIndex: 0, fold: 0 }));
    expect(batchFoldGroups(singles, (it) => 10 + (it.modelIndex % 7), 40)).toEqual(batchFits(singles, (it) => 10 + (it.modelIndex % 7), 40));
    expect(() => batchFoldGroups(grid, ms, 0)).toThrow(/must be > 0/);
  });

  it('running means per model leave out fits without a time or units', () => {
    const means = meanMsPerUnit([
      { modelId: 'knn', units: 1000, ms: 300 },
      { modelId: 'knn', units: 2000, ms: 200 },
      { modelId: 'knn', units: 1000, ms: 0 }, // a failed fit
      { modelId: 'lda', units: 10, ms: 5 },
    ]);
    expect([...means]).toEqual([
      ['knn', { msPerUnit: (0.3 + 0.1) / 2, fits: 2 }],
      ['lda', { msPerUnit: 0.5, fits: 1 }],
    ]);
  });
});

describe('two-stage sweep equals the single-task engine bit for bit', () => {
  it('reduced protocol, two feature sets, selectors, SMOTE, seeded models: any task order, any batch size', async () => {
    const spec = reducedSpec(sharedPath('data', 'wdbc.csv'));
    spec.featureSets = [
      { name: 'all', include: ['*'] },
      { name: 'worst', include: ['worst_*'], steps: [{ standard_scaler: {} }, { welch_ttest: { alpha: 0.01 } }] },
    ];
    spec.models.push({ id: 'random_forest', params: { max_features: 'sqrt' }, grid: { n_estimators: [10], max_depth: [3, null] } });
    spec.models.push({ id: 'knn', grid: { n_neighbors: [3, 7] } });
    spec.metrics.bootstrap = 100;
    const exp = loadExperiment(writeExperiment(tempDir(), spec));
    const single = await runExperiment(exp, { workers: 1 });
    expect(single.featureSets.flatMap((f) => f.models.map((m) => m.error ?? null)).every((e) => e === null)).toBe(true);
    const runs: [number, number][] = [
      [1, 1], // a batch per fit
      [2, 40],
      [3, 1e9], // one batch per feature set
    ];
    for (const [seed, batchMs] of runs) {
      const store = seed === 2 ? new FileArtefactStore(tempDir('radsweep-artefacts-')) : new MemoryArtefactStore();
      let done = 0;
      const split = await runExperimentTwoStage(exp, { pick: seededPick(seed), batchMs, store, onProgress: (p) => (done = p.done) });
      same(single, split);
      expect(done).toBe(single.featureSets.reduce((s, f) => s + f.models.reduce((t, m) => t + m.cv.perConfig.length * 5 + 1, 0), 0));
      if (store instanceof MemoryArtefactStore) expect(store.items.size).toBe(0); // the run's artefacts are removed at its end
    }
  }, 600_000);

  // The full seed protocol (both feature sets, 15 models, 68 configurations) is checked the same way by
  // scripts/verify-two-stage-seed.ts (two whole seed sweeps: too long for every CI run on 2 cores).
});
