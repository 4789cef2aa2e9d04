import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChainSpec, ExperimentResults, createChainParts, loadExperiment, runExperiment } from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { RowSpy, reducedSpec, tempDir, writeExperiment } from './support';

/**
 * Leakage is impossible by construction: a spy step (RowSpy) placed first in every chain
 * records the rows it is fitted on (through a `rowtag` column equal to the id).
 * Each CV split's chain must be fitted on exactly that split's training rows and the
 * final chain on exactly the training part: never on a held-out or test row.
 */
const dir = tempDir();
const csv = join(dir, 'wdbc-tagged.csv');
// WDBC with a copy of the id as the last feature column.
const lines = readFileSync(sharedPath('data', 'wdbc.csv'), 'utf8').trim().split('\n');
writeFileSync(csv, [`${lines[0]},rowtag`, ...lines.slice(1).map((l) => `${l},${l.split(',')[0]}`)].join('\n') + '\n');

async function runWithSpy(leaky: boolean): Promise<{ results: ExperimentResults; seen: Set<string>[] }> {
  const spec = reducedSpec(csv);
  spec.models = [{ id: 'gaussian_nb' }];
  spec.leakyReplicateAsPublished = leaky;
  const exp = loadExperiment(writeExperiment(dir, spec, leaky ? 'leaky.yaml' : 'honest.yaml'));
  const seen: Set<string>[] = [];
  const tagColumn = 30; // rowtag comes after the 30 WDBC features
  const chainFactory = (chain: ChainSpec) => {
    const parts = createChainParts(chain);
    return { steps: [new RowSpy(tagColumn, seen), ...parts.steps], sampler: parts.sampler };
  };
  return { results: await runExperiment(exp, { chainFactory }), seen };
}

describe('no chain ever sees a held-out row', () => {
  let honest: Awaited<ReturnType<typeof runWithSpy>>;
  beforeAll(async () => {
    honest = await runWithSpy(false);
  });

  it('the tag column is the data set\'s id (the spy reads the right column)', () => {
    expect(honest.results.featureSets[0].features[30]).toBe('rowtag');
  });

  it('each CV split\'s chain is fitted on exactly that split\'s training rows', () => {
    const { split, cv } = honest.results;
    const folds = cv.foldOfTrainId[0];
    expect(honest.seen).toHaveLength(cv.foldsPerRepeat + 1);
    for (let f = 0; f < cv.foldsPerRepeat; f++) {
      const fit = new Set(split.trainIds.filter((_, i) => folds[i] !== f));
      const held = split.trainIds.filter((_, i) => folds[i] === f);
      const matching = honest.seen.filter((s) => s.size === fit.size && [...s].every((id) => fit.has(id)));
      expect(matching, `split ${f}`).toHaveLength(1);
      for (const id of held) expect(matching[0].has(id)).toBe(false);
    }
  });

  it('no chain, CV or final, is fitted on a test row; the final one on the whole training part', () => {
    const { split } = honest.results;
    for (const s of honest.seen) for (const id of split.testIds) expect(s.has(id)).toBe(false);
    const train = new Set(split.trainIds);
    expect(honest.seen.filter((s) => s.size === train.size && [...s].every((id) => train.has(id)))).toHaveLength(1);
    expect(honest.results.leaky).toBe(false);
  });

  it('the leaky "replicate as published" mode does fit on every row, and says so', async () => {
    const leaky = await runWithSpy(true);
    expect(leaky.results.leaky).toBe(true);
    expect(leaky.results.leakyNote).toMatch(/^LEAKY/);
    for (const s of leaky.seen) expect(s.size).toBe(569);
  });
});
