import { RadSweepInputError } from '@radsweep/core';

/**
 * Runs `fn`; a RadSweepInputError whose message names a server-side temporary path
 * is re-thrown naming what the client sent instead (the uploaded file's name, 'spec').
 */
export async function renamingPaths<T>(paths: Record<string, string>, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof RadSweepInputError)) throw e;
    let message = e.message;
    for (const [path, shown] of Object.entries(paths)) message = message.split(path).join(shown);
    throw new RadSweepInputError(message);
  }
}
