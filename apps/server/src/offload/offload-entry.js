'use strict';
// Entry of a request-work thread: loads TypeScript through @swc-node/register's output
// (tsconfig paths resolved; persistent cache: libs/core/src/swc-cache), as the engine's worker-entry.js does, then the job loop.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', '..', '..', '..', 'tsconfig.json');
require('../../../../libs/core/src/swc-cache/register'); // @swc-node/register's output through a persistent cache
require('./offload-main.ts');
