import { describe, expect, it } from 'vitest';
import { progressFigures, timeLeft } from '../../apps/dashboard/src/run-progress';

const started = '2026-12-04T06:00:00.000Z';
const at = (seconds: number) => Date.parse(started) + seconds * 1000;

describe('run progress in the runs list', () => {
  it('counts fits when known, tasks otherwise', () => {
    expect(progressFigures({ status: 'running', startedAt: started, tasksDone: 1, tasksTotal: 2, fitsDone: 14, fitsTotal: 428 })).toEqual({ value: 14, max: 428, text: '14/428 fits · 1/2 tasks' });
    expect(progressFigures({ status: 'queued', startedAt: null, tasksDone: 0, tasksTotal: 2 })).toEqual({ value: 0, max: 2, text: '0/2 tasks' });
  });

  it('time left is elapsed / fits done x fits left, and never ~0 while fits remain', () => {
    // 100 of 400 fits in 60 s: 300 left at 0.6 s each = 180 s
    expect(timeLeft({ status: 'running', startedAt: started, tasksDone: 0, tasksTotal: 2, fitsDone: 100, fitsTotal: 400 }, at(60))).toBe('~3 min 0 s');
    expect(timeLeft({ status: 'running', startedAt: started, tasksDone: 0, tasksTotal: 2, fitsDone: 0, fitsTotal: 400 }, at(60))).toBe('–');
    expect(timeLeft({ status: 'running', startedAt: started, tasksDone: 2, tasksTotal: 2, fitsDone: 400, fitsTotal: 400 }, at(60))).toBe('–');
    expect(timeLeft({ status: 'succeeded', startedAt: started, tasksDone: 2, tasksTotal: 2, fitsDone: 100, fitsTotal: 400 }, at(60))).toBe('–');
  });
});
