import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Executor,
  PreparedFold,
  StageThreads,
  combineSurvivalModelStage,
  cvFitItems,
  cvFoldsOf,
  loadExperiment,
  prepareSurvivalFoldStage,
  prepareSurvivalStudy,
  survivalFitBatchStage,
  survivalUnits,
} from '@radsweep/pipeline';
import { WorkerPool } from '../../libs/pipeline/src/engine/executor';
import type { WorkerRequest } from '../../libs/pipeline/src/engine/worker-protocol';
import { REPO, tempDir, writeExperiment } from './support';
import { bytesOf } from './stage-bytes';

const isSurvivalFit = (r: WorkerRequest) => r.type === 'fitSurvival' || r.type === 'fitAtHorizon';

/**
 * A pool that logs, for each survival fit it is handed, when the fit was sent, when an immediate
 * scheduled at that moment ran (the event loop turned) and when the fit's result came back; and the
 * most fits in flight at once.
 */
function loggingPool(log: string[], peak: { fits: number }): (size: number) => Executor {
  return (size) => {
    const pool = new WorkerPool(size);
    let inFlight = 0;
    let n = 0;
    return {
      size: pool.size,
      broadcast: (r: WorkerRequest) => pool.broadcast(r),
      run: async <T>(r: WorkerRequest, o?: { priority?: number }) => {
        if (!isSurvivalFit(r)) return pool.run<T>(r, o);
        const i = n++;
        peak.fits = Math.max(peak.fits, ++inFlight);
        log.push(`sent ${i}`);
        setImmediate(() => log.push(`loop turned ${i}`));
        try {
          return await pool.run<T>(r, o);
        } finally {
          inFlight--;
          log.push(`result ${i}`);
        }
      },
      abort: (e: Error) => pool.abort(e),
      close: () => pool.close(),
    };
  };
}

/** Whether `loop turned i` came before `result i`: the event loop ran while fit i was being computed. */
function loopTurnedDuring(log: string[], i: number): boolean {
  const turned = log.indexOf(`loop turned ${i}`);
  return turned >= 0 && turned < log.indexOf(`result ${i}`);
}

/**
 * Fits 0..fits-1 each went to the engine threads (sent to the pool and answered by it), and the event loop turned
 * while at least one of them ran. Not "during every fit": a fit of a few milliseconds may be answered before the
 * loop reaches its immediate (CI saw a Cox refit do so), which says nothing about where it ran.
 */
function fitsOnThreadsWithLoopFree(log: string[], fits: number): boolean {
  const all = Array.from({ length: fits }, (_, i) => i);
  return all.every((i) => log.includes(`sent ${i}`) && log.includes(`result ${i}`)) && all.some((i) => loopTurnedDuring(log, i));
}

/**
 * A survival run's stage tasks on a worker's --threads: the chain, a batch's fits (`threads` at once)
 * and a combine's refit run on engine threads, give the in-thread stage functions' outputs bit for bit,
 * and leave the event loop free (heartbeats, cancels) while a fit runs.
 */
describe('survival stage tasks on engine threads', () => {
  const log: string[] = [];
  const peak = { fits: 0 };
  const threads = new StageThreads(2, 1, loggingPool(log, peak));
  afterAll(() => threads.close());

  it('prepare, a batch of fits and a combine equal the in-thread stages; the event loop turns while they run', async () => {
    const dir = tempDir('radsweep-survival-threads-');
    const spec = {
      name: 'survival-threads',
      seed: 5,
      dataset: { path: join(REPO, 'examples/data/rotterdam.csv'), idColumn: 'id' },
      endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', horizons: [1826] }],
      featureSets: [{ name: 'tumour', include: ['size', 'grade', 'nodes', 'pgr', 'er', 'age'], steps: [{ median_imputer: {} }, { standard_scaler: {} }] }],
      validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
      models: [
        { id: 'cox_ph', grid: { ties: ['efron', 'breslow'] } },
        { id: 'logistic_regression', grid: { C: [0.1, 1] } },
        { id: 'random_survival_forest', params: { n_estimators: 20 }, grid: { min_node_size: [5, 20] } },
      ],
    };
    const exp = loadExperiment(writeExperiment(dir, spec, 'survival-threads.yaml'));
    const study = await prepareSurvivalStudy(exp);
    const [unit] = survivalUnits(study);
    const folds: PreparedFold[] = [];
    for (const plan of unit.es.plans) {
      const inThread = prepareSurvivalFoldStage(exp, study, unit, plan.fold);
      const threaded = await threads.prepareSurvival(exp, study, unit, plan.fold);
      expect(bytesOf(threaded)).toBe(bytesOf(inThread));
      folds.push(threaded);
    }
    const foldOf = new Map(folds.map((f) => [f.fold, f]));
    const items = cvFitItems(exp, cvFoldsOf(unit.es), 0);
    let counted = 0;
    const threadedFits = await threads.fitSurvivalBatch(exp, unit, items, folds.filter((f) => f.fold >= 0), { onFit: () => counted++ });
    const inThreadFits = survivalFitBatchStage(exp, unit, items, (fold) => foldOf.get(fold)!);
    expect(threadedFits.every((o) => o.error === undefined)).toBe(true);
    expect(bytesOf(threadedFits)).toBe(bytesOf(inThreadFits));
    expect(counted).toBe(items.length);
    expect(peak.fits).toBe(2);
    expect(fitsOnThreadsWithLoopFree(log, items.length)).toBe(true);
    for (let m = 0; m < exp.models.length; m++) {
      const inThread = await combineSurvivalModelStage(exp, study, unit, 0, m, inThreadFits, folds, false);
      const threaded = await combineSurvivalModelStage(exp, study, unit, 0, m, threadedFits, folds, false, (fold, request) => threads.fitSurvival(fold, request));
      expect(inThread.error).toBeUndefined();
      expect(bytesOf(threaded)).toBe(bytesOf(inThread));
    }
    // The refits went through the pool too.
    expect(fitsOnThreadsWithLoopFree(log, items.length + exp.models.length)).toBe(true);
  }, 300_000);

  it('the same check fails for the fits in the event-loop thread (what the worker did before)', async () => {
    const exp = loadExperiment(
      writeExperiment(
        tempDir('radsweep-survival-inthread-'),
        {
          name: 'survival-inthread',
          seed: 5,
          dataset: { path: join(REPO, 'examples/data/rotterdam.csv'), idColumn: 'id' },
          endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', horizons: [1826] }],
          featureSets: [{ name: 'all', include: ['size', 'grade', 'nodes'] }],
          validation: { split: { type: 'stratified_holdout', testSize: 0.25 }, cv: { type: 'stratified_kfold', folds: 3 } },
          models: [{ id: 'cox_ph' }],
        },
        'survival-inthread.yaml',
      ),
    );
    const study = await prepareSurvivalStudy(exp);
    const [unit] = survivalUnits(study);
    const folds = new Map(cvFoldsOf(unit.es).map((f) => [f, prepareSurvivalFoldStage(exp, study, unit, f)]));
    const inThread: string[] = [];
    let i = 0;
    const items = cvFitItems(exp, cvFoldsOf(unit.es), 0);
    survivalFitBatchStage(
      exp,
      unit,
      items,
      (fold) => {
        inThread.push(`sent ${i}`);
        const k = i;
        setImmediate(() => inThread.push(`loop turned ${k}`));
        return folds.get(fold)!;
      },
      () => inThread.push(`result ${i++}`),
    );
    await new Promise((r) => setImmediate(r));
    expect(inThread.filter((l) => l.startsWith('result')).length).toBe(items.length);
    expect(items.some((_, k) => loopTurnedDuring(inThread, k))).toBe(false); // in the event-loop thread, never
  }, 300_000);
});
