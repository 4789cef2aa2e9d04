/**
 * The run was cancelled through `RunOptions.signal`: no results exist. A distinct
 * class so callers (the server's task runner) tell a cancel from a failure.
 */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';

  constructor(message = 'the run was cancelled') {
    super(message);
  }
}
