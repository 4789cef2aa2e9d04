import { parentPort } from 'node:worker_threads';
import { extractCase, type CaseParams } from './extract-case';
import type { ManifestCase } from './manifest';

/** Message loop of an extraction worker (started by extract-worker-entry.js): one case per message. */
const port = parentPort;
if (!port) throw new Error('extract-worker.ts must run in a worker thread');
port.on('message', (msg: { index: number; case: ManifestCase; params: CaseParams }) => {
  port.postMessage({ index: msg.index, result: extractCase(msg.case, msg.params) });
});
