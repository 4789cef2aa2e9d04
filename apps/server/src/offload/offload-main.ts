import { parentPort } from 'node:worker_threads';
import { OFFLOAD_JOBS, OffloadJobName } from './offload-jobs';
import { errorToWire } from './wire-error';

/** Job loop of a request-work thread (started by offload-entry.js): one message in, one answer out. */
parentPort!.on('message', async (msg: { id: number; job: OffloadJobName; input: unknown }) => {
  try {
    const value = await (OFFLOAD_JOBS[msg.job] as (input: unknown) => unknown)(msg.input);
    parentPort!.postMessage({ id: msg.id, value });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: errorToWire(e) });
  }
});
