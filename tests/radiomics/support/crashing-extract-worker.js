'use strict';
// A stand-in extraction worker for tests: dies on the case with id "crash", answers the others with
// one feature (its index), as the real worker's protocol.
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (msg) => {
  if (msg.case.id === 'crash') process.exit(3);
  parentPort.postMessage({ index: msg.index, result: { id: msg.case.id, ok: true, features: { index: msg.index }, sha256: { image: '', mask: '' } } });
});
