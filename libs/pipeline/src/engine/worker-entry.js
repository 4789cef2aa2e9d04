'use strict';
// Entry of an engine worker thread: loads TypeScript through @swc-node/register's
// output (tsconfig paths resolved; persistent cache: libs/core/src/swc-cache), then the worker's message loop.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', '..', '..', '..', 'tsconfig.json');
require('../../../core/src/swc-cache/register'); // @swc-node/register's output through a persistent cache
require('./worker-main.ts');
