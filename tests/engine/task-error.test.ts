import { describe, expect, it } from 'vitest';
import { CancelledError, EngineWorkerLostError } from '@radsweep/pipeline';
import { taskError } from '../../libs/pipeline/src/engine/fit-schedule';

describe('a failed fit vs a lost pool (typed, not matched on message text)', () => {
  it('records a model error against its configuration, whatever its text says', () => {
    expect(taskError(new Error('singular matrix'), 'fold 2')).toBe('fold 2: singular matrix');
    // A model message that merely reads like a crash is still the model's failure.
    expect(taskError(new Error('engine worker crashed: no, the model said so'), 'refit')).toBe('refit: engine worker crashed: no, the model said so');
  });

  it('rethrows a lost engine worker and a cancel, which stop the run', () => {
    const lost = new EngineWorkerLostError('engine worker exited with code 134');
    expect(() => taskError(lost, 'fold 1')).toThrow(lost);
    expect(() => taskError(new CancelledError(), 'fold 1')).toThrow(CancelledError);
  });
});
