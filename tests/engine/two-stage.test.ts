import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ExperimentResults,
  FileArtefactStore,
  MemoryArtefactStore,
  batchFits,
  decodeArtefact,
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
