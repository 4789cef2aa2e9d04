'use strict';
// Entry of a request-work thread: loads TypeScript through @swc-node/register
// (tsconfig paths resolved), as the engine's worker-entry.js does, then the job loop.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', '..', '..', '..', 'tsconfig.json');
require('@swc-node/register');
require('./offload-main.ts');
