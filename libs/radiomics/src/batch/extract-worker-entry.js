'use strict';
// Entry of an extraction worker thread: loads TypeScript through @swc-node/register (tsconfig paths
// resolved), then the worker's message loop.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', '..', '..', '..', 'tsconfig.json');
require('@swc-node/register');
require('./extract-worker.ts');
