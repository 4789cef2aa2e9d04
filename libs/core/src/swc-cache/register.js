'use strict';
// Loads TypeScript in this thread through the persistent swc cache (require-hook.js); what bin/radsweep.js, the
// engine's and the server's worker entries require, and `node -r` takes. RADSWEEP_SWC_CACHE=0 uses plain
// @swc-node/register instead; RADSWEEP_SWC_CACHE_DIR moves the cache.
const path = require('node:path');

process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', '..', '..', '..', 'tsconfig.json');
if (process.env.RADSWEEP_SWC_CACHE === '0') require('@swc-node/register');
else require('./require-hook').installRequireHook({ dir: process.env.RADSWEEP_SWC_CACHE_DIR || undefined });
