import { parentPort } from 'node:worker_threads';
import { createChainParts } from './chain-factory';
import { serializeError } from './executor';
import { IdleCacheRelease } from './idle-cache-release';
import { PreparedFold } from './prepare-fold';
import { sharePreparedFold } from './shared-memory';
import { FitResult, GroupFitOutcome, WorkerRequest, WorkerResponse } from './worker-protocol';
import { WorkerState } from './worker-state';

/** Message loop of an engine worker (started by worker-entry.js). */
const port = parentPort;
if (!port) throw new Error('worker-main.ts must run in a worker thread');
const state = new WorkerState(createChainParts);
const idle = new IdleCacheRelease();

port.on('message', (msg: { id: number; request: WorkerRequest }) => {
  let response: WorkerResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    let value = state.handle(msg.request);
    if (msg.request.type === 'prepare') value = sharePreparedFold(value as PreparedFold);
    const probas = msg.request.type === 'fit' ? [(value as FitResult).proba] : msg.request.type === 'fitGroup' ? (value as GroupFitOutcome[]).flatMap((o) => (o.ok ? [o.proba] : [])) : [];
    for (const proba of probas) {
      if (proba.buffer instanceof ArrayBuffer && proba.byteLength === proba.buffer.byteLength && !transfer.includes(proba.buffer)) transfer.push(proba.buffer);
    }
    response = { ok: true, value };
  } catch (e) {
    response = { ok: false, error: serializeError(e) };
  }
  port.postMessage({ id: msg.id, response }, transfer);
  idle.touched();
});
