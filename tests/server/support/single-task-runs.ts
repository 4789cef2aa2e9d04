import { afterAll, beforeAll } from 'vitest';

/**
 * Runs launched while the calling file's tests run take the single-task path (RADSWEEP_TWO_STAGE=0: one
 * task per feature set), which is what such a file asserts (its tasks, their fit counts, a cancel or a
 * kill mid-task). The two-stage default is covered by two-stage*.test.ts.
 */
export function useSingleTaskRuns(): void {
  const previous = process.env.RADSWEEP_TWO_STAGE;
  beforeAll(() => {
    process.env.RADSWEEP_TWO_STAGE = '0';
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.RADSWEEP_TWO_STAGE;
    else process.env.RADSWEEP_TWO_STAGE = previous;
  });
}
