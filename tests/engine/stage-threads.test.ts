import { afterAll, describe, expect, it } from 'vitest';
import {
  CancelledError,
  Executor,
  PreparedFold,
  StageThreads,
  combineModelStage,
  cvFitItems,
  cvFoldsOf,
  fitBatchStage,
  loadExperiment,
  prepareFoldStage,
  prepareStudy,
} from '@radsweep/pipeline';
import { WorkerPool } from '../../libs/pipeline/src/engine/executor';
import type { WorkerRequest } from '../../libs/pipeline/src/engine/worker-protocol';
import { sharedPath } from '../support/shared';
import { bytesOf } from './stage-bytes';
import { reducedSpec, tempDir, writeExperiment } from './support';

/** A pool that records how many 'fit' requests are in flight at once, and the sizes it was made with. */
function countingPool(sizes: number[], peak: { fits: number }): (size: number) => Executor {
  return (size) => {
    sizes.push(size);
    const pool = new WorkerPool(size);
    let inFlight = 0;
    return {
      size: pool.size,
      broadcast: (r: WorkerRequest) => pool.broadcast(r),
      run: async <T>(r: WorkerRequest, o?: { priority?: number }) => {
        if (r.type !== 'fit') return pool.run<T>(r, o);
        peak.fits = Math.max(peak.fits, ++inFlight);
        try {
          return await pool.run<T>(r, o);
        } finally {
          inFlight--;
        }
      },
      abort: (e: Error) => pool.abort(e),
      close: () => pool.close(),
    };
  };
}

/**
 * A worker's --threads in stage tasks: the chain, the fits of a batch (`threads` at once) and a
 * combine's refit run on engine threads and give the in-thread stage functions' outputs.
 */
describe('stage tasks on engine threads', () => {
  const sizes: number[] = [];
  const peak = { fits: 0 };
  const threads = new StageThreads(2, 3, countingPool(sizes, peak));
  afterAll(() => threads.close());

  it('prepare, a batch of fits and a combine equal the in-thread stages; at most `threads` fits at once', async () => {
    const exp = loadExperiment(writeExperiment(tempDir(), reducedSpec(sharedPath('data', 'wdbc.csv'))));
    const study = await prepareStudy(exp);
    const folds: PreparedFold[] = [];
    for (const plan of study.plans) {
      const inThread = prepareFoldStage(exp, study, 0, plan.fold);
      const threaded = await threads.prepare(exp, study, 0, plan.fold);
      expect(bytesOf(threaded)).toBe(bytesOf(inThread));
      folds.push(threaded);
    }
    const foldOf = new Map(folds.map((f) => [f.fold, f]));
    const items = cvFitItems(exp, cvFoldsOf(study), 0);
    let counted = 0;
    const threadedFits = await threads.fitBatch(exp, study, items, folds.filter((f) => f.fold >= 0), { onFit: () => counted++ });
    const inThreadFits = fitBatchStage(exp, study, items, (_set, fold) => foldOf.get(fold)!);
    expect(threadedFits.map((o) => o.error ?? null).every((e) => e === null)).toBe(true);
    expect(bytesOf(threadedFits)).toBe(bytesOf(inThreadFits));
    expect(counted).toBe(items.length);
    expect(peak.fits).toBe(2);
    expect(sizes).toEqual([6]); // 2 threads x 3 tasks at once, one pool for every task
    for (let m = 0; m < exp.models.length; m++) {
      const inThread = await combineModelStage(exp, study, 0, m, inThreadFits, folds, false);
      const threaded = await combineModelStage(exp, study, 0, m, threadedFits, folds, false, (fold, task) => threads.fit(fold, task));
      expect(bytesOf(threaded)).toBe(bytesOf(inThread));
    }
  }, 300_000);

  it('a cancelled batch starts no more fits and rejects once the running ones end', async () => {
    const exp = loadExperiment(writeExperiment(tempDir(), reducedSpec(sharedPath('data', 'wdbc.csv'))));
    const study = await prepareStudy(exp);
    const cv = cvFoldsOf(study);
    const folds = await Promise.all(cv.map((fold) => threads.prepare(exp, study, 0, fold)));
    const items = cvFitItems(exp, cv, 0);
    const controller = new AbortController();
    let fits = 0;
    const batch = threads.fitBatch(exp, study, items, folds, { signal: controller.signal, onFit: () => ++fits === 1 && controller.abort() });
    await expect(batch).rejects.toBeInstanceOf(CancelledError);
    expect(fits).toBeLessThanOrEqual(2); // the fit that fired the cancel and the one running beside it
  }, 300_000);

  it('refuses fewer than one thread', () => {
    expect(() => new StageThreads(0, 1)).toThrow(/integer >= 1, got 0/);
  });
});
