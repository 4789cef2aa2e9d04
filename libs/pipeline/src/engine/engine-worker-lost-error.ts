/**
 * An engine worker thread crashed or exited while it held tasks: the pool cannot
 * finish the run. A distinct class so a model's own failure (recorded against its
 * configuration) is never confused with losing the pool (which stops the run).
 */
export class EngineWorkerLostError extends Error {
  override readonly name = 'EngineWorkerLostError';
}
