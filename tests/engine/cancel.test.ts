import { describe, expect, it } from 'vitest';
import { CancelledError, ProgressEvent, loadExperiment, runExperiment } from '@radsweep/pipeline';
import { sharedPath } from '../support/shared';
import { reducedSpec, tempDir, writeExperiment } from './support';

/** Cancelling a run through its AbortSignal: the engine stops between tasks (or kills its workers) and rejects with CancelledError. */
function experiment() {
  const spec = reducedSpec(sharedPath('data', 'wdbc.csv'));
  spec.steps = [{ median_imputer: {} }, { standard_scaler: {} }];
  delete spec.sampler;
  spec.models = [
    { id: 'logistic_regression', grid: { C: [0.001, 0.01, 0.1, 1, 10, 100] } },
    { id: 'random_forest', grid: { n_estimators: [50, 100], max_depth: [3, null] } },
  ];
  spec.featureSets = [{ name: 'mean', include: ['mean_*'] }, { name: 'all', include: ['*'] }];
  return loadExperiment(writeExperiment(tempDir(), spec));
}

/** Runs the experiment, aborting once `doneBeforeAbort` fits have finished; returns the rejection and the events. */
async function cancelAfter(workers: number, doneBeforeAbort: number) {
  const controller = new AbortController();
  const events: ProgressEvent[] = [];
  const outcome = await runExperiment(experiment(), {
    workers,
    signal: controller.signal,
    onProgress: (e) => {
      events.push(e);
      if (e.done >= doneBeforeAbort) controller.abort();
    },
  }).then(
    () => null,
    (e: unknown) => e,
  );
  const settled = events.length;
  await new Promise((r) => setTimeout(r, 300)); // any task still running would report here
  return { outcome, events, settled };
}

describe('cancel', () => {
  it('with a worker pool: rejects with CancelledError, no fit reports after it, far from done', async () => {
    const { outcome, events, settled } = await cancelAfter(2, 3);
    expect(outcome).toBeInstanceOf(CancelledError);
    expect((outcome as Error).name).toBe('CancelledError');
    expect(events.length).toBe(settled);
    const last = events[events.length - 1];
    expect(last.done).toBeLessThan(last.total / 4);
  });

  it('in this thread: stops at the next task boundary', async () => {
    const { outcome, events } = await cancelAfter(0, 2);
    expect(outcome).toBeInstanceOf(CancelledError);
    // A task is a model's configurations on one fold (the longest first: random forest's 4); the abort after its
    // second fit lets the group end and stops before the next one.
    expect(events[events.length - 1].done).toBe(4);
  });

  it('an already aborted signal rejects before any work', async () => {
    const events: ProgressEvent[] = [];
    await expect(runExperiment(experiment(), { workers: 2, signal: AbortSignal.abort(), onProgress: (e) => events.push(e) })).rejects.toBeInstanceOf(CancelledError);
    expect(events).toHaveLength(0);
  });

  it('an unused signal changes nothing: the run completes', async () => {
    const r = await runExperiment(experiment(), { workers: 2, signal: new AbortController().signal });
    expect(r.featureSets).toHaveLength(2);
  });
});
