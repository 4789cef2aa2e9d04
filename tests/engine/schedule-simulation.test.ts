import { describe, expect, it } from 'vitest';
import type { ExperimentResults } from '../../libs/pipeline/src';
import { criticalPath, listSchedule, type SimTask } from '../../benchmarks/support/list-schedule';
import { twoStageGraph } from '../../benchmarks/support/two-stage-graph';

/**
 * The scheduling simulator on hand-made graphs whose schedules are worked out by hand
 * in the comments.
 */
describe('list scheduling simulation (longest ready task first)', () => {
  // A(3), B(2); C(4) after A; D(1) after A and B; E(2) after C and D
  const dag: SimTask[] = [
    { id: 'A', ms: 3, deps: [] },
    { id: 'B', ms: 2, deps: [] },
    { id: 'C', ms: 4, deps: ['A'] },
    { id: 'D', ms: 1, deps: ['A', 'B'] },
    { id: 'E', ms: 2, deps: ['C', 'D'] },
  ];

  it('one worker runs everything in sequence: 3 + 2 + 4 + 1 + 2 = 12', () => {
    const s = listSchedule(dag, 1);
    expect(s.makespanMs).toBe(12);
    expect(s.workMs).toBe(12);
  });

  it('two workers: A 0-3 | B 0-2, C 3-7 | D 3-4, E 7-9 -> 9 (= the critical path A C E)', () => {
    const s = listSchedule(dag, 2);
    expect(s.makespanMs).toBe(9);
    expect(Object.fromEntries(s.start)).toEqual({ A: 0, B: 0, C: 3, D: 3, E: 7 });
    expect([s.worker.get('A'), s.worker.get('B'), s.worker.get('C'), s.worker.get('D')]).toEqual([0, 1, 0, 1]);
    expect(criticalPath(dag)).toEqual({ ids: ['A', 'C', 'E'], ms: 9 });
    expect(listSchedule(dag, 16).makespanMs).toBe(9); // more workers cannot beat the critical path
  });

  it('independent tasks 5, 4, 3, 3, 3 on two workers: 5 | 4, 3 (4-7) | 3 (5-8) | 3 (7-10) -> 10, not the optimum 9', () => {
    const tasks = [3, 3, 5, 3, 4].map((ms, i) => ({ id: `t${i}`, ms, deps: [] }));
    const s = listSchedule(tasks, 2);
    expect(s.makespanMs).toBe(10);
    expect(Object.fromEntries(s.start)).toEqual({ t2: 0, t4: 0, t0: 4, t1: 5, t3: 7 }); // ties: the task given first
    expect(criticalPath(tasks).ms).toBe(5);
    expect(listSchedule(tasks, 5).makespanMs).toBe(5);
  });

  it('refuses a cycle, an unknown dependency, a duplicate id and a bad worker count, naming them', () => {
    expect(() => listSchedule([{ id: 'a', ms: 1, deps: ['b'] }, { id: 'b', ms: 1, deps: ['a'] }], 2)).toThrow(/cycle through "a"/);
    expect(() => listSchedule([{ id: 'a', ms: 1, deps: ['z'] }], 2)).toThrow(/"a" depends on unknown task "z"/);
    expect(() => criticalPath([{ id: 'a', ms: 1, deps: [] }, { id: 'a', ms: 2, deps: [] }])).toThrow(/duplicate task id "a"/);
    expect(() => listSchedule(dag, 0)).toThrow(/workers/);
  });
});

describe('two-stage task graph from measured durations', () => {
  // one feature set, 2 folds; model m: 3 configurations with fits (fold 0, fold 1) of (1500, 100), (700, 200), (900, 300) ms
  const results = {
    featureSets: [{
      name: 'fs',
      timings: { preprocessingMs: [400, 500], refitPreprocessingMs: 600 },
      models: [{
        label: 'm',
        timings: { refitMs: 800 },
        cv: { perConfig: [{ foldFitMs: [1500, 100] }, { foldFitMs: [700, 200] }, { foldFitMs: [900, 300] }] },
      }],
    }],
  } as unknown as ExperimentResults;

  it('packs each fold\'s fits in grid order up to the target and puts the refit after every batch', () => {
    const tasks = twoStageGraph(results, 2000);
    expect(tasks).toEqual([
      { id: 'prep fs fold 0', ms: 400, deps: [] },
      { id: 'prep fs fold 1', ms: 500, deps: [] },
      { id: 'prep fs refit', ms: 600, deps: [] },
      { id: 'fits fs m fold 0 #0', ms: 1500, deps: ['prep fs fold 0'] }, // 1500 + 700 > 2000
      { id: 'fits fs m fold 0 #1', ms: 1600, deps: ['prep fs fold 0'] },
      { id: 'fits fs m fold 1 #0', ms: 600, deps: ['prep fs fold 1'] },
      { id: 'refit fs m', ms: 800, deps: ['fits fs m fold 0 #0', 'fits fs m fold 0 #1', 'fits fs m fold 1 #0', 'prep fs refit'] },
    ]);
    // by hand, 2 workers (longest ready first): w0 prep refit 0-600, w1 prep fold 1 0-500; at 500 w1 takes
    // fold 1 #0 500-1100; at 600 w0 takes prep fold 0 600-1000; at 1000 w0 takes fold 0 #1 (1600) 1000-2600;
    // at 1100 w1 takes fold 0 #0 (1500) 1100-2600; refit 2600-3400
    const two = listSchedule(tasks, 2);
    expect(two.makespanMs).toBe(3400);
    expect(Object.fromEntries(two.start)).toEqual({
      'prep fs refit': 0, 'prep fs fold 1': 0, 'fits fs m fold 1 #0': 500, 'prep fs fold 0': 600,
      'fits fs m fold 0 #1': 1000, 'fits fs m fold 0 #0': 1100, 'refit fs m': 2600,
    });
    expect(listSchedule(tasks, 1).makespanMs).toBe(6000);
    expect(criticalPath(tasks)).toEqual({ ids: ['prep fs fold 0', 'fits fs m fold 0 #1', 'refit fs m'], ms: 2800 });
  });

  it('refuses results without per-fold fit times', () => {
    const old = structuredClone(results);
    delete (old.featureSets[0].models[0].cv.perConfig[0] as { foldFitMs?: number[] }).foldFitMs;
    expect(() => twoStageGraph(old, 2000)).toThrow(/fs \/ m: no per-fold fit times/);
  });
});
